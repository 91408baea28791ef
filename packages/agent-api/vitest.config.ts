import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A ceiling for a loaded CI machine (turbo runs every suite at once on 2 cores), not a speed check.
    testTimeout: 120_000,
    globalSetup: ["test/global-setup.ts"],
  },
});
