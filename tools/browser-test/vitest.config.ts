import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Starting Chromium and the sandbox on a loaded CI machine: a ceiling, not a speed check.
    testTimeout: 300_000,
    hookTimeout: 90_000,
  },
});
