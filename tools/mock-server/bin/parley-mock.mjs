#!/usr/bin/env node
// parley-mock                          the sandbox (`npm start`): every mock, the docs portal and the
//                                      demo page, with one table of URLs
// parley-mock <api> [--port N] [--host 127.0.0.1]
//                                      one API's mock; prints "<api> mock ready at <url>" when ready
// Either way, Ctrl-C or SIGTERM stops every server and child process. Loopback hosts only.
import { MOCKS, startMock } from "../src/index.mjs";
import { startSandbox } from "../src/sandbox.mjs";

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
if (api && !MOCKS.includes(api)) fail(`Unknown API "${api}". Known: ${MOCKS.join(", ")}`, 2);

let running;
try {
  running = api ? await startMock(api, { port }) : await startSandbox({ port: port ?? 4000 });
} catch (error) {
  fail(error.message, 1);
}
const stop = async () => {
  await running.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

if (api) {
  console.log(`${api} mock ready at ${running.url} (pid ${running.pid})`);
} else {
  const rows = [
    ["docs portal", `${running.url}/`, String(process.pid)],
    ["demo page", `${running.url}/demo/`, String(process.pid)],
    ...running.mocks.map((m) => [`${m.name} mock`, m.url, String(m.pid)]),
  ];
  console.log("\nParley sandbox (Ctrl-C stops everything)\n");
  console.log(`${"WHAT".padEnd(18)} ${"URL".padEnd(38)} PID`);
  for (const [what, url, pid] of rows) console.log(`${what.padEnd(18)} ${url.padEnd(38)} ${pid}`);
  const find = (name) => running.mocks.find((m) => m.name === name);
  console.log("\nTry:");
  console.log("  any mock's URL in a browser or curl: it answers its base URL and its reference page");
  console.log("  node examples/headless.mjs (and the other examples/*.mjs): the READMEs' examples, against these mocks");
  if (find("headless")) console.log(`  curl -H 'Authorization: Bearer demo' ${find("headless").url}/company`);
  if (find("agent-api")) {
    console.log(`  curl -N -H 'Authorization: Bearer demo' -H 'content-type: application/json' -d '{"text":"Olá"}' ${find("agent-api").url}/conversation/stream/demo`);
  }
  if (find("web-chat")) console.log(`  the web chat socket: ${find("web-chat").url.replace("http", "ws")}/socket/?EIO=3&transport=websocket`);
}

function fail(message, code) {
  console.error(message);
  process.exit(code);
}
