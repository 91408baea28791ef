// Public names for the spec's component schemas, so users never touch generated paths.
import type { components } from "./generated/schema.js";

type Schemas = components["schemas"];

export type CompanyResponse = Schemas["CompanyResponse"];
export type LanguageOption = Schemas["LanguageOption"];
export type MenuResponse = Schemas["MenuResponse"];
export type MenuItem = Schemas["MenuItem"];
export type MenuChannel = Schemas["MenuChannel"];
export type WaitTimeResponse = Schemas["WaitTimeResponse"];
export type CallRequest = Schemas["CallRequest"];
export type CallResponse = Schemas["CallResponse"];
export type CustomData = Schemas["CustomData"];
export type ChatRequest = Schemas["ChatRequest"];
export type ChatResponse = Schemas["ChatResponse"];
export type ChatStatus = Schemas["ChatStatus"];
export type ChatParticipant = Schemas["ChatParticipant"];
export type MessageResponse = Schemas["MessageResponse"];
export type SendMessageRequest = Schemas["SendMessageRequest"];
export type SendMessageResponse = Schemas["SendMessageResponse"];
export type MediaUploadResponse = Schemas["MediaUploadResponse"];
export type ChatDeflectionResponse = Schemas["ChatDeflectionResponse"];
export type GenerateTranscriptResponse = Schemas["GenerateTranscriptResponse"];
export type TranscriptStatus = Schemas["TranscriptStatus"];
export type QuestionItem = Schemas["QuestionItem"];
export type ChatSurveyResponse = Schemas["ChatSurveyResponse"];
export type SurveyAnswers = Schemas["SurveyAnswers"];
export type RateRequest = Schemas["RateRequest"];
export type EscalateRequest = Schemas["EscalateRequest"];
export type ChatEndUserEventRequest = Schemas["ChatEndUserEventRequest"];
export type ChatHistoryItem = Schemas["ChatHistoryItem"];
export type ChatHistoryResponse = Schemas["ChatHistoryResponse"];
export type EmailResponse = Schemas["EmailResponse"];
export type FileTypeItem = Schemas["FileTypeItem"];
export type CobrowseSessionResponse = Schemas["CobrowseSessionResponse"];
export type TriggerItem = Schemas["TriggerItem"];

/** The seed's `EmailRequest`: `files` takes what a file input gives (`input.files`) or an array. */
export interface EmailRequest {
  name?: string;
  email: string;
  content: string;
  lang?: string;
  files?: ArrayLike<Blob> | Iterable<Blob> | null;
  recaptcha?: string;
}

/** The seed's `PdfStatusResponse`: `body` is the PDF once the transcript is ready. */
export interface PdfStatusResponse {
  status: string;
  body?: File;
  failed_reason?: string;
}

/** What `getPdfStatus` resolves to: the response headers (lower-case names) and its data. */
export interface RequestReturn {
  status: number;
  headers: Record<string, string>;
  data: PdfStatusResponse;
}

/** The seed's `PostSessionStatus` enum, usable as `PostSessionStatus.READY`. */
export const PostSessionStatus = {
  READY: "ready",
  IN_PROGRESS: "in_progress",
  WAITING: "waiting",
  FINISHED: "finished",
} as const satisfies Record<string, Schemas["PostSessionStatus"]>;
export type PostSessionStatus = (typeof PostSessionStatus)[keyof typeof PostSessionStatus];

/** Per-call options: every network call can be cancelled. */
export interface CallOptions {
  signal?: AbortSignal;
}
