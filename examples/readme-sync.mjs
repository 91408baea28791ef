#!/usr/bin/env node
// The README snippets are the example files: a ```ts block right after a line
// `<!-- example: examples/<name>.ts -->` holds that file's text. `node examples/readme-sync.mjs`
// rewrites the blocks from the files; the examples' test fails on any block that differs.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The READMEs that show examples: the root one and each package's. */
export const READMES = ["README.md", ...readdirSync(path.join(ROOT, "packages")).map((dir) => `packages/${dir}/README.md`)];
const BLOCK = /(<!-- example: (examples\/[\w-]+\.ts) -->\n```ts\n)([\s\S]*?)```/g;

/**
 * Every example block of every README: `{ readme, example, shown, current }` (`shown` is the
 * block's text, `current` the file's). With `write`, stale blocks are replaced by the files.
 */
export function readmeBlocks({ write = false } = {}) {
  const blocks = [];
  for (const readme of READMES) {
    const file = path.join(ROOT, readme);
    const text = readFileSync(file, "utf8");
    const next = text.replace(BLOCK, (_all, head, example, shown) => {
      const current = readFileSync(path.join(ROOT, example), "utf8");
      blocks.push({ readme, example, shown, current });
      return `${head}${current}\`\`\``;
    });
    if (write && next !== text) writeFileSync(file, next);
  }
  return blocks;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const stale = readmeBlocks({ write: true }).filter((b) => b.shown !== b.current);
  for (const b of stale) console.log(`${b.readme}: updated from ${b.example}`);
  if (stale.length === 0) console.log("README examples are up to date.");
}
