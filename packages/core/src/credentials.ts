// Owns the credential of a realtime connection and scrubbing its forms out of server data.
import { REDACTED, redactSecrets } from "./redact.js";

/**
 * A credential for a realtime connection: a fixed string, or a provider the SDK calls before the
 * first connection and again after the server closed the socket for an authentication problem
 * (so an expired token is replaced instead of ending the connection for good).
 */
export type CredentialProvider = string | (() => string | Promise<string>);

/** The forms a secret can take on the wire: as is, and percent-encoded (in a URL path or query). */
export function secretForms(secret: string | undefined): string[] {
  return secret ? [secret, encodeURIComponent(secret)] : [];
}

/**
 * A copy of `value` with every secret replaced in every string, at any depth. For server data that
 * goes into an error (`ResponseError.body`): a server may echo a token back. Cycles and depths past
 * 32 become `[redacted]`.
 */
export function redactDeep(value: unknown, secrets: readonly string[], depth = 0, seen = new Set<object>()): unknown {
  if (typeof value === "string") return redactSecrets(value, secrets);
  if (typeof value !== "object" || value === null) return value;
  if (depth > 32 || seen.has(value)) return REDACTED;
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets, depth + 1, seen));
  const out: Record<string, unknown> = {};
  // defineProperty, so a `__proto__` key from JSON stays a plain key.
  for (const [k, v] of Object.entries(value)) {
    Object.defineProperty(out, redactSecrets(k, secrets), { value: redactDeep(v, secrets, depth + 1, seen), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
