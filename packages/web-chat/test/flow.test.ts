import { startWebChatMock, type WebChatMock } from "@parley/mock/web-chat";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { SocketError, StateError, createVisitorClient, type Message, type ParleyError } from "../src/index.js";
import { Clients, ackIdOf, collect, connectedData, eventFrames, fakeWebSocket, handshake, next, recordingWebSocket } from "./helpers.js";

let mock: WebChatMock;
const clients = new Clients();

beforeAll(async () => {
  mock = await startWebChatMock({ agentReplyDelayMs: 5 });
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  clients.closeAll();
  mock.agent.autoReply = true;
  if (mock.account.status !== "online") mock.account.setStatus("online");
  // Every payload, either way, matched the spec.
  expect(mock.violations).toEqual([]);
});

async function connected(): Promise<{ client: ReturnType<Clients["create"]>; id: string; data: Awaited<ReturnType<ReturnType<Clients["create"]>["connect"]>> }> {
  const client = clients.create(mock.url);
  const data = await client.connect();
  return { client, id: data.visitor.id, data };
}

describe("connect", () => {
  it("resolves ConnectedData, fires initialized and account.status_updated", async () => {
    const client = clients.create(mock.url);
    expect(client.isConnected()).toBe(false);
    expect(client.isInitialized()).toBe(false);
    const initialized = next(client, "initialized");
    const data = await client.connect();
    const [fired] = await initialized;
    expect(fired).toBe(data);
    expect(data.serverVersion).toBe("parley-mock 1");
    expect(data.account.status).toBe("online");
    expect(data.visitor.id).toMatch(/^v_/);
    expect(mock.visitor(data.visitor.id)).toBeDefined();
    expect(client.isConnected()).toBe(true);
    expect(client.isInitialized()).toBe(true);
    expect(client.getAccountStatus()).toBe("online");

    const status = next(client, "account.status_updated");
    mock.account.setStatus("offline");
    expect(await status).toEqual(["offline"]);
    expect(client.getAccountStatus()).toBe("offline");
  });

  it("a second connect() while ready resolves the same data without a second socket", async () => {
    const ws = recordingWebSocket();
    const client = clients.create(mock.url, { WebSocket: ws.WebSocket });
    const first = await client.connect();
    const second = await client.connect();
    expect(second).toBe(first);
    expect(ws.opened).toHaveLength(1);
    expect(eventFrames(ws.frames, "visitor.connect")).toHaveLength(1);
  });

  it("calls before connect() reject StateError and send nothing", async () => {
    const ws = recordingWebSocket();
    const client = clients.create(mock.url, { WebSocket: ws.WebSocket });
    const calls: Promise<unknown>[] = [
      client.chatMessage({ content: { type: "text", text: "Hello" } }),
      client.chatUploadInit(),
      client.chatUploadFinish("tok"),
      client.chatTyping(true),
      client.chatRead(),
      client.chatClose(),
      client.chatTranscript("a@example.com", "en"),
      client.chatRateInit(),
      client.chatRate({ messageId: "m_1", value: 5 }),
      client.authenticate({ name: "Jane" }),
      client.updateVisitorIdentity({ name: "Jane" }),
    ];
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(StateError);
    expect(ws.opened).toEqual([]);
    expect(ws.frames).toEqual([]);
    expect(client.isConnected()).toBe(false);
  });

  it("calls after disconnect() reject StateError", async () => {
    const { client } = await connected();
    client.disconnect();
    expect(client.isConnected()).toBe(false);
    await expect(client.chatMessage({ content: { type: "text", text: "late" } })).rejects.toBeInstanceOf(StateError);
  });

  it("server.error becomes an `error` event carrying a SocketError", async () => {
    const { client, id } = await connected();
    const error = next(client, "error");
    mock.emit(id, "server.error", { message: "boom", code: "x" });
    const [e] = await error;
    expect(e).toBeInstanceOf(SocketError);
    expect(e.message).toBe("boom");
    expect((e as SocketError).code).toBe("x");
  });
});

