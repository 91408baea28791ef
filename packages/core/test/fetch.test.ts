import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
  createFetch,
} from "../src/index.js";
import { capturingLogger, fast, rejectionOf } from "./helpers.js";
import { problem, startScriptedServer as startServer, type ScriptedServer } from "@parley/test-support";

let server: ScriptedServer;

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const ok = (body: unknown = { ok: true }) => ({ status: 200, body });

describe("createFetch: retries on HTTP status", () => {
  it("retries a 429 with Retry-After: 0 and resolves with the 200 after exactly 2 requests", async () => {
    server.script("/limited", { status: 429, headers: { "retry-after": "0" } }, ok({ n: 1 }));
    const response = await createFetch({ backoff: fast })(`${server.url}/limited`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ n: 1 });
    expect(server.requestsTo("/limited")).toHaveLength(2);
  });

  it("gives up after maxRetries + 1 requests with an InternalServerError carrying the status and problem", async () => {
    server.script("/down", problem(503, "try later"), problem(503, "try later"), problem(503, "still down", { "x-request-id": "req_9" }));
    const error = await rejectionOf(createFetch({ maxRetries: 2, backoff: fast })(`${server.url}/down`));
    expect(error).toBeInstanceOf(InternalServerError);
    const apiError = error as InternalServerError;
    expect(apiError.status).toBe(503);
    expect(apiError.problem).toMatchObject({ title: "Service Unavailable", status: 503, detail: "still down" });
    expect(apiError.requestId).toBe("req_9");
    expect(apiError.request).toMatchObject({ method: "GET", url: `${server.url}/down` });
    expect(apiError.message).toContain("still down");
    expect(server.requestsTo("/down")).toHaveLength(3);
  });

  it.each([408, 429, 500, 502, 503, 504, 529])("retries %i", async (status) => {
    server.script("/retryable", { status, headers: { "retry-after-ms": "0" } }, ok());
    const response = await createFetch({ backoff: fast })(`${server.url}/retryable`);
    expect(response.status).toBe(200);
    expect(server.requestsTo("/retryable")).toHaveLength(2);
  });

  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [501, InternalServerError],
  ] as const)("does not retry %i and throws its class", async (status, cls) => {
    server.script("/final", problem(status, "no"), ok());
    const error = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/final`));
    expect(error).toBeInstanceOf(cls);
    expect((error as ApiError).status).toBe(status);
    expect((error as ApiError).problem?.detail).toBe("no");
    expect(server.requestsTo("/final")).toHaveLength(1);
  });

  it("does not retry a 503 that says x-should-retry: false", async () => {
    server.script("/no-retry", { status: 503, headers: { "x-should-retry": "false" } }, ok());
    const error = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/no-retry`));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requestsTo("/no-retry")).toHaveLength(1);
  });

  it("retries a 400 that says x-should-retry: true", async () => {
    server.script("/yes-retry", { status: 400, headers: { "x-should-retry": "true" } }, ok());
    const response = await createFetch({ backoff: fast })(`${server.url}/yes-retry`);
    expect(response.status).toBe(200);
    expect(server.requestsTo("/yes-retry")).toHaveLength(2);
  });

  it("throws a RateLimitError at once when Retry-After is above maxRetryAfterMs", async () => {
    server.script("/slow-down", { status: 429, headers: { "retry-after": "120" }, body: { title: "Too Many Requests", detail: "quota" } }, ok());
    const error = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/slow-down`));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect((error as RateLimitError).problem?.detail).toBe("quota");
    expect(server.requestsTo("/slow-down")).toHaveLength(1);
  });

  it("honours a custom maxRetryAfterMs", async () => {
    server.script("/hint", { status: 503, headers: { "retry-after-ms": "10" } }, ok());
    const error = await rejectionOf(createFetch({ maxRetryAfterMs: 5, backoff: fast })(`${server.url}/hint`));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requestsTo("/hint")).toHaveLength(1);
  });

  it("waits the server's hint instead of the backoff, and backs off exponentially without one", async () => {
    server.script("/hinted", { status: 503, headers: { "retry-after-ms": "10" } }, { status: 503 }, { status: 503 }, ok());
    const logger = capturingLogger();
    const f = createFetch({ maxRetries: 3, logger, backoff: { initialDelayMs: 1, maxDelayMs: 5, random: () => 0 } });
    expect((await f(`${server.url}/hinted`)).status).toBe(200);
    expect(logger.lines.map((l) => l.message)).toEqual([
      `retrying GET ${server.url}/hinted in 10 ms (retry 1 of 3)`,
      `retrying GET ${server.url}/hinted in 2 ms (retry 2 of 3)`,
      `retrying GET ${server.url}/hinted in 4 ms (retry 3 of 3)`,
    ]);
    expect(logger.lines[0]?.context).toEqual({ reason: `GET ${server.url}/hinted failed with 503` });
  });

  it("sends exactly one request with maxRetries: 0", async () => {
    server.script("/once", { status: 503 }, ok());
    const error = await rejectionOf(createFetch({ maxRetries: 0, backoff: fast })(`${server.url}/once`));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requestsTo("/once")).toHaveLength(1);
  });

  it("returns 2xx responses untouched", async () => {
    server.script("/created", { status: 201, headers: { location: "/things/1" }, body: { id: 1 } });
    const response = await createFetch({ backoff: fast })(`${server.url}/created`, { method: "POST", body: "{}" });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe("/things/1");
    expect(await response.json()).toEqual({ id: 1 });
  });

  it("keeps a non-JSON error body as text", async () => {
    server.script("/teapot", { status: 418, body: "short and stout" });
    const error = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/teapot`));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).body).toBe("short and stout");
    expect((error as ApiError).message).toContain("short and stout");
  });
});

