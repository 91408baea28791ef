import { ConnectionError, type ParleyError } from "@parley/core";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { pollingTransport, type ChatTransportContext } from "../src/index.js";

// The polling transport on fake timers: the socket SDKs' ReconnectPolicy and state vocabulary.

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function context(results: (true | Error)[]): ChatTransportContext & { connected: (boolean | ParleyError | undefined)[] } {
  const connected: (boolean | ParleyError | undefined)[] = [];
  return {
    chatId: 1,
    connected,
    sync: async () => {
      const next = results.shift() ?? true;
      if (next instanceof Error) throw next;
    },
    deliverState: () => {},
    deliverMessages: () => {},
    setConnected: (ok, error) => connected.push(ok ? true : error),
  };
}

it("a failing poll asks the policy with attempt, the real elapsedMs and the error; null gives up (disconnected)", async () => {
  const seen: { attempt: number; elapsedMs: number; error?: unknown }[] = [];
  const states: string[] = [];
  const ctx = context([true, new ConnectionError("down 1"), new ConnectionError("down 2"), new ConnectionError("down 3")]);
  const transport = pollingTransport({
    intervalMs: 1000,
    reconnect: { nextRetryDelayMs: (c) => (seen.push(c), c.attempt < 2 ? 500 : null) },
    onStateChange: ({ state }) => states.push(state),
  })(ctx);
  expect(transport.state).toBe("connecting");
  await vi.advanceTimersByTimeAsync(0);
  expect(transport.state).toBe("connected");
  await vi.advanceTimersByTimeAsync(1000 + 500 + 500);
  expect(seen.map((c) => [c.attempt, c.elapsedMs, (c.error as Error).message])).toEqual([
    [0, 0, "down 1"],
    [1, 500, "down 2"],
    [2, 1000, "down 3"],
  ]);
  expect(states).toEqual(["connected", "reconnecting", "disconnected"]);
  expect(transport.state).toBe("disconnected");
  expect(vi.getTimerCount()).toBe(0);
  transport.stop();
});

it("recovers: reconnecting → connected, and stop() ends in disconnected with no timer left", async () => {
  const states: string[] = [];
  const ctx = context([new ConnectionError("blip"), true]);
  const transport = pollingTransport({ intervalMs: 100, reconnect: { nextRetryDelayMs: () => 50 }, onStateChange: ({ state }) => states.push(state) })(ctx);
  await vi.advanceTimersByTimeAsync(50);
  expect(states).toEqual(["reconnecting", "connected"]);
  transport.stop();
  expect(transport.state).toBe("disconnected");
  expect(vi.getTimerCount()).toBe(0);
});
