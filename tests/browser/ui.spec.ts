// The UI over the mock backend: first run, the virtualised queue with its live countdown,
// keyboard navigation, text shown as text, the import error panel, and the ticket page.
import { expect, test } from "@playwright/test";

test.beforeEach(async ({ page }) => {
  // A clean slate per test, but kept across reloads within it.
  await page.addInitScript(() => {
    if (!sessionStorage.getItem("accord.test")) {
      localStorage.clear();
      sessionStorage.setItem("accord.test", "1");
    }
  });
});

test("first run offers import and the demo, and the demo fills the queue", async ({ page }) => {
  await page.goto("/?empty");
  await expect(page.getByRole("heading", { name: "Welcome to Accord" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Import agreements and tickets…" })).toBeVisible();
  await page.getByRole("button", { name: "Load demo data" }).click();
  await expect(page.getByRole("heading", { name: "Queue" })).toBeVisible();
  await expect(page.getByText(/open tickets?, most urgent first/)).toBeVisible();
});

test("a failed import lists every problem with file, line, column and field", async ({ page }) => {
  await page.goto("/?empty&importError");
  await page.getByRole("button", { name: "Import agreements and tickets…" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Nothing was imported");
  await expect(alert).toContainText("nothing was changed");
  await expect(alert.getByRole("cell", { name: "tickets.csv" })).toBeVisible();
  await expect(alert.getByRole("cell", { name: "priority", exact: true })).toBeVisible();
  await expect(alert).toContainText("`p9` is not a priority");
  // Still empty: the first-run screen stays.
  await expect(page.getByRole("heading", { name: "Welcome to Accord" })).toBeVisible();
});

test("the queue virtualises 100,000 rows and scrolls to the end", async ({ page }) => {
  await page.goto("/?tickets=100000");
  await expect(page.getByText(/[\d,]+ open tickets, most urgent first/)).toBeVisible({ timeout: 20_000 });
  const rows = page.locator(".queue-row[data-ticket]");
  await expect(rows.first()).toBeVisible();
  // Only what is in view (plus a margin) exists in the page.
  expect(await rows.count()).toBeLessThan(80);
  const list = page.getByTestId("queue-list");
  await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator(".queue-row[data-ticket]").last()).toBeVisible({ timeout: 10_000 });
  expect(await page.locator(".queue-row[data-ticket]").count()).toBeLessThan(80);
});

test("the countdown ticks every second without reloading the list", async ({ page }) => {
  await page.goto("/?tickets=50");
  const first = page.locator(".queue-row[data-ticket]").first();
  await expect(first).toBeVisible();
  const id = await first.getAttribute("data-ticket");
  const before = await first.getByTestId("countdown").textContent();
  await page.waitForTimeout(2200);
  const after = await page.locator(`.queue-row[data-ticket="${id}"]`).getByTestId("countdown").textContent();
  expect(after).not.toBe(before);
  // Same row, same place: the list did not reload under the reader.
  await expect(page.locator(".queue-row[data-ticket]").first()).toHaveAttribute("data-ticket", id ?? "");
});

test("paused tickets come last, after every deadline", async ({ page }) => {
  await page.goto("/?tickets=200");
  await expect(page.locator(".queue-row[data-ticket]").first()).toBeVisible();
  await page.getByTestId("queue-list").evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator('.queue-row[data-risk="paused"]').last()).toBeVisible();
  await expect(page.locator('.queue-row[data-risk="paused"]').last().getByTestId("countdown")).toHaveText("Paused");
});

test("rows are coloured by risk, with a text label as well", async ({ page }) => {
  await page.goto("/?tickets=200");
  await expect(page.locator(".queue-row[data-ticket]").first()).toBeVisible();
  const seen = async () =>
    page.locator(".queue-row[data-ticket]").evaluateAll((els) => els.map((e) => e.getAttribute("data-risk")));
  const top = await seen();
  await page.getByTestId("queue-list").evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator('.queue-row[data-risk="paused"]').last()).toBeVisible();
  expect(new Set([...top, ...(await seen())]).size).toBeGreaterThan(1);
  await expect(page.locator(".queue-row[data-ticket]").first()).toHaveAttribute("aria-label", /Breached|Near escalation|Running|Paused/);
});

test("the queue is worked from the keyboard", async ({ page }) => {
  await page.goto("/?tickets=50");
  const first = page.locator(".queue-row[data-ticket]").first();
  await first.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const focused = page.locator(".queue-row:focus");
  await expect(focused).toHaveAttribute("data-index", "2");
  const id = await focused.getAttribute("data-ticket");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(id ?? "");
});

test("imported text is shown as text, never as HTML", async ({ page }) => {
  await page.goto("/?tickets=200");
  await page.getByRole("button", { name: "Tickets", exact: true }).click();
  await page.getByRole("searchbox", { name: "Search" }).fill("Not bold");
  await expect(page.locator("td", { hasText: "<b>Not bold</b> line 13" })).toBeVisible();
  expect(await page.locator("td b").count()).toBe(0);
});

test("a ticket page shows both clocks, the timeline and records actions", async ({ page }) => {
  await page.goto("/?tickets=20");
  await page.getByRole("button", { name: "Tickets", exact: true }).click();
  await page.getByRole("button", { name: "T-0000001" }).click();
  await expect(page.getByTestId("clock-first-response")).toBeVisible();
  await expect(page.getByTestId("clock-resolution")).toBeVisible();
  await expect(page.getByRole("img", { name: "SLA timeline" })).toBeVisible();
  await page.getByRole("button", { name: "Wait on customer" }).click();
  await expect(page.getByTestId("clock-resolution")).toContainText("Paused");
  await expect(page.getByRole("button", { name: "Customer replied" })).toBeVisible();
});

test("the agreements list filters by tier and shows compliance against target", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Agreements", exact: true }).click();
  await expect(page.getByRole("row")).toHaveCount(4);
  await page.getByLabel("Tier").selectOption("premium");
  await expect(page.getByRole("row")).toHaveCount(2);
  await expect(page.getByRole("cell", { name: /94\.1 %/ })).toBeVisible();
});

test("the last screen is remembered", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Agreements", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Agreements" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("heading", { name: "Agreements" })).toBeVisible();
});

test("dark theme can be chosen over the system's", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await page.getByLabel("Theme").selectOption("dark");
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(bg).toBe("rgb(18, 22, 28)");
});
