// Every error path of createFetch goes through the one redaction: whatever the server echoes (the
// body, a header, the problem's detail) and wherever the credential travelled (Authorization,
// x-api-key, a query parameter, a body secret given through `secrets`), no rendering of the error
// and no log line shows it.
import fc from "fast-check";
import type http from "node:http";
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiError, ConnectionError, createFetch, type Logger } from "../src/index.js";
import { capturingLogger, fast, rejectionOf } from "./helpers.js";
import { startScriptedServer as startServer, type Behaviour, type ScriptedServer } from "@parley/test-support";

const TOKEN = "tok_SECRET_0f1e2d3c4b5a69788796a5b4";
const API_KEY = "key_SECRET_abcdef0123456789";
const QUERY = "qs_SECRET_5a5a5a5a5a5a";
const BODY_SECRET = "jwt_SECRET_eyJhbGciOiJIUzI1NiJ9";
const SECRETS = [TOKEN, API_KEY, QUERY, BODY_SECRET];

let server: ScriptedServer;
beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

const ECHO = `Bearer ${TOKEN} ${API_KEY} ${QUERY} ${BODY_SECRET}`;

/** The error paths: each answers with the credentials echoed wherever an answer can carry them. */
const PATHS: Record<string, Behaviour> = {
  "300 without Location": { status: 300, headers: { "x-echo": ECHO, "content-type": "application/json" }, body: JSON.stringify({ echo: ECHO }) },
  "304": { status: 304, headers: { "x-echo": ECHO } },
  "400 problem": { status: 400, headers: { "content-type": "application/problem+json", "x-echo": ECHO }, body: JSON.stringify({ title: ECHO, detail: ECHO }) },
  "401 text": { status: 401, headers: { "www-authenticate": ECHO }, body: ECHO },
  "404 problem with request id": { status: 404, headers: { "content-type": "application/problem+json", "x-request-id": ECHO }, body: JSON.stringify({ detail: ECHO, request_id: ECHO }) },
  "429 retried then final": { status: 429, headers: { "retry-after": "0", "x-echo": ECHO }, body: ECHO },
  "503 retried then final": { status: 503, headers: { "retry-after-ms": "0", "set-cookie": `s=${TOKEN}` }, body: JSON.stringify({ detail: ECHO }) },
  "500 HTML": { status: 500, headers: { "content-type": "text/html" }, body: `<h1>${ECHO}</h1>` },
  reset: "reset",
  "cut body": { partial: { status: 502, body: JSON.stringify({ detail: ECHO }) } },
};

function surfaces(error: unknown): string[] {
  const e = error as { message?: unknown; stack?: unknown; request?: unknown; body?: unknown; headers?: unknown; problem?: unknown; cause?: unknown };
  return [
    String(e.message),
    String(error),
    String(e.stack),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(e.request ?? null),
    JSON.stringify(e.body ?? null),
    JSON.stringify(e.headers ?? null),
    JSON.stringify(e.problem ?? null),
    inspect(e.cause ?? null, { depth: 10, showHidden: true }),
  ];
}

describe("redaction over every error path", () => {
  it("a 300 without Location echoing the Authorization value is an ApiError with nothing secret anywhere", async () => {
    server.script("/multi", PATHS["300 without Location"]!);
    const logger = capturingLogger();
    const error = await rejectionOf(createFetch({ logger, backoff: fast })(`${server.url}/multi`, { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(300);
    expect(JSON.stringify((error as ApiError).body)).toContain("[redacted]");
    expect((error as ApiError).headers["x-echo"]).toContain("Bearer [redacted]");
    for (const text of [...surfaces(error), logger.text()]) expect(text).not.toContain(TOKEN);
  });

  it("property: no secret in any rendering or log line, whatever the path and wherever the secret went", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(PATHS)),
        fc.subarray(["authorization", "x-api-key", "query", "body"] as const, { minLength: 1 }),
        fc.constantFrom("GET", "POST", "PUT"),
        async (path, carriers, method) => {
          const route = `/p${++n}`;
          server.script(route, PATHS[path]!, PATHS[path]!, PATHS[path]!);
          const lines: string[] = [];
          const logger: Logger = capturingLogger((line) => lines.push(`${line.message} ${JSON.stringify(line.context ?? {})}`));
          const headers: Record<string, string> = {};
          if (carriers.includes("authorization")) headers["authorization"] = `Bearer ${TOKEN}`;
          if (carriers.includes("x-api-key")) headers["x-api-key"] = API_KEY;
          const query = carriers.includes("query") ? `?token=${QUERY}` : "";
          // The timeout path is covered by redaction.test.ts; here a generous one keeps a loaded machine from
          // turning an answer into a TimeoutError.
          const f = createFetch({ logger, backoff: fast, timeout: 10_000, maxRetries: 1, secrets: () => (carriers.includes("body") ? [BODY_SECRET] : []) });
          const body = method === "GET" ? undefined : JSON.stringify({ token: carriers.includes("body") ? BODY_SECRET : "x" });
          const error = await rejectionOf(f(`${server.url}${route}${query}`, { method, headers, body }));
          expect(error).toBeInstanceOf(path === "reset" ? ConnectionError : ApiError);
          const sent = SECRETS.filter((_, i) => carriers.includes((["authorization", "x-api-key", "query", "body"] as const)[i]!));
          for (const text of [...surfaces(error), ...lines]) for (const secret of sent) expect(text.includes(secret)).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
