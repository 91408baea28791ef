// Builds through turbo, so whatever is up to date comes from its cache. A child runs in its own
// process group and is stopped by its PID; every build has a deadline.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { ROOT } from "./site.mjs";

const turbo = createRequire(import.meta.url).resolve("turbo/bin/turbo");

/** What the mocks read: @parley/mock's bundled specs and event schemas (codegen, then a copy). */
export const MOCK_SPECS = ["@parley/mock"];
/** What the sandbox serves: the portal (generated from the specs) and the demo (bundled from the
 * packages' sources after codegen). The packages' own builds (tsup + .d.ts) are not among them. */
export const SERVED = ["@parley/docs", "@parley/demo"];
/** What `node examples/*.mjs` imports: every package the examples depend on, built. */
export const EXAMPLES = ["@parley/examples^..."];

/**
 * Runs `turbo run build` for `filters`. Resolves `{ ms, stop }` when it succeeds; rejects with
 * turbo's output when it fails or outlasts `deadlineMs` (default 10 min). `started` receives the
 * stop function at once, so a Ctrl-C during the build can end it.
 * @param {string[]} filters
 * @param {{ deadlineMs?: number, started?: (stop: () => void) => void }} [options]
 * @returns {Promise<{ ms: number }>}
 */
export function turboBuild(filters, { deadlineMs = 600_000, started } = {}) {
  const begin = performance.now();
  const args = [turbo, "run", "build", ...filters.map((f) => `--filter=${f}`), "--output-logs=errors-only"];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
  });
  const stop = () => {
    try {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
  };
  started?.(stop);
  /** @type {Buffer[]} */
  const output = [];
  child.stdout.on("data", (chunk) => output.push(chunk));
  child.stderr.on("data", (chunk) => output.push(chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`turbo run build ${filters.join(" ")} did not finish within ${deadlineMs / 1000} s`));
    }, deadlineMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ ms: performance.now() - begin });
      else reject(new Error(`turbo run build ${filters.join(" ")} failed (${signal ?? `exit ${code}`}):\n${Buffer.concat(output).toString().trim()}`));
    });
  });
}
