// 3. @parley/web-chat (its own engine.io v3 / socket.io v2 codec) against a genuine socket.io 2.5.1
// server playing the visitor protocol: connect, message ack and the agent's reply, typing, read,
// the upload as the vendor documents it, rating, close. Every payload either way is checked against
// openapi/web-chat.asyncapi.yaml by the server.
import { createVisitorClient } from "@parley/web-chat";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { once, within } from "./support.mjs";
import { startVisitorServer } from "./visitor-server.mjs";

/** @type {Awaited<ReturnType<typeof startVisitorServer>>} */
let server;
/** @type {ReturnType<typeof createVisitorClient>} */
let client;

beforeAll(async () => {
  server = await startVisitorServer();
  client = createVisitorClient({ data: { key: "k", id: null, name: "Rui" }, connection: { url: server.url, reconnect: false }, WebSocket });
});

afterAll(async () => {
  client?.disconnect();
  await server?.stop();
});

describe("@parley/web-chat against a socket.io 2.5.1 server", () => {
  /** @type {import("@parley/web-chat").Message} */
  let message;

  it("connects and fires initialized with the server's ConnectedData", async () => {
    const initialized = once(client, "initialized");
    const data = await within(client.connect(), 10_000, "connect");
    expect((await initialized)[0]).toBe(data);
    expect(data).toMatchObject({ serverVersion: "socket.io-2.5.1-interop", visitor: { name: "Rui" } });
    expect(server.inbound[0]).toMatch(/^420\["visitor.connect",\{/);
  });

  it("sends a message: the ack resolves it, the agent's typing and reply arrive, its own echo is skipped", async () => {
    const reply = once(client, "chat.message_received");
    const typing = once(client, "chat.agent_typing");
    message = await client.chatMessage({ content: { type: "text", text: "Bom dia" } });
    expect(message).toMatchObject({ subType: "contact", content: { text: "Bom dia" } });
    expect((await typing)[0].typing.is).toBe(true);
    expect((await reply)[0].message).toMatchObject({ subType: "agent", content: { text: "Re: Bom dia" } });
  });

  it("typing and read go out as the vendor's client writes them", async () => {
    await client.chatTyping(true);
    await client.chatRead();
    await client.chatTranscript("rui@example.com", "pt"); // acked after both: the server has them
    expect(server.inbound).toContain('42["chat.typing",{"typing":{"is":true,"text":null}},null]');
    expect(server.inbound).toContain('42["chat.read",null,null]');
  });

  it("uploads as the vendor documents it: only `file`, to the url the init ack returned", async () => {
    const uploaded = await client.chatUploadFile(new File(["a photo"], "photo.jpg", { type: "image/jpeg" }));
    expect(uploaded.attachments).toMatchObject([{ name: "photo.jpg", type: "image/jpeg", size: 7 }]);
    expect([...server.uploads.values()]).toEqual([{ name: "photo.jpg", type: "image/jpeg", size: 7 }]);
  });

  it("rates and closes the chat; zero spec violations either way", async () => {
    const { message: form } = await client.chatRateInit();
    const rated = once(client, "chat.rated");
    await client.chatRate({ messageId: form.id, value: 4 });
    expect((await rated)[0]).toEqual({ chatId: message.chatId, rating: { value: 4, text: null } });
    const closed = once(client, "chat.closed");
    await client.chatClose();
    expect((await closed)[0]).toEqual({ chatId: message.chatId });
    expect(server.violations).toEqual([]);
  });
});
