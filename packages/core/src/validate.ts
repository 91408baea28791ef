// Owns the argument checks every SDK runs before anything is sent.
import { ValidationError } from "./errors.js";
import { dateTimeProblem, fullDateProblem } from "./rfc3339.js";

/**
 * Argument checks shared by every SDK. Each throws a `ValidationError` naming the argument before
 * anything is sent, and returns the value narrowed (and, for ids, normalised).
 */

/**
 * A short description of a received value for a message: `null`, `an array`, `NaN`, a quoted
 * string (or its length past 40 characters), `undefined (not set)`, `a function`, `an object`,
 * `number 5`. Never the whole value: it may be huge or hold a secret.
 */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && Number.isNaN(value)) return "NaN";
  if (typeof value === "string") return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (value === undefined) return "undefined (not set)";
  if (typeof value === "function") return "a function";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

/** Bounds of a string argument. */
export interface StringRules {
  /** Minimum length; default 1 (non-empty, not only white space). */
  min?: number;
  /** Maximum length in UTF-16 code units. Default: none. */
  max?: number;
  /** A pattern the whole string must match. */
  pattern?: RegExp;
  /** What the pattern means, for the message. */
  patternName?: string;
}

/** A string within `rules` (default: not empty or only white space); else ValidationError naming `name`. */
export function requireString(name: string, value: unknown, rules: StringRules = {}): string {
  const { min = 1, max, pattern, patternName } = rules;
  if (typeof value !== "string") throw new ValidationError(name, `must be a string, got ${describeValue(value)}`);
  if (min > 0 && value.trim().length < min) {
    throw new ValidationError(name, min === 1 ? "must not be empty" : `must have at least ${min} characters`);
  }
  if (max !== undefined && value.length > max) {
    throw new ValidationError(name, `must have at most ${max} characters, got ${value.length}`);
  }
  if (pattern && !pattern.test(value)) throw new ValidationError(name, `must be ${patternName ?? `a string matching ${pattern}`}`);
  return value;
}

/** `undefined`, or a string as `requireString` checks it. */
export function optionalString(name: string, value: unknown, rules: StringRules = {}): string | undefined {
  return value === undefined ? undefined : requireString(name, value, rules);
}

/** Bounds of a number argument (inclusive). */
export interface NumberRules {
  /** Smallest allowed. */
  min?: number;
  /** Largest allowed. */
  max?: number;
  /** Whether it must be a whole number. */
  integer?: boolean;
}

/** A finite number within `rules` (NaN and Infinity refused); else ValidationError naming `name`. */
export function requireNumber(name: string, value: unknown, rules: NumberRules = {}): number {
  const { min, max, integer } = rules;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ValidationError(name, `must be a finite number, got ${describeValue(value)}`);
  if (integer && !Number.isInteger(value)) throw new ValidationError(name, `must be an integer, got ${value}`);
  if (min !== undefined && value < min) throw new ValidationError(name, `must be at least ${min}, got ${value}`);
  if (max !== undefined && value > max) throw new ValidationError(name, `must be at most ${max}, got ${value}`);
  return value;
}

/** `undefined`, or a number as `requireNumber` checks it. */
export function optionalNumber(name: string, value: unknown, rules: NumberRules = {}): number | undefined {
  return value === undefined ? undefined : requireNumber(name, value, rules);
}

/** A numeric resource id given as `number | string` (the seeds' `menuId: number | string`): a positive integer. */
export function requireId(name: string, value: unknown): number {
  const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) {
    throw new ValidationError(name, `must be a positive integer id (number or numeric string), got ${describeValue(value)}`);
  }
  return n;
}

// Deliberately simple: one @, no spaces, a dot in the domain. The server has the final word.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address (one @, no spaces, a dot in the domain), at most 254 characters; else ValidationError. */
export function requireEmail(name: string, value: unknown): string {
  return requireString(name, value, { max: 254, pattern: EMAIL, patternName: "an email address" });
}

/** `true` or `false`; else ValidationError naming `name`. */
export function requireBoolean(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new ValidationError(name, `must be a boolean, got ${describeValue(value)}`);
  return value;
}

/** An array of `min`..`max` items (items unchecked); else ValidationError naming `name`. */
export function requireArray(name: string, value: unknown, rules: { min?: number; max?: number } = {}): unknown[] {
  if (!Array.isArray(value)) throw new ValidationError(name, `must be an array, got ${describeValue(value)}`);
  if (rules.min !== undefined && value.length < rules.min) throw new ValidationError(name, `must have at least ${rules.min} item(s)`);
  if (rules.max !== undefined && value.length > rules.max) throw new ValidationError(name, `must have at most ${rules.max} items, got ${value.length}`);
  return value;
}

/** A plain object (not null, not an array, not a class instance such as Date). */
export function requireObject(name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError(name, `must be an object, got ${describeValue(value)}`);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new ValidationError(name, "must be a plain object");
  return value as Record<string, unknown>;
}

