// The polling transport against a scripted local server: each message once (duplicates and gaps),
// participant and status events, connectivity across an outage, co-browse notifications, destroy.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  Client,
  ConnectionError,
  InternalServerError,
  memoryStorage,
  pollingTransport,
  type ChatResponse,
  type ClientEvents,
  type ClientOptions,
  type MessageResponse,
  type ParleyError,
} from "../src/index.js";
import { CHAT_ID, MENU_ID, TOKEN, agent, chatState, message, problem, serverPerTest, type Behaviour } from "./support/server.js";

const COMPANY_ID = "d3b07384d113edec49eaa6238ad5ff00";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJpZGVudGlmaWVyIjoidXNlci00MiJ9.c2lnbmF0dXJl";
const STORAGE_KEY = `parley:headless:${COMPANY_ID}:chat`;
const CHATS = `/api/v2/menus/${MENU_ID}/chats`;
const CHAT = `/api/v2/chats/${CHAT_ID}`;
const MESSAGES = `${CHAT}/messages`;
const WAIT = { timeout: 3000, interval: 10 };

const { server, track } = serverPerTest({ beforeEach, afterEach });

type Logged = { [K in keyof ClientEvents]: [K, ...ClientEvents[K]] }[keyof ClientEvents];
const LOGGED: (keyof ClientEvents)[] = [
  "chat.updated",
  "chat.message",
  "chat.memberJoined",
  "chat.memberLeft",
  "chat.typingStarted",
  "chat.typingEnded",
  "chat.connected",
  "chat.disconnected",
  "chat.dismissed",
  "chat.timeout",
  "chat.ended",
  "chat.destroyed",
  "cobrowse.request",
  "cobrowse.loaded",
  "cobrowse.ended",
  "error",
];

/**
 * A polling client whose chat is created with `initial`; GET chat answers `states`, GET messages
 * answers `messages` (each list in order, the last repeating). Every event is logged.
 */
async function startChat(options: { initial?: ChatResponse; states?: Behaviour[]; messages?: Behaviour[]; extra?: Partial<ClientOptions> } = {}) {
  const initial = options.initial ?? chatState();
  server().on("POST", CHATS, { status: 201, json: initial });
  server().on("GET", CHAT, ...(options.states ?? [{ status: 200, json: initial }]));
  server().on("GET", MESSAGES, ...(options.messages ?? [{ status: 200, json: [] }]));
  const storage = memoryStorage();
  const client = new Client({
    companyId: COMPANY_ID,
    authenticate: async () => ({ token: JWT }),
    host: server().url,
    storage,
    transport: pollingTransport({ intervalMs: 10, maxBackoffMs: 50 }),
    ...options.extra,
  });
  track(client);
  const log: Logged[] = [];
  for (const name of LOGGED) client.on(name, ((...args: unknown[]) => log.push([name, ...args] as Logged)) as never);
  const chat = await client.createChat(MENU_ID, { lang: "en" });
  const named = <K extends keyof ClientEvents>(name: K) =>
    log.filter((e): e is Extract<Logged, [K, ...unknown[]]> => e[0] === name).map((e) => e.slice(1) as ClientEvents[K]);
  return { client, chat, storage, log, named };
}

const statePolls = () => server().requestsTo("GET", CHAT).length;
const messagePolls = () => server().requestsTo("GET", MESSAGES);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const json = (body: unknown): Behaviour => ({ status: 200, json: body });

