// AsyncAPI 3.0 -> TypeScript event maps + self-contained JSON Schemas.
//
// Everything is driven by the spec: operations (action send/receive), the messages they
// reference (wire event name = message `name`, falling back to the message key), their
// `reply` (the ack), `components.schemas`, and the `x-parley-client-events` extension.
// Nothing here knows about any particular API.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Parser, DiagnosticSeverity } from "@asyncapi/parser";
import { compile } from "json-schema-to-typescript";
import YAML from "yaml";

const ROOT_TYPE = "ParleyCodegenRoot";
const EVENT_MAPS = ["ClientEvents", "ServerEvents", "SdkEvents"];
const COMPONENT_PREFIX = "#/components/schemas/";

/** Thrown for an invalid spec; `diagnostics` holds the parser's errors (with `.path`). */
export class SpecError extends Error {
  constructor(message, diagnostics = []) {
    super(message);
    this.name = "SpecError";
    this.diagnostics = diagnostics;
  }
}

/**
 * Validate `specPath` with @asyncapi/parser and write events.ts, schemas.json and schemas.ts
 * into `outDir`. Resolves to `{ files, warnings, clientEvents, serverEvents, sdkEvents }`.
 */
export async function generate(specPath, outDir) {
  const absSpec = path.resolve(specPath);
  const text = await readFile(absSpec, "utf8");

  await validate(text, absSpec);
  const doc = YAML.parse(text);

  const warnings = [];
  const model = collect(doc, warnings);
  const relSpec = path.relative(findRepoRoot(absSpec), absSpec).split(path.sep).join("/");

  const eventsTs = await renderEventsTs(doc, model, relSpec);
  const schemas = buildRuntimeSchemas(doc, model);
  const header = `// Generated from ${relSpec} by parley-codegen. Do not edit.\n`;
  const json = JSON.stringify(schemas, null, 2);
  const schemasTs =
    header +
    "/* eslint-disable */\n" +
    "export const schemas: {\n  client: Record<string, object>;\n  acks: Record<string, object>;\n  server: Record<string, object>;\n} = " +
    json +
    ";\n";

  await mkdir(outDir, { recursive: true });
  const files = {
    events: path.join(outDir, "events.ts"),
    schemasJson: path.join(outDir, "schemas.json"),
    schemasTs: path.join(outDir, "schemas.ts"),
  };
  await writeFile(files.events, eventsTs);
  await writeFile(files.schemasJson, json + "\n");
  await writeFile(files.schemasTs, schemasTs);

  return {
    files,
    warnings,
    clientEvents: model.client.map((e) => e.name),
    serverEvents: model.server.map((e) => e.name),
    sdkEvents: model.sdk.map((e) => e.name),
  };
}

// ---------------------------------------------------------------------------------------------
// Validation

async function validate(text, absSpec) {
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(text, { source: absSpec });
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  if (errors.length > 0 || !document) {
    const lines = (errors.length ? errors : diagnostics).map(formatDiagnostic);
    throw new SpecError(
      `${absSpec}: AsyncAPI validation failed with ${errors.length} error(s):\n${lines.join("\n")}`,
      errors,
    );
  }
  const version = document.version();
  if (!String(version).startsWith("3.")) {
    throw new SpecError(`${absSpec}: expected AsyncAPI 3.x, got ${version}`);
  }
}

function formatDiagnostic(d) {
  const where = Array.isArray(d.path) && d.path.length ? `/${d.path.join("/")}` : "(root)";
  const line = d.range?.start ? ` (line ${d.range.start.line + 1})` : "";
  return `  ${where}${line}: ${d.message}${d.code ? ` [${d.code}]` : ""}`;
}

