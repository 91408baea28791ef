// The public types of @parley/mock: startMock, each mock's controls and records, the faults; wire types come from codegen's output (dist/types).
import type { operations as HeadlessOperations } from "../dist/types/headless.js";
import type { operations as AgentApiOperations } from "../dist/types/agent-api.js";
import type { WebChatMock, WebChatMockOptions } from "./realtime/web-chat.js";
import type { ConversationMock, ConversationMockOptions } from "./realtime/conversation.js";

export type { WebChatMock, WebChatMockOptions, ConversationMock, ConversationMockOptions };
/** Starts the web-chat mock with its realtime-only options; see `@parley/mock/web-chat`. */
export declare const startWebChatMock: typeof import("./realtime/web-chat.js").startWebChatMock;
/** Starts the conversation mock with its realtime-only options; see `@parley/mock/conversation`. */
export declare const startConversationMock: typeof import("./realtime/conversation.js").startConversationMock;

/** The APIs a mock exists for. */
export type Api = "headless" | "agent-api" | "web-chat" | "conversation";
/** The name of every API a mock exists for, as `startMock` and the `parley-mock` CLI accept them. */
export declare const MOCKS: readonly ["headless", "agent-api", "web-chat", "conversation"];

/** The operationIds of the headless spec (openapi/headless.yaml), e.g. `"getMenus"`. */
export type HeadlessOperationId = keyof HeadlessOperations & string;
/** The operationIds of the agent API spec (openapi/agent-api.yaml), e.g. `"conversations.list"`. */
export type AgentApiOperationId = keyof AgentApiOperations & string;

/** Options of `startMock` (and of the `parley-mock` CLI's `--port`/`--host`). */
export interface MockOptions {
  /** TCP port; default 0 (the OS picks a free one). A taken port rejects with an Error naming it and the --port option. */
  port?: number;
  /** Loopback host to bind: "127.0.0.1" (default) or "localhost". Anything else rejects with a TypeError. */
  host?: string;
  /** A link the mock's root page (GET /) shows next to its base URL, e.g. your API reference. */
  docsUrl?: string;
  /**
   * Pace, ms: between streamed tokens (agent-api, default 2), before the scripted agent types and
   * answers (web-chat, default 20), before notifications that follow a request (conversation, default 0).
   * Unused by headless.
   */
  delayMs?: number;
}

/**
 * How the next call(s) of an operation misbehave. Without `status`, `reset` or `stall` the call is
 * answered normally, after `delayMs`.
 */
export interface HttpFault {
  /** Answer this status. Without `body`, the spec's problem example for it (or a bare problem). */
  status?: number;
  /** The JSON body to answer with `status` (sent as given, and not checked against the spec). */
  body?: unknown;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Shorthand for a `Retry-After` header, seconds. */
  retryAfter?: number;
  /** Wait this long (ms) before answering; for a streaming operation, between tokens. */
  delayMs?: number;
  /** Drop the connection without an answer. */
  reset?: boolean;
  /** Never answer: the connection stays open until the client gives up or the mock closes. */
  stall?: boolean;
  /** How many calls this fault applies to. Default 1. */
  times?: number;
  /** Only calls with these path parameters, e.g. `{ idConversation: "c1" }`. */
  params?: Record<string, string | number>;
  /** Streaming operations (agent-api `chat.stream`): send this many tokens, then drop the connection. */
  cutAfter?: number;
  /** Streaming operations: send this many tokens, then go silent. */
  stallAfter?: number;
  /** Streaming operations: send the bytes in chunks of this size (splits UTF-8 characters). */
  chunkBytes?: number;
  /** Streaming operations: stream this text instead of the spec's example. */
  text?: string;
}

/** One request an HTTP mock received, in order. Credentials are recorded as "[redacted]". */
export interface RecordedRequest {
  /** null when no operation of the spec matches. */
  operationId: string | null;
  /** The HTTP method, e.g. `"GET"`. */
  method: string;
  /** The path as requested (base path included), without the query. */
  path: string;
  /** The path parameters of the matched operation, as strings (empty when none matched). */
  params: Record<string, string>;
  /** The query parameters (the last value of a repeated one). */
  query: Record<string, string>;
  /**
   * The request headers, names lower-cased, as Node receives them. `authorization`, `cookie` and
   * `x-api-key` are redacted: `"Bearer [redacted]"` (the scheme kept) or `"[redacted]"`.
   */
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, text, `{ contentType, bytes }` for anything else, or null when empty. */
  body: unknown;
  /** ISO 8601 time of arrival. */
  at: string;
}

