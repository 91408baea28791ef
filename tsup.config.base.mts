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
    // The CommonJS build goes ESM -> CJS through sucrase, which turns a class with fields into an
    // anonymous `_classN` expression: `String(err)` printed `_class12 [TimeoutError]`. esbuild's
    // keepNames pins every name there. ESM keeps its names without it, and it is what browsers bundle
    // (the size budgets), so it stays as it is: keepNames there cost 0.8 to 6.6 kB min+gzip a package.
    esbuildOptions(options, context) {
      if (context.format === "cjs") options.keepNames = true;
    },
  }) as Options;
}