describe("messages", () => {
  it("chatMessage resolves the stored Message; the agent's reply arrives via chat.message_received once, with typing on then off", async () => {
    const { client, id } = await connected();
    const received = collect(client, "chat.message_received");
    const typing = collect(client, "chat.agent_typing");
    const typingOff = new Promise<void>((resolve) => client.on("chat.agent_typing", (t) => !t.typing.is && resolve()));

    const message = await client.chatMessage({ content: { type: "text", text: "Hello" } });
    expect(message.id).toMatch(/^m_/);
    expect(message.content).toEqual({ type: "text", text: "Hello" });
    expect(message.subType).toBe("contact");
    expect(mock.messages(id).map((m) => m.id)).toContain(message.id);

    // The mock pushes typing off after the reply, on the same socket: once it is here, so is everything before it.
    await typingOff;
    expect(typing.map((t) => t.typing.is)).toEqual([true, false]);
    const replies = received.filter((r) => r.message.content.text === "Re: Hello");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.message).toMatchObject({ subType: "agent", agentId: "a_17", chatId: message.chatId });
    expect(received.filter((r) => r.message.id !== message.id)).toHaveLength(1);
  });

  // The stored message's id is known the moment its ack arrives, not after the caller's await: the
  // `ws` client dispatches every frame of one TCP read synchronously, so the server's echo (sent
  // right after the ack) is handled before the awaiting code runs.
  it("chatMessage's own echo is not emitted as chat.message_received (real mock)", async () => {
    const { client } = await connected();
    mock.agent.autoReply = false;
    const received = collect(client, "chat.message_received");
    const message = await client.chatMessage({ content: { type: "text", text: "Hello" } });
    // An acked request after it: when it resolves, the echo (pushed before its ack) has been handled.
    await client.chatTranscript("a@example.com", "en");
    expect(received.filter((r) => r.message.id === message.id)).toEqual([]);
  });

  // The same, staged deterministically (see above).
  it("the echo is skipped even when the ack and the echo arrive in the same tick (ws delivers frames synchronously)", async () => {
    // `ws` clients emit every frame of one TCP read synchronously (allowSynchronousEvents defaults to true),
    // so an ack and the vendor's echo that arrive together are handled before any promise continuation runs.
    const fake = fakeWebSocket();
    const client = clients.create("http://127.0.0.1:9", { WebSocket: fake.WebSocket });
    const connecting = client.connect();
    const socket = fake.sockets[0]!;
    handshake(socket);
    await connecting;
    const received = collect(client, "chat.message_received");
    const sending = client.chatMessage({ content: { type: "text", text: "Hello" } });
    const ackId = ackIdOf(socket, "chat.message");
    const stored: Message = { id: "m_1", type: "message", subType: "contact", channel: { type: "default", id: null }, chatId: "c_1", groupId: null, visitorId: "v_fake", agentId: null, trigger: null, createdAt: new Date().toISOString(), content: { type: "text", text: "Hello" }, tags: [], responseTime: null, attachments: [] };
    socket.receive(`43${ackId}${JSON.stringify([null, stored])}`);
    socket.receive(`42${JSON.stringify(["chat.message_received", { chatId: "c_1", message: stored }])}`);
    expect((await sending).id).toBe("m_1");
    expect(received.map((r) => r.message.id)).toEqual([]);
  });

  it("messages that arrive while disconnected are emitted once after the reconnect", async () => {
    const { client, id } = await connected();
    mock.agent.autoReply = false;
    await client.chatMessage({ content: { type: "text", text: "first" } });
    const received = collect(client, "chat.message_received");
    const disconnected = next(client, "disconnect");
    const reconnected = next(client, "initialized");
    expect(mock.dropConnections()).toBe(1);
    expect(await disconnected).toEqual(["transport close"]);
    const missed = mock.agent.say(id, "while you were away");
    await reconnected;
    expect(received.map((r) => r.message.id)).toEqual([missed.id]);
    // and it is not emitted again on the next reconnect
    const again = next(client, "initialized");
    mock.dropConnections();
    await again;
    expect(received.map((r) => r.message.id)).toEqual([missed.id]);
  });
});

