// @parley/core's main entry: the runtime the Parley SDKs share. `./public` is what they re-export to their users.
export * from "./public.js";
export { retryAfterMs, uploadError, withOperation } from "./errors.js";
export { createPathSerializer } from "./path.js";
export { createFetch, FetchRequest, headersOf, type FetchLike, type FetchOptions, type ParleyFetch } from "./fetch.js";
export { toParleyError, unwrap, unwrapWithResponse, type DataOf, type FetchResult } from "./unwrap.js";
export { TextStream, type TextStreamOptions } from "./stream.js";
export { endBody } from "./body-guard.js";
export { PagePromise, type Page } from "./pagination.js";
export { checkShape, type Shape } from "./shape.js";
export { backoffDelay, clampMs, exponentialReconnectPolicy, MAX_TIMER_MS, type BackoffOptions, type ReconnectPolicy, type RetryContext } from "./backoff.js";
export { RealtimeConnection, type BrowserEnvironment, type ConnectionState, type LinkLoss, type Protocol, type RealtimeOptions, type StateChange } from "./connection.js";
export { redactDeep, secretForms, type CredentialProvider } from "./credentials.js";
export { Keepalive, KEEPALIVE_MAX_MS, KEEPALIVE_MIN_MS } from "./keepalive.js";
export { PendingReplies } from "./pending.js";
export { AuthenticationClosedError, ConnectionRefusedError, ProtocolError } from "./realtime-errors.js";
export { Emitter, type EventMap, type Listener } from "./emitter.js";
export type { SocketHandler, WebSocketConstructor, WebSocketLike } from "./socket.js";
export { abortable, sleep, withTimeout } from "./sleep.js";
export { redactHeaders, redactLocation, redactSecrets, redactUrl, REDACTED } from "./redact.js";
// Argument checks, by name: a bundle keeps only those it uses (a namespace object would keep them all).
export {
  describeValue,
  requireString,
  optionalString,
  requireNumber,
  optionalNumber,
  requireId,
  requireEmail,
  requireBoolean,
  requireArray,
  requireObject,
  optionalObject,
  requireOneOf,
  requireDateString,
  requireFunction,
  requireBaseUrl,
  onlyKeys,
  checkOptionKeys,
  checkArgumentKeys,
  type OptionKeys,
  type KeysOf,
  requirePlainData,
  checked,
  type DataRules,
} from "./validate.js";
