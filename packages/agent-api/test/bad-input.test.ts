// Bad arguments never reach the network: every method of AgentApi fails with a ValidationError
// naming the argument before anything is sent (an injected fetch spy records every call).
// Promise-returning methods reject (they never throw synchronously); conversations.list and
// chat.stream, which return a PagePromise / TextStream, throw at once.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { AgentApi, PagePromise, TextStream, ValidationError, type AgentApiOptions } from "../src/index.js";

const API_KEY = "sk-test-bad-input-0123456789";
const BASE_URL = "http://127.0.0.1:9";
const CONV = "c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a";

/** A JSON answer that fits every operation well enough (a list page, an id, a message). */
const ANSWER = { total: 0, currentPage: 1, totalPages: 1, cursor: null, conversations: [], id: CONV, botname: "Eva", channel: "web", survey: 5, meta: {}, message: "ok", sendMensages: [{ id: "m", text: "t" }] };

function makeApi(extra: Partial<AgentApiOptions> = {}) {
  // Every operation answers its spec's media type: JSON, and text/plain for the token stream.
  const fetch = vi.fn(async (input: Request | string | URL, _init?: RequestInit) =>
    String(input instanceof Request ? input.url : input).includes("/conversation/stream/")
      ? new Response("t", { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } })
      : new Response(JSON.stringify(ANSWER), { status: 200, headers: { "content-type": "application/json" } }),
  );
  const api = new AgentApi({ apiKey: API_KEY, baseUrl: BASE_URL, fetch, maxRetries: 0, ...extra });
  return { api, fetch };
}

/** An ill-typed argument, as plain JavaScript could pass it. */
const bad = (value: unknown): never => value as never;

function expectValidationError(error: unknown, argument: string): void {
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).argument).toBe(argument);
  expect((error as ValidationError).message).toContain(`\`${argument}\``);
}

/** Calls `call`, requiring that it returns a promise (no synchronous throw); resolves what it rejected with. */
async function rejectionOf(call: () => unknown): Promise<unknown> {
  let result: unknown;
  expect(() => {
    result = call();
  }).not.toThrow();
  expect(result).toBeInstanceOf(Promise);
  return (result as Promise<unknown>).then(
    () => {
      throw new Error("expected the call to reject, but it resolved");
    },
    (error: unknown) => error,
  );
}

/** Calls `call`, requiring that it throws synchronously; returns what it threw. */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw synchronously, but it returned");
}

const long = (n: number) => "x".repeat(n);
const BAD_IDS: unknown[] = ["", "   ", "a/b", "a b", "a\tb", long(201), 42, null, undefined, {}, ["id"], true];
const BAD_TEXTS: unknown[] = ["", "   ", long(10_001), 42, null, undefined, { text: "hi" }];
const BAD_OPTIONS: [options: unknown, argument: string][] = [
  [{ signal: "abort" }, "options.signal"],
  [{ signal: {} }, "options.signal"],
  [{ signal: new AbortController() }, "options.signal"],
  [null, "options"],
  ["fast", "options"],
];

type Api = AgentApi;
type Case = [title: string, call: (api: Api) => unknown, argument: string];
const show = (value: unknown): string =>
  typeof value === "string" ? (value.length > 20 ? `"${value.slice(0, 4)}…"(${value.length})` : JSON.stringify(value)) : value === undefined ? "undefined" : JSON.stringify(value) ?? String(value);

// ---- methods that return a promise: they reject ----------------------------------------------------

