// The wire types come from codegen's output for openapi/conversation.asyncapi.yaml (bundled in dist/types).
import type {
  BrandConversationDetails,
  ConversationDetails,
  ConversationState,
  CsatStatus,
  Dialog,
  ExConversationChangeNotificationBody,
  MessagingEvent,
  ParticipantDetail,
  ParticipantRole,
  TTRType,
} from "../../dist/types/conversation.js";
export type { BrandConversationDetails, ConversationDetails, ConversationState, CsatStatus, Dialog, ExConversationChangeNotificationBody, MessagingEvent, ParticipantDetail, ParticipantRole, TTRType };

/** The brand endpoint's version, the only `?v=` the mock serves: "2.1". */
export declare const API_VERSION: string;
/** The wire type names of the brand endpoint `?v=2.1` (node-agent-sdk 1.2.0's dialect). */
export declare const TYPES: {
  readonly subscribe: ".ams.aam.SubscribeExConversations";
  readonly update: ".ams.cm.UpdateConversationField";
  readonly publish: ".ams.ms.PublishEvent";
  readonly uploadUrl: ".ams.ms.GenerateURLForUploadFile";
  readonly queryMessages: ".ams.ms.QueryMessages";
  readonly change: ".ams.aam.ExConversationChangeNotification";
  readonly event: ".ams.ms.OnlineEventDistribution";
  /** node-agent-sdk's getClock, the keepalive probe: answered `{currentTime}` (epoch ms). */
  readonly clock: ".GetClock";
};

/** Options of `startConversationMock`. */
export interface ConversationMockOptions {
  /** Default 0: the OS picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The API reference, linked from the hint GET / answers. */
  docsUrl?: string;
  /** The only account id accepted in the socket path. Default "12345678". */
  accountId?: string;
  /** The only bearer token accepted in the socket path. Default "test-token". */
  token?: string;
  /** The connected agent: `<accountId>.<agentId>` is its user id (the assigned agent of conv-1). Default "a-1". */
  agentId?: string;
  /** Delay of the notifications that follow a request (state after an update, messaging events), ms. Default 0. */
  notifyDelayMs?: number;
}

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A request envelope as received (not necessarily valid). */
export interface RequestEnvelope {
  /** `"req"` for a request (anything else is recorded, and listed in `violations`). */
  kind: string;
  /** The client's request id, echoed as `reqId` in the response. */
  id: string;
  /** The wire type, e.g. `".ams.ms.PublishEvent"` (see `TYPES`). */
  type: string;
  /** The request's body. */
  body: { [key: string]: JsonValue };
  /** The envelope's optional headers, as sent. */
  headers?: JsonValue[];
  /** The envelope's optional metadata, as sent. */
  metadata?: JsonValue;
}

/** A frame, in or out, that broke the spec's schemas (or an unknown type, a non-JSON frame, a bad `?v=`). */
export interface Violation {
  /** "in": a request from the client; "out": a response or notification the mock sent. */
  direction: "in" | "out";
  /** The wire type (request, `…$Response` or notification type). */
  type: string;
  /** The envelope as sent or received (the raw text of a non-JSON frame; the query of a refused upgrade). */
  payload: unknown;
  /** Each problem: a JSON pointer into the payload (`"/"` for the payload itself) and what is wrong there. */
  errors: { path: string; message: string }[];
}

/** A file the mock received on a signed `PUT <uploadBaseUrl><relativePath>?temp_url_sig=..&temp_url_expires=..`. */
export interface UploadRecord {
  /** The slot's path, as .ams.ms.GenerateURLForUploadFile answered it, e.g. `/v1/AUTH_async-images/<accountId>/<uuid>.png`. */
  relativePath: string;
  /** The PUT's Content-Type header, or null without one. */
  contentType: string | null;
  /** Bytes received (at most 10 MiB, 10 × 1024 × 1024: larger uploads are refused with 413). */
  size: number;
  /** The bytes received. */
  bytes: Uint8Array;
  /** As declared in .ams.ms.GenerateURLForUploadFile. */
  fileType: "JPG" | "JPEG" | "PNG" | "GIF";
  /** The `fileSize` declared in .ams.ms.GenerateURLForUploadFile, bytes (not checked against `size`). */
  declaredSize: number;
}

/** How `ConversationMock.push` misbehaves when it sends a notification. */
export interface PushOptions {
  /** Send the same notification twice. */
  duplicate?: boolean;
  /** Send it this many ms later. */
  delayMs?: number;
}

/** The conversation mock: the brand messaging WebSocket (`?v=2.1`) plus its signed-URL upload endpoint. */
export interface ConversationMock {
  /** Always `"conversation"`. */
  api: "conversation";
  /** The WebSocket origin (the SDK's `url` option), e.g. ws://127.0.0.1:4040. */
  url: string;
  /** The full socket URL with the configured account and token. */
  socketUrl: string;
  /** Where uploads go (the SDK's `uploadBaseUrl`): the HTTP origin. */
  uploadBaseUrl: string;
  /** The port the mock listens on (the one the OS picked when `port` was 0). */
  port: number;
  /** The mock runs in this process. */
  pid: number;
  /** The only account id the socket path accepts (option `accountId`, default "12345678"). */
  accountId: string;
  /** `<accountId>.<agentId>`: the originator of published events and the user `ADD` without userId adds. */
  userId: string;
  /** Every request, response or notification that broke the spec. A test can assert none. */
  violations: Violation[];
  /** Every request envelope received, in order. */
  requests: RequestEnvelope[];
  /** Back to the seed: conv-1 only, no events or uploads, records cleared. Open sockets stay open. */
  reset(): void;
  /** The live state: convId → details (conv-1 is seeded). */
  conversations: Map<string, ConversationDetails>;
  /** Every file received on a signed upload URL, in order. */
  uploads: UploadRecord[];
  /** The published events of a dialog. */
  events(dialogId: string): MessagingEvent[];
  /** Open client sockets. */
  sockets(): number;
  /** Adds (or replaces) a conversation from the defaults merged with `details`, and pushes it to subscribers. */
  seed(convId: string, details?: Partial<ConversationDetails>): ConversationDetails;
  /** Merges `details` into the stored state (bumping metaDataLastUpdateTs) and pushes it to subscribers. */
  setState(convId: string, details: Partial<ConversationDetails>): ConversationDetails;
  /** Pushes `details` (not stored; default the stored state) as an UPSERT to subscribers, in the v2 shape. */
  push(convId: string, details?: ConversationDetails, options?: PushOptions): void;
  /** Pushes a raw notification body to every socket (default type .ams.aam.ExConversationChangeNotification). */
  pushRaw(body: { [key: string]: JsonValue } | ExConversationChangeNotificationBody, type?: string): void;
  /** `true`: hold the next notification and send it after the following one; `false` releases a held one. */
  reorder(next: boolean): void;
  /** Terminates every socket abruptly (no close frame); returns how many. */
  dropConnections(): number;
  /** Closes every socket with `code` (e.g. 4401); returns how many. */
  closeWith(code: number, reason?: string): number;
  /** Closes every socket and the server. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the conversation mock on `host:port`; resolves once it listens. Rejects with an Error naming
 * the port and the --port option when the port is taken.
 */
export declare function startConversationMock(options?: ConversationMockOptions): Promise<ConversationMock>;
