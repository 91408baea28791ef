// Every Conversation method and member against the conversation mock, through a real Connection
// (`ws`, fast reconnect policy). The mock validates every envelope both ways: no violations allowed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AuthenticationClosedError, StateError, ValidationError, type Connection, type Conversation, type ParleyError } from "../src/index.js";
import { PNG_BYTES, TOKEN, bodiesOf, connectionTo, nextEvent, openConversation, startMock, until, type ConversationMock } from "./helpers.js";

let mock: ConversationMock;
let connection: Connection;
let errors: ParleyError[];
let conv: Conversation;

beforeEach(async () => {
  mock = await startMock({ token: TOKEN });
  ({ connection, errors } = connectionTo(mock));
  conv = await openConversation(connection);
});

afterEach(async () => {
  connection.close();
  await mock.close();
  expect(mock.violations).toEqual([]);
  for (const error of errors) expect(error.message).not.toContain(TOKEN);
});

/** The fields of the last cm.UpdateConversationField. */
const lastFields = () => bodiesOf(mock, ".ams.cm.UpdateConversationField").at(-1)?.["conversationField"];
const lastEvent = () => (bodiesOf(mock, ".ams.ms.PublishEvent").at(-1) as { event: Record<string, unknown> } | undefined)?.event;

describe("members", () => {
  it("exposes conv-1 and its members after subscribe", () => {
    expect(conv.id).toBe("conv-1");
    expect(connection.getConversation("conv-1")).toBe(conv);
    expect(conv.assignedAgent).toEqual({ id: "12345678.a-1", role: "ASSIGNED_AGENT", state: "ACTIVE" });
    expect(conv.consumer).toEqual({ id: "c-1", role: "CONSUMER", state: "ACTIVE" });
    expect(conv.campaignId).toBe("camp-1");
    expect(conv.handlerAccountId).toBe("12345678");
    expect(conv.appInstId).toBe("app-1");
    expect(conv.note).toBe("");
    const details = mock.conversations.get("conv-1")!;
    expect(conv.ttrEffective).toBe(details.startTs + 3600 * 1000);
    expect(conv.numberOfunreadMessages).toEqual({ "c-1": 0, "12345678.a-1": 2 });
    expect(conv.notificationCount).toBeGreaterThanOrEqual(1);
    expect(conv.state?.state).toBe("OPEN");
    expect(bodiesOf(mock, ".ams.aam.SubscribeExConversations")).toEqual([{ convState: ["OPEN"] }]);
  });

  it("getDialog returns the MAIN dialog, undefined for POST_SURVEY, and validates the type", () => {
    expect(conv.getDialog("MAIN")).toMatchObject({ dialogId: "dlg-1", dialogType: "MAIN", state: "OPEN" });
    expect(conv.getDialog("POST_SURVEY")).toBeUndefined();
    expect(() => conv.getDialog("OTHER" as never)).toThrow(ValidationError);
  });

  it("counts a duplicate notification as ignored and an older one as out of order", async () => {
    const count = conv.notificationCount;
    const stale = structuredClone(mock.conversations.get("conv-1")!);
    mock.push("conv-1", undefined, { duplicate: true });
    await until(() => conv.notificationCount === count + 2, 3000, "two notifications");
    expect(conv.notificationIgnoredCount).toBeGreaterThanOrEqual(2);
    mock.setState("conv-1", { groupId: "g-2" });
    await until(() => conv.state?.groupId === "g-2");
    mock.push("conv-1", { ...stale, groupId: "g-old" });
    await until(() => conv.notificationOutOfOrderCount === 1);
    expect(conv.state?.groupId).toBe("g-2");
  });
});

