#!/usr/bin/env node
// parley-api-check <command> [--root <dir>]
//   check      the release gate (npm run api:check): exits 1 when a pending changeset's bump is
//              below the change found, or a committed API report is out of date
//   update     rewrites packages/*/api-report/*.api.md from the build (npm run api:update)
//   types      compiles the published declarations with the oldest supported TypeScript
//   baseline   makes today's specs and reports the released baseline (npm run release)
//   release-preflight  fails early when `changeset version` could not write the changelogs
// Exit codes: 0 passed, 1 the gate failed, 2 the tool could not run (the message says why).
import path from "node:path";
import { fileURLToPath } from "node:url";

// Each command loads only what it uses: the preflight must not pay for API Extractor.
const gate = () => import("../src/gate.mjs");

const USAGE = "usage: parley-api-check <check | update | types | baseline | release-preflight> [--root <dir>]";

/**
 * Run one command; resolves to the exit code.
 * @param {string[]} argv
 * @returns {Promise<number>}
 */
async function main(argv) {
  const [command, ...rest] = argv;
  let root = path.resolve(fileURLToPath(new URL("../../..", import.meta.url)));
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "--root" && rest[i + 1]) root = path.resolve(/** @type {string} */ (rest[++i]));
    else return fail(2, `unknown argument ${JSON.stringify(rest[i])}\n${USAGE}`);
  }
  switch (command) {
    case "check": {
      const { formatGate, runGate } = await gate();
      const result = await runGate(root);
      console.log(formatGate(result));
      return result.ok ? 0 : 1;
    }
    case "update": {
      const changed = (await gate()).updateReports(root);
      console.log(changed.length ? `Updated (review and commit):\n  ${changed.join("\n  ")}` : "API reports are up to date.");
      return 0;
    }
    case "types": {
      const { checkOldestTypeScript } = await import("../src/oldest-typescript.mjs");
      const { ok, output } = await checkOldestTypeScript(root);
      console.log(output);
      return ok ? 0 : 1;
    }
    case "baseline": {
      const written = (await gate()).refreshBaseline(root);
      console.log(`Released baseline refreshed (commit it with the version bump):\n  ${written.join("\n  ")}`);
      return 0;
    }
    case "release-preflight":
      // @changesets/changelog-github asks GitHub for each change's pull request, commit and author.
      if (!process.env.GITHUB_TOKEN) {
        return fail(1, "npm run release: set GITHUB_TOKEN first. `changeset version` writes the changelogs with @changesets/changelog-github, which links each change to its pull request, commit and author through GitHub's API (a token with read access to the repository is enough). Provenance also needs the release to run in CI (publishConfig.provenance).");
      }
      return 0;
    default:
      return fail(2, USAGE);
  }
}

/**
 * Print `message` on stderr; returns `code`.
 * @param {number} code
 * @param {string} message
 */
function fail(code, message) {
  console.error(message);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(`parley-api-check: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 2;
  },
);
