// The client against a scripted local server: retries, timeouts, aborts, broken bodies, typed
// errors, the documented failure values, multipart uploads, binary downloads and the token lifecycle.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AbortError,
  ApiError,
  Client,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  ParleyError,
  RateLimitError,
  StateError,
  TimeoutError,
  UnprocessableEntityError,
  memoryStorage,
  type ChatStorage,
  type ClientOptions,
} from "../src/index.js";
import {
  AUTH_PATH,
  CHAT_ID,
  MENU_ID,
  TOKEN,
  chatState,
  companyBody,
  formDataOf,
  message,
  problem,
  serverPerTest,
  startServer,
} from "./support/server.js";

const COMPANY_ID = "d3b07384d113edec49eaa6238ad5ff00";
const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJhY21lIiwiaWRlbnRpZmllciI6InVzZXItNDIifQ.4qNQ2y0b5o9t3mC1u7h1dXl2Jw6q0pQ2a9mKf1nR8sE";
const STORAGE_KEY = `parley:headless:${COMPANY_ID}:chat`;

const COMPANY = "/api/v2/company";
const CHATS = `/api/v2/menus/${MENU_ID}/chats`;
const CHAT = `/api/v2/chats/${CHAT_ID}`;
const MESSAGES = `${CHAT}/messages`;
const MEDIA = `${CHAT}/media`;
const NO_WAIT = { "retry-after-ms": "0" };

const { server, track } = serverPerTest({ beforeEach, afterEach });

function makeClient(extra: Partial<ClientOptions> = {}) {
  const errors: ParleyError[] = [];
  const authenticate = vi.fn(async () => ({ token: JWT }));
  const client = new Client({ companyId: COMPANY_ID, authenticate, host: server().url, transport: false, ...extra });
  client.on("error", (e) => errors.push(e));
  track(client);
  return { client, errors, authenticate };
}

/** A client whose current chat is CHAT_ID (created through POST /menus/123/chats). */
async function withChat(extra: Partial<ClientOptions> = {}) {
  server().on("POST", CHATS, { status: 201, json: chatState() });
  const made = makeClient(extra);
  const chat = await made.client.createChat(MENU_ID, { lang: "en" });
  return { ...made, chat };
}

function bytesOf(text: string, ...extra: number[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array([...Buffer.from(text), ...extra]);
}

describe("retries", () => {
  it("retries a 429 with Retry-After: 0 and resolves the next answer", async () => {
    server().on("GET", COMPANY, { status: 429, headers: { "retry-after": "0" }, json: problem(429, "Too Many Requests", "Slow down.", COMPANY) }, { status: 200, json: companyBody() });
    const { client } = makeClient();
    await expect(client.getCompany()).resolves.toEqual(companyBody());
    expect(server().requestsTo("GET", COMPANY)).toHaveLength(2);
  });

  it("gives up on a lasting 503 after maxRetries (default 2) with InternalServerError and the parsed problem", async () => {
    const body = problem(503, "Service Unavailable", "Down for maintenance.", COMPANY);
    server().on("GET", COMPANY, { status: 503, headers: NO_WAIT, json: body });
    const { client } = makeClient();
    const error = await client.getCompany().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).status).toBe(503);
    expect((error as InternalServerError).problem).toEqual(body);
    expect(server().requestsTo("GET", COMPANY)).toHaveLength(3);
  });

  it("sends a 503 once with maxRetries: 0", async () => {
    server().on("GET", COMPANY, { status: 503, headers: NO_WAIT, json: problem(503, "Service Unavailable", "Down.", COMPANY) });
    const { client } = makeClient({ maxRetries: 0 });
    await expect(client.getCompany()).rejects.toBeInstanceOf(InternalServerError);
    expect(server().requestsTo("GET", COMPANY)).toHaveLength(1);
  });

  it("does not wait for a long Retry-After: RateLimitError with retryAfterMs after one request", async () => {
    server().on("GET", COMPANY, { status: 429, headers: { "retry-after": "120" }, json: problem(429, "Too Many Requests", "Rate limit exceeded.", COMPANY) });
    const { client } = makeClient();
    const error = await client.getCompany().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect((error as RateLimitError).status).toBe(429);
    expect(server().requestsTo("GET", COMPANY)).toHaveLength(1);
  });

  it("retries a connection reset and resolves the next answer", async () => {
    server().on("GET", COMPANY, "reset", { status: 200, json: companyBody() });
    const { client } = makeClient();
    await expect(client.getCompany()).resolves.toEqual(companyBody());
    expect(server().requestsTo("GET", COMPANY)).toHaveLength(2);
  });

  it("rejects with ConnectionError when the connection is always reset", async () => {
    server().on("GET", COMPANY, "reset");
    const { client } = makeClient({ maxRetries: 0 });
    const error = await client.getCompany().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(server().requestsTo("GET", COMPANY)).toHaveLength(1);
  });
});

