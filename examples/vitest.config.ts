import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Three Node versions starting scripts on a loaded machine: a ceiling, not a speed check.
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