describe("uploads", () => {
  it("chatUploadFile posts the file and resolves a Message with the attachment, reporting progress 0 then size", async () => {
    const { client, id } = await connected();
    const bytes = new Uint8Array(1234).map((_, i) => i % 251);
    const file = new File([bytes], "receipt.png", { type: "image/png" });
    const progress: { loaded: number; total: number }[] = [];
    const message = await client.chatUploadFile(file, { onProgress: (p) => progress.push(p) });
    expect(progress[0]).toEqual({ loaded: 0, total: 1234 });
    expect(progress.at(-1)).toEqual({ loaded: 1234, total: 1234 });
    expect(message.attachments).toHaveLength(1);
    const attachment = message.attachments![0]!;
    expect(attachment).toMatchObject({ name: "receipt.png", type: "image/png", size: 1234 });
    expect(mock.uploads).toContainEqual(expect.objectContaining({ visitorId: id, name: "receipt.png", size: 1234, type: "image/png" }));
    const served = new Uint8Array(await (await fetch(attachment.url)).arrayBuffer());
    expect(served).toEqual(bytes);
    expect(mock.messages(id).map((m) => m.id)).toContain(message.id);
  });

  it("the three steps as the vendor's page shows them: chatUploadInit, a POST of only {file} to its url, chatUploadFinish(token)", async () => {
    const { client, id } = await connected();
    const received = collect(client, "chat.message_received");
    const init = await client.chatUploadInit();
    expect(typeof init.token).toBe("string");
    // The url carries what authorises the upload; the form has nothing but the file.
    expect(init.url).toBe(`${mock.url}/upload?token=${init.token}`);
    const form = new FormData();
    form.append("file", new File(["hello, file"], "notes.txt", { type: "text/plain" }));
    const response = await fetch(init.url, { method: "POST", body: form });
    expect(response.status).toBe(200);
    const message = await client.chatUploadFinish(init.token);
    expect(message.attachments?.[0]).toMatchObject({ name: "notes.txt", size: 11, type: "text/plain" });
    expect(mock.uploads).toContainEqual(expect.objectContaining({ token: init.token, visitorId: id, name: "notes.txt" }));
    expect(received.filter((r) => r.message.id !== message.id)).toEqual([]);
  });

  it("chatUploadFile posts exactly what the vendor's page posts: one `file` field, to the init url as returned", async () => {
    const posted: { url: string; fields: string[] }[] = [];
    const client = createVisitorClient({
      data: { key: "demo" },
      connection: { url: mock.url },
      WebSocket: WebSocket as never,
      fetch: async (input, init) => {
        posted.push({ url: String(input), fields: [...(init?.body as FormData).keys()] });
        return fetch(input, init);
      },
    });
    try {
      await client.connect();
      const message = await client.chatUploadFile(new File(["%PDF"], "fatura.pdf", { type: "application/pdf" }));
      expect(message.attachments?.[0]).toMatchObject({ name: "fatura.pdf" });
      expect(posted).toEqual([{ url: expect.stringMatching(new RegExp(`^${mock.url}/upload\\?token=upl_`)), fields: ["file"] }]);
    } finally {
      client.disconnect();
    }
  });

  // As for chatMessage above: the upload's own echo is not emitted.
  it("chatUploadFinish's own echo is not emitted as chat.message_received", async () => {
    const { client } = await connected();
    const received = collect(client, "chat.message_received");
    const message = await client.chatUploadFile(new File(["x"], "a.txt", { type: "text/plain" }));
    await client.chatTranscript("a@example.com", "en");
    expect(received.filter((r) => r.message.id === message.id)).toEqual([]);
  });

  it("chatUploadFinish with an unknown token rejects SocketError", async () => {
    const { client } = await connected();
    await expect(client.chatUploadFinish("upl_nope")).rejects.toMatchObject({ name: "SocketError", code: "upload_not_found" });
  });
});

