// uploadFile's PUT follows no redirect, as core's fetch: a 307 would send the file again, a 301 hand
// it (signed URL and all) to another host. The storage is played by the scripted test server.
import { ConnectionError, type FetchLike } from "@parley/core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Connection, Conversation } from "../src/index.js";
import { PNG_BYTES, TOKEN, connectionTo, openConversation, startMock, type ConversationMock } from "./helpers.js";
import { startScriptedServer, type ScriptedServer } from "@parley/test-support";

let storage: ScriptedServer;
let elsewhere: ScriptedServer;
let mock: ConversationMock;
let connection: Connection;
let conv: Conversation;

beforeAll(async () => {
  [storage, elsewhere] = await Promise.all([startScriptedServer(), startScriptedServer()]);
});
afterAll(() => Promise.all([storage.close(), elsewhere.close()]));

beforeEach(async () => {
  mock = await startMock({ token: TOKEN });
  // The signed URL's path is the mock's; its PUT goes to the scripted storage's /upload, init as given.
  const fetch: FetchLike = (_input, init) => globalThis.fetch(`${storage.url}/upload`, init);
  ({ connection } = connectionTo(mock, { uploadBaseUrl: storage.url, fetch }));
  conv = await openConversation(connection);
});
afterEach(async () => {
  connection.close();
  storage.reset();
  elsewhere.reset();
  await mock.close();
});

describe("uploadFile and redirects", () => {
  it("a 307 is a ConnectionError after one PUT: the file is not sent again, nothing is published", async () => {
    storage.on("PUT", "/upload", { status: 307, headers: { location: `${storage.url}/again` } });
    storage.on("PUT", "/again", { status: 201 });
    const error = await conv.uploadFile(PNG_BYTES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/redirected \(307\)/);
    expect(storage.requestsTo("/upload")).toHaveLength(1);
    expect(storage.requestsTo("/again")).toHaveLength(0);
    expect(mock.events("dlg-1").filter((e) => (e.event as { contentType?: string }).contentType === "hosted/file")).toEqual([]);
  });

  it("a 301 to another host is not followed: that host gets nothing", async () => {
    storage.on("PUT", "/upload", { status: 301, headers: { location: `${elsewhere.url}/stolen` } });
    elsewhere.on("GET", "/stolen", { status: 200, json: { ok: true } });
    const error = await conv.uploadFile(PNG_BYTES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/redirected \(301\)/);
    expect(storage.requestsTo("/upload")).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });
});
