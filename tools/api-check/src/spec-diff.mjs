// A spec against its released copy, rated by `redocly diff` (the pinned @redocly/cli): it reads
// OpenAPI 3.x and AsyncAPI 3 and rates each change patch, minor or major.
import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const REDOCLY = path.join(path.dirname(require.resolve("@redocly/cli/package.json")), "bin/cli.js");
// A config of our own: any config that extends `recommended` (the project's redocly.yaml does)
// drops the diff rules, and then a removed path rates as a mere patch (@redocly/cli 2.77.0).
const DIFF_CONFIG = fileURLToPath(new URL("../redocly-diff.yaml", import.meta.url));
const DEADLINE_MS = 180_000; // seconds each, but a loaded 2-core machine stretches that

/** @typedef {{ impact: "major" | "minor" | "patch", where: string, message: string }} Change */

/**
 * Rates every change from `baseFile` to `revisionFile` (absolute paths).
 * @param {string} baseFile
 * @param {string} revisionFile
 * @param {string} label
 * @returns {Promise<Change[]>} `where` is `label`; `message` is redocly's rule messages and ids, or
 *   the change's kind and JSON pointer (`added #/paths/~1menus`) where no rule names it.
 * @throws {Error} when redocly fails, exceeds 180 s, or writes no readable report.
 */
export async function diffSpec(baseFile, revisionFile, label) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "parley-spec-diff-"));
  const reportFile = path.join(out, "diff.json");
  try {
    await /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [REDOCLY, "diff", baseFile, revisionFile, "--config", DIFF_CONFIG, "--format", "json", "--fail-on", "none", "-o", reportFile],
        // No telemetry or update check: the gate runs offline.
        { timeout: DEADLINE_MS, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } },
        (error, _stdout, stderr) => (error ? reject(new Error(`redocly diff ${label} failed: ${stderr.trim() || error.message}`)) : resolve()),
      );
    }));
    const report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
    if (!Array.isArray(report.changes)) throw new Error(`redocly diff ${label}: report has no changes array`);
    return report.changes.map((/** @type {RedoclyChange} */ change) => describe(change, label));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/**
 * One change of `redocly diff --format json`, as read (checked below before use).
 * @typedef {{ impact?: unknown, path?: string, kind?: string, verdicts?: { message: string, ruleId: string }[] }} RedoclyChange
 */

/**
 * @param {RedoclyChange} change
 * @param {string} label
 * @returns {Change}
 */
function describe(change, label) {
  const impact = change?.impact;
  if (impact !== "major" && impact !== "minor" && impact !== "patch") {
    throw new Error(`redocly diff ${label}: change at ${change?.path} has an unknown impact ${JSON.stringify(change?.impact)}`);
  }
  const verdicts = Array.isArray(change.verdicts) ? change.verdicts : [];
  const message = verdicts.length
    ? verdicts.map((v) => `${v.message} (${v.ruleId})`).join(" ")
    : `${change.kind} ${change.path}`;
  return { impact, where: label, message };
}
