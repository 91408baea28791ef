// @parley/conversation: connect as an agent, subscribe to open conversations, answer the first,
// close. Runs against the sandbox's mock (`npm start`); for a real account set LP_ACCOUNT_ID,
// LP_BEARER and LP_MESSAGING_URL (wss:// and your account's asyncMessagingEnt domain).
import { Connection } from "@parley/conversation";
import WebSocket from "ws"; // Node 20 has no WebSocket; in a browser or Node 22+ leave it out

const connection = new Connection({
  accountId: process.env.LP_ACCOUNT_ID ?? "12345678",
  token: process.env.LP_BEARER ?? "test-token", // the token the mock accepts
  url: process.env.LP_MESSAGING_URL ?? "ws://127.0.0.1:4040",
  WebSocket,
});
// Failed connection attempts, notifications the SDK could not read, failures no call could reject with.
connection.on("error", (error) => console.error(`error: ${error.name}: ${error.message}`));

/** What `listen` delivers first; rejects when nothing came within 10 s. */
function within10s(what, listen) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No ${what} within 10 s.`)), 10_000);
    listen((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

// The subscription's first notification brings the open conversations.
const first = within10s("open conversation", (deliver) => connection.once("conversation", deliver));

try {
  await connection.connect();
  await connection.subscribe({ convState: ["OPEN"] });
  const conversation = await first;
  console.log(`conversation ${conversation.id}: consumer ${conversation.consumer?.id}, agent ${conversation.assignedAgent?.id}`);
  await conversation.sendMessage("Hello! How can I help?");
  await conversation.setTTR("PRIORITIZED");
  // The server confirms a change with a state notification: wait for it unless the state shows it already.
  const ttr = conversation.state?.ttr.ttrType === "PRIORITIZED" ? "PRIORITIZED" : await within10s("ttr-change", (deliver) => conversation.once("ttr-change", ({ ttrType }) => deliver(ttrType)));
  console.log("ttr", ttr);
  const { truncated } = await conversation.setAgentNote("Customer asked about a refund.");
  console.log(`answered ${conversation.id}; note truncated: ${truncated}`);
} finally {
  connection.close(); // no reconnection after this, so the script ends
}
