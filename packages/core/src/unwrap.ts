import { AbortError, ApiError, ConnectionError, InvalidResponseError, ParleyError } from "./errors.js";
import { headersOf } from "./fetch.js";
import { redactUrl } from "./redact.js";

/** The shape openapi-fetch resolves to. */
export interface FetchResult<D = unknown> {
  data?: D;
  error?: unknown;
  response: Response;
}

/** The success data of an openapi-fetch result (its `{ data, error?: never }` branch). */
export type DataOf<R> = R extends { data: infer D } ? D : never;

/**
 * Awaits an openapi-fetch call made through `createFetch` and returns its data, turning whatever
 * can still go wrong after the headers (a malformed body, a connection cut while reading it, an
 * abort) into the typed errors. Given the caller's `signal`, a failure after it aborted is an
 * AbortError, whatever reason the abort carried. (Plain `.then`: this is on every call's path.)
 */
export function send<R extends FetchResult>(call: Promise<R>, signal?: AbortSignal): Promise<DataOf<R>> {
  return call.then((result) => checked(result).data as DataOf<R>, (error: unknown) => Promise.reject(failure(error, signal)));
}

/** Like `send`, with the response too (for its headers and status). */
export function receive<R extends FetchResult>(call: Promise<R>, signal?: AbortSignal): Promise<{ data: DataOf<R>; response: Response }> {
  return call.then(
    (result) => ({ data: checked(result).data as DataOf<R>, response: result.response }),
    (error: unknown) => Promise.reject(failure(error, signal)),
  );
}

function checked<R extends FetchResult>(result: R): R {
  if (!result.response.ok) throw ApiError.from({ status: result.response.status, headers: headersOf(result.response), body: result.error });
  return result;
}

function failure(error: unknown, signal: AbortSignal | undefined): ParleyError {
  if (signal?.aborted && !(error instanceof AbortError)) return new AbortError("The operation was aborted.", { cause: signal.reason });
  return toParleyError(error);
}

export function toParleyError(error: unknown): ParleyError {
  if (error instanceof ParleyError) return error;
  // The parser's message quotes the body, which may echo a credential: keep it out.
  if (error instanceof SyntaxError) return new InvalidResponseError("The server sent a body that is not valid JSON.");
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) {
    return new AbortError("The operation was aborted.");
  }
  const message = error instanceof Error ? redactUrl(error.message) : String(error);
  return new ConnectionError(`The connection failed while reading the response: ${message}`);
}
