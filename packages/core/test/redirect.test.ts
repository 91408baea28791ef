// A 3xx is not followed (see retry-safety.test.ts): the error says so, says where the server
// pointed, and never shows a credential the Location carries or echoes.
import fc from "fast-check";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiError, RedirectError, createFetch, redactLocation } from "../src/index.js";
import { locationSecrets } from "../src/redact.js";
import { capturingLogger, fast, rejectionOf } from "./helpers.js";
import { startScriptedServer as startServer, type ScriptedServer } from "@parley/test-support";

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const TOKEN = "tok_SECRET_0f1e2d3c4b5a69788796a5b4";
const PASSWORD = "pw_SECRET_hunter2hunter2";
const QUERY = "qs_SECRET_5a5a5a5a5a5a";
const ENCODED = "enc_SECRET+Tok/en=9 x";

describe("a redirect is a RedirectError that says why it was not followed", () => {
  it.each([301, 302, 303, 307, 308])("%i: names the redirect, its Location and that Parley does not follow it", async (status) => {
    server.script("/chats/6/messages", { status, headers: { location: "https://other.example.test/v2/chats/6/messages" } });
    const error = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/chats/6/messages`, { method: "POST", body: "{}" }));
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as RedirectError;
    expect(e.name).toBe("RedirectError");
    expect(e.status).toBe(status);
    expect(e.location).toBe("https://other.example.test/v2/chats/6/messages");
    expect(e.headers["location"]).toBe("https://other.example.test/v2/chats/6/messages");
    expect(e.message).toContain(`POST ${server.url}/chats/6/messages failed with ${status}: the server redirected to https://other.example.test/v2/chats/6/messages`);
    expect(e.message).toContain("Parley does not follow redirects");
    expect(server.requestsTo("/chats/6/messages")).toHaveLength(1);
  });

  it("a relative Location stays relative; a 3xx without one says so; a 304 is not a redirect", async () => {
    server.script("/a", { status: 302, headers: { location: "/login?next=%2Fa" } });
    const relative = (await rejectionOf(createFetch({ backoff: fast })(`${server.url}/a`))) as RedirectError;
    expect(relative.location).toBe("/login?[redacted]");
    expect(relative.message).toContain("redirected to /login?[redacted];");

    server.script("/empty", { status: 302, headers: { location: "" } });
    const empty = (await rejectionOf(createFetch({ backoff: fast })(`${server.url}/empty`))) as RedirectError;
    expect(empty.location).toBeUndefined();
    expect(empty.message).toContain("the server redirected with no Location");

    server.script("/b", { status: 300 });
    const none = (await rejectionOf(createFetch({ backoff: fast })(`${server.url}/b`))) as RedirectError;
    expect(none).toBeInstanceOf(RedirectError);
    expect(none.location).toBeUndefined();
    expect(none.message).toContain("failed with 300: the server redirected with no Location; Parley does not follow redirects");

    // What a browser hands back for redirect: "manual": an opaque response, status 0, no headers.
    const opaque = { type: "opaqueredirect", status: 0, ok: false, headers: new Headers(), body: null } as unknown as Response;
    let sent = 0;
    const browser = (await rejectionOf(createFetch({ backoff: fast, fetch: async () => (sent++, opaque) })("https://api.example.test/chats?token=abcd1234", { method: "POST", body: "{}" }))) as RedirectError;
    expect(browser).toBeInstanceOf(RedirectError);
    expect([browser.status, browser.location, sent]).toEqual([0, undefined, 1]);
    expect(browser.message).toBe(
      "POST https://api.example.test/chats?token=%5Bredacted%5D failed with 0: the server redirected (the browser does not say where); Parley does not follow redirects (one could resend the request, or answer it from another address).",
    );

    const notModified = ApiError.from({ status: 304 });
    expect(notModified).not.toBeInstanceOf(RedirectError);
    expect(notModified.constructor).toBe(ApiError);
  });

  it("redactLocation: user:password, the query and the fragment whole, each of several values, and a value that is no URL reference", () => {
    expect(redactLocation(`https://alice:${PASSWORD}@other.example.test/x?token=${TOKEN}&page=2`)).toBe("https://redacted@other.example.test/x?[redacted]");
    expect(redactLocation(`/x?access_token=${TOKEN}`)).toBe("/x?[redacted]");
    expect(redactLocation(`https://idp.example.test/cb#access_token=${TOKEN}`)).toBe("https://idp.example.test/cb#[redacted]");
    // undici joins repeated Location headers with ", ": each value is redacted on its own.
    expect(redactLocation(`https://a.example.test/x, https://u:${PASSWORD}@b.example.test/`)).toBe("https://a.example.test/x [redacted]");
    expect(redactLocation(`https://login.example.test/cb?state=x, access_token=${TOKEN}`)).toBe("https://login.example.test/cb?[redacted]");
    expect(redactLocation(`https://u:pw, ${TOKEN}@h.example.test/`)).toBe("[redacted]");
    expect(redactLocation(`data:,${TOKEN}`)).toBe("[redacted]");
    expect(redactLocation(`javascript:${TOKEN}`)).toBe("[redacted]");
    expect(redactLocation(`ht!tp://[bad ${TOKEN}`)).toBe("/ht!tp://[bad [redacted]");
  });

  it("locationSecrets stays small whatever the Location holds, so scrubbing a large body stays linear", () => {
    const pairs = Array.from({ length: 10_000 }, (_, i) => `k${i}=${TOKEN}${i}`).join("&");
    expect(locationSecrets(`https://e.example.test/x?${pairs}`).length).toBeLessThanOrEqual(40);
    expect(locationSecrets(Array.from({ length: 10_000 }, (_, i) => `https://u:${PASSWORD}${i}@h${i}.example.test/`).join(", ")).length).toBeLessThanOrEqual(40);
  });

  it("a redirect is sent once even when the server says x-should-retry: true", async () => {
    server.script("/loop", { status: 307, headers: { location: "/loop", "x-should-retry": "true" } });
    const error = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/loop`, { method: "POST", headers: { "idempotency-key": "k-1" }, body: "{}" }));
    expect(error).toBeInstanceOf(RedirectError);
    expect(server.requestsTo("/loop")).toHaveLength(1);
    expect(redactLocation(`//bob:${PASSWORD}@cdn.example.test/f`)).toBe("http://redacted@cdn.example.test/f");
    expect(redactLocation(`http://[${TOKEN}`)).toBe("[redacted]");
  });
});

