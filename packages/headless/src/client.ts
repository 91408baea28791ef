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

  /**
   * The proactive trigger (`GET /triggers`, in `options.lang`) whose URL rules match the current
   * page (`options.pageUrl()`, default `location.href`, `""` outside a browser), or null when none
   * matches.
   * Rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `getTrigger` (seeds 000/001).
   */
  getTrigger(options?: CallOptions): Promise<TriggerItem | null> {
    return this.#company.getTrigger(options);
  }

  /**
   * Looks up the trigger for the current page (`getTrigger`) and calls `cb(trigger)` once its
   * `delay_seconds` (seconds, 0 for at once) have passed; resolves after `cb`, or at once when no
   * trigger matches.
   * `ValidationError` when `cb` is not a function; `AbortError` when `options.signal` stops the
   * wait; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `runTrigger` (seeds 000/001).
   */
  runTrigger(cb: (trigger: TriggerItem) => void, options?: CallOptions): Promise<void> {
    return this.#company.runTrigger(cb, () => this.getTrigger(options), options);
  }

  /**
   * The company's settings and enabled features (`GET /company`): `CompanyResponse` with its
   * booleans (`message_preview`, `email_transcripts`, `action_tracking`, ...) and the chat and call
   * settings the other methods depend on.
   * Rejects as every call does (see `Client`); `InvalidResponseError` names the bad field.
   * Vendor doc: "Headless web SDK API methods", `getCompany` (seeds 000/001).
   */
  getCompany(options?: CallOptions): Promise<CompanyResponse> {
    return this.#company.getCompany(options);
  }

  /**
   * The after-hours deflection message in `lang` (a language tag of at most 35 characters; default
   * `options.lang`): the `message` string only (`GET /company/after_hour_message`).
   * `ValidationError` for a bad `lang`; `InvalidResponseError` when the body has no string
   * `message`; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `getAfterHourMessage` (seeds 000/001).
   */
  getAfterHourMessage(lang?: string, options?: CallOptions): Promise<string> {
    return this.#company.getAfterHourMessage(lang, options);
  }

  /**
   * The tenant's menu tree (`GET /menus`): `{ menus }`, each with its `id`. `key`
   * (at most 200 characters) limits it to that direct-access menu; `lang` a language tag of at most
   * 35 characters, default `options.lang`.
   * `ValidationError` for a bad `key` or `lang`; otherwise rejects as every call does (see
   * `Client`).
   * Vendor doc: "Headless web SDK API methods", `getMenus` (seeds 000/001).
   */
  getMenus(key?: string, lang?: string, options?: CallOptions): Promise<MenuResponse> {
    return this.#company.getMenus(key, lang, options);
  }

  /**
   * The menu's current estimated wait times (`GET /menus/{menuId}/wait_times`), in seconds, for
   * chats and calls; `menuId` a positive integer (or its decimal string), `lang` a language tag,
   * default `options.lang`.
   * `ValidationError` for a bad `menuId` or `lang`; `NotFoundError` for an unknown menu; otherwise
   * rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `getWaitTimes` (seeds 000/001).
   */
  getWaitTimes(menuId: number | string, lang?: string, options?: CallOptions): Promise<WaitTimeResponse> {
    return this.#company.getWaitTimes(menuId, lang, options);
  }

  // ---- Calls -------------------------------------------------------------------------------

  /**
   * Creates an instant call, or a scheduled one when `data.scheduled_at` (an RFC 3339 date-time, one
   * of `getTimeSlots`) is set; the platform then calls `data.phone_number` (`POST /menus/{menuId}/calls`).
   * `NotFoundError` for an unknown menu, `UnprocessableEntityError` for a body the server refuses.
   * `ValidationError` naming the bad field (`data.phone_number`, `data.scheduled_at`, ...) before
   * anything is sent; otherwise rejects as every call does (see `Client`). Vendor doc: "Headless web
   * SDK API methods", `createCall` (seeds 000/001).
   */
  createCall(menuId: number | string, data: CallRequest, options?: CallOptions): Promise<CallResponse> {
    return this.#calls.createCall(menuId, data, options);
  }

  /**
   * The call and its status (`GET /calls/{callId}`); `callId` a positive integer (or its decimal
   * string).
   * `ValidationError` for a bad `callId`; `NotFoundError` for an unknown call; otherwise rejects as
   * every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `loadCall` (seeds 000/001).
   */
  loadCall(callId: number | string, options?: CallOptions): Promise<CallResponse> {
    return this.#calls.loadCall(callId, options);
  }

  /**
   * Cancels a queued or scheduled call and resolves it with status `cancelled` (`POST
   * /calls/{callId}/cancel`); `callId` a positive integer (or its decimal string). Safe to repeat
   * (`x-parley-idempotent`), so it is retried like a GET.
   * `ValidationError` for a bad `callId`; `NotFoundError` for an unknown call; `ConflictError` (409)
   * once it was connected, finished or cancelled; otherwise rejects as every call does (see
   * `Client`).
   * Vendor doc: "Headless web SDK API methods", `cancelCall` (seeds 000/001).
   */
  cancelCall(callId: number | string, options?: CallOptions): Promise<CallResponse> {
    return this.#calls.cancelCall(callId, options);
  }

  /**
   * The start times still open for a scheduled call on the menu (`GET /menus/{menuId}/time_slots`):
   * RFC 3339 date-times; `lang` a language tag, default `options.lang`.
   * `ValidationError` for a bad `menuId` or `lang`; `NotFoundError` for an unknown menu; otherwise
   * rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `getTimeSlots` (seeds 000/001).
   */
  getTimeSlots(menuId: number | string, lang?: string, options?: CallOptions): Promise<string[]> {
    return this.#calls.getTimeSlots(menuId, lang, options);
  }

  // ---- Chats -------------------------------------------------------------------------------

  /**
   * Creates a chat on the menu (`POST /menus/{menuId}/chats`, sent once: a chat is never created
   * twice) and resolves it as a `Chat`, which becomes the current chat: remembered in
   * `options.storage` and followed by the realtime transport (`chat.*` events).
   * `menuId` is a positive integer (or its decimal string). `data` is a `ChatRequest`: `lang` a
   * language tag of at most 35 characters (default `options.lang`), `trigger_id` and `ticket_id` at
   * most 200 characters, `email` an address, `greeting` at most 8 000 characters, `cobrowsable` a
   * boolean, `custom_data` `{ signed?: JWT, unsigned?: object }`; every string at most 8 000
   * characters, at most 100 keys per object and 8 levels.
   * `ValidationError` naming the bad argument (`menuId`, `data.lang`, `data.custom_data.signed`,
   * ...) before anything is sent; `NotFoundError` for an unknown menu; `UnprocessableEntityError`
   * for a body the server refuses; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `createChat` (seeds 000/001).
   */
  createChat(menuId: number | string, data: ChatRequest, options?: CallOptions): Promise<Chat> {
    return this.#chats.createChat(menuId, data, options);
  }

  /**
   * Loads a chat by id (`GET /chats/{chatId}`) as a `Chat`; it does not become the current chat.
   * `chatId` a positive integer (or its decimal string).
   * `ValidationError` for a bad `chatId`; `NotFoundError` for an unknown chat; otherwise rejects as
   * every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `loadChat` (seeds 000/001).
   */
  loadChat(chatId: number | string, options?: CallOptions): Promise<Chat> {
    return this.#chats.loadChat(chatId, options);
  }

  /**
   * The ongoing chat remembered in storage (its state from `GET /chats/{chatId}`), which becomes the
   * current chat (emitting `chat.ongoing`), or null. Stored values are cleared when that chat is no longer going on (status not `queued`,
   * `assigned` or `va_assigned`) or no longer exists (404). Other failures reject and keep the stored
   * chat, so a flaky network never forgets a live conversation.
   * No stored chat resolves null; a failure otherwise rejects as every call does (see
   * `Client`). Vendor doc: "Headless web SDK API methods", `loadOngoingChat` (seeds 000/001).
   */
  loadOngoingChat(options?: CallOptions): Promise<Chat | null> {
    return this.#chats.loadOngoingChat(options);
  }

  /**
   * Resumes a `dismissed` chat as the current one, emitting `chat.ongoing` (`POST
   * /chats/{chatId}/resume`); `chatId` a positive integer (or its decimal string).
   * `ValidationError` for a bad `chatId`; `NotFoundError` for an unknown chat; `ConflictError` (409)
   * when it is not dismissed; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `resumeChat` (seeds 000/001).
   */
  resumeChat(chatId: number | string, options?: CallOptions): Promise<Chat> {
    return this.#chats.resumeChat(chatId, options);
  }

  /**
   * Sets the current chat's status to `finished` (`POST /chats/{chatId}/finish`), stops its
   * transport and emits `chat.ended`; the survey, rating and transcripts become available. Safe to
   * repeat (`x-parley-idempotent`).
   * `StateError` when there is no current chat; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `finishChat` (seeds 000/001).
   */
  finishChat(options?: CallOptions): Promise<void> {
    return this.#chats.finishChat(options);
  }

  /**
   * Destroys the current chat (`DELETE /chats/{chatId}`), stops its transport, forgets it in storage
   * and emits `chat.destroyed`.
   * `StateError` when there is no current chat; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `destroyChat` (seeds 000/001).
   */
  destroyChat(options?: CallOptions): Promise<void> {
    return this.#chats.destroyChat(options);
  }

  /**
   * Every message of the current chat so far, in ascending `$index` order (`GET
   * /chats/{chatId}/messages`).
   * Never rejects for a failure: resolves `[]` and emits the cause as `error` (`StateError` without
   * a current chat, or any error of the call), as the vendor documents.
   * Vendor doc: "Headless web SDK API methods", `fetchMessages` (seeds 000/001).
   */
  fetchMessages(options?: CallOptions): Promise<MessageResponse[]> {
    return this.#chats.fetchMessages(options);
  }

  /**
   * Sends `rawContent` as a text message of the current chat (`POST /chats/{chatId}/messages` with
   * `{ type: "text", content }`); resolves once the server stored it. `rawContent` is a string of 1
   * to 8 000 characters, sent as given. Sent once: a POST the server may have stored is never
   * repeated on its own (only a refused connection or a 429/503 with `Retry-After` is retried).
   * `ValidationError` naming `rawContent` before anything is sent; `StateError` when there is no
   * current chat; `NotFoundError` when the chat no longer exists; otherwise rejects as
   * every call does (see `Client`); every error of the call names the operation `sendMessage`.
   * Vendor doc: "Headless web SDK API methods", `sendTextMessage` (seeds 000/001).
   */
  sendTextMessage(rawContent: string, options?: CallOptions): Promise<void> {
    return this.#chats.sendTextMessage(rawContent, options);
  }

  /**
   * Uploads `file` (a non-empty File or Blob; `POST /chats/{chatId}/media`) and posts it as a message
   * of the current chat; resolves the new message's id, or -1 on failure (the cause emitted as
   * `error`: 413 over the size limit, 415 for a prohibited type, ...). A bad `file` still throws.
   * `ValidationError` for a bad `file`; every other failure resolves -1 (see above). Vendor doc:
   * "Headless web SDK API methods", `sendFileMessage` (seeds 000/001).
   */
  sendFileMessage(file: File, options?: CallOptions): Promise<number> {
    return this.#files.sendFileMessage(file, options);
  }

  /**
   * Tells the agent what the end user is typing (`POST /chats/{chatId}/message_preview`): `content`
   * 0 to 8 000 characters, `""` clearing it; used when `CompanyResponse.message_preview` is true.
   * `ValidationError` for a bad `content`; `StateError` when there is no current chat; otherwise
   * rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `sendPreviewMessage` (seeds 000/001).
   */
  sendPreviewMessage(content: string, options?: CallOptions): Promise<void> {
    return this.#chats.sendPreviewMessage(content, options);
  }

  /**
   * The current chat's deflection settings (`GET /chats/{chatId}/deflection`): whether to offer
   * email or links once the wait passes `threshold` (seconds).
   * `StateError` when there is no current chat; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `getChatDeflection` (seeds 000/001).
   */
  getChatDeflection(options?: CallOptions): Promise<ChatDeflectionResponse> {
    return this.#chats.getChatDeflection(options);
  }

  /**
   * Emails the current chat's transcript to `emails`, 1 to 10 addresses (`POST
   * /chats/{chatId}/transcripts`); available when `CompanyResponse.email_transcripts` is true.
   * `ValidationError` naming the bad address (`emails[2]`); `StateError` when there is no current
   * chat; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `sendChatTranscripts` (seeds 000/001).
   */
  sendChatTranscripts(emails: string[], options?: CallOptions): Promise<void> {
    return this.#chats.sendChatTranscripts(emails, options);
  }

  /**
   * Starts generating a PDF of the current chat's transcript (`POST
   * /chats/{chatId}/transcript_pdf`); resolves `{ chat_transcript_id }`: poll
   * `getPdfStatus(chat_transcript_id)` until it is `finished` or `failed`.
   * `StateError` when there is no current chat; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `downloadChatTranscript` (seeds 000/001).
   */
  downloadChatTranscript(options?: CallOptions): Promise<GenerateTranscriptResponse> {
    return this.#chats.downloadChatTranscript(options);
  }

  /**
   * The transcript's status and, once ready, the PDF (`GET /chat_transcripts/{transcriptId}`):
   * `headers['x-transcript-status']`, `data.status`, and `data.body` a `File` named from
   * `Content-Disposition` (default `transcript-<id>.pdf`).
   * `ValidationError` for a bad `id` (a positive integer); `NotFoundError` for an unknown
   * transcript; `InvalidResponseError` for a JSON status body the spec does not allow; otherwise
   * rejects as every call does (see `Client`). Vendor doc: "Headless web SDK API methods",
   * `getPdfStatus` (seeds 000/001).
   */
  getPdfStatus(id: number, options?: CallOptions): Promise<RequestReturn> {
    return this.#files.getPdfStatus(id, options);
  }

  /**
   * The current (finished) chat's survey questions (`GET /chats/{chatId}/survey`); `sendChatSurvey`
   * then checks answers against them.
   * `StateError` when there is no current chat;
   * otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `getChatSurvey` (seeds 000/001).
   */
  getChatSurvey(options?: CallOptions): Promise<ChatSurveyResponse> {
    return this.#chats.getChatSurvey(options);
  }

  /**
   * Sends the survey answers keyed by numeric question id, 1 to 100 of them (`POST /chats/{chatId}/survey`),
   * checked against the survey from `getChatSurvey` when it was loaded: a valid answer key, 1-5 for
   * `csat`/`star`, 0-10 for `scale`, at most 2 000 characters for `free-form`.
   * `ValidationError` naming the bad answer (`answers.12`); `StateError` when there is no current
   * chat; otherwise rejects as every call does (see `Client`). Vendor doc: "Headless web SDK API
   * methods", `sendChatSurvey` (seeds 000/001).
   */
  sendChatSurvey(answers: SurveyAnswers, options?: CallOptions): Promise<void> {
    return this.#chats.sendChatSurvey(answers, options);
  }

  /**
   * Rates the finished chat (`POST /chats/{chatId}/rate`): `data.rating` a whole number 1 to 5,
   * `data.feedback` at most 2 000 characters.
   * `ValidationError` naming the bad field (`data.rating`); `StateError` when there is no current
   * chat; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `sendChatRate` (seeds 000/001).
   */
  sendChatRate(data: RateRequest, options?: CallOptions): Promise<void> {
    return this.#chats.sendChatRate(data, options);
  }

  /**
   * Escalates the current chat, e.g. from a virtual agent to a human (`POST
   * /chats/{chatId}/escalations`, optional `data` an `EscalateRequest`); the platform then posts an
   * `escalationStarted` notification message.
   * `ValidationError` for a bad `data`; `StateError` when there is no current chat; otherwise
   * rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `escalateChat` (seeds 000/001).
   */
  escalateChat(data?: EscalateRequest, options?: CallOptions): Promise<void> {
    return this.#chats.escalateChat(data, options);
  }

  /**
   * Records the `channel` (1 to 64 characters) the end user chose for escalation `escalationId` (a
   * positive integer) of the current chat (`POST /chats/{chatId}/escalations/{escalationId}/track`).
   * `ValidationError` for a bad `escalationId` or `channel`; `StateError` when there is no current
   * chat; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `trackChatEscalation` (seeds 000/001).
   */
  trackChatEscalation(escalationId: number, channel: string, options?: CallOptions): Promise<void> {
    return this.#chats.trackChatEscalation(escalationId, channel, options);
  }

  /**
   * Records an end-user event (`data`, a `ChatEndUserEventRequest`) on the current chat (`POST
   * /chats/{chatId}/end_user_events`); used when `CompanyResponse.action_tracking` is true.
   * `ValidationError` naming the bad field; `StateError` when there is no current chat; otherwise
   * rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `trackChatEndUserEvent` (seeds 000/001).
   */
  trackChatEndUserEvent(data: ChatEndUserEventRequest, options?: CallOptions): Promise<void> {
    return this.#chats.trackChatEndUserEvent(data, options);
  }

  /**
   * One page of the end user's past chats with their messages (`GET /chat_history`):
   * `ChatHistoryResponse` with `chats` (each `comm_id`, `assigned_at` an RFC 3339 date-time,
   * `comm_type`, `timezone`, `entries` its `MessageResponse`s), `missing_chat_ids`, and `pagination`
   * (`next_page`, `per_page`). `page` is a whole number from 1, default 1 (the server's); pass
   * `pagination.next_page` for the next page.
   * `ValidationError` naming `page` before anything is sent; `InvalidResponseError` naming the bad
   * field of a body the spec does not allow; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `getChatHistory` (seeds 000/001).
   */
  getChatHistory(page?: number, options?: CallOptions): Promise<ChatHistoryResponse> {
    return this.#chats.getChatHistory(page, options);
  }

  // ---- Emails ------------------------------------------------------------------------------

  /**
   * Sends an email contact through the menu as `multipart/form-data`, each of `data.files` (a FileList
   * or an array of Files) a `files` part (`POST /menus/{menuId}/emails`); resolves the
   * `EmailResponse` whether the email succeeds or fails (`status`, `fail_reason`).
   * `ValidationError` naming the bad field (`data.email`, `data.files[1]`, ...) before anything is
   * sent; `NotFoundError` for an unknown menu; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `createEmail` (seeds 000/001).
   */
  createEmail(menuId: number | string, data: EmailRequest, options?: CallOptions): Promise<EmailResponse> {
    return this.#email.createEmail(menuId, data, options);
  }

  /**
   * The file extensions that cannot be attached to emails or chat messages (`GET
   * /prohibited_file_types`): `FileTypeItem[]`.
   * Rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `getProhibitedFileTypes` (seeds 000/001).
   */
  getProhibitedFileTypes(options?: CallOptions): Promise<FileTypeItem[]> {
    return this.#files.getProhibitedFileTypes(options);
  }

  // ---- Co-browse ---------------------------------------------------------------------------

  /**
   * A six-digit co-browse code for the end user to read to an agent (`POST /cobrowse/codes`); `lang`
   * a language tag (default `options.lang`), `customData` at most 100 string values.
   * `ValidationError` for a bad `lang` or `customData`; any other failure resolves `""` and emits
   * the cause as `error`, as the vendor documents.
   * Vendor doc: "Headless web SDK API methods", `createCobrowseCode` (seeds 000/001).
   */
  createCobrowseCode(lang?: string, customData?: Record<string, string>, options?: CallOptions): Promise<string> {
    return this.#cobrowse.createCobrowseCode(lang, customData, options);
  }

  /**
   * Starts co-browsing in the current chat, e.g. accepting a `cobrowse.request(from)` (`POST
   * /chats/{chatId}/cobrowse`; `from` at most 200 characters); emits `cobrowse.updated` with the
   * session.
   * `ValidationError` for a bad `from`; `StateError` when there is no current chat; otherwise
   * rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `startCobrowse` (seeds 000/001).
   */
  startCobrowse(from?: string, options?: CallOptions): Promise<void> {
    return this.#cobrowse.startCobrowse(from, options);
  }

  /**
   * The file a message carries, or null when it carries none (no request made): `media_id` from
   * `GET /chats/{chatId}/media/{mediaId}`, or `document.url` (the token is sent only to the API's own
   * origin). The name comes from `Content-Disposition`, else the message or the URL.
   * `ValidationError` for a bad `message`; `StateError` for a `media_id` without a current chat;
   * otherwise rejects as every call does (see `Client`). Vendor doc: "Headless web SDK API methods",
   * `getMessageAttachment` (seeds 000/001).
   */
  getMessageAttachment(message: MessageResponse, options?: CallOptions): Promise<File | null> {
    return this.#files.getMessageAttachment(message, options);
  }

  // ---- Post-session ------------------------------------------------------------------------

  /**
   * Sets the current chat's `post_session_transfer_status` (`PUT /chats/{chatId}/post_session`) to
   * one of `PostSessionStatus`, to hand the end user to a post-session virtual agent.
   * `ValidationError` for a value outside `PostSessionStatus`; `StateError` when there is no current
   * chat; otherwise rejects as every call does (see `Client`).
   * Vendor doc: "Headless web SDK API methods", `updatePostSession` (seeds 000/001).
   */
  updatePostSession(postSessionStatus: PostSessionStatus, options?: CallOptions): Promise<void> {
    return this.#chats.updatePostSession(postSessionStatus, options);
  }

  /** Stops the realtime transport. The client stays usable; the chat stays in storage. */
  close(): void {
    this.#session.stop();
  }
}
