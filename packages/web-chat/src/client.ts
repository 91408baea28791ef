import {
  ConnectionError,
  ConnectionRefusedError,
  Emitter,
  ParleyError,
  PendingReplies,
  ProtocolError,
  RealtimeConnection,
  StateError,
  TimeoutError,
  ValidationError,
  exponentialReconnectPolicy,
  silentLogger,
  describeValue,
  optionalNumber,
  optionalString,
  requireBaseUrl,
  requireBoolean,
  requireEmail,
  requireFunction,
  requireNumber,
  requireObject,
  requireOneOf,
  requireString,
  MAX_TIMER_MS,
  type ConnectionState,
  type FetchLike,
  type LinkLoss,
  type Logger,
  type ReconnectPolicy,
  type StateChange,
  type WebSocketConstructor,
  type WebSocketLike,
} from "@parley/core";
import { decodeEngine, decodeSocket, encodeEngine, encodeFrame } from "./codec.js";
import { serverEventNames } from "./generated/events.js";
import { postFile, uploadTimeoutOf } from "./upload.js";
import type {
  Agent,
  ClientEvents,
  ConnectedData,
  Group,
  Message,
  ServerEvents,
  UploadInit,
  Visitor,
  VisitorConnectRequest,
} from "./generated/events.js";
import { AGENT_FIELDS, EVENT_GUARDS, isConnectedData, isMessage, isObject, isUploadInit } from "./guards.js";
import { checkAuthenticateValues, checkIdentity, checkMessage, checkRating } from "./validate.js";

/** The visitor's identity and page, sent with every `visitor.connect`. `key` is the account key. */
export type VisitorData = Omit<VisitorConnectRequest, "bundleVersion">;

export interface ConnectionOptions {
  /** Default `https://websocket-visitors.smartsupp.com`. */
  url?: string;
  /** Default `/socket`. */
  path?: string;
  /** When to reconnect after a drop: default 1 s doubling to 5 s, ±50 %, unlimited; `false` never. */
  reconnect?: ReconnectPolicy | false;
  /**
   * Deadline of one connection attempt, ms: socket open, engine.io `0`, socket.io `40` and the
   * `visitor.connect` ack. Default 20 000 (socket.io-client's `timeout`). 1..2^31-1.
   */
  connectTimeout?: number;
  /** How long an event waits for its ack, ms. Default 20 000. 1..2^31-1. */
  ackTimeout?: number;
  /** How long a call made while (re)connecting waits for the connection, ms. Default 30 000. 1..2^31-1. */
  queueTimeout?: number;
}

export interface VisitorClientOptions {
  data: VisitorData;
  connection?: ConnectionOptions;
  /** Default the global `WebSocket` (browsers, Node 22+); pass `ws` in Node 20. The same option as `@parley/conversation`'s. */
  WebSocket?: WebSocketConstructor;
  /** For uploads. Default the global `fetch`. */
  fetch?: FetchLike;
  /** How long the HTTP upload of `chatUploadFile` may take, ms (1 to 2^31 - 1). Default 120 000. */
  uploadTimeout?: number;
  logger?: Logger;
}

export type AccountStatus = ConnectedData["account"]["status"];

/** Every event a VisitorClient emits, with its listener's arguments. */
export type VisitorClientEvents = { [K in keyof ServerEvents]: [payload: ServerEvents[K]] } & {
  /** The visitor is connected and identified; fired again, with the latest data, after every reconnect. */
  initialized: [data: ConnectedData];
  /** The socket is connected (before `initialized`). */
  connect: [];
  /** The socket dropped (`transport close`, `ping timeout`, ...) or was closed (`io client disconnect`). */
  disconnect: [reason: string];
  /** A reconnection attempt is scheduled. */
  reconnecting: [info: { attempt: number; delayMs: number }];
  /** `state` changed (`disconnected` → `connecting` → `connected` → `reconnecting` ...). */
  statechange: [change: StateChange];
  /** The end: the reconnect policy gave up or the server refused the visitor. Emitted once; whatever waited rejects with the same error. */
  reconnect_failed: [error: ParleyError];
  "account.status_updated": [status: AccountStatus];
  /** `server.error` from the server, frames the client cannot use (`ProtocolError`), and failures with no caller to reject. */
  error: [error: ParleyError];
};

