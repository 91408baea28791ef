import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { decodeEngine, decodeSocket, encodeEngine, encodeFrame, encodeSocket, type EnginePacket, type SocketPacket } from "../src/codec.js";
import { ProtocolError } from "../src/index.js";
import { Clients, collect, fakeWebSocket, handshake, next } from "./helpers.js";

describe("engine.io v3", () => {
  const packets: [EnginePacket, string][] = [
    [{ type: "open", data: { sid: "abc", upgrades: [], pingInterval: 25000, pingTimeout: 20000 } }, '0{"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000}'],
    [{ type: "close" }, "1"],
    [{ type: "ping", data: "" }, "2"],
    [{ type: "pong", data: "" }, "3"],
    [{ type: "ping", data: "probe" }, "2probe"],
    [{ type: "message", data: "40" }, "440"],
    [{ type: "upgrade" }, "5"],
    [{ type: "noop" }, "6"],
  ];
  it.each(packets)("%j ⇄ %s", (packet, frame) => {
    expect(encodeEngine(packet)).toBe(frame);
    expect(decodeEngine(frame)).toEqual(packet);
  });

  it("the research's open packet, extra fields ignored", () => {
    expect(decodeEngine('0{"sid":"x","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000,"maxPayload":1}')).toEqual({
      type: "open",
      data: { sid: "x", upgrades: ["websocket"], pingInterval: 25000, pingTimeout: 5000 },
    });
  });

  it.each(["", "7", "9x", "a", "{}", '0{"sid":1}', "0not json", '0{"sid":"x","pingInterval":"1","pingTimeout":1}', "0null"])("garbage %j → ProtocolError", (frame) => {
    expect(() => decodeEngine(frame)).toThrow(ProtocolError);
  });
});

