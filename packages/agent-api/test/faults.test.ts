// The client against a scripted local server: retries, timeouts, aborts, broken bodies, typed
// errors, and what goes over the wire (the Authorization header, bodies, paths).
import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AbortError,
  AgentApi,
  ApiError,
  AuthenticationError,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  type AgentApiOptions,
} from "../src/index.js";
import { serverPerTest } from "@parley/test-support";
import { conversation, page, problem } from "./support/server.js";

const API_KEY = "sk-test-faults-0123456789";
const CONV = "c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a";
const GET_CONV = `/conversation/${CONV}`;
const COMPLETE = `/conversation/complete/${CONV}`;
const META = { id: CONV, botname: "Eva Atendimento", channel: "web", survey: 5, meta: { plan: "premium" } };
const NO_WAIT = { "retry-after": "0" };

const { server } = serverPerTest({ beforeEach, afterEach });

function makeApi(extra: Partial<AgentApiOptions> = {}): AgentApi {
  return new AgentApi({ apiKey: API_KEY, baseUrl: server().url, ...extra });
}

async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

describe("retries", () => {
  it("retries a 429 with Retry-After: 0 and resolves the next answer (2 requests)", async () => {
    server().on("GET", GET_CONV, { status: 429, headers: NO_WAIT, json: problem(429, "Too Many Requests", "Rate limit exceeded, retry after 0 seconds", GET_CONV) }, { status: 200, json: META });
    await expect(makeApi().conversations.get(CONV)).resolves.toEqual(META);
    expect(server().requestsTo("GET", GET_CONV)).toHaveLength(2);
  });

  it("gives up on a lasting 503 after maxRetries (default 2): InternalServerError after 3 requests, with the problem", async () => {
    const body = problem(503, "Service Unavailable", "Down for maintenance.", GET_CONV);
    server().on("GET", GET_CONV, { status: 503, headers: NO_WAIT, json: body });
    const error = await rejection(makeApi().conversations.get(CONV));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(503);
    expect((error as InternalServerError).problem).toEqual(body);
    expect(server().requestsTo("GET", GET_CONV)).toHaveLength(3);
  });

  it("sends a 503 once with maxRetries: 0", async () => {
    server().on("GET", GET_CONV, { status: 503, headers: NO_WAIT, json: problem(503, "Service Unavailable", "Down.", GET_CONV) });
    await expect(makeApi({ maxRetries: 0 }).conversations.get(CONV)).rejects.toBeInstanceOf(InternalServerError);
    expect(server().requestsTo("GET", GET_CONV)).toHaveLength(1);
  });

  it("does not wait for a long Retry-After: RateLimitError with retryAfterMs after one request", async () => {
    server().on("GET", GET_CONV, { status: 429, headers: { "retry-after": "120" }, json: problem(429, "Too Many Requests", "Rate limit exceeded, retry after 120 seconds", GET_CONV) });
    const error = await rejection(makeApi().conversations.get(CONV));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(server().requestsTo("GET", GET_CONV)).toHaveLength(1);
  });

  it("retries a connection reset and resolves the next answer", async () => {
    server().on("GET", GET_CONV, "reset", { status: 200, json: META });
    await expect(makeApi().conversations.get(CONV)).resolves.toEqual(META);
    expect(server().requestsTo("GET", GET_CONV)).toHaveLength(2);
  });

  it("rejects ConnectionError (not TimeoutError) when the connection is always reset", async () => {
    server().on("GET", GET_CONV, "reset");
    const error = await rejection(makeApi({ maxRetries: 0 }).conversations.get(CONV));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(server().requestsTo("GET", GET_CONV)).toHaveLength(1);
  });

  it("resends the same JSON body when it retries a POST", async () => {
    const answer = { id: "msg_1", sendMensages: [{ id: "msg_1", type: "text", text: "Olá!" }] };
    server().on("POST", COMPLETE, { status: 503, headers: NO_WAIT, json: problem(503, "Service Unavailable", "Busy.", COMPLETE) }, { status: 200, json: answer });
    await expect(makeApi().chat.complete(CONV, "Olá, tudo bem? €")).resolves.toEqual(answer);
    const sent = server().requestsTo("POST", COMPLETE);
    expect(sent).toHaveLength(2);
    expect(sent.map((r) => JSON.parse(r.body))).toEqual([{ text: "Olá, tudo bem? €" }, { text: "Olá, tudo bem? €" }]);
  });

  it("does not send a stream's message again after a 500 (the agent may have taken it): one request, InternalServerError", async () => {
    const path = `/conversation/stream/${CONV}`;
    server().on("POST", path, { status: 500, json: problem(500, "Internal Server Error", "Oops.", path) }, { stream: ["Olá", "! ", "Tudo ", "bem?"] });
    await expect(makeApi().chat.stream(CONV, "Oi").text()).rejects.toBeInstanceOf(InternalServerError);
    expect(server().requestsTo("POST", path)).toHaveLength(1);
  });

  it("does not retry a 4xx: 401 is AuthenticationError after one request", async () => {
    server().on("GET", GET_CONV, { status: 401, json: problem(401, "Unauthorized", "Invalid API key", GET_CONV) });
    const error = await rejection(makeApi().conversations.get(CONV));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).status).toBe(401);
    expect(server().requestsTo("GET", GET_CONV)).toHaveLength(1);
  });
});

