// A ticket's back link returns where the ticket was opened from: the queue, the tickets list, or
// the dashboard with its drill-down open again (the same scope, period and category).
import { type Page, expect, test } from "@playwright/test";
import { MONTHS } from "./mock-data";
import { freshStorage } from "./fresh";

const PREMIUM = "CTRA-APC-WV-PREMIUM";

test.beforeEach(freshStorage);

const screens = (page: Page) => page.getByRole("navigation", { name: "Screens" });

test("from the queue, back returns to the queue", async ({ page }) => {
  await page.goto("/");
  const row = page.locator(".queue-row[data-ticket]").first();
  const id = (await row.getAttribute("data-ticket")) ?? "";
  await row.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(id);
  // The sidebar says where the ticket was opened from too.
  await expect(screens(page).getByRole("button", { name: "Queue" })).toHaveAttribute("aria-current", "page");
  await page.getByRole("button", { name: "← Queue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Queue" })).toBeVisible();
});

test("from the tickets list, back returns to the list", async ({ page }) => {
  await page.goto("/");
  await screens(page).getByRole("button", { name: "Tickets", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tickets" })).toBeVisible();
  const link = page.getByRole("table").getByRole("button", { name: /^T-\d+$/ }).first();
  const id = (await link.textContent()) ?? "";
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(id);
  await page.getByRole("button", { name: "← Tickets" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Tickets" })).toBeVisible();
});

test("from a drill-down, back returns to the dashboard with the drill-down open again", async ({ page }) => {
  const { current, previous } = MONTHS;
  await page.goto("/");
  await screens(page).getByRole("button", { name: "Dashboard", exact: true }).click();
  await page.getByLabel("Dashboard for").selectOption(`agreement:${PREMIUM}`);
  await expect(page.getByTestId("period-shown")).toContainText(current);
  await page.getByRole("button", { name: `Previous period (${previous})` }).click();
  await expect(page.getByTestId("period-shown")).toContainText(previous);
  const category = page.getByRole("button", { name: `Show the tickets behind: P1 critical: breaches in ${previous}` });
  await category.click();
  const panel = page.getByRole("region", { name: `P1 critical: breaches in ${previous}` });
  await expect(panel.getByRole("row").nth(1)).toBeVisible();
  const rows = await panel.getByRole("row").count();
  const id = (await panel.getByRole("row").nth(1).getByRole("button").textContent()) ?? "";
  await panel.getByRole("button", { name: id }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(id);

  await page.getByRole("button", { name: "← Dashboard" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("West Virginia Customer Service Agreement (Premium)");
  await expect(page.getByTestId("period-shown")).toContainText(previous);
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("row")).toHaveCount(rows);
  await expect(category).toHaveAttribute("aria-expanded", "true");
  // Closing it returns focus to its category, as when it was opened here.
  await panel.getByRole("button", { name: "Close" }).click();
  await expect(panel).toHaveCount(0);
  await expect(category).toBeFocused();
  // The sidebar's Dashboard opens it as it was left, without the drill-down.
  await screens(page).getByRole("button", { name: "Queue" }).click();
  await screens(page).getByRole("button", { name: "Dashboard", exact: true }).click();
  await expect(page.getByTestId("period-shown")).toContainText(previous);
  await expect(panel).toHaveCount(0);
});
