// Stage 3, transform (schemas): spec schemas copied keyword-aware into plain JSON Schema, with
// component `$ref`s rewritten to `#/definitions/*`, and the self-contained runtime schemas
// (schemas.json) the mocks and SDKs validate frames against.
import { SpecError } from "./spec-error.mjs";

/** @typedef {import("./refs.mjs").SpecNode} SpecNode */
/** @typedef {import("./resolve-events.mjs").EventModel} EventModel */
/** @typedef {{ client: Record<string, SpecNode>, acks: Record<string, SpecNode>, server: Record<string, SpecNode> }} RuntimeSchemas */

export const COMPONENT_PREFIX = "#/components/schemas/";

const SCHEMA_MAP_KEYS = new Set(["properties", "patternProperties", "definitions", "$defs", "dependentSchemas"]);
const SCHEMA_KEYS = new Set([
  "items", "additionalItems", "additionalProperties", "contains", "propertyNames", "not",
  "if", "then", "else", "unevaluatedProperties", "unevaluatedItems", "contentSchema",
]);
const SCHEMA_ARRAY_KEYS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
// AsyncAPI/OpenAPI-only keywords that mean nothing (or something else) to draft-07 validators.
const NON_JSON_SCHEMA_KEYS = new Set(["discriminator", "externalDocs", "xml", "example"]);

/**
 * Deep-copy a schema, keyword-aware (a *property* called "title" is not the title keyword).
 * `opts.dropTitle`: remove `title`; `opts.rewriteRef(ref)`; always drops x-* and the
 * AsyncAPI/OpenAPI-only keywords.
 * @param {SpecNode} schema
 * @param {{ rewriteRef: (ref: string) => string, dropTitle?: boolean }} opts
 * @returns {SpecNode}
 */
export function transform(schema, opts) {
  if (Array.isArray(schema)) return schema.map((s) => transform(s, opts));
  if (!schema || typeof schema !== "object") return schema;
  /** @type {Record<string, SpecNode>} */
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith("x-") || NON_JSON_SCHEMA_KEYS.has(k)) continue;
    if (k === "title" && opts.dropTitle) continue;
    if (k === "$ref" && typeof v === "string") out[k] = opts.rewriteRef(v);
    else if (SCHEMA_MAP_KEYS.has(k) && v && typeof v === "object")
      out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, transform(pv, opts)]));
    else if (SCHEMA_KEYS.has(k)) out[k] = transform(v, opts);
    else if (SCHEMA_ARRAY_KEYS.has(k) && Array.isArray(v)) out[k] = v.map((s) => transform(s, opts));
    else if (k === "dependencies" && v && typeof v === "object")
      out[k] = Object.fromEntries(
        Object.entries(v).map(([pk, pv]) => [pk, Array.isArray(pv) ? pv : transform(pv, opts)]),
      );
    else out[k] = structuredClone(v);
  }
  return out;
}

/**
 * A `rewriteRef` for `transform`: `#/components/schemas/X` -> `#/definitions/X` (X must exist);
 * any other `$ref` but `#/definitions/*` and `#` is a `SpecError`.
 * @param {SpecNode} doc
 * @returns {(ref: string) => string}
 */
export function componentRefRewriter(doc) {
  return (ref) => {
    if (ref.startsWith(COMPONENT_PREFIX)) {
      const name = ref.slice(COMPONENT_PREFIX.length);
      if (!doc.components?.schemas || !(name in doc.components.schemas)) {
        throw new SpecError(`$ref to missing component schema ${ref}`);
      }
      return `#/definitions/${name}`;
    }
    if (ref.startsWith("#/definitions/") || ref === "#") return ref;
    throw new SpecError(`unsupported $ref ${ref} in a schema (only ${COMPONENT_PREFIX}*)`);
  };
}

/**
 * Names of component schemas referenced (transitively) from `schema`.
 * @param {SpecNode} doc
 * @param {SpecNode} schema
 * @param {Set<string>} [acc]
 * @returns {Set<string>}
 */
export function referencedComponents(doc, schema, acc = new Set()) {
  /** @param {SpecNode} node */
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== "object") return;
    if (typeof node.$ref === "string" && node.$ref.startsWith(COMPONENT_PREFIX)) {
      const name = node.$ref.slice(COMPONENT_PREFIX.length);
      if (!acc.has(name)) {
        acc.add(name);
        const target = doc.components?.schemas?.[name];
        if (target === undefined) throw new SpecError(`$ref to missing component schema ${node.$ref}`);
        visit(target);
      }
    }
    for (const [k, v] of Object.entries(node)) {
      if (k === "enum" || k === "const" || k === "examples" || k === "default" || k.startsWith("x-")) continue;
      visit(v);
    }
  };
  visit(schema);
  return acc;
}

/**
 * schemas.json: per direction, each event's payload (and each ack's data) as a self-contained
 * draft-07 schema (the components it uses under `definitions`). An event without a payload gets `{}`.
 * @param {SpecNode} doc
 * @param {EventModel} model
 * @returns {RuntimeSchemas}
 */
export function runtimeSchemas(doc, model) {
  const rewriteRef = componentRefRewriter(doc);
  /** @param {SpecNode} schema */
  const selfContained = (schema) => {
    if (schema === undefined) return {};
    const names = [...referencedComponents(doc, schema)].sort();
    const root = transform(schema, { rewriteRef });
    if (names.length) {
      /** @type {Record<string, SpecNode>} */
      const defs = {};
      for (const n of names) defs[n] = transform(doc.components.schemas[n], { rewriteRef });
      root.definitions = { ...(root.definitions ?? {}), ...defs };
    }
    return root;
  };
  /** @param {{ payload: SpecNode }[]} list */
  const union = (list) =>
    list.length === 1 ? list[0]?.payload : { anyOf: list.map((m) => m.payload ?? {}) };

  /** @type {RuntimeSchemas} */
  const out = { client: {}, acks: {}, server: {} };
  for (const e of model.client) {
    out.client[e.name] = selfContained(e.payload);
    if (e.ack) out.acks[e.name] = selfContained(union(e.ack));
  }
  for (const e of model.server) out.server[e.name] = selfContained(e.payload);
  return out;
}