/** Where a credential can sit in a Location: the userinfo, a query value, the request's token echoed. */
const LOCATIONS: Record<string, (base: string) => string> = {
  "userinfo, absolute": () => `https://alice:${PASSWORD}@other.example.test/next`,
  "query, absolute": () => `https://other.example.test/next?token=${QUERY}&page=2`,
  "query, relative": () => `/next?api_key=${QUERY}`,
  "userinfo, scheme-relative": () => `//alice:${PASSWORD}@other.example.test/next`,
  "request token echoed in the path": (base) => `${base}/next/${TOKEN}`,
  "request token echoed in a harmless-looking parameter": () => `/next?state=${TOKEN}`,
  "not a URL": () => `http://[alice:${PASSWORD}`,
  "fragment": () => `https://idp.example.test/cb#access_token=${QUERY}`,
  "query, any parameter name": () => `https://idp.example.test/cb?refresh_token=${QUERY}&X-Amz-Signature=${QUERY}`,
  "query, percent-encoded": () => `/next?token=${encodeURIComponent(ENCODED)}`,
  "two Location headers, joined": () => `https://sso.example.test/cb, https://alice:${PASSWORD}@b.example.test/`,
  "a second value after a comma": () => `https://login.example.test/cb?state=x, access_token=${QUERY}`,
  "a query joined with ;": () => `/next?sid=1;token=${QUERY}`,
  "another scheme": () => `data:,${QUERY}`,
};

function surfaces(error: unknown): string[] {
  const e = error as RedirectError;
  return [e.message, String(error), String(e.stack), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), JSON.stringify(e.headers), String(e.location), JSON.stringify(e.body ?? null)];
}

describe("redaction of a redirect's Location", () => {
  it("property: no credential in any rendering or log line, whatever the status, the method and where the Location carries it", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(LOCATIONS)),
        fc.constantFrom(300, 301, 302, 303, 307, 308),
        fc.constantFrom("GET", "POST", "PUT"),
        async (where, status, method) => {
          const route = `/r${++n}`;
          const location = LOCATIONS[where]!(server.url);
          server.script(route, { status, headers: { location, "content-type": "text/plain" }, body: `Moved to ${location}` });
          const logger = capturingLogger();
          const f = createFetch({ logger, backoff: fast, timeout: 10_000, maxRetries: 1 });
          const error = await rejectionOf(f(`${server.url}${route}`, { method, headers: { authorization: `Bearer ${TOKEN}` }, body: method === "GET" ? undefined : "{}" }));
          expect(error).toBeInstanceOf(RedirectError);
          expect((error as RedirectError).status).toBe(status);
          expect((error as RedirectError).message).toContain("Parley does not follow redirects");
          for (const text of [...surfaces(error), logger.text()]) for (const secret of [TOKEN, PASSWORD, QUERY, ENCODED, encodeURIComponent(ENCODED)]) expect(text.includes(secret)).toBe(false);
          expect(server.requestsTo(route)).toHaveLength(1);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});
