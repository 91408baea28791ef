// Stoplight Prism as a child process: mock mode on one spec with `--errors` (a request the spec
// forbids is a 422; an example that breaks its own schema is a 500), on 127.0.0.1 and a free port,
// stopped by its PID.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { HOST, freePort } from "../net.mjs";

const require = createRequire(import.meta.url);

/**
 * Starts Prism on `spec`. Resolves once it listens. `exited` settles when the child ends, with
 * why (its code or signal); `stop()` ends it (SIGTERM, then SIGKILL after 3 s).
 * Prism takes a port number, so a free one is probed first; another process may take it in
 * between (parallel test suites do), so a start that fails on a taken port is tried again.
 * @param {{ spec: string, timeoutMs?: number }} options
 */
export async function startPrism({ spec, timeoutMs = 120_000 }) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnPrism({ spec, port: await freePort(), timeoutMs });
    } catch (error) {
      if (attempt >= 5 || !/EADDRINUSE|address already in use/i.test(error.message)) throw error;
    }
  }
}

async function spawnPrism({ spec, port, timeoutMs }) {
  const cli = path.join(path.dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist/index.js");
  const args = [cli, "mock", "--errors", "-h", HOST, "-p", String(port), spec];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve(signal ? `Prism (pid ${child.pid}) was stopped by ${signal}` : `Prism (pid ${child.pid}) exited with code ${code}`)));
  let output = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Prism did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes("Prism is listening")) {
        clearTimeout(timer);
        resolve(undefined);
      }
    };
    function fail(error) {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(error);
    }
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    exited.then((why) => fail(new Error(`${why}:\n${output}`)));
  });
  // Keep draining its log so the pipe never fills; Prism logs every request.
  child.stdout.resume();
  child.stderr.resume();
  return { port, pid: child.pid, exited, stop: () => stopChild(child) };
}

/**
 * Stops a child process by PID: SIGTERM, then SIGKILL after 3 s.
 * @param {import("node:child_process").ChildProcess} child
 * @returns {Promise<void>}
 */
export function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    process.kill(/** @type {number} */ (child.pid), "SIGTERM");
  });
}
