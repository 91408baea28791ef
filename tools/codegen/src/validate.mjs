// Stage 1, validate: the AsyncAPI document checked by @asyncapi/parser before anything reads it.
// (OpenAPI specs are validated by `redocly lint` and by openapi-typescript itself.)
import { Parser, DiagnosticSeverity } from "@asyncapi/parser";
import { SpecError } from "./spec-error.mjs";

/**
 * Validate AsyncAPI `text` (read from `absSpec`, which names it in messages). Resolves when it is a
 * valid AsyncAPI 3.x document; rejects with a `SpecError` listing every parser error (path, line,
 * message, code) otherwise.
 * @param {string} text
 * @param {string} absSpec
 * @returns {Promise<void>}
 */
export async function validateAsyncApi(text, absSpec) {
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(text, { source: absSpec });
  const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
  if (errors.length > 0 || !document) {
    const lines = (errors.length ? errors : diagnostics).map(formatDiagnostic);
    throw new SpecError(
      `${absSpec}: AsyncAPI validation failed with ${errors.length} error(s):\n${lines.join("\n")}`,
      errors,
    );
  }
  const version = document.version();
  if (!String(version).startsWith("3.")) {
    throw new SpecError(`${absSpec}: expected AsyncAPI 3.x, got ${version}`);
  }
}

/**
 * One diagnostic as `  /json/pointer (line n): message [code]`.
 * @param {import("./spec-error.mjs").Diagnostic} d
 */
export function formatDiagnostic(d) {
  const where = Array.isArray(d.path) && d.path.length ? `/${d.path.join("/")}` : "(root)";
  const line = d.range?.start ? ` (line ${d.range.start.line + 1})` : "";
  return `  ${where}${line}: ${d.message}${d.code ? ` [${d.code}]` : ""}`;
}
