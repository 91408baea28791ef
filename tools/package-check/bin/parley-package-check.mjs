#!/usr/bin/env node
// Checks the package in the current directory as it would be published (run after its build):
//  1. publint --strict: package.json, exports and files agree with what is packed;
//  2. attw --pack: the types resolve under node10, node16 (CJS and ESM) and bundler;
//  3. size: its main entry bundled for the browser with every dependency, minified and gzipped,
//     against the budget in package.json "parley.sizeBudget" (bytes). Exceeding it fails.
//     A Node-only package ("parley.platform": "node", e.g. @parley/mock) is bundled for Node
//     without its dependencies: the budget is its own code.
// An ESM-only package (no `require` condition) is checked with attw's esm-only profile.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const cwd = process.cwd();
const pkg = JSON.parse(readFileSync(path.join(cwd, "package.json"), "utf8"));
let failed = false;

/**
 * The CLI file of an installed package's bin, found through node_modules (some packages export no package.json).
 * @param {string} name
 */
function binOf(name) {
  for (let dir = here; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const root = path.join(dir, "node_modules", name);
    if (!existsSync(path.join(root, "package.json"))) continue;
    const { bin } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
    return path.join(root, typeof bin === "string" ? bin : Object.values(bin)[0]);
  }
  throw new Error(`${name} is not installed`);
}

/**
 * Run `name`'s CLI with `args` in the package folder; print ok or FAIL with its output.
 * @param {string} title
 * @param {string} name
 * @param {string[]} args
 */
function run(title, name, args) {
  const cli = binOf(name);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" } });
  const output = `${result.stdout}${result.stderr}`.split("\n").filter((l) => l.trim() && !l.includes("npm warn")).join("\n");
  const ok = result.status === 0;
  console.log(`${ok ? "ok  " : "FAIL"} ${title}${ok ? "" : `\n${output}`}`);
  if (!ok) failed = true;
}

run("publint --strict", "publint", ["--strict"]);
const main = pkg.exports?.["."];
const esmOnly = typeof main === "object" && main !== null && !("require" in main);
run(`attw --pack${esmOnly ? " --profile esm-only" : ""}`, "@arethetypeswrong/cli", ["--pack", ".", ...(esmOnly ? ["--profile", "esm-only"] : [])]);

const budget = pkg.parley?.sizeBudget;
const nodeOnly = pkg.parley?.platform === "node";
const entry = path.join(cwd, main?.import?.default ?? main?.default ?? pkg.module);
const result = await build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: "esm",
  platform: nodeOnly ? "node" : "browser",
  packages: nodeOnly ? "external" : undefined,
  target: "es2022",
  write: false,
  logLevel: "silent",
});
const [bundle] = result.outputFiles;
if (!bundle) throw new Error("esbuild returned no bundle");
const bytes = gzipSync(bundle.contents, { level: 9 }).length;
const within = typeof budget === "number" && bytes <= budget;
console.log(
  `${within ? "ok  " : "FAIL"} size ${pkg.name}: ${(bytes / 1024).toFixed(2)} kB min+gzip (${nodeOnly ? "Node bundle, dependencies excluded" : "browser bundle with dependencies"}), budget ${
    typeof budget === "number" ? `${(budget / 1024).toFixed(2)} kB` : "missing: set parley.sizeBudget in package.json"
  }`,
);
if (!within) failed = true;
process.exit(failed ? 1 : 0);
