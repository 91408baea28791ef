import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ValidationError, createVisitorClient, type VisitorClient } from "../src/index.js";
import { Clients, fakeWebSocket, fastReconnect, handshake, type FakeSocket } from "./helpers.js";

// A client connected over a scripted socket that records every frame: "nothing sent" is exact.
const clients = new Clients();
let client: VisitorClient;
let socket: FakeSocket;
let sockets: FakeSocket[];

beforeEach(async () => {
  const fake = fakeWebSocket();
  sockets = fake.sockets;
  client = clients.create("http://127.0.0.1:9", { WebSocket: fake.WebSocket });
  const connecting = client.connect();
  socket = fake.sockets[0]!;
  handshake(socket);
  await connecting;
  socket.sent.length = 0;
});
afterEach(() => clients.closeAll());

async function expectInvalid(call: () => Promise<unknown>, argument: string): Promise<void> {
  let error: unknown;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  expect(error, `${argument}: expected a ValidationError`).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).argument).toBe(argument);
  expect((error as ValidationError).message).toContain(`\`${argument}\``);
  // Nothing went out, now or later (updateVisitorIdentity batches for 1 ms).
  await new Promise((resolve) => setTimeout(resolve, 3));
  expect(socket.sent).toEqual([]);
  expect(sockets).toHaveLength(1);
}

const long = (n: number) => "x".repeat(n);
const any = <T>(value: unknown) => value as T;

describe("chatMessage", () => {
  const cases: [unknown, string][] = [
    [undefined, "message"],
    [null, "message"],
    ["Hello", "message"],
    [[], "message"],
    [{}, "message.content"],
    [{ content: "Hello" }, "message.content"],
    [{ content: null }, "message.content"],
    [{ content: { text: "Hello" } }, "message.content.type"],
    [{ content: { type: "image", text: "Hello" } }, "message.content.type"],
    [{ content: { type: 1, text: "Hello" } }, "message.content.type"],
    [{ content: { type: "text" } }, "message.content.text"],
    [{ content: { type: "text", text: 42 } }, "message.content.text"],
    [{ content: { type: "text", text: "" } }, "message.content.text"],
    [{ content: { type: "text", text: "   " } }, "message.content.text"],
    [{ content: { type: "text", text: long(10_001) } }, "message.content.text"],
    [{ content: { type: "text", text: "Hi", data: "x" } }, "message.content.data"],
    [{ content: { type: "text", text: "Hi" }, type: "agent" }, "message.type"],
    [{ content: { type: "text", text: "Hi" }, isOffline: "yes" }, "message.isOffline"],
    [{ content: { type: "text", text: "Hi" }, preventOpenChat: 1 }, "message.preventOpenChat"],
  ];
  it.each(cases)("%j → ValidationError %s", async (message, argument) => {
    await expectInvalid(() => client.chatMessage(any(message)), argument);
  });

  it("a valid message at the size limit is sent (the validation is not just refusing everything)", async () => {
    void client.chatMessage({ content: { type: "text", text: long(10_000) } }).catch(() => {});
    expect(socket.sent).toHaveLength(1);
    expect(socket.sent[0]).toMatch(/^42\d+\["chat\.message",/);
  });

  it("property: a non-string text → ValidationError message.content.text, nothing sent", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.anything().filter((value) => typeof value !== "string"),
        async (text) => {
          await expectInvalid(() => client.chatMessage(any({ content: { type: "text", text } })), "message.content.text");
        },
      ),
      { numRuns: 60 },
    );
  });

  it("property: any string text is either sent verbatim or refused as blank/oversized", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string({ unit: "grapheme", maxLength: 50 }), fc.constantFrom("", " \t\n", long(10_000), long(10_001))), async (text) => {
        socket.sent.length = 0;
        const valid = text.trim().length > 0 && text.length <= 10_000;
        if (!valid) return expectInvalid(() => client.chatMessage({ content: { type: "text", text } }), "message.content.text");
        void client.chatMessage({ content: { type: "text", text } }).catch(() => {});
        expect(socket.sent).toHaveLength(1);
        const args = JSON.parse(socket.sent[0]!.replace(/^42\d+/, "")) as [string, { content: { text: string } }];
        expect(args[0]).toBe("chat.message");
        expect(args[1].content.text).toBe(text);
      }),
      { numRuns: 100 },
    );
  });
});

