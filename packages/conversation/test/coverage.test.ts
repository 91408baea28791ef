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
// The brand endpoint's dialect (?v=2.1), as node-agent-sdk 1.2.0 speaks it.
const WIRE = [
  ".ams.ms.PublishEvent", ".ams.cm.UpdateConversationField", ".ams.ms.GenerateURLForUploadFile", ".ams.ms.QueryMessages",
  ".ams.aam.SubscribeExConversations", ".ams.aam.ExConversationChangeNotification", ".ams.ms.OnlineEventDistribution",
  ".GetClock",
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
    const messages = spec.components.messages as Record<string, { name: string }>;
    const channel = Object.values(spec.channels.connection.messages as Record<string, { $ref: string }>).map((m) => messages[m.$ref.split("/").pop()!]!.name);
    const named = Object.values(messages).map((m) => m.name);
    for (const type of WIRE) {
      expect(channel, type).toContain(type);
      expect(named, type).toContain(type);
      // Every request's success response is typed as node-agent-sdk expects: `<type>$Response`.
      if (!type.endsWith("Notification") && !type.endsWith("Distribution")) expect(channel, type).toContain(`${type}$Response`);
    }
    // No v3 short name on the brand endpoint; `.GetClock` has no `.ams.` prefix in node-agent-sdk's lib/Const.js.
    expect(channel.filter((name) => !name.startsWith(".ams."))).toEqual([".GetClock", ".GetClock$Response"]);
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
