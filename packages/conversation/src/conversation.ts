// The messaging `Conversation` (seed 003): its members, methods and the state notifications it applies; what a change means is `changes.ts`.
import {
  Emitter,
  StateError,
  ValidationError,
  describeValue,
  optionalString,
  requireBoolean,
  requireNumber,
  requireObject,
  requireOneOf,
  requireString,
} from "@parley/core";
import type {
  ConversationDetails,
  ConversationField,
  CsatStatus,
  Dialog,
  DialogType,
  MessagingEvent,
  ParticipantRole,
  TTRType,
} from "./generated/events.js";
import { REQUEST, readQueryMessages, readUploadUrl } from "./dialect.js";
import { changeEvents, lastDialog } from "./changes.js";
import type { ConversationEvents, ConversationHost, Participant, StateNotification } from "./types.js";
import { checkContent, checkExtras, checkMessagesQuery, imageType, quickRepliesOf, sequenceArg } from "./validate.js";

export type { ConversationEvents, ConversationHost, Participant, StateNotification } from "./types.js";

export const TEXT_MAX = 8000;
export const RICH_MAX = 15_000;
export const NOTE_MAX = 5000;
const NOTE_SEPARATOR = "\n\n";
const TTR_TYPES = ["CUSTOM", "NORMAL", "PRIORITIZED", "URGENT"] as const satisfies readonly TTRType[];
const ROLES = ["CONSUMER", "ASSIGNED_AGENT", "MANAGER", "READER", "AGENT", "CONTROLLER"] as const satisfies readonly ParticipantRole[];
const CSAT_STATUSES = ["FILLED", "PARTIALLY_FILLED", "SKIPPED"] as const satisfies readonly CsatStatus[];
const DIALOG_TYPES = ["MAIN", "POST_SURVEY"] as const satisfies readonly DialogType[];

/**
 * One messaging conversation, kept up to date by its Connection's state notifications. Members
 * read the latest state; methods send requests on its open dialog; events report what each state
 * change means (computed by comparing consecutive states, once per change).
 */
export class Conversation extends Emitter<ConversationEvents> {
  /** The conversation id (`convId`). */
  readonly id: string;
  readonly #host: ConversationHost;
  readonly #loaded: boolean;
  #details: ConversationDetails | undefined;
  #json = "";
  #effectiveTTR: number | undefined;
  #count = 0;
  #ignored = 0;
  #outOfOrder = 0;
  #unloaded = false;
  /** Note updates one after another: each builds on the previous. */
  #noteChain: Promise<unknown> = Promise.resolve();
  /** The last note field sent: the response comes before the notification that carries it. */
  #noteSent: string | undefined;

  /** @internal Conversations come from a Connection (its notifications, or loadConversation). */
  constructor(host: ConversationHost, id: string, options: { loaded?: boolean } = {}) {
    super(host.listenerError ? { onListenerError: host.listenerError } : {});
    this.#host = host;
    this.id = id;
    this.#loaded = options.loaded ?? false;
  }

  // ---- members -----------------------------------------------------------------------------

  /** The latest conversation details, or undefined before the first state notification. */
  get state(): Readonly<ConversationDetails> | undefined {
    return this.#details;
  }

