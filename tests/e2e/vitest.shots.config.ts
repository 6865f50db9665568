import { defineConfig } from "vitest/config";

// The screenshot run (scripts/screenshots): the real app, one file, generous timeouts.
export default defineConfig({
  test: {
    root: ".",
    include: ["tests/e2e/**/*.shots.ts"],
    environment: "node",
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
