// Every operation and event of every spec in redocly.yaml comes out of codegen with a JSDoc that
// carries the spec's words: for an OpenAPI operation its summary, each parameter and each error
// status; for an AsyncAPI event its summary (or description). Fails on any one that lacks it,
// including when the spec itself leaves an event undescribed.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { generate } from "../src/asyncapi.mjs";
import { generateOpenApi } from "../src/openapi.mjs";
import { resolveEvents } from "../src/resolve-events.mjs";
import { resolveOperations } from "../src/resolve-operations.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const apis: Record<string, { root: string; "x-openapi-ts"?: unknown; "x-parley-codegen"?: unknown }> =
  YAML.parse(readFileSync(path.join(repoRoot, "redocly.yaml"), "utf8")).apis;
const out = mkdtempSync(path.join(tmpdir(), "parley-docs-coverage-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The JSDoc text of each member of each interface named in `interfaces`, by interface then member name. */
function memberDocs(file: string, interfaces: string[]): Map<string, Map<string, string>> {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found = new Map<string, Map<string, string>>();
  for (const statement of source.statements) {
    if (!ts.isInterfaceDeclaration(statement) || !interfaces.includes(statement.name.text)) continue;
    const docs = new Map<string, string>();
    for (const member of statement.members) {
      if (!member.name || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) continue;
      const text = ts.getJSDocCommentsAndTags(member).map((d) => d.getText(source)).join("\n");
      docs.set(member.name.text, text.replace(/\n\s*\* ?/g, "\n"));
    }
    found.set(statement.name.text, docs);
  }
  return found;
}

/** `text` as it appears in a comment: one line per line, trimmed. */
const flat = (text: string) => text.trim().split("\n").map((l) => l.trim()).join("\n");

describe.each(Object.entries(apis).filter(([, e]) => e["x-openapi-ts"]))("OpenAPI %s", (name, entry) => {
  const spec = path.join(repoRoot, entry.root);
  const operations = resolveOperations(YAML.parse(readFileSync(spec, "utf8")));

  it("documents every operation with its summary, parameters and error responses", async () => {
    const file = path.join(out, `${name}.ts`);
    await generateOpenApi(spec, file);
    const docs = memberDocs(file, ["operations"]).get("operations");
    expect(operations.length).toBeGreaterThan(0);
    for (const op of operations) {
      const doc = flat(docs?.get(op.operationId) ?? "");
      expect(doc, `operations["${op.operationId}"] has no JSDoc`).not.toBe("");
      expect(op.summary, `${op.operationId}: the spec has no summary`).toBeTruthy();
      expect(doc).toContain(flat(op.summary ?? ""));
      for (const p of op.parameters) expect(doc, `${op.operationId}: parameter ${p.name}`).toMatch(new RegExp(`@param ${p.name} - \\(${p.in}, `));
      for (const r of op.responses.filter((r) => r.status === "default" || Number(r.status) >= 400)) {
        expect(doc, `${op.operationId}: error ${r.status}`).toContain(`@throws ${r.status} `);
      }
    }
  });
});

describe.each(Object.entries(apis).filter(([, e]) => e["x-parley-codegen"]))("AsyncAPI %s", (name, entry) => {
  const spec = path.join(repoRoot, entry.root);
  const model = resolveEvents(YAML.parse(readFileSync(spec, "utf8")), []);

  it("documents every client, server and SDK event with the spec's summary", async () => {
    const dir = path.join(out, name);
    await generate(spec, dir);
    const docs = memberDocs(path.join(dir, "events.ts"), ["ClientEvents", "ServerEvents", "SdkEvents"]);
    for (const [map, events] of [["ClientEvents", model.client], ["ServerEvents", model.server], ["SdkEvents", model.sdk]] as const) {
      expect(events.length, map).toBeGreaterThan(0);
      for (const event of events) {
        const doc = flat(docs.get(map)?.get(event.name) ?? "");
        expect(event.description, `${map}["${event.name}"]: the spec has no summary or description`).toBeTruthy();
        expect(doc, `${map}["${event.name}"]`).toContain(flat(event.description ?? ""));
        if (event.doc.operation) expect(doc).toContain(`Operation \`${event.doc.operation.id}\``);
      }
    }
  });
});
