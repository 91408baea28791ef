// Public names for the spec's component schemas (openapi/headless.yaml), so users never touch generated paths, and the seed's own interfaces.
import type { components } from "./generated/schema.js";

type Schemas = components["schemas"];

/** Company settings and enabled features (vendor doc), as `getCompany` resolves them. */
export type CompanyResponse = Schemas["CompanyResponse"];
/** A language the company supports (inferred). */
export type LanguageOption = Schemas["LanguageOption"];
/** The tenant's menu tree and direct-access flags (vendor doc). */
export type MenuResponse = Schemas["MenuResponse"];
/** A menu node; leaves carry the channels an end user can contact through (vendor doc). */
export type MenuItem = Schemas["MenuItem"];
/** A contact channel offered by a menu item (inferred). */
export type MenuChannel = Schemas["MenuChannel"];
/** A menu's current estimated wait times, in seconds (vendor doc). */
export type WaitTimeResponse = Schemas["WaitTimeResponse"];
/** Request to create an instant call, or a scheduled one with `scheduled_at` (vendor doc). */
export type CallRequest = Schemas["CallRequest"];
/** A call and its status (vendor doc). */
export type CallResponse = Schemas["CallResponse"];
/** Extra data attached to a call or chat: `signed` a JWT, `unsigned` free-form (vendor doc). */
export type CustomData = Schemas["CustomData"];
/** Request to create a chat (vendor doc). */
export type ChatRequest = Schemas["ChatRequest"];
/** The state of a chat, wrapped by the SDK in a `Chat` (inferred; the `post_session_*` fields are the vendor's). */
export type ChatResponse = Schemas["ChatResponse"];
/** A chat's status: `queued`, `assigned` and `va_assigned` are ongoing; the rest are terminal, except that `dismissed` can be resumed (inferred). */
export type ChatStatus = Schemas["ChatStatus"];
/** A member of the chat conversation, with whether it is typing (inferred). */
export type ChatParticipant = Schemas["ChatParticipant"];
/** A chat message, as `fetchMessages` returns it and `chat.message` emits it; `$index` orders a chat's messages (vendor doc). */
export type MessageResponse = Schemas["MessageResponse"];
/** A message the end user sends: text, media (an uploaded `media_id`) or a notification such as `formCompleted` (inferred). */
export type SendMessageRequest = Schemas["SendMessageRequest"];
/** The accepted message: `sendFileMessage` resolves its `id` (inferred). */
export type SendMessageResponse = Schemas["SendMessageResponse"];
/** Uploaded media, referenced by a media message's `media_id` (inferred). */
export type MediaUploadResponse = Schemas["MediaUploadResponse"];
/** Chat deflection settings: whether to offer email or links once the wait passes `threshold` seconds (vendor doc). */
export type ChatDeflectionResponse = Schemas["ChatDeflectionResponse"];
/** A transcript PDF generation job: poll `getPdfStatus(chat_transcript_id)` (vendor doc). */
export type GenerateTranscriptResponse = Schemas["GenerateTranscriptResponse"];
/** A transcript PDF's status, as the `x-transcript-status` header carries it (inferred). */
export type TranscriptStatus = Schemas["TranscriptStatus"];
/** A survey question: its `id`, `type` (`csat`, `star`, `scale`, `free-form`, ...) and `valid_answers` (vendor doc). */
export type QuestionItem = Schemas["QuestionItem"];
/** The chat survey's questions (vendor doc). */
export type ChatSurveyResponse = Schemas["ChatSurveyResponse"];
/** Survey answers keyed by question id (`QuestionItem.id` as a string) (vendor doc). */
export type SurveyAnswers = Schemas["SurveyAnswers"];
/** The end user's rating of a finished chat: `rating` 1 to 5, optional `feedback` (vendor doc). */
export type RateRequest = Schemas["RateRequest"];
/** An escalation request; the vendor's interface allows other escalation fields, so the shape is open (vendor doc). */
export type EscalateRequest = Schemas["EscalateRequest"];
/** An end-user event; the vendor's interface allows other event fields, so the shape is open (vendor doc). */
export type ChatEndUserEventRequest = Schemas["ChatEndUserEventRequest"];
/** A past chat with its messages (vendor doc). */
export type ChatHistoryItem = Schemas["ChatHistoryItem"];
/** One page of the end user's chat history (vendor doc). */
export type ChatHistoryResponse = Schemas["ChatHistoryResponse"];
/** The result of an email contact, on success and on failure (`status`, `fail_reason`) (vendor doc). */
export type EmailResponse = Schemas["EmailResponse"];
/** A prohibited attachment file type (vendor doc). */
export type FileTypeItem = Schemas["FileTypeItem"];
/** A screen share session (inferred). */
export type CobrowseSessionResponse = Schemas["CobrowseSessionResponse"];
/** A proactive chat trigger the SDK matches against the current page; `delay_seconds` before `runTrigger` calls back (inferred). */
export type TriggerItem = Schemas["TriggerItem"];

/** The seed's `EmailRequest`: `files` takes what a file input gives (`input.files`) or an array. */
export interface EmailRequest {
  /** The sender's name, at most 256 characters. */
  name?: string;
  /** The sender's email address. */
  email: string;
  /** The message, 1 to 20 000 characters. */
  content: string;
  /** The language tag; default `ClientOptions.lang`. */
  lang?: string;
  /** Attachments: a FileList or an array of Files/Blobs, each sent as a `files` part. */
  files?: ArrayLike<Blob> | Iterable<Blob> | null;
  /** A reCAPTCHA token, when the company requires one (at most 8 000 characters). */
  recaptcha?: string;
}

/** The seed's `PdfStatusResponse`: `body` is the PDF once the transcript is ready. */
export interface PdfStatusResponse {
  /** `in_progress`, `finished` or `failed`. */
  status: string;
  /** The PDF, once `finished`. */
  body?: File;
  /** Why generation failed, when `failed`. */
  failed_reason?: string;
}

/** What `getPdfStatus` resolves to: the response headers (lower-case names) and its data. */
export interface RequestReturn {
  /** The HTTP status. */
  status: number;
  /** The response headers, names lower-case. */
  headers: Record<string, string>;
  /** The status and, once ready, the PDF. */
  data: PdfStatusResponse;
}

/** The seed's `PostSessionStatus` enum, usable as `PostSessionStatus.READY`. */
export const PostSessionStatus = {
  READY: "ready",
  IN_PROGRESS: "in_progress",
  WAITING: "waiting",
  FINISHED: "finished",
} as const satisfies Record<string, Schemas["PostSessionStatus"]>;
/** A post-session transfer status: `ready`, `in_progress`, `waiting` or `finished`. */
export type PostSessionStatus = (typeof PostSessionStatus)[keyof typeof PostSessionStatus];

/** Per-call options: every network call can be cancelled. */
export interface CallOptions {
  /** Cancels the call: it rejects with `AbortError` and a started request is aborted. */
  signal?: AbortSignal;
}
