// Bad arguments never reach the network: every public method of the headless Client rejects (or
// throws) a ValidationError naming the argument, before it authenticates or sends anything. Chat
// methods check their arguments before they require a current chat, so a fresh client still gets
// a ValidationError (never a StateError) for a bad argument.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { Client, StateError, ValidationError, memoryStorage, type ClientOptions } from "../src/index.js";
import { chatState } from "./support/server.js";

const HOST = "http://127.0.0.1:9";

// ---- fixtures from openapi/headless.yaml ---------------------------------------------------------

/** The example of `201` on POST /menus/{menuId}/chats. */
const CHAT_CREATED = chatState();

/** The example of `200` on GET /chats/{chatId}/survey. */
const CHAT_SURVEY = {
  id: 17,
  lang: "en",
  sign_off_display_text: "Thanks for your feedback!",
  questions: [
    {
      id: 101,
      type: "csat",
      display_text: "How satisfied are you with the support you received?",
      name: "satisfaction",
      is_csat: true,
      position: 1,
      valid_answers: [
        { key: "1", value: "Very dissatisfied" },
        { key: "3", value: "Neutral" },
        { key: "5", value: "Very satisfied" },
      ],
    },
    { id: 102, type: "star", display_text: "Rate your agent.", is_csat: false, position: 2 },
    { id: 103, type: "scale", display_text: "How likely are you to recommend us (0-10)?", position: 3 },
    {
      id: 104,
      type: "enumeration",
      display_text: "Was your issue resolved?",
      position: 4,
      valid_answers: [
        { key: "a", value: "Yes" },
        { key: "b", value: "No" },
      ],
    },
    { id: 105, type: "free-form", display_text: "Anything else you'd like to tell us?", position: 5 },
  ],
};

// ---- helpers -------------------------------------------------------------------------------------

type Method = {
  [K in keyof Client]: Client[K] extends (...args: never[]) => unknown ? K : never;
}[keyof Client];

interface Sent {
  method: string;
  path: string;
  body: string;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/**
 * A client on an unreachable host whose `authenticate` and `fetch` are spies. The fetch answers the
 * few routes the survey test needs (auth, chat creation, survey) and records what it was sent.
 */
function makeClient(overrides: Partial<ClientOptions> = {}) {
  const sent: Sent[] = [];
  const authenticate = vi.fn(async () => ({ token: "jwt" }));
  const fetch = vi.fn(async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    const body = request.body === null ? "" : await request.clone().text();
    sent.push({ method: request.method, path, body });
    const route = `${request.method} ${path}`;
    if (route === "POST /api/v2/auth/end_user") return json(200, { token: "t", expires_in: 3600 });
    if (route === "POST /api/v2/menus/123/chats") return json(201, CHAT_CREATED);
    if (route === "GET /api/v2/chats/8812/survey") return json(200, CHAT_SURVEY);
    if (route === "POST /api/v2/chats/8812/survey") return new Response(null, { status: 204 });
    return json(404, { title: "Not Found", status: 404 });
  });
  const client = new Client({
    companyId: "acme",
    host: HOST,
    authenticate,
    fetch,
    transport: false,
    storage: memoryStorage(),
    maxRetries: 0,
    ...overrides,
  });
  return { client, authenticate, fetch, sent };
}

/** Calls a method by name with arbitrary (ill-typed) arguments. */
function invoke(client: Client, name: Method, args: readonly unknown[]): unknown {
  const fn = Reflect.get(client, name) as (...a: unknown[]) => unknown;
  return fn.apply(client, [...args]);
}

