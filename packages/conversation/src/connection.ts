import {
  ConnectionError,
  Emitter,
  ParleyError,
  StateError,
  TimeoutError,
  ValidationError,
  exponentialReconnectPolicy,
  optionalNumber,
  optionalString,
  requireBaseUrl,
  requireFunction,
  requireObject,
  requireString,
  silentLogger,
  withTimeout,
  type FetchLike,
  type Logger,
  type ReconnectPolicy,
  type WebSocketConstructor,
  type WebSocketLike,
} from "@parley/core";
import { Conversation, type ConversationHost, type StateNotification } from "./conversation.js";
import type { ConversationState, MessagingEventNotificationBody } from "./generated/events.js";
import { checkContent, checkSubscribeQuery } from "./validate.js";

export interface ConnectionOptions {
  accountId: string;
  /** The bearer token: it travels in the URL path, and never appears in an error or a log. */
  token: string;
  /** The account's asyncMessagingEnt domain (from CSDS), e.g. `va.msg.liveperson.net`. */
  host?: string;
  /** A full origin instead of `host`, e.g. `ws://127.0.0.1:4040` for the mock. */
  url?: string;
  /** The agent's user id and name: defaults for setAgentNote. */
  userId?: string;
  agentName?: string;
  WebSocket?: WebSocketConstructor;
  /** For file uploads (the HTTP PUT). Default the global `fetch`. */
  fetch?: FetchLike;
  /** Where `relativePath`s of uploads live (the account's file storage domain), e.g. `https://va.objectstorage.liveperson.net`. */
  uploadBaseUrl?: string;
  /** How long a request waits for its response, ms. Default 10 000. */
  requestTimeout?: number;
  /** Default: 1 s doubling to 30 s with jitter, unlimited; `false` never reconnects. */
  reconnect?: ReconnectPolicy | false;
  logger?: Logger;
}

export interface ConnectionEvents {
  open: [];
  /** The socket closed; `willReconnect` says whether the connection tries again. */
  close: [info: { code: number | undefined; reason: string; willReconnect: boolean }];
  reconnecting: [info: { attempt: number; delayMs: number }];
  /** A conversation seen for the first time (its first state already applied). */
  conversation: [conversation: Conversation];
  /** Messaging events of a dialog (ms.MessagingEventNotification). */
  message: [notification: MessagingEventNotificationBody];
  error: [error: ParleyError];
}

/** The server answered a request with a code above 399. */
export class ResponseError extends ParleyError {
  override name = "ResponseError";
  readonly code: number;
  readonly type: string;
  readonly body: unknown;
  constructor(code: number, type: string, body: unknown) {
    const msg = typeof (body as { msg?: unknown } | null)?.msg === "string" ? `: ${(body as { msg: string }).msg}` : "";
    super(`${type} failed with ${code}${msg}`);
    this.code = code;
    this.type = type;
    this.body = body;
  }
}

/** The socket was closed for an authentication problem (4401, 4407): no reconnection. */
export class AuthenticationClosedError extends ConnectionError {
  override name = "AuthenticationClosedError";
}

const AUTH_CLOSE_CODES = new Set([4401, 4407]);
const PING_INTERVAL = 60_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: ParleyError): void;
  timer: ReturnType<typeof setTimeout>;
  type: string;
}

/**
 * The agent's WebSocket to the messaging platform: requests and responses correlated by id, state
 * notifications routed to Conversation objects, keepalive pings, reconnection with resubscription.
 */
export class Connection extends Emitter<ConnectionEvents> {
  readonly accountId: string;
  readonly userId: string | undefined;
  readonly agentName: string | undefined;
  readonly kind = "brand" as const;
  readonly #url: string;
  readonly #safeUrl: string;
  readonly #token: string;
  readonly #WebSocket: WebSocketConstructor;
  readonly #fetch: FetchLike;
  readonly #uploadBaseUrl: string | undefined;
  readonly #timeout: number;
  readonly #policy: ReconnectPolicy | false;
  readonly #logger: Logger;
  readonly #pending = new Map<string, Pending>();
  readonly #conversations = new Map<string, Conversation>();
  readonly #subscriptions: { convState: ConversationState[]; agentIds?: string[] }[] = [];
  #ws: WebSocketLike | undefined;
  #nextId = 1;
  #attempt = 0;
  #closed = false;
  #ping: ReturnType<typeof setInterval> | undefined;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #opening: { resolve(): void; reject(error: ParleyError): void } | undefined;