describe("timeouts and cancellation", () => {
  it("rejects with TimeoutError when the server never answers", async () => {
    server().on("GET", COMPANY, "stall");
    const { client } = makeClient({ timeout: 1000, maxRetries: 0 });
    await expect(client.getCompany()).rejects.toBeInstanceOf(TimeoutError);
    expect(server().requestsTo("GET", COMPANY)).toHaveLength(1);
  });

  it("rejects with AbortError when the caller aborts a pending request", async () => {
    server().on("GET", COMPANY, "stall");
    const { client } = makeClient();
    const controller = new AbortController();
    const pending = client.getCompany({ signal: controller.signal });
    const outcome = pending.catch((e: unknown) => e);
    await vi.waitFor(() => expect(server().requestsTo("GET", COMPANY)).toHaveLength(1));
    controller.abort();
    expect(await outcome).toBeInstanceOf(AbortError);
  });

  it("sends nothing for an already aborted signal", async () => {
    server().on("GET", COMPANY, { status: 200, json: companyBody() });
    const { client, authenticate } = makeClient();
    await expect(client.getCompany({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(AbortError);
    expect(server().requests).toHaveLength(0);
    // The client is still usable afterwards.
    await expect(client.getCompany()).resolves.toEqual(companyBody());
    expect(authenticate).toHaveBeenCalledTimes(1);
  });
});

describe("broken bodies and typed errors", () => {
  it("rejects a malformed JSON body with InvalidResponseError", async () => {
    server().on("GET", COMPANY, { status: 200, headers: { "content-type": "application/json" }, text: '{"name":' });
    const { client } = makeClient();
    await expect(client.getCompany()).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it("rejects a body cut mid-way with ConnectionError", async () => {
    server().on("GET", COMPANY, "partial");
    const { client } = makeClient({ maxRetries: 0 });
    const error = await client.getCompany().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(/while reading the response/);
  });

  it("turns a 404 problem into NotFoundError with the problem and the request id", async () => {
    const body = problem(404, "Not Found", "Chat 8812 was not found.", CHAT);
    server().on("GET", CHAT, { status: 404, headers: { "x-request-id": "req_01HV6X3K9S" }, json: body });
    const { client } = makeClient();
    const error = await client.loadChat(CHAT_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
    expect((error as NotFoundError).problem?.detail).toBe("Chat 8812 was not found.");
    expect((error as NotFoundError).requestId).toBe("req_01HV6X3K9S");
    expect(server().requestsTo("GET", CHAT)).toHaveLength(1);
  });
});

describe("documented failure values, reported as `error` events", () => {
  it("fetchMessages resolves [] when the messages request keeps failing", async () => {
    const { client, errors } = await withChat();
    server().on("GET", MESSAGES, { status: 500, headers: NO_WAIT, json: problem(500, "Internal Server Error", "Oops.", MESSAGES) });
    await expect(client.fetchMessages()).resolves.toEqual([]);
    expect(server().requestsTo("GET", MESSAGES)).toHaveLength(3);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(InternalServerError);
  });

  it("fetchMessages resolves the messages when the request succeeds", async () => {
    const { client, errors } = await withChat();
    server().on("GET", MESSAGES, { status: 200, json: [message(0), message(1)] });
    await expect(client.fetchMessages()).resolves.toEqual([message(0), message(1)]);
    expect(server().requestsTo("GET", MESSAGES)[0]?.search).toBe("?after_index=-1");
    expect(errors).toHaveLength(0);
  });

  it("fetchMessages resolves [] and reports a StateError without a current chat", async () => {
    const { client, errors } = makeClient();
    await expect(client.fetchMessages()).resolves.toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(StateError);
    expect(server().requestsTo("GET", MESSAGES)).toHaveLength(0);
  });

  it("sendFileMessage resolves -1 when the upload fails, and posts no message", async () => {
    const { client, errors } = await withChat();
    server().on("POST", MEDIA, { status: 415, json: problem(415, "Unsupported Media Type", "Files of type .txt cannot be attached.", MEDIA) });
    await expect(client.sendFileMessage(new File(["x"], "a.txt"))).resolves.toBe(-1);
    expect(server().requestsTo("POST", MEDIA)).toHaveLength(1);
    expect(server().requestsTo("POST", MESSAGES)).toHaveLength(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ApiError);
    expect((errors[0] as ApiError).status).toBe(415);
  });

  it("createCobrowseCode resolves the code, or \"\" when the request fails", async () => {
    const { client, errors } = makeClient();
    server().on(
      "POST",
      "/api/v2/cobrowse/codes",
      { status: 201, json: { code: "123456" } },
      { status: 422, json: problem(422, "Unprocessable Entity", "custom_data must be strings.", "/api/v2/cobrowse/codes") },
    );
    await expect(client.createCobrowseCode("en", { order_id: "A-10023" })).resolves.toBe("123456");
    expect(errors).toHaveLength(0);
    await expect(client.createCobrowseCode("en")).resolves.toBe("");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(UnprocessableEntityError);
    expect(JSON.parse(server().requestsTo("POST", "/api/v2/cobrowse/codes")[0]?.body ?? "")).toEqual({ lang: "en", custom_data: { order_id: "A-10023" } });
  });
});

describe("loadOngoingChat", () => {
  async function stored(value = String(CHAT_ID)): Promise<ChatStorage> {
    const storage = memoryStorage();
    await storage.setItem(STORAGE_KEY, value);
    return storage;
  }

  it("resolves the stored chat while it is going on, and makes it current", async () => {
    const storage = await stored();
    server().on("GET", CHAT, { status: 200, json: chatState({ status: "assigned" }) });
    const { client } = makeClient({ storage });
    const ongoing = vi.fn();
    client.on("chat.ongoing", ongoing);
    const chat = await client.loadOngoingChat();
    expect(chat?.id).toBe(CHAT_ID);
    expect(client.chat).toBe(chat);
    expect(ongoing).toHaveBeenCalledTimes(1);
    expect(await storage.getItem(STORAGE_KEY)).toBe(String(CHAT_ID));
  });

  it("resolves null and clears storage when the stored chat is finished", async () => {
    const storage = await stored();
    server().on("GET", CHAT, { status: 200, json: chatState({ status: "finished", ended_at: "2024-05-14T15:20:11Z" }) });
    const { client } = makeClient({ storage });
    await expect(client.loadOngoingChat()).resolves.toBeNull();
    expect(client.chat).toBeNull();
    expect(await storage.getItem(STORAGE_KEY)).toBeNull();
    expect(server().requestsTo("GET", CHAT)).toHaveLength(1);
  });

  it("resolves null and clears storage when the stored chat no longer exists (404)", async () => {
    const storage = await stored();
    server().on("GET", CHAT, { status: 404, json: problem(404, "Not Found", "Chat 8812 was not found.", CHAT) });
    const { client } = makeClient({ storage });
    await expect(client.loadOngoingChat()).resolves.toBeNull();
    expect(client.chat).toBeNull();
    expect(await storage.getItem(STORAGE_KEY)).toBeNull();
  });

  it("rejects and keeps the stored chat when the server fails (500)", async () => {
    const storage = await stored();
    server().on("GET", CHAT, { status: 500, headers: NO_WAIT, json: problem(500, "Internal Server Error", "Oops.", CHAT) });
    const { client } = makeClient({ storage });
    await expect(client.loadOngoingChat()).rejects.toBeInstanceOf(InternalServerError);
    expect(client.chat).toBeNull();
    expect(await storage.getItem(STORAGE_KEY)).toBe(String(CHAT_ID));
  });

  it("rejects and keeps the stored chat when the connection is reset", async () => {
    const storage = await stored();
    server().on("GET", CHAT, "reset");
    const { client } = makeClient({ storage, maxRetries: 0 });
    await expect(client.loadOngoingChat()).rejects.toBeInstanceOf(ConnectionError);
    expect(await storage.getItem(STORAGE_KEY)).toBe(String(CHAT_ID));
  });
});

describe("uploads", () => {
  it("sendFileMessage uploads the file as multipart, then posts {type, media_id} and resolves the message id", async () => {
    const { client, errors } = await withChat();
    server().on("POST", MEDIA, { status: 201, json: { id: 3301, type: "document", content_type: "text/plain", size: 11 } });
    server().on("POST", MESSAGES, { status: 201, json: { id: 90017, $index: 3, $sid: "IM3f8b2b5d7e0a4c4d1b6e9f2a5c8d1e4f" } });

    await expect(client.sendFileMessage(new File(["hello world"], "a.txt", { type: "text/plain" }))).resolves.toBe(90017);

    const [upload] = server().requestsTo("POST", MEDIA);
    expect(upload?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const file = (await formDataOf(upload!)).get("file");
    expect(file).toBeInstanceOf(File);
    expect((file as File).name).toBe("a.txt");
    expect(await (file as File).text()).toBe("hello world");

    const posted = server().requestsTo("POST", MESSAGES);
    expect(posted).toHaveLength(1);
    expect(JSON.parse(posted[0]?.body ?? "")).toEqual({ type: "document", media_id: 3301 });
    const order = server().requests.filter((r) => r.method === "POST" && (r.pathname === MEDIA || r.pathname === MESSAGES)).map((r) => r.pathname);
    expect(order).toEqual([MEDIA, MESSAGES]);
    expect(errors).toHaveLength(0);
  });

  it("createEmail sends every field and every file as multipart", async () => {
    const path = `/api/v2/menus/${MENU_ID}/emails`;
    const created = { id: 5521, type: "email", status: "created", fail_reason: "", attachment_count: 2 };
    server().on("POST", path, { status: 201, json: created });
    const { client } = makeClient();
    const result = await client.createEmail(MENU_ID, {
      name: "Alex Rivera",
      email: "alex@example.com",
      content: "I was charged twice for order A-10023.",
      lang: "en",
      recaptcha: "03AFcWeA6",
      files: [new File(["first receipt"], "receipt-1.txt", { type: "text/plain" }), new File([bytesOf("PNG", 0x89, 0x00, 0xff)], "receipt-2.png", { type: "image/png" })],
    });
    expect(result).toEqual(created);

    const [sent] = server().requestsTo("POST", path);
    expect(sent?.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const form = await formDataOf(sent!);
    expect(form.get("name")).toBe("Alex Rivera");
    expect(form.get("email")).toBe("alex@example.com");
    expect(form.get("content")).toBe("I was charged twice for order A-10023.");
    expect(form.get("lang")).toBe("en");
    expect(form.get("recaptcha")).toBe("03AFcWeA6");
    const files = form.getAll("files") as File[];
    expect(files.map((f) => f.name)).toEqual(["receipt-1.txt", "receipt-2.png"]);
    expect(await files[0]!.text()).toBe("first receipt");
    expect(new Uint8Array(await files[1]!.arrayBuffer())).toEqual(bytesOf("PNG", 0x89, 0x00, 0xff));
  });
});

describe("downloads", () => {
  const TRANSCRIPT = "/api/v2/chat_transcripts/55";

  it("getPdfStatus reads a JSON status while the PDF is being generated", async () => {
    server().on("GET", TRANSCRIPT, { status: 200, headers: { "x-transcript-status": "in_progress" }, json: { status: "in_progress" } });
    const { client } = makeClient();
    const result = await client.getPdfStatus(55);
    expect(result.status).toBe(200);
    expect(result.headers["x-transcript-status"]).toBe("in_progress");
    expect(result.data.status).toBe("in_progress");
    expect(result.data.body).toBeUndefined();
    expect(server().requestsTo("GET", TRANSCRIPT)[0]?.headers.accept).toContain("application/pdf");
  });

  it("getPdfStatus exposes the finished PDF as data.body with its exact bytes", async () => {
    const pdf = bytesOf("%PDF-1.4\n%", 0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff, 0x0a, ...Buffer.from("%%EOF\n"));
    server().on("GET", TRANSCRIPT, {
      status: 200,
      headers: { "content-type": "application/pdf", "x-transcript-status": "finished", "content-disposition": 'attachment; filename="transcript-8812.pdf"' },
      body: pdf,
    });
    const { client } = makeClient();
    const result = await client.getPdfStatus(55);
    expect(result.headers["x-transcript-status"]).toBe("finished");
    expect(result.data.status).toBe("finished");
    const body = result.data.body;
    expect(body).toBeInstanceOf(File);
    expect(body?.name).toBe("transcript-8812.pdf");
    expect(body?.type).toBe("application/pdf");
    expect(new Uint8Array(await body!.arrayBuffer())).toEqual(pdf);
  });

  it("getMessageAttachment downloads media_id as a File named by Content-Disposition", async () => {
    const { client } = await withChat();
    const png = bytesOf("\x89PNG\r\n", 0x1a, 0x0a, 0x00, 0xff, 0x10);
    server().on("GET", `${MEDIA}/3301`, { status: 200, headers: { "content-type": "image/png", "content-disposition": 'attachment; filename="receipt.png"' }, body: png });
    const file = await client.getMessageAttachment(message(4, { type: "photo", media_id: 3301 }));
    expect(file).toBeInstanceOf(File);
    expect(file?.name).toBe("receipt.png");
    expect(file?.type).toBe("image/png");
    expect(new Uint8Array(await file!.arrayBuffer())).toEqual(png);
    expect(server().requestsTo("GET", `${MEDIA}/3301`)[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("getMessageAttachment fetches a document on another origin without credentials", async () => {
    const other = await startServer();
    try {
      const doc = bytesOf("%PDF-1.7 report", 0x00, 0xff);
      other.on("GET", "/files/report.pdf", { status: 200, headers: { "content-type": "application/pdf" }, body: doc });
      server().on("GET", "/files/own.pdf", { status: 200, headers: { "content-type": "application/pdf" }, body: doc });
      const { client } = makeClient();

      const file = await client.getMessageAttachment(message(5, { type: "document", document: { url: `${other.url}/files/report.pdf` } }));
      expect(file?.name).toBe("report.pdf");
      expect(new Uint8Array(await file!.arrayBuffer())).toEqual(doc);
      const [fetched] = other.requestsTo("GET", "/files/report.pdf");
      expect(fetched).toBeDefined();
      expect(fetched?.headers.authorization).toBeUndefined();
      expect(other.requestsTo("POST", AUTH_PATH)).toHaveLength(0);

      // The API's own origin does get the token.
      await client.getMessageAttachment(message(6, { type: "document", document: { url: `${server().url}/files/own.pdf` } }));
      expect(server().requestsTo("GET", "/files/own.pdf")[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    } finally {
      await other.close();
    }
  });

  it("getMessageAttachment resolves null without a request when the message carries no file", async () => {
    const { client } = makeClient();
    await expect(client.getMessageAttachment(message(7))).resolves.toBeNull();
    expect(server().requests).toHaveLength(0);
  });
});

describe("token lifecycle", () => {
  it("authenticates on the first call only, and emits ready and authenticated once", async () => {
    server().on("GET", COMPANY, { status: 200, json: companyBody() });
    const { client, authenticate } = makeClient();
    const ready = vi.fn();
    const authenticated = vi.fn();
    client.on("ready", ready).on("authenticated", authenticated);

    for (let i = 0; i < 3; i++) await client.getCompany();

    const auth = server().requestsTo("POST", AUTH_PATH);
    expect(auth).toHaveLength(1);
    expect(JSON.parse(auth[0]?.body ?? "")).toEqual({ company_id: COMPANY_ID, token: JWT });
    expect(auth[0]?.headers.authorization).toBeUndefined();
    expect(authenticate).toHaveBeenCalledTimes(1);
    const calls = server().requestsTo("GET", COMPANY);
    expect(calls).toHaveLength(3);
    for (const call of calls) expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(ready).toHaveBeenCalledTimes(1);
    expect(authenticated).toHaveBeenCalledTimes(1);
    // The auth exchange happened before the first API call.
    expect(server().requests[0]?.pathname).toBe(AUTH_PATH);
  });

  it("shares one authentication between concurrent first calls", async () => {
    server().on("GET", COMPANY, { status: 200, json: companyBody() });
    const { client, authenticate } = makeClient();
    const ready = vi.fn();
    client.on("ready", ready);
    const results = await Promise.all([client.getCompany(), client.getCompany(), client.getCompany()]);
    expect(results).toEqual([companyBody(), companyBody(), companyBody()]);
    expect(server().requestsTo("POST", AUTH_PATH)).toHaveLength(1);
    expect(authenticate).toHaveBeenCalledTimes(1);
    expect(ready).toHaveBeenCalledTimes(1);
  });

  it("one caller aborting does not fail the others waiting on the same login", async () => {
    server().on("GET", COMPANY, { status: 200, json: companyBody() });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { client } = makeClient({ authenticate: async () => (await gate, { token: JWT }) });
    const controller = new AbortController();
    const aborted = client.getCompany({ signal: controller.signal });
    const plain = client.getCompany();
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    release();
    await expect(plain).resolves.toEqual(companyBody());
    expect(server().requestsTo("POST", AUTH_PATH)).toHaveLength(1);
  });

  it("refreshes an expired token (expires_in: 0) before the next call", async () => {
    server().on("POST", AUTH_PATH, { status: 200, json: { token: "short-lived", expires_in: 0 } }, { status: 200, json: { token: "second-token", expires_in: 3600 } });
    server().on("GET", COMPANY, { status: 200, json: companyBody() });
    const { client, authenticate } = makeClient();
    const ready = vi.fn();
    client.on("ready", ready);

    await client.getCompany();
    await client.getCompany();
    await client.getCompany();

    expect(server().requestsTo("POST", AUTH_PATH)).toHaveLength(2);
    expect(authenticate).toHaveBeenCalledTimes(2);
    expect(server().requestsTo("GET", COMPANY).map((r) => r.headers.authorization)).toEqual([
      "Bearer short-lived",
      "Bearer second-token",
      "Bearer second-token",
    ]);
    expect(ready).toHaveBeenCalledTimes(1);
  });

  it("authenticates again once and retries when the API rejects the token (401)", async () => {
    server().on("POST", AUTH_PATH, { status: 200, json: { token: "revoked", expires_in: 3600 } }, { status: 200, json: { token: "fresh", expires_in: 3600 } });
    server().on("GET", COMPANY, { status: 401, json: problem(401, "Unauthorized", "The token was revoked.", COMPANY) }, { status: 200, json: companyBody() });
    const { client } = makeClient();
    await expect(client.getCompany()).resolves.toEqual(companyBody());
    expect(server().requestsTo("POST", AUTH_PATH)).toHaveLength(2);
    expect(server().requestsTo("GET", COMPANY).map((r) => r.headers.authorization)).toEqual(["Bearer revoked", "Bearer fresh"]);
  });
});
