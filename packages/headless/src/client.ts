// The headless `Client`: the vendor's flat methods as one-line delegates to the resource groups, which share one context.
import { Emitter, createFetch, silentLogger, toParleyError, type ParleyFetch } from "@parley/core";
import { createApiClient } from "@parley/core/api-client";
import { Tokens } from "./auth.js";
import type { Context } from "./base.js";
import type { Chat } from "./chat.js";
import type { ClientEvents } from "./events.js";
import { Files } from "./files.js";
import type { paths } from "./generated/schema.js";
import { IDEMPOTENT_POSTS } from "./idempotent.js";
import { checkClientOptions, type ClientOptions } from "./options.js";
import { Calls } from "./resources/calls.js";
import { Chats } from "./resources/chats.js";
import { Cobrowse } from "./resources/cobrowse.js";
import { Company } from "./resources/company.js";
import { Email } from "./resources/email.js";
import { Session } from "./session.js";
import { defaultStorage } from "./storage.js";
import type {
  CallOptions,
  CallRequest,
  CallResponse,
  ChatDeflectionResponse,
  ChatEndUserEventRequest,
  ChatHistoryResponse,
  ChatRequest,
  ChatSurveyResponse,
  CompanyResponse,
  EmailRequest,
  EmailResponse,
  EscalateRequest,
  FileTypeItem,
  GenerateTranscriptResponse,
  MenuResponse,
  MessageResponse,
  PostSessionStatus,
  RateRequest,
  RequestReturn,
  SurveyAnswers,
  TriggerItem,
  WaitTimeResponse,
} from "./types.js";

const API_PREFIX = "/api/v2";

/**
 * The headless web SDK client (seeds 000/001, "Headless web SDK API methods";
 * `openapi/headless.yaml`): every documented method, with the vendor's names and argument order;
 * each takes a trailing `{ signal }`. The first call authenticates (`options.authenticate`, then
 * `POST /auth/end_user`); an expired token is renewed once on a 401.
 *
 * Every call rejects with `ValidationError` for a bad argument (naming it, nested path included,
 * before anything is sent); with the `ApiError` subclass of the status otherwise (`BadRequestError`
 * 400, `AuthenticationError` 401 after one renewal, `NotFoundError` 404, `ConflictError` 409,
 * `UnprocessableEntityError` 422, `RateLimitError` 429 once `maxRetries` retries honouring
 * `Retry-After` are spent, `InternalServerError` 5xx); with `InvalidResponseError` (naming the
 * operation and field) for a body the spec does not allow; with `ConnectionError`, `TimeoutError`
 * or `AbortError`. Methods that act on the current chat reject with `StateError` when there is none.
 */
export class Client extends Emitter<ClientEvents> {
  readonly #session: Session;
  readonly #company: Company;
  readonly #calls: Calls;
  readonly #chats: Chats;
  readonly #files: Files;
  readonly #email: Email;
  readonly #cobrowse: Cobrowse;

  /** Checks `options` (a `ValidationError` names a bad one); nothing is sent until the first call. */
  constructor(options: ClientOptions) {
    // A listener that throws is logged, never thrown into the SDK: the same in every Parley SDK.
    super({ onListenerError: (error) => (options?.logger ?? silentLogger).error("a listener threw", { error: String(error) }) });
    const host = checkClientOptions(options);
    const logger = options.logger ?? silentLogger;
    const fetch: ParleyFetch = createFetch({
      fetch: options.fetch,
      timeout: options.timeout,
      maxRetries: options.maxRetries,
      logger,
      secrets: () => tokens.secrets(),
      idempotent: IDEMPOTENT_POSTS,
    });
    const api = createApiClient<paths>({ baseUrl: `${host}${API_PREFIX}`, fetch });
    const tokens: Tokens = new Tokens({
      api,
      companyId: options.companyId,
      authenticate: options.authenticate,
      onFirstLogin: () => {
        this.emit("authenticated");
        this.emit("ready");
      },
    });
    const ctx: Context = {
      options,
      api,
      fetch,
      origin: new URL(host).origin,
      tokens,
      emit: (event, ...args) => void this.emit(event, ...args),
      report: (error) => {
        const e = toParleyError(error);
        logger.error(e.message, { name: e.name });
        this.emit("error", e);
      },
    };
    this.#session = new Session(ctx, options.storage ?? defaultStorage());
    this.#company = new Company(ctx, this.#session);
    this.#calls = new Calls(ctx, this.#session);
    this.#chats = new Chats(ctx, this.#session);
    this.#files = new Files(ctx, this.#session);
    this.#email = new Email(ctx, this.#session);
    this.#cobrowse = new Cobrowse(ctx, this.#session);
  }

