// SDK overhead: the median time of N getCompany() calls through @parley/headless, through bare
// openapi-fetch (the stack the SDK is built on, with none of its layers: no timeout, retries,
// redaction or response check) and through raw fetch, against the same local HTTP server in the
// same run, and the ratios. Calls alternate one by one so all sides see the same machine load.
// Not a test: it prints, it never fails.
import http from "node:http";
import createClient from "openapi-fetch";
import { Client } from "../dist/index.js";

const N = Number(process.env.BENCH_N ?? 2000);
const WARMUP = 200;
const company = JSON.stringify({
  name: "Acme Corp",
  subdomain: "acme",
  support_email: "support@acme.com",
  languages: [{ code: "en", name: "English" }],
  action_tracking: true,
  email_transcripts: true,
  message_preview: true,
  email_enhancement: false,
});

const server = http.createServer((req, res) => {
  if (req.method === "POST" && req.url === "/api/v2/auth/end_user") {
    req.resume();
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(JSON.stringify({ token: "bench-token", expires_in: 3600 }));
  }
  if (req.url === "/api/v2/company") {
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(company) });
    return res.end(company);
  }
  res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const client = new Client({ companyId: "bench", authenticate: async () => ({ token: "jwt" }), host: origin, transport: false });
const sdk = () => client.getCompany();
const bareClient = createClient({ baseUrl: `${origin}/api/v2` });
const bare = async () => {
  const { data, error } = await bareClient.GET("/company", { headers: { Authorization: "Bearer bench-token" } });
  if (error) throw new Error("bare openapi-fetch failed");
  return data;
};
const raw = async () => {
  const res = await fetch(`${origin}/api/v2/company`, { headers: { Authorization: "Bearer bench-token" } });
  if (!res.ok) throw new Error(String(res.status));
  return res.json();
};

async function time(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

for (let i = 0; i < WARMUP; i++) {
  await sdk();
  await bare();
  await raw();
}
const sdkTimes = [];
const rawTimes = [];
const bareTimes = [];
// Alternate call by call, so both sides see the same moment of the machine.
for (let i = 0; i < N; i++) {
  rawTimes.push(await time(raw));
  bareTimes.push(await time(bare));
  sdkTimes.push(await time(sdk));
}
server.close();

const s = median(sdkTimes);
const r = median(rawTimes);
const b = median(bareTimes);
console.log(`getCompany() x ${N} against a local HTTP server (median per call)`);
console.log(`  raw fetch              ${(r * 1000).toFixed(1)} µs`);
console.log(`  bare openapi-fetch     ${(b * 1000).toFixed(1)} µs`);
console.log(`  @parley/headless       ${(s * 1000).toFixed(1)} µs`);
console.log(`  ratio sdk/openapi-fetch ${(s / b).toFixed(3)}  (target <= 1.03)`);
console.log(`  ratio sdk/raw           ${(s / r).toFixed(3)}  (target <= 1.10)`);
process.exit(0);
