// Owns dead-peer detection by the application protocol: probe, deadline, clamped timings.
import { clampMs } from "./backoff.js";

/** Shortest keepalive interval or timeout, ms: server-given values below it are raised to it. */
export const KEEPALIVE_MIN_MS = 1000;
/** Longest keepalive interval or timeout, ms (10 min): server-given values above it are lowered to it. */
export const KEEPALIVE_MAX_MS = 10 * 60_000;

/**
 * Dead-peer detection by the application protocol, so it works in browsers (which expose no
 * WebSocket ping): every `intervalMs` it sends a probe; when nothing at all arrives within
 * `timeoutMs` after a probe, the link is declared dead. Any inbound frame counts as an answer.
 */
export class Keepalive {
  #intervalMs: number;
  #timeoutMs: number;
  #ping: ReturnType<typeof setTimeout> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;
  #running = false;

  /** @param timing In ms, used as given. @param probe Sends one probe. @param dead Called once when a probe got no answer in time. */
  constructor(
    timing: { intervalMs: number; timeoutMs: number },
    private readonly probe: () => void,
    private readonly dead: () => void,
  ) {
    this.#intervalMs = timing.intervalMs;
    this.#timeoutMs = timing.timeoutMs;
  }

  /** New timings (e.g. engine.io's `pingInterval` / `pingTimeout`), clamped to 1 s..10 min. */
  set(intervalMs: unknown, timeoutMs: unknown): void {
    this.#intervalMs = clampMs(intervalMs, KEEPALIVE_MIN_MS, KEEPALIVE_MAX_MS);
    this.#timeoutMs = clampMs(timeoutMs, KEEPALIVE_MIN_MS, KEEPALIVE_MAX_MS);
    if (this.#running) this.start();
  }

  /** (Re)starts probing from now. */
  start(): void {
    this.stop();
    this.#running = true;
    this.#schedule();
  }

  /** Stops probing and clears both timers. */
  stop(): void {
    this.#running = false;
    clearTimeout(this.#ping);
    clearTimeout(this.#deadline);
    this.#ping = this.#deadline = undefined;
  }

  /** Something arrived: the peer is alive. */
  heard(): void {
    clearTimeout(this.#deadline);
    this.#deadline = undefined;
  }

  /** Probes now (a tab became visible, the network came back): timers may have been throttled. */
  check(): void {
    if (!this.#running) return;
    this.#probe();
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#ping);
    this.#ping = setTimeout(() => {
      this.#probe();
      this.#schedule();
    }, this.#intervalMs);
    // The socket keeps a Node process alive, not its keepalive timer.
    (this.#ping as { unref?: () => void }).unref?.();
  }

  #probe(): void {
    this.#deadline ??= setTimeout(() => {
      this.stop();
      this.dead();
    }, this.#timeoutMs);
    this.probe();
  }
}