/** The error a call threw synchronously or rejected with; fails when the call succeeds. */
async function failure(run: () => unknown): Promise<{ error: unknown; sync: boolean }> {
  let pending: unknown;
  try {
    pending = run();
  } catch (error) {
    return { error, sync: true };
  }
  try {
    await pending;
  } catch (error) {
    return { error, sync: false };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

function expectValidationError(error: unknown, argument: string): void {
  expect(error).toBeInstanceOf(ValidationError);
  expect(error).not.toBeInstanceOf(StateError);
  expect((error as ValidationError).argument).toBe(argument);
  expect((error as ValidationError).message).toContain(`\`${argument}\``);
}

function show(value: unknown): string {
  if (typeof value === "string") return value.length > 24 ? `"${value.slice(0, 8)}…"(${value.length})` : JSON.stringify(value);
  if (value === undefined) return "undefined";
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "function") return "fn";
  if (value instanceof Blob) return `${value.constructor.name}(${value.size})`;
  if (Array.isArray(value)) return value.length > 3 ? `[${value.length} items]` : `[${value.map(show).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${show(v)}`)
      .join(", ")}}`;
  }
  return String(value);
}

// ---- the table -----------------------------------------------------------------------------------

type Case = [method: Method, args: unknown[], argument: string];

const long = (n: number) => "x".repeat(n);
const BAD_IDS: unknown[] = [0, -1, 1.5, "abc", "", null, {}, undefined, NaN, Infinity, "1e3", "0", " -2 ", 2 ** 53, [1], true];
const BAD_MENU_IDS: unknown[] = [0, -1, 1.5, "abc", "", null, {}];
const CALL: Record<string, unknown> = { phone_number: "+12345678" };
const EMAIL: Record<string, unknown> = { email: "name@example.com", content: "description of the question" };
const blob = new Blob(["data"], { type: "text/plain" });
const elevenEmails = Array.from({ length: 11 }, (_, i) => `name${i}@example.com`);

const CASES: Case[] = [
  // Company and menus
  ["runTrigger", ["not a function"], "cb"],
  ["runTrigger", [null], "cb"],
  ["runTrigger", [undefined], "cb"],
  ["runTrigger", [{}], "cb"],
  ["getAfterHourMessage", [42], "lang"],
  ["getAfterHourMessage", [""], "lang"],
  ["getAfterHourMessage", [{}], "lang"],
  ["getMenus", [42], "key"],
  ["getMenus", [""], "key"],
  ["getMenus", [null], "key"],
  ["getMenus", [undefined, 42], "lang"],
  ["getMenus", ["direct_menu_key", ""], "lang"],
  ...BAD_MENU_IDS.map((id): Case => ["getWaitTimes", [id], "menuId"]),
  ["getWaitTimes", [123, 42], "lang"],

  // Calls
  ...BAD_MENU_IDS.map((id): Case => ["createCall", [id, CALL], "menuId"]),
  ["createCall", [123, { phone_number: "" }], "data.phone_number"],
  ["createCall", [123, { phone_number: "   " }], "data.phone_number"],
  ["createCall", [123, {}], "data.phone_number"],
  ["createCall", [123, { lang: "en" }], "data.phone_number"],
  ["createCall", [123, { phone_number: 12345678 }], "data.phone_number"],
  ["createCall", [123, { phone_number: "call me" }], "data.phone_number"],
  ["createCall", [123, { phone_number: `+1${"2".repeat(40)}` }], "data.phone_number"],
  ["createCall", [123, "+12345678"], "data"],
  ["createCall", [123, null], "data"],
  ["createCall", [123, undefined], "data"],
  ["createCall", [123, ["+12345678"]], "data"],
  ["createCall", [123, 42], "data"],
  ["createCall", [123, new Date()], "data"],
  ["createCall", [123, { ...CALL, email: "not-an-email" }], "data.email"],
  ["createCall", [123, { ...CALL, email: "" }], "data.email"],
  ["createCall", [123, { ...CALL, email: `${long(250)}@example.com` }], "data.email"],
  ["createCall", [123, { ...CALL, recording_permission: "yes" }], "data.recording_permission"],
  ["createCall", [123, { ...CALL, recording_permission: true }], "data.recording_permission"],
  ["createCall", [123, { ...CALL, scheduled_at: "tomorrow" }], "data.scheduled_at"],
  ["createCall", [123, { ...CALL, scheduled_at: "" }], "data.scheduled_at"],
  ["createCall", [123, { ...CALL, scheduled_at: "2026-13-01" }], "data.scheduled_at"],
  ["createCall", [123, { ...CALL, scheduled_at: 1_763_719_200_000 }], "data.scheduled_at"],
  ["createCall", [123, { ...CALL, lang: 42 }], "data.lang"],
  ["createCall", [123, { ...CALL, lang: "" }], "data.lang"],
  ["createCall", [123, { ...CALL, ticket_id: "" }], "data.ticket_id"],
  ["createCall", [123, { ...CALL, custom_data: "x" }], "data.custom_data"],
  ["createCall", [123, { ...CALL, custom_data: { signed: 1 } }], "data.custom_data.signed"],
  ["createCall", [123, { ...CALL, custom_data: { unsigned: [] } }], "data.custom_data.unsigned"],
  ...BAD_IDS.map((id): Case => ["loadCall", [id], "callId"]),
  ...BAD_IDS.map((id): Case => ["cancelCall", [id], "callId"]),
  ...BAD_MENU_IDS.map((id): Case => ["getTimeSlots", [id], "menuId"]),
  ["getTimeSlots", [123, ""], "lang"],
  ["getTimeSlots", [123, 42], "lang"],

  // Chats
  ...BAD_MENU_IDS.map((id): Case => ["createChat", [id, { lang: "en" }], "menuId"]),
  ["createChat", [123, "en"], "data"],
  ["createChat", [123, null], "data"],
  ["createChat", [123, undefined], "data"],
  ["createChat", [123, []], "data"],
  ["createChat", [123, { lang: 42 }], "data.lang"],
  ["createChat", [123, { trigger_id: "" }], "data.trigger_id"],
  ["createChat", [123, { ticket_id: 42 }], "data.ticket_id"],
  ["createChat", [123, { email: "alex@" }], "data.email"],
  ["createChat", [123, { greeting: long(8001) }], "data.greeting"],
  ["createChat", [123, { greeting: 42 }], "data.greeting"],
  ["createChat", [123, { cobrowsable: "yes" }], "data.cobrowsable"],
  ["createChat", [123, { custom_data: [] }], "data.custom_data"],
  ["createChat", [123, { custom_data: { unsigned: "x" } }], "data.custom_data.unsigned"],
  ...BAD_IDS.map((id): Case => ["loadChat", [id], "chatId"]),
  ...BAD_IDS.map((id): Case => ["resumeChat", [id], "chatId"]),
  ["sendTextMessage", [""], "rawContent"],
  ["sendTextMessage", ["   "], "rawContent"],
  ["sendTextMessage", [long(8001)], "rawContent"],
  ["sendTextMessage", [42], "rawContent"],
  ["sendTextMessage", [null], "rawContent"],
  ["sendTextMessage", [undefined], "rawContent"],
  ["sendTextMessage", [{ content: "hello" }], "rawContent"],
  ["sendFileMessage", ["a string"], "file"],
  ["sendFileMessage", [new Blob([])], "file"],
  ["sendFileMessage", [new File([], "empty.txt")], "file"],
  ["sendFileMessage", [null], "file"],
  ["sendFileMessage", [undefined], "file"],
  ["sendFileMessage", [{ name: "a.txt", size: 4 }], "file"],
  ["sendFileMessage", [new Uint8Array([1, 2, 3])], "file"],
  ["sendPreviewMessage", [long(8001)], "content"],
  ["sendPreviewMessage", [42], "content"],
  ["sendPreviewMessage", [null], "content"],
  ["sendPreviewMessage", [undefined], "content"],
  ["sendChatTranscripts", ["a@b.co"], "emails"],
  ["sendChatTranscripts", [[]], "emails"],
  ["sendChatTranscripts", [null], "emails"],
  ["sendChatTranscripts", [{ 0: "a@b.co", length: 1 }], "emails"],
  ["sendChatTranscripts", [["a@b.co", "not an email"]], "emails[1]"],
  ["sendChatTranscripts", [["a@b.co", "b@c.io", ""]], "emails[2]"],
  ["sendChatTranscripts", [[42]], "emails[0]"],
  ["sendChatTranscripts", [elevenEmails], "emails"],
  ...[0, -1, 1.5, "abc", "", null, {}].map((id): Case => ["getPdfStatus", [id], "id"]),
  ["sendChatSurvey", [null], "answers"],
  ["sendChatSurvey", [{}], "answers"],
  ["sendChatSurvey", [[]], "answers"],
  ["sendChatSurvey", ["a"], "answers"],
  ["sendChatSurvey", [{ abc: 1 }], "answers[abc]"],
  ["sendChatSurvey", [{ "-1": 1 }], "answers[-1]"],
  ["sendChatSurvey", [{ 1: {} }], "answers[1]"],
  ["sendChatSurvey", [{ 1: null }], "answers[1]"],
  ["sendChatSurvey", [{ 1: true }], "answers[1]"],
  ["sendChatSurvey", [{ 1: NaN }], "answers[1]"],
  ["sendChatSurvey", [{ 1: Infinity }], "answers[1]"],
  ["sendChatSurvey", [{ 1: "a", 2: ["b"] }], "answers[2]"],
  ["sendChatRate", [{ rating: 0 }], "data.rating"],
  ["sendChatRate", [{ rating: 6 }], "data.rating"],
  ["sendChatRate", [{ rating: 4.5 }], "data.rating"],
  ["sendChatRate", [{ rating: "5" }], "data.rating"],
  ["sendChatRate", [{ rating: NaN }], "data.rating"],
  ["sendChatRate", [{ feedback: "great" }], "data.rating"],
  ["sendChatRate", [{ rating: 5, feedback: 42 }], "data.feedback"],
  ["sendChatRate", [{ rating: 5, feedback: long(2001) }], "data.feedback"],
  ["sendChatRate", [5], "data"],
  ["sendChatRate", [null], "data"],
  ["escalateChat", ["x"], "data"],
  ["escalateChat", [null], "data"],
  ["escalateChat", [[]], "data"],
  ["escalateChat", [{ reason: 42 }], "data.reason"],
  ["escalateChat", [{ reason: long(2001) }], "data.reason"],
  ["trackChatEscalation", [0, "chat"], "escalationId"],
  ["trackChatEscalation", [-1, "chat"], "escalationId"],
  ["trackChatEscalation", [1.5, "chat"], "escalationId"],
  ["trackChatEscalation", ["abc", "chat"], "escalationId"],
  ["trackChatEscalation", [undefined, "chat"], "escalationId"],
  ["trackChatEscalation", [1, ""], "channel"],
  ["trackChatEscalation", [1, 42], "channel"],
  ["trackChatEscalation", [1, undefined], "channel"],
  ["trackChatEscalation", [1, long(65)], "channel"],
  ["trackChatEndUserEvent", ["x"], "data"],
  ["trackChatEndUserEvent", [null], "data"],
  ["trackChatEndUserEvent", [undefined], "data"],
  ["trackChatEndUserEvent", [[]], "data"],
  ["trackChatEndUserEvent", [{ end_user_name: 42 }], "data.end_user_name"],
  ["trackChatEndUserEvent", [{ end_user_name: long(257) }], "data.end_user_name"],
  ["getChatHistory", [0], "page"],
  ["getChatHistory", [1.5], "page"],
  ["getChatHistory", [-1], "page"],
  ["getChatHistory", ["2"], "page"],
  ["getChatHistory", [NaN], "page"],
  ["getChatHistory", [null], "page"],

  // Emails
  ...BAD_MENU_IDS.map((id): Case => ["createEmail", [id, EMAIL], "menuId"]),
  ["createEmail", [123, "x"], "data"],
  ["createEmail", [123, null], "data"],
  ["createEmail", [123, { content: "hi" }], "data.email"],
  ["createEmail", [123, { ...EMAIL, email: "bad" }], "data.email"],
  ["createEmail", [123, { ...EMAIL, email: 42 }], "data.email"],
  ["createEmail", [123, { ...EMAIL, content: "" }], "data.content"],
  ["createEmail", [123, { ...EMAIL, content: "  " }], "data.content"],
  ["createEmail", [123, { email: "name@example.com" }], "data.content"],
  ["createEmail", [123, { ...EMAIL, content: long(20_001) }], "data.content"],
  ["createEmail", [123, { ...EMAIL, name: long(257) }], "data.name"],
  ["createEmail", [123, { ...EMAIL, lang: "" }], "data.lang"],
  ["createEmail", [123, { ...EMAIL, recaptcha: 42 }], "data.recaptcha"],
  ["createEmail", [123, { ...EMAIL, files: ["a string"] }], "data.files[0]"],
  ["createEmail", [123, { ...EMAIL, files: [blob, "a string"] }], "data.files[1]"],
  ["createEmail", [123, { ...EMAIL, files: [blob, null] }], "data.files[1]"],

  // Co-browse
  ["createCobrowseCode", [42], "lang"],
  ["createCobrowseCode", [""], "lang"],
  ["createCobrowseCode", [undefined, { x: 1 }], "customData.x"],
  ["createCobrowseCode", [undefined, { a: "ok", x: null }], "customData.x"],
  ["createCobrowseCode", [undefined, "x"], "customData"],
  ["createCobrowseCode", [undefined, null], "customData"],
  ["createCobrowseCode", [undefined, ["x"]], "customData"],
  ["startCobrowse", [42], "from"],
  ["startCobrowse", [""], "from"],
  ["getMessageAttachment", [null], "message"],
  ["getMessageAttachment", [undefined], "message"],
  ["getMessageAttachment", ["message"], "message"],
  ["getMessageAttachment", [{ media_id: 0 }], "message.media_id"],
  ["getMessageAttachment", [{ media_id: "abc" }], "message.media_id"],
  ["getMessageAttachment", [{ document: { url: "not a url" } }], "message.document.url"],
  ["getMessageAttachment", [{ document: { url: 42 } }], "message.document.url"],
  ["getMessageAttachment", [{ document: { url: "" } }], "message.document.url"],

  // Post-session
  ["updatePostSession", ["done"], "postSessionStatus"],
  ["updatePostSession", ["READY"], "postSessionStatus"],
  ["updatePostSession", [""], "postSessionStatus"],
  ["updatePostSession", [null], "postSessionStatus"],
  ["updatePostSession", [undefined], "postSessionStatus"],
];

/** Methods that take no argument (apart from the trailing `{ signal }`), so no bad value to pass. */
const NO_ARGUMENTS = new Set<string>([
  "getTrigger",
  "getCompany",
  "loadOngoingChat",
  "finishChat",
  "destroyChat",
  "fetchMessages",
  "getChatDeflection",
  "downloadChatTranscript",
  "getChatSurvey",
  "getProhibitedFileTypes",
  "close",
]);

/** Methods that work on the current chat. */
const CHAT_METHODS = new Set<string>([
  "sendTextMessage",
  "sendFileMessage",
  "sendPreviewMessage",
  "sendChatTranscripts",
  "sendChatSurvey",
  "sendChatRate",
  "escalateChat",
  "trackChatEscalation",
  "trackChatEndUserEvent",
  "startCobrowse",
  "getMessageAttachment",
  "updatePostSession",
]);

// ---- tests ---------------------------------------------------------------------------------------

describe("every public method rejects bad arguments before sending anything", () => {
  it("the table covers every public method of Client that takes an argument", () => {
    const methods = Object.getOwnPropertyNames(Client.prototype).filter(
      (name) => name !== "constructor" && typeof Object.getOwnPropertyDescriptor(Client.prototype, name)?.value === "function",
    );
    const covered = new Set(CASES.map(([name]) => name));
    const uncovered = methods.filter((name) => !covered.has(name as Method) && !NO_ARGUMENTS.has(name));
    expect(uncovered).toEqual([]);
    // ...and the seed's documented methods are all there.
    for (const documented of ["getTrigger", "getCompany", "getAfterHourMessage", "getMenus", "getWaitTimes", "createCall", "loadCall", "cancelCall", "getTimeSlots", "createChat", "loadChat", "loadOngoingChat", "resumeChat", "finishChat", "destroyChat", "fetchMessages", "sendTextMessage", "sendFileMessage", "sendPreviewMessage", "getChatDeflection", "sendChatTranscripts", "downloadChatTranscript", "getPdfStatus", "getChatSurvey", "sendChatSurvey", "sendChatRate", "escalateChat", "trackChatEscalation", "trackChatEndUserEvent", "getChatHistory", "createEmail", "getProhibitedFileTypes", "createCobrowseCode", "startCobrowse", "getMessageAttachment", "updatePostSession", "runTrigger"]) {
      expect(methods).toContain(documented);
    }
  });

  for (const [name, args, argument] of CASES) {
    it(`${name}(${args.map(show).join(", ")}) → ValidationError(${argument})`, async () => {
      const { client, authenticate, fetch } = makeClient();
      const { error } = await failure(() => invoke(client, name, args));
      expectValidationError(error, argument);
      expect(fetch).not.toHaveBeenCalled();
      expect(authenticate).not.toHaveBeenCalled();
      expect(client.chat).toBeNull();
    });
  }
});

describe("chat methods check their arguments before requiring the chat", () => {
  const chatCases = CASES.filter(([name]) => CHAT_METHODS.has(name));

  it("every chat method has bad-argument cases", () => {
    expect(new Set(chatCases.map(([name]) => name))).toEqual(CHAT_METHODS);
  });

  it("without a current chat, bad arguments give ValidationError, never StateError", async () => {
    for (const [name, args, argument] of chatCases) {
      const { client, authenticate, fetch } = makeClient();
      const { error } = await failure(() => invoke(client, name, args));
      expect(error, `${name}(${args.map(show).join(", ")})`).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).argument).toBe(argument);
      expect(fetch).not.toHaveBeenCalled();
      expect(authenticate).not.toHaveBeenCalled();
    }
  });

  it("with a current chat, bad arguments still send nothing", async () => {
    const { client, authenticate, fetch, sent } = makeClient();
    await client.createChat(123, { lang: "en" });
    expect(client.chat?.id).toBe(8812);
    const before = sent.length;
    expect(before).toBe(2); // POST /auth/end_user, POST /menus/123/chats
    for (const [name, args, argument] of chatCases) {
      const { error } = await failure(() => invoke(client, name, args));
      expect(error, `${name}(${args.map(show).join(", ")})`).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).argument).toBe(argument);
    }
    expect(sent.length).toBe(before);
    expect(fetch).toHaveBeenCalledTimes(before);
    expect(authenticate).toHaveBeenCalledTimes(1);
  });

  it("a valid argument without a current chat is a StateError (the check above is not vacuous)", async () => {
    const { client, fetch } = makeClient();
    const { error } = await failure(() => client.sendTextMessage("hello"));
    expect(error).toBeInstanceOf(StateError);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("ids: property-based", () => {
  const notAnId = fc.oneof(
    fc.string().filter((s) => !/^\s*\d+\s*$/.test(s)),
    fc.double().filter((n) => !(Number.isSafeInteger(n) && n >= 1)),
    fc.integer({ max: 0 }),
    fc.object(),
    fc.constant(null),
    fc.constant(undefined),
    fc.boolean(),
    fc.array(fc.anything(), { maxLength: 3 }),
    fc.bigInt(),
  );

  it("loadCall(x) rejects ValidationError(callId) and sends nothing for anything that is not a positive integer id", async () => {
    await fc.assert(
      fc.asyncProperty(notAnId, async (x) => {
        const { client, authenticate, fetch } = makeClient();
        const { error } = await failure(() => invoke(client, "loadCall", [x]));
        expectValidationError(error, "callId");
        expect(fetch).not.toHaveBeenCalled();
        expect(authenticate).not.toHaveBeenCalled();
      }),
      { numRuns: 300 },
    );
  });

  it("positive integers and numeric strings are accepted as ids (the property is not vacuous)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          fc.integer({ min: 1, max: 1e9 }).map((n) => String(n)),
        ),
        async (id) => {
          const { client, fetch } = makeClient();
          // The stub fetch answers 404 for the call itself: what matters is that it was sent.
          await client.loadCall(id).catch(() => undefined);
          const paths = fetch.mock.calls.map(([input]) => new URL(input instanceof Request ? input.url : String(input)).pathname);
          expect(paths).toEqual(["/api/v2/auth/end_user", `/api/v2/calls/${Number(id)}`]);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe("constructor", () => {
  const authenticate = async () => ({ token: "jwt" });
  const base = { companyId: "acme", authenticate, host: HOST } as const;
  const cases: [title: string, options: unknown, argument: string][] = [
    ["options missing", undefined, "options"],
    ["options null", null, "options"],
    ["companyId missing", { authenticate, host: HOST }, "options.companyId"],
    ["companyId empty", { ...base, companyId: "" }, "options.companyId"],
    ["companyId a number", { ...base, companyId: 42 }, "options.companyId"],
    ["authenticate missing", { companyId: "acme", host: HOST }, "options.authenticate"],
    ["authenticate not a function", { ...base, authenticate: "jwt" }, "options.authenticate"],
    ["authenticate an object", { ...base, authenticate: { token: "jwt" } }, "options.authenticate"],
    ["neither host nor tenant", { companyId: "acme", authenticate }, "options.host"],
    ["host not a URL", { ...base, host: "not a url" }, "options.host"],
    ["host a relative path", { ...base, host: "/api" }, "options.host"],
    ["host empty", { ...base, host: "" }, "options.host"],
    ["host a number", { ...base, host: 42 }, "options.host"],
    ["tenant with a dot", { companyId: "acme", authenticate, tenant: "acme.evil.com/x" }, "options.tenant"],
    ["tenant empty", { companyId: "acme", authenticate, tenant: "" }, "options.tenant"],
    ["lang empty", { ...base, lang: "" }, "options.lang"],
    ["maxRetries -1", { ...base, maxRetries: -1 }, "options.maxRetries"],
    ["maxRetries 1.5", { ...base, maxRetries: 1.5 }, "options.maxRetries"],
    ["maxRetries 11", { ...base, maxRetries: 11 }, "options.maxRetries"],
    ["maxRetries a string", { ...base, maxRetries: "2" }, "options.maxRetries"],
    ["timeout 0", { ...base, timeout: 0 }, "options.timeout"],
    ["timeout NaN", { ...base, timeout: NaN }, "options.timeout"],
    ["timeout Infinity", { ...base, timeout: Infinity }, "options.timeout"],
    // JavaScript callers get no compile error for a misspelt option: it was silently ignored.
    ["an unknown key (tennant)", { ...base, tennant: "acme" }, "options.tennant"],
    ["an unknown key (retries)", { ...base, retries: 3 }, "options.retries"],
  ];
  for (const [title, options, argument] of cases) {
    it(`${title} → ValidationError(${argument})`, () => {
      const spy = vi.fn(authenticate);
      const withSpy = options !== null && typeof options === "object" && typeof (options as { authenticate?: unknown }).authenticate === "function" ? { ...options, authenticate: spy } : options;
      let error: unknown;
      try {
        new Client(withSpy as ClientOptions);
      } catch (e) {
        error = e;
      }
      expectValidationError(error, argument);
      expect(spy).not.toHaveBeenCalled();
    });
  }

  it("valid options construct a client without calling authenticate or fetch", () => {
    const { authenticate, fetch } = makeClient({ tenant: "acme", host: undefined });
    expect(authenticate).not.toHaveBeenCalled();
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("sendChatSurvey against the loaded survey", () => {
  async function withSurvey() {
    const ctx = makeClient();
    await ctx.client.createChat(123, { lang: "en" });
    const survey = await ctx.client.getChatSurvey();
    expect(survey.questions.map((q) => q.id)).toEqual([101, 102, 103, 104, 105]);
    return ctx;
  }

  const surveyPosts = (sent: Sent[]) => sent.filter((s) => s.method === "POST" && s.path === "/api/v2/chats/8812/survey");

  const bad: [title: string, answers: Record<string, unknown>, argument: string][] = [
    ["a question id not in the survey", { 999: 5 }, "answers[999]"],
    ["a question id not in the survey, next to valid answers", { 101: "5", 123: "a" }, "answers[123]"],
    ["a star rating of 6", { 102: 6 }, "answers[102]"],
    ["a star rating of 0", { 102: 0 }, "answers[102]"],
    ["a star rating of 4.5", { 102: 4.5 }, "answers[102]"],
    ["a star rating that is not a number", { 102: "great" }, "answers[102]"],
    ["a scale answer of 11", { 103: 11 }, "answers[103]"],
    ["a scale answer of -1", { 103: -1 }, "answers[103]"],
    ["an enumeration value not in valid_answers", { 104: "c" }, "answers[104]"],
    ["an enumeration answered with the label instead of the key", { 104: "Yes" }, "answers[104]"],
    ["a csat value not in valid_answers", { 101: 2 }, "answers[101]"],
    ["a free-form answer that is a number", { 105: 42 }, "answers[105]"],
    ["a free-form answer over 2000 characters", { 105: long(2001) }, "answers[105]"],
  ];

  for (const [title, answers, argument] of bad) {
    it(`${title} → ValidationError(${argument}), nothing posted`, async () => {
      const { client, sent, authenticate } = await withSurvey();
      const before = sent.length;
      const { error } = await failure(() => client.sendChatSurvey(answers as never));
      expectValidationError(error, argument);
      expect(sent.length).toBe(before);
      expect(surveyPosts(sent)).toEqual([]);
      expect(authenticate).toHaveBeenCalledTimes(1);
    });
  }

  it("a valid answer set is posted as { answers }", async () => {
    const { client, sent, fetch } = await withSurvey();
    const answers = { 101: "5", 102: 4, 103: 9, 104: "a", 105: "Quick and friendly." };
    await client.sendChatSurvey(answers);
    const posts = surveyPosts(sent);
    expect(posts).toHaveLength(1);
    expect(JSON.parse(posts[0]!.body)).toEqual({ answers });
    // The fetch spy itself saw the POST, with the end-user token (whether given a Request or url + init).
    const [input, init] = fetch.mock.calls.at(-1) ?? [];
    expect(input).toBeDefined();
    const last = new Request(input!, init);
    expect(last.method).toBe("POST");
    expect(new URL(last.url).pathname).toBe("/api/v2/chats/8812/survey");
    expect(last.headers.get("authorization")).toBe("Bearer t");
    expect(await last.json()).toEqual({ answers });
  });

  it("a partial answer set is posted too", async () => {
    const { client, sent } = await withSurvey();
    await client.sendChatSurvey({ 104: "b" });
    expect(surveyPosts(sent).map((p) => JSON.parse(p.body))).toEqual([{ answers: { 104: "b" } }]);
  });
});

// ---- known bugs in src ---------------------------------------------------------------------------

describe("fixed bugs stay fixed", () => {
  // src/client.ts:385 validates with `emails.forEach`, which skips the holes of a sparse array, so a
  // hole is never checked: a fresh client throws StateError, one with a chat sends `[null, ...]`.
  it("sendChatTranscripts([, 'a@b.co']) (sparse array) → ValidationError(emails[0]), nothing sent", async () => {
    const { client, sent } = makeClient();
    await client.createChat(123, { lang: "en" });
    const before = sent.length;
    // eslint-disable-next-line no-sparse-arrays
    const { error } = await failure(() => client.sendChatTranscripts([, "a@b.co"] as string[]));
    expect(sent.length).toBe(before);
    expectValidationError(error, "emails[0]");
  });

  // src/client.ts:502 `Array.from(data.files)` turns anything that is neither iterable nor array-like
  // (a single File/Blob, a number, {}) into [], so the attachment is silently dropped and the email sent.
  it("createEmail(123, { files: <a single Blob> }) → ValidationError(data.files), nothing sent", async () => {
    const { client, fetch } = makeClient();
    const { error } = await failure(() => invoke(client, "createEmail", [123, { ...EMAIL, files: blob }]));
    expect(fetch).not.toHaveBeenCalled();
    expectValidationError(error, "data.files");
  });

  it("createEmail(123, { files: 42 }) → ValidationError(data.files), nothing sent", async () => {
    const { client, fetch } = makeClient();
    const { error } = await failure(() => invoke(client, "createEmail", [123, { ...EMAIL, files: 42 }]));
    expect(fetch).not.toHaveBeenCalled();
    expectValidationError(error, "data.files");
  });
});

describe("options objects that throw while being read", () => {
  it("a storage or logger Proxy that throws is a ValidationError naming it, and nothing is sent", () => {
    const throwing = new Proxy({}, { get: () => { throw new Error("proxy get"); } });
    expect(() => makeClient({ storage: throwing as never })).toThrow(expect.objectContaining({ name: "ValidationError", argument: "options.storage" }));
    expect(() => makeClient({ logger: throwing as never })).toThrow(expect.objectContaining({ name: "ValidationError", argument: "options.logger" }));
  });
});

describe("a key in the wrong place says where it belongs (did you mean)", () => {
  const signal = new AbortController().signal;
  const cases: [Method, unknown[], string, string][] = [
    ["createChat", [123, { lang: "en", signed: "a.b.c" }], "data.signed", "; did you mean data.custom_data.signed?"],
    ["createChat", [123, { custom_data: { lang: "en" } }], "data.custom_data.lang", "; did you mean data.lang?"],
    ["createChat", [123, { custom_data: { plan: "gold" } }], "data.custom_data.plan", "; did you mean data.custom_data.unsigned.plan?"],
    ["createChat", [123, { lang: "en", signal }], "data.signal", "; did you mean options.signal?"],
    ["createChat", [123, {}, { lang: "en" }], "options.lang", "; did you mean data.lang?"],
    ["createCall", [123, { ...CALL, unsigned: { plan: "gold" } }], "data.unsigned", "; did you mean data.custom_data.unsigned?"],
    ["createCall", [123, CALL, { custom_data: { signed: "a.b.c" } }], "options.custom_data", "; did you mean data.custom_data?"],
    ["createEmail", [123, { ...EMAIL, signal }], "data.signal", "; did you mean options.signal?"],
    ["sendChatRate", [{ rating: 5 }, { feedback: "great" }], "options.feedback", "; did you mean data.feedback?"],
    ["sendChatRate", [{ rating: 5, comment: "great" }], "data.comment", " (expected rating, feedback)"],
  ];
  for (const [name, args, argument, hint] of cases) {
    it(`${name}(${args.map(show).join(", ")}) → ${argument}${hint}`, async () => {
      const { client, authenticate, fetch } = makeClient();
      const { error } = await failure(() => invoke(client, name, args));
      expectValidationError(error, argument);
      expect((error as ValidationError).message).toBe(`Invalid argument \`${argument}\`: is not a known field${hint}`);
      expect(fetch).not.toHaveBeenCalled();
      expect(authenticate).not.toHaveBeenCalled();
    });
  }

  it("chat.sendMessage: a noti's field beside `data` belongs in it; a text message has no media_id; nothing is sent", async () => {
    const { client, sent } = makeClient();
    const chat = await client.createChat(123, { lang: "en" });
    const before = sent.length;
    const noti = await failure(() => chat.sendMessage({ type: "noti", event: "formCompleted", formId: 5 } as never));
    expect((noti.error as ValidationError).message).toBe("Invalid argument `message.formId`: is not a known field; did you mean message.data.formId?");
    const text = await failure(() => chat.sendMessage({ type: "text", content: "hi", media_id: 3 } as never));
    expect((text.error as ValidationError).message).toBe("Invalid argument `message.media_id`: is not a known field (expected type, content)");
    const options = await failure(() => chat.sendMessage({ type: "noti", event: "formCompleted" }, { data: { formId: 5 } } as never));
    expect((options.error as ValidationError).message).toBe("Invalid argument `options.data`: is not a known field; did you mean message.data?");
    expect(sent.length).toBe(before);
  });
});
