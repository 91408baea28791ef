// AgentApi and its resources (conversations, messages, chat, feedback, survey): argument checks, one checked call per operation, paging.
import {
  AbortError,
  InvalidResponseError,
  PagePromise,
  StateError,
  TextStream,
  ValidationError,
  checkShape,
  checkArgumentKeys,
  checkOptionKeys,
  createFetch,
  endBody,
  checked,
  requirePlainData,
  unwrap,
  unwrapWithResponse,
  withOperation,
  toParleyError,
  silentLogger,
  describeValue,
  onlyKeys,
  optionalNumber,
  optionalString,
  requireBaseUrl,
  requireDateString,
  requireFunction,
  requireNumber,
  requireObject,
  requireOneOf,
  requireString,
  type DataOf,
  type FetchLike,
  type FetchResult,
  type Logger,
  type Page,
  type ParleyFetch,
} from "@parley/core";
import { createApiClient, type ApiClient } from "@parley/core/api-client";
import type { paths } from "./generated/schema.js";
import { ARGUMENT_KEYS } from "./argument-keys.js";
import { SHAPES } from "./shapes.js";
import type {
  ChatCompleteResponse,
  ConversationList,
  ConversationMessage,
  ConversationMetadata,
  ConversationSummary,
  CreateConversationResponse,
  FeedbackResponse,
  ListConversationsParams,
  Meta,
  MessageFeedbackRequest,
  RequestOptions,
  SurveyRequest,
  SurveyResponse,
  UpdateMetaResponse,
} from "./types.js";

/** Options of `new AgentApi(options)`; each is checked, a bad one is a `ValidationError` naming it. */
export interface AgentApiOptions {
  /** Your API key (printable ASCII, no spaces), sent as `Authorization: Bearer <key>`; never logged or put in an error. */
  apiKey: string;
  /** The API's base URL. Default `https://api.evagpt.com.br`. */
  baseUrl?: string;
  /** The `fetch` to use; default the global one. */
  fetch?: FetchLike;
  /** Per-attempt timeout in ms: a non-streaming call must have its whole body by then (`TimeoutError`); a token stream may go this long without a byte. Default 60 000. */
  timeout?: number;
  /** Retries for GET/PUT on 408/429/5xx and connection errors; a POST only when the server provably did not process it (refused, or 429/503 with `Retry-After`); never once a stream has started. Default 2. */
  maxRetries?: number;
  /** Where retries and failures are logged (no secret is ever passed); default silent. */
  logger?: Logger;
}

const DEFAULT_BASE_URL = "https://api.evagpt.com.br";
const TEXT_MAX = 10_000;
/** The media type of `chat.stream`'s 200 (`x-parley-stream.contentType` in the spec). */
const STREAM_TYPE = "text/plain";
type Api = ApiClient<paths>;

/** What every resource needs from the client: the typed API, the stream timeout and one checked call. */
interface Requester {
  api: Api;
  timeout: number;
  /**
   * Sends `op` and checks its data against the response schema of `operation` (an operationId of
   * the spec); any error names `operation`.
   */
  call<R extends FetchResult>(operation: string, op: (signal: AbortSignal | undefined) => Promise<R>, options?: RequestOptions): Promise<DataOf<R>>;
  /** Sends `op` and resolves its data unchecked with the response (for its headers); any error names `operation`. */
  receive<R extends FetchResult>(operation: string, op: (signal: AbortSignal | undefined) => Promise<R>, options?: RequestOptions): Promise<{ data: DataOf<R>; response: Response }>;
}

/**
 * The AI-agent conversations API (seed 002, `openapi/agent-api.yaml`). Resources follow the
 * vendor's sections: `conversations`, `messages`, `chat`, `feedback`, `survey`. Every call takes a
 * trailing `{ signal }`, retries 408/429/5xx and connection errors when the request is safe to
 * repeat, and checks the response body against the spec.
 */
export class AgentApi {
  /** Conversations (Conversas): list, get, create, updateMeta. */
  readonly conversations: Conversations;
  /** A conversation's messages (Mensagens). */
  readonly messages: Messages;
  /** Talking to the agent (Chat): complete, stream. */
  readonly chat: Chat;
  /** Feedback on one answer (Feedback da mensagem). */
  readonly feedback: Feedback;
  /** The satisfaction survey (Pesquisa de satisfação). */
  readonly survey: Survey;

