import {
  AbortError,
  InvalidResponseError,
  PagePromise,
  StateError,
  TextStream,
  ValidationError,
  checkShape,
  createFetch,
  checked,
  requirePlainData,
  unwrap,
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

export interface AgentApiOptions {
  /** Your API key, sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** Default `https://api.evagpt.com.br`. */
  baseUrl?: string;
  fetch?: FetchLike;
  /** Per-attempt timeout in ms until the response headers; also the longest silence inside a stream. Default 60 000. */
  timeout?: number;
  /** Retries for 408/429/5xx and connection errors (never once a stream has started). Default 2. */
  maxRetries?: number;
  logger?: Logger;
}

const DEFAULT_BASE_URL = "https://api.evagpt.com.br";
const TEXT_MAX = 10_000;
type Api = ApiClient<paths>;

/** What every resource needs from the client. */
interface Transport {
  api: Api;
  timeout: number;
  /** Sends `op` and checks its data against the response schema of `operation` (an operationId of the spec). */
  call<R extends FetchResult>(operation: string, op: (signal: AbortSignal | undefined) => Promise<R>, options?: RequestOptions): Promise<DataOf<R>>;
}

/**
 * The AI-agent conversations API. Resources follow the vendor's sections: `conversations`,
 * `messages`, `chat`, `feedback`, `survey`.
 */
export class AgentApi {
  readonly conversations: Conversations;
  readonly messages: Messages;
  readonly chat: Chat;
  readonly feedback: Feedback;
  readonly survey: Survey;

  constructor(options: AgentApiOptions) {
    requireObject("options", options);
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
    const transport: Transport = {
      api,
      timeout,
      call(operation, op, requestOptions) {
        const signal = checkOptions(requestOptions);
        const shape = SHAPES[operation];
        const data = unwrap(op(signal), signal);
        return shape ? data.then((d) => checkShape(operation, d, shape)) : data;
      },
    };
    this.conversations = new Conversations(transport);
    this.messages = new Messages(transport);
    this.chat = new Chat(transport);
    this.feedback = new Feedback(transport);
    this.survey = new Survey(transport);
  }
}

/** One page of `conversations.list`, with the response's pagination fields. */
export interface ConversationPage extends Page<ConversationSummary>, ConversationList {
  getNextPage(options?: { signal?: AbortSignal }): Promise<ConversationPage>;
}

class Conversations {
  readonly #t: Transport;
  constructor(t: Transport) {
    this.#t = t;
  }

  /**
   * Listar conversas. Awaiting gives the first page; `for await` walks every conversation of every
   * page. `cursor` is sent only from the second request on, as the API requires.
   */
  list(params: ListConversationsParams = {}, options?: RequestOptions): PagePromise<ConversationPage, ConversationSummary> {
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

  /** Metadados da conversa. */
  async get(idConversation: string, options?: RequestOptions): Promise<ConversationMetadata> {
    const id = requireId("idConversation", idConversation);
    return this.#t.call("conversations.get", (signal) => this.#t.api.GET("/conversation/{idConversation}", { params: { path: { idConversation: id } }, signal }), options);
  }

  /** Criar ID de conversa: a new conversation with the agent `botId`, optionally with metadata. */
  async create(botId: string, body: { meta?: Meta } = {}, options?: RequestOptions): Promise<CreateConversationResponse> {
    const id = requireId("botId", botId);
    body = requirePlainData("body", body, META) as { meta?: Meta };
    onlyKeys("body", body, ["meta"]);
    if (body.meta !== undefined) checkMeta("body.meta", body.meta, 0);
    return this.#t.call("conversations.create", (signal) => this.#t.api.POST("/conversation/create/{botId}", { params: { path: { botId: id } }, body, signal }), options);
  }

  /** Atualizar metadados: merges the name-value pairs into the conversation's meta, overwriting existing keys. */
  async updateMeta(convId: string, meta: Meta, options?: RequestOptions): Promise<UpdateMetaResponse> {
    const id = requireId("convId", convId);
    meta = checkMeta("meta", meta, 1);
    return this.#t.call("conversations.updateMeta", (signal) => this.#t.api.PUT("/conversation/update/{convId}", { params: { path: { convId: id } }, body: meta, signal }), options);
  }
}

class Messages {
  readonly #t: Transport;
  constructor(t: Transport) {
    this.#t = t;
  }

  /** Listar mensagens da conversa. */
  async list(idConversation: string, options?: RequestOptions): Promise<ConversationMessage[]> {
    const id = requireId("idConversation", idConversation);
    return this.#t.call("messages.list", (signal) => this.#t.api.GET("/conversation/message/{idConversation}", { params: { path: { idConversation: id } }, signal }), options);
  }
}

class Chat {
  readonly #t: Transport;
  constructor(t: Transport) {
    this.#t = t;
  }

  /** Chat sem stream: the agent's whole answer, once complete. */
  async complete(idConversation: string, text: string, options?: RequestOptions): Promise<ChatCompleteResponse> {
    const id = requireId("idConversation", idConversation);
    requireString("text", text, { max: TEXT_MAX });
    return this.#t.call("chat.complete", 
      (signal) => this.#t.api.POST("/conversation/complete/{idConversation}", { params: { path: { idConversation: id } }, body: { text }, signal }),
      options,
    );
  }

  /**
   * Chat com stream: the answer's text chunks as the agent produces them. The request starts when
   * you start reading; `break` or the signal cancels it; a cut stream rejects with ConnectionError.
   */
  stream(idConversation: string, text: string, options?: RequestOptions): TextStream {
    const id = requireId("idConversation", idConversation);
    requireString("text", text, { max: TEXT_MAX });
    const signal = checkOptions(options);
    return new TextStream(
      async () => {
        if (signal?.aborted) throw new AbortError("The stream was aborted before it started.");
        return this.#t.call("chat.stream", 
          (s) =>
            this.#t.api.POST("/conversation/stream/{idConversation}", {
              params: { path: { idConversation: id } },
              body: { text },
              parseAs: "stream",
              signal: s,
            }),
          { signal },
        );
      },
      { idleTimeout: this.#t.timeout, signal },
    );
  }
}

