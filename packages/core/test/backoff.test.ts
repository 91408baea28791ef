import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, exponentialReconnectPolicy } from "../src/index.js";

const noJitter = { jitter: 0 } as const;

describe("backoffDelay", () => {
  it("doubles per attempt from initialDelayMs", () => {
    const options = { initialDelayMs: 100, maxDelayMs: 100_000, ...noJitter };
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, options))).toEqual([100, 200, 400, 800, 1600]);
  });

  it("is capped at maxDelayMs", () => {
    const options = { initialDelayMs: 100, maxDelayMs: 500, ...noJitter };
    expect([0, 1, 2, 3, 10, 60].map((a) => backoffDelay(a, options))).toEqual([100, 200, 400, 500, 500, 500]);
  });

  it("uses the defaults 500 ms doubling up to 8000 ms, with 25 % jitter", () => {
    expect(backoffDelay(0, { random: () => 0 })).toBe(500);
    expect(backoffDelay(3, { random: () => 0 })).toBe(4000);
    expect(backoffDelay(10, { random: () => 0 })).toBe(8000);
    expect(backoffDelay(10, { random: () => 1 })).toBe(6000);
  });

  it("treats a negative attempt as the first", () => {
    expect(backoffDelay(-3, { initialDelayMs: 100, ...noJitter })).toBe(100);
  });

  it("removes at most the jitter fraction: random 0 gives the base, random 1 gives base * (1 - jitter)", () => {
    const options = { initialDelayMs: 1000, maxDelayMs: 60_000, jitter: 0.5 };
    expect(backoffDelay(2, { ...options, random: () => 0 })).toBe(4000);
    expect(backoffDelay(2, { ...options, random: () => 1 })).toBe(2000);
    expect(backoffDelay(2, { ...options, random: () => 0.5 })).toBe(3000);
  });

  it("clamps jitter to [0, 1]", () => {
    expect(backoffDelay(0, { initialDelayMs: 1000, jitter: 5, random: () => 1 })).toBe(0);
    expect(backoffDelay(0, { initialDelayMs: 1000, jitter: -1, random: () => 1 })).toBe(1000);
  });

  it("property: always the rounded value within [base * (1 - jitter), base]", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 120_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, initialDelayMs, maxDelayMs, jitter, r) => {
          const base = Math.min(initialDelayMs * 2 ** attempt, maxDelayMs);
          const delay = backoffDelay(attempt, { initialDelayMs, maxDelayMs, jitter, random: () => r });
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeLessThanOrEqual(base);
          // Rounding is monotonic, so the bound holds after rounding the lower edge too.
          expect(delay).toBeGreaterThanOrEqual(Math.round(base * (1 - jitter)));
        },
      ),
    );
  });

  it("property: never decreases with the attempt for a fixed random value", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const options = { initialDelayMs: 3, maxDelayMs: 10_000, random: () => r };
        expect(backoffDelay(attempt + 1, options)).toBeGreaterThanOrEqual(backoffDelay(attempt, options));
      }),
    );
  });
});

describe("exponentialReconnectPolicy", () => {
  it("follows backoffDelay and gives up (null) from maxAttempts on", () => {
    const policy = exponentialReconnectPolicy({ initialDelayMs: 10, maxDelayMs: 1000, random: () => 0, maxAttempts: 3 });
    const delays = [0, 1, 2, 3, 4].map((attempt) => policy.nextRetryDelayMs({ attempt, elapsedMs: 0 }));
    expect(delays).toEqual([10, 20, 40, null, null]);
  });

  it("never gives up without maxAttempts", () => {
    const policy = exponentialReconnectPolicy({ initialDelayMs: 10, maxDelayMs: 1000, random: () => 0 });
    expect(policy.nextRetryDelayMs({ attempt: 1000, elapsedMs: 1e9 })).toBe(1000);
  });

  it("gives up at once with maxAttempts 0", () => {
    expect(exponentialReconnectPolicy({ maxAttempts: 0 }).nextRetryDelayMs({ attempt: 0, elapsedMs: 0 })).toBeNull();
  });
});