  /** Checks `options` (a `ValidationError` names a bad one) and sends nothing until a call. */
  constructor(options: AgentApiOptions) {
    requireObject("options", options);
    // A misspelt option would be silently ignored: every key is checked.
    checkOptionKeys("options", options, { apiKey: true, baseUrl: true, fetch: true, timeout: true, maxRetries: true, logger: true });
    // A key must be sendable in a header: printable ASCII, no spaces.
    const apiKey = requireString("options.apiKey", options.apiKey, { pattern: /^[\x21-\x7E]+$/, patternName: "printable ASCII without spaces" });
    const baseUrl = options.baseUrl === undefined ? DEFAULT_BASE_URL : requireBaseUrl("options.baseUrl", options.baseUrl);
    if (options.fetch !== undefined) requireFunction("options.fetch", options.fetch);
    const timeout = optionalNumber("options.timeout", options.timeout, { min: 1 }) ?? 60_000;
    optionalNumber("options.maxRetries", options.maxRetries, { min: 0, max: 10, integer: true });
    for (const m of ["debug", "warn", "error"] as const) {
      if (options.logger !== undefined) requireFunction(`options.logger.${m}`, (options.logger as unknown as Record<string, unknown> | null)?.[m]);
    }

    const fetch: ParleyFetch = createFetch({
      fetch: options.fetch,
      timeout,
      maxRetries: options.maxRetries,
      logger: options.logger ?? silentLogger,
    });
    const api = createApiClient<paths>({
      baseUrl,
      fetch,
      headers: { Authorization: `Bearer ${apiKey}` },
    });
    const named = (operation: string) => (error: unknown): Promise<never> => Promise.reject(withOperation(toParleyError(error), operation));
    const requester: Requester = {
      api,
      timeout,
      call(operation, op, requestOptions) {
        const signal = checkOptions(requestOptions);
        const shape = SHAPES[operation];
        const data = unwrap(op(signal), signal);
        // checkShape's InvalidResponseError names the operation itself.
        return shape ? data.then((d) => checkShape<typeof d>(operation, d, shape), named(operation)) : data.catch(named(operation));
      },
      receive(operation, op, requestOptions) {
        const signal = checkOptions(requestOptions);
        return unwrapWithResponse(op(signal), signal).catch(named(operation));
      },
    };
    this.conversations = new Conversations(requester);
    this.messages = new Messages(requester);
    this.chat = new Chat(requester);
    this.feedback = new Feedback(requester);
    this.survey = new Survey(requester);
  }
}

/** One page of `conversations.list`, with the response's pagination fields. */
export interface ConversationPage extends Page<ConversationSummary>, ConversationList {
  /** The next page, with the cursor this page carried; rejects with `StateError` after the last page. */
  getNextPage(options?: { signal?: AbortSignal }): Promise<ConversationPage>;
}

/** Conversations (Conversas), as `AgentApi.conversations`. */
class Conversations {
  readonly #t: Requester;
  /** Made by `AgentApi`, which shares one `Requester` among its resources. */
  constructor(t: Requester) {
    this.#t = t;
  }

