// Owns the contract between core's RealtimeConnection and a socket SDK: its states, the losses it
// reports, the protocol half an SDK supplies and the options it fills.
import type { ReconnectPolicy } from "./backoff.js";
import type { BrowserEnvironment } from "./browser-hooks.js";
import type { CredentialProvider } from "./credentials.js";
import type { ParleyError } from "./errors.js";
import type { WebSocketConstructor } from "./socket.js";

/**
 * Where a realtime connection is, in the usual vocabulary (SignalR, socket.io):
 * `disconnected` (before `connect()`, after `close()` or a give-up) → `connecting` → `connected`
 * → `reconnecting` (waiting out the backoff or retrying) → `connected` again.
 */
export type ConnectionState = "disconnected" | "connecting" | "connected" | "reconnecting";

/** The payload of the SDKs' `statechange` event. `error` says why, when a failure caused it. */
export interface StateChange {
  /** The state entered. */
  state: ConnectionState;
  /** The state left. */
  previous: ConnectionState;
  /** The failure that caused the change, if one did. */
  error?: ParleyError;
}

/** What the connection tells its SDK about a lost socket. */
export interface LinkLoss {
  /** Why: `ConnectionError`, `TimeoutError` (keepalive, deadline), `AuthenticationClosedError`... */
  error: ParleyError;
  /** The WebSocket close code, when the socket closed (not for a deadline or a failed open). */
  code: number | undefined;
  /** The close reason or a short cause (`ping timeout`, `transport close`), credentials redacted. */
  reason: string;
  /** Whether a reconnection is scheduled; then `attempt` (from 1) and `delayMs` say when. */
  willRetry: boolean;
  /** The reconnection attempt scheduled, from 1 (0 when none is). */
  attempt: number;
  /** The wait before it, in ms (0 when none is scheduled). */
  delayMs: number;
}

/** The protocol half of a realtime SDK: its codec, its handshake and its waiting requests. */
export interface Protocol {
  /** The URL to open with the current credential. */
  url(credential: string | undefined): string;
  /** The socket is open: send the handshake, or call `ready()` when there is none. */
  opened(): void;
  /** One inbound text frame; a throw is reported as a `ProtocolError` and the frame dropped. */
  frame(text: string): void;
  /** Sends one keepalive probe (an engine.io ping, an application request). */
  ping(): void;
  /** The socket is gone (or the connection closed): fail whatever waits on an answer. */
  lost(loss: LinkLoss): void;
  /** The connection's state changed (for the SDK's `statechange` event). */
  changed(change: StateChange): void;
  /** Something went wrong without ending the connection (a bad frame, a policy that threw). */
  report(error: ParleyError): void;
  /** The policy gave up (or the server refused): the one terminal event. */
  gaveUp(error: ParleyError): void;
}

/** How a `RealtimeConnection` connects and stays connected; the SDKs fill it from their own options. */
export interface RealtimeOptions {
  /** The WebSocket class (the global one, `ws` on Node 20). */
  WebSocket: WebSocketConstructor;
  /** When to reconnect after a loss; `false` never does. */
  reconnect: ReconnectPolicy | false;
  /**
   * Deadline for one attempt, from the socket's creation to `ready()`, ms; also the deadline of the
   * first `connect()`, retries inside it included: it then rejects and nothing retries.
   */
  connectTimeoutMs: number;
  /** A probe every `intervalMs`; no answer within `timeoutMs` drops the socket (ms, clamped to the Keepalive bounds). */
  keepalive: { intervalMs: number; timeoutMs: number };
  /** The credential, or a provider asked again after an authentication close. */
  credential?: CredentialProvider;
  /** Close codes that mean "authentication failed" (LivePerson: 4401, 4407). */
  authCloseCodes?: readonly number[];
  /** Browser globals for `online` / `visibilitychange`; default `globalThis` where it is a window. */
  environment?: BrowserEnvironment;
}