  /** The current chat (created, loaded as ongoing, or resumed), or null. */
  get chat(): Chat | null {
    return this.#session.chat;
  }

  // ---- Company and menus -------------------------------------------------------------------

  /** The proactive trigger (`GET /triggers`) matching the current page (`options.pageUrl`, default `location.href`), or null. */
  getTrigger(options?: CallOptions): Promise<TriggerItem | null> {
    return this.#company.getTrigger(options);
  }

  /** Calls `cb` with the trigger matching the current page once its `delay_seconds` have passed (the signal stops the wait); nothing when no trigger matches. */
  runTrigger(cb: (trigger: TriggerItem) => void, options?: CallOptions): Promise<void> {
    return this.#company.runTrigger(cb, () => this.getTrigger(options), options);
  }

  /** The company's settings and enabled features (`GET /company`). */
  getCompany(options?: CallOptions): Promise<CompanyResponse> {
    return this.#company.getCompany(options);
  }

  /** The after-hours deflection message in `lang` (a language tag; default `options.lang`): the `message` string only (`GET /company/after_hour_message`). */
  getAfterHourMessage(lang?: string, options?: CallOptions): Promise<string> {
    return this.#company.getAfterHourMessage(lang, options);
  }

  /** The tenant's menu tree (`GET /menus`); a direct menu `key` (at most 200 characters) limits it to that direct-access menu. */
  getMenus(key?: string, lang?: string, options?: CallOptions): Promise<MenuResponse> {
    return this.#company.getMenus(key, lang, options);
  }

  /** The menu's current estimated chat and call wait times, in seconds (`GET /menus/{menuId}/wait_times`); `NotFoundError` for an unknown menu. */
  getWaitTimes(menuId: number | string, lang?: string, options?: CallOptions): Promise<WaitTimeResponse> {
    return this.#company.getWaitTimes(menuId, lang, options);
  }

  // ---- Calls -------------------------------------------------------------------------------

  /**
   * Creates an instant call, or a scheduled one when `data.scheduled_at` (an RFC 3339 date-time, one
   * of `getTimeSlots`) is set; the platform then calls `data.phone_number` (`POST /menus/{menuId}/calls`).
   * `NotFoundError` for an unknown menu, `UnprocessableEntityError` for a body the server refuses.
   */
  createCall(menuId: number | string, data: CallRequest, options?: CallOptions): Promise<CallResponse> {
    return this.#calls.createCall(menuId, data, options);
  }

  /** The call and its status (`GET /calls/{callId}`); `NotFoundError` for an unknown call. */
  loadCall(callId: number | string, options?: CallOptions): Promise<CallResponse> {
    return this.#calls.loadCall(callId, options);
  }

  /** Cancels a queued or scheduled call and resolves it with status `cancelled` (`POST /calls/{callId}/cancel`); `ConflictError` (409) once it was connected, finished or cancelled. */
  cancelCall(callId: number | string, options?: CallOptions): Promise<CallResponse> {
    return this.#calls.cancelCall(callId, options);
  }

  /** The start times (RFC 3339 date-times) still open for a scheduled call on the menu (`GET /menus/{menuId}/time_slots`). */
  getTimeSlots(menuId: number | string, lang?: string, options?: CallOptions): Promise<string[]> {
    return this.#calls.getTimeSlots(menuId, lang, options);
  }

  // ---- Chats -------------------------------------------------------------------------------

  /** Creates a chat on the menu (`POST /menus/{menuId}/chats`), makes it the current one, remembers it in storage and starts its realtime transport. */
  createChat(menuId: number | string, data: ChatRequest, options?: CallOptions): Promise<Chat> {
    return this.#chats.createChat(menuId, data, options);
  }

  /** Loads a chat by id (`GET /chats/{chatId}`); it does not become the current chat. */
  loadChat(chatId: number | string, options?: CallOptions): Promise<Chat> {
    return this.#chats.loadChat(chatId, options);
  }

