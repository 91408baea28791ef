// SDK overhead: getCompany() through @parley/headless against bare openapi-fetch (the stack the SDK
// is built on, with none of its layers) and raw fetch, on the same local HTTP server in one run.
// All three send the same request (GET /api/v2/company, `Authorization: Bearer bench-token`) and
// read the same JSON body. Rounds interleave the sides (see @parley/test-support/rounds); the ratios are taken round
// by round and printed as their median and spread. What the SDK does that bare openapi-fetch does
// not (the end-user token check, the response's shape check, the deadline, the abort wiring) is
// in the SDK's time, and the shape check is also timed on its own. Not a test: it prints, never fails.
import http from "node:http";
import createClient from "openapi-fetch";
import { checkShape } from "@parley/core";
import { Client } from "../dist/index.js";
import { interleave, perCall, quietRatio, ratio, us } from "@parley/test-support/rounds";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 80);
const PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 25);
const company = {
  name: "Acme Corp",
  subdomain: "acme",
  support_email: "support@acme.com",
  languages: [{ code: "en", name: "English" }],
  action_tracking: true,
  email_transcripts: true,
  message_preview: true,
  email_enhancement: false,
};
const body = JSON.stringify(company);
const auth = JSON.stringify({ token: "bench-token", expires_in: 3600 });
const jsonHeaders = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };

const server = http.createServer((req, res) => {
  if (req.method === "POST" && req.url === "/api/v2/auth/end_user") {
    req.resume();
    res.writeHead(200, { "content-type": "application/json" });
    return res.end(auth);
  }
  if (req.url === "/api/v2/company") {
    res.writeHead(200, jsonHeaders);
    return res.end(body);
  }
  res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const headers = { Authorization: "Bearer bench-token" };

/** The three sides over `fetch`: the SDK (token exchanged once, before timing), bare openapi-fetch, raw fetch. */
function sides(fetch) {
  const client = new Client({ companyId: "bench", authenticate: async () => ({ token: "jwt" }), host: origin, transport: false, fetch });
  const bareClient = createClient({ baseUrl: `${origin}/api/v2`, fetch });
  return {
    "raw fetch": async () => {
      const res = await fetch(`${origin}/api/v2/company`, { headers });
      if (!res.ok) throw new Error(String(res.status));
      return res.json();
    },
    "bare openapi-fetch": async () => {
      const { data, error } = await bareClient.GET("/company", { headers });
      if (error) throw new Error("bare openapi-fetch failed");
      return data;
    },
    "@parley/headless": () => client.getCompany(),
  };
}

const { wall, cpu } = await interleave(sides(globalThis.fetch), { rounds: ROUNDS, perRound: PER_ROUND, warmup: 200 });
server.close();

// The layers alone: the same calls over a fetch that answers at once (no socket, no undici).
const stub = async (input, init) => {
  const method = init?.method ?? (typeof input === "object" && "method" in input ? input.method : "GET");
  return new Response(method === "POST" ? auth : body, { headers: { "content-type": "application/json" } });
};
const layers = await interleave(sides(stub), { rounds: 30, perRound: 200, warmup: 500 });
// The getCompany shape of src/shapes.ts.
const GET_COMPANY = {
  name: "string", subdomain: "string", support_email: "string", languages: [{ code: "string", name: "string" }],
  action_tracking: "boolean", email_transcripts: "boolean", message_preview: "boolean", email_enhancement: "boolean",
  "cobrowse_domain?": "string",
};
const shapeCheck = await perCall(() => checkShape("getCompany", company, GET_COMPANY));

const [sdk, bare, raw] = ["@parley/headless", "bare openapi-fetch", "raw fetch"];
console.log(`getCompany() against a local HTTP server: ${ROUNDS} interleaved rounds of ${PER_ROUND} calls per side`);
console.log(`  median per call (wall)   raw fetch ${us(wall[raw])}   bare openapi-fetch ${us(wall[bare])}   @parley/headless ${us(wall[sdk])}`);
console.log(`  ratio sdk/openapi-fetch  wall ${ratio(wall[sdk], wall[bare])}   cpu ${ratio(cpu[sdk], cpu[bare])}   (target <= 1.03)`);
console.log(`    quietest rounds (p10)  wall ${quietRatio(wall[sdk], wall[bare])}   cpu ${quietRatio(cpu[sdk], cpu[bare])}`);
console.log(`  ratio sdk/raw fetch      wall ${ratio(wall[sdk], wall[raw])}   cpu ${ratio(cpu[sdk], cpu[raw])}`);
console.log(`  ratio openapi-fetch/raw  wall ${ratio(wall[bare], wall[raw])}   cpu ${ratio(cpu[bare], cpu[raw])}`);
console.log(`the layers alone (fetch answered at once, no network), CPU per call:`);
console.log(`  bare openapi-fetch ${us(layers.cpu[bare])}   @parley/headless ${us(layers.cpu[sdk])}   ratio ${ratio(layers.cpu[sdk], layers.cpu[bare])}`);
console.log(`  of which only the SDK does: the response shape check ${shapeCheck.toFixed(2)} µs`);
process.exit(0);