describe("the other methods", () => {
  const cases: [string, (c: VisitorClient) => Promise<unknown>, string][] = [
    ["chatUploadFinish(undefined)", (c) => c.chatUploadFinish(any(undefined)), "token"],
    ["chatUploadFinish('')", (c) => c.chatUploadFinish(""), "token"],
    ["chatUploadFinish(42)", (c) => c.chatUploadFinish(any(42)), "token"],
    ["chatUploadFinish(oversized)", (c) => c.chatUploadFinish(long(2001)), "token"],
    ["chatUploadFile('a path')", (c) => c.chatUploadFile(any("/tmp/receipt.png")), "file"],
    ["chatUploadFile(null)", (c) => c.chatUploadFile(any(null)), "file"],
    ["chatUploadFile(Buffer)", (c) => c.chatUploadFile(any(Buffer.from("x"))), "file"],
    ["chatUploadFile(empty)", (c) => c.chatUploadFile(new Blob([])), "file"],
    ["chatUploadFile(file, null)", (c) => c.chatUploadFile(new Blob(["x"]), any(null)), "options"],
    ["chatUploadFile(file, {onProgress: 1})", (c) => c.chatUploadFile(new Blob(["x"]), { onProgress: any(1) }), "options.onProgress"],
    ["chatTyping('yes')", (c) => c.chatTyping(any("yes")), "isTyping"],
    ["chatTyping(undefined)", (c) => c.chatTyping(any(undefined)), "isTyping"],
    ["chatTyping(1)", (c) => c.chatTyping(any(1)), "isTyping"],
    ["chatTyping(true, 42)", (c) => c.chatTyping(true, any(42)), "text"],
    ["chatTyping(true, oversized)", (c) => c.chatTyping(true, long(10_001)), "text"],
    ["chatTranscript('nope', 'en')", (c) => c.chatTranscript("nope", "en"), "email"],
    ["chatTranscript(42, 'en')", (c) => c.chatTranscript(any(42), "en"), "email"],
    ["chatTranscript('', 'en')", (c) => c.chatTranscript("", "en"), "email"],
    ["chatTranscript(email, '')", (c) => c.chatTranscript("a@example.com", ""), "lang"],
    ["chatTranscript(email, 42)", (c) => c.chatTranscript("a@example.com", any(42)), "lang"],
    ["chatTranscript(email, oversized)", (c) => c.chatTranscript("a@example.com", long(11)), "lang"],
    ["chatRate(null)", (c) => c.chatRate(any(null)), "rating"],
    ["chatRate({})", (c) => c.chatRate(any({})), "rating.messageId"],
    ["chatRate({messageId: ''})", (c) => c.chatRate({ messageId: "" }), "rating.messageId"],
    ["chatRate({messageId: 7})", (c) => c.chatRate(any({ messageId: 7 })), "rating.messageId"],
    ["chatRate(value 0)", (c) => c.chatRate({ messageId: "m_1", value: 0 }), "rating.value"],
    ["chatRate(value 6)", (c) => c.chatRate({ messageId: "m_1", value: 6 }), "rating.value"],
    ["chatRate(value 2.5)", (c) => c.chatRate({ messageId: "m_1", value: 2.5 }), "rating.value"],
    ["chatRate(value '5')", (c) => c.chatRate(any({ messageId: "m_1", value: "5" })), "rating.value"],
    ["chatRate(value NaN)", (c) => c.chatRate({ messageId: "m_1", value: Number.NaN }), "rating.value"],
    ["chatRate(text 42)", (c) => c.chatRate(any({ messageId: "m_1", text: 42 })), "rating.text"],
    ["chatRate(text oversized)", (c) => c.chatRate({ messageId: "m_1", text: long(2001) }), "rating.text"],
    ["authenticate(null)", (c) => c.authenticate(any(null)), "values"],
    ["authenticate('x')", (c) => c.authenticate(any("x")), "values"],
    ["authenticate([])", (c) => c.authenticate(any([])), "values"],
    ["updateVisitorIdentity(null)", (c) => c.updateVisitorIdentity(any(null)), "values"],
    ["updateVisitorIdentity({})", (c) => c.updateVisitorIdentity({}), "values"],
    ["updateVisitorIdentity({foo})", (c) => c.updateVisitorIdentity(any({ foo: 1 })), "values.foo"],
    ["updateVisitorIdentity({name, bannedAt})", (c) => c.updateVisitorIdentity(any({ name: "A", bannedAt: "now" })), "values.bannedAt"],
    ["updateVisitorIdentity({email: 'nope'})", (c) => c.updateVisitorIdentity({ email: "nope" }), "values.email"],
  ];
  it.each(cases)("%s → ValidationError", async (_name, call, argument) => {
    await expectInvalid(() => call(client), argument);
  });

  it("a refused identity update does not poison the pending batch", async () => {
    await client.updateVisitorIdentity({ name: "Ann" });
    await expect(client.updateVisitorIdentity({ email: "nope" })).rejects.toBeInstanceOf(ValidationError);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(socket.sent).toEqual(['42["visitor.update",{"values":{"name":"Ann"}},null]']);
  });
});

