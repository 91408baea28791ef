// 1. The vendor's published visitor client, smartsupp-websocket 1.2.2 (unmodified), against
// `parley-mock web-chat`: connect and `initialized`, message ack and echo, the agent's typing and
// reply, typing, read, the upload exactly as the vendor's usage page documents it, rating, close.
// The mock validates every frame either side sends against openapi/web-chat.asyncapi.yaml.
import { startWebChatMock } from "@parley/mock/web-chat";
import smartsupp from "smartsupp-websocket";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { once, waitFor, within } from "./support.mjs";

/** @type {Awaited<ReturnType<typeof startWebChatMock>>} */
let mock;
/** @type {import("smartsupp-websocket").VisitorClient} */
let client;
/** @type {string[]} */
const sent = []; // every socket.io packet the vendor client wrote, as on the wire (`42[...]`)
/** @type {Record<string, any[]>} */
const received = {}; // event name -> payloads the client emitted to its listeners

/** @param {string} event */
function record(event) {
  received[event] = [];
  client.on(event, (/** @type {unknown} */ payload) => received[event]?.push(payload));
}

/**
 * Resolves the payloads of `event` once `count` arrived (a deadline, never a sleep).
 * @param {string} event one of those `record`ed
 * @param {number} count
 * @returns {Promise<any[]>}
 */
async function arrived(event, count) {
  await waitFor(() => (received[event]?.length ?? 0) >= count, 10_000, `${count} × ${event}`);
  return received[event] ?? [];
}

beforeAll(async () => {
  mock = await startWebChatMock({ agentReplyDelayMs: 5 });
  client = smartsupp.createVisitorClient({ data: { key: "k", id: null, name: "Alex" }, connection: { url: mock.url } });
  client.getConnection().io.on("open", () => client.getConnection().io.engine.on("packetCreate", (/** @type {{ type: string, data: string }} */ packet) => packet.type === "message" && sent.push(`4${packet.data}`)));
  for (const event of ["chat.message_received", "chat.agent_typing", "chat.rated", "chat.closed", "error"]) record(event);
});

afterAll(async () => {
  if (client) await within(client.disconnect(), 5000, "disconnect");
  await mock?.close();
});

describe("smartsupp-websocket 1.2.2 against parley-mock web-chat", () => {
  /** @type {string} */
  let visitorId;
  /** @type {import("smartsupp-websocket").Message} */
  let message;

  it("connects: visitor.connect with the Node client's null page fields is accepted; initialized follows", async () => {
    const initialized = once(client, "initialized");
    const data = await within(client.connect(), 10_000, "connect");
    const [fired] = await initialized;
    expect(fired).toBe(data);
    visitorId = data.visitor.id;
    expect(data).toMatchObject({ serverVersion: "parley-mock 1", visitor: { name: "Alex" }, account: { status: "online" } });
    expect(client.isInitialized()).toBe(true);
    expect(client.getVisitorId()).toBe(visitorId);
    expect(JSON.parse(sent[0]?.replace(/^420/, "") ?? "")).toEqual([
      "visitor.connect",
      { pageUrl: null, pageTitle: null, referer: null, domain: null, bundleVersion: "Websocket SDK 1.2.2", id: null, key: "k", name: "Alex" },
    ]);
  });

  it("sends a message: the ack resolves the stored Message, the echo and the agent's typing and reply follow", async () => {
    message = await client.chatMessage({ content: { type: "text", text: "Olá" } });
    expect(message).toMatchObject({ subType: "contact", visitorId, content: { type: "text", text: "Olá" } });
    const messages = await arrived("chat.message_received", 2);
    expect(messages[0]).toEqual({ chatId: message.chatId, message });
    expect(messages[1].message).toMatchObject({ subType: "agent", content: { text: "Re: Olá" } });
    const typing = await arrived("chat.agent_typing", 2);
    expect(typing.map((t) => t.typing.is)).toEqual([true, false]);
  });

  it("typing and read go out without an ack, with the client's trailing null, and are accepted", async () => {
    client.chatTyping(true, "a draft");
    client.chatRead();
    // An acked call after them: when it resolves, the mock has handled both.
    await client.chatTranscript("alex@example.com", "en");
    expect(mock.typing(visitorId)).toEqual({ is: true, text: "a draft" });
    expect(mock.chat(visitorId)?.readInfo).toMatchObject({ byId: visitorId });
    expect(sent).toContain('42["chat.typing",{"typing":{"is":true,"text":"a draft"}},null]');
    expect(sent).toContain('42["chat.read",null,null]');
  });

  it("uploads exactly as the vendor's usage page shows: chatUploadInit, a POST of one `file` field to its url, chatUploadFinish(token)", async () => {
    const uploadInfo = await client.chatUploadInit();
    const formData = new FormData();
    formData.append("file", new Blob(["%PDF-1.4 receipt"], { type: "application/pdf" }), "receipt.pdf");
    const uploadRes = await fetch(uploadInfo.url, { method: "POST", body: formData });
    expect(uploadRes.status).toBe(200);
    await uploadRes.body?.cancel();
    const uploaded = await client.chatUploadFinish(uploadInfo.token);
    expect(uploaded).toMatchObject({ subType: "contact", content: { type: "upload" }, attachments: [{ name: "receipt.pdf", type: "application/pdf" }] });
    const messages = await arrived("chat.message_received", 3);
    expect(messages.at(-1).message.id).toBe(uploaded.id);
    expect(mock.uploads).toMatchObject([{ visitorId, name: "receipt.pdf" }]);
  });

  it("takes an agent reply pushed by the agent", async () => {
    const count = (received["chat.message_received"] ?? []).length;
    const said = mock.agent.say(visitorId, "Anything else?");
    const messages = await arrived("chat.message_received", count + 1);
    expect(messages.at(-1)).toEqual({ chatId: said.chatId, message: said });
  });

  it("rates the chat: chatRateInit gives the form, chatRate answers, chat.rated follows", async () => {
    const { message: form } = await client.chatRateInit();
    expect(form.content.type).toBe("rate_form");
    await client.chatRate({ messageId: form.id, value: 5, text: "great" });
    const [rated] = await arrived("chat.rated", 1);
    expect(rated).toEqual({ chatId: message.chatId, rating: { value: 5, text: "great" } });
  });

  it("closes the chat: the ack resolves, chat.closed follows; zero spec violations either way", async () => {
    await client.chatClose();
    const [closed] = await arrived("chat.closed", 1);
    expect(closed).toEqual({ chatId: message.chatId });
    expect(received.error).toEqual([]);
    expect(mock.violations).toEqual([]);
  });
});
