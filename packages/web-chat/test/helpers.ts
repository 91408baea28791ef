import { exponentialReconnectPolicy } from "@parley/core";
import { WebSocket } from "ws";
import { createVisitorClient, type ConnectedData, type VisitorClient, type VisitorClientEvents, type VisitorClientOptions, type WebSocketLike } from "../src/index.js";

/** A fast reconnect policy so drops cost milliseconds. */
export const fastReconnect = () => exponentialReconnectPolicy({ initialDelayMs: 5, maxDelayMs: 20 });

/** The real `ws` WebSocket, recording every frame the client sends and every socket it opens. */
export function recordingWebSocket(): { WebSocket: new (url: string) => WebSocket; frames: string[]; opened: string[] } {
  const frames: string[] = [];
  const opened: string[] = [];
  class Recording extends WebSocket {
    constructor(url: string) {
      super(url);
      opened.push(url);
    }
    override send(data: unknown, ...rest: unknown[]): void {
      frames.push(String(data));
      (WebSocket.prototype.send as (...args: unknown[]) => void).call(this, data, ...rest);
    }
  }
  return { WebSocket: Recording, frames, opened };
}

/** socket.io event frames (`42…`) sent, by event name. */
export function eventFrames(frames: readonly string[], event: string): unknown[][] {
  return frames
    .filter((f) => /^42\d*\[/.test(f))
    .map((f) => JSON.parse(f.replace(/^42\d*/, "")) as unknown[])
    .filter((args) => args[0] === event);
}

/** Creates clients against `url` and closes all of them in `closeAll()`. */
export class Clients {
  readonly #all: VisitorClient[] = [];
  create(url: string, overrides: { data?: Partial<VisitorClientOptions["data"]>; WebSocket?: unknown } = {}): VisitorClient {
    const client = createVisitorClient({
      data: { key: "demo", ...overrides.data },
      connection: { url, reconnect: fastReconnect() },
      WebSocket: (overrides.WebSocket ?? WebSocket) as never,
    });
    this.#all.push(client);
    return client;
  }
  closeAll(): void {
    for (const client of this.#all.splice(0)) client.disconnect();
  }
}

/** Resolves with the arguments of the next `event`. */
export function next<K extends keyof VisitorClientEvents>(client: VisitorClient, event: K): Promise<VisitorClientEvents[K]> {
  return new Promise((resolve) => client.once(event, ((...args: VisitorClientEvents[K]) => resolve(args)) as never));
}

/** Collects every payload of `event`. */
export function collect<K extends keyof VisitorClientEvents>(client: VisitorClient, event: K): VisitorClientEvents[K][0][] {
  const out: VisitorClientEvents[K][0][] = [];
  client.on(event, ((...args: VisitorClientEvents[K]) => out.push(args[0])) as never);
  return out;
}

// ---- a scripted fake WebSocket, for exact frames and races the real server cannot stage ----

export class FakeSocket implements WebSocketLike {
  readyState = 1;
  readonly sent: string[] = [];
  closed: { code: number | undefined; reason: string | undefined } | undefined;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code?: number; reason?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closed = { code, reason };
  }
  /** A frame from the server. */
  receive(frame: string): void {
    this.onmessage?.({ data: frame });
  }
  /** The transport closes (after close(), or abruptly). */
  end(reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code: this.closed?.code ?? 1006, reason: this.closed?.reason ?? reason });
  }
}

export function fakeWebSocket(): { WebSocket: new (url: string) => FakeSocket; sockets: FakeSocket[] } {
  const sockets: FakeSocket[] = [];
  class Fake extends FakeSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return { WebSocket: Fake, sockets };
}

export function connectedData(overrides: Partial<ConnectedData> = {}): ConnectedData {
  return {
    serverVersion: "fake 1",
    visitor: { id: "v_fake", chatId: null, lang: "en", name: null, email: null, phone: null, bannedAt: null, group: null, visits: 1, variables: {} },
    browser: null,
    account: { status: "online", agents: [], groups: [] },
    ...overrides,
  } as ConnectedData;
}

/** Plays the server's side of the handshake on `socket` and answers `visitor.connect`. */
export function handshake(socket: FakeSocket, data: ConnectedData = connectedData(), ping = { pingInterval: 25_000, pingTimeout: 20_000 }): void {
  socket.receive(`0${JSON.stringify({ sid: "s1", upgrades: [], ...ping })}`);
  socket.receive("40");
  const frame = socket.sent.find((f) => f.includes('"visitor.connect"'));
  const id = /^42(\d+)\[/.exec(frame ?? "")?.[1];
  if (id === undefined) throw new Error(`no visitor.connect with an ack id was sent: ${JSON.stringify(socket.sent)}`);
  socket.receive(`43${id}${JSON.stringify([null, data])}`);
}

/** The ack id of the last frame sent for `event`. */
export function ackIdOf(socket: FakeSocket, event: string): number {
  const frame = [...socket.sent].reverse().find((f) => f.startsWith("42") && f.includes(`"${event}"`));
  const id = /^42(\d+)\[/.exec(frame ?? "")?.[1];
  if (id === undefined) throw new Error(`no ${event} with an ack id was sent`);
  return Number(id);
}
