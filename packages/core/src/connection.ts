// Owns the realtime connection lifecycle both socket SDKs share: open, handshake, keepalive, reconnect, close.
import { MAX_TIMER_MS, clampMs } from "./backoff.js";
import { listenToBrowser } from "./browser-hooks.js";
import { secretForms } from "./credentials.js";
import { ConnectionError, ParleyError, StateError, TimeoutError } from "./errors.js";
import { Keepalive } from "./keepalive.js";
import { AuthenticationClosedError, ConnectionRefusedError, ProtocolError } from "./realtime-errors.js";
import { redactSecrets, redactUrl } from "./redact.js";
import type { ConnectionState, LinkLoss, Protocol, RealtimeOptions } from "./realtime-protocol.js";
import type { WebSocketLike } from "./socket.js";

export type { BrowserEnvironment } from "./browser-hooks.js";
export type { ConnectionState, LinkLoss, Protocol, RealtimeOptions, StateChange } from "./realtime-protocol.js";

interface Waiter {
  resolve(): void;
  reject(error: ParleyError): void;
  timer?: ReturnType<typeof setTimeout>;
}

/** ws reports an HTTP refusal of the upgrade as an error event with this message. */
const UPGRADE_REFUSED = /Unexpected server response: (401|403)\b/;

/**
 * The one realtime connection lifecycle both socket SDKs run on: opening with a deadline,
 * handshake with a deadline, keepalive with a deadline, reconnection by policy (told the real
 * elapsed time and the error), credentials refreshed after an authentication close, browser
 * `online` / `visibilitychange` hooks, and a `close()` that leaves no socket and no timer behind.
 * The SDK supplies the protocol: its codec, its handshake and its request ids.
 */
export class RealtimeConnection {
  readonly #options: RealtimeOptions;
  readonly #protocol: Protocol;
  readonly #keepalive: Keepalive;
  readonly #waiters = new Set<Waiter>();
  #state: ConnectionState = "disconnected";
  #ws: WebSocketLike | undefined;
  #open = false;
  #socketError = "";
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  /** The first `connect()`'s deadline: set until the first `ready()`, across its retries. */
  #firstTimer: ReturnType<typeof setTimeout> | undefined;
  #tries = 0;
  #lastError: ParleyError | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #lostAt: number | undefined;
  #credential: string | undefined;
  #refreshCredential = true;
  /** Bumped on every new socket and on close: a late callback of an old one is ignored. */
  #generation = 0;
  /** Stops listening to the browser hooks (set while connecting or connected). */
  #unlistenBrowser: (() => void) | undefined;

