// What the gates look at, read from the repository itself so a new package, entry point or spec
// is covered without editing this tool: publishable packages from packages/*/package.json, their
// entry points from `exports`, the specs and their packages from redocly.yaml.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

/** The released baseline: each spec and report as last released, at its own path under this folder. */
export const RELEASED = ".released";
/** A package's committed API reports, relative to the package folder. */
export const REPORTS = "api-report";

/**
 * @typedef {{ name: string, dir: string, relDir: string, version: string,
 *   entryPoints: { subpath: string, types: string, report: string, require: boolean }[],
 *   typescript: string | undefined }} PublishablePackage
 *
 * `dir` is absolute, `relDir` relative to the root; `entryPoints[].types` is the absolute `.d.ts`
 * of the entry's `import` condition and `report` its report file name (`index.api.md` for
 * `dist/index.d.ts`); `typescript` is the package's `peerDependencies.typescript` range.
 */

/**
 * @param {string} root
 * @returns {PublishablePackage[]} every non-private package under packages/, by name.
 */
export function publishablePackages(root) {
  const packagesDir = path.join(root, "packages");
  const result = [];
  for (const entry of fs.readdirSync(packagesDir, { withFileTypes: true })) {
    const manifestPath = path.join(packagesDir, entry.name, "package.json");
    if (!entry.isDirectory() || !fs.existsSync(manifestPath)) continue;
    const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
    if (manifest.private) continue;
    const dir = path.dirname(manifestPath);
    result.push({
      name: manifest.name,
      dir,
      relDir: path.relative(root, dir),
      version: manifest.version,
      entryPoints: entryPoints(manifest, dir),
      typescript: manifest.peerDependencies?.typescript,
    });
  }
  return result.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The entry points of a manifest's `exports` (`./package.json` aside), each with its import types.
 * @param {{ name: string, exports?: Record<string, { import?: { types?: string }, types?: string, require?: unknown }> }} manifest
 * @param {string} dir
 */
function entryPoints(manifest, dir) {
  return Object.entries(manifest.exports ?? {})
    .filter(([subpath]) => subpath !== "./package.json")
    .map(([subpath, target]) => {
      const types = target?.import?.types ?? target?.types;
      if (typeof types !== "string") throw new Error(`${manifest.name}: exports["${subpath}"] names no import types`);
      // `require`: the entry has a CommonJS build (an ESM-only package, e.g. @parley/mock, has none).
      return { subpath, types: path.join(dir, types), report: `${path.basename(types, ".d.ts")}.api.md`, require: Boolean(target?.require) };
    });
}

/**
 * Every API entry of redocly.yaml with the package it ships in: `x-parley-package` when set,
 * else the entry's alias (`headless` -> `@parley/headless`).
 * @param {string} root
 * @returns {{ alias: string, file: string, packageName: string }[]} `file` relative to the root.
 */
export function specs(root) {
  const config = YAML.parse(fs.readFileSync(path.join(root, "redocly.yaml"), "utf8"));
  return Object.entries(config.apis ?? {}).map(([alias, api]) => ({
    alias,
    file: api.root,
    packageName: `@parley/${api["x-parley-package"] ?? alias}`,
  }));
}

/**
 * The released copy of a file: openapi/headless.yaml -> .released/openapi/headless.yaml.
 * @param {string} file
 */
export function released(file) {
  return path.join(RELEASED, file);
}
