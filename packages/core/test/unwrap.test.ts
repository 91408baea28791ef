import createClient from "openapi-fetch";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  AbortError,
  ConflictError,
  ConnectionError,
  FetchRequest,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  ParleyError,
  createFetch,
  unwrap,
  toParleyError,
} from "../src/index.js";
import { fast, rejectionOf } from "./helpers.js";
import { problem, startScriptedServer as startServer, type ScriptedServer } from "@parley/test-support";

interface Thing {
  id: number;
  name: string;
}

interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
}

type NoParams = { query?: never; header?: never; path?: never; cookie?: never };

/** A hand-written slice of what openapi-typescript generates. */
interface paths {
  "/things/{id}": {
    parameters: { query?: never; header?: never; path: { id: number }; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path: { id: number }; cookie?: never };
      requestBody?: never;
      responses: {
        200: { headers: { [name: string]: unknown }; content: { "application/json": Thing } };
        404: { headers: { [name: string]: unknown }; content: { "application/problem+json": Problem } };
      };
    };
    delete: {
      parameters: { query?: never; header?: never; path: { id: number }; cookie?: never };
      requestBody?: never;
      responses: {
        204: { headers: { [name: string]: unknown }; content?: never };
      };
    };
  };
  "/things": {
    parameters: NoParams;
    post: {
      parameters: NoParams;
      requestBody: { content: { "application/json": { name: string } } };
      responses: {
        201: { headers: { [name: string]: unknown }; content: { "application/json": Thing } };
        409: { headers: { [name: string]: unknown }; content: { "application/problem+json": Problem } };
      };
    };
  };
}

let server: ScriptedServer;

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => server.reset());
afterAll(() => server.close());

// openapi-fetch builds a Request per call, or, given `Request: FetchRequest`, the light stand-in
// that createFetch sends without constructing a Request. Both read the same; only a FetchRequest's
// body can be resent (to fetch, a Request body is a stream).
const flavours = [
  ["Request", undefined],
  ["FetchRequest", FetchRequest as unknown as typeof Request],
] as const;

describe.each(flavours)("unwrap with openapi-fetch (%s) and createFetch", (_name, RequestClass) => {
  const client = () =>
    createClient<paths>({
      baseUrl: server.url,
      fetch: createFetch({ maxRetries: 2, backoff: fast }),
      ...(RequestClass ? { Request: RequestClass } : {}),
    });

  it("returns the data of a 200", async () => {
    server.script("/things/7", { status: 200, body: { id: 7, name: "kettle" } });
    const thing: Thing = await unwrap(client().GET("/things/{id}", { params: { path: { id: 7 } } }));
    expect(thing).toEqual({ id: 7, name: "kettle" });
    expect(server.requestsTo("/things/7")).toHaveLength(1);
  });

  it("returns the data after retries of a GET", async () => {
    server.script("/things/7", { status: 503 }, { status: 200, body: { id: 7, name: "kettle" } });
    expect(await unwrap(client().GET("/things/{id}", { params: { path: { id: 7 } } }))).toEqual({ id: 7, name: "kettle" });
    expect(server.requestsTo("/things/7")).toHaveLength(2);
  });

  it(
    RequestClass ? "retries a JSON body and sends it each time" : "sends a Request with a body once",
    async () => {
      server.script("/things", { status: 503, headers: { "retry-after": "0" } }, { status: 201, body: { id: 8, name: "teapot" } });
      const call = unwrap(client().POST("/things", { body: { name: "teapot" } }));
      if (RequestClass) {
        expect(await call).toEqual({ id: 8, name: "teapot" });
        expect(server.requestsTo("/things").map((r) => JSON.parse(r.body) as unknown)).toEqual([{ name: "teapot" }, { name: "teapot" }]);
      } else {
        await expect(call).rejects.toBeInstanceOf(InternalServerError);
        expect(server.requestsTo("/things")).toHaveLength(1);
      }
    },
  );

  it("returns undefined for a 204", async () => {
    server.script("/things/7", { status: 204 });
    const result = await unwrap(client().DELETE("/things/{id}", { params: { path: { id: 7 } } }));
    expect(result).toBeUndefined();
    expect(server.requestsTo("/things/7")[0]?.method).toBe("DELETE");
  });

  it("throws InvalidResponseError for a 200 with malformed JSON (with Content-Length)", async () => {
    server.script("/things/7", { status: 200, headers: { "content-type": "application/json" }, body: '{"id": 7, "name": ' });
    const error = await rejectionOf(unwrap(client().GET("/things/{id}", { params: { path: { id: 7 } } })));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toBeInstanceOf(ParleyError);
    expect((error as Error).message).toContain("not valid JSON");
    expect((error as InvalidResponseError).field).toBe("");
  });

  it("throws InvalidResponseError for a 200 with malformed chunked JSON", async () => {
    server.script("/things/7", { status: 200, headers: { "content-type": "application/json", "transfer-encoding": "chunked" }, body: "<html>oops</html>" });
    const error = await rejectionOf(unwrap(client().GET("/things/{id}", { params: { path: { id: 7 } } })));
    expect(error).toBeInstanceOf(InvalidResponseError);
  });

  it("throws ConnectionError when the body is cut mid-way", async () => {
    server.script("/things/7", { partial: { status: 200, body: JSON.stringify({ id: 7, name: "x".repeat(2000) }) } });
    const error = await rejectionOf(unwrap(client().GET("/things/{id}", { params: { path: { id: 7 } } })));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(InvalidResponseError);
    expect(server.requestsTo("/things/7")).toHaveLength(1);
  });

  it("throws the NotFoundError createFetch raised for a 404, problem included", async () => {
    server.script("/things/9", problem(404, "Thing 9 does not exist", { "x-request-id": "req_404" }));
    const error = await rejectionOf(unwrap(client().GET("/things/{id}", { params: { path: { id: 9 } } })));
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).status).toBe(404);
    expect((error as NotFoundError).problem?.detail).toBe("Thing 9 does not exist");
    expect((error as NotFoundError).requestId).toBe("req_404");
    expect(server.requestsTo("/things/9")).toHaveLength(1);
  });

  it("throws AbortError when the caller aborts while the request is pending", async () => {
    server.always("/things/3", "stall");
    const controller = new AbortController();
    const pending = unwrap(client().GET("/things/{id}", { params: { path: { id: 3 } }, signal: controller.signal }));
    await server.waitForRequests("/things/3", 1);
    controller.abort();
    expect(await rejectionOf(pending)).toBeInstanceOf(AbortError);
  });
});

