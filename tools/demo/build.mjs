// Bundles the demo page for the browser from the workspace packages' sources (esbuild compiles the
// TypeScript; only their generated code must exist) into tools/demo/dist/. Building from sources
// rather than from each package's dist keeps `npm start` from waiting on tsup and its .d.ts.
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "dist");
const packages = path.resolve(here, "../../packages");
// `@parley/<package>[/<entry>]` -> packages/<package>/src/<entry or index>.ts
/** @type {import("esbuild").Plugin} */
const fromSources = {
  name: "parley-sources",
  setup(build) {
    build.onResolve({ filter: /^@parley\/[\w-]+(\/[\w-]+)?$/ }, ({ path: specifier }) => {
      const [, name = "", entry = "index"] = specifier.split("/"); // the filter guarantees a name
      return { path: path.join(packages, name, "src", `${entry}.ts`) };
    });
  },
};
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
  plugins: [fromSources],
  logLevel: "warning",
});
copyFileSync(path.join(here, "src/index.html"), path.join(out, "index.html"));
console.log("demo: tools/demo/dist/index.html");