class Feedback {
  readonly #t: Transport;
  constructor(t: Transport) {
    this.#t = t;
  }

  /** Enviar feedback da mensagem: `idmessage` is the id `chat.complete` returned. */
  async send(idmessage: string, body: MessageFeedbackRequest, options?: RequestOptions): Promise<FeedbackResponse> {
    const id = requireId("idmessage", idmessage);
    body = requirePlainData("body", body, META) as MessageFeedbackRequest;
    onlyKeys("body", body, ["feedback", "comment"]);
    requireOneOf("body.feedback", body.feedback, ["positive", "negative"] as const);
    optionalString("body.comment", body.comment, { min: 0, max: 2000 });
    return this.#t.call("feedback.send", 
      (signal) => this.#t.api.POST("/conversation/message/feedback/{idmessage}", { params: { path: { idmessage: id } }, body, signal }),
      options,
    );
  }
}

class Survey {
  readonly #t: Transport;
  constructor(t: Transport) {
    this.#t = t;
  }

  /** Enviar pesquisa de satisfação: a rating of 1 to 5 for the conversation. */
  async send(idconv: string, body: SurveyRequest, options?: RequestOptions): Promise<SurveyResponse> {
    const id = requireId("idconv", idconv);
    body = requirePlainData("body", body, META) as SurveyRequest;
    onlyKeys("body", body, ["survey", "comment"]);
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

/** An id for a path segment (openapi-fetch encodes it; a slash or space is never a real id). */
function requireId(name: string, value: unknown): string {
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
    if (!ok) throw new ValidationError(`${name}.${key}`, `must be a string, number or boolean, got ${describeValue(item)}`);
  }
  return meta;
}