describe("messages", () => {
  it("emits each message exactly once across duplicates and gaps, and re-requests from the gap", async () => {
    const [m0, m1, m2, m3] = [message(0), message(1), message(2, { $userType: "end_user", $userId: 42 }), message(3)];
    const { client, named } = await startChat({ messages: [json([m0, m1]), json([m1, m3]), json([m2, m3]), json([])] });

    await vi.waitFor(() => expect(messagePolls().length).toBeGreaterThanOrEqual(5), WAIT);
    client.close();

    const sids = named("chat.message").map(([m]) => m.$sid);
    expect(sids).toHaveLength(4);
    expect(new Set(sids)).toEqual(new Set([m0!.$sid, m1!.$sid, m2!.$sid, m3!.$sid]));
    expect(named("chat.message").map(([m]) => m.$index)).toEqual([0, 1, 3, 2]);
    expect(named("chat.message")[3]?.[0]).toEqual(m2);

    // Poll 2 leaves a gap at $index 2, so poll 3 asks from after_index=1 again; poll 4 moves on.
    expect(messagePolls().slice(0, 5).map((r) => r.search)).toEqual([
      "?after_index=-1",
      "?after_index=1",
      "?after_index=1",
      "?after_index=3",
      "?after_index=3",
    ]);
    for (const r of messagePolls()) expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("emits cobrowse.request with the agent's $userId, and the other co-browse notifications", async () => {
    const request = message(0, { $userId: 7, type: "noti", event: "cobrowseRequestedFromAgent", content: undefined });
    const loaded = message(1, { $userType: "system", $userId: 0, type: "noti", event: "cobrowseLoaded", content: undefined });
    const ended = message(2, { $userType: "system", $userId: 0, type: "noti", event: "cobrowseEnded", content: undefined });
    const { client, named } = await startChat({ messages: [json([request]), json([loaded, ended]), json([])] });

    await vi.waitFor(() => expect(named("cobrowse.ended")).toHaveLength(1), WAIT);
    await vi.waitFor(() => expect(messagePolls().length).toBeGreaterThanOrEqual(4), WAIT);
    client.close();

    expect(named("cobrowse.request")).toEqual([["7"]]);
    expect(named("cobrowse.loaded")).toHaveLength(1);
    expect(named("cobrowse.ended")).toHaveLength(1);
    expect(named("chat.message")).toHaveLength(3);
  });
});

describe("participants", () => {
  it("emits join, typing and leave once each, and chat.updated only when the state changes", async () => {
    const queued = chatState();
    const me = queued.participants[0]!;
    const joined = chatState({ status: "assigned", status_text: "Connected with an agent", participants: [me, agent(false)] });
    const typing = chatState({ status: "assigned", status_text: "Connected with an agent", participants: [me, agent(true)] });
    const left = chatState({ status: "assigned", status_text: "Connected with an agent", participants: [me] });
    const states = [queued, joined, joined, typing, typing, joined, left].map(json);
    const { client, chat, named, log } = await startChat({ initial: queued, states });

    await vi.waitFor(() => expect(statePolls()).toBeGreaterThanOrEqual(states.length + 3), WAIT);
    client.close();

    expect(named("chat.memberJoined")).toEqual([["agent-7"]]);
    expect(named("chat.typingStarted")).toEqual([["agent-7"]]);
    expect(named("chat.typingEnded")).toEqual([["agent-7"]]);
    expect(named("chat.memberLeft")).toEqual([["agent-7"]]);
    // Changes: queued -> joined -> typing -> not typing -> left. The repeats change nothing.
    expect(named("chat.updated")).toHaveLength(4);
    expect(named("chat.updated").every(([c]) => c === chat)).toBe(true);
    const order = log.map((e) => e[0]).filter((n) => n.startsWith("chat.member") || n.startsWith("chat.typing"));
    expect(order).toEqual(["chat.memberJoined", "chat.typingStarted", "chat.typingEnded", "chat.memberLeft"]);
    expect(chat.state).toEqual(left);
    expect(chat.ongoing).toBe(true);
  });
});

describe("status", () => {
  it.each([
    ["dismissed", "chat.dismissed"],
    ["finished", "chat.ended"],
    ["canceled", "chat.ended"],
    ["timeout", "chat.timeout"],
  ] as const)("%s emits %s once, clears storage and stops polling", async (status, event) => {
    const terminal = chatState({ status, status_text: status, ended_at: "2024-05-14T15:20:11Z" });
    const { client, chat, storage, named } = await startChat({ states: [json(chatState()), json(chatState()), json(terminal)] });
    expect(await storage.getItem(STORAGE_KEY)).toBe(String(CHAT_ID));

    await vi.waitFor(() => expect(named(event)).toHaveLength(1), WAIT);
    const before = server().requests.length;
    await sleep(100);
    expect(server().requests.length).toBe(before);
    client.close();

    expect(statePolls()).toBe(3);
    expect(named(event)).toHaveLength(1);
    const others = (["chat.dismissed", "chat.ended", "chat.timeout"] as const).filter((e) => e !== event);
    for (const other of others) expect(named(other)).toHaveLength(0);
    expect(await storage.getItem(STORAGE_KEY)).toBeNull();
    expect(chat.state.status).toBe(status);
    expect(chat.ongoing).toBe(false);
    expect(named("chat.updated")).toHaveLength(1);
  });
});

describe("connectivity", () => {
  it("reports an outage once, recovers, and loses no message", async () => {
    const serverError: Behaviour = {
      status: 500,
      headers: { "x-should-retry": "false" },
      json: problem(500, "Internal Server Error", "An unexpected error occurred.", MESSAGES),
    };
    const m0 = message(0);
    // m1 and m2 were written during the outage.
    const [m1, m2] = [message(1, { $userType: "end_user", $userId: 42 }), message(2)];
    const { client, named, log } = await startChat({
      messages: [json([m0]), serverError, "reset", serverError, json([m1, m2]), json([])],
      extra: { maxRetries: 0 },
    });

    await vi.waitFor(() => expect(named("chat.message")).toHaveLength(3), WAIT);
    await vi.waitFor(() => expect(messagePolls().length).toBeGreaterThanOrEqual(7), WAIT);
    client.close();

    const connectivity = log.map((e) => e[0]).filter((n) => n === "chat.connected" || n === "chat.disconnected");
    expect(connectivity).toEqual(["chat.connected", "chat.disconnected", "chat.connected"]);
    const errors = named("error").map(([e]) => e as ParleyError);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toBeInstanceOf(InternalServerError);
    expect(errors[1]).toBeInstanceOf(ConnectionError);
    expect(errors[2]).toBeInstanceOf(InternalServerError);
    // Message events came in order, each once; the polls during and after the outage asked from $index 0.
    expect(named("chat.message").map(([m]) => m)).toEqual([m0, m1, m2] satisfies MessageResponse[]);
    expect(messagePolls().slice(0, 6).map((r) => r.search)).toEqual([
      "?after_index=-1",
      "?after_index=0",
      "?after_index=0",
      "?after_index=0",
      "?after_index=0",
      "?after_index=2",
    ]);
    // The error of each failed poll was reported before the reconnection.
    const reconnected = log.map((e) => e[0]).lastIndexOf("chat.connected");
    expect(log.slice(0, reconnected).filter((e) => e[0] === "error")).toHaveLength(3);
  });
});

describe("destroyChat", () => {
  it("sends DELETE, emits chat.destroyed, forgets the chat and stops polling", async () => {
    server().on("DELETE", CHAT, { status: 204 });
    const { client, storage, named } = await startChat();
    await vi.waitFor(() => expect(statePolls()).toBeGreaterThanOrEqual(2), WAIT);

    await client.destroyChat();

    const deleted = server().requestsTo("DELETE", CHAT);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(named("chat.destroyed")).toHaveLength(1);
    expect(client.chat).toBeNull();
    expect(await storage.getItem(STORAGE_KEY)).toBeNull();

    await sleep(20); // lets a poll that was already on the wire land before counting
    const before = server().requests.length;
    await sleep(100);
    expect(server().requests.length).toBe(before);
    client.close();
  });
});
