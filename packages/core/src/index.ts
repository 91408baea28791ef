export {
  ParleyError,
  ApiError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  ConnectionError,
  TimeoutError,
  AbortError,
  InvalidResponseError,
  ValidationError,
  StateError,
  retryAfterMs,
  type ProblemDetails,
  type RequestSummary,
} from "./errors.js";
export { createFetch, FetchRequest, headersOf, type FetchLike, type FetchOptions, type ParleyFetch } from "./fetch.js";
export { send, toParleyError, type DataOf, type FetchResult } from "./send.js";
export { backoffDelay, exponentialReconnectPolicy, type BackoffOptions, type ReconnectPolicy } from "./backoff.js";
export { Emitter, type EventMap, type Listener } from "./emitter.js";
export { abortable, sleep } from "./sleep.js";
export { consoleLogger, silentLogger, type Logger } from "./logger.js";
export { redactHeaders, redactSecrets, redactUrl, REDACTED } from "./redact.js";
export * as validate from "./validate.js";
