// The UI over the mock backend: first run, the virtualised queue with its live countdown,
// keyboard navigation, text shown as text, the import error panel, the ticket page, and the
// agreement editor's form.
import { readFileSync } from "node:fs";
import { type Page, expect, test } from "@playwright/test";
import { withIsolationFrame } from "./tauri-frame";

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
  await expect(page.getByText(/open tickets?, (by deadline|most urgent first)/)).toBeVisible();
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
  await page.getByRole("tab", { name: /^All/ }).click();
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
  await page.goto("/");
  await page.getByRole("tab", { name: /^All/ }).click();
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

test("tickets waiting on the customer come last in All, after every deadline, saying since when", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("tab", { name: /^All/ }).click();
  await expect(page.locator(".queue-row[data-ticket]").first()).toBeVisible();
  await page.getByTestId("queue-list").evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator('.queue-row[data-risk="paused"]').last()).toBeVisible();
  await expect(page.locator('.queue-row[data-risk="paused"]').last().getByTestId("countdown")).toHaveText(/^Waiting (\d+d \d+h|\d+h \d{2}m|\d+m \d{2}s)(Since|Breached) \d/);
});

test("rows are coloured by risk, with a text label as well", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("tab", { name: /^All/ }).click();
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
  await page.goto("/");
  await page.getByRole("tab", { name: /^All/ }).click();
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

test("Home and End in the queue move focus to the first and last row", async ({ page }) => {
  await page.goto("/?tickets=5000");
  await page.getByRole("tab", { name: /^All/ }).click();
  await expect(page.getByText("5,000 open tickets, most urgent first")).toBeVisible({ timeout: 20_000 });
  // The focused row's index, and whether it is wholly in the list's view.
  const active = () =>
    page.evaluate(() => {
      const el = document.activeElement;
      const list = document.querySelector('[data-testid="queue-list"]');
      if (!el || !list) return { index: null, visible: false };
      const a = el.getBoundingClientRect();
      const b = list.getBoundingClientRect();
      return { index: el.getAttribute("data-index"), visible: a.top >= b.top && a.bottom <= b.bottom };
    });
  await page.locator('.queue-row[data-index="0"]').focus();
  await page.keyboard.press("End");
  await expect.poll(active).toEqual({ index: "4999", visible: true });
  await page.keyboard.press("Home");
  await expect.poll(active).toEqual({ index: "0", visible: true });
  // The arrows go on from there.
  await page.keyboard.press("End");
  await expect.poll(active).toEqual({ index: "4999", visible: true });
  await page.keyboard.press("ArrowUp");
  await expect.poll(active).toEqual({ index: "4998", visible: true });
});

test("Tab from the last control never lands in Tauri's isolation frame", async ({ page }) => {
  await withIsolationFrame(page);
  await page.goto("/");
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  const frame = page.locator("#__tauri_isolation__");
  await expect(frame).toHaveAttribute("tabindex", "-1");
  await expect(frame).toHaveAttribute("aria-hidden", "true");
  await expect(frame).toBeHidden();
  // The window's last control, then Tab: out of the page, not into the frame.
  await page.evaluate(() => {
    const controls = Array.from(document.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea")).filter((el) => el.offsetParent && !el.matches(":disabled"));
    controls.at(-1)?.focus();
  });
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe("IFRAME");
});

test("imported text is shown as text, never as HTML", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Tickets", exact: true }).click();
  await page.getByRole("searchbox", { name: "Search" }).fill("Not bold");
  await expect(page.locator("td", { hasText: "<b>Not bold</b> line 13" })).toBeVisible();
  expect(await page.locator("td b").count()).toBe(0);
});

test("a ticket page shows both clocks, the timeline and records actions", async ({ page }) => {
  // A running fixture ticket (its page after each change is the engine's, exported).
  await page.goto("/");
  await page.getByRole("button", { name: "Tickets", exact: true }).click();
  await page.getByRole("searchbox", { name: "Search" }).fill("T-8000006");
  await page.getByRole("button", { name: "T-8000006" }).click();
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
  await page.getByLabel("Tier").selectOption("basic");
  await expect(page.getByRole("row")).toHaveCount(2);
  // Marked against its target in words as well as colour (the basic agreement's 80.00% this
  // month, to date, is under its 95%).
  const cell = page.getByRole("cell", { name: /^80\.00% \(target missed\)/ });
  await expect(cell).toBeVisible();
  await expect(cell).toContainText("✗ 80.00%");
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

// The agreement editor's form: the same TOML of record as the TOML tab, checked by the engine
// (here its answers exported for the mock: fixture/checks) with each error beside its field.
const SAMPLE = readFileSync(new URL("../../../shared/data/sample/agreements/premium.toml", import.meta.url), "utf8");

async function openSample(page: Page) {
  await page.goto("/");
  await page.getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: "West Virginia Customer Service Agreement (Premium)" }).click();
  await expect(page.getByRole("tab", { name: "Form" })).toHaveAttribute("aria-selected", "true");
  // The stored agreement is the demo's, which is the shared sample.
  await page.getByRole("tab", { name: "TOML" }).click();
  await expect(page.locator("#agreement-source")).toHaveValue(SAMPLE);
  await page.getByRole("tab", { name: "Form" }).click();
  await expect(page.getByLabel("Title")).toHaveValue("West Virginia Customer Service Agreement (Premium)");
}

test("the agreement form edits the same TOML as the TOML tab; saving asks how the change applies", async ({ page }) => {
  await openSample(page);
  await page.getByLabel("P1 critical resolution").fill("6h");
  await expect(page.getByLabel("Monday window 1 from")).toHaveValue("07:00");
  await page.getByLabel("Monday window 1 to").fill("18:30");
  await page.getByRole("button", { name: "Saturday all day" }).click();

  await page.getByRole("tab", { name: "TOML" }).click();
  const toml = page.locator("#agreement-source");
  await expect(toml).toBeVisible();
  await expect(toml).toHaveValue(/\[targets\.p1\]\nfirst_response = "15m"\nresolution = "6h"\nclock = "24x7"\n/);
  await expect(toml).toHaveValue(/^mon = \["07:00-18:30"\]$/m);
  await expect(toml).toHaveValue(/^sat = \["00:00-24:00"\]$/m);
  // Everything else is as the sample had it.
  await expect(toml).toHaveValue(/^effective_from = 2026-01-01$/m);
  await expect(toml).toHaveValue(/^monthly_fee = "12500.00"$/m);

  // A stored agreement is saved through the dialog (tests/browser/terms-change.spec.ts).
  const save = page.getByRole("button", { name: "Save…" });
  await expect(save).toBeEnabled();
  await save.click();
  const dialog = page.getByRole("dialog", { name: "How does this change apply?" });
  await expect(dialog.getByRole("radio", { name: /^Amend from a date/ })).toBeChecked();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Version 1 · unsaved changes")).toBeVisible();
});

test("a new agreement is saved at once: there is nothing to amend", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: "New agreement…" }).click();
  await page.getByRole("tab", { name: "TOML" }).click();
  await page.locator("#agreement-source").fill(SAMPLE.replace('id = "CTRA-APC-WV-PREMIUM"', 'id = "CTRA-NEW"'));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByText("Agreement CTRA-NEW saved (version 1)")).toBeVisible();
  await expect(page.getByRole("heading", { name: "CTRA-NEW" })).toBeVisible();
});

