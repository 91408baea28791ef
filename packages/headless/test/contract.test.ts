// Every method of the SDK against Prism serving openapi/headless.yaml with --errors: a request the
// spec forbids is a 422 (the call rejects and the test fails), a response the SDK cannot read fails
// the test too.
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import {
  Chat,
  Client,
  PostSessionStatus,
  memoryStorage,
  pollingTransport,
  type ClientOptions,
  type MessageResponse,
  type ParleyError,
} from "../src/index.js";

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJpZGVudGlmaWVyIjoiNDIifQ.c2lnbmF0dXJl";
const clients: Client[] = [];

function makeClient(extra: Partial<ClientOptions> = {}) {
  const errors: ParleyError[] = [];
  const client = new Client({
    companyId: "acme-company-key",
    authenticate: async () => ({ token: JWT }),
    host: inject("prismOrigin"),
    lang: "en",
    transport: false,
    storage: memoryStorage(),
    pageUrl: () => "https://shop.acme.com/pricing/teams",
    ...extra,
  });
  client.on("error", (e) => errors.push(e));
  clients.push(client);
  return { client, errors };
}

async function withChat(extra: Partial<ClientOptions> = {}) {
  const made = makeClient(extra);
  const chat = await made.client.createChat(123, { lang: "en" });
  return { ...made, chat };
}

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  vi.useRealTimers();
});

describe("company and menus", () => {
  it("getTrigger returns the enabled trigger matching the page", async () => {
    const { client } = makeClient();
    const trigger = await client.getTrigger();
    expect(trigger?.id).toBe("trg_pricing");
  });

  it("getTrigger returns null when no trigger matches the page", async () => {
    const { client } = makeClient({ pageUrl: () => "https://shop.acme.com/about" });
    expect(await client.getTrigger()).toBeNull();
  });

  it("runTrigger calls back with the matched trigger after its delay", async () => {
    const { client } = makeClient();
    const cb = vi.fn();
    // The request runs on real timers; only the trigger's delay is faked, so load cannot stretch it.
    const getTrigger = vi.spyOn(client, "getTrigger");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const done = client.runTrigger(cb);
    await getTrigger.mock.results[0]?.value;
    await vi.advanceTimersByTimeAsync(14_999);
    expect(cb).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await done;
    expect(cb).toHaveBeenCalledTimes(1);
    expect(cb.mock.calls[0]?.[0]).toMatchObject({ id: "trg_pricing", delay_seconds: 15 });
  });

  it("getCompany", async () => {
    const { client } = makeClient();
    const company = await client.getCompany();
    expect(company).toMatchObject({ name: "Acme Corp", subdomain: "acme" });
    expect(company.languages[0]).toEqual({ code: "en", name: "English" });
  });

  it("getAfterHourMessage resolves the message string", async () => {
    const { client } = makeClient();
    const message: string = await client.getAfterHourMessage();
    expect(typeof message).toBe("string");
    expect(message.length).toBeGreaterThan(0);
    expect(await client.getAfterHourMessage("pt-BR")).toBe(message);
  });

  it("getMenus with a direct menu key", async () => {
    const { client } = makeClient();
    const data = await client.getMenus("direct_menu_key");
    expect(Array.isArray(data.menus)).toBe(true);
    expect(data.menus[0]).toMatchObject({ id: 123, enabled: true });
    expect(typeof data.direct.key).toBe("boolean");
  });

  it("getWaitTimes accepts number and string ids", async () => {
    const { client } = makeClient();
    const a = await client.getWaitTimes(123);
    const b = await client.getWaitTimes("123", "en");
    expect(typeof a.chat).toBe("number");
    expect(b).toEqual(a);
  });
});

describe("calls", () => {
  it("createCall, loadCall, cancelCall, getTimeSlots", async () => {
    const { client } = makeClient();
    const call = await client.createCall(123, { phone_number: "+12345678" });
    expect(call.menu_id).toBe(123);
    expect((await client.loadCall(call.id)).id).toBe(call.id);
    const cancelled = await client.cancelCall(1234);
    expect(typeof cancelled.status).toBe("string");
    const slots = await client.getTimeSlots(123);
    expect(slots.length).toBeGreaterThan(0);
    expect(Number.isNaN(Date.parse(slots[0]!))).toBe(false);
  });

  it("createCall sends every optional field the spec allows", async () => {
    const { client } = makeClient();
    const call = await client.createCall("123", {
      phone_number: "+1 (415) 555-0100",
      lang: "en",
      scheduled_at: "2026-11-22T15:00:00Z",
      ticket_id: "T-1",
      email: "jane@example.com",
      recording_permission: "recording_permission_granted",
      custom_data: { signed: JWT, unsigned: { plan: "pro", seats: 3 } },
    });
    expect(call.id).toBeGreaterThan(0);
  });
});

