// The current chat's session: attach (storage + realtime transport), poll, apply messages and state once each, settle.
import { InvalidResponseError, StateError, checkArgumentKeys, checked, requirePlainData, requireString, type ParleyError } from "@parley/core";
import { callWith, type Context } from "./base.js";
import { Chat, ONGOING_STATUSES } from "./chat.js";
import { DATA, messageKeys } from "./checks.js";
import type { ChatStorage } from "./storage.js";
import { pollingTransport, type ChatTransport } from "./transport.js";
import type { CallOptions, ChatResponse, ChatSurveyResponse, MessageResponse, SendMessageRequest, SendMessageResponse } from "./types.js";

/** The current chat, what was already delivered of it, and where it is remembered. */
export class Session {
  readonly #ctx: Context;
  readonly #storage: ChatStorage;
  readonly #storageKey: string;
  #chat: Chat | null = null;
  #transport: ChatTransport | undefined;
  #connected: boolean | undefined;
  #seen = new Set<string>();
  #seenIndexes = new Set<number>();
  #lastIndex = -1;
  /** The current chat's state as last applied, to skip a poll that changed nothing. */
  #stateJson = "";
  /** The current chat's survey, once `getChatSurvey` loaded it: answers are checked against it. */
  survey: ChatSurveyResponse | undefined;

  constructor(ctx: Context, storage: ChatStorage) {
    this.#ctx = ctx;
    this.#storage = storage;
    this.#storageKey = `parley:headless:${ctx.options.companyId}:chat`;
  }

  get chat(): Chat | null {
    return this.#chat;
  }

  requireChat(): Chat {
    if (!this.#chat) throw new StateError("There is no current chat: call createChat(), loadOngoingChat() or resumeChat() first.");
    return this.#chat;
  }

  /** The chat id remembered in storage, or null (a value that is no chat id is forgotten). */
  async remembered(): Promise<number | null> {
    const stored = await this.#storage.getItem(this.#storageKey);
    const id = stored === null ? NaN : Number(stored);
    if (Number.isSafeInteger(id) && id >= 1) return id;
    if (stored !== null) await this.forget();
    return null;
  }

  forget(): Promise<void> | void {
    return this.#storage.removeItem(this.#storageKey);
  }

  loadState(chatId: number, options?: CallOptions): Promise<ChatResponse> {
    return callWith(this.#ctx, "loadChat", (a) => this.#ctx.api.GET("/chats/{chatId}", { ...a, params: { path: { chatId } } }), options);
  }

  listMessages(chatId: number, afterIndex: number, signal?: AbortSignal): Promise<MessageResponse[]> {
    return callWith(
      this.#ctx,
      "fetchMessages",
      (a) => this.#ctx.api.GET("/chats/{chatId}/messages", { ...a, params: { path: { chatId }, query: { after_index: afterIndex } } }),
      { signal },
    );
  }

  sendMessage(chatId: number, message: SendMessageRequest, options?: CallOptions): Promise<SendMessageResponse> {
    checkArgumentKeys({ message, options }, messageKeys(checked("message.type", () => (message as { type?: unknown } | null)?.type)));
    message = requirePlainData("message", message, DATA) as SendMessageRequest;
    requireString("message.type", message.type);
    return callWith(this.#ctx, "sendMessage", (a) => this.#ctx.api.POST("/chats/{chatId}/messages", { ...a, params: { path: { chatId } }, body: message }), options);
  }

  /** A `Chat` for `state` whose `sendMessage` posts to it (not the current chat). */
  chatOf(state: ChatResponse): Chat {
    return new Chat(state, (m, o) => this.sendMessage(state.id, m, o));
  }

  /** Makes `state` the current chat: remembered in storage, with its realtime transport running. */
  async attach(state: ChatResponse): Promise<Chat> {
    if (typeof state?.id !== "number") throw new InvalidResponseError("The chat in the response has no numeric `id`.");
    this.stop();
    const chat = this.chatOf(state);
    this.#chat = chat;
    this.#seen.clear();
    this.#seenIndexes.clear();
    this.#lastIndex = -1;
    this.#stateJson = JSON.stringify(state);
    this.survey = undefined;
    this.#connected = undefined;
    await this.#storage.setItem(this.#storageKey, String(state.id));
    const factory = this.#ctx.options.transport === undefined ? pollingTransport() : this.#ctx.options.transport;
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

  /** Emits the status event of a chat that stopped going on, and forgets it in storage. */
  async settle(chat: Chat, state: ChatResponse, alreadySet = false): Promise<void> {
    if (!alreadySet) chat._setState(state);
    if (ONGOING_STATUSES.has(state.status)) return;
    this.stop();
    await this.forget();
    if (state.status === "dismissed") this.#ctx.emit("chat.dismissed");
    else if (state.status === "timeout") this.#ctx.emit("chat.timeout");
    else this.#ctx.emit("chat.ended");
  }

  /** Forgets the current chat, here and in storage. */
  async destroy(): Promise<void> {
    this.stop();
    await this.forget();
    this.#chat = null;
  }

  /** Stops the realtime transport. */
  stop(): void {
    this.#transport?.stop();
    this.#transport = undefined;
  }

  /**
   * One poll. A body that is not what the spec promises is reported as an `error` event
   * (InvalidResponseError) and skipped: the network is fine, so the transport stays connected.
   */
  async #sync(chat: Chat, signal: AbortSignal): Promise<void> {
    try {
      const messages = await this.listMessages(chat.id, this.#lastIndex, signal);
      if (signal.aborted) return;
      this.#applyMessages(chat, messages);
      const state = await this.loadState(chat.id, { signal });
      if (signal.aborted) return;
      await this.#applyState(chat, state);
    } catch (error) {
      if (!(error instanceof InvalidResponseError)) throw error;
      this.#ctx.report(error);
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
      this.#ctx.emit("chat.message", message);
      if (message.type === "noti") this.#applyNotification(message);
    }
  }

  #applyNotification(message: MessageResponse): void {
    // [I] Co-browse notifications travel as `noti` messages, like the other chat events.
    if (message.event === "cobrowseRequestedFromAgent") this.#ctx.emit("cobrowse.request", String(message.$userId));
    else if (message.event === "cobrowseLoaded") this.#ctx.emit("cobrowse.loaded");
    else if (message.event === "cobrowseEnded") this.#ctx.emit("cobrowse.ended");
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
      if (!old) this.#ctx.emit("chat.memberJoined", identity);
      if (p.typing && !old?.typing) this.#ctx.emit("chat.typingStarted", identity);
      if (!p.typing && old?.typing) this.#ctx.emit("chat.typingEnded", identity);
    }
    for (const [identity, p] of before) {
      if (after.has(identity)) continue;
      if (p.typing) this.#ctx.emit("chat.typingEnded", identity);
      this.#ctx.emit("chat.memberLeft", identity);
    }
    this.#ctx.emit("chat.updated", chat);
    if (prev.status !== next.status) await this.settle(chat, next, true);
  }

  #setConnected(chat: Chat, connected: boolean, error?: ParleyError): void {
    if (this.#chat !== chat) return;
    if (error) this.#ctx.report(error);
    if (this.#connected === connected) return;
    this.#connected = connected;
    this.#ctx.emit(connected ? "chat.connected" : "chat.disconnected");
  }
}
