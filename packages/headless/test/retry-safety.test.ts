// Every operation against every fault: an operation the spec marks `x-parley-idempotent: false` is
// never sent twice unless the server provably did not process it (429/503 with Retry-After); one
// marked `true` is retried. The SDK's list of idempotent POSTs is held to the spec.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { Client, InternalServerError, type MessageResponse } from "../src/index.js";
import { IDEMPOTENT_POSTS } from "../src/idempotent.js";
import { AUTH_PATH, CHAT_ID, MENU_ID, TOKEN, chatState, serverPerTest, type Behaviour } from "./support/server.js";

const spec = parse(readFileSync(new URL("../../../openapi/headless.yaml", import.meta.url), "utf8"));
const { server, track } = serverPerTest({ beforeEach, afterEach });

interface Operation {
  method: string;
  template: string;
  idempotent: boolean;
  success: Behaviour;
}

const resolve = (node: any): any => (node?.$ref ? resolve(node.$ref.split("/").slice(1).reduce((n: any, k: string) => n[k], spec)) : node);

/** Each operation with its first 2xx answer, built from the spec's own example. */
const OPERATIONS: Record<string, Operation> = {};
for (const [template, item] of Object.entries(spec.paths as Record<string, Record<string, any>>)) {
  for (const [method, op] of Object.entries(item)) {
    if (!["get", "post", "put", "delete"].includes(method)) continue;
    const [status, raw] = Object.entries(op.responses as Record<string, unknown>).find(([code]) => code.startsWith("2"))!;
    const content = resolve(raw).content ?? {};
    const json = content["application/json"];
    const example = json ? (json.example ?? resolve(Object.values(json.examples)[0]).value) : undefined;
    const success: Behaviour =
      example !== undefined
        ? { status: Number(status), json: example }
        : content["application/octet-stream"]
          ? { status: 200, headers: { "content-type": "application/octet-stream" }, body: new Uint8Array([1, 2, 3]) }
          : { status: Number(status) };
    OPERATIONS[op.operationId] = { method: method.toUpperCase(), template, idempotent: op["x-parley-idempotent"], success };
  }
}

const ATTACHMENT = { $index: 1, $sid: "s1", $timestamp: 1, $userType: "agent", $userId: 1, type: "photo", media_id: 44 } as unknown as MessageResponse;
const file = new File(["hello"], "a.txt", { type: "text/plain" });

/** How the SDK calls each operation (the current chat is CHAT_ID). */
const CALLS: Record<string, (c: Client) => Promise<unknown>> = {
  createEndUserToken: (c) => c.getCompany(),
  getTrigger: (c) => c.getTrigger(),
  getCompany: (c) => c.getCompany(),
  getAfterHourMessage: (c) => c.getAfterHourMessage(),
  getMenus: (c) => c.getMenus(),
  getWaitTimes: (c) => c.getWaitTimes(MENU_ID),
  getTimeSlots: (c) => c.getTimeSlots(MENU_ID),
  createCall: (c) => c.createCall(MENU_ID, { phone_number: "+15551234567" }),
  loadCall: (c) => c.loadCall(77),
  cancelCall: (c) => c.cancelCall(77),
  createChat: (c) => c.createChat(MENU_ID, {}),
  createEmail: (c) => c.createEmail(MENU_ID, { email: "ana@example.com", content: "Hello" }),
  loadChat: (c) => c.loadChat(CHAT_ID),
  destroyChat: (c) => c.destroyChat(),
  resumeChat: (c) => c.resumeChat(CHAT_ID),
  finishChat: (c) => c.finishChat(),
  fetchMessages: (c) => c.fetchMessages(),
  sendMessage: (c) => c.sendTextMessage("pay me once"),
  uploadChatMedia: (c) => c.sendFileMessage(file),
  getMessageAttachment: (c) => c.getMessageAttachment(ATTACHMENT),
  sendPreviewMessage: (c) => c.sendPreviewMessage("typing"),
  getChatDeflection: (c) => c.getChatDeflection(),
  sendChatTranscripts: (c) => c.sendChatTranscripts(["ana@example.com"]),
  downloadChatTranscript: (c) => c.downloadChatTranscript(),
  getPdfStatus: (c) => c.getPdfStatus(5),
  getChatSurvey: (c) => c.getChatSurvey(),
  sendChatSurvey: (c) => c.sendChatSurvey({ "1": 5 }),
  sendChatRate: (c) => c.sendChatRate({ rating: 5 }),
  escalateChat: (c) => c.escalateChat(),
  trackChatEscalation: (c) => c.trackChatEscalation(9, "email"),
  trackChatEndUserEvent: (c) => c.trackChatEndUserEvent({}),
  getChatHistory: (c) => c.getChatHistory(),
  getProhibitedFileTypes: (c) => c.getProhibitedFileTypes(),
  createCobrowseCode: (c) => c.createCobrowseCode(),
  startCobrowse: (c) => c.startCobrowse(),
  updatePostSession: (c) => c.updatePostSession("ready"),
};

