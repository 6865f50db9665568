// A period's credit statement on an agreement's dashboard, over the mock backend (the engine's
// answers exported in statements.json): issuing asks first and records statement No. 1 with its
// credit lines; a correction of the terms then shows a restatement — the tickets that moved,
// why, and the difference in credits — and issuing again makes No. 2, superseding No. 1. A period
// that has not ended says why it cannot be issued; the report's export step offers issuing too.
import { type Page, expect, test } from "@playwright/test";
import { MONTHS, fixture } from "./mock-data";

const PREMIUM = "CTRA-APC-WV-PREMIUM";
const TITLE = "West Virginia Customer Service Agreement (Premium)";
const TIGHTER_P2 = fixture("what-if/premium-tighter-p2.toml");

// The instants shown are in the agreement's zone (the display default), New York; the computer's too.
test.use({ timezoneId: "America/New_York" });

test.beforeEach(async ({ page }) => {
  // A clean slate per test, but kept across reloads within it.
  await page.addInitScript(() => {
    if (!sessionStorage.getItem("accord.test")) {
      localStorage.clear();
      sessionStorage.setItem("accord.test", "1");
    }
  });
});

const screens = (page: Page) => page.getByRole("navigation", { name: "Screens" });

/** The premium agreement's dashboard: the current month (to date), or the one before (ended). */
async function dashboard(page: Page, month: "current" | "previous") {
  await screens(page).getByRole("button", { name: "Dashboard", exact: true }).click();
  await page.getByLabel("Dashboard for").selectOption(`agreement:${PREMIUM}`);
  if (month === "previous") await page.getByRole("button", { name: /^Previous period/ }).click();
  await expect(page.getByTestId("period-shown")).toContainText(MONTHS[month]);
}

/** Saves the premium fixture with tighter P2 targets as a correction of the terms. */
async function correctTerms(page: Page) {
  await screens(page).getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: TITLE }).click();
  await page.getByRole("tab", { name: "TOML" }).click();
  await page.locator("#agreement-source").fill(TIGHTER_P2);
  await expect(page.locator("#agreement-check")).toContainText("accepts");
  await page.getByRole("button", { name: "Save…" }).click();
  const dialog = page.getByRole("dialog", { name: "How does this change apply?" });
  await dialog.getByRole("radio", { name: /^Correct the terms/ }).check();
  await dialog.getByRole("button", { name: "Show impact" }).click();
  await expect(dialog.getByRole("table", { name: "2026-10: figures before and after" })).toBeVisible();
  await dialog.getByRole("button", { name: "Confirm and save" }).click();
  await expect(page.getByText("Version 2", { exact: true })).toBeVisible();
}

/** A table's body rows, each as its cells' texts. */
async function rows(table: ReturnType<Page["getByRole"]>) {
  return table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => (c.textContent ?? "").trim())));
}

