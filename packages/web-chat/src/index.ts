export {
  AckLostError,
  SocketError,
  VisitorClient,
  createVisitorClient,
  type AccountStatus,
  type ConnectionOptions,
  type VisitorClientEvents,
  type VisitorClientOptions,
  type VisitorData,
} from "./client.js";
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
