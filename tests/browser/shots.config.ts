// Screenshots of the agreement form for docs/screenshots, over the mock backend (not part of
// the test run): `npx playwright test -c tests/browser/shots.config.ts`.
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

export default defineConfig({
  ...base,
  testMatch: "*.shots.ts",
  use: { ...base.use, viewport: { width: 1280, height: 860 } },
});