  constructor(options: ConnectionOptions) {
    super();
    requireObject("options", options);
    this.accountId = requireString("options.accountId", options.accountId, { max: 100, pattern: /^[\w-]+$/, patternName: "an account id" });
    this.#token = requireString("options.token", options.token, { pattern: /^[^\s/?#]+$/, patternName: "a token without spaces, / ? or #" });
    const origin =
      options.url !== undefined
        ? requireBaseUrl("options.url", requireString("options.url", options.url).replace(/^ws/, "http")).replace(/^http/, "ws")
        : `wss://${requireString("options.host", options.host, { pattern: /^[\w.-]+(:\d+)?$/, patternName: "a host name" })}`;
    const path = `/ws_api/account/${this.accountId}/messaging/brand/`;
    this.#url = `${origin}${path}${encodeURIComponent(this.#token)}?v=2.1`;
    this.#safeUrl = `${origin}${path}[redacted]?v=2.1`;
    this.userId = optionalString("options.userId", options.userId);
    this.agentName = optionalString("options.agentName", options.agentName);
    const ws = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (typeof ws !== "function") throw new ValidationError("options.WebSocket", "is required where there is no global WebSocket (Node 20: pass `ws`)");
    this.#WebSocket = ws;
    if (options.fetch !== undefined) requireFunction("options.fetch", options.fetch);
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#uploadBaseUrl = options.uploadBaseUrl === undefined ? undefined : requireBaseUrl("options.uploadBaseUrl", options.uploadBaseUrl);
    this.#timeout = optionalNumber("options.requestTimeout", options.requestTimeout, { min: 1 }) ?? 10_000;
    if (options.reconnect !== undefined && options.reconnect !== false) requireFunction("options.reconnect.nextRetryDelayMs", options.reconnect?.nextRetryDelayMs);
    this.#policy = options.reconnect ?? exponentialReconnectPolicy({ initialDelayMs: 1000, maxDelayMs: 30_000, jitter: 0.5 });
    this.#logger = options.logger ?? silentLogger;
  }

