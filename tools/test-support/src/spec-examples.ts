import { readFileSync } from "node:fs";
import { parse } from "yaml";

/** One example of an operation's JSON 2xx response, as the spec gives it. */
export interface ResponseExample {
  operationId: string;
  status: string;
  name: string;
  value: unknown;
}

/** Every JSON example of every 2xx response of an OpenAPI spec, `$ref`s resolved. */
export function responseExamples(specUrl: URL): ResponseExample[] {
  const spec = parse(readFileSync(specUrl, "utf8"));
  const resolve = (node: any): any => (node?.$ref ? resolve(node.$ref.split("/").slice(1).reduce((n: any, k: string) => n[k], spec)) : node);
  const out: ResponseExample[] = [];
  for (const item of Object.values(spec.paths as Record<string, Record<string, any>>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      for (const [status, raw] of Object.entries(op.responses as Record<string, unknown>)) {
        if (!status.startsWith("2")) continue;
        const json = resolve(raw).content?.["application/json"];
        if (!json) continue;
        if (json.example !== undefined) out.push({ operationId: op.operationId, status, name: "example", value: json.example });
        for (const [name, example] of Object.entries(json.examples ?? {})) out.push({ operationId: op.operationId, status, name, value: resolve(example).value });
      }
    }
  }
  return out;
}

/**
 * The leaves of `value` that a response shape (see `Shape` in @parley/core) types, with their
 * path as `checkShape` names it and the type it expects.
 */
export function typedLeaves(value: unknown, shape: unknown, path = ""): { path: string; type: string }[] {
  if (typeof shape === "function") return typedLeaves(value, shape(), path);
  if (typeof shape === "string") return value === undefined || shape === "any" ? [] : [{ path, type: shape }];
  if (Array.isArray(shape)) return Array.isArray(value) ? value.flatMap((item, i) => typedLeaves(item, shape[0], `${path}[${i}]`)) : [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return Object.entries(shape as Record<string, unknown>).flatMap(([key, inner]) => {
    const name = key.endsWith("?") ? key.slice(0, -1) : key;
    return typedLeaves((value as Record<string, unknown>)[name], inner, path ? `${path}.${name}` : name);
  });
}

/** A copy of `value` with the leaf at `path` (as `typedLeaves` gives it) replaced by `replacement`. */
export function replaceAt(value: unknown, path: string, replacement: unknown): unknown {
  const copy = structuredClone(value);
  const keys = path.match(/[^.[\]]+/g) ?? [];
  let node: any = copy;
  for (const key of keys.slice(0, -1)) node = node[key];
  node[keys.at(-1)!] = replacement;
  return copy;
}
