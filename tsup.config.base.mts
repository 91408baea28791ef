import { defineConfig, type Options } from "tsup";

/** How every @parley package builds: ESM + CJS + types, readable (not minified), no source maps. */
export function packageBuild(entry: string[] = ["src/index.ts"]): Options | Options[] {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    dts: true,
    // src/ is not published: a source map would point at nothing.
    sourcemap: false,
    clean: true,
    target: "es2022",
    // One copy of each class across entries, in CJS too: `instanceof` must hold whichever entry is imported.
    splitting: true,
  }) as Options;
}
