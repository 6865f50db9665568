// Screenshots for looking at changes of terms and issued statements over the mock backend, light
// and dark, written to $ACCORD_SHOTS or /tmp/shots (not the docs: those are the real app's, by
// scripts/screenshots): `npx playwright test -c tests/browser/shots.config.ts statements`.
// - the save dialog of a correction (the premium fixture with tighter P2 targets), its impact shown;
// - the editor's History tab after that save;
// - the dashboard of 2026-10 with its issued statement, then its restatement after the correction.
import { join } from "node:path";
import { type Page, expect, test } from "@playwright/test";
import { fixture } from "./mock-data";

const OUT = process.env.ACCORD_SHOTS ?? "/tmp/shots";
const PREMIUM = "CTRA-APC-WV-PREMIUM";
const TITLE = "West Virginia Customer Service Agreement (Premium)";
const TIGHTER_P2 = fixture("what-if/premium-tighter-p2.toml");

test.use({ timezoneId: "America/New_York" });

async function theme(page: Page, t: "light" | "dark") {
  await page.goto("/");
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await page.getByLabel("Theme").selectOption(t);
}

async function shoot(page: Page, name: string) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
}

async function openPremium(page: Page) {
  await page.getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: TITLE }).click();
  await expect(page.getByRole("heading", { name: PREMIUM })).toBeVisible();
}

/** Saves the premium fixture as a correction, through the dialog; `before` runs with its impact shown. */
async function correct(page: Page, before?: () => Promise<void>) {
  await openPremium(page);
  await page.getByRole("tab", { name: "TOML" }).click();
  await page.locator("#agreement-source").fill(TIGHTER_P2);
  await expect(page.locator("#agreement-check")).toContainText("accepts");
  await page.getByRole("button", { name: "Save…" }).click();
  const dialog = page.getByRole("dialog", { name: "How does this change apply?" });
  await dialog.getByRole("radio", { name: /^Correct the terms/ }).check();
  await dialog.getByRole("button", { name: "Show impact" }).click();
  await expect(dialog.getByTestId("impact")).toBeVisible();
  await before?.();
  await dialog.getByRole("button", { name: "Confirm and save" }).click();
  await expect(dialog).toBeHidden();
}

/** The premium agreement's dashboard of last month (2026-10: the mock's now is in November). */
async function october(page: Page) {
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Dashboard", exact: true }).click();
  await page.getByLabel("Dashboard for").selectOption(`agreement:${PREMIUM}`);
  await page.getByRole("button", { name: /^Previous period/ }).click();
  await expect(page.getByTestId("period-shown")).toContainText("2026-10");
}

for (const t of ["light", "dark"] as const) {
  test(`the save dialog of a correction with its impact, and the history after, ${t}`, async ({ page }) => {
    await theme(page, t);
    await correct(page, async () => {
      // Scrolled to October, the period a statement is issued for below.
      await shoot(page, `save-dialog-correct-${t}`);
      await page.getByRole("table", { name: "2026-10: figures before and after" }).scrollIntoViewIfNeeded();
      await shoot(page, `save-dialog-correct-october-${t}`);
    });
    await page.getByRole("tab", { name: "History" }).click();
    await expect(page.getByRole("tabpanel", { name: "History" }).getByRole("article").first()).toBeVisible();
    await shoot(page, `editor-history-${t}`);
  });
}

for (const t of ["light", "dark"] as const) {
  test(`the dashboard of an issued period, then its restatement, ${t}`, async ({ page }) => {
    await theme(page, t);
    await october(page);
    const panel = page.getByTestId("statement");
    await panel.getByRole("button", { name: "Issue statement…" }).click();
    const ask = page.getByRole("dialog", { name: "Issue the credit statement for 2026-10?" });
    await shoot(page, `dashboard-issue-confirm-${t}`);
    await ask.getByRole("button", { name: "Issue statement" }).click();
    await expect(panel.getByTestId("statement-issued")).toBeVisible();
    await page.waitForTimeout(6500); // the toast goes
    await panel.scrollIntoViewIfNeeded();
    await shoot(page, `dashboard-statement-issued-${t}`);
    await correct(page);
    await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Dashboard", exact: true }).click();
    await expect(panel.getByTestId("restatement")).toBeVisible();
    await page.waitForTimeout(6500);
    await panel.getByTestId("restatement").scrollIntoViewIfNeeded();
    await shoot(page, `dashboard-restatement-${t}`);
    // The whole dashboard, top to restatement: the window made tall (the content pane scrolls, not the page).
    await page.setViewportSize({ width: 1280, height: 2000 });
    await page.locator("#main").evaluate((el) => el.scrollTo(0, 0));
    await shoot(page, `dashboard-restatement-whole-${t}`);
  });
}

for (const t of ["light", "dark"] as const) {
  test(`the editor after an amendment: its terms' timeline and the form's amendments, ${t}`, async ({ page }) => {
    await theme(page, t);
    await openPremium(page);
    await page.getByRole("tab", { name: "TOML" }).click();
    await page.locator("#agreement-source").fill(TIGHTER_P2);
    await expect(page.locator("#agreement-check")).toContainText("accepts");
    await page.getByRole("button", { name: "Save…" }).click();
    const dialog = page.getByRole("dialog", { name: "How does this change apply?" });
    await dialog.getByRole("button", { name: "Show impact" }).click();
    await expect(dialog.getByTestId("impact")).toBeVisible();
    await dialog.getByText("The amendment that will be added").click();
    await shoot(page, `save-dialog-amend-${t}`);
    await dialog.getByRole("button", { name: "Confirm and save" }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole("tab", { name: "Form" }).click();
    await page.waitForTimeout(6500); // the toast goes
    await shoot(page, `editor-amended-${t}`);
    await page.getByRole("navigation", { name: "Agreement sections" }).getByRole("button", { name: "Amendments" }).click();
    await shoot(page, `editor-amendments-section-${t}`);
  });
}
