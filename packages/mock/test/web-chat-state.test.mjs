// The web-chat mock's state as plain functions: no socket, a fixed clock, counted ids and fixed
// random bytes, so every id and timestamp is known.
import { describe, expect, it } from "vitest";
import { AGENT_ID, SERVER_VERSION, webChatState } from "../src/realtime/web-chat-state.mjs";

function fresh() {
  let seq = 0;
  const clock = { ms: Date.parse("2026-01-01T00:00:00.000Z") };
  const state = webChatState({
    nextId: (prefix) => `${prefix}_${++seq}`,
    now: () => clock.ms,
    random: (size) => Buffer.alloc(size, 0xab),
  });
  return { state, clock };
}

describe("web-chat state: visitors", () => {
  it("seeds the account online with the scripted agent and no visitors", () => {
    const { state } = fresh();
    expect(state.account.status).toBe("online");
    expect(state.account.agents.map((a) => a.id)).toEqual([AGENT_ID]);
    expect(state.visitors.size).toBe(0);
  });

  it("connect without an id creates a visitor with a random v_ id, counts the visit and merges the identity", () => {
    const { state } = fresh();
    const { id, connected } = state.connect({ name: "Ana", lang: 7, variables: { plan: "pro" } });
    expect(id).toBe(`v_${"ab".repeat(6)}`);
    expect(connected).toEqual({
      serverVersion: SERVER_VERSION,
      visitor: { id, chatId: null, lang: "en", name: "Ana", email: null, phone: null, bannedAt: null, group: null, visits: 1, variables: { plan: "pro" } },
      browser: null,
      account: state.account,
    });
    expect(connected.chat).toBeUndefined();
    // The ack carries copies: changing it does not change the state.
    connected.account.status = "offline";
    connected.visitor.name = "changed";
    expect(state.account.status).toBe("online");
    expect(state.entry(id).visitor.name).toBe("Ana");
  });

  it("connect with a known id keeps the visitor, its visits unless given, and merges variables", () => {
    const { state } = fresh();
    const { id } = state.connect({ id: "v1", variables: { a: 1 } });
    expect(state.entry(id).visitor.visits).toBe(0);
    state.connect({ id: "v1", variables: { b: 2 }, email: "a@b.c" });
    expect(state.entry("v1").visitor).toMatchObject({ visits: 0, email: "a@b.c", variables: { a: 1, b: 2 } });
    state.connect({ id: "v1", visits: 9 });
    expect(state.entry("v1").visitor.visits).toBe(9);
    expect(state.visitors.size).toBe(1);
  });

  it("mergeIdentity returns only the fields that were set", () => {
    const { state } = fresh();
    state.connect({ id: "v1" });
    const { visitor } = state.entry("v1");
    expect(state.mergeIdentity(visitor, { name: "N", phone: undefined, unknown: 1 })).toEqual({ name: "N" });
    expect(state.mergeIdentity(visitor, undefined)).toEqual({});
  });

  it("entry and chatOf throw for an unknown visitor, chatOf also for one without a chat", () => {
    const { state } = fresh();
    expect(() => state.entry("nobody")).toThrow('Unknown visitor "nobody".');
    state.connect({ id: "v1" });
    expect(() => state.chatOf("v1")).toThrow('Visitor "v1" has no chat.');
  });

  it("setTyping keeps the last report, `is` true only when true", () => {
    const { state } = fresh();
    state.connect({ id: "v1" });
    state.setTyping(state.entry("v1"), { is: "yes", text: "hel" });
    expect(state.entry("v1").typing).toEqual({ is: false, text: "hel" });
    state.setTyping(state.entry("v1"), { is: true });
    expect(state.entry("v1").typing).toEqual({ is: true, text: null });
  });

  it("account status changes, and reset() goes back to the seed", () => {
    const { state } = fresh();
    state.setAccountStatus("offline");
    state.connect({ id: "v1" });
    expect(state.account.status).toBe("offline");
    state.reset();
    expect(state.account.status).toBe("online");
    expect(state.visitors.size).toBe(0);
  });
});

