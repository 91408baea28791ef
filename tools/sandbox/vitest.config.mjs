import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    // Prism and the realtime mocks start in a few seconds, far longer on a loaded machine: a
    // ceiling, not a speed check.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
