// The API key never leaves the SDK: not in an error (message, String, stack, JSON, inspect, its
// request, body or headers), not in a log line, not in the client object itself, even when the
// server echoes the Authorization header back. A scripted local server plays the API.
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AgentApi,
  AuthenticationError,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  ParleyError,
  RateLimitError,
  TimeoutError,
  type AgentApiOptions,
  type Logger,
} from "../src/index.js";
import { caught, expectNoSecrets, secretSurfaces, serverPerTest } from "@parley/test-support";
import { problem } from "./support/server.js";

const API_KEY = "sk-live-SECRET-KEY-0123456789";
const BEARER = `Bearer ${API_KEY}`;
const CONV = "c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a";
const GET_CONV = `/conversation/${CONV}`;
const STREAM = `/conversation/stream/${CONV}`;

const { server } = serverPerTest({ beforeEach, afterEach });

function makeApi(extra: Partial<AgentApiOptions> = {}) {
  const logs: string[] = [];
  const record = (level: string) => (message: string, context?: Record<string, unknown>) => void logs.push(`${level} ${message} ${JSON.stringify(context ?? null)}`);
  const logger: Logger = { debug: record("debug"), warn: record("warn"), error: record("error") };
  const api = new AgentApi({ apiKey: API_KEY, baseUrl: server().url, logger, maxRetries: 0, ...extra });
  return { api, logs };
}

function expectNoKey(texts: readonly string[], where: string): void {
  expectNoSecrets(texts, { "the API key": API_KEY }, where);
}

/** The error, the log and the client are free of the key; an error's request shows the header redacted. */
function expectClean(error: unknown, logs: readonly string[], api: AgentApi): void {
  if (error !== undefined) expectNoKey(secretSurfaces(error), "the error");
  expectNoKey(logs, "the log");
  expectNoKey([inspect(api, { depth: 10, showHidden: true }), JSON.stringify(api)], "the client");
  const request = (error as { request?: { headers: Record<string, string> } } | undefined)?.request;
  if (request) expect(request.headers["authorization"]).toBe("[redacted]");
}

/** The key really went over the wire, so the checks are not vacuous. */
function expectKeyWasSent(count?: number): void {
  expect(server().requests.length).toBeGreaterThan(0);
  if (count !== undefined) expect(server().requests).toHaveLength(count);
  for (const request of server().requests) expect(request.headers.authorization).toBe(BEARER);
}

describe("the key is sent (sanity)", () => {
  it("as the bearer of every request, and a successful call logs nothing secret", async () => {
    server().on("GET", GET_CONV, { status: 200, json: { id: CONV, botname: "Eva", channel: "web", survey: 0, meta: {} } });
    const { api, logs } = makeApi();
    await expect(api.conversations.get(CONV)).resolves.toMatchObject({ id: CONV });
    expectKeyWasSent(1);
    expectClean(undefined, logs, api);
  });
});

describe("the server echoes the key", () => {
  it("a 401 whose body and headers echo the Authorization header: AuthenticationError without the key", async () => {
    server().on("GET", GET_CONV, {
      status: 401,
      headers: { "x-echo-authorization": BEARER, "www-authenticate": `Bearer realm="api", error="invalid_token", token="${API_KEY}"` },
      json: problem(401, "Unauthorized", `Invalid API key: ${BEARER}`, GET_CONV),
    });
    const { api, logs } = makeApi();
    const error = await caught(ParleyError, () => api.conversations.get(CONV));
    expect(error).toBeInstanceOf(AuthenticationError);
    const e = error as AuthenticationError;
    expect(e.problem?.detail).toBe("Invalid API key: Bearer [redacted]");
    expect(e.message).toContain("[redacted]");
    expectKeyWasSent(1);
    expectClean(error, logs, api);
  });

  it("a 401 with a text/plain body echoing the key: the body is kept, redacted", async () => {
    server().on("GET", GET_CONV, { status: 401, headers: { "content-type": "text/plain" }, text: `bad key ${API_KEY}` });
    const { api, logs } = makeApi();
    const error = await caught(ParleyError, () => api.conversations.get(CONV));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).body).toBe("bad key [redacted]");
    expectKeyWasSent(1);
    expectClean(error, logs, api);
  });

  it("a 500 echoing the key, retried twice: the retry log lines and the error are clean", async () => {
    server().on("GET", GET_CONV, {
      status: 500,
      headers: { "retry-after": "0", "x-debug": `auth=${BEARER}` },
      json: problem(500, "Internal Server Error", `boom while serving ${BEARER}`, GET_CONV),
    });
    const { api, logs } = makeApi({ maxRetries: 2 });
    const error = await caught(ParleyError, () => api.conversations.get(CONV));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).problem?.detail).toBe("boom while serving Bearer [redacted]");
    expect(logs.filter((l) => l.startsWith("warn retrying GET"))).toHaveLength(2);
    expectKeyWasSent(3);
    expectClean(error, logs, api);
  });

  it("a 200 with malformed JSON that echoes the key: InvalidResponseError without the key", async () => {
    server().on("GET", GET_CONV, { status: 200, headers: { "content-type": "application/json" }, text: `${API_KEY} is not JSON` });
    const { api, logs } = makeApi();
    const error = await caught(ParleyError, () => api.conversations.get(CONV));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).not.toContain(API_KEY.slice(0, 10));
    expectKeyWasSent(1);
    expectClean(error, logs, api);
  });
});

