// The headless API's state and the operations that need it; every other operation is Prism's
// (the spec's examples). Seed data is the spec's own examples: a chat starts with the messages of
// `fetchMessages`' example, as the spec's conversation does.
//   createChat      a new chat, `queued`, with an id no earlier run of the mock handed out
//   loadChat        a created chat: `assigned` once an agent took it (the first load after creation)
//   finishChat      `finished`, `ended_at` set; destroyChat: gone (404 from then on)
//   sendMessage     appended to the chat: fetchMessages (and the SDK's polling echo) returns it
//   uploadChatMedia stored; getMessageAttachment returns the same bytes, name and type
//   getChatHistory  the end user's past chats (the spec's words): every chat finished here, the last
//                   finished first, with its messages, then the example's chats; `page` is 1-based,
//                   `per_page` the example's, `next_page` always page + 1 as in the example (an empty
//                   `chats` ends the history)
//   createCall, loadCall, cancelCall: ./headless-calls.mjs
// A chat the mock did not create (the examples' 8812) still gets its messages kept here.
import { randomBytes } from "node:crypto";
import { create as contentDisposition } from "content-disposition"; // RFC 6266/8187: a non-Latin-1 name goes in filename*
import { uniqueInteger } from "../ids.mjs";
import { headlessCalls } from "./headless-calls.mjs";

/** @param {ReturnType<typeof import("./openapi.mjs").loadSpec>} spec */
export function headlessState(spec) {
  const route = (operationId) => /** @type {import("./openapi.mjs").Route} */ (spec.routes.find((r) => r.operationId === operationId));
  const seedMessages = spec.example(route("fetchMessages"), 200) ?? [];
  const created = spec.example(route("createChat"), 201);
  const assigned = spec.spec.components?.examples?.ChatAssigned?.value ?? created;
  const seedHistory = spec.example(route("getChatHistory"), 200);
  /** @type {Map<string, any>} */ let chats;
  /** @type {Map<string, any[]>} */ let messages;
  /** @type {Map<string, { name: string, type: string, bytes: Buffer }>} */ let media;
  /** @type {Map<string, string>} */ let assignedAt; // chat id -> when loadChat saw it assigned
  /** @type {string[]} */ let finished; // the finished chats' ids, in the order they were finished
  const now = () => new Date().toISOString().replace(/\.\d+Z$/, "Z");
  /** A problem answer: the spec's example for `status` of the operation, with our own detail. */
  const problem = (operationId, status, detail) => ({ status, headers: { "content-type": "application/problem+json" }, body: { ...spec.problemExample(route(operationId), status), detail } });
  const notFound = (what) => problem("loadChat", 404, `${what} does not exist on this mock.`);
  const calls = headlessCalls(spec, { now, problem });
  const reset = () => {
    chats = new Map();
    messages = new Map();
    media = new Map();
    assignedAt = new Map();
    finished = [];
    calls.reset();
  };
  reset();
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
      if (chat.status === "queued") {
        Object.assign(chat, { ...structuredClone(assigned), id: chat.id, menu_id: chat.menu_id, lang: chat.lang, created_at: chat.created_at });
        assignedAt.set(params.chatId, now());
      }
      return { status: 200, body: chat };
    },
    finishChat({ params }) {
      const chat = chats.get(params.chatId);
      if (!chat) return undefined;
      if (gone(params.chatId)) return notFound(`Chat ${params.chatId}`);
      if (chat.status !== "finished") finished.push(params.chatId);
      Object.assign(chat, { status: "finished", status_text: "Chat finished", ended_at: now() });
      return { status: 204 };
    },
    destroyChat({ params }) {
      const chat = chats.get(params.chatId);
      if (!chat) return undefined;
      if (gone(params.chatId)) return notFound(`Chat ${params.chatId}`);
      chat.status = "destroyed";
      finished = finished.filter((id) => id !== params.chatId);
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
    getChatHistory({ query }) {
      const page = Number(query.get("page") ?? 1);
      const perPage = seedHistory.pagination.per_page;
      const ours = [...finished].reverse().map((chatId) => ({
        ...structuredClone(seedHistory.chats[0]),
        comm_id: Number(chatId),
        assigned_at: assignedAt.get(chatId) ?? chats.get(chatId).created_at, // finished before any agent took it
        entries: structuredClone(messagesOf(chatId)),
      }));
      const all = [...ours, ...structuredClone(seedHistory.chats)];
      return {
        status: 200,
        body: {
          chats: all.slice((page - 1) * perPage, page * perPage),
          missing_chat_ids: page === 1 ? structuredClone(seedHistory.missing_chat_ids) : [],
          pagination: { next_page: page + 1, per_page: perPage },
        },
      };
    },
    ...calls.handlers,
    getMessageAttachment({ params }) {
      const stored = media.get(params.mediaId);
      if (!stored) return undefined;
      return {
        status: 200,
        headers: { "content-type": stored.type, "content-disposition": contentDisposition(stored.name) },
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
    call: calls.call,
  };
}
