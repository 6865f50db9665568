// The agreement form in light and dark, filled with the premium sample, written to
// docs/screenshots/agreement-form-{light,dark}.png (run by tests/browser/shots.config.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";

const SAMPLE = readFileSync(new URL("../../../shared/data/sample/agreements/premium.toml", import.meta.url), "utf8");
const OUT = fileURLToPath(new URL("../../docs/screenshots", import.meta.url));

for (const theme of ["light", "dark"] as const) {
  test(`agreement form, ${theme}`, async ({ page }) => {
    await page.goto("/");
    await page.getByRole("button", { name: "Settings", exact: true }).click();
    await page.getByLabel("Theme").selectOption(theme);
    await page.getByRole("button", { name: "Agreements", exact: true }).click();
    await page.getByRole("button", { name: "West Virginia Customer Service Agreement (Premium)" }).click();
    await page.getByRole("tab", { name: "TOML" }).click();
    await page.locator("#agreement-source").fill(SAMPLE);
    await page.getByRole("tab", { name: "Form" }).click();
    await expect(page.locator("#agreement-check")).toContainText("accepts");
    // Light shows the top of the form; dark, from the section index, the calendar and targets.
    if (theme === "dark") await page.getByRole("navigation", { name: "Agreement sections" }).getByRole("button", { name: "Business calendar" }).click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(OUT, `agreement-form-${theme}.png`) });
  });
}
