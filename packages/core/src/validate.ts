import { ValidationError } from "./errors.js";
import { dateTimeProblem, fullDateProblem } from "./rfc3339.js";

/**
 * Argument checks shared by every SDK. Each throws a `ValidationError` naming the argument before
 * anything is sent, and returns the value narrowed (and, for ids, normalised).
 */

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && Number.isNaN(value)) return "NaN";
  if (typeof value === "string") return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

export interface StringRules {
  /** Minimum length; default 1 (non-empty, not only white space). */
  min?: number;
  max?: number;
  pattern?: RegExp;
  /** What the pattern means, for the message. */
  patternName?: string;
}

export function requireString(name: string, value: unknown, rules: StringRules = {}): string {
  const { min = 1, max, pattern, patternName } = rules;
  if (typeof value !== "string") throw new ValidationError(name, `must be a string, got ${describe(value)}`);
  if (min > 0 && value.trim().length < min) {
    throw new ValidationError(name, min === 1 ? "must not be empty" : `must have at least ${min} characters`);
  }
  if (max !== undefined && value.length > max) {
    throw new ValidationError(name, `must have at most ${max} characters, got ${value.length}`);
  }
  if (pattern && !pattern.test(value)) throw new ValidationError(name, `must be ${patternName ?? `a string matching ${pattern}`}`);
  return value;
}

export function optionalString(name: string, value: unknown, rules: StringRules = {}): string | undefined {
  return value === undefined ? undefined : requireString(name, value, rules);
}

export interface NumberRules {
  min?: number;
  max?: number;
  integer?: boolean;
}

export function requireNumber(name: string, value: unknown, rules: NumberRules = {}): number {
  const { min, max, integer } = rules;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ValidationError(name, `must be a finite number, got ${describe(value)}`);
  if (integer && !Number.isInteger(value)) throw new ValidationError(name, `must be an integer, got ${value}`);
  if (min !== undefined && value < min) throw new ValidationError(name, `must be at least ${min}, got ${value}`);
  if (max !== undefined && value > max) throw new ValidationError(name, `must be at most ${max}, got ${value}`);
  return value;
}

export function optionalNumber(name: string, value: unknown, rules: NumberRules = {}): number | undefined {
  return value === undefined ? undefined : requireNumber(name, value, rules);
}

/** A numeric resource id given as `number | string` (the seeds' `menuId: number | string`): a positive integer. */
export function requireId(name: string, value: unknown): number {
  const n = typeof value === "string" && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) {
    throw new ValidationError(name, `must be a positive integer id (number or numeric string), got ${describe(value)}`);
  }
  return n;
}

// Deliberately simple: one @, no spaces, a dot in the domain. The server has the final word.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requireEmail(name: string, value: unknown): string {
  return requireString(name, value, { max: 254, pattern: EMAIL, patternName: "an email address" });
}

export function requireBoolean(name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new ValidationError(name, `must be a boolean, got ${describe(value)}`);
  return value;
}

export function requireArray(name: string, value: unknown, rules: { min?: number; max?: number } = {}): unknown[] {
  if (!Array.isArray(value)) throw new ValidationError(name, `must be an array, got ${describe(value)}`);
  if (rules.min !== undefined && value.length < rules.min) throw new ValidationError(name, `must have at least ${rules.min} item(s)`);
  if (rules.max !== undefined && value.length > rules.max) throw new ValidationError(name, `must have at most ${rules.max} items, got ${value.length}`);
  return value;
}

/** A plain object (not null, not an array, not a class instance such as Date). */
export function requireObject(name: string, value: unknown): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError(name, `must be an object, got ${describe(value)}`);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new ValidationError(name, "must be a plain object");
  return value as Record<string, unknown>;
}

export function optionalObject(name: string, value: unknown): Record<string, unknown> | undefined {
  return value === undefined ? undefined : requireObject(name, value);
}

export function requireOneOf<const T extends readonly string[]>(name: string, value: unknown, allowed: T): T[number] {
  if (typeof value !== "string" || !allowed.includes(value)) {
    throw new ValidationError(name, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${describe(value)}`);
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
      rules.dateOnly ? `must be an RFC 3339 full-date (e.g. 2026-11-21), got ${describe(s)}` : `must be an RFC 3339 date-time with a time zone (e.g. 2026-11-21T10:00:00Z), got ${describe(s)}`,
    );
  }
  if (problem === "date") throw new ValidationError(name, `is not a real date: ${JSON.stringify(s)}`);
  if (problem === "time") throw new ValidationError(name, `is not a real time: ${JSON.stringify(s)}`);
  return s;
}

export function requireFunction(name: string, value: unknown): (...args: never[]) => unknown {
  if (typeof value !== "function") throw new ValidationError(name, `must be a function, got ${describe(value)}`);
  return value as (...args: never[]) => unknown;
}

/** An http(s) base URL without query or fragment, returned without trailing slashes. */
export function requireBaseUrl(name: string, value: unknown): string {
  const text = requireString(name, value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(name, `must be an absolute http(s) URL, got ${describe(text)}`);
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
