import { backoffDelay, type BackoffOptions } from "./backoff.js";
import {
  AbortError,
  ApiError,
  ConnectionError,
  ParleyError,
  TimeoutError,
  retryAfterMs,
  summarizeRequest,
} from "./errors.js";
import { silentLogger, type Logger } from "./logger.js";
import { redactSecrets, redactUrl } from "./redact.js";
import { sleep } from "./sleep.js";

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

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
const AUTH_HEADERS = ["authorization", "proxy-authorization", "x-api-key", "cookie"];
const MAX_ERROR_BODY = 64 * 1024;

/**
 * A `fetch` that adds what openapi-fetch leaves out (openapi-typescript#1122): a per-attempt
 * timeout, retries with exponential backoff and jitter for 408/429/5xx and connection errors
 * (honouring `retry-after-ms` / `Retry-After`), caller cancellation through `AbortSignal`, and
 * typed errors. A non-2xx answer is thrown as an `ApiError` subclass, so callers never branch on
 * `{ data, error }`. A request whose body is a stream is sent once and never retried.
 */
export function createFetch(options: FetchOptions = {}): FetchLike {
  const {
    timeout = 60_000,
    maxRetries = 2,
    maxRetryAfterMs = 60_000,
    logger = silentLogger,
  } = options;
  const baseFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  return async function parleyFetch(input, init) {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    // A Request's body is single-use: clone it per attempt unless it is a stream we must not buffer.
    const streamed = init?.body instanceof ReadableStream;
    const retries = streamed ? 0 : maxRetries;
    const userSignal = request.signal;
    const secrets = [...AUTH_HEADERS.map((h) => bearerValue(request.headers.get(h))), ...(options.secrets?.() ?? [])];

    for (let attempt = 0; ; attempt++) {
      if (userSignal.aborted) throw new AbortError(`${request.method} ${redactUrl(request.url)} was aborted.`);
      const timeoutController = new AbortController();
      const timer = setTimeout(() => timeoutController.abort(), timeout);
      const signal = anySignal(userSignal, timeoutController.signal);
      const attemptRequest = request.body !== null && attempt < retries ? request.clone() : request;

      let failure: ParleyError;
      let waitMs: number | undefined;
      try {
        const response = await baseFetch(attemptRequest, { signal });
        if (response.status < 400) {
          clearTimeout(timer);
          return response;
        }
        const retryable = attempt < retries && shouldRetry(response);
        const hint = retryAfterMs(headersOf(response));
        if (retryable && (hint === undefined || hint <= maxRetryAfterMs)) {
          await response.body?.cancel().catch(() => {});
          clearTimeout(timer);
          failure = ApiError.from({ status: response.status, headers: headersOf(response), request: summarizeRequest(request) });
          waitMs = hint;
        } else {
          const body = await readErrorBody(response, secrets);
          clearTimeout(timer);
          throw ApiError.from({ status: response.status, headers: headersOf(response), body, request: summarizeRequest(request) });
        }
      } catch (error) {
        clearTimeout(timer);
        if (error instanceof ApiError) throw error;
        if (userSignal.aborted) throw new AbortError(`${request.method} ${redactUrl(request.url)} was aborted.`, { cause: userSignal.reason });
        const where = `${request.method} ${redactUrl(request.url)}`;
        failure = timeoutController.signal.aborted
          ? new TimeoutError(`${where} timed out after ${timeout} ms.`)
          : new ConnectionError(`${where} failed: ${redactSecrets(errorText(error), secrets)}`, { cause: sanitizeCause(error, secrets) });
        if (attempt >= retries) throw failure;
      }

      const delay = waitMs ?? backoffDelay(attempt, options.backoff);
      logger.warn(`retrying ${request.method} ${redactUrl(request.url)} in ${delay} ms (retry ${attempt + 1} of ${retries})`, {
        reason: redactSecrets(failure.message, secrets),
      });
      await sleep(delay, userSignal);
    }
  };
}

function shouldRetry(response: Response): boolean {
  const hint = response.headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  return RETRYABLE_STATUS.has(response.status) || response.status > 504;
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

function bearerValue(header: string | null): string | undefined {
  if (!header) return undefined;
  const space = header.indexOf(" ");
  return space > 0 ? header.slice(space + 1) : header;
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

/** A signal that aborts when either does. */
function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === "function") return AbortSignal.any([a, b]);
  const controller = new AbortController();
  const abort = () => controller.abort();
  if (a.aborted || b.aborted) abort();
  a.addEventListener("abort", abort, { once: true });
  b.addEventListener("abort", abort, { once: true });
  return controller.signal;
}
