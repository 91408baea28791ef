// Drives the web-chat mock with a raw `ws` client that speaks the engine.io v3 / socket.io v2
// framing by hand, as the vendor's socket.io-client 2 does on the wire.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startWebChatMock } from "../src/realtime/web-chat.mjs";

/** A raw EIO3 client: every text frame is queued; `next()` takes them in order. */
class RawClient {
  static async open(url) {
    const client = new RawClient(url);
    await new Promise((resolve, reject) => {
      client.ws.once("open", resolve);
      client.ws.once("error", reject);
    });
    return client;
  }

  constructor(url) {
    this.ws = new WebSocket(url);
    this.log = []; // every frame received, for assertions on what never came
    this.queue = [];
    this.waiters = [];
    this.ackId = 0;
    this.closed = new Promise((resolve) => this.ws.once("close", (code) => resolve(code)));
    this.ws.on("message", (data) => {
      const frame = data.toString("utf8");
      this.log.push(frame);
      this.queue.push(frame);
      this.flush();
    });
  }

  flush() {
    while (this.queue.length && this.waiters.length) this.waiters.shift()(this.queue.shift());
  }

  /** The next frame, in arrival order. */
  next() {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.flush();
    });
  }

  /** The next frame, which must be a socket.io event: `[name, ...args]`. */
  async event() {
    const frame = await this.next();
    expect(frame.startsWith("42[")).toBe(true);
    return JSON.parse(frame.slice(2));
  }

  send(frame) {
    this.ws.send(frame);
  }

  /** Sends `42<id>["name",payload]` and resolves with the `[err, data]` of the matching `43<id>`. */
  async call(name, payload) {
    const id = this.ackId++;
    this.send(`42${id}${JSON.stringify([name, payload])}`);
    const frame = await this.next();
    expect(frame.startsWith(`43${id}[`)).toBe(true);
    return JSON.parse(frame.slice(2 + String(id).length));
  }

  /** Sends an event without an ack: `42["name",...args]`. */
  emit(name, ...args) {
    this.send(`42${JSON.stringify([name, ...args])}`);
  }

  /** Reads the open packet and `40`; returns the open packet's data. */
  async handshake() {
    const open = await this.next();
    expect(open[0]).toBe("0");
    const data = JSON.parse(open.slice(1));
    expect(await this.next()).toBe("40");
    return data;
  }

  /** Handshake, then `visitor.connect`; returns the ConnectedData. */
  async connect(identity = {}) {
    await this.handshake();
    const [err, connected] = await this.call("visitor.connect", { key: "test-key", id: null, bundleVersion: "Websocket SDK 1.2.2", ...identity });
    expect(err).toBeNull();
    return connected;
  }

  close() {
    this.ws.terminate();
  }
}

let mock;
const clients = [];
async function client() {
  const c = await RawClient.open(mock.socketUrl);
  clients.push(c);
  return c;
}

beforeEach(async () => {
  mock = await startWebChatMock({ agentReplyDelayMs: 1 });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await mock.close();
});

describe("web-chat mock: EIO3 framing", () => {
  it("opens with 0{sid,upgrades,pingInterval,pingTimeout} then 40, and answers 2 with 3", async () => {
    const c = await client();
    const open = await c.handshake();
    expect(open).toMatchObject({ upgrades: [], pingInterval: 25000, pingTimeout: 20000 });
    expect(typeof open.sid).toBe("string");
    c.send("2");
    expect(await c.next()).toBe("3");
  });

  it("takes ping settings as options", async () => {
    await mock.close();
    mock = await startWebChatMock({ pingInterval: 1000, pingTimeout: 500 });
    const c = await client();
    expect(await c.handshake()).toMatchObject({ pingInterval: 1000, pingTimeout: 500 });
  });
});

