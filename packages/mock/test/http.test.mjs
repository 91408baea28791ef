// The HTTP mocks as a user's test meets them: state the SDKs' promises need, faults by operationId,
// every request recorded (credentials redacted), every spec violation listed, reset() to the seed.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startMock } from "../src/index.mjs";

const AUTH = { authorization: "Bearer secret-token-123", "content-type": "application/json" };
let headless;
let agent;

beforeAll(async () => {
  headless = await startMock("headless");
  agent = await startMock("agent-api", { delayMs: 0 });
});
afterAll(async () => {
  await Promise.all([headless?.close(), agent?.close()]);
});
beforeEach(() => {
  headless.reset();
  agent.reset();
});

const call = (mock, path, init = {}) => fetch(`${mock.url}${path}`, { ...init, headers: { ...AUTH, ...init.headers } });
const json = async (response) => ({ status: response.status, body: await response.json() });

describe("headless state", () => {
  async function createChat() {
    return (await json(await call(headless, "/menus/123/chats", { method: "POST", body: JSON.stringify({ lang: "en" }) }))).body;
  }

  it("a sent message appears in fetchMessages, after the example's, with the next $index", async () => {
    const chat = await createChat();
    const before = (await json(await call(headless, `/chats/${chat.id}/messages`))).body;
    const sent = await json(await call(headless, `/chats/${chat.id}/messages`, { method: "POST", body: JSON.stringify({ type: "text", content: "hello world" }) }));
    expect(sent.status).toBe(201);
    expect(sent.body.$index).toBe(before.length);
    const after = (await json(await call(headless, `/chats/${chat.id}/messages?after_index=${before.length - 1}`))).body;
    expect(after).toEqual([expect.objectContaining({ $index: before.length, $sid: sent.body.$sid, $userType: "end_user", type: "text", content: "hello world" })]);
    expect(headless.messages(chat.id).at(-1).content).toBe("hello world");
    expect(headless.violations).toEqual([]);
  });

  it("an uploaded file downloads with the same bytes, name and type", async () => {
    const chat = await createChat();
    const form = new FormData();
    form.append("file", new File([new Uint8Array([137, 80, 78, 71, 1, 2, 3])], "receipt.png", { type: "image/png" }));
    const uploaded = await json(await fetch(`${headless.url}/chats/${chat.id}/media`, { method: "POST", headers: { authorization: AUTH.authorization }, body: form }));
    expect(uploaded).toMatchObject({ status: 201, body: { type: "photo", content_type: "image/png", size: 7 } });
    const download = await call(headless, `/chats/${chat.id}/media/${uploaded.body.id}`);
    expect(download.headers.get("content-type")).toBe("image/png");
    expect(download.headers.get("content-disposition")).toBe("attachment; filename=receipt.png") // RFC 6266: a token needs no quotes;
    expect([...new Uint8Array(await download.arrayBuffer())]).toEqual([137, 80, 78, 71, 1, 2, 3]);
    expect(headless.violations).toEqual([]);
  });

  it("a text file with a name outside Latin-1 downloads under its own name and type, with no violation", async () => {
    const chat = await createChat();
    const form = new FormData();
    form.append("file", new File(["hello"], "文件.txt", { type: "text/plain" }));
    const uploaded = await json(await fetch(`${headless.url}/chats/${chat.id}/media`, { method: "POST", headers: { authorization: AUTH.authorization }, body: form }));
    expect(uploaded.status).toBe(201);
    const download = await call(headless, `/chats/${chat.id}/media/${uploaded.body.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("text/plain");
    expect(download.headers.get("content-disposition")).toContain("filename*=UTF-8''%E6%96%87%E4%BB%B6.txt");
    expect(await download.text()).toBe("hello");
    expect(headless.violations).toEqual([]);
  });

  it("a chat moves through its states: queued, assigned, finished; destroyed is gone", async () => {
    const chat = await createChat();
    expect(chat.status).toBe("queued");
    expect((await json(await call(headless, `/chats/${chat.id}`))).body.status).toBe("assigned");
    expect((await call(headless, `/chats/${chat.id}/finish`, { method: "POST" })).status).toBe(204);
    expect((await json(await call(headless, `/chats/${chat.id}`))).body).toMatchObject({ id: chat.id, status: "finished", ended_at: expect.any(String) });
    expect((await call(headless, `/chats/${chat.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await call(headless, `/chats/${chat.id}`)).status).toBe(404);
    expect(headless.violations).toEqual([]);
  });

  const history = async (page = 1) => (await json(await call(headless, `/chat_history?page=${page}`))).body;

  it("a sent message appears in getChatHistory once its chat is finished: that chat first, with its messages, then the example's", async () => {
    const seed = await history();
    const chat = await createChat();
    await call(headless, `/chats/${chat.id}`); // assigned
    await call(headless, `/chats/${chat.id}/messages`, { method: "POST", body: JSON.stringify({ type: "text", content: "where is my parcel?" }) });
    expect(await history()).toEqual(seed); // not a past chat yet
    await call(headless, `/chats/${chat.id}/finish`, { method: "POST" });
    const page = await history();
    expect(page.chats.map((c) => c.comm_id)).toEqual([chat.id, ...seed.chats.map((c) => c.comm_id)]);
    expect(page.chats[0]).toMatchObject({ comm_id: chat.id, assigned_at: expect.any(String) });
    expect(page.chats[0].entries).toEqual(headless.messages(chat.id));
    expect(page.chats[0].entries.at(-1)).toMatchObject({ $userType: "end_user", content: "where is my parcel?" });
    expect(headless.violations).toEqual([]);
  });

  it("history pages hold per_page chats, the last finished first; next_page is page + 1 and an empty page ends it", async () => {
    const { pagination, chats: seedChats } = await history();
    const created = [];
    for (let i = 0; i < pagination.per_page; i++) {
      created.push((await createChat()).id);
      await call(headless, `/chats/${created[i]}/finish`, { method: "POST" });
    }
    const first = await history(1);
    expect(first.chats.map((c) => c.comm_id)).toEqual([...created].reverse());
    expect(first.pagination).toEqual({ next_page: 2, per_page: pagination.per_page });
    const second = await history(first.pagination.next_page);
    expect(second.chats.map((c) => c.comm_id)).toEqual(seedChats.map((c) => c.comm_id));
    expect((await history(second.pagination.next_page)).chats).toEqual([]);
    await call(headless, `/chats/${created[0]}`, { method: "DELETE" });
    expect((await history(1)).chats.map((c) => c.comm_id)).not.toContain(created[0]);
    expect(headless.violations).toEqual([]);
  });

  const createCall = async (body) => json(await call(headless, "/menus/123/calls", { method: "POST", body: JSON.stringify(body) }));
  const loadCall = async (id) => (await json(await call(headless, `/calls/${id}`))).body;
  const cancelCall = async (id) => json(await call(headless, `/calls/${id}/cancel`, { method: "POST" }));

  it("an instant call is queued, then connected, then finished, one loadCall at a time; a connected call cannot be cancelled", async () => {
    const created = await createCall({ phone_number: "+14155550123", lang: "en", recording_permission: "recording_permission_granted" });
    expect(created).toMatchObject({ status: 201, body: { status: "queued", type: "instant", menu_id: 123, lang: "en", recording_permitted: true, menus: [{ id: 123, name: "Billing" }] } });
    const { id } = created.body;
    expect(await loadCall(id)).toMatchObject({ id, status: "connected" });
    expect(await cancelCall(id)).toMatchObject({ status: 409, body: { status: 409, detail: `Call ${id} is connected and cannot be cancelled.` } });
    expect(await loadCall(id)).toMatchObject({ id, status: "finished" });
    expect(await loadCall(id)).toMatchObject({ id, status: "finished" });
    expect(headless.call(id)).toMatchObject({ id, status: "finished" });
    expect(headless.violations).toEqual([]);
  });

  it("a scheduled call stays scheduled until cancelled; loadCall reads it back cancelled; a second cancel is a 409", async () => {
    const created = await createCall({ phone_number: "+14155550123", scheduled_at: "2999-05-15T16:00:00Z" });
    expect(created.body).toMatchObject({ status: "scheduled", type: "scheduled", scheduled_at: "2999-05-15T16:00:00Z", recording_permitted: false });
    const { id } = created.body;
    expect(await loadCall(id)).toMatchObject({ id, status: "scheduled" });
    expect(await cancelCall(id)).toMatchObject({ status: 200, body: { id, status: "cancelled" } });
    expect(await loadCall(id)).toMatchObject({ id, status: "cancelled" });
    expect((await cancelCall(id)).status).toBe(409);
    expect(headless.violations).toEqual([]);
  });

  it("a scheduled call whose time has passed is connected on the next loadCall", async () => {
    const { body } = await createCall({ phone_number: "+14155550123", scheduled_at: "2000-01-01T09:00:00Z" });
    expect(body.status).toBe("scheduled");
    expect(await loadCall(body.id)).toMatchObject({ status: "connected" });
    expect(headless.violations).toEqual([]);
  });

  it("ids are unique across restarts of the mock", async () => {
    const first = await createChat();
    const again = await startMock("headless");
    try {
      const response = await fetch(`${again.url}/menus/123/chats`, { method: "POST", headers: AUTH, body: JSON.stringify({ lang: "en" }) });
      expect((await response.json()).id).not.toBe(first.id);
    } finally {
      await again.close();
    }
  });

  it("reset() returns to the seed data and clears the records", async () => {
    const chat = await createChat();
    await call(headless, `/chats/${chat.id}/messages`, { method: "POST", body: JSON.stringify({ type: "text", content: "x" }) });
    await call(headless, `/chats/${chat.id}/finish`, { method: "POST" });
    headless.reset();
    expect(headless.requests).toEqual([]);
    expect(headless.chat(chat.id)).toBeUndefined();
    expect(headless.messages(chat.id).map((m) => m.content)).not.toContain("x");
    expect((await history()).chats.map((c) => c.comm_id)).not.toContain(chat.id);
  });

  it("reset() forgets the calls", async () => {
    const { body } = await createCall({ phone_number: "+14155550123" });
    headless.reset();
    expect(headless.call(body.id)).toBeUndefined();
    expect(await loadCall(body.id)).not.toMatchObject({ id: body.id }); // the spec's example again
  });
});

