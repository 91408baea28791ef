import fc from "fast-check";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiError, ConnectionError, InternalServerError, RateLimitError, createFetch } from "../src/index.js";
import { fast, rejectionOf } from "./helpers.js";
import { problem, startScriptedServer as startServer, type Behaviour, type ScriptedServer } from "@parley/test-support";

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const created = { status: 201, body: { id: 1 } };

/** A port on 127.0.0.1 that nothing listens on: a connection to it is refused before anything is sent. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("a request that may have reached the server is never silently sent again", () => {
  it("POST answered 500 once then 201: rejects with the 500 and the server got one message", async () => {
    server.script("/chats/5/messages", problem(500, "boom"), created);
    const post = createFetch({ backoff: fast })(`${server.url}/chats/5/messages`, { method: "POST", body: JSON.stringify({ content: "pay me once" }) });
    const error = await rejectionOf(post);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.requestsTo("/chats/5/messages")).toHaveLength(1);
  });

  it("a redirect is not followed: a POST answered 307 to itself is sent once, a 301 elsewhere reaches no other host", async () => {
    server.script("/chats/6/messages", { status: 307, headers: { location: `${server.url}/chats/6/messages` } }, created);
    const again = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/chats/6/messages`, { method: "POST", body: "{}" }));
    expect(again).toBeInstanceOf(ApiError);
    expect((again as ApiError).status).toBe(307);
    expect(server.requestsTo("/chats/6/messages")).toHaveLength(1);

    const other = await startServer();
    try {
      other.script("/forged", { status: 200, body: { id: "evil" } });
      server.script("/conversation/create/bot2", { status: 301, headers: { location: `${other.url}/forged` } });
      const moved = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/conversation/create/bot2`, { method: "POST", body: "{}" }));
      expect((moved as ApiError).status).toBe(301);
      expect(other.requestsTo("/forged")).toHaveLength(0);
      server.script("/menus", { status: 302, headers: { location: `${other.url}/forged` } }, { status: 200, body: [] });
      const get = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/menus`));
      expect((get as ApiError).status).toBe(302);
      expect(server.requestsTo("/menus")).toHaveLength(1);
      expect(other.requestsTo("/forged")).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it("POST reset after the request was written: a ConnectionError after one request", async () => {
    server.script("/conversation/create/bot", "reset", created, created);
    const error = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/conversation/create/bot`, { method: "POST", body: "{}" }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requestsTo("/conversation/create/bot")).toHaveLength(1);
  });

  it("POST that timed out is not sent again", async () => {
    server.script("/complete", "stall", created);
    const error = await rejectionOf(createFetch({ timeout: 20, backoff: fast })(`${server.url}/complete`, { method: "POST", body: "{}" }));
    expect(error).toBeInstanceOf(ConnectionError);
    // On a loaded machine the one attempt may reach the server after the call timed out.
    expect(await server.waitForRequests("/complete", 1)).toHaveLength(1);
  });

  it("POST answered 429 or 503 with Retry-After is retried: the server says it did not process it", async () => {
    server.script("/a", { status: 429, headers: { "retry-after": "0" } }, created);
    server.script("/b", { status: 503, headers: { "retry-after": "0" } }, created);
    const f = createFetch({ backoff: fast });
    expect((await f(`${server.url}/a`, { method: "POST", body: "{}" })).status).toBe(201);
    expect((await f(`${server.url}/b`, { method: "POST", body: "{}" })).status).toBe(201);
    expect(server.requestsTo("/a")).toHaveLength(2);
    expect(server.requestsTo("/b")).toHaveLength(2);
  });

  it("POST answered 429 without Retry-After is not retried", async () => {
    server.script("/c", { status: 429 }, created);
    expect(await rejectionOf(createFetch({ backoff: fast })(`${server.url}/c`, { method: "POST", body: "{}" }))).toBeInstanceOf(RateLimitError);
    expect(server.requestsTo("/c")).toHaveLength(1);
  });

  it("POST to a refused connection is retried: nothing was sent", async () => {
    const port = await closedPort();
    let attempts = 0;
    const f = createFetch({
      backoff: fast,
      fetch: (input, init) => {
        attempts++;
        return globalThis.fetch(input, init);
      },
    });
    const error = await rejectionOf(f(`http://127.0.0.1:${port}/x`, { method: "POST", body: "{}" }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(attempts).toBe(3);
  });

  it("a POST the spec marks idempotent, and one with an Idempotency-Key, are retried on 500", async () => {
    server.script("/chats/5/finish", problem(500, "boom"), created);
    server.script("/chats/5/messages", problem(500, "boom"), created);
    const f = createFetch({ backoff: fast, idempotent: ["POST /chats/{chatId}/finish"] });
    expect((await f(`${server.url}/chats/5/finish`, { method: "POST" })).status).toBe(201);
    expect((await f(`${server.url}/chats/5/messages`, { method: "POST", body: "{}", headers: { "Idempotency-Key": "k1" } })).status).toBe(201);
    expect(server.requestsTo("/chats/5/finish")).toHaveLength(2);
    expect(server.requestsTo("/chats/5/messages")).toHaveLength(2);
  });
});

type Fault = "500" | "502" | "503" | "503+retry-after" | "429" | "429+retry-after" | "408" | "reset" | "stall";
const FAULTS: Record<Fault, Behaviour> = {
  "500": { status: 500 },
  "502": { status: 502 },
  "503": { status: 503 },
  "503+retry-after": { status: 503, headers: { "retry-after": "0" } },
  "429": { status: 429 },
  "429+retry-after": { status: 429, headers: { "retry-after": "0" } },
  "408": { status: 408 },
  reset: "reset",
  stall: "stall",
};

describe("property: retry safety over every method and fault", () => {
  it("repeats a request after a fault exactly when the rule allows it", async () => {
    const f = createFetch({ backoff: fast, timeout: 1000, maxRetries: 1, idempotent: ["POST /marked/{id}"] });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "HEAD", "PUT", "DELETE", "POST", "PATCH"),
        fc.constantFrom(...(Object.keys(FAULTS) as Fault[])),
        fc.boolean(),
        fc.boolean(),
        async (method, fault, marked, keyed) => {
          const path = marked ? `/marked/${++n}` : `/plain/${++n}`;
          server.script(path, FAULTS[fault], { status: 200, body: { ok: true } });
          const headers: Record<string, string> = keyed ? { "idempotency-key": `k${n}` } : {};
          const body = method === "GET" || method === "HEAD" ? undefined : "{}";
          const outcome = await f(`${server.url}${path}`, { method, headers, body }).then(
            (r) => r.status,
            (e: unknown) => e,
          );
          const safe = ["GET", "HEAD", "PUT", "DELETE"].includes(method) || (marked && method === "POST") || keyed;
          const notProcessed = fault === "503+retry-after" || fault === "429+retry-after";
          const repeated = safe || notProcessed;
          // A timed-out attempt may reach the server after the call settled: wait for what is due.
          expect(await server.waitForRequests(path, repeated ? 2 : 1)).toHaveLength(repeated ? 2 : 1);
          if (repeated) expect(outcome).toBe(200);
          else expect(outcome).toBeInstanceOf(fault === "reset" || fault === "stall" ? ConnectionError : ApiError);
        },
      ),
      { numRuns: 50 },
    );
  }, 60_000);
});
