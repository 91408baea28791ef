// Owns the logging interface the SDKs report through, and its two stock loggers.

/** Where the SDKs report what they do. Every line is redacted before it reaches a logger. */
export interface Logger {
  /** Routine detail (a frame sent, a state applied). `context`: plain data, redacted. */
  debug(message: string, context?: Record<string, unknown>): void;
  /** Something went wrong and was handled (a retry, a reconnect). */
  warn(message: string, context?: Record<string, unknown>): void;
  /** Something went wrong and surfaced (a listener threw, a documented failure value returned). */
  error(message: string, context?: Record<string, unknown>): void;
}

/** Logs nothing: the default. */
export const silentLogger: Logger = { debug() {}, warn() {}, error() {} };

/** Logs to the console with a `[parley]` prefix. */
export const consoleLogger: Logger = {
  debug: (m, c) => console.debug(`[parley] ${m}`, c ?? ""),
  warn: (m, c) => console.warn(`[parley] ${m}`, c ?? ""),
  error: (m, c) => console.error(`[parley] ${m}`, c ?? ""),
};
