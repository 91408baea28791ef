// What a user gets from `npm install @parley/...`: every public package is packed with `npm pack`,
// the tarballs are installed into a fresh project in the OS temp folder (no workspace links), and
// the READMEs' examples run there from ESM, CommonJS, TypeScript (node16 and bundler resolution)
// and an esbuild browser bundle, against the mocks. Packed and installed once; the scripts then run
// under each supported Node version (20, 22, 24) on that same project. There too, as a user's own
// tests would: a vitest suite and its jest twin on the installed @parley/mock (fixtures/mock/ and
// fixtures/mock-jest/, the README's "Testing your integration" snippets) and `npx parley-mock`,
// stopped by SIGTERM with no process left.
import { execFile, spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startMock, type AgentApiMock, type HeadlessMock, type WebChatMock } from "@parley/mock";
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
let headless: HeadlessMock;
let agent: AgentApiMock;
let webChat: WebChatMock;
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
  await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...packed, "@types/node@^20", "ws@8.23.0", "@types/ws@8.18.2", "vitest@4.1.12", "jest@30.5.2", "@jest/globals@30.5.2"], { cwd: project });
  for (const file of readdirSync(fixtures, { withFileTypes: true })) if (file.isFile()) copyFileSync(path.join(fixtures, file.name), path.join(project, file.name));
  for (const [from, to] of [["mock", "mock-tests"], ["mock-jest", "mock-jest-tests"]] as const) {
    mkdirSync(path.join(project, to));
    for (const file of mockTests(from)) copyFileSync(path.join(fixtures, from, file), path.join(project, to, file));
  }
  // One at a time, so that afterAll stops whatever did start.
  headless = await startMock("headless");
  agent = await startMock("agent-api");
  webChat = await startMock("web-chat");
  env = { ...process.env, HEADLESS_HOST: new URL(headless.url).origin, AGENT_URL: agent.url, WEB_CHAT_URL: webChat.url };
});

afterAll(async () => {
  await Promise.all([headless?.close(), agent?.close(), webChat?.close()]);
  if (project) rmSync(project, { recursive: true, force: true });
});

async function node(file: string, executable: string) {
  const { stdout } = await run(executable, [file], { cwd: project, env });
  return JSON.parse(stdout.trim().split("\n").pop()!) as Record<string, unknown>;
}

describe("the README snippets", () => {
  it('"Testing your integration" shows each fixtures/mock and fixtures/mock-jest file as it is, in the root and the package README', () => {
    for (const readme of ["README.md", "packages/mock/README.md"]) {
      const text = readFileSync(path.join(root, readme), "utf8");
      const shown = [...text.matchAll(/<!-- test: (tools\/consumer-test\/fixtures\/mock(?:-jest)?\/[\w-]+\.test\.mjs) -->\n```js\n([\s\S]*?)```/g)];
      const files = (["mock", "mock-jest"] as const).flatMap((dir) => mockTests(dir).map((f) => `tools/consumer-test/fixtures/${dir}/${f}`));
      expect(shown.map((m) => m[1]).sort(), readme).toEqual(files.sort());
      for (const [, file, block] of shown) expect(block, `${readme} shows a stale ${file}`).toBe(readFileSync(path.join(root, file!), "utf8"));
    }
  });
});

