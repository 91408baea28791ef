// The web-chat mock's state and its transitions, with no socket in sight: the account, each
// visitor (identity, current chat, last typing), chats and their messages, and uploads (tokens,
// received files, stored attachments). Every transition returns the data the handlers
// (web-chat.mjs) acknowledge or push; ids come from an id source that never repeats across runs.
import { randomBytes } from "node:crypto";
import { idSource } from "../ids.mjs";

export const SERVER_VERSION = "parley-mock 1";
/** The scripted agent: Dana Souza. */
export const AGENT_ID = "a_17";
const IDENTITY_KEYS = ["name", "email", "phone", "lang", "group", "variables"];
const SEED_ACCOUNT = {
  status: "online",
  agents: [{ id: AGENT_ID, status: "online", groups: ["support"], nickname: "Dana", fullname: "Dana Souza", description: "Support", avatar: null }],
  groups: [{ key: "support", name: "Support", status: "online" }],
};

/**
 * @typedef {import("./web-chat.d.ts").Visitor} Visitor
 * @typedef {import("./web-chat.d.ts").Message} Message
 * @typedef {import("./web-chat.d.ts").Attachment} Attachment
 * @typedef {Omit<import("./web-chat.d.ts").Chat, "unreadInfo">} StoredChat a chat as stored: `unreadInfo` is computed by chatView()
 * @typedef {{ visitor: Visitor, chat: StoredChat | undefined, typing: { is: boolean, text: string | null } | null }} VisitorEntry
 * @typedef {{ name: string, type: string, bytes: Buffer }} StoredFile
 */

/**
 * A fresh state, seeded: the account online with its one agent, no visitors.
 * @param {{ nextId?: (prefix: string) => string, now?: () => number, random?: (size: number) => Buffer }} [sources]
 *   ids (default: unique across restarts, so the SDK's duplicate filter never sees one twice),
 *   the clock (epoch ms) and the random bytes of new visitor ids and upload tokens.
 */