describe("typing and read receipts", () => {
  it("chatTyping reaches the mock; agent typing becomes chat.agent_typing", async () => {
    const { client, id } = await connected();
    mock.agent.autoReply = false;
    await client.chatTyping(true);
    await vi.waitFor(() => expect(mock.typing(id)).toEqual({ is: true, text: null }));
    await client.chatTyping(false, "draft");
    await vi.waitFor(() => expect(mock.typing(id)).toEqual({ is: false, text: "draft" }));

    await client.chatMessage({ content: { type: "text", text: "open a chat" } });
    const typing = next(client, "chat.agent_typing");
    mock.agent.typing(id, true);
    const [event] = await typing;
    expect(event.typing.is).toBe(true);
    expect(event.chatId).toBe(mock.chat(id)?.id);
  });

  it("chatRead reaches another tab of the same visitor as chat.contact_read; agent.read reaches the visitor", async () => {
    const { client, id } = await connected();
    mock.agent.autoReply = false;
    await client.chatMessage({ content: { type: "text", text: "hi" } });
    const tab2 = clients.create(mock.url, { data: { id } });
    const tab2Data = await tab2.connect();
    expect(tab2Data.visitor.id).toBe(id);

    const read = next(tab2, "chat.contact_read");
    await client.chatRead();
    const [event] = await read;
    expect(event.byId).toBe(id);
    expect(event.chatId).toBe(mock.chat(id)?.id);
    expect(mock.chat(id)?.readInfo?.byId).toBe(id);

    const agentRead = next(client, "chat.contact_read");
    mock.agent.read(id);
    expect((await agentRead)[0].byId).toBe("a_17");
  });
  it("ack-less events go out byte for byte as the vendor's client writes them: a trailing null argument", async () => {
    const ws = recordingWebSocket();
    const client = clients.create(mock.url, { WebSocket: ws.WebSocket });
    await client.connect();
    await client.chatMessage({ content: { type: "text", text: "hi" } });
    await client.chatRead();
    await client.chatTyping(true);
    // An acked request after them: when it resolves, the mock has checked both frames (afterEach: no violation).
    await client.chatTranscript("ann@example.com", "en");
    expect(ws.frames).toContain('42["chat.read",null,null]');
    expect(ws.frames).toContain('42["chat.typing",{"typing":{"is":true,"text":null}},null]');
  });
});

describe("chat lifecycle and identity", () => {
  it("chatTranscript, chatRateInit + chatRate, chatClose", async () => {
    const { client, id } = await connected();
    mock.agent.autoReply = false;
    await client.chatMessage({ content: { type: "text", text: "help" } });
    await expect(client.chatTranscript("a@example.com", "en")).resolves.toBeUndefined();

    const form = await client.chatRateInit();
    expect(form.message.content.type).toBe("rate_form");
    const rated = next(client, "chat.rated");
    await client.chatRate({ messageId: form.message.id, value: 5, text: "great" });
    expect((await rated)[0].rating).toEqual({ value: 5, text: "great" });
    expect(mock.chat(id)?.rating).toEqual({ value: 5, text: "great" });

    const closed = next(client, "chat.closed");
    await client.chatClose();
    expect((await closed)[0].chatId).toBe(mock.chat(id)?.id);
    expect(mock.chat(id)?.status).toBe("closed");
  });

  it("chatRate on an unknown form rejects SocketError", async () => {
    const { client } = await connected();
    await client.chatMessage({ content: { type: "text", text: "x" } });
    await expect(client.chatRate({ messageId: "m_nope", value: 3 })).rejects.toMatchObject({ name: "SocketError", code: "message_not_found" });
  });

  it("authenticate sends values and resolves the visitor", async () => {
    const { client, id } = await connected();
    const result = await client.authenticate({ name: "Jane Doe", email: "jane@example.com" });
    expect(result.visitor).toMatchObject({ id, name: "Jane Doe", email: "jane@example.com" });
    expect(mock.visitor(id)).toMatchObject({ name: "Jane Doe", email: "jane@example.com" });
  });

  it("updateVisitorIdentity batches two quick calls into one visitor.update with both fields", async () => {
    const ws = recordingWebSocket();
    const client = clients.create(mock.url, { WebSocket: ws.WebSocket });
    const { visitor } = await client.connect();
    const updated = collect(client, "visitor.updated");
    await client.updateVisitorIdentity({ name: "Ann" });
    await client.updateVisitorIdentity({ email: "ann@example.com" });
    await vi.waitFor(() => expect(updated).toHaveLength(1));
    // An acked request sent after the batch: when it resolves, the server has handled every earlier frame.
    await client.chatTranscript("ann@example.com", "en").catch(() => {});
    // As the vendor's client writes an ack-less event: a trailing null argument.
    expect(eventFrames(ws.frames, "visitor.update")).toEqual([["visitor.update", { values: { name: "Ann", email: "ann@example.com" } }, null]]);
    expect(updated).toHaveLength(1);
    expect(updated[0]?.changes).toEqual({ name: "Ann", email: "ann@example.com" });
    expect(mock.visitor(visitor.id)).toMatchObject({ name: "Ann", email: "ann@example.com" });
    expect(client.getVisitorIdentity()).toMatchObject({ id: visitor.id, name: "Ann", email: "ann@example.com" });
  });

  it("the identity survives a reconnect (sent again with visitor.connect)", async () => {
    const ws = recordingWebSocket();
    const client = clients.create(mock.url, { WebSocket: ws.WebSocket });
    const { visitor } = await client.connect();
    await client.updateVisitorIdentity({ name: "Bo" });
    await vi.waitFor(() => expect(mock.visitor(visitor.id)?.name).toBe("Bo"));
    const again = next(client, "initialized");
    mock.dropConnections();
    const [data] = await again;
    expect(data.visitor).toMatchObject({ id: visitor.id, name: "Bo" });
    const connects = eventFrames(ws.frames, "visitor.connect");
    expect(connects).toHaveLength(2);
    expect(connects[1]?.[1]).toMatchObject({ id: visitor.id, name: "Bo", key: "demo" });
  });
});