describe("FetchRequest", () => {
  it("keeps the URL and init as given, with the method upper-cased", () => {
    const controller = new AbortController();
    const request = new FetchRequest(new URL("https://api.example.test/v1/x"), {
      method: "post",
      headers: { "X-Thing": "1" },
      body: "b",
      signal: controller.signal,
    });
    expect(request.url).toBe("https://api.example.test/v1/x");
    expect(request.method).toBe("POST");
    expect(request.headers.get("x-thing")).toBe("1");
    expect(request.body).toBe("b");
    expect(request.signal).toBe(controller.signal);
    const bare = new FetchRequest("https://api.example.test/v1/y");
    expect([bare.method, bare.body, bare.signal]).toEqual(["GET", null, null]);
  });

  it("is sent by createFetch with its method, headers and body on every attempt", async () => {
    server.script("/fr", { status: 503, headers: { "retry-after": "0" } }, { status: 200, body: { ok: 1 } });
    const request = new FetchRequest(`${server.url}/fr`, { method: "PATCH", headers: { "content-type": "application/json", "x-a": "b" }, body: '{"n":1}' });
    const response = await createFetch({ backoff: fast })(request);
    expect(await response.json()).toEqual({ ok: 1 });
    expect(server.requestsTo("/fr").map((r) => [r.method, r.body, r.headers["x-a"], r.headers["content-type"]])).toEqual([
      ["PATCH", '{"n":1}', "b", "application/json"],
      ["PATCH", '{"n":1}', "b", "application/json"],
    ]);
  });
});

describe("unwrap without createFetch", () => {
  it("turns a non-2xx result into the matching ApiError", async () => {
    const body = { title: "Conflict", detail: "already exists" };
    const response = new Response(JSON.stringify(body), { status: 409, headers: { "X-Request-Id": "req_c" } });
    const error = await rejectionOf(unwrap(Promise.resolve({ error: body, response })));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).problem).toEqual(body);
    expect((error as ConflictError).requestId).toBe("req_c");
  });

  it("returns data of a 2xx result", async () => {
    expect(await unwrap(Promise.resolve({ data: { id: 1 }, response: new Response(null, { status: 200 }) }))).toEqual({ id: 1 });
  });
});

describe("toParleyError", () => {
  it("passes ParleyErrors through", () => {
    const error = new NotFoundError({ status: 404 });
    expect(toParleyError(error)).toBe(error);
  });

  it("maps SyntaxError to InvalidResponseError", () => {
    expect(toParleyError(new SyntaxError("Unexpected end of JSON input"))).toBeInstanceOf(InvalidResponseError);
  });

  it("maps AbortError and TimeoutError DOMExceptions to AbortError", () => {
    expect(toParleyError(new DOMException("aborted", "AbortError"))).toBeInstanceOf(AbortError);
    expect(toParleyError(new DOMException("timed out", "TimeoutError"))).toBeInstanceOf(AbortError);
  });

  it("maps anything else to ConnectionError", () => {
    const error = toParleyError(new TypeError("terminated"));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("terminated");
    expect(toParleyError("weird")).toBeInstanceOf(ConnectionError);
  });
});