describe("web-chat mock: visitor session", () => {
  it("connects, sends a message, gets the echo and the agent's typing and reply", async () => {
    const c = await client();
    const connected = await c.connect({ name: "Ana", lang: "pt" });
    expect(connected).toMatchObject({ serverVersion: "parley-mock 1", browser: null, visitor: { chatId: null, name: "Ana", lang: "pt" } });
    expect(connected.account).toEqual({
      status: "online",
      agents: [{ id: "a_17", status: "online", groups: ["support"], nickname: "Dana", fullname: "Dana Souza", description: "Support", avatar: null }],
      groups: [{ key: "support", name: "Support", status: "online" }],
    });
    expect(connected.chat).toBeUndefined();
    const visitorId = connected.visitor.id;
    expect(visitorId).toMatch(/^v_/);

    const [err, message] = await c.call("chat.message", { content: { type: "text", text: "Olá" } });
    expect(err).toBeNull();
    expect(message).toMatchObject({ type: "message", subType: "contact", visitorId, content: { type: "text", text: "Olá" }, tags: [], attachments: [] });
    expect(await c.event()).toEqual(["chat.message_received", { chatId: message.chatId, message }]);
    expect(await c.event()).toEqual(["chat.agent_typing", { chatId: message.chatId, typing: { is: true, text: null } }]);
    const [name, reply] = await c.event();
    expect(name).toBe("chat.message_received");
    expect(reply.message).toMatchObject({ subType: "agent", agentId: "a_17", content: { type: "text", text: "Re: Olá" } });
    expect(reply.message.id).not.toBe(message.id);
    expect(await c.event()).toEqual(["chat.agent_typing", { chatId: message.chatId, typing: { is: false, text: null } }]);
    expect(mock.messages(visitorId).map((m) => m.id)).toEqual([message.id, reply.message.id]);

    // Typing: no ack, with the vendor's trailing null argument.
    c.emit("chat.typing", { typing: { is: true, text: null } }, null);
    c.send("2");
    expect(await c.next()).toBe("3"); // processed in order: typing came before the ping
    expect(mock.typing(visitorId)).toEqual({ is: true, text: null });
    expect(c.log.some((f) => f.startsWith("43"))).toBe(true); // only the two acks asked for
    expect(c.log.filter((f) => f.startsWith("43")).length).toBe(2);
    expect(mock.violations).toEqual([]);
  });

  it("accepts the vendor client's exact frames: null page fields, one trailing null on ack-less events", async () => {
    const c = await client();
    await c.handshake();
    // Byte for byte what smartsupp-websocket 1.2.2 sends in Node (tools/interop runs the real one).
    c.send('420["visitor.connect",{"pageUrl":null,"pageTitle":null,"referer":null,"domain":null,"bundleVersion":"Websocket SDK 1.2.2","id":null,"key":"k","name":"Alex"}]');
    const frame = await c.next();
    expect(frame.startsWith("430[null,")).toBe(true);
    const connected = JSON.parse(frame.slice(3))[1];
    expect(connected.visitor).toMatchObject({ name: "Alex" });
    await c.call("chat.message", { content: { type: "text", text: "hi" } });
    c.send('42["chat.read",null,null]');
    c.send('42["visitor.update",{"values":{"properties":{"plan":"pro"}}},null]');
    c.send("2");
    while ((await c.next()) !== "3");
    expect(mock.violations).toEqual([]);

    // Anything else after the payload is not what the client sends.
    c.emit("chat.read", null, "extra");
    c.emit("chat.typing", { typing: { is: false, text: null } }, null, null);
    c.send("2");
    while ((await c.next()) !== "3");
    expect(mock.violations.map((v) => [v.event, v.errors[0].message])).toEqual([
      ["chat.read", expect.stringContaining("only one trailing null")],
      ["chat.typing", expect.stringContaining("only one trailing null")],
    ]);
  });

  it("answers an invalid payload with an error ack and records the violation", async () => {
    const c = await client();
    await c.connect();
    const [err, data] = await c.call("chat.message", { content: { type: "text", text: "" } });
    expect(data).toBeUndefined();
    expect(err).toEqual({ message: "invalid payload", code: "invalid_payload", event: "chat.message" });
    expect(mock.violations).toHaveLength(1);
    expect(mock.violations[0]).toMatchObject({ direction: "in", event: "chat.message" });
    expect(mock.violations[0].errors.length).toBeGreaterThan(0);
  });

  it("refuses calls before visitor.connect and records unknown events", async () => {
    const c = await client();
    await c.handshake();
    expect(await c.call("chat.close", null)).toEqual([{ message: "visitor not connected", code: "not_connected", event: "chat.close" }]);
    expect(mock.violations).toEqual([]);
    const [err] = await c.call("chat.nope", null);
    expect(err).toMatchObject({ code: "unknown_event", event: "chat.nope" });
    expect(mock.violations).toMatchObject([{ direction: "in", event: "chat.nope" }]);
  });

  it("syncs read, identity and close/rate across tabs of one visitor", async () => {
    mock.agent.autoReply = false;
    const tab1 = await client();
    const { visitor } = await tab1.connect();
    const tab2 = await client();
    const again = await tab2.connect({ id: visitor.id });
    expect(again.visitor.id).toBe(visitor.id);

    const [, message] = await tab1.call("chat.message", { content: { type: "text", text: "hi" } });
    expect((await tab1.event())[0]).toBe("chat.message_received");
    expect(await tab2.event()).toEqual(["chat.message_received", { chatId: message.chatId, message }]);

    tab1.emit("chat.read", null);
    const [name, read] = await tab2.event();
    expect(name).toBe("chat.contact_read");
    expect(read).toMatchObject({ chatId: message.chatId, byId: visitor.id });

    tab1.emit("visitor.update", { values: { name: "Ana Souza", email: "ana@example.com" } });
    const changes = { name: "Ana Souza", email: "ana@example.com" };
    expect(await tab1.event()).toEqual(["visitor.updated", { id: visitor.id, changes }]);
    expect(await tab2.event()).toEqual(["visitor.updated", { id: visitor.id, changes }]);

    const [authErr, auth] = await tab1.call("visitor.authenticate", { values: { id: "cust-1", phone: "+351912345678" } });
    expect(authErr).toBeNull();
    expect(auth.visitor).toMatchObject({ id: visitor.id, name: "Ana Souza", phone: "+351912345678" });
    expect(await tab2.event()).toEqual(["visitor.updated", { id: visitor.id, changes: { phone: "+351912345678" } }]);

    expect(await tab1.call("chat.transcript", { email: "ana@example.com", lang: "pt" })).toEqual([null, null]);
    const [rateErr, { message: form }] = await tab1.call("chat.rate_init", null);
    expect(rateErr).toBeNull();
    expect(form).toMatchObject({ type: "event", subType: "system", content: { type: "rate_form" } });
    expect(await tab1.call("chat.rate", { messageId: form.id, value: 5, text: "great" })).toEqual([null, null]);
    expect(await tab1.event()).toEqual(["chat.rated", { chatId: message.chatId, rating: { value: 5, text: "great" } }]);
    expect(await tab2.event()).toEqual(["chat.rated", { chatId: message.chatId, rating: { value: 5, text: "great" } }]);

    expect(await tab1.call("chat.close", null)).toEqual([null, null]);
    expect(await tab1.event()).toEqual(["chat.closed", { chatId: message.chatId }]);
    expect(await tab2.event()).toEqual(["chat.closed", { chatId: message.chatId }]);
    expect(mock.chat(visitor.id)).toMatchObject({ status: "closed", rating: { value: 5, text: "great" } });
    expect(mock.violations).toEqual([]);
  });

  it("scripts the agent: say, typing, read", async () => {
    mock.agent.autoReply = false;
    const c = await client();
    const { visitor } = await c.connect();
    const said = mock.agent.say(visitor.id, "Hello from Dana");
    expect(await c.event()).toEqual(["chat.message_received", { chatId: said.chatId, message: said }]);
    mock.agent.typing(visitor.id, true);
    expect(await c.event()).toEqual(["chat.agent_typing", { chatId: said.chatId, typing: { is: true, text: null } }]);
    mock.agent.read(visitor.id);
    expect(await c.event()).toMatchObject(["chat.contact_read", { chatId: said.chatId, byId: "a_17" }]);
    expect(mock.violations).toEqual([]);
  });

  it("pushes account.updated to every socket", async () => {
    const c = await client();
    await c.connect();
    mock.account.setStatus("offline");
    expect(await c.next()).toBe('42["account.updated",{"status":"offline"}]');
    expect(mock.account.status).toBe("offline");
    const again = await client();
    expect((await again.connect()).account.status).toBe("offline");
    expect(mock.violations).toEqual([]);
  });
});

