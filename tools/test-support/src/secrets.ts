import { inspect } from "node:util";
import { expect } from "vitest";

/** The error `run` rejects with; fails the test when it resolves, or rejects with anything but a `base`. */
export async function caught<E extends Error>(base: abstract new (...args: never[]) => E, run: () => Promise<unknown>): Promise<E> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(base);
    return error as E;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** Every place an error could show a secret, as text. */
export function secretSurfaces(error: unknown): string[] {
  const e = error as { message?: unknown; stack?: unknown; request?: unknown; body?: unknown; headers?: unknown; problem?: unknown };
  return [
    String(e.message),
    String(error),
    String(e.stack),
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(e.request ?? null),
    JSON.stringify(e.body ?? null),
    JSON.stringify(e.headers ?? null),
    JSON.stringify(e.problem ?? null),
  ];
}

/** Fails when any text contains any of the secrets (named in the message, never printed). */
export function expectNoSecrets(texts: readonly string[], secrets: Record<string, string>, where: string): void {
  for (const text of texts) {
    for (const [name, secret] of Object.entries(secrets)) {
      expect(text.includes(secret), `${where} shows ${name}: ${text.split(secret).join("<SECRET>").slice(0, 400)}`).toBe(false);
    }
  }
}
