// Visitor round trips per second (chat.message -> ack -> the server's chat.message_received echo)
// through @parley/web-chat and through socket.io-client 2.5.0 (the stack the vendor's own
// smartsupp-websocket client runs on), against the same local mock in the same run, in alternating
// blocks so both see the same machine load; then heap per idle connection for both.
// Not a test: it prints, it never fails. Run: npx tsup && node --expose-gc bench/round-trip.bench.mjs
import { startWebChatMock } from "@parley/mock/web-chat";
import io from "socket.io-client";
import { WebSocket } from "ws";
import { createVisitorClient } from "../dist/index.js";

const N = Number(process.env.BENCH_N ?? 3000);
const BLOCK = 250;
const IDLE = Number(process.env.BENCH_IDLE ?? 200);
const gc = globalThis.gc ?? (() => {});

const mock = await startWebChatMock({ agentReplyDelayMs: 60_000 });
mock.agent.autoReply = false;

/** One round trip: resolves once both the ack and the echo have arrived. */
function roundTrip(send, onEcho, text) {
  return new Promise((resolve) => {
    let left = 2;
    const done = () => --left === 0 && resolve();
    onEcho(text, done);
    send(text).then(done);
  });
}

function echoWaiter() {
  const waiting = new Map();
  return {
    wait: (text, done) => waiting.set(text, done),
    seen: (text) => {
      const done = waiting.get(text);
      waiting.delete(text);
      done?.();
    },
  };
}

async function parley() {
  const client = createVisitorClient({ data: { key: "bench" }, connection: { url: mock.url }, WebSocket });
  await client.connect();
  const echoes = echoWaiter();
  // The SDK skips the echo of the visitor's own message (it holds it already): watch the frame.
  client.getConnection().addEventListener("message", ({ data }) => {
    const m = /^42\["chat\.message_received",.*"text":"(p\d+)"/.exec(String(data));
    if (m) echoes.seen(m[1]);
  });
  return {
    send: (text) => client.chatMessage({ content: { type: "text", text } }),
    onEcho: echoes.wait,
    close: () => client.disconnect(),
  };
}

async function socketIo() {
  const socket = io(mock.url, { path: "/socket", transports: ["websocket"], reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  await new Promise((resolve) => socket.emit("visitor.connect", { key: "bench", id: null, bundleVersion: "Websocket SDK 1.2.2" }, resolve));
  const echoes = echoWaiter();
  socket.on("chat.message_received", ({ message }) => echoes.seen(message.content.text));
  return {
    send: (text) => new Promise((resolve) => socket.emit("chat.message", { content: { type: "text", text } }, resolve)),
    onEcho: echoes.wait,
    close: () => socket.close(),
  };
}

async function block(side, prefix, from, count) {
  const start = process.hrtime.bigint();
  for (let i = from; i < from + count; i++) await roundTrip(side.send, side.onEcho, `${prefix}${i}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const sides = { parley: await parley(), "socket.io-client 2.5.0": await socketIo() };
const prefixes = { parley: "p", "socket.io-client 2.5.0": "s" };
const ms = { parley: 0, "socket.io-client 2.5.0": 0 };
// warm-up
for (const [name, side] of Object.entries(sides)) await block(side, prefixes[name], 0, 100);
for (let from = 100; from < N + 100; from += BLOCK) {
  for (const [name, side] of Object.entries(sides)) ms[name] += await block(side, prefixes[name], from, BLOCK);
}
for (const side of Object.values(sides)) side.close();

const perSecond = (name) => (N / ms[name]) * 1000;
console.log(`round trips (chat.message -> ack -> echo), ${N} each, alternating blocks of ${BLOCK}:`);
for (const name of Object.keys(sides)) console.log(`  ${name.padEnd(24)} ${perSecond(name).toFixed(0).padStart(6)} /s`);
console.log(`  ratio parley / socket.io-client: ${(perSecond("parley") / perSecond("socket.io-client 2.5.0")).toFixed(2)} (target >= 1.00)`);

async function idleHeap(open) {
  gc();
  await new Promise((r) => setTimeout(r, 50));
  gc();
  const before = process.memoryUsage().heapUsed;
  const opened = [];
  for (let i = 0; i < IDLE; i++) opened.push(await open());
  gc();
  await new Promise((r) => setTimeout(r, 50));
  gc();
  const perConnection = (process.memoryUsage().heapUsed - before) / IDLE;
  for (const c of opened) c.close();
  // the next measurement starts once the mock has let go of these sockets (bounded wait)
  for (let i = 0; i < 250 && mock.sockets() > 0; i++) await new Promise((r) => setTimeout(r, 20));
  return perConnection;
}

if (!globalThis.gc) console.log("(run with --expose-gc for the memory numbers)");
// Two rounds in alternating order; the mock runs in this process, so its per-socket state is in both.
const heaps = { parley: [], io: [] };
for (const order of [["parley", "io"], ["io", "parley"]]) {
  for (const side of order) heaps[side].push(await idleHeap(side === "parley" ? parley : socketIo));
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const parleyHeap = mean(heaps.parley);
const ioHeap = mean(heaps.io);
console.log(`heap per idle connection (${IDLE} each, visitor identified, mean of 2 rounds, mock included for both):`);
console.log(`  parley                   ${(parleyHeap / 1024).toFixed(1).padStart(6)} KiB`);
console.log(`  socket.io-client 2.5.0   ${(ioHeap / 1024).toFixed(1).padStart(6)} KiB`);
console.log(`  ratio parley / socket.io-client: ${(parleyHeap / ioHeap).toFixed(2)}`);
await mock.close();
