#!/usr/bin/env node
// `npm run sandbox:time`: how long a newcomer waits for the sandbox, measured the same way each time.
//   (no option)   clones this checkout's HEAD into a temporary directory, times `npm ci` there, then
//                 times `npm start` until every URL the sandbox serves answers 200
//   --in <dir>    skips clone and install: <dir> is an installed checkout, put back to the state
//                 right after `npm ci` (every git-ignored build output and turbo's cache removed)
//   --warm        with --in: keeps the build outputs and the cache (the second `npm start`)
//   --port N      the sandbox's base port (default 4900; the mocks take N+10 ... N+40); 0: free
//                 ports, the URLs read from the table the sandbox prints (what CI runs)
// Prints install time, the sandbox's own stage lines, and the time to ready. Everything it starts
// is stopped by PID; every wait has a deadline.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const READY_DEADLINE_MS = 600_000;
const INSTALL_DEADLINE_MS = 900_000;
const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const args = process.argv.slice(2);
const flag = (/** @type {string} */ name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const port = Number(flag("--port") ?? 4900);
if (!Number.isInteger(port) || port < 0 || port > 65_435) fail(`--port takes a port number, got ${flag("--port")}`);

const inDir = flag("--in");
let dir = inDir === undefined ? undefined : path.resolve(inDir);
let temporary;
if (dir) {
  if (!args.includes("--warm")) reset(dir);
} else {
  temporary = mkdtempSync(path.join(os.tmpdir(), "parley-sandbox-time-"));
  dir = temporary;
  execFileSync("git", ["clone", "--quiet", "--no-hardlinks", here, dir], { stdio: "inherit" });
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: dir, encoding: "utf8" }).trim();
  console.log(`fresh clone of ${commit} in ${dir}`);
  const installMs = await timed("npm", ["ci", "--no-audit", "--no-fund"], INSTALL_DEADLINE_MS);
  console.log(`npm ci: ${seconds(installMs)}`);
}

const apis = Object.keys(parse(readFileSync(path.join(dir, "redocly.yaml"), "utf8")).apis);
const started = performance.now();
const child = spawn("npm", ["start", "--", "--port", String(port)], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], detached: true });
/** @type {Buffer[]} */
const output = [];
for (const stream of [child.stdout, child.stderr]) stream.on("data", (chunk) => output.push(chunk));
let exited = false;
child.on("exit", () => (exited = true));
const exit = new Promise((resolve) => child.on("exit", resolve));
try {
  const urls = port === 0 ? undefined : sandboxUrls(apis, `http://127.0.0.1:${port}`, [10, 20, 30, 40].map((offset) => `http://127.0.0.1:${port + offset}`));
  /** @type {Set<string> | undefined} */
  let pending = urls && new Set(urls);
  let checked = urls?.length ?? 0;
  while (pending === undefined || pending.size > 0) {
    if (exited) throw new Error(`npm start exited before the sandbox was ready:\n${Buffer.concat(output).toString()}`);
    if (performance.now() - started > READY_DEADLINE_MS) throw new Error(`not ready after ${seconds(READY_DEADLINE_MS)}: ${[...(pending ?? ["the URL table"])].join(", ")}`);
    pending ??= printedUrls(Buffer.concat(output).toString());
    if (pending === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    checked = Math.max(checked, pending.size);
    const left = pending;
    await Promise.all([...left].map(async (url) => ((await answers200(url)) ? left.delete(url) : undefined)));
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const readyMs = performance.now() - started;
  const cpu = cpuSeconds(/** @type {number} */ (child.pid));
  console.log(Buffer.concat(output).toString().trimEnd());
  console.log(`\nsandbox ready (${checked} URLs answer 200): ${seconds(readyMs)} after \`npm start\``);
  if (cpu !== undefined) console.log(`CPU used by npm start and its processes until then: ${cpu.toFixed(1)} s (${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(1)})`);
} finally {
  stop(child);
  // Nothing it started may outlive this script (CI runs the tests next, on the same machine).
  await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 30_000).unref())]);
  if (child.exitCode === null && child.signalCode === null) console.error(`npm start (pid ${child.pid}) did not stop within 30 s of SIGTERM`);
  if (temporary) rmSync(temporary, { recursive: true, force: true });
}

