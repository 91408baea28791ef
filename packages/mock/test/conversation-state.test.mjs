// The conversation mock's state as plain functions: no socket, a settable clock and counted
// uuids, so every id, timestamp and signature is known.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { conversationState } from "../src/realtime/conversation-state.mjs";

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

function fresh() {
  let seq = 0;
  const clock = { ms: T0 };
  const state = conversationState({ accountId: "acc", agentId: "ag", clock: () => clock.ms, uuid: () => `uuid-${++seq}` });
  return { state, clock };
}

describe("conversation state: conversations", () => {
  it("seeds conv-1: open, one MAIN dialog dlg-1, the consumer and the agent <accountId>.<agentId>", () => {
    const { state } = fresh();
    expect(state.userId).toBe("acc.ag");
    expect([...state.conversations.keys()]).toEqual(["conv-1"]);
    const conv = state.conversations.get("conv-1");
    expect(conv).toMatchObject({ state: "OPEN", stage: "OPEN", brandId: "acc", startTs: T0 - 60_000, metaDataLastUpdateTs: T0, participants: [{ id: "c-1", role: "CONSUMER" }, { id: "acc.ag", role: "ASSIGNED_AGENT" }] });
    expect(conv.dialogs.map((d) => [d.dialogId, d.dialogType, d.state])).toEqual([["dlg-1", "MAIN", "OPEN"]]);
  });

  it("now() is strictly increasing even when the clock stands still", () => {
    const { state, clock } = fresh();
    const a = state.now();
    const b = state.now();
    expect(b).toBe(a + 1);
    clock.ms += 10_000;
    expect(state.now()).toBe(T0 + 10_000);
  });

  it("seed merges details over the defaults, names its dialog after it, and replaces", () => {
    const { state } = fresh();
    const conv = state.seed("c9", { state: "CLOSE", note: "n" });
    expect(conv).toMatchObject({ state: "CLOSE", note: "n", skillId: "s-1" });
    expect(conv.dialogs[0].dialogId).toBe("c9-dlg");
    expect(state.conversations.get("c9")).toBe(conv);
    state.seed("c9");
    expect(state.conversations.get("c9").state).toBe("OPEN");
  });

  it("setState merges into a copy and bumps metaDataLastUpdateTs; unknown conversations throw", () => {
    const { state } = fresh();
    const before = state.conversations.get("conv-1");
    const next = state.setState("conv-1", { skillId: "s-9" });
    expect(next).toMatchObject({ skillId: "s-9", metaDataLastUpdateTs: before.metaDataLastUpdateTs + 1 });
    expect(before.skillId).toBe("s-1");
    expect(state.conversations.get("conv-1")).toBe(next);
    expect(() => state.setState("nope", {})).toThrow('Unknown conversation "nope".');
  });

  it("changeResult gives the v2 shape: participants by role, unread counts and effectiveTTR on the result", () => {
    const { state } = fresh();
    const details = state.conversations.get("conv-1");
    const result = state.changeResult("conv-1", details);
    expect(result).toMatchObject({ convId: "conv-1", lastUpdateTime: details.metaDataLastUpdateTs, numberOfunreadMessages: { "c-1": 0, "acc.ag": 2 }, effectiveTTR: details.startTs + 3600 * 1000 });
    expect(result.conversationDetails.participants).toEqual({ CONSUMER: ["c-1"], ASSIGNED_AGENT: ["acc.ag"] });
    expect(result.conversationDetails.participantsPId).toEqual({ CONSUMER: ["c-1"], ASSIGNED_AGENT: ["acc.ag"] });
    expect(result.conversationDetails).not.toHaveProperty("numberOfunreadMessages");
    expect(state.changeResult("conv-1", { ...details, manualETTR: 42 }).effectiveTTR).toBe(42);
    expect(state.changeResult("conv-1", { ...details, state: "CLOSE" })).not.toHaveProperty("effectiveTTR");
  });

  it("reset() goes back to conv-1 only, without events or uploads", () => {
    const { state } = fresh();
    state.seed("c2");
    state.publish({ dialogId: "dlg-1", event: { type: "ContentEvent", message: "hi" } });
    const { relativePath, queryParams } = state.openUpload({ fileType: "PNG", fileSize: 3 });
    state.completeUpload(relativePath, state.uploadSlot(relativePath), { contentType: null, bytes: Buffer.from("abc") });
    const other = state.openUpload({ fileType: "PNG", fileSize: 3 });
    state.reset();
    expect([...state.conversations.keys()]).toEqual(["conv-1"]);
    expect(state.events("dlg-1")).toEqual([]);
    expect(state.uploads).toEqual([]);
    expect(state.uploadSlot(other.relativePath)).toBeUndefined();
    expect(queryParams.temp_url_sig).toBeTypeOf("string");
  });
});

