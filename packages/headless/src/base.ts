// The small shared base of the headless resource groups: the typed API, the options, one checked call, events and error reports.
import { AbortError, ValidationError, checkShape, checked, onlyKeys, requireObject, toParleyError, withOperation, type DataOf, type FetchResult, type ParleyFetch } from "@parley/core";
import type { ApiClient } from "@parley/core/api-client";
import type { Tokens } from "./auth.js";
import type { ClientEvents } from "./events.js";
import type { paths } from "./generated/schema.js";
import type { ClientOptions } from "./options.js";
import type { Session } from "./session.js";
import { SHAPES } from "./shapes.js";
import type { CallOptions } from "./types.js";

export type Api = ApiClient<paths>;
/** What each request carries: the end-user token and the caller's signal. */
export type Authorized = { headers: { Authorization: string }; signal: AbortSignal | undefined };
/** The client's `emit`, typed by its events. */
export type Emit = <K extends keyof ClientEvents>(event: K, ...args: ClientEvents[K]) => void;

/** What every resource group shares with the client. */
export interface Context {
  readonly options: ClientOptions;
  readonly api: Api;
  readonly fetch: ParleyFetch;
  /** The API's origin: credentials go there and nowhere else. */
  readonly origin: string;
  readonly tokens: Tokens;
  readonly emit: Emit;
  /** Logs a failure and emits it as `error` (for methods whose documented failure value is `[]`, `-1` or `""`). */
  readonly report: (error: unknown) => void;
}

/** A group of the vendor's methods on the shared context and the current chat's session. */
export abstract class Resource {
  protected readonly ctx: Context;
  protected readonly session: Session;

  constructor(ctx: Context, session: Session) {
    this.ctx = ctx;
    this.session = session;
  }

  protected call<R extends FetchResult>(operation: string, op: (auth: Authorized) => Promise<R>, options?: CallOptions): Promise<DataOf<R>> {
    return callWith(this.ctx, operation, op, options);
  }

  protected receive<R extends FetchResult>(operation: string, op: (auth: Authorized) => Promise<R>, options?: CallOptions): Promise<{ data: DataOf<R>; response: Response }> {
    return receiveWith(this.ctx, operation, op, options);
  }
}

/** The `{ signal }` of `options`, checked: anything else is a ValidationError. */
export function signalOf(options: CallOptions | undefined): AbortSignal | undefined {
  return checked("options.signal", () => {
    if (options === undefined) return undefined;
    onlyKeys("options", requireObject("options", options), ["signal"]);
    if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw new ValidationError("options.signal", "must be an AbortSignal");
    return options.signal;
  });
}

/**
 * Sends `op` authenticated (see `Tokens.send`), after checking `options`; the data and the
 * response. Any failure names `operation` (an operationId of the spec), message and property.
 */
export function receiveWith<R extends FetchResult>(ctx: Context, operation: string, op: (auth: Authorized) => Promise<R>, options?: CallOptions): Promise<{ data: DataOf<R>; response: Response }> {
  return sendNamed(ctx, operation, op, options, (received) => received);
}

/** `receiveWith`'s data, checked against the response schema of `operation` (an operationId of the spec). */
export function callWith<R extends FetchResult>(ctx: Context, operation: string, op: (auth: Authorized) => Promise<R>, options?: CallOptions): Promise<DataOf<R>> {
  const shape = SHAPES[operation];
  return sendNamed(ctx, operation, op, options, ({ data }) => (shape ? checkShape(operation, data, shape) : data));
}

// One promise per call on top of the token's (plain chains, not `async`: this is on every call's path).
function sendNamed<R extends FetchResult, T>(
  ctx: Context,
  operation: string,
  op: (auth: Authorized) => Promise<R>,
  options: CallOptions | undefined,
  take: (received: { data: DataOf<R>; response: Response }) => T,
): Promise<T> {
  const named = (error: unknown): never => {
    throw withOperation(toParleyError(error), operation);
  };
  let sent: Promise<{ data: DataOf<R>; response: Response }>;
  try {
    const signal = signalOf(options);
    if (signal?.aborted) throw new AbortError("The operation was aborted before it started.");
    sent = ctx.tokens.send(op, signal);
  } catch (error) {
    return Promise.reject(withOperation(toParleyError(error), operation));
  }
  return sent.then((received) => {
    try {
      return take(received);
    } catch (error) {
      return named(error);
    }
  }, named);
}
