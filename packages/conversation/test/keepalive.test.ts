// The `.GetClock` keepalive against the conversation mock, on fake timers: the probe goes out after
// one keepalive interval, the mock answers it `{currentTime}` within the spec, and the link stays.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import type { Connection, ParleyError } from "../src/index.js";
import { TOKEN, bodiesOf, connectionTo, startMock, type ConversationMock } from "./helpers.js";

// Captured before the timers are faked: the deadline of the waits on real socket I/O.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** `promise`, or a rejection naming `what` when it has not settled within `ms` of real time. */
function within<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = realSetTimeout(() => reject(new Error(`No ${what} within ${ms} ms.`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => realClearTimeout(timer));
}

interface Frame {
  kind?: string;
  reqId?: string;
  code?: number;
  type?: string;
  body?: unknown;
}

/** `ws` that records every inbound frame, so the test sees the mock's answer on the wire. */
class TappedSocket extends WebSocket {
  static all: TappedSocket[] = [];
  readonly inbound: Frame[] = [];
  #waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    TappedSocket.all.push(this);
    this.on("message", (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      this.inbound.push(frame);
      for (const w of this.#waiters.filter((w) => w.match(frame))) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    });
  }
  next(match: (f: Frame) => boolean): Promise<Frame> {
    const seen = this.inbound.find(match);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }
}

const INTERVAL = 30_000;
const TIMEOUT = 5000;

let mock: ConversationMock;
let connection: Connection;
let errors: ParleyError[];

beforeEach(async () => {
  mock = await startMock({ token: TOKEN });
  TappedSocket.all = [];
  // Only the SDK's timers are faked; Date and the event loop stay real for the sockets.
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
  ({ connection, errors } = connectionTo(mock, { WebSocket: TappedSocket, keepaliveInterval: INTERVAL, requestTimeout: TIMEOUT }));
});

afterEach(async () => {
  connection.close();
  vi.useRealTimers();
  await mock.close();
});

describe("keepalive against the mock", () => {
  it("sends .GetClock after one keepalive interval, gets {currentTime} and stays connected past the deadline", async () => {
    await within(connection.connect(), "connect");
    const seen: unknown[] = [];
    connection.on("close", (info) => seen.push(info));
    connection.on("statechange", (change) => seen.push(change));
    expect(mock.requests).toEqual([]);

    const socket = TappedSocket.all[0]!;
    const answer = socket.next((f) => f.kind === "resp" && f.type === ".GetClock$Response");
    await vi.advanceTimersByTimeAsync(INTERVAL);
    const resp = await within(answer, ".GetClock$Response");

    expect(mock.requests.map((r) => r.type)).toEqual([".GetClock"]);
    expect(bodiesOf(mock, ".GetClock")).toEqual([{}]);
    expect(resp.reqId).toBe(mock.requests[0]!.id);
    expect(resp.code).toBe(200);
    expect(resp.body).toEqual({ currentTime: expect.any(Number) });

    // Past the probe's deadline: the answer cleared it, so the same socket is still in use.
    await vi.advanceTimersByTimeAsync(TIMEOUT + 1);
    expect(connection.state).toBe("connected");
    expect(seen).toEqual([]);
    expect(TappedSocket.all).toHaveLength(1);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    expect(errors).toEqual([]);
    expect(mock.violations).toEqual([]);
  });
});
