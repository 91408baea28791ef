import {
  AbortError,
  ConnectionError,
  Emitter,
  ParleyError,
  StateError,
  TimeoutError,
  ValidationError,
  exponentialReconnectPolicy,
  silentLogger,
  describe,
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
  type FetchLike,
  type Logger,
  type ReconnectPolicy,
  type WebSocketConstructor,
  type WebSocketLike,
} from "@parley/core";
import { ProtocolError, decodeEngine, decodeSocket, encodeEngine, encodeFrame } from "./codec.js";
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
  /** How long an event waits for its ack, ms. Default 20 000. */
  ackTimeout?: number;
  /** How long a call made while (re)connecting waits for the connection, ms. Default 30 000. */
  queueTimeout?: number;
}

export interface VisitorClientOptions {
  data: VisitorData;
  connection?: ConnectionOptions;
  /** Default the global `WebSocket` (browsers, Node 22+); pass `ws` in Node 20. The same option as `@parley/conversation`'s. */
  WebSocket?: WebSocketConstructor;
  /** For uploads. Default the global `fetch`. */
  fetch?: FetchLike;
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
  "account.status_updated": [status: AccountStatus];
  /** `server.error` from the server, and failures with no caller to reject (a lost connection). */
  error: [error: ParleyError];
};

/** The server refused a request: its `{ message, code, type, event }`. */
export class SocketError extends ParleyError {
  override name = "SocketError";
  readonly code: string | number | undefined;
  readonly type: string | undefined;
  readonly event: string | undefined;
  constructor(body: { message?: unknown; code?: unknown; type?: unknown; event?: unknown }) {
    super(typeof body.message === "string" && body.message ? body.message : "The server refused the request.");
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
type AckedEvent = { [K in keyof ClientEvents]: ClientEvents[K]["ack"] extends never ? never : K }[keyof ClientEvents];
type State = "idle" | "connecting" | "ready" | "reconnecting" | "closed";

interface Pending {
  resolve(value: unknown): void;
  reject(error: ParleyError): void;
  timer: ReturnType<typeof setTimeout>;
  event: string;
}

interface Queued {
  send(): void;
  reject(error: ParleyError): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The visitor side of a web chat: `connect()`, then the seed's methods and events. The connection
 * reconnects by itself after a drop, sends `visitor.connect` again with the visitor's id, and fires
 * `initialized` with the latest data; calls made meanwhile wait in a queue and go out then. Each
 * message reaches `chat.message_received` once, including those that arrived while disconnected.
 */
export class VisitorClient extends Emitter<VisitorClientEvents> {
  readonly #data: VisitorData;
  readonly #url: string;
  readonly #WebSocket: WebSocketConstructor;
  readonly #policy: ReconnectPolicy | false;
  readonly #ackTimeout: number;
  readonly #queueTimeout: number;
  readonly #logger: Logger;
  readonly #fetch: FetchLike;

  #state: State = "idle";
  #ws: WebSocketLike | undefined;
  #ackId = 0;
  readonly #pending = new Map<number, Pending>();
  readonly #queue: Queued[] = [];
  #connected: ConnectedData | undefined;
  readonly #known = new Set<string>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #pongDeadline = 0;
  #attempt = 0;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #firstConnect: { resolve(): void; reject(error: ParleyError): void } | undefined;
  #identityUpdate: { values: Record<string, unknown>; timer: ReturnType<typeof setTimeout> } | undefined;

  constructor(options: VisitorClientOptions) {
    super({ onListenerError: (error) => (options.logger ?? silentLogger).error("a listener threw", { error: String(error) }) });
    requireObject("options", options);
    const data = requireObject("options.data", options.data) as VisitorData;
    requireString("options.data.key", data.key, { max: 200 });
    if (data.id !== undefined && data.id !== null) requireString("options.data.id", data.id, { max: 200 });
    for (const key of ["name", "email", "phone", "lang", "group", "pageUrl", "pageTitle", "referer", "domain"] as const) {
      optionalString(`options.data.${key}`, data[key], { min: 0, max: 2000 });
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
    this.#WebSocket = ws;
    if (c.reconnect !== undefined && c.reconnect !== false) requireFunction("options.connection.reconnect.nextRetryDelayMs", c.reconnect?.nextRetryDelayMs);
    this.#policy = c.reconnect ?? exponentialReconnectPolicy({ initialDelayMs: 1000, maxDelayMs: 5000, jitter: 0.5 });
    this.#ackTimeout = optionalNumber("options.connection.ackTimeout", c.ackTimeout, { min: 1 }) ?? 20_000;
    this.#queueTimeout = optionalNumber("options.connection.queueTimeout", c.queueTimeout, { min: 1 }) ?? 30_000;
    this.#logger = options.logger ?? silentLogger;
    // An upload is sent once (a retry would resend the whole file): a plain fetch is all it needs.
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#data = { ...data };
  }

  // ---- connection --------------------------------------------------------------------------

  /** Connects and identifies the visitor; resolves with the first `initialized` data. */
  connect(): Promise<ConnectedData> {
    if (this.#state === "ready") return Promise.resolve(this.#connected!);
    if (this.#state === "connecting" || this.#state === "reconnecting") {
      return new Promise((resolve, reject) => {
        this.once("initialized", resolve);
        this.#whenClosed(reject);
      });
    }
    this.#state = "connecting";
    return new Promise<ConnectedData>((resolve, reject) => {
      this.#firstConnect = { resolve: () => resolve(this.#connected!), reject };
      this.#open();
    });
  }

  /** Closes the connection for good (no reconnection); queued and unanswered calls reject. */
  disconnect(): void {
    if (this.#state === "closed" || this.#state === "idle") return;
    this.#state = "closed";
    clearTimeout(this.#reconnectTimer);
    this.#stopHeartbeat();
    const ws = this.#ws;
    this.#ws = undefined;
    if (ws) {
      try {
        ws.send(encodeFrame({ type: "disconnect" }));
      } catch {
        // already closing
      }
      ws.close(1000, "io client disconnect");
    }
    this.#failAll(new StateError("The client was disconnected."));
    this.#firstConnect?.reject(new StateError("disconnect() was called before the visitor was initialized."));
    this.#firstConnect = undefined;
    this.emit("disconnect", "io client disconnect");
  }

  isConnected(): boolean {
    return this.#state === "ready";
  }

  isInitialized(): boolean {
    return this.#connected !== undefined;
  }

  /** The open WebSocket, if any (the real client's `getConnection`). */
  getConnection(): WebSocketLike | undefined {
    return this.#ws;
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
   * The whole upload: init, the HTTP multipart POST, finish. `onProgress` reports bytes sent
   * (continuously where XMLHttpRequest exists, else at the start and the end).
   */
  async chatUploadFile(file: Blob, options: { onProgress?: (progress: { loaded: number; total: number }) => void; signal?: AbortSignal } = {}): Promise<Message> {
    if (!(file instanceof Blob)) throw new ValidationError("file", `must be a File or Blob, got ${describe(file)}`);
    if (file.size === 0) throw new ValidationError("file", "must not be empty");
    requireObject("options", options);
    if (options.onProgress !== undefined) requireFunction("options.onProgress", options.onProgress);
    const { url, token } = await this.chatUploadInit();
    requireBaseUrl("upload url", url.split("?")[0]);
    const form = new FormData();
    form.append("token", token);
    form.append("file", file, (file as Partial<File>).name || "upload");
    const report = options.onProgress ?? (() => {});
    report({ loaded: 0, total: file.size });
    await this.#upload(url, form, file.size, report, options.signal);
    report({ loaded: file.size, total: file.size });
    return this.chatUploadFinish(token);
  }

  /** Tells the agent whether the visitor is typing (and, optionally, what). No ack. */
  async chatTyping(isTyping: boolean, text: string | null = null): Promise<void> {
    requireBoolean("isTyping", isTyping);
    if (text !== null) requireString("text", text, { min: 0, max: TEXT_MAX });
    // The real client sends a trailing null argument; kept for wire compatibility.
    await this.#notify("chat.typing", { typing: { is: isTyping, text } }, true);
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

  #open(): void {
    let ws: WebSocketLike;
    try {
      ws = new this.#WebSocket(this.#url);
    } catch (error) {
      return this.#dropped(`transport error: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.#ws = ws;
    ws.onmessage = (event) => {
      if (this.#ws !== ws) return;
      try {
        this.#onFrame(typeof event.data === "string" ? event.data : String(event.data));
      } catch (error) {
        // A frame we cannot read: report it and start over on a fresh connection.
        this.#report(error);
        ws.close(4000, "protocol error");
      }
    };
    ws.onclose = (event) => {
      if (this.#ws !== ws) return;
      this.#dropped(event.reason === "ping timeout" ? "ping timeout" : "transport close");
    };
    ws.onerror = () => {
      // A close event follows; it decides what happens next.
    };
  }

  #onFrame(frame: string): void {
    const packet = decodeEngine(frame);
    switch (packet.type) {
      case "open":
        this.#startHeartbeat(packet.data.pingInterval, packet.data.pingTimeout);
        return;
      case "pong":
        this.#pongDeadline = 0;
        return;
      case "ping":
        this.#ws?.send(encodeEngine({ type: "pong", data: packet.data }));
        return;
      case "close":
        this.#ws?.close(1000, "transport close");
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
        this.#state = "closed";
        this.#stopHeartbeat();
        this.#ws?.close(1000, "io server disconnect");
        this.#ws = undefined;
        this.#failAll(new StateError("The server ended the session."));
        this.emit("disconnect", "io server disconnect");
        return;
      case "ack": {
        const pending = this.#pending.get(packet.id);
        if (!pending) return;
        this.#pending.delete(packet.id);
        clearTimeout(pending.timer);
        const [error, result] = packet.data;
        if (error !== null && error !== undefined) return pending.reject(new SocketError(typeof error === "object" ? (error as object) : { message: String(error) }));
        // Known from this very moment: the server's echo may already be in the same network read.
        if (pending.event === "chat.message" || pending.event === "chat.upload_finish") this.#holdMessage(result as Message);
        pending.resolve(result ?? null);
        return;
      }
      case "event":
        return this.#onServerEvent(packet.data[0], packet.data[1]);
      case "error":
        this.#report(new SocketError(typeof packet.data === "object" && packet.data ? (packet.data as object) : { message: String(packet.data) }));
        return;
    }
  }

  /** `visitor.connect` on every (re)connection: with the visitor id once the server gave one. */
  #identify(): void {
    const payload: VisitorConnectRequest = { ...this.#data, id: this.getVisitorId() ?? null, bundleVersion: BUNDLE_VERSION };
    this.#sendWithAck("visitor.connect", payload).then(
      (data) => this.#initialized(data as ConnectedData),
      (error: ParleyError) => {
        if (this.#firstConnect) {
          this.#firstConnect.reject(error);
          this.#firstConnect = undefined;
          this.disconnect();
        } else {
          this.#report(error);
          this.#ws?.close(4001, "visitor.connect failed");
        }
      },
    );
  }

  #initialized(data: ConnectedData): void {
    if (typeof data?.serverVersion !== "string" || typeof data.visitor?.id !== "string" || !data.account) {
      this.#report(new ProtocolError("visitor.connect was acknowledged without serverVersion, visitor or account."));
      this.#ws?.close(4002, "bad initialized data");
      return;
    }
    const previous = this.#connected;
    const first = previous === undefined;
    this.#connected = data;
    this.#data.id = data.visitor.id;
    this.#state = "ready";
    this.#attempt = 0;
    // Messages already held are not news; those that came while disconnected are, once each.
    const missed = (data.chat?.messages ?? []).filter((m) => !this.#known.has(m.id));
    for (const m of data.chat?.messages ?? []) this.#known.add(m.id);
    this.emit("initialized", data);
    if (!first && data.chat) {
      for (const message of missed) this.emit("chat.message_received", { chatId: data.chat.id, message });
    }
    if (previous && previous.account.status !== data.account.status) this.emit("account.status_updated", data.account.status);
    if (this.#firstConnect) {
      this.#firstConnect.resolve();
      this.#firstConnect = undefined;
    }
    for (const queued of this.#queue.splice(0)) {
      clearTimeout(queued.timer);
      queued.send();
    }
  }

  #onServerEvent(name: string, payload: unknown): void {
    const state = this.#connected;
    switch (name) {
      case "chat.message_received": {
        const p = payload as ServerEvents["chat.message_received"];
        if (typeof p?.message?.id !== "string") return this.#report(new ProtocolError("chat.message_received without a message id."));
        if (this.#known.has(p.message.id)) return; // the client already holds it (its own, or replayed)
        this.#holdMessage(p.message);
        break;
      }
      case "chat.agent_assigned": {
        const p = payload as ServerEvents["chat.agent_assigned"];
        if (state?.chat && Array.isArray(p?.assigned)) state.chat.assignedIds = [...new Set([...state.chat.assignedIds, ...p.assigned])];
        break;
      }
      case "chat.agent_unassigned": {
        const p = payload as ServerEvents["chat.agent_unassigned"];
        if (state?.chat && Array.isArray(p?.unassigned)) state.chat.assignedIds = state.chat.assignedIds.filter((id) => !p.unassigned.includes(id));
        break;
      }
      case "account.updated": {
        const p = payload as ServerEvents["account.updated"];
        if (state && p?.status && p.status !== state.account.status) {
          state.account.status = p.status;
          this.emit("account.status_updated", p.status);
        }
        break;
      }
      case "agent.updated": {
        const p = payload as ServerEvents["agent.updated"];
        const agent = state?.account.agents.find((a) => a.id === p?.id);
        if (agent && p.changes && typeof p.changes === "object") Object.assign(agent, p.changes);
        break;
      }
      case "agent.removed": {
        const p = payload as ServerEvents["agent.removed"];
        if (state) state.account.agents = state.account.agents.filter((a) => a.id !== p?.id);
        break;
      }
      case "visitor.updated": {
        const p = payload as ServerEvents["visitor.updated"];
        if (state && p?.changes && typeof p.changes === "object") {
          const identity = Object.fromEntries(Object.entries(p.changes).filter(([k]) => (IDENTITY_KEYS as readonly string[]).includes(k)));
          Object.assign(state.visitor, identity);
          Object.assign(this.#data, identity);
          (payload as { changes: unknown }).changes = identity;
        }
        break;
      }
      case "server.error":
        this.#report(new SocketError((payload as object) ?? {}));
        return;
      default:
        break;
    }
    // Every server event is re-emitted under its wire name (typed for the 15 the spec lists).
    this.emit(name as keyof ServerEvents, payload as never);
  }

  async #request<E extends AckedEvent>(event: E, payload: ClientEvents[E]["payload"]): Promise<ClientEvents[E]["ack"]> {
    return (await this.#whenReady(() => this.#sendWithAck(event, payload))) as ClientEvents[E]["ack"];
  }

  async #notify(event: keyof ClientEvents, payload: unknown, trailingNull = false): Promise<void> {
    await this.#whenReady(async () => {
      this.#ws!.send(encodeFrame({ type: "event", data: trailingNull ? [event, payload, null] : [event, payload] }));
    });
  }

  #sendWithAck(event: string, payload: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = this.#ackId++;
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new TimeoutError(`No ack for ${event} within ${this.#ackTimeout} ms.`));
      }, this.#ackTimeout);
      this.#pending.set(id, { resolve, reject, timer, event });
      try {
        this.#ws!.send(encodeFrame({ type: "event", id, data: [event, payload] }));
      } catch (error) {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(new ConnectionError(`Could not send ${event}: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  }

  /** Runs `send` now when ready, after the (re)connection otherwise; never before the first `connect()`. */
  #whenReady<T>(send: () => Promise<T>): Promise<T> {
    this.#requireStarted();
    if (this.#state === "ready") return send();
    return new Promise<T>((resolve, reject) => {
      const entry: Queued = {
        send: () => void send().then(resolve, reject),
        reject,
        timer: setTimeout(() => {
          this.#queue.splice(this.#queue.indexOf(entry), 1);
          reject(new TimeoutError(`Not connected within ${this.#queueTimeout} ms; the call was not sent.`));
        }, this.#queueTimeout),
      };
      this.#queue.push(entry);
    });
  }

  #requireStarted(): void {
    if (this.#state === "idle") throw new StateError("Client not yet connected to server: call connect() first.");
    if (this.#state === "closed") throw new StateError("The client is disconnected: call connect() to start again.");
  }

  #dropped(reason: string): void {
    this.#stopHeartbeat();
    this.#ws = undefined;
    if (this.#state === "closed" || this.#state === "idle") return;
    const wasReady = this.#state === "ready";
    // Acks that can no longer come: the server may or may not have handled those events.
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      pending.reject(new AckLostError(`The connection dropped before the server acknowledged ${pending.event}.`));
    }
    if (wasReady) this.emit("disconnect", reason);
    const delay = this.#policy === false ? null : this.#policy.nextRetryDelayMs({ attempt: this.#attempt, elapsedMs: 0 });
    if (delay === null) {
      this.#state = "closed";
      const error = new ConnectionError(`The connection dropped (${reason}) and will not be retried.`);
      this.#failAll(error);
      this.#firstConnect?.reject(error);
      this.#firstConnect = undefined;
      return;
    }
    this.#state = this.#firstConnect ? "connecting" : "reconnecting";
    this.#attempt++;
    this.emit("reconnecting", { attempt: this.#attempt, delayMs: delay });
    this.#reconnectTimer = setTimeout(() => this.#open(), delay);
  }

  #startHeartbeat(interval: number, timeout: number): void {
    this.#stopHeartbeat();
    this.#heartbeat = setInterval(() => {
      if (this.#pongDeadline && Date.now() > this.#pongDeadline) {
        this.#ws?.close(4003, "ping timeout");
        return;
      }
      this.#ws?.send(encodeEngine({ type: "ping", data: "" }));
      if (!this.#pongDeadline) this.#pongDeadline = Date.now() + timeout;
    }, interval);
    (this.#heartbeat as { unref?: () => void }).unref?.();
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    this.#pongDeadline = 0;
  }

  #failAll(error: ParleyError): void {
    for (const queued of this.#queue.splice(0)) {
      clearTimeout(queued.timer);
      queued.reject(error);
    }
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      pending.reject(error);
    }
  }

  #whenClosed(reject: (error: ParleyError) => void): void {
    const onDisconnect = (reason: string) => {
      if (this.#state !== "closed") return;
      this.off("disconnect", onDisconnect);
      reject(new ConnectionError(`Disconnected (${reason}) before the visitor was initialized.`));
    };
    this.on("disconnect", onDisconnect);
  }

  /** Records a message the client now holds: never delivered again, and kept in the local chat. */
  #holdMessage(message: Message | undefined): void {
    if (typeof message?.id !== "string" || this.#known.has(message.id)) return;
    this.#known.add(message.id);
    const state = this.#connected;
    if (!state || typeof message.chatId !== "string") return;
    // A chat that began after `initialized` (the first message opens it) joins the local state.
    state.chat ??= { id: message.chatId, assignedIds: [], rating: null, status: "open", readInfo: null, unreadInfo: null, messages: [] };
    if (state.chat.id === message.chatId) state.chat.messages.push(message);
  }

  async #upload(url: string, form: FormData, total: number, report: (p: { loaded: number; total: number }) => void, signal?: AbortSignal): Promise<void> {
    const XHR = (globalThis as { XMLHttpRequest?: new () => XMLHttpRequest }).XMLHttpRequest;
    if (XHR) {
      await new Promise<void>((resolve, reject) => {
        const xhr = new XHR();
        xhr.open("POST", url);
        xhr.upload.onprogress = (e) => report({ loaded: e.loaded, total: e.lengthComputable ? e.total : total });
        xhr.onload = () => (xhr.status < 400 ? resolve() : reject(new ConnectionError(`The upload failed with ${xhr.status}.`)));
        xhr.onerror = () => reject(new ConnectionError("The upload failed."));
        signal?.addEventListener("abort", () => xhr.abort(), { once: true });
        xhr.onabort = () => reject(new AbortError("The upload was aborted."));
        xhr.send(form);
      });
      return;
    }
    let response: Response;
    try {
      response = await this.#fetch(url, { method: "POST", body: form, signal });
    } catch (error) {
      throw signal?.aborted ? new AbortError("The upload was aborted.") : new ConnectionError(`The upload failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    await response.body?.cancel().catch(() => {});
    if (response.status >= 400) throw new ConnectionError(`The upload failed with ${response.status}.`);
  }

  #report(error: unknown): void {
    const e = error instanceof ParleyError ? error : new ConnectionError(error instanceof Error ? error.message : String(error));
    this.#logger.error(e.message, { name: e.name });
    this.emit("error", e);
  }
}

/** Creates a visitor client (the seed's `createVisitorClient`); call `connect()` to start. */
export function createVisitorClient(options: VisitorClientOptions): VisitorClient {
  return new VisitorClient(options);
}