describe("conversation state: subscriptions", () => {
  it("subscribe returns a new id and the UPSERTs of the conversations in the requested states", () => {
    const { state } = fresh();
    state.seed("closed", { state: "CLOSE" });
    const client = {};
    const open = state.subscribe(client, ["OPEN"]);
    expect(open.subscriptionId).toBe("uuid-2"); // uuid-1 is the upload signing secret
    expect(open.changes.map((c) => [c.type, c.result.convId])).toEqual([["UPSERT", "conv-1"]]);
    const all = state.subscribe(client, ["OPEN", "CLOSE"]);
    expect(all.changes.map((c) => c.result.convId)).toEqual(["conv-1", "closed"]);
    // A client's notifications carry its first subscription's id.
    expect(state.subscriptionIdOf(client)).toBe("uuid-2");
  });

  it("subscribers are the clients with a subscription, until they unsubscribe", () => {
    const { state } = fresh();
    const a = {};
    const b = {};
    expect(state.subscriptionIdOf(a)).toBe("sub");
    state.subscribe(a, ["OPEN"]);
    state.subscribe(b, ["OPEN"]);
    expect(state.subscribers()).toEqual([a, b]);
    state.unsubscribe(a);
    expect(state.subscribers()).toEqual([b]);
    expect(state.subscriptionIdOf(a)).toBe("sub");
  });
});

describe("conversation state: UpdateConversationField", () => {
  it("refuses an unknown conversation (404) and a field that does not apply (400), storing nothing", () => {
    const { state } = fresh();
    const before = state.conversations.get("conv-1");
    expect(state.update("nope", [])).toEqual({ code: 404, msg: "No conversation nope." });
    expect(state.update("conv-1", [{ field: "Skill", skill: "s-2" }, { field: "Bogus" }])).toEqual({ code: 400, msg: 'Unknown field "Bogus".' });
    expect(state.conversations.get("conv-1")).toBe(before);
    expect(before.skillId).toBe("s-1");
  });

  it("applies every field to a copy and stores it with one new timestamp", () => {
    const { state } = fresh();
    const before = state.conversations.get("conv-1");
    expect(state.update("conv-1", [
      { field: "Skill", skill: "s-2" },
      { field: "TTRField", ttrType: "URGENT", value: 60 },
      { field: "Note", note: "vip" },
      { field: "CSATRate", csatRate: 5, csatResolutionConfirmation: true, status: "FILLED" },
    ])).toBeUndefined();
    const after = state.conversations.get("conv-1");
    expect(after).not.toBe(before);
    expect(after).toMatchObject({ skillId: "s-2", conversationHandlerDetails: { skillId: "s-2" }, ttr: { ttrType: "URGENT", value: 60 }, note: "vip", csat: { csatRate: 5, csatResolutionConfirmation: true, status: "FILLED" }, metaDataLastUpdateTs: before.metaDataLastUpdateTs + 1 });
  });

  it("ParticipantsChange adds (the agent by default), suggests and removes on the MAIN dialog", () => {
    const { state } = fresh();
    state.update("conv-1", [{ field: "ParticipantsChange", type: "REMOVE", role: "ASSIGNED_AGENT" }]);
    let conv = state.conversations.get("conv-1");
    expect(conv.participants).toEqual([{ id: "c-1", role: "CONSUMER" }]);
    expect(conv.dialogs[0].participantsDetails.map((p) => p.id)).toEqual(["c-1"]);
    expect(state.update("conv-1", [{ field: "ParticipantsChange", type: "REMOVE", role: "ASSIGNED_AGENT" }])).toEqual({ code: 400, msg: "No participant acc.ag with role ASSIGNED_AGENT." });
    state.update("conv-1", [{ field: "ParticipantsChange", type: "ADD", role: "READER" }, { field: "ParticipantsChange", type: "SUGGEST", userId: "x", role: "ASSIGNED_AGENT" }]);
    conv = state.conversations.get("conv-1");
    expect(conv.participants).toContainEqual({ id: "acc.ag", role: "READER" });
    expect(conv.participants).not.toContainEqual({ id: "x", role: "ASSIGNED_AGENT" });
    expect(conv.dialogs[0].participantsDetails).toContainEqual({ id: "x", role: "ASSIGNED_AGENT", state: "SUGGESTED" });
  });

  it("closing the conversation closes its open dialogs; a LOCKED note cannot change", () => {
    const { state } = fresh();
    state.update("conv-1", [{ field: "ConversationStateField", conversationState: "CLOSE" }]);
    const conv = state.conversations.get("conv-1");
    expect(conv).toMatchObject({ state: "CLOSE", stage: "CLOSE", closeReason: "AGENT", endTs: conv.metaDataLastUpdateTs });
    expect(conv.dialogs[0]).toMatchObject({ state: "CLOSE", closedBy: "AGENT", endTs: conv.metaDataLastUpdateTs });
    state.update("conv-1", [{ field: "ConversationStateField", conversationState: "LOCKED" }]);
    expect(state.update("conv-1", [{ field: "Note", note: "x" }])).toEqual({ code: 400, msg: "The conversation is LOCKED: its note cannot change." });
  });

  it("DialogChange closes one dialog, and refuses an unknown one", () => {
    const { state } = fresh();
    expect(state.update("conv-1", [{ field: "DialogChange", type: "UPDATE", dialog: { dialogId: "nope", state: "CLOSE" } }])).toEqual({ code: 400, msg: "No dialog nope." });
    state.update("conv-1", [{ field: "DialogChange", type: "UPDATE", dialog: { dialogId: "dlg-1", state: "CLOSE" } }]);
    expect(state.conversations.get("conv-1").dialogs[0]).toMatchObject({ state: "CLOSE", closedBy: "AGENT" });
    expect(state.conversations.get("conv-1").state).toBe("OPEN");
  });
});

