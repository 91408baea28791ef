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
// Failed connection attempts, notifications the SDK could not read, failures no call could reject with.
connection.on("error", (error) => console.error(`error: ${error.name}: ${error.message}`));

/** `promise`, or a rejection when it has not settled within 10 s of this call. */
function within10s<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`No ${what} within 10 s.`)), 10_000)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

// The subscription's first notification brings the open conversations: listened to before subscribing.
const first = new Promise<Conversation>((resolve) => connection.once("conversation", resolve));

try {
  await connection.connect();
  await connection.subscribe({ convState: ["OPEN"] });
  const conversation = await within10s("open conversation", first);
  console.log(`conversation ${conversation.id}: consumer ${conversation.consumer?.id}, agent ${conversation.assignedAgent?.id}`);
  await conversation.sendMessage("Hello! How can I help?");
  await conversation.setTTR("PRIORITIZED");
  // The server confirms a change with a state notification: wait for it unless the state shows it already.
  const ttr =
    conversation.state?.ttr.ttrType === "PRIORITIZED"
      ? "PRIORITIZED"
      : await within10s("ttr-change", new Promise<string>((resolve) => conversation.once("ttr-change", ({ ttrType }) => resolve(ttrType))));
  console.log("ttr", ttr);
  const { truncated } = await conversation.setAgentNote("Customer asked about a refund.");
  console.log(`answered ${conversation.id}; note truncated: ${truncated}`);
} finally {
  connection.close(); // no reconnection after this, so the script ends
}
