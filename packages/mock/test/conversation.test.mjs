// The conversation mock through a raw `ws` client: the envelopes, the state it keeps and pushes,
// the upload endpoint, and its own validation (violations recorded, 400 answered). The dialect is
// node-agent-sdk 1.2.0's on `?v=2.1` (tools/interop runs that client against this mock).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { TYPES, startConversationMock } from "../src/realtime/conversation.mjs";

let mock;
const clients = [];

beforeEach(async () => {
  mock = await startConversationMock();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.ws.terminate();
  await mock.close();
});

/** A raw client: `request` resolves the response; `next(type)` the next notification of `type`. */
async function client({ token = "test-token", accountId = "12345678", version = "2.1" } = {}) {
  const ws = new WebSocket(`${mock.url}/ws_api/account/${accountId}/messaging/brand/${token}?v=${version}`);
  const frames = [];
  const waiters = [];
  let id = 0;
  ws.on("message", (data) => {
    const frame = JSON.parse(String(data));
    frames.push(frame);
    for (const w of [...waiters]) {
      if (w.match(frame)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(frame);
      }
    }
  });
  const closed = new Promise((resolve) => ws.on("close", (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const wait = (match) => {
    const seen = frames.find((f) => match(f) && !f.__taken);
    if (seen) {
      seen.__taken = true;
      return Promise.resolve(seen);
    }
    return new Promise((resolve) =>
      waiters.push({
        match,
        resolve: (f) => {
          f.__taken = true;
          resolve(f);
        },
      }),
    );
  };
  const c = {
    ws,
    frames,
    closed,
    sendRaw: (envelope) => ws.send(JSON.stringify(envelope)),
    request(type, body) {
      const reqId = String(++id);
      ws.send(JSON.stringify({ kind: "req", id: reqId, type, body }));
      return wait((f) => f.kind === "resp" && f.reqId === reqId);
    },
    next: (type) => wait((f) => f.kind === "notification" && f.type === type),
  };
  clients.push(c);
  return c;
}

const STATE = ".ams.aam.ExConversationChangeNotification";

/**
 * v2 conversationDetails back into the stored shape: participants as [{id, role}].
 * @returns {any}
 */
function fromWire({ convId: _convId, participantsPId, participants, ...rest }) {
  expect(participantsPId).toEqual(participants);
  return { ...rest, participants: Object.entries(participants).flatMap(([role, ids]) => ids.map((id) => ({ id, role }))) };
}

async function subscribed() {
  const c = await client();
  const resp = await c.request(".ams.aam.SubscribeExConversations", { convState: ["OPEN"] });
  const first = await c.next(STATE);
  return { c, resp, first };
}

async function update(c, ...conversationField) {
  const resp = await c.request(".ams.cm.UpdateConversationField", { conversationId: "conv-1", conversationField });
  expect(resp.code, JSON.stringify(resp.body)).toBe(200);
  expect(resp.type).toBe(".ams.cm.UpdateConversationField$Response");
  const note = await c.next(STATE);
  return fromWire(note.body.changes[0].result.conversationDetails);
}

describe("conversation mock", () => {
  it("answers a subscription and pushes the current state of the matching conversations", async () => {
    const { resp, first } = await subscribed();
    expect(TYPES.subscribe).toBe(".ams.aam.SubscribeExConversations");
    expect(resp).toMatchObject({ kind: "resp", code: 200, type: ".ams.aam.SubscribeExConversations$Response" });
    expect(typeof resp.body.subscriptionId).toBe("string");
    expect(first.body.subscriptionId).toBe(resp.body.subscriptionId);
    expect(first.body.changes).toHaveLength(1);
    const [change] = first.body.changes;
    expect(change.type).toBe("UPSERT");
    expect(change.result.convId).toBe("conv-1");
    const d = change.result.conversationDetails;
    // v2: participants (and participantsPId) map role -> [ids]; unread counts on the result.
    expect(d.participants).toEqual({ CONSUMER: ["c-1"], ASSIGNED_AGENT: ["12345678.a-1"] });
    expect(d.participantsPId).toEqual(d.participants);
    expect(d.convId).toBe("conv-1");
    expect(change.result.numberOfunreadMessages).toEqual({ "c-1": 0, "12345678.a-1": 2 });
    expect(d.numberOfunreadMessages).toBeUndefined();
    expect(change.result.lastUpdateTime).toBe(d.metaDataLastUpdateTs);
    expect(d).toMatchObject({ state: "OPEN", skillId: "s-1", groupId: "g-1", ttr: { ttrType: "NORMAL", value: 3600 } });
    expect(d.dialogs[0]).toMatchObject({ dialogId: "dlg-1", dialogType: "MAIN", state: "OPEN" });
    expect(d.dialogs[0].participantsDetails).toEqual([
      { id: "c-1", role: "CONSUMER", state: "ACTIVE" },
      { id: "12345678.a-1", role: "ASSIGNED_AGENT", state: "ACTIVE" },
    ]);
    expect(mock.violations).toEqual([]);
  });

  it("pushes nothing for a subscription to other states", async () => {
    const c = await client();
    await c.request(".ams.aam.SubscribeExConversations", { convState: ["CLOSE"] });
    const n = await c.next(STATE);
    expect(n.body.changes).toEqual([]);
  });

  it("applies every conversation field, bumps metaDataLastUpdateTs and pushes the state", async () => {
    const { c, first } = await subscribed();
    let ts = first.body.changes[0].result.conversationDetails.metaDataLastUpdateTs;
    const { numberOfunreadMessages } = mock.conversations.get("conv-1");
    const step = async (...fields) => {
      const d = await update(c, ...fields);
      expect(d.metaDataLastUpdateTs).toBeGreaterThan(ts);
      ts = d.metaDataLastUpdateTs;
      expect(mock.conversations.get("conv-1")).toEqual({ ...d, numberOfunreadMessages });
      return d;
    };
    let d = await step({ field: "ParticipantsChange", type: "ADD", role: "MANAGER" });
    expect(d.dialogs[0].participantsDetails).toContainEqual({ id: "12345678.a-1", role: "MANAGER", state: "ACTIVE" });
    expect(d.participants).toContainEqual({ id: "12345678.a-1", role: "MANAGER" });
    d = await step(
      { field: "ParticipantsChange", type: "REMOVE", userId: "12345678.a-1", role: "ASSIGNED_AGENT" },
      { field: "ParticipantsChange", type: "SUGGEST", userId: "12345678.a-2", role: "ASSIGNED_AGENT" },
      { field: "Skill", type: "UPDATE", skill: "s-2" },
    );
    expect(d.skillId).toBe("s-2");
    expect(d.participants).not.toContainEqual({ id: "12345678.a-1", role: "ASSIGNED_AGENT" });
    expect(d.dialogs[0].participantsDetails).toContainEqual({ id: "12345678.a-2", role: "ASSIGNED_AGENT", state: "SUGGESTED" });
    d = await step({ field: "TTRField", ttrType: "CUSTOM", value: 600 });
    expect(d.ttr).toEqual({ ttrType: "CUSTOM", value: 600 });
    d = await step({ field: "ManualETTR", time: 1_900_000_000_000 });
    expect(d.manualETTR).toBe(1_900_000_000_000);
    d = await step({ field: "CSATRate", csatRate: 4, csatResolutionConfirmation: true, status: "FILLED" });
    expect(d.csat).toEqual({ csatRate: 4, csatResolutionConfirmation: true, status: "FILLED" });
    d = await step({ field: "Note", note: "hello" });
    expect(d.note).toBe("hello");
    d = await step({ field: "DialogChange", type: "UPDATE", dialog: { dialogId: "dlg-1", state: "CLOSE" } });
    expect(d.dialogs[0].state).toBe("CLOSE");
    d = await step({ field: "ConversationStateField", conversationState: "CLOSE" });
    expect(d).toMatchObject({ state: "CLOSE", closeReason: "AGENT" });
    expect(mock.violations).toEqual([]);
  });

  it("refuses a note on a LOCKED conversation", async () => {
    const { c } = await subscribed();
    mock.setState("conv-1", { state: "LOCKED" });
    await c.next(STATE);
    const resp = await c.request(".ams.cm.UpdateConversationField", { conversationId: "conv-1", conversationField: [{ field: "Note", note: "x" }] });
    expect(resp.code).toBe(400);
    expect(resp.body.msg).toMatch(/LOCKED/);
    expect(mock.conversations.get("conv-1").note).toBe("");
    expect(mock.violations).toEqual([]);
  });

  it("numbers published events per dialog from 0 and distributes each in its own notification", async () => {
    const { c } = await subscribed();
    for (let i = 0; i < 3; i++) {
      const resp = await c.request(".ams.ms.PublishEvent", { dialogId: "dlg-1", event: { type: "ContentEvent", contentType: "text/plain", message: `m${i}` } });
      expect(resp).toMatchObject({ code: 200, type: ".ams.ms.PublishEvent$Response", body: { sequence: i } });
      const n = await c.next(".ams.ms.OnlineEventDistribution");
      expect(n.body).toMatchObject({ sequence: i, originatorId: "12345678.a-1", originatorPId: "12345678.a-1", dialogId: "dlg-1", event: { message: `m${i}` } });
      expect(typeof n.body.serverTimestamp).toBe("number");
    }
    expect(mock.events("dlg-1").map((e) => e.sequence)).toEqual([0, 1, 2]);
    expect(mock.violations).toEqual([]);
  });

  it("filters QueryMessages by sequence and quantity", async () => {
    const c = await client();
    for (let i = 0; i < 6; i++) await c.request(".ams.ms.PublishEvent", { dialogId: "dlg-1", event: { type: "ContentEvent", contentType: "text/plain", message: `m${i}` } });
    const seqs = async (body) => {
      const resp = await c.request(".ams.ms.QueryMessages", { dialogId: "dlg-1", ...body });
      expect(resp).toMatchObject({ code: 200, type: ".ams.ms.QueryMessages$Response" });
      // v2: the body is the array of events.
      expect(Array.isArray(resp.body)).toBe(true);
      return resp.body.map((e) => e.sequence);
    };
    expect(await seqs({})).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await seqs({ maxQuantity: 2 })).toEqual([0, 1]);
    expect(await seqs({ olderThanSequence: 3 })).toEqual([0, 1, 2]);
    expect(await seqs({ newerThanSequence: 3 })).toEqual([4, 5]);
    expect(await seqs({ newerThanSequence: 1, olderThanSequence: 5, maxQuantity: 2 })).toEqual([2, 3]);
    // node-agent-sdk's subscribeMessagingEvents sends fromSeq next to newerThanSequence.
    expect(await seqs({ fromSeq: 4, newerThanSequence: 4 })).toEqual([5]);
    expect(mock.violations).toEqual([]);
  });

  it("signs an upload URL and accepts the PUT only with the signature", async () => {
    const c = await client();
    const resp = await c.request(".ams.ms.GenerateURLForUploadFile", { fileSize: 4, fileType: "PNG" });
    expect(resp).toMatchObject({ code: 200, type: ".ams.ms.GenerateURLForUploadFile$Response" });
    const { relativePath, queryParams } = resp.body;
    expect(relativePath).toMatch(/^\/v1\/AUTH_async-images\/12345678\/[0-9a-f-]{36}\.png$/);
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const bad = await fetch(`${mock.uploadBaseUrl}${relativePath}?temp_url_sig=nope&temp_url_expires=${queryParams.temp_url_expires}`, { method: "PUT", body: bytes });
    expect(bad.status).toBe(403);
    const unknown = await fetch(`${mock.uploadBaseUrl}/v1/AUTH_async-images/12345678/x.png?temp_url_sig=${queryParams.temp_url_sig}&temp_url_expires=${queryParams.temp_url_expires}`, { method: "PUT", body: bytes });
    expect(unknown.status).toBe(403);
    const ok = await fetch(`${mock.uploadBaseUrl}${relativePath}?temp_url_sig=${queryParams.temp_url_sig}&temp_url_expires=${queryParams.temp_url_expires}`, {
      method: "PUT",
      body: bytes,
      headers: { "content-type": "image/png" },
    });
    expect(ok.status).toBe(201);
    expect(mock.uploads).toHaveLength(1);
    expect(mock.uploads[0]).toMatchObject({ relativePath, size: 4, contentType: "image/png", fileType: "PNG" });
    expect([...mock.uploads[0].bytes]).toEqual([...bytes]);
    expect(mock.violations).toEqual([]);
  });

  it("answers .GetClock with the server's clock in epoch ms and records no violation", async () => {
    const c = await client();
    const before = Date.now();
    const resp = await c.request(".GetClock", {});
    const after = Date.now();
    expect(TYPES.clock).toBe(".GetClock");
    expect(resp).toMatchObject({ kind: "resp", code: 200, type: ".GetClock$Response" });
    expect(Object.keys(resp.body)).toEqual(["currentTime"]);
    expect(Number.isInteger(resp.body.currentTime)).toBe(true);
    expect(resp.body.currentTime).toBeGreaterThanOrEqual(before);
    expect(resp.body.currentTime).toBeLessThanOrEqual(after);
    expect(mock.violations).toEqual([]);
    expect(mock.requests.map((r) => r.type)).toEqual([".GetClock"]);
    // The body is `{}` (node-agent-sdk's getClock({})); anything else is refused.
    const bad = await c.request(".GetClock", { at: 1 });
    expect(bad.code).toBe(400);
    expect(mock.violations).toMatchObject([{ direction: "in", type: ".GetClock" }]);
  });

  it("answers an invalid request 400 and records a violation", async () => {
    const c = await client();
    const resp = await c.request(".ams.ms.PublishEvent", { dialogId: "dlg-1", event: { type: "ContentEvent", contentType: "text/plain" } });
    expect(resp.code).toBe(400);
    expect(typeof resp.body.msg).toBe("string");
    expect(mock.violations).toHaveLength(1);
    expect(mock.violations[0]).toMatchObject({ direction: "in", type: ".ams.ms.PublishEvent" });
    const csat = await c.request(".ams.cm.UpdateConversationField", { conversationId: "conv-1", conversationField: [{ field: "CSATRate", csatRate: "5", csatResolutionConfirmation: true, status: "FILLED" }] });
    expect(csat.code).toBe(400);
    const unknown = await c.request("ms.Nope", {});
    expect(unknown.code).toBe(400);
    // The v3 short names are not the brand endpoint's dialect.
    const short = await c.request("ms.PublishEvent", { dialogId: "dlg-1", event: { type: "ContentEvent", contentType: "text/plain", message: "x" } });
    expect(short).toMatchObject({ code: 400, type: "ms.PublishEvent$Response" });
    expect(mock.violations).toHaveLength(4);
    expect(mock.violations.every((v) => v.direction === "in")).toBe(true);
    expect(mock.requests.map((r) => r.type)).toEqual([".ams.ms.PublishEvent", ".ams.cm.UpdateConversationField", "ms.Nope", "ms.PublishEvent"]);
  });

  it("answers a request type named after an Object.prototype member 400, records it, and keeps the socket", async () => {
    const c = await client();
    for (const type of ["__proto__", "constructor", "toString"]) expect((await c.request(type, {})).code, type).toBe(400);
    expect(mock.violations.map((v) => v.type)).toEqual(["__proto__", "constructor", "toString"]);
    expect((await c.request(".GetClock", {})).code).toBe(200);
  });

  it("refuses a brand connection that asks for a version other than 2.1", async () => {
    const refused = new WebSocket(`${mock.url}/ws_api/account/12345678/messaging/brand/test-token?v=3`);
    const status = await new Promise((resolve) =>
      refused.once("unexpected-response", (_req, res) => {
        res.destroy();
        resolve(res.statusCode);
      }),
    );
    expect(status).toBe(400);
    expect(mock.violations).toMatchObject([{ direction: "in", type: "(upgrade)", errors: [{ path: "/v" }] }]);
  });

  it("closes a socket with a wrong token or account with 4401", async () => {
    const bad = await client({ token: "wrong" });
    expect(await bad.closed).toBe(4401);
    const other = await client({ accountId: "999" });
    expect(await other.closed).toBe(4401);
  });

  it("closes a socket that sends a frame over 1 MiB with 1009, and keeps a non-JSON frame's first 1 KiB only", async () => {
    const c = await client();
    c.ws.send("x".repeat(4096));
    expect((await c.request(".GetClock", {})).code).toBe(200);
    expect(mock.violations).toEqual([expect.objectContaining({ type: "(not JSON)", payload: "x".repeat(1024) })]);
    c.ws.send("y".repeat(1024 * 1024 + 1));
    expect(await c.closed).toBe(1009);
  });

  it("refuses control calls that could not act as written, with a TypeError naming the option", () => {
    expect(() => mock.push("conv-1", undefined, { delayMs: Number.NaN })).toThrow(/push: options.delayMs must be an integer from 0 to 600000/);
    expect(() => mock.push("conv-1", undefined, { delayMs: -1 })).toThrow(/options.delayMs/);
    expect(() => mock.push("conv-1", undefined, { dupe: true })).toThrow(/push: unknown option "dupe"/);
    expect(() => mock.seed("c2", "str")).toThrow(/seed: details must be an object/);
    expect(() => mock.setState("conv-1", { state: 7 })).toThrow(/setState: details.state must be OPEN, CLOSE or LOCKED/);
    expect(() => mock.closeWith(999)).toThrow(/closeWith: code must be 1000 or from 3000 to 4999/);
    expect(mock.violations).toEqual([]);
  });

  it("scripts duplicates, reordering, raw pushes, drops and close codes", async () => {
    const { c } = await subscribed();
    const before = c.frames.length;
    mock.push("conv-1", undefined, { duplicate: true });
    await c.next(STATE);
    await c.next(STATE);
    expect(c.frames.length).toBe(before + 2);
    mock.reorder(true);
    const a = mock.setState("conv-1", { groupId: "g-2" });
    const b = mock.setState("conv-1", { groupId: "g-3" });
    const first = await c.next(STATE);
    const second = await c.next(STATE);
    expect(first.body.changes[0].result.conversationDetails.metaDataLastUpdateTs).toBe(b.metaDataLastUpdateTs);
    expect(second.body.changes[0].result.conversationDetails.metaDataLastUpdateTs).toBe(a.metaDataLastUpdateTs);
    const wire = first.body.changes[0].result.conversationDetails;
    mock.pushRaw({ subscriptionId: "x", changes: [{ type: "DELETE", result: { convId: "conv-1", conversationDetails: wire } }] });
    expect((await c.next(STATE)).body.changes[0].type).toBe("DELETE");
    expect(mock.violations).toEqual([]);
    expect(mock.dropConnections()).toBe(1);
    expect(await c.closed).toBe(1006);
    const d = await client();
    mock.closeWith(4401);
    expect(await d.closed).toBe(4401);
  });
});

describe("conversation mock: reset", () => {
  it("reset() returns to the seed (conv-1 only) and clears events and records", async () => {
    const { c } = await subscribed();
    await c.request(".ams.ms.PublishEvent", { dialogId: "dlg-1", event: { type: "ContentEvent", contentType: "text/plain", message: "hi" } });
    mock.seed("conv-2");
    expect(mock.events("dlg-1")).toHaveLength(1);
    mock.reset();
    expect([...mock.conversations.keys()]).toEqual(["conv-1"]);
    expect([mock.events("dlg-1"), mock.requests, mock.violations]).toEqual([[], [], []]);
  });
});
