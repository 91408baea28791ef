// The doc comments codegen adds to what it generates: every event (AsyncAPI) and every operation
// (OpenAPI) documented from the spec's own words: summary, description, parameters with their
// type, bounds and units, the ack or responses, and the errors. Texts only; the render stages
// place them.

/** @typedef {import("./resolve-events.mjs").EventEntry} EventEntry */
/** @typedef {import("./resolve-operations.mjs").OperationEntry} OperationEntry */
/** @typedef {import("./refs.mjs").SpecNode} SpecNode */

/**
 * A spec text, trimmed; `undefined` when absent or blank.
 * @param {unknown} value
 * @returns {string | undefined}
 */
export function specText(value) {
  return typeof value === "string" && value.trim() ? value.trim() : undefined;
}

/** @param {string} s */
const code = (s) => `\`${s}\``;

/**
 * The SDK method(s) that use an operation, from `x-parley-method`.
 * @param {string[]} methods
 */
function sdkMethods(methods) {
  return methods.length ? `SDK method${methods.length > 1 ? "s" : ""} ${methods.map(code).join(", ")}` : undefined;
}

/**
 * The JSDoc text of an event (no comment markers): its one-line description first (the message's
 * summary, else the operation's), then every other text the spec gives it (message and operation
 * summary and description), the ack's meaning, and the operation and SDK methods behind it.
 * `undefined` when the spec says nothing at all.
 * @param {EventEntry} entry
 * @returns {string | undefined}
 */
export function eventDoc(entry) {
  const { doc } = entry;
  const first = specText(entry.description);
  /** @type {string[]} */
  const paragraphs = first ? [first] : [];
  for (const text of [doc.summary, doc.description, doc.operation?.summary, doc.operation?.description]) {
    const t = specText(text);
    if (t && !paragraphs.includes(t)) paragraphs.push(t);
  }
  /** @type {string[]} */
  const facts = doc.acks.map((a) => `Ack: ${specText(a) ?? ""}`);
  const op = doc.operation;
  if (op) {
    const methods = sdkMethods(op.methods);
    facts.push(`Operation ${code(op.id)} (\`${op.action}\`)${methods ? `; ${methods}` : ""}.`);
  }
  if (facts.length) paragraphs.push(facts.join("\n"));
  return paragraphs.length ? escapeComment(paragraphs.join("\n\n")) : undefined;
}

/**
 * The type, format, bounds, enum and default of a schema, as one phrase
 * (`integer, 1..100, default 25`).
 * @param {SpecNode} schema
 * @returns {string | undefined}
 */
export function schemaFacts(schema) {
  if (!schema || typeof schema !== "object") return undefined;
  /** @type {string[]} */
  const facts = [];
  const type = [schema.type ?? []].flat().join(" | ");
  if (type) facts.push(schema.format ? `${type} (${schema.format})` : type);
  else if (schema.format) facts.push(schema.format);
  if (Array.isArray(schema.enum)) facts.push(`one of ${schema.enum.map((/** @type {unknown} */ v) => code(JSON.stringify(v))).join(", ")}`);
  const range = (/** @type {unknown} */ min, /** @type {unknown} */ max, /** @type {string} */ unit) =>
    min !== undefined && max !== undefined ? `${min}..${max}${unit}`
      : min !== undefined ? `>= ${min}${unit}`
        : max !== undefined ? `<= ${max}${unit}` : undefined;
  for (const r of [
    range(schema.minimum, schema.maximum, ""),
    range(schema.minLength, schema.maxLength, " characters"),
    range(schema.minItems, schema.maxItems, " items"),
  ]) if (r) facts.push(r);
  if (schema.pattern) facts.push(`pattern ${code(schema.pattern)}`);
  if (schema.default !== undefined) facts.push(`default ${code(JSON.stringify(schema.default))}`);
  return facts.length ? facts.join(", ") : undefined;
}

/**
 * The JSDoc lines of an OpenAPI operation (no comment markers): summary, description, the
 * request line and SDK method(s) with the retry rule, `@param` per parameter and the body, the
 * success responses (`@returns`) and every error response (`@throws`, with headers such as
 * `Retry-After`).
 * @param {OperationEntry} op
 * @returns {string[]}
 */
export function operationDoc(op) {
  /** @type {string[]} */
  const lines = [];
  /** @param {string | undefined} text */
  const paragraph = (text) => {
    if (!text) return;
    if (lines.length) lines.push("");
    lines.push(...text.split("\n").map((l) => l.trimEnd()));
  };
  paragraph(specText(op.summary));
  paragraph(specText(op.description));
  const methods = sdkMethods(op.methods);
  const retry = op.idempotent === undefined ? undefined
    : op.idempotent ? "the SDK may send it again (`x-parley-idempotent: true`)"
      : "never sent again once it may have reached the server (`x-parley-idempotent: false`)";
  paragraph(`${code(`${op.method} ${op.path}`)}${methods ? `; ${methods}` : ""}${retry ? `; ${retry}` : ""}.`);

  const tags = [];
  for (const p of op.parameters) {
    const where = `${p.in}, ${p.required ? "required" : "optional"}`;
    const facts = schemaFacts(p.schema);
    tags.push(`@param ${p.name} - (${where}${facts ? `; ${facts}` : ""}) ${specText(p.description) ?? ""}`.trimEnd());
  }
  if (op.requestBody) {
    const b = op.requestBody;
    const media = contentFacts(b.content);
    tags.push(`@param body - (${b.required ? "required" : "optional"}${media ? `; ${media}` : ""}) ${specText(b.description) ?? ""}`.trimEnd());
  }
  for (const r of op.responses) {
    const isError = r.status === "default" || Number(r.status) >= 400;
    const desc = (specText(r.description) ?? "").replace(/\.$/, "");
    const media = r.content.length ? ` (${contentFacts(r.content)})` : "";
    const headers = r.headers.map((h) => {
      const facts = schemaFacts(h.schema);
      return ` Header ${code(h.name)}${facts ? ` (${facts})` : ""}${specText(h.description) ? `: ${specText(h.description)}` : "."}`;
    });
    tags.push(`${isError ? "@throws" : "@returns"} ${r.status}${desc ? ` ${desc}` : ""}${media}.${headers.join("")}`);
  }
  if (tags.length) lines.push("", ...tags.flatMap((t) => t.split("\n")));
  return lines.map(escapeComment);
}

/**
 * Media types with their schema's component: `` `application/json` `WaitTimeResponse` ``.
 * @param {import("./resolve-operations.mjs").ContentDoc[]} content
 */
function contentFacts(content) {
  return content.map((c) => (c.schema ? `${code(c.mediaType)} ${code(c.schema)}` : code(c.mediaType))).join(", ");
}

/**
 * `lines` as the text of a `/** ... *\/` comment for TypeScript's printer
 * (`ts.addSyntheticLeadingComment`, which adds the `/*` and `*\/`).
 * @param {string[]} lines
 */
export function commentText(lines) {
  return `*\n${lines.map((l) => (l ? ` * ${l}` : " *")).join("\n")}\n `;
}

/** @param {string} text a comment's text, with any `*\/` that would end it early broken up. */
function escapeComment(text) {
  return text.replace(/\*\//g, "*\\/");
}
