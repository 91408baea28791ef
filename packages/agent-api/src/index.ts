// The public surface of @parley/agent-api: the client, its types, and the errors and logging of @parley/core.
export { AgentApi, type AgentApiOptions, type ConversationPage } from "./client.js";
export type * from "./types.js";
export * from "@parley/core/public";
export { PagePromise, TextStream, type Page } from "@parley/core";