/** The portal, every reference page, the demo, sandbox.json and each mock's root. */
function sandboxUrls(/** @type {string[]} */ apiNames, /** @type {string} */ site, /** @type {string[]} */ mockOrigins) {
  return [`${site}/`, `${site}/demo/`, `${site}/sandbox.json`, ...apiNames.map((api) => `${site}/${api}.html`), ...mockOrigins.map((origin) => `${origin}/`)];
}

/** With --port 0: the URLs of the table the sandbox prints once it is up, or undefined before. */
function printedUrls(/** @type {string} */ text) {
  const rows = [...text.matchAll(/^(docs portal|[\w-]+ mock) +(\S+) +\d+$/gm)].map(([, what, url]) => ({ what, origin: new URL(/** @type {string} */ (url).replace(/^ws/, "http")).origin }));
  const site = rows.find((r) => r.what === "docs portal");
  const mocks = rows.filter((r) => r.what !== "docs portal");
  if (!site || mocks.length < 4) return undefined;
  return new Set(sandboxUrls(apis, site.origin, mocks.map((m) => m.origin)));
}

async function answers200(/** @type {string} */ url) {
  try {
    // Ready is the status line; the body (a 2.5 MB reference page) is not waited for, so a slow
    // download on a loaded machine does not count as "not ready".
    const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * User + system CPU seconds of `pid` and every live descendant, each with its reaped children's
 * (turbo's tasks, which turbo waited for, count in turbo's; turbo's in the sandbox's): the work
 * behind the wall time, less dependent on what else the machine runs. Linux /proc only.
 */
function cpuSeconds(/** @type {number} */ pid) {
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux this runs on
  /** @type {Map<number, { ppid: number, ticks: number }>} */
  const processes = new Map();
  try {
    for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        // Fields after the command name (which may hold spaces): state is field 3, utime 14 ... cstime 17.
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ").map(Number);
        processes.set(Number(entry), { ppid: fields[1] ?? 0, ticks: (fields[11] ?? 0) + (fields[12] ?? 0) + (fields[13] ?? 0) + (fields[14] ?? 0) });
      } catch {
        // exited while listing
      }
    }
  } catch {
    return undefined;
  }
  let ticks = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = /** @type {number} */ (pending.pop());
    ticks += processes.get(current)?.ticks ?? 0;
    for (const [child, info] of processes) if (info.ppid === current) pending.push(child);
  }
  return ticks / ticksPerSecond;
}

/** Back to the state right after `npm ci`: git-ignored outputs (not node_modules) and caches gone. */
function reset(/** @type {string} */ root) {
  const ignored = execFileSync("git", ["ls-files", "--others", "--ignored", "--exclude-standard", "--directory"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((entry) => entry && !entry.split("/").includes("node_modules"));
  for (const entry of [...ignored, "node_modules/.cache"]) rmSync(path.join(root, entry), { recursive: true, force: true });
  console.log(`reset ${root}: removed ${ignored.length} build outputs and caches`);
}

/** Runs `command` in the clone; resolves its duration in ms, rejects on failure or after `deadlineMs`. */
function timed(/** @type {string} */ command, /** @type {string[]} */ commandArgs, /** @type {number} */ deadlineMs) {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const install = spawn(command, commandArgs, { cwd: dir, stdio: "inherit", detached: true });
    const timer = setTimeout(() => {
      stop(install);
      reject(new Error(`${command} ${commandArgs.join(" ")} took longer than ${seconds(deadlineMs)}`));
    }, deadlineMs);
    install.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(performance.now() - start);
      else reject(new Error(`${command} ${commandArgs.join(" ")} exited with ${code}`));
    });
  });
}

/** Stops the child's whole process group (npm, node, turbo, Prism), by its PID. */
function stop(/** @type {import("node:child_process").ChildProcess} */ processChild) {
  try {
    if (processChild.pid !== undefined) process.kill(-processChild.pid, "SIGTERM");
  } catch {
    // already gone
  }
}

function seconds(/** @type {number} */ ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** @returns {never} */
function fail(/** @type {string} */ message) {
  console.error(message);
  process.exit(2);
}