  /**
   * List conversations (Listar conversas): `GET /conversation`, the conversations of every agent of
   * the account. Awaiting gives the first page; `for await` walks every conversation of every page.
   * `params.limit` is 1 to 100 per page (the server's default when omitted); `dateInit`/`dateEnd` are
   * `YYYY-MM-DD` days; `cursor` is sent only from the second request on (`currentPage >= 1`), as the
   * API requires. A server whose next page does not move forward is an `InvalidResponseError`, never
   * a loop. Rejects with `ValidationError` (bad arguments, nothing sent), `AuthenticationError` (401: the API key), `RateLimitError` (429, retried after `Retry-After` up to `maxRetries`), `InternalServerError` (5xx), `InvalidResponseError` (a body the spec does not allow), `ConnectionError`, `TimeoutError` or `AbortError`.
   */
  list(params: ListConversationsParams = {}, options?: RequestOptions): PagePromise<ConversationPage, ConversationSummary> {
    checkArgumentKeys({ params, options }, ARGUMENT_KEYS.list);
    params = requirePlainData("params", params, META) as ListConversationsParams;
    const limit = optionalNumber("params.limit", params.limit, { min: 1, max: 100, integer: true });
    const currentPage = optionalNumber("params.currentPage", params.currentPage, { min: 0, integer: true }) ?? 0;
    const dateInit = params.dateInit === undefined ? undefined : requireDateString("params.dateInit", params.dateInit, { dateOnly: true });
    const dateEnd = params.dateEnd === undefined ? undefined : requireDateString("params.dateEnd", params.dateEnd, { dateOnly: true });
    if (dateInit && dateEnd && dateInit > dateEnd) throw new ValidationError("params.dateEnd", `must not be before params.dateInit (${dateInit})`);
    const search = optionalString("params.search", params.search, { max: 500 });
    const meta = optionalString("params.meta", params.meta, { max: 500 });
    const cursor = optionalString("params.cursor", params.cursor, { max: 2000 });
    if (cursor !== undefined && currentPage === 0) throw new ValidationError("params.cursor", "is sent only from the second page on (currentPage >= 1)");
    checkOptions(options);
    const filters = { limit, dateInit, dateEnd, search, meta };

    const load: PageLoader = async (page, pageCursor, sent, signal) => {
      const query = { ...filters, currentPage: page, ...(page > 0 && pageCursor !== undefined ? { cursor: pageCursor } : {}) };
      const data = await this.#t.call("conversations.list", (s) => this.#t.api.GET("/conversation", { params: { query }, signal: s }), { signal });
      return toPage(data, page, sent, load, signal);
    };
    return new PagePromise(() => load(currentPage, cursor, new Set(cursor === undefined ? [] : [cursor]), options?.signal));
  }

  /**
   * Get conversation metadata (Metadados da conversa): `GET /conversation/{idConversation}`, the
   * conversation's bot, channel, creation date, survey rating and `meta`.
   * Rejects with `ValidationError` (bad arguments, nothing sent), `AuthenticationError` (401: the API key), `NotFoundError` (404: no such conversation), `RateLimitError` (429, retried after `Retry-After` up to `maxRetries`), `InternalServerError` (5xx), `InvalidResponseError` (a body the spec does not allow), `ConnectionError`, `TimeoutError` or `AbortError`.
   */
  async get(idConversation: string, options?: RequestOptions): Promise<ConversationMetadata> {
    const id = requirePathSegment("idConversation", idConversation);
    return this.#t.call("conversations.get", (signal) => this.#t.api.GET("/conversation/{idConversation}", { params: { path: { idConversation: id } }, signal }), options);
  }

  /**
   * Create a conversation (Criar ID de conversa): `POST /conversation/create/{botId}`, a new
   * conversation with the agent `botId`, optionally seeded with `meta` (a flat object of at most 100
   * strings, numbers and booleans; the body is Parley's design, the vendor documents none). Resolves
   * the new conversation's id, for `chat.stream` and `chat.complete`.
   * Rejects with `ValidationError` (bad arguments, nothing sent), `AuthenticationError` (401: the API key), `NotFoundError` (404: no such agent), `UnprocessableEntityError` (422), `RateLimitError` (429, retried after `Retry-After` up to `maxRetries`), `InternalServerError` (5xx), `InvalidResponseError` (a body the spec does not allow), `ConnectionError`, `TimeoutError` or `AbortError`.
   */
  async create(botId: string, body: { meta?: Meta } = {}, options?: RequestOptions): Promise<CreateConversationResponse> {
    const id = requirePathSegment("botId", botId);
    checkArgumentKeys({ body, options }, ARGUMENT_KEYS.create);
    body = requirePlainData("body", body, META) as { meta?: Meta };
    if (body.meta !== undefined) checkMeta("body.meta", body.meta, 0);
    return this.#t.call("conversations.create", (signal) => this.#t.api.POST("/conversation/create/{botId}", { params: { path: { botId: id } }, body, signal }), options);
  }

