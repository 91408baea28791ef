// Scripted misbehaviour of an HTTP mock, per operation: the next call(s) of an operationId answer a
// given status/body/headers, late, not at all (stall), or with a reset connection. Streaming
// operations also take the stream faults (cut, stall or re-chunk the body part-way). A fault with
// `params` only applies to calls with those path parameters (one conversation, one chat).

const KEYS = new Set(["status", "body", "headers", "retryAfter", "delayMs", "reset", "stall", "times", "cutAfter", "stallAfter", "chunkBytes", "text", "params"]);

import http from "node:http";

const STREAM_KEYS = ["cutAfter", "stallAfter", "chunkBytes", "text"];

/**
 * Checks a fault before it is queued, so a typo fails the test that wrote it, not a later request.
 * @param {string} operationId
 * @param {Record<string, unknown>} fault
 * @param {{ stream: boolean, pathParams: string[] }} operation what the spec says of the operation
 */
export function checkFault(operationId, fault, operation) {
  const fail = (message) => {
    throw new TypeError(`fault(${JSON.stringify(operationId)}): ${message}`);
  };
  if (fault === null || typeof fault !== "object" || Array.isArray(fault)) fail("the fault must be an object");
  for (const key of Object.keys(fault)) if (!KEYS.has(key)) fail(`unknown key "${key}" (known: ${[...KEYS].join(", ")})`);
  const integer = (key, min, max) => {
    if (fault[key] !== undefined && (!Number.isInteger(fault[key]) || fault[key] < min || fault[key] > max)) fail(`${key} must be an integer from ${min} to ${max}`);
  };
  integer("status", 200, 599); // 1xx is not a final answer: a client would wait on
  integer("retryAfter", 0, 86_400);
  integer("delayMs", 0, 600_000);
  integer("times", 1, 1_000_000);
  integer("cutAfter", 0, 1_000_000);
  integer("stallAfter", 0, 1_000_000);
  integer("chunkBytes", 1, 1_000_000);
  if (fault.headers !== undefined && (typeof fault.headers !== "object" || fault.headers === null || Object.values(fault.headers).some((v) => typeof v !== "string"))) {
    fail("headers must map names to strings");
  }
  for (const [name, value] of Object.entries(fault.headers ?? {})) {
    try {
      http.validateHeaderName(name);
      http.validateHeaderValue(name, value);
    } catch (error) {
      fail(`headers: ${/** @type {Error} */ (error).message}`);
    }
  }
  for (const key of ["reset", "stall"]) if (fault[key] !== undefined && typeof fault[key] !== "boolean") fail(`${key} must be true or false`);
  for (const key of ["body", "headers", "retryAfter"]) if (fault[key] !== undefined && fault.status === undefined) fail(`${key} needs a status to answer with`);
  if (fault.status === 204 || fault.status === 205 || fault.status === 304) if (fault.body !== undefined) fail(`a ${fault.status} has no body`);
  if (!operation.stream) for (const key of STREAM_KEYS) if (fault[key] !== undefined) fail(`${key} is a stream fault; ${operationId} does not stream`);
  if (fault.text !== undefined && typeof fault.text !== "string") fail("text must be a string");
  if (fault.params !== undefined && (typeof fault.params !== "object" || fault.params === null || Object.values(fault.params).some((v) => typeof v !== "string" && typeof v !== "number"))) {
    fail("params must map path parameter names to values");
  }
  for (const name of Object.keys(fault.params ?? {})) if (!operation.pathParams.includes(name)) fail(`params.${name} is not a path parameter of ${operationId} (${operation.pathParams.join(", ") || "it has none"})`);
  return fault;
}

/** The queue of faults per operationId; each is used by `times` calls (default 1). */
export function faultQueue() {
  /** @type {Map<string, { fault: Record<string, any>, left: number }[]>} */
  const queues = new Map();
  return {
    add(operationId, fault) {
      const list = queues.get(operationId) ?? [];
      list.push({ fault, left: fault.times ?? 1 });
      queues.set(operationId, list);
    },
    /**
     * The fault for this call of `operationId` with path parameters `params`, if one is queued: the
     * first whose `params` (when it has them) all equal the call's.
     */
    take(operationId, params) {
      const list = queues.get(operationId) ?? [];
      const index = list.findIndex(({ fault }) => Object.entries(fault.params ?? {}).every(([name, value]) => String(params[name]) === String(value)));
      if (index < 0) return undefined;
      const entry = list[index];
      if (--entry.left <= 0) list.splice(index, 1);
      return entry.fault;
    },
    clear: () => queues.clear(),
  };
}