const REJECTING: Case[] = [
  // conversations.get
  ...BAD_IDS.map((id): Case => [`conversations.get(${show(id)})`, (api) => api.conversations.get(bad(id)), "idConversation"]),
  // conversations.create
  ...BAD_IDS.map((id): Case => [`conversations.create(${show(id)})`, (api) => api.conversations.create(bad(id)), "botId"]),
  ...[null, "x", [], 42].map((body): Case => [`conversations.create(bot, ${show(body)})`, (api) => api.conversations.create("bot_3f9a", bad(body)), "body"]),
  ...["x", [], null, 42].map((meta): Case => [`conversations.create(bot, {meta: ${show(meta)}})`, (api) => api.conversations.create("bot_3f9a", { meta: bad(meta) }), "body.meta"]),
  ...[{ nested: 1 }, NaN, Infinity, null, [1]].map((value): Case => [
    `conversations.create(bot, {meta: {x: ${show(value)}}})`,
    (api) => api.conversations.create("bot_3f9a", { meta: { x: bad(value) } }),
    "body.meta.x",
  ]),
  // conversations.updateMeta
  ...BAD_IDS.map((id): Case => [`conversations.updateMeta(${show(id)})`, (api) => api.conversations.updateMeta(bad(id), { plan: "pro" }), "convId"]),
  ...[{}, [], null, "x", undefined, 42].map((meta): Case => [`conversations.updateMeta(id, ${show(meta)})`, (api) => api.conversations.updateMeta(CONV, bad(meta)), "meta"]),
  ["conversations.updateMeta(id, {\"\": 1})", (api) => api.conversations.updateMeta(CONV, { "": 1 }), "meta"],
  ...[{ nested: 1 }, NaN, Infinity, -Infinity, null, undefined, [1], () => 1].map((value): Case => [
    `conversations.updateMeta(id, {x: ${show(value)}})`,
    (api) => api.conversations.updateMeta(CONV, { ok: "fine", x: bad(value) }),
    "meta.x",
  ]),
  // messages.list
  ...BAD_IDS.map((id): Case => [`messages.list(${show(id)})`, (api) => api.messages.list(bad(id)), "idConversation"]),
  // chat.complete
  ...BAD_IDS.map((id): Case => [`chat.complete(${show(id)})`, (api) => api.chat.complete(bad(id), "Olá"), "idConversation"]),
  ...BAD_TEXTS.map((text): Case => [`chat.complete(id, ${show(text)})`, (api) => api.chat.complete(CONV, bad(text)), "text"]),
  // feedback.send
  ...BAD_IDS.map((id): Case => [`feedback.send(${show(id)})`, (api) => api.feedback.send(bad(id), { feedback: "positive" }), "idmessage"]),
  ...[null, "positive", [], undefined].map((body): Case => [`feedback.send(id, ${show(body)})`, (api) => api.feedback.send("msg_1", bad(body)), "body"]),
  ...["meh", "POSITIVE", "", 1, true, null, undefined].map((feedback): Case => [
    `feedback.send(id, {feedback: ${show(feedback)}})`,
    (api) => api.feedback.send("msg_1", { feedback: bad(feedback) }),
    "body.feedback",
  ]),
  ...[long(2001), 42, null].map((comment): Case => [
    `feedback.send(id, {comment: ${show(comment)}})`,
    (api) => api.feedback.send("msg_1", { feedback: "negative", comment: bad(comment) }),
    "body.comment",
  ]),
  // survey.send
  ...BAD_IDS.map((id): Case => [`survey.send(${show(id)})`, (api) => api.survey.send(bad(id), { survey: 5 }), "idconv"]),
  ...[null, 5, [], undefined].map((body): Case => [`survey.send(id, ${show(body)})`, (api) => api.survey.send(CONV, bad(body)), "body"]),
  ...[0, 6, 2.5, -1, "5", NaN, Infinity, null, undefined].map((survey): Case => [
    `survey.send(id, {survey: ${show(survey)}})`,
    (api) => api.survey.send(CONV, { survey: bad(survey) }),
    "body.survey",
  ]),
  ...[long(2001), 42].map((comment): Case => [`survey.send(id, {comment: ${show(comment)}})`, (api) => api.survey.send(CONV, { survey: 3, comment: bad(comment) }), "body.comment"]),
  // options of every promise-returning method
  ...BAD_OPTIONS.flatMap(([options, argument]): Case[] => [
    [`conversations.get(id, ${show(options)})`, (api) => api.conversations.get(CONV, bad(options)), argument],
    [`conversations.create(bot, {}, ${show(options)})`, (api) => api.conversations.create("bot_3f9a", {}, bad(options)), argument],
    [`conversations.updateMeta(id, meta, ${show(options)})`, (api) => api.conversations.updateMeta(CONV, { a: 1 }, bad(options)), argument],
    [`messages.list(id, ${show(options)})`, (api) => api.messages.list(CONV, bad(options)), argument],
    [`chat.complete(id, text, ${show(options)})`, (api) => api.chat.complete(CONV, "Olá", bad(options)), argument],
    [`feedback.send(id, body, ${show(options)})`, (api) => api.feedback.send("msg_1", { feedback: "positive" }, bad(options)), argument],
    [`survey.send(id, body, ${show(options)})`, (api) => api.survey.send(CONV, { survey: 4 }, bad(options)), argument],
  ]),
];

