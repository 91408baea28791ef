// Every member, method and event of the vendor's Conversation (seed 003, transcribed here) is in
// the spec and in the built package.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const spec = parse(readFileSync(new URL("../../../openapi/conversation.asyncapi.yaml", import.meta.url), "utf8"));

const MEMBERS = [
  "appInstId", "assignedAgent", "campaignId", "consumer", "handlerAccountId", "note", "notificationCount",
  "notificationIgnoredCount", "notificationOutOfOrderCount", "numberOfunreadMessages", "ttrEffective",
];
const METHODS = [
  "consumerTakeover", "getDialog", "join", "processStateNotification", "queryMessages", "sendMessage", "sendPrivateMessage",
  "sendRichText", "setAgentNote", "setCsat", "setManualETTR", "setNote", "setTTR", "transfer", "unload", "uploadFile",
];
const EVENTS = [
  "dialog:close", "back-to-queue", "consumer-step-up", "group-change", "manual-ettr-change", "participant-added",
  "participant-removed", "participant-suggested", "participant-suggested-removed", "transfer-agent", "transfer-skill", "ttr-change",
];
const WIRE = [
  "ms.PublishEvent", "cm.UpdateConversationField", "ms.GenerateURLForUploadFile", "ms.QueryMessages", "cqm.SubscribeExConversations",
  "cqm.ExConversationChangeNotification", "ms.MessagingEventNotification",
];
const ENUMS: Record<string, string[]> = {
  DialogType: ["MAIN", "POST_SURVEY"],
  ParticipantRole: ["CONSUMER", "ASSIGNED_AGENT", "MANAGER", "READER", "AGENT", "CONTROLLER"],
  ParticipantState: ["ACTIVE", "SUGGESTED"],
  TTRType: ["CUSTOM", "NORMAL", "PRIORITIZED", "URGENT"],
  CsatStatus: ["FILLED", "PARTIALLY_FILLED", "SKIPPED"],
  ConversationState: ["OPEN", "CLOSE", "LOCKED"],
  CloseReason: ["AGENT", "CONSUMER", "TIMEOUT", "SYSTEM"],
};

describe("the spec", () => {
  it("documents every member, method and event of the seed", () => {
    expect(Object.keys(spec["x-parley-members"]).sort()).toEqual([...MEMBERS].sort());
    expect(Object.keys(spec["x-parley-methods"]).sort()).toEqual([...METHODS].sort());
    expect(Object.keys(spec["x-parley-client-events"]).sort()).toEqual([...EVENTS].sort());
  });

  it("has every wire message the methods use, and every enum value", () => {
    const channel = Object.keys(spec.channels.connection.messages);
    const named = Object.values(spec.components.messages as Record<string, { name: string }>).map((m) => m.name);
    for (const type of WIRE) {
      expect(channel, type).toContain(type);
      expect(named, type).toContain(type);
    }
    for (const [name, values] of Object.entries(ENUMS)) expect(spec.components.schemas[name].enum, name).toEqual(values);
  });
});

describe("the built package", () => {
  // Computed path: type-checking must not need the build (turbo builds before testing).
  const built = createRequire(import.meta.url)(new URL("../dist/index.cjs", import.meta.url).pathname) as {
    Conversation: { prototype: object };
    Connection: { prototype: object };
  };

  it.each(METHODS)("Conversation has the method %s", (name) => {
    expect(typeof (built.Conversation.prototype as Record<string, unknown>)[name]).toBe("function");
  });

  it.each(MEMBERS)("Conversation has the member %s", (name) => {
    const descriptor = Object.getOwnPropertyDescriptor(built.Conversation.prototype, name);
    expect(typeof descriptor?.get, name).toBe("function");
  });

  it("Connection can load, subscribe and route conversations", () => {
    for (const name of ["connect", "close", "subscribe", "request", "getConversation", "getConversations", "loadConversation"]) {
      expect(typeof (built.Connection.prototype as Record<string, unknown>)[name], name).toBe("function");
    }
  });
});
