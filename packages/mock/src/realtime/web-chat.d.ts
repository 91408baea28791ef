// The public types of the web-chat mock: its options, controls, records and violations.
/** Options of `startWebChatMock`. */
export interface WebChatMockOptions {
  /** Port on `host`; 0 (the default) lets the OS pick a free one. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** The API reference, linked from the hint GET / answers. */
  docsUrl?: string;
  /** Delay before the scripted agent starts typing, and between typing and its reply, ms. Default 20. */
  agentReplyDelayMs?: number;
  /**
   * true (default): a client payload that breaks its schema is not processed, and an event with an
   * ack gets `[{message: "invalid payload", code: "invalid_payload", event}]`. false: it is processed
   * anyway. Either way every violation, in or out, is recorded in `violations`.
   */
  strict?: boolean;
  /** engine.io ping interval sent in the open packet, ms. Default 25000. */
  pingInterval?: number;
  /** engine.io ping timeout sent in the open packet, ms. Default 20000. */
  pingTimeout?: number;
}

// The wire types come from codegen's output for openapi/web-chat.asyncapi.yaml (bundled in dist/types).
import type { Account, Agent, Attachment, Chat, Group, Message, MessageContent, ServerEvents, Visitor } from "../../dist/types/web-chat.js";
export type { Account, Agent, Attachment, Chat, Group, Message, MessageContent, ServerEvents, Visitor };

/** An account's status, as `account.updated` pushes it (e.g. `"online"`, `"offline"`). */
export type Status = Account["status"];
/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One reason a payload broke its schema. */
export interface ViolationError {
  /** JSON pointer into the payload ("/" for the payload itself). */
  path: string;
  /** What is wrong there: the schema check's message (e.g. `must be string`), then its params as JSON. */
  message: string;
}

/** A frame, in or out, that broke the spec's schemas (or an unknown event, or an ack that does not match). */
export interface Violation {
  /** "in": a client event; "out": an ack or a server push. */
  direction: "in" | "out";
  /** The event's wire name, e.g. `"chat.message"`. */
  event: string;
  /** The payload as sent or received. */
  payload: unknown;
  /** Each problem found in the payload. */
  errors: ViolationError[];
}

/** A client event the mock received, in order. */
export interface FrameRecord {
  /** The event's wire name, e.g. `"visitor.connect"`. */
  event: string;
  /** The payload as received (a copy; nothing is redacted). */
  payload: unknown;
  /** The visitor the socket belonged to when it arrived (null before visitor.connect). */
  visitorId: string | null;
  /** ISO 8601 time of arrival. */
  at: string;
}

/** How `WebChatMock.emit` misbehaves when it pushes an event. */
export interface EmitOptions {
  /** Send the event twice. */
  duplicate?: boolean;
  /** Send it this many ms later. */
  delayMs?: number;
}

/** A file the mock received on `POST /upload?token=<token>`. */
export interface UploadRecord {
  /** The upload token chat.upload_init issued. */
  token: string;
  /** The visitor the token was issued to. */
  visitorId: string;
  /** The file's name from the multipart form (`"file"` when it has none). */
  name: string;
  /** The file's size, bytes (at most 10 MiB, 10 × 1024 × 1024: larger uploads are refused with 413). */
  size: number;
  /** The file's content type from the form (`"application/octet-stream"` when it has none). */
  type: string;
}

/** The wire names of the events the server pushes. */
export type ServerEventName = keyof ServerEvents & string;

/** The scripted agent ("a_17", Dana Souza). */
export interface MockAgent {
  /** Answers each visitor message with typing on, `Re: <text>`, typing off. Default true. */
  autoReply: boolean;
  /** Posts an agent message in the visitor's chat (created if needed); pushes chat.message_received. */
  say(visitorId: string, text: string): Message;
  /** Pushes chat.agent_typing to the visitor's sockets. Throws when the visitor has no chat. */
  typing(visitorId: string, is: boolean): void;
  /** Marks the chat read by the agent: pushes chat.contact_read with `byId: "a_17"`. Throws when the visitor has no chat. */
  read(visitorId: string): void;
}

