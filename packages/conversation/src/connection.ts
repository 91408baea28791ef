// The agent's messaging connection: requests and responses by id, notifications routed to conversations, keepalive,
// reconnection with resubscription, uploads; on core's RealtimeConnection, in node-agent-sdk's wire dialect (dialect.ts).
import {
  AuthenticationClosedError,
  ConnectionError,
  Emitter,
  MAX_TIMER_MS,
  ParleyError,
  PendingReplies,
  ProtocolError,
  RealtimeConnection,
  StateError,
  TimeoutError,
  ValidationError,
  checkOptionKeys,
  checked,
  exponentialReconnectPolicy,
  optionalNumber,
  optionalString,
  redactDeep,
  requireBaseUrl,
  requireFunction,
  requireObject,
  requireString,
  silentLogger,
  uploadError,
  type ConnectionState,
  type CredentialProvider,
  withTimeout,
  type FetchLike,
  type LinkLoss,
  type Logger,
  type ReconnectPolicy,
  type StateChange,
  type WebSocketConstructor,
} from "@parley/core";
import { Conversation, type ConversationHost } from "./conversation.js";
import { API_VERSION, REQUEST, readNotification, readSubscribeResult, type StateChange as ConversationChange } from "./dialect.js";
import type { ConversationState, MessagingEventNotificationBody } from "./generated/events.js";
import { badStateField, isObject } from "./guards.js";

export { AuthenticationClosedError };
import { checkContent, checkSubscribeQuery } from "./validate.js";

/** Options of `new Connection(options)` (node-agent-sdk's `Agent` options, seed 003); each is checked, a bad one is a `ValidationError` naming it. */
export interface ConnectionOptions {
  /** The account (site) id: letters, digits, `_` and `-`, at most 100 characters. */
  accountId: string;
  /**
   * The bearer token, or a function that returns one (called before the first connection and
   * again after the server closes for an authentication problem, 4401/4407). It travels in the
   * URL path, and never appears in an error, an event or a log.
   */
  token: CredentialProvider;
  /** The account's asyncMessagingEnt domain (from CSDS), e.g. `va.msg.liveperson.net`. */
  host?: string;
  /** A full origin instead of `host`, e.g. `ws://127.0.0.1:4040` for the mock. */
  url?: string;
  /** The agent's user id and name: defaults for setAgentNote. */
  userId?: string;
  /** The agent's display name, the default author of `setAgentNote`. */
  agentName?: string;
  /** Default the global `WebSocket` (browsers, Node 22+); pass `ws` in Node 20. */
  WebSocket?: WebSocketConstructor;
  /** For file uploads (the HTTP PUT). Default the global `fetch`. */
  fetch?: FetchLike;
  /** Where `relativePath`s of uploads live (the account's file storage domain), e.g. `https://va.objectstorage.liveperson.net`. */
  uploadBaseUrl?: string;
  /** How long a request waits for its response, ms. Default 10 000. 1..2^31-1. */
  requestTimeout?: number;
  /**
   * Deadline of one connection attempt (token, socket open), ms. Default 20 000. 1..2^31-1. It also
   * bounds the first `connect()`: retries inside it included, `connect()` rejects once it has passed
   * since the call, and nothing keeps retrying; after a first connection, a loss reconnects by
   * `reconnect`. LivePerson's node-agent-sdk 1.2.0 sets no deadline on its socket (`ws` without
   * `handshakeTimeout`), and on a failure emits `error` and `closed`, leaving the retry to the app.
   */
  connectTimeout?: number;
  /**
   * Keepalive: every `keepaliveInterval` ms an application request (`GetClock`) goes out; when
   * nothing arrives within `requestTimeout` the socket is dropped and the reconnection starts.
   * Default 60 000 (the agent SDK's ping cadence); works in browsers, unlike `ws.ping()`. 1..2^31-1.
   */
  keepaliveInterval?: number;
  /** Default: 1 s doubling to 30 s with jitter, unlimited; `false` never reconnects. */
  reconnect?: ReconnectPolicy | false;
  /** Where failures are logged (credentials redacted); default silent. */
  logger?: Logger;
}

