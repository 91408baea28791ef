// The shared deadline clock of createFetch lets go of every call once it settled: no timer is left
// armed for a call whose body was read, whose answer had no body, that failed, or that timed out.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ApiError, TimeoutError, createFetch } from "../src/index.js";
import { rejectionOf } from "./helpers.js";
import { startScriptedServer as startServer, type ScriptedServer } from "@parley/test-support";

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  vi.useRealTimers();
  server.reset();
});
afterAll(() => server.close());

// With a 1000 ms timeout the clock ticks every 100 ms; a call still armed would keep it ticking
// until its deadline, 1000 ms on.
const TIMEOUT = 1000;
const TICK = 100;

/** Fakes the clock the deadlines use; real sockets still answer. */
function fakeClock(): void {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
}

describe("no deadline timer is left once a call has settled", () => {
  it("after a JSON body was read: the clock stops at its next tick", async () => {
    fakeClock();
    server.always("/ok", { status: 200, body: { ok: true } });
    const f = createFetch({ timeout: TIMEOUT });
    expect(await (await f(`${server.url}/ok`)).json()).toEqual({ ok: true });
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(TICK);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("after an answer without a body (204)", async () => {
    fakeClock();
    server.always("/empty", { status: 204 });
    const f = createFetch({ timeout: TIMEOUT });
    expect((await f(`${server.url}/empty`)).status).toBe(204);
    await vi.advanceTimersByTimeAsync(TICK);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("after a non-2xx answer, thrown as an ApiError", async () => {
    fakeClock();
    server.always("/bad", { status: 400, body: { title: "bad" } });
    const f = createFetch({ timeout: TIMEOUT, maxRetries: 0 });
    expect(await rejectionOf(f(`${server.url}/bad`))).toBeInstanceOf(ApiError);
    await vi.advanceTimersByTimeAsync(TICK);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("after a TimeoutError", async () => {
    fakeClock();
    server.script("/silent", { hold: () => {} });
    const f = createFetch({ timeout: TIMEOUT, maxRetries: 0 });
    const failed = rejectionOf(f(`${server.url}/silent`));
    await vi.advanceTimersByTimeAsync(TIMEOUT + TICK);
    expect(await failed).toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(TICK);
    expect(vi.getTimerCount()).toBe(0);
  });
});
