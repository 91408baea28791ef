// 2. socket.io-client 2.5.0, the stack real widgets run, used directly against
// `parley-mock web-chat`: the handshake, acks, events without an ack written both ways a
// socket.io v2 client writes them, pushes, a transport drop with reconnection, and a clean close.
// The mock validates every frame either side sends against openapi/web-chat.asyncapi.yaml.
import { startWebChatMock } from "@parley/mock/web-chat";
import io from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { once, within } from "./support.mjs";

/** @type {Awaited<ReturnType<typeof startWebChatMock>>} */
let mock;
/** @type {any} the vendor's socket (socket.io-client ships no types) */
let socket;

/**
 * Emits with an ack and resolves `[err, data]` (node-style, as the vendor's acks are).
 * @param {string} event
 * @param {unknown} payload
 * @returns {Promise<any[]>}
 */
const call = (event, payload) => within(new Promise((resolve) => socket.emit(event, payload, (/** @type {any[]} */ ...args) => resolve(args))), 10_000, `the ack of ${event}`);

beforeAll(async () => {
  mock = await startWebChatMock({ agentReplyDelayMs: 5 });
  socket = io(mock.url, { path: "/socket", transports: ["websocket"], forceNew: true, reconnectionDelay: 10, reconnectionDelayMax: 50 });
  await once(socket, "connect");
});

afterAll(async () => {
  socket?.close();
  await mock?.close();
});

describe("socket.io-client 2.5.0 against parley-mock web-chat", () => {
  /** @type {import("@parley/web-chat").Visitor} */
  let visitor;
  /** @type {string} */
  let chatId;

  it("connects over engine.io v3 and identifies the visitor", async () => {
    expect(socket.io.engine.transport.name).toBe("websocket");
    expect(String(socket.io.engine.transport.query.EIO)).toBe("3");
    const [err, data] = await call("visitor.connect", { key: "k", id: null, name: "Ana", lang: "pt", bundleVersion: "Websocket SDK 1.2.2" });
    expect(err).toBeNull();
    visitor = data.visitor;
    expect(visitor).toMatchObject({ name: "Ana", lang: "pt", chatId: null });
  });

  it("acks chat.message and pushes the echo, the agent's typing and reply", async () => {
    /** @type {import("@parley/web-chat").MessageReceived[]} */
    const pushed = [];
    const done = /** @type {Promise<void>} */ (new Promise((resolve) => {
      socket.on("chat.message_received", (/** @type {import("@parley/web-chat").MessageReceived} */ p) => pushed.push(p) === 2 && resolve());
    }));
    const [err, message] = await call("chat.message", { content: { type: "text", text: "hello" } });
    expect(err).toBeNull();
    chatId = message.chatId;
    await within(done, 10_000, "echo and reply");
    expect(pushed[0]).toEqual({ chatId, message });
    expect(pushed[1]?.message).toMatchObject({ subType: "agent", content: { text: "Re: hello" } });
  });

  it("accepts events without an ack both as plain `emit(name, data)` and as the vendor's `emit(name, data, undefined)`", async () => {
    socket.emit("chat.typing", { typing: { is: true, text: null } });
    socket.emit("chat.read", null, undefined);
    const [err] = await call("chat.transcript", { email: "ana@example.com", lang: "pt" });
    expect(err).toBeNull();
    expect(mock.typing(visitor.id)).toEqual({ is: true, text: null });
    expect(mock.chat(visitor.id)?.readInfo?.byId).toBe(visitor.id);
  });

  it("answers a refused call with a SocketError ack", async () => {
    const [err, data] = await call("chat.rate", { messageId: "m_nope", value: 5 });
    expect(data).toBeUndefined();
    expect(err).toEqual({ message: "rating form not found", code: "message_not_found", event: "chat.rate" });
  });

  it("reconnects by itself after a transport drop and resumes the chat with the visitor id", async () => {
    const reconnected = once(socket, "reconnect", 10_000);
    expect(mock.dropConnections()).toBe(1);
    await reconnected;
    const [err, data] = await call("visitor.connect", { key: "k", id: visitor.id, bundleVersion: "Websocket SDK 1.2.2" });
    expect(err).toBeNull();
    expect(data.visitor.id).toBe(visitor.id);
    expect(data.chat.id).toBe(chatId);
  });

  it("closes the chat and gets chat.closed; zero spec violations either way", async () => {
    const closed = once(socket, "chat.closed");
    const [err, data] = await call("chat.close", null);
    expect([err, data]).toEqual([null, null]);
    expect((await closed)[0]).toEqual({ chatId });
    expect(mock.violations).toEqual([]);
  });
});
