import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: false, // src/ is not published: a map would point at nothing. dist stays readable (not minified).
  clean: true,
  target: "es2022",
});
