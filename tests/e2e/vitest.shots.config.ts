import { defineConfig } from "vitest/config";

// The screenshot run (scripts/screenshots): the real app, one file at a time, generous timeouts.
export default defineConfig({
  test: {
    root: ".",
    include: ["tests/e2e/**/*.shots.ts"],
    environment: "node",
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // One app window at a time: a capture finds the window by its name.
    fileParallelism: false,
  },
});
