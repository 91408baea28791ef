// Public names for the spec's component schemas (openapi/agent-api.yaml) and the per-call options.
import type { components, operations } from "./generated/schema.js";

type Schemas = components["schemas"];

/** User-defined metadata of a conversation: a flat object of name-value pairs (`MetaValue`). */
export type Meta = Schemas["Meta"];
/** A metadata value: a string, a finite number or a boolean. */
export type MetaValue = Schemas["MetaValue"];
/** One page of `conversations.list` (vendor doc): `conversations`, `total`, `currentPage` (the page returned, 1 after the first request), `totalPages` and the `cursor` for the next page. */
export type ConversationList = Schemas["ConversationList"];
/** One conversation in a list: id, agent (`botId`, `botname`), `channel`, `createdAt` (ISO 8601), `survey` rating and `meta` (inferred; the vendor says only "conversation objects"). */
export type ConversationSummary = Schemas["ConversationSummary"];
/** A conversation's general information (vendor doc), as `conversations.get` returns it. */
export type ConversationMetadata = Schemas["ConversationMetadata"];
/** One message of a conversation, as `messages.list` returns them, oldest first (inferred). */
export type ConversationMessage = Schemas["ConversationMessage"];
/** The created conversation (vendor doc): its `id`, for `chat.stream` and `chat.complete`. */
export type CreateConversationResponse = Schemas["CreateConversationResponse"];
/** The success message of `conversations.updateMeta` (vendor doc). */
export type UpdateMetaResponse = Schemas["UpdateMetaResponse"];
/** The agent's complete answer (vendor doc): `sendMensages` keeps the vendor's spelling (sic); its first item's `text` is the answer, and `id` the `idmessage` of `feedback.send`. */
export type ChatCompleteResponse = Schemas["ChatCompleteResponse"];
/** A message the agent sent: `text` (confirmed by a public client reading `sendMensages[0].text`); the shape is open. */
export type SentMessage = Schemas["SentMessage"];
/** Feedback on one answer: `feedback` is `"positive"` or `"negative"`, `comment` at most 2 000 characters (Parley's design). */
export type MessageFeedbackRequest = Schemas["MessageFeedbackRequest"];
/** The success message of `feedback.send` (Parley's design). */
export type FeedbackResponse = Schemas["FeedbackResponse"];
/** The user's satisfaction rating: `survey` a whole number 1 to 5, `comment` at most 2 000 characters (Parley's design). */
export type SurveyRequest = Schemas["SurveyRequest"];
/** The success message of `survey.send` (Parley's design). */
export type SurveyResponse = Schemas["SurveyResponse"];
/** RFC 9457 problem details (`application/problem+json`) of every error response: `type`, `title`, `status`, `instance`, `detail` (Zuplo's rate-limit format, per the vendor's 429). */
export type Problem = Schemas["Problem"];

/** Filters of `conversations.list` (`cursor` only with `currentPage >= 1`). */
export type ListConversationsParams = NonNullable<operations["conversations.list"]["parameters"]["query"]>;

/** Per-call options: every call can be cancelled. */
export interface RequestOptions {
  /** Cancels the call: it rejects with `AbortError` and a started request is aborted. */
  signal?: AbortSignal;
}