  /**
   * Update conversation metadata (Atualizar metadados da conversa): `PUT /conversation/update/{convId}`
   * merges `meta` (a flat object of 1 to 100 strings, numbers and booleans) into the conversation's
   * `meta`: an existing key is overwritten, keys not sent are kept.
   * Rejects with `ValidationError` (bad arguments, nothing sent), `AuthenticationError` (401: the API key), `NotFoundError` (404: no such conversation), `UnprocessableEntityError` (422), `RateLimitError` (429, retried after `Retry-After` up to `maxRetries`), `InternalServerError` (5xx), `InvalidResponseError` (a body the spec does not allow), `ConnectionError`, `TimeoutError` or `AbortError`.
   */
  async updateMeta(convId: string, meta: Meta, options?: RequestOptions): Promise<UpdateMetaResponse> {
    const id = requirePathSegment("convId", convId);
    checkArgumentKeys({ options }, ARGUMENT_KEYS.updateMeta);
    meta = checkMeta("meta", meta, 1);
    return this.#t.call("conversations.updateMeta", (signal) => this.#t.api.PUT("/conversation/update/{convId}", { params: { path: { convId: id } }, body: meta, signal }), options);
  }
}

/** Messages (Mensagens), as `AgentApi.messages`. */
class Messages {
  readonly #t: Requester;
  /** Made by `AgentApi`, which shares one `Requester` among its resources. */
  constructor(t: Requester) {
    this.#t = t;
  }

  /**
   * List conversation messages (Listar mensagens da conversa):
   * `GET /conversation/message/{idConversation}`, every message of the conversation, oldest first
   * (the order and body are Parley's design; the vendor documents only the 429).
   * Rejects with `ValidationError` (bad arguments, nothing sent), `AuthenticationError` (401: the API key), `NotFoundError` (404: no such conversation), `RateLimitError` (429, retried after `Retry-After` up to `maxRetries`), `InternalServerError` (5xx), `InvalidResponseError` (a body the spec does not allow), `ConnectionError`, `TimeoutError` or `AbortError`.
   */
  async list(idConversation: string, options?: RequestOptions): Promise<ConversationMessage[]> {
    const id = requirePathSegment("idConversation", idConversation);
    return this.#t.call("messages.list", (signal) => this.#t.api.GET("/conversation/message/{idConversation}", { params: { path: { idConversation: id } }, signal }), options);
  }
}

/** The agent's answers (Chat), as `AgentApi.chat`. */
class Chat {
  readonly #t: Requester;
  /** Made by `AgentApi`, which shares one `Requester` among its resources. */
  constructor(t: Requester) {
    this.#t = t;
  }

  /**
   * Chat without streaming (Chat sem stream): `POST /conversation/complete/{idConversation}` sends
   * `text` (1 to 10 000 characters) and resolves the agent's whole answer once complete; the
   * response keeps the vendor's spelling `sendMensages`, whose first item's `text` is the answer.
   * Rejects with `ValidationError` (bad arguments, nothing sent), `AuthenticationError` (401: the API key), `NotFoundError` (404: no such conversation), `UnprocessableEntityError` (422), `RateLimitError` (429, retried after `Retry-After` up to `maxRetries`), `InternalServerError` (5xx), `InvalidResponseError` (a body the spec does not allow), `ConnectionError`, `TimeoutError` or `AbortError`.
   */
  async complete(idConversation: string, text: string, options?: RequestOptions): Promise<ChatCompleteResponse> {
    const id = requirePathSegment("idConversation", idConversation);
    requireString("text", text, { max: TEXT_MAX });
    return this.#t.call("chat.complete", 
      (signal) => this.#t.api.POST("/conversation/complete/{idConversation}", { params: { path: { idConversation: id } }, body: { text }, signal }),
      options,
    );
  }

  /**
   * Chat with streaming (Chat com stream): `POST /conversation/stream/{idConversation}` sends `text`
   * (1 to 10 000 characters) and yields the answer's text chunks (`text/plain`, chunked, no SSE
   * framing) as the agent produces them. The request starts when you start reading; `break` or the
   * signal cancels it; a silence longer than `options.timeout` or a cut stream rejects with
   * `TimeoutError` / `ConnectionError`, and a started stream is never sent again. A 200 whose
   * `content-type` is not `text/plain` (the spec's `x-parley-stream`) is an `InvalidResponseError`
   * with `field` `content-type`, before any text is read. Every error names `chat.stream`.
   * Throws `ValidationError` at once for bad arguments; the reading rejects as `chat.complete` does.
   */
  stream(idConversation: string, text: string, options?: RequestOptions): TextStream {
    const id = requirePathSegment("idConversation", idConversation);
    requireString("text", text, { max: TEXT_MAX });
    const signal = checkOptions(options);
    return new TextStream(
      async () => {
        if (signal?.aborted) throw new AbortError("The stream was aborted before it started.");
        const { data, response } = await this.#t.receive(
          "chat.stream",
          (s) =>
            this.#t.api.POST("/conversation/stream/{idConversation}", {
              params: { path: { idConversation: id } },
              body: { text },
              parseAs: "stream",
              signal: s,
            }),
          { signal },
        );
        // The media type is what precedes any `;` parameters, compared case-insensitively (RFC 9110 §8.3.1).
        const type = response.headers.get("content-type") ?? "";
        if (type.split(";")[0]!.trim().toLowerCase() !== STREAM_TYPE) {
          await data?.cancel().catch(() => {});
          endBody(response);
          throw new InvalidResponseError(`chat.stream: the response \`content-type\` must be ${STREAM_TYPE}, got ${type ? JSON.stringify(type.slice(0, 100)) : "none"}.`, {
            operation: "chat.stream",
            field: "content-type",
          });
        }
        return response;
      },
      { idleTimeout: this.#t.timeout, signal, operation: "chat.stream" },
    );
  }
}

