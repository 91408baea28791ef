// The headless API's state and the operations that need it; every other operation is Prism's
// (the spec's examples). Seed data is the spec's own examples: a chat starts with the messages of
// `fetchMessages`' example, as the spec's conversation does.
//   createChat      a new chat, `queued`, with an id no earlier run of the mock handed out
//   loadChat        a created chat: `assigned` once an agent took it (the first load after creation)
//   finishChat      `finished`, `ended_at` set; destroyChat: gone (404 from then on)
//   sendMessage     appended to the chat: fetchMessages (and the SDK's polling echo) returns it
//   uploadChatMedia stored; getMessageAttachment returns the same bytes, name and type
// A chat the mock did not create (the examples' 8812) still gets its messages kept here.
import { randomBytes } from "node:crypto";
import { uniqueInteger } from "../ids.mjs";

/** @param {ReturnType<typeof import("./openapi.mjs").loadSpec>} spec */
export function headlessState(spec) {
  const route = (operationId) => /** @type {import("./openapi.mjs").Route} */ (spec.routes.find((r) => r.operationId === operationId));
  const seedMessages = spec.example(route("fetchMessages"), 200) ?? [];
  const created = spec.example(route("createChat"), 201);
  const assigned = spec.spec.components?.examples?.ChatAssigned?.value ?? created;
  /** @type {Map<string, any>} */ let chats;
  /** @type {Map<string, any[]>} */ let messages;
  /** @type {Map<string, { name: string, type: string, bytes: Buffer }>} */ let media;
  const reset = () => {
    chats = new Map();
    messages = new Map();
    media = new Map();
  };
  reset();

  const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const notFound = (what) => ({ status: 404, headers: { "content-type": "application/problem+json" }, body: { ...spec.problemExample(route("loadChat"), 404), detail: `${what} does not exist on this mock.` } });
  const messagesOf = (chatId) => {
    if (!messages.has(chatId)) messages.set(chatId, structuredClone(seedMessages));
    return /** @type {any[]} */ (messages.get(chatId));
  };
  const gone = (chatId) => chats.get(chatId)?.status === "destroyed";

  /** @type {Record<string, (context: any) => any>} */
  const handlers = {
    createChat({ params, json }) {
      const id = uniqueInteger();
      const chat = { ...structuredClone(created), id, status: "queued", menu_id: Number(params.menuId), lang: json?.lang ?? created.lang, created_at: now(), ended_at: null };
      if (json?.cobrowsable !== undefined) chat.cobrowsable = json.cobrowsable;
      chats.set(String(id), chat);
      return { status: 201, body: chat };
    },
    loadChat({ params }) {
      const chat = chats.get(params.chatId);
      if (!chat) return undefined;
      if (gone(params.chatId)) return notFound(`Chat ${params.chatId}`);
      if (chat.status === "queued") Object.assign(chat, { ...structuredClone(assigned), id: chat.id, menu_id: chat.menu_id, lang: chat.lang, created_at: chat.created_at });
      return { status: 200, body: chat };
    },
    finishChat({ params }) {
      const chat = chats.get(params.chatId);
      if (!chat) return undefined;
      if (gone(params.chatId)) return notFound(`Chat ${params.chatId}`);
      Object.assign(chat, { status: "finished", status_text: "Chat finished", ended_at: now() });
      return { status: 204 };
    },
    destroyChat({ params }) {
      const chat = chats.get(params.chatId);
      if (!chat) return undefined;
      if (gone(params.chatId)) return notFound(`Chat ${params.chatId}`);
      chat.status = "destroyed";
      return { status: 204 };
    },
    fetchMessages({ params, query }) {
      if (gone(params.chatId)) return notFound(`Chat ${params.chatId}`);
      const after = Number(query.get("after_index") ?? -1);
      return { status: 200, body: messagesOf(params.chatId).filter((m) => m.$index > after) };
    },
    sendMessage({ params, json }) {
      if (gone(params.chatId)) return notFound(`Chat ${params.chatId}`);
      const list = messagesOf(params.chatId);
      const message = {
        $index: list.length === 0 ? 0 : list[list.length - 1].$index + 1,
        $sid: `IM${randomBytes(16).toString("hex")}`,
        $timestamp: now(),
        $userType: "end_user",
        $userId: seedMessages.find((m) => m.$userType === "end_user")?.$userId ?? 1,
        ...json,
        signature: randomBytes(32).toString("hex"),
        id: uniqueInteger(),
      };
      const stored = media.get(String(json.media_id));
      if (stored) message.file = { name: stored.name, size: stored.bytes.length, content_type: stored.type };
      const { id, ...entry } = message;
      list.push(entry);
      return { status: 201, body: { id, $index: message.$index, $sid: message.$sid } };
    },
    async uploadChatMedia({ params, headers, body, origin }) {
      if (gone(params.chatId)) return notFound(`Chat ${params.chatId}`);
      const form = await new Request(origin, { method: "POST", headers: { "content-type": headers["content-type"] ?? "" }, body }).formData().catch(() => undefined);
      const file = form?.get("file");
      if (!file || typeof file === "string") return undefined; // Prism answers the malformed request
      const bytes = Buffer.from(await file.arrayBuffer());
      const id = uniqueInteger();
      media.set(String(id), { name: file.name || "file", type: file.type || "application/octet-stream", bytes });
      const kind = file.type.startsWith("image/") ? "photo" : file.type.startsWith("video/") ? "video" : "document";
      return { status: 201, body: { id, type: kind, content_type: file.type || "application/octet-stream", size: bytes.length } };
    },
    getMessageAttachment({ params }) {
      const stored = media.get(params.mediaId);
      if (!stored) return undefined;
      return {
        status: 200,
        headers: { "content-type": stored.type, "content-disposition": `attachment; filename="${stored.name.replace(/["\\\r\n]/g, "_")}"` },
        body: stored.bytes,
      };
    },
  };
  return {
    handlers,
    reset,
    /** The chat's messages as fetchMessages returns them (a copy). */
    messages: (chatId) => structuredClone(messagesOf(String(chatId))),
    /** A chat the mock created, as loadChat returns it (a copy), or undefined. */
    chat: (chatId) => structuredClone(chats.get(String(chatId))),
  };
}
