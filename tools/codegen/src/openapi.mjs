// OpenAPI 3.1 -> TypeScript types: openapi-typescript's output (its Node API: the CLI would insist
// on an output for the AsyncAPI entries of redocly.yaml too), with every operation of the
// `operations` map documented from the spec: resolve (resolve-operations.mjs) -> render
// (render-operations.mjs). openapi-typescript validates the spec; `redocly lint` lints it.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import YAML from "yaml";
import { documentOperations } from "./render-operations.mjs";
import { repoRelative } from "./repo.mjs";
import { resolveOperations } from "./resolve-operations.mjs";

/**
 * Write the types of the OpenAPI spec at `specPath` to `outFile` (its folder created if missing).
 * Resolves to the operation ids documented, in spec order.
 * @param {string} specPath
 * @param {string} outFile
 * @returns {Promise<{ file: string, operations: string[] }>}
 */
export async function generateOpenApi(specPath, outFile) {
  const absSpec = path.resolve(specPath);
  const operations = resolveOperations(YAML.parse(await readFile(absSpec, "utf8")));
  const ast = await openapiTS(pathToFileURL(absSpec));
  documentOperations(ast, operations);
  const file = path.resolve(outFile);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `// Generated from ${repoRelative(absSpec)} by openapi-typescript. Do not edit.\n\n${astToString(ast)}`);
  return { file, operations: operations.map((o) => o.operationId) };
}
