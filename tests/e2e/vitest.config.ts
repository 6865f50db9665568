import { defineConfig } from "vitest/config";

// End-to-end tests of the real app binary (see app.e2e.ts): one at a time, generous timeouts.
export default defineConfig({
  test: {
    root: ".",
    include: ["tests/e2e/**/*.e2e.ts"],
    environment: "node",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
