// What a user gets from `npm install @parley/...`: every public package is packed with `npm pack`,
// the tarballs are installed into a fresh project in the OS temp folder (no workspace links), and
// the READMEs' examples run there from ESM, CommonJS, TypeScript (node16 and bundler resolution)
// and an esbuild browser bundle, against the mocks. Packed and installed once; the scripts then run
// under each supported Node version (20, 22, 24) on that same project.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startMock, type RunningMock } from "@parley/mock-server";
import { nodeRuntimes } from "@parley/test-support";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const fixtures = path.resolve(here, "../fixtures");
const tsc = path.join(path.dirname(require.resolve("typescript/package.json")), "bin/tsc");

let project: string;
let headless: RunningMock;
let agent: RunningMock;
let webChat: RunningMock;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  project = mkdtempSync(path.join(os.tmpdir(), "parley-consumer-"));
  const tarballs = path.join(project, "tarballs");
  mkdirSync(tarballs);
  const publicPackages = readdirSync(path.join(root, "packages")).filter(
    (dir) => !JSON.parse(readFileSync(path.join(root, "packages", dir, "package.json"), "utf8")).private,
  );
  const packed: string[] = [];
  for (const dir of publicPackages) {
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", tarballs], { cwd: path.join(root, "packages", dir) });
    packed.push(path.join(tarballs, (JSON.parse(stdout) as { filename: string }[])[0]!.filename));
  }
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "consumer", private: true, version: "1.0.0" }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...packed, "@types/node@^20", "ws@8.23.0", "@types/ws@8.18.2"], { cwd: project });
  for (const file of readdirSync(fixtures)) copyFileSync(path.join(fixtures, file), path.join(project, file));
  // One at a time, so that afterAll stops whatever did start.
  headless = await startMock("headless");
  agent = await startMock("agent-api");
  webChat = await startMock("web-chat");
  env = { ...process.env, HEADLESS_HOST: new URL(headless.url).origin, AGENT_URL: agent.url, WEB_CHAT_URL: webChat.url };
});

afterAll(async () => {
  await Promise.all([headless?.stop(), agent?.stop(), webChat?.stop()]);
  if (project) rmSync(project, { recursive: true, force: true });
});

async function node(file: string, executable: string) {
  const { stdout } = await run(executable, [file], { cwd: project, env });
  return JSON.parse(stdout.trim().split("\n").pop()!) as Record<string, unknown>;
}

describe("installed from the packed tarballs", () => {
  it("installs real copies, not links into the workspace", () => {
    const installed = path.join(project, "node_modules/@parley/headless/package.json");
    expect(path.relative(root, realpathSync(installed)).startsWith("..")).toBe(true);
    expect(readdirSync(path.join(project, "node_modules/@parley")).sort()).toEqual(["agent-api", "conversation", "core", "headless", "web-chat"]);
  });

  describe.each(nodeRuntimes())("under Node $major", ({ path: executable }) => {
    it("runs the README examples from an ES module", async () => {
      const result = await node("usage.mjs", executable);
      expect(result).toMatchObject({ chatId: 8812, rateLimitError: "function", account: "online", sent: "Hello", reply: "Re: Hello" });
      expect(result["menus"]).toBeGreaterThan(0);
      expect(result["conversations"]).toBeGreaterThan(0);
      expect(result["streamed"]).toBeGreaterThan(100);
    });

    it("runs from CommonJS, typed errors included", async () => {
      const result = await node("usage.cjs", executable);
      expect(result).toMatchObject({ chatId: 8812, validation: true });
      expect(result["streamed"]).toBeGreaterThan(100);
    });
  });

  it.each([
    ["node16", "es2022,dom", ["--module", "node16", "--moduleResolution", "node16"]],
    // A Node-only project has no DOM lib: the declarations may use only what @types/node declares.
    ["node16 without the DOM lib", "es2022", ["--module", "node16", "--moduleResolution", "node16"]],
    ["bundler", "es2022,dom", ["--module", "esnext", "--moduleResolution", "bundler"]],
  ])("type-checks the README examples under moduleResolution %s", async (_name, lib, flags) => {
    const args = [tsc, "--noEmit", "--strict", "--target", "es2022", "--lib", lib, "--types", "node", "--skipLibCheck", "false", ...flags, "usage.ts"];
    const result = await run(process.execPath, args, { cwd: project }).then(
      () => "",
      (error: { stdout?: string }) => error.stdout ?? "tsc failed",
    );
    expect(result).toBe("");
  });

  it("bundles for the browser with esbuild, and the bundle works", async () => {
    const out = path.join(project, "browser.bundle.mjs");
    const result = await build({
      entryPoints: [path.join(project, "browser.mjs")],
      absWorkingDir: project,
      bundle: true,
      platform: "browser",
      format: "esm",
      minify: true,
      outfile: out,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes("node_modules/@parley/headless/dist/index.js"))).toBe(true);
    expect(inputs.some((i) => i.startsWith("node:") || /^(fs|http|net|events)$/.test(i))).toBe(false);
    const { run: runBundle } = (await import(out)) as { run: (h: string, a: string) => Promise<{ company: string; streamed: number }> };
    const answer = await runBundle(env["HEADLESS_HOST"]!, env["AGENT_URL"]!);
    expect(answer.company).toBe("Acme Corp");
    expect(answer.streamed).toBeGreaterThan(100);
  });
});
