// API Extractor reports of every entry point of every publishable package, made from the built
// `.d.ts` (what users install), all in one TypeScript program so the whole set costs one compile.
import { CompilerState, Extractor, ExtractorConfig, ExtractorLogLevel } from "@microsoft/api-extractor";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { released, REPORTS } from "./workspace.mjs";

// The TypeScript the packages are built with (the repository's), not API Extractor's bundled one
// nor this workspace's own (the oldest supported).
const TYPESCRIPT = path.dirname(createRequire(new URL("../../../package.json", import.meta.url)).resolve("typescript/package.json"));

const COMPILER_OPTIONS = {
  strict: true,
  target: "es2022",
  lib: ["es2022", "dom"],
  types: ["node"],
  module: "node16",
  moduleResolution: "node16",
  skipLibCheck: true,
};

// Parley uses no release tags and documents in README/docstrings, so these would only be noise;
// a forgotten export stays as a warning line in the report, where a reviewer sees it.
const MESSAGES = {
  compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Error } },
  extractorMessageReporting: {
    default: { logLevel: ExtractorLogLevel.Warning, addToApiReportFile: true },
    "ae-missing-release-tag": { logLevel: ExtractorLogLevel.None },
    "ae-undocumented": { logLevel: ExtractorLogLevel.None },
  },
  tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
};

/**
 * @typedef {{ packageName: string, file: string, released: string, text: string, outOfDate: boolean }} Report
 * `file` is the committed report's path relative to the root and `released` its released copy's,
 * `text` the report made now from the built declarations, `outOfDate` whether the committed file
 * differs from it (or is missing).
 */

/**
 * Makes the report of every entry point; with `write`, stores it as the committed report.
 * @param {string} root
 * @param {import("./workspace.mjs").PublishablePackage[]} packages
 * @param {{ write?: boolean }} [options]
 * @returns {Report[]}
 * @throws {Error} when a package is not built (run `npm run build`) or its declarations do not
 *   compile, naming the package and the first errors.
 */
export function makeReports(root, packages, { write = false } = {}) {
  const entries = packages.flatMap((pkg) => pkg.entryPoints.map((entry) => ({ pkg, entry })));
  for (const { pkg, entry } of entries) {
    if (!fs.existsSync(entry.types)) {
      throw new Error(`${pkg.name}: ${path.relative(root, entry.types)} is missing: run \`npm run build\` first`);
    }
  }
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "parley-api-report-"));
  try {
    const configs = entries.map(({ pkg, entry }, index) => prepare(pkg, entry, path.join(temp, String(index)), write));
    const compilerState = CompilerState.create(/** @type {ExtractorConfig} one per entry point */ (configs[0]), {
      typescriptCompilerFolder: TYPESCRIPT,
      additionalEntryPoints: configs.slice(1).map((config) => config.mainEntryPointFilePath),
    });
    return entries.map(({ pkg, entry }, index) => {
      /** @type {string[]} */
      const errors = [];
      const result = Extractor.invoke(/** @type {ExtractorConfig} */ (configs[index]), {
        localBuild: write,
        compilerState,
        typescriptCompilerFolder: TYPESCRIPT,
        messageCallback(message) {
          if (message.logLevel === "error") errors.push(message.text);
          message.handled = true;
        },
      });
      if (errors.length) throw new Error(`${pkg.name} (${entry.subpath}): API Extractor failed:\n  ${errors.slice(0, 5).join("\n  ")}`);
      if (!result.succeeded && !result.apiReportChanged) throw new Error(`${pkg.name} (${entry.subpath}): API Extractor failed`);
      return {
        packageName: pkg.name,
        file: path.join(pkg.relDir, REPORTS, entry.report),
        released: released(path.join(pkg.relDir, REPORTS, entry.report)),
        text: fs.readFileSync(path.join(temp, String(index), entry.report), "utf8"),
        outOfDate: result.apiReportChanged,
      };
    });
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

/**
 * The API Extractor config of one entry point, reporting into `tempFolder` (and, with
 * `localBuild`, into the package's api-report/).
 * @param {import("./workspace.mjs").PublishablePackage} pkg
 * @param {import("./workspace.mjs").PublishablePackage["entryPoints"][number]} entry
 * @param {string} tempFolder
 * @param {boolean} localBuild
 */
function prepare(pkg, entry, tempFolder, localBuild) {
  const reportFolder = path.join(pkg.dir, REPORTS);
  fs.mkdirSync(tempFolder, { recursive: true });
  if (localBuild) fs.mkdirSync(reportFolder, { recursive: true });
  return ExtractorConfig.prepare({
    configObject: {
      projectFolder: pkg.dir,
      mainEntryPointFilePath: entry.types,
      compiler: { overrideTsconfig: { compilerOptions: COMPILER_OPTIONS } },
      apiReport: {
        enabled: true,
        reportFileName: path.basename(entry.report, ".api.md"),
        reportFolder: `${reportFolder}/`,
        reportTempFolder: `${tempFolder}/`,
        includeForgottenExports: true,
      },
      docModel: { enabled: false },
      dtsRollup: { enabled: false },
      tsdocMetadata: { enabled: false },
      messages: MESSAGES,
      newlineKind: "lf",
    },
    configObjectFullPath: undefined,
    packageJsonFullPath: path.join(pkg.dir, "package.json"),
  });
}
