// What `npm run release` relies on besides the gate: the oldest TypeScript the packages claim,
// and a changelog generator that can link changes (and says what it needs first).
import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkOldestTypeScript, oldestVersion } from "../src/oldest-typescript.mjs";
import { publishablePackages } from "../src/workspace.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../../..");
const cli = path.join(here, "../bin/parley-api-check.mjs");

function preflight(env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, "release-preflight"], { env, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? -1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

describe("oldest supported TypeScript", () => {
  it("compiles every entry point's published declarations with the version every package claims", async () => {
    const packages = publishablePackages(repoRoot);
    const [major, minor] = oldestVersion.split(".");
    for (const pkg of packages) expect(pkg.typescript, pkg.name).toBe(`>=${major}.${minor}`);
    const entries = packages.reduce((n, pkg) => n + pkg.entryPoints.length, 0);

    const result = await checkOldestTypeScript(repoRoot);
    expect(result.output).toBe(`✓ declarations compile with ${entries} entry points of ${packages.length} packages with TypeScript ${oldestVersion} (node16 ESM + CommonJS, bundler)`);
    expect(result.ok).toBe(true);
  });

  it("fails, naming the package, when a package claims another version than the one checked", async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "parley-oldest-ts-"));
    try {
      for (const name of fs.readdirSync(path.join(repoRoot, "packages"))) {
        fs.cpSync(path.join(repoRoot, "packages", name, "package.json"), path.join(copy, "packages", name, "package.json"));
      }
      const file = path.join(copy, "packages/headless/package.json");
      const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
      manifest.peerDependencies.typescript = ">=4.7";
      fs.writeFileSync(file, JSON.stringify(manifest));

      const result = await checkOldestTypeScript(copy);
      expect(result.ok).toBe(false);
      expect(result.output).toBe(`@parley/headless: peerDependencies.typescript is ">=4.7", the checked oldest TypeScript is ${oldestVersion}: state ">=${oldestVersion.split(".").slice(0, 2).join(".")}" (and peerDependenciesMeta.typescript.optional: true)`);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe("changelog generator", () => {
  const config = JSON.parse(fs.readFileSync(path.join(repoRoot, ".changeset/config.json"), "utf8"));
  const [generator, options] = config.changelog as [string, { repo: string }];

  it("links each change in the repository the packages name", async () => {
    const repository = JSON.parse(fs.readFileSync(path.join(repoRoot, "packages/core/package.json"), "utf8")).repository.url;
    expect(repository).toContain(`github.com/${options.repo}.git`);
    // changesets resolves the generator from .changeset/, as here.
    const require = createRequire(path.join(repoRoot, ".changeset/config.json"));
    const { default: changelog } = require(generator);
    const token = process.env.GITHUB_TOKEN;
    delete process.env.GITHUB_TOKEN;
    try {
      await expect(changelog.getReleaseLine({ id: "x", summary: "Fix", releases: [], commit: "abc1234" }, "patch", options)).rejects.toThrow(/GITHUB_TOKEN/);
    } finally {
      if (token !== undefined) process.env.GITHUB_TOKEN = token;
    }
  });

  it("npm run release stops before versioning when GITHUB_TOKEN is missing, and says why", async () => {
    const env = { ...process.env };
    delete env.GITHUB_TOKEN;
    const missing = await preflight(env);
    expect(missing.out).toContain("set GITHUB_TOKEN first");
    expect(missing.out).toContain("@changesets/changelog-github");
    expect(missing.code).toBe(1);

    const secret = "ghp_0123456789abcdefSECRET";
    const present = await preflight({ ...env, GITHUB_TOKEN: secret });
    expect(present.out).not.toContain(secret);
    expect(present.code).toBe(0);
  });
});
