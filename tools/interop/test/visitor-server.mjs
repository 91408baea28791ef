// A genuine socket.io 2.5.1 server (the stack of the vendor's own test server,
// smartsupp-sdk-websocket test/support/server.ts) playing the visitor protocol, with the upload
// endpoint as the vendor documents it. Every payload either way is checked against the spec's
// schemas (openapi/web-chat.asyncapi.yaml); mismatches land in `violations`.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { webChatValidators } from "@parley/mock/web-chat";
import SocketIo from "socket.io";
import { listen } from "./support.mjs";

/**
 * socket.io 2.5.1 ships no types of its own: the part of its server used here.
 * @typedef {{
 *   conn: { on(event: "packet", listener: (packet: { type: string, data: string }) => void): void },
 *   emit(event: string, payload: unknown): void,
 *   on(event: string, listener: (payload: any, ...rest: any[]) => void): void,
 * }} Socket2
 * @typedef {(server: http.Server, options: object) => { on(event: "connection", listener: (socket: Socket2) => void): void, close(): void }} Server2
 */
/**
 * An event's payload as the client sent it; the spec's schema checks it (`violations`), the
 * handlers read it as it comes.
 * @typedef {any} Payload
 * @typedef {{ direction: string, event: string, payload: unknown, errors: unknown }} Violation
 */

const AGENT = { id: "a_1", status: "online", groups: [], nickname: "Ines", fullname: "Inês Lima", description: "Support", avatar: null };

