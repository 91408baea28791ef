// SDK overhead against bare openapi-fetch (the stack the SDK is built on, without its layers) and
// raw fetch, on the same local HTTP server in the same run:
//  (a) median time of N conversations.get() calls vs bare openapi-fetch and raw fetch + json();
//  (b) throughput of reading a 5 MB token stream through chat.stream vs the raw response.body
//      with a TextDecoder.
// Rounds alternate between the two sides so both see the same machine load. It prints; it never fails.
import http from "node:http";
import createClient from "openapi-fetch";
import { AgentApi } from "../dist/index.js";

const N = Number(process.env.BENCH_N ?? 2000);
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

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
async function time(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// (a) conversations.get
const sdkGet = () => api.conversations.get("c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a");
const rawGet = async () => {
  const res = await fetch(`${baseUrl}/conversation/c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a`, { headers });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
};
const bareClient = createClient({ baseUrl });
const bareGet = async () => {
  const { data, error } = await bareClient.GET("/conversation/{idConversation}", { params: { path: { idConversation: "c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a" } }, headers });
  if (error) throw new Error("bare openapi-fetch failed");
  return data;
};
for (let i = 0; i < 200; i++) {
  await sdkGet();
  await bareGet();
  await rawGet();
}
const sdkTimes = [];
const rawTimes = [];
const bareTimes = [];
// Alternate call by call, so both sides see the same moment of the machine.
for (let i = 0; i < N; i++) {
  rawTimes.push(await time(rawGet));
  bareTimes.push(await time(bareGet));
  sdkTimes.push(await time(sdkGet));
}

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

const g = median(sdkTimes) / median(rawTimes);
const mbps = (ms) => streamSize / 1024 / 1024 / (ms / 1000);
const sdkMbps = mbps(median(sdkStreamTimes));
const rawMbps = mbps(median(rawStreamTimes));
console.log(`(a) conversations.get x ${N} against a local HTTP server (median per call)`);
console.log(`    raw fetch               ${(median(rawTimes) * 1000).toFixed(1)} µs`);
console.log(`    bare openapi-fetch      ${(median(bareTimes) * 1000).toFixed(1)} µs`);
console.log(`    @parley/agent-api       ${(median(sdkTimes) * 1000).toFixed(1)} µs`);
console.log(`    ratio sdk/openapi-fetch ${(median(sdkTimes) / median(bareTimes)).toFixed(3)}  (target <= 1.03)`);
console.log(`    ratio sdk/raw           ${g.toFixed(3)}  (target <= 1.10)`);
console.log(`(b) ${(streamSize / 1024 / 1024).toFixed(1)} MB token stream x ${STREAM_ROUNDS} (median throughput)`);
console.log(`    raw body + TextDecoder  ${rawMbps.toFixed(0)} MB/s`);
console.log(`    chat.stream             ${sdkMbps.toFixed(0)} MB/s`);
console.log(`    ratio sdk/raw           ${(sdkMbps / rawMbps).toFixed(3)}  (target >= 0.90)`);
if (sink === 0) console.log("(nothing read)");
process.exit(0);
