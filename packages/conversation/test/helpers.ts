import { exponentialReconnectPolicy } from "@parley/core";
import WebSocket from "ws";
import {
  Connection,
  type ConnectionEvents,
  type ConnectionOptions,
  type Conversation,
  type ConversationEvents,
  type ParleyError,
} from "../src/index.js";
import { startConversationMock, type ConversationMock, type ConversationMockOptions } from "@parley/mock/conversation";

export type { ConversationMock };

export function startMock(options?: ConversationMockOptions): Promise<ConversationMock> {
  return startConversationMock(options);
}

export const TOKEN = "s3cr3t-T0ken-do-not-leak";

/** A Connection to the mock with the fast reconnect policy; `errors` collects every "error" event. */
export function connectionTo(mock: ConversationMock, overrides: Partial<ConnectionOptions> = {}): { connection: Connection; errors: ParleyError[] } {
  const connection = new Connection({
    accountId: mock.accountId,
    token: TOKEN,
    url: mock.url,
    WebSocket,
    uploadBaseUrl: mock.uploadBaseUrl,
    userId: mock.userId,
    agentName: "Ada",
    reconnect: exponentialReconnectPolicy({ initialDelayMs: 5, maxDelayMs: 20 }),
    requestTimeout: 5000,
    ...overrides,
  });
  const errors: ParleyError[] = [];
  connection.on("error", (error) => errors.push(error));
  return { connection, errors };
}

type EventsOf<T> = T extends Connection ? ConnectionEvents : ConversationEvents;
interface LooseEmitter {
  once(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
}

/** Resolves the next emission of `event` (its arguments), or rejects after `ms`. */
export function nextEvent<T extends Connection | Conversation, K extends keyof EventsOf<T> & string>(target: T, event: K, ms = 3000): Promise<EventsOf<T>[K]> {
  const emitter = target as unknown as LooseEmitter;
  return new Promise((resolve, reject) => {
    const listener = (...args: never[]) => {
      clearTimeout(timer);
      resolve(args as unknown as EventsOf<T>[K]);
    };
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`No "${event}" within ${ms} ms.`));
    }, ms);
    emitter.once(event, listener);
  });
}

/** Polls `check` until it returns true, or throws after `ms`. */
export async function until(check: () => boolean, ms = 3000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Connects, subscribes to OPEN conversations and resolves conv-1 once its first state arrived. */
export async function openConversation(connection: Connection): Promise<Conversation> {
  const first = nextEvent(connection, "conversation");
  await connection.connect();
  await connection.subscribe({ convState: ["OPEN"] });
  const [conversation] = await first;
  return conversation;
}

/** The bodies of the mock's requests of one type. */
export function bodiesOf(mock: ConversationMock, type: string): Record<string, unknown>[] {
  return mock.requests.filter((r) => r.type === type).map((r) => r.body as Record<string, unknown>);
}

/** The first 64 bytes of a real PNG (signature + IHDR of a 1×1 image). */
export const PNG_BYTES = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06,
  0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0d,
  0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
]);
