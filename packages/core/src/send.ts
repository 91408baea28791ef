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
 * abort) into the typed errors.
 */
export function send<R extends FetchResult>(call: Promise<R>, signal?: AbortSignal): Promise<DataOf<R>> {
  return receive(call, signal).then(dataOf);
}

const dataOf = <D>(result: { data: D }): D => result.data;

/**
 * Like `send`, with the response too (for its headers and status). Given the caller's `signal`,
 * a failure after it aborted is an AbortError, whatever reason the abort carried.
 */
export async function receive<R extends FetchResult>(call: Promise<R>, signal?: AbortSignal): Promise<{ data: DataOf<R>; response: Response }> {
  let result: R;
  try {
    result = await call;
  } catch (error) {
    if (signal?.aborted && !(error instanceof AbortError)) throw new AbortError("The operation was aborted.", { cause: signal.reason });
    throw toParleyError(error);
  }
  const { data, error, response } = result;
  if (!response.ok) {
    throw ApiError.from({ status: response.status, headers: headersOf(response), body: error });
  }
  return { data: data as DataOf<R>, response };
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
