// What every SDK re-exports to its users: the errors they catch and the logging they plug in.
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
  RedirectError,
  InternalServerError,
  ConnectionError,
  TimeoutError,
  AbortError,
  InvalidResponseError,
  ValidationError,
  StateError,
  type ProblemDetails,
  type RequestSummary,
} from "./errors.js";
export { consoleLogger, silentLogger, type Logger } from "./logger.js";
