import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Packing and installing into a fresh project takes a while; this is a ceiling, not a speed check.
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