describe("faults by operationId", () => {
  it("the next call answers the forced status with the spec's problem example and headers; the one after is normal", async () => {
    headless.fault("getMenus", { status: 429, retryAfter: 2 });
    const forced = await call(headless, "/menus");
    expect(forced.status).toBe(429);
    expect(forced.headers.get("retry-after")).toBe("2");
    expect(await forced.json()).toMatchObject({ status: 429, title: "Too Many Requests", instance: "/api/v2/menus" });
    expect((await call(headless, "/menus")).status).toBe(200);
  });

  it("`times` repeats it, a given body and headers are sent as they are", async () => {
    headless.fault("getCompany", { status: 503, body: { custom: true }, headers: { "x-test": "1" }, times: 2 });
    for (let i = 0; i < 2; i++) {
      const response = await call(headless, "/company");
      expect([response.status, response.headers.get("x-test"), await response.json()]).toEqual([503, "1", { custom: true }]);
    }
    expect((await call(headless, "/company")).status).toBe(200);
  });

  it("reset drops the connection; stall never answers until the client gives up", async () => {
    headless.fault("getCompany", { reset: true });
    await expect(call(headless, "/company")).rejects.toThrow();
    headless.fault("getCompany", { stall: true });
    const controller = new AbortController();
    const pending = call(headless, "/company", { signal: controller.signal });
    await expect.poll(() => headless.requests.filter((r) => r.operationId === "getCompany").length).toBe(2);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    expect((await call(headless, "/company")).status).toBe(200);
  });

  it("`params` limits a fault to calls with those path parameters", async () => {
    headless.fault("loadChat", { status: 404, params: { chatId: 77 } });
    expect((await call(headless, "/chats/8812")).status).toBe(200);
    expect((await call(headless, "/chats/77")).status).toBe(404);
  });

  it("an unknown operationId or key is a TypeError naming it", () => {
    expect(() => headless.fault("getMenu", { status: 429 })).toThrow(/getMenu.*known: .*getMenus/);
    // An SDK method's name (x-parley-method in the spec) gets the operationId(s) it sends.
    expect(() => headless.fault("sendTextMessage", { status: 500 })).toThrow(/^fault\("sendTextMessage"\): sendTextMessage is an SDK method; faults take the operationId it sends: "sendMessage" \(known: /);
    expect(() => headless.fault("sendFileMessage", { status: 500 })).toThrow(/sendFileMessage is an SDK method; faults take the operationId it sends: "(sendMessage" or "uploadChatMedia|uploadChatMedia" or "sendMessage)" /);
    expect(() => headless.fault("loadOngoingChat", { status: 500 })).toThrow(/operationId it sends: "loadChat"/);
    expect(() => headless.fault("getMenus", { staus: 429 })).toThrow(/unknown key "staus"/);
    expect(() => headless.fault("getMenus", { status: 42 })).toThrow(/status must be an integer from 200 to 599/);
    expect(() => headless.fault("getMenus", { status: 101 })).toThrow(/status must be an integer from 200 to 599/);
    expect(() => headless.fault("getMenus", { body: { a: 1 } })).toThrow(/body needs a status/);
    expect(() => headless.fault("getMenus", { retryAfter: 1 })).toThrow(/retryAfter needs a status/);
    expect(() => headless.fault("getMenus", { stall: "yes" })).toThrow(/stall must be true or false/);
    expect(() => headless.fault("getMenus", { reset: "false" })).toThrow(/reset must be true or false/);
    expect(() => headless.fault("getMenus", { cutAfter: 1 })).toThrow(/cutAfter is a stream fault; getMenus does not stream/);
    expect(() => headless.fault("getMenus", { status: 500, headers: { "bad name": "x" } })).toThrow(/headers: /);
    expect(() => headless.fault("getMenus", { status: 500, headers: { "x-a": "1\r\nx-b: 2" } })).toThrow(/headers: /);
    expect(() => headless.fault("getMenus", { status: 204, body: "no" })).toThrow(/a 204 has no body/);
    expect(() => headless.fault("loadChat", { status: 500, params: { nope: 1 } })).toThrow(/params.nope is not a path parameter of loadChat \(chatId\)/);
  });

  it("another process queues one through POST /__mock/faults/{operationId}", async () => {
    const origin = new URL(headless.url).origin;
    expect((await fetch(`${origin}/__mock/faults/getMenus`, { method: "POST", body: JSON.stringify({ status: 500 }) })).status).toBe(204);
    expect((await call(headless, "/menus")).status).toBe(500);
    const refused = await fetch(`${origin}/__mock/faults/nope`, { method: "POST", body: "{}" });
    expect(refused.status).toBe(400);
    expect((await refused.json()).detail).toMatch(/no such operationId/);
    const method = await fetch(`${origin}/__mock/faults/sendTextMessage`, { method: "POST", body: "{}" });
    expect(method.status).toBe(400);
    expect((await method.json()).detail).toMatch(/sendTextMessage is an SDK method; faults take the operationId it sends: "sendMessage"/);
  });

  it("agent-api streaming: cut after 3 tokens, 429 before the first byte, stall after 2", async () => {
    const stream = (id) => call(agent, `/conversation/stream/${id}`, { method: "POST", body: JSON.stringify({ text: "Olá" }) });
    agent.fault("chat.stream", { cutAfter: 3, params: { idConversation: "c1" } });
    const cut = await stream("c1");
    expect(cut.status).toBe(200);
    await expect(cut.text()).rejects.toThrow();
    agent.fault("chat.stream", { status: 429, retryAfter: 1 });
    const limited = await stream("c2");
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "1"]);
    agent.fault("chat.stream", { stallAfter: 2 });
    const controller = new AbortController();
    const stalled = await call(agent, "/conversation/stream/c3", { method: "POST", body: JSON.stringify({ text: "Olá" }), signal: controller.signal });
    const reader = stalled.body.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
  });
});

