// The brand dialect's readers on their own: what node-agent-sdk 1.2.0's Transformer.js does to the
// same frames, and a typed error naming the type and the field for anything unreadable.
import { InvalidResponseError } from "@parley/core";
import { describe, expect, it } from "vitest";
import { API_VERSION, REQUEST, readNotification, readQueryMessages } from "../src/dialect.js";

const EVENT = { sequence: 3, originatorId: "12345678.a-1", originatorPId: "pid-a", serverTimestamp: 1, dialogId: "d-1", event: { type: "ContentEvent", contentType: "text/plain", message: "hi" } };

function v2Details() {
  return {
    convId: "c-1",
    participants: { CONSUMER: ["old-c"], ASSIGNED_AGENT: ["12345678.a-1", "12345678.a-2"] },
    participantsPId: { CONSUMER: ["pid-c"], ASSIGNED_AGENT: ["pid-a", "pid-b"] },
    dialogs: [
      {
        dialogId: "d-1",
        participantsDetails: [
          { id: "x", role: "ASSIGNED_AGENT", state: "ACTIVE" },
          { id: "y", role: "CONSUMER", state: "ACTIVE" },
          { id: "z", role: "ASSIGNED_AGENT", state: "ACTIVE" },
          { id: "s", role: "MANAGER", state: "SUGGESTED" },
        ],
      },
    ],
    state: "OPEN",
  };
}

describe("the brand dialect", () => {
  it("names what node-agent-sdk 1.2.0 sends on ?v=2.1", () => {
    expect(API_VERSION).toBe("2.1");
    expect(REQUEST).toEqual({
      subscribe: ".ams.aam.SubscribeExConversations",
      updateField: ".ams.cm.UpdateConversationField",
      publish: ".ams.ms.PublishEvent",
      uploadUrl: ".ams.ms.GenerateURLForUploadFile",
      queryMessages: ".ams.ms.QueryMessages",
    });
  });

  it("reads .ams.aam.ExConversationChangeNotification as createParticipantsList does", () => {
    const read = readNotification(".ams.aam.ExConversationChangeNotification", {
      subscriptionId: "s",
      changes: [{ type: "UPSERT", result: { convId: "c-1", lastUpdateTime: 5, numberOfunreadMessages: { "pid-c": 1 }, effectiveTTR: 9, conversationDetails: v2Details() } }],
    });
    expect(read.kind).toBe("changes");
    if (read.kind !== "changes") return;
    expect(read.errors).toEqual([]);
    const [change] = read.changes;
    expect(change).toMatchObject({ type: "UPSERT", convId: "c-1", result: { convId: "c-1", effectiveTTR: 9 } });
    expect(change!.result).not.toHaveProperty("lastUpdateTime");
    const details = change!.result.conversationDetails as unknown as Record<string, unknown>;
    // participants from participantsPId; each dialog participant takes its role's PIds in order.
    expect(details["participants"]).toEqual([
      { id: "pid-c", role: "CONSUMER" },
      { id: "pid-a", role: "ASSIGNED_AGENT" },
      { id: "pid-b", role: "ASSIGNED_AGENT" },
    ]);
    expect((details["dialogs"] as { participantsDetails: { id: string }[] }[])[0]!.participantsDetails.map((p) => p.id)).toEqual(["pid-a", "pid-c", "pid-b", "s"]);
    expect(details).not.toHaveProperty("participantsPId");
    expect(details).not.toHaveProperty("convId");
    expect(details["numberOfunreadMessages"]).toEqual({ "pid-c": 1 });
  });

  it("passes the v3-shaped cqm.ExConversationChangeNotification through, as node-agent-sdk does", () => {
    const details = { participants: [{ id: "p", role: "CONSUMER" }], dialogs: [], state: "OPEN" };
    const read = readNotification("cqm.ExConversationChangeNotification", { changes: [{ type: "DELETE", result: { convId: "c-2", conversationDetails: details } }] });
    expect(read).toEqual({ kind: "changes", errors: [], changes: [{ type: "DELETE", convId: "c-2", result: { convId: "c-2", conversationDetails: details } }] });
  });

  it("wraps one .ams.ms.OnlineEventDistribution event as {dialogId, changes: [event]}, originatorPId as originatorId", () => {
    expect(readNotification(".ams.ms.OnlineEventDistribution", EVENT)).toEqual({
      kind: "message",
      body: { dialogId: "d-1", changes: [{ ...EVENT, originatorId: "pid-a" }] },
    });
    expect(readNotification("ms.MessagingEventNotification", { dialogId: "d-1", changes: [EVENT] })).toEqual({
      kind: "message",
      body: { dialogId: "d-1", changes: [{ ...EVENT, originatorId: "pid-a" }] },
    });
  });

  it("reads the .ams.ms.QueryMessages$Response array", () => {
    expect(readQueryMessages([EVENT])).toEqual([{ ...EVENT, originatorId: "pid-a" }]);
    expect(readQueryMessages([])).toEqual([]);
  });

  it("names an unknown type instead of guessing", () => {
    expect(readNotification(".ams.routing.RoutingTaskNotification", { changes: [] })).toEqual({ kind: "unknown", type: ".ams.routing.RoutingTaskNotification" });
  });

  it.each([
    [".ams.aam.ExConversationChangeNotification", null, "body.changes"],
    [".ams.ms.OnlineEventDistribution", { sequence: 1 }, "body.dialogId"],
    [".ams.ms.OnlineEventDistribution", { dialogId: "d", sequence: "1" }, "body.sequence"],
    ["ms.MessagingEventNotification", { dialogId: "d", changes: {} }, "body.changes"],
  ])("%s with an unreadable body is an InvalidResponseError naming the type and %s", (type, body, field) => {
    const read = () => readNotification(type, body);
    expect(read).toThrow(InvalidResponseError);
    expect(read).toThrow(type);
    expect(read).toThrow(field);
  });

  it("one unreadable change is reported in errors, the others are read", () => {
    const read = readNotification(".ams.aam.ExConversationChangeNotification", {
      changes: [
        { type: "UPSERT", result: { convId: "ok", conversationDetails: v2Details() } },
        { type: "UPSERT", result: { conversationDetails: v2Details() } },
        { type: "MOVE", result: {} },
        { type: "UPSERT", result: { convId: "bad", conversationDetails: { participantsPId: { CONSUMER: [1] } } } },
      ],
    });
    if (read.kind !== "changes") throw new Error("not changes");
    expect(read.changes.map((c) => c.convId)).toEqual(["ok"]);
    expect(read.errors.map((e) => e.message)).toEqual([
      ".ams.aam.ExConversationChangeNotification: body.changes[1].result.convId is not a string.",
      ".ams.aam.ExConversationChangeNotification: body.changes[2].type is not UPSERT or DELETE.",
      ".ams.aam.ExConversationChangeNotification: body.changes[3].result.conversationDetails.participantsPId.CONSUMER is not an array of ids.",
    ]);
    expect(read.errors.every((e) => e instanceof InvalidResponseError)).toBe(true);
  });

  it("a QueryMessages body that is not an array is an InvalidResponseError naming the response", () => {
    expect(() => readQueryMessages({ events: [] })).toThrow(".ams.ms.QueryMessages$Response: body is not an array of events.");
  });
});
