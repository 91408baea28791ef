// The web-chat errors beyond core's: a request the server refused, and an ack lost with the connection.
import { ConnectionError, ParleyError } from "@parley/core";
import { isObject } from "./guards.js";

/** The server refused a request: its `{ message, code, type, event }` (the message cut at 500 characters). */
export class SocketError extends ParleyError {
  /** Always `"SocketError"`. */
  override name = "SocketError";
  /** The server's error code, when it gave one. */
  readonly code: string | number | undefined;
  /** The server's error type, when it gave one. */
  readonly type: string | undefined;
  /** The event the server refused, when it said. */
  readonly event: string | undefined;
  /** Made from the server's error body; fields of the wrong type are left out. */
  constructor(body: { message?: unknown; code?: unknown; type?: unknown; event?: unknown }) {
    super(typeof body.message === "string" && body.message ? body.message.slice(0, 500) : "The server refused the request.");
    this.code = typeof body.code === "string" || typeof body.code === "number" ? body.code : undefined;
    this.type = typeof body.type === "string" ? body.type : undefined;
    this.event = typeof body.event === "string" ? body.event : undefined;
  }
}

/**
 * The connection dropped after the event was sent and before its ack came: the server may or may
 * not have handled it. The protocol has no idempotency key, so the SDK does not resend on its own;
 * the caller can check the data `initialized` brings after the reconnect.
 */
export class AckLostError extends ConnectionError {
  /** Always `"AckLostError"`. */
  override name = "AckLostError";
}

/** A server's error value as SocketError's body: `String()` is kept for primitives, as it throws on some objects. */
export function errorBody(value: unknown): { message?: unknown } {
  if (isObject(value)) return value;
  return { message: typeof value === "object" || typeof value === "function" ? undefined : String(value) };
}