  /**
   * The ongoing chat remembered in storage, which becomes the current chat (emitting `chat.ongoing`),
   * or null. Stored values are cleared when that chat is no longer going on (status not `queued`,
   * `assigned` or `va_assigned`) or no longer exists (404). Other failures reject and keep the stored
   * chat, so a flaky network never forgets a live conversation.
   */
  loadOngoingChat(options?: CallOptions): Promise<Chat | null> {
    return this.#chats.loadOngoingChat(options);
  }

  /** Resumes a `dismissed` chat as the current one, emitting `chat.ongoing` (`POST /chats/{chatId}/resume`); `ConflictError` (409) when it is not dismissed. */
  resumeChat(chatId: number | string, options?: CallOptions): Promise<Chat> {
    return this.#chats.resumeChat(chatId, options);
  }

  /** Sets the current chat's status to `finished` (`POST /chats/{chatId}/finish`), stops its transport and emits `chat.ended`; the survey, rating and transcripts become available. */
  finishChat(options?: CallOptions): Promise<void> {
    return this.#chats.finishChat(options);
  }

  /** Destroys the current chat (`DELETE /chats/{chatId}`), stops its transport, forgets it in storage and emits `chat.destroyed`. */
  destroyChat(options?: CallOptions): Promise<void> {
    return this.#chats.destroyChat(options);
  }

  /** Every message of the current chat so far, in ascending `$index` order (`GET /chats/{chatId}/messages`); `[]` on failure, the cause emitted as `error`. */
  fetchMessages(options?: CallOptions): Promise<MessageResponse[]> {
    return this.#chats.fetchMessages(options);
  }

  /** Sends `rawContent` (1 to 8 000 characters) as a text message of the current chat (`POST /chats/{chatId}/messages`). */
  sendTextMessage(rawContent: string, options?: CallOptions): Promise<void> {
    return this.#chats.sendTextMessage(rawContent, options);
  }

  /**
   * Uploads `file` (a non-empty File or Blob; `POST /chats/{chatId}/media`) and posts it as a message
   * of the current chat; resolves the new message's id, or -1 on failure (the cause emitted as
   * `error`: 413 over the size limit, 415 for a prohibited type, ...). A bad `file` still throws.
   */
  sendFileMessage(file: File, options?: CallOptions): Promise<number> {
    return this.#files.sendFileMessage(file, options);
  }

  /** Tells the agent what the end user is typing, 0 to 8 000 characters, `""` clearing it (`POST /chats/{chatId}/message_preview`); used when `CompanyResponse.message_preview` is true. */
  sendPreviewMessage(content: string, options?: CallOptions): Promise<void> {
    return this.#chats.sendPreviewMessage(content, options);
  }

  /** The current chat's deflection settings: whether to offer email or links once the wait passes `threshold` (`GET /chats/{chatId}/deflection`). */
  getChatDeflection(options?: CallOptions): Promise<ChatDeflectionResponse> {
    return this.#chats.getChatDeflection(options);
  }

  /** Emails the current chat's transcript to 1 to 10 addresses (`POST /chats/{chatId}/transcripts`); available when `CompanyResponse.email_transcripts` is true. */
  sendChatTranscripts(emails: string[], options?: CallOptions): Promise<void> {
    return this.#chats.sendChatTranscripts(emails, options);
  }

  /** Starts generating a PDF of the current chat's transcript (`POST /chats/{chatId}/transcript_pdf`); poll `getPdfStatus(chat_transcript_id)` until it is `finished` or `failed`. */
  downloadChatTranscript(options?: CallOptions): Promise<GenerateTranscriptResponse> {
    return this.#chats.downloadChatTranscript(options);
  }

  /**
   * The transcript's status and, once ready, the PDF (`GET /chat_transcripts/{transcriptId}`):
   * `headers['x-transcript-status']`, `data.status`, and `data.body` a `File` named from
   * `Content-Disposition` (default `transcript-<id>.pdf`).
   */
  getPdfStatus(id: number, options?: CallOptions): Promise<RequestReturn> {
    return this.#files.getPdfStatus(id, options);
  }

  /** The current (finished) chat's survey questions (`GET /chats/{chatId}/survey`); `sendChatSurvey` then checks answers against them. */
  getChatSurvey(options?: CallOptions): Promise<ChatSurveyResponse> {
    return this.#chats.getChatSurvey(options);
  }