describe("createFetch: connection failures", () => {
  it("retries a connection reset and resolves after 2 requests", async () => {
    server.script("/flaky", "reset", ok({ after: "reset" }));
    const response = await createFetch({ backoff: fast })(`${server.url}/flaky`);
    expect(await response.json()).toEqual({ after: "reset" });
    expect(server.requestsTo("/flaky")).toHaveLength(2);
  });

  it("throws a ConnectionError after maxRetries + 1 resets", async () => {
    server.always("/gone", "reset");
    const error = await rejectionOf(createFetch({ maxRetries: 3, backoff: fast })(`${server.url}/gone`));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect((error as ConnectionError).message).toContain(`GET ${server.url}/gone failed`);
    expect((error as ConnectionError).cause).toBeInstanceOf(Error);
    expect(server.requestsTo("/gone")).toHaveLength(4);
  });

  it("throws a TimeoutError (a ConnectionError) after maxRetries + 1 stalled attempts", async () => {
    server.always("/stall", "stall");
    // 500 ms: long enough that a loaded machine still delivers each attempt to the server in time.
    const error = await rejectionOf(createFetch({ timeout: 500, maxRetries: 1, backoff: fast })(`${server.url}/stall`));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    // The call took two timeouts and a backoff: the message says the 500 ms was the last attempt's.
    expect((error as TimeoutError).message).toBe(`GET ${server.url}/stall timed out after 500 ms (attempt 2: the timeout is per attempt).`);
    expect(server.requestsTo("/stall")).toHaveLength(2);
  });

  it("names only the timeout when the first attempt was the last", async () => {
    server.always("/stall-alone", "stall");
    const error = await rejectionOf(createFetch({ timeout: 500, maxRetries: 0 })(`${server.url}/stall-alone`));
    expect((error as TimeoutError).message).toBe(`GET ${server.url}/stall-alone timed out after 500 ms.`);
    expect(server.requestsTo("/stall-alone")).toHaveLength(1);
  });

  it("recovers when the attempt after a timeout answers", async () => {
    server.script("/stall-once", "stall", ok({ second: true }));
    const response = await createFetch({ timeout: 500, maxRetries: 1, backoff: fast })(`${server.url}/stall-once`);
    expect(await response.json()).toEqual({ second: true });
    expect(server.requestsTo("/stall-once")).toHaveLength(2);
  });
});