describe("createVisitorClient options", () => {
  const WebSocket = fakeWebSocket().WebSocket;
  const ok = { data: { key: "demo" }, connection: { url: "http://127.0.0.1:9", reconnect: fastReconnect() }, WebSocket };
  const cases: [string, unknown, string][] = [
    ["no options", undefined, "options"],
    ["options: string", "demo", "options"],
    ["no data", { ...ok, data: undefined }, "options.data"],
    ["data: string", { ...ok, data: "demo" }, "options.data"],
    ["no key", { ...ok, data: {} }, "options.data.key"],
    ["key: number", { ...ok, data: { key: 42 } }, "options.data.key"],
    ["key: empty", { ...ok, data: { key: "" } }, "options.data.key"],
    ["key: oversized", { ...ok, data: { key: long(201) } }, "options.data.key"],
    ["id: number", { ...ok, data: { key: "demo", id: 42 } }, "options.data.id"],
    ["name: number", { ...ok, data: { key: "demo", name: 42 } }, "options.data.name"],
    ["email: not an email", { ...ok, data: { key: "demo", email: "nope" } }, "options.data.email"],
    ["pageUrl: oversized", { ...ok, data: { key: "demo", pageUrl: long(2001) } }, "options.data.pageUrl"],
    ["connection: string", { ...ok, connection: "ws://127.0.0.1:9" }, "options.connection"],
    ["url: not a URL", { ...ok, connection: { ...ok.connection, url: "not a url" } }, "options.connection.url"],
    ["url: ftp", { ...ok, connection: { ...ok.connection, url: "ftp://127.0.0.1:9" } }, "options.connection.url"],
    ["url: with a query", { ...ok, connection: { ...ok.connection, url: "http://127.0.0.1:9/?a=1" } }, "options.connection.url"],
    ["url: empty", { ...ok, connection: { ...ok.connection, url: "" } }, "options.connection.url"],
    ["path: relative", { ...ok, connection: { ...ok.connection, path: "socket" } }, "options.connection.path"],
    ["WebSocket: number", { ...ok, WebSocket: 42 }, "options.WebSocket"],
    ["WebSocket: missing (Node 20 has no global WebSocket)", { ...ok, WebSocket: undefined }, "options.WebSocket"],
    ["reconnect: {}", { ...ok, connection: { ...ok.connection, reconnect: {} } }, "options.connection.reconnect.nextRetryDelayMs"],
    ["ackTimeout: 0", { ...ok, connection: { ...ok.connection, ackTimeout: 0 } }, "options.connection.ackTimeout"],
    ["queueTimeout: string", { ...ok, connection: { ...ok.connection, queueTimeout: "1s" } }, "options.connection.queueTimeout"],
  ];
  it.each(cases)("%s → ValidationError", (_name, options, argument) => {
    if (argument === "options.WebSocket" && typeof (globalThis as { WebSocket?: unknown }).WebSocket === "function" && options && typeof options === "object") {
      // Only meaningful where there is no global WebSocket (Node 20).
      if ((options as typeof ok).WebSocket === undefined) return;
    }
    expect(() => createVisitorClient(any(options))).toThrow(expect.objectContaining({ name: "ValidationError", argument }));
  });

  // JavaScript callers get no compile error for a misplaced option: it was silently ignored.
  it.each([
    ["connectTimeout at the top", { ...ok, connectTimeout: 2000 }, "options.connectTimeout", "; did you mean options.connection.connectTimeout?"],
    ["WebSocket inside connection", { ...ok, connection: { ...ok.connection, WebSocket } }, "options.connection.WebSocket", "; did you mean options.WebSocket?"],
    ["url at the top", { ...ok, url: "http://127.0.0.1:9" }, "options.url", "; did you mean options.connection.url?"],
    ["a misspelt data key", { ...ok, data: { key: "demo", nmae: "Alex" } }, "options.data.nmae", " (expected key, id, name, email, phone, lang, group, visits, createdAt, variables, properties, pageUrl, pageTitle, referer, domain)"],
    ["an unknown connection key", { ...ok, connection: { ...ok.connection, timeout: 5 } }, "options.connection.timeout", " (expected url, path, reconnect, connectTimeout, ackTimeout, queueTimeout)"],
  ])("unknown key: %s → ValidationError naming its path", (_name, options, argument, hint) => {
    expect(() => createVisitorClient(any(options))).toThrow(expect.objectContaining({ name: "ValidationError", argument, message: `Invalid argument \`${argument}\`: is not an option${hint}` }));
  });

  it("the valid options construct without opening a socket", () => {
    const fake = fakeWebSocket();
    const c = createVisitorClient({ ...ok, WebSocket: fake.WebSocket });
    expect(c.isConnected()).toBe(false);
    expect(fake.sockets).toEqual([]);
    // ws:// is accepted as well as http://
    expect(() => createVisitorClient({ ...ok, connection: { ...ok.connection, url: "ws://127.0.0.1:9" } })).not.toThrow();
  });

  // A non-string url is a ValidationError, not a TypeError from calling string methods on it;
  // "TypeError: c.url.replace is not a function" instead of a ValidationError naming the option.
  // Fix: `requireBaseUrl("options.connection.url", requireString("options.connection.url", c.url).replace(/^ws/, "http"))`.
  it("url: number → ValidationError options.connection.url", () => {
    expect(() => createVisitorClient(any({ ...ok, connection: { ...ok.connection, url: 42 } }))).toThrow(
      expect.objectContaining({ name: "ValidationError", argument: "options.connection.url" }),
    );
  });

  // options.fetch is checked at construction, not discovered at the first upload; a
  // non-function fails only at the first upload, as a TypeError. Fix: `if (c.fetch !== undefined) requireFunction("options.fetch", options.fetch)`.
  it("fetch: number → ValidationError options.fetch", () => {
    expect(() => createVisitorClient(any({ ...ok, fetch: 42 }))).toThrow(
      expect.objectContaining({ name: "ValidationError", argument: "options.fetch" }),
    );
  });
});
