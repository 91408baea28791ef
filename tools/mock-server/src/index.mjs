// Starts and stops Parley's mock servers. Everything binds to 127.0.0.1 on a free port and is
// stopped by PID: tests and `npm start` share this code.
import { spawn } from "node:child_process";
import http from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HOST, assertPortFree, freePort, listen } from "./net.mjs";
import { streamHandler } from "./stream.mjs";

export { HOST, assertPortFree, freePort };
import { startConversationMock } from "./conversation.mjs";
import { startWebChatMock } from "./web-chat.mjs";

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The OpenAPI specs Prism serves, by API name (the names in redocly.yaml), with their base paths. */
export const OPENAPI_SPECS = {
  headless: { spec: path.join(ROOT, "openapi/headless.yaml"), basePath: "/api/v2" },
  "agent-api": { spec: path.join(ROOT, "openapi/agent-api.yaml"), basePath: "" },
};

/** Every API a mock exists for: the OpenAPI ones (Prism) and the realtime ones. */
export const MOCKS = [...Object.keys(OPENAPI_SPECS), "web-chat", "conversation"];

/**
 * Starts Prism in mock mode on `spec` with `--errors` (an example that breaks its own schema is a
 * 500, a request the spec forbids is a 422). Resolves once it listens. Prism ignores the servers'
 * base path by design (stoplightio/prism#906), so with `basePath` a small front on `port` serves
 * `{basePath}/...` and forwards to Prism on a private port: clients use the real URL layout.
 * `handle(req, res)` lets the front answer a request itself (returning true), e.g. a stream.
 * With `hint`, the front answers GET / and GET {basePath} with the API's base URL and docs link.
 * @param {{ spec: string, basePath?: string, port?: number, timeoutMs?: number, dynamic?: boolean,
 *   handle?: (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => boolean,
 *   hint?: { api: string, docsUrl?: string } }} options
 */
export async function startPrism({ spec, basePath = "", port, timeoutMs = 120_000, dynamic = false, handle, hint }) {
  if (port !== undefined) await assertPortFree(port);
  if (!basePath && !handle && !hint) return spawnPrism({ spec, port, timeoutMs, dynamic });
  const prism = await spawnPrism({ spec, timeoutMs, dynamic });
  let front;
  try {
    // Port 0 lets the OS pick: no window for another process to take a port we probed.
    const rootHint = hint && { ...hint, spec: path.relative(ROOT, spec), basePath };
    front = await startFront({ port: port ?? 0, basePath, target: prism.port, handle, hint: rootHint });
  } catch (error) {
    await prism.stop();
    throw error;
  }
  const actual = front.address().port;
  return {
    url: `http://${HOST}:${actual}${basePath}`,
    port: actual,
    pid: prism.pid,
    stop: async () => {
      front.closeAllConnections?.();
      await new Promise((resolve) => front.close(() => resolve()));
      await prism.stop();
    },
  };
}

/**
 * Prism takes a port number, so a free one is probed first; another process may take it in
 * between (parallel test suites do), so a start that fails on a taken port is tried again.
 */
async function spawnPrism({ spec, port, timeoutMs, dynamic }) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnPrismOnce({ spec, port: port ?? (await freePort()), timeoutMs, dynamic });
    } catch (error) {
      if (port !== undefined || attempt >= 5 || !/EADDRINUSE|address already in use/i.test(error.message)) throw error;
    }
  }
}

async function spawnPrismOnce({ spec, port, timeoutMs, dynamic }) {
  const cli = path.join(path.dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist/index.js");
  const args = [cli, "mock", "--errors", "-h", HOST, "-p", String(port), ...(dynamic ? ["-d"] : []), spec];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  let output = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Prism did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve();
      }
    };
    function fail(error) {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    }
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => fail(new Error(`Prism exited with code ${code}:\n${output}`)));
  });
  // Keep draining its log so the pipe never fills; Prism logs every request.
  child.stdout.resume();
  child.stderr.resume();
  return { url: `http://${HOST}:${port}`, port, pid: child.pid, stop: () => stopChild(child) };
}

/** Serves `port`: `handle` first, then `{basePath}/x` forwarded to `/x` on the target port. */
function startFront({ port, basePath, target, handle, hint }) {
  const server = http.createServer((req, res) => {
    if (handle?.(req, res)) return;
    if (basePath && req.url !== basePath && !req.url.startsWith(`${basePath}/`) && !req.url.startsWith(`${basePath}?`)) {
      res.writeHead(404, { "content-type": "application/problem+json" });
      res.end(JSON.stringify({ title: "Not Found", status: 404, detail: `Paths of this API start with ${basePath}.` }));
      return;
    }
    const upstream = http.request(
      { host: HOST, port: target, method: req.method, path: req.url.slice(basePath.length) || "/", headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/problem+json" });
      res.end(JSON.stringify({ title: "Bad Gateway", status: 502, detail: "The Prism mock is not answering." }));
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 1000;
  return listen(server, port, HOST, hint);
}

/**
 * Starts the mock of one API by name: Prism, plus the streaming front where the spec streams.
 * GET / on it answers a hint with its base URL and `docsUrl` (the sandbox's reference page).
 */
export function startMock(name, { port, delayMs, docsUrl } = {}) {
  if (name === "web-chat") return startWebChatMock({ port, agentReplyDelayMs: delayMs ?? 20, docsUrl });
  if (name === "conversation") return startConversationMock({ port, notifyDelayMs: delayMs ?? 0, docsUrl });
  const entry = OPENAPI_SPECS[name];
  if (!entry) throw new Error(`Unknown API "${name}". Known: ${MOCKS.join(", ")}`);
  const handle = name === "agent-api" ? streamHandler(entry.spec, { delayMs }) : undefined;
  return startPrism({ ...entry, port, handle, hint: { api: name, docsUrl } });
}

/** Stops a child process by PID: SIGTERM, then SIGKILL after 3 s. */
export function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(child.pid, "SIGTERM");
  });
}
