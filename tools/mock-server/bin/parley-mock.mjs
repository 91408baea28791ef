#!/usr/bin/env node
// `npm start`: the sandbox. Every API's mock, the docs portal and the demo page on 127.0.0.1, with
// one table of URLs; Ctrl-C (or SIGTERM) stops every server and child process.
// Usage: parley-mock [--port N]   (the portal on N, default 4000; the mocks on N+10, N+20, ...)
import { startSandbox } from "../src/sandbox.mjs";

const args = process.argv.slice(2);
const portFlag = args.indexOf("--port");
const port = portFlag >= 0 ? Number(args[portFlag + 1]) : 4000;
if (!Number.isInteger(port) || port < 1 || port > 65535 - 100) {
  console.error(`--port takes a port number, got ${args[portFlag + 1]}`);
  process.exit(2);
}

let sandbox;
try {
  sandbox = await startSandbox({ port });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const stop = async () => {
  await sandbox.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

const rows = [
  ["docs portal", `${sandbox.url}/`, String(process.pid)],
  ["demo page", `${sandbox.url}/demo/`, String(process.pid)],
  ...sandbox.mocks.map((m) => [`${m.name} mock`, m.url, String(m.pid)]),
];
console.log("\nParley sandbox (Ctrl-C stops everything)\n");
console.log(`${"WHAT".padEnd(16)} ${"URL".padEnd(38)} PID`);
for (const [what, url, pid] of rows) console.log(`${what.padEnd(16)} ${url.padEnd(38)} ${pid}`);
const headless = sandbox.mocks.find((m) => m.name === "headless");
const agent = sandbox.mocks.find((m) => m.name === "agent-api");
console.log("\nTry:");
if (headless) console.log(`  curl -H 'Authorization: Bearer demo' ${headless.url}/company`);
if (agent) console.log(`  curl -N -H 'Authorization: Bearer demo' -H 'content-type: application/json' -d '{"text":"Olá"}' ${agent.url}/conversation/stream/demo`);
