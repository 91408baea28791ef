// The JSON Schemas the realtime mocks validate every frame against: `{client, acks, server}`, what
// tools/codegen writes to schemas.json for an AsyncAPI spec.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { generate } from "../../codegen/src/asyncapi.mjs";

const cache = new Map();

/**
 * The schemas of `spec`: those `npm run generate` wrote to `built` when they are newer than the
 * spec (turbo generates before testing; generating again costs seconds on a loaded machine), else
 * generated now, once per process.
 */
export function loadEventSchemas(spec, built) {
  if (built && existsSync(built) && statSync(built).mtimeMs >= statSync(spec).mtimeMs) {
    return Promise.resolve(JSON.parse(readFileSync(built, "utf8")));
  }
  if (!cache.has(spec)) cache.set(spec, generateInto(spec));
  return cache.get(spec);
}

async function generateInto(spec) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "parley-schemas-"));
  try {
    await generate(spec, dir);
    return JSON.parse(readFileSync(path.join(dir, "schemas.json"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Compiled validators of every event of `spec`, per direction, and the Ajv instance behind them. */
export async function loadValidators(spec, built) {
  const schemas = await loadEventSchemas(spec, built);
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const compile = (group) => Object.fromEntries(Object.entries(group ?? {}).map(([event, schema]) => [event, ajv.compile(schema)]));
  return { ajv, schemas, client: compile(schemas.client), acks: compile(schemas.acks), server: compile(schemas.server) };
}
