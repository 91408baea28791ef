import { describe, expect, it, vi } from "vitest";
import {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  InternalServerError,
  InvalidResponseError,
  NotFoundError,
  ParleyError,
  PermissionDeniedError,
  RateLimitError,
  StateError,
  TimeoutError,
  UnprocessableEntityError,
  ValidationError,
  retryAfterMs,
  withOperation,
} from "../src/index.js";

const request = { method: "GET", url: "https://api.example.test/v1/things/7", headers: {} };

describe("ApiError.from", () => {
  const cases: [number, abstract new (...args: never[]) => ApiError, string][] = [
    [400, BadRequestError, "BadRequestError"],
    [401, AuthenticationError, "AuthenticationError"],
    [403, PermissionDeniedError, "PermissionDeniedError"],
    [404, NotFoundError, "NotFoundError"],
    [409, ConflictError, "ConflictError"],
    [422, UnprocessableEntityError, "UnprocessableEntityError"],
    [429, RateLimitError, "RateLimitError"],
    [500, InternalServerError, "InternalServerError"],
    [502, InternalServerError, "InternalServerError"],
    [503, InternalServerError, "InternalServerError"],
    [599, InternalServerError, "InternalServerError"],
  ];

  it.each(cases)("maps %i to %o", (status, cls, name) => {
    const error = ApiError.from({ status });
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(ParleyError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.status).toBe(status);
  });

  it("builds a plain ApiError for a status without a subclass (418)", () => {
    const error = ApiError.from({ status: 418 });
    expect(error.constructor).toBe(ApiError);
    expect(error.name).toBe("ApiError");
    expect(error.status).toBe(418);
    for (const cls of [BadRequestError, NotFoundError, RateLimitError, InternalServerError]) {
      expect(error).not.toBeInstanceOf(cls);
    }
  });

  it("exposes the problem body, its detail in the message, and the request id from x-request-id", () => {
    const body = { type: "https://errors.example.test/not-found", title: "Not Found", status: 404, detail: "Thing 7 does not exist" };
    const error = ApiError.from({
      status: 404,
      headers: { "Content-Type": "application/problem+json", "X-Request-Id": "req_123" },
      body,
      request,
    });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.problem).toEqual(body);
    expect(error.body).toEqual(body);
    expect(error.requestId).toBe("req_123");
    expect(error.request).toEqual(request);
    expect(error.message).toBe("GET https://api.example.test/v1/things/7 failed with 404: Thing 7 does not exist (request id req_123)");
  });

  it("lower-cases header names", () => {
    const error = ApiError.from({ status: 400, headers: { "Content-Type": "application/json", "X-RateLimit-Remaining": "0" } });
    expect(error.headers).toEqual({ "content-type": "application/json", "x-ratelimit-remaining": "0" });
  });

  it("redacts credential headers it is given", () => {
    const error = ApiError.from({ status: 401, headers: { "Set-Cookie": "session=abcdef", "WWW-Authenticate": "Bearer" } });
    expect(error.headers["set-cookie"]).toBe("[redacted]");
    expect(error.headers["www-authenticate"]).toBe("Bearer");
  });

  it("takes the request id from the problem's request_id when there is no header", () => {
    const error = ApiError.from({ status: 409, body: { title: "Conflict", request_id: "req_from_body" } });
    expect(error.requestId).toBe("req_from_body");
    expect(error.message).toContain("(request id req_from_body)");
  });

  it("prefers the x-request-id header over the problem's request_id", () => {
    const error = ApiError.from({ status: 409, headers: { "x-request-id": "hdr" }, body: { title: "Conflict", request_id: "body" } });
    expect(error.requestId).toBe("hdr");
  });

  it("falls back to the problem title when there is no detail", () => {
    const error = ApiError.from({ status: 403, body: { title: "Forbidden" }, request });
    expect(error.message).toBe("GET https://api.example.test/v1/things/7 failed with 403: Forbidden");
  });

  it("uses a short text body in the message but not a long one", () => {
    expect(ApiError.from({ status: 502, body: "Bad gateway from upstream" }).message).toBe("request failed with 502: Bad gateway from upstream");
    const long = "x".repeat(201);
    const error = ApiError.from({ status: 502, body: long });
    expect(error.message).toBe("request failed with 502");
    expect(error.body).toBe(long);
  });

  it("has no problem for a body that is not problem-shaped", () => {
    expect(ApiError.from({ status: 400, body: { foo: 1 } }).problem).toBeUndefined();
    expect(ApiError.from({ status: 400, body: [{ title: "x" }] }).problem).toBeUndefined();
    expect(ApiError.from({ status: 400, body: null }).problem).toBeUndefined();
    expect(ApiError.from({ status: 400, body: "text" }).problem).toBeUndefined();
    expect(ApiError.from({ status: 400 }).requestId).toBeUndefined();
  });

  it("keeps an explicit message", () => {
    expect(ApiError.from({ status: 400, message: "custom", body: { detail: "ignored" } }).message).toBe("custom");
  });
});

