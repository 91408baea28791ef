// Owns turning an openapi-fetch result ({ data, error, response }) into its data or a typed error.
import { AbortError, ApiError, ConnectionError, InvalidResponseError, ParleyError } from "./errors.js";
import { headersOf } from "./fetch.js";
import { redactUrl } from "./redact.js";

/** The shape openapi-fetch resolves to: `data` on a 2xx, `error` (the parsed body) otherwise. */
export interface FetchResult<D = unknown> {
  /** The parsed 2xx body. */
  data?: D;
  /** The parsed non-2xx body. */
  error?: unknown;
  /** The response itself. */
  response: Response;
}

/** The success data of an openapi-fetch result (its `{ data, error?: never }` branch). */
export type DataOf<R> = R extends { data: infer D } ? D : never;

/**
 * Unwraps an openapi-fetch call made through `createFetch`: resolves to its `data`, or rejects with
 * a typed error: `ApiError` (a subclass per status) for a non-2xx result, `InvalidResponseError`
 * for a body that is not valid JSON, `ConnectionError` for a connection cut while the body was
 * read, `AbortError` when `signal` aborted (whatever reason the abort carried). The data itself is
 * not checked here: the SDKs check it against the operation's response shape (`checkShape`), and
 * name the operation on any error (`withOperation`).
 * (Plain `.then`, no `async`: this is on every call's path.)
 *
 * @param call The promise openapi-fetch's `GET`, `POST`, ... returned.
 * @param signal The caller's signal, if any, passed to the call as well.
 */
export function unwrap<R extends FetchResult>(call: Promise<R>, signal?: AbortSignal): Promise<DataOf<R>> {
  return call.then((result) => checked(result).data as DataOf<R>, (error: unknown) => Promise.reject(failure(error, signal)));
}

/**
 * Like `unwrap`, with the `Response` too, for its headers and status (e.g. a download's
 * `Content-Disposition`). Resolves to `{ data, response }`; rejects as `unwrap` does.
 */
export function unwrapWithResponse<R extends FetchResult>(call: Promise<R>, signal?: AbortSignal): Promise<{ data: DataOf<R>; response: Response }> {
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

/**
 * Any thrown value as a `ParleyError`: a `ParleyError` as is; a `SyntaxError` (a body that is not
 * JSON) as `InvalidResponseError`, without the parser's message (it quotes the body, which may echo
 * a credential); an `AbortError` / `TimeoutError` DOMException as `AbortError`; anything else as
 * `ConnectionError`, URLs in its message redacted.
 */
export function toParleyError(error: unknown): ParleyError {
  if (error instanceof ParleyError) return error;
  if (error instanceof SyntaxError) return new InvalidResponseError("The server sent a body that is not valid JSON.", { field: "" });
  if (error instanceof Error && (error.name === "AbortError" || error.name === "TimeoutError")) {
    return new AbortError("The operation was aborted.");
  }
  const message = error instanceof Error ? redactUrl(error.message) : String(error);
  return new ConnectionError(`The connection failed while reading the response: ${message}`);
}
