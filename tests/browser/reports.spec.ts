// The Dashboard and What-if screens over the mock backend: key figures and charts for the
// portfolio and for one agreement, stepping and choosing periods, the tickets behind a chart's
// category (by mouse and by keyboard), report exports, the what-if replay and its TOML errors,
// and hostile text shown as text. The mock's numbers are the real engine's over the demo data
// and the fixture tickets (ui/src/lib/ipc/mock), as of one instant.
import { type Page, expect, test } from "@playwright/test";
import { MONTHS, fixture } from "./mock-data";
import { withIsolationFrame } from "./tauri-frame";
import { freshStorage } from "./fresh";

const HOSTILE = `<img src=x onerror="window.__xss=1"> Modem <b>blinks</b> red`;
const PREMIUM = "CTRA-APC-WV-PREMIUM";

test.beforeEach(freshStorage);

async function openDashboard(page: Page, search = "") {
  await page.goto(`/${search}`);
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Dashboard", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "All agreements" })).toBeVisible();
}

/** The premium agreement's dashboard for the month before this one (the mock's history). */
async function premiumLastMonth(page: Page): Promise<string> {
  await openDashboard(page);
  const { current, previous } = MONTHS;
  await page.getByLabel("Dashboard for").selectOption(`agreement:${PREMIUM}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("West Virginia Customer Service Agreement (Premium)");
  await expect(page.getByTestId("period-shown")).toContainText(current);
  await page.getByRole("button", { name: `Previous period (${previous})` }).click();
  await expect(page.getByTestId("period-shown")).toContainText(previous);
  return previous;
}

test("the portfolio dashboard shows every agreement, the total and the charts", async ({ page }) => {
  await openDashboard(page);
  const { current } = MONTHS;
  await expect(page.getByTestId("period-shown")).toContainText(current);
  await expect(page.getByText("3 agreements")).toBeVisible();
  const table = page.getByRole("table", { name: "Agreements" });
  // Three agreements and the portfolio's own line.
  await expect(table.locator("tbody").getByRole("row")).toHaveCount(4);
  await expect(table.getByRole("row").last()).toContainText("All (3)");
  // Each clock's compliance is marked against the agreement's target on its own, in words too.
  const premium = table.getByRole("row").filter({ hasText: PREMIUM });
  for (const cell of [3, 4]) {
    await expect(premium.getByRole("cell").nth(cell)).toHaveText(/^(✓ \d+\.\d\d% \(target met\)|✗ \d+\.\d\d% \(target missed\))$/);
  }
  await expect(table.getByRole("columnheader", { name: "Status" })).toHaveCount(0);
  await expect(table.getByRole("button", { name: `Show the dashboard of ${PREMIUM}` })).toBeVisible();
  // The charts, each named by its title, drawn from the backend's SVG (rebuilt, not injected).
  const trend = page.getByRole("img", { name: "Resolution compliance by agreement" });
  await expect(trend).toBeVisible();
  await expect(trend.locator("svg text").first()).toHaveText("Resolution compliance by agreement");
  await expect(trend.locator("svg")).toHaveAttribute("viewBox", "0 0 760 300");
  await expect(page.getByRole("img", { name: `${PREMIUM} — Breaches by priority` })).toBeVisible();
  await expect(page.locator(".dash-facts")).toContainText(/Breaches\s*\d+/);
  // The chart scales with the page, keeping its shape.
  const box = await trend.boundingBox();
  expect(box && box.width > 300 && Math.abs(box.width / box.height - 760 / 300) < 0.05).toBe(true);

  // An agreement's line switches to its own dashboard.
  await table.getByRole("button", { name: `Show the dashboard of ${PREMIUM}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("West Virginia Customer Service Agreement (Premium)");
});

test("the scope picker offers each region the agreements are in, and a region's portfolio", async ({ page }) => {
  await openDashboard(page);
  const picker = page.getByLabel("Dashboard for");
  await expect(picker.locator('optgroup[label="Portfolio"] option')).toHaveText(["All agreements", "Basic tier", "Premium tier", "Enterprise tier", "Region: West Virginia"]);
  await picker.selectOption("region:West Virginia");
  await expect(page.getByRole("heading", { level: 1, name: "Region: West Virginia" })).toBeVisible();
  await expect(page.getByText("3 agreements")).toBeVisible();
});

