import http from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  AbortError,
  ApiError,
  ConnectionError,
  NotFoundError,
  ParleyError,
  StateError,
  TextStream,
  TimeoutError,
  type TextStreamOptions,
} from "../src/index.js";
import { rejectionOf } from "./helpers.js";

const encoder = new TextEncoder();

/** A promise the test settles by hand, to order the server's writes after the client's reads. */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Splits `bytes` at the given offsets (sorted, within range; duplicates give empty chunks). */
function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const cut of cuts) {
    chunks.push(bytes.slice(from, cut));
    from = cut;
  }
  chunks.push(bytes.slice(from));
  return chunks;
}

interface MemorySource {
  stream: ReadableStream<Uint8Array>;
  /** The reasons `cancel` was called with, one per call. */
  cancelled: unknown[];
}

/** A body that hands out `chunks` one per pull, then closes (or stays open with `end: "hang"`). */
function memoryBody(chunks: readonly Uint8Array[], end: "close" | "hang" = "close"): MemorySource {
  const cancelled: unknown[] = [];
  let next = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks[next++];
        if (chunk !== undefined) controller.enqueue(chunk);
        else if (end === "close") controller.close();
        else return new Promise<void>(() => {});
      },
      cancel(reason) {
        cancelled.push(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, cancelled };
}

/** A TextStream over an in-memory body; `opens` counts the calls of its `open`. */
function memoryStream(source: MemorySource, options?: TextStreamOptions): { stream: TextStream; opens: () => number } {
  let opens = 0;
  const stream = new TextStream(async () => {
    opens++;
    return source.stream;
  }, options);
  return { stream, opens: () => opens };
}

async function chunksOf(stream: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

const SAMPLE = "façade: 5 € — 🙂 日本語 ok";

describe("TextStream decoding", () => {
  it("decodes multi-byte characters fed one byte per chunk", async () => {
    const bytes = encoder.encode(SAMPLE);
    expect(bytes.length).toBeGreaterThan(SAMPLE.length); // the sample really has multi-byte characters
    const chunks = await chunksOf(memoryStream(memoryBody(splitAt(bytes, [...bytes.keys()].slice(1)))).stream);
    expect(chunks.join("")).toBe(SAMPLE);
    // Nothing is yielded for a byte that only starts a character: no empty chunk, no U+FFFD.
    expect(chunks.every((c) => c.length > 0 && !c.includes("\uFFFD"))).toBe(true);
  });

  it("decodes the text for every split point into two chunks", async () => {
    const bytes = encoder.encode(SAMPLE);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const text = await memoryStream(memoryBody(splitAt(bytes, [cut]))).stream.text();
      expect(text, `split at byte ${cut}`).toBe(SAMPLE);
    }
  });

  it("decodes any string under any chunking of its UTF-8 bytes (property)", async () => {
    const cutsFor = (length: number) => fc.array(fc.integer({ min: 0, max: length }), { maxLength: 12 }).map((cuts) => cuts.sort((a, b) => a - b));
    await fc.assert(
      fc.asyncProperty(
        fc
          .oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme-composite" }), fc.string({ unit: "binary" }))
          // A leading U+FEFF is read as a byte order mark (as Response.text() does): see below.
          .filter((s) => !s.startsWith("\uFEFF"))
          .chain((s) => {
            const bytes = encoder.encode(s);
            return fc.tuple(fc.constant(s), fc.constant(bytes), cutsFor(bytes.length));
          }),
        async ([s, bytes, cuts]) => {
          const text = await memoryStream(memoryBody(splitAt(bytes, cuts))).stream.text();
          expect(text).toBe(s);
        },
      ),
      { numRuns: 60 },
    );
  }, 30_000);

  it("decodes invalid bytes and a leading byte order mark exactly as Response.text() does", async () => {
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf);
    const bytes = new Uint8Array([...bom, ...encoder.encode("a€"), 0xff, ...encoder.encode("🙂").subarray(0, 2)]);
    const expected = await new Response(bytes).text();
    expect(expected).toBe("a€\uFFFD\uFFFD");
    expect(await memoryStream(memoryBody(splitAt(bytes, [1, 2, 5, 8]))).stream.text()).toBe(expected);
  });
});

