// The public surface of @parley/web-chat: the visitor client, its types and errors, and the realtime errors of @parley/core.
export { VisitorClient, createVisitorClient } from "./client.js";
export { AckLostError, SocketError } from "./errors.js";
export type { AccountStatus, ConnectionOptions, VisitorClientEvents, VisitorClientOptions, VisitorData } from "./types.js";
export { ProtocolError } from "./codec.js";
export type * from "./generated/events.js";
// The errors this client can throw (the HTTP ones of @parley/core do not apply to a socket).
export {
  AbortError,
  ConnectionError,
  ConnectionRefusedError,
  ParleyError,
  StateError,
  TimeoutError,
  ValidationError,
  consoleLogger,
  type ConnectionState,
  type Logger,
  type ReconnectPolicy,
  type RetryContext,
  type StateChange,
  type WebSocketConstructor,
  type WebSocketLike,
} from "@parley/core";
