// Response bodies a hostile server can send to the requests a Conversation makes: each is a typed
// error naming the operation and the field, never a TypeError, and nothing further is sent.
import { InvalidResponseError } from "@parley/core";
import { describe, expect, it } from "vitest";
import { Connection } from "../src/index.js";
import { conversation, details } from "./fixtures.js";
import { PNG_BYTES } from "./helpers.js";

describe("uploadFile against a bad .ams.ms.GenerateURLForUploadFile response", () => {
  const cases: [string, unknown, string][] = [
    ["null", null, "body.relativePath"],
    ["an array", [], "body.relativePath"],
    ["no relativePath", { queryParams: { temp_url_sig: "s", temp_url_expires: "1" } }, "body.relativePath"],
    ["a numeric relativePath", { relativePath: 5, queryParams: { temp_url_sig: "s", temp_url_expires: "1" } }, "body.relativePath"],
    ["no queryParams", { relativePath: "/f.png" }, "body.queryParams.temp_url_sig"],
    ["a null temp_url_expires", { relativePath: "/f.png", queryParams: { temp_url_sig: "s", temp_url_expires: null } }, "body.queryParams.temp_url_expires"],
  ];
  for (const [name, body, field] of cases) {
    it(`${name}: InvalidResponseError naming ${field}; nothing uploaded or published`, async () => {
      const { conv, host } = conversation(details());
      host.request.mockResolvedValueOnce(body);
      const error = await conv.uploadFile(PNG_BYTES).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as InvalidResponseError).operation).toBe(".ams.ms.GenerateURLForUploadFile");
      expect((error as InvalidResponseError).field).toBe(field);
      expect(host.upload).not.toHaveBeenCalled();
      expect(host.request).toHaveBeenCalledTimes(1);
    });
  }
});

/** A scripted WebSocket: the test plays the server's frames. */
class FakeSocket {
  static last: FakeSocket | undefined;
  readyState = 0;
  readonly sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code?: number; reason?: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

describe("subscribe against a bad .ams.aam.SubscribeExConversations response", () => {
  for (const [name, body] of [
    ["null", null],
    ["{}", {}],
    ["a numeric subscriptionId", { subscriptionId: 7 }],
  ] as const) {
    it(`${name}: InvalidResponseError naming body.subscriptionId, not a resolved ${JSON.stringify(body)}`, async () => {
      const connection = new Connection({ accountId: "123", token: "t", url: "ws://127.0.0.1:9", WebSocket: FakeSocket as never, reconnect: false });
      const connected = connection.connect();
      FakeSocket.last!.open();
      await connected;
      const socket = FakeSocket.last!;
      const outcome = connection.subscribe({ convState: ["OPEN"] }).then(
        (value) => value,
        (e: unknown) => e,
      );
      const sent = JSON.parse(socket.sent.at(-1)!) as { id: string; type: string };
      expect(sent.type).toBe(".ams.aam.SubscribeExConversations");
      socket.receive({ kind: "resp", reqId: sent.id, code: 200, body });
      const error = await outcome;
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as InvalidResponseError).field).toBe("body.subscriptionId");
      connection.close();
    });
  }
});