describe("TextStream reading (in memory)", () => {
  it("yields one piece of text per chunk, in order, and text() joins them", async () => {
    const parts = ["Hel", "lo, ", "wor", "ld"];
    expect(await chunksOf(memoryStream(memoryBody(parts.map((p) => encoder.encode(p)))).stream)).toEqual(parts);
    expect(await memoryStream(memoryBody(parts.map((p) => encoder.encode(p)))).stream.text()).toBe("Hello, world");
  });

  it("opens nothing until it is read", async () => {
    const { stream, opens } = memoryStream(memoryBody([encoder.encode("x")]));
    const iterator = stream[Symbol.asyncIterator]();
    await Promise.resolve();
    expect(opens()).toBe(0);
    expect(await iterator.next()).toEqual({ done: false, value: "x" });
    expect(opens()).toBe(1);
  });

  it("reads as empty text when open resolves null or undefined, or the body is empty", async () => {
    expect(await new TextStream(async () => null).text()).toBe("");
    expect(await new TextStream(async () => undefined).text()).toBe("");
    expect(await chunksOf(new TextStream(async () => null))).toEqual([]);
    expect(await memoryStream(memoryBody([])).stream.text()).toBe("");
    expect(await memoryStream(memoryBody([new Uint8Array(0), new Uint8Array(0)])).stream.text()).toBe("");
  });

  it("rejects with the very error open rejected with", async () => {
    const error = new NotFoundError({ status: 404 });
    const stream = new TextStream(async () => {
      throw error;
    });
    expect(await rejectionOf(chunksOf(stream))).toBe(error);
    const other = new ConnectionError("refused");
    expect(await rejectionOf(new TextStream(() => Promise.reject(other)).text())).toBe(other);
  });

  it("can be read only once: a second iteration or text() rejects with StateError without opening again", async () => {
    const first = memoryStream(memoryBody([encoder.encode("a"), encoder.encode("b")]));
    expect(await first.stream.text()).toBe("ab");
    expect(await rejectionOf(first.stream.text())).toBeInstanceOf(StateError);
    expect(await rejectionOf(chunksOf(first.stream))).toBeInstanceOf(StateError);
    expect(first.opens()).toBe(1);

    const second = memoryStream(memoryBody([encoder.encode("a")]));
    expect(await chunksOf(second.stream)).toEqual(["a"]);
    expect(await rejectionOf(chunksOf(second.stream))).toBeInstanceOf(StateError);
    expect(second.opens()).toBe(1);
  });

  it("rejects a second read that starts while the first one is still going", async () => {
    const source = memoryBody([encoder.encode("a")], "hang");
    const { stream, opens } = memoryStream(source);
    const iterator = stream[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: "a" });
    expect(await rejectionOf(stream.text())).toBeInstanceOf(StateError);
    await iterator.return?.();
    expect(opens()).toBe(1);
    expect(source.cancelled).toHaveLength(1);
  });

  it("cancels the body on an early break, and not after a full read", async () => {
    const source = memoryBody(["a", "b", "c"].map((p) => encoder.encode(p)), "hang");
    const seen: string[] = [];
    for await (const chunk of memoryStream(source).stream) {
      seen.push(chunk);
      break;
    }
    expect(seen).toEqual(["a"]);
    expect(source.cancelled).toHaveLength(1);

    const full = memoryBody([encoder.encode("a")]);
    await memoryStream(full).stream.text();
    expect(full.cancelled).toEqual([]);
  });

  it("cancels the body when the loop body throws, and rejects with that error", async () => {
    const source = memoryBody(["a", "b"].map((p) => encoder.encode(p)), "hang");
    const boom = new Error("listener failed");
    const error = await rejectionOf(
      (async () => {
        for await (const _chunk of memoryStream(source).stream) throw boom;
      })(),
    );
    expect(error).toBe(boom);
    expect(source.cancelled).toHaveLength(1);
  });

  it("turns a body error into ConnectionError, after the text that came before it", async () => {
    let fail!: (reason: unknown) => void;
    const stream = new TextStream(
      async () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode("partial "));
            fail = (reason) => controller.error(reason);
          },
        }),
    );
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const chunk of stream) {
          seen.push(chunk);
          fail(new TypeError("terminated"));
        }
      })(),
    );
    expect(seen).toEqual(["partial "]);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
  });

  it("turns a body aborted with an AbortError into AbortError, and passes a ParleyError through", async () => {
    const erroring = (reason: unknown) =>
      new TextStream(
        async () =>
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.error(reason);
            },
          }),
      );
    expect(await rejectionOf(erroring(new DOMException("The operation was aborted.", "AbortError")).text())).toBeInstanceOf(AbortError);
    const typed = new ApiError({ status: 418 });
    expect(await rejectionOf(erroring(typed).text())).toBe(typed);
  });
});