describe("conversation state: events", () => {
  it("publish stores events by the agent with sequences from 0; queryMessages filters copies", () => {
    const { state } = fresh();
    for (const message of ["a", "b", "c"]) {
      const published = state.publish({ dialogId: "dlg-1", event: { type: "ContentEvent", contentType: "text/plain", message } });
      expect(published).toHaveProperty("event.originatorId", "acc.ag");
    }
    const withMeta = state.publish({ dialogId: "dlg-1", event: { type: "ContentEvent", message: "d" }, metadata: [{ type: "X" }] });
    expect(withMeta).toMatchObject({ event: { sequence: 3, dialogId: "dlg-1", metadata: [{ type: "X" }] } });
    expect(state.events("dlg-1").map((e) => e.sequence)).toEqual([0, 1, 2, 3]);
    const seqs = (body) => {
      const found = state.queryMessages({ dialogId: "dlg-1", ...body });
      return "events" in found ? found.events.map((e) => e.sequence) : found;
    };
    expect(seqs({})).toEqual([0, 1, 2, 3]);
    expect(seqs({ olderThanSequence: 2 })).toEqual([0, 1]);
    expect(seqs({ newerThanSequence: 0, maxQuantity: 2 })).toEqual([1, 2]);
    expect(state.queryMessages({ dialogId: "nope" })).toEqual({ code: 404, msg: "No dialog nope." });
    const copy = state.queryMessages({ dialogId: "dlg-1" });
    if ("events" in copy) copy.events[0].event.message = "changed";
    expect(state.events("dlg-1")[0].event.message).toBe("a");
  });

  it("publish refuses an unknown dialog (404) and one not open (400)", () => {
    const { state } = fresh();
    expect(state.publish({ dialogId: "nope", event: {} })).toEqual({ code: 404, msg: "No dialog nope." });
    state.update("conv-1", [{ field: "ConversationStateField", conversationState: "CLOSE" }]);
    expect(state.publish({ dialogId: "dlg-1", event: {} })).toEqual({ code: 400, msg: "The dialog dlg-1 is not open." });
    expect(state.events("dlg-1")).toEqual([]);
  });
});

describe("conversation state: uploads", () => {
  it("openUpload signs a slot for 10 minutes; only its signature, before expiry, is allowed; completing records it once", () => {
    const { state, clock } = fresh();
    const { relativePath, queryParams } = state.openUpload({ fileType: "JPEG", fileSize: 3 });
    expect(relativePath).toBe("/v1/AUTH_async-images/acc/uuid-2.jpg");
    const expires = String(T0 / 1000 + 600);
    expect(queryParams).toEqual({ temp_url_sig: createHmac("sha1", "uuid-1").update(`PUT\n${expires}\n${relativePath}`).digest("hex"), temp_url_expires: expires });
    const slot = state.uploadSlot(relativePath);
    expect(state.uploadAllowed(slot, queryParams.temp_url_sig, expires)).toBe(true);
    expect(state.uploadAllowed(slot, "0".repeat(40), expires)).toBe(false);
    expect(state.uploadAllowed(slot, queryParams.temp_url_sig, String(Number(expires) + 1))).toBe(false);
    clock.ms += 601_000;
    expect(state.uploadAllowed(slot, queryParams.temp_url_sig, expires)).toBe(false);
    state.completeUpload(relativePath, slot, { contentType: "image/jpeg", bytes: Buffer.from("abc") });
    expect(state.uploads).toEqual([{ relativePath, contentType: "image/jpeg", size: 3, bytes: new Uint8Array(Buffer.from("abc")), fileType: "JPEG", declaredSize: 3 }]);
    expect(state.uploadSlot(relativePath)).toBeUndefined();
  });

  it("an unknown file type gets a .bin path", () => {
    const { state } = fresh();
    expect(state.openUpload({ fileType: /** @type {any} */ ("TIFF"), fileSize: 1 }).relativePath).toMatch(/\.bin$/);
  });
});
