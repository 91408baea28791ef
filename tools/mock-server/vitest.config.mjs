import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    // Generating the schemas from the spec takes a couple of seconds: a ceiling, not a speed check.
    testTimeout: 150_000,
    hookTimeout: 60_000,
  },
});