describe("TextStream idle timeout (in memory, fake clock)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A body that sends `chunks` one every `everyMs`, then closes (or stays silent with `end: "hang"`). */
  function tickingBody(chunks: readonly string[], everyMs: number, end: "close" | "hang" = "close"): MemorySource {
    const cancelled: unknown[] = [];
    let next = 0;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const chunk = chunks[next++];
          if (chunk === undefined) {
            if (end === "close") controller.close();
            return end === "close" ? undefined : new Promise<void>(() => {});
          }
          return new Promise<void>((resolve) =>
            setTimeout(() => {
              controller.enqueue(encoder.encode(chunk));
              resolve();
            }, everyMs),
          );
        },
        cancel(reason) {
          cancelled.push(reason);
        },
      },
      { highWaterMark: 0 },
    );
    return { stream, cancelled };
  }

  it("rejects with TimeoutError (a ConnectionError) once the body goes silent, and cancels it", async () => {
    vi.useFakeTimers();
    const source = tickingBody(["one"], 10, "hang");
    const seen: string[] = [];
    const reading = rejectionOf(
      (async () => {
        for await (const chunk of memoryStream(source, { idleTimeout: 50 }).stream) seen.push(chunk);
      })(),
    );
    await vi.advanceTimersByTimeAsync(1000);
    const error = await reading;
    expect(seen).toEqual(["one"]);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(source.cancelled.length).toBeGreaterThanOrEqual(1);
  });

  it("names `operation` on its errors: the stall, the cut, the abort, and the opener's own error once", async () => {
    vi.useFakeTimers();
    const stall = rejectionOf(memoryStream(tickingBody(["one"], 10, "hang"), { idleTimeout: 50, operation: "chat.stream" }).stream.text());
    await vi.advanceTimersByTimeAsync(1000);
    const stalled = (await stall) as TimeoutError;
    expect(stalled).toBeInstanceOf(TimeoutError);
    expect(stalled.message).toBe("chat.stream: The stream sent nothing for 50 ms.");
    expect(stalled.operation).toBe("chat.stream");

    const cut = new ReadableStream<Uint8Array>({ pull: (c) => c.error(new TypeError("terminated")) });
    const broken = (await rejectionOf(memoryStream({ stream: cut, cancelled: [] }, { operation: "chat.stream" }).stream.text())) as ConnectionError;
    expect(broken).toBeInstanceOf(ConnectionError);
    expect(broken.message).toBe("chat.stream: The stream was cut before its end.");

    const opener = new ConnectionError("first: already named", { operation: "first" });
    const failed = await rejectionOf(new TextStream(() => Promise.reject(opener), { operation: "chat.stream" }).text());
    expect(failed).toBe(opener);
    expect(opener.message).toBe("first: already named");

    const once = new TextStream(async () => null, { operation: "chat.stream" });
    await once.text();
    const second = (await rejectionOf(once.text())) as StateError;
    expect(second).toBeInstanceOf(StateError);
    expect(second.operation).toBeUndefined();
  });

  it("does not time out a body that keeps talking for longer than the idle timeout in total", async () => {
    vi.useFakeTimers();
    const parts = Array.from({ length: 30 }, (_, i) => `${i},`);
    const source = tickingBody(parts, 10);
    const reading = memoryStream(source, { idleTimeout: 50 }).stream.text();
    await vi.advanceTimersByTimeAsync(1000);
    expect(await reading).toBe(parts.join(""));
    expect(source.cancelled).toEqual([]);
  });

  it("does not time out without idleTimeout, however long the silence", async () => {
    vi.useFakeTimers();
    const reading = memoryStream(tickingBody(["late"], 3_600_000)).stream.text();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(await reading).toBe("late");
  });

  it("a slow consumer (not a silent body) does not trip the idle timeout or lose buffered chunks", async () => {
    // The watchdog runs only while a read is pending: time the consumer spends on a chunk is not silence.
    vi.useFakeTimers();
    const stream = new TextStream(
      async () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(encoder.encode("a"));
            controller.enqueue(encoder.encode("b"));
            controller.close();
          },
        }),
      { idleTimeout: 50 },
    );
    const reading = (async () => {
      const seen: string[] = [];
      for await (const chunk of stream) {
        seen.push(chunk);
        await new Promise((resolve) => setTimeout(resolve, 200)); // slow work per chunk
      }
      return seen.join("");
    })();
    const settled = reading.then(
      (text) => ({ text }),
      (error: unknown) => ({ error }),
    );
    await vi.advanceTimersByTimeAsync(1000);
    expect(await settled).toEqual({ text: "ab" });
  });
});

