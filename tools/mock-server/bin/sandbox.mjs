#!/usr/bin/env node
// `npm start`: the sandbox (every API's mock from @parley/mock, the docs portal and the demo page)
// with one table of URLs. `--port N` moves the portal to N and the mocks to N+10, N+20, ...
// Ctrl-C or SIGTERM stops every server and child process.
import { startSandbox } from "../src/sandbox.mjs";

const args = process.argv.slice(2);
const at = args.indexOf("--port");
const portText = at >= 0 ? args[at + 1] : undefined;
if (at >= 0 && (portText === undefined || !/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65_495)) {
  console.error(`--port takes a port number (the mocks take the next 40), got ${portText ?? "nothing"}`);
  process.exit(2);
}
let running;
try {
  running = await startSandbox({ port: portText === undefined ? 4000 : Number(portText) });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const stop = async () => {
  await running.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

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
