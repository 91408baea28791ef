// Every example, as a user would run it (`node examples/<name>.mjs`, `node examples/<name>.ts`),
// against the mocks, under each supported Node version: it must print what the README promises
// and end by itself (exit code 0, nothing left open). The .ts files run with Node's own type
// stripping from 22 on; under 20 they are transpiled by esbuild first. The README snippets and the
// .mjs twins are checked against the .ts files so that neither can drift.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startMock } from "@parley/mock";
import { nodeRuntimes } from "@parley/test-support";
import { transform } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { readmeBlocks, ROOT } from "../readme-sync.mjs";

const run = promisify(execFile);
const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const transpiled = path.join(here, ".parley");
const names = readdirSync(here).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && f !== "vitest.config.ts").map((f) => f.slice(0, -3));
const streamed = parse(readFileSync(path.join(ROOT, "openapi/agent-api.yaml"), "utf8")).paths["/conversation/stream/{idConversation}"].post.responses["200"].content["text/plain"].example as string;

/** What each example must print: lines of its output, by example name. */
const expected: Record<string, RegExp[]> = {
  headless: [/^chat \d+: \w+$/m],
  "agent-api": [/^[\w-]+ \S+/m, new RegExp(`^${streamed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m")],
  "web-chat": [/^agents (online|offline)$/m, /^sent \S+$/m, /^agent: Re: Hello$/m],
  "web-chat-upload": [/^uploaded (\d+) of \1 bytes$/m, /^file message \S+ upload$/m],
  conversation: [/^answered \S+; note truncated: (true|false)$/m],
};

const mocks: { url: string; close(): Promise<void> }[] = [];
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  // One at a time, so that afterAll stops whatever did start.
  for (const name of ["headless", "agent-api", "web-chat", "conversation"] as const) mocks.push(await startMock(name));
  const [headless, agent, webChat, conversation] = mocks as [(typeof mocks)[number], (typeof mocks)[number], (typeof mocks)[number], (typeof mocks)[number]];
  env = {
    ...process.env,
    HEADLESS_HOST: new URL(headless.url).origin,
    EVAGPT_BASE_URL: agent.url,
    SMARTSUPP_URL: webChat.url,
    LP_MESSAGING_URL: conversation.url.replace(/^http/, "ws"),
    NODE_NO_WARNINGS: "1",
  };
  mkdirSync(transpiled, { recursive: true });
});

afterAll(async () => {
  await Promise.all(mocks.map((m) => m.close()));
});

it("has a .ts and a .mjs for every example, and an expectation for each", () => {
  expect(names.sort()).toEqual(Object.keys(expected).sort());
  for (const name of names) expect(readdirSync(here)).toContain(`${name}.mjs`);
});

it.each(names)("%s.mjs is %s.ts without its types", async (name) => {
  const strip = async (file: string, loader: "ts" | "js") => (await transform(readFileSync(path.join(here, file), "utf8"), { loader, format: "esm" })).code;
  expect(await strip(`${name}.mjs`, "js")).toBe(await strip(`${name}.ts`, "ts"));
});

it("every README example block is its file, and every example is shown", () => {
  const blocks = readmeBlocks();
  for (const block of blocks) expect(block.shown, `${block.readme} shows a stale ${block.example}: run \`npm run readme -w examples\``).toBe(block.current);
  expect(new Set(blocks.map((b) => b.example))).toEqual(new Set(names.map((n) => `examples/${n}.ts`)));
  // The root README shows each package's main example.
  expect(blocks.filter((b) => b.readme === "README.md").map((b) => b.example).sort()).toEqual(
    ["agent-api", "conversation", "headless", "web-chat"].map((n) => `examples/${n}.ts`),
  );
});

describe.each(nodeRuntimes())("under Node $major", ({ major, path: node }) => {
  it.concurrent.each(names.flatMap((name) => [`${name}.mjs`, `${name}.ts`]))("%s runs to its end", async (file) => {
    let script = path.join(here, file);
    if (file.endsWith(".ts") && Number(major) < 22) {
      script = path.join(transpiled, file.replace(/\.ts$/, ".mjs"));
      writeFileSync(script, (await transform(readFileSync(path.join(here, file), "utf8"), { loader: "ts", format: "esm" })).code);
    }
    // A deadline, not a speed check: a script that never ends (a socket left open) fails here.
    const { stdout } = await run(node, [script], { cwd: here, env, timeout: 45_000, killSignal: "SIGKILL" });
    for (const line of expected[file.replace(/\.(mjs|ts)$/, "")]!) expect(stdout).toMatch(line);
  });
});
