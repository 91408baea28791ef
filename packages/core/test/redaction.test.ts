import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  ConnectionError,
  NotFoundError,
  REDACTED,
  TimeoutError,
  createFetch,
  redactHeaders,
  redactSecrets,
  redactUrl,
  type ApiError,
} from "../src/index.js";
import { capturingLogger, fast, rejectionOf } from "./helpers.js";
import { startScriptedServer as startServer, type ScriptedServer } from "@parley/test-support";

const TOKEN = "sk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0ZYXWVUTSRQ";
const API_KEY = "key_0123456789abcdefSECRETAPIKEY";
const QUERY_SECRET = "qs_SECRET_5a5a5a5a5a";

let server: ScriptedServer;

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const credentials = { authorization: `Bearer ${TOKEN}`, "x-api-key": API_KEY };

/** Every way an error (or a log line) may be shown or shipped somewhere. */
function renderings(error: unknown, logText: string): Record<string, string> {
  const e = error as Error & { request?: unknown };
  return {
    message: e.message,
    string: String(error),
    json: JSON.stringify(error) ?? "",
    request: JSON.stringify(e.request) ?? "",
    stack: e.stack ?? "",
    inspect: inspect(error, { depth: 10 }),
    log: logText,
  };
}

function expectNoSecret(error: unknown, logText: string, secrets: string[] = [TOKEN, API_KEY]): void {
  for (const [where, text] of Object.entries(renderings(error, logText))) {
    for (const secret of secrets) {
      expect(text.includes(secret), `${where} leaks ${secret.slice(0, 8)}…:\n${text}`).toBe(false);
    }
  }
}

describe("no credential leaks from createFetch errors", () => {
  it("a 401 whose body echoes the credentials, after a retried 503 that echoes them too", async () => {
    const echo = {
      title: "Unauthorized",
      detail: `The token ${TOKEN} is not valid`,
      received: { authorization: `Bearer ${TOKEN}`, "x-api-key": API_KEY },
    };
    server.script("/me", { status: 503, body: echo }, { status: 401, headers: { "x-request-id": "req_401" }, body: echo });
    const logger = capturingLogger();
    const error = await rejectionOf(createFetch({ logger, backoff: fast })(`${server.url}/me`, { headers: credentials }));

    expect(server.requestsTo("/me")).toHaveLength(2);
    expect(server.requestsTo("/me")[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(error).toBeInstanceOf(AuthenticationError);
    const apiError = error as AuthenticationError;
    expect(apiError.request?.headers.authorization).toBe(REDACTED);
    expect(apiError.request?.headers["x-api-key"]).toBe(REDACTED);
    expect(apiError.problem?.detail).toBe(`The token ${REDACTED} is not valid`);
    expect(apiError.message).toContain(`The token ${REDACTED} is not valid`);
    expect(apiError.requestId).toBe("req_401");
    expect(logger.lines.length).toBeGreaterThan(0);
    expectNoSecret(error, logger.text());
  });

  it("a 401 whose response headers echo the token", async () => {
    server.script("/hdr", { status: 401, headers: { "www-authenticate": `Bearer error="invalid_token", token="${TOKEN}"`, "x-echo-key": API_KEY } });
    const error = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/hdr`, { headers: credentials }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as ApiError).headers["www-authenticate"]).toBe(`Bearer error="invalid_token", token="${REDACTED}"`);
    expect((error as ApiError).headers["x-echo-key"]).toBe(REDACTED);
    expectNoSecret(error, "");
  });

  it("a connection reset on every attempt", async () => {
    server.always("/reset", "reset");
    const logger = capturingLogger();
    const error = await rejectionOf(createFetch({ logger, maxRetries: 2, backoff: fast })(`${server.url}/reset`, { headers: credentials }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requestsTo("/reset")).toHaveLength(3);
    expect(logger.lines).toHaveLength(2);
    expectNoSecret(error, logger.text());
  });

  it("a timeout on every attempt", async () => {
    server.always("/hang", "stall");
    const logger = capturingLogger();
    const error = await rejectionOf(
      createFetch({ logger, timeout: 500, maxRetries: 1, backoff: fast })(`${server.url}/hang`, { headers: credentials }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(logger.lines).toHaveLength(1);
    expectNoSecret(error, logger.text());
  });

  it("a low-level failure whose message and cause carry the token keeps only a sanitized cause", async () => {
    const low = Object.assign(new TypeError(`fetch failed (proxy refused Bearer ${TOKEN})`), {
      cause: Object.assign(new Error(`connect ECONNREFUSED, key ${API_KEY}`), { code: "ECONNREFUSED" }),
    });
    let calls = 0;
    const logger = capturingLogger();
    const f = createFetch({
      logger,
      maxRetries: 1,
      backoff: fast,
      fetch: async () => {
        calls++;
        throw low;
      },
    });
    const error = await rejectionOf(f("https://api.example.test/v1/me", { headers: credentials }));
    expect(calls).toBe(2);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain(`proxy refused Bearer ${REDACTED}`);
    const cause = (error as Error).cause as Error & { code?: string };
    expect(cause).toBeInstanceOf(Error);
    expect(cause).not.toBe(low);
    expect(cause.name).toBe("TypeError");
    expect(cause.code).toBe("ECONNREFUSED");
    expectNoSecret(error, logger.text());
  });

  it("redacts a secret query parameter in messages, request summaries and logs", async () => {
    server.script("/things", { status: 503 }, { status: 404, body: { title: "Not Found" } });
    const logger = capturingLogger();
    const error = await rejectionOf(
      createFetch({ logger, backoff: fast })(`${server.url}/things?token=${QUERY_SECRET}&page=2`, { headers: credentials }),
    );
    expect(server.requestsTo("/things")[0]?.url).toBe(`/things?token=${QUERY_SECRET}&page=2`);
    expect(error).toBeInstanceOf(NotFoundError);
    const url = (error as ApiError).request?.url ?? "";
    expect(new URL(url).searchParams.get("token")).toBe(REDACTED);
    expect(new URL(url).searchParams.get("page")).toBe("2");
    expect((error as ApiError).message).toContain("page=2");
    expectNoSecret(error, logger.text(), [TOKEN, API_KEY, QUERY_SECRET]);
  });

  it("redacts a secret query parameter in connection errors", async () => {
    server.always("/down", "reset");
    const logger = capturingLogger();
    const error = await rejectionOf(createFetch({ logger, maxRetries: 1, backoff: fast })(`${server.url}/down?api_key=${QUERY_SECRET}`));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain(`${server.url}/down?api_key=`);
    expectNoSecret(error, logger.text(), [QUERY_SECRET]);
  });

  it("strips the extra secrets given through options.secrets from echoed bodies, messages and logs", async () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjaGF0In0.c2lnbmF0dXJlU0VDUkVU";
    const echo = { title: "Bad Request", detail: `visitor token ${jwt} expired` };
    server.script("/visitor", { status: 503, body: echo }, { status: 400, body: echo });
    const logger = capturingLogger();
    const error = await rejectionOf(
      createFetch({ logger, backoff: fast, secrets: () => [jwt] })(`${server.url}/visitor`, { method: "POST", body: JSON.stringify({ jwt }) }),
    );
    expect(server.requestsTo("/visitor")[0]?.body).toContain(jwt);
    expect((error as ApiError).problem?.detail).toBe(`visitor token ${REDACTED} expired`);
    expectNoSecret(error, logger.text(), [jwt]);
  });

  // A cookie's secret is every value in it, not the text after the first space.
  it("strips a session cookie the server echoes back", async () => {
    const session = "sess_7c1d2e3f4a5b6c7d8e9f";
    server.script("/cookie", { status: 401, body: { title: "Unauthorized", detail: `session=${session}; theme=dark was rejected` } });
    const error = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/cookie`, { headers: { cookie: `session=${session}; theme=dark` } }));
    expect(error).toBeInstanceOf(AuthenticationError);
    expectNoSecret(error, "", [session]);
  });

  // A server that echoes the request URL (problem `detail`/`instance`) must not carry a `?token=` value into the error.
  it("strips a secret query value the server echoes back", async () => {
    server.script("/echo-url", { status: 404, body: { title: "Not Found", detail: `No route for /echo-url?token=${QUERY_SECRET}` } });
    const error = await rejectionOf(createFetch({ backoff: fast })(`${server.url}/echo-url?token=${QUERY_SECRET}`));
    expect(error).toBeInstanceOf(NotFoundError);
    expectNoSecret(error, "", [QUERY_SECRET]);
  });
});

