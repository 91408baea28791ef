import { exponentialReconnectPolicy } from "@parley/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionError, ConnectionRefusedError, ProtocolError, StateError, TimeoutError, createVisitorClient, type ParleyError, type ReconnectPolicy, type VisitorClient } from "../src/index.js";
import { ackIdOf, collect, connectedData, fakeWebSocket, handshake, type FakeSocket } from "./helpers.js";

// The connection lifecycle of the visitor client on fake timers and a scripted socket.

let clients: VisitorClient[] = [];
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

function make(reconnect: ReconnectPolicy | false = exponentialReconnectPolicy({ initialDelayMs: 100, maxDelayMs: 100, jitter: 0 }), connection: Record<string, unknown> = {}) {
  const fake = fakeWebSocket();
  const client = createVisitorClient({ data: { key: "demo" }, connection: { url: "http://127.0.0.1:9", reconnect, ...connection }, WebSocket: fake.WebSocket });
  clients.push(client);
  const errors = collect(client, "error") as ParleyError[];
  const states = collect(client, "statechange");
  return { fake, client, errors, states, socket: (i = -1): FakeSocket => fake.sockets.at(i)! };
}

function outcome<T>(promise: Promise<T>): { value?: T; error?: unknown; done: boolean } {
  const out: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(out, { value, done: true }),
    (error: unknown) => Object.assign(out, { error, done: true }),
  );
  return out;
}

const OPEN = `0${JSON.stringify({ sid: "s", upgrades: [], pingInterval: 25_000, pingTimeout: 20_000 })}`;

