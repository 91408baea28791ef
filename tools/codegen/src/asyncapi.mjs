// AsyncAPI 3.0 -> TypeScript event maps + self-contained JSON Schemas, in four stages:
// validate (validate.mjs) -> resolve (resolve-events.mjs) -> transform (transform-schemas.mjs,
// transform-events.mjs) -> render (render-events.mjs). This file only reads the spec, runs the
// stages and writes the files. Everything is driven by the spec; nothing knows a particular API.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import YAML from "yaml";
import { renderEventsTs, renderSchemas } from "./render-events.mjs";
import { repoRelative } from "./repo.mjs";
import { resolveEvents } from "./resolve-events.mjs";
import { eventTypesSchema } from "./transform-events.mjs";
import { runtimeSchemas } from "./transform-schemas.mjs";
import { validateAsyncApi } from "./validate.mjs";

export { SpecError } from "./spec-error.mjs";

/**
 * @typedef {{
 *   files: { events: string, schemasJson: string, schemasTs: string },
 *   warnings: string[],
 *   clientEvents: string[], serverEvents: string[], sdkEvents: string[],
 * }} GenerateResult
 * `files`: the absolute paths written; `warnings`: non-fatal spec inconsistencies (e.g.
 * `x-parley-ack: true` without a reply); the event names per map, in spec order.
 */

/**
 * Validate the AsyncAPI 3.0 spec at `specPath` with @asyncapi/parser and write events.ts,
 * schemas.json and schemas.ts into `outDir` (created if missing). Rejects with a `SpecError`
 * (its `diagnostics` carry the parser's paths) for an invalid or unsupported spec.
 * @param {string} specPath
 * @param {string} outDir
 * @returns {Promise<GenerateResult>}
 */
export async function generate(specPath, outDir) {
  const absSpec = path.resolve(specPath);
  const text = await readFile(absSpec, "utf8");

  await validateAsyncApi(text, absSpec);
  const doc = YAML.parse(text);

  /** @type {string[]} */
  const warnings = [];
  const model = resolveEvents(doc, warnings);
  const relSpec = repoRelative(absSpec);

  const eventsTs = await renderEventsTs(eventTypesSchema(doc, model, relSpec), model, relSpec);
  const schemas = renderSchemas(runtimeSchemas(doc, model), relSpec);

  await mkdir(outDir, { recursive: true });
  const files = {
    events: path.join(outDir, "events.ts"),
    schemasJson: path.join(outDir, "schemas.json"),
    schemasTs: path.join(outDir, "schemas.ts"),
  };
  await writeFile(files.events, eventsTs);
  await writeFile(files.schemasJson, schemas.json);
  await writeFile(files.schemasTs, schemas.ts);

  return {
    files,
    warnings,
    clientEvents: model.client.map((e) => e.name),
    serverEvents: model.server.map((e) => e.name),
    sdkEvents: model.sdk.map((e) => e.name),
  };
}
