// The visitor client: the socket (engine.io v3 / socket.io v2 framing over core's RealtimeConnection), acks, queueing while
// reconnecting, and the seed's methods; the server-reported state is `state.ts`'s reducer, uploads are `upload.ts`.
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
  silentLogger,
  requireBoolean,
  requireEmail,
  requireObject,
  requireString,
  type ConnectionState,
  type FetchLike,
  type LinkLoss,
  type Logger,
  type WebSocketLike,
} from "@parley/core";
import { decodeEngine, decodeSocket, encodeEngine, encodeFrame } from "./codec.js";
import { serverEventNames } from "./generated/events.js";
import { readOptions } from "./options.js";
import { uploadFile } from "./upload.js";
import type { Agent, ClientEvents, ConnectedData, Group, Message, ServerEvents, UploadInit, Visitor, VisitorConnectRequest } from "./generated/events.js";
import { AckLostError, SocketError, errorBody } from "./errors.js";
import { EVENT_GUARDS, isConnectedData, isMessage, isObject, isUploadInit } from "./guards.js";
import { initialState, reduce, type StateInput, type VisitorState } from "./state.js";
import type { AccountStatus, VisitorClientEvents, VisitorClientOptions } from "./types.js";
import { checkAuthenticateValues, checkIdentity, checkMessage, checkRating } from "./validate.js";

const BUNDLE_VERSION = "Websocket SDK 1.2.2";
const TEXT_MAX = 10_000;
const SERVER_EVENTS = new Set<string>(serverEventNames);
/** engine.io's defaults, until the server's `0` packet gives its own. */
const ENGINE_PING = { intervalMs: 25_000, timeoutMs: 20_000 };
/** The disconnect reasons socket.io-client gives; any other loss is a `transport close`. */
const REASONS = new Set(["ping timeout", "io client disconnect", "io server disconnect"]);
type AckedEvent = { [K in keyof ClientEvents]: ClientEvents[K]["ack"] extends never ? never : K }[keyof ClientEvents];


/**
 * The visitor side of a web chat: `connect()`, then the seed's methods and events. The connection
 * (one `RealtimeConnection` of `@parley/core`) reconnects by itself after a drop, sends
 * `visitor.connect` again with the visitor's id, and fires `initialized` with the latest data;
 * calls made meanwhile wait (up to `queueTimeout`) and go out then. Each message reaches
 * `chat.message_received` once, including those that arrived while disconnected. Inbound frames
 * are checked before use: a bad one is an `error` event (`ProtocolError`) and is dropped.
 */
export class VisitorClient extends Emitter<VisitorClientEvents> {
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
  #state: VisitorState;
  #identityUpdate: { values: Record<string, unknown>; timer: ReturnType<typeof setTimeout> } | undefined;

