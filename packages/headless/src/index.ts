// The public surface of @parley/headless: the client, its chat, events, storage, transports and types, and the errors and logging of @parley/core.
export { Client } from "./client.js";
export type { ClientOptions } from "./options.js";
export { Chat } from "./chat.js";
export type { ClientEvents } from "./events.js";
export { memoryStorage, type ChatStorage } from "./storage.js";
export { pollingTransport, type ChatTransport, type ChatTransportContext, type ChatTransportFactory, type PollingOptions } from "./transport.js";
export type { ConnectionState, ReconnectPolicy, RetryContext, StateChange } from "@parley/core";
export { PostSessionStatus } from "./types.js";
export type * from "./types.js";
export * from "@parley/core/public";
