// The published declarations compiled by the oldest TypeScript the packages claim to support
// (`peerDependencies.typescript`; this workspace's own `typescript`, nested under
// tools/api-check/node_modules so the repository's `tsc` stays the build's), the way a consumer
// compiles them: strict, skipLibCheck off, under node16 (ESM and CommonJS) and bundler resolution.
import { execFile } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { publishablePackages } from "./workspace.mjs";

const require = createRequire(import.meta.url);
const OLDEST = path.dirname(require.resolve("typescript/package.json"));
// Inside the workspace so that `@parley/*` resolve to the built packages through node_modules.
const CONSUMER_DIR = fileURLToPath(new URL("../.consumer/", import.meta.url));
const DEADLINE_MS = 300_000;
// No ambient @types: a declaration that leans on Node's globals fails here, as in a browser project.
const COMPILER_OPTIONS = { noEmit: true, strict: true, target: "es2022", lib: ["es2022", "dom"], types: [], skipLibCheck: false };

/** The version of the oldest supported TypeScript, as installed here, e.g. "5.4.5". */
export const oldestVersion = JSON.parse(fs.readFileSync(path.join(OLDEST, "package.json"), "utf8")).version;

/**
 * Checks that every publishable package states `peerDependencies.typescript` as `>=X.Y` with X.Y
 * the TypeScript installed here, then compiles a consumer importing every entry point.
 * @param {string} root
 * @returns {Promise<{ ok: boolean, output: string }>} `output` names the packages or the compiler errors
 */
export async function checkOldestTypeScript(root) {
  const packages = publishablePackages(root);
  const [major, minor] = oldestVersion.split(".");
  const claim = `>=${major}.${minor}`;
  const wrong = packages.filter((pkg) => pkg.typescript !== claim);
  if (wrong.length) {
    return {
      ok: false,
      output: wrong.map((pkg) => `${pkg.name}: peerDependencies.typescript is ${JSON.stringify(pkg.typescript)}, the checked oldest TypeScript is ${oldestVersion}: state "${claim}" (and peerDependenciesMeta.typescript.optional: true)`).join("\n"),
    };
  }
  const entries = packages.flatMap((pkg) => pkg.entryPoints.map((entry) => ({ specifier: path.posix.join(pkg.name, entry.subpath), require: entry.require })));
  const specifiers = entries.map((e) => e.specifier);
  /** A consumer importing `list`: CommonJS files only import the entries that have a CommonJS build. */
  const consumer = (/** @type {string[]} */ list) => `${list.map((specifier, i) => `import * as m${i} from "${specifier}";`).join("\n")}\nexport type All = [${list.map((_, i) => `typeof m${i}`).join(", ")}];\n`;
  fs.rmSync(CONSUMER_DIR, { recursive: true, force: true });
  fs.mkdirSync(CONSUMER_DIR, { recursive: true });
  for (const file of ["consumer.mts", "consumer.ts"]) fs.writeFileSync(path.join(CONSUMER_DIR, file), consumer(specifiers));
  fs.writeFileSync(path.join(CONSUMER_DIR, "consumer.cts"), consumer(entries.filter((e) => e.require).map((e) => e.specifier)));

  /** @type {[name: string, options: Record<string, string>, files: string[]][]} */
  const runs = [
    ["node16", { module: "node16", moduleResolution: "node16" }, ["consumer.mts", "consumer.cts"]],
    ["bundler", { module: "esnext", moduleResolution: "bundler" }, ["consumer.ts"]],
  ];
  for (const [name, options, files] of runs) {
    const tsconfig = { compilerOptions: { ...COMPILER_OPTIONS, ...options }, files };
    fs.writeFileSync(path.join(CONSUMER_DIR, `tsconfig.${name}.json`), JSON.stringify(tsconfig, null, 2));
  }
  const outputs = await Promise.all(runs.map(([name]) => tsc(["-p", `tsconfig.${name}.json`])));
  const failures = runs.flatMap(([name], i) => (outputs[i] === undefined ? [] : [`moduleResolution ${name}:\n${outputs[i]}`]));
  const summary = `${specifiers.length} entry points of ${packages.length} packages with TypeScript ${oldestVersion} (node16 ESM + CommonJS, bundler)`;
  return failures.length
    ? { ok: false, output: `✖ declarations do not compile with ${summary}:\n${failures.join("\n")}` }
    : { ok: true, output: `✓ declarations compile with ${summary}` };
}

/**
 * undefined when it compiles; the compiler's output otherwise.
 * @param {string[]} args
 * @returns {Promise<string | undefined>}
 */
function tsc(args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(OLDEST, "bin/tsc"), ...args], { cwd: CONSUMER_DIR, timeout: DEADLINE_MS, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) => {
      if (!error) resolve(undefined);
      else if (error.killed || typeof error.code !== "number") reject(new Error(`tsc ${oldestVersion} did not finish: ${error.message}`));
      else resolve(stdout.trim());
    });
  });
}
