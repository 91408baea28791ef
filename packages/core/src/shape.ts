// Owns checking a 2xx body against the operation's response shape.
import { InvalidResponseError } from "./errors.js";

/**
 * The shape of a response body, written from the operation's response schema in the spec:
 * - a type name: `"string"`, `"number"` (finite), `"integer"` (safe integer), `"boolean"`,
 *   `"object"` (any plain object), `"any"` (anything but absent); `"|null"` after it when nullable;
 * - `[item]`: an array whose every item has the shape `item`;
 * - `{ field: shape }`: an object with those fields (`"field?"`: optional, may be absent);
 *   fields not listed are allowed;
 * - a function returning a shape, for a schema that contains itself.
 * Types and required fields are checked, not enum values or formats: a status the server adds
 * later must not break a client that does not use it.
 */
export type Shape = string | readonly [Shape] | { readonly [field: string]: Shape } | (() => Shape);

/**
 * Returns `value` when it has `shape`; otherwise throws `InvalidResponseError` naming the operation
 * and the path of the first bad field (`operation` and `field` on the error too).
 */
export function checkShape<T>(operation: string, value: unknown, shape: Shape): T {
  const bad = mismatch(value, shape, "");
  if (bad) {
    const [field, expected, got] = bad;
    throw new InvalidResponseError(
      `${operation}: the response ${field ? `field \`${field}\`` : "body"} must be ${expected}, got ${kindOf(got)}.`,
      { operation, field },
    );
  }
  return value as T;
}

/** A server's value by its type only: its text may echo a credential (a body echoing the request), so it is never quoted. */
function kindOf(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const NAMES: Record<string, string> = {
  string: "a string",
  number: "a finite number",
  integer: "an integer",
  boolean: "a boolean",
  object: "an object",
  any: "present",
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mismatch(value: unknown, shape: Shape, path: string): [string, string, unknown] | undefined {
  if (typeof shape === "function") return mismatch(value, shape(), path);
  if (typeof shape === "string") {
    const nullable = shape.endsWith("|null");
    if (value === null && nullable) return undefined;
    const type = nullable ? shape.slice(0, -5) : shape;
    const ok =
      type === "any" ? value !== undefined
      : type === "integer" ? Number.isSafeInteger(value)
      : type === "number" ? typeof value === "number" && Number.isFinite(value)
      : type === "object" ? isObject(value)
      : typeof value === type;
    return ok ? undefined : [path, `${NAMES[type] ?? type}${nullable ? " or null" : ""}`, value];
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return [path, "an array", value];
    for (let i = 0; i < value.length; i++) {
      const bad = mismatch(value[i], shape[0] as Shape, `${path}[${i}]`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (!isObject(value)) return [path, "an object", value];
  for (const key in shape as Record<string, Shape>) {
    const optional = key.endsWith("?");
    const name = optional ? key.slice(0, -1) : key;
    const item = value[name];
    if (item === undefined && optional) continue;
    const bad = mismatch(item, (shape as Record<string, Shape>)[key]!, path ? `${path}.${name}` : name);
    if (bad) return bad;
  }
  return undefined;
}
