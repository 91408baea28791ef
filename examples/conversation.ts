// @parley/conversation: connect as an agent, subscribe to open conversations, answer the first,
// close. Runs against the sandbox's mock (`npm start`); for a real account set LP_ACCOUNT_ID,
// LP_BEARER and LP_MESSAGING_URL (wss:// and your account's asyncMessagingEnt domain).
import { Connection, type Conversation } from "@parley/conversation";
import WebSocket from "ws"; // Node 20 has no WebSocket; in a browser or Node 22+ leave it out

const connection = new Connection({
  accountId: process.env.LP_ACCOUNT_ID ?? "12345678",
  token: process.env.LP_BEARER ?? "test-token", // the token the mock accepts
  url: process.env.LP_MESSAGING_URL ?? "ws://127.0.0.1:4040",
  WebSocket,
});
connection.on("conversation", (conversation) => {
  conversation.on("participant-added", ({ participant }) => console.log("joined", participant.id));
  conversation.on("ttr-change", ({ ttrType }) => console.log("ttr", ttrType));
});
// The subscription's first notification brings the open conversations: wait (at most 10 s) for one.
const first = new Promise<Conversation | undefined>((resolve) => {
  const timer = setTimeout(() => resolve(undefined), 10_000);
  connection.once("conversation", (conversation) => {
    clearTimeout(timer);
    resolve(conversation);
  });
});

try {
  await connection.connect();
  await connection.subscribe({ convState: ["OPEN"] });
  const conversation = await first;
  if (conversation) {
    await conversation.sendMessage("Hello! How can I help?");
    await conversation.setTTR("PRIORITIZED");
    const { truncated } = await conversation.setAgentNote("Customer asked about a refund.");
    console.log(`answered ${conversation.id}; note truncated: ${truncated}`);
  } else {
    console.log("no open conversation");
  }
} finally {
  connection.close(); // no reconnection after this, so the script ends
}