describe("startMock", () => {
  it("refuses an unknown API and a host off the loopback with a TypeError, before starting anything", async () => {
    await expect(startMock("headles")).rejects.toThrow(/unknown API "headles" \(known: headless, agent-api, web-chat, conversation\)/);
    await expect(startMock("headless", { host: "0.0.0.0" })).rejects.toThrow(/options\.host must be a loopback address/);
    await expect(startMock("headless", { port: -1 })).rejects.toThrow(/options\.port must be an integer from 0 to 65535/);
  });

  it("refuses an option the API's mock does not take, or one of the wrong type, with a TypeError", async () => {
    await expect(startMock("headless", { prot: 1 })).rejects.toThrow(/unknown option "prot" for headless \(known: port, host, docsUrl\)/);
    await expect(startMock("headless", { delayMs: 5 })).rejects.toThrow(/unknown option "delayMs" for headless/);
    await expect(startMock("conversation", { token: 5 })).rejects.toThrow(/options\.token must be a string, got 5/);
    await expect(startMock("agent-api", { docsUrl: 5 })).rejects.toThrow(/options\.docsUrl must be a string/);
    await expect(startMock("web-chat", { pingInterval: -1 })).rejects.toThrow(/options\.pingInterval must be a positive integer/);
    await expect(startMock("web-chat", { pingInterval: "x" })).rejects.toThrow(/options\.pingInterval must be a positive integer/);
  });
});