/** A request (`direction: "in"`) or response (`"out"`) that broke the spec. */
export interface HttpViolation {
  /** `"in"`: the request broke the spec; `"out"`: the answer did. */
  direction: "in" | "out";
  /** The operation, or null when no operation of the spec matches the request. */
  operationId: string | null;
  /** The request's HTTP method. */
  method: string;
  /** The request's path (base path included), without the query. */
  path: string;
  /** The response status, for `"out"`. */
  status?: number;
  /** Each problem: where (`body.items.0.id`, `query.limit`, `header.content-type`, ...) and what. */
  errors: { path: string; message: string }[];
}

/** An HTTP API's mock: a layer of ours (state, faults, records, checks) in front of Prism. */
export interface HttpMock<Operation extends string> {
  /** Which API this mocks. */
  api: "headless" | "agent-api";
  /** The base URL the SDK is given, e.g. `http://127.0.0.1:4010/api/v2`. */
  url: string;
  /** The port the mock listens on (the one the OS picked when `port` was 0). */
  port: number;
  /** The process the mock runs in (this one). */
  pid: number;
  /** The Prism child process: its pid, and a promise that settles, with why, when it ends. */
  prism: { pid: number; exited: Promise<string> };
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Every request and response that broke the spec. A test can assert none: `expect(mock.violations).toEqual([])`. */
  readonly violations: HttpViolation[];
  /**
   * Queues a fault for the next call(s) of `operationId`: the spec's operationId (what a Parley
   * error's `operation` and message name), not the SDK method's name; `x-parley-method` in the spec
   * says which methods send it. Throws a TypeError for an unknown operationId (an SDK method's name
   * gets the operationId(s) it sends) or a malformed fault. Other processes can do the same with
   * `POST {origin}/__mock/faults/{operationId}` and the fault as the JSON body.
   */
  fault(operationId: Operation, fault: HttpFault): void;
  /** Back to the seed data; queued faults, requests and violations cleared. (`POST {origin}/__mock/reset` does the same.) */
  reset(): void;
  /** Stops the server and Prism. Idempotent. */
  close(): Promise<void>;
}

/** A chat message as the headless API's fetchMessages answers it. */
export type HeadlessMessage = HeadlessOperations["fetchMessages"]["responses"][200]["content"]["application/json"][number];
/** A chat as the headless API's createChat (and loadChat) answers it. */
export type HeadlessChat = HeadlessOperations["createChat"]["responses"][201]["content"]["application/json"];
/** A call as the headless API's createCall (and loadCall, cancelCall) answers it. */
export type HeadlessCall = HeadlessOperations["createCall"]["responses"][201]["content"]["application/json"];

/** The headless API's mock: an `HttpMock` plus reads of the chats, messages and calls it holds. */
export interface HeadlessMock extends HttpMock<HeadlessOperationId> {
  /** Always `"headless"`. */
  api: "headless";
  /** The chat's messages as fetchMessages answers them: the spec example's, then every one sent. */
  messages(chatId: number | string): HeadlessMessage[];
  /** A chat the mock created (createChat), as loadChat answers it, or undefined. */
  chat(chatId: number | string): HeadlessChat | undefined;
  /** A call the mock created (createCall), as the last loadCall or cancelCall left it, or undefined. */
  call(callId: number | string): HeadlessCall | undefined;
}

/** The agent API's mock: an `HttpMock`; `chat.stream` streams tokens every `delayMs` (default 2 ms). */
export interface AgentApiMock extends HttpMock<AgentApiOperationId> {
  /** Always `"agent-api"`. */
  api: "agent-api";
}

/** The mock `startMock` resolves with, per API. */
export interface MockByApi {
  /** The headless API's mock. */
  headless: HeadlessMock;
  /** The agent API's mock. */
  "agent-api": AgentApiMock;
  /** The web-chat (socket.io) mock. */
  "web-chat": WebChatMock;
  /** The conversation (brand messaging WebSocket) mock. */
  conversation: ConversationMock;
}

/**
 * Starts the mock of one API from the specs bundled in this package; resolves once it listens.
 * Rejects with a TypeError for an unknown API or a bad option, with an Error naming the port when
 * it is taken. Every mock has `url`, `requests`, `violations`, `reset()` and `close()`, plus its
 * API's controls (faults for HTTP, pushes and frame faults for realtime).
 */
export declare function startMock<A extends Api>(api: A, options?: MockOptions & (A extends "web-chat" ? Omit<WebChatMockOptions, "agentReplyDelayMs"> : A extends "conversation" ? Omit<ConversationMockOptions, "notifyDelayMs"> : {})): Promise<MockByApi[A]>;

/** Starts the headless API's mock (what `startMock("headless")` does). */
export declare function startHeadlessMock(options?: Omit<MockOptions, "delayMs">): Promise<HeadlessMock>;
/** Starts the agent API's mock (what `startMock("agent-api")` does). */
export declare function startAgentApiMock(options?: MockOptions): Promise<AgentApiMock>;
