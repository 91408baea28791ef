import {
  AbortError,
  AuthenticationError,
  Emitter,
  abortable,
  checkShape,
  InvalidResponseError,
  NotFoundError,
  ParleyError,
  StateError,
  ValidationError,
  createFetch,
  headersOf,
  unwrapWithResponse,
  redactSecrets,
  unwrap,
  silentLogger,
  sleep,
  toParleyError,
  describeValue,
  optionalNumber,
  optionalObject,
  optionalString,
  requireArray,
  requireBaseUrl,
  requireBoolean,
  requireDateString,
  requireEmail,
  requireFunction,
  requireId,
  requireNumber,
  requireObject,
  requireOneOf,
  requireString,
  requirePlainData,
  checked,
  onlyKeys,
  type FetchLike,
  type ParleyFetch,
  type DataOf,
  type FetchResult,
  type Logger,
} from "@parley/core";
import { createApiClient, type ApiClient } from "@parley/core/api-client";
import { Chat, ONGOING_STATUSES } from "./chat.js";
import type { ClientEvents } from "./events.js";
import type { paths } from "./generated/schema.js";
import { defaultStorage, type ChatStorage } from "./storage.js";
import { pollingTransport, type ChatTransport, type ChatTransportFactory } from "./transport.js";
import { dispositionName } from "./disposition.js";
import { IDEMPOTENT_POSTS } from "./idempotent.js";
import { SHAPES } from "./shapes.js";
import { matchTrigger } from "./triggers.js";
import {
  PostSessionStatus,
  type CallOptions,
  type CallRequest,
  type CallResponse,
  type ChatDeflectionResponse,
  type ChatEndUserEventRequest,
  type ChatHistoryResponse,
  type ChatRequest,
  type ChatResponse,
  type ChatSurveyResponse,
  type CompanyResponse,
  type EmailRequest,
  type EmailResponse,
  type EscalateRequest,
  type FileTypeItem,
  type GenerateTranscriptResponse,
  type MenuResponse,
  type MessageResponse,
  type PdfStatusResponse,
  type RateRequest,
  type RequestReturn,
  type SendMessageRequest,
  type SendMessageResponse,
  type SurveyAnswers,
  type TriggerItem,
  type WaitTimeResponse,
} from "./types.js";

export interface ClientOptions {
  /** The company key. */
  companyId: string;
  /** Your backend's endpoint: resolves to a JWT signed with the company secret. */
  authenticate: () => Promise<{ token: string }>;
  /** The tenant: the API host is `https://{tenant}.api.ccaiplatform.com` unless `host` is given. */
  tenant?: string;
  /** The API origin, e.g. `https://acme.api.ccaiplatform.com` or a local mock. */
  host?: string;
  /** Default language for calls that take `lang`. */
  lang?: string;
  /** Remembers the ongoing chat; default `localStorage` in browsers, memory elsewhere. */
  storage?: ChatStorage;
  fetch?: FetchLike;
  /** Per-attempt timeout in ms (default 60 000). */
  timeout?: number;
  /** Retries for 408/429/5xx and connection errors (default 2). */
  maxRetries?: number;
  logger?: Logger;
  /** Realtime transport for the ongoing chat; default `pollingTransport()`. `false` disables it. */
  transport?: ChatTransportFactory | false;
  /** The current page URL, for proactive triggers; default `location.href`. */
  pageUrl?: () => string;
}

const API_PREFIX = "/api/v2";
const TEXT_MAX = 8000;
/** A language tag (RFC 5646; 35 characters is its recommended longest). */
const LANG = { max: 35, pattern: /^[A-Za-z0-9-]+$/, patternName: "a language tag (e.g. en, pt-BR)" } as const;
/** Bounds of every object the SDK sends: 8 000-character strings (a JWT, a message), 100 keys, 8 levels. */
const DATA = { maxString: TEXT_MAX, maxEntries: 100, maxDepth: 8 } as const;
/** A token is renewed this long before it expires, at most: a quarter of its lifetime for short-lived ones. */
const TOKEN_MARGIN_MS = 30_000;

type Api = ApiClient<paths>;
type Auth = { headers: { Authorization: string }; signal: AbortSignal | undefined };

/**
 * The headless web SDK client: every documented method, typed from the OpenAPI spec.
 * Methods keep the vendor's names and argument order; each takes a trailing `{ signal }`.
 */
export class Client extends Emitter<ClientEvents> {
  readonly #options: ClientOptions;
  readonly #api: Api;
  readonly #fetch: ParleyFetch;
  readonly #storage: ChatStorage;
  readonly #logger: Logger;
  readonly #storageKey: string;
  readonly #origin: string;

  #jwt: string | undefined;
  #token: { value: string; expiresAt: number } | undefined;
  #tokenRequest: Promise<string> | undefined;
  #ready = false;

  #chat: Chat | null = null;
  #transport: ChatTransport | undefined;
  #connected: boolean | undefined;
  #seen = new Set<string>();
  #seenIndexes = new Set<number>();
  #lastIndex = -1;
  /** The current chat's state as last applied, to skip a poll that changed nothing. */
  #stateJson = "";
  #survey: ChatSurveyResponse | undefined;

