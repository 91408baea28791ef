#!/usr/bin/env node
// `npm run generate`: every API in redocly.yaml, regenerated from its spec.
//   OpenAPI entries with `x-openapi-ts.output`  -> openapi-typescript (its Node API: the CLI would
//                                                   insist on an output for AsyncAPI entries too)
//   AsyncAPI entries with `x-parley-codegen.output` -> events.ts, schemas.json, schemas.ts
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import { parse } from "yaml";
import { generate } from "../src/asyncapi.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const { apis } = parse(readFileSync(path.join(root, "redocly.yaml"), "utf8"));
for (const [name, entry] of Object.entries(apis)) {
  const spec = path.join(root, entry.root);
  const started = Date.now();
  if (entry["x-openapi-ts"]?.output) {
    const out = path.join(root, entry["x-openapi-ts"].output);
    const ast = await openapiTS(pathToFileURL(spec));
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `// Generated from ${entry.root} by openapi-typescript. Do not edit.\n\n${astToString(ast)}`);
    console.log(`${name} -> ${entry["x-openapi-ts"].output} [${Date.now() - started} ms]`);
  } else if (entry["x-parley-codegen"]?.output) {
    await generate(spec, path.join(root, entry["x-parley-codegen"].output));
    console.log(`${name} -> ${entry["x-parley-codegen"].output}/ [${Date.now() - started} ms]`);
  }
}
