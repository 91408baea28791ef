// Where a spec sits in the repository: generated headers name it by its path from the root.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * `file`'s path from the repository root (the nearest folder with `.git` or a `package.json` that
 * declares workspaces; the working directory when there is none), with `/` separators.
 * @param {string} file an absolute path
 */
export function repoRelative(file) {
  return path.relative(findRepoRoot(file), file).split(path.sep).join("/");
}

/** @param {string} file */
function findRepoRoot(file) {
  let dir = path.dirname(file);
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(path.join(dir, ".git"))) return dir;
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, "utf8")).workspaces) return dir;
      } catch {
        // not JSON we care about
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}