describe("redactHeaders", () => {
  it("lower-cases names and replaces credential values", () => {
    expect(
      redactHeaders({
        Authorization: "Bearer abc",
        "Proxy-Authorization": "Basic xyz",
        Cookie: "a=b",
        "Set-Cookie": "s=t",
        "X-API-Key": "k",
        "Api-Key": "k2",
        "X-Auth-Token": "t",
        "Content-Type": "application/json",
        "X-Request-Id": "req_1",
      }),
    ).toEqual({
      authorization: REDACTED,
      "proxy-authorization": REDACTED,
      cookie: REDACTED,
      "set-cookie": REDACTED,
      "x-api-key": REDACTED,
      "api-key": REDACTED,
      "x-auth-token": REDACTED,
      "content-type": "application/json",
      "x-request-id": "req_1",
    });
  });

  it("does not modify its argument", () => {
    const headers = { Authorization: "Bearer abc" };
    redactHeaders(headers);
    expect(headers).toEqual({ Authorization: "Bearer abc" });
  });
});

describe("redactUrl", () => {
  it("replaces credential query values and keeps the others", () => {
    const out = new URL(redactUrl("https://api.example.test/v1/x?token=t1&access_token=t2&API_KEY=t3&sig=t4&page=3&q=token"));
    expect(out.searchParams.get("token")).toBe(REDACTED);
    expect(out.searchParams.get("access_token")).toBe(REDACTED);
    expect(out.searchParams.get("API_KEY")).toBe(REDACTED);
    expect(out.searchParams.get("sig")).toBe(REDACTED);
    expect(out.searchParams.get("page")).toBe("3");
    expect(out.searchParams.get("q")).toBe("token");
    expect(out.pathname).toBe("/v1/x");
  });

  it("removes user info", () => {
    const out = redactUrl("https://alice:hunter22@api.example.test/v1");
    expect(out).not.toContain("hunter22");
    expect(out).not.toContain("alice");
    expect(new URL(out).host).toBe("api.example.test");
  });

  it("returns a URL without credentials unchanged, and a non-URL as is", () => {
    expect(redactUrl("https://api.example.test/v1/x?page=1")).toBe("https://api.example.test/v1/x?page=1");
    expect(redactUrl("not a url ?token=abc")).toBe("not a url ?token=abc");
  });
});

describe("redactSecrets", () => {
  it("replaces every occurrence of every secret", () => {
    expect(redactSecrets("a SECRET1 b SECRET1 c OTHER2", ["SECRET1", "OTHER2"])).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED}`);
  });

  it("ignores undefined and secrets shorter than 4 characters", () => {
    expect(redactSecrets("abc abcd", [undefined, "abc", ""])).toBe("abc abcd");
    expect(redactSecrets("abc abcd", ["abcd"])).toBe(`abc ${REDACTED}`);
  });
});