function findRepoRoot(file) {
  let dir = path.dirname(file);
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(path.join(dir, ".git"))) return dir;
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, "utf8")).workspaces) return dir;
      } catch {
        // not JSON we care about
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

// ---------------------------------------------------------------------------------------------
// Walking the raw document (local $refs only; the parser already validated everything)

function pointerGet(doc, ref) {
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

/** Follow a chain of $refs; returns the target and the last key it was reached by. */
function deref(doc, node, key) {
  const seen = new Set();
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    if (seen.has(node.$ref)) throw new SpecError(`circular $ref ${node.$ref}`);
    seen.add(node.$ref);
    ({ value: node, key } = pointerGet(doc, node.$ref));
  }
  return { value: node, key };
}

function eventName(doc, msgRef) {
  const { value: msg, key } = deref(doc, msgRef);
  return { name: typeof msg?.name === "string" ? msg.name : key, message: msg ?? {} };
}

function opMessages(doc, op) {
  let list = op.messages;
  if (!Array.isArray(list) || list.length === 0) {
    // AsyncAPI 3: omitting `messages` means "all messages of the channel".
    const { value: channel } = deref(doc, op.channel);
    list = Object.entries(channel?.messages ?? {}).map(([k, m]) =>
      m && m.$ref ? m : { $ref: `${refOf(op.channel)}/messages/${escapePointer(k)}` },
    );
  }
  return list;
}

function refOf(node) {
  if (!node || typeof node.$ref !== "string") throw new SpecError("operation channel must be a $ref");
  return node.$ref;
}

function escapePointer(s) {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The message's payload schema (raw, may be a $ref), or undefined. Multi-format payloads unsupported. */
function payloadOf(message, where) {
  let p = message.payload;
  if (p && typeof p === "object" && "schemaFormat" in p && "schema" in p) {
    if (!/json|asyncapi/i.test(String(p.schemaFormat))) {
      throw new SpecError(`${where}: unsupported schemaFormat ${p.schemaFormat}`);
    }
    p = p.schema;
  }
  return p;
}

function collect(doc, warnings) {
  const client = [];
  const server = [];
  const byName = { client: new Map(), server: new Map() };

  for (const [opId, rawOp] of Object.entries(doc.operations ?? {})) {
    const { value: op } = deref(doc, rawOp);
    if (op.action !== "send" && op.action !== "receive") continue;
    const side = op.action === "send" ? "client" : "server";
    const where = `operations/${opId}`;

    let ack;
    if (side === "client") {
      const flag = op["x-parley-ack"];
      const reply = op.reply ? deref(doc, op.reply).value : undefined;
      const replyMsgs = reply?.messages?.length
        ? reply.messages
        : reply?.channel
          ? opMessages(doc, { channel: reply.channel })
          : [];
      if (flag === undefined) warnings.push(`${where}: send operation has no x-parley-ack`);
      if (flag === true && replyMsgs.length === 0)
        warnings.push(`${where}: x-parley-ack is true but there is no reply message (ack typed never)`);
      if (flag === false && replyMsgs.length > 0)
        warnings.push(`${where}: x-parley-ack is false but a reply is declared (ack typed never)`);
      if (flag !== false && replyMsgs.length > 0) {
        ack = replyMsgs.map((m, i) => {
          const { message, name } = eventName(doc, m);
          return { name, payload: payloadOf(message, `${where}/reply/messages/${i}`) };
        });
      }
    }

    opMessages(doc, op).forEach((m, i) => {
      const { name, message } = eventName(doc, m);
      const entry = {
        name,
        operationId: opId,
        description: message.summary ?? message.description ?? op.summary ?? op.description,
        payload: payloadOf(message, `${where}/messages/${i}`),
        ack,
      };
      const seen = byName[side].get(name);
      if (seen) {
        if (JSON.stringify(seen.payload) !== JSON.stringify(entry.payload) ||
            JSON.stringify(seen.ack) !== JSON.stringify(entry.ack)) {
          throw new SpecError(`${where}: ${side} event "${name}" is also defined by operations/${seen.operationId} with a different payload/ack`);
        }
        return;
      }
      byName[side].set(name, entry);
      (side === "client" ? client : server).push(entry);
    });
  }

  const sdk = [];
  const ext = doc["x-parley-client-events"];
  if (ext !== undefined) {
    const entries = Array.isArray(ext)
      ? ext.map((e) => [e?.name, e])
      : Object.entries(ext ?? {});
    for (const [name, raw] of entries) {
      if (typeof name !== "string") throw new SpecError("x-parley-client-events: every entry needs a name");
      const { value: e } = deref(doc, raw);
      // Either a wrapper { payload, summary/description } or the payload schema itself.
      const isWrapper = e && typeof e === "object" && ("payload" in e || "summary" in e || "name" in e);
      sdk.push({
        name,
        description: isWrapper ? (e.summary ?? e.description) : undefined,
        payload: isWrapper ? e.payload : raw,
      });
    }
  }
  return { client, server, sdk };
}

// ---------------------------------------------------------------------------------------------
// Schema transforms

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
 * `opts.dropTitle`: remove `title`; `opts.rewriteRef(ref)`; always drops x-* and NON_JSON_SCHEMA_KEYS.
 */
function transform(schema, opts) {
  if (Array.isArray(schema)) return schema.map((s) => transform(s, opts));
  if (!schema || typeof schema !== "object") return schema;
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

function componentRefRewriter(doc) {
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

/** Names of component schemas referenced (transitively) from `schema`. */
function referencedComponents(doc, schema, acc = new Set()) {
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

// ---------------------------------------------------------------------------------------------
// schemas.json

function buildRuntimeSchemas(doc, model) {
  const rewriteRef = componentRefRewriter(doc);
  const selfContained = (schema) => {
    if (schema === undefined) return {};
    const names = [...referencedComponents(doc, schema)].sort();
    const root = transform(schema, { rewriteRef });
    if (names.length) {
      const defs = {};
      for (const n of names) defs[n] = transform(doc.components.schemas[n], { rewriteRef });
      root.definitions = { ...(root.definitions ?? {}), ...defs };
    }
    return root;
  };
  const union = (list) =>
    list.length === 1 ? list[0].payload : { anyOf: list.map((m) => m.payload ?? {}) };

  const out = { client: {}, acks: {}, server: {} };
  for (const e of model.client) {
    out.client[e.name] = selfContained(e.payload);
    if (e.ack) out.acks[e.name] = selfContained(union(e.ack));
  }
  for (const e of model.server) out.server[e.name] = selfContained(e.payload);
  return out;
}

// ---------------------------------------------------------------------------------------------
// events.ts

const TS_IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function aliasTarget(schema) {
  if (!schema || typeof schema.$ref !== "string" || !schema.$ref.startsWith(COMPONENT_PREFIX)) return undefined;
  const others = Object.keys(schema).filter((k) => k !== "$ref" && !k.startsWith("x-") && !["description", "title", "examples", "example", "deprecated", "externalDocs"].includes(k));
  return others.length ? undefined : schema.$ref.slice(COMPONENT_PREFIX.length);
}

async function renderEventsTs(doc, model, relSpec) {
  const components = doc.components?.schemas ?? {};
  for (const name of Object.keys(components)) {
    if (!TS_IDENT.test(name)) {
      throw new SpecError(`components/schemas/${name}: name is not a valid TypeScript identifier`);
    }
    if (EVENT_MAPS.includes(name) || name === ROOT_TYPE) {
      throw new SpecError(`components/schemas/${name}: name clashes with a generated type`);
    }
  }
  const rewriteRef = componentRefRewriter(doc);
  const forTs = (schema) =>
    schema === undefined ? { tsType: "undefined" } : transform(schema, { rewriteRef, dropTitle: true });
  const described = (schema, description) =>
    description ? { description, allOf: [schema] } : schema;
  const mapSchema = (props) => ({
    type: "object",
    additionalProperties: false,
    required: Object.keys(props),
    properties: props,
  });

  const definitions = {};
  for (const [name, schema] of Object.entries(components)) {
    // A pure alias (`X: { $ref: '#/components/schemas/Y' }`) would be swallowed by
    // json-schema-to-typescript (it emits Y only); declare it as `type X = Y` instead.
    const target = aliasTarget(schema);
    definitions[name] = target
      ? { tsType: target, ...(schema.description ? { description: schema.description } : {}) }
      : forTs(schema);
  }

  definitions.ClientEvents = mapSchema(
    Object.fromEntries(
      model.client.map((e) => [
        e.name,
        {
          ...(e.description ? { description: e.description } : {}),
          type: "object",
          additionalProperties: false,
          required: ["payload", "ack"],
          properties: {
            payload: forTs(e.payload),
            ack: e.ack
              ? e.ack.length === 1
                ? forTs(e.ack[0].payload)
                : { anyOf: e.ack.map((m) => forTs(m.payload)) }
              : { tsType: "never" },
          },
        },
      ]),
    ),
  );
  definitions.ServerEvents = mapSchema(
    Object.fromEntries(model.server.map((e) => [e.name, described(forTs(e.payload), e.description)])),
  );
  definitions.SdkEvents = mapSchema(
    Object.fromEntries(model.sdk.map((e) => [e.name, described(forTs(e.payload), e.description)])),
  );
  const descriptions = {
    ClientEvents: `Events the client sends (${relSpec} \`send\` operations): payload, and the ack's data (\`never\` when the server does not ack).`,
    ServerEvents: `Events the server pushes (${relSpec} \`receive\` operations), by wire name.`,
    SdkEvents: "SDK-level events (x-parley-client-events), by name.",
  };
  for (const k of EVENT_MAPS) definitions[k].description = descriptions[k];

  const root = { type: "object", additionalProperties: false, definitions };
  let ts = await compile(root, ROOT_TYPE, {
    bannerComment: "",
    declareExternallyReferenced: true,
    unreachableDefinitions: true,
    strictIndexSignatures: true,
    unknownAny: true,
    format: false,
    additionalProperties: true, // respect each schema's own additionalProperties; open otherwise
  });
  ts = cleanup(ts);

  for (const name of [...Object.keys(components), ...EVENT_MAPS]) {
    if (!new RegExp(`^export (interface|type) ${name.replace(/\$/g, "\\$")}\\b`, "m").test(ts)) {
      throw new Error(`internal: json-schema-to-typescript did not emit a type named ${name}`);
    }
  }
  if (/\bany\b/.test(ts.replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/"(?:[^"\\]|\\.)*"/g, '""'))) {
    throw new Error("internal: generated TypeScript contains `any`");
  }

  const names = (list) => `[\n${list.map((e) => `  ${JSON.stringify(e.name)},`).join("\n")}\n] as const;`;
  return (
    `// Generated from ${relSpec} by parley-codegen. Do not edit.\n/* eslint-disable */\n\n` +
    ts.trim() +
    "\n\n" +
    `export const clientEventNames = ${names(model.client)}\n\n` +
    `export const serverEventNames = ${names(model.server)}\n`
  );
}

/** Drop the synthetic root, json-schema-to-typescript's "referenced by" notes, and re-indent. */
function cleanup(ts) {
  ts = ts.replace(new RegExp(`export interface ${ROOT_TYPE} \\{\\s*\\}\\n?`), "");
  ts = ts.replace(/\/\*\*\n([\s\S]*?)\*\/\n/g, (_all, body) => {
    const lines = body.split("\n").filter((l) => l.trim() !== "");
    const kept = [];
    for (let i = 0; i < lines.length; i++) {
      if (/^ \* This interface was referenced by `/.test(lines[i])) {
        i++; // and the "via the `definition` ..." line
        continue;
      }
      kept.push(lines[i]);
    }
    while (kept.length && /^ \*\s*$/.test(kept[kept.length - 1])) kept.pop();
    while (kept.length && /^ \*\s*$/.test(kept[0])) kept.shift();
    return kept.length ? `/**\n${kept.map((l) => l.replace(/\s+$/, "")).join("\n")}\n */\n` : "";
  });
  return indent(ts);
}

function indent(ts) {
  let depth = 0;
  const out = [];
  for (const raw of ts.split("\n")) {
    const line = raw.trim();
    if (line === "") continue;
    const isComment = /^(\/\*\*|\*\/|\*)/.test(line);
    const code = isComment ? "" : line.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
    const leadingClose = (code.match(/^[}\])]+/) ?? [""])[0].length;
    const d = Math.max(0, depth - leadingClose);
    const prev = out[out.length - 1];
    // blank line before each top-level declaration (and its doc comment)
    if (d === 0 && prev !== undefined && (line.startsWith("/**") || (line.startsWith("export ") && prev.trim() !== "*/"))) {
      out.push("");
    }
    const text = isComment && !line.startsWith("/**") ? ` ${line}` : line;
    out.push("  ".repeat(d) + text);
    for (const ch of code) {
      if (ch === "{" || ch === "[" || ch === "(") depth++;
      else if (ch === "}" || ch === "]" || ch === ")") depth = Math.max(0, depth - 1);
    }
  }
  return out.join("\n");
}