/** The chat account: its status (online on start and after `reset()`). */
export interface MockAccount {
  /** The current account status. */
  readonly status: Status;
  /** Updates the account status and pushes `account.updated {status}` to every socket. */
  setStatus(status: Status): void;
}

/** The web-chat mock: a socket.io (EIO3) visitor endpoint with a scripted agent, plus an upload endpoint. */
export interface WebChatMock {
  /** Always `"web-chat"`. */
  api: "web-chat";
  /** `http://127.0.0.1:<port>`: the SDK's `connection.url` (with the default path "/socket"). */
  url: string;
  /** `ws://127.0.0.1:<port>/socket/?EIO=3&transport=websocket`, for raw clients. */
  socketUrl: string;
  /** `http://127.0.0.1:<port>/upload`: every chat.upload_init ack returns it with the upload's token in its query, `?token=<token>`. */
  uploadUrl: string;
  /** The port the mock listens on (the one the OS picked when `port` was 0). */
  port: number;
  /** The mock runs in this process. */
  pid: number;
  /** Every client event received, in order. */
  readonly requests: FrameRecord[];
  /** Payloads, in or out, that broke the spec's schemas (or unknown events / ack mismatches). */
  readonly violations: Violation[];
  /** Back to the seed: no visitors, chats or uploads; account online; auto-reply on; records cleared. */
  reset(): void;
  /** Files received on POST /upload?token=<token> (a multipart form whose only field is `file`, as the vendor documents). */
  readonly uploads: UploadRecord[];
  /** The scripted agent: auto-reply, messages, typing and read receipts. */
  agent: MockAgent;
  /** The account: its status, and pushing a change of it. */
  account: MockAccount;
  /** Pushes any server event, checked against its schema, to one visitor's sockets (`target` = visitor id) or to every socket (`"all"`). */
  emit<E extends ServerEventName>(target: string, event: E, payload: ServerEvents[E], options?: EmitOptions): void;
  /** `true`: hold the next event pushed and send it after the following one; `false` releases a held one. */
  reorder(next: boolean): void;
  /** Closes every socket's WebSocket with this close code (e.g. 4000) under socket.io; returns how many. */
  closeWith(code: number, reason?: string): number;
  /** Cuts every socket's transport without a `41` packet (clients see "transport close" and reconnect). Returns how many. */
  dropConnections(): number;
  /** Disconnects every socket with `41` ("io server disconnect": clients do not reconnect). Returns how many. */
  disconnectAll(): number;
  /** Number of connected sockets. */
  sockets(): number;
  /** The messages of the visitor's current chat (empty without one). */
  messages(visitorId: string): Message[];
  /** A copy of the visitor as visitor.connect registered it, or undefined for one never connected. */
  visitor(visitorId: string): Visitor | undefined;
  /** The visitor's current chat (with its computed `unreadInfo`), or undefined without one. */
  chat(visitorId: string): Chat | undefined;
  /** The visitor's last chat.typing, or null. */
  typing(visitorId: string): { is: boolean; text: string | null } | null;
  /** Closes socket.io, every connection and the http server. Idempotent. */
  close(): Promise<void>;
}

/** A compiled JSON Schema check of one event's payload; after a false, `errors` says why. */
export interface FrameValidator {
  /** Whether `payload` matches the event's schema. */
  (payload: unknown): boolean;
  /** Why the last check failed (ajv's errors: a JSON pointer into the payload, a message, params); null after a pass. */
  errors?: { instancePath: string; message?: string; params?: object }[] | null;
}

/**
 * The checks the mock applies to every frame, per direction and event name (client events, their
 * acks, server events), compiled from the bundled schemas of openapi/web-chat.asyncapi.yaml.
 */
export declare function webChatValidators(): { client: Record<string, FrameValidator>; acks: Record<string, FrameValidator>; server: Record<string, FrameValidator> };

/**
 * Starts the web-chat mock on `host:port`; resolves once it listens. Rejects with an Error naming the
 * port and the --port option when the port is taken.
 */
export declare function startWebChatMock(options?: WebChatMockOptions): Promise<WebChatMock>;