describe("web-chat state: chats and messages", () => {
  it("the first message opens a chat assigned to the agent; later ones join it", () => {
    const { state, clock } = fresh();
    state.connect({ id: "v1", group: "support" });
    const e = state.entry("v1");
    const first = state.addMessage(e, { subType: "contact", content: { type: "text", text: "hi" } });
    clock.ms += 1000;
    const second = state.addMessage(e, { subType: "contact", content: { type: "text", text: "again" } });
    expect(first).toMatchObject({ id: "m_2", type: "message", subType: "contact", chatId: "c_1", groupId: "support", visitorId: "v1", agentId: null, createdAt: "2026-01-01T00:00:00.000Z", attachments: [], responseTime: null });
    expect(second).toMatchObject({ id: "m_3", chatId: "c_1", createdAt: "2026-01-01T00:00:01.000Z" });
    expect(e.visitor.chatId).toBe("c_1");
    expect(state.chatOf("v1")).toMatchObject({ id: "c_1", assignedIds: [AGENT_ID], status: "open", rating: null, readInfo: null });
    expect(state.chatOf("v1").messages.map((m) => m.id)).toEqual(["m_2", "m_3"]);
  });

  it("closeChat closes it (undefined without one); the next message opens a new chat", () => {
    const { state } = fresh();
    state.connect({ id: "v1" });
    const e = state.entry("v1");
    expect(state.closeChat(e)).toBeUndefined();
    state.addMessage(e, { subType: "contact", content: { type: "text", text: "hi" } });
    expect(state.closeChat(e)).toBe("c_1");
    expect(e.chat.status).toBe("closed");
    const next = state.addMessage(e, { subType: "contact", content: { type: "text", text: "back" } });
    expect(next.chatId).toBe("c_3");
    expect(e.visitor.chatId).toBe("c_3");
  });

  it("agentMessage times the reply from the visitor's last message, in seconds", () => {
    const { state, clock } = fresh();
    state.connect({ id: "v1" });
    const unprompted = state.agentMessage("v1", "hello");
    expect(unprompted).toMatchObject({ subType: "agent", agentId: AGENT_ID, content: { type: "text", text: "hello" }, responseTime: null });
    state.addMessage(state.entry("v1"), { subType: "contact", content: { type: "text", text: "q" } });
    clock.ms += 4600;
    expect(state.agentMessage("v1", "a").responseTime).toBe(5);
    expect(() => state.agentMessage("nobody", "x")).toThrow('Unknown visitor "nobody".');
  });

  it("chatView counts the agent messages after the last read, and copies the messages", () => {
    const { state, clock } = fresh();
    state.connect({ id: "v1" });
    const e = state.entry("v1");
    expect(state.read(e, "v1")).toBeUndefined();
    state.agentMessage("v1", "one");
    clock.ms += 1000;
    state.agentMessage("v1", "two");
    expect(state.chatView(e.chat).unreadInfo).toEqual({ count: 2 });
    expect(state.read(e, "v1")).toEqual({ chatId: "c_1", lastReadAt: "2026-01-01T00:00:01.000Z", byId: "v1" });
    expect(e.chat.readInfo).toEqual({ lastReadAt: "2026-01-01T00:00:01.000Z", byId: "v1" });
    clock.ms += 1000;
    state.agentMessage("v1", "three");
    state.addMessage(e, { subType: "contact", content: { type: "text", text: "mine" } });
    const view = state.chatView(e.chat);
    expect(view.unreadInfo).toEqual({ count: 1 });
    view.messages[0].content.text = "changed";
    expect(e.chat.messages[0].content.text).toBe("one");
  });

  it("rateForm adds a rate form; rate stores the rating only against that form", () => {
    const { state } = fresh();
    state.connect({ id: "v1" });
    const e = state.entry("v1");
    expect(state.rateForm(e)).toBeUndefined();
    state.addMessage(e, { subType: "contact", content: { type: "text", text: "hi" } });
    const form = state.rateForm(e);
    expect(form).toMatchObject({ type: "event", subType: "system", content: { type: "rate_form", data: {} } });
    expect(state.rate(e, { messageId: "m_2", value: 5 })).toBeUndefined(); // a text message, not the form
    expect(state.rate(e, { messageId: form.id, value: 4 })).toEqual({ value: 4, text: null });
    expect(state.rate(e, { messageId: form.id, text: "ok" })).toEqual({ text: "ok" });
    expect(e.chat.rating).toEqual({ text: "ok" });
  });
});

describe("web-chat state: uploads", () => {
  const file = { name: "a b.png", type: "image/png", bytes: Buffer.from([1, 2, 3]) };

  it("a token is issued, receives one file, and finishing it posts an upload message once", () => {
    const { state } = fresh();
    state.connect({ id: "v1" });
    const e = state.entry("v1");
    const token = state.openUpload("v1");
    expect(token).toBe(`upl_${Buffer.alloc(12, 0xab).toString("base64url")}`);
    expect(state.hasUpload(token)).toBe(true);
    expect(state.finishUpload(e, token, "http://h/files")).toBeUndefined(); // no file yet
    expect(state.receiveFile(token, file)).toBe(true);
    expect(state.uploads).toEqual([{ token, visitorId: "v1", name: "a b.png", size: 3, type: "image/png" }]);
    const message = state.finishUpload(e, token, "http://h/files");
    expect(message).toMatchObject({
      subType: "contact",
      content: { type: "upload", text: "a b.png", data: { uploadToken: token } },
      attachments: [{ id: "att_1", name: "a b.png", type: "image/png", size: 3, url: "http://h/files/att_1/a%20b.png" }],
    });
    expect(state.file("att_1")).toEqual(file);
    expect(state.hasUpload(token)).toBe(false);
    expect(state.finishUpload(e, token, "http://h/files")).toBeUndefined();
  });

  it("unknown tokens are refused, and another visitor cannot finish an upload", () => {
    const { state } = fresh();
    state.connect({ id: "v1" });
    state.connect({ id: "v2" });
    expect(state.hasUpload(null)).toBe(false);
    expect(state.receiveFile("upl_nope", file)).toBe(false);
    expect(state.uploads).toEqual([]);
    const token = state.openUpload("v1");
    state.receiveFile(token, file);
    expect(state.finishUpload(state.entry("v2"), token, "http://h/files")).toBeUndefined();
    expect(state.finishUpload(state.entry("v1"), token, "http://h/files")).toBeDefined();
  });

  it("reset() forgets tokens, files and upload records", () => {
    const { state } = fresh();
    state.connect({ id: "v1" });
    const token = state.openUpload("v1");
    state.receiveFile(token, file);
    state.finishUpload(state.entry("v1"), token, "http://h/files");
    state.reset();
    expect(state.uploads).toEqual([]);
    expect(state.file("att_1")).toBeUndefined();
    expect(state.hasUpload(token)).toBe(false);
  });
});
