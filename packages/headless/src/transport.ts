import { backoffDelay, toParleyError, type ParleyError } from "@parley/core";
import type { ChatResponse, MessageResponse } from "./types.js";

/**
 * What a realtime transport gets from the client for one chat. A pulling transport calls `sync`;
 * a pushing one (a provider's websocket) calls `deliverState` / `deliverMessages`. Either way the
 * client deduplicates, orders and turns the data into events, so each message is emitted once.
 */
export interface ChatTransportContext {
  readonly chatId: number;
  /** Fetches the chat's state and its new messages once and delivers them. */
  sync(signal: AbortSignal): Promise<void>;
  deliverState(state: ChatResponse): void;
  deliverMessages(messages: readonly MessageResponse[]): void;
  /** Reports reachability; the client emits `chat.connected` / `chat.disconnected` on changes. */
  setConnected(connected: boolean, error?: ParleyError): void;
}

export interface ChatTransport {
  stop(): void;
}

export type ChatTransportFactory = (context: ChatTransportContext) => ChatTransport;

export interface PollingOptions {
  /** Time between polls while healthy, ms. Default 2000. */
  intervalMs?: number;
  /** Longest wait between polls while failing, ms. Default 30 000. */
  maxBackoffMs?: number;
}

/**
 * The default transport. The vendor's realtime provider is not public, so the client polls the
 * chat and its new messages through the spec's own operations, backing off while they fail.
 */
export function pollingTransport(options: PollingOptions = {}): ChatTransportFactory {
  const { intervalMs = 2000, maxBackoffMs = 30_000 } = options;
  return (context) => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;

    const tick = async () => {
      try {
        await context.sync(controller.signal);
        failures = 0;
        if (!controller.signal.aborted) context.setConnected(true);
      } catch (error) {
        if (controller.signal.aborted) return;
        failures++;
        context.setConnected(false, toParleyError(error));
      }
      if (controller.signal.aborted) return;
      const delay = failures === 0 ? intervalMs : backoffDelay(failures - 1, { initialDelayMs: intervalMs, maxDelayMs: maxBackoffMs });
      timer = setTimeout(tick, delay);
    };
    timer = setTimeout(tick, 0);

    return {
      stop() {
        controller.abort();
        clearTimeout(timer);
      },
    };
  };
}
