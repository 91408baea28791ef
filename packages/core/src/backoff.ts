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

/**
 * Decides when a reconnecting transport tries again: return the delay in ms, or `null` to give up.
 * `attempt` counts the failed attempts since the last success, from 0.
 */
export interface ReconnectPolicy {
  nextRetryDelayMs(context: { attempt: number; elapsedMs: number; error?: unknown }): number | null;
}

/** Capped exponential backoff with jitter; unlimited attempts unless `maxAttempts` is set. */
export function exponentialReconnectPolicy(options: BackoffOptions & { maxAttempts?: number } = {}): ReconnectPolicy {
  return {
    nextRetryDelayMs: ({ attempt }) =>
      options.maxAttempts !== undefined && attempt >= options.maxAttempts ? null : backoffDelay(attempt, options),
  };
}
