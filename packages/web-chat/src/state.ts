// The visitor's state as the server reports it (initialized data, held messages, agents, identity), as a pure reducer:
// `reduce(state, input)` returns the next state and the events to emit, and changes neither its arguments nor anything else.
import type { ConnectedData, Message, ServerEvents } from "./generated/events.js";
import { AGENT_FIELDS, isObject } from "./guards.js";
import type { VisitorClientEvents, VisitorData } from "./types.js";

/** The identity fields a visitor can change (and `visitor.updated` may report). */
export const IDENTITY_KEYS = ["name", "email", "phone", "group", "lang", "variables", "properties"] as const;

export interface VisitorState {
  /** The `initialized` data with the server events since, or undefined before the first. */
  readonly connected: ConnectedData | undefined;
  /** Ids of every message the client holds: none is delivered twice. */
  readonly known: ReadonlySet<string>;
  /** What the next `visitor.connect` sends. */
  readonly data: VisitorData;
}

/** What changes the state: the `visitor.connect` ack, a message the client now holds (its own ack), an identity update, a checked server event. */
export type StateInput =
  | { type: "initialized"; data: ConnectedData }
  | { type: "held"; message: Message }
  | { type: "identity"; values: Partial<VisitorData> }
  | { type: "event"; name: keyof ServerEvents; payload: ServerEvents[keyof ServerEvents] };

/** An event to emit, with its listener's arguments. */
export type Emission = { [K in keyof VisitorClientEvents]: [K, ...VisitorClientEvents[K]] }[keyof VisitorClientEvents];

export function initialState(data: VisitorData): VisitorState {
  return { connected: undefined, known: new Set(), data: { ...data } };
}

export function reduce(state: VisitorState, input: StateInput): { state: VisitorState; emit: Emission[] } {
  switch (input.type) {
    case "initialized":
      return initialized(state, input.data);
    case "held":
      return { state: hold(state, input.message), emit: [] };
    case "identity":
      return { state: { ...state, data: { ...state.data, ...input.values } }, emit: [] };
    case "event":
      return serverEvent(state, input.name, input.payload);
  }
}

function initialized(state: VisitorState, data: ConnectedData): { state: VisitorState; emit: Emission[] } {
  const previous = state.connected;
  // Messages already held are not news; those that came while disconnected are, once each.
  const messages = data.chat?.messages ?? [];
  const missed = messages.filter((m) => !state.known.has(m.id));
  const known = new Set(state.known);
  for (const m of messages) known.add(m.id);
  const emit: Emission[] = [["initialized", data]];
  if (previous !== undefined && data.chat) {
    for (const message of missed) emit.push(["chat.message_received", { chatId: data.chat.id, message }]);
  }
  if (previous && previous.account.status !== data.account.status) emit.push(["account.status_updated", data.account.status]);
  return { state: { connected: data, known, data: { ...state.data, id: data.visitor.id } }, emit };
}

/** Records a message the client now holds: never delivered again, and kept in the local chat. */
function hold(state: VisitorState, message: Message): VisitorState {
  if (state.known.has(message.id)) return state;
  const known = new Set(state.known).add(message.id);
  const connected = state.connected;
  if (!connected) return { ...state, known };
  // A chat that began after `initialized` (the first message opens it) joins the local state.
  const chat = connected.chat ?? { id: message.chatId, assignedIds: [], rating: null, status: "open", readInfo: null, unreadInfo: null, messages: [] };
  const next = chat.id === message.chatId ? { ...chat, messages: [...chat.messages, message] } : chat;
  return { ...state, known, connected: { ...connected, chat: next } };
}

function serverEvent(state: VisitorState, name: keyof ServerEvents, payload: ServerEvents[keyof ServerEvents]): { state: VisitorState; emit: Emission[] } {
  const emit: Emission[] = [];
  const c = state.connected;
  let next = state;
  switch (name) {
    case "chat.message_received": {
      const p = payload as ServerEvents["chat.message_received"];
      if (state.known.has(p.message.id)) return { state, emit }; // the client already holds it (its own, or replayed)
      next = hold(state, p.message);
      break;
    }
    case "chat.agent_assigned": {
      const p = payload as ServerEvents["chat.agent_assigned"];
      if (c?.chat) next = { ...state, connected: { ...c, chat: { ...c.chat, assignedIds: [...new Set([...c.chat.assignedIds, ...p.assigned])] } } };
      break;
    }
    case "chat.agent_unassigned": {
      const p = payload as ServerEvents["chat.agent_unassigned"];
      if (c?.chat) next = { ...state, connected: { ...c, chat: { ...c.chat, assignedIds: c.chat.assignedIds.filter((id) => !p.unassigned.includes(id)) } } };
      break;
    }
    case "account.updated": {
      const p = payload as ServerEvents["account.updated"];
      if (c && p.status && p.status !== c.account.status) {
        next = { ...state, connected: { ...c, account: { ...c.account, status: p.status } } };
        emit.push(["account.status_updated", p.status]);
      }
      break;
    }
    case "agent.updated": {
      const p = payload as ServerEvents["agent.updated"];
      if (!c) break;
      // Only the Agent's own fields, each checked: a `__proto__`, a `constructor` or a wrong type never lands.
      const agents = c.account.agents.map((agent) => {
        if (agent.id !== p.id) return agent;
        const changed: Record<string, unknown> = { ...agent };
        for (const [key, value] of Object.entries(p.changes)) if (Object.hasOwn(AGENT_FIELDS, key) && AGENT_FIELDS[key]!(value)) changed[key] = value;
        return changed as unknown as typeof agent;
      });
      next = { ...state, connected: { ...c, account: { ...c.account, agents } } };
      break;
    }
    case "agent.removed": {
      const p = payload as ServerEvents["agent.removed"];
      if (c) next = { ...state, connected: { ...c, account: { ...c.account, agents: c.account.agents.filter((a) => a.id !== p.id) } } };
      break;
    }
    case "visitor.updated": {
      const p = payload as ServerEvents["visitor.updated"];
      const identity = Object.fromEntries(
        Object.entries(p.changes).filter(([k, v]) => (IDENTITY_KEYS as readonly string[]).includes(k) && (v === null || typeof v === "string" || (k === "variables" && isObject(v)))),
      );
      next = { ...state, data: { ...state.data, ...identity }, connected: c && { ...c, visitor: { ...c.visitor, ...identity } } };
      // Listeners see only the identity fields that were applied.
      emit.push([name, { ...p, changes: identity }] as Emission);
      return { state: next, emit };
    }
    default:
      break;
  }
  // Every server event of the spec is re-emitted under its wire name.
  emit.push([name, payload] as Emission);
  return { state: next, emit };
}
