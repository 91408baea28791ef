import { collectGarbage, garbageArb, mutate, mutationArb, specExamples, watchProcess, type Mutation } from "@parley/test-support";
import fc from "fast-check";
import { expect, it } from "vitest";
import { ParleyError, createVisitorClient, type ConnectedData, type VisitorClient } from "../src/index.js";
import { serverEventNames } from "../src/generated/events.js";
import { fakeWebSocket, handshake, type FakeSocket } from "./helpers.js";

// 100,000 hostile frames into one live client: the spec's examples mutated (nulls, wrong types,
// missing fields, huge strings, __proto__ keys), binary frames, garbage and unknown types.

const RUNS = 100;
const FRAMES = 1000;
const examples = specExamples(new URL("../../../openapi/web-chat.asyncapi.yaml", import.meta.url));
const example = (name: string): unknown => examples.get(name)?.[0] ?? {};
const connected = example("visitor.connect.ack") as ConnectedData;
const ACKS = ["chat.message.ack", "chat.upload_init.ack", "chat.upload_finish.ack", "chat.rate_init.ack", "visitor.authenticate.ack", "visitor.connect.ack"];
const NAMES = [...serverEventNames, "__proto__", "constructor", "initialized", "error", "connect", "disconnect", "statechange", "unknown.event"];
const OPEN = { sid: "s1", upgrades: [], pingInterval: 25_000, pingTimeout: 20_000 };

type Frame =
  | { kind: "event"; name: number; m: Mutation }
  | { kind: "ack"; ack: number; id: number; error: boolean; m: Mutation }
  | { kind: "open"; m: Mutation }
  | { kind: "control"; frame: string }
  | { kind: "garbage"; text: string }
  | { kind: "binary"; bytes: Uint8Array };

const frameArb: fc.Arbitrary<Frame> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("event" as const), name: fc.nat(NAMES.length - 1), m: mutationArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("ack" as const), ack: fc.nat(ACKS.length - 1), id: fc.nat(40), error: fc.boolean(), m: mutationArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("open" as const), m: mutationArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("control" as const), frame: fc.constantFrom("1", "2", "2probe", "3", "40", "41", '44"Authentication error"', "44{", "5", "6", "4", "45", "46", "4/admin,0", "9", "") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("garbage" as const), text: garbageArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("binary" as const), bytes: fc.uint8Array({ maxLength: 16 }) }) },
);

function encode(frame: Frame, ackBase: number): string | Uint8Array {
  switch (frame.kind) {
    case "event": {
      const name = NAMES[frame.name]!;
      return `42${JSON.stringify([name, mutate(example(name), frame.m)])}`;
    }
    case "ack": {
      const body = mutate(example(ACKS[frame.ack]!), frame.m);
      return `43${ackBase + frame.id}${JSON.stringify(frame.error ? [{ message: "refused", code: "x" }] : [null, body])}`;
    }
    case "open":
      return `0${JSON.stringify(mutate(OPEN, frame.m))}`;
    case "control":
      return frame.frame;
    case "garbage":
      return frame.text;
    case "binary":
      return frame.bytes;
  }
}

it(`${RUNS * FRAMES} mutated frames: no uncaught exception, no unhandled rejection, consistent state, flat memory`, async () => {
  const fake = fakeWebSocket();
  const client: VisitorClient = createVisitorClient({ data: { key: "demo" }, connection: { url: "http://127.0.0.1:9", reconnect: false }, WebSocket: fake.WebSocket });
  // counted, not kept: 100,000 frames' worth of errors would be the memory growth itself
  const errors = { count: 0, foreign: 0 };
  client.on("error", (e) => {
    errors.count++;
    if (!(e instanceof ParleyError)) errors.foreign++;
  });
  const listeners = () => ["error", "statechange", "initialized", "disconnect"].map((e) => client.listenerCount(e as never));
  const before = listeners();
  let heapAtStart = 0;
  let runs = 0;
  let reconnects = 0;
  const socket = (): FakeSocket => fake.sockets.at(-1)!;

  async function ensureConnected(): Promise<void> {
    if (client.state === "connected") return;
    if (client.state !== "disconnected") client.disconnect();
    reconnects++;
    const connecting = client.connect();
    handshake(socket(), connected);
    await connecting;
  }

  const { uncaught } = await watchProcess(async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frameArb, { minLength: FRAMES, maxLength: FRAMES }), async (frames) => {
        await ensureConnected();
        // requests waiting for acks, so mutated acks have someone to reach
        const ackBase = Number(/^42(\d+)/.exec([...socket().sent].reverse().find((f) => /^42\d/.test(f)) ?? "")?.[1] ?? 0) + 1;
        const calls = [client.chatMessage({ content: { type: "text", text: "hi" } }), client.chatRateInit(), client.chatUploadInit(), client.authenticate({ a: 1 })];
        for (const call of calls) call.catch(() => {});
        for (let i = 0; i < frames.length; i++) {
          if (client.state === "disconnected") await ensureConnected();
          socket().receive(encode(frames[i]!, ackBase) as string);
          if (i % 100 === 99) await Promise.resolve();
        }
        await new Promise((r) => setImmediate(r));
        // state consistent: getters work on whatever was accepted
        expect(["connected", "disconnected", "connecting", "reconnecting"]).toContain(client.state);
        for (const agent of client.getAgents()) expect(typeof agent.id).toBe("string");
        for (const group of client.getGroups()) expect(typeof group.key).toBe("string");
        expect(Array.isArray(client.getAssignedAgents())).toBe(true);
        expect(typeof client.getVisitorIdentity()).toBe("object");
        expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
        if (++runs === 10) {
          collectGarbage();
          heapAtStart = process.memoryUsage().heapUsed;
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  });
  client.disconnect();
  collectGarbage();
  const growth = process.memoryUsage().heapUsed - heapAtStart;
  expect(uncaught).toEqual([]);
  expect(errors.foreign).toBe(0);
  expect(errors.count).toBeGreaterThan(RUNS * FRAMES * 0.2);
  expect(listeners()).toEqual(before);
  expect(growth).toBeLessThan(32 * 1024 * 1024);
  console.info(`web-chat fuzz: ${RUNS * FRAMES} frames, ${errors.count} ProtocolError/SocketError events, ${reconnects} reconnects, heap +${(growth / 1024 / 1024).toFixed(1)} MB after run 10`);
}, 120_000); // a ceiling for a loaded 2-core machine, not a speed check