describe("typed errors", () => {
  it("a 404 problem is NotFoundError with .problem.detail", async () => {
    const body = problem(404, "Not Found", `Conversation ${CONV} was not found.`, GET_CONV);
    server().on("GET", GET_CONV, { status: 404, json: body });
    const error = await rejection(makeApi().conversations.get(CONV));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as NotFoundError;
    expect(e.status).toBe(404);
    expect(e.problem?.detail).toBe(`Conversation ${CONV} was not found.`);
    expect(e.problem).toEqual(body);
    expect(e.message).toContain(`Conversation ${CONV} was not found.`);
    expect(server().requestsTo("GET", GET_CONV)).toHaveLength(1);
  });

  it("a 200 with malformed JSON is InvalidResponseError", async () => {
    server().on("GET", GET_CONV, { status: 200, headers: { "content-type": "application/json" }, text: '{"id": "c0a8", "botname": ' });
    await expect(makeApi().conversations.get(CONV)).rejects.toBeInstanceOf(InvalidResponseError);
    expect(server().requestsTo("GET", GET_CONV)).toHaveLength(1);
  });

  it("a JSON body cut mid-way is a ConnectionError", async () => {
    server().on("GET", "/conversation", "partial");
    const error = await rejection(makeApi({ maxRetries: 0 }).conversations.list());
    expect(error).toBeInstanceOf(ConnectionError);
  });
});

describe("timeouts and cancellation", () => {
  it("rejects TimeoutError when the server never answers (timeout 1000, maxRetries 0)", async () => {
    server().on("GET", GET_CONV, "stall");
    const error = await rejection(makeApi({ timeout: 1000, maxRetries: 0 }).conversations.get(CONV));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toContain("1000 ms");
    expect(server().requestsTo("GET", GET_CONV)).toHaveLength(1);
  });

  it("retries a timeout: a stall then an answer resolves", async () => {
    server().on("GET", GET_CONV, "stall", { status: 200, json: META });
    await expect(makeApi({ timeout: 1000, maxRetries: 1 }).conversations.get(CONV)).resolves.toEqual(META);
    expect(server().requestsTo("GET", GET_CONV)).toHaveLength(2);
  });

  it("rejects AbortError when the caller aborts a pending request", async () => {
    server().on("GET", GET_CONV, "stall");
    const controller = new AbortController();
    const pending = makeApi().conversations.get(CONV, { signal: controller.signal });
    await expect.poll(() => server().requestsTo("GET", GET_CONV).length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(server().requestsTo("GET", GET_CONV)).toHaveLength(1);
  });

  it("an already-aborted signal rejects AbortError without sending anything", async () => {
    server().on("GET", GET_CONV, { status: 200, json: META });
    const api = makeApi();
    await expect(api.conversations.get(CONV, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    await expect(api.chat.stream(CONV, "Oi", { signal: AbortSignal.abort() }).text()).rejects.toBeInstanceOf(AbortError);
    expect(server().requests).toHaveLength(0);
  });
});

describe("streams", () => {
  const STREAM = `/conversation/stream/${CONV}`;

  it("a stream whose headers never come rejects TimeoutError (timeout 1000, maxRetries 0)", async () => {
    server().on("POST", STREAM, "stall");
    const error = await rejection(makeApi({ timeout: 1000, maxRetries: 0 }).chat.stream(CONV, "Oi").text());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server().requestsTo("POST", STREAM)).toHaveLength(1);
  });

  it("a stream cut after its first chunks is never retried: ConnectionError after one request", async () => {
    server().on("POST", STREAM, { stream: ["Olá", "! ", "Tudo ", "bem?"], cutAfter: 2 }, { stream: ["never"] });
    const chunks: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of makeApi().chat.stream(CONV, "Oi")) chunks.push(chunk);
      })(),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(chunks.join("")).toBe("Olá! ");
    expect(server().requestsTo("POST", STREAM)).toHaveLength(1);
  });

  it("one signal reused across many streams keeps no listener once each ends: read to the end, broken off, or refused", async () => {
    server().on("POST", STREAM, { stream: ["Olá", "! "] });
    const api = makeApi();
    const controller = new AbortController();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      for (let i = 0; i < 15; i++) {
        await expect(api.chat.stream(CONV, "Oi", { signal: controller.signal }).text()).resolves.toBe("Olá! ");
        for await (const chunk of api.chat.stream(CONV, "Oi", { signal: controller.signal })) if (chunk) break;
        expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      }
      server().on("POST", STREAM, { status: 200, json: { not: "a stream" } });
      await expect(api.chat.stream(CONV, "Oi", { signal: controller.signal }).text()).rejects.toBeInstanceOf(InvalidResponseError);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });

  it("an empty 200 body is an empty answer", async () => {
    server().on("POST", STREAM, { stream: [] });
    await expect(makeApi().chat.stream(CONV, "Oi").text()).resolves.toBe("");
  });

  // The idle timeout measures the server's silence, not the time the consumer spends on a chunk.
  it("a slow consumer is not an idle server: no TimeoutError when the consumer takes longer than `timeout` per chunk", async () => {
    server().on("POST", STREAM, { stream: ["Olá! ", "Tudo ", "bem?"], gapMs: 1 });
    const chunks: string[] = [];
    for await (const chunk of makeApi({ timeout: 300 }).chat.stream(CONV, "Oi")) {
      chunks.push(chunk);
      await new Promise((resolve) => setTimeout(resolve, 700)); // the consumer's own work, longer than `timeout`
    }
    expect(chunks.join("")).toBe("Olá! Tudo bem?");
  });
});

