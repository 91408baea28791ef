// SDK overhead against bare openapi-fetch (the stack the SDK is built on, without its layers) and
// raw fetch, on the same local HTTP server in the same run:
//  (a) conversations.get(): the same GET with the same `Authorization: Bearer bench-key` and the
//      same JSON body on all three sides, in interleaved rounds (see @parley/test-support/rounds); the ratios are
//      taken round by round and printed as their median and spread. What the SDK does that bare
//      openapi-fetch does not (the response's shape check, the deadline, the abort wiring) is in
//      the SDK's time; the shape check is also timed on its own;
//  (b) throughput of reading a 5 MB token stream through chat.stream vs the raw response.body
//      with a TextDecoder, rounds alternating.
// It prints; it never fails.
import http from "node:http";
import createClient from "openapi-fetch";
import { checkShape, createFetch, unwrap } from "@parley/core";
import { createApiClient } from "@parley/core/api-client";
import { AgentApi } from "../dist/index.js";
import { CORE_LAYERS, interleave, perCall, printComparison, quantile, ratio, requestLayers, us } from "@parley/test-support/rounds";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 80);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 25);
const STREAM_BYTES = 5 * 1024 * 1024;
const STREAM_ROUNDS = Number(process.env.BENCH_STREAM_ROUNDS ?? 24);

const metadata = JSON.stringify({
  id: "c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a",
  botname: "Eva Atendimento",
  description: "Agente de suporte",
  channel: "web",
  survey: 4,
  meta: { plan: "pro" },
});

// A token stream: words with accents and an emoji, written in ~16 kB slices of whole tokens.
const tokens = "Olá, verifiquei o seu pedido nº 48213 — a entrega está prevista para amanhã às 14h. Obrigado pela paciência 🙂 ".match(/\S+\s*/g);
const slices = [];
{
  let size = 0;
  let slice = "";
  for (let i = 0; size < STREAM_BYTES; i++) {
    const t = tokens[i % tokens.length];
    slice += t;
    if (slice.length >= 16_384) {
      const buf = Buffer.from(slice, "utf8");
      slices.push(buf);
      size += buf.length;
      slice = "";
    }
  }
}
const streamSize = slices.reduce((n, b) => n + b.length, 0);

const server = http.createServer((req, res) => {
  if (req.method === "GET" && req.url.startsWith("/conversation/")) {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(metadata) });
    return res.end(metadata);
  }
  if (req.method === "POST" && req.url.startsWith("/conversation/stream/")) {
    req.resume();
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    let i = 0;
    const pump = () => {
      while (i < slices.length) if (!res.write(slices[i++])) return res.once("drain", pump);
      res.end();
    };
    return pump();
  }
  res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const baseUrl = `http://127.0.0.1:${server.address().port}`;
const api = new AgentApi({ apiKey: "bench-key", baseUrl });
const headers = { Authorization: "Bearer bench-key" };

async function time(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// (a) conversations.get: the same GET, the same headers, the same JSON body on every side.
const ID = "c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a";
const bareClient = createClient({ baseUrl });
// The SDK's layers one at a time: core's openapi-fetch client handing undici the request as
// createFetch does but with no signal, then with createFetch's per-attempt signal, then createFetch
// itself (deadline, body guard, retry rule) and unwrap.
const layers = requestLayers(fetch);
const layer = (f) => createApiClient({ baseUrl, fetch: f, headers });
const [plainClient, signalledClient, coreClient] = [layer(layers.plain), layer(layers.signalled), layer(createFetch())];
const params = { path: { idConversation: ID } };
const get = async (api) => {
  const { data, error } = await api.GET("/conversation/{idConversation}", { params });
  if (error) throw new Error("layer failed");
  return data;
};
const { wall, cpu } = await interleave(
  {
    "layer: no signal": () => get(plainClient),
    "layer: + signal": () => get(signalledClient),
    "layer: createFetch": () => unwrap(coreClient.GET("/conversation/{idConversation}", { params, signal: undefined })),
    "raw fetch": async () => {
      const res = await fetch(`${baseUrl}/conversation/${ID}`, { headers });
      if (!res.ok) throw new Error(String(res.status));
      return res.json();
    },
    "bare openapi-fetch": async () => {
      const { data, error } = await bareClient.GET("/conversation/{idConversation}", { params: { path: { idConversation: ID } }, headers });
      if (error) throw new Error("bare openapi-fetch failed");
      return data;
    },
    "bare openapi-fetch + timeout": async () => {
      const { data, error } = await bareClient.GET("/conversation/{idConversation}", { params: { path: { idConversation: ID } }, headers, signal: AbortSignal.timeout(60_000) });
      if (error) throw new Error("bare openapi-fetch failed");
      return data;
    },
    "@parley/agent-api": () => api.conversations.get(ID),
  },
  { rounds: ROUNDS, perRound: PER_ROUND, warmup: 200 },
);
// The conversations.get shape of src/shapes.ts.
const parsed = JSON.parse(metadata);
const shapeCheck = await perCall(() => checkShape("conversations.get", parsed, { id: "string", botname: "string", "description?": "string", channel: "string", survey: "integer", meta: "object" }));

// (b) a 5 MB stream
let sink = 0;
const sdkStream = async () => {
  let text = "";
  for await (const chunk of api.chat.stream("bench", "Olá")) text += chunk;
  sink += text.length;
};
const rawStream = async () => {
  const res = await fetch(`${baseUrl}/conversation/stream/bench`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ text: "Olá" }),
  });
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of res.body) text += decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  sink += text.length;
};
await sdkStream();
await rawStream();
const sdkStreamTimes = [];
const rawStreamTimes = [];
for (let i = 0; i < STREAM_ROUNDS; i++) {
  rawStreamTimes.push(await time(rawStream));
  sdkStreamTimes.push(await time(sdkStream));
}
server.close();

const median = (xs) => quantile(xs, 0.5);
const mbps = (ms) => streamSize / 1024 / 1024 / (ms / 1000);
const sdkMbps = mbps(median(sdkStreamTimes));
const rawMbps = mbps(median(rawStreamTimes));
const [sdk, bare, raw, timed] = ["@parley/agent-api", "bare openapi-fetch", "raw fetch", "bare openapi-fetch + timeout"];
console.log(`(a) conversations.get against a local HTTP server: ${ROUNDS} interleaved rounds of ${PER_ROUND} calls per side`);
printComparison({
  wall,
  cpu,
  sdk,
  bare,
  raw,
  timed,
  indent: "    ",
  layers: [...CORE_LAYERS, [sdk, "+ argument checks, the shape check (the SDK)"]],
});
console.log(`    of which only the SDK does: the response shape check ${shapeCheck.toFixed(2)} µs`);
console.log(`(b) ${(streamSize / 1024 / 1024).toFixed(1)} MB token stream x ${STREAM_ROUNDS} (median throughput)`);
console.log(`    raw body + TextDecoder  ${rawMbps.toFixed(0)} MB/s`);
console.log(`    chat.stream             ${sdkMbps.toFixed(0)} MB/s`);
console.log(`    ratio sdk/raw           ${(sdkMbps / rawMbps).toFixed(3)}  (target >= 0.90)`);
if (sink === 0) console.log("(nothing read)");
process.exit(0);