describe("requests and violations", () => {
  it("records every request with its operationId, and never the credentials", async () => {
    await call(headless, "/menus?key=direct");
    expect(headless.requests).toEqual([
      expect.objectContaining({ operationId: "getMenus", method: "GET", path: "/api/v2/menus", query: { key: "direct" }, headers: expect.objectContaining({ authorization: "Bearer [redacted]" }) }),
    ]);
    expect(JSON.stringify(headless.requests)).not.toContain("secret-token-123");
  });

  it("answers a body that is no JSON with the spec's 400 problem, and records only the request as a violation", async () => {
    const response = await call(headless, "/chats/8812/messages", { method: "POST", body: "{bad" });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 400, detail: "The request body is not valid JSON." });
    expect(headless.violations).toEqual([expect.objectContaining({ direction: "in", operationId: "sendMessage", errors: [expect.objectContaining({ path: "body", message: "is not valid JSON" })] })]);
  });

  it("lists a request that breaks the spec: body, query, security, unknown path", async () => {
    const chat = 8812;
    await call(headless, `/chats/${chat}/messages`, { method: "POST", body: JSON.stringify({ type: "text", content: 42 }) });
    await call(headless, `/chats/${chat}/messages?after_index=-5`);
    await fetch(`${headless.url}/company`);
    await call(headless, "/nowhere");
    expect(headless.violations.map((v) => [v.direction, v.operationId, v.errors[0].path])).toEqual([
      ["in", "sendMessage", expect.stringMatching(/^body/)],
      ["in", "fetchMessages", "query.after_index"],
      ["in", "getCompany", "header.authorization"],
      ["in", null, "path"],
    ]);
  });

  it("agent-api: the conversation pages keep to the spec and agree with `total`; a wrong cursor is a 400", async () => {
    const ids = [];
    let query = "currentPage=0";
    for (let page = 0; page < 10; page++) {
      const { status, body } = await json(await call(agent, `/conversation?${query}`));
      expect(status).toBe(200);
      expect(body.currentPage).toBe(page + 1);
      ids.push(...body.conversations.map((c) => c.id));
      if (!body.cursor) {
        expect(body.currentPage).toBe(body.totalPages);
        break;
      }
      query = `currentPage=${body.currentPage}&cursor=${body.cursor}`;
    }
    expect(new Set(ids).size).toBe(ids.length);
    const first = (await json(await call(agent, "/conversation"))).body;
    expect(ids).toHaveLength(first.total);
    expect((await call(agent, "/conversation?currentPage=1&cursor=bogus")).status).toBe(400);
    expect(agent.violations).toEqual([]);
  });
});