describe("chats", () => {
  it("createChat makes the chat current and remembers it; loadOngoingChat finds it", async () => {
    const storage = memoryStorage();
    const { client, chat } = await withChat({ storage });
    expect(chat).toBeInstanceOf(Chat);
    expect(client.chat).toBe(chat);
    expect(await storage.getItem("parley:headless:acme-company-key:chat")).toBe(String(chat.id));

    const { client: later } = makeClient({ storage });
    const ongoing: Chat[] = [];
    later.on("chat.ongoing", (c) => ongoing.push(c));
    const found = await later.loadOngoingChat();
    expect(found?.id).toBe(chat.id);
    expect(later.chat).toBe(found);
    expect(ongoing).toEqual([found]);
  });

  it("loadOngoingChat resolves null without a stored chat", async () => {
    const { client } = makeClient();
    expect(await client.loadOngoingChat()).toBeNull();
  });

  it("loadChat and resumeChat", async () => {
    const { client } = makeClient();
    const chat = await client.loadChat(8812);
    expect(chat.state).toMatchObject({ id: 8812, status: "assigned" });
    expect(client.chat).toBeNull();
    const resumed = await client.resumeChat("8812");
    expect(client.chat).toBe(resumed);
  });

  it("fetchMessages returns the messages, without error", async () => {
    const { client, errors } = await withChat();
    const messages = await client.fetchMessages();
    expect(messages.map((m) => m.$index)).toEqual([0, 1, 2]);
    expect(errors).toEqual([]);
  });

  it("sendTextMessage, sendPreviewMessage and chat.sendMessage", async () => {
    const { client, chat } = await withChat();
    await expect(client.sendTextMessage("hello world")).resolves.toBeUndefined();
    await expect(client.sendPreviewMessage("preview content")).resolves.toBeUndefined();
    await expect(client.sendPreviewMessage("")).resolves.toBeUndefined();
    const sent = await chat.sendMessage({ type: "noti", event: "formCompleted" });
    expect(typeof sent.id).toBe("number");
  });

  it("sendFileMessage uploads and resolves the message id", async () => {
    const { client, errors } = await withChat();
    const id = await client.sendFileMessage(new File([new Uint8Array([137, 80, 78, 71])], "receipt.png", { type: "image/png" }));
    expect(errors).toEqual([]);
    expect(id).toBeGreaterThan(0);
  });

  it("getChatDeflection, sendChatTranscripts, downloadChatTranscript, getPdfStatus", async () => {
    const { client } = await withChat();
    expect(typeof (await client.getChatDeflection()).threshold).toBe("number");
    await expect(client.sendChatTranscripts(["name1@example.com", "name2@example.com"])).resolves.toBeUndefined();
    const transcript = await client.downloadChatTranscript();
    expect(transcript.chat_transcript_id).toBeGreaterThan(0);
    const resp = await client.getPdfStatus(transcript.chat_transcript_id);
    expect(resp.headers["x-transcript-status"]).toBe("in_progress");
    expect(resp.data.status).toBe("in_progress");
  });

  it("getChatSurvey then sendChatSurvey with answers of every question type", async () => {
    const { client } = await withChat();
    const survey = await client.getChatSurvey();
    expect(survey.questions.map((q) => q.type)).toEqual(["csat", "star", "scale", "enumeration", "free-form"]);
    await expect(client.sendChatSurvey({ 101: "5", 102: 4, 103: 9, 104: "a", 105: "Great help" })).resolves.toBeUndefined();
  });

  it("sendChatRate, escalateChat, trackChatEscalation, trackChatEndUserEvent", async () => {
    const { client } = await withChat();
    await expect(client.sendChatRate({ rating: 5, feedback: "Very good service" })).resolves.toBeUndefined();
    await expect(client.escalateChat()).resolves.toBeUndefined();
    await expect(client.escalateChat({ reason: "Needs a specialist", priority: "high" })).resolves.toBeUndefined();
    await expect(client.trackChatEscalation(77, "voice_call")).resolves.toBeUndefined();
    await expect(client.trackChatEndUserEvent({ end_user_name: "Jane Doe", page: "/checkout" })).resolves.toBeUndefined();
  });

  it("getChatHistory", async () => {
    const { client } = makeClient();
    const data = await client.getChatHistory(1);
    expect(Array.isArray(data.chats)).toBe(true);
    expect(typeof data.pagination.per_page).toBe("number");
    expect(await client.getChatHistory()).toEqual(data);
  });

  it("getMessageAttachment downloads media and returns null for plain text", async () => {
    const { client } = await withChat();
    const withMedia = { ...(await client.fetchMessages())[0]!, media_id: 5531 } as MessageResponse;
    const file = await client.getMessageAttachment(withMedia);
    expect(file).toBeInstanceOf(File);
    expect(file?.name).toBe("receipt.png");
    const plain = { ...withMedia, media_id: undefined, document: undefined } as MessageResponse;
    expect(await client.getMessageAttachment(plain)).toBeNull();
  });

  it("updatePostSession", async () => {
    const { client } = await withChat();
    await expect(client.updatePostSession(PostSessionStatus.READY)).resolves.toBeUndefined();
  });

  it("finishChat ends the chat and forgets it", async () => {
    const storage = memoryStorage();
    const { client, chat } = await withChat({ storage });
    const ended = vi.fn();
    client.on("chat.ended", ended);
    await client.finishChat();
    expect(chat.state.status).toBe("finished");
    expect(ended).toHaveBeenCalledTimes(1);
    expect(await storage.getItem("parley:headless:acme-company-key:chat")).toBeNull();
  });

  it("destroyChat destroys the chat", async () => {
    const { client } = await withChat();
    const destroyed = vi.fn();
    client.on("chat.destroyed", destroyed);
    await client.destroyChat();
    expect(destroyed).toHaveBeenCalledTimes(1);
    expect(client.chat).toBeNull();
  });
});

