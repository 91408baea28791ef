// The web-chat client's public option and event types (the wire payloads themselves are generated from openapi/web-chat.asyncapi.yaml).
import type { FetchLike, Logger, ParleyError, ReconnectPolicy, StateChange, WebSocketConstructor } from "@parley/core";
import type { ConnectedData, ServerEvents, VisitorConnectRequest } from "./generated/events.js";

/**
 * The visitor's identity and page, sent with every `visitor.connect` (seed 004, `createVisitorClient({ data })`):
 * `key` is the account key (at most 200 characters); `id` the visitor id of an earlier session;
 * `name`, `email`, `phone`, `lang`, `group`, `pageUrl`, `pageTitle`, `referer`, `domain` strings of
 * at most 2 000 characters, or null as the vendor's client sends them outside a browser.
 */
export type VisitorData = Omit<VisitorConnectRequest, "bundleVersion">;

/** How the client connects and how long it waits; every duration in ms, 1 to 2^31 - 1. */
export interface ConnectionOptions {
  /** The server's origin (`http(s)` or `ws(s)`). Default `https://websocket-visitors.smartsupp.com`. */
  url?: string;
  /** The socket.io path. Default `/socket`. */
  path?: string;
  /** When to reconnect after a drop: default 1 s doubling to 5 s, ±50 %, unlimited; `false` never. */
  reconnect?: ReconnectPolicy | false;
  /**
   * Deadline of one connection attempt, ms: socket open, engine.io `0`, socket.io `40` and the
   * `visitor.connect` ack. Default 20 000 (socket.io-client's `timeout`). 1..2^31-1. It also bounds
   * the first `connect()`: retries inside it included, `connect()` rejects once it has passed since
   * the call, and nothing keeps retrying; after a first connection, a loss reconnects by `reconnect`.
   * The vendor's client (smartsupp-websocket 1.2.2, socket.io-client 2 inside) has the same 20 s
   * per attempt but retries forever, and its `connect()` promise settles only once a socket connects.
   */
  connectTimeout?: number;
  /** How long an event waits for its ack, ms. Default 20 000. 1..2^31-1. */
  ackTimeout?: number;
  /** How long a call made while (re)connecting waits for the connection, ms. Default 30 000. 1..2^31-1. */
  queueTimeout?: number;
}

/** Options of `createVisitorClient(options)`; each is checked, a bad one is a `ValidationError` naming it. */
export interface VisitorClientOptions {
  /** The visitor's identity and page. */
  data: VisitorData;
  /** Where and how to connect. */
  connection?: ConnectionOptions;
  /** Default the global `WebSocket` (browsers, Node 22+); pass `ws` in Node 20. The same option as `@parley/conversation`'s. */
  WebSocket?: WebSocketConstructor;
  /** For uploads. Default the global `fetch`. */
  fetch?: FetchLike;
  /** How long the HTTP upload of `chatUploadFile` may take, ms (1 to 2^31 - 1). Default 120 000. */
  uploadTimeout?: number;
  /** Where failures are logged; default silent. */
  logger?: Logger;
}

/** The account's status as `initialized` and `account.updated` report it (`online` or `offline`). */
export type AccountStatus = ConnectedData["account"]["status"];

/** Every event a VisitorClient emits, with its listener's arguments: each server event of the spec under its wire name, and these. */
export type VisitorClientEvents = { [K in keyof ServerEvents]: [payload: ServerEvents[K]] } & {
  /** The visitor is connected and identified; fired again, with the latest data, after every reconnect. */
  initialized: [data: ConnectedData];
  /** The socket is connected (before `initialized`). */
  connect: [];
  /** The socket dropped (`transport close`, `ping timeout`, ...) or was closed (`io client disconnect`). */
  disconnect: [reason: string];
  /** A reconnection attempt is scheduled: its number (from 1), the wait before it (ms), and why the last attempt or the link failed. */
  reconnecting: [info: { attempt: number; delayMs: number; error: ParleyError }];
  /** `state` changed (`disconnected` → `connecting` → `connected` → `reconnecting` ...). */
  statechange: [change: StateChange];
  /** The end: the reconnect policy gave up or the server refused the visitor. Emitted once; whatever waited rejects with the same error. */
  reconnect_failed: [error: ParleyError];
  /** The account went online or offline (from `account.updated`, or a reconnect's new data). */
  "account.status_updated": [status: AccountStatus];
  /** `server.error` from the server, frames the client cannot use (`ProtocolError`), each failed connection attempt (`ConnectionError`, `TimeoutError`: why), and failures with no caller to reject. */
  error: [error: ParleyError];
};