export function webChatState({ nextId = idSource(), now = Date.now, random = randomBytes } = {}) {
  let account = structuredClone(SEED_ACCOUNT);
  /** @type {Map<string, VisitorEntry>} */
  const visitors = new Map();
  /** @type {Map<string, { visitorId: string, file: StoredFile | null }>} */
  const uploadTokens = new Map();
  /** @type {Map<string, StoredFile>} attachment id -> file */
  const files = new Map();
  /** @type {import("./web-chat.d.ts").UploadRecord[]} */
  const uploads = [];
  const isoNow = () => new Date(now()).toISOString();

  /** The visitor's entry; throws for one never connected. */
  function entry(/** @type {string} */ visitorId) {
    const found = visitors.get(visitorId);
    if (!found) throw new Error(`Unknown visitor "${visitorId}".`);
    return found;
  }

  /** The visitor's chat; throws when it has none. */
  function chatOf(/** @type {string} */ visitorId) {
    const { chat } = entry(visitorId);
    if (!chat) throw new Error(`Visitor "${visitorId}" has no chat.`);
    return chat;
  }

  /** The open chat, a new one (assigned to the agent) when there is none or it is closed. */
  function ensureChat(/** @type {VisitorEntry} */ e) {
    if (!e.chat || e.chat.status === "closed") {
      e.chat = { id: nextId("c"), assignedIds: [AGENT_ID], rating: null, status: "open", readInfo: null, messages: [] };
      e.visitor.chatId = e.chat.id;
    }
    return e.chat;
  }

  /** A copy of the chat as the wire carries it: with `unreadInfo`, the agent messages since the last read. */
  function chatView(/** @type {StoredChat} */ chat) {
    const since = chat.readInfo?.lastReadAt ?? "";
    const count = chat.messages.filter((m) => m.subType === "agent" && m.createdAt > since).length;
    return { ...chat, unreadInfo: { count }, messages: chat.messages.map((m) => structuredClone(m)) };
  }

  /**
   * Appends a message to the visitor's open chat (created if needed) and returns it (stored, not a copy).
   * @param {VisitorEntry} e
   * @param {{ type?: Message["type"], subType: Message["subType"], agentId?: string | null, content: any, attachments?: Attachment[], responseTime?: number | null }} fields
   */
  function addMessage(e, { type = "message", subType, agentId = null, content, attachments = [], responseTime = null }) {
    const chat = ensureChat(e);
    /** @type {Message} */
    const message = {
      id: nextId("m"),
      type,
      subType,
      channel: { type: "default", id: null },
      chatId: chat.id,
      groupId: e.visitor.group ?? null,
      visitorId: e.visitor.id,
      agentId,
      trigger: null,
      createdAt: isoNow(),
      content,
      tags: [],
      responseTime,
      attachments,
    };
    chat.messages.push(message);
    return message;
  }

  /** Sets the identity fields present in `values` (variables merged); returns what changed. */
  function mergeIdentity(/** @type {Visitor} */ visitor, /** @type {any} */ values) {
    const changes = {};
    for (const key of IDENTITY_KEYS) {
      if (values?.[key] === undefined) continue;
      if (key === "lang" && typeof values.lang !== "string") continue;
      visitor[key] = key === "variables" ? { ...visitor.variables, ...values.variables } : values[key];
      changes[key] = visitor[key];
    }
    return changes;
  }

  return {
    visitors,
    uploads,
    entry,
    chatView,
    addMessage,
    mergeIdentity,

    get account() {
      return account;
    },
    setAccountStatus(/** @type {import("./web-chat.d.ts").Status} */ status) {
      account.status = status;
    },

    /**
     * visitor.connect: the visitor `data.id` names (a new `v_<hex>` without one), created or
     * updated from `data`, and the ack's payload.
     */
    connect(/** @type {any} */ data) {
      const id = typeof data?.id === "string" && data.id ? data.id : `v_${random(6).toString("hex")}`;
      let e = visitors.get(id);
      if (!e) {
        e = {
          visitor: { id, chatId: null, lang: "en", name: null, email: null, phone: null, bannedAt: null, group: null, visits: 0, variables: {} },
          chat: undefined,
          typing: null,
        };
        visitors.set(id, e);
      }
      mergeIdentity(e.visitor, data);
      e.visitor.visits = Number.isInteger(data?.visits) ? data.visits : e.visitor.visits + (data?.id ? 0 : 1);
      const connected = { serverVersion: SERVER_VERSION, visitor: { ...e.visitor }, browser: null, account: structuredClone(account) };
      if (e.chat) connected.chat = chatView(e.chat);
      return { id, connected };
    },

    /** An agent message in the visitor's chat (created if needed), timed against the visitor's last message. */
    agentMessage(/** @type {string} */ visitorId, /** @type {string} */ text) {
      const e = entry(visitorId);
      const lastContact = e.chat?.messages.filter((m) => m.subType === "contact").at(-1);
      const responseTime = lastContact ? Math.max(0, Math.round((now() - Date.parse(lastContact.createdAt)) / 1000)) : null;
      return addMessage(e, { subType: "agent", agentId: AGENT_ID, content: { type: "text", text }, responseTime });
    },

    chatOf,

    /** chat.typing: the visitor's typing state as last reported. */
    setTyping(/** @type {VisitorEntry} */ e, /** @type {any} */ typing) {
      e.typing = { is: typing?.is === true, text: typing?.text ?? null };
    },

    /** chat.close: the chat closed (the next message opens a new one); its id, or undefined without a chat. */
    closeChat(/** @type {VisitorEntry} */ e) {
      if (!e.chat) return undefined;
      e.chat.status = "closed";
      return e.chat.id;
    },

    /** chat.rate_init: a rating form (a system event message) in the chat; undefined without a chat. */
    rateForm(/** @type {VisitorEntry} */ e) {
      if (!e.chat) return undefined;
      return addMessage(e, { type: "event", subType: "system", content: { type: "rate_form", data: {} } });
    },

    /** Marks the chat read by `byId` (the visitor or the agent); returns the chat.contact_read payload, or undefined without a chat. */
    read(/** @type {VisitorEntry} */ e, /** @type {string} */ byId) {
      if (!e.chat) return undefined;
      const lastReadAt = isoNow();
      e.chat.readInfo = { lastReadAt, byId };
      return { chatId: e.chat.id, lastReadAt, byId };
    },

    /** chat.rate: stores the rating on the chat whose rate form `payload.messageId` is; undefined when there is no such form. */
    rate(/** @type {VisitorEntry} */ e, /** @type {any} */ payload) {
      const form = e.chat?.messages.find((m) => m.id === payload.messageId && m.content.type === "rate_form");
      if (!form) return undefined;
      const rating = { ...(payload.value !== undefined ? { value: payload.value } : {}), text: payload.text ?? null };
      e.chat.rating = rating;
      return rating;
    },

    /** chat.upload_init: a one-use token for the visitor's upload. */
    openUpload(/** @type {string} */ visitorId) {
      const token = `upl_${random(12).toString("base64url")}`;
      uploadTokens.set(token, { visitorId, file: null });
      return token;
    },

    /** POST /upload: stores the file under its token and records it; false for an unknown or used token. */
    receiveFile(/** @type {string | null} */ token, /** @type {StoredFile} */ file) {
      const upload = token ? uploadTokens.get(token) : undefined;
      if (!upload) return false;
      upload.file = file;
      uploads.push({ token, visitorId: upload.visitorId, name: file.name, size: file.bytes.length, type: file.type });
      return true;
    },

    /** Whether `token` may still receive a file (issued and not yet finished). */
    hasUpload: (/** @type {string | null} */ token) => Boolean(token && uploadTokens.has(token)),

    /**
     * chat.upload_finish: the received file becomes an attachment (served under `fileBase`) in an
     * upload message of the visitor's chat; undefined when the token is unknown, another visitor's
     * or still has no file.
     */
    finishUpload(/** @type {VisitorEntry} */ e, /** @type {string} */ token, /** @type {string} */ fileBase) {
      const upload = uploadTokens.get(token);
      if (!upload || upload.visitorId !== e.visitor.id || !upload.file) return undefined;
      uploadTokens.delete(token);
      const { name, type, bytes } = upload.file;
      const attachmentId = nextId("att");
      files.set(attachmentId, upload.file);
      /** @type {Attachment} */
      const attachment = { id: attachmentId, name, type, size: bytes.length, url: `${fileBase}/${attachmentId}/${encodeURIComponent(name)}` };
      return addMessage(e, { subType: "contact", content: { type: "upload", text: name, data: { uploadToken: token } }, attachments: [attachment] });
    },

    /** A stored attachment's file, or undefined. */
    file: (/** @type {string} */ attachmentId) => files.get(attachmentId),

    /** Back to the seed: account online, no visitors, chats or uploads. */
    reset() {
      account = structuredClone(SEED_ACCOUNT);
      visitors.clear();
      uploadTokens.clear();
      files.clear();
      uploads.length = 0;
    },
  };
}
