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

/** What each example prints, line by line, exactly (only the ids the mocks make up are patterns). */
const expected: Record<string, RegExp[]> = {
  headless: [
    /^chat \d+: queued$/,
    /^end_user: Hi, I was charged twice for my last order\.$/,
    /^system: memberJoined$/,
    /^agent: Hi Alex, I'm Dana\. Let me look into that charge for you\.$/,
    /^end_user: hello world$/,
  ],
  "agent-api": [
    /^c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a Eva Atendimento$/,
    /^7d41b9c2-0e6a-4f8b-a3c5-2b9e8f1d6a07 Eva Atendimento$/,
    /^c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d1002 Eva Atendimento$/,
    new RegExp(`^${streamed.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`),
  ],
  "web-chat": [/^agents online$/, /^sent m_\w+$/, /^agent: Re: Hello$/],
  "web-chat-upload": [/^uploaded 0 of 24 bytes$/, /^uploaded 24 of 24 bytes$/, /^file message m_\w+ upload$/],
  conversation: [/^conversation conv-1: consumer c-1, agent 12345678\.a-1$/, /^ttr PRIORITIZED$/, /^answered conv-1; note truncated: false$/],
};

/** `stdout` matches `lines` exactly: as many lines, each matching its pattern. */
function expectLines(stdout: string, lines: RegExp[]): void {
  const printed = stdout.replace(/\n$/, "").split("\n");
  expect(printed, stdout).toHaveLength(lines.length);
  printed.forEach((line, i) => expect(line).toMatch(lines[i]!));
}
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
    const { stdout, stderr } = await run(node, [script], { cwd: here, env, timeout: 45_000, killSignal: "SIGKILL" });
    expectLines(stdout, expected[file.replace(/\.(mjs|ts)$/, "")]!);
    expect(stderr).toBe("");
  });
});

// What failed is printed (the SDK's `error` event and the rejection), and the exit code says so.
// (The .ts is the same code: see the twin test above.)
it("conversation.mjs with a token the server refuses prints the error and exits non-zero", async () => {
  const failure = await run(process.execPath, [path.join(here, "conversation.mjs")], { cwd: here, env: { ...env, LP_BEARER: "wrong-token" }, timeout: 45_000, killSignal: "SIGKILL" }).then(
    () => undefined,
    (error: { code?: number; stdout: string; stderr: string }) => error,
  );
  expect(failure?.code).toBe(1);
  expect(failure?.stdout).toBe("");
  expect(failure?.stderr).toMatch(/^error: AuthenticationClosedError: The server closed the connection for an authentication problem \(4401: Unauthorized\)\.$/m);
  expect(failure?.stderr).not.toContain("wrong-token");
});

// A server that is not the platform: it answers the WebSocket upgrade with a plain 200. The
// examples must end with the SDK's own typed error once the connect timeout (20 s) has passed, not
// with their own "nothing within 10 s" (their timers start only once connected), and clean up.
it.concurrent.each([
  ["web-chat.mjs", "SMARTSUPP_URL", "http"],
  ["conversation.mjs", "LP_MESSAGING_URL", "ws"],
])("%s against a server that is not a WebSocket ends with the SDK's ConnectionError", async (script, variable, scheme) => {
  const { createServer } = await import("node:http");
  const server = createServer((_request, response) => response.end("not a websocket"));
  // A plain http.Server ignores upgrades unless told: answer them with the same 200.
  server.on("upgrade", (_request, socket) => socket.end("HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as import("node:net").AddressInfo;
    const failure = await run(process.execPath, [path.join(here, script)], { cwd: here, env: { ...env, [variable]: `${scheme}://127.0.0.1:${port}` }, timeout: 45_000, killSignal: "SIGKILL" }).then(
      () => undefined,
      (error: { code?: number | string; signal?: string; stdout: string; stderr: string }) => error,
    );
    expect(failure?.signal).toBeFalsy(); // it ended by itself, not by the test's SIGKILL
    expect(failure?.code).toBe(1);
    expect(failure?.stdout).toBe("");
    expect(failure?.stderr).toMatch(/^error: ConnectionError: The server answered the WebSocket upgrade with HTTP 200, not 101\.$/m);
    expect(failure?.stderr).toMatch(/ConnectionError: Not connected within 20000 ms \(\d+ attempts?\)/);
    expect(failure?.stderr).not.toMatch(/within 10 s/);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}, 60_000);
