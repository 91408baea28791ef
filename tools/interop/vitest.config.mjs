import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    // Real third-party stacks and child processes on a shared machine: ceilings, not speed checks.
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
