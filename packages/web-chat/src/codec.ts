// The wire codec: encodes and decodes the socket.io v2 / engine.io v3 frames of the visitor protocol.
import { ProtocolError } from "@parley/core";

/**
 * The framing smartsupp-websocket speaks: socket.io v2 packets inside engine.io v3 packets, as
 * WebSocket text frames. Only what the visitor protocol uses: no binary packets, no polling, the
 * default namespace.
 *
 *   engine.io  0 open {sid, upgrades, pingInterval, pingTimeout} · 1 close · 2 ping · 3 pong · 4 message
 *   socket.io  0 connect · 1 disconnect · 2 event [name, ...args] · 3 ack [err, data] · 4 error
 *   e.g. `42["chat.typing",{...},null]`, `423["chat.message",{...}]` (ack 3 wanted), `433[null,{...}]`
 */

// A frame that is not valid engine.io v3 / socket.io v2 text throws ProtocolError (now in
// @parley/core, shared by both socket SDKs; re-exported here for the codec's users).
export { ProtocolError };

export interface OpenData {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
}

export type EnginePacket =
  | { type: "open"; data: OpenData }
  | { type: "close" }
  | { type: "ping"; data: string }
  | { type: "pong"; data: string }
  | { type: "message"; data: string }
  | { type: "upgrade" }
  | { type: "noop" };

const ENGINE_TYPES = ["open", "close", "ping", "pong", "message", "upgrade", "noop"] as const;

export function decodeEngine(frame: string): EnginePacket {
  const type = ENGINE_TYPES[frame.charCodeAt(0) - 48];
  if (type === undefined) throw new ProtocolError(`Not an engine.io v3 packet: ${preview(frame)}`);
  const data = frame.slice(1);
  switch (type) {
    case "open": {
      const open = parseJson(data, "engine.io open") as Partial<OpenData> | null;
      if (typeof open?.sid !== "string" || typeof open.pingInterval !== "number" || typeof open.pingTimeout !== "number") {
        throw new ProtocolError(`An engine.io open packet without sid, pingInterval and pingTimeout: ${preview(frame)}`);
      }
      return { type, data: { sid: open.sid, upgrades: Array.isArray(open.upgrades) ? open.upgrades : [], pingInterval: open.pingInterval, pingTimeout: open.pingTimeout } };
    }
    case "ping":
    case "pong":
    case "message":
      return { type, data };
    default:
      return { type };
  }
}

export function encodeEngine(packet: EnginePacket): string {
  const code = ENGINE_TYPES.indexOf(packet.type);
  if (packet.type === "open") return `${code}${JSON.stringify(packet.data)}`;
  return "data" in packet ? `${code}${packet.data}` : String(code);
}

export type SocketPacket =
  | { type: "connect" }
  | { type: "disconnect" }
  | { type: "event"; id?: number; data: [string, ...unknown[]] }
  | { type: "ack"; id: number; data: unknown[] }
  | { type: "error"; data: unknown };

/** Decodes the payload of an engine.io `message` packet. */
export function decodeSocket(data: string): SocketPacket {
  const code = data.charCodeAt(0) - 48;
  let i = 1;
  if (code === 5 || code === 6) throw new ProtocolError("Binary socket.io packets are not part of the visitor protocol.");
  // A namespace other than the default would start with "/" here.
  if (data[i] === "/") {
    const comma = data.indexOf(",", i);
    const nsp = data.slice(i, comma < 0 ? undefined : comma);
    if (nsp !== "/") throw new ProtocolError(`Unexpected namespace ${nsp}`);
    i = comma < 0 ? data.length : comma + 1;
  }
  let idText = "";
  while (i < data.length && data.charCodeAt(i) >= 48 && data.charCodeAt(i) <= 57) idText += data[i++];
  const id = idText === "" ? undefined : Number(idText);
  const body = data.slice(i);
  switch (code) {
    case 0:
      return { type: "connect" };
    case 1:
      return { type: "disconnect" };
    case 2: {
      const args = parseJson(body, "socket.io event");
      if (!Array.isArray(args) || typeof args[0] !== "string") throw new ProtocolError(`A socket.io event without a name: ${preview(data)}`);
      return id === undefined ? { type: "event", data: args as [string, ...unknown[]] } : { type: "event", id, data: args as [string, ...unknown[]] };
    }
    case 3: {
      const args = parseJson(body, "socket.io ack");
      if (id === undefined || !Array.isArray(args)) throw new ProtocolError(`A socket.io ack without an id or arguments: ${preview(data)}`);
      return { type: "ack", id, data: args };
    }
    case 4:
      return { type: "error", data: body === "" ? undefined : parseJson(body, "socket.io error") };
    default:
      throw new ProtocolError(`Not a socket.io v2 packet: ${preview(data)}`);
  }
}

/** Encodes a socket.io packet, ready to go inside an engine.io `message` packet. */
export function encodeSocket(packet: SocketPacket): string {
  switch (packet.type) {
    case "connect":
      return "0";
    case "disconnect":
      return "1";
    case "event":
      return `2${packet.id ?? ""}${JSON.stringify(packet.data)}`;
    case "ack":
      return `3${packet.id}${JSON.stringify(packet.data)}`;
    case "error":
      return `4${packet.data === undefined ? "" : JSON.stringify(packet.data)}`;
  }
}

/** A whole WebSocket frame carrying a socket.io packet. */
export function encodeFrame(packet: SocketPacket): string {
  return `4${encodeSocket(packet)}`;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProtocolError(`A ${what} packet whose data is not JSON: ${preview(text)}`);
  }
}

function preview(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
