import type { ParleyError } from "@parley/core";
import type { Chat } from "./chat.js";
import type { CobrowseSessionResponse, MessageResponse } from "./types.js";

/** Every event the client emits, with its listener's arguments. */
export interface ClientEvents {
  /** The client has authenticated (on its first call) and is ready. */
  ready: [];
  /** @deprecated Use `ready`. */
  authenticated: [];
  /** An ongoing chat was found (`loadOngoingChat`) or resumed (`resumeChat`). */
  "chat.ongoing": [chat: Chat];
  /** The chat's state changed (status, participants, post-session fields...). */
  "chat.updated": [chat: Chat];
  /** A message arrived. Each is delivered exactly once, in `$index` order within a batch; a message that fills a gap comes when it arrives. */
  "chat.message": [message: MessageResponse];
  "chat.memberJoined": [identity: string];
  "chat.memberLeft": [identity: string];
  "chat.typingStarted": [identity: string];
  "chat.typingEnded": [identity: string];
  /** The realtime transport reached the conversation (again). */
  "chat.connected": [];
  /** The realtime transport lost the conversation; it keeps retrying with backoff. */
  "chat.disconnected": [];
  "chat.dismissed": [];
  "chat.timeout": [];
  "chat.ended": [];
  "chat.destroyed": [];
  /** An agent asked to co-browse; answer with `startCobrowse(from)`. */
  "cobrowse.request": [from: string];
  "cobrowse.loaded": [];
  "cobrowse.updated": [session: CobrowseSessionResponse];
  "cobrowse.ended": [];
  /** A failure that a method turned into its documented value (`fetchMessages` `[]`, `sendFileMessage` `-1`, `createCobrowseCode` `""`), or a transport error. */
  error: [error: ParleyError];
}