test("an agreement's dashboard shows its key figures against targets and its breakdowns", async ({ page }) => {
  const previous = await premiumLastMonth(page);
  await expect(page.getByText(`${PREMIUM} · APC Telecom, Inc.`)).toBeVisible();
  const kpis = page.getByRole("list", { name: "Key figures" });
  await expect(kpis.getByRole("listitem")).toHaveCount(11);
  const compliance = kpis.getByRole("listitem").filter({ hasText: "Resolution compliance" });
  await expect(compliance).toContainText("Target ≥ 95.00%");
  await expect(compliance).toContainText(/\d+\.\d\d%/);
  await expect(compliance).toContainText(/met|missed/);
  for (const title of ["SLA compliance by period", "Customer satisfaction by period", "Service credits by period", "First-response time against target", "Breaches by priority", "Breaches by channel"]) {
    await expect(page.getByRole("img", { name: title, exact: true })).toBeVisible();
  }
  const byPriority = page.getByRole("table", { name: "By priority" });
  await expect(byPriority.getByRole("rowheader")).toHaveText(["P1 critical", "P2 high", "P3 normal", "P4 low", "All"]);
  await expect(page.getByRole("table", { name: "By channel" }).getByRole("rowheader")).toHaveText(["Phone", "Email", "Live chat", "Help desk", "All"]);

  // Stepping on and back.
  const [y, m] = previous.split("-").map(Number);
  const next = `${m === 12 ? (y ?? 0) + 1 : y}-${String(m === 12 ? 1 : (m ?? 0) + 1).padStart(2, "0")}`;
  await page.getByRole("button", { name: `Next period (${next})` }).click();
  await expect(page.getByTestId("period-shown")).toContainText(next);
});

test("a custom range is shown, and one that is not a period is refused with the reason", async ({ page }) => {
  await openDashboard(page);
  await page.getByRole("combobox", { name: "Period", exact: true }).selectOption("range");
  await page.getByLabel("From").fill("2026-10-01");
  await page.getByLabel("Until (not included)").fill("2026-10-15");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByTestId("period-shown")).toContainText("2026-10-01..2026-10-15");
  await expect(page.getByTestId("period-shown")).toContainText("2026-10-01 to 2026-10-14");
  // Stepping moves a range by its own length.
  await page.getByRole("button", { name: "Previous period (2026-09-17..2026-10-01)" }).click();
  await expect(page.getByTestId("period-shown")).toContainText("2026-09-17..2026-10-01");

  await page.getByLabel("From").fill("2026-10-15");
  await page.getByLabel("Until (not included)").fill("2026-10-01");
  await page.getByRole("button", { name: "Show", exact: true }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("`2026-10-15..2026-10-01` is not a period");
  await expect(alert).toContainText("end excluded");
  // Nothing of the earlier period is left on screen as if it were this one.
  await expect(page.getByTestId("period-shown")).toHaveCount(0);
  // A month again: the dashboard is back.
  await page.getByRole("combobox", { name: "Period", exact: true }).selectOption("month");
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByTestId("period-shown")).toBeVisible();
});

