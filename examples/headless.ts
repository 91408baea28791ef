// @parley/headless: menus, a chat, a message (awaited, at most 30 s, until the chat shows it), then close(). Runs
// against the sandbox's mock (`npm start`); for a real account set HEADLESS_HOST (or HEADLESS_TENANT),
// HEADLESS_COMPANY_ID and HEADLESS_TOKEN_URL (your backend's endpoint that answers { token: "<signed JWT>" }).
import { Client, RateLimitError } from "@parley/headless";

const tokenUrl = process.env.HEADLESS_TOKEN_URL;
const client = new Client({
  companyId: process.env.HEADLESS_COMPANY_ID ?? "YOUR_COMPANY_KEY",
  ...(process.env.HEADLESS_TENANT ? { tenant: process.env.HEADLESS_TENANT } : { host: process.env.HEADLESS_HOST ?? "http://127.0.0.1:4010" }),
  // The mock accepts any token; a real account wants the JWT your backend signs.
  authenticate: async () => (tokenUrl ? ((await (await fetch(tokenUrl)).json()) as { token: string }) : { token: "sandbox-jwt" }),
});
// Failures no call could reject with (a poll that failed, a message that could not be read).
client.on("error", (error) => console.error(`error: ${error.name}: ${error.message}`));

const text = "hello world";
// The chat's messages in order, ours echoed back: a text's content, a notification's event.
const shown = new Promise<void>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("The message did not appear in the chat within 30 s.")), 30_000);
  client.on("chat.message", (message) => {
    console.log(`${message.$userType}: ${message.content ?? message.event ?? message.type}`);
    if (message.$userType === "end_user" && message.content === text) {
      clearTimeout(timer);
      resolve();
    }
  });
});

try {
  const { menus } = await client.getMenus();
  const chat = await client.createChat(menus[0].id, { lang: "en" });
  console.log(`chat ${chat.id}: ${chat.state.status}`);
  await client.sendTextMessage(text);
  await shown;
} catch (error) {
  if (error instanceof RateLimitError) console.log(`rate limited; retry in ${error.retryAfterMs} ms`);
  throw error; // a non-zero exit: what the script came to do failed
} finally {
  client.close(); // stops the realtime transport, so the script ends
}
