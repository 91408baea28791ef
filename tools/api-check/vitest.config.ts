import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The gate test runs API Extractor and redocly on a copy of the repository several times.
    testTimeout: 900_000,
    // Copying the repository state is quick, but not on a machine shared by several builds.
    hookTimeout: 120_000,
  },
});
