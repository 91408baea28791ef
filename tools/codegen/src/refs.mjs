// Local JSON-pointer `$ref`s in a parsed spec: followed, escaped and checked. Shared by the
// resolve stages of both spec kinds.
import { SpecError } from "./spec-error.mjs";

/**
 * A node of a parsed YAML spec. Its shape is whatever the spec says: the validate stage (or
 * openapi-typescript) has checked it against the AsyncAPI / OpenAPI schema before it is walked.
 * @typedef {any} SpecNode
 */

/**
 * The node a local `$ref` (`#/a/b~1c`) points at, and the last key of its path.
 * @param {SpecNode} doc
 * @param {unknown} ref
 * @returns {{ value: SpecNode, key: string | undefined }}
 */
export function pointerGet(doc, ref) {
  if (typeof ref !== "string" || !ref.startsWith("#")) {
    throw new SpecError(`only local $refs are supported, got ${JSON.stringify(ref)}`);
  }
  const parts = ref
    .slice(1)
    .split("/")
    .slice(1)
    .map((p) => decodeURIComponent(p).replace(/~1/g, "/").replace(/~0/g, "~"));
  let cur = doc;
  for (const p of parts) {
    if (cur == null || typeof cur !== "object" || !(p in cur)) {
      throw new SpecError(`unresolvable $ref ${ref}`);
    }
    cur = cur[p];
  }
  return { value: cur, key: parts[parts.length - 1] };
}

/**
 * Follow a chain of `$ref`s from `node`; returns the target and the last key it was reached by
 * (`key` when `node` is not a `$ref`). A cycle is a `SpecError`.
 * @param {SpecNode} doc
 * @param {SpecNode} node
 * @param {string} [key]
 * @returns {{ value: SpecNode, key: string | undefined }}
 */
export function deref(doc, node, key) {
  /** @type {Set<string>} */
  const seen = new Set();
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    if (seen.has(node.$ref)) throw new SpecError(`circular $ref ${node.$ref}`);
    seen.add(node.$ref);
    ({ value: node, key } = pointerGet(doc, node.$ref));
  }
  return { value: node, key };
}

/**
 * The `$ref` string of `node`, which must be a reference.
 * @param {SpecNode} node
 * @returns {string}
 */
export function refOf(node) {
  if (!node || typeof node.$ref !== "string") throw new SpecError("operation channel must be a $ref");
  return node.$ref;
}

/**
 * `s` escaped as one JSON-pointer segment (RFC 6901: `~` -> `~0`, `/` -> `~1`).
 * @param {string} s
 */
export function escapePointer(s) {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}
