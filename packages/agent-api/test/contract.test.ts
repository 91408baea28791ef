// Every method of the SDK against the mock: Prism serving openapi/agent-api.yaml with --errors (a
// request the spec forbids is a 422, so a call that breaks the contract fails its test) plus the
// stream of chat.stream, scripted per conversation id through POST /__mock/faults/chat.stream.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import {
  AbortError,
  AgentApi,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  RateLimitError,
  StateError,
  TimeoutError,
  type AgentApiOptions,
  type Logger,
} from "../src/index.js";
import { startServer } from "./support/server.js";

const mockUrl = inject("mockUrl");
const API_KEY = "sk-test-contract-0123456789";

// ---- the spec's examples --------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const spec: any = parse(readFileSync(new URL("../../../openapi/agent-api.yaml", import.meta.url), "utf8"));
const ops = spec.paths;
const exampleOf = (path: string, method: string, status = "200", type = "application/json"): unknown =>
  ops[path][method].responses[status].content[type].example;

const LIST_EXAMPLE = exampleOf("/conversation", "get") as {
  total: number;
  currentPage: number;
  totalPages: number;
  cursor: string;
  conversations: { id: string }[];
};
/** The whole streamed answer: the 200 text/plain example of chat.stream. */
const STREAM_EXAMPLE = exampleOf("/conversation/stream/{idConversation}", "post", "200", "text/plain") as string;
/** The mock streams the example one token (word plus its trailing space) per write. */
const TOKENS = STREAM_EXAMPLE.match(/\S+\s*|\s+/g) ?? [];
const TOO_MANY = spec.components.responses.TooManyRequests.content["application/problem+json"].example as Record<string, unknown>;
const QUESTION = "Olá, fiz uma compra de 49,90 € e ainda não aparece na fatura. O que aconteceu?";

// ---- helpers ------------------------------------------------------------------------------------

function makeApi(extra: Partial<AgentApiOptions> = {}) {
  const logs: string[] = [];
  const record = (level: string) => (message: string, context?: Record<string, unknown>) => void logs.push(`${level} ${message} ${JSON.stringify(context ?? null)}`);
  const logger: Logger = { debug: record("debug"), warn: record("warn"), error: record("error") };
  const api = new AgentApi({ apiKey: API_KEY, baseUrl: mockUrl, logger, ...extra });
  return { api, logs };
}

/** Queues `behaviours` (@parley/mock faults) for the next stream requests on conversation `id`. */
async function script(id: string, ...behaviours: Record<string, unknown>[]): Promise<void> {
  for (const behaviour of behaviours) await fault("chat.stream", { ...behaviour, params: { idConversation: id } });
}

