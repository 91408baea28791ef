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
 * and the path of the first bad field (`operation` and `field` on the error too); a body nested
 * deeper than the stack allows is an `InvalidResponseError` too, with `field` "".
 */
export function checkShape<T>(operation: string, value: unknown, shape: Shape): T {
  let bad: Mismatch | undefined;
  try {
    bad = mismatch(value, shape);
  } catch (error) {
    // A self-containing schema (a menu's children) lets a hostile body nest until the stack runs out.
    if (!(error instanceof RangeError)) throw error;
    throw new InvalidResponseError(`${operation}: the response body is nested too deeply to check.`, { operation, field: "" });
  }
  if (bad) {
    const field = pathText(bad.path);
    throw new InvalidResponseError(
      `${operation}: the response ${field ? `field \`${field}\`` : "body"} must be ${bad.expected}, got ${kindOf(bad.got)}.`,
      { operation, field },
    );
  }
  return value as T;
}

/** A value that does not have its shape: where (innermost first, as the search unwinds), what was expected, what came. */
interface Mismatch {
  path: (string | number)[];
  expected: string;
  got: unknown;
}

/** `a.b[2].c` from the innermost-first path segments. */
function pathText(path: (string | number)[]): string {
  let text = "";
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i]!;
    text += typeof segment === "number" ? `[${segment}]` : text ? `.${segment}` : segment;
  }
  return text;
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

/** A type name's parts, parsed once per name. */
const parsedTypes: Record<string, { type: string; nullable: boolean }> = Object.create(null);

/** An object shape's fields as `[name, optional, shape]`, parsed once per shape: this runs on every response. */
type Fields = readonly (readonly [string, boolean, Shape])[];
const parsedFields = new WeakMap<object, Fields>();

function fieldsOf(shape: { readonly [field: string]: Shape }): Fields {
  let fields = parsedFields.get(shape);
  if (!fields) {
    fields = Object.keys(shape).map((key): readonly [string, boolean, Shape] =>
      key.endsWith("?") ? [key.slice(0, -1), true, shape[key]!] : [key, false, shape[key]!],
    );
    parsedFields.set(shape, fields);
  }
  return fields;
}

// The path is built only for a mismatch, on the way out: a body that fits allocates nothing here.
function mismatch(value: unknown, shape: Shape): Mismatch | undefined {
  if (typeof shape === "function") return mismatch(value, shape());
  if (typeof shape === "string") {
    const { type, nullable } = (parsedTypes[shape] ??= { type: shape.replace(/\|null$/, ""), nullable: shape.endsWith("|null") });
    if (value === null && nullable) return undefined;
    const ok =
      type === "any" ? value !== undefined
      : type === "integer" ? Number.isSafeInteger(value)
      : type === "number" ? typeof value === "number" && Number.isFinite(value)
      : type === "object" ? isObject(value)
      : typeof value === type;
    return ok ? undefined : { path: [], expected: `${NAMES[type] ?? type}${nullable ? " or null" : ""}`, got: value };
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return { path: [], expected: "an array", got: value };
    for (let i = 0; i < value.length; i++) {
      const bad = mismatch(value[i], shape[0] as Shape);
      if (bad) return bad.path.push(i), bad;
    }
    return undefined;
  }
  if (!isObject(value)) return { path: [], expected: "an object", got: value };
  for (const [name, optional, item] of fieldsOf(shape as { readonly [field: string]: Shape })) {
    const field = value[name];
    if (field === undefined && optional) continue;
    const bad = mismatch(field, item);
    if (bad) return bad.path.push(name), bad;
  }
  return undefined;
}
