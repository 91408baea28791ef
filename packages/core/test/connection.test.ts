import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AuthenticationClosedError,
  ConnectionError,
  ConnectionRefusedError,
  ParleyError,
  ProtocolError,
  RealtimeConnection,
  StateError,
  TimeoutError,
  exponentialReconnectPolicy,
  type LinkLoss,
  type Protocol,
  type RealtimeOptions,
  type ReconnectPolicy,
  type StateChange,
} from "../src/index.js";

// The lifecycle on fake timers and a scripted socket: every transition, no wall clock.

class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  readonly sent: string[] = [];
  closed: { code?: number; reason?: string } | undefined;
  onopen: ((e: unknown) => void) | null = null;
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onclose: ((e: { code?: number; reason?: string }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string): void {
    this.sent.push(data);
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
    this.onmessage?.({ data });
  }
  drop(code = 1006, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

/** Sockets not closed by the client and still wired: what a leak looks like. */
const live = () => FakeSocket.all.filter((s) => !s.closed && s.onmessage !== null);

interface Harness {
  link: RealtimeConnection;
  changes: StateChange[];
  losses: LinkLoss[];
  reports: ParleyError[];
  gaveUp: ParleyError[];
  pings: number;
  contexts: { attempt: number; elapsedMs: number; error?: unknown }[];
  last(): FakeSocket;
}

/** A protocol with a handshake: the server's frame "hello" completes it, "no" refuses it. */
function harness(options: Partial<RealtimeOptions> = {}, policy: ReconnectPolicy | false = exponentialReconnectPolicy({ initialDelayMs: 100, maxDelayMs: 100, jitter: 0 })): Harness {
  const h = { changes: [], losses: [], reports: [], gaveUp: [], pings: 0, contexts: [] } as unknown as Harness;
  const recording: ReconnectPolicy | false =
    policy === false
      ? false
      : {
          nextRetryDelayMs: (context) => {
            h.contexts.push(context);
            return policy.nextRetryDelayMs(context);
          },
        };
  const protocol: Protocol = {
    url: (credential) => `ws://127.0.0.1:9/socket/${credential ?? ""}`,
    opened: () => {},
    frame: (text) => {
      if (text === "hello") h.link.ready();
      else if (text === "no") h.link.refuse(new ConnectionRefusedError("refused: Authentication error"));
      else if (text === "bad") throw new TypeError("cannot read");
    },
    ping: () => {
      h.pings++;
      h.last().send("ping");
    },
    lost: (loss) => h.losses.push(loss),
    changed: (change) => h.changes.push(change),
    report: (error) => h.reports.push(error),
    gaveUp: (error) => h.gaveUp.push(error),
  };
  h.link = new RealtimeConnection(
    { WebSocket: FakeSocket, reconnect: recording, connectTimeoutMs: 20_000, keepalive: { intervalMs: 25_000, timeoutMs: 20_000 }, ...options },
    protocol,
  );
  h.last = () => FakeSocket.all.at(-1)!;
  return h;
}

function settled<T>(promise: Promise<T>): { value?: T; error?: unknown; done: boolean } {
  const out: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(out, { value, done: true }),
    (error: unknown) => Object.assign(out, { error, done: true }),
  );
  return out;
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe("RealtimeConnection: connecting", () => {
  it("connect() goes connecting → connected once the protocol's handshake completes", async () => {
    const h = harness();
    const connecting = settled(h.link.connect());
    expect(h.link.state).toBe("connecting");
    h.last().open();
    await vi.advanceTimersByTimeAsync(0);
    expect(connecting.done).toBe(false);
    h.last().receive("hello");
    await vi.advanceTimersByTimeAsync(0);
    expect(connecting.done).toBe(true);
    expect(h.link.state).toBe("connected");
    expect(h.changes.map((c) => c.state)).toEqual(["connecting", "connected"]);
  });

  it("a failed first attempt is retried by the policy inside connectTimeoutMs, and connect() waits for the retry", async () => {
    const h = harness({ connectTimeoutMs: 20_000 });
    const connecting = settled(h.link.connect());
    h.last().drop(1006);
    expect(h.losses[0]?.error).toBeInstanceOf(ConnectionError);
    expect(h.losses[0]?.willRetry).toBe(true);
    expect(h.link.state).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.all).toHaveLength(2);
    h.last().open();
    h.last().receive("hello");
    await vi.advanceTimersByTimeAsync(0);
    expect(connecting.done).toBe(true);
    expect(connecting.error).toBeUndefined();
    // the first connect()'s deadline is gone once connected
    await vi.advanceTimersByTimeAsync(20_000);
    expect(h.link.state).toBe("connected");
  });

  it("a silent server under an unlimited policy: the first connect() rejects with a TimeoutError at connectTimeoutMs, and nothing retries", async () => {
    const h = harness({ connectTimeoutMs: 20_000 });
    const connecting = settled(h.link.connect());
    h.last().open();
    await vi.advanceTimersByTimeAsync(19_999);
    expect(connecting.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(connecting.error).toBeInstanceOf(TimeoutError);
    expect((connecting.error as Error).message).toBe("Not connected within 20000 ms (1 attempt).");
    expect(h.link.state).toBe("disconnected");
    expect(h.gaveUp).toEqual([connecting.error]);
    expect(vi.getTimerCount()).toBe(0);
    expect(live()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it("non-101 answers retried inside the window: connect() rejects with a ConnectionError counting the attempts, the last failure as cause", async () => {
    const h = harness({ connectTimeoutMs: 1000 }, exponentialReconnectPolicy({ initialDelayMs: 300, maxDelayMs: 300, jitter: 0 }));
    const connecting = settled(h.link.connect());
    const refuse = () => {
      h.last().onerror?.({ message: "Unexpected server response: 200" });
      h.last().drop(1006);
    };
    refuse();
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(300);
      refuse();
    }
    expect(h.losses.map((l) => l.error.message)).toEqual(Array(4).fill("The server answered the WebSocket upgrade with HTTP 200, not 101."));
    await vi.advanceTimersByTimeAsync(100);
    expect(connecting.error).toBeInstanceOf(ConnectionError);
    expect(connecting.error).not.toBeInstanceOf(TimeoutError);
    expect((connecting.error as Error).message).toBe("Not connected within 1000 ms (4 attempts): The server answered the WebSocket upgrade with HTTP 200, not 101.");
    expect((connecting.error as Error).cause).toBe(h.losses[3]!.error);
    expect(h.link.state).toBe("disconnected");
    expect(vi.getTimerCount()).toBe(0);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it("a bad handshake as the last failure: the first connect() rejects with a ProtocolError", async () => {
    const h = harness({ connectTimeoutMs: 1000 });
    const connecting = settled(h.link.connect());
    h.last().open();
    h.link.drop(new ProtocolError("Bad initialized data."), "transport close");
    await vi.advanceTimersByTimeAsync(1000);
    expect(connecting.error).toBeInstanceOf(ProtocolError);
    expect((connecting.error as Error).message).toMatch(/^Not connected within 1000 ms \(2 attempts\): Bad initialized data\.$/);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a refused TCP connection names its cause in the attempt's error", async () => {
    const h = harness({}, false);
    const connecting = settled(h.link.connect());
    h.last().onerror?.({ message: "connect ECONNREFUSED 127.0.0.1:9" });
    h.last().drop(1006);
    await vi.advanceTimersByTimeAsync(0);
    expect((connecting.error as Error).message).toBe("The connection closed (connect ECONNREFUSED 127.0.0.1:9).");
  });

  it("opens but no handshake: the same deadline ends the attempt", async () => {
    const h = harness({ connectTimeoutMs: 5000 }, false);
    const connecting = settled(h.link.connect());
    h.last().open();
    await vi.advanceTimersByTimeAsync(5000);
    expect(connecting.error).toBeInstanceOf(TimeoutError);
    expect(h.link.state).toBe("disconnected");
    expect(h.gaveUp).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(live()).toHaveLength(0);
  });

  it("a refused handshake rejects connect() with the typed error, once, without a retry", async () => {
    const h = harness();
    const connecting = settled(h.link.connect());
    h.last().open();
    h.last().receive("no");
    await vi.advanceTimersByTimeAsync(1000);
    expect(connecting.error).toBeInstanceOf(ConnectionRefusedError);
    expect(FakeSocket.all).toHaveLength(1);
    expect(h.gaveUp).toEqual([connecting.error]);
    expect(h.link.state).toBe("disconnected");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("an HTTP 401 on the upgrade (ws: 'Unexpected server response: 401') rejects with AuthenticationClosedError", async () => {
    const h = harness({ credential: "tok-123456" });
    const connecting = settled(h.link.connect());
    h.last().onerror?.({ message: "Unexpected server response: 401" });
    h.last().drop(1006);
    await vi.advanceTimersByTimeAsync(1000);
    expect(connecting.error).toBeInstanceOf(AuthenticationClosedError);
    expect(FakeSocket.all).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("two connect() calls in the same tick share one socket and settle together", async () => {
    const h = harness();
    const a = settled(h.link.connect());
    const b = settled(h.link.connect());
    expect(FakeSocket.all).toHaveLength(1);
    h.last().open();
    h.last().receive("hello");
    await vi.advanceTimersByTimeAsync(0);
    expect([a.done, b.done]).toEqual([true, true]);
    expect(await h.link.connect()).toBeUndefined();
    expect(FakeSocket.all).toHaveLength(1);
  });

  it("connect() during the backoff joins the scheduled attempt instead of opening another socket", async () => {
    const h = harness();
    void h.link.connect();
    h.last().open();
    h.last().receive("hello");
    h.last().drop();
    expect(h.link.state).toBe("reconnecting");
    const joined = settled(h.link.connect());
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.all).toHaveLength(2);
    h.last().open();
    h.last().receive("hello");
    await vi.advanceTimersByTimeAsync(0);
    expect(joined.done).toBe(true);
  });

  it("connect() from a state-change listener after close() opens exactly one new socket, and close() then leaves none", async () => {
    const h = harness();
    void h.link.connect().catch(() => {});
    h.last().open();
    h.last().receive("hello");
    await vi.advanceTimersByTimeAsync(0);
    let again: Promise<void> | undefined;
    const protocolChanged = h.changes.push.bind(h.changes);
    h.changes.push = (...c: StateChange[]) => {
      if (c[0]?.state === "disconnected" && !again) again = h.link.connect();
      return protocolChanged(...c);
    };
    h.link.close();
    expect(FakeSocket.all).toHaveLength(2);
    expect(live()).toHaveLength(1);
    const second = settled(again!);
    h.link.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(second.error).toBeInstanceOf(StateError);
    expect(live()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("RealtimeConnection: close() in every state leaves zero sockets and zero timers", () => {
  const states = {
    connecting: (h: Harness) => void h.link.connect().catch(() => {}),
    "connecting (open, no handshake)": (h: Harness) => {
      void h.link.connect().catch(() => {});
      h.last().open();
    },
    connected: (h: Harness) => {
      void h.link.connect().catch(() => {});
      h.last().open();
      h.last().receive("hello");
    },
    "reconnecting (backoff)": (h: Harness) => {
      void h.link.connect().catch(() => {});
      h.last().open();
      h.last().receive("hello");
      h.last().drop();
    },
    "connecting (credentials provider pending)": (h: Harness) => void h.link.connect().catch(() => {}),
    disconnected: () => {},
  };
  for (const [name, reach] of Object.entries(states)) {
    it(name, async () => {
      const provider = name.includes("provider") ? () => new Promise<string>(() => {}) : undefined;
      const h = harness(provider ? { credential: provider } : {});
      reach(h);
      await vi.advanceTimersByTimeAsync(0);
      const waiting = h.link.state === "disconnected" || h.link.state === "connected" ? undefined : settled(h.link.connect());
      h.link.close();
      await vi.advanceTimersByTimeAsync(0);
      expect(h.link.state).toBe("disconnected");
      if (waiting) expect(waiting.error).toBeInstanceOf(StateError);
      expect(live()).toHaveLength(0);
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(120_000);
      expect(live()).toHaveLength(0);
    });
  }
});

describe("RealtimeConnection: keepalive and dead peers", () => {
  async function connected(options: Partial<RealtimeOptions> = {}) {
    const h = harness({ keepalive: { intervalMs: 25_000, timeoutMs: 20_000 }, ...options });
    void h.link.connect().catch(() => {});
    h.last().open();
    h.last().receive("hello");
    await vi.advanceTimersByTimeAsync(0);
    return h;
  }

  it("a silent peer (no answer to the probe) is detached at once, without waiting for onclose, and the reconnect starts", async () => {
    const h = await connected();
    const first = h.last();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(first.sent).toEqual(["ping"]);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(h.link.state).toBe("connected");
    await vi.advanceTimersByTimeAsync(1);
    // onclose never fired: the socket is detached, not awaited
    expect(first.onclose).toBeNull();
    expect(first.closed).toEqual({ code: 4000, reason: "ping timeout" });
    expect(h.losses.at(-1)).toMatchObject({ reason: "ping timeout", willRetry: true });
    expect(h.link.state).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it("any inbound frame answers the probe", async () => {
    const h = await connected();
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(25_000);
      h.last().receive("pong");
    }
    expect(h.pings).toBe(10);
    expect(h.link.state).toBe("connected");
    expect(FakeSocket.all).toHaveLength(1);
  });

  it("server-given timings are clamped: 0 is not a ping storm, 3e9 does not overflow setTimeout", async () => {
    const h = await connected();
    h.link.setKeepalive(0, 0);
    await vi.advanceTimersByTimeAsync(999);
    expect(h.pings).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.pings).toBe(1);
    h.last().receive("pong");
    h.link.setKeepalive(3e9, 3e9);
    await vi.advanceTimersByTimeAsync(599_999);
    expect(h.pings).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.pings).toBe(2);
  });

  it("a bad frame is reported as a typed error and dropped; the connection stays", async () => {
    const h = await connected();
    h.last().receive("bad");
    h.last().receive(new Uint8Array([1, 2, 3]));
    expect(h.reports.map((e) => e.constructor)).toEqual([ProtocolError, ProtocolError]);
    expect(h.link.state).toBe("connected");
  });

  it("browsers: `online` during the backoff retries at once; `visibilitychange` to visible probes the link", async () => {
    const window = new EventTarget();
    const document = Object.assign(new EventTarget(), { visibilityState: "hidden" });
    const h = harness({ environment: { window, document } }, exponentialReconnectPolicy({ initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 }));
    void h.link.connect().catch(() => {});
    h.last().open();
    h.last().receive("hello");
    await vi.advanceTimersByTimeAsync(0);
    document.visibilityState = "visible";
    document.dispatchEvent(new Event("visibilitychange"));
    expect(h.pings).toBe(1);
    h.last().drop();
    expect(FakeSocket.all).toHaveLength(1);
    window.dispatchEvent(new Event("online"));
    expect(FakeSocket.all).toHaveLength(2);
    h.link.close();
    // listeners are gone after close()
    window.dispatchEvent(new Event("online"));
    expect(FakeSocket.all).toHaveLength(2);
  });
});

describe("RealtimeConnection: reconnect policy, give-up, credentials", () => {
  it("the policy gets the real elapsedMs and the error; giving up emits one terminal event and rejects every waiter", async () => {
    const h = harness({ connectTimeoutMs: 1000 }, exponentialReconnectPolicy({ initialDelayMs: 1000, maxDelayMs: 1000, jitter: 0, maxElapsedMs: 5000 }));
    void h.link.connect().catch(() => {});
    h.last().open();
    h.last().receive("hello");
    await vi.advanceTimersByTimeAsync(0);
    const lostAt = Date.now();
    h.last().drop(1006, "gone");
    const waiting = settled(h.link.whenConnected(60_000));
    // each retry: 1 s backoff, then a socket that never opens (1 s deadline)
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.contexts[0]).toMatchObject({ attempt: 0, elapsedMs: 0 });
    expect(h.contexts[0]?.error).toBeInstanceOf(ConnectionError);
    expect(h.contexts[1]).toMatchObject({ attempt: 1, elapsedMs: 2000 });
    expect(h.contexts[1]?.error).toBeInstanceOf(TimeoutError);
    expect(h.contexts.at(-1)!.elapsedMs).toBeGreaterThanOrEqual(5000);
    expect(Date.now() - lostAt).toBe(10_000);
    expect(h.gaveUp).toHaveLength(1);
    expect(h.gaveUp[0]!.message).toMatch(/^Gave up reconnecting after 3 attempts/);
    expect(waiting.error).toBe(h.gaveUp[0]);
    expect(h.link.state).toBe("disconnected");
    expect(h.changes.at(-1)).toMatchObject({ state: "disconnected", error: h.gaveUp[0] });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a policy that throws or returns garbage gives up instead of crashing; delays past 2^31-1 are clamped", async () => {
    const h = harness({}, { nextRetryDelayMs: () => { throw new Error("policy bug"); } });
    void h.link.connect().catch(() => {});
    h.last().drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.reports[0]?.message).toContain("policy bug");
    expect(h.gaveUp).toHaveLength(1);

    const big = harness({}, { nextRetryDelayMs: () => 2 ** 40 });
    void big.link.connect().catch(() => {});
    big.last().drop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all.filter((s) => s.url.includes("socket"))).toHaveLength(2);
    big.link.close();
  });

  it("4401 with a credentials provider: the provider is asked again and the reconnect uses the fresh token", async () => {
    let n = 0;
    const tokens: string[] = [];
    const h = harness({ credential: async () => `token-${++n}-abcdef`, authCloseCodes: [4401, 4407] });
    const connecting = settled(h.link.connect());
    await vi.advanceTimersByTimeAsync(0);
    tokens.push(h.last().url);
    h.last().open();
    h.last().receive("hello");
    await vi.advanceTimersByTimeAsync(0);
    expect(connecting.done).toBe(true);
    h.last().drop(4401, "token-1-abcdef expired");
    expect(h.losses[0]?.error).toBeInstanceOf(AuthenticationClosedError);
    expect(h.losses[0]?.reason).toBe("[redacted] expired");
    await vi.advanceTimersByTimeAsync(100);
    tokens.push(h.last().url);
    expect(tokens).toEqual(["ws://127.0.0.1:9/socket/token-1-abcdef", "ws://127.0.0.1:9/socket/token-2-abcdef"]);
    // an ordinary drop reuses the token: the provider is only asked after an authentication close
    h.last().open();
    h.last().receive("hello");
    h.last().drop(1006);
    await vi.advanceTimersByTimeAsync(100);
    expect(h.last().url).toBe("ws://127.0.0.1:9/socket/token-2-abcdef");
    expect(n).toBe(2);
  });

  it("4401 with a fixed token ends the connection for good: no retry, one terminal event", async () => {
    const h = harness({ credential: "fixed-token", authCloseCodes: [4401, 4407] });
    void h.link.connect().catch(() => {});
    h.last().open();
    h.last().receive("hello");
    h.last().drop(4407, "bad fixed-token");
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(h.gaveUp[0]).toBeInstanceOf(AuthenticationClosedError);
    expect(h.gaveUp[0]!.message).not.toContain("fixed-token");
    expect(h.link.state).toBe("disconnected");
  });

  it("a provider that fails or hangs is bounded by the attempt's deadline", async () => {
    const h = harness({ credential: () => new Promise<string>(() => {}), connectTimeoutMs: 3000 }, false);
    const connecting = settled(h.link.connect());
    await vi.advanceTimersByTimeAsync(3000);
    expect(connecting.error).toBeInstanceOf(TimeoutError);
    expect(FakeSocket.all).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("whenConnected() has its own deadline", async () => {
    const h = harness();
    void h.link.connect().catch(() => {});
    const waiting = settled(h.link.whenConnected(500));
    await vi.advanceTimersByTimeAsync(500);
    expect(waiting.error).toBeInstanceOf(TimeoutError);
    h.link.close();
  });
});