/** Queues a fault for the next call of `operationId` on the mock (its control endpoint: the mock runs in the global setup's process). */
async function fault(operationId: string, body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${new URL(mockUrl).origin}/__mock/faults/${operationId}`, { method: "POST", body: JSON.stringify(body) });
  expect(res.status).toBe(204);
}

/** Reads the stream chunk by chunk; `error` is what the loop threw (undefined when it ended cleanly). */
async function collect(stream: AsyncIterable<string>, onChunk?: (chunk: string, index: number) => boolean | void) {
  const chunks: string[] = [];
  let error: unknown;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk);
      if (onChunk?.(chunk, chunks.length - 1) === true) break;
    }
  } catch (e) {
    error = e;
  }
  return { chunks, text: chunks.join(""), error };
}

// ---- JSON operations ----------------------------------------------------------------------------

describe("conversations", () => {
  it("list: awaiting gives the first page with the example's pagination fields", async () => {
    const { api } = makeApi();
    const page = await api.conversations.list({ limit: 25 });
    expect(page.total).toBe(LIST_EXAMPLE.total);
    expect(page.currentPage).toBe(1);
    expect(page.totalPages).toBe(2);
    expect(page.cursor).toBe(LIST_EXAMPLE.cursor);
    expect(page.conversations.map((c) => c.id)).toEqual(LIST_EXAMPLE.conversations.map((c) => c.id));
    expect(page.conversations[0]).toEqual(LIST_EXAMPLE.conversations[0]);
    expect(page.items).toBe(page.conversations);
    // currentPage 1 of 2, with a cursor: there is a next page.
    expect(page.hasNextPage()).toBe(true);
  });

  it("list: every filter the spec allows is accepted by the mock", async () => {
    const { api } = makeApi();
    const page = await api.conversations.list({ limit: 10, dateInit: "2025-03-01", dateEnd: "2025-03-31", search: "fatura", meta: "cliente-4471" });
    expect(page.conversations.length).toBeGreaterThan(0);
  });

  it("list: for await walks every page, sending each page's cursor back; `total` conversations, each once", async () => {
    const { api } = makeApi();
    const ids: string[] = [];
    for await (const c of api.conversations.list()) ids.push(c.id);
    expect(ids).toHaveLength(LIST_EXAMPLE.total);
    expect(new Set(ids).size).toBe(LIST_EXAMPLE.total);
    expect(ids.slice(0, LIST_EXAMPLE.conversations.length)).toEqual(LIST_EXAMPLE.conversations.map((c) => c.id));
    const first = await api.conversations.list();
    const second = await first.getNextPage();
    expect(second.currentPage).toBe(2);
    expect(second.hasNextPage()).toBe(false);
  });

  it("list: a server that answers page 1 again is a typed error rather than a repeated page", async () => {
    const { api } = makeApi();
    const first = await api.conversations.list();
    expect(first.hasNextPage()).toBe(true);
    // The next answer does not move forward (currentPage 1 and the same cursor again): never a loop.
    await fault("conversations.list", { status: 200, body: LIST_EXAMPLE });
    await expect(first.getNextPage()).rejects.toBeInstanceOf(InvalidResponseError);
    const ids: string[] = [];
    await fault("conversations.list", { status: 200, body: LIST_EXAMPLE, times: 2 });
    const error = await (async () => {
      for await (const c of api.conversations.list()) ids.push(c.id);
    })().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(ids).toEqual(LIST_EXAMPLE.conversations.map((c) => c.id));
  });

  it("get returns the conversation's metadata", async () => {
    const { api } = makeApi();
    const meta = await api.conversations.get("c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a");
    expect(meta).toEqual(exampleOf("/conversation/{idConversation}", "get"));
    expect(meta.meta["plan"]).toBe("premium");
  });

  it("create without meta returns the new id", async () => {
    const { api } = makeApi();
    await expect(api.conversations.create("bot_3f9a")).resolves.toEqual({ id: "c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a" });
  });

  it("create with meta returns the new id", async () => {
    const { api } = makeApi();
    const created = await api.conversations.create("bot_3f9a", { meta: { customerId: "cliente-4471", plan: "premium", firstContact: false, orderTotal: 189.9 } });
    expect(created.id).toBe("c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a");
  });

  it("updateMeta merges name-value pairs and returns the success message", async () => {
    const { api } = makeApi();
    await expect(api.conversations.updateMeta("c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a", { plan: "enterprise", orderId: "48213", vip: true })).resolves.toEqual({
      message: "Conversa atualizada com sucesso.",
    });
  });
});

describe("messages, chat.complete, feedback, survey", () => {
  it("messages.list returns the messages, oldest first", async () => {
    const { api } = makeApi();
    const messages = await api.messages.list("c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a");
    expect(messages).toEqual(exampleOf("/conversation/message/{idConversation}", "get"));
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
  });

  it("chat.complete returns the whole answer under the vendor's `sendMensages`", async () => {
    const { api } = makeApi();
    const answer = await api.chat.complete("c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a", QUESTION);
    expect(answer).toEqual(exampleOf("/conversation/complete/{idConversation}", "post"));
    expect(Object.keys(answer)).toContain("sendMensages");
    expect(answer.sendMensages[0]?.text).toMatch(/^Olá! Verifiquei o seu pedido nº 48213/);
  });

  it("feedback.send records the feedback", async () => {
    const { api } = makeApi();
    await expect(api.feedback.send("msg_01JPQ4ZC3D8F2G6H1J5K9L4M7N", { feedback: "positive", comment: "Resposta clara e rápida." })).resolves.toEqual({
      message: "Feedback registrado com sucesso.",
    });
    await expect(api.feedback.send("msg_01JPQ4ZC3D8F2G6H1J5K9L4M7N", { feedback: "negative" })).resolves.toEqual({ message: "Feedback registrado com sucesso." });
  });

  it("survey.send records the rating", async () => {
    const { api } = makeApi();
    await expect(api.survey.send("c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a", { survey: 5, comment: "Resolveu meu problema na hora." })).resolves.toEqual({
      message: "Pesquisa registrada com sucesso.",
    });
    await expect(api.survey.send("c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a", { survey: 1 })).resolves.toEqual({ message: "Pesquisa registrada com sucesso." });
  });

  it("the mock is strict: a raw request with {text: \"\"} gets 422 (the SDK cannot send it)", async () => {
    const headers = { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" };
    for (const path of [`/conversation/stream/${randomUUID()}`, "/conversation/complete/c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a"]) {
      const res = await fetch(`${mockUrl}${path}`, { method: "POST", headers, body: JSON.stringify({ text: "" }) });
      expect(res.status, path).toBe(422);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      expect(((await res.json()) as { status: number }).status).toBe(422);
    }
    // And it checks the key: no Authorization, 401.
    const anonymous = await fetch(`${mockUrl}/conversation`);
    expect(anonymous.status).toBe(401);
  });
});

// ---- chat.stream --------------------------------------------------------------------------------

describe("chat.stream", () => {
  it("yields the spec's example text exactly, in several chunks", async () => {
    const { api } = makeApi();
    const { chunks, text, error } = await collect(api.chat.stream(randomUUID(), QUESTION));
    expect(error).toBeUndefined();
    expect(text).toBe(STREAM_EXAMPLE);
    expect(chunks.length).toBeGreaterThan(1);
  });

  it(".text() resolves the whole answer", async () => {
    const { api } = makeApi();
    await expect(api.chat.stream(randomUUID(), QUESTION).text()).resolves.toBe(STREAM_EXAMPLE);
  });

  it("a TextStream can be read only once: the second read rejects StateError", async () => {
    const { api } = makeApi();
    const stream = api.chat.stream(randomUUID(), QUESTION);
    await expect(stream.text()).resolves.toBe(STREAM_EXAMPLE);
    await expect(stream.text()).rejects.toBeInstanceOf(StateError);
    const again = await collect(stream);
    expect(again.chunks).toEqual([]);
    expect(again.error).toBeInstanceOf(StateError);
  });

  it.each([1, 3])("chunkBytes %i (UTF-8 characters split across chunks) gives exactly the same text", async (chunkBytes) => {
    // The example has 2-, 3- and 4-byte characters, so 1- and 3-byte chunks split some of them.
    for (const ch of ["ç", "ã", "é", "€", "🙂"]) expect(STREAM_EXAMPLE).toContain(ch);
    const id = randomUUID();
    await script(id, { chunkBytes });
    const { api } = makeApi();
    const { chunks, text, error } = await collect(api.chat.stream(id, QUESTION));
    expect(error).toBeUndefined();
    expect(text).toBe(STREAM_EXAMPLE);
    expect(text).not.toContain("\uFFFD");
    expect(chunks.length).toBeGreaterThan(1);
  });

  it("a stream cut after 5 tokens rejects with ConnectionError after yielding exactly those 5 tokens", async () => {
    const id = randomUUID();
    await script(id, { cutAfter: 5 });
    const { api } = makeApi();
    const { text, error } = await collect(api.chat.stream(id, QUESTION));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(text).toBe(TOKENS.slice(0, 5).join(""));
    expect(text.length).toBeGreaterThan(0);
    expect(text.length).toBeLessThan(STREAM_EXAMPLE.length);
    expect(STREAM_EXAMPLE.startsWith(text)).toBe(true);
  });

  it(".text() of a cut stream rejects (never a silently shorter answer)", async () => {
    const id = randomUUID();
    await script(id, { cutAfter: 5 });
    const { api } = makeApi();
    await expect(api.chat.stream(id, QUESTION).text()).rejects.toBeInstanceOf(ConnectionError);
  });

  it("a 429 with Retry-After: 0 is retried before any chunk, then the full text", async () => {
    const id = randomUUID();
    await script(id, { status: 429, retryAfter: 0 });
    const { api, logs } = makeApi();
    const { text, error } = await collect(api.chat.stream(id, QUESTION));
    expect(error).toBeUndefined();
    expect(text).toBe(STREAM_EXAMPLE);
    expect(logs.filter((l) => l.startsWith("warn retrying POST"))).toHaveLength(1);
  });

  it("a 429 with Retry-After: 120 rejects RateLimitError (retryAfterMs 120000, the spec's problem) without waiting", async () => {
    const id = randomUUID();
    await script(id, { status: 429, retryAfter: 120 });
    const { api, logs } = makeApi();
    const { chunks, error } = await collect(api.chat.stream(id, QUESTION));
    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(RateLimitError);
    const e = error as RateLimitError;
    expect(e.status).toBe(429);
    expect(e.retryAfterMs).toBe(120_000);
    expect(e.problem).toMatchObject({ type: TOO_MANY["type"], title: TOO_MANY["title"], status: TOO_MANY["status"], detail: TOO_MANY["detail"] });
    expect(e.problem?.instance).toBe(`/conversation/stream/${id}`);
    expect(logs.filter((l) => l.startsWith("warn retrying"))).toHaveLength(0);
    // The queued 429 was consumed by exactly one request: the next one streams.
    await expect(makeApi({ maxRetries: 0 }).api.chat.stream(id, QUESTION).text()).resolves.toBe(STREAM_EXAMPLE);
  });

  it("a lasting 503 (three in a row) rejects InternalServerError after maxRetries 2", async () => {
    const id = randomUUID();
    await script(id, { status: 503, retryAfter: 0 }, { status: 503, retryAfter: 0 }, { status: 503, retryAfter: 0 });
    const { api, logs } = makeApi();
    const { chunks, error } = await collect(api.chat.stream(id, QUESTION));
    expect(chunks).toEqual([]);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(503);
    expect(logs.filter((l) => l.startsWith("warn retrying POST"))).toHaveLength(2);
    // Exactly three requests consumed the three 503s: the next request (no retries) streams.
    await expect(makeApi({ maxRetries: 0 }).api.chat.stream(id, QUESTION).text()).resolves.toBe(STREAM_EXAMPLE);
  });

  it("a stream that stalls after 3 tokens rejects TimeoutError (idle timeout) after yielding them", async () => {
    const id = randomUUID();
    await script(id, { stallAfter: 3 });
    const { api } = makeApi({ timeout: 1000 });
    const { text, error } = await collect(api.chat.stream(id, QUESTION));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(text).toBe(TOKENS.slice(0, 3).join(""));
  });

  it("aborting mid-stream rejects AbortError", async () => {
    const id = randomUUID();
    await script(id, { delayMs: 20 });
    const { api } = makeApi();
    const controller = new AbortController();
    const { chunks, error } = await collect(api.chat.stream(id, QUESTION, { signal: controller.signal }), () => void controller.abort());
    expect(error).toBeInstanceOf(AbortError);
    expect(chunks.length).toBeGreaterThanOrEqual(1);
    expect(chunks.join("").length).toBeLessThan(STREAM_EXAMPLE.length);
  });

  it("an early break after the first chunk ends the loop cleanly", async () => {
    const { api } = makeApi();
    const { chunks, error } = await collect(api.chat.stream(randomUUID(), QUESTION), () => true);
    expect(error).toBeUndefined();
    expect(chunks).toHaveLength(1);
    expect(STREAM_EXAMPLE.startsWith(chunks[0]!)).toBe(true);
  });

  it("an early break cancels the request: the server sees the client leave before the response ended", async () => {
    const server = await startServer();
    try {
      const path = "/conversation/stream/conv-break";
      server.on("POST", path, { stream: ["Olá! ", "Obrigado ", "por ", "falar"], holdAfter: 2 });
      const api = new AgentApi({ apiKey: API_KEY, baseUrl: server.url });
      const { chunks, error } = await collect(api.chat.stream("conv-break", QUESTION), () => true);
      expect(error).toBeUndefined();
      expect(chunks).toHaveLength(1);
      const [request] = server.requestsTo("POST", path);
      expect(JSON.parse(request?.body ?? "")).toEqual({ text: QUESTION });
      // The server never ends this response: only the client's cancellation closes it.
      await expect(request?.outcome).resolves.toBe("closed-early");
    } finally {
      await server.close();
    }
  });
});
