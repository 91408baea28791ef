// @parley/headless: menus, a chat, a message, then close(). Runs against the sandbox's mock
// (`npm start`); for a real account set HEADLESS_HOST (or HEADLESS_TENANT), HEADLESS_COMPANY_ID and
// HEADLESS_TOKEN_URL (your backend's endpoint that answers { token: "<signed JWT>" }).
import { Client, RateLimitError } from "@parley/headless";

const tokenUrl = process.env.HEADLESS_TOKEN_URL;
const client = new Client({
  companyId: process.env.HEADLESS_COMPANY_ID ?? "YOUR_COMPANY_KEY",
  ...(process.env.HEADLESS_TENANT ? { tenant: process.env.HEADLESS_TENANT } : { host: process.env.HEADLESS_HOST ?? "http://127.0.0.1:4010" }),
  // The mock accepts any token; a real account wants the JWT your backend signs.
  authenticate: async () => (tokenUrl ? ((await (await fetch(tokenUrl)).json()) as { token: string }) : { token: "sandbox-jwt" }),
});
client.on("chat.message", (message) => console.log(message.$userType, message.content));

try {
  const { menus } = await client.getMenus();
  const chat = await client.createChat(menus[0].id, { lang: "en" });
  console.log(`chat ${chat.id}: ${chat.state.status}`);
  await client.sendTextMessage("hello world");
} catch (error) {
  if (error instanceof RateLimitError) console.log(`rate limited; retry in ${error.retryAfterMs} ms`);
  else throw error;
} finally {
  client.close(); // stops the realtime transport, so the script ends
}
