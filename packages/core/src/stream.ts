// Owns reading a streamed HTTP body as text: UTF-8 across chunks, idle timeout, cancellation.
import { AbortError, ConnectionError, ParleyError, StateError, TimeoutError, withOperation } from "./errors.js";
import { endBody } from "./body-guard.js";
import { toParleyError } from "./unwrap.js";

/** How a `TextStream` reads. */
export interface TextStreamOptions {
  /** Fail with TimeoutError when no chunk arrives for this long (ms) while reading. Default: no limit. */
  idleTimeout?: number;
  /** The caller's signal: once it aborted, any failure reads as AbortError, whatever its reason. */
  signal?: AbortSignal;
  /** The operation streamed (e.g. `chat.stream`), named on every error (`withOperation`). */
  operation?: string;
}

/**
 * The text of a streamed HTTP response, chunk by chunk as it arrives, decoded as UTF-8 across
 * chunk boundaries. Read it once: `for await (const chunk of stream)` or `await stream.text()`.
 *
 * The request starts when reading starts. Breaking out of the loop cancels it; so does the
 * caller's AbortSignal (AbortError). A body that ends without its end (a cut connection) rejects
 * with ConnectionError, never a silently shorter text; a silence longer than `idleTimeout`
 * rejects with TimeoutError. Each error names `options.operation` (message and `operation`).
 */
export class TextStream implements AsyncIterable<string> {
  readonly #open: () => Promise<ReadableStream<Uint8Array> | Response | null | undefined>;
  readonly #idleTimeout: number | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #operation: string | undefined;
  #used = false;

  /**
   * @param open starts the request and resolves its response, or its body (typed errors reject it).
   * A response from `createFetch` is told when its stream ends (`endBody`), so the caller's signal
   * is let go then.
   */
  constructor(open: () => Promise<ReadableStream<Uint8Array> | Response | null | undefined>, options: TextStreamOptions = {}) {
    this.#open = open;
    this.#idleTimeout = options.idleTimeout;
    this.#signal = options.signal;
    this.#operation = options.operation;
  }

  /** The text, chunk by chunk; throws StateError on a second read, and the errors above. */
  async *[Symbol.asyncIterator](): AsyncGenerator<string, void, undefined> {
    try {
      yield* this.#read();
    } catch (error) {
      throw this.#operation === undefined || !(error instanceof ParleyError) ? error : withOperation(error, this.#operation);
    }
  }

  async *#read(): AsyncGenerator<string, void, undefined> {
    if (this.#used) throw new StateError("A TextStream can be read only once.");
    this.#used = true;
    const opened = await this.#open();
    const response = opened && !("getReader" in opened) ? opened : undefined;
    try {
      yield* this.#chunks(response ? response.body : (opened as ReadableStream<Uint8Array> | null | undefined));
    } finally {
      if (response) endBody(response);
    }
  }

  async *#chunks(body: ReadableStream<Uint8Array> | null | undefined): AsyncGenerator<string, void, undefined> {
    if (!body) return;
    const reader = body.getReader();
    const decoder = new TextDecoder("utf-8");
    const watchdog = this.#idleTimeout === undefined ? undefined : idleWatchdog(this.#idleTimeout, () => reader.cancel().catch(() => {}));
    let finished = false;
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        watchdog?.arm();
        try {
          chunk = await reader.read();
        } catch (error) {
          throw this.#signal?.aborted ? new AbortError("The stream was aborted.", { cause: this.#signal.reason }) : streamError(error);
        } finally {
          watchdog?.disarm();
        }
        if (watchdog?.expired) throw new TimeoutError(`The stream sent nothing for ${this.#idleTimeout} ms.`);
        if (chunk.done) break;
        const text = decoder.decode(chunk.value, { stream: true });
        if (text) yield text;
      }
      finished = true;
      const tail = decoder.decode();
      if (tail) yield tail;
    } finally {
      watchdog?.stop();
      // An early `break`, a thrown listener or an error: cancel the request, don't drain it.
      if (!finished) await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  }

  /** Reads the whole stream and resolves its text. */
  async text(): Promise<string> {
    let out = "";
    for await (const chunk of this) out += chunk;
    return out;
  }
}

function streamError(error: unknown): ParleyError {
  if (error instanceof ParleyError) return error;
  if (error instanceof Error && error.name === "AbortError") return new AbortError("The stream was aborted.");
  const typed = toParleyError(error);
  return typed instanceof ConnectionError ? new ConnectionError("The stream was cut before its end.", { cause: typed }) : typed;
}

/**
 * Calls `expire` when a read has been pending for `ms`. Time the consumer spends on a chunk is not
 * silence, so the clock runs only between `arm()` and `disarm()`. One timer per quiet period,
 * re-armed lazily, rather than one per chunk: a token stream has many small chunks.
 */
function idleWatchdog(ms: number, expire: () => void) {
  let since = 0;
  let waiting = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    timer = undefined;
    if (!waiting) return;
    const quiet = Date.now() - since;
    if (quiet < ms) return void (timer = setTimeout(check, ms - quiet));
    state.expired = true;
    expire();
  };
  const state = {
    expired: false,
    arm() {
      since = Date.now();
      waiting = true;
      timer ??= setTimeout(check, ms);
    },
    disarm() {
      waiting = false;
    },
    stop() {
      waiting = false;
      clearTimeout(timer);
    },
  };
  return state;
}
