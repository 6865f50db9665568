// The agreement editor's History tab over the mock backend: the imported version with its TOML
// behind a disclosure, a later version's diff (served by rewriting the mock's data on its way
// to the page), and the tablist's keyboard handling with the third tab.
import { type Page, type Route, expect, test } from "@playwright/test";

const PREMIUM = "CTRA-APC-WV-PREMIUM";
const TITLE = "West Virginia Customer Service Agreement (Premium)";

test.beforeEach(async ({ page }) => {
  // A clean slate per test, but kept across reloads within it.
  await page.addInitScript(() => {
    if (!sessionStorage.getItem("accord.test")) {
      localStorage.clear();
      sessionStorage.setItem("accord.test", "1");
    }
  });
});

async function openEditor(page: Page) {
  await page.goto("/");
  await page.getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: TITLE }).click();
  await expect(page.getByRole("heading", { name: PREMIUM })).toBeVisible();
}

test("the history tab shows the imported version and its TOML", async ({ page }) => {
  await openEditor(page);
  await page.getByRole("tab", { name: "History" }).click();
  await expect(page.getByRole("tab", { name: "History" })).toHaveAttribute("aria-selected", "true");
  const panel = page.getByRole("tabpanel", { name: "History" });
  const v1 = panel.getByRole("article", { name: /^Version 1 · created · .* · by demo$/ });
  await expect(v1).toBeVisible();
  // In the agreement's own zone (the default display choice): 15:00 UTC is 10:00 in New York.
  await expect(v1.getByRole("heading")).toContainText("20 Nov 2026");
  await expect(v1.getByRole("heading")).toContainText("10:00");
  await expect(v1.getByText("current", { exact: true })).toBeVisible();
  await expect(v1.getByText("Created with 97 lines.")).toBeVisible();
  // The TOML is behind its disclosure, not a wall of additions.
  const line = v1.getByRole("cell", { name: 'time_zone = "America/New_York"' });
  await expect(line).toBeHidden();
  await v1.getByText("Show the TOML").click();
  await expect(line).toBeVisible();
  await expect(v1.getByRole("cell", { name: `id = "${PREMIUM}"` })).toBeVisible();
});

test("a new agreement has no history tab", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: "New agreement…" }).click();
  await expect(page.getByRole("tab", { name: "TOML" })).toBeVisible();
  await expect(page.getByRole("tab")).toHaveCount(2);
});

test("the tablist's arrows, Home and End reach the history tab", async ({ page }) => {
  await openEditor(page);
  const tab = (name: string) => page.getByRole("tab", { name, exact: true });
  await tab("Form").focus();
  await page.keyboard.press("End");
  await expect(tab("History")).toBeFocused();
  await expect(tab("History")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tabpanel", { name: "History" })).toBeVisible();
  await page.keyboard.press("ArrowRight");
  await expect(tab("Form")).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(tab("History")).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(tab("TOML")).toBeFocused();
  await expect(page.locator("#agreement-source")).toBeVisible();
  await page.keyboard.press("Home");
  await expect(tab("Form")).toBeFocused();
});

type Line = { kind: "context" | "removed" | "added" | "gap"; old_line: number | null; new_line: number | null; text: string };

/** The diff of `after` against `before` when lines were only changed in place (as the backend
 * writes it: three lines of context, a gap between hunks). */
function diffInPlace(before: string, after: string): Line[] {
  const a = before.split("\n").slice(0, -1);
  const b = after.split("\n").slice(0, -1);
  const changed = a.flatMap((l, i) => (l === b[i] ? [] : [i]));
  const shown = new Set(changed.flatMap((i) => [-3, -2, -1, 0, 1, 2, 3].map((d) => i + d)).filter((i) => i >= 0 && i < a.length));
  const out: Line[] = [];
  let last = -1;
  for (const i of [...shown].sort((x, y) => x - y)) {
    if (last >= 0 && i > last + 1) out.push({ kind: "gap", old_line: null, new_line: null, text: "" });
    last = i;
    if (changed.includes(i)) {
      out.push({ kind: "removed", old_line: i + 1, new_line: null, text: a[i] ?? "" });
      out.push({ kind: "added", old_line: null, new_line: i + 1, text: b[i] ?? "" });
    } else out.push({ kind: "context", old_line: i + 1, new_line: i + 1, text: a[i] ?? "" });
  }
  return out;
}

/** Serves the mock's data with a second, replacing version of the premium agreement. */
async function withSecondVersion(page: Page) {
  await page.route("**/mock/data/base.json", async (route: Route) => {
    const response = await route.fetch();
    const base = (await response.json()) as { histories: Record<string, { version: number; source: string }[]> };
    const history = base.histories[PREMIUM] ?? [];
    const first = history[0];
    if (!first) throw new Error("no history for the premium agreement");
    const source = first.source.replace('account_manager = "Dana Whitfield"', 'account_manager = "Marcus Oyelaran"').replace('first_response = "15m"', 'first_response = "10m"');
    history.unshift({ ...first, version: 2, action: "replaced", changed_at: "2026-11-24T19:30:00Z", changed_by: "dana", diff: diffInPlace(first.source, source), source } as (typeof history)[number]);
    await route.fulfill({ response, json: base });
  });
}

test("a replacing version shows its diff with line numbers, marks and gaps", async ({ page }) => {
  await withSecondVersion(page);
  await openEditor(page);
  await page.getByRole("tab", { name: "History" }).click();
  const panel = page.getByRole("tabpanel", { name: "History" });
  const versions = panel.getByRole("article");
  await expect(versions).toHaveCount(2);
  const v2 = versions.first();
  await expect(v2.getByRole("heading")).toHaveText(/^Version 2 · replaced · .* · by dana$/);
  await expect(v2.getByText("current", { exact: true })).toBeVisible();
  await expect(versions.nth(1).getByText("current", { exact: true })).toHaveCount(0);
  const diff = v2.getByRole("table", { name: "Changes in version 2" });
  const removed = diff.getByRole("row").filter({ hasText: "Dana Whitfield" });
  await expect(removed).toHaveClass("diff-removed");
  await expect(removed.getByRole("cell").nth(0)).toHaveText("10");
  await expect(removed.getByRole("cell").nth(2)).toHaveText("−removed");
  await expect(removed.getByRole("cell").nth(3)).toHaveText('account_manager = "Dana Whitfield"');
  const added = diff.getByRole("row").filter({ hasText: "Marcus Oyelaran" });
  await expect(added).toHaveClass("diff-added");
  await expect(added.getByRole("cell").nth(1)).toHaveText("10");
  await expect(added.getByRole("cell").nth(2)).toHaveText("+added");
  // Unchanged lines left out before, between and after the two hunks, counted.
  await expect(diff.locator(".diff-gap")).toHaveText(["⋯⋯6 lines unchanged", "⋯⋯16 lines unchanged", "⋯⋯61 lines unchanged"]);
  await expect(v2.getByText("+2")).toBeVisible();
  await expect(v2.getByText("−2")).toBeVisible();
});