  constructor(options: ClientOptions) {
    // A listener that throws is logged, never thrown into the SDK: the same in every Parley SDK.
    super({ onListenerError: (error) => (options?.logger ?? silentLogger).error("a listener threw", { error: String(error) }) });
    requireObject("options", options);
    requireString("options.companyId", options.companyId, { max: 200 });
    requireFunction("options.authenticate", options.authenticate);
    optionalString("options.tenant", options.tenant, { pattern: /^[a-z0-9-]+$/i, patternName: "a tenant name (letters, digits, -)" });
    if (options.host !== undefined) requireBaseUrl("options.host", options.host);
    optionalString("options.lang", options.lang, LANG);
    optionalNumber("options.timeout", options.timeout, { min: 1 });
    optionalNumber("options.maxRetries", options.maxRetries, { min: 0, max: 10, integer: true });
    if (options.fetch !== undefined) requireFunction("options.fetch", options.fetch);
    if (options.transport !== undefined && options.transport !== false) requireFunction("options.transport", options.transport);
    if (options.pageUrl !== undefined) requireFunction("options.pageUrl", options.pageUrl);
    for (const m of ["getItem", "setItem", "removeItem"] as const) {
      if (options.storage !== undefined) requireFunction(`options.storage.${m}`, (options.storage as unknown as Record<string, unknown> | null)?.[m]);
    }
    for (const m of ["debug", "warn", "error"] as const) {
      if (options.logger !== undefined) requireFunction(`options.logger.${m}`, (options.logger as unknown as Record<string, unknown> | null)?.[m]);
    }
    if (!options.host && !options.tenant) throw new ValidationError("options.host", "give `host` or `tenant`");
    const host = requireBaseUrl("options.host", options.host ?? `https://${options.tenant}.api.ccaiplatform.com`);
    const origin = new URL(host);
    this.#options = options;
    this.#origin = origin.origin;
    this.#logger = options.logger ?? silentLogger;
    this.#storage = options.storage ?? defaultStorage();
    this.#storageKey = `parley:headless:${options.companyId}:chat`;
    this.#fetch = createFetch({
      fetch: options.fetch,
      timeout: options.timeout,
      maxRetries: options.maxRetries,
      logger: this.#logger,
      secrets: () => [this.#jwt, this.#token?.value],
      idempotent: IDEMPOTENT_POSTS,
    });
    this.#api = createApiClient<paths>({
      baseUrl: `${host}${API_PREFIX}`,
      fetch: this.#fetch,
    });
  }

  /** The current chat (created, loaded as ongoing, or resumed), or null. */
  get chat(): Chat | null {
    return this.#chat;
  }

  // ---- Company and menus -------------------------------------------------------------------

  /** The proactive trigger matching the current page, or null. */
  async getTrigger(options?: CallOptions): Promise<TriggerItem | null> {
    const triggers = await this.#call("getTrigger", (a) => this.#api.GET("/triggers", { ...a, params: { query: { lang: this.#options.lang } } }), options);
    const url = this.#options.pageUrl?.() ?? (globalThis as { location?: { href: string } }).location?.href ?? "";
    return matchTrigger(triggers, url);
  }

  /** Runs `cb` with the trigger matching the current page, after the trigger's delay. */
  async runTrigger(cb: (trigger: TriggerItem) => void, options?: CallOptions): Promise<void> {
    requireFunction("cb", cb);
    const trigger = await this.getTrigger(options);
    if (!trigger) return;
    if (trigger.delay_seconds > 0) await sleep(trigger.delay_seconds * 1000, options?.signal);
    cb(trigger);
  }

  async getCompany(options?: CallOptions): Promise<CompanyResponse> {
    return this.#call("getCompany", (a) => this.#api.GET("/company", a), options);
  }

  async getAfterHourMessage(lang?: string, options?: CallOptions): Promise<string> {
    optionalString("lang", lang, LANG);
    const data = await this.#call("getAfterHourMessage", 
      (a) => this.#api.GET("/company/after_hour_message", { ...a, params: { query: { lang: lang ?? this.#options.lang } } }),
      options,
    );
    return data.message;
  }

  async getMenus(key?: string, lang?: string, options?: CallOptions): Promise<MenuResponse> {
    optionalString("key", key, { max: 200 });
    optionalString("lang", lang, LANG);
    return this.#call("getMenus", (a) => this.#api.GET("/menus", { ...a, params: { query: { key, lang: lang ?? this.#options.lang } } }), options);
  }

  async getWaitTimes(menuId: number | string, lang?: string, options?: CallOptions): Promise<WaitTimeResponse> {
    const id = requireId("menuId", menuId);
    optionalString("lang", lang, LANG);
    return this.#call("getWaitTimes", 
      (a) => this.#api.GET("/menus/{menuId}/wait_times", { ...a, params: { path: { menuId: id }, query: { lang: lang ?? this.#options.lang } } }),
      options,
    );
  }

  // ---- Calls -------------------------------------------------------------------------------

  async createCall(menuId: number | string, data: CallRequest, options?: CallOptions): Promise<CallResponse> {
    const id = requireId("menuId", menuId);
    data = requirePlainData("data", data, DATA) as CallRequest;
    requireString("data.phone_number", data.phone_number, { max: 32, pattern: /^\+?[0-9 ().-]{3,}$/, patternName: "a phone number" });
    optionalString("data.lang", data.lang, LANG);
    if (data.scheduled_at !== undefined) requireDateString("data.scheduled_at", data.scheduled_at);
    optionalString("data.ticket_id", data.ticket_id, { max: 200 });
    if (data.email !== undefined) requireEmail("data.email", data.email);
    if (data.recording_permission !== undefined) {
      requireOneOf("data.recording_permission", data.recording_permission, [
        "recording_permission_not_asked",
        "recording_permission_granted",
        "recording_permission_denied",
      ] as const);
    }
    checkCustomData("data.custom_data", data.custom_data);
    const body = { ...data, lang: data.lang ?? this.#options.lang };
    return this.#call("createCall", (a) => this.#api.POST("/menus/{menuId}/calls", { ...a, params: { path: { menuId: id } }, body }), options);
  }

  async loadCall(callId: number | string, options?: CallOptions): Promise<CallResponse> {
    const id = requireId("callId", callId);
    return this.#call("loadCall", (a) => this.#api.GET("/calls/{callId}", { ...a, params: { path: { callId: id } } }), options);
  }

  async cancelCall(callId: number | string, options?: CallOptions): Promise<CallResponse> {
    const id = requireId("callId", callId);
    return this.#call("cancelCall", (a) => this.#api.POST("/calls/{callId}/cancel", { ...a, params: { path: { callId: id } } }), options);
  }

  async getTimeSlots(menuId: number | string, lang?: string, options?: CallOptions): Promise<string[]> {
    const id = requireId("menuId", menuId);
    optionalString("lang", lang, LANG);
    return this.#call("getTimeSlots", 
      (a) => this.#api.GET("/menus/{menuId}/time_slots", { ...a, params: { path: { menuId: id }, query: { lang: lang ?? this.#options.lang } } }),
      options,
    );
  }

  // ---- Chats -------------------------------------------------------------------------------

  /** Creates a chat, makes it the current one, remembers it in storage and starts its transport. */
  async createChat(menuId: number | string, data: ChatRequest, options?: CallOptions): Promise<Chat> {
    const id = requireId("menuId", menuId);
    data = requirePlainData("data", data, DATA) as ChatRequest;
    optionalString("data.lang", data.lang, LANG);
    optionalString("data.trigger_id", data.trigger_id, { max: 200 });
    optionalString("data.ticket_id", data.ticket_id, { max: 200 });
    if (data.email !== undefined) requireEmail("data.email", data.email);
    optionalString("data.greeting", data.greeting, { min: 0, max: TEXT_MAX });
    if (data.cobrowsable !== undefined) requireBoolean("data.cobrowsable", data.cobrowsable);
    checkCustomData("data.custom_data", data.custom_data);
    const body = { ...data, lang: data.lang ?? this.#options.lang };
    const state = await this.#call("createChat", (a) => this.#api.POST("/menus/{menuId}/chats", { ...a, params: { path: { menuId: id } }, body }), options);
    return this.#attach(state);
  }

  /** Loads a chat by id (it does not become the current chat). */
  async loadChat(chatId: number | string, options?: CallOptions): Promise<Chat> {
    const id = requireId("chatId", chatId);
    const state = await this.#loadState(id, options);
    return new Chat(state, (m, o) => this.#sendMessage(id, m, o));
  }

  /**
   * The ongoing chat remembered in storage, which becomes the current chat, or null. Stored values
   * are cleared when that chat is no longer going on (or no longer exists). Other failures reject
   * and keep the stored chat, so a flaky network never forgets a live conversation.
   */
  async loadOngoingChat(options?: CallOptions): Promise<Chat | null> {
    const stored = await this.#storage.getItem(this.#storageKey);
    const id = stored === null ? NaN : Number(stored);
    if (!Number.isSafeInteger(id) || id < 1) {
      if (stored !== null) await this.#storage.removeItem(this.#storageKey);
      return null;
    }
    let state: ChatResponse;
    try {
      state = await this.#loadState(id, options);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      await this.#storage.removeItem(this.#storageKey);
      return null;
    }
    if (!ONGOING_STATUSES.has(state.status)) {
      await this.#storage.removeItem(this.#storageKey);
      return null;
    }
    const chat = await this.#attach(state);
    this.emit("chat.ongoing", chat);
    return chat;
  }

  /** Resumes a dismissed chat (the server answers 409 when it cannot be resumed). */
  async resumeChat(chatId: number | string, options?: CallOptions): Promise<Chat> {
    const id = requireId("chatId", chatId);
    const state = await this.#call("resumeChat", (a) => this.#api.POST("/chats/{chatId}/resume", { ...a, params: { path: { chatId: id } } }), options);
    const chat = await this.#attach(state);
    this.emit("chat.ongoing", chat);
    return chat;
  }

  /** Sets the current chat's status to finished. */
  async finishChat(options?: CallOptions): Promise<void> {
    const chat = this.#requireChat();
    await this.#call("finishChat", (a) => this.#api.POST("/chats/{chatId}/finish", { ...a, params: { path: { chatId: chat.id } } }), options);
    await this.#settle(chat, { ...chat.state, status: "finished" });
  }

  /** Destroys the current chat; it is forgotten locally too. */
  async destroyChat(options?: CallOptions): Promise<void> {
    const chat = this.#requireChat();
    await this.#call("destroyChat", (a) => this.#api.DELETE("/chats/{chatId}", { ...a, params: { path: { chatId: chat.id } } }), options);
    this.#stopTransport();
    await this.#storage.removeItem(this.#storageKey);
    this.#chat = null;
    this.emit("chat.destroyed");
  }

  /** Every message of the current chat so far; `[]` on failure (the cause is emitted as `error`). */
  async fetchMessages(options?: CallOptions): Promise<MessageResponse[]> {
    try {
      const chat = this.#requireChat();
      const messages = await this.#listMessages(chat.id, -1, options?.signal);
      return messages;
    } catch (error) {
      this.#report(error);
      return [];
    }
  }

  async sendTextMessage(rawContent: string, options?: CallOptions): Promise<void> {
    requireString("rawContent", rawContent, { max: TEXT_MAX });
    const chat = this.#requireChat();
    await this.#sendMessage(chat.id, { type: "text", content: rawContent }, options);
  }

  /** Uploads the file and posts it as a message; resolves the message id, or -1 on failure. */
  async sendFileMessage(file: File, options?: CallOptions): Promise<number> {
    if (!(file instanceof Blob)) throw new ValidationError("file", `must be a File or Blob, got ${describeValue(file)}`);
    if (file.size === 0) throw new ValidationError("file", "must not be empty");
    try {
      const chat = this.#requireChat();
      const form = new FormData();
      form.append("file", file, fileName(file, "upload"));
      const media = await this.#call("uploadChatMedia", 
        (a) =>
          this.#api.POST("/chats/{chatId}/media", {
            ...a,
            params: { path: { chatId: chat.id } },
            body: form as never,
            bodySerializer: (b: unknown) => b as FormData,
          }),
        options,
      );
      const sent = await this.#sendMessage(chat.id, { type: media.type, media_id: media.id }, options);
      return sent.id;
    } catch (error) {
      this.#report(error);
      return -1;
    }
  }

  /** Tells the agent what the end user is typing (an empty string clears it). */
  async sendPreviewMessage(content: string, options?: CallOptions): Promise<void> {
    requireString("content", content, { min: 0, max: TEXT_MAX });
    const chat = this.#requireChat();
    await this.#call("sendPreviewMessage", 
      (a) => this.#api.POST("/chats/{chatId}/message_preview", { ...a, params: { path: { chatId: chat.id } }, body: { content } }),
      options,
    );
  }

  async getChatDeflection(options?: CallOptions): Promise<ChatDeflectionResponse> {
    const chat = this.#requireChat();
    return this.#call("getChatDeflection", (a) => this.#api.GET("/chats/{chatId}/deflection", { ...a, params: { path: { chatId: chat.id } } }), options);
  }

  async sendChatTranscripts(emails: string[], options?: CallOptions): Promise<void> {
    requireArray("emails", emails, { min: 1, max: 10 });
    for (let i = 0; i < emails.length; i++) requireEmail(`emails[${i}]`, emails[i]); // holes included
    const chat = this.#requireChat();
    await this.#call("sendChatTranscripts", 
      (a) => this.#api.POST("/chats/{chatId}/transcripts", { ...a, params: { path: { chatId: chat.id } }, body: { emails } }),
      options,
    );
  }

  async downloadChatTranscript(options?: CallOptions): Promise<GenerateTranscriptResponse> {
    const chat = this.#requireChat();
    return this.#call("downloadChatTranscript", (a) => this.#api.POST("/chats/{chatId}/transcript_pdf", { ...a, params: { path: { chatId: chat.id } } }), options);
  }

  /** The transcript's status (`headers['x-transcript-status']`, `data.status`) and, once ready, the PDF as `data.body`. */
  async getPdfStatus(id: number, options?: CallOptions): Promise<RequestReturn> {
    const transcriptId = requireId("id", id);
    const { data: blob, response } = await this.#receive(
      (a) =>
        this.#api.GET("/chat_transcripts/{transcriptId}", {
          ...a,
          headers: { ...a.headers, Accept: "application/json, application/pdf" },
          params: { path: { transcriptId } },
          parseAs: "blob",
        }),
      options,
    );
    const headers = headersOf(response);
    const type = headers["content-type"] ?? "";
    let data: PdfStatusResponse;
    if (type.includes("json")) {
      data = checkShape("getPdfStatus", parseJson(await blob.text(), "getPdfStatus"), SHAPES["getPdfStatus"]!);
    } else {
      data = {
        status: headers["x-transcript-status"] ?? "finished",
        body: new File([blob], dispositionName(headers["content-disposition"]) ?? `transcript-${transcriptId}.pdf`, { type: type || "application/pdf" }),
      };
    }
    return { status: response.status, headers, data };
  }

  async getChatSurvey(options?: CallOptions): Promise<ChatSurveyResponse> {
    const chat = this.#requireChat();
    const survey = await this.#call("getChatSurvey", (a) => this.#api.GET("/chats/{chatId}/survey", { ...a, params: { path: { chatId: chat.id } } }), options);
    this.#survey = survey;
    return survey;
  }

  /** Sends the survey answers, checked against the survey from `getChatSurvey` when it was loaded. */
  async sendChatSurvey(answers: SurveyAnswers, options?: CallOptions): Promise<void> {
    checked("answers", () => checkSurveyAnswers(answers, this.#survey));
    const chat = this.#requireChat();
    await this.#call("sendChatSurvey", (a) => this.#api.POST("/chats/{chatId}/survey", { ...a, params: { path: { chatId: chat.id } }, body: { answers } }), options);
  }

  async sendChatRate(data: RateRequest, options?: CallOptions): Promise<void> {
    data = requirePlainData("data", data, DATA) as RateRequest;
    requireNumber("data.rating", data.rating, { min: 1, max: 5, integer: true });
    optionalString("data.feedback", data.feedback, { min: 0, max: 2000 });
    const chat = this.#requireChat();
    await this.#call("sendChatRate", 
      (a) => this.#api.POST("/chats/{chatId}/rate", { ...a, params: { path: { chatId: chat.id } }, body: { rating: data.rating, feedback: data.feedback } }),
      options,
    );
  }

  async escalateChat(data?: EscalateRequest, options?: CallOptions): Promise<void> {
    if (data !== undefined) data = requirePlainData("data", data, DATA) as EscalateRequest;
    optionalString("data.reason", data?.reason, { min: 0, max: 2000 });
    const chat = this.#requireChat();
    await this.#call("escalateChat", 
      (a) => this.#api.POST("/chats/{chatId}/escalations", { ...a, params: { path: { chatId: chat.id } }, body: data ?? {} }),
      options,
    );
  }

  async trackChatEscalation(escalationId: number, channel: string, options?: CallOptions): Promise<void> {
    const id = requireId("escalationId", escalationId);
    requireString("channel", channel, { max: 64 });
    const chat = this.#requireChat();
    await this.#call("trackChatEscalation", 
      (a) =>
        this.#api.POST("/chats/{chatId}/escalations/{escalationId}/track", {
          ...a,
          params: { path: { chatId: chat.id, escalationId: id } },
          body: { channel },
        }),
      options,
    );
  }

  async trackChatEndUserEvent(data: ChatEndUserEventRequest, options?: CallOptions): Promise<void> {
    data = requirePlainData("data", data, DATA) as ChatEndUserEventRequest;
    optionalString("data.end_user_name", data.end_user_name, { min: 0, max: 256 });
    const chat = this.#requireChat();
    await this.#call("trackChatEndUserEvent", 
      (a) => this.#api.POST("/chats/{chatId}/end_user_events", { ...a, params: { path: { chatId: chat.id } }, body: data }),
      options,
    );
  }

  async getChatHistory(page?: number, options?: CallOptions): Promise<ChatHistoryResponse> {
    optionalNumber("page", page, { min: 1, integer: true });
    return this.#call("getChatHistory", (a) => this.#api.GET("/chat_history", { ...a, params: { query: { page } } }), options);
  }

  // ---- Emails ------------------------------------------------------------------------------

  async createEmail(menuId: number | string, data: EmailRequest, options?: CallOptions): Promise<EmailResponse> {
    const id = requireId("menuId", menuId);
    // `files` are Blobs, not plain data: the rest is copied and checked like every other body.
    // The copy is made inside `checked`: a throwing getter or a Proxy trap is a ValidationError.
    const { files: rawFiles, ...fields } = checked("data", () => ({ ...requireObject("data", data) }));
    data = { ...requirePlainData("data", fields, DATA), files: rawFiles } as EmailRequest;
    optionalString("data.name", data.name, { max: 256 });
    requireEmail("data.email", data.email);
    requireString("data.content", data.content, { max: 20_000 });
    optionalString("data.lang", data.lang, LANG);
    optionalString("data.recaptcha", data.recaptcha, { max: 8000 });
    const files = checked("data.files", () => fileList("data.files", data.files));
    const form = new FormData();
    if (data.name !== undefined) form.append("name", data.name);
    form.append("email", data.email);
    form.append("content", data.content);
    const lang = data.lang ?? this.#options.lang;
    if (lang !== undefined) form.append("lang", lang);
    if (data.recaptcha !== undefined) form.append("recaptcha", data.recaptcha);
    files.forEach((f, i) => form.append("files", f, fileName(f, `attachment-${i + 1}`)));
    return this.#call("createEmail", 
      (a) =>
        this.#api.POST("/menus/{menuId}/emails", {
          ...a,
          params: { path: { menuId: id } },
          body: form as never,
          bodySerializer: (b: unknown) => b as FormData,
        }),
      options,
    );
  }

  async getProhibitedFileTypes(options?: CallOptions): Promise<FileTypeItem[]> {
    return this.#call("getProhibitedFileTypes", (a) => this.#api.GET("/prohibited_file_types", a), options);
  }

  // ---- Co-browse ---------------------------------------------------------------------------

  /** A co-browse code for the end user to read to an agent; `""` on failure (emitted as `error`). */
  async createCobrowseCode(lang?: string, customData?: Record<string, string>, options?: CallOptions): Promise<string> {
    optionalString("lang", lang, LANG);
    if (customData !== undefined) {
      customData = requirePlainData("customData", customData, DATA) as Record<string, string>;
      for (const [k, value] of Object.entries(customData)) requireString(`customData.${k}`, value, { min: 0 });
    }
    try {
      const data = await this.#call("createCobrowseCode", 
        (a) => this.#api.POST("/cobrowse/codes", { ...a, body: { lang: lang ?? this.#options.lang, custom_data: customData } }),
        options,
      );
      return data.code;
    } catch (error) {
      this.#report(error);
      return "";
    }
  }

  /** Starts co-browsing in the current chat, e.g. accepting a `cobrowse.request(from)`. */
  async startCobrowse(from?: string, options?: CallOptions): Promise<void> {
    optionalString("from", from, { max: 200 });
    const chat = this.#requireChat();
    const session = await this.#call("startCobrowse", 
      (a) => this.#api.POST("/chats/{chatId}/cobrowse", { ...a, params: { path: { chatId: chat.id } }, body: { from } }),
      options,
    );
    this.emit("cobrowse.updated", session);
  }

  /** The file a message carries (`media_id` or `document.url`), or null when it carries none. */
  async getMessageAttachment(message: MessageResponse, options?: CallOptions): Promise<File | null> {
    message = requirePlainData("message", message, { ...DATA, maxString: 100_000 }) as MessageResponse;
    if (message.media_id !== undefined) {
      const mediaId = requireId("message.media_id", message.media_id);
      const chat = this.#requireChat();
      const { data: blob, response } = await this.#receive(
        (a) => this.#api.GET("/chats/{chatId}/media/{mediaId}", { ...a, params: { path: { chatId: chat.id, mediaId } }, parseAs: "blob" }),
        options,
      );
      const headers = headersOf(response);
      const name = dispositionName(headers["content-disposition"]) ?? message.file?.name ?? `media-${mediaId}`;
      return new File([blob], name, { type: headers["content-type"] ?? blob.type });
    }
    if (message.document?.url !== undefined) {
      const url = requireString("message.document.url", message.document.url);
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        throw new ValidationError("message.document.url", "must be an absolute URL");
      }
      // Credentials go only to the API's own origin, never to a third-party document host.
      const headers: Record<string, string> = target.origin === this.#origin ? { Authorization: `Bearer ${await this.#getToken()}` } : {};
      const response = await this.#fetch(target.toString(), { headers, signal: options?.signal });
      const blob = await response.blob().catch((e: unknown) => Promise.reject(toParleyError(e)));
      const name = dispositionName(response.headers.get("content-disposition")) ?? (decodeURIComponent(target.pathname.split("/").pop() ?? "") || "document");
      return new File([blob], name, { type: response.headers.get("content-type") ?? blob.type });
    }
    return null;
  }

  // ---- Post-session ------------------------------------------------------------------------

  async updatePostSession(postSessionStatus: PostSessionStatus, options?: CallOptions): Promise<void> {
    const status = requireOneOf("postSessionStatus", postSessionStatus, Object.values(PostSessionStatus));
    const chat = this.#requireChat();
    await this.#call("updatePostSession", 
      (a) => this.#api.PUT("/chats/{chatId}/post_session", { ...a, params: { path: { chatId: chat.id } }, body: { status } }),
      options,
    );
  }

  /** Stops the realtime transport. The client stays usable; the chat stays in storage. */
  close(): void {
    this.#stopTransport();
  }

  // ---- internals ---------------------------------------------------------------------------

  /** `#receive`'s data, checked against the response schema of `operation` (an operationId of the spec). */
  async #call<R extends FetchResult>(operation: string, op: (auth: Auth) => Promise<R>, options?: CallOptions): Promise<DataOf<R>> {
    const { data } = await this.#receive(op, options);
    const shape = SHAPES[operation];
    return shape ? checkShape(operation, data, shape) : data;
  }

  /** Sends `op` with the end-user token; on a 401, authenticates again once and retries. */
  async #receive<R extends FetchResult>(op: (auth: Auth) => Promise<R>, options?: CallOptions): Promise<{ data: DataOf<R>; response: Response }> {
    const signal = checked("options.signal", () => {
      if (options === undefined) return undefined;
      onlyKeys("options", requireObject("options", options), ["signal"]);
      if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw new ValidationError("options.signal", "must be an AbortSignal");
      return options.signal;
    });
    if (signal?.aborted) throw new AbortError("The operation was aborted before it started.");
    const token = this.#validToken() ?? (await this.#getToken(signal));
    try {
      return await unwrapWithResponse(op({ headers: { Authorization: `Bearer ${token}` }, signal }), signal);
    } catch (error) {
      // An expired or revoked token: authenticate again once, then retry the call.
      if (!(error instanceof AuthenticationError)) throw error;
      if (this.#token?.value === token) this.#token = undefined;
      const fresh = await this.#getToken(signal);
      return unwrapWithResponse(op({ headers: { Authorization: `Bearer ${fresh}` }, signal }), signal);
    }
  }

  #validToken(): string | undefined {
    return this.#token && Date.now() < this.#token.expiresAt ? this.#token.value : undefined;
  }

  #getToken(signal?: AbortSignal): Promise<string> {
    const valid = this.#validToken();
    if (valid) return Promise.resolve(valid);
    // One login serves every waiting call, so it runs without any one caller's signal; each caller
    // stops waiting when its own signal aborts.
    this.#tokenRequest ??= this.#authenticate().finally(() => (this.#tokenRequest = undefined));
    return abortable(this.#tokenRequest, signal);
  }

  async #authenticate(): Promise<string> {
    let result: unknown;
    try {
      result = await this.#options.authenticate();
    } catch (error) {
      const why = error instanceof Error ? redactSecrets(error.message, [this.#jwt]) : "it threw";
      throw new ParleyError(`options.authenticate() failed: ${why}`);
    }
    const jwt = (result as { token?: unknown } | null)?.token;
    if (typeof jwt !== "string" || jwt === "") {
      throw new ValidationError("options.authenticate", "must resolve to { token: string } with a signed JWT");
    }
    this.#jwt = jwt;
    const data = checkShape<{ token: string; expires_in: number }>(
      "createEndUserToken",
      await unwrap(this.#api.POST("/auth/end_user", { body: { company_id: this.#options.companyId, token: jwt } })),
      SHAPES["createEndUserToken"]!,
    );
    if (data.token === "") throw new InvalidResponseError("createEndUserToken: the response field `token` is empty.", { operation: "createEndUserToken", field: "token" });
    // `expires_in` is in seconds (RFC 6749 §5.1). The margin scales with the lifetime, so a token that
    // lives 30 s or less is still used for three quarters of it rather than for no call at all.
    const ttl = Math.max(data.expires_in, 0) * 1000;
    this.#token = { value: data.token, expiresAt: Date.now() + ttl - Math.min(TOKEN_MARGIN_MS, ttl / 4) };
    if (!this.#ready) {
      this.#ready = true;
      this.emit("authenticated");
      this.emit("ready");
    }
    return data.token;
  }

  #loadState(chatId: number, options?: CallOptions): Promise<ChatResponse> {
    return this.#call("loadChat", (a) => this.#api.GET("/chats/{chatId}", { ...a, params: { path: { chatId } } }), options);
  }

  #listMessages(chatId: number, afterIndex: number, signal?: AbortSignal): Promise<MessageResponse[]> {
    return this.#call("fetchMessages", 
      (a) => this.#api.GET("/chats/{chatId}/messages", { ...a, params: { path: { chatId }, query: { after_index: afterIndex } } }),
      { signal },
    );
  }

  #sendMessage(chatId: number, message: SendMessageRequest, options?: CallOptions): Promise<SendMessageResponse> {
    message = requirePlainData("message", message, DATA) as SendMessageRequest;
    requireString("message.type", message.type);
    return this.#call("sendMessage", 
      (a) => this.#api.POST("/chats/{chatId}/messages", { ...a, params: { path: { chatId } }, body: message }),
      options,
    );
  }

  #requireChat(): Chat {
    if (!this.#chat) throw new StateError("There is no current chat: call createChat(), loadOngoingChat() or resumeChat() first.");
    return this.#chat;
  }

  /** Makes `state` the current chat: remembered in storage, with its realtime transport running. */
  async #attach(state: ChatResponse): Promise<Chat> {
    if (typeof state?.id !== "number") throw new InvalidResponseError("The chat in the response has no numeric `id`.");
    this.#stopTransport();
    const chat: Chat = new Chat(state, (m, o) => this.#sendMessage(state.id, m, o));
    this.#chat = chat;
    this.#seen.clear();
    this.#seenIndexes.clear();
    this.#lastIndex = -1;
    this.#stateJson = JSON.stringify(state);
    this.#survey = undefined;
    this.#connected = undefined;
    await this.#storage.setItem(this.#storageKey, String(state.id));
    const factory = this.#options.transport === undefined ? pollingTransport() : this.#options.transport;
    if (factory && ONGOING_STATUSES.has(state.status)) {
      this.#transport = factory({
        chatId: chat.id,
        sync: (signal) => this.#sync(chat, signal),
        deliverState: (s) => void this.#applyState(chat, s),
        deliverMessages: (m) => this.#applyMessages(chat, m),
        setConnected: (connected, error) => this.#setConnected(chat, connected, error),
      });
    }
    return chat;
  }

  /**
   * One poll. A body that is not what the spec promises is reported as an `error` event
   * (InvalidResponseError) and skipped: the network is fine, so the transport stays connected.
   */
  async #sync(chat: Chat, signal: AbortSignal): Promise<void> {
    try {
      const messages = await this.#listMessages(chat.id, this.#lastIndex, signal);
      if (signal.aborted) return;
      this.#applyMessages(chat, messages);
      const state = await this.#loadState(chat.id, { signal });
      if (signal.aborted) return;
      await this.#applyState(chat, state);
    } catch (error) {
      if (!(error instanceof InvalidResponseError)) throw error;
      this.#report(error);
    }
  }

  /**
   * Emits each message once, in `$index` order within a batch. After a gap in `$index`, polling asks
   * again from the gap, and the missing message is emitted when it arrives (so after later ones).
   */
  #applyMessages(chat: Chat, messages: readonly MessageResponse[]): void {
    if (this.#chat !== chat) return;
    const fresh = messages
      .filter((m) => typeof m?.$sid === "string" && Number.isInteger(m.$index) && !this.#seen.has(m.$sid))
      .sort((a, b) => a.$index - b.$index);
    for (const message of fresh) {
      if (this.#seen.has(message.$sid)) continue;
      this.#seen.add(message.$sid);
      this.#seenIndexes.add(message.$index);
      while (this.#seenIndexes.has(this.#lastIndex + 1)) this.#lastIndex++;
      this.emit("chat.message", message);
      if (message.type === "noti") this.#applyNotification(message);
    }
  }

  #applyNotification(message: MessageResponse): void {
    // [I] Co-browse notifications travel as `noti` messages, like the other chat events.
    if (message.event === "cobrowseRequestedFromAgent") this.emit("cobrowse.request", String(message.$userId));
    else if (message.event === "cobrowseLoaded") this.emit("cobrowse.loaded");
    else if (message.event === "cobrowseEnded") this.emit("cobrowse.ended");
  }

  /** Diffs the new state against the last one and emits what changed, once. */
  async #applyState(chat: Chat, next: ChatResponse): Promise<void> {
    if (this.#chat !== chat || typeof next?.status !== "string") return;
    const prev = chat.state;
    const json = JSON.stringify(next);
    if (json === this.#stateJson) return;
    this.#stateJson = json;
    chat._setState(next);
    const before = new Map((prev.participants ?? []).map((p) => [p.identity, p]));
    const after = new Map((next.participants ?? []).map((p) => [p.identity, p]));
    for (const [identity, p] of after) {
      const old = before.get(identity);
      if (!old) this.emit("chat.memberJoined", identity);
      if (p.typing && !old?.typing) this.emit("chat.typingStarted", identity);
      if (!p.typing && old?.typing) this.emit("chat.typingEnded", identity);
    }
    for (const [identity, p] of before) {
      if (after.has(identity)) continue;
      if (p.typing) this.emit("chat.typingEnded", identity);
      this.emit("chat.memberLeft", identity);
    }
    this.emit("chat.updated", chat);
    if (prev.status !== next.status) await this.#settle(chat, next, true);
  }

  /** Emits the status event of a chat that stopped going on, and forgets it in storage. */
  async #settle(chat: Chat, state: ChatResponse, alreadySet = false): Promise<void> {
    if (!alreadySet) chat._setState(state);
    if (ONGOING_STATUSES.has(state.status)) return;
    this.#stopTransport();
    await this.#storage.removeItem(this.#storageKey);
    if (state.status === "dismissed") this.emit("chat.dismissed");
    else if (state.status === "timeout") this.emit("chat.timeout");
    else this.emit("chat.ended");
  }

  #setConnected(chat: Chat, connected: boolean, error?: ParleyError): void {
    if (this.#chat !== chat) return;
    if (error) this.#report(error);
    if (this.#connected === connected) return;
    this.#connected = connected;
    this.emit(connected ? "chat.connected" : "chat.disconnected");
  }

  #stopTransport(): void {
    this.#transport?.stop();
    this.#transport = undefined;
  }

  #report(error: unknown): void {
    const e = toParleyError(error);
    this.#logger.error(e.message, { name: e.name });
    this.emit("error", e);
  }
}