test("October is issued, corrected, restated by ticket and issued again", async ({ page }) => {
  expect(MONTHS.previous).toBe("2026-10");
  await page.goto("/");
  await dashboard(page, "previous");
  const panel = page.getByTestId("statement");
  await expect(panel).toContainText("2026-10 has not been issued.");
  await expect(page.getByTestId("issued-badge")).toHaveCount(0);

  // Cancelling issues nothing.
  const issue = panel.getByRole("button", { name: "Issue statement…" });
  await issue.click();
  let ask = page.getByRole("dialog", { name: "Issue the credit statement for 2026-10?" });
  await expect(ask).toContainText("Its figures, every credit line and the terms are recorded and will not change.");
  await expect(ask.getByRole("button", { name: "Cancel" })).toBeFocused();
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(ask).toBeHidden();
  await expect(issue).toBeFocused();
  await expect(panel).toContainText("2026-10 has not been issued.");

  await issue.click();
  await ask.getByRole("button", { name: "Issue statement" }).click();
  await expect(ask).toBeHidden();
  await expect(page.getByText(`Statement No. 1 of 2026-10 issued for ${PREMIUM}.`)).toBeVisible();
  const issued = panel.getByTestId("statement-issued");
  // 15:00 UTC in New York (the zone's short name is the browser's: EST or GMT-5).
  await expect(issued.locator(".statement-line")).toHaveText(
    /^Statement No\. 1 · issued Fri, 20 Nov 2026, 10:00 \S+ by demo · under base terms \(agreement version 1\)$/,
  );
  await expect(issued).toContainText("Nothing has moved since.");
  expect(await rows(issued.getByRole("table", { name: "Credit lines" }))).toEqual([
    ["T-0000113", "P2", "125.00 USD"],
    ["T-8000001", "P2", "125.00 USD"],
    ["T-8000002", "P1", "250.00 USD"],
  ]);
  await expect(issued.getByRole("table", { name: "Credit lines" }).locator("tfoot")).toHaveText("Total credits1,750.00 USD");
  await expect(issued.getByRole("table", { name: "Issued figures" }).getByRole("row", { name: /^Service credits/ })).toContainText("1,750.00 USD");
  await expect(page.getByTestId("issued-badge")).toHaveText("Statement No. 1 issued");
  await expect(panel.getByTestId("restatement")).toHaveCount(0);
  await expect(panel.getByRole("button", { name: /^Issue/ })).toHaveCount(0);

  // The terms are corrected: the statement stays as issued, and shows what moved.
  await correctTerms(page);
  await screens(page).getByRole("button", { name: "Dashboard", exact: true }).click();
  await expect(page.getByTestId("period-shown")).toContainText("2026-10");
  await expect(page.getByTestId("issued-badge")).toHaveText("Statement No. 1 issued · restated since");
  await expect(issued.locator(".statement-line")).toContainText("Statement No. 1 ·");
  await expect(issued.getByRole("table", { name: "Credit lines" }).locator("tfoot")).toHaveText("Total credits1,750.00 USD");
  const restated = panel.getByTestId("restatement");
  await expect(restated.getByRole("heading", { level: 3 })).toHaveText("Restatement Figures have moved since statement 1 was issued");
  // Only the figures that moved, issued → now.
  const figures = await rows(restated.getByRole("table", { name: "Figures, issued → now" }));
  expect(figures).toContainEqual(["Service credits", "1,750.00 USD", "2,125.00 USD"]);
  expect(figures).toContainEqual(["Resolutions breached", "3", "6"]);
  expect(figures.map((f) => f[0])).not.toContain("Tickets opened");
  // Each ticket that moved, its clocks and credit issued → now, and why.
  const tickets = restated.getByRole("table", { name: "4 tickets moved" });
  // Each pair reads "issued X →, now Y" (the words for screen readers, the arrow for the eye).
  const pair = (issued: string, now: string) => `issued ${issued} →, now ${now}`;
  const cause = "the terms were changed since issue";
  expect(await rows(tickets)).toEqual([
    ["T-0000099", pair("met", "met"), pair("met", "breached"), pair("none", "125.00 USD"), cause],
    ["T-0000434", pair("breached", "breached"), pair("met", "breached"), pair("none", "125.00 USD"), cause],
    ["T-0000491", pair("breached", "breached"), pair("met", "breached"), pair("none", "125.00 USD"), cause],
    ["T-8000001", pair("met", "breached"), pair("breached", "breached"), pair("125.00 USD", "125.00 USD"), cause],
  ]);
  await expect(tickets.getByRole("row", { name: /T-0000099/ }).getByText("not counted")).toHaveCount(0);
  await expect(restated.getByTestId("restated-credits")).toHaveText("Credits issued1,750.00 USDCredits now2,125.00 USDDifference+375.00 USD");
  await expect(restated.getByRole("listitem").filter({ hasText: /^version 2, saved Fri,? 20 Nov 2026,? 10:00 \S+ by demo$/ })).toBeVisible();

  // Issued again, explicitly: No. 2, superseding No. 1.
  await restated.getByRole("button", { name: "Issue restated statement (No. 2)…" }).click();
  ask = page.getByRole("dialog", { name: "Issue restated statement No. 2 for 2026-10?" });
  await expect(ask).toContainText("It supersedes statement No. 1, which stays on record as it was issued.");
  await expect(ask).toContainText("Credits go from 1,750.00 USD to 2,125.00 USD (+375.00 USD).");
  await ask.getByRole("button", { name: "Issue statement No. 2" }).click();
  await expect(ask).toBeHidden();
  await expect(issued.locator(".statement-line")).toHaveText(
    /^Statement No\. 2 · issued Fri, 20 Nov 2026, 10:00 \S+ by demo · under base terms \(agreement version 2\) · supersedes No\. 1$/,
  );
  await expect(panel.getByTestId("restatement")).toHaveCount(0);
  await expect(issued.getByRole("table", { name: "Credit lines" }).locator("tbody tr")).toHaveCount(6);
  await expect(issued.getByRole("table", { name: "Credit lines" }).locator("tfoot")).toHaveText("Total credits2,125.00 USD");
  await expect(page.getByTestId("issued-badge")).toHaveText("Statement No. 2 issued");
});