// A node:http server on 127.0.0.1 whose behaviour each test sets.
type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
let handler: Handler = (_req, res) => {
  res.writeHead(599);
  res.end();
};
const httpServer = http.createServer((req, res) => handler(req, res));
let baseUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(0, "127.0.0.1", () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  httpServer.closeAllConnections();
  await new Promise<void>((resolve, reject) => httpServer.close((error) => (error ? reject(error) : resolve())));
});

/** Sets the server's behaviour; resolves, when the response closes, whether it had been fully written. */
function serve(fn: Handler): Promise<{ finished: boolean }> {
  return new Promise((resolve) => {
    handler = (req, res) => {
      res.on("close", () => resolve({ finished: res.writableFinished }));
      fn(req, res);
    };
  });
}

/** A stream of the local server's /stream, with `signal` given to fetch and to the TextStream (as the SDKs do). */
function httpStream(options?: TextStreamOptions, signal?: AbortSignal): TextStream {
  return new TextStream(async () => (await fetch(`${baseUrl}/stream`, signal ? { signal } : {})).body, { ...options, signal });
}

/** Writes `chunk` and resolves once it is handed to the socket. */
function write(res: http.ServerResponse, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => res.write(chunk, (error) => (error ? reject(error) : resolve())));
}

/** Writes a chunk every `everyMs` until the response is closed or `count` chunks are written. */
function tick(res: http.ServerResponse, everyMs: number, count: number): void {
  let sent = 0;
  const timer = setInterval(() => {
    if (res.destroyed || sent === count) {
      clearInterval(timer);
      if (!res.destroyed) res.end();
      return;
    }
    res.write(`${sent++},`);
  }, everyMs);
  res.on("close", () => clearInterval(timer));
}

