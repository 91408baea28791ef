import { collectGarbage, garbageArb, mutate, mutationArb, specExamples, watchProcess, type Mutation } from "@parley/test-support";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InvalidResponseError } from "@parley/core";
import { AuthenticationClosedError, Connection, ParleyError, ProtocolError, StateError, TimeoutError, type ConnectionOptions } from "../src/index.js";

// The agent connection's lifecycle on fake timers and a scripted socket, and a 100,000-frame fuzz.

class Socket {
  static all: Socket[] = [];
  readyState = 0;
  readonly sent: { kind: string; id: string; type: string; body: unknown }[] = [];
  closed: { code?: number; reason?: string } | undefined;
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code?: number; reason?: string }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  constructor(readonly url: string) {
    Socket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(code?: number, reason?: string): void {
    this.closed = { code, reason };
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(data: unknown): void {
    this.onmessage?.({ data: typeof data === "string" || data instanceof Uint8Array ? data : JSON.stringify(data) });
  }
  drop(code = 1006, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

const TOKEN = "tok-Secret-123456";
const connections: Connection[] = [];
function make(options: Partial<ConnectionOptions> = {}) {
  const connection = new Connection({ accountId: "123", token: TOKEN, url: "ws://127.0.0.1:9", WebSocket: Socket, reconnect: { nextRetryDelayMs: () => 100 }, ...options });
  connections.push(connection);
  const errors: ParleyError[] = [];
  connection.on("error", (e) => errors.push(e));
  return { connection, errors, last: () => Socket.all.at(-1)! };
}

describe("conversation Connection lifecycle (fake timers)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    Socket.all = [];
  });
  afterEach(() => {
    for (const c of connections.splice(0)) c.close();
    expect(vi.getTimerCount()).toBe(0);
    vi.useRealTimers();
  });

  it("a socket that never opens: connect() is bounded by connectTimeout and rejects when the policy stops", async () => {
    const { connection } = make({ reconnect: false, connectTimeout: 5000 });
    const connecting = connection.connect();
    const result = connecting.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await result).toBeInstanceOf(TimeoutError);
    expect(connection.state).toBe("disconnected");
  });

  it("a server that accepts and stays silent under the default (unlimited) policy: connect() rejects at connectTimeout, then nothing retries", async () => {
    const connection = new Connection({ accountId: "123", token: TOKEN, url: "ws://127.0.0.1:9", WebSocket: Socket, connectTimeout: 5000 });
    connections.push(connection);
    const result = connection.connect().catch((e: unknown) => e);
    // no open event at all: the upgrade never completes
    await vi.advanceTimersByTimeAsync(5000);
    const error = (await result) as Error;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe("Not connected within 5000 ms (1 attempt).");
    expect(connection.state).toBe("disconnected");
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(Socket.all).toHaveLength(1);
  });

  it("HTTP 200 to the upgrade, retried: each attempt emits error naming the status (no token), reconnecting carries it, connect() rejects at connectTimeout", async () => {
    const { connection, errors, last } = make({ connectTimeout: 250 });
    const reconnecting: { attempt: number; error: ParleyError }[] = [];
    connection.on("reconnecting", (info) => reconnecting.push(info));
    const result = connection.connect().catch((e: unknown) => e);
    for (let i = 0; i < 3; i++) {
      last().onerror?.({ message: "Unexpected server response: 200" });
      last().drop(1006);
      await vi.advanceTimersByTimeAsync(100);
    }
    const error = (await result) as Error;
    const why = "The server answered the WebSocket upgrade with HTTP 200, not 101.";
    expect(errors.slice(0, 3).map((e) => [e.name, e.message])).toEqual(Array(3).fill(["ConnectionError", why]));
    expect(reconnecting.map((r) => [r.attempt, r.error])).toEqual(errors.slice(0, 3).map((e, i) => [i + 1, e]));
    expect(error.message).toBe(`Not connected within 250 ms (3 attempts): ${why}`);
    expect(error.cause).toBe(errors[2]);
    expect(errors.at(-1)).toBe(error);
    expect(JSON.stringify(errors.map((e) => e.message))).not.toContain(TOKEN);
    expect(connection.state).toBe("disconnected");
  });

  it("an unknown option key is a ValidationError naming it (a misspelt option was silently ignored)", () => {
    expect(() => make({ connectTimout: 5 } as never)).toThrow(expect.objectContaining({ name: "ValidationError", argument: "options.connectTimout" }));
    expect(() => make({ connection: { connectTimeout: 5 } } as never)).toThrow(/`options\.connection`: is not an option \(expected accountId, token, /);
    const logger = { debug() {}, warn() {}, error() {}, extra: 1 }; // a leaf option's own keys are not checked
    expect(() => make({ logger })).not.toThrow();
  });

  it("options that throw while being read (a Proxy, a getter) are a ValidationError, never a raw error", () => {
    const throwing = new Proxy({}, { get: () => { throw new Error("proxy get"); }, ownKeys: () => ["accountId"], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }) });
    expect(() => new Connection(throwing as never)).toThrow(expect.objectContaining({ name: "ValidationError", argument: "options" }));
    const reconnect = new Proxy({}, { get: () => { throw new Error("proxy get"); } });
    expect(() => make({ reconnect } as never)).toThrow(expect.objectContaining({ name: "ValidationError", argument: "options.reconnect" }));
  });

  it("options are validated to 1..2^31-1 ms", () => {
    expect(() => make({ requestTimeout: 2 ** 31 })).toThrow(/options\.requestTimeout/);
    expect(() => make({ keepaliveInterval: 0 })).toThrow(/options\.keepaliveInterval/);
    expect(() => make({ connectTimeout: Number.NaN })).toThrow(/options\.connectTimeout/);
  });

  it("a silent peer: the GetClock keepalive goes unanswered, the socket is detached and the reconnect starts", async () => {
    const { connection, last } = make({ keepaliveInterval: 30_000, requestTimeout: 10_000 });
    const connecting = connection.connect();
    last().open();
    await connecting;
    const closes: unknown[] = [];
    connection.on("close", (info) => closes.push(info));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(last().sent.map((f) => f.type)).toEqual([".GetClock"]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(Socket.all[0]!.onclose).toBeNull();
    expect(closes).toEqual([{ code: undefined, reason: "ping timeout", willReconnect: true }]);
    expect(connection.state).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(100);
    expect(Socket.all).toHaveLength(2);
  });

  it("an answered keepalive keeps the connection", async () => {
    const { connection, last } = make({ keepaliveInterval: 30_000 });
    const connecting = connection.connect();
    last().open();
    await connecting;
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(30_000);
      const probe = last().sent.at(-1)!;
      last().receive({ kind: "resp", reqId: probe.id, code: 200, type: ".GetClock$Response", body: { currentTime: 1 } });
    }
    expect(Socket.all).toHaveLength(1);
    expect(connection.state).toBe("connected");
  });

  it("4401 then a fresh token from the provider: reconnects with it; the old token never shows", async () => {
    let n = 0;
    const { connection, errors, last } = make({ token: async () => `${TOKEN}-${++n}` });
    const failed: unknown[] = [];
    connection.on("reconnect_failed", (e) => failed.push(e));
    const connecting = connection.connect();
    await vi.advanceTimersByTimeAsync(0);
    last().open();
    await connecting;
    const closes: unknown[] = [];
    connection.on("close", (info) => closes.push(info));
    last().drop(4401, `token ${TOKEN}-1 expired`);
    expect(closes).toEqual([{ code: 4401, reason: "token [redacted] expired", willReconnect: true }]);
    await vi.advanceTimersByTimeAsync(100);
    expect(last().url).toBe(`ws://127.0.0.1:9/ws_api/account/123/messaging/brand/${TOKEN}-2?v=2.1`);
    last().open();
    expect(connection.state).toBe("connected");
    expect(failed).toEqual([]);
    expect(JSON.stringify(errors.map((e) => e.message))).not.toContain(TOKEN);
  });

  it("connect() twice and from a close listener: one socket each time, nothing left after close()", async () => {
    const { connection, last } = make();
    const a = connection.connect();
    const b = connection.connect();
    expect(Socket.all).toHaveLength(1);
    last().open();
    await Promise.all([a, b]);
    let again: Promise<void> | undefined;
    connection.on("statechange", ({ state }) => {
      if (state === "disconnected" && !again) again = connection.connect();
    });
    connection.close();
    expect(Socket.all).toHaveLength(2);
    connection.close();
    await expect(again).rejects.toBeInstanceOf(StateError);
    expect(Socket.all.filter((s) => !s.closed)).toHaveLength(0);
  });

  it("give-up: one reconnect_failed, pending requests and waiting connect() reject", async () => {
    let calls = 0;
    const { connection, last } = make({ reconnect: { nextRetryDelayMs: ({ attempt }) => (calls++, attempt < 2 ? 100 : null) } });
    const failed: ParleyError[] = [];
    connection.on("reconnect_failed", (e) => failed.push(e));
    const connecting = connection.connect();
    last().open();
    await connecting;
    const request = connection.request("ms.PublishEvent", {}).catch((e: unknown) => e);
    last().drop();
    expect(await request).toBeInstanceOf(ParleyError);
    const waiting = connection.connect().catch((e: unknown) => e);
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(100);
      last().drop();
    }
    expect(calls).toBe(3);
    expect(failed).toHaveLength(1);
    expect(await waiting).toBe(failed[0]);
    expect(connection.state).toBe("disconnected");
  });

  it("a token echoed in a refused request's message and body is redacted", async () => {
    const { connection, last } = make();
    const connecting = connection.connect();
    last().open();
    await connecting;
    const request = connection.request("ms.PublishEvent", { x: 1 }).catch((e: unknown) => e);
    last().receive({ kind: "resp", reqId: last().sent.at(-1)!.id, code: 401, type: "x", body: { msg: `bad token ${TOKEN}`, echo: [{ deep: `${encodeURIComponent(TOKEN)}` }] } });
    const error = (await request) as ParleyError & { body: unknown };
    expect(error.message).toBe("ms.PublishEvent failed with 401: bad token [redacted]");
    expect(JSON.stringify(error.body)).not.toContain(TOKEN);
  });

  it("4401 with a fixed token ends for good with AuthenticationClosedError", async () => {
    const { connection, errors, last } = make();
    const connecting = connection.connect();
    last().open();
    await connecting;
    last().drop(4401, TOKEN);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(errors.at(-1)).toBeInstanceOf(AuthenticationClosedError);
    expect(errors.at(-1)!.message).not.toContain(TOKEN);
    expect(Socket.all).toHaveLength(1);
  });

  it("bad notifications are ProtocolErrors naming the field, dropped; the conversation's getters keep working", async () => {
    const { connection, errors, last } = make();
    const connecting = connection.connect();
    last().open();
    await connecting;
    const notify = (changes: unknown) => last().receive({ kind: "notification", type: "cqm.ExConversationChangeNotification", body: { changes } });
    notify([null]);
    // Participants in a shape the dialect reads, so the state guard sees the bad dialogs.
    notify([{ type: "UPSERT", result: { convId: "c1", conversationDetails: { participants: [], dialogs: {} } } }]);
    notify([{ type: "UPSERT", result: { convId: "c1", conversationDetails: { participants: [], state: "OPEN", dialogs: [{ dialogId: "d1", state: "OPEN", participantsDetails: [null] }] } } }]);
    expect(errors.map((e) => e.message)).toEqual([
      "cqm.ExConversationChangeNotification: body.changes[0] is not an object.",
      "cqm.ExConversationChangeNotification: `body.changes[0].result.conversationDetails.dialogs` is missing or not the spec's type.",
      "cqm.ExConversationChangeNotification: `body.changes[0].result.conversationDetails.dialogs[0].participantsDetails[0]` is missing or not the spec's type.",
    ]);
    // The dialect refuses the change it cannot read; the state guard the bad fields (ConnectionEvents "error").
    expect(errors.map((e) => e.constructor)).toEqual([InvalidResponseError, ProtocolError, ProtocolError]);
    expect(connection.getConversations()).toEqual([]);
  });
});