describe("web-chat mock: control arguments", () => {
  it("refuses emit options and close codes that could not act as written, and records a prototype-named event as a violation", () => {
    expect(() => mock.emit("all", "account.updated", { status: "offline" }, { delayMs: Number.NaN })).toThrow(/emit: options.delayMs must be an integer/);
    expect(() => mock.emit("all", "account.updated", { status: "offline" }, { duplicate: "yes" })).toThrow(/emit: options.duplicate must be true or false/);
    expect(() => mock.closeWith(999)).toThrow(/closeWith: code must be 1000 or from 3000 to 4999/);
    mock.emit("all", "constructor", {});
    mock.emit("all", "__proto__", {});
    expect(mock.violations.map((v) => v.event)).toEqual(["constructor", "__proto__"]);
  });
});

describe("web-chat mock: uploads", () => {
  it("answers an upload as soon as it is refused: an unknown token before the body, a chunked body past 10 MB as it streams", async () => {
    const c = await client();
    await c.connect();
    const [, init] = await c.call("chat.upload_init", null);
    // A multipart body that sends `bytes` and then never ends: only an answer given mid-body settles the fetch.
    const endless = (url, bytes) => {
      const abort = new AbortController();
      const head = new TextEncoder().encode('--b\r\ncontent-disposition: form-data; name="file"; filename="big.bin"\r\n\r\n');
      let sent = 0;
      const body = new ReadableStream({
        async pull(controller) {
          if (sent === 0) controller.enqueue(head);
          if (sent < bytes) {
            const chunk = new Uint8Array(Math.min(1024 * 1024, bytes - sent));
            sent += chunk.length;
            return controller.enqueue(chunk);
          }
          await new Promise((resolve) => abort.signal.addEventListener("abort", resolve));
        },
      });
      const answer = fetch(url, /** @type {RequestInit} */ ({ method: "POST", headers: { "content-type": "multipart/form-data; boundary=b" }, body, duplex: "half", signal: abort.signal })).catch((error) => error);
      return answer.finally(() => abort.abort());
    };
    const unknown = await endless(`${mock.uploadUrl}?token=upl_nope`, 1024);
    expect(unknown.status).toBe(401);
    const tooBig = await endless(init.url, 11 * 1024 * 1024);
    if (tooBig instanceof Response) expect(tooBig.status).toBe(413);
    else expect(tooBig).toBeInstanceOf(TypeError); // the socket cut mid-body: also a refusal while it streams
    expect(mock.uploads).toEqual([]);
  });

  it("uploads a file between upload_init and upload_finish", async () => {
    const c = await client();
    const { visitor } = await c.connect();
    const [initErr, init] = await c.call("chat.upload_init", null);
    expect(initErr).toBeNull();
    // The url carries the token: the vendor's documented upload posts nothing but `file`.
    expect(init.url).toBe(`${mock.uploadUrl}?token=${init.token}`);

    const bytes = new TextEncoder().encode("%PDF-1.4 fatura");
    const noFile = new FormData();
    noFile.append("note", "no file here");
    expect((await fetch(init.url, { method: "POST", body: noFile })).status).toBe(400);
    const fileOnly = () => {
      const form = new FormData();
      form.append("file", new Blob([bytes], { type: "application/pdf" }), "fatura.pdf");
      return form;
    };
    // The token as a form field (Parley's old [I] design) no longer authorises anything.
    const tokenField = fileOnly();
    tokenField.append("token", init.token);
    const unauthorized = await fetch(mock.uploadUrl, { method: "POST", body: tokenField });
    expect(unauthorized.status).toBe(401);
    expect((await fetch(`${mock.uploadUrl}?token=upl_nope`, { method: "POST", body: fileOnly() })).status).toBe(401);
    expect(unauthorized.headers.get("content-type")).toBe("application/problem+json");
    await unauthorized.body?.cancel();
    expect(await c.call("chat.upload_finish", { uploadToken: init.token })).toEqual([
      { message: "upload not found", code: "upload_not_found", event: "chat.upload_finish" },
    ]);

    const uploaded = await fetch(init.url, { method: "POST", body: fileOnly() });
    expect(uploaded.status).toBe(200);
    expect(await uploaded.json()).toEqual({ ok: true, uploadToken: init.token });
    expect(mock.uploads).toEqual([{ token: init.token, visitorId: visitor.id, name: "fatura.pdf", size: bytes.length, type: "application/pdf" }]);

    const [err, message] = await c.call("chat.upload_finish", { uploadToken: init.token });
    expect(err).toBeNull();
    expect(message).toMatchObject({ subType: "contact", content: { type: "upload", text: "fatura.pdf" } });
    expect(message.attachments).toMatchObject([{ name: "fatura.pdf", type: "application/pdf", size: bytes.length }]);
    expect(await c.event()).toEqual(["chat.message_received", { chatId: message.chatId, message }]);
    const file = await fetch(message.attachments[0].url);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    // The token is spent.
    expect((await c.call("chat.upload_finish", { uploadToken: init.token }))[0]).toMatchObject({ code: "upload_not_found" });
    expect(mock.violations).toEqual([]);
  });
});

