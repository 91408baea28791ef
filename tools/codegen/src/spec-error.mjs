// The one error codegen throws for a spec it cannot generate from (every stage uses it).

/** @typedef {{ path?: ReadonlyArray<string | number>, message: string, code?: string | number, severity?: number, range?: { start?: { line: number } } }} Diagnostic */

/** Thrown for an invalid or unsupported spec; `diagnostics` holds the parser's errors (with `.path`). */
export class SpecError extends Error {
  /**
   * @param {string} message
   * @param {Diagnostic[]} [diagnostics]
   */
  constructor(message, diagnostics = []) {
    super(message);
    this.name = "SpecError";
    /** @type {Diagnostic[]} */
    this.diagnostics = diagnostics;
  }
}