  /** Opens the socket; resolves once it is open. */
  connect(): Promise<void> {
    if (this.#ws && this.#ws.readyState === 1) return Promise.resolve();
    this.#closed = false;
    return new Promise((resolve, reject) => {
      this.#opening = { resolve, reject };
      this.#open();
    });
  }

  /** Closes for good: pending requests reject, nothing reconnects. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#reconnectTimer);
    clearInterval(this.#ping);
    const ws = this.#ws;
    this.#ws = undefined;
    ws?.close(1000, "closed by the client");
    this.#failPending(new StateError("The connection was closed."));
    this.#opening?.reject(new StateError("The connection was closed before it opened."));
    this.#opening = undefined;
  }

  /** Sends a request envelope and resolves the response body (code ≤ 399), else a ResponseError. */
  request(type: string, body: object): Promise<unknown> {
    body = checkContent("body", body);
    requireString("type", type, { max: 100 });
    requireObject("body", body);
    const ws = this.#ws;
    if (!ws || ws.readyState !== 1) return Promise.reject(new StateError("Not connected: call connect() first (or wait for the reconnection)."));
    const id = String(this.#nextId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new TimeoutError(`No response to ${type} within ${this.#timeout} ms.`));
      }, this.#timeout);
      this.#pending.set(id, { resolve, reject, timer, type });
      ws.send(JSON.stringify({ kind: "req", id, type, body }));
    });
  }

  /** Subscribes to conversation state notifications (resubscribed after every reconnection). */
  async subscribe(query: { convState: ConversationState[]; agentIds?: string[] }): Promise<{ subscriptionId: string }> {
    query = checkSubscribeQuery(query);
    requireObject("query", query);
    if (!Array.isArray(query.convState) || query.convState.length === 0) throw new ValidationError("query.convState", "must be a non-empty array of states");
    const result = (await this.request("cqm.SubscribeExConversations", query)) as { subscriptionId: string };
    this.#subscriptions.push({ ...query });
    return result;
  }

  /** A conversation known to this connection. */
  getConversation(id: string): Conversation | undefined {
    return this.#conversations.get(id);
  }

  getConversations(): Conversation[] {
    return [...this.#conversations.values()];
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
  };

  // ---- internals ---------------------------------------------------------------------------

  #open(): void {
    Object.assign(this.#host, { accountId: this.accountId, userId: this.userId, agentName: this.agentName });
    let ws: WebSocketLike;
    try {
      ws = new this.#WebSocket(this.#url);
    } catch (error) {
      return this.#onClose(undefined, `could not open ${this.#safeUrl}: ${error instanceof Error ? this.#redact(error.message) : "error"}`);
    }
    this.#ws = ws;
    ws.onopen = () => {
      if (this.#ws !== ws) return;
      this.#attempt = 0;
      clearInterval(this.#ping);
      if (typeof ws.ping === "function") this.#ping = setInterval(() => ws.ping?.(), PING_INTERVAL);
      (this.#ping as { unref?: () => void } | undefined)?.unref?.();
      this.emit("open");
      this.#opening?.resolve();
      this.#opening = undefined;
      for (const query of this.#subscriptions) {
        this.request("cqm.SubscribeExConversations", query).catch((error: unknown) => this.#report(error));
      }
    };
    ws.onmessage = (event) => {
      if (this.#ws === ws) this.#onFrame(typeof event.data === "string" ? event.data : String(event.data));
    };
    ws.onclose = (event) => {
      if (this.#ws === ws) this.#onClose(event.code, event.reason ?? "");
    };
    ws.onerror = () => {
      // The close event follows and decides.
    };
  }

  #onFrame(text: string): void {
    let frame: { kind?: unknown; reqId?: unknown; code?: unknown; type?: unknown; body?: unknown };
    try {
      frame = JSON.parse(text);
    } catch {
      return this.#report(new ConnectionError("The server sent a frame that is not JSON."));
    }
    if (frame?.kind === "resp" && typeof frame.reqId === "string") {
      const pending = this.#pending.get(frame.reqId);
      if (!pending) return;
      this.#pending.delete(frame.reqId);
      clearTimeout(pending.timer);
      const code = typeof frame.code === "number" ? frame.code : 500;
      if (code > 399) pending.reject(new ResponseError(code, pending.type, frame.body));
      else pending.resolve(frame.body);
      return;
    }
    if (frame?.kind !== "notification") return;
    if (frame.type === "cqm.ExConversationChangeNotification") {
      const changes = (frame.body as { changes?: unknown })?.changes;
      if (!Array.isArray(changes)) return this.#report(new ConnectionError("A conversation notification without changes."));
      for (const change of changes as { type?: string; result?: StateNotification }[]) this.#onChange(change);
    } else if (frame.type === "ms.MessagingEventNotification") {
      this.emit("message", frame.body as MessagingEventNotificationBody);
    }
  }

  #onChange(change: { type?: string; result?: StateNotification }): void {
    const id = change.result?.convId;
    if (typeof id !== "string") return this.#report(new ConnectionError("A conversation change without convId."));
    if (change.type === "DELETE") {
      this.#conversations.delete(id);
      return;
    }
    let conversation = this.#conversations.get(id);
    const isNew = !conversation;
    conversation ??= new Conversation(this.#host, id);
    try {
      conversation.processStateNotification(change.result!);
    } catch (error) {
      return this.#report(error);
    }
    if (isNew) {
      this.#conversations.set(id, conversation);
      this.emit("conversation", conversation);
    }
  }

  #onClose(code: number | undefined, reason: string): void {
    clearInterval(this.#ping);
    this.#ws = undefined;
    this.#failPending(new ConnectionError(`The connection closed before the server answered (${reason || code}).`));
    if (this.#closed) return;
    if (code !== undefined && AUTH_CLOSE_CODES.has(code)) {
      this.#closed = true;
      const error = new AuthenticationClosedError(`The server closed the connection for an authentication problem (${code}).`);
      this.emit("close", { code, reason, willReconnect: false });
      this.#opening?.reject(error);
      this.#opening = undefined;
      return this.#report(error);
    }
    const delay = this.#policy === false ? null : this.#policy.nextRetryDelayMs({ attempt: this.#attempt, elapsedMs: 0 });
    this.emit("close", { code, reason, willReconnect: delay !== null });
    if (delay === null) {
      this.#closed = true;
      this.#opening?.reject(new ConnectionError(`Could not connect to ${this.#safeUrl}.`));
      this.#opening = undefined;
      return;
    }
    this.#attempt++;
    this.emit("reconnecting", { attempt: this.#attempt, delayMs: delay });
    this.#reconnectTimer = setTimeout(() => this.#open(), delay);
  }

  async #upload(relativePath: string, queryParams: { temp_url_sig: string; temp_url_expires: string }, data: ArrayBuffer | Uint8Array, fileType: string): Promise<void> {
    if (!this.#uploadBaseUrl) throw new StateError("Uploads need options.uploadBaseUrl (the account's file storage domain).");
    const url = `${this.#uploadBaseUrl}${relativePath.startsWith("/") ? "" : "/"}${relativePath}?temp_url_sig=${encodeURIComponent(queryParams.temp_url_sig)}&temp_url_expires=${encodeURIComponent(queryParams.temp_url_expires)}`;
    let response: Response;
    try {
      const body = data instanceof Uint8Array ? data.slice() : new Uint8Array(data);
      response = await withTimeout(this.#timeout, "The upload", (signal) => this.#fetch(url, { method: "PUT", body, headers: { "content-type": `image/${fileType.toLowerCase()}` }, signal }));
    } catch (error) {
      if (error instanceof TimeoutError) throw error;
      throw new ConnectionError(`The upload failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    await response.body?.cancel().catch(() => {});
    if (response.status >= 400) throw new ConnectionError(`The upload failed with ${response.status}.`);
  }

  #failPending(error: ParleyError): void {
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      pending.reject(error);
    }
  }

  #redact(text: string): string {
    return text.split(this.#token).join("[redacted]").split(encodeURIComponent(this.#token)).join("[redacted]");
  }

  #report(error: unknown): void {
    const e = error instanceof ParleyError ? error : new ConnectionError(error instanceof Error ? this.#redact(error.message) : String(error));
    this.#logger.error(e.message, { name: e.name });
    this.emit("error", e);
  }
}
