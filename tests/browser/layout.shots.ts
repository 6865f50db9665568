// The main screens at the smallest window Accord supports (1024×640) and a common one
// (1280×800), light and dark, for looking at the layout (not part of the test run):
// `npx playwright test -c tests/browser/shots.config.ts layout.shots.ts`. Written to
// $SHOTS_DIR (default /tmp/shots-b), never into the repository.
import { join } from "node:path";
import { type Page, expect, test } from "@playwright/test";

const OUT = process.env.SHOTS_DIR ?? "/tmp/shots-b";
const PREMIUM = "West Virginia Customer Service Agreement (Premium)";

const SCREENS: { name: string; open: (page: Page) => Promise<void> }[] = [
  {
    name: "queue",
    open: async (page) => {
      await page.getByRole("button", { name: "Queue", exact: true }).click();
      await expect(page.locator(".queue-row[data-ticket]").first()).toBeVisible();
    },
  },
  {
    name: "tickets",
    open: async (page) => {
      await page.getByRole("button", { name: "Tickets", exact: true }).click();
      await expect(page.getByRole("table", { name: "Tickets" })).toBeVisible();
    },
  },
  {
    name: "agreement-form",
    open: async (page) => {
      await page.getByRole("button", { name: "Agreements", exact: true }).click();
      await page.getByRole("button", { name: PREMIUM }).click();
      await expect(page.locator("#agreement-check")).toContainText("accepts");
    },
  },
  {
    name: "ticket",
    open: async (page) => {
      await page.getByRole("button", { name: "Queue", exact: true }).click();
      await page.locator(".queue-row[data-ticket]").first().click();
      await expect(page.getByTestId("clock-resolution")).toBeVisible();
    },
  },
  {
    name: "dashboard",
    open: async (page) => {
      await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Dashboard", exact: true }).click();
      await expect(page.getByTestId("period-shown")).toBeVisible();
    },
  },
];

for (const size of [
  { width: 1024, height: 640 },
  { width: 1280, height: 800 },
]) {
  for (const theme of ["light", "dark"] as const) {
    test(`main screens at ${size.width}×${size.height}, ${theme}`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.goto("/");
      await page.getByRole("button", { name: "Settings", exact: true }).click();
      await page.getByLabel("Theme").selectOption(theme);
      for (const s of SCREENS) {
        await s.open(page);
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        await page.mouse.move(0, 0);
        await page.screenshot({ path: join(OUT, `${s.name}-${size.width}x${size.height}-${theme}.png`) });
        // The rest of a long screen, a window further down.
        const main = page.locator("main#main");
        if (await main.evaluate((m) => m.scrollHeight > m.clientHeight * 1.5)) {
          await main.evaluate((m) => m.scrollBy(0, m.clientHeight * 0.9));
          await page.screenshot({ path: join(OUT, `${s.name}-${size.width}x${size.height}-${theme}-2.png`) });
          // And its end (the agreement form's side panel, under it in a narrow window).
          await main.evaluate((m) => m.scrollTo(0, m.scrollHeight));
          await page.screenshot({ path: join(OUT, `${s.name}-${size.width}x${size.height}-${theme}-end.png`) });
          await main.evaluate((m) => m.scrollTo(0, 0));
        }
      }
    });
  }
}
