import { describe, expect, it, vi } from "vitest";
import { AbortError, abortable, consoleLogger, silentLogger, sleep } from "../src/index.js";
import { rejectionOf } from "./helpers.js";

describe("sleep", () => {
  it("resolves after the delay", async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const pending = sleep(1000).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await pending;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("rejects with AbortError when the signal aborts during the sleep", async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).toBeInstanceOf(AbortError);
  });

  it("rejects at once with AbortError when the signal is already aborted", async () => {
    expect(await rejectionOf(sleep(60_000, AbortSignal.abort()))).toBeInstanceOf(AbortError);
  });

  it("resolves with a signal that never aborts, and stops listening to it", async () => {
    const controller = new AbortController();
    const removed = vi.spyOn(controller.signal, "removeEventListener");
    await expect(sleep(1, controller.signal)).resolves.toBeUndefined();
    expect(removed).toHaveBeenCalledWith("abort", expect.any(Function));
  });
});

describe("abortable", () => {
  it("resolves with the promise's value, and passes its rejection through", async () => {
    const controller = new AbortController();
    expect(await abortable(Promise.resolve(42), controller.signal)).toBe(42);
    const boom = new Error("boom");
    expect(await rejectionOf(abortable(Promise.reject(boom), controller.signal))).toBe(boom);
    expect(await abortable(Promise.resolve("no signal"))).toBe("no signal");
  });

  it("rejects with AbortError as soon as the signal aborts, while the promise is still pending", async () => {
    const controller = new AbortController();
    const never = new Promise<number>(() => {});
    const pending = abortable(never, controller.signal);
    controller.abort();
    expect(await rejectionOf(pending)).toBeInstanceOf(AbortError);
  });

  it("rejects at once when the signal is already aborted", async () => {
    expect(await rejectionOf(abortable(Promise.resolve(1), AbortSignal.abort()))).toBeInstanceOf(AbortError);
  });

  it("stops listening to the signal once settled", async () => {
    const controller = new AbortController();
    const removed = vi.spyOn(controller.signal, "removeEventListener");
    await abortable(Promise.resolve(1), controller.signal);
    expect(removed).toHaveBeenCalledWith("abort", expect.any(Function));
  });
});

describe("loggers", () => {
  it("consoleLogger prefixes lines with [parley]", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      consoleLogger.warn("retrying", { reason: "503" });
      expect(warn).toHaveBeenCalledWith("[parley] retrying", { reason: "503" });
    } finally {
      warn.mockRestore();
    }
  });

  it("silentLogger writes nothing", () => {
    const spies = (["debug", "warn", "error", "log"] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => {}));
    try {
      silentLogger.debug("a");
      silentLogger.warn("b");
      silentLogger.error("c");
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});