describe("getters", () => {
  it("agents, groups, assigned agents, visitor id, connection state", async () => {
    const { client, id } = await connected();
    expect(client.getVisitorId()).toBe(id);
    expect(client.getAgents().map((a) => a.id)).toEqual(["a_17"]);
    expect(client.getAgent("a_17")).toMatchObject({ nickname: "Dana", fullname: "Dana Souza" });
    expect(client.getAgent("a_nope")).toBeUndefined();
    expect(client.getGroups()).toEqual([{ key: "support", name: "Support", status: "online" }]);
    expect(client.getGroup("support")?.name).toBe("Support");
    expect(client.getGroup("nope")).toBeUndefined();
    expect(client.getAssignedAgents()).toEqual([]); // no chat yet

    mock.agent.autoReply = false;
    await client.chatMessage({ content: { type: "text", text: "hi" } });
    // A tab that connects to the visitor's open chat sees the assigned agent.
    const tab2 = clients.create(mock.url, { data: { id } });
    await tab2.connect();
    expect(tab2.getVisitorId()).toBe(id);
    expect(tab2.getAssignedAgents().map((a) => a.id)).toEqual(["a_17"]);

    client.disconnect();
    expect(client.isConnected()).toBe(false);
    expect(client.isInitialized()).toBe(true);
    expect(tab2.isConnected()).toBe(true);
  });
});

describe("connection edge cases (scripted socket)", () => {
  it("disconnect() while the first connect is in flight rejects connect()", async () => {
    // disconnect() during the first connect must settle connect(): it rejects
    // #firstConnect, and the socket's onclose is ignored once #ws is cleared, so connect() never settles.
    const fake = fakeWebSocket();
    const client = clients.create("http://127.0.0.1:9", { WebSocket: fake.WebSocket });
    let outcome: unknown = "pending";
    const connecting = client.connect().then(
      () => (outcome = "resolved"),
      (error: ParleyError) => (outcome = error),
    );
    client.disconnect();
    fake.sockets[0]?.end();
    await vi.waitFor(() => expect(outcome).not.toBe("pending"), { timeout: 10_000 });
    expect(outcome).toBeInstanceOf(Error);
    await connecting;
  });

  it("a refused visitor.connect rejects the first connect() with SocketError", async () => {
    const fake = fakeWebSocket();
    const client = clients.create("http://127.0.0.1:9", { WebSocket: fake.WebSocket });
    const connecting = client.connect();
    const socket = fake.sockets[0]!;
    socket.receive(`0${JSON.stringify({ sid: "s", upgrades: [], pingInterval: 25000, pingTimeout: 20000 })}`);
    socket.receive("40");
    socket.receive(`43${ackIdOf(socket, "visitor.connect")}${JSON.stringify([{ message: "banned", code: "banned" }])}`);
    await expect(connecting).rejects.toMatchObject({ name: "SocketError", message: "banned", code: "banned" });
    expect(client.isConnected()).toBe(false);
  });

  it("handshake sanity: the fake plays the same protocol", async () => {
    const fake = fakeWebSocket();
    const client = clients.create("http://127.0.0.1:9", { WebSocket: fake.WebSocket });
    const connecting = client.connect();
    handshake(fake.sockets[0]!, connectedData());
    expect((await connecting).visitor.id).toBe("v_fake");
    expect(fake.sockets[0]?.url).toBe("ws://127.0.0.1:9/socket/?EIO=3&transport=websocket");
  });
});
