// @parley/web-chat: connect as a visitor, send a message, wait (at most 10 s) for an agent's
// answer, disconnect. Runs against the sandbox's mock (`npm start`); for a real account set
// SMARTSUPP_KEY and SMARTSUPP_URL.
import { createVisitorClient } from "@parley/web-chat";
import WebSocket from "ws"; // Node 20 has no WebSocket; in a browser or Node 22+ leave it out

const client = createVisitorClient({
  data: { key: process.env.SMARTSUPP_KEY ?? "YOUR_ACCOUNT_KEY", name: "Alex" },
  connection: { url: process.env.SMARTSUPP_URL ?? "http://127.0.0.1:4030" }, // connect() gives up after connectTimeout (20 s)
  WebSocket,
});
// Failed connection attempts, server errors, frames the client could not read.
client.on("error", (error) => console.error(`error: ${error.name}: ${error.message}`));
client.on("initialized", (data) => console.log("agents", data.account.status)); // again after every reconnect

// Listening before anything is sent, so a quick answer is not missed.
let agentAnswered = () => {};
const answer = new Promise((resolve) => (agentAnswered = resolve));
client.on("chat.message_received", ({ message }) => {
  if (message.subType === "agent") agentAnswered(message.content.text ?? "");
});

/** `promise`, or a rejection when it has not settled within 10 s of this call. */
function within10s(what, promise) {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`No ${what} within 10 s.`)), 10_000)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

try {
  await client.connect();
  const message = await client.chatMessage({ content: { type: "text", text: "Hello" } });
  console.log("sent", message.id);
  console.log("agent:", await within10s("agent answer", answer));
} finally {
  client.disconnect(); // closes the socket, so the script ends
}