/** Every event a Connection emits, with its listener's arguments. */
export interface ConnectionEvents {
  /** The socket is open and subscriptions are (re)sent. */
  open: [];
  /** The socket closed; `willReconnect` says whether the connection tries again. */
  close: [info: { code: number | undefined; reason: string; willReconnect: boolean }];
  /** A reconnection attempt is scheduled: its number (from 1), the wait before it (ms), and why the last attempt or the link failed. */
  reconnecting: [info: { attempt: number; delayMs: number; error: ParleyError }];
  /** `state` changed (`disconnected` → `connecting` → `connected` → `reconnecting` ...). */
  statechange: [change: StateChange];
  /** The end: the reconnect policy gave up or authentication failed for good. Emitted once, after `error`. */
  reconnect_failed: [error: ParleyError];
  /** A conversation seen for the first time (its first state already applied). */
  conversation: [conversation: Conversation];
  /** Messaging events of a dialog (each `.ams.ms.OnlineEventDistribution`, as `{dialogId, changes: [event]}`). */
  message: [notification: MessagingEventNotificationBody];
  /** A notification of a type this SDK does not know: never dropped silently. `count` is per type. */
  unknownNotification: [info: { type: string; count: number; body: unknown }];
  /** Failures with no caller to reject, each failed connection attempt that is retried (`ConnectionError`, `TimeoutError`: why), and frames the connection cannot use (`ProtocolError` or `InvalidResponseError`, dropped). */
  error: [error: ParleyError];
}

/** The server answered a request with a code above 399. Credentials echoed by the server are redacted from `message` and `body`. */
export class ResponseError extends ParleyError {
  /** Always `"ResponseError"`. */
  override name = "ResponseError";
  /** The response's code (400 and up, as the platform sends it). */
  readonly code: number;
  /** The request type that failed, e.g. `.ams.cm.UpdateConversationField`. */
  readonly type: string;
  /** The response body, credentials redacted. */
  readonly body: unknown;
  /** Made from a `resp` frame whose `code` is above 399. */
  constructor(code: number, type: string, body: unknown) {
    const msg = typeof (body as { msg?: unknown } | null)?.msg === "string" ? `: ${(body as { msg: string }).msg.slice(0, 500)}` : "";
    super(`${type} failed with ${code}${msg}`);
    this.code = code;
    this.type = type;
    this.body = body;
  }
}

const AUTH_CLOSE_CODES = [4401, 4407];
/** node-agent-sdk's `getClock`: a request every server answers, used as the keepalive probe. */
const KEEPALIVE_REQUEST = ".GetClock";

/** Every key `new Connection` takes: any other is refused (a misspelt option would be silently ignored). */
const OPTION_KEYS = Object.fromEntries(
  ["accountId", "token", "host", "url", "userId", "agentName", "WebSocket", "fetch", "uploadBaseUrl", "requestTimeout", "connectTimeout", "keepaliveInterval", "reconnect", "logger"].map((k) => [k, true as const]),
);

const timeout = (name: string, value: unknown, fallback: number) => optionalNumber(name, value, { min: 1, max: MAX_TIMER_MS }) ?? fallback;

/**
 * The agent's WebSocket to the messaging platform: requests and responses correlated by id, state
 * notifications routed to Conversation objects, an application-level keepalive, reconnection with
 * resubscription, all on the one `RealtimeConnection` of `@parley/core`. It speaks the brand
 * endpoint's `?v=2.1` dialect as LivePerson's node-agent-sdk 1.2.0 does (type names and body shapes
 * in dialect.ts). Inbound frames are checked before use: a bad one is an `error` event and is
 * dropped; a notification of a type it does not know is counted in `unknownNotifications` and
 * emitted as `unknownNotification`, never dropped silently.
 */
export class Connection extends Emitter<ConnectionEvents> {
  /** The account id the connection serves. */
  readonly accountId: string;
  /** The agent's user id (`options.userId`), if given. */
  readonly userId: string | undefined;
  /** The agent's name (`options.agentName`), if given. */
  readonly agentName: string | undefined;
  /** The endpoint this connection speaks: the brand (agent) side. */
  readonly kind = "brand" as const;
  readonly #origin: string;
  readonly #fetch: FetchLike;
  readonly #uploadBaseUrl: string | undefined;
  readonly #timeout: number;
  readonly #logger: Logger;
  readonly #link: RealtimeConnection;
  readonly #pending = new PendingReplies<string>();
  readonly #conversations = new Map<string, Conversation>();
  readonly #subscriptions: { convState: ConversationState[]; agentIds?: string[] }[] = [];
  readonly #unknown = new Map<string, number>();
  #nextId = 1;