/** The server on 127.0.0.1 (a free port); `stop()` closes it and every connection. */
export async function startVisitorServer() {
  const validators = webChatValidators();
  /** @type {Violation[]} */
  const violations = [];
  /** @type {string[]} */
  const inbound = []; // every socket.io packet received, as on the wire (`42[...]`)
  /** @type {Map<string | null, { name: string, type: string, size: number } | null>} */
  const uploads = new Map(); // token -> file | null
  let seq = 0;
  const id = (/** @type {string} */ prefix) => `${prefix}_${++seq}`;

  /** @type {(direction: string, kind: "client" | "acks" | "server", event: string, payload: unknown) => unknown} */
  const check = (direction, kind, event, payload) => {
    const validate = validators[kind][event];
    if (!validate) return violations.push({ direction, event, payload, errors: [`no ${kind} schema`] });
    if (!validate(payload)) violations.push({ direction, event, payload, errors: validate.errors });
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const token = url.searchParams.get("token");
    if (req.method !== "POST" || url.pathname !== "/upload" || !uploads.has(token)) {
      req.resume();
      res.writeHead(401, { "content-type": "application/problem+json" }).end('{"type":"about:blank","title":"Unauthorized","status":401}');
      return;
    }
    // Node's fetch reads a request body from a Node stream (`duplex: "half"`); the DOM types know only web streams.
    new Request(url, /** @type {RequestInit} */ (/** @type {unknown} */ ({ method: "POST", headers: { "content-type": req.headers["content-type"] }, body: req, duplex: "half" })))
      .formData()
      .then((form) => {
        const fields = [...form.keys()];
        if (fields.length !== 1 || fields[0] !== "file") violations.push({ direction: "in", event: "POST /upload", payload: fields, errors: ["the form must hold only `file`"] });
        const file = /** @type {File} the upload posts a file */ (form.get("file"));
        uploads.set(token, { name: file.name, type: file.type, size: file.size });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, uploadToken: token }));
      })
      .catch(() => res.writeHead(400).end());
  });
  const io = /** @type {Server2} */ (/** @type {unknown} */ (SocketIo))(server, { path: "/socket", transports: ["websocket"], serveClient: false });
  await listen(server);
  const base = `http://127.0.0.1:${/** @type {import("node:net").AddressInfo} */ (server.address()).port}`;

  io.on("connection", (socket) => {
    socket.conn.on("packet", (packet) => packet.type === "message" && inbound.push(`4${packet.data}`));
    const push = (/** @type {string} */ event, /** @type {unknown} */ payload) => {
      check("out", "server", event, payload);
      socket.emit(event, payload);
    };
    /** @type {Payload} */
    let visitor;
    /** @type {Payload} */
    let chat;
    /** @type {(subType: string, content: Payload, extra?: object) => Payload} */
    const message = (subType, content, extra = {}) => {
      const m = {
        id: id("m"),
        type: subType === "system" ? "event" : "message",
        subType,
        channel: { type: "default", id: null },
        chatId: chat.id,
        groupId: null,
        visitorId: visitor.id,
        agentId: subType === "agent" ? AGENT.id : null,
        trigger: null,
        createdAt: new Date().toISOString(),
        content,
        tags: [],
        responseTime: null,
        attachments: [],
        ...extra,
      };
      chat.messages.push(m);
      return m;
    };
    /** @type {Record<string, (data: Payload) => unknown>} */
    const handlers = {
      "visitor.connect": (data) => {
        visitor = { id: data.id ?? id("v"), chatId: null, lang: "en", name: data.name ?? null, email: null, phone: null, bannedAt: null, group: null, visits: 1, variables: {} };
        return { serverVersion: "socket.io-2.5.1-interop", visitor, browser: null, account: { status: "online", agents: [AGENT], groups: [] } };
      },
      "chat.message": (data) => {
        chat ??= { id: id("c"), messages: [] };
        visitor.chatId = chat.id;
        const m = message("contact", data.content);
        setImmediate(() => {
          push("chat.message_received", { chatId: chat.id, message: m });
          push("chat.agent_typing", { chatId: chat.id, typing: { is: true, text: null } });
          push("chat.message_received", { chatId: chat.id, message: message("agent", { type: "text", text: `Re: ${data.content.text}` }) });
        });
        return m;
      },
      "chat.typing": (data) => (visitor.typing = data.typing),
      "chat.read": () => (visitor.read = true),
      "chat.upload_init": () => {
        const token = `upl_${randomBytes(9).toString("base64url")}`;
        uploads.set(token, null);
        return { url: `${base}/upload?token=${token}`, token };
      },
      "chat.upload_finish": (data) => {
        const file = uploads.get(data.uploadToken);
        if (!file) throw Object.assign(new Error("upload not found"), { code: "upload_not_found" });
        const attachment = { id: id("att"), name: file.name, type: file.type, size: file.size, url: `${base}/files/${file.name}` };
        return message("contact", { type: "upload", text: file.name, data: { uploadToken: data.uploadToken } }, { attachments: [attachment] });
      },
      "chat.transcript": () => null,
      "chat.rate_init": () => ({ message: message("system", { type: "rate_form", data: {} }) }),
      "chat.rate": (data) => {
        setImmediate(() => push("chat.rated", { chatId: chat.id, rating: { value: data.value, text: data.text ?? null } }));
        return null;
      },
      "chat.close": () => {
        setImmediate(() => push("chat.closed", { chatId: chat.id }));
        return null;
      },
    };
    for (const [event, handle] of Object.entries(handlers)) {
      socket.on(event, (payload, ...rest) => {
        const ack = typeof rest.at(-1) === "function" ? rest.pop() : undefined;
        check("in", "client", event, payload ?? null);
        const wantsAck = event in validators.acks;
        if (Boolean(ack) !== wantsAck || rest.length > (ack ? 0 : 1) || rest.some((arg) => arg !== null)) {
          violations.push({ direction: "in", event, payload: rest, errors: ["ack or trailing arguments not as the spec says"] });
        }
        try {
          const result = handle(payload ?? null);
          if (!ack) return;
          check("out", "acks", event, result);
          ack(null, result);
        } catch (thrown) {
          const error = /** @type {Error & { code?: string }} the handlers throw Errors */ (thrown);
          const body = { message: error.message, code: error.code, event };
          check("out", "server", "server.error", body);
          ack?.(body);
        }
      });
    }
  });

  return {
    url: base,
    violations,
    inbound,
    uploads,
    stop: () =>
      /** @type {Promise<void>} */ (new Promise((resolve) => {
        io.close();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
