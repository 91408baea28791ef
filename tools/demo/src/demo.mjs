// The demo page: every SDK as a user would wire it, against the sandbox's mocks (their URLs come
// from /sandbox.json). Element ids are what the browser tests drive.
import { AgentApi } from "@parley/agent-api";
import { Connection } from "@parley/conversation";
import { Client, memoryStorage, pollingTransport } from "@parley/headless";
import { createVisitorClient } from "@parley/web-chat";

/** The page's element `id` (every id used here is in index.html; a missing one is a bug in this page). */
const $ = (/** @type {string} */ id) => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`demo: #${id} is missing from index.html`);
  return /** @type {HTMLInputElement} */ (element);
};
const config = await (await fetch("/sandbox.json")).json();

// ---- Headless chat ---------------------------------------------------------------------------
const client = new Client({
  companyId: "demo-company",
  host: new URL(config.headless).origin,
  authenticate: async () => ({ token: "eyJhbGciOiJIUzI1NiJ9.eyJpZGVudGlmaWVyIjoiZGVtbyJ9.c2lnbmF0dXJl" }),
  storage: memoryStorage(),
  transport: pollingTransport({ intervalMs: 1000 }),
});
/** The first enabled menu, once the menus are loaded (the start button waits for it). */
/** @type {number | string | undefined} */
let menuId;

client.on("chat.message", (message) => {
  const li = document.createElement("li");
  li.dataset.userType = message.$userType;
  li.textContent = message.type === "noti" ? `· ${message.event}` : `${message.$userType}: ${message.content ?? ""}`;
  $("messages").append(li);
});
client.on("chat.updated", (chat) => ($("chat-status").textContent = `chat ${chat.id}: ${chat.state.status}`));
client.on("error", (error) => show("send-status", error));

$("load-menus").addEventListener("click", async () => {
  try {
    const { menus } = await client.getMenus();
    $("menus").replaceChildren(
      ...menus.map((menu) => {
        const li = document.createElement("li");
        li.dataset.menuId = String(menu.id);
        li.textContent = `${menu.name ?? "menu"} (#${menu.id})`;
        return li;
      }),
    );
    menuId = menus.find((m) => m.enabled)?.id;
    $("menus-status").textContent = `${menus.length} menus`;
    $("start-chat").disabled = menuId === undefined;
  } catch (error) {
    show("menus-status", error);
  }
});

$("start-chat").addEventListener("click", async () => {
  try {
    if (menuId === undefined) return;
    const chat = await client.createChat(menuId, { lang: "en" });
    $("chat-status").textContent = `chat ${chat.id}: ${chat.state.status}`;
    $("message").disabled = $("send").disabled = false;
    $("start-chat").disabled = true;
  } catch (error) {
    show("chat-status", error);
  }
});

$("send-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("message").value;
  try {
    await client.sendTextMessage(text);
    // The API answers a send with no body: the sent message is shown once the server took it.
    const li = document.createElement("li");
    li.dataset.userType = "end_user";
    li.dataset.sent = "true";
    li.textContent = `end_user: ${text}`;
    $("messages").append(li);
    $("send-status").textContent = `sent: ${text}`;
    $("message").value = "";
  } catch (error) {
    show("send-status", error);
  }
});

// ---- AI agent, streamed -----------------------------------------------------------------------
const api = new AgentApi({ apiKey: "demo-key", baseUrl: config["agent-api"] });

$("ask-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("answer").textContent = "";
  $("answer-status").textContent = "streaming…";
  $("ask").disabled = true;
  try {
    const { id } = await api.conversations.create("bot_3f9a", { meta: { source: "demo" } });
    let chunks = 0;
    for await (const token of api.chat.stream(id, $("question").value)) {
      chunks++;
      $("answer").textContent += token;
    }
    $("answer-status").textContent = `done (${chunks} chunks)`;
  } catch (error) {
    show("answer-status", error);
  } finally {
    $("ask").disabled = false;
  }
});

/** Shows a failure in the element `id`: its class name and message (errors here are the SDKs' typed errors). */
function show(/** @type {string} */ id, /** @type {unknown} */ error) {
  if (!(error instanceof Error)) throw error;
  $(id).textContent = `${error.name}: ${error.message}`;
  $(id).classList.add("error");
}

// ---- Visitor web chat, realtime ---------------------------------------------------------------
const visitor = createVisitorClient({ data: { key: "demo-account", name: "Demo visitor" }, connection: { url: config["web-chat"] } });
const showMessage = (/** @type {import("@parley/web-chat").Message} */ message) => {
  const li = document.createElement("li");
  li.dataset.subType = message.subType;
  li.dataset.id = message.id;
  li.textContent = `${message.subType}: ${message.content.text ?? ""}`;
  $("wc-messages").append(li);
};
visitor.on("initialized", (data) => ($("wc-status").textContent = `connected, agents ${data.account.status}`));
visitor.on("chat.message_received", ({ message }) => showMessage(message));
visitor.on("chat.agent_typing", ({ typing }) => ($("wc-typing").textContent = typing.is ? "the agent is typing…" : ""));
visitor.on("disconnect", (reason) => ($("wc-status").textContent = `disconnected (${reason}), reconnecting…`));

$("wc-connect").addEventListener("click", async () => {
  try {
    await visitor.connect();
    $("wc-text").disabled = $("wc-send").disabled = false;
    $("wc-connect").disabled = true;
  } catch (error) {
    show("wc-status", error);
  }
});

$("wc-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    showMessage(await visitor.chatMessage({ content: { type: "text", text: $("wc-text").value } }));
    $("wc-text").value = "";
  } catch (error) {
    show("wc-status", error);
  }
});

// ---- Agent-side conversation, realtime --------------------------------------------------------
// The mock's account and token (a real agent would get the token from the platform's login).
const agent = new Connection({ accountId: "12345678", token: "test-token", url: config.conversation.replace(/^http/, "ws"), reconnect: false });
/** @type {import("@parley/conversation").Conversation | undefined} */
let current;
agent.on("conversation", (conversation) => {
  const li = document.createElement("li");
  li.dataset.convId = conversation.id;
  li.textContent = `${conversation.id}: ${conversation.state?.state ?? "?"}`;
  $("cv-list").append(li);
  if (!current && conversation.state?.state === "OPEN") {
    current = conversation;
    $("cv-text").disabled = $("cv-send").disabled = false;
  }
});
// Every published message comes back as a messaging event: what is shown is what the server sent.
agent.on("message", ({ changes }) => {
  for (const change of changes) {
    if (change.event.type !== "ContentEvent") continue;
    const li = document.createElement("li");
    li.dataset.originator = change.originatorId;
    li.textContent = `${change.originatorId}: ${change.event.message}`;
    $("cv-messages").append(li);
  }
});
agent.on("close", ({ willReconnect }) => willReconnect || ($("cv-status").textContent = "closed"));

$("cv-connect").addEventListener("click", async () => {
  try {
    $("cv-connect").disabled = true;
    await agent.connect();
    await agent.subscribe({ convState: ["OPEN"] });
    $("cv-status").textContent = "connected, subscribed to open conversations";
  } catch (error) {
    show("cv-status", error);
  }
});

$("cv-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    if (!current) return;
    await current.sendMessage($("cv-text").value);
    $("cv-text").value = "";
  } catch (error) {
    show("cv-status", error);
  }
});

// Everything is wired: the browser tests wait for this before clicking.
document.body.dataset.ready = "true";