describe("socket.io v2", () => {
  const packets: [SocketPacket, string][] = [
    [{ type: "connect" }, "0"],
    [{ type: "disconnect" }, "1"],
    [{ type: "event", data: ["x", {}] }, '2["x",{}]'],
    [{ type: "event", id: 3, data: ["x", {}] }, '23["x",{}]'],
    [{ type: "event", data: ["chat.typing", { typing: { is: true, text: null } }, null] }, '2["chat.typing",{"typing":{"is":true,"text":null}},null]'],
    [{ type: "ack", id: 3, data: [null, {}] }, "33[null,{}]"],
    [{ type: "ack", id: 12, data: [{ message: "no" }] }, '312[{"message":"no"}]'],
    [{ type: "error", data: "Invalid namespace" }, '4"Invalid namespace"'],
  ];
  it.each(packets)("%j ⇄ %s", (packet, payload) => {
    expect(encodeSocket(packet)).toBe(payload);
    expect(decodeSocket(payload)).toEqual(packet);
  });

  it("the exact frames of the research", () => {
    expect(encodeFrame({ type: "connect" })).toBe("40");
    expect(encodeFrame({ type: "event", data: ["x", {}] })).toBe('42["x",{}]');
    expect(encodeFrame({ type: "event", id: 3, data: ["x", {}] })).toBe('423["x",{}]');
    expect(encodeFrame({ type: "ack", id: 3, data: [null, {}] })).toBe('433[null,{}]');
    expect(encodeFrame({ type: "disconnect" })).toBe("41");
    expect(decodeEngine('433[null,{}]')).toEqual({ type: "message", data: "33[null,{}]" });
    expect(decodeSocket("33[null,{}]")).toEqual({ type: "ack", id: 3, data: [null, {}] });
    expect(decodeSocket('23["x",{}]')).toEqual({ type: "event", id: 3, data: ["x", {}] });
    expect(decodeSocket("4")).toEqual({ type: "error", data: undefined });
    expect(decodeSocket('2/,["x"]')).toEqual({ type: "event", data: ["x"] });
  });

  it.each(['51-["x",{"_placeholder":true,"num":0}]', '61-[null,{"_placeholder":true,"num":0}]'])("binary packet %s is rejected", (payload) => {
    expect(() => decodeSocket(payload)).toThrow(/Binary/);
    expect(() => decodeSocket(payload)).toThrow(ProtocolError);
  });

  it.each(["", "7", "x", "2", "2{}", "2[]", "2[1]", "2not json", "3[null]", "33", "33{}", "4{", '2/chat,["x"]'])("garbage %j → ProtocolError", (payload) => {
    expect(() => decodeSocket(payload)).toThrow(ProtocolError);
  });

  it("property: any string either decodes or throws ProtocolError (never another error)", () => {
    const frames = fc.oneof(
      fc.string(),
      fc.string({ unit: "binary" }),
      fc.tuple(fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "/", "/,"), fc.string()).map(([a, b]) => a + b),
      fc.tuple(fc.constantFrom("2", "3"), fc.nat(), fc.json()).map(([t, id, json]) => `${t}${id}${json}`),
    );
    fc.assert(
      fc.property(frames, (frame) => {
        for (const decode of [decodeEngine, decodeSocket] as ((s: string) => unknown)[]) {
          try {
            decode(frame);
          } catch (error) {
            expect(error).toBeInstanceOf(ProtocolError);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("property: events and acks round-trip", () => {
    const args = fc.array(fc.jsonValue(), { maxLength: 3 });
    fc.assert(
      fc.property(fc.string(), args, fc.option(fc.nat(), { nil: undefined }), (name, rest, id) => {
        const packet: SocketPacket = id === undefined ? { type: "event", data: [name, ...rest] } : { type: "event", id, data: [name, ...rest] };
        // JSON cannot keep -0; compare through JSON.
        expect(decodeSocket(encodeSocket(packet))).toEqual(JSON.parse(JSON.stringify(packet)));
        const ack: SocketPacket = { type: "ack", id: id ?? 0, data: rest };
        expect(decodeSocket(encodeSocket(ack))).toEqual(JSON.parse(JSON.stringify(ack)));
      }),
    );
  });
});

describe("the client on the wire (scripted socket)", () => {
  const clients = new Clients();
  afterEach(() => clients.closeAll());

  it("a garbage frame is reported as a ProtocolError and dropped; the connection stays up (no crash)", async () => {
    // As socket.io-client does with a frame it cannot decode: an error event, the socket kept.
    const fake = fakeWebSocket();
    const client = clients.create("http://127.0.0.1:9", { WebSocket: fake.WebSocket });
    const connecting = client.connect();
    handshake(fake.sockets[0]!);
    await connecting;
    const error = next(client, "error");
    fake.sockets[0]!.receive("42{not json");
    expect((await error)[0]).toBeInstanceOf(ProtocolError);
    expect(fake.sockets[0]!.closed).toBeUndefined();
    expect(client.isConnected()).toBe(true);
    const sending = client.chatTyping(true);
    await sending;
    expect(fake.sockets[0]!.sent.at(-1)).toBe('42["chat.typing",{"typing":{"is":true,"text":null}},null]');
  });

  it("answers a server ping with a pong carrying the same data", async () => {
    const fake = fakeWebSocket();
    const client = clients.create("http://127.0.0.1:9", { WebSocket: fake.WebSocket });
    const connecting = client.connect();
    handshake(fake.sockets[0]!);
    await connecting;
    fake.sockets[0]!.receive("2probe");
    expect(fake.sockets[0]!.sent.at(-1)).toBe("3probe");
  });

  it("pings every pingInterval; a pong that never comes detaches the socket at once (ping timeout) and the client reconnects", async () => {
    vi.useFakeTimers();
    try {
      const fake = fakeWebSocket();
      const client = clients.create("http://127.0.0.1:9", { WebSocket: fake.WebSocket });
      const connecting = client.connect();
      const first = fake.sockets[0]!;
      handshake(first, undefined, { pingInterval: 1000, pingTimeout: 1000 });
      await connecting;
      const reasons = collect(client, "disconnect");
      await vi.advanceTimersByTimeAsync(1000);
      expect(first.sent.filter((f) => f === "2")).toHaveLength(1);
      // never answer, and never fire onclose (a dead link): the client does not wait for it
      await vi.advanceTimersByTimeAsync(1000);
      expect(first.closed).toEqual({ code: 4000, reason: "ping timeout" });
      expect(reasons).toEqual(["ping timeout"]);
      expect(client.state).toBe("reconnecting");
      await vi.advanceTimersByTimeAsync(20);
      expect(fake.sockets).toHaveLength(2);
      handshake(fake.sockets[1]!);
      await vi.advanceTimersByTimeAsync(0);
      expect(client.isConnected()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a pong that does come keeps the socket open", async () => {
    vi.useFakeTimers();
    try {
      const fake = fakeWebSocket();
      const client = clients.create("http://127.0.0.1:9", { WebSocket: fake.WebSocket });
      const connecting = client.connect();
      const socket = fake.sockets[0]!;
      // this server answers every ping at once
      const send = socket.send.bind(socket);
      socket.send = (frame: string) => {
        send(frame);
        if (frame === "2") queueMicrotask(() => socket.receive("3"));
      };
      handshake(socket, undefined, { pingInterval: 1000, pingTimeout: 1000 });
      await connecting;
      await vi.advanceTimersByTimeAsync(10_500);
      expect(socket.sent.filter((f) => f === "2")).toHaveLength(10);
      expect(socket.closed).toBeUndefined();
      expect(client.isConnected()).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
