// Every error of a call names the operation that failed (the spec's operationId), in its message and
// as `operation`: bad server data, statuses, timeouts, aborts, and a failed login, which stays named
// createEndUserToken for every call that waited for it. A scripted local server plays the API.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  AbortError,
  Client,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  ParleyError,
  TimeoutError,
  ValidationError,
  type ClientOptions,
} from "../src/index.js";
import { caught, expectNoSecrets, secretSurfaces } from "@parley/test-support";
import { AUTH_PATH, CHAT_ID, MENU_ID, TOKEN, chatState, serverPerTest } from "./support/server.js";

const JWT = "eyJhbGciOiJIUzI1NiJ9.NAMED-JWT-PAYLOAD.SIG";
const COMPANY = "/api/v2/company";
const CHATS = `/api/v2/menus/${MENU_ID}/chats`;
const MESSAGES = `/api/v2/chats/${CHAT_ID}/messages`;

const { server, track } = serverPerTest({ beforeEach, afterEach });

function makeClient(extra: Partial<ClientOptions> = {}): Client {
  const client = new Client({ companyId: "d3b07384d113edec49eaa6238ad5ff00", authenticate: async () => ({ token: JWT }), host: server().url, transport: false, maxRetries: 0, ...extra });
  client.on("error", () => {});
  return track(client);
}

function expectNamed(error: ParleyError, operation: string): void {
  expect(error.operation).toBe(operation);
  expect(error.message.startsWith(`${operation}: `), error.message).toBe(true);
  expect(String(error).startsWith(`${error.name}: ${operation}: `)).toBe(true);
  expect(String(error.stack).startsWith(`${error.name}: ${operation}: `)).toBe(true);
  expectNoSecrets(secretSurfaces(error), { "the JWT": JWT, "the end-user token": TOKEN }, "the error");
}

describe("every error names its operation", () => {
  it("a 200 that is not JSON: InvalidResponseError naming getCompany and the whole body", async () => {
    server().on("GET", COMPANY, { status: 200, headers: { "content-type": "application/json" }, text: `<p>Bearer ${TOKEN}</p>` });
    const error = await caught(InvalidResponseError, () => makeClient().getCompany());
    expectNamed(error, "getCompany");
    expect(error.field).toBe("");
  });

  it("a 200 JSON string echoing the token: InvalidResponseError naming getCompany, the value described by its type only", async () => {
    server().on("GET", COMPANY, { status: 200, json: `Bearer ${TOKEN}` });
    const error = await caught(InvalidResponseError, () => makeClient().getCompany());
    expectNamed(error, "getCompany");
    expect(error.message).toBe("getCompany: the response body must be an object, got a string.");
  });

  it("a body cut mid-way: ConnectionError naming getCompany", async () => {
    server().on("GET", COMPANY, "partial");
    const error = await caught(ConnectionError, () => makeClient().getCompany());
    expectNamed(error, "getCompany");
  });

  it("a 500: InternalServerError naming createChat, with its request", async () => {
    server().on("POST", CHATS, { status: 500, json: { title: "Internal Server Error", status: 500 } });
    const error = await caught(InternalServerError, () => makeClient().createChat(MENU_ID, { lang: "en" }));
    expectNamed(error, "createChat");
    expect(error.message).toContain(`POST ${server().url}${CHATS} failed with 500`);
  });

  it("a timeout: TimeoutError naming sendMessage (sendTextMessage's operation)", async () => {
    server().on("POST", CHATS, { status: 201, json: chatState() });
    server().on("POST", MESSAGES, "stall");
    const client = makeClient({ timeout: 500 });
    await client.createChat(MENU_ID, { lang: "en" });
    const error = await caught(TimeoutError, () => client.sendTextMessage("hello"));
    expectNamed(error, "sendMessage");
  });

  it("an abort: AbortError naming getMenus; a bad argument stays a plain ValidationError", async () => {
    const client = makeClient();
    const error = await caught(AbortError, () => client.getMenus(undefined, undefined, { signal: AbortSignal.abort() }));
    expectNamed(error, "getMenus");
    const invalid = await caught(ValidationError, () => client.getCompany({ signal: "no" as never }));
    expect(invalid.operation).toBeUndefined();
    expect(invalid.message.startsWith("Invalid argument")).toBe(true);
  });

  it("a failed login: every waiting call gets the error named createEndUserToken", async () => {
    server().on("POST", AUTH_PATH, { status: 500, json: { title: "Internal Server Error", status: 500 } });
    server().on("GET", COMPANY, { status: 200, json: {} });
    const client = makeClient();
    const [company, menus] = await Promise.all([caught(InternalServerError, () => client.getCompany()), caught(InternalServerError, () => client.getMenus())]);
    expect(menus).toBe(company);
    expectNamed(company, "createEndUserToken");
    expect(server().requestsTo("POST", AUTH_PATH)).toHaveLength(1);
  });
});
