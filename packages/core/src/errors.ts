// Owns the error hierarchy every Parley SDK throws, and the retry hint a server's headers give.
import { redactDeep } from "./credentials.js";
import { locationSecrets, redactHeaders, redactLocation, redactSecrets, redactUrl } from "./redact.js";

/** RFC 9457 problem details, as the APIs return them with `application/problem+json`. */
export interface ProblemDetails {
  /** A URI reference identifying the problem type. */
  type?: string;
  /** A short summary of the problem type. */
  title?: string;
  /** The HTTP status code. */
  status?: number;
  /** An explanation specific to this occurrence. */
  detail?: string;
  /** A URI reference identifying this occurrence. */
  instance?: string;
  /** Extension members (e.g. `request_id`, `errors`). */
  [extension: string]: unknown;
}

/** What an error may say about the request that caused it. Credentials are already redacted. */
export interface RequestSummary {
  /** The method, upper-case. */
  method: string;
  /** The URL, credential-looking query values and user:password replaced by `[redacted]`. */
  url: string;
  /** The request headers, lower-case names, credential values replaced by `[redacted]`. */
  headers: Record<string, string>;
}

/** The root of every error Parley throws: `instanceof ParleyError` catches them all. */
export class ParleyError extends Error {
  /** The class name (each subclass sets its own), as `String(error)` and stacks print it. */
  override name = "ParleyError";
  /**
   * The operation that failed: the spec's operationId or the SDK method (`getCompany`,
   * `conversations.create`, `chat.stream`), also at the start of `message`. Set on every error of an
   * HTTP SDK call (see `withOperation`); undefined on argument and state errors and realtime ones.
   */
  declare readonly operation: string | undefined;
  /**
   * @param message Free of credentials. @param options.cause The underlying error, credentials removed.
   * @param options.operation The operation, when the message already names it.
   */
  constructor(message: string, options?: { cause?: unknown; operation?: string }) {
    super(message, options);
    if (options?.operation !== undefined) (this as { operation: string }).operation = options.operation;
  }
}

/**
 * Names the failed `operation` on `error` (an operationId or SDK method): sets `error.operation`
 * and starts its message (and its stack's first line) with `<operation>: `. Once only: an error
 * that already names one keeps it (a shared login's failure stays `createEndUserToken` for every
 * call that waited for it). `ValidationError` and `StateError` are returned as they are: they name
 * the argument or the state. Returns `error`; the text added is the operation name, never a secret.
 */
export function withOperation<E extends ParleyError>(error: E, operation: string): E {
  if (error.operation !== undefined || error instanceof ValidationError || error instanceof StateError) return error;
  const before = `${error.name}: ${error.message}`;
  (error as { operation: string }).operation = operation;
  error.message = `${operation}: ${error.message}`;
  // V8 formats the stack when first read: one read before this call still shows the old message.
  if (typeof error.stack === "string" && error.stack.startsWith(before)) error.stack = `${error.name}: ${error.message}${error.stack.slice(before.length)}`;
  return error;
}

/** The server answered with a non-2xx status. */
export class ApiError extends ParleyError {
  /** Always `"ApiError"`. */
  override name = "ApiError";
  /** The HTTP status, 300-599; 0 for a redirect in a browser, which hides its status (`RedirectError`). */
  readonly status: number;
  /** Response headers (credentials redacted). */
  readonly headers: Record<string, string>;
  /** The parsed `application/problem+json` body, when the server sent one. */
  readonly problem: ProblemDetails | undefined;
  /** The parsed body (JSON when it parses, else text), whatever its type. */
  readonly body: unknown;
  /** The server's request id (`x-request-id`), for support tickets. */
  readonly requestId: string | undefined;
  /** The request that got this answer (credentials redacted), when known. */
  readonly request: RequestSummary | undefined;

  /**
   * Prefer `ApiError.from`, which picks the subclass. The message is `message` when given, else
   * `"<METHOD> <url> failed with <status>: <detail or title>"` and the request id; `headers` are
   * redacted here, `body` must already be.
   */
  constructor(init: {
    status: number;
    headers?: Record<string, string>;
    body?: unknown;
    request?: RequestSummary;
    message?: string;
  }) {
    const problem = isProblem(init.body) ? init.body : undefined;
    const headers = redactHeaders(init.headers ?? {});
    const requestId = headers["x-request-id"] ?? (typeof problem?.["request_id"] === "string" ? (problem["request_id"] as string) : undefined);
    const what = init.request ? `${init.request.method} ${init.request.url}` : "request";
    const why = problem?.detail ?? problem?.title ?? (typeof init.body === "string" && init.body.length <= 200 ? init.body : "");
    super(init.message ?? `${what} failed with ${init.status}${why ? `: ${why}` : ""}${requestId ? ` (request id ${requestId})` : ""}`);
    this.status = init.status;
    this.headers = headers;
    this.body = init.body;
    this.problem = problem;
    this.requestId = requestId;
    this.request = init.request;
  }