test("a chart's category lists the tickets behind it, and a ticket id opens the ticket", async ({ page }) => {
  const previous = await premiumLastMonth(page);
  await page.getByRole("button", { name: `Show the tickets behind: P1 critical: breaches in ${previous}` }).click();
  const panel = page.getByRole("region", { name: `P1 critical: breaches in ${previous}` });
  await expect(panel).toBeVisible();
  await expect(panel.getByText(/^\d+ clocks? \(a ticket/)).toBeVisible();
  const rows = panel.getByRole("row");
  // A header and at least the hostile ticket; every row is a P1 breach.
  expect(await rows.count()).toBeGreaterThan(1);
  for (const row of await rows.all().then((r) => r.slice(1))) {
    await expect(row).toContainText("P1");
    await expect(row).toContainText("breached");
  }
  // Imported text is text: the subject is shown as written and nothing of it runs or renders.
  await expect(panel.getByRole("cell", { name: HOSTILE, exact: true })).toBeVisible();
  expect(await panel.locator("img, b").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  const id = (await panel.getByRole("row").nth(1).getByRole("button").textContent()) ?? "";
  expect(id).toMatch(/^T-\d{7}$/);
  await panel.getByRole("button", { name: id }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(id);
  await expect(page.getByTestId("clock-resolution")).toBeVisible();
});

test("the charts are worked from the keyboard: Tab to a category, Enter lists, Escape closes", async ({ page }) => {
  const previous = await premiumLastMonth(page);
  // The charts come right after the period's credit statement (its one button, as not issued).
  const issue = page.getByTestId("statement").getByRole("button", { name: "Issue statement…" });
  await issue.focus();
  await page.keyboard.press("Tab");
  const first = page.getByRole("button", { name: /^Show the tickets behind: Clocks met or breached in / }).first();
  await expect(first).toBeFocused();
  const label = (await first.getAttribute("aria-label")) ?? "";
  await page.keyboard.press("Enter");
  const panel = page.locator("#drill-panel");
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("heading", { level: 2 })).toHaveText(label.replace("Show the tickets behind: ", ""));
  await expect(first).toHaveAttribute("aria-expanded", "true");
  // Focus moved to the list.
  await expect(panel).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(panel).toHaveCount(0);
  await expect(first).toBeFocused();
  await expect(first).toHaveAttribute("aria-expanded", "false");

  // The Close button does the same, and focus returns to the category it came from.
  const breaches = page.getByRole("button", { name: `Show the tickets behind: P1 critical: breaches in ${previous}` });
  await breaches.focus();
  await page.keyboard.press("Enter");
  await expect(panel).toBeVisible();
  await panel.getByRole("button", { name: "Close" }).click();
  await expect(panel).toHaveCount(0);
  await expect(breaches).toBeFocused();
});

test("a drill-down scrolls only the screen: the window and its sidebar stay where they are", async ({ page }) => {
  // As in the real app, where Tauri's isolation frame is on the page too.
  await withIsolationFrame(page);
  const previous = await premiumLastMonth(page);
  const logo = page.locator(".sidebar .brand");
  const top = (await logo.boundingBox())?.y;
  const still = async () => {
    expect(await page.evaluate(() => document.scrollingElement?.scrollTop)).toBe(0);
    // Nothing below the shell for the window to scroll to.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBe(await page.evaluate(() => innerHeight));
    expect((await logo.boundingBox())?.y).toBe(top);
  };
  const panel = page.locator("#drill-panel");
  const category = page.getByRole("button", { name: `Show the tickets behind: P1 critical: breaches in ${previous}` });

  // By mouse: opened, then closed by its button.
  await category.click();
  await expect(panel.getByRole("row").nth(1)).toBeVisible();
  await expect(panel).toBeInViewport();
  await still();
  await panel.getByRole("button", { name: "Close" }).click();
  await expect(panel).toHaveCount(0);
  await still();

  // By keyboard: Enter opens, Escape closes and focus returns to the category.
  await category.focus();
  await page.keyboard.press("Enter");
  await expect(panel).toBeFocused();
  await expect(panel.getByRole("row").nth(1)).toBeVisible();
  await still();
  await page.keyboard.press("Escape");
  await expect(category).toBeFocused();
  await still();
});

test("the charts follow the dark theme, chosen or the system's, and stay as drawn in the light one", async ({ page }) => {
  const colours = () =>
    page.locator(".chart").first().evaluate((chart) => {
      const svg = chart.querySelector("svg");
      const style = (sel: string, prop: "fill" | "stroke") => {
        const el = svg?.querySelector(sel);
        return el ? getComputedStyle(el)[prop] : null;
      };
      return {
        frame: getComputedStyle(chart).backgroundColor,
        background: style("rect", "fill"),
        text: style("text", "fill"),
        axis: style('polyline[stroke="#000000"]', "stroke"),
      };
    });
  const WHITE = "rgb(255, 255, 255)";
  const luminance = (rgb: string | null) => {
    const [r = 0, g = 0, b = 0] = (rgb ?? "").match(/\d+/g)?.map(Number) ?? [];
    return (r + g + b) / 3;
  };

  await page.emulateMedia({ colorScheme: "light" });
  await openDashboard(page);
  // The SVG's own colours in the light theme.
  expect(await colours()).toEqual({ frame: WHITE, background: WHITE, text: "rgb(30, 35, 40)", axis: "rgb(0, 0, 0)" });

  // Dark from the system: a dark picture with light text and axes.
  await page.emulateMedia({ colorScheme: "dark" });
  const dark = await colours();
  expect(dark.frame).not.toBe(WHITE);
  expect(luminance(dark.frame)).toBeLessThan(60);
  expect(luminance(dark.background)).toBeLessThan(60);
  expect(luminance(dark.text)).toBeGreaterThan(180);
  expect(luminance(dark.axis)).toBeGreaterThan(120);

  // Dark chosen in Settings over a light system.
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Settings" }).click();
  await page.getByLabel("Theme").selectOption("dark");
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Dashboard" }).click();
  expect(await colours()).toEqual(dark);
});

test("a report is exported through the save dialog and the path is said", async ({ page }) => {
  await openDashboard(page);
  const { current } = MONTHS;
  const menuButton = page.getByRole("button", { name: "Export report…" });
  // The menu from the keyboard.
  await menuButton.focus();
  await page.keyboard.press("ArrowDown");
  const menu = page.getByRole("menu", { name: "Export report as" });
  await expect(menu.getByRole("menuitem", { name: "PDF" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(menu.getByRole("menuitem", { name: "HTML" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(menuButton).toBeFocused();

  await menuButton.click();
  await menu.getByRole("menuitem", { name: "PDF" }).click();
  await expect(page.locator(".toast")).toHaveText(`Report saved to /home/user/portfolio-${current}.pdf`);
  await menuButton.click();
  await menu.getByRole("menuitem", { name: "SLA rows CSV" }).click();
  await expect(page.locator(".toast").last()).toHaveText(`Report saved to /home/user/portfolio-${current}-sla-rows.csv`);
});

test("a cancelled export says nothing", async ({ page }) => {
  await openDashboard(page, "?exportCancel");
  await page.getByRole("button", { name: "Export report…" }).click();
  await page.getByRole("menuitem", { name: "PDF" }).click();
  await expect(page.getByRole("button", { name: "Export report…" })).toHaveText("Export report…");
  await page.waitForTimeout(500);
  await expect(page.locator(".toast")).toHaveCount(0);
  await expect(page.getByRole("alert")).toHaveCount(0);
});

/** The premium agreement with tighter P1 (10m, 2h) and P3 (1h, 1d) targets. */
const CHANGED = fixture("what-if/premium-tighter.toml");
/** The premium agreement with a line that is not TOML appended. */
const BROKEN = fixture("what-if/premium-broken.toml");

test("what-if shows the figures before and after, and every ticket whose outcome changes", async ({ page }) => {
  const previous = await premiumLastMonth(page);
  await page.getByRole("button", { name: "What if…" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "What-if" })).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Agreement", exact: true })).toHaveValue(PREMIUM);
  await expect(page.getByRole("combobox", { name: "Month", exact: true })).toHaveValue(String(Number(previous.slice(5))));
  const source = page.getByLabel("Changed agreement (TOML)");
  await expect(source).toHaveValue(new RegExp(`^id = "${PREMIUM}"`));
  const inForce = await source.inputValue();

  // Unchanged, nothing changes.
  await page.getByRole("button", { name: "Replay the period" }).click();
  const result = page.getByTestId("what-if-result");
  await expect(result.getByRole("heading", { name: "No ticket's outcome changes" })).toBeVisible();
  await expect(result.getByRole("table", { name: "Figures, in force and changed" }).getByText("(changed)")).toHaveCount(0);

  // Tighter targets: clocks that were met now breach.
  await source.fill(CHANGED);
  await page.keyboard.press("Control+Enter");
  const figures = result.getByRole("table", { name: "Figures, in force and changed" });
  const fr = figures.getByRole("row", { name: /First-response compliance/ });
  await expect(fr).toContainText("(changed)");
  const [before, after] = await fr.getByRole("cell").allTextContents();
  const number = (t: string | undefined) => parseFloat((t ?? "").replace(/[^\d.]/g, ""));
  expect(number(after)).toBeLessThan(number(before));
  await expect(result.getByRole("heading", { name: /^\d+ outcomes? changes?$/ })).toBeVisible();
  const changes = result.getByRole("table", { name: /outcomes? changes?/ });
  await expect(changes.getByRole("row").nth(1)).toContainText(/(met|running)\s*→\s*becomes\s*breached/);
  // A clock met in force has no due instant: the moment it was met is shown instead.
  const metBefore = changes.getByRole("row").filter({ hasText: /met\s*→\s*becomes\s*breached/ }).first();
  await expect(metBefore.getByRole("cell").nth(4)).toHaveText(/^met \w{3}, \d{1,2} \w{3} \d{4}/);
  await expect(metBefore.getByRole("cell").nth(5)).not.toHaveText(/^(met|—)/);
  // Counted time on a business clock says so; a 24x7 clock's is a plain length.
  const counted = (await changes.locator("tbody tr td:nth-child(7), tbody tr td:nth-child(8)").allTextContents()).map((t) => t.trim());
  expect(counted.some((t) => / business time$/.test(t))).toBe(true);
  expect(counted.every((t) => /^(\d+[dhms] ?)+( \d{2}[ms])*( business time)?$/.test(t) || /^[\dhdms ]+( business time)?$/.test(t))).toBe(true);
  // At 1024 px the table fits its width: every column in view without scrolling sideways.
  await page.setViewportSize({ width: 1024, height: 640 });
  expect(await changes.evaluate((t) => t.scrollWidth <= (t.parentElement?.clientWidth ?? 0) + 1)).toBe(true);
  await page.setViewportSize({ width: 1280, height: 800 });
  // The hostile subject is shown as written.
  await expect(changes.getByRole("cell", { name: HOSTILE, exact: true }).first()).toBeVisible();
  expect(await result.locator("img, b").count()).toBe(0);

  // Reset brings the agreement in force back.
  await page.getByRole("button", { name: "Reset to the agreement in force" }).click();
  await expect(source).toHaveValue(inForce);
  await expect(page.getByText("The TOML or the period changed since this replay")).toBeVisible();

  // A changed ticket opens its page.
  const id = (await changes.getByRole("row").nth(1).getByRole("button").textContent()) ?? "";
  await changes.getByRole("button", { name: id }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(id);
});

test("a broken TOML shows located errors, and the last result stays as it was", async ({ page }) => {
  await premiumLastMonth(page);
  await page.getByRole("button", { name: "What if…" }).click();
  const source = page.getByLabel("Changed agreement (TOML)");
  await expect(source).toHaveValue(/^id = /);
  await source.fill(CHANGED);
  await page.getByRole("button", { name: "Replay the period" }).click();
  const figures = page.getByRole("table", { name: "Figures, in force and changed" });
  await expect(figures).toBeVisible();
  const shown = await figures.textContent();

  const broken = BROKEN;
  await source.fill(broken);
  await page.getByRole("button", { name: "Replay the period" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("The changed agreement has problems");
  const line = broken.split("\n").findIndex((l) => l.startsWith("sla_owner")) + 1;
  const row = alert.getByRole("row").filter({ hasText: "not valid TOML" });
  await expect(row.getByRole("cell")).toHaveText(["changed agreement", String(line), "13", "—", "not valid TOML: extra `=`, expected nothing"]);
  await expect(source).toHaveAttribute("aria-invalid", "true");
  // The previous result is untouched, and said to be the last one that worked.
  await expect(page.getByText("Below is the last replay that worked")).toBeVisible();
  expect(await figures.textContent()).toBe(shown);
  // The problem leads to its place in the text.
  await page.getByRole("button", { name: `Go to line ${line}:13` }).click();
  await expect(source).toBeFocused();
  const caret = await source.evaluate((el: HTMLTextAreaElement) => el.selectionStart);
  expect(broken.slice(caret).startsWith('= "Dana"')).toBe(true);
});
