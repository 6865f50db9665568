// Screenshots for looking at periods to date and breach instants over the mock backend, light and
// dark, written to $ACCORD_SHOTS or the temporary folder's accord-shots/ (not the docs: those are
// the real app's, by scripts/screenshots; nor test-results/, which each run empties):
// `npx playwright test -c tests/browser/shots.config.ts to-date`.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Page, expect, test } from "@playwright/test";

const OUT = process.env.ACCORD_SHOTS ?? join(tmpdir(), "accord-shots");

test.use({ timezoneId: "America/New_York" });

async function theme(page: Page, t: "light" | "dark") {
  await page.goto("/");
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await page.getByLabel("Theme").selectOption(t);
}

async function shoot(page: Page, name: string, fullPage = false) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
}

for (const t of ["light", "dark"] as const) {
  test(`the dashboard of the current period, to date, ${t}`, async ({ page }) => {
    await theme(page, t);
    await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Dashboard", exact: true }).click();
    await page.getByLabel("Dashboard for").selectOption("agreement:CTRA-APC-WV-PREMIUM");
    await expect(page.getByTestId("to-date-notice")).toBeVisible();
    await shoot(page, `dashboard-to-date-${t}`);
    await page.getByRole("button", { name: /^Next period/ }).click();
    await expect(page.getByTestId("not-started")).toBeVisible();
    await shoot(page, `dashboard-not-started-${t}`);
    await page.getByRole("button", { name: /^Previous period/ }).click();
    await page.getByRole("button", { name: /^Previous period/ }).click();
    await page.getByRole("button", { name: /^Show the tickets behind: P2 high: breaches in / }).click();
    await expect(page.locator("#drill-panel").getByText("T-8000001")).toBeVisible();
    await shoot(page, `dashboard-drill-late-breach-${t}`);
  });

  test(`a ticket whose breach came after its deadline, ${t}`, async ({ page }) => {
    await theme(page, t);
    await page.getByRole("button", { name: "Tickets", exact: true }).click();
    await page.getByRole("searchbox", { name: "Search" }).fill("T-8000001");
    await page.getByRole("button", { name: "T-8000001" }).click();
    await expect(page.getByTestId("deadline-line")).toBeVisible();
    await shoot(page, `ticket-late-breach-${t}`);
    // A breach the second after its deadline (the hostile P1 of last month, run through).
    await page.getByRole("button", { name: "← Tickets" }).click();
    await page.getByRole("searchbox", { name: "Search" }).fill("Modem");
    await page.getByRole("row").filter({ hasText: "Modem" }).getByRole("button").first().click();
    await expect(page.getByTestId("breach-line")).toBeVisible();
    await shoot(page, `ticket-breach-${t}`);
  });

  test(`the agreements list and what-if to date, ${t}`, async ({ page }) => {
    await theme(page, t);
    await page.getByRole("button", { name: "Agreements", exact: true }).click();
    await expect(page.getByTestId("month-to-date")).toBeVisible();
    await shoot(page, `agreements-to-date-${t}`);
    await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "What-if", exact: true }).click();
    await expect(page.getByLabel("Changed agreement (TOML)")).toHaveValue(/^id = /);
    await page.getByRole("button", { name: "Replay the period" }).click();
    await expect(page.getByTestId("what-if-heading")).toBeVisible();
    await page.getByTestId("what-if-result").scrollIntoViewIfNeeded();
    await shoot(page, `what-if-to-date-${t}`);
  });
}