// ---- fuzz ----------------------------------------------------------------------------------

const RUNS = 100;
const FRAMES = 1000;
const examples = specExamples(new URL("../../../openapi/conversation.asyncapi.yaml", import.meta.url));
const BASES = ["cqm.ExConversationChangeNotification", "ms.MessagingEventNotification", "ms.PublishEvent.response", "cqm.SubscribeExConversations.response", "ms.QueryMessages.response"].map(
  (name) => examples.get(name)?.[0] ?? {},
);

type Frame = { kind: "json"; base: number; m: Mutation } | { kind: "garbage"; text: string } | { kind: "binary"; bytes: Uint8Array };
const frameArb: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("json" as const), base: fc.nat(BASES.length - 1), m: mutationArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("garbage" as const), text: garbageArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("binary" as const), bytes: fc.uint8Array({ maxLength: 16 }) }) },
);

it(`fuzz: ${RUNS * FRAMES} mutated frames from the spec's examples, no uncaught exception, getters intact, flat memory`, async () => {
  Socket.all = [];
  const connection = new Connection({ accountId: "123", token: TOKEN, url: "ws://127.0.0.1:9", WebSocket: Socket, reconnect: false });
  const errors = { count: 0, foreign: 0 };
  connection.on("error", (e) => {
    errors.count++;
    if (!(e instanceof ParleyError)) errors.foreign++;
  });
  let heapAtStart = 0;
  let runs = 0;
  const { uncaught } = await watchProcess(async () => {
    const connecting = connection.connect();
    Socket.all.at(-1)!.open();
    await connecting;
    await fc.assert(
      fc.asyncProperty(fc.array(frameArb, { minLength: FRAMES, maxLength: FRAMES }), async (frames) => {
        const socket = Socket.all.at(-1)!;
        // requests waiting for their response, so mutated responses have someone to reach
        for (let i = 0; i < 4; i++) connection.request("ms.PublishEvent", { i }).catch(() => {});
        const base = Number(socket.sent.at(-1)?.id ?? 0) - 3;
        for (const frame of frames) {
          if (frame.kind === "garbage") socket.receive(frame.text);
          else if (frame.kind === "binary") socket.receive(frame.bytes);
          else {
            const value = mutate(BASES[frame.base], frame.m) as Record<string, unknown> | null;
            if (value && typeof value === "object" && value["kind"] === "resp") value["reqId"] = String(base + (frame.m.path[0] ?? 0) % 4);
            socket.receive(JSON.stringify(value) ?? "");
          }
        }
        await new Promise((r) => setImmediate(r));
        expect(connection.state).toBe("connected");
        for (const c of connection.getConversations()) {
          void [c.state, c.assignedAgent, c.consumer, c.note, c.campaignId, c.appInstId, c.handlerAccountId, c.ttrEffective, c.getDialog("MAIN"), c.getDialog("POST_SURVEY"), c.toJSON()];
        }
        expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
        if (++runs === 10) {
          collectGarbage();
          heapAtStart = process.memoryUsage().heapUsed;
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  });
  connection.close();
  collectGarbage();
  const growth = process.memoryUsage().heapUsed - heapAtStart;
  expect(uncaught).toEqual([]);
  expect(errors.foreign).toBe(0);
  expect(errors.count).toBeGreaterThan(RUNS * FRAMES * 0.2);
  expect(growth).toBeLessThan(32 * 1024 * 1024);
  console.info(`conversation fuzz: ${RUNS * FRAMES} frames, ${errors.count} ProtocolError events, ${connection.getConversations().length} conversations, heap +${(growth / 1024 / 1024).toFixed(1)} MB after run 10`);
}, 120_000);
