#!/usr/bin/env node
// `npm run generate`: every API in redocly.yaml, regenerated from its spec.
//   OpenAPI entries with `x-openapi-ts.output`      -> openapi-typescript, operations documented
//   AsyncAPI entries with `x-parley-codegen.output` -> events.ts, schemas.json, schemas.ts
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { generate } from "../src/asyncapi.mjs";
import { generateOpenApi } from "../src/openapi.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/** @type {{ apis: Record<string, { root: string, "x-openapi-ts"?: { output?: string }, "x-parley-codegen"?: { output?: string } }> }} */
const { apis } = parse(readFileSync(path.join(root, "redocly.yaml"), "utf8"));
for (const [name, entry] of Object.entries(apis)) {
  const spec = path.join(root, entry.root);
  const started = Date.now();
  const openapiOut = entry["x-openapi-ts"]?.output;
  const asyncapiOut = entry["x-parley-codegen"]?.output;
  if (openapiOut) {
    await generateOpenApi(spec, path.join(root, openapiOut));
    console.log(`${name} -> ${openapiOut} [${Date.now() - started} ms]`);
  } else if (asyncapiOut) {
    await generate(spec, path.join(root, asyncapiOut));
    console.log(`${name} -> ${asyncapiOut}/ [${Date.now() - started} ms]`);
  }
}
