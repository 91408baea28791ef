// SDK overhead: getCompany() through @parley/headless against bare openapi-fetch (the stack the SDK
// is built on, with none of its layers) and raw fetch, on the same local HTTP server in one run.
// All three send the same request (GET /api/v2/company, `Authorization: Bearer bench-token`) and
// read the same JSON body. Rounds interleave the sides (see @parley/test-support/rounds); the ratios are taken round
// by round and printed as their median and spread. What the SDK does that bare openapi-fetch does
// not (the end-user token check, the response's shape check, the deadline, the abort wiring) is
// in the SDK's time, and the shape check is also timed on its own. Not a test: it prints, never fails.
import http from "node:http";
import createClient from "openapi-fetch";
import { checkShape, createFetch, unwrapWithResponse } from "@parley/core";
import { createApiClient } from "@parley/core/api-client";
import { Client } from "../dist/index.js";
import { CORE_LAYERS, interleave, perCall, printComparison, ratio, requestLayers, us } from "@parley/test-support/rounds";

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

/**
 * The sides over `fetch`: raw fetch, bare openapi-fetch, the SDK (token exchanged once, before
 * timing), and the SDK's layers one at a time in between: core's openapi-fetch client handing undici
 * the request as createFetch does but with no signal, then with createFetch's per-attempt signal,
 * then createFetch itself (deadline, body guard, retry rule) and unwrap.
 */
function sides(fetch) {
  const client = new Client({ companyId: "bench", authenticate: async () => ({ token: "jwt" }), host: origin, transport: false, fetch });
  const bareClient = createClient({ baseUrl: `${origin}/api/v2`, fetch });
  const layers = requestLayers(fetch);
  const layer = (f) => createApiClient({ baseUrl: `${origin}/api/v2`, fetch: f });
  const [plainClient, signalledClient, coreClient] = [layer(layers.plain), layer(layers.signalled), layer(createFetch({ fetch }))];
  const get = async (api) => {
    const { data, error } = await api.GET("/company", { headers });
    if (error) throw new Error("layer failed");
    return data;
  };
  return {
    "layer: no signal": () => get(plainClient),
    "layer: + signal": () => get(signalledClient),
    "layer: createFetch": () => unwrapWithResponse(coreClient.GET("/company", { headers, signal: undefined })),
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
    "bare openapi-fetch + timeout": async () => {
      const { data, error } = await bareClient.GET("/company", { headers, signal: AbortSignal.timeout(60_000) });
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

const [sdk, bare, raw, timed] = ["@parley/headless", "bare openapi-fetch", "raw fetch", "bare openapi-fetch + timeout"];
console.log(`getCompany() against a local HTTP server: ${ROUNDS} interleaved rounds of ${PER_ROUND} calls per side`);
printComparison({
  wall,
  cpu,
  sdk,
  bare,
  raw,
  timed,
  indent: "  ",
  layers: [...CORE_LAYERS, [sdk, "+ the end-user token, argument checks, the shape check (the SDK)"]],
});
console.log(`the layers alone (fetch answered at once, no network), CPU per call:`);
console.log(`  bare openapi-fetch ${us(layers.cpu[bare])}   @parley/headless ${us(layers.cpu[sdk])}   ratio ${ratio(layers.cpu[sdk], layers.cpu[bare])}`);
console.log(`  of which only the SDK does: the response shape check ${shapeCheck.toFixed(2)} µs`);
process.exit(0);
