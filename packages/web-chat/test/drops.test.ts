import { collectGarbage, watchProcess } from "@parley/test-support";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { AckLostError, createVisitorClient, type ConnectedData, type Message, type VisitorClient, type WebSocketLike } from "../src/index.js";
import { connectedData } from "./helpers.js";

// 1,000 forced drops during traffic, in-process: an in-memory server speaking the visitor protocol
// over scripted sockets, fake timers for every backoff. Every message is delivered exactly once.

const DROPS = 1000;

type DropAt = "before-store" | "before-ack" | "after-ack" | undefined;

/** The server side: stores the chat, acks, echoes, pushes agent messages, drops where told. */
class Server {
  readonly messages: Message[] = [];
  socket: ServerSocket | undefined;
  dropAt: DropAt;
  #n = 0;

  accept(socket: ServerSocket): void {
    this.socket = socket;
    queueMicrotask(() => {
      socket.push(`0${JSON.stringify({ sid: "s", upgrades: [], pingInterval: 25_000, pingTimeout: 20_000 })}`);
      socket.push("40");
    });
  }

  handle(socket: ServerSocket, frame: string): void {
    const m = /^42(\d*)(\[.*)$/.exec(frame);
    if (!m) return;
    const [event, payload] = JSON.parse(m[2]!) as [string, { content?: { text: string } }];
    const id = m[1];
    if (event === "visitor.connect") {
      const data: ConnectedData = { ...connectedData(), chat: { id: "c_1", assignedIds: [], rating: null, status: "open", readInfo: null, unreadInfo: null, messages: [...this.messages] } };
      socket.push(`43${id}${JSON.stringify([null, data])}`);
    } else if (event === "chat.message") {
      const drop = this.dropAt;
      this.dropAt = undefined;
      if (drop === "before-store") return socket.drop();
      const message = this.#message("contact", payload.content!.text);
      if (drop === "before-ack") return socket.drop();
      socket.push(`43${id}${JSON.stringify([null, message])}`);
      socket.push(`42${JSON.stringify(["chat.message_received", { chatId: "c_1", message }])}`);
      if (drop === "after-ack") socket.drop();
    }
  }

  /** An agent's message: pushed when a socket is up, in the chat either way. */
  say(text: string): Message {
    const message = this.#message("agent", text);
    this.socket?.push(`42${JSON.stringify(["chat.message_received", { chatId: "c_1", message }])}`);
    return message;
  }

  #message(subType: "agent" | "contact", text: string): Message {
    const message = { id: `m_${++this.#n}`, type: "message", subType, channel: { type: "default", id: null }, chatId: "c_1", visitorId: "v_fake", createdAt: new Date(0).toISOString(), content: { type: "text", text } } as Message;
    this.messages.push(message);
    return message;
  }
}

const server = new Server();
class ServerSocket implements WebSocketLike {
  readyState = 1;
  onopen: WebSocketLike["onopen"] = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code?: number; reason?: string }) => void) | null = null;
  onerror: WebSocketLike["onerror"] = null;
  constructor(_url: string) {
    server.accept(this);
  }
  send(data: string): void {
    if (this.readyState === 1) server.handle(this, data);
  }
  close(): void {
    this.readyState = 3;
    if (server.socket === this) server.socket = undefined;
  }
  push(frame: string): void {
    if (this.readyState === 1) this.onmessage?.({ data: frame });
  }
  drop(): void {
    this.close();
    this.onclose?.({ code: 1006, reason: "" });
  }
}

/** The caller's part of exactly-once (no idempotency key in the protocol): look before resending. */
async function sendExactlyOnce(client: VisitorClient, text: string): Promise<Message> {
  for (;;) {
    let onInit!: (data: ConnectedData) => void;
    const reconnected = new Promise<ConnectedData>((resolve) => client.once("initialized", (onInit = resolve)));
    try {
      return await client.chatMessage({ content: { type: "text", text } });
    } catch (error) {
      if (!(error instanceof AckLostError)) throw error;
      const stored = (await reconnected).chat?.messages.find((m) => m.content.text === text);
      if (stored) return stored;
    } finally {
      client.off("initialized", onInit);
    }
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

it(`${DROPS} forced drops during traffic: every message exactly once, listeners and heap flat`, async () => {
  const client = createVisitorClient({
    data: { key: "demo" },
    connection: { url: "http://127.0.0.1:9", reconnect: { nextRetryDelayMs: () => 10 } },
    WebSocket: ServerSocket,
  });
  const received = new Map<string, number>();
  client.on("chat.message_received", ({ message }) => received.set(message.id, (received.get(message.id) ?? 0) + 1));
  const listeners = () => ["initialized", "disconnect", "statechange", "chat.message_received", "error"].map((e) => client.listenerCount(e as never));

  const { uncaught } = await watchProcess(async () => {
    const connecting = client.connect();
    await vi.advanceTimersByTimeAsync(0);
    await connecting;
    const before = listeners();
    const sent: Message[] = [];
    let heapAfterWarmup = 0;
    const modes: DropAt[] = ["before-store", "before-ack", "after-ack"];
    for (let i = 0; i < DROPS; i++) {
      server.dropAt = modes[i % 3];
      const sending = sendExactlyOnce(client, `visitor ${i}`);
      let done = false;
      void sending.finally(() => (done = true));
      // an agent writes while the visitor's connection is down or coming back
      server.say(`agent ${i}`);
      for (let step = 0; !done && step < 50; step++) await vi.advanceTimersByTimeAsync(10);
      sent.push(await sending);
      if (i === 100) {
        collectGarbage();
        heapAfterWarmup = process.memoryUsage().heapUsed;
      }
    }
    collectGarbage();
    const growth = process.memoryUsage().heapUsed - heapAfterWarmup;
    expect(listeners()).toEqual(before);
    expect(growth).toBeLessThan(16 * 1024 * 1024);

    // the visitor's messages: each stored once on the server, whatever the drop did
    const texts = server.messages.filter((m) => m.subType === "contact").map((m) => m.content.text);
    expect(texts).toHaveLength(DROPS);
    expect(new Set(texts).size).toBe(DROPS);
    expect(new Set(sent.map((m) => m.id)).size).toBe(DROPS);
    // the agent's messages: each emitted once, live or replayed after a reconnect
    const agent = server.messages.filter((m) => m.subType === "agent");
    expect(agent).toHaveLength(DROPS);
    for (const m of agent) expect(received.get(m.id)).toBe(1);
    // and nothing twice: a visitor message whose ack was lost comes once, with the reconnect's data
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    expect([...received.keys()].every((id) => server.messages.some((m) => m.id === id))).toBe(true);
    client.disconnect();
    expect(vi.getTimerCount()).toBe(0);
  });
  expect(uncaught).toEqual([]);
}, 120_000);
