#!/usr/bin/env node
// parley-mock <api> [--port N] [--host 127.0.0.1]
//   one API's mock; prints "<api> mock ready at <url>" when ready. Ctrl-C or SIGTERM stops it and
//   its child process. Loopback hosts only. The whole sandbox is `npm start` (tools/sandbox).
import { MOCKS, startMock } from "../src/index.mjs";

const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const api = args[0] && !args[0].startsWith("--") ? args[0] : undefined;
const portText = flag("--port");
const port = portText === undefined ? undefined : Number(portText);
if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65_435)) fail(`--port takes a port number, got ${portText}`, 2);
const host = flag("--host") ?? "127.0.0.1";
if (!["127.0.0.1", "localhost"].includes(host)) fail(`--host must be a loopback address (127.0.0.1), got ${host}`, 2);
if (!api || !MOCKS.includes(api)) fail(`${api ? `Unknown API "${api}".` : "Which API?"} Known: ${MOCKS.join(", ")}. The whole sandbox: npm start`, 2);

let running;
try {
  running = await startMock(api, { port });
} catch (error) {
  fail(error.message, 1);
}
const stop = async () => {
  await running.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

console.log(`${api} mock ready at ${running.url} (pid ${running.pid})`);

function fail(message, code) {
  console.error(message);
  process.exit(code);
}
