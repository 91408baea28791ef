// The server-reported state as a pure reducer: each case feeds reduce() deep-frozen inputs (so any
// mutation throws) and checks the next state and the events it asks to emit.
import { describe, expect, it } from "vitest";
import type { Agent, ConnectedData, Message } from "../src/index.js";
import { initialState, reduce, type StateInput, type VisitorState } from "../src/state.js";
import { connectedData } from "./helpers.js";

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** reduce() on frozen arguments: a reducer that mutates its input throws here. */
function step(state: VisitorState, input: StateInput) {
  return reduce(deepFreeze(state), deepFreeze(input));
}

const message = (id: string, chatId = "c1"): Message => ({ id, chatId, type: "contact", content: { type: "text", text: id }, createdAt: "2026-11-30T10:00:00Z" }) as unknown as Message;

const agent = (id: string): Agent =>
  ({ id, status: "online", groups: [], nickname: id, fullname: `Agent ${id}`, description: "", avatar: null }) as Agent;

function withChat(data: ConnectedData, messages: Message[], assignedIds: string[] = []): ConnectedData {
  return { ...data, chat: { id: "c1", assignedIds, rating: null, status: "open", readInfo: null, unreadInfo: null, messages } } as ConnectedData;
}

const start = initialState({ key: "acct", id: null } as never);

describe("reduce", () => {
  it("first initialized: the data becomes the state, its messages are known, only `initialized` is emitted", () => {
    const data = withChat(connectedData(), [message("m1")]);
    const { state, emit } = step(start, { type: "initialized", data });
    expect(emit).toEqual([["initialized", data]]);
    expect(state.connected).toBe(data);
    expect([...state.known]).toEqual(["m1"]);
    expect(state.data.id).toBe("v_fake");
  });

  it("a later initialized emits each message missed while disconnected once, and a changed account status", () => {
    const first = step(start, { type: "initialized", data: withChat(connectedData(), [message("m1")]) }).state;
    const again = withChat(connectedData({ account: { status: "offline", agents: [], groups: [] } } as never), [message("m1"), message("m2")]);
    const { state, emit } = step(first, { type: "initialized", data: again });
    expect(emit.map((e) => e[0])).toEqual(["initialized", "chat.message_received", "account.status_updated"]);
    expect(emit[1]).toEqual(["chat.message_received", { chatId: "c1", message: message("m2") }]);
    expect(emit[2]).toEqual(["account.status_updated", "offline"]);
    expect([...state.known].sort()).toEqual(["m1", "m2"]);
  });

  it("a message the client already holds is neither re-emitted nor stored twice", () => {
    const s1 = step(start, { type: "initialized", data: connectedData() }).state;
    const s2 = step(s1, { type: "held", message: message("m1") }).state;
    expect(s2.connected?.chat?.messages.map((m) => m.id)).toEqual(["m1"]);
    const echo = step(s2, { type: "event", name: "chat.message_received", payload: { chatId: "c1", message: message("m1") } });
    expect(echo.emit).toEqual([]);
    expect(echo.state).toBe(s2);
    const fresh = step(s2, { type: "event", name: "chat.message_received", payload: { chatId: "c1", message: message("m2") } });
    expect(fresh.emit.map((e) => e[0])).toEqual(["chat.message_received"]);
    expect(fresh.state.connected?.chat?.messages.map((m) => m.id)).toEqual(["m1", "m2"]);
  });

  it("assignments add and remove agent ids without duplicates", () => {
    const s1 = step(start, { type: "initialized", data: withChat(connectedData(), [], ["a1"]) }).state;
    const s2 = step(s1, { type: "event", name: "chat.agent_assigned", payload: { chatId: "c1", assigned: ["a1", "a2"] } as never }).state;
    expect(s2.connected?.chat?.assignedIds).toEqual(["a1", "a2"]);
    const s3 = step(s2, { type: "event", name: "chat.agent_unassigned", payload: { chatId: "c1", unassigned: ["a1"] } as never }).state;
    expect(s3.connected?.chat?.assignedIds).toEqual(["a2"]);
  });

  it("agent.updated applies only the Agent's own fields, each of the right type: `__proto__` and `constructor` never land", () => {
    const data = connectedData({ account: { status: "online", agents: [agent("a1")], groups: [] } } as never);
    const s1 = step(start, { type: "initialized", data }).state;
    const changes = JSON.parse('{"nickname":"Ann","status":42,"constructor":2,"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const { state, emit } = step(s1, { type: "event", name: "agent.updated", payload: { id: "a1", changes } as never });
    const updated = state.connected?.account.agents[0] as unknown as Record<string, unknown>;
    expect(updated["nickname"]).toBe("Ann");
    expect(updated["status"]).toBe("online");
    expect(Object.hasOwn(updated, "constructor")).toBe(false);
    expect(Object.getPrototypeOf(updated)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(emit.map((e) => e[0])).toEqual(["agent.updated"]);
  });

  it("visitor.updated keeps only identity fields, in the state, the next visitor.connect and the emitted payload", () => {
    const s1 = step(start, { type: "initialized", data: connectedData() }).state;
    const { state, emit } = step(s1, { type: "event", name: "visitor.updated", payload: { changes: { name: "Eva", bannedAt: "x", email: 3 } } as never });
    expect(state.connected?.visitor.name).toBe("Eva");
    expect(state.connected?.visitor.bannedAt).toBeNull();
    expect(state.data.name).toBe("Eva");
    expect(emit).toEqual([["visitor.updated", { changes: { name: "Eva" } }]]);
  });

  it("account.updated with a new status emits account.status_updated before re-emitting the event", () => {
    const s1 = step(start, { type: "initialized", data: connectedData() }).state;
    const { state, emit } = step(s1, { type: "event", name: "account.updated", payload: { status: "offline" } as never });
    expect(state.connected?.account.status).toBe("offline");
    expect(emit.map((e) => e[0])).toEqual(["account.status_updated", "account.updated"]);
    const same = step(state, { type: "event", name: "account.updated", payload: { status: "offline" } as never });
    expect(same.emit.map((e) => e[0])).toEqual(["account.updated"]);
  });

  it("an identity update changes what the next visitor.connect sends, and nothing else", () => {
    const { state, emit } = step(start, { type: "identity", values: { name: "Eva" } });
    expect(state.data).toEqual({ key: "acct", id: null, name: "Eva" });
    expect(state.connected).toBeUndefined();
    expect(emit).toEqual([]);
  });
});
