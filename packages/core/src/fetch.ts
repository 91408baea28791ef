// Owns the retrying, time-bounded fetch every HTTP SDK sends through, and the request it is handed.
import { backoffDelay, type BackoffOptions } from "./backoff.js";
import { guardBody, hasBody, type BodyWatch } from "./body-guard.js";
import { Deadlines, type Deadline } from "./deadlines.js";
import {
  AbortError,
  ApiError,
  ConnectionError,
  ParleyError,
  RedirectError,
  TimeoutError,
  retryAfterMs,
  summarizeRequest,
  type RequestSummary,
} from "./errors.js";
import { silentLogger, type Logger } from "./logger.js";
import { redactSecrets, redactUrl, requestSecrets } from "./redact.js";
import { compileTemplates, errorCode, IDEMPOTENT_METHODS, provablyNotSent, shouldRetry } from "./retry-rule.js";
import { sleep } from "./sleep.js";

/** A `fetch` as users inject it (the global one, undici's, a test double). */
export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** What `createFetch` returns: a fetch that also takes a `FetchRequest`. */
export type ParleyFetch = (input: Request | FetchRequest | string | URL, init?: RequestInit) => Promise<Response>;

/** How a `createFetch` fetch sends, waits and retries. */
export interface FetchOptions {
  /** The underlying fetch. Default: the global `fetch`. */
  fetch?: FetchLike;
  /**
   * Per-attempt timeout in ms, covering the whole exchange: until the response body has been read
   * (`json()`, `text()`, `blob()`, `arrayBuffer()`, `formData()`), or until the headers when the
   * caller takes the body as a stream (`response.body`: a stream keeps its own idle timeout).
   * A timeout before the headers counts as a failed attempt (retried by the rule below); one while
   * the body is read is not retried: the response was handed over, and it rejects with
   * TimeoutError. Default 60 000.
   */
  timeout?: number;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Backoff between retries when the server gives no hint. */
  backoff?: BackoffOptions;
  /** A server hint above this (ms) is not waited for: the error is thrown at once. Default 60 000. */
  maxRetryAfterMs?: number;
  /** Gets a `warn` line per retry (credentials redacted). Default: `silentLogger`. */
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
    let known: (string | undefined)[] | undefined;
    const secrets = () => (known ??= [...requestSecrets(call.url, (name) => call.header(name)), ...(options.secrets?.() ?? [])]);
    const userSignal = call.signal;
    const safe = repeatable(call);
    let outcome: Outcome | undefined = first;