describe("createFetch: caller cancellation", () => {
  it("throws AbortError when the caller aborts during a stalled request, and does not retry", async () => {
    server.always("/hang", "stall");
    const controller = new AbortController();
    const logger = capturingLogger();
    const pending = createFetch({ maxRetries: 3, logger, backoff: fast })(`${server.url}/hang`, { signal: controller.signal });
    await server.waitForRequests("/hang", 1);
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).not.toBeInstanceOf(ConnectionError);
    expect(logger.lines).toEqual([]);
    expect(server.requestsTo("/hang")).toHaveLength(1);
  });

  it("throws AbortError, not ConnectionError, for an abort on the last attempt", async () => {
    server.always("/hang-last", "stall");
    const controller = new AbortController();
    const pending = createFetch({ maxRetries: 0, backoff: fast })(`${server.url}/hang-last`, { signal: controller.signal });
    await server.waitForRequests("/hang-last", 1);
    controller.abort(new Error("user navigated away"));
    const error = await rejectionOf(pending);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toEqual(new Error("user navigated away"));
  });

  it("throws AbortError when the caller aborts during the backoff sleep", async () => {
    server.script("/wait", { status: 503, headers: { "retry-after-ms": "30000" } }, ok());
    const controller = new AbortController();
    // The logger is called just before the sleep: abort on the next turn, while it sleeps 30 s.
    const logger = capturingLogger(() => setTimeout(() => controller.abort(), 0));
    const error = await rejectionOf(createFetch({ logger, backoff: fast })(`${server.url}/wait`, { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(logger.lines).toHaveLength(1);
    expect(server.requestsTo("/wait")).toHaveLength(1);
  });

  it("sends nothing when the signal is already aborted", async () => {
    server.script("/never", ok());
    const error = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/never`, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect(server.requestsTo("/never")).toHaveLength(0);
  });
});

describe("createFetch: request bodies", () => {
  it("sends the same body on every attempt of a retried POST (one with an Idempotency-Key)", async () => {
    server.script("/orders", { status: 503 }, "reset", { status: 201, body: { id: 5 } });
    const body = JSON.stringify({ item: "tea", quantity: 2 });
    const response = await createFetch({ maxRetries: 2, backoff: fast })(`${server.url}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "order-5" },
      body,
    });
    expect(response.status).toBe(201);
    const received = server.requestsTo("/orders");
    expect(received).toHaveLength(3);
    for (const r of received) {
      expect(r.method).toBe("POST");
      expect(r.body).toBe(body);
      expect(r.headers["content-type"]).toBe("application/json");
    }
  });

  it("sends a Request object with a body once: to fetch its body is a stream", async () => {
    server.script("/req", { status: 502 }, ok());
    const request = new Request(`${server.url}/req`, { method: "PUT", body: "payload", headers: { "x-custom": "1" } });
    const error = await rejectionOf(createFetch({ backoff: fast })(request));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(502);
    expect(server.requestsTo("/req").map((r) => [r.method, r.body, r.headers["x-custom"]])).toEqual([["PUT", "payload", "1"]]);
  });

  it("retries a Request object without a body", async () => {
    server.script("/req", { status: 502 }, ok());
    const response = await createFetch({ backoff: fast })(new Request(`${server.url}/req`, { headers: { "x-custom": "1" } }));
    expect(response.status).toBe(200);
    expect(server.requestsTo("/req").map((r) => r.headers["x-custom"])).toEqual(["1", "1"]);
  });

  it("never retries a request whose init.body is a ReadableStream", async () => {
    server.script("/upload", { status: 503 }, ok());
    const bytes = new TextEncoder().encode("streamed-bytes");
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const init: RequestInit & { duplex: "half" } = { method: "POST", body: stream, duplex: "half" };
    const error = await rejectionOf(createFetch({ maxRetries: 2, backoff: fast })(`${server.url}/upload`, init));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requestsTo("/upload")).toHaveLength(1);
    expect(server.requestsTo("/upload")[0]?.body).toBe("streamed-bytes");
    expect(server.pending("/upload")).toBe(1);
  });
});

describe("createFetch: options", () => {
  it("uses the injected fetch", async () => {
    const seen: string[] = [];
    const f = createFetch({
      backoff: fast,
      fetch: async (input, init) => {
        const request = new Request(input, init);
        seen.push(`${request.method} ${request.url}`);
        return new Response(seen.length === 1 ? null : "fine", { status: seen.length === 1 ? 500 : 200 });
      },
    });
    const response = await f("https://api.example.test/ping");
    expect(await response.text()).toBe("fine");
    expect(seen).toEqual(["GET https://api.example.test/ping", "GET https://api.example.test/ping"]);
  });
});

describe("an injected fetch that throws instead of rejecting", () => {
  it("still gives a rejected promise with a typed, retried ConnectionError", async () => {
    let calls = 0;
    const f = createFetch({
      maxRetries: 1,
      backoff: { initialDelayMs: 1, maxDelayMs: 1 },
      fetch: () => {
        calls++;
        throw new TypeError("synchronous failure");
      },
    });
    const pending = f("http://127.0.0.1:9/x");
    expect(pending).toBeInstanceOf(Promise);
    const error = await pending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(calls).toBe(2);
  });
});
