// Public names for the spec's component schemas.
import type { components, operations } from "./generated/schema.js";

type Schemas = components["schemas"];

export type Meta = Schemas["Meta"];
export type MetaValue = Schemas["MetaValue"];
export type ConversationList = Schemas["ConversationList"];
export type ConversationSummary = Schemas["ConversationSummary"];
export type ConversationMetadata = Schemas["ConversationMetadata"];
export type ConversationMessage = Schemas["ConversationMessage"];
export type CreateConversationResponse = Schemas["CreateConversationResponse"];
export type UpdateMetaResponse = Schemas["UpdateMetaResponse"];
export type ChatCompleteResponse = Schemas["ChatCompleteResponse"];
export type SentMessage = Schemas["SentMessage"];
export type MessageFeedbackRequest = Schemas["MessageFeedbackRequest"];
export type FeedbackResponse = Schemas["FeedbackResponse"];
export type SurveyRequest = Schemas["SurveyRequest"];
export type SurveyResponse = Schemas["SurveyResponse"];
export type Problem = Schemas["Problem"];

/** Filters of `conversations.list` (`cursor` only with `currentPage >= 1`). */
export type ListConversationsParams = NonNullable<operations["conversations.list"]["parameters"]["query"]>;

/** Per-call options: every call can be cancelled. */
export interface RequestOptions {
  signal?: AbortSignal;
}
