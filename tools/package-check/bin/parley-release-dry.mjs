#!/usr/bin/env node
// `npm run release:dry`: what `npm run release` would publish, packed with `npm pack` into
// .parley/release/ (one tarball per public package) instead of published.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const out = path.join(root, ".parley/release");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const packages = readdirSync(path.join(root, "packages"))
  .map((dir) => path.join(root, "packages", dir))
  .filter((dir) => !JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).private);
for (const dir of packages) {
  const [info] = JSON.parse(execFileSync("npm", ["pack", "--json", "--pack-destination", out], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  console.log(`${info.filename.padEnd(34)} ${String(info.entryCount).padStart(3)} files  ${(info.size / 1024).toFixed(1).padStart(6)} kB packed  ${(info.unpackedSize / 1024).toFixed(1).padStart(6)} kB unpacked`);
}
console.log(`\n${packages.length} tarballs in ${path.relative(root, out)}/`);
