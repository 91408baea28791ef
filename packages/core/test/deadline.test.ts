import { getEventListeners } from "node:events";
import type http from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { TimeoutError, createFetch, type FetchLike } from "../src/index.js";
import { fast, rejectionOf } from "./helpers.js";
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

/** A fetch that reports when the response headers have arrived. */
function headersProbe(): { fetch: FetchLike; arrived: Promise<void> } {
  let arrived!: () => void;
  const promise = new Promise<void>((resolve) => (arrived = resolve));
  return {
    arrived: promise,
    fetch: async (input, init) => {
      const response = await globalThis.fetch(input, init);
      arrived();
      return response;
    },
  };
}

const halfJson = (res: http.ServerResponse) => {
  res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
  res.write("{");
};

describe("the timeout of a non-streaming call covers the whole body", () => {
  it("200, content-length 100, `{` and silence: TimeoutError once the timeout passes (fake clock)", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    server.script("/silent", { hold: halfJson });
    const probe = headersProbe();
    const read = rejectionOf(createFetch({ timeout: 1000, fetch: probe.fetch })(`${server.url}/silent`).then((r) => r.json()));
    await probe.arrived;
    await vi.advanceTimersByTimeAsync(1100);
    const error = await read;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain("body");
  });

  it("a byte every 500 ms does not extend the deadline", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    let res!: http.ServerResponse;
    server.script("/dribble", { hold: (r) => (halfJson(r), (res = r)) });
    const probe = headersProbe();
    const read = rejectionOf(createFetch({ timeout: 1000, fetch: probe.fetch })(`${server.url}/dribble`).then((r) => r.text()));
    await probe.arrived;
    for (let i = 0; i < 4; i++) {
      res.write(" ");
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(await read).toBeInstanceOf(TimeoutError);
  });

  it("a body taken as a stream is not cut by the call's timeout (its reader has its own idle timeout)", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "Date"] });
    let res!: http.ServerResponse;
    server.script("/stream", {
      hold: (r) => {
        r.writeHead(200, { "content-type": "text/plain" });
        r.write("a");
        res = r;
      },
    });
    const probe = headersProbe();
    const response = await createFetch({ timeout: 1000, fetch: probe.fetch })(`${server.url}/stream`);
    const reader = response.body!.getReader();
    await vi.advanceTimersByTimeAsync(5000);
    res.end("b");
    let text = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toBe("ab");
  });
});

describe("one AbortSignal reused across many calls", () => {
  it("collects no abort listeners, on successes and on failures", async () => {
    server.always("/poll", { status: 200, body: { ok: true } });
    server.always("/fail", { status: 500 });
    const controller = new AbortController();
    const f = createFetch({ backoff: fast, maxRetries: 1 });
    for (let i = 0; i < 15; i++) {
      await (await f(`${server.url}/poll`, { signal: controller.signal })).json();
      await rejectionOf(f(`${server.url}/fail`, { signal: controller.signal }));
    }
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