describe("messages", () => {
  it("sendMessage publishes a text ContentEvent on the open dialog", async () => {
    const message = nextEvent(connection, "message");
    await conv.sendMessage("Hello", { type: "ExternalId", id: "x-1" }, { type: "quickReplies", itemsPerRow: 8, replies: [] });
    expect(bodiesOf(mock, ".ams.ms.PublishEvent")).toEqual([
      {
        dialogId: "dlg-1",
        event: { type: "ContentEvent", contentType: "text/plain", message: "Hello", quickReplies: { type: "quickReplies", itemsPerRow: 8, replies: [] } },
        metadata: [{ type: "ExternalId", id: "x-1" }],
      },
    ]);
    const [notification] = await message;
    expect(notification.dialogId).toBe("dlg-1");
    expect(notification.changes[0]).toMatchObject({ sequence: 0, originatorId: "12345678.a-1" });
  });

  it("sendMessage refuses more than 8,000 characters before sending", async () => {
    await expect(conv.sendMessage("x".repeat(8001))).rejects.toBeInstanceOf(ValidationError);
    expect(bodiesOf(mock, ".ams.ms.PublishEvent")).toEqual([]);
  });

  it("sendPrivateMessage sets messageAudience AGENTS_AND_MANAGERS", async () => {
    await conv.sendPrivateMessage("psst");
    expect(lastEvent()).toEqual({ type: "ContentEvent", contentType: "text/plain", message: "psst", messageAudience: "AGENTS_AND_MANAGERS" });
  });

  it("sendRichText publishes a RichContentEvent", async () => {
    const content = { type: "vertical", elements: [{ type: "text", text: "Hi" }] };
    await conv.sendRichText(content);
    expect(lastEvent()).toEqual({ type: "RichContentEvent", content });
    expect(mock.events("dlg-1")[0]?.event).toEqual({ type: "RichContentEvent", content });
  });

  it("uploadFile gets a signed URL, PUTs the bytes and publishes a hosted/file event with the caption", async () => {
    await conv.uploadFile(PNG_BYTES, "a picture");
    expect(bodiesOf(mock, ".ams.ms.GenerateURLForUploadFile")).toEqual([{ fileSize: PNG_BYTES.byteLength, fileType: "PNG" }]);
    expect(mock.uploads).toHaveLength(1);
    const upload = mock.uploads[0]!;
    expect([...upload.bytes]).toEqual([...PNG_BYTES]);
    expect(upload.contentType).toBe("image/png");
    expect(lastEvent()).toEqual({ type: "ContentEvent", contentType: "hosted/file", message: { caption: "a picture", relativePath: upload.relativePath, fileType: "PNG" } });
  });

  it("uploadFile refuses a non-image before sending anything", async () => {
    await expect(conv.uploadFile(new Uint8Array([1, 2, 3, 4]))).rejects.toBeInstanceOf(ValidationError);
    expect(mock.requests.filter((r) => r.type !== ".ams.aam.SubscribeExConversations")).toEqual([]);
  });

  it("queryMessages sends integers on the wire and returns the events", async () => {
    for (const text of ["a", "b", "c", "d", "e"]) await conv.sendMessage(text);
    const all = await conv.queryMessages();
    expect(all.map((e) => e.sequence)).toEqual([0, 1, 2, 3, 4]);
    expect(bodiesOf(mock, ".ams.ms.QueryMessages").at(-1)).toEqual({ dialogId: "dlg-1" });
    await conv.queryMessages({ maxQuantity: "2", sequenceMin: "1", sequenceMax: 4 });
    // Inclusive SDK bounds, exclusive wire bounds: newerThan min - 1, olderThan max + 1.
    expect(bodiesOf(mock, ".ams.ms.QueryMessages").at(-1)).toEqual({ dialogId: "dlg-1", maxQuantity: 2, newerThanSequence: 0, olderThanSequence: 5 });
    await expect(conv.queryMessages({ maxQuantity: "0" })).rejects.toBeInstanceOf(ValidationError);
    await expect(conv.queryMessages({ maxQuantity: "abc" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("queryMessages({sequenceMin, sequenceMax}) returns the events between them, both inclusive", async () => {
    for (const text of ["a", "b", "c", "d", "e"]) await conv.sendMessage(text);
    const events = await conv.queryMessages({ sequenceMin: 1, sequenceMax: 3 });
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3]);
    await expect(conv.queryMessages({ sequenceMin: 3, sequenceMax: 1 })).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("conversation fields", () => {
  it("join(role) adds the agent; participant-added arrives via the pushed state", async () => {
    const added = nextEvent(conv, "participant-added");
    await conv.join("MANAGER");
    expect(lastFields()).toEqual([{ field: "ParticipantsChange", type: "ADD", role: "MANAGER" }]);
    const [{ participant, context }] = await added;
    expect(participant).toEqual({ id: "12345678.a-1", role: "MANAGER", state: "ACTIVE" });
    expect(context).toEqual({ previouslySuggested: false });
    await expect(conv.join("BOSS" as never)).rejects.toBeInstanceOf(ValidationError);
  });

  it("transfer({skillId}) removes the agent and moves the skill: transfer-skill", async () => {
    const skill = nextEvent(conv, "transfer-skill");
    const removed = nextEvent(conv, "participant-removed");
    let backToQueue = false;
    conv.on("back-to-queue", () => (backToQueue = true));
    await conv.transfer({ skillId: "s-2" });
    expect(lastFields()).toEqual([
      { field: "ParticipantsChange", type: "REMOVE", userId: "12345678.a-1", role: "ASSIGNED_AGENT" },
      { field: "Skill", type: "UPDATE", skill: "s-2" },
    ]);
    expect(await skill).toEqual([{ skillId: "s-2" }]);
    expect((await removed)[0]).toMatchObject({ id: "12345678.a-1", role: "ASSIGNED_AGENT" });
    expect(backToQueue).toBe(false);
    expect(conv.assignedAgent).toBeNull();
  });

  it("transfer({agentId}) suggests <accountId>.<agentId>: transfer-agent and participant-suggested", async () => {
    const agent = nextEvent(conv, "transfer-agent");
    const suggested = nextEvent(conv, "participant-suggested");
    let backToQueue = false;
    conv.on("back-to-queue", () => (backToQueue = true));
    await conv.transfer({ agentId: "a-2" });
    expect(lastFields()).toEqual([
      { field: "ParticipantsChange", type: "REMOVE", userId: "12345678.a-1", role: "ASSIGNED_AGENT" },
      { field: "ParticipantsChange", type: "SUGGEST", userId: "12345678.a-2", role: "ASSIGNED_AGENT" },
    ]);
    const expected = { id: "12345678.a-2", role: "ASSIGNED_AGENT", state: "SUGGESTED" };
    expect(await agent).toEqual([expected]);
    expect(await suggested).toEqual([expected]);
    expect(backToQueue).toBe(false);
  });

  it("transfer() with neither agent nor skill sends the conversation back to the queue", async () => {
    const back = nextEvent(conv, "back-to-queue");
    await conv.transfer();
    expect(lastFields()).toEqual([{ field: "ParticipantsChange", type: "REMOVE", userId: "12345678.a-1", role: "ASSIGNED_AGENT" }]);
    expect(await back).toEqual([]);
    await until(() => conv.assignedAgent === null);
    await expect(conv.transfer()).rejects.toBeInstanceOf(StateError);
  });

  it('setTTR("CUSTOM", 600) emits ttr-change with ttrValue 600; a value for another type is refused', async () => {
    const ttr = nextEvent(conv, "ttr-change");
    await conv.setTTR("CUSTOM", 600);
    expect(lastFields()).toEqual([{ field: "TTRField", ttrType: "CUSTOM", value: 600 }]);
    const [change] = await ttr;
    expect(change).toMatchObject({ ttrValue: 600, ttrType: "CUSTOM" });
    const sent = mock.requests.length;
    const error = await conv.setTTR("URGENT", 5).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).argument).toBe("value");
    expect(mock.requests.length).toBe(sent);
  });

  it("setManualETTR(time) emits manual-ettr-change", async () => {
    const time = Date.now() + 600_000;
    const change = nextEvent(conv, "manual-ettr-change");
    await conv.setManualETTR(time);
    expect(lastFields()).toEqual([{ field: "ManualETTR", time }]);
    const [payload] = await change;
    expect(payload.ttrEffectiveManual).toBe(time);
    await expect(conv.setManualETTR(1.5)).rejects.toBeInstanceOf(ValidationError);
  });

  it('setCsat("5", true) sends csatRate 5 as an integer', async () => {
    await conv.setCsat("5", true);
    expect(lastFields()).toEqual([{ field: "CSATRate", csatRate: 5, csatResolutionConfirmation: true, status: "FILLED" }]);
    await until(() => conv.state?.csat?.csatRate === 5);
    await expect(conv.setCsat("6", true)).rejects.toBeInstanceOf(ValidationError);
  });

  it("setAgentNote twice keeps both notes (the state between the calls)", async () => {
    const first = await conv.setAgentNote("first note");
    expect(first).toEqual({ truncated: false, truncatedText: "" });
    await until(() => (conv.note ?? "").includes("first note"), 3000, "the first note in the state");
    await conv.setAgentNote("second note", null, null, "n-2");
    await until(() => (conv.note ?? "").includes("second note"), 3000, "the second note in the state");
    expect(conv.note).toContain("first note");
    expect(conv.note).toContain("Ada");
    expect(conv.note).toContain("n-2");
    expect(mock.conversations.get("conv-1")?.note).toBe(conv.note);
  });

  it("setAgentNote twice back to back keeps both notes (it builds on the local note, stale until the state arrives)", async () => {
    await mock.close();
    connection.close();
    mock = await startMock({ token: TOKEN, notifyDelayMs: 50 });
    ({ connection, errors } = connectionTo(mock));
    conv = await openConversation(connection);
    await conv.setAgentNote("first note");
    await conv.setAgentNote("second note");
    const stored = mock.conversations.get("conv-1")?.note ?? "";
    expect(stored).toContain("first note");
    expect(stored).toContain("second note");
  });

  it("setNote delegates to setAgentNote", async () => {
    const result = await conv.setNote("legacy", "agent-9", "Bo", "n-1", true);
    expect(result.truncated).toBe(false);
    const fields = lastFields() as { field: string; note: string }[];
    expect(fields[0]?.field).toBe("Note");
    expect(fields[0]?.note).toBe("[Bo · n-1 · auto-summary]\nlegacy");
  });

  it("setAgentNote truncates to the 5,000-character cap, or refuses without truncateEnabled", async () => {
    await expect(conv.setAgentNote("x".repeat(6000), null, null, null, false, false)).rejects.toBeInstanceOf(ValidationError);
    const result = await conv.setAgentNote("x".repeat(6000));
    expect(result.truncated).toBe(true);
    const fields = lastFields() as { note: string }[];
    expect(fields[0]?.note.length).toBe(5000);
  });

  it('consumerTakeover("c-2") replaces the consumer: consumer-step-up', async () => {
    const stepUp = nextEvent(conv, "consumer-step-up");
    await conv.consumerTakeover("c-2");
    expect(lastFields()).toEqual([
      { field: "ParticipantsChange", type: "REMOVE", userId: "c-1", role: "CONSUMER" },
      { field: "ParticipantsChange", type: "ADD", userId: "c-2", role: "CONSUMER" },
    ]);
    await stepUp;
    expect(conv.consumer).toEqual({ id: "c-2", role: "CONSUMER", state: "ACTIVE" });
  });

  it("a dialog closed by a state change emits dialog:close; then there is no open dialog", async () => {
    const closed = nextEvent(conv, "dialog:close");
    const details = structuredClone(mock.conversations.get("conv-1")!);
    const dialog = details.dialogs[0]!;
    dialog.state = "CLOSE";
    dialog.metaDataLastUpdateTs = Date.now() + 1;
    mock.setState("conv-1", { dialogs: details.dialogs });
    const [state] = await closed;
    expect(state.state).toBe("CLOSE");
    expect(state.participantDetails).toHaveLength(2);
    expect(typeof state.metaDataLastUpdateTs).toBe("number");
    await expect(conv.sendMessage("late")).rejects.toBeInstanceOf(StateError);
  });

  it("a LOCKED conversation refuses setAgentNote with a StateError and sends nothing", async () => {
    mock.setState("conv-1", { state: "LOCKED" });
    await until(() => conv.state?.state === "LOCKED");
    const sent = mock.requests.length;
    await expect(conv.setAgentNote("nope")).rejects.toBeInstanceOf(StateError);
    expect(mock.requests.length).toBe(sent);
  });
});

describe("connection", () => {
  it("reconnects after a dropped socket, resubscribes and keeps receiving state", async () => {
    const reconnecting = nextEvent(connection, "reconnecting");
    expect(mock.dropConnections()).toBe(1);
    const [info] = await reconnecting;
    expect(info.delayMs).toBeLessThanOrEqual(20);
    await until(() => bodiesOf(mock, ".ams.aam.SubscribeExConversations").length === 2, 5000, "the resubscription");
    await until(() => mock.sockets() === 1);
    const ttr = nextEvent(conv, "ttr-change");
    mock.setState("conv-1", { ttr: { ttrType: "PRIORITIZED", value: 600 } });
    expect((await ttr)[0]).toMatchObject({ ttrType: "PRIORITIZED", ttrValue: 600 });
    expect(connection.getConversation("conv-1")).toBe(conv);
    await conv.sendMessage("still here");
    expect(lastEvent()).toMatchObject({ message: "still here" });
  });

  it("closeWith(4401) ends the connection with AuthenticationClosedError and no reconnection", async () => {
    const error = nextEvent(connection, "error");
    const close = nextEvent(connection, "close");
    let reconnecting = false;
    connection.on("reconnecting", () => (reconnecting = true));
    mock.closeWith(4401);
    const [err] = await error;
    expect(err).toBeInstanceOf(AuthenticationClosedError);
    expect(err.message).not.toContain(TOKEN);
    expect((await close)[0]).toMatchObject({ code: 4401, willReconnect: false });
    await new Promise((r) => setTimeout(r, 100));
    expect(reconnecting).toBe(false);
    expect(mock.sockets()).toBe(0);
    await expect(conv.sendMessage("x")).rejects.toBeInstanceOf(StateError);
  });

  it("connects with ?v=2.1 and speaks only the brand dialect's type names", async () => {
    await conv.sendMessage("hi");
    await conv.setTTR("URGENT");
    expect(mock.requests.map((r) => r.type)).toEqual([".ams.aam.SubscribeExConversations", ".ams.ms.PublishEvent", ".ams.cm.UpdateConversationField"]);
  });

  it("reads the v2 participants maps: participants from participantsPId, dialog ids by role order", async () => {
    const conversation = nextEvent(connection, "conversation");
    const wire = {
      convId: "conv-pid",
      participants: { CONSUMER: ["c-old"], ASSIGNED_AGENT: ["12345678.a-1"] },
      participantsPId: { CONSUMER: ["c-pid"], ASSIGNED_AGENT: ["a-pid"] },
      dialogs: [
        {
          dialogId: "dlg-pid",
          dialogType: "MAIN",
          channelType: "MESSAGING",
          state: "OPEN",
          participantsDetails: [
            { id: "c-old", role: "CONSUMER", state: "ACTIVE" },
            { id: "12345678.a-1", role: "ASSIGNED_AGENT", state: "ACTIVE" },
          ],
          creationTs: 1,
          metaDataLastUpdateTs: 2,
        },
      ],
      skillId: "s-1",
      groupId: "g-1",
      brandId: "12345678",
      state: "OPEN",
      stage: "OPEN",
      startTs: 1,
      metaDataLastUpdateTs: 2,
      ttr: { ttrType: "NORMAL", value: 3600 },
    };
    mock.pushRaw({ subscriptionId: "sub", changes: [{ type: "UPSERT", result: { convId: "conv-pid", numberOfunreadMessages: { "c-pid": 3 }, conversationDetails: wire } }] });
    const [pid] = await conversation;
    expect(pid.id).toBe("conv-pid");
    expect(pid.state?.participants).toEqual([
      { id: "c-pid", role: "CONSUMER" },
      { id: "a-pid", role: "ASSIGNED_AGENT" },
    ]);
    expect(pid.consumer).toEqual({ id: "c-pid", role: "CONSUMER", state: "ACTIVE" });
    expect(pid.assignedAgent).toEqual({ id: "a-pid", role: "ASSIGNED_AGENT", state: "ACTIVE" });
    expect(pid.numberOfunreadMessages).toEqual({ "c-pid": 3 });
    expect(pid.state).not.toHaveProperty("participantsPId");
  });

  it("emits each .ams.ms.OnlineEventDistribution as message {dialogId, changes: [event]}", async () => {
    const message = nextEvent(connection, "message");
    await conv.sendMessage("one event");
    const [body] = await message;
    expect(body.dialogId).toBe("dlg-1");
    expect(body.changes).toHaveLength(1);
    expect(body.changes[0]).toMatchObject({ sequence: 0, originatorId: "12345678.a-1", event: { message: "one event" } });
  });

  it("counts and reports a notification type it does not know, instead of dropping it", async () => {
    const reported: { type: string; count: number; body: unknown }[] = [];
    connection.on("unknownNotification", (info) => reported.push(info));
    mock.pushRaw({ changes: [] }, ".ams.routing.RoutingTaskNotification");
    mock.pushRaw({ changes: [] }, ".ams.routing.RoutingTaskNotification");
    mock.pushRaw({ agentUserId: "x" }, ".ams.routing.AgentStateNotification");
    await until(() => reported.length === 3, 3000, "three reports");
    expect(reported).toEqual([
      { type: ".ams.routing.RoutingTaskNotification", count: 1, body: { changes: [] } },
      { type: ".ams.routing.RoutingTaskNotification", count: 2, body: { changes: [] } },
      { type: ".ams.routing.AgentStateNotification", count: 1, body: { agentUserId: "x" } },
    ]);
    expect(connection.unknownNotifications).toEqual({ ".ams.routing.RoutingTaskNotification": 2, ".ams.routing.AgentStateNotification": 1 });
    // The mock itself flags them: they are not in the spec.
    expect(mock.violations.splice(0).map((v) => [v.direction, v.type])).toEqual([
      ["out", ".ams.routing.RoutingTaskNotification"],
      ["out", ".ams.routing.RoutingTaskNotification"],
      ["out", ".ams.routing.AgentStateNotification"],
    ]);
  });

  it("a change notification it cannot read is an InvalidResponseError naming the type and the field", async () => {
    const error = nextEvent(connection, "error");
    mock.pushRaw({ subscriptionId: "sub", changes: [{ type: "UPSERT", result: { convId: "conv-1", conversationDetails: { participants: "nobody" } } }] });
    const [err] = await error;
    expect(err.name).toBe("InvalidResponseError");
    expect(err.message).toContain(".ams.aam.ExConversationChangeNotification");
    expect(err.message).toContain("body.changes[0].result.conversationDetails.participants");
    expect(connection.getConversation("conv-1")).toBe(conv);
    mock.violations.splice(0); // sent broken on purpose
  });

  it("never puts the token in an error message (wrong token, closed connection, failed requests)", async () => {
    const other = connectionTo(mock, { token: `${TOKEN}-wrong` });
    const seen: Error[] = [];
    other.connection.on("error", (e) => seen.push(e));
    await other.connection.connect().catch((e: Error) => seen.push(e));
    await until(() => seen.some((e) => e instanceof AuthenticationClosedError), 3000, "the auth error");
    await other.connection.request(".ams.ms.PublishEvent", {}).catch((e: Error) => seen.push(e));
    other.connection.close();
    // A failed request on the good connection: a 400 with the mock's message.
    await connection.request("ms.Nope", { token: "irrelevant" }).catch((e: Error) => seen.push(e));
    mock.violations.splice(0); // that request was invalid on purpose
    connection.close();
    await conv.sendMessage("x").catch((e: Error) => seen.push(e));
    expect(seen.length).toBeGreaterThanOrEqual(4);
    for (const e of seen) {
      expect(e.message).not.toContain(TOKEN);
      expect(e.message).not.toContain(encodeURIComponent(TOKEN));
      expect(String(e.stack)).not.toContain(TOKEN);
    }
  });
});
