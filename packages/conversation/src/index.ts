// The public surface of @parley/conversation: the connection, the conversation, their types, and the realtime errors of @parley/core.
export {
  AuthenticationClosedError,
  Connection,
  ResponseError,
  type ConnectionEvents,
  type ConnectionOptions,
} from "./connection.js";
export { Conversation, type ConversationEvents, type Participant, type StateNotification } from "./conversation.js";
export type * from "./generated/events.js";
// The errors this package can throw (the HTTP ones of @parley/core do not apply to a socket).
export {
  ConnectionError,
  ConnectionRefusedError,
  ParleyError,
  ProtocolError,
  StateError,
  TimeoutError,
  ValidationError,
  consoleLogger,
  type ConnectionState,
  type CredentialProvider,
  type Logger,
  type ReconnectPolicy,
  type RetryContext,
  type StateChange,
  type WebSocketConstructor,
  type WebSocketLike,
} from "@parley/core";
