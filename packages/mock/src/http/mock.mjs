// An HTTP API's mock: our layer on `port`, Prism behind it on a private port. Every request is
// recorded and checked against the spec; a queued fault answers it if one matches; the API's
// stateful operations are answered here (see ./headless.mjs, ./agent-api.mjs); everything else goes
// to Prism, and every answer is checked against the spec on its way back. What broke the spec lands
// in `violations`.
//
// Control endpoints (for test processes other than the one that started the mock):
//   POST /__mock/faults/{operationId}   body: a fault (see ./faults.mjs)
//   POST /__mock/reset                  back to the seed data; faults, requests, violations cleared
import http from "node:http";
import { HOST, listen } from "../net.mjs";
import { checkFault, faultQueue } from "./faults.mjs";
import { loadSpec } from "./openapi.mjs";
import { startPrism } from "./prism.mjs";
import { streamAnswer, streamExample } from "./stream.mjs";

const CORS = { "access-control-allow-origin": "*", "access-control-expose-headers": "*" };
const MAX_BODY_BYTES = 20 * 1024 * 1024;
const CONTROL = /^\/__mock\/(faults\/([^/?]+)|reset)$/;
/** Prism's own answers to a request it refuses carry a type under this address. */
const PRISM_ERROR = /stoplight\.io\/prism\/errors/;

/**
 * @param {{ api: string, spec: string, specName: string, basePath: string, port?: number, host?: string,
 *   docsUrl?: string, delayMs?: number, createState: (spec: ReturnType<typeof loadSpec>) => any }} options
 */
