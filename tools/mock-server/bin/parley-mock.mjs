#!/usr/bin/env node
// `npm start`: serves every API's mock on 127.0.0.1 and prints their URLs; Ctrl-C stops them all.
// Usage: parley-mock [api ...] [--port N]   (APIs: headless, agent-api; default: all)
import { OPENAPI_SPECS, startMock } from "../src/index.mjs";

const args = process.argv.slice(2);
const portFlag = args.indexOf("--port");
let basePort = portFlag >= 0 ? Number(args[portFlag + 1]) : 4010;
const names = args.filter((a, i) => !a.startsWith("--") && i !== portFlag + 1);
const apis = names.length ? names : Object.keys(OPENAPI_SPECS);
for (const name of apis) {
  if (!(name in OPENAPI_SPECS)) {
    console.error(`Unknown API "${name}". Known: ${Object.keys(OPENAPI_SPECS).join(", ")}`);
    process.exit(2);
  }
}

const running = [];
async function stopAll(code) {
  await Promise.all(running.map((m) => m.stop()));
  process.exit(code);
}
process.on("SIGINT", () => stopAll(0));
process.on("SIGTERM", () => stopAll(0));

try {
  for (const name of apis) {
    const mock = await startMock(name, { port: basePort, delayMs: 30 });
    basePort += 10;
    running.push({ name, ...mock });
  }
} catch (error) {
  console.error(error.message);
  await stopAll(1);
}
console.log("\nParley sandbox (Ctrl-C stops everything)\n");
console.log("API        URL                                    PID");
for (const m of running) console.log(`${m.name.padEnd(10)} ${m.url.padEnd(38)} ${m.pid}`);
console.log("\nTry:");
for (const m of running) {
  if (m.name === "headless") console.log(`  curl -H 'Authorization: Bearer demo' ${m.url}/company`);
  if (m.name === "agent-api") {
    console.log(`  curl -N -H 'Authorization: Bearer demo' -H 'content-type: application/json' -d '{"text":"Olá"}' ${m.url}/conversation/stream/demo`);
  }
}