describe("web-chat mock: connection faults", () => {
  it("dropConnections cuts the transport without a 41; the visitor reconnects with its id and gets the chat", async () => {
    mock.agent.autoReply = false;
    const c = await client();
    const { visitor } = await c.connect();
    const [, message] = await c.call("chat.message", { content: { type: "text", text: "still there?" } });
    await c.event(); // the echo
    expect(mock.sockets()).toBe(1);

    expect(mock.dropConnections()).toBe(1);
    await c.closed;
    expect(c.log).not.toContain("41");

    mock.agent.say(visitor.id, "I replied while you were away");
    const back = await client();
    const connected = await back.connect({ id: visitor.id });
    expect(connected.visitor).toMatchObject({ id: visitor.id, chatId: message.chatId });
    expect(connected.chat.messages.map((m) => m.content.text)).toEqual(["still there?", "I replied while you were away"]);
    expect(connected.chat.unreadInfo).toEqual({ count: 1 });
    expect(mock.violations).toEqual([]);
  });

  it("disconnectAll sends 41 (io server disconnect)", async () => {
    const c = await client();
    await c.connect();
    expect(mock.disconnectAll()).toBe(1);
    expect(await c.next()).toBe("41");
    await c.closed;
  });

  it("close() closes the sockets and the server", async () => {
    const c = await client();
    await c.connect();
    await mock.close();
    await c.closed;
    await expect(fetch(mock.uploadUrl, { method: "POST" })).rejects.toThrow();
  });
});

