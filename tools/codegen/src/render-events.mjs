// Stage 4, render (AsyncAPI): events.ts from the transformed schema (json-schema-to-typescript,
// then our layout: no synthetic root, no "referenced by" notes, two-space indent), and the text of
// schemas.ts / schemas.json. Checks that every expected type came out and that none is `any`.
import { compile } from "json-schema-to-typescript";
import { EVENT_MAPS, ROOT_TYPE } from "./transform-events.mjs";

/** @typedef {import("./resolve-events.mjs").EventModel} EventModel */
/** @typedef {import("./transform-schemas.mjs").RuntimeSchemas} RuntimeSchemas */

/**
 * The generated-file header naming the spec.
 * @param {string} relSpec
 */
export function header(relSpec) {
  return `// Generated from ${relSpec} by parley-codegen. Do not edit.\n`;
}

/**
 * events.ts: one exported type per component schema and event map, then the wire names of the
 * client and server events as `as const` arrays.
 * @param {ReturnType<typeof import("./transform-events.mjs").eventTypesSchema>} root
 * @param {EventModel} model
 * @param {string} relSpec
 * @returns {Promise<string>}
 */
export async function renderEventsTs(root, model, relSpec) {
  // json-schema-to-typescript's JSONSchema type is narrower than a spec's schema (`tsType`, 3.1 types).
  let ts = await compile(/** @type {import("json-schema-to-typescript").JSONSchema} */ (root), ROOT_TYPE, {
    bannerComment: "",
    declareExternallyReferenced: true,
    unreachableDefinitions: true,
    strictIndexSignatures: true,
    unknownAny: true,
    format: false,
    additionalProperties: true, // respect each schema's own additionalProperties; open otherwise
  });
  ts = cleanup(ts);

  for (const name of [...Object.keys(root.definitions).filter((n) => !EVENT_MAPS.includes(n)), ...EVENT_MAPS]) {
    if (!new RegExp(`^export (interface|type) ${name.replace(/\$/g, "\\$")}\\b`, "m").test(ts)) {
      throw new Error(`internal: json-schema-to-typescript did not emit a type named ${name}`);
    }
  }
  if (/\bany\b/.test(ts.replace(/\/\*\*[\s\S]*?\*\//g, "").replace(/"(?:[^"\\]|\\.)*"/g, '""'))) {
    throw new Error("internal: generated TypeScript contains `any`");
  }

  /** @param {{ name: string }[]} list */
  const names = (list) => `[\n${list.map((e) => `  ${JSON.stringify(e.name)},`).join("\n")}\n] as const;`;
  return (
    `${header(relSpec)}/* eslint-disable */\n\n` +
    ts.trim() +
    "\n\n" +
    `/** The wire names of the events the client sends (${relSpec} \`send\` operations), in spec order. */\n` +
    `export const clientEventNames = ${names(model.client)}\n\n` +
    `/** The wire names of the events the server pushes (${relSpec} \`receive\` operations), in spec order. */\n` +
    `export const serverEventNames = ${names(model.server)}\n`
  );
}

/**
 * schemas.json (`json`) and schemas.ts (the same JSON as a typed constant).
 * @param {RuntimeSchemas} schemas
 * @param {string} relSpec
 * @returns {{ json: string, ts: string }}
 */
export function renderSchemas(schemas, relSpec) {
  const json = JSON.stringify(schemas, null, 2);
  const ts =
    header(relSpec) +
    "/* eslint-disable */\n" +
    "export const schemas: {\n  client: Record<string, object>;\n  acks: Record<string, object>;\n  server: Record<string, object>;\n} = " +
    json +
    ";\n";
  return { json: json + "\n", ts };
}

/**
 * Drop the synthetic root, json-schema-to-typescript's "referenced by" notes, and re-indent.
 * @param {string} ts
 */
function cleanup(ts) {
  ts = ts.replace(new RegExp(`export interface ${ROOT_TYPE} \\{\\s*\\}\\n?`), "");
  ts = ts.replace(/\/\*\*\n([\s\S]*?)\*\/\n/g, (_all, /** @type {string} */ body) => {
    const lines = body.split("\n").filter((l) => l.trim() !== "");
    const kept = [];
    for (let i = 0; i < lines.length; i++) {
      if (/^ \* This interface was referenced by `/.test(lines[i] ?? "")) {
        i++; // and the "via the `definition` ..." line
        continue;
      }
      kept.push(lines[i] ?? "");
    }
    while (kept.length && /^ \*\s*$/.test(kept[kept.length - 1] ?? "")) kept.pop();
    while (kept.length && /^ \*\s*$/.test(kept[0] ?? "")) kept.shift();
    return kept.length ? `/**\n${kept.map((l) => l.replace(/\s+$/, "")).join("\n")}\n */\n` : "";
  });
  // An open object (`additionalProperties: true`) gets an index signature with no comment of its own.
  ts = ts.replace(/^(\s*)(\[k: string\]: .*)$/gm, "$1/** The spec leaves this object open: fields beyond those above may be present. */\n$1$2");
  return indent(ts);
}

/**
 * Two-space indentation by bracket depth, a blank line before each top-level declaration.
 * @param {string} ts
 */
function indent(ts) {
  let depth = 0;
  /** @type {string[]} */
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
