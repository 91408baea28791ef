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
  /** Per-attempt timeout in ms, until the response headers arrive. Default 60 000. */
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
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const MAX_ERROR_BODY = 64 * 1024;

/**
 * A `fetch` that adds what openapi-fetch leaves out (openapi-typescript#1122): a per-attempt
 * timeout, retries with exponential backoff and jitter for 408/429/5xx and connection errors
 * (honouring `retry-after-ms` / `Retry-After`), caller cancellation through `AbortSignal`, and
 * typed errors. A non-2xx answer is thrown as an `ApiError` subclass, so callers never branch on
 * `{ data, error }`. A request whose body is a stream (a `ReadableStream`, or any `Request` body)
 * is sent once and never retried.
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

  /**
   * The attempts after a first one that did not simply succeed: `first` is its outcome. Each
   * failure is typed; a retryable one is retried after the server's hint or the backoff.
   */
  async function retrying(call: Call, first: { response: Response } | { error: unknown }): Promise<Response> {
    const retries = call.replayable ? maxRetries : 0;
    const where = () => `${call.method} ${redactUrl(call.url)}`;
    let known: (string | undefined)[] | undefined;
    const secrets = () => (known ??= [...requestSecrets(call.url, call.header), ...(options.secrets?.() ?? [])]);
    const userSignal = call.signal;
    let outcome: { response: Response } | { error: unknown } | undefined = first;

    for (let attempt = 0; ; attempt++) {
      if (userSignal?.aborted) throw new AbortError(`${where()} was aborted.`, { cause: userSignal.reason });
      let failure: ParleyError;
      let waitMs: number | undefined;
      try {
        const response = outcome ? await settle(outcome) : await deadlines.race(call.send(baseFetch), timeout);
        outcome = undefined;
        if (response.status < 400) return response;
        const headers = redactHeaderValues(headersOf(response), secrets());
        const hint = retryAfterMs(headers);
        if (attempt < retries && shouldRetry(response) && (hint === undefined || hint <= maxRetryAfterMs)) {
          await response.body?.cancel().catch(() => {});
          failure = ApiError.from({ status: response.status, headers, request: call.summary() });
          waitMs = hint;
        } else {
          const body = await readErrorBody(response, secrets());
          throw ApiError.from({ status: response.status, headers, body, request: call.summary() });
        }
      } catch (error) {
        outcome = undefined;
        if (error instanceof ApiError) throw error;
        if (userSignal?.aborted) throw new AbortError(`${where()} was aborted.`, { cause: userSignal.reason });
        failure =
          error === TIMED_OUT
            ? new TimeoutError(`${where()} timed out after ${timeout} ms.`)
            : new ConnectionError(`${where()} failed: ${redactSecrets(errorText(error), secrets())}`, { cause: sanitizeCause(error, secrets()) });
        if (attempt >= retries) throw failure;
      }

      const delay = waitMs ?? backoffDelay(attempt, options.backoff);
      logger.warn(`retrying ${where()} in ${delay} ms (retry ${attempt + 1} of ${retries})`, {
        reason: redactSecrets(failure.message, secrets()),
      });
      await sleep(delay, userSignal);
    }
  }

  return function parleyFetch(input, init) {
    let call: Call;
    try {
      call = describeCall(input, init);
    } catch (error) {
      return Promise.reject(error);
    }
    if (call.signal?.aborted) return retrying(call, { error: call.signal.reason });
    let sent: Promise<Response>;
    try {
      sent = call.send(baseFetch);
    } catch (error) {
      return retrying(call, { error }); // an injected fetch that throws instead of rejecting
    }
    // The common case, a first answer below 400, resolves without entering the retry machinery.
    return deadlines.race(sent, timeout).then(
      (response) => (response.status < 400 ? response : retrying(call, { response })),
      (error: unknown) => retrying(call, { error }),
    );
  };
}

function settle(outcome: { response: Response } | { error: unknown }): Promise<Response> {
  return "response" in outcome ? Promise.resolve(outcome.response) : Promise.reject(outcome.error);
}

const TIMED_OUT = Symbol("timed out");

function plainHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => (out[name] = value));
  return out;
}

/**
 * The deadlines of one fetch's pending attempts, checked by one shared interval (a tenth of the
 * timeout, 5 ms to 1 s) rather than a timer per request: on Node 20 a timer armed during each
 * request costs ~5 µs of a ~160 µs loopback call, a shared one ~1.5 µs. An attempt therefore times
 * out up to one tick late. The interval stops once nothing is pending and never holds a process open.
 */
class Deadlines {
  readonly #pending = new Set<{ at: number; expire: () => void }>();
  readonly #tickMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(timeoutMs: number) {
    this.#tickMs = Math.min(Math.max(Math.round(timeoutMs / 10), 5), 1000);
  }

  /** Rejects with TIMED_OUT when `pending` has not settled within `ms`; a late response is cancelled. */
  race(pending: Promise<Response>, ms: number): Promise<Response> {
    return new Promise((resolve, reject) => {
      const entry = {
        at: Date.now() + ms,
        expire: () => {
          pending.then((late) => late.body?.cancel().catch(() => {}), () => {});
          reject(TIMED_OUT);
        },
      };
      this.#pending.add(entry);
      this.#timer ??= this.#start();
      pending.then(
        (response) => {
          this.#pending.delete(entry);
          resolve(response);
        },
        (error: unknown) => {
          this.#pending.delete(entry);
          reject(error);
        },
      );
    });
  }

  #start(): ReturnType<typeof setInterval> {
    const timer = setInterval(() => {
      const now = Date.now();
      for (const entry of this.#pending) {
        if (entry.at > now) continue;
        this.#pending.delete(entry);
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
  readonly body: BodyInit | null;
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
  send(fetch: FetchLike): Promise<Response>;
  summary(): RequestSummary;
}

function describeCall(input: Request | FetchRequest | string | URL, init: RequestInit | undefined): Call {
  if (input instanceof Request) {
    // To fetch, a Request's body is always a stream, whatever it was made from: such a request is
    // sent once. (The SDKs hand over a FetchRequest, whose string or FormData body can be resent.)
    const request = init === undefined ? input : new Request(input, init);
    return {
      url: request.url,
      method: request.method,
      signal: request.signal,
      replayable: request.body === null,
      header: (name) => request.headers.get(name),
      send: (fetch) => fetch(request),
      summary: () => summarizeRequest(request),
    };
  }
  const request = input instanceof FetchRequest ? input : new FetchRequest(input, init);
  return {
    url: request.url,
    method: request.method,
    signal: request.signal,
    replayable: !(request.body instanceof ReadableStream),
    header: (name) => request.headers.get(name),
    // undici reads a plain object faster than a Headers instance, even counting the copy.
    send: (fetch) => fetch(request.url, { ...request.init, headers: plainHeaders(request.headers) }),
    summary: () => summarizeRequest(request),
  };
}

function shouldRetry(response: Response): boolean {
  const hint = response.headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  return RETRYABLE_STATUS.has(response.status) || response.status > 504;
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
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === "string") (copy as Error & { code?: string }).code = code;
  return copy;
}
