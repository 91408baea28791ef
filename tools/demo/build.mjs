// Bundles the demo page for the browser from the workspace packages into tools/demo/dist/.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(here, "src/demo.mjs")],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  outfile: path.join(out, "demo.js"),
  logLevel: "warning",
});
copyFileSync(path.join(here, "src/index.html"), path.join(out, "index.html"));
console.log("demo: tools/demo/dist/index.html");