describe("on the wire", () => {
  it("every method sends exactly `Authorization: Bearer <apiKey>`, the right method, path and body", async () => {
    const ok = { status: 200, json: { message: "ok" } };
    server().on("GET", "/conversation", { status: 200, json: page([conversation(1)], { currentPage: 1, totalPages: 1, cursor: null }) });
    server().on("GET", GET_CONV, { status: 200, json: META });
    server().on("GET", `/conversation/message/${CONV}`, { status: 200, json: [] });
    server().on("POST", "/conversation/create/bot_3f9a", { status: 200, json: { id: CONV } });
    server().on("PUT", `/conversation/update/${CONV}`, ok);
    server().on("POST", COMPLETE, { status: 200, json: { id: "m1", sendMensages: [{ id: "m1", text: "Olá" }] } });
    server().on("POST", `/conversation/stream/${CONV}`, { stream: ["Olá"] });
    server().on("POST", "/conversation/message/feedback/msg_1", ok);
    server().on("POST", `/conversation/survey/${CONV}`, ok);

    const api = makeApi();
    await api.conversations.list();
    await api.conversations.get(CONV);
    await api.messages.list(CONV);
    await api.conversations.create("bot_3f9a");
    await api.conversations.create("bot_3f9a", { meta: { plan: "premium", vip: true, total: 189.9 } });
    await api.conversations.updateMeta(CONV, { plan: "enterprise" });
    await api.chat.complete(CONV, "Olá");
    await expect(api.chat.stream(CONV, "Olá").text()).resolves.toBe("Olá");
    await api.feedback.send("msg_1", { feedback: "negative", comment: "Não resolveu." });
    await api.survey.send(CONV, { survey: 4 });

    const sent = server().requests.map((r) => [r.method, r.pathname, r.body === "" ? undefined : JSON.parse(r.body)]);
    expect(sent).toEqual([
      ["GET", "/conversation", undefined],
      ["GET", GET_CONV, undefined],
      ["GET", `/conversation/message/${CONV}`, undefined],
      ["POST", "/conversation/create/bot_3f9a", {}],
      ["POST", "/conversation/create/bot_3f9a", { meta: { plan: "premium", vip: true, total: 189.9 } }],
      ["PUT", `/conversation/update/${CONV}`, { plan: "enterprise" }],
      ["POST", COMPLETE, { text: "Olá" }],
      ["POST", `/conversation/stream/${CONV}`, { text: "Olá" }],
      ["POST", "/conversation/message/feedback/msg_1", { feedback: "negative", comment: "Não resolveu." }],
      ["POST", `/conversation/survey/${CONV}`, { survey: 4 }],
    ]);
    for (const request of server().requests) {
      expect(request.headers.authorization, `${request.method} ${request.pathname}`).toBe(`Bearer ${API_KEY}`);
      if (request.body !== "") expect(request.headers["content-type"]).toContain("application/json");
    }
  });

  it("the Authorization header is sent on every retry too", async () => {
    server().on("GET", GET_CONV, { status: 503, headers: NO_WAIT, json: problem(503, "Service Unavailable", "Busy.", GET_CONV) });
    await expect(makeApi().conversations.get(CONV)).rejects.toBeInstanceOf(InternalServerError);
    const sent = server().requestsTo("GET", GET_CONV);
    expect(sent).toHaveLength(3);
    expect(sent.map((r) => r.headers.authorization)).toEqual(Array(3).fill(`Bearer ${API_KEY}`));
  });

  it("a baseUrl with a path and a trailing slash keeps the path", async () => {
    server().on("GET", `/v1${GET_CONV}`, { status: 200, json: META });
    const api = new AgentApi({ apiKey: API_KEY, baseUrl: `${server().url}/v1/` });
    await expect(api.conversations.get(CONV)).resolves.toEqual(META);
    expect(server().requests.map((r) => r.pathname)).toEqual([`/v1${GET_CONV}`]);
  });

  // openapi-fetch encodes path params; the SDK must not encode them a second time.
  it("a path id is percent-encoded exactly once (ids with non-ASCII characters or reserved characters)", async () => {
    const id = "ação:1";
    const path = `/conversation/${encodeURIComponent(id)}`;
    server().on("GET", path, { status: 200, json: { ...META, id } });
    await expect(makeApi({ maxRetries: 0 }).conversations.get(id)).resolves.toMatchObject({ id });
    expect(server().requests.map((r) => r.pathname)).toEqual([path]);
  });
});