// ---- methods that return a PagePromise / TextStream: they throw at once -----------------------------

const THROWING: Case[] = [
  // conversations.list
  ...[null, "x", [], 42].map((params): Case => [`conversations.list(${show(params)})`, (api) => api.conversations.list(bad(params)), "params"]),
  ...[0, 101, 1.5, -5, "10", NaN, Infinity, null].map((limit): Case => [`list({limit: ${show(limit)}})`, (api) => api.conversations.list({ limit: bad(limit) }), "params.limit"]),
  ...[-1, 1.5, "1", NaN, null].map((currentPage): Case => [
    `list({currentPage: ${show(currentPage)}})`,
    (api) => api.conversations.list({ currentPage: bad(currentPage) }),
    "params.currentPage",
  ]),
  ...["2026-13-01", "2026-02-30", "2025-04-31", "21/11/2026", "2026-11-21T10:00:00Z", "2026-11-21 10:00", "2026-1-5", "", "yesterday", 20261121, null].map((dateInit): Case => [
    `list({dateInit: ${show(dateInit)}})`,
    (api) => api.conversations.list({ dateInit: bad(dateInit) }),
    "params.dateInit",
  ]),
  ...["2026-13-01", "2026-02-30", "21/11/2026", "2026-11-21T10:00:00Z", ""].map((dateEnd): Case => [
    `list({dateEnd: ${show(dateEnd)}})`,
    (api) => api.conversations.list({ dateEnd: bad(dateEnd) }),
    "params.dateEnd",
  ]),
  ["list({dateInit: 2026-11-21, dateEnd: 2026-11-20}) (end before start)", (api) => api.conversations.list({ dateInit: "2026-11-21", dateEnd: "2026-11-20" }), "params.dateEnd"],
  ["list({dateInit: 2026-01-01, dateEnd: 2025-12-31}) (end before start)", (api) => api.conversations.list({ dateInit: "2026-01-01", dateEnd: "2025-12-31" }), "params.dateEnd"],
  ["list({cursor}) with the default currentPage 0", (api) => api.conversations.list({ cursor: "c1" }), "params.cursor"],
  ["list({cursor, currentPage: 0})", (api) => api.conversations.list({ cursor: "c1", currentPage: 0 }), "params.cursor"],
  ...["", 42, null].map((cursor): Case => [`list({currentPage: 1, cursor: ${show(cursor)}})`, (api) => api.conversations.list({ currentPage: 1, cursor: bad(cursor) }), "params.cursor"]),
  ...[long(501), "", 42].map((search): Case => [`list({search: ${show(search)}})`, (api) => api.conversations.list({ search: bad(search) }), "params.search"]),
  ...[long(501), "", { customerId: "x" }].map((meta): Case => [`list({meta: ${show(meta)}})`, (api) => api.conversations.list({ meta: bad(meta) }), "params.meta"]),
  ...BAD_OPTIONS.map(([options, argument]): Case => [`list({}, ${show(options)})`, (api) => api.conversations.list({}, bad(options)), argument]),
  // chat.stream
  ...BAD_IDS.map((id): Case => [`chat.stream(${show(id)})`, (api) => api.chat.stream(bad(id), "Olá"), "idConversation"]),
  ...BAD_TEXTS.map((text): Case => [`chat.stream(id, ${show(text)})`, (api) => api.chat.stream(CONV, bad(text)), "text"]),
  ...BAD_OPTIONS.map(([options, argument]): Case => [`chat.stream(id, text, ${show(options)})`, (api) => api.chat.stream(CONV, "Olá", bad(options)), argument]),
];