  /** Installation identifier of the connector that created the conversation, if any. */
  get appInstId(): string | undefined {
    const main = this.getDialog("MAIN");
    const fromDialog = (main?.metaData as { appInstallId?: unknown } | undefined)?.appInstallId;
    const fromContext = (this.#details?.context as { appInstallId?: unknown } | undefined)?.appInstallId;
    const id = fromDialog ?? fromContext;
    return typeof id === "string" ? id : undefined;
  }

  /** The assigned agent; null if none or the conversation is closed. */
  get assignedAgent(): Participant | null {
    return this.#participant("ASSIGNED_AGENT");
  }

  /** The campaign the conversation belongs to (`campaignInfo.campaignId`), if any. */
  get campaignId(): string | undefined {
    return this.#details?.campaignInfo?.campaignId;
  }

  /** The consumer; null if none or the conversation is closed. */
  get consumer(): Participant | null {
    return this.#participant("CONSUMER");
  }

  /** The account handling the conversation (a Conversation Handler with rollover), else the brand. */
  get handlerAccountId(): string | undefined {
    return this.#details?.conversationHandlerDetails?.accountId ?? this.#details?.brandId;
  }

  /** The agents' notes. Writable in CLOSE, not in LOCKED: see setAgentNote. */
  get note(): string | undefined {
    return this.#details?.note;
  }

  /** Notifications processed for this conversation. */
  get notificationCount(): number {
    return this.#count;
  }

  /** Notifications ignored because they changed nothing (same content as the current state). */
  get notificationIgnoredCount(): number {
    return this.#ignored;
  }

  /** Notifications ignored because they were older than the current state. */
  get notificationOutOfOrderCount(): number {
    return this.#outOfOrder;
  }

  /** Unread messages per participant: `{ userId: count }`. */
  get numberOfunreadMessages(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [userId, n] of Object.entries(this.#details?.numberOfunreadMessages ?? {})) if (typeof n === "number") counts[userId] = n;
    return counts;
  }

  /** When the agent must answer by (epoch ms), taking ttr, delay and manualETTR into account; may be null. */
  get ttrEffective(): number | null {
    return this.#effectiveTTR ?? this.#details?.manualETTR ?? null;
  }

  // ---- methods -----------------------------------------------------------------------------

  /** The last updated dialog of the given type (`MAIN`, `POST_SURVEY`), or undefined. */
  getDialog(type: DialogType): Dialog | undefined {
    requireOneOf("type", type, DIALOG_TYPES);
    return lastDialog(this.#details, type);
  }

  /**
   * Applies a state notification: counts it; ignores it when it changes nothing or is older than
   * the current state; otherwise takes it as the state and emits the events the change implies.
   */
  processStateNotification(state: StateNotification): void {
    if (typeof state !== "object" || state === null || typeof state.conversationDetails !== "object" || state.conversationDetails === null) {
      throw new ValidationError("state", `must be a state notification with conversationDetails, got ${describeValue(state)}`);
    }
    if (this.#unloaded) throw new StateError("This conversation was unloaded.");
    this.#count++;
    const next = state.conversationDetails;
    const json = JSON.stringify(next);
    if (json === this.#json) {
      this.#ignored++;
      return;
    }
    const prev = this.#details;
    if (prev && (next.metaDataLastUpdateTs ?? 0) < (prev.metaDataLastUpdateTs ?? 0)) {
      this.#outOfOrder++;
      return;
    }
    const prevTTR = this.ttrEffective;
    this.#details = next;
    this.#json = json;
    this.#effectiveTTR = typeof state.effectiveTTR === "number" ? state.effectiveTTR : undefined;
    if (prev) for (const [event, ...args] of changeEvents(prev, next, { before: prevTTR, after: this.ttrEffective })) this.emit(event, ...(args as never));
  }

  /** Joins the open dialog as `participantRole`. */
  async join(participantRole: ParticipantRole): Promise<void> {
    requireOneOf("participantRole", participantRole, ROLES);
    await this.#update([{ field: "ParticipantsChange", type: "ADD", role: participantRole }]);
  }

  /** A consumer takes over the conversation (after the step-up process): [I] the consumer participant is replaced. */
  async consumerTakeover(newConsumerUserId: string): Promise<void> {
    requireString("newConsumerUserId", newConsumerUserId, { max: 200 });
    const current = this.consumer;
    const fields: ConversationField[] = [];
    if (current && current.id !== newConsumerUserId) fields.push({ field: "ParticipantsChange", type: "REMOVE", userId: current.id, role: "CONSUMER" });
    fields.push({ field: "ParticipantsChange", type: "ADD", userId: newConsumerUserId, role: "CONSUMER" });
    await this.#update(fields);
  }

  /** Messages of the open dialog; `query` filters by sequence and count. */
  async queryMessages(query: { maxQuantity?: string | number; sequenceMin?: string | number; sequenceMax?: string | number } = {}): Promise<MessagingEvent[]> {
    query = checkMessagesQuery(query);
    requireObject("query", query);
    const dialogId = this.#openDialog().dialogId;
    const body: Record<string, unknown> = { dialogId };
    const maxQuantity = sequenceArg("query.maxQuantity", query.maxQuantity, 1, 100);
    // sequenceMin and sequenceMax bound the sequences, both inclusive (the seed); the wire's
    // newerThan/olderThan bounds are exclusive, hence the one-step shift.
    const min = sequenceArg("query.sequenceMin", query.sequenceMin, 0);
    const max = sequenceArg("query.sequenceMax", query.sequenceMax, 0);
    if (min !== undefined && max !== undefined && min > max) throw new ValidationError("query.sequenceMax", `must not be below sequenceMin (${min})`);
    if (maxQuantity !== undefined) body["maxQuantity"] = maxQuantity;
    if (max !== undefined) body["olderThanSequence"] = max + 1;
    if (min !== undefined) body["newerThanSequence"] = min - 1;
    return readQueryMessages(await this.#host.request(REQUEST.queryMessages, body));
  }

  /** Sends a text message (at most 8,000 characters) to the open dialog. */
  async sendMessage(text: string, metadata: object | object[] | null = null, quickReplies: object | null = null): Promise<void> {
    [metadata, quickReplies] = checkExtras(metadata, quickReplies);
    requireString("text", text, { max: TEXT_MAX });
    await this.#publish({ type: "ContentEvent", contentType: "text/plain", message: text, ...quickRepliesOf(quickReplies) }, metadata);
  }

  /** Sends a message only agents and agent managers see. */
  async sendPrivateMessage(text: string, metadata: object | object[] | null = null): Promise<void> {
    [metadata] = checkExtras(metadata);
    requireString("text", text, { max: TEXT_MAX });
    await this.#publish({ type: "ContentEvent", contentType: "text/plain", message: text, messageAudience: "AGENTS_AND_MANAGERS" }, metadata);
  }

  /** Sends structured content (at most 15,000 characters as JSON) to the open dialog. */
  async sendRichText(message: object, metadata: object | object[] | null = null, quickReplies: object | null = null): Promise<void> {
    [message, [metadata, quickReplies]] = [checkContent("message", message), checkExtras(metadata, quickReplies)];
    requireObject("message", message);
    const size = JSON.stringify(message).length;
    if (size > RICH_MAX) throw new ValidationError("message", `must be at most ${RICH_MAX} characters as JSON, got ${size}`);
    await this.#publish({ type: "RichContentEvent", content: message, ...quickRepliesOf(quickReplies) }, metadata);
  }

  /**
   * Adds an agent note, keeping the earlier ones. Notes share the conversation's `note` field, at
   * most 5,000 characters; a note that does not fit is truncated (`truncateEnabled`, the default)
   * or refused. Allowed in CLOSE, not in LOCKED.
   */
  async setAgentNote(
    noteContent: string,
    agentId: string | null = null,
    name: string | null = null,
    noteId: string | null = null,
    isAutoSummary = false,
    truncateEnabled = true,
  ): Promise<{ truncated: boolean; truncatedText: string }> {
    requireString("noteContent", noteContent);
    if (agentId !== null) requireString("agentId", agentId, { max: 200 });
    if (name !== null) requireString("name", name, { max: 200 });
    if (noteId !== null) requireString("noteId", noteId, { max: 200 });
    requireBoolean("isAutoSummary", isAutoSummary);
    requireBoolean("truncateEnabled", truncateEnabled);
    const run = this.#noteChain.then(() => this.#addNote(noteContent, agentId, name, noteId, isAutoSummary, truncateEnabled));
    this.#noteChain = run.catch(() => {});
    return run;
  }

  async #addNote(
    noteContent: string,
    agentId: string | null,
    name: string | null,
    noteId: string | null,
    isAutoSummary: boolean,
    truncateEnabled: boolean,
  ): Promise<{ truncated: boolean; truncatedText: string }> {
    if (this.#details?.state === "LOCKED") throw new StateError("The conversation is LOCKED: notes cannot be changed.");
    const author = agentId ?? this.#host.userId ?? "unknown";
    // [I] One note per block: a header line (author, id, auto-summary flag), then the text.
    const header = `[${name ?? this.#host.agentName ?? author} · ${noteId ?? `${author}::${Date.now()}`}${isAutoSummary ? " · auto-summary" : ""}]\n`;
    const known = this.note ?? "";
    const existing = this.#noteSent !== undefined && this.#noteSent.startsWith(known) ? this.#noteSent : known;
    const room = NOTE_MAX - existing.length - (existing ? NOTE_SEPARATOR.length : 0) - header.length;
    if (room <= 0) throw new StateError("No room left to add agent note.");
    let text = noteContent;
    let truncated = false;
    if (text.length > room) {
      if (!truncateEnabled) throw new ValidationError("noteContent", `does not fit: ${room} characters are left of ${NOTE_MAX}`);
      text = text.slice(0, room);
      truncated = true;
    }
    const note = `${existing}${existing ? NOTE_SEPARATOR : ""}${header}${text}`;
    await this.#update([{ field: "Note", note }]);
    this.#noteSent = note;
    return { truncated, truncatedText: truncated ? text : "" };
  }

  /** @deprecated Replaced by setAgentNote (same arguments). */
  setNote(...args: Parameters<Conversation["setAgentNote"]>): Promise<{ truncated: boolean; truncatedText: string }> {
    return this.setAgentNote(...args);
  }

  /** Sets the CSAT rate ("1" to "5") and whether the issue was resolved. */
  async setCsat(csatRate: string, csatResolutionConfirmation: boolean, csatStatus: CsatStatus = "FILLED"): Promise<void> {
    const rate = requireString("csatRate", csatRate, { pattern: /^[1-5]$/, patternName: 'a rate from "1" to "5"' });
    requireBoolean("csatResolutionConfirmation", csatResolutionConfirmation);
    requireOneOf("csatStatus", csatStatus, CSAT_STATUSES);
    // The seed types the rate as a string; on the wire it is an integer.
    await this.#update([{ field: "CSATRate", csatRate: Number(rate), csatResolutionConfirmation, status: csatStatus }]);
  }

  /** Sets the manual time to respond (epoch ms); brand connections only. */
  async setManualETTR(time: number): Promise<void> {
    requireNumber("time", time, { min: 1, integer: true });
    if (this.#host.kind !== "brand") throw new StateError("setManualETTR is only supported for brand connections.");
    await this.#update([{ field: "ManualETTR", time }]);
  }

  /** Sets the TTR type; `value` (seconds) only for CUSTOM, the system sets it for the others. */
  async setTTR(ttrType: TTRType, value = 0): Promise<void> {
    requireOneOf("ttrType", ttrType, TTR_TYPES);
    requireNumber("value", value, { min: 0, integer: true });
    if (ttrType !== "CUSTOM" && value !== 0) throw new ValidationError("value", `is only settable with ttrType CUSTOM (got ${ttrType})`);
    await this.#update([{ field: "TTRField", ttrType, value }]);
  }

  /**
   * Transfers to an agent, a skill or both; the assigned agent is removed either way (with neither,
   * the conversation goes back to the queue).
   */
  async transfer(args: { agentId?: string; skillId?: string } = {}): Promise<void> {
    requireObject("args", args);
    optionalString("args.agentId", args.agentId, { max: 200 });
    optionalString("args.skillId", args.skillId, { max: 200 });
    const fields: ConversationField[] = [];
    const assigned = this.assignedAgent;
    if (assigned) fields.push({ field: "ParticipantsChange", type: "REMOVE", userId: assigned.id, role: "ASSIGNED_AGENT" });
    if (args.agentId) fields.push({ field: "ParticipantsChange", type: "SUGGEST", userId: `${this.#host.accountId}.${args.agentId}`, role: "ASSIGNED_AGENT" });
    if (args.skillId) fields.push({ field: "Skill", type: "UPDATE", skill: args.skillId });
    if (fields.length === 0) throw new StateError("Nothing to transfer: no assigned agent, and neither agentId nor skillId given.");
    await this.#update(fields);
  }

  /** Unloads this conversation from memory; only for one loaded with connection.loadConversation. */
  unload(): void {
    if (!this.#loaded) throw new StateError("Only a conversation loaded with connection.loadConversation can be unloaded.");
    this.#unloaded = true;
    this.#host.unload(this);
    this.removeAllListeners();
  }

  /** Uploads a file (JPG, PNG, GIF) and publishes it on the open dialog, with an optional caption. */
  async uploadFile(buffer: ArrayBuffer | Uint8Array, caption?: string): Promise<void> {
    if (!(buffer instanceof ArrayBuffer) && !(buffer instanceof Uint8Array)) throw new ValidationError("buffer", `must be an ArrayBuffer, got ${describeValue(buffer)}`);
    const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
    if (bytes.byteLength === 0) throw new ValidationError("buffer", "must not be empty");
    optionalString("caption", caption, { min: 0, max: TEXT_MAX });
    const fileType = imageType(bytes);
    if (!fileType) throw new ValidationError("buffer", "must be a JPG, PNG or GIF image");
    const dialogId = this.#openDialog().dialogId;
    const url = readUploadUrl(await this.#host.request(REQUEST.uploadUrl, { fileSize: bytes.byteLength, fileType }));
    await this.#host.upload(url.relativePath, url.queryParams, bytes, fileType);
    await this.#host.request(REQUEST.publish, {
      dialogId,
      event: { type: "ContentEvent", contentType: "hosted/file", message: { caption: caption ?? "", relativePath: url.relativePath, fileType } },
    });
  }

  /** @internal The state to save, for connection.loadConversation. */
  toJSON(): { id: string; state: ConversationDetails | undefined; effectiveTTR: number | undefined; counts: [number, number, number] } {
    return { id: this.id, state: this.#details, effectiveTTR: this.#effectiveTTR, counts: [this.#count, this.#ignored, this.#outOfOrder] };
  }

  /** @internal */
  _restore(saved: ReturnType<Conversation["toJSON"]>): void {
    this.#details = saved.state;
    this.#json = saved.state ? JSON.stringify(saved.state) : "";
    this.#effectiveTTR = saved.effectiveTTR;
    [this.#count, this.#ignored, this.#outOfOrder] = saved.counts;
  }

  // ---- internals ---------------------------------------------------------------------------

  #participant(role: ParticipantRole): Participant | null {
    if (!this.#details || this.#details.state === "CLOSE") return null;
    const main = this.getDialog("MAIN");
    const fromDialog = main?.participantsDetails?.find((p) => p.role === role && p.state === "ACTIVE");
    if (fromDialog) return fromDialog;
    const fromConversation = this.#details.participants?.find((p) => p.role === role);
    return fromConversation ? { id: fromConversation.id, role, state: "ACTIVE" } : null;
  }

  #openDialog(): Dialog {
    if (this.#details?.state === "CLOSE") throw new StateError("The conversation is closed.");
    const open = (this.#details?.dialogs ?? []).filter((d) => d.state === "OPEN");
    const dialog = open.find((d) => d.dialogType === "MAIN") ?? open[0];
    if (!dialog) throw new StateError("The conversation has no open dialog (no state received yet, or every dialog is closed).");
    return dialog;
  }

  async #publish(event: object, metadata: object | object[] | null): Promise<void> {
    if (metadata !== null) {
      const list = Array.isArray(metadata) ? metadata : [metadata];
      list.forEach((m, i) => requireObject(Array.isArray(metadata) ? `metadata[${i}]` : "metadata", m));
    }
    const body: Record<string, unknown> = { dialogId: this.#openDialog().dialogId, event };
    if (metadata !== null) body["metadata"] = Array.isArray(metadata) ? metadata : [metadata];
    await this.#host.request(REQUEST.publish, body);
  }

  async #update(conversationField: ConversationField[]): Promise<void> {
    if (!this.#details) throw new StateError("No state received for this conversation yet.");
    await this.#host.request(REQUEST.updateField, { conversationId: this.id, conversationField });
  }
}
