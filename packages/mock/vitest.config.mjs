import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    // Prism starts in about a second, far more on a loaded 2-core machine: ceilings, not speed checks.
    testTimeout: 150_000,
    hookTimeout: 120_000,
  },
});
