// A genuine socket.io 2.5.1 server (the stack of the vendor's own test server,
// smartsupp-sdk-websocket test/support/server.ts) playing the visitor protocol, with the upload
// endpoint as the vendor documents it. Every payload either way is checked against the spec's
// schemas (openapi/web-chat.asyncapi.yaml); mismatches land in `violations`.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { webChatValidators } from "@parley/mock/web-chat";
import SocketIo from "socket.io";
import { listen } from "./support.mjs";

const AGENT = { id: "a_1", status: "online", groups: [], nickname: "Ines", fullname: "Inês Lima", description: "Support", avatar: null };

export async function startVisitorServer() {
  const validators = webChatValidators();
  const violations = [];
  const inbound = []; // every socket.io packet received, as on the wire (`42[...]`)
  const uploads = new Map(); // token -> file | null
  let seq = 0;
  const id = (prefix) => `${prefix}_${++seq}`;

  const check = (direction, kind, event, payload) => {
    const validate = validators[kind][event];
    if (!validate) return violations.push({ direction, event, payload, errors: [`no ${kind} schema`] });
    if (!validate(payload)) violations.push({ direction, event, payload, errors: validate.errors });
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const token = url.searchParams.get("token");
    if (req.method !== "POST" || url.pathname !== "/upload" || !uploads.has(token)) {
      req.resume();
      res.writeHead(401, { "content-type": "application/problem+json" }).end('{"type":"about:blank","title":"Unauthorized","status":401}');
      return;
    }
    new Request(url, { method: "POST", headers: { "content-type": req.headers["content-type"] }, body: req, duplex: "half" })
      .formData()
      .then((form) => {
        const fields = [...form.keys()];
        if (fields.length !== 1 || fields[0] !== "file") violations.push({ direction: "in", event: "POST /upload", payload: fields, errors: ["the form must hold only `file`"] });
        const file = form.get("file");
        uploads.set(token, { name: file.name, type: file.type, size: file.size });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, uploadToken: token }));
      })
      .catch(() => res.writeHead(400).end());
  });
  const io = SocketIo(server, { path: "/socket", transports: ["websocket"], serveClient: false });
  await listen(server);
  const base = `http://127.0.0.1:${server.address().port}`;

  io.on("connection", (socket) => {
    socket.conn.on("packet", (packet) => packet.type === "message" && inbound.push(`4${packet.data}`));
    const push = (event, payload) => {
      check("out", "server", event, payload);
      socket.emit(event, payload);
    };
    let visitor;
    let chat;
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
        } catch (error) {
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
      new Promise((resolve) => {
        io.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