describe("web-chat connect() deadlines (default 20 s, socket.io-client's timeout)", () => {
  for (const [name, play] of [
    ["no engine.io 0 packet", () => {}],
    ["a 0 packet and no socket.io 40", (s: FakeSocket) => s.receive(OPEN)],
    ["a 40 and no visitor.connect ack", (s: FakeSocket) => (s.receive(OPEN), s.receive("40"))],
  ] as const) {
    it(`${name}: the attempt ends at 20 s and connect() rejects when the policy stops`, async () => {
      const { client, socket } = make(false);
      const connecting = outcome(client.connect());
      play(socket());
      await vi.advanceTimersByTimeAsync(19_999);
      expect(connecting.done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(connecting.error).toBeInstanceOf(TimeoutError);
      expect(client.state).toBe("disconnected");
    });
  }

  it("connectTimeout is configurable and validated to 1..2^31-1 ms", async () => {
    expect(() => make(false, { connectTimeout: 2 ** 31 })).toThrow(/options\.connection\.connectTimeout/);
    expect(() => make(false, { ackTimeout: 0 })).toThrow(/options\.connection\.ackTimeout/);
    expect(() => make(false, { queueTimeout: 2 ** 31 })).toThrow(/options\.connection\.queueTimeout/);
    const { client } = make(false, { connectTimeout: 50 });
    const connecting = outcome(client.connect());
    await vi.advanceTimersByTimeAsync(50);
    expect(connecting.error).toBeInstanceOf(TimeoutError);
  });

  for (const [name, play] of [
    ["a silent server (socket open, no 0)", (s: FakeSocket) => s.onopen?.({})],
    ["an open packet without sid (0{\"foo\":1})", (s: FakeSocket) => s.receive('0{"foo":1}')],
    ["an ack that is not one (43N[null])", (s: FakeSocket) => (s.receive(OPEN), s.receive("40"), s.receive("43N[null]"))],
  ] as const) {
    it(`${name}, default (unlimited) reconnect policy: connect() rejects at connectTimeout, then nothing retries`, async () => {
      const fake = fakeWebSocket();
      const client = createVisitorClient({ data: { key: "demo" }, connection: { url: "http://127.0.0.1:9", connectTimeout: 5000 }, WebSocket: fake.WebSocket });
      clients.push(client);
      const connecting = outcome(client.connect());
      play(fake.sockets[0]!);
      await vi.advanceTimersByTimeAsync(4999);
      expect(connecting.done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(connecting.error).toBeInstanceOf(TimeoutError);
      expect((connecting.error as Error).message).toMatch(/^Not connected within 5000 ms \(1 attempt\)/);
      expect(client.state).toBe("disconnected");
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(fake.sockets).toHaveLength(1);
    });
  }

  it("HTTP 200 to the upgrade, retried: each attempt emits error naming the status, reconnecting carries it, connect() rejects at connectTimeout", async () => {
    const { client, fake, errors } = make(exponentialReconnectPolicy({ initialDelayMs: 1000, maxDelayMs: 1000, jitter: 0 }), { connectTimeout: 3500 });
    const reconnecting = collect(client, "reconnecting");
    const failed = collect(client, "reconnect_failed");
    const connecting = outcome(client.connect());
    for (let i = 0; i < 4; i++) {
      fake.sockets.at(-1)!.onerror?.({ message: "Unexpected server response: 200" });
      fake.sockets.at(-1)!.end();
      await vi.advanceTimersByTimeAsync(1000);
    }
    const why = "The server answered the WebSocket upgrade with HTTP 200, not 101.";
    expect(errors.map((e) => [e.name, e.message])).toEqual(Array(4).fill(["ConnectionError", why]));
    expect(reconnecting.map((r) => [r.attempt, r.error])).toEqual(errors.map((e, i) => [i + 1, e]));
    expect(connecting.error).toBeInstanceOf(ConnectionError);
    expect((connecting.error as Error).message).toBe(`Not connected within 3500 ms (4 attempts): ${why}`);
    expect((connecting.error as Error).cause).toBe(errors[3]);
    expect(failed).toEqual([connecting.error]);
    expect(fake.sockets).toHaveLength(4);
    expect(client.state).toBe("disconnected");
  });

  it('a namespace refusal (44"Authentication error") rejects connect() with ConnectionRefusedError, no retry', async () => {
    const { client, socket, fake } = make();
    const failed = collect(client, "reconnect_failed");
    const connecting = outcome(client.connect());
    socket().receive(OPEN);
    socket().receive('44"Authentication error"');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(connecting.error).toBeInstanceOf(ConnectionRefusedError);
    expect((connecting.error as Error).message).toContain("Authentication error");
    expect(failed).toEqual([connecting.error]);
    expect(fake.sockets).toHaveLength(1);
  });

  it("an HTTP 401 on the upgrade rejects connect() without a retry", async () => {
    const { client, socket, fake } = make();
    const connecting = outcome(client.connect());
    socket().onerror?.({ message: "Unexpected server response: 401" });
    socket().end();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(connecting.error).toBeInstanceOf(ConnectionRefusedError);
    expect(fake.sockets).toHaveLength(1);
  });
});

describe("web-chat bad handshake data never breaks a getter", () => {
  for (const [name, data] of [
    ["chat.messages {}", { ...connectedData(), chat: { id: "c", assignedIds: [], messages: {} } }],
    ["chat.messages [null]", { ...connectedData(), chat: { id: "c", assignedIds: [], messages: [null] } }],
    ["account.agents null", { ...connectedData(), account: { status: "online", agents: null, groups: [] } }],
    ["visitor null", { ...connectedData(), visitor: null }],
  ] as const) {
    it(`${name}: a ProtocolError, connect() does not settle with it, getters keep working`, async () => {
      const { client, socket, errors } = make(false);
      const connecting = outcome(client.connect());
      socket().receive(OPEN);
      socket().receive("40");
      socket().receive(`43${ackIdOf(socket(), "visitor.connect")}${JSON.stringify([null, data])}`);
      await vi.advanceTimersByTimeAsync(0);
      expect(errors.some((e) => e instanceof ProtocolError)).toBe(true);
      expect(connecting.error).toBeInstanceOf(ProtocolError);
      expect(client.getAgents()).toEqual([]);
      expect(client.getAssignedAgents()).toEqual([]);
      expect(client.isInitialized()).toBe(false);
    });
  }
});

describe("web-chat state and vendor events", () => {
  it("state and statechange: connecting → connected → reconnecting → connected → disconnected", async () => {
    const { client, socket, states } = make();
    const disconnects = collect(client, "disconnect");
    const reconnecting = collect(client, "reconnecting");
    const connecting = client.connect();
    expect(client.state).toBe("connecting");
    handshake(socket());
    await connecting;
    socket().end();
    expect(client.state).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(100);
    handshake(socket());
    await vi.advanceTimersByTimeAsync(0);
    client.disconnect();
    expect(states.map((s) => s.state)).toEqual(["connecting", "connected", "reconnecting", "connected", "disconnected"]);
    expect(disconnects).toEqual(["transport close", "io client disconnect"]);
    expect(reconnecting).toEqual([{ attempt: 1, delayMs: 100, error: expect.any(ConnectionError) }]);
  });

  it("connect() twice in the same tick opens one socket; both resolve with the same data", async () => {
    const { client, fake, socket } = make();
    const a = client.connect();
    const b = client.connect();
    expect(fake.sockets).toHaveLength(1);
    handshake(socket());
    expect(await a).toBe(await b);
  });

  it("give-up: one reconnect_failed, every queued call rejects, no listener left behind after 200 cycles", async () => {
    const { client, socket } = make(exponentialReconnectPolicy({ initialDelayMs: 10, maxDelayMs: 10, jitter: 0, maxAttempts: 2 }));
    const failed = collect(client, "reconnect_failed");
    const counts = () => ["initialized", "disconnect", "statechange", "error", "reconnect_failed"].map((e) => client.listenerCount(e as never));
    const before = counts();
    for (let i = 0; i < 200; i++) {
      const connecting = client.connect();
      handshake(socket());
      await connecting;
      socket().end();
      const queued = outcome(client.chatRead());
      await vi.advanceTimersByTimeAsync(10);
      socket().end();
      await vi.advanceTimersByTimeAsync(10);
      socket().end();
      await vi.advanceTimersByTimeAsync(0);
      expect(queued.error).toBe(failed.at(-1));
      expect(client.state).toBe("disconnected");
    }
    expect(failed).toHaveLength(200);
    expect(counts()).toEqual(before);
  });

  it("pingInterval 0 from the server is clamped (no ping storm); 3e9 does not overflow", async () => {
    const { client, socket } = make();
    const connecting = client.connect();
    handshake(socket(), undefined, { pingInterval: 0, pingTimeout: 3e9 });
    await connecting;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(socket().sent.filter((f) => f === "2").length).toBeLessThanOrEqual(10);
    expect(client.isConnected()).toBe(true);
  });

  it("41 from the server ends the session: io server disconnect, no reconnection", async () => {
    const { client, socket, fake } = make();
    const disconnects = collect(client, "disconnect");
    const connecting = client.connect();
    handshake(socket());
    await connecting;
    socket().receive("41");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(disconnects).toEqual(["io server disconnect"]);
    expect(fake.sockets).toHaveLength(1);
    await expect(client.chatRead()).rejects.toBeInstanceOf(StateError);
  });

  it("a listener that throws is isolated: later listeners run and nothing is thrown", async () => {
    const { client, socket } = make();
    let later = 0;
    client.on("initialized", () => {
      throw new Error("listener bug");
    });
    client.on("initialized", () => later++);
    const connecting = client.connect();
    handshake(socket());
    await connecting;
    expect(later).toBe(1);
  });
});
