// The release gate: every change since the released baseline, rated, attributed to its package and
// held against the pending changesets; and every committed API report held against the build.
import fs from "node:fs";
import path from "node:path";
import { diffReports } from "./api-diff.mjs";
import { maxBump, pendingBumps, RANK, requiredBump } from "./bumps.mjs";
import { makeReports } from "./reports.mjs";
import { diffSpec } from "./spec-diff.mjs";
import { publishablePackages, released, RELEASED, specs } from "./workspace.mjs";

const OWN_MANIFEST = JSON.parse(fs.readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const SPEC_DIFF_CONCURRENCY = 2;
const MAX_LISTED = 30; // per package: enough to act on, short enough to read

/**
 * @typedef {{ name: string, version: string, changes: import("./spec-diff.mjs").Change[],
 *   impact: import("./bumps.mjs").Bump, required: import("./bumps.mjs").Bump,
 *   pending: import("./bumps.mjs").Bump, ok: boolean }} PackageVerdict
 * @typedef {{ packages: PackageVerdict[], outOfDate: string[], ok: boolean }} GateResult
 * @typedef {import("./spec-diff.mjs").Change} Change
 */

/**
 * Runs the gate on the repository at `root` (its packages must be built).
 * @param {string} root
 * @throws {Error} when a publishable package is not a devDependency of this workspace (turbo
 *   would not build it before the gate), is not built, or a tool fails
 * @returns {Promise<GateResult>} `outOfDate` lists committed reports (paths from the root) that
 *   differ from the build; `ok` is false when any package's pending bump is below `required` or
 *   any report is out of date.
 */
export async function runGate(root) {
  const packages = publishablePackages(root);
  const unbuilt = packages.filter((pkg) => !OWN_MANIFEST.devDependencies?.[pkg.name]);
  if (unbuilt.length) {
    // turbo builds a task's dependencies first; a package missing here could be checked stale.
    throw new Error(`add ${unbuilt.map((pkg) => `"${pkg.name}": "${pkg.version}"`).join(", ")} to the devDependencies of tools/api-check/package.json, so that turbo builds it before api:check`);
  }
  const reports = makeReports(root, packages);
  /** @type {Map<string, Change[]>} */
  const changes = new Map(packages.map((pkg) => [pkg.name, []]));
  for (const report of reports) {
    const releasedFile = path.join(root, report.released);
    const base = fs.existsSync(releasedFile) ? fs.readFileSync(releasedFile, "utf8") : "";
    /** @type {Change[]} every report is of one of `packages` */ (changes.get(report.packageName)).push(...diffReports(base, report.text, report.file));
  }
  for (const [packageName, found] of await diffSpecs(root)) {
    const list = changes.get(packageName);
    if (!list) throw new Error(`redocly.yaml: a spec ships in ${packageName}, which is no publishable package under packages/ (set its x-parley-package)`);
    list.push(...found);
  }

  const pending = await pendingBumps(root);
  const verdicts = packages.map((pkg) => {
    const found = changes.get(pkg.name) ?? [];
    const impact = found.reduce((max, change) => maxBump(max, change.impact), /** @type {import("./bumps.mjs").Bump} */ ("none"));
    const required = requiredBump(impact, pkg.version);
    const bump = pending.get(pkg.name) ?? "none";
    return { name: pkg.name, version: pkg.version, changes: found, impact, required, pending: bump, ok: RANK[bump] >= RANK[required] };
  });
  const outOfDate = reports.filter((report) => report.outOfDate).map((report) => report.file);
  return { packages: verdicts, outOfDate, ok: outOfDate.length === 0 && verdicts.every((v) => v.ok) };
}

/**
 * Every spec diffed against its released copy, two at a time: `[package name, changes]` per spec.
 * @param {string} root
 * @returns {Promise<[string, Change[]][]>}
 */
async function diffSpecs(root) {
  const queue = specs(root);
  /** @type {[string, Change[]][]} */
  const found = [];
  const worker = async () => {
    for (let spec = queue.shift(); spec; spec = queue.shift()) {
      const base = released(spec.file);
      /** @type {Change[]} */
      const changes = fs.existsSync(path.join(root, base))
        ? await diffSpec(path.join(root, base), path.join(root, spec.file), spec.file)
        : [{ impact: "minor", where: spec.file, message: `new spec: no released copy at ${base}` }];
      found.push([spec.packageName, changes]);
    }
  };
  await Promise.all(Array.from({ length: SPEC_DIFF_CONCURRENCY }, worker));
  return found;
}

/**
 * The gate's result for people: every change by package, then what failed and what to do.
 * @param {GateResult} result
 * @returns {string}
 */
export function formatGate(result) {
  const lines = [`API check: specs and TypeScript API reports against their released copies in ${RELEASED}/`, ""];
  for (const verdict of result.packages) {
    const head = verdict.impact === "none" ? "no API changes" : `${verdict.impact} changes, need a ${verdict.required} release or more`;
    lines.push(`${verdict.ok ? "✓" : "✖"} ${verdict.name} ${verdict.version}: ${head}; pending changesets give ${verdict.pending}`);
    const shown = [...verdict.changes].sort((a, b) => RANK[b.impact] - RANK[a.impact]).slice(0, MAX_LISTED);
    for (const change of shown) lines.push(`    ${change.impact.padEnd(5)}  ${change.where}: ${change.message}`);
    if (verdict.changes.length > shown.length) lines.push(`    ... and ${verdict.changes.length - shown.length} more`);
  }
  if (result.ok) return lines.join("\n");

  lines.push("", "✖ API check failed:");
  for (const verdict of result.packages.filter((v) => !v.ok)) {
    const zeroX = Number(verdict.version.split(".")[0]) < 1 && verdict.impact === "major"
      ? ` (under 1.0.0 a breaking change needs \`minor\`; \`major\` releases 1.0.0)`
      : "";
    lines.push(`  - ${verdict.name}: its ${verdict.impact} changes need a \`${verdict.required}\` changeset or more${zeroX}; the pending changesets give \`${verdict.pending}\`.`);
  }
  for (const file of result.outOfDate) lines.push(`  - ${file} is out of date with the built declarations.`);
  lines.push("", "What to do:");
  if (result.outOfDate.length) {
    lines.push("  - Run `npm run api:update` (builds, then rewrites every packages/*/api-report/*.api.md), review the diff: it is the public API change, and commit it.");
  }
  if (result.packages.some((v) => !v.ok)) {
    lines.push("  - If the change is meant: run `npm run changeset`, pick each package above with the bump shown (or higher) and tell users what changed and what to do.");
    lines.push("  - If it is not meant: restore what was removed or changed, and run this again.");
  }
  return lines.join("\n");
}

/**
 * Writes the committed API reports from the build (`npm run api:update`).
 * @param {string} root
 * @returns {string[]} the reports that changed, relative to the root
 */
export function updateReports(root) {
  return makeReports(root, publishablePackages(root), { write: true })
    .filter((report) => report.outOfDate)
    .map((report) => report.file);
}

/**
 * Makes today's specs and API reports the released baseline (run by `npm run release` after
 * `changeset version`): replaces .released/ with a copy of each spec and each report made from
 * the build, at their own paths.
 * @param {string} root
 * @returns {string[]} the files written, relative to the root
 */
export function refreshBaseline(root) {
  const reports = makeReports(root, publishablePackages(root), { write: true });
  const files = [
    ...specs(root).map((spec) => ({ file: released(spec.file), text: fs.readFileSync(path.join(root, spec.file), "utf8") })),
    ...reports.map((report) => ({ file: report.released, text: report.text })),
  ];
  fs.rmSync(path.join(root, RELEASED), { recursive: true, force: true });
  for (const { file, text } of files) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return files.map(({ file }) => file);
}
