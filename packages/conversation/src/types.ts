// The Conversation's public types: its host (the Connection), the state notification it applies, and the seed's events.
import type { Conversation } from "./conversation.js";
import type { RequestType } from "./dialect.js";
import type { ConversationDetails, ParticipantDetail } from "./generated/events.js";

/** What a Conversation needs from its Connection. */
export interface ConversationHost {
  readonly accountId: string;
  readonly userId: string | undefined;
  readonly agentName: string | undefined;
  readonly kind: "brand" | "consumer";
  request(type: RequestType, body: object): Promise<unknown>;
  upload(relativePath: string, queryParams: { temp_url_sig: string; temp_url_expires: string }, data: ArrayBuffer | Uint8Array, fileType: string): Promise<void>;
  unload(conversation: Conversation): boolean;
  /** Where a listener's exception goes (the connection's logger): never thrown into the SDK. */
  listenerError?(error: unknown): void;
}

/** A state notification for one conversation: a `changes[].result` of `.ams.aam.ExConversationChangeNotification`, participants as an array (see dialect.ts). */
export interface StateNotification {
  /** The conversation id. */
  convId: string;
  /** The conversation's whole state. */
  conversationDetails: ConversationDetails;
  /** When the agent must answer by (epoch ms), as the server computed it. */
  effectiveTTR?: number;
  /** Other fields the server sends are kept and ignored. */
  [key: string]: unknown;
}

/** A participant of a dialog: `id`, `role` (`CONSUMER`, `ASSIGNED_AGENT`, ...) and `state` (`ACTIVE`, `SUGGESTED`). */
export type Participant = ParticipantDetail;

/** The seed's events, with their documented payloads. */
export interface ConversationEvents {
  /** A dialog closed (seed: `dialog:close`): its state, last update (epoch ms) and participants. */
  "dialog:close": [dialogState: { state: string; metaDataLastUpdateTs: number; participantDetails: ParticipantDetail[] }];
  /** The assigned agent left and no other agent or skill took over: the conversation is back in the queue. */
  "back-to-queue": [];
  /** The consumer was replaced by a newly authenticated one (step-up). */
  "consumer-step-up": [];
  /** The conversation moved to another group. */
  "group-change": [groupInfo: { prevGroupId: string | undefined; newGroupId: string | undefined }];
  /** The manual effective time to respond changed (epoch ms). */
  "manual-ettr-change": [manualEttrChange: { ttrEffectiveManual: number | undefined; ttrEffective: number | null }];
  /** A participant became active; `previouslySuggested` when it had been suggested first. */
  "participant-added": [addedParticipant: { participant: Participant; context: { previouslySuggested: boolean } }];
  /** An active participant left. */
  "participant-removed": [participant: Participant];
  /** A participant was suggested (e.g. an agent offered the conversation). */
  "participant-suggested": [participant: Participant];
  /** A suggested participant was withdrawn before joining. */
  "participant-suggested-removed": [participant: Participant];
  /** The conversation was offered to an agent (a suggested `ASSIGNED_AGENT`). */
  "transfer-agent": [participant: Participant];
  /** The agent left and the skill changed: transferred to `skillId`. */
  "transfer-skill": [skillTransfer: { skillId: string | undefined }];
  /** The time-to-respond type or value changed; `ttrEffective` is when the agent must answer by (epoch ms), or null. */
  "ttr-change": [ttrChange: { ttrValue: number; ttrType: string; ttrEffective: number | null }];
}

