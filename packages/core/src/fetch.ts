import { backoffDelay, type BackoffOptions } from "./backoff.js";
import {
  AbortError,
  ApiError,
  ConnectionError,
  ParleyError,
  TimeoutError,
  retryAfterMs,
  summarizeRequest,
  type RequestSummary,
} from "./errors.js";
import { silentLogger, type Logger } from "./logger.js";
import { redactSecrets, redactUrl, requestSecrets } from "./redact.js";
import { sleep } from "./sleep.js";

/** A `fetch` as users inject it (the global one, undici's, a test double). */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** What `createFetch` returns: a fetch that also takes a `FetchRequest`. */
export type ParleyFetch = (input: Request | FetchRequest | string | URL, init?: RequestInit) => Promise<Response>;

export interface FetchOptions {
  /** The underlying fetch. Default: the global `fetch`. */
  fetch?: FetchLike;
  /**
   * Per-attempt timeout in ms, covering the whole exchange: until the response body has been read
   * (`json()`, `text()`, `blob()`, `arrayBuffer()`, `formData()`), or until the headers when the
   * caller takes the body as a stream (`response.body`: a stream keeps its own idle timeout).
   * Default 60 000.
   */
  timeout?: number;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Backoff between retries when the server gives no hint. */
  backoff?: BackoffOptions;
  /** A server hint above this (ms) is not waited for: the error is thrown at once. Default 60 000. */
  maxRetryAfterMs?: number;
  logger?: Logger;
  /** Further secrets (e.g. a JWT sent in a body) to strip from error messages, bodies and logs. */
  secrets?: () => Iterable<string | undefined>;
  /**
   * Operations with a non-idempotent method that the API's spec marks safe to repeat
   * (`x-parley-idempotent: true`), as `"METHOD /path/{param}"` templates matched against the end
   * of the URL's path, e.g. `"POST /chats/{chatId}/finish"`. Default: none.
   */
  idempotent?: readonly string[];
}

