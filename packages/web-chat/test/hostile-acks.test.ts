// Ack and error packets whose error value cannot be turned into text (`String()` throws on it):
// the waiting call still settles with a typed error, and the connection keeps working.
import { afterEach, expect, it, vi } from "vitest";
import { ProtocolError, SocketError, createVisitorClient, type ParleyError } from "../src/index.js";
import { ackIdOf, fakeWebSocket, handshake } from "./helpers.js";

afterEach(() => {
  vi.useRealTimers();
});

/** An array whose element has a non-callable `toString`: `String(value)` throws a TypeError. */
const UNPRINTABLE = '[{"toString":1}]';

async function connected(fetch?: () => Promise<Response>) {
  vi.useFakeTimers();
  const fake = fakeWebSocket();
  const client = createVisitorClient({ data: { key: "demo" }, connection: { url: "http://127.0.0.1:9", reconnect: false, ackTimeout: 1000 }, WebSocket: fake.WebSocket, fetch });
  const errors: ParleyError[] = [];
  client.on("error", (e) => errors.push(e));
  const ready = client.connect();
  await vi.advanceTimersByTimeAsync(0);
  const socket = fake.sockets[0]!;
  handshake(socket);
  await ready;
  return { client, socket, errors };
}

it("an ack whose error String() cannot print rejects the call with a SocketError (it used to never settle)", async () => {
  const { client, socket } = await connected();
  const outcome = client.chatUploadInit().then(
    () => "resolved",
    (e: unknown) => e,
  );
  await vi.advanceTimersByTimeAsync(0);
  socket.receive(`43${ackIdOf(socket, "chat.upload_init")}[${UNPRINTABLE},null]`);
  // Well past the ack deadline: without a settled call this would still be pending.
  await vi.advanceTimersByTimeAsync(5000);
  const settled = await Promise.race([outcome, Promise.resolve("pending")]);
  expect(settled).toBeInstanceOf(SocketError);
  expect((settled as SocketError).message).toBe("The server refused the request.");
  client.disconnect();
});

it("a socket.io error packet with such a value is reported as a SocketError, not a TypeError text", async () => {
  const { client, socket, errors } = await connected();
  socket.receive(`44${UNPRINTABLE}`);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toBeInstanceOf(SocketError);
  expect(errors[0]).not.toBeInstanceOf(ProtocolError);
  client.disconnect();
});

for (const [name, ack] of [
  ["null", "null"],
  ["a numeric url", '{"url":5,"token":"t"}'],
  ["a missing token", '{"url":"http://127.0.0.1:9/upload"}'],
] as const) {
  it(`chatUploadFile with a chat.upload_init ack of ${name}: ProtocolError, nothing POSTed`, async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    const { client, socket } = await connected(fetch);
    const outcome = client.chatUploadFile(new Blob(["x"])).then(
      () => "resolved",
      (e: unknown) => e,
    );
    await vi.advanceTimersByTimeAsync(0);
    socket.receive(`43${ackIdOf(socket, "chat.upload_init")}[null,${ack}]`);
    const error = await outcome;
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).message).toContain("chat.upload_init");
    expect(fetch).not.toHaveBeenCalled();
    client.disconnect();
  });
}