/** `custom_data`: `signed` is a JWT, `unsigned` free-form data (already copied by `requirePlainData`). */
function checkCustomData(name: string, value: unknown): void {
  if (value === undefined) return;
  const data = requireObject(name, value);
  onlyKeys(name, data, ["signed", "unsigned"]);
  optionalString(`${name}.signed`, data["signed"], { max: TEXT_MAX, pattern: /^[A-Za-z0-9_=.-]+$/, patternName: "a signed JWT" });
  optionalObject(`${name}.unsigned`, data["unsigned"]);
}

const RANGES: Record<string, [number, number]> = { csat: [1, 5], star: [1, 5], scale: [0, 10] };

function checkSurveyAnswers(answers: unknown, survey: ChatSurveyResponse | undefined): void {
  const entries = Object.entries(requireObject("answers", answers));
  if (entries.length === 0) throw new ValidationError("answers", "must answer at least one question");
  if (entries.length > 100) throw new ValidationError("answers", `must answer at most 100 questions, got ${entries.length}`);
  for (const [id, value] of entries) {
    const name = `answers[${id}]`;
    if (!/^[0-9]+$/.test(id)) throw new ValidationError(name, "question ids are numeric");
    if (typeof value !== "string" && (typeof value !== "number" || !Number.isFinite(value))) {
      throw new ValidationError(name, `must be a number or a string, got ${describeValue(value)}`);
    }
    // Bounded with or without the survey at hand: the longest answer is a free-form one.
    if (typeof value === "string") requireString(name, value, { min: 0, max: 2000 });
    if (!survey) continue;
    const question = survey.questions.find((q) => String(q.id) === id);
    if (!question) throw new ValidationError(name, `the survey has no question ${id}`);
    if (question.valid_answers?.length) {
      if (!question.valid_answers.some((a) => a.key === String(value))) {
        throw new ValidationError(name, `must be one of ${question.valid_answers.map((a) => JSON.stringify(a.key)).join(", ")}`);
      }
    } else if (question.type === "free-form") {
      requireString(name, value, { min: 0, max: 2000 });
    } else {
      const range = RANGES[question.type];
      if (range) {
        if (typeof value === "string" && !/^[0-9]+$/.test(value)) throw new ValidationError(name, `must be a whole number, got ${describeValue(value)}`);
        requireNumber(name, Number(value), { min: range[0], max: range[1], integer: true });
      }
    }
  }
}

/** `files` as a file input gives it (FileList) or an array: anything else is refused, not dropped. */
function fileList(name: string, value: unknown): Blob[] {
  if (value === undefined || value === null) return [];
  const isList =
    typeof value === "object" && !(value instanceof Blob) && (Symbol.iterator in value || typeof (value as ArrayLike<unknown>).length === "number");
  if (!isList) throw new ValidationError(name, `must be a list of files (an array or a FileList), got ${describeValue(value)}`);
  const files = Array.from(value as ArrayLike<unknown>);
  for (let i = 0; i < files.length; i++) {
    if (!(files[i] instanceof Blob)) throw new ValidationError(`${name}[${i}]`, `must be a File or Blob, got ${describeValue(files[i])}`);
  }
  return files as Blob[];
}

function fileName(blob: Blob, fallback: string): string {
  const name = (blob as Partial<File>).name;
  return typeof name === "string" && name !== "" ? name : fallback;
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new InvalidResponseError(`${what} sent a body that is not valid JSON.`);
  }
}
