// @parley/web-chat: a file into the visitor's chat, with progress. chatUploadFile() does the
// whole upload (the socket's upload events and the HTTP POST). Runs against the sandbox's mock
// (`npm start`); for a real account set SMARTSUPP_KEY and SMARTSUPP_URL.
import { createVisitorClient } from "@parley/web-chat";
import WebSocket from "ws"; // Node 20 has no WebSocket; in a browser or Node 22+ leave it out

const client = createVisitorClient({
  data: { key: process.env.SMARTSUPP_KEY ?? "YOUR_ACCOUNT_KEY" },
  connection: { url: process.env.SMARTSUPP_URL ?? "http://127.0.0.1:4030" },
  WebSocket,
});
// Failed connection attempts, server errors, frames the client could not read.
client.on("error", (error) => console.error(`error: ${error.name}: ${error.message}`));

try {
  await client.connect();
  const file = new Blob(["Order 4411: the receipt."], { type: "text/plain" }); // in a browser: an <input type="file">'s File
  const message = await client.chatUploadFile(file, {
    onProgress: ({ loaded, total }) => console.log(`uploaded ${loaded} of ${total} bytes`),
  });
  console.log("file message", message.id, message.content.type);
} finally {
  client.disconnect();
}
