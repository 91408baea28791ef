#!/usr/bin/env node
// parley-sandbox [--port N] [--no-build]       (the root `npm start` runs it)
// Builds what the sandbox serves (turbo: codegen and the mocks' specs, then the portal and the
// demo while the mocks start; cached when up to date),
// starts the site on N (default 4000; 0: free ports) and the mocks on N+10 ... N+40, and prints one
// table of URLs. Then it builds the packages the examples import, in the background, and says when
// `node examples/*.mjs` can run, with the time since start. --no-build serves what is already
// built. A taken port fails before anything is built or started. Ctrl-C or SIGTERM stops every
// server and child process, by PID, and so does the end of the process that started it (npm).
// 127.0.0.1 only.
import { EXAMPLES, MOCK_SPECS, SERVED, turboBuild } from "../src/build.mjs";
import { assertPortsFree, startSandbox } from "../src/sandbox.mjs";

const args = process.argv.slice(2);
const portText = args.includes("--port") ? args[args.indexOf("--port") + 1] : "4000";
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65_435) fail(`--port takes a port number (0: free ports), got ${portText}`, 2);
const unknown = args.filter((a, i) => a.startsWith("--") && !["--port", "--no-build"].includes(a) && args[i - 1] !== "--port");
if (unknown.length > 0) fail(`Unknown option ${unknown[0]}. Usage: npm start -- [--port N] [--no-build]`, 2);
const build = !args.includes("--no-build");

/** @type {(() => void)[]} */
const builds = [];
/** @type {Awaited<ReturnType<typeof startSandbox>> | undefined} */
let running;
let stopping = false;
const stop = async () => {
  stopping = true;
  for (const stopBuild of builds) stopBuild();
  await running?.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.on("SIGHUP", stop);
// `npm start` runs this under `sh -c`: a SIGTERM to npm (an IDE's stop button, a process manager,
// `timeout npm start`) ends npm and that shell but never reaches this process, which would keep
// every port and Prism. Orphaned, it is adopted by another process: then it stops too.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stop(), 500).unref();

try {
  if (port !== 0) await assertPortsFree(port); // before the first line: a taken port is the only thing said
  console.log(build ? "Building what the sandbox serves (codegen, portal, demo) while the mocks start..." : "Serving what is built.");
  running = await startSandbox({
    port,
    prepare: build ? () => turboBuild(MOCK_SPECS, { started: (s) => builds.push(s) }) : undefined,
    build: build ? () => turboBuild(SERVED, { started: (s) => builds.push(s) }) : undefined,
    log: (line) => console.log(`  ${line}`),
  });
} catch (error) {
  if (stopping) process.exit(0);
  fail(/** @type {Error} */ (error).message, 1);
}

const rows = [
  ["docs portal", `${running.url}/`, String(process.pid)],
  ["demo page", `${running.url}/demo/`, String(process.pid)],
  ...running.mocks.map((m) => [`${m.name} mock`, m.url, String(m.pid)]),
];
console.log("\nParley sandbox (Ctrl-C stops everything)\n");
console.log(`${"WHAT".padEnd(18)} ${"URL".padEnd(38)} PID (listening on the URL)`);
for (const [what = "", url = "", pid = ""] of rows) console.log(`${what.padEnd(18)} ${url.padEnd(38)} ${pid}`);
const prism = running.mocks.filter((m) => m.prismPid !== undefined);
if (prism.length > 0) console.log(`Prism, behind the ${prism.map((m) => m.name).join(" and ")} mocks: pid ${prism.map((m) => m.prismPid).join(", ")}`);
const find = (/** @type {string} */ name) => running?.mocks.find((m) => m.name === name);
console.log("\nTry:");
console.log("  any mock's URL in a browser or curl: it answers its base URL, the URL of its spec and its reference page");
if (find("headless")) console.log(`  curl -H 'Authorization: Bearer demo' ${find("headless")?.url}/company`);
if (find("agent-api")) {
  console.log(`  curl -N -H 'Authorization: Bearer demo' -H 'content-type: application/json' -d '{"text":"Olá"}' ${find("agent-api")?.url}/conversation/stream/demo`);
}
if (find("web-chat")) console.log(`  the web chat socket: ${find("web-chat")?.url.replace("http", "ws")}/socket/?EIO=3&transport=websocket`);

if (build) {
  console.log("\nBuilding the packages the examples import (tsup and .d.ts), in the background...");
  turboBuild(EXAMPLES, { started: (s) => builds.push(s) }).then(
    // performance.now() counts from this process's start: the time since `npm start`, npm's own
    // startup aside (a fraction of a second), not only this background build's.
    () => console.log(`Examples ready (${(performance.now() / 1000).toFixed(1)} s after start): node examples/headless.mjs (and the other examples/*.mjs) runs against these mocks.`),
    (error) => stopping || console.error(`Building the packages for the examples failed; the sandbox keeps running.\n${error.message}`),
  );
} else {
  console.log("  node examples/headless.mjs (and the other examples/*.mjs), once `npm run build` has built the packages");
}

/** @returns {never} */
function fail(/** @type {string} */ message, /** @type {number} */ code) {
  console.error(message);
  process.exit(code);
}
