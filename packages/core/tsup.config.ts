import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts", "src/public.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false, // src/ is not published: a map would point at nothing. dist stays readable (not minified).
  clean: true,
  // One copy of each class across entries, in CJS too: `instanceof` must hold whichever entry a user imports.
  splitting: true,
  target: "es2022",
});