  /** Builds the subclass that matches the status: users `instanceof`-check, never parse messages. */
  static from(init: ConstructorParameters<typeof ApiError>[0]): ApiError {
    return apiErrorFor(init);
  }
}

/**
 * A 3xx other than 304: the server answered with a redirect, which Parley does not follow.
 * Following one would send a POST again (307, 308) or turn it into a GET to another address (301,
 * 302, 303) whose answer would pass for the operation's; no API Parley covers documents a redirect.
 * The message says so and where the server pointed (`location`), e.g.
 * `POST https://api.example/chats failed with 307: the server redirected to https://other.example/chats;
 * Parley does not follow redirects ...`. Never retried. In a browser, which hands a script only an
 * opaque answer to a redirect it did not follow (`response.type` "opaqueredirect"), the status is 0
 * and `location` undefined.
 */
export class RedirectError extends ApiError {
  /** Always `"RedirectError"`. */
  override name = "RedirectError";
  /**
   * Where the server pointed: its `Location` header (absolute, or relative to the request) with
   * any user:password, query and fragment replaced by `[redacted]` (`redactLocation`); undefined
   * when it sent none or an empty one.
   */
  readonly location: string | undefined;
  /** As `ApiError`'s; the default message names the redirect and its `Location`. */
  constructor(init: ConstructorParameters<typeof ApiError>[0]) {
    const sent = Object.entries(init.headers ?? {}).find(([name]) => name.toLowerCase() === "location")?.[1];
    const raw = sent?.trim() ? sent : undefined; // an empty Location points nowhere
    const location = raw === undefined ? undefined : redactLocation(raw);
    // What the Location hides may be echoed elsewhere: a "Moved to ..." body, another header.
    const hidden = raw === undefined ? [] : locationSecrets(raw);
    const headers = init.headers && Object.fromEntries(Object.entries(init.headers).map(([name, value]) => [name, redactSecrets(value, hidden)]));
    super({ ...init, headers, body: redactDeep(init.body, hidden), message: init.message ?? redirectMessage(init, location) });
    this.location = location;
  }
}

/** 400: the server refused the request as malformed. */
export class BadRequestError extends ApiError {
  /** Always `"BadRequestError"`. */
  override name = "BadRequestError";
}
/** 401: the credential is missing, expired or revoked. */
export class AuthenticationError extends ApiError {
  /** Always `"AuthenticationError"`. */
  override name = "AuthenticationError";
}
/** 403: the credential is valid but not allowed this. */
export class PermissionDeniedError extends ApiError {
  /** Always `"PermissionDeniedError"`. */
  override name = "PermissionDeniedError";
}
/** 404: no such resource. */
export class NotFoundError extends ApiError {
  /** Always `"NotFoundError"`. */
  override name = "NotFoundError";
}
/** 409: the resource's state does not allow this (e.g. a chat already finished). */
export class ConflictError extends ApiError {
  /** Always `"ConflictError"`. */
  override name = "ConflictError";
}
/** 422: well-formed but refused by the server's validation. */
export class UnprocessableEntityError extends ApiError {
  /** Always `"UnprocessableEntityError"`. */
  override name = "UnprocessableEntityError";
}
/** 500 and above: the server failed. */
export class InternalServerError extends ApiError {
  /** Always `"InternalServerError"`. */
  override name = "InternalServerError";
}

/** 429. `retryAfterMs` is the server's hint (`retry-after-ms` / `Retry-After`), when it gave one. */
export class RateLimitError extends ApiError {
  /** Always `"RateLimitError"`. */
  override name = "RateLimitError";
  /** The server's hint in ms, when it gave one (see `retryAfterMs()`). */
  readonly retryAfterMs: number | undefined;
  /** As `ApiError`'s; reads `retryAfterMs` from the headers. */
  constructor(init: ConstructorParameters<typeof ApiError>[0]) {
    super(init);
    this.retryAfterMs = retryAfterMs(this.headers);
  }
}

/** The request never got an HTTP answer: DNS, refused, reset, or a body cut mid-way. */
export class ConnectionError extends ParleyError {
  /** Always `"ConnectionError"`. */
  override name = "ConnectionError";
}

/** No answer within the timeout (after any retries). */
export class TimeoutError extends ConnectionError {
  /** Always `"TimeoutError"`. */
  override name = "TimeoutError";
}

