#!/usr/bin/env node
// parley-mock <api> [--port N] [--host 127.0.0.1]
//   Starts one API's mock (headless, agent-api, web-chat, conversation) and prints
//   "<api> mock ready at <url> (pid <this process>)". SIGINT or SIGTERM stops it and every child
//   (Prism), and so does the end of its parent process (npx); if a child dies on its own, the
//   process exits 1 and says why.
import { MOCKS, startMock } from "../src/index.mjs";

const USAGE = `usage: parley-mock <api> [--port N] [--host 127.0.0.1]   (api: ${MOCKS.join(", ")})`;

const { api, port, host } = parseArgs(process.argv.slice(2));
let mock;
try {
  mock = await startMock(api, { port, host });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error), 1);
}
let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  await mock.close();
  process.exit(code);
};
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
// Under `npx` a SIGTERM reaches npm, which may end without passing it on: when the parent is gone
// (this process was re-parented), stop as if signalled, so nothing is left behind.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop(0);
}, 500).unref();
mock.prism?.exited.then((why) => {
  if (stopping) return;
  console.error(`${api} mock stopped: ${why}.`);
  void stop(1);
});
console.log(`${api} mock ready at ${mock.url} (pid ${process.pid})`);

/** @param {string[]} args */
function parseArgs(args) {
  /** @type {{ api?: string, port?: number, host?: string }} */
  const out = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === "--port" || arg === "--host") {
      const value = args[++i];
      if (value === undefined || value.startsWith("--")) fail(`${arg} needs a value.\n${USAGE}`, 2);
      if (arg === "--host") out.host = value;
      else {
        const number = Number(value);
        if (!/^\d+$/.test(value) || number < 1 || number > 65_535) fail(`--port takes a port number from 1 to 65535, got ${value}`, 2);
        out.port = number;
      }
    } else if (arg.startsWith("-")) fail(`Unknown option ${arg}.\n${USAGE}`, 2);
    else if (out.api) fail(`One API at a time, got ${out.api} and ${arg}.\n${USAGE}`, 2);
    else out.api = arg;
  }
  if (!out.api) fail(USAGE, 2);
  if (!/** @type {readonly string[]} */ (MOCKS).includes(out.api)) fail(`Unknown API "${out.api}" (known: ${MOCKS.join(", ")}).`, 2);
  if (out.host !== undefined && !["127.0.0.1", "localhost"].includes(out.host)) fail(`--host must be a loopback address (127.0.0.1 or localhost), got ${out.host}`, 2);
  return /** @type {{ api: import("../src/index.js").Api, port?: number, host?: string }} */ (out);
}

/** @returns {never} */
function fail(message, code) {
  console.error(message);
  process.exit(code);
}
