// Docstring coverage: every member this package exports has a JSDoc comment (found by @parley/test-support's
// undocumentedMembers, the TypeScript compiler API over src/index.ts, which tsup turns into dist/index.d.ts).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { undocumentedMembers } from "@parley/test-support";
import ts from "typescript";
import { expect, it } from "vitest";

const missing = undocumentedMembers(new URL("..", import.meta.url));

it("every exported member of the hand-written source has a docstring", () => {
  expect(missing.filter((m) => m.origin === "hand-written")).toEqual([]);
});

it("every exported member generated from the spec has a docstring", () => {
  expect(missing.filter((m) => m.origin === "generated")).toEqual([]);
});

it("the check finds exactly the undocumented members of a package (and fails on one deleted docstring)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-docstrings-"));
  try {
    fs.mkdirSync(path.join(dir, "src", "generated"), { recursive: true });
    fs.writeFileSync(path.join(dir, "src", "generated", "schema.ts"), "export interface Wire {\n  /** Documented. */\n  a: string;\n  b: number;\n}\n");
    fs.writeFileSync(
      path.join(dir, "src", "index.ts"),
      [
        'export type { Wire } from "./generated/schema.js";',
        "/** A documented class. */",
        "export class Documented {",
        "  /** A documented method. */",
        "  run(): void {}",
        "  bare(): void {}",
        "  #hidden(): void {}",
        "  private secret = 1;",
        "}",
        "export function undocumented(): void {}",
        "/** Events. */",
        'export interface Events {\n  /** Documented. */\n  "a.b": [];\n  "c.d": [];\n}',
      ].join("\n"),
    );
    expect(undocumentedMembers(dir).map((m) => `${m.origin} ${m.name}`).sort()).toEqual([
      "generated Wire",
      "generated Wire.b",
      "hand-written Documented.bare",
      'hand-written Events["c.d"]',
      "hand-written undocumented",
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// Client's methods are one-line delegates: their docstrings are all the user gets, so each says what
// it follows and how it fails, like the resource methods' do.
it("every method of Client names the vendor doc it follows and the errors it throws", () => {
  const file = new URL("../src/client.ts", import.meta.url);
  const source = ts.createSourceFile("client.ts", fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const client = source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === "Client");
  const methods = client!.members.filter((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.name.text !== "close");
  expect(methods.length).toBeGreaterThan(30);
  const weak = methods
    .map((m) => ({ name: (m.name as ts.Identifier).text, doc: ts.getJSDocCommentsAndTags(m).map((d) => d.getText()).join(" ").replace(/\s*\n\s*\*\s*/g, " ") }))
    .filter(({ name, doc }) => !doc.includes(`Vendor doc: "Headless web SDK API methods", \`${name}\``) || !/Error\b|rejects/i.test(doc))
    .map(({ name }) => name);
  expect(weak).toEqual([]);
});
