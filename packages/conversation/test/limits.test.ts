// Method limits and wire shapes on a Conversation with a fake host: what is sent, and what is
// refused before anything is sent.
import { describe, expect, it } from "vitest";
import { StateError, ValidationError } from "../src/index.js";
import type { ConversationDetails } from "../src/generated/events.js";
import { AGENT_ID, CONV_ID, changed, conversation, details, mainDialog, notification, type FakeHost } from "./fixtures.js";

/** The body of the only request sent, with its type checked. */
function only(host: FakeHost, type: string): Record<string, unknown> {
  expect(host.request).toHaveBeenCalledTimes(1);
  const [sentType, body] = host.request.mock.calls[0]!;
  expect(sentType).toBe(type);
  return body as Record<string, unknown>;
}

/** The conversationField list of the only .ams.cm.UpdateConversationField request. */
function fields(host: FakeHost): unknown[] {
  const body = only(host, ".ams.cm.UpdateConversationField");
  expect(body["conversationId"]).toBe(CONV_ID);
  return body["conversationField"] as unknown[];
}

/** The note of the n-th (0-based) Note update sent. */
function sentNote(host: FakeHost, n = 0): string {
  const call = host.request.mock.calls[n]!;
  expect(call[0]).toBe(".ams.cm.UpdateConversationField");
  const [field] = (call[1] as { conversationField: { field: string; note: string }[] }).conversationField;
  expect(field?.field).toBe("Note");
  return field!.note;
}

const HEADER = "[Ana · n-1]\n"; // setAgentNote's header with the host's agent name and noteId "n-1"

async function rejectsWith(promise: Promise<unknown>, type: typeof ValidationError | typeof StateError, argument?: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  if (argument !== undefined) expect((error as ValidationError).argument).toBe(argument);
}

describe("sendMessage / sendPrivateMessage: 8,000 characters", () => {
  it.each(["sendMessage", "sendPrivateMessage"] as const)("%s: 8,000 OK, 8,001 refused and nothing sent", async (method) => {
    const ok = conversation(details());
    await ok.conv[method]("x".repeat(8000));
    const body = only(ok.host, ".ams.ms.PublishEvent");
    expect(body["dialogId"]).toBe("dlg-1");
    expect((body["event"] as { message: string }).message).toHaveLength(8000);
    if (method === "sendPrivateMessage") expect((body["event"] as { messageAudience?: string }).messageAudience).toBe("AGENTS_AND_MANAGERS");

    const bad = conversation(details());
    await rejectsWith(bad.conv[method]("x".repeat(8001)), ValidationError, "text");
    expect(bad.host.request).not.toHaveBeenCalled();
  });
});

describe("sendRichText: 15,000 characters of JSON", () => {
  const rich = (size: number): { t: string } => ({ t: "x".repeat(size - '{"t":""}'.length) });

  it("15,000 OK, 15,001 refused and nothing sent", async () => {
    expect(JSON.stringify(rich(15_000))).toHaveLength(15_000);
    const ok = conversation(details());
    await ok.conv.sendRichText(rich(15_000));
    expect(only(ok.host, ".ams.ms.PublishEvent")["event"]).toEqual({ type: "RichContentEvent", content: rich(15_000) });

    const bad = conversation(details());
    await rejectsWith(bad.conv.sendRichText(rich(15_001)), ValidationError, "message");
    expect(bad.host.request).not.toHaveBeenCalled();
  });
});