describe("promise-returning methods reject with a ValidationError and send nothing", () => {
  it.each(REJECTING)("%s", async (_title, call, argument) => {
    const { api, fetch } = makeApi();
    const error = await rejectionOf(() => call(api));
    expectValidationError(error, argument);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("conversations.list and chat.stream throw a ValidationError at once and send nothing", () => {
  it.each(THROWING)("%s", async (_title, call, argument) => {
    const { api, fetch } = makeApi();
    expectValidationError(thrownBy(() => call(api)), argument);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("values at the limits are accepted and sent", () => {
  const OK: [title: string, call: (api: Api) => PromiseLike<unknown>][] = [
    ["list({limit: 1})", (api) => api.conversations.list({ limit: 1 })],
    ["list({limit: 100})", (api) => api.conversations.list({ limit: 100 })],
    ["list({currentPage: 1, cursor})", (api) => api.conversations.list({ currentPage: 1, cursor: "c1" })],
    ["list({dateInit = dateEnd})", (api) => api.conversations.list({ dateInit: "2024-02-29", dateEnd: "2024-02-29" })],
    ["chat.complete with 10000 characters", (api) => api.chat.complete(CONV, long(10_000))],
    ["chat.stream with 10000 characters", (api) => api.chat.stream(CONV, long(10_000)).text()],
    ["conversations.get with a 200-character id", (api) => api.conversations.get(long(200))],
    ["survey 1", (api) => api.survey.send(CONV, { survey: 1 })],
    ["survey 5 with an empty comment", (api) => api.survey.send(CONV, { survey: 5, comment: "" })],
    ["feedback with a 2000-character comment", (api) => api.feedback.send("msg_1", { feedback: "positive", comment: long(2000) })],
    ["updateMeta with a string, a number and a boolean", (api) => api.conversations.updateMeta(CONV, { a: "x", b: 0, c: false })],
    ["create with an empty meta", (api) => api.conversations.create("bot_3f9a", { meta: {} })],
  ];
  it.each(OK)("%s", async (_title, call) => {
    const { api, fetch } = makeApi();
    await call(api);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("a valid list call returns a PagePromise and a valid stream call a TextStream, sending nothing yet", async () => {
    const { api, fetch } = makeApi();
    expect(api.conversations.list({ limit: 2 })).toBeInstanceOf(PagePromise);
    expect(api.chat.stream(CONV, "Olá")).toBeInstanceOf(TextStream);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("the constructor", () => {
  const valid = { apiKey: API_KEY, baseUrl: BASE_URL };
  const CTOR: [title: string, options: unknown, argument: string][] = [
    ["no options", undefined, "options"],
    ["null options", null, "options"],
    ["a string", API_KEY, "options"],
    ["no apiKey", { baseUrl: BASE_URL }, "options.apiKey"],
    ...["", "   ", "sk live key", "sk-key\n", 42, null, { key: "x" }].map((apiKey): [string, unknown, string] => [`apiKey ${show(apiKey)}`, { ...valid, apiKey }, "options.apiKey"]),
    ...["", "not a url", "api.evagpt.com.br", "/conversation", 42, null].map((baseUrl): [string, unknown, string] => [`baseUrl ${show(baseUrl)}`, { ...valid, baseUrl }, "options.baseUrl"]),
    ["fetch not a function", { ...valid, fetch: "fetch" }, "options.fetch"],
    ...[0, -1, "100", NaN, Infinity, null].map((timeout): [string, unknown, string] => [`timeout ${show(timeout)}`, { ...valid, timeout }, "options.timeout"]),
    ...[-1, 11, 1.5, "2", NaN, null].map((maxRetries): [string, unknown, string] => [`maxRetries ${show(maxRetries)}`, { ...valid, maxRetries }, "options.maxRetries"]),
    ["logger {}", { ...valid, logger: {} }, "options.logger.debug"],
    ["logger null", { ...valid, logger: null }, "options.logger.debug"],
    ["logger without error", { ...valid, logger: { debug() {}, warn() {} } }, "options.logger.error"],
    // JavaScript callers get no compile error for a misspelt option: it was silently ignored.
    ["an unknown key (apikey)", { ...valid, apikey: API_KEY }, "options.apikey"],
    ["an unknown key (retries)", { ...valid, retries: 3 }, "options.retries"],
  ];

  it.each(CTOR)("%s → ValidationError", (_title, options, argument) => {
    const fetch = vi.fn();
    const withSpy = options !== null && typeof options === "object" && !("fetch" in options) ? { ...options, fetch } : options;
    expectValidationError(thrownBy(() => new AgentApi(bad(withSpy))), argument);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("accepts the minimal options (the default base URL) without sending anything", () => {
    const fetch = vi.fn();
    const api = new AgentApi({ apiKey: API_KEY, fetch });
    expect(api).toBeInstanceOf(AgentApi);
    expect(fetch).not.toHaveBeenCalled();
  });

  // A key a header cannot carry (a zero-width space from a copy-paste, a non-Latin-1 letter, a NUL)
  // is refused at construction, not discovered later as a misleading ConnectionError on every call.
  it.each(["sk-live-abc\u200b", "sk-ключ-123", "sk-live-abc\u0000"])("apiKey %j that cannot be sent as a header → ValidationError", (apiKey) => {
    expectValidationError(thrownBy(() => new AgentApi({ apiKey, baseUrl: BASE_URL, fetch: vi.fn() })), "options.apiKey");
  });

  // Only an http(s) base without query or fragment: "localhost:4020" parses as a URL with scheme
  // "localhost:", and a query would swallow every path appended to it.
  it.each(["localhost:4020", "ftp://example.com", "http://127.0.0.1:9?x=1", "http://127.0.0.1:9#top"])(
    "baseUrl %j that is not an http(s) base → ValidationError",
    (baseUrl) => {
      expectValidationError(thrownBy(() => new AgentApi({ apiKey: API_KEY, baseUrl, fetch: vi.fn() })), "options.baseUrl");
    },
  );
});

describe("properties", () => {
  const notString = fc.anything().filter((value) => typeof value !== "string");

  it("any non-string idConversation → ValidationError(\"idConversation\"), nothing sent", async () => {
    const { api, fetch } = makeApi();
    await fc.assert(
      fc.asyncProperty(notString, async (id) => {
        for (const call of [() => api.conversations.get(bad(id)), () => api.messages.list(bad(id)), () => api.chat.complete(bad(id), "Olá")]) {
          expectValidationError(await rejectionOf(call), "idConversation");
        }
        expectValidationError(thrownBy(() => api.chat.stream(bad(id), "Olá")), "idConversation");
      }),
      { numRuns: 200 },
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it("any id containing a slash or white space → ValidationError naming the id, nothing sent", async () => {
    const { api, fetch } = makeApi();
    const id = fc
      .tuple(fc.string(), fc.constantFrom("/", " ", "\t", "\n", "\u00a0"), fc.string())
      .map(([a, sep, b]) => `${a}${sep}${b}`)
      .filter((s) => s.length <= 200);
    await fc.assert(
      fc.asyncProperty(id, async (value) => {
        expectValidationError(await rejectionOf(() => api.conversations.get(value)), "idConversation");
        expectValidationError(await rejectionOf(() => api.survey.send(value, { survey: 3 })), "idconv");
        expectValidationError(await rejectionOf(() => api.feedback.send(value, { feedback: "positive" })), "idmessage");
      }),
    );
    expect(fetch).not.toHaveBeenCalled();
  });

  it("any non-blank text up to 10000 characters is sent exactly as given", async () => {
    const { api, fetch } = makeApi();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 200, unit: "grapheme" }).filter((s) => s.trim().length > 0),
        async (text) => {
          fetch.mockClear();
          await api.chat.complete(CONV, text);
          expect(fetch).toHaveBeenCalledTimes(1);
          const init = fetch.mock.calls[0]?.[1];
          expect(JSON.parse(String(init?.body))).toEqual({ text });
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("a key in the wrong place says where it belongs (did you mean)", () => {
  const signal = new AbortController().signal;
  const message = (argument: string, hint: string) => `Invalid argument \`${argument}\`: is not a known field${hint}`;

  it("conversations.list: a signal among the params, a param among the options, a misspelt param; nothing sent", () => {
    const { api, fetch } = makeApi();
    const inParams = thrownBy(() => api.conversations.list(bad({ limit: 5, signal })));
    expectValidationError(inParams, "params.signal");
    expect((inParams as ValidationError).message).toBe(message("params.signal", "; did you mean options.signal?"));
    const inOptions = thrownBy(() => api.conversations.list({}, bad({ limit: 5 })));
    expect((inOptions as ValidationError).message).toBe(message("options.limit", "; did you mean params.limit?"));
    const misspelt = thrownBy(() => api.conversations.list(bad({ limt: 5 })));
    expect((misspelt as ValidationError).message).toBe(message("params.limt", " (expected limit, currentPage, dateInit, dateEnd, search, meta, cursor)"));
    expect(fetch).not.toHaveBeenCalled();
  });

  it("conversations.create: a metadata field at the top of the body belongs in body.meta; a signal in the body in options", async () => {
    const { api, fetch } = makeApi();
    const flat = await rejectionOf(() => api.conversations.create("bot_3f9a", bad({ source: "web" })));
    expectValidationError(flat, "body.source");
    expect((flat as ValidationError).message).toBe(message("body.source", "; did you mean body.meta.source?"));
    const inBody = await rejectionOf(() => api.conversations.create("bot_3f9a", bad({ meta: { source: "web" }, signal })));
    expect((inBody as ValidationError).message).toBe(message("body.signal", "; did you mean options.signal?"));
    const inOptions = await rejectionOf(() => api.conversations.create("bot_3f9a", {}, bad({ meta: { source: "web" } })));
    expect((inOptions as ValidationError).message).toBe(message("options.meta", "; did you mean body.meta?"));
    expect(fetch).not.toHaveBeenCalled();
  });

  it("conversations.updateMeta takes the metadata itself: { meta: {...} } says so; feedback and survey fields in options say where they go", async () => {
    const { api, fetch } = makeApi();
    const wrapped = await rejectionOf(() => api.conversations.updateMeta(CONV, { meta: bad({ plan: "pro" }) }));
    expectValidationError(wrapped, "meta.meta");
    expect((wrapped as ValidationError).message).toContain("did you mean to pass the metadata itself, not { meta: ... }?");
    const comment = await rejectionOf(() => api.feedback.send("m1", { feedback: "positive" }, bad({ comment: "thanks" })));
    expect((comment as ValidationError).message).toBe(message("options.comment", "; did you mean body.comment?"));
    const rating = await rejectionOf(() => api.survey.send(CONV, bad({ rating: 5 })));
    expect((rating as ValidationError).message).toBe(message("body.rating", " (expected survey, comment)"));
    const surveyInOptions = await rejectionOf(() => api.survey.send(CONV, bad({}), bad({ survey: 5 })));
    expect((surveyInOptions as ValidationError).message).toBe(message("options.survey", "; did you mean body.survey?"));
    expect(fetch).not.toHaveBeenCalled();
  });
});
