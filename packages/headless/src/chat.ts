// The `Chat` instance the client hands out: the latest state of one chat and a way to post to it.
import type { CallOptions, ChatResponse, SendMessageRequest, SendMessageResponse } from "./types.js";

/** Chat statuses in which the conversation is still going on. */
export const ONGOING_STATUSES: ReadonlySet<string> = new Set(["queued", "assigned", "va_assigned"]);

type Sender = (message: SendMessageRequest, options?: CallOptions) => Promise<SendMessageResponse>;

/** A chat as the client knows it. `state` is refreshed by the realtime transport. */
export class Chat {
  #state: ChatResponse;
  readonly #send: Sender;

  /** @internal Chats are made by the client (`createChat`, `loadChat`, ...). */
  constructor(state: ChatResponse, send: Sender) {
    this.#state = state;
    this.#send = send;
  }

  /** The chat's id (a positive integer). */
  get id(): number {
    return this.#state.id;
  }

  /** The latest state the server reported (`id`, `status`, `status_text`, participants, ...). */
  get state(): Readonly<ChatResponse> {
    return this.#state;
  }

  /** Whether the chat is queued or assigned (not dismissed, finished, canceled or timed out). */
  get ongoing(): boolean {
    return ONGOING_STATUSES.has(this.#state.status);
  }

  /** Sends any message the API accepts, e.g. `{ type: "noti", event: "formCompleted" }`. */
  sendMessage(message: SendMessageRequest, options?: CallOptions): Promise<SendMessageResponse> {
    return this.#send(message, options);
  }

  /** @internal */
  _setState(state: ChatResponse): void {
    this.#state = state;
  }
}