/** Message feedback (Feedback da mensagem), as `AgentApi.feedback`. */
class Feedback {
  readonly #t: Requester;
  /** Made by `AgentApi`, which shares one `Requester` among its resources. */
  constructor(t: Requester) {
    this.#t = t;
  }

  /**
   * Send message feedback (Enviar feedback da mensagem): `POST /conversation/message/feedback/{idmessage}`
   * rates one answer `positive` or `negative`, with an optional `comment` of at most 2 000
   * characters; `idmessage` is the id `chat.complete` returned (the body is Parley's design).
   * Rejects with `ValidationError` (bad arguments, nothing sent), `AuthenticationError` (401: the API key), `NotFoundError` (404: no such message), `UnprocessableEntityError` (422), `RateLimitError` (429, retried after `Retry-After` up to `maxRetries`), `InternalServerError` (5xx), `InvalidResponseError` (a body the spec does not allow), `ConnectionError`, `TimeoutError` or `AbortError`.
   */
  async send(idmessage: string, body: MessageFeedbackRequest, options?: RequestOptions): Promise<FeedbackResponse> {
    const id = requirePathSegment("idmessage", idmessage);
    checkArgumentKeys({ body, options }, ARGUMENT_KEYS.feedback);
    body = requirePlainData("body", body, META) as MessageFeedbackRequest;
    requireOneOf("body.feedback", body.feedback, ["positive", "negative"] as const);
    optionalString("body.comment", body.comment, { min: 0, max: 2000 });
    return this.#t.call("feedback.send", 
      (signal) => this.#t.api.POST("/conversation/message/feedback/{idmessage}", { params: { path: { idmessage: id } }, body, signal }),
      options,
    );
  }
}

/** The satisfaction survey (Pesquisa de satisfação), as `AgentApi.survey`. */
class Survey {
  readonly #t: Requester;
  /** Made by `AgentApi`, which shares one `Requester` among its resources. */
  constructor(t: Requester) {
    this.#t = t;
  }

  /**
   * Send satisfaction survey (Enviar pesquisa de satisfação): `POST /conversation/survey/{idconv}`
   * records a whole-number rating `survey` of 1 to 5 for the conversation, with an optional
   * `comment` of at most 2 000 characters; `conversations.get` then returns it.
   * Rejects with `ValidationError` (bad arguments, nothing sent), `AuthenticationError` (401: the API key), `NotFoundError` (404: no such conversation), `UnprocessableEntityError` (422), `RateLimitError` (429, retried after `Retry-After` up to `maxRetries`), `InternalServerError` (5xx), `InvalidResponseError` (a body the spec does not allow), `ConnectionError`, `TimeoutError` or `AbortError`.
   */
  async send(idconv: string, body: SurveyRequest, options?: RequestOptions): Promise<SurveyResponse> {
    const id = requirePathSegment("idconv", idconv);
    checkArgumentKeys({ body, options }, ARGUMENT_KEYS.survey);
    body = requirePlainData("body", body, META) as SurveyRequest;
    requireNumber("body.survey", body.survey, { min: 1, max: 5, integer: true });
    optionalString("body.comment", body.comment, { min: 0, max: 2000 });
    return this.#t.call("survey.send", (signal) => this.#t.api.POST("/conversation/survey/{idconv}", { params: { path: { idconv: id } }, body, signal }), options);
  }
}

