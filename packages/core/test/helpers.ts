import type { Logger } from "../src/index.js";

/** Awaits a promise that must reject and returns what it rejected with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

export interface LogLine {
  level: "debug" | "warn" | "error";
  message: string;
  context: Record<string, unknown> | undefined;
}

/** A Logger that keeps every line; `hook` runs after each one is recorded. */
export function capturingLogger(hook?: (line: LogLine) => void): Logger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const log = (level: LogLine["level"]) => (message: string, context?: Record<string, unknown>) => {
    const line = { level, message, context };
    lines.push(line);
    hook?.(line);
  };
  return {
    lines,
    debug: log("debug"),
    warn: log("warn"),
    error: log("error"),
    text: () => lines.map((l) => `${l.level} ${l.message} ${JSON.stringify(l.context ?? {})}`).join("\n"),
  };
}

/** Backoff options that keep retries fast in tests. */
export const fast = { initialDelayMs: 1, maxDelayMs: 5 } as const;
