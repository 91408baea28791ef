import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A ceiling for a loaded CI machine (turbo runs every suite at once on 2 cores), not a speed check.
    // No globalSetup: each file starts its own in-process conversation mock on 127.0.0.1.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