/** The server refused a request: its `{ message, code, type, event }`. */
export class SocketError extends ParleyError {
  override name = "SocketError";
  readonly code: string | number | undefined;
  readonly type: string | undefined;
  readonly event: string | undefined;
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
  override name = "AckLostError";
}

const DEFAULT_URL = "https://websocket-visitors.smartsupp.com";
const BUNDLE_VERSION = "Websocket SDK 1.2.2";
const TEXT_MAX = 10_000;
const IDENTITY_KEYS = ["name", "email", "phone", "group", "lang", "variables", "properties"] as const;
const SERVER_EVENTS = new Set<string>(serverEventNames);
/** engine.io's defaults, until the server's `0` packet gives its own. */
const ENGINE_PING = { intervalMs: 25_000, timeoutMs: 20_000 };
/** The disconnect reasons socket.io-client gives; any other loss is a `transport close`. */
const REASONS = new Set(["ping timeout", "io client disconnect", "io server disconnect"]);
type AckedEvent = { [K in keyof ClientEvents]: ClientEvents[K]["ack"] extends never ? never : K }[keyof ClientEvents];

const timeout = (name: string, value: unknown, fallback: number) => optionalNumber(name, value, { min: 1, max: MAX_TIMER_MS }) ?? fallback;

/**
 * The visitor side of a web chat: `connect()`, then the seed's methods and events. The connection
 * (one `RealtimeConnection` of `@parley/core`) reconnects by itself after a drop, sends
 * `visitor.connect` again with the visitor's id, and fires `initialized` with the latest data;
 * calls made meanwhile wait (up to `queueTimeout`) and go out then. Each message reaches
 * `chat.message_received` once, including those that arrived while disconnected. Inbound frames
 * are checked before use: a bad one is an `error` event (`ProtocolError`) and is dropped.
 */
export class VisitorClient extends Emitter<VisitorClientEvents> {
  readonly #data: VisitorData;
  readonly #url: string;
  readonly #ackTimeout: number;
  readonly #queueTimeout: number;
  readonly #logger: Logger;
  readonly #fetch: FetchLike;
  readonly #link: RealtimeConnection;
  readonly #pending = new PendingReplies<number>();
  readonly #uploadTimeout: number;
  #ackId = 0;
  #started = false;
  #connected: ConnectedData | undefined;
  readonly #known = new Set<string>();
  #identityUpdate: { values: Record<string, unknown>; timer: ReturnType<typeof setTimeout> } | undefined;