export async function startHttpMock({ api, spec: specFile, specName, basePath, port = 0, host = HOST, docsUrl, delayMs = 2, createState }) {
  const spec = loadSpec(specFile);
  const state = createState(spec);
  const { handlers: _handlers, reset: _reset, ...controls } = state;
  const faults = faultQueue();
  /** @type {any[]} */
  const requests = [];
  /** @type {any[]} */
  const violations = [];
  const timers = new Set();
  const held = new Set(); // responses a stall keeps open until the client leaves or close()

  const later = (ms) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(undefined);
      }, ms);
      timers.add(timer);
    });

  const prism = await startPrism({ spec: specFile });
  const server = http.createServer((req, res) =>
    handle(req, res).catch((error) => {
      if (res.headersSent) return res.destroy();
      send(res, 500, { "content-type": "application/problem+json" }, { type: "about:blank", title: "Internal Server Error", status: 500, detail: `The ${api} mock failed: ${error.message}` });
    }),
  );
  server.keepAliveTimeout = 1000;
  try {
    await listen(server, port, host, { api, spec: specName, specFile, basePath, docsUrl });
  } catch (error) {
    await prism.stop();
    throw error;
  }
  const actualPort = /** @type {import("node:net").AddressInfo} */ (server.address()).port;
  const origin = `http://${host}:${actualPort}`;

  async function handle(req, res) {
    const url = new URL(req.url ?? "/", origin);
    const control = CONTROL.exec(url.pathname);
    if (control && req.method === "POST") return controlRequest(control, req, res);
    if (basePath && url.pathname !== basePath && !url.pathname.startsWith(`${basePath}/`)) {
      return send(res, 404, { "content-type": "application/problem+json" }, { type: "about:blank", title: "Not Found", status: 404, detail: `Paths of this API start with ${basePath}.` });
    }
    const body = await readBody(req);
    if (body === undefined) return send(res, 413, { "content-type": "application/problem+json" }, { type: "about:blank", title: "Payload Too Large", status: 413 });
    const pathname = url.pathname.slice(basePath.length) || "/";
    const found = req.method === "OPTIONS" ? undefined : spec.match(req.method ?? "GET", pathname);
    const operationId = found?.route.operationId ?? null;
    requests.push({ operationId, method: req.method, path: url.pathname, params: found?.params ?? {}, query: Object.fromEntries(url.searchParams), headers: redact(req.headers), body: describeBody(req.headers, body), at: new Date().toISOString() });
    if (req.method === "OPTIONS") return forward(req, res, pathname + url.search, body, undefined);
    if (!found) {
      violations.push({ direction: "in", operationId: null, method: req.method, path: url.pathname, errors: [{ path: "path", message: `${req.method} ${pathname} is no operation of the spec` }] });
      return forward(req, res, pathname + url.search, body, undefined);
    }
    const { route, params } = found;
    const problems = spec.checkRequest(route, { params, query: url.searchParams, headers: req.headers, body });
    if (problems.length) violations.push({ direction: "in", operationId, method: req.method, path: url.pathname, errors: problems });

    const fault = faults.take(operationId, params);
    if (fault?.delayMs && !route.op["x-parley-stream"]) await later(fault.delayMs);
    if (fault?.reset) return req.socket.destroy();
    if (fault?.stall) return hold(res);
    if (fault?.status) {
      const headers = { ...(fault.retryAfter !== undefined ? { "retry-after": String(fault.retryAfter) } : {}), ...fault.headers };
      if ([204, 205, 304].includes(fault.status)) return void res.writeHead(fault.status, { ...CORS, ...headers }).end(); // no body, no content headers
      const answer = fault.body !== undefined ? fault.body : { ...(spec.problemExample(route, fault.status) ?? { type: "about:blank", title: http.STATUS_CODES[fault.status], status: fault.status }), instance: url.pathname };
      const type = fault.status >= 400 && typeof answer === "object" ? "application/problem+json" : "application/json";
      return send(res, fault.status, { "content-type": type, ...headers }, answer);
    }
    // Prism answers a body that is no JSON with an error shape of its own; the spec's is a problem+json 400.
    if (problems.some((p) => p.path === "body" && p.message === "is not valid JSON")) {
      const example = spec.problemExample(route, 400) ?? { type: "about:blank", title: "Bad Request", status: 400 };
      return send(res, 400, { "content-type": "application/problem+json" }, { ...example, detail: "The request body is not valid JSON.", instance: url.pathname });
    }
    if (route.op["x-parley-stream"]) {
      if (problems.length) return refuse(res, route, url.pathname, problems);
      return streamAnswer(req, res, fault ?? {}, { example: streamExample(route), delayMs, later });
    }
    const own = Object.hasOwn(state.handlers, operationId) ? state.handlers[operationId] : undefined;
    const context = { params, query: url.searchParams, headers: req.headers, body, json: parseJson(req.headers, body), origin: origin + basePath };
    const answer = own && !problems.length ? await own(context) : undefined;
    if (answer) return respond(res, route, url.pathname, answer);
    return forward(req, res, pathname + url.search, body, route);
  }

  /** Sends our own answer, checked against the spec like Prism's. */
  function respond(res, route, path, { status, headers = {}, body }) {
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const all = { ...(body !== undefined && !Buffer.isBuffer(body) ? { "content-type": "application/json" } : {}), ...headers };
    checkAnswer(route, path, status, all, bytes);
    res.writeHead(status, { ...CORS, ...all, "content-length": bytes.length });
    res.end(bytes);
  }

  function refuse(res, route, path, problems) {
    const example = spec.problemExample(route, 422) ?? { type: "about:blank", title: "Unprocessable Entity", status: 422 };
    send(res, 422, { "content-type": "application/problem+json" }, { ...example, detail: problems.map((p) => `${p.path} ${p.message}`).join("; "), instance: path });
  }

  /** Passes the request to Prism and its answer back, checking the answer on the way. */
  function forward(req, res, path, body, route) {
    return new Promise((resolve) => {
      const upstream = http.request({ host: HOST, port: prism.port, method: req.method, path, headers: { ...req.headers, host: `${HOST}:${prism.port}` } }, (answer) => {
        const chunks = [];
        answer.on("data", (c) => chunks.push(c));
        answer.on("end", () => {
          const bytes = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          delete headers["transfer-encoding"];
          delete headers.connection;
          const status = answer.statusCode ?? 502;
          if (route && !(status >= 400 && PRISM_ERROR.test(bytes.toString("utf8", 0, 300)))) checkAnswer(route, req.url, status, headers, bytes);
          else if (route) violations.push({ direction: "in", operationId: route.operationId, method: req.method, path: req.url, errors: [{ path: "request", message: `Prism refused it: ${bytes.toString("utf8", 0, 500)}` }] });
          res.writeHead(status, { ...headers, "content-length": bytes.length });
          res.end(bytes);
          resolve(undefined);
        });
      });
      upstream.on("error", () => {
        send(res, 502, { "content-type": "application/problem+json" }, { type: "about:blank", title: "Bad Gateway", status: 502, detail: "Prism is not answering." });
        resolve(undefined);
      });
      upstream.end(body);
    });
  }

  function checkAnswer(route, path, status, headers, bytes) {
    const problems = spec.checkResponse(route, { status, headers, body: bytes });
    if (problems.length) violations.push({ direction: "out", operationId: route.operationId, method: route.method, path, status, errors: problems });
  }

  function hold(res) {
    held.add(res);
    res.on("close", () => held.delete(res));
  }

  async function controlRequest(control, req, res) {
    const text = (await readBody(req))?.toString("utf8") ?? "";
    try {
      if (control[1] === "reset") reset();
      else addFault(decodeURIComponent(control[2]), JSON.parse(text || "{}"));
      res.writeHead(204, CORS).end();
    } catch (error) {
      send(res, 400, { "content-type": "application/problem+json" }, { type: "about:blank", title: "Bad Request", status: 400, detail: String(error.message) });
    }
  }

  function addFault(operationId, fault) {
    const route = spec.routes.find((r) => r.operationId === operationId);
    if (!route) {
      // Faults are keyed by the spec's operationId (the key errors' `operation` names); an SDK method
      // is looked up in the operations' x-parley-method to name the operationId(s) it calls.
      const calls = spec.routes.filter((r) => [r.op["x-parley-method"]].flat().includes(operationId)).map((r) => r.operationId);
      const hint = calls.length ? `${operationId} is an SDK method; faults take the operationId it sends: ${calls.map((id) => JSON.stringify(id)).join(" or ")}` : `no such operationId in ${specName}`;
      throw new TypeError(`fault(${JSON.stringify(operationId)}): ${hint} (known: ${spec.routes.map((r) => r.operationId).join(", ")})`);
    }
    faults.add(operationId, checkFault(operationId, structuredClone(fault), { stream: Boolean(route.op["x-parley-stream"]), pathParams: route.names }));
  }

  function reset() {
    faults.clear();
    state.reset();
    requests.length = 0;
    violations.length = 0;
  }

  let closed;
  return {
    api,
    url: origin + basePath,
    port: actualPort,
    pid: process.pid,
    prism: { pid: prism.pid, exited: prism.exited },
    requests,
    violations,
    fault(operationId, fault) {
      addFault(operationId, fault);
    },
    reset,
    ...controls,
    close() {
      closed ??= (async () => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        for (const res of held) res.destroy();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(() => resolve(undefined)));
        await prism.stop();
      })();
      return closed;
    },
  };
}

function send(res, status, headers, body) {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...CORS, ...headers, "content-length": bytes.length });
  res.end(bytes);
}

/** The whole request body, or undefined when it is over the limit. */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseJson(headers, body) {
  if (!/json/i.test(headers["content-type"] ?? "") || body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    return undefined;
  }
}

/** A recorded body: parsed JSON, text, or the size of anything else. */
function describeBody(headers, body) {
  if (body.length === 0) return null;
  const type = headers["content-type"] ?? "";
  if (/json/i.test(type)) return parseJson(headers, body) ?? body.toString("utf8");
  if (/^text\//i.test(type) || /urlencoded/i.test(type)) return body.toString("utf8");
  return { contentType: type || null, bytes: body.length };
}

/** Headers as recorded: credentials never leave the mock (a test's snapshot must not hold them). */
function redact(headers) {
  const out = { ...headers };
  for (const name of ["authorization", "cookie", "x-api-key"]) if (out[name] !== undefined) out[name] = String(out[name]).replace(/^(\w+ )?.*$/, "$1[redacted]");
  return out;
}
