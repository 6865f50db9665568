// File › Load demo data on a database that already has data: the window asks first, saying what
// loading does beside what is there, and a refusal is said for a person, not with the command
// line's flags. On an empty database (the first-run screen) it loads at once (ui.spec.ts).
import { type Page, expect, test } from "@playwright/test";
import { fixture } from "./mock-data";
import { freshStorage } from "./fresh";

const PREMIUM = "CTRA-APC-WV-PREMIUM";

test.beforeEach(freshStorage);

/** Chooses File › Load demo data (the mock's stand-in for the native menu). */
async function menuLoadDemo(page: Page) {
  await page.waitForFunction(() => typeof window.__accordMenu === "function");
  await page.evaluate(() => window.__accordMenu?.("load_demo"));
}

test("on a database with data, loading the demo asks first and says what it does", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByText(/open tickets?, (by deadline|most urgent first)/)).toBeVisible();
  await menuLoadDemo(page);
  const dialog = page.getByRole("dialog", { name: "Load the demo data too?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("The database already has 3 agreements and 611 tickets.");
  await expect(dialog).toContainText("adds the demo's 3 agreements and 600 tickets beside them");
  // Cancel is the answer a stray Enter gives.
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator(".toast")).toHaveCount(0);

  await menuLoadDemo(page);
  await dialog.getByRole("button", { name: "Load the demo" }).click();
  await expect(dialog).toHaveCount(0);
  // All of it was there already.
  await expect(page.locator(".toast")).toHaveText("Nothing new: everything was already there.");
});

test("a demo agreement changed here stops the load, said without the command line's --update", async ({ page }) => {
  // The premium agreement corrected (saved as version 2).
  await page.goto("/");
  await page.getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: "West Virginia Customer Service Agreement (Premium)" }).click();
  await page.getByRole("tab", { name: "TOML" }).click();
  await page.locator("#agreement-source").fill(fixture("what-if/premium-tighter-p2.toml"));
  await expect(page.locator("#agreement-check")).toContainText("accepts");
  await page.getByRole("button", { name: "Save…" }).click();
  const save = page.getByRole("dialog", { name: "How does this change apply?" });
  await save.getByRole("radio", { name: /^Correct the terms/ }).check();
  await save.getByRole("button", { name: "Show impact" }).click();
  await save.getByRole("button", { name: "Confirm and save" }).click();
  await expect(page.getByText(`Agreement ${PREMIUM} saved (version 2): the terms were corrected`)).toBeVisible();

  await menuLoadDemo(page);
  await page.getByRole("dialog", { name: "Load the demo data too?" }).getByRole("button", { name: "Load the demo" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Nothing was imported");
  await expect(alert.getByRole("cell", { name: "premium.toml" })).toBeVisible();
  await expect(alert).toContainText(`agreement \`${PREMIUM}\` is already in the database with different content`);
  await expect(alert).toContainText("Loading or importing never replaces a stored agreement");
  await expect(alert).not.toContainText("--update");
});
