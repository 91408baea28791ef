import { startWebChatMock, type WebChatMock } from "@parley/mock/web-chat";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { AckLostError, type ConnectedData, type Message, type VisitorClient } from "../src/index.js";
import { Clients, next } from "./helpers.js";

let mock: WebChatMock;
const clients = new Clients();

beforeAll(async () => {
  mock = await startWebChatMock({ agentReplyDelayMs: 5 });
  mock.agent.autoReply = false;
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  clients.closeAll();
  expect(mock.violations).toEqual([]);
});

const ROUNDS = 50;

/**
 * The caller's part of exactly-once. The protocol has no idempotency key, so when the connection drops
 * between sending chat.message and its ack (AckLostError) the SDK cannot know whether the server stored
 * it and does not resend on its own. The caller looks for the message in the data of the next
 * `initialized` (the server's state after the reconnect) and sends again only when it is absent.
 */
async function sendExactlyOnce(client: VisitorClient, text: string, stats: { ackLost: number; foundAfterReconnect: number; resent: number }): Promise<Message> {
  for (;;) {
    try {
      return await client.chatMessage({ content: { type: "text", text } });
    } catch (error) {
      if (!(error instanceof AckLostError)) throw error;
      stats.ackLost++;
      // The reconnect is scheduled after the rejection, so this `initialized` is the one after the drop.
      const [data] = await next(client, "initialized");
      const stored = data.chat?.messages.find((m) => m.content.text === text);
      if (stored) {
        stats.foundAfterReconnect++;
        return stored;
      }
      stats.resent++;
    }
  }
}

it(`every message is delivered exactly once across ${ROUNDS} dropped connections during traffic`, async () => {
  const client = clients.create(mock.url);
  const first = await client.connect();
  const visitorId = first.visitor.id;

  const receivedIds = new Map<string, number>();
  const receivedTexts = new Map<string, number>();
  client.on("chat.message_received", ({ message }) => {
    receivedIds.set(message.id, (receivedIds.get(message.id) ?? 0) + 1);
    const text = message.content.text ?? "";
    receivedTexts.set(text, (receivedTexts.get(text) ?? 0) + 1);
  });
  const inits: ConnectedData[] = [];
  client.on("initialized", (data) => inits.push(data));

  const agentSaid: Message[] = [];
  const visitorTexts: string[] = [];
  const stats = { ackLost: 0, foundAfterReconnect: 0, resent: 0, queued: 0 };
  const drop = () => expect(mock.dropConnections()).toBe(1);

  for (let round = 0; round < ROUNDS; round++) {
    const agentText = `agent says ${round}`;
    const visitorText = `visitor says ${round}`;
    visitorTexts.push(visitorText);
    const reconnected = next(client, "initialized");
    switch (round % 5) {
      case 0: {
        // Dropped before the send, and the client has noticed: the call is queued and goes out after the reconnect.
        const disconnected = next(client, "disconnect");
        drop();
        await disconnected;
        expect(client.isConnected()).toBe(false);
        agentSaid.push(mock.agent.say(visitorId, agentText)); // said while the visitor is away
        stats.queued++;
        const sent = client.chatMessage({ content: { type: "text", text: visitorText } });
        await expect(sent).resolves.toMatchObject({ content: { text: visitorText } });
        break;
      }
      case 1: {
        // Dropped before the send, but the client has not noticed yet: the frame goes to a dead socket.
        agentSaid.push(mock.agent.say(visitorId, agentText));
        drop();
        await sendExactlyOnce(client, visitorText, stats);
        break;
      }
      case 2: {
        // Dropped right after the frame was handed to the socket (it may or may not reach the server).
        const sending = sendExactlyOnce(client, visitorText, stats);
        drop();
        agentSaid.push(mock.agent.say(visitorId, agentText));
        await sending;
        break;
      }
      case 3: {
        // Dropped a moment later: one event-loop turn, or as soon as the server has stored the message
        // (its ack is then on the wire and may or may not be read before the cut).
        const sending = sendExactlyOnce(client, visitorText, stats);
        agentSaid.push(mock.agent.say(visitorId, agentText));
        await new Promise((resolve) => setImmediate(resolve));
        if (round % 10 === 8) {
          while (!mock.messages(visitorId).some((m) => m.content.text === visitorText)) await new Promise((resolve) => setImmediate(resolve));
        }
        drop();
        await sending;
        break;
      }
      default: {
        // Dropped after the ack.
        await sendExactlyOnce(client, visitorText, stats);
        agentSaid.push(mock.agent.say(visitorId, agentText));
        drop();
        break;
      }
    }
    await reconnected;
    expect(client.isConnected()).toBe(true);
  }
  // One acked round trip after the last reconnect: every push before it has been handled.
  await client.chatTranscript("soak@example.com", "en");

  // Every agent message reached chat.message_received exactly once, by id and by text.
  for (const said of agentSaid) {
    expect(receivedIds.get(said.id), said.content.text).toBe(1);
    expect(receivedTexts.get(said.content.text ?? ""), said.content.text).toBe(1);
  }
  expect(agentSaid).toHaveLength(ROUNDS);
  // Every visitor message is stored exactly once.
  const stored = mock.messages(visitorId);
  for (const text of visitorTexts) expect(stored.filter((m) => m.content.text === text), text).toHaveLength(1);
  expect(stored.filter((m) => m.subType === "contact")).toHaveLength(ROUNDS);
  // The client reconnected after every drop.
  expect(inits.length).toBeGreaterThanOrEqual(ROUNDS);
  expect(new Set(inits.map((d) => d.visitor.id))).toEqual(new Set([visitorId]));
  expect(stats.queued).toBe(ROUNDS / 5);
  // The drops did land between send and ack at least once (else this test would not test the caller's part).
  expect(stats.ackLost).toBeGreaterThan(0);
  console.info(`soak: ${inits.length} reconnects, ${stats.ackLost} acks lost (${stats.foundAfterReconnect} stored anyway, ${stats.resent} resent)`);
});
