// Owns the errors only the realtime (socket) SDKs throw.
import { ConnectionError, ParleyError } from "./errors.js";

/**
 * An inbound frame the SDK cannot use: not the protocol's framing, or a payload whose shape is not
 * the one the spec gives. The frame is dropped and this error is emitted as an `error` event.
 */
export class ProtocolError extends ParleyError {
  /** Always `"ProtocolError"`. */
  override name = "ProtocolError";
}

/**
 * The server refused the connection during the handshake (a namespace refusal, an HTTP 401/403 on
 * the upgrade, a refused identification). Not retried: `connect()` rejects with it.
 */
export class ConnectionRefusedError extends ConnectionError {
  /** Always `"ConnectionRefusedError"`. */
  override name = "ConnectionRefusedError";
}

/**
 * The socket was closed for an authentication problem (LivePerson close codes 4401, 4407, or an
 * HTTP 401/403 on the upgrade). With a credentials provider the SDK asks it again and reconnects;
 * with a fixed credential this ends the connection.
 */
export class AuthenticationClosedError extends ConnectionRefusedError {
  /** Always `"AuthenticationClosedError"`. */
  override name = "AuthenticationClosedError";
  /** The WebSocket close code (4401, 4407), or undefined for a refused upgrade. */
  readonly code: number | undefined;
  /** @param code The WebSocket close code, when the socket closed. */
  constructor(message: string, code?: number) {
    super(message);
    this.code = code;
  }
}