type PageLoader = (page: number, cursor: string | undefined, sent: ReadonlySet<string>, signal?: AbortSignal) => Promise<ConversationPage>;

/**
 * A page of `conversations.list`. The response's `currentPage` is the number to ask for next, with
 * its `cursor`. A server that does not move forward (the `currentPage` just asked for again, or a
 * cursor already sent) would repeat pages forever: that is an InvalidResponseError, not a loop.
 * A page without a cursor, or an empty one, is the last.
 */
function toPage(data: ConversationList, requested: number, sent: ReadonlySet<string>, load: PageLoader, signal: AbortSignal | undefined): ConversationPage {
  const next = data.currentPage < data.totalPages && data.conversations.length > 0 ? (data.cursor ?? undefined) : undefined;
  if (next !== undefined && (data.currentPage <= requested || sent.has(next))) {
    const field = data.currentPage <= requested ? "currentPage" : "cursor";
    throw new InvalidResponseError(
      `conversations.list: the server's next page does not move forward (\`${field}\` ${field === "cursor" ? "was already sent" : `${data.currentPage} after asking for ${requested}`}).`,
      { operation: "conversations.list", field },
    );
  }
  return {
    ...data,
    items: data.conversations,
    hasNextPage: () => next !== undefined,
    getNextPage: (options?: { signal?: AbortSignal }) => {
      if (next === undefined) return Promise.reject(new StateError("There is no next page."));
      return load(data.currentPage, next, new Set(sent).add(next), options?.signal ?? signal);
    },
  };
}

/**
 * An id bound for a path segment: a string of 1 to 200 characters without slashes or spaces
 * (openapi-fetch encodes it; a slash or space is never a real id). Core's `requireId` checks a
 * positive integer id instead.
 */
function requirePathSegment(name: string, value: unknown): string {
  return requireString(name, value, { max: 200, pattern: /^[^/\s]+$/, patternName: "an id without slashes or spaces" });
}

function checkOptions(options: RequestOptions | undefined): AbortSignal | undefined {
  if (options === undefined) return undefined;
  return checked("options.signal", () => {
    onlyKeys("options", requireObject("options", options), ["signal"]);
    if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw new ValidationError("options.signal", "must be an AbortSignal");
    return options.signal;
  });
}

/** Bounds of every object sent: 2 000-character strings, 100 name-value pairs, flat metadata. */
const META = { maxString: 2000, maxEntries: 100, maxDepth: 2 } as const;

/** Metadata is a flat object of at most 100 strings (2 000 characters), finite numbers and booleans; returns a copy. */
function checkMeta(name: string, value: unknown, min: number): Meta {
  const meta = requirePlainData(name, value, { ...META, maxDepth: 1 }) as Meta;
  // The copy leaves undefined fields out; metadata must not have any.
  for (const key of checked(name, () => Object.keys(value as object))) if (!(key in meta)) throw new ValidationError(`${name}.${key}`, "must be a string, number or boolean, got undefined");
  const entries = Object.entries(meta);
  if (entries.length < min) throw new ValidationError(name, "must have at least one name-value pair");
  for (const [key, item] of entries) {
    if (key.trim() === "") throw new ValidationError(name, "keys must not be empty");
    const ok = typeof item === "string" || typeof item === "boolean" || (typeof item === "number" && Number.isFinite(item));
    // updateMeta takes the metadata itself, where conversations.create takes { meta }.
    const hint = name === "meta" && key === "meta" && typeof item === "object" && item !== null ? "; did you mean to pass the metadata itself, not { meta: ... }?" : "";
    if (!ok) throw new ValidationError(`${name}.${key}`, `must be a string, number or boolean, got ${describeValue(item)}${hint}`);
  }
  return meta;
}
