import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 300_000,
    // Generating runs two compilers: a loaded CI machine needs more than the 10 s default.
    hookTimeout: 120_000,
  },
});
