// Every operation against every fault: only GET and PUT (marked `x-parley-idempotent: true` in the
// spec) are sent again after a request may have reached the server; every POST is sent once
// unless the server provably did not process it (429/503 with Retry-After).
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { AgentApi, ConnectionError, InternalServerError } from "../src/index.js";
import { serverPerTest, type Behaviour } from "@parley/test-support";

const spec = parse(readFileSync(new URL("../../../openapi/agent-api.yaml", import.meta.url), "utf8"));
const { server } = serverPerTest({ beforeEach, afterEach });
const CONV = "c0a8012e-5f3b-4c1a-9d2e-7b6f1e2d3c4a";
const api = () => new AgentApi({ apiKey: "sk-test-retry-0123456789", baseUrl: server().url });

const resolve = (node: any): any => (node?.$ref ? resolve(node.$ref.split("/").slice(1).reduce((n: any, k: string) => n[k], spec)) : node);

interface Operation {
  method: string;
  path: string;
  idempotent: boolean;
  success: Behaviour;
}

const OPERATIONS: Record<string, Operation> = {};
for (const [template, item] of Object.entries(spec.paths as Record<string, Record<string, any>>)) {
  for (const [method, op] of Object.entries(item)) {
    if (!["get", "post", "put", "delete"].includes(method)) continue;
    const [status, raw] = Object.entries(op.responses as Record<string, unknown>).find(([code]) => code.startsWith("2"))!;
    const content = resolve(raw).content ?? {};
    const json = content["application/json"];
    const example = json ? (json.example ?? resolve(Object.values(json.examples)[0]).value) : undefined;
    const success: Behaviour = op.operationId === "chat.stream" ? { stream: ["Olá"] } : { status: Number(status), json: example };
    const path = template.replace(/\{(idConversation|convId|idconv)\}/, CONV).replace("{botId}", "bot_3f9a").replace("{idmessage}", "msg_1");
    OPERATIONS[op.operationId] = { method: method.toUpperCase(), path, idempotent: op["x-parley-idempotent"], success };
  }
}

const CALLS: Record<string, (a: AgentApi) => Promise<unknown>> = {
  "conversations.list": async (a) => a.conversations.list(),
  "conversations.get": (a) => a.conversations.get(CONV),
  "messages.list": (a) => a.messages.list(CONV),
  "conversations.create": (a) => a.conversations.create("bot_3f9a"),
  "conversations.updateMeta": (a) => a.conversations.updateMeta(CONV, { plan: "enterprise" }),
  "chat.stream": (a) => a.chat.stream(CONV, "Olá").text(),
  "chat.complete": (a) => a.chat.complete(CONV, "Olá"),
  "feedback.send": (a) => a.feedback.send("msg_1", { feedback: "positive" }),
  "survey.send": (a) => a.survey.send(CONV, { survey: 5 }),
};

const FAULTS: Record<string, { behaviour: Behaviour; notProcessed: boolean }> = {
  "500": { behaviour: { status: 500, headers: { "retry-after-ms": "0" }, json: { title: "boom" } }, notProcessed: false },
  "504": { behaviour: { status: 504, headers: { "retry-after": "0" } }, notProcessed: false },
  reset: { behaviour: "reset", notProcessed: false },
  "503 with Retry-After": { behaviour: { status: 503, headers: { "retry-after": "0" } }, notProcessed: true },
  "429 with Retry-After": { behaviour: { status: 429, headers: { "retry-after": "0" }, json: { title: "slow down" } }, notProcessed: true },
};

describe("the retry rule per operation", () => {
  it("every operation is marked, and only GET and PUT are marked idempotent", () => {
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(OPERATIONS).sort());
    for (const [id, op] of Object.entries(OPERATIONS)) expect(op.idempotent, id).toBe(op.method !== "POST");
  });

  it("conversations.create reset after it was written: one request, ConnectionError", async () => {
    server().on("POST", "/conversation/create/bot_3f9a", "reset", OPERATIONS["conversations.create"]!.success);
    await expect(api().conversations.create("bot_3f9a")).rejects.toBeInstanceOf(ConnectionError);
    expect(server().requestsTo("POST", "/conversation/create/bot_3f9a")).toHaveLength(1);
  });

  it("chat.complete answered 500 then 200: one request, InternalServerError", async () => {
    const path = `/conversation/complete/${CONV}`;
    server().on("POST", path, { status: 500, json: { title: "boom" } }, OPERATIONS["chat.complete"]!.success);
    await expect(api().chat.complete(CONV, "Olá")).rejects.toBeInstanceOf(InternalServerError);
    expect(server().requestsTo("POST", path)).toHaveLength(1);
  });

  it("property: every operation under every fault is sent again exactly when the rule allows it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(OPERATIONS)), fc.constantFrom(...Object.keys(FAULTS)), async (id, faultName) => {
        const op = OPERATIONS[id]!;
        const fault = FAULTS[faultName]!;
        server().on(op.method, op.path, fault.behaviour, op.success);
        server().requests.length = 0;
        await CALLS[id]!(api()).catch(() => undefined);
        const expected = op.idempotent || fault.notProcessed ? 2 : 1;
        expect(server().requestsTo(op.method, op.path).length, `${id} after ${faultName}`).toBe(expected);
      }),
      { numRuns: 60 },
    );
  }, 90_000);
});