const concrete = (template: string) =>
  `/api/v2${template}`
    .replace("{menuId}", String(MENU_ID))
    .replace("{chatId}", String(CHAT_ID))
    .replace("{callId}", "77")
    .replace("{mediaId}", "44")
    .replace("{transcriptId}", "5")
    .replace("{escalationId}", "9");

const FAULTS: Record<string, { behaviour: Behaviour; notProcessed: boolean }> = {
  // A hint to retry at once keeps the run fast, and does not make a 5xx "not processed".
  "500": { behaviour: { status: 500, headers: { "retry-after-ms": "0" }, json: { title: "boom" } }, notProcessed: false },
  "502": { behaviour: { status: 502, headers: { "retry-after-ms": "0" } }, notProcessed: false },
  "504": { behaviour: { status: 504, headers: { "retry-after": "0" } }, notProcessed: false },
  reset: { behaviour: "reset", notProcessed: false },
  "503 with Retry-After": { behaviour: { status: 503, headers: { "retry-after": "0" } }, notProcessed: true },
  "429 with Retry-After": { behaviour: { status: 429, headers: { "retry-after": "0" }, json: { title: "slow down" } }, notProcessed: true },
};

async function clientWithChat(): Promise<Client> {
  server().on("POST", `/api/v2/menus/${MENU_ID}/chats`, { status: 201, json: chatState() });
  const client = new Client({ companyId: "acme", authenticate: async () => ({ token: "jwt" }), host: server().url, transport: false });
  track(client);
  await client.createChat(MENU_ID, {});
  return client;
}

describe("the retry rule per operation", () => {
  it("the spec marks every operation, GET/PUT/DELETE as idempotent, and the SDK's idempotent POSTs are exactly the spec's", () => {
    const marked = Object.values(OPERATIONS).filter((o) => o.method === "POST" && o.idempotent).map((o) => `POST ${o.template}`);
    expect([...IDEMPOTENT_POSTS].sort()).toEqual(marked.sort());
    for (const [id, o] of Object.entries(OPERATIONS)) {
      expect(typeof o.idempotent, id).toBe("boolean");
      if (o.method !== "POST") expect(o.idempotent, id).toBe(true);
    }
    expect(Object.keys(CALLS).sort()).toEqual(Object.keys(OPERATIONS).sort());
  });

  it('sendTextMessage("pay me once") answered 500 then 201 rejects, and the server stored one message', async () => {
    const client = await clientWithChat();
    const path = `/api/v2/chats/${CHAT_ID}/messages`;
    server().on("POST", path, { status: 500, json: { title: "boom" } }, OPERATIONS["sendMessage"]!.success);
    await expect(client.sendTextMessage("pay me once")).rejects.toBeInstanceOf(InternalServerError);
    expect(server().requestsTo("POST", path)).toHaveLength(1);
  });

  it("property: every operation under every fault is sent again exactly when the rule allows it", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(OPERATIONS)), fc.constantFrom(...Object.keys(FAULTS)), async (id, faultName) => {
        const op = OPERATIONS[id]!;
        const fault = FAULTS[faultName]!;
        server().requests.length = 0;
        const client = await clientWithChat();
        const path = id === "createEndUserToken" ? AUTH_PATH : concrete(op.template);
        if (id === "createEndUserToken") {
          // A fresh client, so that it must log in: the login is what meets the fault.
          server().on("POST", AUTH_PATH, fault.behaviour, { status: 200, json: { token: TOKEN, expires_in: 3600 } });
          server().on("GET", "/api/v2/company", OPERATIONS["getCompany"]!.success);
          const fresh = new Client({ companyId: "acme", authenticate: async () => ({ token: "jwt" }), host: server().url, transport: false });
          track(fresh);
          server().requests.length = 0;
          await CALLS[id]!(fresh).catch(() => undefined);
        } else {
          server().on(op.method, path, fault.behaviour, op.success);
          if (id === "uploadChatMedia") server().on("POST", concrete("/chats/{chatId}/messages"), OPERATIONS["sendMessage"]!.success);
          server().requests.length = 0;
          await CALLS[id]!(client).catch(() => undefined);
        }
        const expected = op.idempotent || fault.notProcessed ? 2 : 1;
        expect(server().requestsTo(op.method, path).length, `${id} after ${faultName}`).toBe(expected);
      }),
      { numRuns: 100 },
    );
  }, 90_000);
});
