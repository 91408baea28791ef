// Stage 2, resolve (OpenAPI): every operation of the spec with its parameters, request body and
// responses, `$ref`s followed, for the JSDoc the OpenAPI renderer adds to openapi-typescript's
// `operations` map. Types themselves are openapi-typescript's job; this only reads documentation.
import { deref } from "./refs.mjs";

/** @typedef {import("./refs.mjs").SpecNode} SpecNode */

/**
 * @typedef {{ name: string, in: string, required: boolean, description?: string, schema?: SpecNode }} ParameterDoc
 * @typedef {{ name: string, description?: string, schema?: SpecNode }} HeaderDoc
 * @typedef {{ mediaType: string, schema?: string }} ContentDoc `schema`: the component a `$ref` names
 * @typedef {{ status: string, description?: string, content: ContentDoc[], headers: HeaderDoc[] }} ResponseDoc
 * @typedef {{
 *   operationId: string, method: string, path: string, summary?: string, description?: string,
 *   methods: string[], idempotent?: boolean, parameters: ParameterDoc[],
 *   requestBody?: { required: boolean, description?: string, content: ContentDoc[] },
 *   responses: ResponseDoc[],
 * }} OperationEntry
 */

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Every operation with an `operationId` in `doc.paths`, in spec order. Path-level parameters
 * apply unless the operation overrides them (same `name` and `in`).
 * @param {SpecNode} doc
 * @returns {OperationEntry[]}
 */
export function resolveOperations(doc) {
  /** @type {OperationEntry[]} */
  const out = [];
  for (const [pathName, rawItem] of Object.entries(doc.paths ?? {})) {
    const { value: item } = deref(doc, rawItem);
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op || typeof op.operationId !== "string") continue;
      /** @type {Map<string, ParameterDoc>} */
      const params = new Map();
      for (const raw of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const { value: p } = deref(doc, raw);
        params.set(`${p.in}:${p.name}`, {
          name: p.name,
          in: p.in,
          required: p.required === true,
          description: p.description,
          schema: p.schema && deref(doc, p.schema).value,
        });
      }
      const body = op.requestBody && deref(doc, op.requestBody).value;
      out.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path: pathName,
        summary: op.summary,
        description: op.description,
        methods: [op["x-parley-method"] ?? []].flat().map(String),
        idempotent: typeof op["x-parley-idempotent"] === "boolean" ? op["x-parley-idempotent"] : undefined,
        parameters: [...params.values()],
        requestBody: body
          ? { required: body.required === true, description: body.description, content: contentOf(body) }
          : undefined,
        responses: Object.entries(op.responses ?? {}).map(([status, raw]) => {
          const { value: r } = deref(doc, raw);
          return {
            status,
            description: r?.description,
            content: contentOf(r),
            headers: Object.entries(r?.headers ?? {}).map(([name, rawHeader]) => {
              const { value: h } = deref(doc, rawHeader);
              return { name, description: h?.description, schema: h?.schema && deref(doc, h.schema).value };
            }),
          };
        }),
      });
    }
  }
  return out;
}

/**
 * The media types of a request body or response, each with the component its schema `$ref`s.
 * @param {SpecNode} holder
 * @returns {ContentDoc[]}
 */
function contentOf(holder) {
  return Object.entries(holder?.content ?? {}).map(([mediaType, media]) => {
    const ref = media?.schema?.$ref;
    return typeof ref === "string" ? { mediaType, schema: ref.slice(ref.lastIndexOf("/") + 1) } : { mediaType };
  });
}