/** Methods RFC 9110 §9.2.2 defines as idempotent: repeating them changes nothing more. */
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);
const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Connection failures that happen before a byte of the request is sent (undici's `cause.code`). */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);
const MAX_ERROR_BODY = 64 * 1024;

/**
 * A `fetch` that adds what openapi-fetch leaves out (openapi-typescript#1122): a per-attempt
 * timeout over the whole exchange, retries with exponential backoff and jitter (honouring
 * `retry-after-ms` / `Retry-After`), caller cancellation through `AbortSignal`, and typed errors.
 * Any non-2xx answer is thrown as an `ApiError` subclass (its headers and body redacted), so
 * callers never branch on `{ data, error }`.
 *
 * What is retried: a request that may have reached the server is repeated only when repeating it
 * is harmless: an idempotent method (GET, HEAD, OPTIONS, PUT, DELETE), an operation listed in
 * `idempotent`, or a request carrying an `Idempotency-Key` header; those are retried on 408, 429,
 * 5xx (or `x-should-retry: true`), timeouts and connection errors. Any other request is retried
 * only when the server provably did not process it: a connection refused or a host not found
 * before anything was sent, or a 429 / 503 with a `Retry-After` hint. A request whose body is a
 * stream is sent once.
 */
export function createFetch(options: FetchOptions = {}): ParleyFetch {
  const {
    timeout = 60_000,
    maxRetries = 2,
    maxRetryAfterMs = 60_000,
    logger = silentLogger,
  } = options;
  const baseFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const deadlines = new Deadlines(timeout);
  const marked = compileTemplates(options.idempotent ?? []);

  /** Whether `call` may be sent again after it may have reached the server. */
  const repeatable = (call: Call) =>
    call.replayable && (IDEMPOTENT_METHODS.has(call.method) || call.header("idempotency-key") !== null || marked(call.method, call.url));

  async function retrying(call: Call, first: Outcome): Promise<Response> {
    const where = () => `${call.method} ${redactUrl(call.url)}`;
    let known: (string | undefined)[] | undefined;
    const secrets = () => (known ??= [...requestSecrets(call.url, call.header), ...(options.secrets?.() ?? [])]);
    const userSignal = call.signal;
    const safe = repeatable(call);
    let outcome: Outcome | undefined = first;

    for (let attempt = 0; ; attempt++) {
      if (userSignal?.aborted) throw new AbortError(`${where()} was aborted.`, { cause: userSignal.reason });
      const { response, error, notSent } = outcome ?? (await call.attempt());
      outcome = undefined;
      let failure: ParleyError;
      let waitMs: number | undefined;
      if (response) {
        if (response.ok) return response;
        const headers = redactHeaderValues(headersOf(response), secrets());
        const hint = retryAfterMs(headers);
        const retry = safe ? shouldRetry(response) : (response.status === 429 || response.status === 503) && hint !== undefined;
        if (attempt < maxRetries && call.replayable && retry && (hint === undefined || hint <= maxRetryAfterMs)) {
          call.finish(response);
          failure = ApiError.from({ status: response.status, headers, request: call.summary() });
          waitMs = hint;
        } else {
          const body = await readErrorBody(response, secrets());
          throw ApiError.from({ status: response.status, headers, body, request: call.summary() });
        }
      } else {
        if (userSignal?.aborted) throw new AbortError(`${where()} was aborted.`, { cause: userSignal.reason });
        failure =
          error === TIMED_OUT
            ? new TimeoutError(`${where()} timed out after ${timeout} ms.`)
            : new ConnectionError(`${where()} failed: ${redactSecrets(errorText(error), secrets())}`, { cause: sanitizeCause(error, secrets()) });
        const retry = call.replayable && (safe || notSent || NOT_SENT_CODES.has(errorCode(error) ?? ""));
        if (attempt >= maxRetries || !retry) throw failure;
      }

      const delay = waitMs ?? backoffDelay(attempt, options.backoff);
      logger.warn(`retrying ${where()} in ${delay} ms (retry ${attempt + 1} of ${maxRetries})`, {
        reason: redactSecrets(failure.message, secrets()),
      });
      await sleep(delay, userSignal);
    }
  }

  return function parleyFetch(input, init) {
    let call: Call;
    try {
      call = describeCall(input, init, baseFetch, deadlines);
    } catch (error) {
      return Promise.reject(error);
    }
    if (call.signal?.aborted) return retrying(call, { error: call.signal.reason });
    // The common case, a first 2xx, resolves without entering the retry machinery.
    return call.attempt().then((outcome) => {
      if (outcome.response?.ok) return outcome.response;
      const settled = retrying(call, outcome);
      settled.then(undefined, () => call.release()); // the caller's signal is let go once the call failed
      return settled;
    });
  };
}

interface Outcome {
  response?: Response;
  error?: unknown;
  /** The request provably never left: the injected fetch threw before returning a promise. */
  notSent?: boolean;
}

const TIMED_OUT = Symbol("timed out");

function plainHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => (out[name] = value));
  return out;
}

interface Deadline {
  at: number;
  expired: boolean;
  expire: () => void;
}

/**
 * The deadlines of one fetch's pending attempts, checked by one shared interval (a tenth of the
 * timeout, 5 ms to 1 s) rather than a timer per request: on Node 20 a timer armed during each
 * request costs ~5 µs of a ~160 µs loopback call, a shared one ~1.5 µs. An attempt therefore times
 * out up to one tick late. The interval stops once nothing is pending and never holds a process open.
 */
class Deadlines {
  readonly #pending = new Set<Deadline>();
  readonly #ms: number;
  readonly #tickMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(timeoutMs: number) {
    this.#ms = timeoutMs;
    this.#tickMs = Math.min(Math.max(Math.round(timeoutMs / 10), 5), 1000);
  }

  /** Arms a deadline `timeout` ms from now; `expire` runs once when it passes before `clear`. */
  arm(expire: () => void): Deadline {
    const entry: Deadline = { at: Date.now() + this.#ms, expired: false, expire };
    this.#pending.add(entry);
    this.#timer ??= this.#start();
    return entry;
  }

  clear(entry: Deadline): void {
    this.#pending.delete(entry);
  }

  #start(): ReturnType<typeof setInterval> {
    const timer = setInterval(() => {
      const now = Date.now();
      for (const entry of this.#pending) {
        if (entry.at > now) continue;
        this.#pending.delete(entry);
        entry.expired = true;
        entry.expire();
      }
      if (this.#pending.size === 0) {
        clearInterval(timer);
        this.#timer = undefined;
      }
    }, this.#tickMs);
    (timer as { unref?: () => void }).unref?.();
    return timer;
  }
}