describe("installed from the packed tarballs", () => {
  it("installs real copies, not links into the workspace", () => {
    const installed = path.join(project, "node_modules/@parley/headless/package.json");
    expect(path.relative(root, realpathSync(installed)).startsWith("..")).toBe(true);
    expect(readdirSync(path.join(project, "node_modules/@parley")).sort()).toEqual(["agent-api", "conversation", "core", "headless", "mock", "web-chat"]);
  });

  it("the installed @parley/mock reads nothing outside itself: its specs and schemas are in the tarball", () => {
    const installed = path.join(project, "node_modules/@parley/mock");
    expect(readdirSync(path.join(installed, "dist/specs")).sort()).toEqual([
      "agent-api.yaml",
      "conversation.asyncapi.yaml",
      "conversation.schemas.json",
      "headless.yaml",
      "web-chat.asyncapi.yaml",
      "web-chat.schemas.json",
    ]);
    const sources = readdirSync(path.join(installed, "src"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".mjs"));
    for (const file of sources) expect(readFileSync(path.join(installed, "src", file), "utf8"), file).not.toMatch(/["'`]\.\.\/\.\.\/\.\.|["'`]@parley\/(codegen|mock-server)/);
  });

  it("runs a user's vitest suite on @parley/mock: every API, one forced fault each, zero violations", async () => {
    const vitest = path.join(project, "node_modules/vitest/vitest.mjs");
    const { stdout } = await run(process.execPath, [vitest, "run", "--dir", "mock-tests", "--reporter", "verbose", "--hookTimeout", "120000", "--testTimeout", "60000"], { cwd: project, env: { ...process.env, CI: "1", NO_COLOR: "1" } });
    for (const api of ["headless", "agent-api", "web-chat", "conversation"]) expect(stdout).toMatch(new RegExp(`✓ mock-tests/${api}\\.test\\.mjs > .+nothing broke the spec`));
    expect(stdout).toMatch(/Tests\s+4 passed \(4\)/);
  });

  it("runs the same suite under jest, as the README says to run it", async () => {
    const jest = path.join(project, "node_modules/jest/bin/jest.js");
    const args = ["--experimental-vm-modules", jest, "--ci", "--verbose", "--testTimeout", "120000", "mock-jest-tests"];
    // jest reports on stderr.
    const { stderr } = await run(process.execPath, args, { cwd: project, env: { ...process.env, CI: "1", NO_COLOR: "1" } });
    for (const api of ["headless", "agent-api", "web-chat", "conversation"]) expect(stderr).toMatch(new RegExp(`PASS mock-jest-tests/${api}\\.test\\.mjs`));
    expect(stderr.match(/✓ .+nothing broke the spec/g)).toHaveLength(4);
    expect(stderr).toMatch(/Tests:\s+4 passed, 4 total/);
  });

  it("runs `npx parley-mock headless --port <free>`; SIGTERM stops it and Prism, leaving no process behind", async () => {
    const port = await freePort();
    const child = spawn("npx", ["--no-install", "parley-mock", "headless", "--port", String(port)], { cwd: project, stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk;
          if (out.includes("\n")) resolve(out.split("\n")[0]!);
        });
        void exited.then(({ code }) => reject(new Error(`parley-mock exited with ${code} before it was ready`)));
      });
      expect(line).toMatch(new RegExp(`^headless mock ready at http://127\\.0\\.0\\.1:${port}/api/v2 \\(pid \\d+\\)$`));
      const company = await fetch(`http://127.0.0.1:${port}/api/v2/company`, { headers: { authorization: "Bearer consumer" } });
      expect(company.status).toBe(200);
      const tree = descendantsOf(child.pid!);
      expect(tree).toContain(Number(/\(pid (\d+)\)/.exec(line)![1])); // the mock's own pid, under npx
      expect(tree.length).toBeGreaterThan(1); // and Prism under it
      child.kill("SIGTERM");
      // npm exec passes the signal on to parley-mock, then ends by it itself.
      expect(await exited).toSatisfy(({ code, signal }: { code: number | null; signal: string | null }) => code === 0 || signal === "SIGTERM");
      await expect.poll(() => tree.filter(alive), { timeout: 15_000 }).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  describe.each(nodeRuntimes())("under Node $major", ({ path: executable }) => {
    it("runs the README examples from an ES module", async () => {
      const result = await node("usage.mjs", executable);
      expect(result).toMatchObject({ chatId: expect.any(Number), shown: true, rateLimitError: "function", account: "online", sent: "Hello", reply: "Re: Hello" });
      expect(result["menus"]).toBeGreaterThan(0);
      // Every page, each conversation once: as many as the first page's `total`.
      expect(result["conversations"]).toBe(result["total"]);
      expect(result["total"]).toBeGreaterThan(2);
      expect(result["streamed"]).toBeGreaterThan(100);
    });

    it("runs from CommonJS, typed errors included", async () => {
      const result = await node("usage.cjs", executable);
      expect(result).toMatchObject({ chatId: expect.any(Number), validation: true });
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

/** The user's test files of fixtures/mock/ (vitest) or fixtures/mock-jest/ (jest), one per API. */
function mockTests(dir: "mock" | "mock-jest"): string[] {
  return readdirSync(path.join(fixtures, dir)).filter((f) => f.endsWith(".test.mjs"));
}

/** A free TCP port on 127.0.0.1, for the CLI that must be told one. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Every process below `pid` (Linux /proc), so the test can check by PID that none is left. */
function descendantsOf(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // ended meanwhile
    }
  }
  const out: number[] = [];
  const walk = (parent: number) => {
    for (const [child, of] of parents) if (of === parent) out.push(child), walk(child);
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