  /** Nothing is opened until `connect()`. */
  constructor(options: RealtimeOptions, protocol: Protocol) {
    this.#options = options;
    this.#protocol = protocol;
    if (typeof options.credential === "string") this.#credential = options.credential;
    this.#keepalive = new Keepalive(
      options.keepalive,
      () => this.#guard(() => protocol.ping()),
      () => this.#lose(new TimeoutError("No answer to the keepalive: the peer is gone."), undefined, "ping timeout"),
    );
  }

  /** Where the connection is now. */
  get state(): ConnectionState {
    return this.#state;
  }

  /** The current socket, open or opening. */
  get socket(): WebSocketLike | undefined {
    return this.#ws;
  }

  /** The credential values to scrub from anything the server echoes. */
  get secrets(): string[] {
    return secretForms(this.#credential);
  }

  /** `text` with the credential's forms replaced by `[redacted]`. */
  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  /**
   * Connects, or joins the attempt under way (concurrent calls and calls during a backoff share
   * it). Resolves once `ready()`; rejects when the server refuses, the policy gives up, `close()`,
   * or (from `disconnected`) when `connectTimeoutMs` has passed without a connection, retries
   * included: then with the last attempt's error type (`TimeoutError`, `ConnectionError`,
   * `ProtocolError`), the attempts' count in the message and that error as `cause`.
   */
  connect(): Promise<void> {
    if (this.#state === "connected") return Promise.resolve();
    const promise = this.#wait();
    if (this.#state === "disconnected") {
      this.#attempt = 0;
      this.#tries = 0;
      this.#lastError = undefined;
      this.#lostAt = Date.now();
      this.#unlistenBrowser = listenToBrowser(this.#options.environment, { online: () => this.#onOnline(), visible: () => this.#onVisible() });
      this.#set("connecting");
      const ms = this.#options.connectTimeoutMs;
      this.#firstTimer = setTimeout(() => this.#end(this.#deadlineError(ms), { code: 4000, reason: "connect timeout" }, true), ms);
      this.#openSocket();
    }
    return promise;
  }

  /** Resolves when connected; rejects after `timeoutMs`, on a give-up or `close()`. */
  whenConnected(timeoutMs: number): Promise<void> {
    if (this.#state === "connected") return Promise.resolve();
    if (this.#state === "disconnected") return Promise.reject(new StateError("Not connected: call connect() first."));
    return this.#wait(timeoutMs);
  }

  /** Closes for good: the socket and every timer go, and whatever waits rejects with a StateError. */
  close(code = 1000, reason = "closed by the client"): void {
    this.#end(new StateError("The connection was closed."), { code, reason });
  }

  /** Sends a text frame; throws StateError without an open socket. */
  send(text: string): void {
    const ws = this.#ws;
    if (!ws || !this.#open) throw new StateError("Not connected.");
    try {
      ws.send(text);
    } catch (error) {
      throw new ConnectionError(`Could not send: ${this.redact(error instanceof Error ? error.message : String(error))}`);
    }
  }

  // ---- called by the protocol ---------------------------------------------------------------

  /** The handshake completed: the connection is usable. */
  ready(): void {
    if (!this.#ws || this.#state === "connected" || this.#state === "disconnected") return;
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#firstTimer);
    this.#attempt = 0;
    this.#lostAt = undefined;
    this.#keepalive.start();
    this.#set("connected");
    for (const waiter of this.#takeWaiters()) waiter.resolve();
  }

  /** The server refused the handshake: no retry; `connect()` and everything waiting reject with `error`. */
  refuse(error: ParleyError): void {
    if (this.#state === "disconnected") return;
    this.#end(error, { code: 4000, reason: "refused" }, true);
  }

  /** The server ended the session on purpose: no retry, no give-up event. `reason` goes to `lost`. */
  end(error: ParleyError, reason = "ended by the server"): void {
    if (this.#state === "disconnected") return;
    this.#end(error, { code: 1000, reason });
  }

  /** The protocol found the link unusable (e.g. bad handshake data): drop it and reconnect by policy. */
  drop(error: ParleyError, reason: string): void {
    if (this.#ws) this.#lose(error, undefined, reason);
  }

  /** Server-given keepalive timings; clamped to 1 s..10 min. */
  setKeepalive(intervalMs: unknown, timeoutMs: unknown): void {
    this.#keepalive.set(intervalMs, timeoutMs);
  }

  // ---- internals ----------------------------------------------------------------------------

  #wait(timeoutMs?: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(new TimeoutError(`Not connected within ${timeoutMs} ms; the call was not sent.`));
        }, timeoutMs);
      }
      this.#waiters.add(waiter);
    });
  }

  #takeWaiters(): Waiter[] {
    const all = [...this.#waiters];
    this.#waiters.clear();
    for (const waiter of all) clearTimeout(waiter.timer);
    return all;
  }

  #set(state: ConnectionState, error?: ParleyError): void {
    const previous = this.#state;
    if (previous === state) return;
    this.#state = state;
    this.#protocol.changed(error ? { state, previous, error } : { state, previous });
  }

  /** The first connect()'s deadline passed: the last attempt's error type, the attempts' count, the cause kept. */
  #deadlineError(ms: number): ParleyError {
    const last = this.#lastError;
    const message = `Not connected within ${ms} ms (${this.#tries} attempt${this.#tries === 1 ? "" : "s"})${last ? `: ${last.message}` : "."}`;
    if (!last || last instanceof TimeoutError) return new TimeoutError(message, { cause: last });
    return last instanceof ProtocolError ? new ProtocolError(message, { cause: last }) : new ConnectionError(message, { cause: last });
  }

  #openSocket(): void {
    this.#tries++;
    const generation = ++this.#generation;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#connectTimer);
    const ms = this.#options.connectTimeoutMs;
    this.#connectTimer = setTimeout(() => this.#lose(new TimeoutError(`Not connected within ${ms} ms.`), undefined, "connect timeout"), ms);
    const provider = this.#options.credential;
    if (typeof provider !== "function" || !this.#refreshCredential) return this.#create();
    // The provider is awaited inside the attempt's deadline; a close() meanwhile wins.
    Promise.resolve()
      .then(provider)
      .then(
        (credential) => {
          if (generation !== this.#generation) return;
          if (typeof credential !== "string" || credential === "") throw new ConnectionRefusedError("The credentials provider returned no credential.");
          this.#credential = credential;
          this.#refreshCredential = false;
          this.#create();
        },
      )
      .catch((error: unknown) => {
        if (generation !== this.#generation) return;
        const e = error instanceof ParleyError ? error : new ConnectionError(`The credentials provider failed: ${error instanceof Error ? error.message : String(error)}`);
        this.#lose(e, undefined, "credentials");
      });
  }

  #create(): void {
    let ws: WebSocketLike;
    const url = this.#protocol.url(this.#credential);
    try {
      ws = new this.#options.WebSocket(url);
    } catch (error) {
      return this.#lose(new ConnectionError(`Could not open ${redactUrl(this.redact(url))}: ${this.redact(error instanceof Error ? error.message : String(error))}`), undefined, "transport error");
    }
    this.#ws = ws;
    this.#open = false;
    this.#socketError = "";
    ws.onopen = () => {
      if (this.#ws === ws) this.#opened();
    };
    ws.onmessage = (event) => {
      if (this.#ws === ws) this.#message(event?.data);
    };
    ws.onerror = (event) => {
      // The close event follows and decides; ws names an HTTP refusal of the upgrade here.
      const message = (event as { message?: unknown } | null)?.message;
      if (this.#ws === ws && typeof message === "string") this.#socketError = message;
    };
    ws.onclose = (event) => {
      if (this.#ws === ws) this.#closed(event?.code, typeof event?.reason === "string" ? event.reason : "");
    };
  }

  #opened(): void {
    if (this.#open) return;
    this.#open = true;
    this.#guard(() => this.#protocol.opened());
  }

  #message(data: unknown): void {
    // A frame proves the socket open, even where `open` was not seen first.
    this.#opened();
    this.#keepalive.heard();
    if (this.#ws === undefined) return;
    if (typeof data !== "string") return this.#protocol.report(new ProtocolError("The server sent a binary frame; the protocol is text only."));
    this.#guard(() => this.#protocol.frame(data));
  }

  #closed(code: number | undefined, rawReason: string): void {
    const reason = this.redact(rawReason).slice(0, 200);
    const authCode = code !== undefined && (this.#options.authCloseCodes ?? []).includes(code);
    const refusal = UPGRADE_REFUSED.exec(this.#socketError);
    if (authCode || refusal) {
      const error = new AuthenticationClosedError(
        authCode ? `The server closed the connection for an authentication problem (${code}${reason ? `: ${reason}` : ""}).` : `The server refused the upgrade with HTTP ${refusal![1]}.`,
        authCode ? code : undefined,
      );
      // A provider can give a fresh credential; a fixed one cannot, so that is the end.
      if (typeof this.#options.credential === "function") {
        this.#refreshCredential = true;
        return this.#lose(error, code, reason);
      }
      this.#detach({ code: 4000, reason: "authentication" });
      this.#protocol.lost({ error, code, reason, willRetry: false, attempt: this.#attempt, delayMs: 0 });
      return this.#end(error, undefined, true);
    }
    // ws names a non-101 answer "Unexpected server response: 200"; a refused TCP connection "connect ECONNREFUSED ...".
    const status = /Unexpected server response: (\d{3})/.exec(this.#socketError)?.[1];
    const why = reason || this.redact(this.#socketError) || (code === undefined ? "" : `code ${code}`);
    const error = status ? `The server answered the WebSocket upgrade with HTTP ${status}, not 101.` : `The connection closed${why ? ` (${why})` : ""}.`;
    this.#lose(new ConnectionError(error), code, reason || "transport close");
  }

  /** The socket is lost: detach it, tell the protocol, then retry by policy or give up. */
  #lose(error: ParleyError, code: number | undefined, reason: string): void {
    if (this.#state === "disconnected") return;
    this.#detach({ code: 4000, reason });
    this.#lastError = error;
    this.#lostAt ??= Date.now();
    const delay = this.#nextDelay(error);
    this.#protocol.lost({ error, code, reason, willRetry: delay !== null, attempt: this.#attempt, delayMs: delay ?? 0 });
    // A listener of `lost` may have closed the connection.
    if ((this.#state as ConnectionState) === "disconnected") return;
    if (delay === null) return this.#end(this.#attempt > 0 ? new ConnectionError(`Gave up reconnecting after ${this.#attempt} attempts: ${error.message}`, { cause: error }) : error, undefined, true);
    this.#set("reconnecting", error);
    this.#retryTimer = setTimeout(() => this.#openSocket(), delay);
  }

  #nextDelay(error: ParleyError): number | null {
    const policy = this.#options.reconnect;
    if (policy === false) return null;
    let delay: number | null;
    try {
      delay = policy.nextRetryDelayMs({ attempt: this.#attempt, elapsedMs: Date.now() - (this.#lostAt ?? Date.now()), error });
    } catch (thrown) {
      this.#protocol.report(new ConnectionError(`The reconnect policy threw: ${thrown instanceof Error ? thrown.message : String(thrown)}`));
      return null;
    }
    if (delay === null || typeof delay !== "number" || Number.isNaN(delay)) return null;
    this.#attempt++;
    return clampMs(delay, 0, MAX_TIMER_MS);
  }

  /** Stops the socket and its timers, keeps the state. */
  #detach(close?: { code: number; reason: string }): void {
    this.#generation++;
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#retryTimer);
    this.#keepalive.stop();
    const ws = this.#ws;
    this.#ws = undefined;
    this.#open = false;
    if (!ws) return;
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
    try {
      ws.close(close?.code ?? 4000, close?.reason ?? "detached");
    } catch {
      // a socket that is still connecting may refuse a code; it is unreferenced either way
    }
  }

  /** The connection is over (close, refusal, give-up, server end): nothing stays behind. */
  #end(error: ParleyError, close?: { code: number; reason: string }, terminal = false): void {
    const wasActive = this.#state !== "disconnected";
    if (this.#ws) {
      this.#detach(close);
      this.#protocol.lost({ error, code: close?.code, reason: close?.reason ?? "", willRetry: false, attempt: this.#attempt, delayMs: 0 });
    } else {
      this.#detach(close);
    }
    clearTimeout(this.#firstTimer);
    this.#unlistenBrowser?.();
    this.#unlistenBrowser = undefined;
    for (const waiter of this.#takeWaiters()) waiter.reject(error);
    if (!wasActive) return;
    this.#set("disconnected", error instanceof StateError ? undefined : error);
    if (terminal) this.#protocol.gaveUp(error);
  }

  #guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.#protocol.report(error instanceof ParleyError ? error : new ProtocolError(`An inbound frame could not be handled: ${this.redact(error instanceof Error ? error.message : String(error))}`));
    }
  }

  // ---- browsers -----------------------------------------------------------------------------

  #onOnline(): void {
    // The network is back: retry now instead of waiting out the backoff.
    if (this.#state === "reconnecting" && !this.#ws) this.#openSocket();
    else if (this.#state === "connected") this.#keepalive.check();
  }

  #onVisible(): void {
    // Background tabs throttle timers: check the link as soon as the tab is seen again.
    if (this.#state === "connected") this.#keepalive.check();
  }
}