/**
 * A light stand-in for `Request` for openapi-fetch to build (`createClient({ Request: FetchRequest })`).
 * It keeps the URL and init as given, so `createFetch` calls the underlying fetch once with them:
 * no Request is constructed and cloned per call just to be taken apart again.
 */
export class FetchRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  // RequestInit's, not DOM's BodyInit: a Node project without the DOM lib compiles these types too.
  readonly body: NonNullable<RequestInit["body"]> | null;
  readonly signal: AbortSignal | null;
  readonly init: RequestInit;

  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = String(input);
    this.init = init;
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
    this.signal = init.signal ?? null;
  }
}

interface Call {
  url: string;
  method: string;
  signal: AbortSignal | null;
  /** Whether the body can be sent again (a stream cannot). */
  replayable: boolean;
  header(name: string): string | null;
  /** Sends the request once, under its own deadline, and settles with its outcome (never rejects). */
  attempt(): Promise<Outcome>;
  /** Ends the deadline of `response`'s attempt and cancels its unread body. */
  finish(response: Response): void;
  /** Lets go of the caller's signal. */
  release(): void;
  summary(): RequestSummary;
}

function describeCall(input: Request | FetchRequest | string | URL, init: RequestInit | undefined, fetch: FetchLike, deadlines: Deadlines): Call {
  let url: string;
  let method: string;
  let signal: AbortSignal | null;
  let replayable: boolean;
  let header: (name: string) => string | null;
  let send: (signal: AbortSignal) => Promise<Response>;
  let summary: () => RequestSummary;
  if (input instanceof Request) {
    // To fetch, a Request's body is always a stream, whatever it was made from: such a request is
    // sent once. (The SDKs hand over a FetchRequest, whose string or FormData body can be resent.)
    const request = init === undefined ? input : new Request(input, init);
    ({ url, method, signal } = request);
    replayable = request.body === null;
    header = (name) => request.headers.get(name);
    send = (s) => fetch(request, { signal: s });
    summary = () => summarizeRequest(request);
  } else {
    const request = input instanceof FetchRequest ? input : new FetchRequest(input, init);
    ({ url, method, signal } = request);
    replayable = !(request.body instanceof ReadableStream);
    header = (name) => request.headers.get(name);
    // undici reads a plain object faster than a Headers instance, even counting the copy.
    send = (s) => fetch(request.url, { ...request.init, headers: plainHeaders(request.headers), signal: s });
    summary = () => summarizeRequest(request);
  }

  // Each attempt gets its own controller: the deadline aborts it, and the caller's signal is
  // forwarded to it by one listener per call, removed when the call ends, so a signal reused
  // across many calls collects no listeners (undici keeps its own until garbage collection).
  let current: AbortController | undefined;
  const onAbort = () => current?.abort(signal?.reason);
  if (signal && !signal.aborted) signal.addEventListener("abort", onAbort);
  const release = () => signal?.removeEventListener("abort", onAbort);
  const attempts = new WeakMap<Response, Deadline>();

  const end = (response: Response | undefined, deadline: Deadline) => {
    deadlines.clear(deadline);
    if (response) attempts.delete(response);
  };

  return {
    url,
    method,
    signal,
    replayable,
    header,
    summary,
    release,
    finish(response) {
      const deadline = attempts.get(response);
      if (deadline) end(response, deadline);
      response.body?.cancel().catch(() => {});
    },
    attempt() {
      const controller = (current = new AbortController());
      return new Promise<Outcome>((resolve) => {
        const deadline = deadlines.arm(() => {
          controller.abort(new DOMException("The attempt timed out.", "TimeoutError"));
          resolve({ error: TIMED_OUT });
        });
        let pending: Promise<Response>;
        try {
          pending = send(controller.signal);
        } catch (error) {
          end(undefined, deadline);
          return resolve({ error, notSent: true }); // an injected fetch that throws instead of rejecting
        }
        pending.then(
          (response) => {
            if (deadline.expired) return void response.body?.cancel().catch(() => {});
            if (!hasBody(method, response)) {
              end(undefined, deadline);
              if (response.ok) release();
            } else {
              attempts.set(response, deadline);
              guardBody(response, deadline, () => `${method} ${redactUrl(url)}`, (streamed) => {
                end(response, deadline);
                // A body taken as a stream still answers the caller's signal while it is read.
                if (response.ok && !streamed) release();
              });
            }
            resolve({ response });
          },
          (error: unknown) => {
            end(undefined, deadline);
            resolve({ error: deadline.expired ? TIMED_OUT : error });
          },
        );
      });
    },
  };
}

