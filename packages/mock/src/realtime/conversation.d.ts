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

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A request envelope as received (not necessarily valid). */
export interface RequestEnvelope {
  kind: string;
  id: string;
  type: string;
  body: { [key: string]: JsonValue };
  headers?: JsonValue[];
  metadata?: JsonValue;
}

export interface Violation {
  /** "in": a request from the client; "out": a response or notification the mock sent. */
  direction: "in" | "out";
  /** The wire type (request, `…$Response` or notification type). */
  type: string;
  payload: unknown;
  errors: { path: string; message: string }[];
}

export interface UploadRecord {
  relativePath: string;
  contentType: string | null;
  size: number;
  bytes: Uint8Array;
  /** As declared in .ams.ms.GenerateURLForUploadFile. */
  fileType: "JPG" | "JPEG" | "PNG" | "GIF";
  declaredSize: number;
}

export interface PushOptions {
  /** Send the same notification twice. */
  duplicate?: boolean;
  delayMs?: number;
}

export interface ConversationMock {
  api: "conversation";
  /** The WebSocket origin (the SDK's `url` option), e.g. ws://127.0.0.1:4040. */
  url: string;
  /** The full socket URL with the configured account and token. */
  socketUrl: string;
  /** Where uploads go (the SDK's `uploadBaseUrl`): the HTTP origin. */
  uploadBaseUrl: string;
  port: number;
  pid: number;
  accountId: string;
  /** `<accountId>.<agentId>`: the originator of published events and the user `ADD` without userId adds. */
  userId: string;
  violations: Violation[];
  /** Every request envelope received, in order. */
  requests: RequestEnvelope[];
  /** Back to the seed: conv-1 only, no events or uploads, records cleared. Open sockets stay open. */
  reset(): void;
  /** The live state: convId → details (conv-1 is seeded). */
  conversations: Map<string, ConversationDetails>;
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

export declare function startConversationMock(options?: ConversationMockOptions): Promise<ConversationMock>;
