// Owns the delays between retries and reconnects: exponential backoff with jitter, and clamping.

/** Exponential backoff with jitter, the one policy every Parley transport uses. */
export interface BackoffOptions {
  /** Delay before the first retry, in ms. Default 500. */
  initialDelayMs?: number;
  /** Upper bound of a single delay, in ms. Default 8000. */
  maxDelayMs?: number;
  /** Fraction of the delay removed at random (0..1), so clients do not retry in step. Default 0.25. */
  jitter?: number;
  /** Source of randomness; injectable for deterministic tests. */
  random?: () => number;
}

/** The delay before retry number `attempt` (0 = first retry): min(initial * 2^attempt, max) * (1 - rand * jitter). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { initialDelayMs = 500, maxDelayMs = 8000, jitter = 0.25, random = Math.random } = options;
  const base = Math.min(initialDelayMs * 2 ** Math.max(0, attempt), maxDelayMs);
  return Math.round(base * (1 - random() * Math.min(Math.max(jitter, 0), 1)));
}

/** The longest delay `setTimeout` honours, 2^31-1 ms (about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** `ms` bounded to `min..max` (NaN and non-numbers become `min`): server-given intervals are never trusted. */
export function clampMs(ms: unknown, min: number, max: number = MAX_TIMER_MS): number {
  return typeof ms === "number" && ms >= min ? Math.min(ms, max) : min;
}

/** What a reconnect policy is told about the connection it decides for. */
export interface RetryContext {
  /** Failed attempts since the last successful connection, from 0. */
  attempt: number;
  /** Milliseconds since the connection was lost (or since `connect()` for a first connection). */
  elapsedMs: number;
  /** Why the last attempt or the connection failed (a `ParleyError`). */
  error?: unknown;
}

/**
 * Decides when a reconnecting transport tries again: return the delay in ms, or `null` to give up.
 * A delay outside 0..2^31-1 ms is clamped; a policy that throws gives up.
 */
export interface ReconnectPolicy {
  /** The delay in ms before the next attempt, or `null` to stop reconnecting. */
  nextRetryDelayMs(context: RetryContext): number | null;
}

/**
 * Capped exponential backoff with jitter; unlimited unless `maxAttempts` (failed attempts) or
 * `maxElapsedMs` (time since the connection was lost) is set.
 */
export function exponentialReconnectPolicy(options: BackoffOptions & { maxAttempts?: number; maxElapsedMs?: number } = {}): ReconnectPolicy {
  return {
    nextRetryDelayMs: ({ attempt, elapsedMs }) =>
      (options.maxAttempts !== undefined && attempt >= options.maxAttempts) || (options.maxElapsedMs !== undefined && elapsedMs >= options.maxElapsedMs)
        ? null
        : backoffDelay(attempt, options),
  };
}