const BODY_READERS = ["json", "text", "blob", "arrayBuffer", "formData", "bytes"] as const;
const bodyGetter = Object.getOwnPropertyDescriptor(Response.prototype, "body")?.get;

/**
 * Keeps the attempt's deadline over the reading of `response`'s body: each reader ends it when it
 * settles, and a read cut by the deadline rejects with TimeoutError. Taking `body` itself (a
 * stream) ends it too: a stream's reader keeps its own idle timeout.
 */
function guardBody(response: Response, deadline: Deadline, where: () => string, done: (streamed: boolean) => void): void {
  const target = response as unknown as Record<string, unknown>;
  for (const name of BODY_READERS) {
    const read = target[name] as (() => Promise<unknown>) | undefined;
    if (typeof read !== "function") continue;
    target[name] = () =>
      read.call(response).then(
        (value) => {
          done(false);
          return value;
        },
        (error: unknown) => {
          done(false);
          throw deadline.expired ? new TimeoutError(`${where()} timed out while its body was read.`) : error;
        },
      );
  }
  if (bodyGetter && response instanceof Response) {
    Object.defineProperty(response, "body", {
      configurable: true,
      get() {
        done(true);
        return bodyGetter.call(response);
      },
    });
  }
}

function hasBody(method: string, response: Response): boolean {
  const s = response.status;
  return !(method === "HEAD" || s === 204 || s === 205 || s === 304 || response.headers.get("content-length") === "0" || response.body === null);
}

/** `"POST /chats/{chatId}/finish"` templates as one test of a method and URL. */
function compileTemplates(templates: readonly string[]): (method: string, url: string) => boolean {
  if (templates.length === 0) return () => false;
  const compiled = templates.map((t) => {
    const [method = "", path = ""] = t.split(" ");
    const pattern = path
      .split(/\{[^{}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[^/]+");
    return { method: method.toUpperCase(), path: new RegExp(`${pattern}$`) };
  });
  return (method, url) => {
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      return false;
    }
    return compiled.some((c) => c.method === method && c.path.test(path));
  };
}

function shouldRetry(response: Response): boolean {
  const hint = response.headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  return RETRYABLE_STATUS.has(response.status) || response.status > 504;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code ?? ((error as { cause?: unknown } | null)?.cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : undefined;
}

function redactHeaderValues(headers: Record<string, string>, secrets: (string | undefined)[]): Record<string, string> {
  for (const name of Object.keys(headers)) headers[name] = redactSecrets(headers[name]!, secrets);
  return headers;
}

export function headersOf(response: Response): Record<string, string> {
  const out: Record<string, string> = {};
  response.headers.forEach((value, name) => (out[name] = value));
  return out;
}

async function readErrorBody(response: Response, secrets: (string | undefined)[]): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return undefined;
  }
  text = redactSecrets(text.slice(0, MAX_ERROR_BODY), secrets);
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  }
  return String(error);
}

/** Keeps the low-level cause for debugging, minus anything that could carry a credential. */
function sanitizeCause(error: unknown, secrets: (string | undefined)[]): unknown {
  if (!(error instanceof Error)) return undefined;
  const copy = new Error(redactSecrets(error.message, secrets));
  copy.name = error.name;
  const code = errorCode(error);
  if (code !== undefined) (copy as Error & { code?: string }).code = code;
  return copy;
}