describe("emails and co-browse", () => {
  it("createEmail sends the multipart form, files included", async () => {
    const { client } = makeClient();
    const email = await client.createEmail(123, {
      lang: "en",
      name: "User name",
      email: "name@example.com",
      content: "description of the question",
      files: [new File(["invoice"], "invoice.txt", { type: "text/plain" })],
    });
    expect(email).toMatchObject({ type: "email" });
    expect(typeof email.attachment_count).toBe("number");
  });

  it("getProhibitedFileTypes", async () => {
    const { client } = makeClient();
    const types = await client.getProhibitedFileTypes();
    expect(types[0]).toEqual({ extension: expect.any(String), description: expect.any(String) });
  });

  it("createCobrowseCode resolves the code without error", async () => {
    const { client, errors } = makeClient();
    expect(await client.createCobrowseCode()).toMatch(/^[0-9]{6}$/);
    expect(await client.createCobrowseCode("en", { ticket: "T-1" })).toMatch(/^[0-9]{6}$/);
    expect(errors).toEqual([]);
  });

  it("startCobrowse starts a session in the chat", async () => {
    const { client } = await withChat();
    const updated = vi.fn();
    client.on("cobrowse.updated", updated);
    await client.startCobrowse("agent-7");
    expect(updated).toHaveBeenCalledWith(expect.objectContaining({ id: expect.any(String), status: expect.any(String) }));
  });
});

describe("the polling transport against the mock", () => {
  it("delivers each message once although every poll returns them all, and emits the state change", async () => {
    const messages: MessageResponse[] = [];
    const joined: string[] = [];
    const { client } = makeClient({ transport: pollingTransport({ intervalMs: 10 }) });
    client.on("chat.message", (m) => messages.push(m));
    client.on("chat.memberJoined", (id) => joined.push(id));
    const connected = vi.fn();
    client.on("chat.connected", connected);
    await client.createChat(123, { lang: "en" });
    // Prism ignores after_index and answers all three messages on every poll: wait for several polls.
    await vi.waitFor(() => expect(connected).toHaveBeenCalled());
    const polled = () => messages.length;
    await vi.waitFor(async () => {
      await new Promise((r) => setTimeout(r, 50));
      expect(polled()).toBe(3);
    });
    expect(messages.map((m) => m.$sid)).toEqual([...new Set(messages.map((m) => m.$sid))]);
    expect(joined).toContain("agent-7");
    expect(client.chat?.state.status).toBe("assigned");
  });
});