    for (let attempt = 0; ; attempt++) {
      if (userSignal?.aborted) throw new AbortError(`${call.where()} was aborted.`, { cause: userSignal.reason });
      const { response, error, notSent } = outcome ?? (await new Promise<Outcome>((settle) => call.attempt(settle)));
      outcome = undefined;
      let failure: ParleyError;
      let waitMs: number | undefined;
      if (response) {
        if (response.ok) return response;
        // A browser answers `redirect: "manual"` with an opaque response: status 0, no headers.
        if (response.type === "opaqueredirect") throw new RedirectError({ status: 0, request: call.summary() });
        const headers = redactHeaderValues(headersOf(response), secrets());
        const hint = retryAfterMs(headers);
        // A redirect is never repeated, whatever `x-should-retry` says: it would only redirect again.
        const redirect = response.status >= 300 && response.status < 400;
        const retry = !redirect && (safe ? shouldRetry(response) : (response.status === 429 || response.status === 503) && hint !== undefined);
        if (attempt < maxRetries && call.replayable && retry && (hint === undefined || hint <= maxRetryAfterMs)) {
          call.finish(response);
          failure = ApiError.from({ status: response.status, headers, request: call.summary() });
          waitMs = hint;
        } else {
          const body = await readErrorBody(response, secrets());
          throw ApiError.from({ status: response.status, headers, body, request: call.summary() });
        }
      } else {
        if (userSignal?.aborted) throw new AbortError(`${call.where()} was aborted.`, { cause: userSignal.reason });
        failure =
          error === TIMED_OUT
            ? new TimeoutError(`${call.where()} timed out after ${timeout} ms${attempt === 0 ? "" : ` (attempt ${attempt + 1}: the timeout is per attempt)`}.`)
            : new ConnectionError(`${call.where()} failed: ${redactSecrets(errorText(error), secrets())}`, { cause: sanitizeCause(error, secrets()) });
        const retry = call.replayable && (safe || notSent || provablyNotSent(error));
        if (attempt >= maxRetries || !retry) throw failure;
      }

      const delay = waitMs ?? backoffDelay(attempt, options.backoff);
      logger.warn(`retrying ${call.where()} in ${delay} ms (retry ${attempt + 1} of ${maxRetries})`, {
        reason: redactSecrets(failure.message, secrets()),
      });
      await sleep(delay, userSignal);
    }
  }

  return function parleyFetch(input, init) {
    let call: Call;
    try {
      call = new Call(input, init, baseFetch, deadlines);
    } catch (error) {
      return Promise.reject(error);
    }
    if (call.signal?.aborted) return retrying(call, { error: call.signal.reason });
    // The common case, a first 2xx, settles the one promise of the call without entering the retry
    // machinery (each promise in this path is a microtask on every request).
    return new Promise<Response>((resolve, reject) => {
      call.attempt((outcome) => {
        if (outcome.response?.ok) return resolve(outcome.response);
        const settled = retrying(call, outcome);
        settled.then(resolve, (error: unknown) => {
          call.release(); // the caller's signal is let go once the call failed
          reject(error);
        });
      });
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

/**
 * A light stand-in for `Request` for openapi-fetch to build (`createClient({ Request: FetchRequest })`).
 * It keeps the URL and init as given, so `createFetch` calls the underlying fetch once with them:
 * no Request is constructed and cloned per call just to be taken apart again.
 */
export class FetchRequest {
  /** The absolute URL, as given. */
  readonly url: string;
  /** The method, upper-case; default `GET`. */
  readonly method: string;
  /** The headers, as given (a Headers instance is kept, not copied). */
  readonly headers: Headers;
  // RequestInit's, not DOM's BodyInit: a Node project without the DOM lib compiles these types too.
  /** The body as given (a string, FormData, Blob, stream...), or null. */
  readonly body: NonNullable<RequestInit["body"]> | null;
  /** The caller's signal, or null. */
  readonly signal: AbortSignal | null;
  /** The init as given, passed on to the underlying fetch. */
  readonly init: RequestInit;

  /** @param input An absolute URL. @param init As `fetch`'s second argument. */
  constructor(input: string | URL, init: RequestInit = {}) {
    this.url = String(input);
    this.init = init;
    this.method = (init.method ?? "GET").toUpperCase();
    this.headers = init.headers instanceof Headers ? init.headers : new Headers(init.headers);
    this.body = init.body ?? null;
    this.signal = init.signal ?? null;
  }
}

/**
 * One call of a `createFetch` fetch: its request, the caller's signal, and its attempts. Methods
 * live on the prototype, so a call allocates no closures beyond its attempts' own.
 */
class Call {
  readonly url: string;
  readonly method: string;
  readonly signal: AbortSignal | null;
  /** Whether the body can be sent again (a stream cannot). */
  readonly replayable: boolean;
  readonly deadlines: Deadlines;
  readonly #request: Request | FetchRequest;
  readonly #fetch: FetchLike;
  #current: Attempt | undefined;
  #onAbort: (() => void) | undefined;

  constructor(input: Request | FetchRequest | string | URL, init: RequestInit | undefined, fetch: FetchLike, deadlines: Deadlines) {
    let request: Request | FetchRequest;
    if (input instanceof Request) {
      // To fetch, a Request's body is always a stream, whatever it was made from: such a request is
      // sent once. (The SDKs hand over a FetchRequest, whose string or FormData body can be resent.)
      request = init === undefined ? input : new Request(input, init);
      this.replayable = request.body === null;
    } else {
      request = input instanceof FetchRequest ? input : new FetchRequest(input, init);
      this.replayable = !(request.body instanceof ReadableStream);
    }
    this.#request = request;
    this.url = request.url;
    this.method = request.method;
    this.signal = request.signal;
    this.#fetch = fetch;
    this.deadlines = deadlines;
    // Each attempt gets its own controller: the deadline aborts it, and the caller's signal is
    // forwarded to it by one listener per call, removed when the call ends, so a signal reused
    // across many calls collects no listeners (undici keeps its own until garbage collection).
    const signal = this.signal;
    if (signal && !signal.aborted) {
      this.#onAbort = () => this.#current?.controller.abort(signal.reason);
      signal.addEventListener("abort", this.#onAbort);
    }
  }

  header(name: string): string | null {
    return this.#request.headers.get(name);
  }

  summary(): RequestSummary {
    return summarizeRequest(this.#request);
  }

  /** `METHOD url` with credentials redacted, for messages. */
  where(): string {
    return `${this.method} ${redactUrl(this.url)}`;
  }

  /** Lets go of the caller's signal. */
  release(): void {
    if (this.#onAbort) this.signal?.removeEventListener("abort", this.#onAbort);
  }

  /** Sends the request once, under its own deadline, and calls `settle` once with its outcome. */
  attempt(settle: (outcome: Outcome) => void): void {
    (this.#current = new Attempt(this)).start(settle);
  }

  /** Ends the deadline of the current attempt, whose answer is `response`, and cancels its unread body. */
  finish(response: Response): void {
    if (this.#current) this.deadlines.clear(this.#current);
    response.body?.cancel().catch(() => {});
  }

  /**
   * Hands the request to the underlying fetch with `signal`. Redirects are not followed: no spec
   * documents one, and following would re-send a POST (307) or turn it into a GET to another host
   * (301/302) whose answer would pass for the operation's. A 3xx is an ApiError like any non-2xx.
   */
  send(signal: AbortSignal): Promise<Response> {
    const request = this.#request;
    if (request instanceof FetchRequest) {
      // undici reads a plain object faster than a Headers instance, even counting the copy.
      return this.#fetch(request.url, { ...request.init, headers: plainHeaders(request.headers), signal, redirect: "manual" });
    }
    return this.#fetch(request, { signal, redirect: "manual" });
  }
}

/** One attempt of a call: its controller, its deadline (it is the entry in `Deadlines`) and its body's watch. */
class Attempt implements Deadline, BodyWatch {
  at = 0;
  expired = false;
  readonly controller = new AbortController();
  readonly #call: Call;
  #settle: ((outcome: Outcome) => void) | undefined;
  #response: Response | undefined;

  constructor(call: Call) {
    this.#call = call;
  }

  /** Sends the request; `settle` gets the outcome once, whichever of the answer and the deadline comes first. */
  start(settle: (outcome: Outcome) => void): void {
    this.#settle = settle;
    const call = this.#call;
    call.deadlines.arm(this);
    let pending: Promise<Response>;
    try {
      pending = call.send(this.controller.signal);
    } catch (error) {
      call.deadlines.clear(this);
      return this.#settleOnce({ error, notSent: true }); // an injected fetch that throws instead of rejecting
    }
    pending.then(
      (response) => {
        if (this.expired) return void response.body?.cancel().catch(() => {});
        if (hasBody(call.method, response)) {
          this.#response = response;
          guardBody(response, this);
        } else {
          call.deadlines.clear(this);
          if (response.ok) call.release();
        }
        this.#settleOnce({ response });
      },
      (error: unknown) => {
        call.deadlines.clear(this);
        this.#settleOnce({ error: this.expired ? TIMED_OUT : error });
      },
    );
  }

  expire(): void {
    this.controller.abort(new DOMException("The attempt timed out.", "TimeoutError"));
    this.#settleOnce({ error: TIMED_OUT });
  }

  #settleOnce(outcome: Outcome): void {
    const settle = this.#settle;
    this.#settle = undefined;
    settle?.(outcome);
  }

  bodyDone(streamed: boolean): void {
    this.#call.deadlines.clear(this);
    // A body taken as a stream still answers the caller's signal while it is read.
    if (this.#response?.ok && !streamed) this.#call.release();
  }

  timedOut(): Error {
    return new TimeoutError(`${this.#call.where()} timed out while its body was read.`);
  }
}

function redactHeaderValues(headers: Record<string, string>, secrets: (string | undefined)[]): Record<string, string> {
  for (const name of Object.keys(headers)) headers[name] = redactSecrets(headers[name]!, secrets);
  return headers;
}

/** A response's headers as a plain object, lower-case names (for errors; not redacted here). */
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
