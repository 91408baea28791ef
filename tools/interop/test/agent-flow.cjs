// Runs LivePerson's public agent SDK (node-agent-sdk 1.2.0, unmodified) through one flow against
// Parley's conversation mock: CSDS lookup over https, wss connect, subscribe, the first change
// notification, publish a message, update TTR and note, read the clock. Started by
// node-agent-sdk.test.mjs in its own process, whose NODE_EXTRA_CA_CERTS trusts the test's throwaway
// certificate (no check is disabled). Every step is printed as one JSON line on stdout; the
// process exits when done.
"use strict";
const { Agent } = require("node-agent-sdk");

const { ACCOUNT_ID, TOKEN, USER_ID, CSDS_DOMAIN, NOTE } = process.env;
/**
 * What node-agent-sdk (untyped) hands its callbacks and listeners, read as it comes.
 * @typedef {any} SdkValue
 */
/** @type {(step: string, data: object) => boolean} */
const report = (step, data) => process.stdout.write(`${JSON.stringify({ step, ...data })}\n`);
/** @type {(err: SdkValue) => { message: string, code: unknown } | null} */
const errorOf = (err) => (err ? { message: String(err.message ?? err.body?.msg ?? JSON.stringify(err)), code: err.code } : null);

const agent = new Agent({ accountId: ACCOUNT_ID, token: TOKEN, userId: USER_ID, csdsDomain: CSDS_DOMAIN, requestTimeout: 5000 });

/** @type {SdkValue} */
let conversation; // the first conversation of the first change notification
agent.on("error", (/** @type {SdkValue} */ err) => report("error", { error: errorOf(err) }));
agent.on("closed", (/** @type {SdkValue} */ data) => report("closed", { data }));
agent.on("ms.MessagingEventNotification", (/** @type {SdkValue} */ body) => report("message", { body }));
agent.on("cqm.ExConversationChangeNotification", (/** @type {SdkValue} */ body) => {
  report("change", { body });
  if (conversation) return;
  conversation = body.changes[0].result;
  flow().catch((err) => report("error", { error: errorOf(err) }));
});
agent.on("connected", () => {
  report("connected", {});
  agent.subscribeExConversations({ convState: ["OPEN"] }, (/** @type {SdkValue} */ err, /** @type {SdkValue} */ body) => report("subscribed", { error: errorOf(err), body }));
});

/** @type {(method: string, body: object) => Promise<void>} */
const call = (method, body) =>
  new Promise((resolve) => {
    agent[method](body, (/** @type {SdkValue} */ err, /** @type {SdkValue} */ result) => {
      report(method, { error: errorOf(err), body: result });
      resolve();
    });
  });

async function flow() {
  const { convId } = conversation;
  const dialogId = conversation.conversationDetails.dialogs[0].dialogId;
  await call("publishEvent", { dialogId, event: { type: "ContentEvent", contentType: "text/plain", message: "hello from node-agent-sdk" } });
  await call("updateConversationField", { conversationId: convId, conversationField: [{ field: "TTRField", ttrType: "CUSTOM", value: 600 }] });
  await call("updateConversationField", { conversationId: convId, conversationField: [{ field: "Note", note: NOTE }] });
  // The SDK's documented keep-alive request (README `getClock`), Parley's keepalive probe too.
  await call("getClock", {});
  report("done", {});
}
