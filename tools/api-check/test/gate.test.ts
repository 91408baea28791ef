// The release gate on a copy of the repository: a spec loses an operation and an SDK a public
// method; a `patch` changeset fails the gate naming both, a `major` one passes it.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const cli = path.join(here, "../bin/parley-api-check.mjs");
const PACKAGES = ["agent-api", "conversation", "core", "headless", "web-chat"];

let copy: string;

function run(command: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, command, "--root", copy], { timeout: 600_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? -1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

// Today's repository state as the gate reads it: specs and their released copies, changesets,
// each package's manifest, built declarations and reports. node_modules is shared (read only).
function copyRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parley-api-check-"));
  for (const file of ["package.json", "redocly.yaml", "openapi", ".changeset", ".released"]) {
    fs.cpSync(path.join(repoRoot, file), path.join(dir, file), { recursive: true });
  }
  for (const name of PACKAGES) {
    for (const part of ["package.json", "dist", "api-report"]) {
      fs.cpSync(path.join(repoRoot, "packages", name, part), path.join(dir, "packages", name, part), { recursive: true });
    }
  }
  fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function setChangesets(bump: "patch" | "major"): void {
  const dir = path.join(copy, ".changeset");
  for (const file of fs.readdirSync(dir)) if (file.endsWith(".md") && file !== "README.md") fs.rmSync(path.join(dir, file));
  fs.writeFileSync(path.join(dir, "drop-after-hours.md"), `---\n"@parley/headless": ${bump}\n---\n\nDrop the after-hours message.\n`);
}

// Deletes the operation with this operationId from an OpenAPI spec (and its path, when emptied).
function deleteOperation(specFile: string, operationId: string): void {
  const doc = YAML.parseDocument(fs.readFileSync(specFile, "utf8"));
  const paths = doc.get("paths") as YAML.YAMLMap<YAML.Scalar<string>, YAML.YAMLMap>;
  const found = paths.items.flatMap((pathItem) =>
    pathItem.value!.items.filter((op) => op.value instanceof YAML.YAMLMap && op.value.get("operationId") === operationId).map((op) => ({ pathItem, op })),
  );
  expect(found).toHaveLength(1);
  const [{ pathItem, op }] = found as [(typeof found)[number]];
  pathItem.value!.delete(op.key);
  if (!pathItem.value!.items.some((item) => ["get", "put", "post", "delete", "patch"].includes(String((item.key as YAML.Scalar).value)))) {
    paths.delete(pathItem.key);
  }
  fs.writeFileSync(specFile, doc.toString());
}

// Deletes a method of an exported class from a package's published declarations, found with the
// compiler's parser: what a user compiles against loses exactly that member.
function deleteMethod(declarationFile: string, className: string, method: string): void {
  const text = fs.readFileSync(declarationFile, "utf8");
  const source = ts.createSourceFile(declarationFile, text, ts.ScriptTarget.Latest, true);
  const members = source.statements
    .filter(ts.isClassDeclaration)
    .filter((c) => c.name?.text === className)
    .flatMap((c) => c.members.filter((m) => ts.isMethodDeclaration(m) && m.name.getText(source) === method));
  expect(members.length).toBeGreaterThan(0);
  let result = text;
  for (const member of [...members].reverse()) result = result.slice(0, member.getFullStart()) + result.slice(member.end);
  fs.writeFileSync(declarationFile, result);
}

describe("npm run api:check on a copy of the repository", () => {
  beforeAll(async () => {
    copy = copyRepo();
    // The copy as just released: whatever main has pending, only the deletions below are changes.
    expect((await run("baseline")).code).toBe(0);
    deleteOperation(path.join(copy, "openapi/headless.yaml"), "getAfterHourMessage");
    for (const file of ["index.d.ts", "index.d.cts"]) deleteMethod(path.join(copy, "packages/headless/dist", file), "Client", "getMenus");
    setChangesets("patch");
  });
  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  it("fails while the committed API report is out of date, and says how to refresh it", async () => {
    const { code, out } = await run("check");
    expect(out).toContain("packages/headless/api-report/index.api.md is out of date with the built declarations");
    expect(out).toContain("npm run api:update");
    expect(code).toBe(1);
  });

  it("with the report refreshed and a patch changeset, fails naming the removed operation and method", async () => {
    const update = await run("update");
    expect(update.out).toContain("packages/headless/api-report/index.api.md");
    expect(fs.readFileSync(path.join(copy, "packages/headless/api-report/index.api.md"), "utf8")).not.toContain("getMenus(");

    const { code, out } = await run("check");
    expect(out).not.toContain("out of date");
    expect(out).toMatch(/major +openapi\/headless\.yaml: Path `\/company\/after_hour_message` was removed\. \(path-removed\)/);
    expect(out).toMatch(/major +packages\/headless\/api-report\/index\.api\.md: removed `Client\.getMenus`/);
    expect(out).toContain("✖ @parley/headless 0.0.0: major changes, need a minor release or more; pending changesets give patch");
    expect(out).toContain("@parley/headless: its major changes need a `minor` changeset or more (under 1.0.0 a breaking change needs `minor`; `major` releases 1.0.0); the pending changesets give `patch`.");
    expect(out).toContain("npm run changeset");
    expect(out).toContain("✓ @parley/web-chat 0.0.0: no API changes");
    expect(code).toBe(1);
  });

  it("refuses a publishable package that turbo would not build first, saying what to add", async () => {
    const extra = path.join(copy, "packages/extra");
    fs.mkdirSync(extra);
    fs.writeFileSync(path.join(extra, "package.json"), JSON.stringify({ name: "@parley/extra", version: "0.0.0", exports: {} }));
    try {
      const { code, out } = await run("check");
      expect(out).toContain(`add "@parley/extra": "0.0.0" to the devDependencies of tools/api-check/package.json`);
      expect(code).toBe(2);
    } finally {
      fs.rmSync(extra, { recursive: true, force: true });
    }
  });

  it("passes with a major changeset", async () => {
    setChangesets("major");
    const { code, out } = await run("check");
    expect(out).toContain("✓ @parley/headless 0.0.0: major changes, need a minor release or more; pending changesets give major");
    expect(out).toContain("removed `Client.getMenus`");
    expect(out).not.toContain("✖");
    expect(code).toBe(0);
  });
});