  constructor(options: VisitorClientOptions) {
    super({ onListenerError: (error) => (options?.logger ?? silentLogger).error("a listener threw", { error: String(error) }) });
    requireObject("options", options);
    const data = requireObject("options.data", options.data) as VisitorData;
    requireString("options.data.key", data.key, { max: 200 });
    if (data.id !== undefined && data.id !== null) requireString("options.data.id", data.id, { max: 200 });
    for (const key of ["name", "email", "phone", "lang", "group", "pageUrl", "pageTitle", "referer", "domain"] as const) {
      // null is what the vendor's client sends outside a browser (spec: nullable).
      if (data[key] !== null) optionalString(`options.data.${key}`, data[key], { min: 0, max: 2000 });
    }
    if (data.email) requireEmail("options.data.email", data.email);
    const connection = options.connection === undefined ? {} : requireObject("options.connection", options.connection);
    const c = connection as ConnectionOptions;
    this.#url = c.url === undefined ? DEFAULT_URL : requireBaseUrl("options.connection.url", requireString("options.connection.url", c.url).replace(/^ws/, "http"));
    if (options.fetch !== undefined) requireFunction("options.fetch", options.fetch);
    const path = optionalString("options.connection.path", c.path, { pattern: /^\/[^?#]*$/, patternName: "a path starting with /" }) ?? "/socket";
    this.#url = `${this.#url.replace(/^http/, "ws")}${path.replace(/\/+$/, "")}/?EIO=3&transport=websocket`;
    const ws = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (typeof ws !== "function") throw new ValidationError("options.WebSocket", "is required where there is no global WebSocket (Node 20: pass `ws`)");
    if (c.reconnect !== undefined && c.reconnect !== false) requireFunction("options.connection.reconnect.nextRetryDelayMs", c.reconnect?.nextRetryDelayMs);
    this.#ackTimeout = timeout("options.connection.ackTimeout", c.ackTimeout, 20_000);
    this.#queueTimeout = timeout("options.connection.queueTimeout", c.queueTimeout, 30_000);
    this.#logger = options.logger ?? silentLogger;
    // An upload is sent once (a retry would resend the whole file): a plain fetch is all it needs.
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#uploadTimeout = uploadTimeoutOf(options.uploadTimeout);
    this.#data = { ...data };
    this.#link = new RealtimeConnection(
      {
        WebSocket: ws,
        reconnect: c.reconnect ?? exponentialReconnectPolicy({ initialDelayMs: 1000, maxDelayMs: 5000, jitter: 0.5 }),
        connectTimeoutMs: timeout("options.connection.connectTimeout", c.connectTimeout, 20_000),
        keepalive: ENGINE_PING,
      },
      {
        url: () => this.#url,
        // engine.io sends `0` and socket.io `40` unasked: nothing to send on open.
        opened: () => {},
        frame: (text) => this.#onFrame(text),
        ping: () => this.#link.send(encodeEngine({ type: "ping", data: "" })),
        lost: (loss) => this.#lost(loss),
        changed: (change) => this.emit("statechange", change),
        report: (error) => this.#report(error),
        gaveUp: (error) => this.emit("reconnect_failed", error),
      },
    );
  }

  // ---- connection --------------------------------------------------------------------------

  /** `disconnected`, `connecting`, `connected` (identified: `initialized` was emitted) or `reconnecting`. */
  get state(): ConnectionState {
    return this.#link.state;
  }

  /**
   * Connects and identifies the visitor; resolves with the `initialized` data. Calls made while an
   * attempt is under way (or during a backoff) share it. Rejects with `ConnectionRefusedError` /
   * `SocketError` when the server refuses, with the give-up error when the reconnect policy
   * stops, with `StateError` on `disconnect()`.
   */
  async connect(): Promise<ConnectedData> {
    this.#started = true;
    await this.#link.connect();
    return this.#connected!;
  }

  /** Closes the connection for good (no reconnection); queued and unanswered calls reject. Leaves no socket and no timer. */
  disconnect(): void {
    clearTimeout(this.#identityUpdate?.timer);
    this.#identityUpdate = undefined;
    const ws = this.#link.socket;
    try {
      if (ws && ws.readyState === 1) ws.send(encodeFrame({ type: "disconnect" }));
    } catch {
      // already closing
    }
    this.#link.close(1000, "io client disconnect");
  }

  isConnected(): boolean {
    return this.#link.state === "connected";
  }

  isInitialized(): boolean {
    return this.#connected !== undefined;
  }

  /** The open WebSocket, if any (the real client's `getConnection`). */
  getConnection(): WebSocketLike | undefined {
    return this.#link.socket;
  }

  // ---- the seed's methods -------------------------------------------------------------------

  /** Sends a text message; resolves the stored Message (also delivered later by `chat.message_received`, which the client then skips). */
  async chatMessage(message: ClientEvents["chat.message"]["payload"]): Promise<Message> {
    message = checkMessage(message);
    requireObject("message", message);
    const content = requireObject("message.content", message.content);
    requireOneOf("message.content.type", content["type"], ["text"] as const);
    requireString("message.content.text", content["text"], { max: TEXT_MAX });
    if (content["data"] !== undefined) requireObject("message.content.data", content["data"]);
    if (message.type !== undefined) requireOneOf("message.type", message.type, ["contact", "bot"] as const);
    if (message.isOffline !== undefined) requireBoolean("message.isOffline", message.isOffline);
    if (message.preventOpenChat !== undefined) requireBoolean("message.preventOpenChat", message.preventOpenChat);
    return this.#request("chat.message", message);
  }

  /** Starts an upload: `{ url, token }` for the HTTP upload, then `chatUploadFinish(token)`. */
  async chatUploadInit(): Promise<UploadInit> {
    return this.#request("chat.upload_init", null);
  }

  /** Finishes an upload; resolves the Message that carries the file. */
  async chatUploadFinish(token: string): Promise<Message> {
    requireString("token", token, { max: 2000 });
    return this.#request("chat.upload_finish", { uploadToken: token });
  }

  /**
   * The whole upload as the vendor documents it: init, a multipart POST of the one field `file` to
   * the `url` of the init ack (as returned), finish. `onProgress` reports bytes sent (continuously
   * where XMLHttpRequest exists, else at the start and the end). The POST is sent once and may
   * take `options.uploadTimeout` ms. Rejects with ConnectionError, TimeoutError or AbortError.
   */
  async chatUploadFile(file: Blob, options: { onProgress?: (progress: { loaded: number; total: number }) => void; signal?: AbortSignal } = {}): Promise<Message> {
    if (!(file instanceof Blob)) throw new ValidationError("file", `must be a File or Blob, got ${describeValue(file)}`);
    if (file.size === 0) throw new ValidationError("file", "must not be empty");
    requireObject("options", options);
    if (options.onProgress !== undefined) requireFunction("options.onProgress", options.onProgress);
    const { url, token } = await this.chatUploadInit();
    const report = options.onProgress ?? (() => {});
    report({ loaded: 0, total: file.size });
    await postFile(url, file, { fetch: this.#fetch, timeout: this.#uploadTimeout, onProgress: report, signal: options.signal });
    report({ loaded: file.size, total: file.size });
    return this.chatUploadFinish(token);
  }

  /** Tells the agent whether the visitor is typing (and, optionally, what). No ack. */
  async chatTyping(isTyping: boolean, text: string | null = null): Promise<void> {
    requireBoolean("isTyping", isTyping);
    if (text !== null) requireString("text", text, { min: 0, max: TEXT_MAX });
    await this.#notify("chat.typing", { typing: { is: isTyping, text } });
  }

  /** Marks the chat read up to now. No ack. */
  async chatRead(): Promise<void> {
    await this.#notify("chat.read", null);
  }

  async chatClose(): Promise<void> {
    await this.#request("chat.close", null);
  }

  async chatTranscript(email: string, lang: string): Promise<void> {
    requireEmail("email", email);
    requireString("lang", lang, { max: 10 });
    await this.#request("chat.transcript", { email, lang });
  }

  async chatRateInit(): Promise<ClientEvents["chat.rate_init"]["ack"]> {
    return this.#request("chat.rate_init", null);
  }

  async chatRate(rating: ClientEvents["chat.rate"]["payload"]): Promise<void> {
    rating = checkRating(rating);
    requireObject("rating", rating);
    requireString("rating.messageId", rating.messageId, { max: 200 });
    if (rating.value !== undefined) requireNumber("rating.value", rating.value, { min: 1, max: 5, integer: true });
    optionalString("rating.text", rating.text, { min: 0, max: 2000 });
    await this.#request("chat.rate", rating);
  }

  async authenticate(values: Record<string, unknown>): Promise<ClientEvents["visitor.authenticate"]["ack"]> {
    values = checkAuthenticateValues(values);
    requireObject("values", values);
    return this.#request("visitor.authenticate", { values });
  }

  /** Updates the visitor's identity (name, email, phone, ...). Batched for 1 ms, like the real client; no ack. */
  async updateVisitorIdentity(values: Partial<Pick<Visitor, "name" | "email" | "phone" | "group" | "lang" | "variables">>): Promise<void> {
    values = checkIdentity(values);
    const checked = requireObject("values", values);
    if (Object.keys(checked).length === 0) throw new ValidationError("values", "must change at least one field");
    for (const key of Object.keys(checked)) {
      if (!(IDENTITY_KEYS as readonly string[]).includes(key)) throw new ValidationError(`values.${key}`, `is not an identity field (${IDENTITY_KEYS.join(", ")})`);
    }
    if (checked["email"] !== undefined && checked["email"] !== null) requireEmail("values.email", checked["email"]);
    this.#requireStarted();
    Object.assign(this.#data, checked);
    if (this.#identityUpdate) {
      Object.assign(this.#identityUpdate.values, checked);
      return;
    }
    const pending = { values: { ...checked }, timer: setTimeout(() => {
      this.#identityUpdate = undefined;
      void this.#notify("visitor.update", { values: pending.values }).catch((error: unknown) => this.#report(error));
    }, 1) };
    this.#identityUpdate = pending;
  }

  // ---- getters (local state from `initialized` and the events since) ------------------------

  getAccountStatus(): AccountStatus | undefined {
    return this.#connected?.account.status;
  }

  getVisitorId(): string | undefined {
    return this.#connected?.visitor.id ?? this.#data.id ?? undefined;
  }

  getVisitorIdentity(): Partial<Visitor> {
    const visitor = this.#connected?.visitor;
    return visitor ? { ...visitor } : {};
  }

  getAgents(): Agent[] {
    return [...(this.#connected?.account.agents ?? [])];
  }

  getAgent(id: string): Agent | undefined {
    return this.#connected?.account.agents.find((a) => a.id === id);
  }

  getGroups(): Group[] {
    return [...(this.#connected?.account.groups ?? [])];
  }

  getGroup(key: string): Group | undefined {
    return this.#connected?.account.groups.find((g) => g.key === key);
  }

  getAssignedAgents(): Agent[] {
    const ids = this.#connected?.chat?.assignedIds ?? [];
    return this.getAgents().filter((a) => ids.includes(a.id));
  }

  // ---- internals ----------------------------------------------------------------------------

  #onFrame(frame: string): void {
    const packet = decodeEngine(frame);
    switch (packet.type) {
      case "open":
        // Server numbers are clamped: `pingInterval: 0` must not mean a ping storm.
        this.#link.setKeepalive(packet.data.pingInterval, packet.data.pingTimeout);
        return;
      case "ping":
        this.#link.send(encodeEngine({ type: "pong", data: packet.data }));
        return;
      case "close":
        this.#link.drop(new ConnectionError("The server closed the transport."), "transport close");
        return;
      case "message":
        return this.#onSocketPacket(packet.data);
      default:
        return;
    }
  }

  #onSocketPacket(data: string): void {
    const packet = decodeSocket(data);
    switch (packet.type) {
      case "connect":
        this.emit("connect");
        this.#identify();
        return;
      case "disconnect":
        // "io server disconnect": the server ended the session on purpose; no reconnection.
        this.#link.end(new StateError("The server ended the session."), "io server disconnect");
        return;
      case "ack": {
        const pending = this.#pending.take(packet.id);
        if (!pending) return;
        const [error, result] = packet.data;
        if (error !== null && error !== undefined) return pending.reject(new SocketError(errorBody(error)));
        // Known from this very moment: the server's echo may already be in the same network read.
        if (pending.label === "chat.message" || pending.label === "chat.upload_finish") {
          if (!isMessage(result)) return pending.reject(new ProtocolError(`The ack of ${pending.label} is not a message.`));
          this.#holdMessage(result);
        }
        if (pending.label === "chat.upload_init" && !isUploadInit(result)) return pending.reject(new ProtocolError("The ack of chat.upload_init is not { url, token } strings."));
        pending.resolve(result ?? null);
        return;
      }
      case "event":
        return this.#onServerEvent(packet.data[0], packet.data[1]);
      case "error": {
        // A namespace refusal (`44"Authentication error"`) while connecting ends the attempt for good.
        const error = new SocketError(errorBody(packet.data));
        if (this.#link.state === "connected") return this.#report(error);
        return this.#link.refuse(new ConnectionRefusedError(`The server refused the connection: ${error.message}`));
      }
    }
  }

  /** `visitor.connect` on every (re)connection: with the visitor id once the server gave one. */
  #identify(): void {
    const payload: VisitorConnectRequest = { ...this.#data, id: this.getVisitorId() ?? null, bundleVersion: BUNDLE_VERSION };
    // The answer acts only on the socket that asked: a late one must not touch a newer connection.
    const socket = this.#link.socket;
    this.#sendWithAck("visitor.connect", payload).then(
      (data) => this.#link.socket === socket && this.#initialized(data),
      (error: ParleyError) => {
        if (this.#link.socket !== socket) return;
        // A refusal ends it; a timeout drops this socket; a loss (AckLostError, StateError) is already handled.
        if (error instanceof SocketError) this.#link.refuse(error);
        else if (error instanceof TimeoutError) this.#link.drop(error, "transport close");
      },
    );
  }

  #initialized(data: unknown): void {
    if (!isConnectedData(data)) {
      this.#report(new ProtocolError("visitor.connect was acknowledged with data that is not ConnectedData (serverVersion, visitor, account, chat)."));
      this.#link.drop(new ProtocolError("Bad initialized data."), "transport close");
      return;
    }
    const previous = this.#connected;
    const first = previous === undefined;
    this.#connected = data;
    this.#data.id = data.visitor.id;
    // Messages already held are not news; those that came while disconnected are, once each.
    const messages = data.chat?.messages ?? [];
    const missed = messages.filter((m) => !this.#known.has(m.id));
    for (const m of messages) this.#known.add(m.id);
    this.#link.ready();
    this.emit("initialized", data);
    if (!first && data.chat) {
      for (const message of missed) this.emit("chat.message_received", { chatId: data.chat.id, message });
    }
    if (previous && previous.account.status !== data.account.status) this.emit("account.status_updated", data.account.status);
  }

  #onServerEvent(name: string, payload: unknown): void {
    if (!SERVER_EVENTS.has(name)) return this.#report(new ProtocolError(`An event the visitor protocol does not have: ${JSON.stringify(name.slice(0, 60))}.`));
    if (!isObject(payload) || !(EVENT_GUARDS[name]?.(payload) ?? true)) return this.#report(new ProtocolError(`A ${name} event whose payload is not the spec's shape.`));
    const state = this.#connected;
    switch (name) {
      case "chat.message_received": {
        const p = payload as unknown as ServerEvents["chat.message_received"];
        if (this.#known.has(p.message.id)) return; // the client already holds it (its own, or replayed)
        this.#holdMessage(p.message);
        break;
      }
      case "chat.agent_assigned": {
        const p = payload as unknown as ServerEvents["chat.agent_assigned"];
        if (state?.chat) state.chat.assignedIds = [...new Set([...state.chat.assignedIds, ...p.assigned])];
        break;
      }
      case "chat.agent_unassigned": {
        const p = payload as unknown as ServerEvents["chat.agent_unassigned"];
        if (state?.chat) state.chat.assignedIds = state.chat.assignedIds.filter((id) => !p.unassigned.includes(id));
        break;
      }
      case "account.updated": {
        const p = payload as ServerEvents["account.updated"];
        if (state && p.status && p.status !== state.account.status) {
          state.account.status = p.status;
          this.emit("account.status_updated", p.status);
        }
        break;
      }
      case "agent.updated": {
        const p = payload as unknown as ServerEvents["agent.updated"];
        const agent = state?.account.agents.find((a) => a.id === p.id) as Record<string, unknown> | undefined;
        // Only the Agent's own fields, each checked: a `__proto__` or a wrong type never lands.
        for (const [key, value] of Object.entries(p.changes)) if (agent && AGENT_FIELDS[key]?.(value)) agent[key] = value;
        break;
      }
      case "agent.removed": {
        const p = payload as unknown as ServerEvents["agent.removed"];
        if (state) state.account.agents = state.account.agents.filter((a) => a.id !== p.id);
        break;
      }
      case "visitor.updated": {
        const p = payload as unknown as ServerEvents["visitor.updated"];
        const identity = Object.fromEntries(Object.entries(p.changes).filter(([k, v]) => (IDENTITY_KEYS as readonly string[]).includes(k) && (v === null || typeof v === "string" || (k === "variables" && isObject(v)))));
        if (state) Object.assign(state.visitor, identity);
        Object.assign(this.#data, identity);
        (payload as { changes: unknown }).changes = identity;
        break;
      }
      case "server.error":
        this.#report(new SocketError(payload));
        return;
      default:
        break;
    }
    // Every server event of the spec is re-emitted under its wire name.
    this.emit(name as keyof ServerEvents, payload as never);
  }

  async #request<E extends AckedEvent>(event: E, payload: ClientEvents[E]["payload"]): Promise<ClientEvents[E]["ack"]> {
    return (await this.#whenReady(() => this.#sendWithAck(event, payload))) as ClientEvents[E]["ack"];
  }

  /** An event without an ack. The vendor's client emits `(name, data, undefined)`, written as a trailing null [V]. */
  async #notify(event: keyof ClientEvents, payload: unknown): Promise<void> {
    await this.#whenReady(async () => {
      this.#link.send(encodeFrame({ type: "event", data: [event, payload, null] }));
    });
  }

  #sendWithAck(event: string, payload: unknown): Promise<unknown> {
    const id = this.#ackId++;
    const answer = this.#pending.add(id, event, this.#ackTimeout);
    try {
      this.#link.send(encodeFrame({ type: "event", id, data: [event, payload] }));
    } catch (error) {
      this.#pending.take(id)?.reject(error instanceof ParleyError ? error : new ConnectionError(`Could not send ${event}.`));
    }
    return answer;
  }

  /** Runs `send` now when connected, after the (re)connection otherwise; never before the first `connect()`. */
  async #whenReady<T>(send: () => Promise<T>): Promise<T> {
    this.#requireStarted();
    if (this.#link.state !== "connected") await this.#link.whenConnected(this.#queueTimeout);
    return send();
  }

  #requireStarted(): void {
    if (!this.#started) throw new StateError("Client not yet connected to server: call connect() first.");
    if (this.#link.state === "disconnected") throw new StateError("The client is disconnected: call connect() to start again.");
  }

  /** The socket is gone: acks that can no longer come reject, and the vendor's events say so. */
  #lost(loss: LinkLoss): void {
    const closing = loss.error instanceof StateError;
    this.#pending.rejectAll((event) =>
      closing ? new StateError("The client was disconnected.") : new AckLostError(`The connection dropped before the server acknowledged ${event}.`),
    );
    if (this.#link.state === "connected") this.emit("disconnect", REASONS.has(loss.reason) ? loss.reason : "transport close");
    if (loss.willRetry) this.emit("reconnecting", { attempt: loss.attempt, delayMs: loss.delayMs });
  }

  /** Records a message the client now holds: never delivered again, and kept in the local chat. */
  #holdMessage(message: Message): void {
    if (this.#known.has(message.id)) return;
    this.#known.add(message.id);
    const state = this.#connected;
    if (!state) return;
    // A chat that began after `initialized` (the first message opens it) joins the local state.
    state.chat ??= { id: message.chatId, assignedIds: [], rating: null, status: "open", readInfo: null, unreadInfo: null, messages: [] };
    if (state.chat.id === message.chatId) state.chat.messages.push(message);
  }

  #report(error: unknown): void {
    const e = error instanceof ParleyError ? error : new ConnectionError(error instanceof Error ? error.message : String(error));
    this.#logger.error(e.message, { name: e.name });
    this.emit("error", e);
  }
}

/** A server's error value as SocketError's body: `String()` is kept for primitives, as it throws on some objects. */
function errorBody(value: unknown): { message?: unknown } {
  if (isObject(value)) return value;
  return { message: typeof value === "object" || typeof value === "function" ? undefined : String(value) };
}

/** Creates a visitor client (the seed's `createVisitorClient`); call `connect()` to start. */
export function createVisitorClient(options: VisitorClientOptions): VisitorClient {
  return new VisitorClient(options);
}