describe("web-chat mock: what a user's test scripts", () => {
  it("ids are unique across restarts: a new mock never repeats a chat or message id", async () => {
    const c = await client();
    const { visitor } = await c.connect();
    const [, first] = await c.call("chat.message", { content: { type: "text", text: "one" } });
    const again = await startWebChatMock({ agentReplyDelayMs: 1 });
    try {
      const other = await RawClient.open(again.socketUrl);
      clients.push(other);
      await other.connect({ id: visitor.id });
      const [, second] = await other.call("chat.message", { content: { type: "text", text: "one" } });
      expect(second.id).not.toBe(first.id);
      expect(second.chatId).not.toBe(first.chatId);
    } finally {
      await again.close();
    }
  });

  it("records every client event, in order", async () => {
    const c = await client();
    await c.connect();
    c.emit("chat.typing", { typing: { is: true } });
    await expect.poll(() => mock.requests.map((r) => r.event)).toEqual(["visitor.connect", "chat.typing"]);
    expect(mock.requests[1]).toMatchObject({ payload: { typing: { is: true } }, visitorId: expect.any(String) });
  });

  it("duplicates, reorders and delays pushed frames as asked", async () => {
    mock.agent.autoReply = false;
    const c = await client();
    const { visitor } = await c.connect();
    await c.call("chat.message", { content: { type: "text", text: "hi" } });
    await c.event(); // the echo of the visitor's own message
    mock.emit(visitor.id, "account.updated", { status: "offline" }, { duplicate: true });
    expect(await c.event()).toEqual(["account.updated", { status: "offline" }]);
    expect(await c.event()).toEqual(["account.updated", { status: "offline" }]);
    mock.reorder(true);
    mock.emit(visitor.id, "account.updated", { status: "online" });
    mock.emit(visitor.id, "account.updated", { status: "offline" });
    expect(await c.event()).toEqual(["account.updated", { status: "offline" }]);
    expect(await c.event()).toEqual(["account.updated", { status: "online" }]);
    mock.emit(visitor.id, "account.updated", { status: "online" }, { delayMs: 1 });
    expect(await c.event()).toEqual(["account.updated", { status: "online" }]);
    expect(mock.violations).toEqual([]);
  });

  it("closes the sockets with a given WebSocket close code", async () => {
    const c = await client();
    await c.connect();
    expect(mock.closeWith(4000, "bye")).toBe(1);
    expect(await c.closed).toBe(4000);
  });

  it("reset() forgets visitors, chats and records, and puts the account back online", async () => {
    const c = await client();
    const { visitor } = await c.connect();
    await c.call("chat.message", { content: { type: "text", text: "hi" } });
    mock.account.setStatus("offline");
    mock.reset();
    expect([mock.requests, mock.violations, mock.visitor(visitor.id), mock.account.status]).toEqual([[], [], undefined, "online"]);
  });
});