  /**
   * Sends the survey answers keyed by numeric question id, 1 to 100 of them (`POST /chats/{chatId}/survey`),
   * checked against the survey from `getChatSurvey` when it was loaded: a valid answer key, 1-5 for
   * `csat`/`star`, 0-10 for `scale`, at most 2 000 characters for `free-form`.
   */
  sendChatSurvey(answers: SurveyAnswers, options?: CallOptions): Promise<void> {
    return this.#chats.sendChatSurvey(answers, options);
  }

  /** Rates the finished chat: `rating` a whole number 1 to 5, `feedback` at most 2 000 characters (`POST /chats/{chatId}/rate`). */
  sendChatRate(data: RateRequest, options?: CallOptions): Promise<void> {
    return this.#chats.sendChatRate(data, options);
  }

  /** Escalates the current chat, e.g. from a virtual agent to a human (`POST /chats/{chatId}/escalations`); the platform then posts an `escalationStarted` notification message. */
  escalateChat(data?: EscalateRequest, options?: CallOptions): Promise<void> {
    return this.#chats.escalateChat(data, options);
  }

  /** Records the `channel` (at most 64 characters) the end user chose for an escalation (`POST /chats/{chatId}/escalations/{escalationId}/track`). */
  trackChatEscalation(escalationId: number, channel: string, options?: CallOptions): Promise<void> {
    return this.#chats.trackChatEscalation(escalationId, channel, options);
  }

  /** Records an end-user event on the current chat (`POST /chats/{chatId}/end_user_events`); used when `CompanyResponse.action_tracking` is true. */
  trackChatEndUserEvent(data: ChatEndUserEventRequest, options?: CallOptions): Promise<void> {
    return this.#chats.trackChatEndUserEvent(data, options);
  }

  /** One page (from 1) of the end user's past chats with their messages (`GET /chat_history`). */
  getChatHistory(page?: number, options?: CallOptions): Promise<ChatHistoryResponse> {
    return this.#chats.getChatHistory(page, options);
  }

  // ---- Emails ------------------------------------------------------------------------------

  /**
   * Sends an email contact through the menu as `multipart/form-data`, each of `data.files` (a FileList
   * or an array of Files) a `files` part (`POST /menus/{menuId}/emails`); resolves the
   * `EmailResponse` whether the email succeeds or fails (`status`, `fail_reason`).
   */
  createEmail(menuId: number | string, data: EmailRequest, options?: CallOptions): Promise<EmailResponse> {
    return this.#email.createEmail(menuId, data, options);
  }

  /** The file extensions that cannot be attached to emails or chat messages (`GET /prohibited_file_types`). */
  getProhibitedFileTypes(options?: CallOptions): Promise<FileTypeItem[]> {
    return this.#files.getProhibitedFileTypes(options);
  }

  // ---- Co-browse ---------------------------------------------------------------------------

  /** A six-digit co-browse code for the end user to read to an agent (`POST /cobrowse/codes`); `""` on failure, the cause emitted as `error`. */
  createCobrowseCode(lang?: string, customData?: Record<string, string>, options?: CallOptions): Promise<string> {
    return this.#cobrowse.createCobrowseCode(lang, customData, options);
  }

  /** Starts co-browsing in the current chat, e.g. accepting a `cobrowse.request(from)` (`POST /chats/{chatId}/cobrowse`); emits `cobrowse.updated` with the session. */
  startCobrowse(from?: string, options?: CallOptions): Promise<void> {
    return this.#cobrowse.startCobrowse(from, options);
  }

  /**
   * The file a message carries, or null when it carries none (no request made): `media_id` from
   * `GET /chats/{chatId}/media/{mediaId}`, or `document.url` (the token is sent only to the API's own
   * origin). The name comes from `Content-Disposition`, else the message or the URL.
   */
  getMessageAttachment(message: MessageResponse, options?: CallOptions): Promise<File | null> {
    return this.#files.getMessageAttachment(message, options);
  }

  // ---- Post-session ------------------------------------------------------------------------

  /** Sets the current chat's `post_session_transfer_status` (`PUT /chats/{chatId}/post_session`), to hand the end user to a post-session virtual agent. */
  updatePostSession(postSessionStatus: PostSessionStatus, options?: CallOptions): Promise<void> {
    return this.#chats.updatePostSession(postSessionStatus, options);
  }

  /** Stops the realtime transport. The client stays usable; the chat stays in storage. */
  close(): void {
    this.#session.stop();
  }
}