/** `undefined`, or a plain object as `requireObject` checks it. */
export function optionalObject(name: string, value: unknown): Record<string, unknown> | undefined {
  return value === undefined ? undefined : requireObject(name, value);
}

/** One of the `allowed` strings; else ValidationError naming `name` and listing them. */
export function requireOneOf<const T extends readonly string[]>(name: string, value: unknown, allowed: T): T[number] {
  if (typeof value !== "string" || !allowed.includes(value)) {
    throw new ValidationError(name, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${describeValue(value)}`);
  }
  return value as T[number];
}

/**
 * An RFC 3339 `date-time` (`2026-11-21T10:00:00Z`, `2026-11-21T10:00:00.5-03:00`: a time zone is
 * required), or with `dateOnly` a `full-date` (`2026-11-21`), checked by the RFC's grammar (see
 * rfc3339.ts): the same answer in every engine. At most 64 characters.
 */
export function requireDateString(name: string, value: unknown, rules: { dateOnly?: boolean } = {}): string {
  const s = requireString(name, value, { max: 64 });
  const problem = rules.dateOnly ? fullDateProblem(s) : dateTimeProblem(s);
  if (problem === "syntax") {
    throw new ValidationError(
      name,
      rules.dateOnly ? `must be an RFC 3339 full-date (e.g. 2026-11-21), got ${describeValue(s)}` : `must be an RFC 3339 date-time with a time zone (e.g. 2026-11-21T10:00:00Z), got ${describeValue(s)}`,
    );
  }
  if (problem === "date") throw new ValidationError(name, `is not a real date: ${JSON.stringify(s)}`);
  if (problem === "time") throw new ValidationError(name, `is not a real time: ${JSON.stringify(s)}`);
  return s;
}

/** A function; else ValidationError naming `name`. */
export function requireFunction(name: string, value: unknown): (...args: never[]) => unknown {
  if (typeof value !== "function") throw new ValidationError(name, `must be a function, got ${describeValue(value)}`);
  return value as (...args: never[]) => unknown;
}

/** An http(s) base URL without query or fragment, returned without trailing slashes. */
export function requireBaseUrl(name: string, value: unknown): string {
  const text = requireString(name, value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(name, `must be an absolute http(s) URL, got ${describeValue(text)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ValidationError(name, `must use http or https, got ${url.protocol}`);
  if (url.search || url.hash || text.includes("?") || text.includes("#")) throw new ValidationError(name, "must not have a query or a fragment");
  return text.replace(/\/+$/, "");
}

/** Refuses fields the API does not know, so a misspelt one fails here, not at the server. */
export function onlyKeys(name: string, value: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new ValidationError(`${name}.${key}`, `is not a known field (expected ${allowed.join(", ")})`);
  }
}

/**
 * The keys an object argument may have: `true` for a value taken as it is, `"any"` for free-form
 * data (a plain object whose keys are the caller's, such as metadata), a nested shape for a plain
 * object whose keys are checked too.
 */
export type OptionKeys = { readonly [key: string]: true | "any" | OptionKeys };

/**
 * Every key of the object type `T` as an `OptionKeys` entry, for `satisfies`: a shape written
 * against a generated schema type then fails to compile when the spec adds or drops a key.
 */
export type KeysOf<T> = { readonly [K in keyof Required<T>]: true | "any" | OptionKeys };

/**
 * Refuses an unknown key at any level of an options object (JavaScript callers get no compile
 * error for one): a ValidationError naming its path, with `did you mean <path>?` when the key is
 * an option at another level. Only keys are checked here; values are checked after.
 */
export function checkOptionKeys(name: string, value: unknown, shape: OptionKeys): void {
  checkArgumentKeys({ [name]: value }, { [name]: shape }, "an option");
}

/**
 * Refuses an unknown key at any level of a method's object arguments, given by name (`{ data,
 * options }`) with their shapes: a ValidationError naming the key's path, `<noun>` (default
 * `a known field`), and `did you mean <path>?` when the key belongs at another level or in another
 * argument (`data.signal`: `options.signal`; `data.custom_data.lang`: `data.lang`), or, failing
 * that, in the one free-form (`"any"`) object beside it (`body.source`: `body.meta.source`); else the
 * keys expected there. An argument that is not an object is left to the value checks after; a
 * getter or Proxy that throws is a ValidationError naming it.
 */
export function checkArgumentKeys(args: Readonly<Record<string, unknown>>, shapes: Readonly<Record<string, OptionKeys>>, noun = "a known field"): void {
  const paths: string[] = [];
  const list = (path: string, level: OptionKeys): void => {
    for (const [key, inner] of Object.entries(level)) {
      paths.push(`${path}.${key}`);
      if (typeof inner === "object") list(`${path}.${key}`, inner);
    }
  };
  for (const [name, shape] of Object.entries(shapes)) list(name, shape);
  const walk = (path: string, object: unknown, level: OptionKeys): void => {
    if (typeof object !== "object" || object === null || Array.isArray(object)) return;
    for (const key of checked(path, () => Object.keys(object))) {
      const inner = Object.prototype.hasOwnProperty.call(level, key) ? level[key] : undefined;
      if (inner === undefined) {
        const free = Object.keys(level).filter((k) => level[k] === "any");
        const elsewhere = paths.find((p) => p.endsWith(`.${key}`)) ?? (free.length === 1 ? `${path}.${free[0]}.${key}` : undefined);
        throw new ValidationError(`${path}.${key}`, `is not ${noun}${elsewhere ? `; did you mean ${elsewhere}?` : ` (expected ${Object.keys(level).join(", ")})`}`);
      }
      if (typeof inner === "object") walk(`${path}.${key}`, checked(`${path}.${key}`, () => (object as Record<string, unknown>)[key]), inner);
    }
  };
  for (const [name, shape] of Object.entries(shapes)) walk(name, args[name], shape);
}

/** Bounds of free-form data (`requirePlainData`). */
export interface DataRules {
  /** Longest string, key included, in characters. Default 2000. */
  maxString?: number;
  /** Most keys of one object, items of one array. Default 100. */
  maxEntries?: number;
  /** Deepest nesting. Default 8. */
  maxDepth?: number;
  /** Whether the top level may be an array. Default false: a plain object. */
  array?: boolean;
}

/**
 * Free-form data the SDK sends as JSON (custom data, metadata, extras): plain objects, arrays,
 * strings, finite numbers, booleans and null, within `rules`, with no cycle, getter, BigInt,
 * function, symbol or class instance. Reading it once here means a getter or a Proxy that throws
 * surfaces as a ValidationError naming the path, never as a raw error; the returned copy is what
 * the SDK sends, so nothing can change between the check and the send.
 */
export function requirePlainData(name: string, value: unknown, rules: DataRules = {}): Record<string, unknown> {
  const { maxString = 2000, maxEntries = 100, maxDepth = 8, array = false } = rules;
  const seen = new Set<object>();
  const copy = (path: string, item: unknown, depth: number): unknown => {
    if (item === null || typeof item === "boolean") return item;
    if (typeof item === "string") {
      if (item.length > maxString) throw new ValidationError(path, `must have at most ${maxString} characters, got ${item.length}`);
      return item;
    }
    if (typeof item === "number") {
      if (!Number.isFinite(item)) throw new ValidationError(path, `must be a finite number, got ${describeValue(item)}`);
      return item;
    }
    if (typeof item !== "object") throw new ValidationError(path, `must be JSON data (an object, array, string, finite number, boolean or null), got ${typeof item}`);
    if (depth > maxDepth) throw new ValidationError(path, `must not nest deeper than ${maxDepth} levels`);
    if (seen.has(item)) throw new ValidationError(path, "must not contain a cycle");
    seen.add(item);
    let out: unknown;
    try {
      if (Array.isArray(item)) {
        if (item.length > maxEntries) throw new ValidationError(path, `must have at most ${maxEntries} items, got ${item.length}`);
        out = Array.from({ length: item.length }, (_, i) => copy(`${path}[${i}]`, descriptorValue(path, item, String(i)), depth + 1));
      } else {
        const proto = Object.getPrototypeOf(item);
        if (proto !== Object.prototype && proto !== null) throw new ValidationError(path, "must be a plain object");
        const keys = Object.keys(item);
        if (keys.length > maxEntries) throw new ValidationError(path, `must have at most ${maxEntries} keys, got ${keys.length}`);
        const record: Record<string, unknown> = {};
        for (const key of keys) {
          if (key.length > maxString) throw new ValidationError(path, `keys must have at most ${maxString} characters`);
          const field = descriptorValue(path, item, key);
          // An undefined field is absent, as JSON.stringify leaves it out.
          // defineProperty: a key named __proto__ stays a key, never a prototype.
          if (field !== undefined) Object.defineProperty(record, key, { value: copy(`${path}.${key}`, field, depth + 1), enumerable: true, writable: true, configurable: true });
        }
        out = record;
      }
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      throw new ValidationError(path, "could not be read (a Proxy or an object that throws)");
    }
    seen.delete(item);
    return out;
  };
  if (!array && (typeof value !== "object" || value === null || Array.isArray(value))) {
    throw new ValidationError(name, `must be an object, got ${describeValue(value)}`);
  }
  return copy(name, value, 0) as Record<string, unknown>;
}

/** An own data property's value; a getter is refused rather than run. */
function descriptorValue(path: string, target: object, key: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor && !("value" in descriptor)) throw new ValidationError(`${path}.${key}`, "must be a data property, not a getter");
  return descriptor?.value;
}

/**
 * Runs an argument check so that whatever it meets (a getter or a Proxy that throws while being
 * read, a BigInt compared with a number) ends as a ValidationError naming `name`, never as a raw error.
 */
export function checked<T>(name: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new ValidationError(name, "could not be read (a Proxy or an object that throws)");
  }
}