/** The caller aborted through its `AbortSignal`. Never retried. */
export class AbortError extends ParleyError {
  /** Always `"AbortError"`. */
  override name = "AbortError";
}

/**
 * The server answered 2xx with a body the SDK cannot read (malformed JSON, or not the shape the
 * spec promises). `operation` and `field` (the path of the bad field, `""` for the whole body) say
 * where, when known.
 */
export class InvalidResponseError extends ParleyError {
  /** Always `"InvalidResponseError"`. */
  override name = "InvalidResponseError";
  /** The path of the bad field (`a.b[2].c`), `""` for the whole body, `content-type` for that header, when known. */
  readonly field: string | undefined;
  /** @param message Names the operation and the field; never quotes a credential. */
  constructor(message: string, options?: { cause?: unknown; operation?: string; field?: string }) {
    super(message, options);
    this.field = options?.field;
  }
}

/** The call is not possible in the current state (no chat yet, not connected, closed). */
export class StateError extends ParleyError {
  /** Always `"StateError"`. */
  override name = "StateError";
}

/** An argument is invalid; thrown before anything is sent. `argument` names it. */
export class ValidationError extends ParleyError {
  /** Always `"ValidationError"`. */
  override name = "ValidationError";
  /** The argument's name with its path, e.g. `options.timeout`, `values.variables.plan`. */
  readonly argument: string;
  /** The message is ``Invalid argument `<argument>`: <problem>``. */
  constructor(argument: string, problem: string) {
    super(`Invalid argument \`${argument}\`: ${problem}`);
    this.argument = argument;
  }
}

/**
 * The error for a file upload (web-chat's POST, conversation's PUT) answered `status`, or
 * undefined for a 2xx: a `ConnectionError` saying the status. Uploads never follow a redirect (a
 * 307 would send the file again, a 301 hand it to another host): a 3xx, or `redirected` (a browser
 * hid it: fetch's opaque redirect has status 0, XMLHttpRequest followed it to another URL), is
 * reported as one.
 */
export function uploadError(status: number, redirected: boolean): ConnectionError | undefined {
  const redirect = status >= 300 && status < 400;
  if (redirected || redirect) return new ConnectionError(`The upload was redirected${redirect ? ` (${status})` : ""}; uploads do not follow redirects.`);
  return status >= 200 && status < 300 ? undefined : new ConnectionError(`The upload failed with ${status}.`);
}

// Outside the class: a class body that names its own class makes esbuild emit `class _ApiError`,
// and the built ESM printed `_ApiError` as the class name.
function apiErrorFor(init: ConstructorParameters<typeof ApiError>[0]): ApiError {
  const s = init.status;
  if (s === 400) return new BadRequestError(init);
  if (s === 401) return new AuthenticationError(init);
  if (s === 403) return new PermissionDeniedError(init);
  if (s === 404) return new NotFoundError(init);
  if (s === 409) return new ConflictError(init);
  if (s === 422) return new UnprocessableEntityError(init);
  if (s === 429) return new RateLimitError(init);
  if (s >= 300 && s < 400 && s !== 304) return new RedirectError(init);
  if (s >= 500) return new InternalServerError(init);
  return new ApiError(init);
}

function redirectMessage(init: ConstructorParameters<typeof ApiError>[0], location: string | undefined): string {
  const what = init.request ? `${init.request.method} ${init.request.url}` : "request";
  const where = init.status === 0 ? "(the browser does not say where)" : location === undefined ? "with no Location" : `to ${location}`;
  return `${what} failed with ${init.status}: the server redirected ${where}; Parley does not follow redirects (one could resend the request, or answer it from another address).`;
}

function isProblem(body: unknown): body is ProblemDetails {
  return typeof body === "object" && body !== null && !Array.isArray(body) && ("title" in body || "type" in body || "detail" in body);
}

/**
 * The server's retry hint in ms: `retry-after-ms`, then `Retry-After` as seconds or an HTTP date.
 * Returns undefined when absent or unreadable.
 */
export function retryAfterMs(headers: Record<string, string>, now: number = Date.now()): number | undefined {
  const ms = headers["retry-after-ms"];
  if (ms !== undefined && ms.trim() !== "") {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return n;
  }
  const ra = headers["retry-after"];
  if (ra === undefined || ra.trim() === "") return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Summarises a request for an error, with credentials removed from headers and URL. */
export function summarizeRequest(request: { method: string; url: string; headers: Headers }): RequestSummary {
  const headers: Record<string, string> = {};
  request.headers.forEach((v, k) => (headers[k] = v));
  return { method: request.method, url: redactUrl(request.url), headers: redactHeaders(headers) };
}