test("a credit line opens its ticket", async ({ page }) => {
  await page.goto("/");
  await dashboard(page, "previous");
  await page.getByTestId("statement").getByRole("button", { name: "Issue statement…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Issue statement" }).click();
  await page.getByRole("table", { name: "Credit lines" }).getByRole("button", { name: "T-8000001" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("T-8000001");
});

test("a period that has not ended says why it cannot be issued", async ({ page }) => {
  expect(MONTHS.current).toBe("2026-11");
  await page.goto("/");
  await dashboard(page, "current");
  const panel = page.getByTestId("statement");
  // The engine's instant (2026-11-20T15:00:00Z) as every instant is shown: in New York here.
  await expect(panel.getByTestId("statement-why-not")).toHaveText(
    /^Cannot be issued yet: 2026-11 has not ended \(as of Fri,? 20 Nov 2026,? 10:00 \S+\): its figures are provisional and cannot be issued yet$/,
  );
  await expect(panel.getByRole("button")).toHaveCount(0);
  // Nor is it offered with the report.
  await page.getByRole("button", { name: "Export report…" }).click();
  await expect(page.getByRole("menu", { name: "Export report as" }).getByRole("menuitem")).toHaveText(["PDF", "HTML", "Metrics CSV", "SLA rows CSV"]);
});

test("the report's export step offers to issue a period never issued", async ({ page }) => {
  await page.goto("/");
  await dashboard(page, "previous");
  const menuButton = page.getByRole("button", { name: "Export report…" });
  await menuButton.click();
  const menu = page.getByRole("menu", { name: "Export report as" });
  await expect(menu.getByRole("menuitem")).toHaveText(["PDF", "HTML", "Metrics CSV", "SLA rows CSV", "Issue statement…"]);
  // From the keyboard: End reaches it.
  await page.keyboard.press("End");
  await expect(menu.getByRole("menuitem", { name: "Issue statement…" })).toBeFocused();
  await page.keyboard.press("Enter");
  const ask = page.getByRole("dialog", { name: "Issue the credit statement for 2026-10?" });
  await expect(ask).toBeVisible();
  await ask.getByRole("button", { name: "Issue statement" }).click();
  await expect(ask).toBeHidden();
  await expect(menuButton).toBeFocused();
  await expect(page.getByTestId("statement-issued")).toContainText("Statement No. 1");
  // Issued: the export step no longer offers it.
  await menuButton.click();
  await expect(menu.getByRole("menuitem")).toHaveText(["PDF", "HTML", "Metrics CSV", "SLA rows CSV"]);
});

test("a portfolio's dashboard has no statement", async ({ page }) => {
  await page.goto("/");
  await screens(page).getByRole("button", { name: "Dashboard", exact: true }).click();
  await page.getByLabel("Dashboard for").selectOption("all");
  await expect(page.getByTestId("period-shown")).toBeVisible();
  await expect(page.getByTestId("statement")).toHaveCount(0);
});
