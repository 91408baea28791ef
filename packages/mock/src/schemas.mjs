// The JSON Schemas the realtime mocks check every frame against: `{ client, acks, server }`, what
// tools/codegen writes to schemas.json for an AsyncAPI spec, bundled into this package.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

/**
 * Compiled validators of every event of a bundled schemas file, per direction, and the Ajv
 * instance behind them.
 * @param {string} file absolute path of a schemas.json
 */
export function loadValidators(file) {
  const schemas = JSON.parse(readFileSync(file, "utf8"));
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const compile = (group) => Object.fromEntries(Object.entries(group ?? {}).map(([event, schema]) => [event, ajv.compile(schema)]));
  return { ajv, schemas, client: compile(schemas.client), acks: compile(schemas.acks), server: compile(schemas.server) };
}
