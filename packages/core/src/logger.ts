/** Where the SDKs report what they do. Every line is redacted before it reaches a logger. */
export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
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