describe("TextStream over HTTP", () => {
  it("yields each chunk as it arrives: the first is read before the second is written", async () => {
    const gotFirst = deferred();
    let secondWritten = false;
    const closed = serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      void write(res, "first ")
        .then(() => gotFirst.promise)
        .then(() => {
          secondWritten = true;
          res.end("second");
        });
    });
    const seen: string[] = [];
    for await (const chunk of httpStream()) {
      if (seen.length === 0) {
        expect(chunk).toBe("first ");
        expect(secondWritten).toBe(false);
        gotFirst.resolve();
      }
      seen.push(chunk);
    }
    expect(seen.join("")).toBe("first second");
    expect(await closed).toEqual({ finished: true });
  });

  it("decodes multi-byte characters written one byte at a time", async () => {
    void serve(async (_req, res) => {
      res.writeHead(200);
      for (const byte of encoder.encode(SAMPLE)) await write(res, Uint8Array.of(byte));
      res.end();
    });
    expect(await httpStream().text()).toBe(SAMPLE);
  });

  it("reads an empty body, and a 204 without one, as empty text", async () => {
    void serve((_req, res) => {
      res.writeHead(200);
      res.end();
    });
    expect(await httpStream().text()).toBe("");
    void serve((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    expect(await httpStream().text()).toBe("");
  });

  it("rejects with the typed error open raised for an error status", async () => {
    void serve((_req, res) => {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("no such stream");
    });
    let raised: unknown;
    const stream = new TextStream(async () => {
      const response = await fetch(`${baseUrl}/stream`);
      if (!response.ok) throw (raised = ApiError.from({ status: response.status, body: await response.text() }));
      return response.body;
    });
    const error = await rejectionOf(stream.text());
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBe(raised);
  });

  it("cancels the request on an early break: the server sees it close before it finished", async () => {
    const closed = serve((_req, res) => {
      res.writeHead(200);
      tick(res, 5, 200);
    });
    const seen: string[] = [];
    for await (const chunk of httpStream()) {
      seen.push(chunk);
      break;
    }
    expect(seen).toHaveLength(1);
    expect(await closed).toEqual({ finished: false });
  });

  it("cancels the request when the loop body throws, and rejects with that error", async () => {
    const closed = serve((_req, res) => {
      res.writeHead(200);
      tick(res, 5, 200);
    });
    const boom = new Error("listener failed");
    const error = await rejectionOf(
      (async () => {
        for await (const _chunk of httpStream()) throw boom;
      })(),
    );
    expect(error).toBe(boom);
    expect(await closed).toEqual({ finished: false });
  });

  it.each([
    ["chunked, socket destroyed", "destroy", undefined],
    ["chunked, socket ended (FIN)", "end", undefined],
    ["shorter than its Content-Length", "end", "100"],
  ] as const)("rejects with ConnectionError when the body is cut (%s), after the text sent before", async (_name, how, length) => {
    const gotFirst = deferred();
    void serve((_req, res) => {
      res.writeHead(200, length ? { "content-length": length } : {});
      void write(res, "hello ")
        .then(() => gotFirst.promise)
        .then(() => (how === "destroy" ? res.socket?.destroy() : res.socket?.end()));
    });
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const chunk of httpStream()) {
          seen.push(chunk);
          gotFirst.resolve();
        }
      })(),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(seen.join("")).toBe("hello ");
    expect("hello world".startsWith(seen.join(""))).toBe(true);
  });

  it("rejects with AbortError when the fetch signal aborts while a read is pending", async () => {
    const closed = serve((_req, res) => {
      res.writeHead(200);
      res.write("one"); // then silence
    });
    const controller = new AbortController();
    const iterator = httpStream({}, controller.signal)[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: "one" });
    const pending = iterator.next();
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).toBeInstanceOf(ParleyError);
    expect(await closed).toEqual({ finished: false });
  });

  it("rejects with AbortError when the fetch signal aborts between chunks", async () => {
    void serve((_req, res) => {
      res.writeHead(200);
      tick(res, 5, 200);
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const chunk of httpStream({}, controller.signal)) {
          seen.push(chunk);
          controller.abort();
        }
      })(),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(seen).toHaveLength(1);
  });

  it("aborting the fetch signal with a reason rejects with AbortError, not ConnectionError", async () => {
    // undici rejects the pending read with the signal's reason itself (here a plain Error): the
    // TextStream knows the signal, so it reads the failure as the abort it is.
    void serve((_req, res) => {
      res.writeHead(200);
      res.write("one");
    });
    const controller = new AbortController();
    const iterator = httpStream({}, controller.signal)[Symbol.asyncIterator]();
    await iterator.next();
    const pending = iterator.next();
    controller.abort(new Error("the user closed the chat"));
    expect(await rejectionOf(pending)).toBeInstanceOf(AbortError);
  });

  it("rejects with TimeoutError when the server stalls after one chunk, and cancels the request", async () => {
    const closed = serve((_req, res) => {
      res.writeHead(200);
      res.write("one"); // then silence
    });
    const seen: string[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const chunk of httpStream({ idleTimeout: 50 })) seen.push(chunk);
      })(),
    );
    expect(seen).toEqual(["one"]);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(await closed).toEqual({ finished: false });
  });
  // A body that keeps talking for longer than the idle timeout in total: covered on fake timers above.
});
