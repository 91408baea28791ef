// The headless client's events (seeds 000/001 name them), with their listeners' arguments.
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
  /** A participant (agent, virtual agent) joined the chat: its `identity`. */
  "chat.memberJoined": [identity: string];
  /** A participant left the chat: its `identity`. */
  "chat.memberLeft": [identity: string];
  /** A participant started typing. */
  "chat.typingStarted": [identity: string];
  /** A participant stopped typing (or left while typing). */
  "chat.typingEnded": [identity: string];
  /** The realtime transport reached the conversation (again). */
  "chat.connected": [];
  /** The realtime transport lost the conversation; it keeps retrying with backoff. */
  "chat.disconnected": [];
  /** The chat was dismissed (it can be resumed with `resumeChat`); the transport stops and storage forgets it. */
  "chat.dismissed": [];
  /** The chat timed out; the transport stops and storage forgets it. */
  "chat.timeout": [];
  /** The chat ended (finished, canceled, failed...); the transport stops and storage forgets it. */
  "chat.ended": [];
  /** `destroyChat()` destroyed the current chat. */
  "chat.destroyed": [];
  /** An agent asked to co-browse; answer with `startCobrowse(from)`. */
  "cobrowse.request": [from: string];
  /** The co-browse session loaded (a `cobrowseLoaded` notification message). */
  "cobrowse.loaded": [];
  /** `startCobrowse` started a session: its state. */
  "cobrowse.updated": [session: CobrowseSessionResponse];
  /** The co-browse session ended (a `cobrowseEnded` notification message). */
  "cobrowse.ended": [];
  /** A failure that a method turned into its documented value (`fetchMessages` `[]`, `sendFileMessage` `-1`, `createCobrowseCode` `""`), or a transport error. */
  error: [error: ParleyError];
}
