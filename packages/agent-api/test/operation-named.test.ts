// Every error of a call names the operation that failed, in its message and as `operation`: bad
// server data (a non-JSON 200, a body cut mid-way, a stream that stalls or is not text/plain),
// statuses, timeouts and aborts alike. A scripted local server plays the API.
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AbortError,
  AgentApi,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  ParleyError,
  TimeoutError,
  type AgentApiOptions,
} from "../src/index.js";
import { caught, expectNoSecrets, secretSurfaces, serverPerTest, type Behaviour } from "@parley/test-support";

const API_KEY = "sk-test-named-0123456789";
const CONV = "c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a";
const GET_CONV = `/conversation/${CONV}`;
const STREAM = `/conversation/stream/${CONV}`;

const { server } = serverPerTest({ beforeEach, afterEach });

const makeApi = (extra: Partial<AgentApiOptions> = {}) => new AgentApi({ apiKey: API_KEY, baseUrl: server().url, maxRetries: 0, ...extra });

/** The error names `operation` as a property and at the start of its message, and shows no key. */
function expectNamed(error: ParleyError, operation: string): void {
  expect(error.operation).toBe(operation);
  expect(error.message.startsWith(`${operation}: `), error.message).toBe(true);
  expect(String(error).startsWith(`${error.name}: ${operation}: `)).toBe(true);
  expect(String(error.stack).startsWith(`${error.name}: ${operation}: `)).toBe(true);
  expectNoSecrets(secretSurfaces(error), { "the API key": API_KEY }, "the error");
}

describe("bad server data names the operation", () => {
  it("a 200 that is not JSON: InvalidResponseError naming conversations.get and the whole body", async () => {
    server().on("GET", GET_CONV, { status: 200, headers: { "content-type": "application/json" }, text: `<html>${API_KEY}</html>` });
    const error = await caught(InvalidResponseError, () => makeApi().conversations.get(CONV));
    expectNamed(error, "conversations.get");
    expect(error.field).toBe("");
    expect(error.message).toContain("not valid JSON");
  });

  it("a body cut mid-way: ConnectionError naming conversations.list", async () => {
    server().on("GET", "/conversation", "partial");
    const error = await caught(ConnectionError, async () => makeApi().conversations.list());
    expectNamed(error, "conversations.list");
    expect(error.message).toContain("while reading the response");
  });

  it("a stream that stalls after a token: TimeoutError naming chat.stream and the idle time", async () => {
    server().on("POST", STREAM, { stream: ["Olá! ", "never"], holdAfter: 1 });
    const chunks: string[] = [];
    const error = await caught(TimeoutError, async () => {
      for await (const chunk of makeApi({ timeout: 500 }).chat.stream(CONV, "Oi")) chunks.push(chunk);
    });
    expectNamed(error, "chat.stream");
    expect(error.message).toBe("chat.stream: The stream sent nothing for 500 ms.");
    expect(chunks).toEqual(["Olá! "]);
  });

  it("a stream cut mid-way: ConnectionError naming chat.stream", async () => {
    server().on("POST", STREAM, { stream: ["Olá", "! ", "Tudo"], cutAfter: 1 });
    const error = await caught(ConnectionError, () => makeApi().chat.stream(CONV, "Oi").text());
    expectNamed(error, "chat.stream");
  });
});

describe("statuses, timeouts and aborts name the operation", () => {
  it("a 500 to conversations.create: InternalServerError naming it, the request after it", async () => {
    server().on("POST", "/conversation/create/bot_1", { status: 500, json: { title: "Internal Server Error", status: 500 } });
    const error = await caught(InternalServerError, () => makeApi().conversations.create("bot_1"));
    expectNamed(error, "conversations.create");
    expect(error.message).toContain(`POST ${server().url}/conversation/create/bot_1 failed with 500`);
  });

  it("no answer within the timeout: TimeoutError naming chat.complete", async () => {
    server().on("POST", `/conversation/complete/${CONV}`, "stall");
    const error = await caught(TimeoutError, () => makeApi({ timeout: 500 }).chat.complete(CONV, "Oi"));
    expectNamed(error, "chat.complete");
  });

  it("an abort: AbortError naming messages.list, and chat.stream's before it starts", async () => {
    const error = await caught(AbortError, () => makeApi().messages.list(CONV, { signal: AbortSignal.abort() }));
    expectNamed(error, "messages.list");
    const streamed = await caught(AbortError, () => makeApi().chat.stream(CONV, "Oi", { signal: AbortSignal.abort() }).text());
    expectNamed(streamed, "chat.stream");
    expect(server().requests).toHaveLength(0);
  });
});