describe("setAgentNote", () => {
  it("keeps earlier notes: the second request's note contains both texts (state updated in between)", async () => {
    const s1 = details();
    const { conv, host } = conversation(s1);
    await conv.setAgentNote("first note", null, null, "n-1");
    const first = sentNote(host, 0);
    expect(first).toBe(`${HEADER}first note`);
    // The server's notification of the change.
    conv.processStateNotification(notification(changed(s1, (d) => (d.note = first))));
    await conv.setAgentNote("second note", null, null, "n-2");
    const second = sentNote(host, 1);
    expect(second).toContain("first note");
    expect(second).toContain("second note");
    expect(second.startsWith(first)).toBe(true);
  });

  // The note is read from the last state notification only. .ams.cm.UpdateConversationField's response
  // comes before the state notification that carries the new note, so
  // `await setAgentNote(a); await setAgentNote(b)` sends b without a: a is lost.
  it("keeps earlier notes: two awaited calls with no notification in between keep both", async () => {
    const { conv, host } = conversation(details());
    await conv.setAgentNote("first note", null, null, "n-1");
    await conv.setAgentNote("second note", null, null, "n-2");
    const second = sentNote(host, 1);
    expect(second).toContain("first note");
    expect(second).toContain("second note");
  });

  it("truncates a note too long for the room left, filling the note field to exactly 5,000", async () => {
    const existing = "e".repeat(1000);
    const { conv, host } = conversation(details({ note: existing }));
    const text = "abcdefghij".repeat(1000);
    const result = await conv.setAgentNote(text, null, null, "n-1");
    const room = 5000 - existing.length - "\n\n".length - HEADER.length;
    expect(result).toEqual({ truncated: true, truncatedText: text.slice(0, room) });
    expect(result.truncatedText).toHaveLength(room);
    const note = sentNote(host);
    expect(note).toHaveLength(5000);
    expect(note).toBe(`${existing}\n\n${HEADER}${result.truncatedText}`);
  });

  it("a note that fits is not truncated", async () => {
    const { conv, host } = conversation(details());
    expect(await conv.setAgentNote("short", null, null, "n-1")).toEqual({ truncated: false, truncatedText: "" });
    expect(sentNote(host)).toBe(`${HEADER}short`);
  });

  it("with truncateEnabled false, a note too long is refused (noteContent) and nothing sent", async () => {
    const { conv, host } = conversation(details({ note: "e".repeat(4000) }));
    await rejectsWith(conv.setAgentNote("x".repeat(2000), null, null, "n-1", false, false), ValidationError, "noteContent");
    expect(host.request).not.toHaveBeenCalled();
  });

  it("no room left when the note already has 5,000 characters: StateError, nothing sent", async () => {
    const { conv, host } = conversation(details({ note: "e".repeat(5000) }));
    const error = await conv.setAgentNote("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateError);
    expect((error as Error).message).toMatch(/^No room left/);
    expect(host.request).not.toHaveBeenCalled();
  });

  it("allowed in CLOSE", async () => {
    const { conv, host } = conversation(details({ state: "CLOSE", stage: "CLOSE", dialogs: [mainDialog({ state: "CLOSE" })] }));
    await conv.setAgentNote("after close", null, null, "n-1");
    expect(sentNote(host)).toBe(`${HEADER}after close`);
  });

  it("refused in LOCKED: StateError, nothing sent", async () => {
    const { conv, host } = conversation(details({ state: "LOCKED" }));
    await rejectsWith(conv.setAgentNote("locked"), StateError);
    expect(host.request).not.toHaveBeenCalled();
  });

  it("setNote delegates to setAgentNote (same request, same result)", async () => {
    const a = conversation(details({ note: "old" }));
    const b = conversation(details({ note: "old" }));
    const ra = await a.conv.setAgentNote("same", AGENT_ID, "Bo", "n-1", true);
    const rb = await b.conv.setNote("same", AGENT_ID, "Bo", "n-1", true);
    expect(rb).toEqual(ra);
    expect(b.host.request.mock.calls).toEqual(a.host.request.mock.calls);
    expect(sentNote(b.host)).toBe("old\n\n[Bo · n-1 · auto-summary]\nsame");
  });
});

describe("setTTR", () => {
  it("CUSTOM takes a value", async () => {
    const { conv, host } = conversation(details());
    await conv.setTTR("CUSTOM", 120);
    expect(fields(host)).toEqual([{ field: "TTRField", ttrType: "CUSTOM", value: 120 }]);
  });

  it("URGENT with a value is refused (value), nothing sent", async () => {
    const { conv, host } = conversation(details());
    await rejectsWith(conv.setTTR("URGENT", 5), ValidationError, "value");
    expect(host.request).not.toHaveBeenCalled();
  });

  it("URGENT without a value: wire value 0", async () => {
    const { conv, host } = conversation(details());
    await conv.setTTR("URGENT");
    expect(fields(host)).toEqual([{ field: "TTRField", ttrType: "URGENT", value: 0 }]);
  });
});

describe("setCsat / setManualETTR", () => {
  it('setCsat("5", true): csatRate 5 as an integer, status FILLED by default', async () => {
    const { conv, host } = conversation(details());
    await conv.setCsat("5", true);
    const [field] = fields(host) as { csatRate: unknown }[];
    expect(field).toEqual({ field: "CSATRate", csatRate: 5, csatResolutionConfirmation: true, status: "FILLED" });
    expect(Number.isInteger(field?.csatRate)).toBe(true);
  });

  it('setCsat("6") is refused, nothing sent', async () => {
    const { conv, host } = conversation(details());
    await rejectsWith(conv.setCsat("6", true), ValidationError, "csatRate");
    expect(host.request).not.toHaveBeenCalled();
  });

  it("setManualETTR: a non-integer is refused; an integer is sent", async () => {
    const bad = conversation(details());
    await rejectsWith(bad.conv.setManualETTR(1.5), ValidationError, "time");
    expect(bad.host.request).not.toHaveBeenCalled();
    const ok = conversation(details());
    await ok.conv.setManualETTR(1_700_000_060_000);
    expect(fields(ok.host)).toEqual([{ field: "ManualETTR", time: 1_700_000_060_000 }]);
  });
});

describe("transfer", () => {
  const removeAssigned = { field: "ParticipantsChange", type: "REMOVE", userId: AGENT_ID, role: "ASSIGNED_AGENT" };

  it("{agentId}: REMOVE the assigned agent, SUGGEST <accountId>.<agentId>", async () => {
    const { conv, host } = conversation(details());
    await conv.transfer({ agentId: "a-2" });
    expect(fields(host)).toEqual([removeAssigned, { field: "ParticipantsChange", type: "SUGGEST", userId: "12345678.a-2", role: "ASSIGNED_AGENT" }]);
  });

  it("{skillId}: REMOVE the assigned agent, Skill UPDATE", async () => {
    const { conv, host } = conversation(details());
    await conv.transfer({ skillId: "s-2" });
    expect(fields(host)).toEqual([removeAssigned, { field: "Skill", type: "UPDATE", skill: "s-2" }]);
  });

  it("{agentId, skillId}: all three", async () => {
    const { conv, host } = conversation(details());
    await conv.transfer({ agentId: "a-2", skillId: "s-2" });
    expect(fields(host)).toEqual([
      removeAssigned,
      { field: "ParticipantsChange", type: "SUGGEST", userId: "12345678.a-2", role: "ASSIGNED_AGENT" },
      { field: "Skill", type: "UPDATE", skill: "s-2" },
    ]);
  });
});

describe("other argument checks", () => {
  it("join with a bad role: ValidationError participantRole, nothing sent", async () => {
    const { conv, host } = conversation(details());
    await rejectsWith(conv.join("BOSS" as never), ValidationError, "participantRole");
    expect(host.request).not.toHaveBeenCalled();
    await conv.join("MANAGER");
    expect(fields(host)).toEqual([{ field: "ParticipantsChange", type: "ADD", role: "MANAGER" }]);
  });

  it('queryMessages maxQuantity "101" is refused, "100" is sent as a number', async () => {
    const { conv, host } = conversation(details());
    await rejectsWith(conv.queryMessages({ maxQuantity: "101" }), ValidationError, "query.maxQuantity");
    expect(host.request).not.toHaveBeenCalled();
    host.request.mockResolvedValueOnce([]); // the v2 response body: an array of events
    expect(await conv.queryMessages({ maxQuantity: "100" })).toEqual([]);
    expect(only(host, ".ams.ms.QueryMessages")).toEqual({ dialogId: "dlg-1", maxQuantity: 100 });
  });

  it("uploadFile with non-image bytes: ValidationError buffer, nothing sent or uploaded", async () => {
    const { conv, host } = conversation(details());
    await rejectsWith(conv.uploadFile(new TextEncoder().encode("%PDF-1.7 not an image")), ValidationError, "buffer");
    expect(host.request).not.toHaveBeenCalled();
    expect(host.upload).not.toHaveBeenCalled();
  });

  it("unload() on a conversation not loaded with loadConversation: StateError", () => {
    const { conv, host } = conversation(details());
    expect(() => conv.unload()).toThrow(StateError);
    expect(host.unload).not.toHaveBeenCalled();
  });

  it("methods need a state: StateError before the first notification, nothing sent", async () => {
    const { conv, host } = conversation(undefined as ConversationDetails | undefined);
    await rejectsWith(conv.sendMessage("hi"), StateError);
    await rejectsWith(conv.setTTR("NORMAL"), StateError);
    expect(host.request).not.toHaveBeenCalled();
  });
});