describe("the connection fails", () => {
  it("a connection reset (retried once): ConnectionError without the key, retry logged cleanly", async () => {
    server().on("GET", GET_CONV, "reset");
    const { api, logs } = makeApi({ maxRetries: 1 });
    const error = await caught(ParleyError, () => api.conversations.get(CONV));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(logs.filter((l) => l.startsWith("warn retrying GET"))).toHaveLength(1);
    expectKeyWasSent(2);
    expectClean(error, logs, api);
  });

  it("a timeout: TimeoutError without the key", async () => {
    server().on("GET", GET_CONV, "stall");
    const { api, logs } = makeApi({ timeout: 1000 });
    const error = await caught(ParleyError, () => api.conversations.get(CONV));
    expect(error).toBeInstanceOf(TimeoutError);
    expectKeyWasSent(1);
    expectClean(error, logs, api);
  });
});

describe("streams", () => {
  it("a stream cut mid-way: ConnectionError without the key", async () => {
    server().on("POST", STREAM, { stream: ["Olá! ", "Verifiquei ", "o ", "seu ", "pedido"], cutAfter: 3 });
    const { api, logs } = makeApi();
    const chunks: string[] = [];
    const error = await caught(ParleyError, async () => {
      for await (const chunk of api.chat.stream(CONV, "Oi")) chunks.push(chunk);
    });
    expect(error).toBeInstanceOf(ConnectionError);
    expect(chunks.join("")).toBe("Olá! Verifiquei o ");
    expectKeyWasSent(1);
    expectClean(error, logs, api);
  });

  it("a stream 429 echoing the key: RateLimitError without the key", async () => {
    server().on("POST", STREAM, {
      status: 429,
      headers: { "retry-after": "120", "x-echo-authorization": BEARER },
      json: problem(429, "Too Many Requests", `Rate limit exceeded for ${BEARER}`, STREAM),
    });
    const { api, logs } = makeApi({ maxRetries: 2 });
    const error = await caught(ParleyError, () => api.chat.stream(CONV, "Oi").text());
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect((error as RateLimitError).problem?.detail).toBe("Rate limit exceeded for Bearer [redacted]");
    expectKeyWasSent(1);
    expectClean(error, logs, api);
  });

  it("a stream 503 echoing the key, retried: the log and the error are clean", async () => {
    server().on("POST", STREAM, { status: 503, headers: { "retry-after": "0" }, json: problem(503, "Service Unavailable", `down for ${BEARER}`, STREAM) });
    const { api, logs } = makeApi({ maxRetries: 1 });
    const error = await caught(ParleyError, () => api.chat.stream(CONV, "Oi").text());
    expect(error).toBeInstanceOf(InternalServerError);
    expect(logs.filter((l) => l.startsWith("warn retrying POST"))).toHaveLength(1);
    expectKeyWasSent(2);
    expectClean(error, logs, api);
  });
});

describe("a key that cannot be sent", () => {
  // undici's message for an invalid header value quotes the value: such a key must be refused by the
  // constructor (without echoing it) so it can never reach a message.
  it("an apiKey with a NUL never shows up in the error (constructor or call)", async () => {
    const key = `${API_KEY}\u0000`;
    let error: unknown;
    try {
      const api = new AgentApi({ apiKey: key, baseUrl: server().url, maxRetries: 0 });
      await api.conversations.get(CONV);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParleyError);
    expectNoKey(secretSurfaces(error), "the error");
  });
});

describe("the client object", () => {
  it("inspect and JSON.stringify of a client show no key, before and after use", async () => {
    server().on("GET", GET_CONV, { status: 404, json: problem(404, "Not Found", "No such conversation.", GET_CONV) });
    const { api, logs } = makeApi();
    expectClean(undefined, logs, api);
    await caught(ParleyError, () => api.conversations.get(CONV));
    expectKeyWasSent(1);
    expectClean(undefined, logs, api);
  });
});