describe("chat.stream's content-type (the spec's x-parley-stream: text/plain)", () => {
  it("a 200 application/json is an InvalidResponseError naming chat.stream and content-type, before any token", async () => {
    server().on("POST", STREAM, { status: 200, json: { text: "not a stream" } });
    const chunks: string[] = [];
    const error = await caught(InvalidResponseError, async () => {
      for await (const chunk of makeApi({ maxRetries: 2 }).chat.stream(CONV, "Oi")) chunks.push(chunk);
    });
    expectNamed(error, "chat.stream");
    expect(error.field).toBe("content-type");
    expect(error.message).toContain('got "application/json"');
    expect(chunks).toEqual([]);
    expect(server().requestsTo("POST", STREAM)).toHaveLength(1);
  });

  it("a 200 without a content-type is refused too", async () => {
    server().on("POST", STREAM, { status: 200, body: new TextEncoder().encode("Olá") });
    const error = await caught(InvalidResponseError, () => makeApi().chat.stream(CONV, "Oi").text());
    expect(error.field).toBe("content-type");
    expect(error.message).toContain("got none");
  });

  it("text/plain in any case, with parameters, is read", async () => {
    server().on("POST", STREAM, { status: 200, headers: { "content-type": "Text/Plain; charset=UTF-8" }, text: "Olá!" });
    await expect(makeApi().chat.stream(CONV, "Oi").text()).resolves.toBe("Olá!");
  });
});

/** Every operation: its method, path and call. */
const OPERATIONS: Record<string, [method: string, path: string, call: (a: AgentApi) => Promise<unknown>]> = {
  "conversations.list": ["GET", "/conversation", async (a) => a.conversations.list()],
  "conversations.get": ["GET", GET_CONV, (a) => a.conversations.get(CONV)],
  "messages.list": ["GET", `/conversation/message/${CONV}`, (a) => a.messages.list(CONV)],
  "conversations.create": ["POST", "/conversation/create/bot_1", (a) => a.conversations.create("bot_1")],
  "conversations.updateMeta": ["PUT", `/conversation/update/${CONV}`, (a) => a.conversations.updateMeta(CONV, { plan: "pro" })],
  "chat.complete": ["POST", `/conversation/complete/${CONV}`, (a) => a.chat.complete(CONV, "Oi")],
  "chat.stream": ["POST", STREAM, (a) => a.chat.stream(CONV, "Oi").text()],
  "feedback.send": ["POST", "/conversation/message/feedback/msg_1", (a) => a.feedback.send("msg_1", { feedback: "positive" })],
  "survey.send": ["POST", `/conversation/survey/${CONV}`, (a) => a.survey.send(CONV, { survey: 5 })],
};

/** Error paths, each echoing the key wherever the answer can carry it. */
const ECHO = `Bearer ${API_KEY}`;
const PATHS: Record<string, Behaviour> = {
  "200 not JSON": { status: 200, headers: { "content-type": "application/json", "x-echo": ECHO }, text: `{"echo": "${ECHO}` },
  "200 JSON of the wrong shape": { status: 200, json: ECHO },
  "401 problem": { status: 401, headers: { "www-authenticate": ECHO }, json: { title: "Unauthorized", detail: ECHO } },
  "500 text": { status: 500, headers: { "content-type": "text/plain" }, text: ECHO },
  "body cut mid-way": { partial: { status: 200, body: JSON.stringify({ echo: ECHO, padding: "x".repeat(200) }) } },
  reset: "reset",
};

describe("redaction and naming over every operation and error path", () => {
  it("property: the error names its operation and shows no key, wherever the server echoed it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(OPERATIONS)), fc.constantFrom(...Object.keys(PATHS)), async (operation, path) => {
        const [method, route, call] = OPERATIONS[operation]!;
        server().reset();
        server().on(method, route, PATHS[path]!);
        const error = await caught(ParleyError, () => call(makeApi()));
        expectNamed(error, operation);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
