// Realtime transports of the current chat: the contract a transport meets, and the default one, polling with backoff.
import { MAX_TIMER_MS, clampMs, exponentialReconnectPolicy, toParleyError, type ConnectionState, type ParleyError, type ReconnectPolicy, type StateChange } from "@parley/core";
import type { ChatResponse, MessageResponse } from "./types.js";

/**
 * What a realtime transport gets from the client for one chat. A pulling transport calls `sync`;
 * a pushing one (a provider's websocket) calls `deliverState` / `deliverMessages`. Either way the
 * client deduplicates, orders and turns the data into events, so each message is emitted once.
 */
export interface ChatTransportContext {
  /** The chat this transport serves. */
  readonly chatId: number;
  /** Fetches the chat's state and its new messages once and delivers them. */
  sync(signal: AbortSignal): Promise<void>;
  /** Hands over a state the transport received (pushed); only a change is applied. */
  deliverState(state: ChatResponse): void;
  /** Hands over messages the transport received (pushed); each is emitted once, in `$index` order. */
  deliverMessages(messages: readonly MessageResponse[]): void;
  /** Reports reachability; the client emits `chat.connected` / `chat.disconnected` on changes. */
  setConnected(connected: boolean, error?: ParleyError): void;
}

/** A running realtime transport for one chat, as a `ChatTransportFactory` makes it. */
export interface ChatTransport {
  /** Stops for good: no timer, request or socket is left. */
  stop(): void;
  /** Where the transport is, in the socket SDKs' vocabulary (`connecting`, `connected`, `reconnecting`, `disconnected`). */
  readonly state?: ConnectionState;
}

/** Makes the transport of a chat the client attached (created, loaded as ongoing, resumed); `ClientOptions.transport`. */
export type ChatTransportFactory = (context: ChatTransportContext) => ChatTransport;

/** Options of `pollingTransport(options)`; durations in ms. */
export interface PollingOptions {
  /** Time between polls while healthy, ms. Default 2000. */
  intervalMs?: number;
  /** Longest wait between polls while failing, ms, for the default policy. Default 30 000. */
  maxBackoffMs?: number;
  /**
   * When to poll again after a failed poll: the same `ReconnectPolicy` the socket SDKs take, told the
   * failed attempts, the ms since the last success and the error; `null` stops polling (state
   * `disconnected`). Default: exponential from `intervalMs` to `maxBackoffMs` with jitter, unlimited.
   */
  reconnect?: ReconnectPolicy;
  /** Each state change: `connecting` → `connected` ⇄ `reconnecting` → `disconnected` (on stop or give-up). */
  onStateChange?: (change: StateChange) => void;
}

/**
 * The default transport. The vendor's realtime provider is not public, so the client polls the
 * chat and its new messages through the spec's own operations, backing off by the reconnect policy
 * while they fail.
 */
export function pollingTransport(options: PollingOptions = {}): ChatTransportFactory {
  const { intervalMs = 2000, maxBackoffMs = 30_000 } = options;
  const policy = options.reconnect ?? exponentialReconnectPolicy({ initialDelayMs: intervalMs, maxDelayMs: maxBackoffMs });
  return (context) => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    let failingSince = 0;
    let state: ConnectionState = "connecting";

    const set = (next: ConnectionState, error?: ParleyError) => {
      if (next === state) return;
      const previous = state;
      state = next;
      options.onStateChange?.(error ? { state: next, previous, error } : { state: next, previous });
    };

    const next = (error: ParleyError): number | null => {
      try {
        const delay = policy.nextRetryDelayMs({ attempt: failures - 1, elapsedMs: Date.now() - failingSince, error });
        return typeof delay === "number" && !Number.isNaN(delay) ? clampMs(delay, 0, MAX_TIMER_MS) : null;
      } catch {
        return null;
      }
    };

    const tick = async () => {
      let delay: number | null = intervalMs;
      try {
        await context.sync(controller.signal);
        failures = 0;
        if (controller.signal.aborted) return;
        context.setConnected(true);
        set("connected");
      } catch (error) {
        if (controller.signal.aborted) return;
        if (failures++ === 0) failingSince = Date.now();
        const e = toParleyError(error);
        context.setConnected(false, e);
        delay = next(e);
        if (delay === null) {
          set("disconnected", e);
          return;
        }
        set("reconnecting", e);
      }
      if (controller.signal.aborted) return;
      timer = setTimeout(tick, delay);
    };
    timer = setTimeout(tick, 0);

    return {
      get state() {
        return state;
      },
      stop() {
        controller.abort();
        clearTimeout(timer);
        set("disconnected");
      },
    };
  };
}
