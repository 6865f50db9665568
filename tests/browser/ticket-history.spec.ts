// A ticket's history says who did what in Accord: the assignments are lines of their own, each
// change made here names its author, and lines from an import say once that their export named
// no one. The mock's answers are the engine's (export-mock), with the demo loaded by "demo".
import { type Page, expect, test } from "@playwright/test";
import { freshStorage } from "./fresh";

test.beforeEach(freshStorage);

async function openTicket(page: Page, id: string) {
  await page.goto("/");
  await page.getByRole("button", { name: "Tickets", exact: true }).click();
  await page.getByRole("searchbox", { name: "Search" }).fill(id);
  await page.getByRole("button", { name: id }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(id);
}

test("an assignment is a line of the history with who made it", async ({ page }) => {
  await openTicket(page, "T-0000226");
  const lines = page.getByTestId("ticket-history").getByRole("listitem");
  await expect(lines.first()).toContainText("Opened as P");
  await expect(lines.last()).toHaveText(/Assigned to demo · by demo$/);
  // The imported lines name no one, and the page says why once.
  await expect(lines.first()).not.toContainText(" by ");
  await expect(page.getByText("Lines without a name came from an import")).toHaveCount(1);
});

test("an event recorded here names its author", async ({ page }) => {
  await openTicket(page, "T-8000003");
  const lines = page.getByTestId("ticket-history").getByRole("listitem");
  const before = await lines.count();
  await page.getByRole("button", { name: "Wait on customer", exact: true }).click();
  await expect(lines).toHaveCount(before + 1);
  await expect(lines.last()).toHaveText(/Waiting on customer · by demo$/);
});