test.describe("keyboard", () => {
  test.use({ locale: "en-US" });

  test("holidays and escalation levels are added from the keyboard", async ({ page }) => {
    await openSample(page);
    await page.getByRole("button", { name: "Add holiday" }).focus();
    await page.keyboard.press("Enter");
    // Focus moves to the new row: holiday 7 (the sample has 6).
    const date = page.getByLabel("Holiday 7 date");
    await expect(date).toBeFocused();
    // Typed as ISO text, in any locale.
    await page.keyboard.type("2026-12-24");
    await expect(date).toHaveValue("2026-12-24");
    // The calendar button is the next Tab stop, then the name.
    await page.keyboard.press("Tab");
    await expect(page.locator("tr", { has: date }).getByRole("button", { name: "Pick from a calendar" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Holiday 7 name")).toBeFocused();
    await page.keyboard.type("Christmas Eve");
    await expect(page.getByRole("button", { name: "Remove holiday 7" })).toBeVisible();

    await page.getByRole("button", { name: "Add escalation level" }).focus();
    await page.keyboard.press("Space");
    await expect(page.getByLabel("Escalation 4 name")).toBeFocused();
    await page.keyboard.type("Director of operations");
    await page.keyboard.press("Tab");
    await expect(page.getByLabel("Escalation 4 clock")).toBeFocused();
    await page.keyboard.press("Tab");
    const at = page.getByLabel("Escalation 4 at percent of target");
    await expect(at).toBeFocused();
    await expect(at).toHaveValue("100");
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("200");

    await page.getByRole("tab", { name: "TOML" }).click();
    const toml = page.locator("#agreement-source");
    await expect(toml).toHaveValue(/ \{ date = 2026-12-24, name = "Christmas Eve" \},\n\]/);
    await expect(toml).toHaveValue(/\[\[escalation\]\]\nlevel = 4\nname = "Director of operations"\nclock = "resolution"\nat = 2\.0\n\n\[reporting\]/);
  });
});

test("an error from the check is shown beside its field, and blocks saving", async ({ page }) => {
  await openSample(page);
  const field = page.getByLabel("P2 high first response");
  await field.fill("soon");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const describedBy = await field.getAttribute("aria-describedby");
  expect(describedBy).toBeTruthy();
  await expect(page.locator(`[id="${describedBy}"]`)).toHaveText(/`soon` has a unit without a number/);
  // The message sits in the same row as the field, and the section and the panel count it.
  await expect(page.getByRole("row", { name: /P2 high/ })).toContainText("`soon` has a unit without a number");
  await expect(page.locator("#agreement-check")).toContainText("targets.p2.first_response");
  await expect(page.getByRole("button", { name: "Save…" })).toBeDisabled();
  // Other fields are not marked.
  await expect(page.getByLabel("P2 high resolution")).not.toHaveAttribute("aria-invalid", "true");

  await field.fill("45m");
  await expect(field).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("button", { name: "Save…" })).toBeEnabled();
});

test("a TOML the form cannot show is said so, with the way to the TOML tab", async ({ page }) => {
  await openSample(page);
  await page.getByRole("tab", { name: "TOML" }).click();
  await page.locator("#agreement-source").fill(SAMPLE.replace('region = "West Virginia"', 'region = "West Virginia"\nsla_owner = "Dana"'));
  await page.getByRole("tab", { name: "Form" }).click();
  await expect(page.getByRole("heading", { name: "The form cannot show everything in this TOML" })).toBeVisible();
  await expect(page.getByText(/^sla_owner: /)).toBeVisible();
  await page.getByRole("button", { name: "Open the TOML tab" }).click();
  await expect(page.locator("#agreement-source")).toBeVisible();
  await expect(page.locator("#agreement-source")).toHaveValue(/sla_owner = "Dana"/);
});

test("the queue's views: due soon by default, breached most late first, waiting, all, each with its count", async ({ page }) => {
  await page.goto("/");
  const tab = (name: RegExp) => page.getByRole("tab", { name });
  await expect(tab(/^Due soon/)).toHaveAttribute("aria-selected", "true");
  const count = async (name: RegExp) => Number((await tab(name).locator(".view-count").textContent())?.replace(/,/g, ""));
  await expect(tab(/^All/).locator(".view-count")).not.toHaveText("…");
  const [due, late, waiting, all] = [await count(/^Due soon/), await count(/^Breached/), await count(/^Waiting/), await count(/^All/)];
  expect(due + late + waiting).toBe(all);
  expect(late).toBeGreaterThan(0);
  await tab(/^Breached/).click();
  await expect(page.getByText(`${late.toLocaleString("en")} open ticket${late === 1 ? "" : "s"}, most late first`)).toBeVisible();
  // Every row late, the latest first.
  const countdowns = await page.locator(".queue-row[data-ticket]").getByTestId("countdown").allTextContents();
  expect(countdowns.length).toBeGreaterThan(0);
  expect(countdowns.every((c) => c.endsWith("late"))).toBe(true);
  // Filtered by priority and by text, the counts follow.
  await page.getByLabel("Priority").selectOption("p1");
  await expect(page.locator(".queue-row[data-ticket] .badge.prio").first()).toHaveText("P1");
  await page.getByLabel("Priority").selectOption("");
  const first = await page.locator(".queue-row[data-ticket]").first().getAttribute("data-ticket");
  await page.getByLabel("Find in the queue").fill(first ?? "");
  await expect(tab(/^All/).locator(".view-count")).toHaveText("1");
  await expect(page.locator(".queue-row[data-ticket]")).toHaveCount(1);
});

test("a ticket breached and now waiting on the customer is paused in the queue, its breach written whole under its wait", async ({ page }) => {
  for (const size of [{ width: 1280, height: 800 }, { width: 1024, height: 640 }]) {
    await page.setViewportSize(size);
    await page.goto("/");
    await page.getByRole("tab", { name: /^Waiting/ }).click();
    const row = page.locator('.queue-row[data-ticket="T-8000005"]');
    // Paused (not red): nothing to do until the customer answers; the breach is still said.
    await expect(row).toHaveAttribute("data-risk", "paused");
    const note = row.getByTestId("waiting-since");
    await expect(note).toHaveText(/^Breached \d{1,2} \w{3} \d{2}:\d{2}$/);
    await expect(note).toHaveClass(/breach-note/);
    await expect(note).toHaveAttribute("title", /^Waiting on the customer since .+; breached .+/);
    await expect(row).toHaveAttribute("aria-label", /waiting on the customer since .+; breached /);
    // Not cut: the line fits its column.
    expect(await note.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  }
});