describe("RateLimitError.retryAfterMs", () => {
  it("reads retry-after-ms", () => {
    const error = ApiError.from({ status: 429, headers: { "Retry-After-Ms": "1500" } });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(1500);
  });

  it("reads Retry-After in seconds", () => {
    const error = ApiError.from({ status: 429, headers: { "Retry-After": "3" } }) as RateLimitError;
    expect(error.retryAfterMs).toBe(3000);
  });

  it("reads Retry-After as an HTTP date", () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.parse("2026-11-21T10:00:00Z") });
    try {
      const error = ApiError.from({ status: 429, headers: { "Retry-After": "Sat, 21 Nov 2026 10:01:00 GMT" } }) as RateLimitError;
      expect(error.retryAfterMs).toBe(60_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it("is undefined without a hint", () => {
    const error = ApiError.from({ status: 429 }) as RateLimitError;
    expect(error.retryAfterMs).toBeUndefined();
  });
});

describe("retryAfterMs", () => {
  const now = Date.parse("2026-11-21T10:00:00Z");

  it("prefers retry-after-ms over Retry-After", () => {
    expect(retryAfterMs({ "retry-after-ms": "250", "retry-after": "9" }, now)).toBe(250);
  });

  it("accepts fractional values and zero", () => {
    expect(retryAfterMs({ "retry-after-ms": "12.5" }, now)).toBe(12.5);
    expect(retryAfterMs({ "retry-after": "1.5" }, now)).toBe(1500);
    expect(retryAfterMs({ "retry-after": "0" }, now)).toBe(0);
    expect(retryAfterMs({ "retry-after-ms": "0" }, now)).toBe(0);
  });

  it("converts an HTTP date relative to now, and a past date to 0", () => {
    expect(retryAfterMs({ "retry-after": "Sat, 21 Nov 2026 10:00:30 GMT" }, now)).toBe(30_000);
    expect(retryAfterMs({ "retry-after": "Sat, 21 Nov 2026 09:00:00 GMT" }, now)).toBe(0);
  });

  it("is undefined when absent, empty, negative or garbage", () => {
    expect(retryAfterMs({}, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after": "" }, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after": "   " }, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after": "-1" }, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after-ms": "-5" }, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after-ms": "later" }, now)).toBeUndefined();
  });

  it("falls back to Retry-After when retry-after-ms is unreadable", () => {
    expect(retryAfterMs({ "retry-after-ms": "nope", "retry-after": "2" }, now)).toBe(2000);
    expect(retryAfterMs({ "retry-after-ms": "-1", "retry-after": "2" }, now)).toBe(2000);
  });

  // BUG (src/errors.ts, retryAfterMs): Number("") is 0, so an empty `retry-after-ms` reads as "retry
  // now" and shadows a valid Retry-After. Remove `.fails` once fixed.
  it("treats an empty retry-after-ms as absent", () => {
    expect(retryAfterMs({ "retry-after-ms": "" }, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after-ms": "", "retry-after": "2" }, now)).toBe(2000);
  });
});

describe("the error hierarchy", () => {
  it("roots every class in ParleyError and Error", () => {
    const errors: ParleyError[] = [
      new ParleyError("p"),
      ApiError.from({ status: 500 }),
      new ConnectionError("c"),
      new TimeoutError("t"),
      new AbortError("a"),
      new InvalidResponseError("i"),
      new StateError("s"),
      new ValidationError("arg", "bad"),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(ParleyError);
      expect(error).toBeInstanceOf(Error);
    }
  });

  it("makes TimeoutError a ConnectionError, and keeps the others apart", () => {
    const timeout = new TimeoutError("t");
    expect(timeout).toBeInstanceOf(ConnectionError);
    expect(timeout.name).toBe("TimeoutError");
    expect(new ConnectionError("c")).not.toBeInstanceOf(TimeoutError);
    expect(new AbortError("a")).not.toBeInstanceOf(ConnectionError);
    expect(new InvalidResponseError("i")).not.toBeInstanceOf(ApiError);
  });

  it("keeps the cause", () => {
    const cause = new Error("low level");
    expect(new ConnectionError("c", { cause }).cause).toBe(cause);
  });

  it("names the argument of a ValidationError", () => {
    const error = new ValidationError("conversationId", "must not be empty");
    expect(error.argument).toBe("conversationId");
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe("Invalid argument `conversationId`: must not be empty");
  });
});

describe("withOperation", () => {
  it("names the operation once: property, message, String() and the stack's first line, even when the stack was read before", () => {
    const error = new TimeoutError("GET https://api.example.test/v1/things/7 timed out after 1000 ms.");
    expect(error.operation).toBeUndefined();
    void error.stack; // formatted now, with the old message
    expect(withOperation(error, "getThing")).toBe(error);
    expect(error.operation).toBe("getThing");
    expect(error.message).toBe("getThing: GET https://api.example.test/v1/things/7 timed out after 1000 ms.");
    expect(String(error)).toBe(`TimeoutError: ${error.message}`);
    expect(error.stack?.split("\n")[0]).toBe(`TimeoutError: ${error.message}`);
    withOperation(error, "another");
    expect(error.operation).toBe("getThing");
    expect(error.message.startsWith("getThing: GET")).toBe(true);
  });

  it("keeps an operation given at construction, and leaves argument and state errors as they are", () => {
    const invalid = new InvalidResponseError("loadChat: the response field `id` must be an integer, got a string.", { operation: "loadChat", field: "id" });
    expect(withOperation(invalid, "other").message).toBe("loadChat: the response field `id` must be an integer, got a string.");
    const argument = withOperation(new ValidationError("id", "must be a positive integer"), "loadChat");
    expect(argument.operation).toBeUndefined();
    expect(argument.message).toBe("Invalid argument `id`: must be a positive integer");
    expect(withOperation(new StateError("No chat."), "finishChat").message).toBe("No chat.");
    expect(withOperation(ApiError.from({ status: 500, request }), "getThing").message).toBe("getThing: GET https://api.example.test/v1/things/7 failed with 500");
  });
});
