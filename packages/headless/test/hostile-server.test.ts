// Hostile-but-legal answers: bodies that are not what the spec promises, file names in
// Content-Disposition, short-lived tokens. Each example of issue 13 is a test here.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  Client,
  InvalidResponseError,
  memoryStorage,
  pollingTransport,
  type ClientOptions,
  type ParleyError,
} from "../src/index.js";
import { AUTH_PATH, CHAT_ID, MENU_ID, chatState, companyBody, message, serverPerTest } from "./support/server.js";

const { server, track } = serverPerTest({ beforeEach, afterEach });
const CHAT = `/api/v2/chats/${CHAT_ID}`;

function makeClient(extra: Partial<ClientOptions> = {}) {
  const errors: ParleyError[] = [];
  const client = new Client({ companyId: "acme", authenticate: async () => ({ token: "jwt" }), host: server().url, transport: false, storage: memoryStorage(), ...extra });
  client.on("error", (e) => errors.push(e));
  track(client);
  return { client, errors };
}

async function rejection(promise: Promise<unknown>): Promise<InvalidResponseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidResponseError);
  return error as InvalidResponseError;
}

describe("a 2xx body that is not what the spec promises is an InvalidResponseError naming the operation and the field", () => {
  it("200 application/json with an empty body", async () => {
    server().on("GET", "/api/v2/company", { status: 200, headers: { "content-type": "application/json", "content-length": "0" } });
    const error = await rejection(makeClient().client.getCompany());
    expect([error.operation, error.field]).toEqual(["getCompany", ""]);
  });

  it("getAfterHourMessage answered `null` (was a plain TypeError)", async () => {
    server().on("GET", "/api/v2/company/after_hour_message", { status: 200, json: null });
    const error = await rejection(makeClient().client.getAfterHourMessage());
    expect(error.message).toBe("getAfterHourMessage: the response body must be an object, got null.");
  });

  it("getAfterHourMessage answered `{ message: 5 }`", async () => {
    server().on("GET", "/api/v2/company/after_hour_message", { status: 200, json: { message: 5 } });
    const error = await rejection(makeClient().client.getAfterHourMessage());
    expect([error.operation, error.field]).toEqual(["getAfterHourMessage", "message"]);
  });

  it("a nested field: getCompany with `languages[1].code` a number", async () => {
    const body = companyBody();
    server().on("GET", "/api/v2/company", { status: 200, json: { ...body, languages: [body.languages[0], { code: 5, name: "x" }] } });
    const error = await rejection(makeClient().client.getCompany());
    expect(error.field).toBe("languages[1].code");
  });

  it("a polled state whose `participants` is an object: an `error` event naming it, and the client stays connected", async () => {
    server().on("POST", `/api/v2/menus/${MENU_ID}/chats`, { status: 201, json: chatState() });
    server().on("GET", `${CHAT}/messages`, { status: 200, json: [] });
    server().on("GET", CHAT, { status: 200, json: { ...chatState(), participants: { identity: "agent-7" } } });
    const { client, errors } = makeClient({ transport: pollingTransport({ intervalMs: 10, maxBackoffMs: 50 }) });
    const events: string[] = [];
    client.on("chat.connected", () => events.push("connected"));
    client.on("chat.disconnected", () => events.push("disconnected"));
    await client.createChat(MENU_ID, {});
    await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(2), { timeout: 5000, interval: 10 });
    expect(errors[0]).toBeInstanceOf(InvalidResponseError);
    expect((errors[0] as InvalidResponseError).field).toBe("participants");
    expect((errors[0] as InvalidResponseError).operation).toBe("loadChat");
    expect(events).toEqual(["connected"]);
    expect(client.chat?.state.participants).toEqual(chatState().participants);
  });

  it("a polled message list whose item lacks `$sid`: an `error` event, nothing emitted as a message", async () => {
    server().on("POST", `/api/v2/menus/${MENU_ID}/chats`, { status: 201, json: chatState() });
    const { $sid: _, ...broken } = message(1);
    server().on("GET", `${CHAT}/messages`, { status: 200, json: [broken] });
    server().on("GET", CHAT, { status: 200, json: chatState() });
    const { client, errors } = makeClient({ transport: pollingTransport({ intervalMs: 10, maxBackoffMs: 50 }) });
    const messages: unknown[] = [];
    client.on("chat.message", (m) => messages.push(m));
    await client.createChat(MENU_ID, {});
    await vi.waitFor(() => expect(errors.length).toBeGreaterThanOrEqual(1), { timeout: 5000, interval: 10 });
    expect((errors[0] as InvalidResponseError).field).toBe("[0].$sid");
    expect(messages).toEqual([]);
  });
});

describe("Content-Disposition is parsed per RFC 6266 / 8187", () => {
  const MEDIA = `${CHAT}/media/3301`;
  async function attachmentName(disposition: string): Promise<string | undefined> {
    server().on("POST", `/api/v2/menus/${MENU_ID}/chats`, { status: 201, json: chatState() });
    server().on("GET", MEDIA, { status: 200, headers: { "content-type": "application/pdf", "content-disposition": disposition }, body: new Uint8Array([37, 80, 68, 70]) });
    const { client } = makeClient();
    await client.createChat(MENU_ID, {});
    return (await client.getMessageAttachment(message(4, { type: "document", media_id: 3301 })))?.name;
  }

  it("filename*=UTF-8'en'%E2%82%AC%20rates.pdf is `€ rates.pdf`", async () => {
    expect(await attachmentName("attachment; filename*=UTF-8'en'%E2%82%AC%20rates.pdf")).toBe("€ rates.pdf");
  });

  it('filename="a;b.pdf" is `a;b.pdf`', async () => {
    expect(await attachmentName('attachment; filename="a;b.pdf"')).toBe("a;b.pdf");
  });

  it("filename* wins over filename; an unparsable header falls back to the message's file name", async () => {
    expect(await attachmentName(`attachment; filename="rates.pdf"; filename*=UTF-8''%E2%82%AC.pdf`)).toBe("€.pdf");
    expect(await attachmentName("attachment; filename=")).toBe("media-3301");
  });
});

describe("token lifetime", () => {
  it("a token that lives 30 s serves every call for three quarters of it, then is renewed (fake clock)", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      server().on("POST", AUTH_PATH, { status: 200, json: { token: "short", expires_in: 30 } });
      server().on("GET", "/api/v2/company", { status: 200, json: companyBody() });
      const { client } = makeClient();
      for (let i = 0; i < 5; i++) await client.getCompany();
      expect(server().requestsTo("POST", AUTH_PATH)).toHaveLength(1);
      vi.setSystemTime(Date.now() + 22_000);
      await client.getCompany();
      expect(server().requestsTo("POST", AUTH_PATH)).toHaveLength(1);
      vi.setSystemTime(Date.now() + 1_000);
      await client.getCompany();
      expect(server().requestsTo("POST", AUTH_PATH)).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a long-lived token is renewed 30 s before it expires", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      server().on("POST", AUTH_PATH, { status: 200, json: { token: "long", expires_in: 3600 } });
      server().on("GET", "/api/v2/company", { status: 200, json: companyBody() });
      const { client } = makeClient();
      await client.getCompany();
      vi.setSystemTime(Date.now() + 3_569_000);
      await client.getCompany();
      expect(server().requestsTo("POST", AUTH_PATH)).toHaveLength(1);
      vi.setSystemTime(Date.now() + 2_000);
      await client.getCompany();
      expect(server().requestsTo("POST", AUTH_PATH)).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