  /** Checks `options` (a `ValidationError` names a bad one); nothing is opened until `connect()`. */
  constructor(options: ConnectionOptions) {
    requireObject("options", options);
    // One read of every option into a plain object: a Proxy or getter that throws is a ValidationError.
    options = checked("options", () => ({ ...options }));
    const logger = options.logger ?? silentLogger;
    super({ onListenerError: (error) => logger.error("a listener threw", { error: String(error) }) });
    checkOptionKeys("options", options, OPTION_KEYS);
    this.accountId = requireString("options.accountId", options.accountId, { max: 100, pattern: /^[\w-]+$/, patternName: "an account id" });
    const token = typeof options.token === "function" ? options.token : requireString("options.token", options.token, { pattern: /^[^\s/?#]+$/, patternName: "a token without spaces, / ? or #" });
    const origin =
      options.url !== undefined
        ? requireBaseUrl("options.url", requireString("options.url", options.url).replace(/^ws/, "http")).replace(/^http/, "ws")
        : `wss://${requireString("options.host", options.host, { pattern: /^[\w.-]+(:\d+)?$/, patternName: "a host name" })}`;
    this.#origin = `${origin}/ws_api/account/${this.accountId}/messaging/brand/`;
    this.userId = optionalString("options.userId", options.userId);
    this.agentName = optionalString("options.agentName", options.agentName);
    const ws = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (typeof ws !== "function") throw new ValidationError("options.WebSocket", "is required where there is no global WebSocket (Node 20: pass `ws`)");
    if (options.fetch !== undefined) requireFunction("options.fetch", options.fetch);
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#uploadBaseUrl = options.uploadBaseUrl === undefined ? undefined : requireBaseUrl("options.uploadBaseUrl", options.uploadBaseUrl);
    this.#timeout = timeout("options.requestTimeout", options.requestTimeout, 10_000);
    const reconnect = options.reconnect;
    if (reconnect !== undefined && reconnect !== false) requireFunction("options.reconnect.nextRetryDelayMs", checked("options.reconnect", () => reconnect?.nextRetryDelayMs));
    this.#logger = logger;
    this.#link = new RealtimeConnection(
      {
        WebSocket: ws,
        reconnect: options.reconnect ?? exponentialReconnectPolicy({ initialDelayMs: 1000, maxDelayMs: 30_000, jitter: 0.5 }),
        connectTimeoutMs: timeout("options.connectTimeout", options.connectTimeout, 20_000),
        keepalive: { intervalMs: timeout("options.keepaliveInterval", options.keepaliveInterval, 60_000), timeoutMs: this.#timeout },
        credential: token,
        authCloseCodes: AUTH_CLOSE_CODES,
      },
      {
        url: (credential) => `${this.#origin}${encodeURIComponent(credential ?? "")}?v=${API_VERSION}`,
        // No handshake: the token in the URL is the login.
        opened: () => this.#link.ready(),
        frame: (text) => this.#onFrame(text),
        ping: () => this.#link.send(JSON.stringify({ kind: "req", id: String(this.#nextId++), type: KEEPALIVE_REQUEST, body: {} })),
        lost: (loss) => this.#lost(loss),
        changed: (change) => this.#changed(change),
        report: (error) => this.#report(error),
        gaveUp: (error) => {
          this.#report(error);
          this.emit("reconnect_failed", error);
        },
      },
    );
    Object.assign(this.#host, { accountId: this.accountId, userId: this.userId, agentName: this.agentName });
  }

  /** `disconnected`, `connecting`, `connected` or `reconnecting`. */
  get state(): ConnectionState {
    return this.#link.state;
  }

  /**
   * Opens the socket; resolves once it is open. Concurrent calls (and calls during a backoff)
   * share one attempt. Bounded: when `connectTimeout` (default 20 000 ms) has passed since the
   * first call without a connection, retries included, it rejects with the last attempt's error
   * type (`TimeoutError`, `ConnectionError`; attempts counted in the message, the last failure as
   * `cause`) and nothing retries. Also rejects with `AuthenticationClosedError` when the token is
   * refused for good, with the give-up error when the reconnect policy stops, with `StateError` on
   * `close()`.
   */
  connect(): Promise<void> {
    return this.#link.connect();
  }

  /** Closes for good: pending requests reject, nothing reconnects, no socket and no timer stays. */
  close(): void {
    this.#link.close(1000, "closed by the client");
  }

  /** Sends a request envelope and resolves the response body (code ≤ 399), else a ResponseError. */
  request(type: string, body: object): Promise<unknown> {
    body = checkContent("body", body);
    requireString("type", type, { max: 100 });
    requireObject("body", body);
    if (this.#link.state !== "connected") return Promise.reject(new StateError("Not connected: call connect() first (or wait for the reconnection)."));
    const id = String(this.#nextId++);
    const answer = this.#pending.add(id, type, this.#timeout);
    try {
      this.#link.send(JSON.stringify({ kind: "req", id, type, body }));
    } catch (error) {
      this.#pending.take(id)?.reject(error instanceof ParleyError ? error : new ConnectionError(`Could not send ${type}.`));
    }
    return answer;
  }

  /** Subscribes to conversation state notifications (resubscribed after every reconnection). */
  async subscribe(query: { convState: ConversationState[]; agentIds?: string[] }): Promise<{ subscriptionId: string }> {
    query = checkSubscribeQuery(query);
    requireObject("query", query);
    if (!Array.isArray(query.convState) || query.convState.length === 0) throw new ValidationError("query.convState", "must be a non-empty array of states");
    const result = readSubscribeResult(await this.request(REQUEST.subscribe, query));
    this.#subscriptions.push({ ...query });
    return result;
  }

  /** A conversation known to this connection. */
  getConversation(id: string): Conversation | undefined {
    return this.#conversations.get(id);
  }

  /** Every conversation known to this connection, in the order first seen. */
  getConversations(): Conversation[] {
    return [...this.#conversations.values()];
  }

  /** Notifications received of a type this SDK does not know, counted by type (see `unknownNotification`). */
  get unknownNotifications(): Record<string, number> {
    return Object.fromEntries(this.#unknown);
  }

  /** Restores a conversation saved with `JSON.stringify(conversation)`; such a one can be unloaded. */
  loadConversation(saved: string | ReturnType<Conversation["toJSON"]>): Conversation {
    let data: ReturnType<Conversation["toJSON"]>;
    try {
      data = typeof saved === "string" ? JSON.parse(saved) : saved;
    } catch {
      throw new ValidationError("saved", "is not a serialized conversation (invalid JSON)");
    }
    requireObject("saved", data);
    requireString("saved.id", data.id);
    if (!Array.isArray(data.counts) || data.counts.length !== 3) throw new ValidationError("saved.counts", "is missing");
    const conversation = new Conversation(this.#host, data.id, { loaded: true });
    conversation._restore(data);
    this.#conversations.set(data.id, conversation);
    return conversation;
  }

  readonly #host: ConversationHost = {
    accountId: "",
    userId: undefined,
    agentName: undefined,
    kind: "brand",
    request: (type, body) => this.request(type, body),
    upload: (relativePath, queryParams, data, fileType) => this.#upload(relativePath, queryParams, data, fileType),
    unload: (conversation) => this.#conversations.delete(conversation.id),
    listenerError: (error) => this.#logger.error("a listener threw", { error: String(error) }),
  };

  // ---- internals ---------------------------------------------------------------------------

  #changed(change: StateChange): void {
    this.emit("statechange", change);
    if (change.state !== "connected") return;
    this.emit("open");
    for (const query of this.#subscriptions) {
      this.request(REQUEST.subscribe, query).catch((error: unknown) => this.#report(error));
    }
  }

  #lost(loss: LinkLoss): void {
    const why = loss.reason || loss.code;
    this.#pending.rejectAll(() =>
      loss.error instanceof StateError ? new StateError("The connection was closed.") : new ConnectionError(`The connection closed before the server answered (${why}).`),
    );
    const failedAttempt = this.#link.state !== "connected" && loss.willRetry;
    this.emit("close", { code: loss.code, reason: loss.reason, willReconnect: loss.willRetry });
    // A failed attempt says why; a final failure is reported once, by gaveUp.
    if (failedAttempt) this.#report(loss.error);
    if (loss.willRetry) this.emit("reconnecting", { attempt: loss.attempt, delayMs: loss.delayMs, error: loss.error });
  }

  #onFrame(text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      throw new ProtocolError("The server sent a frame that is not JSON.");
    }
    if (!isObject(frame)) throw new ProtocolError("The server sent a frame that is not an object.");
    if (frame["kind"] === "resp") return this.#onResponse(frame);
    if (frame["kind"] !== "notification") throw new ProtocolError(`A frame of an unknown kind: ${JSON.stringify(String(frame["kind"]).slice(0, 40))}.`);
    const type = typeof frame["type"] === "string" ? frame["type"] : String(frame["type"]);
    const notification = readNotification(type, frame["body"]);
    if (notification.kind === "changes") {
      notification.changes.forEach((change, i) => this.#onChange(change, `${type}: \`body.changes[${i}]`));
      for (const error of notification.errors) this.#report(error);
    } else if (notification.kind === "message") {
      this.emit("message", notification.body);
    } else {
      const count = (this.#unknown.get(type) ?? 0) + 1;
      this.#unknown.set(type, count);
      this.#logger.warn(`Unknown notification type ${JSON.stringify(type.slice(0, 100))} (${count} so far).`, { type: type.slice(0, 100), count });
      this.emit("unknownNotification", { type, count, body: frame["body"] });
    }
    // Other notification types are not part of this SDK's protocol: ignored, as the agent SDK does.
  }

  #onResponse(frame: Record<string, unknown>): void {
    const reqId = frame["reqId"];
    const pending = typeof reqId === "string" ? this.#pending.take(reqId) : undefined;
    if (!pending) return; // a late answer, or the keepalive's
    const code = frame["code"];
    if (typeof code !== "number") return pending.reject(new ProtocolError(`The response to ${pending.label} has no numeric \`code\`.`));
    if (code > 399) return pending.reject(new ResponseError(code, pending.label, redactDeep(frame["body"], this.#link.secrets)));
    pending.resolve(frame["body"]);
  }

  #onChange(change: ConversationChange, at: string): void {
    const id = change.convId;
    if (change.type === "DELETE") {
      this.#conversations.delete(id);
      return;
    }
    // The dialect has read the shape (v2 role maps included); these are the fields Conversation reads.
    const bad = badStateField(change.result, ".result");
    if (bad) return this.#report(new ProtocolError(`${at}${bad}\` is missing or not the spec's type.`));
    let conversation = this.#conversations.get(id);
    const isNew = !conversation;
    conversation ??= new Conversation(this.#host, id);
    try {
      conversation.processStateNotification(change.result);
    } catch (error) {
      return this.#report(error);
    }
    if (isNew) {
      this.#conversations.set(id, conversation);
      this.emit("conversation", conversation);
    }
  }

  async #upload(relativePath: string, queryParams: { temp_url_sig: string; temp_url_expires: string }, data: ArrayBuffer | Uint8Array, fileType: string): Promise<void> {
    if (!this.#uploadBaseUrl) throw new StateError("Uploads need options.uploadBaseUrl (the account's file storage domain).");
    const url = `${this.#uploadBaseUrl}${relativePath.startsWith("/") ? "" : "/"}${relativePath}?temp_url_sig=${encodeURIComponent(queryParams.temp_url_sig)}&temp_url_expires=${encodeURIComponent(queryParams.temp_url_expires)}`;
    let response: Response;
    try {
      const body = data instanceof Uint8Array ? data.slice() : new Uint8Array(data);
      response = await withTimeout(this.#timeout, "The upload", (signal) =>
        // Never redirected: a 307 would send the file again, a 301 hand it (signed URL and all) to another host.
        this.#fetch(url, { method: "PUT", body, headers: { "content-type": `image/${fileType.toLowerCase()}` }, signal, redirect: "manual" }),
      );
    } catch (error) {
      if (error instanceof TimeoutError) throw error;
      throw new ConnectionError(`The upload failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    await response.body?.cancel().catch(() => {});
    const failed = uploadError(response.status, response.type === "opaqueredirect");
    if (failed) throw failed;
  }

  #report(error: unknown): void {
    const e = error instanceof ParleyError ? error : new ConnectionError(this.#link.redact(error instanceof Error ? error.message : String(error)));
    this.#logger.error(this.#link.redact(e.message), { name: e.name });
    this.emit("error", e);
  }
}