  /** Checks `options` (a `ValidationError` names a bad one); nothing is opened until `connect()`. */
  constructor(options: VisitorClientOptions) {
    super({ onListenerError: (error) => (options?.logger ?? silentLogger).error("a listener threw", { error: String(error) }) });
    const o = readOptions(options);
    this.#url = o.url;
    this.#ackTimeout = o.ackTimeout;
    this.#queueTimeout = o.queueTimeout;
    this.#logger = o.logger;
    this.#fetch = o.fetch;
    this.#uploadTimeout = o.uploadTimeout;
    this.#state = initialState(o.data);
    this.#link = new RealtimeConnection(
      {
        WebSocket: o.WebSocket,
        reconnect: o.reconnect,
        connectTimeoutMs: o.connectTimeout,
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
   * attempt is under way (or during a backoff) share it. Bounded: when `connection.connectTimeout`
   * (default 20 000 ms) has passed since the first call without a connection, retries included,
   * it rejects with the last attempt's error type (`TimeoutError`, `ConnectionError`,
   * `ProtocolError`; attempts counted in the message, the last failure as `cause`) and nothing
   * retries. Also rejects with `ConnectionRefusedError` / `SocketError` when the server refuses,
   * with the give-up error when the reconnect policy stops, with `StateError` on `disconnect()`.
   * Each failed attempt emits `error` first.
   */
  async connect(): Promise<ConnectedData> {
    this.#started = true;
    await this.#link.connect();
    return this.#state.connected!;
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

  /** Whether the visitor is connected and identified (`state` is `connected`). */
  isConnected(): boolean {
    return this.#link.state === "connected";
  }

  /** Whether `initialized` was emitted at least once. */
  isInitialized(): boolean {
    return this.#state.connected !== undefined;
  }

  /** The open WebSocket, if any (the real client's `getConnection`). */
  getConnection(): WebSocketLike | undefined {
    return this.#link.socket;
  }

  // ---- the seed's methods -------------------------------------------------------------------

  /**
   * Sends a text message (`chat.message`, acked; seed 004): `content` `{ type: "text", text }` with 1 to
   * 10 000 characters; resolves the stored Message (also delivered later by `chat.message_received`,
   * which the client then skips). A lost ack is never resent on its own. Rejects with `StateError` before `connect()` or after `disconnect()`, `SocketError` when the server refuses, `TimeoutError` after `ackTimeout` (or `queueTimeout` while reconnecting), `AckLostError` when the connection drops before the ack.
   */
  async chatMessage(message: ClientEvents["chat.message"]["payload"]): Promise<Message> {
    message = checkMessage(message);
    return this.#request("chat.message", message);
  }

  /** Starts an upload (`chat.upload_init`, acked): `{ url, token }` for the HTTP upload, then `chatUploadFinish(token)`; a malformed ack is a `ProtocolError`. Rejects with `StateError` before `connect()` or after `disconnect()`, `SocketError` when the server refuses, `TimeoutError` after `ackTimeout` (or `queueTimeout` while reconnecting), `AckLostError` when the connection drops before the ack. */
  async chatUploadInit(): Promise<UploadInit> {
    return this.#request("chat.upload_init", null);
  }

  /** Finishes an upload (`chat.upload_finish`, acked; `token` at most 2 000 characters); resolves the Message that carries the file. Rejects with `StateError` before `connect()` or after `disconnect()`, `SocketError` when the server refuses, `TimeoutError` after `ackTimeout` (or `queueTimeout` while reconnecting), `AckLostError` when the connection drops before the ack. */
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
    return uploadFile(file, options, {
      init: () => this.chatUploadInit(),
      finish: (token) => this.chatUploadFinish(token),
      fetch: this.#fetch,
      timeout: this.#uploadTimeout,
    });
  }

  /** Tells the agent whether the visitor is typing and, optionally, what (at most 10 000 characters) (`chat.typing`, no ack). Rejects with `StateError` before `connect()`. */
  async chatTyping(isTyping: boolean, text: string | null = null): Promise<void> {
    requireBoolean("isTyping", isTyping);
    if (text !== null) requireString("text", text, { min: 0, max: TEXT_MAX });
    await this.#notify("chat.typing", { typing: { is: isTyping, text } });
  }

  /** Marks the chat read up to now (`chat.read`, no ack). Rejects with `StateError` before `connect()`. */
  async chatRead(): Promise<void> {
    await this.#notify("chat.read", null);
  }

  /** Closes the visitor's chat (`chat.close`, acked). Rejects with `StateError` before `connect()` or after `disconnect()`, `SocketError` when the server refuses, `TimeoutError` after `ackTimeout` (or `queueTimeout` while reconnecting), `AckLostError` when the connection drops before the ack. */
  async chatClose(): Promise<void> {
    await this.#request("chat.close", null);
  }

  /** Asks for the chat's transcript by email (`chat.transcript`, acked): a valid `email`, `lang` at most 10 characters. Rejects with `StateError` before `connect()` or after `disconnect()`, `SocketError` when the server refuses, `TimeoutError` after `ackTimeout` (or `queueTimeout` while reconnecting), `AckLostError` when the connection drops before the ack. */
  async chatTranscript(email: string, lang: string): Promise<void> {
    requireEmail("email", email);
    requireString("lang", lang, { max: 10 });
    await this.#request("chat.transcript", { email, lang });
  }

  /** Starts rating the chat (`chat.rate_init`, acked); resolves the server's ack. Rejects with `StateError` before `connect()` or after `disconnect()`, `SocketError` when the server refuses, `TimeoutError` after `ackTimeout` (or `queueTimeout` while reconnecting), `AckLostError` when the connection drops before the ack. */
  async chatRateInit(): Promise<ClientEvents["chat.rate_init"]["ack"]> {
    return this.#request("chat.rate_init", null);
  }

  /** Rates the chat (`chat.rate`, acked): `messageId` of the rating message, `value` a whole number 1 to 5, `text` at most 2 000 characters. Rejects with `StateError` before `connect()` or after `disconnect()`, `SocketError` when the server refuses, `TimeoutError` after `ackTimeout` (or `queueTimeout` while reconnecting), `AckLostError` when the connection drops before the ack. */
  async chatRate(rating: ClientEvents["chat.rate"]["payload"]): Promise<void> {
    rating = checkRating(rating);
    await this.#request("chat.rate", rating);
  }

  /** Authenticates the visitor with your values (`visitor.authenticate`, acked; at most 100 keys of 2 000-character strings). Rejects with `StateError` before `connect()` or after `disconnect()`, `SocketError` when the server refuses, `TimeoutError` after `ackTimeout` (or `queueTimeout` while reconnecting), `AckLostError` when the connection drops before the ack. */
  async authenticate(values: Record<string, unknown>): Promise<ClientEvents["visitor.authenticate"]["ack"]> {
    values = checkAuthenticateValues(values);
    requireObject("values", values);
    return this.#request("visitor.authenticate", { values });
  }

  /** Updates the visitor's identity (name, email, phone, ...). Batched for 1 ms, like the real client; no ack. */
  async updateVisitorIdentity(values: Partial<Pick<Visitor, "name" | "email" | "phone" | "group" | "lang" | "variables">>): Promise<void> {
    const checked = checkIdentity(values) as Record<string, unknown>;
    this.#requireStarted();
    this.#apply({ type: "identity", values: checked });
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

  /** The account's status from `initialized` and the events since, or undefined before `initialized`. */
  getAccountStatus(): AccountStatus | undefined {
    return this.#state.connected?.account.status;
  }

  /** The visitor id the server gave (or `options.data.id` before it did), or undefined. */
  getVisitorId(): string | undefined {
    return this.#state.connected?.visitor.id ?? this.#state.data.id ?? undefined;
  }

  /** A copy of the visitor's identity as the server knows it; `{}` before `initialized`. */
  getVisitorIdentity(): Partial<Visitor> {
    const visitor = this.#state.connected?.visitor;
    return visitor ? { ...visitor } : {};
  }

  /** A copy of the account's agents list (updated by `agent.updated` and `agent.removed`). */
  getAgents(): Agent[] {
    return [...(this.#state.connected?.account.agents ?? [])];
  }

  /** The agent with this id, or undefined. */
  getAgent(id: string): Agent | undefined {
    return this.#state.connected?.account.agents.find((a) => a.id === id);
  }

  /** A copy of the account's groups list. */
  getGroups(): Group[] {
    return [...(this.#state.connected?.account.groups ?? [])];
  }

  /** The group with this key, or undefined. */
  getGroup(key: string): Group | undefined {
    return this.#state.connected?.account.groups.find((g) => g.key === key);
  }

  /** The agents assigned to the visitor's chat (updated by `chat.agent_assigned` / `chat.agent_unassigned`). */
  getAssignedAgents(): Agent[] {
    const ids = this.#state.connected?.chat?.assignedIds ?? [];
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
          this.#apply({ type: "held", message: result });
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
    const payload: VisitorConnectRequest = { ...this.#state.data, id: this.getVisitorId() ?? null, bundleVersion: BUNDLE_VERSION };
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
    // The link is ready before anyone hears of it: listeners of `initialized` may call at once.
    this.#apply({ type: "initialized", data }, () => this.#link.ready());
  }

  #onServerEvent(name: string, payload: unknown): void {
    if (!SERVER_EVENTS.has(name)) return this.#report(new ProtocolError(`An event the visitor protocol does not have: ${JSON.stringify(name.slice(0, 60))}.`));
    if (!isObject(payload) || !(EVENT_GUARDS[name]?.(payload) ?? true)) return this.#report(new ProtocolError(`A ${name} event whose payload is not the spec's shape.`));
    if (name === "server.error") return this.#report(new SocketError(payload));
    this.#apply({ type: "event", name: name as keyof ServerEvents, payload: payload as unknown as ServerEvents[keyof ServerEvents] });
  }

  /** Moves the state on by the reducer, then emits what it says (after `beforeEmit`). */
  #apply(input: StateInput, beforeEmit?: () => void): void {
    const { state, emit } = reduce(this.#state, input);
    this.#state = state;
    beforeEmit?.();
    for (const [event, ...args] of emit) this.emit(event, ...(args as never));
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
    // A failed attempt says why (a non-101 answer, a refused TCP connection, a close before the handshake).
    else if (!closing) this.#report(loss.error);
    if (loss.willRetry) this.emit("reconnecting", { attempt: loss.attempt, delayMs: loss.delayMs, error: loss.error });
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
