// Periods to date and breach instants (sla-semantics.md revision 2) on every screen that shows
// them, over the mock backend: a period that has not ended says its figures are to date and
// provisional, one that has not started has none, and a breach whose second over the target
// came later than its deadline (the fixture ticket T-8000001, paused at its deadline over a
// weekend) shows both instants. The mock's data is the real engine's as of one instant (AS_OF).
import { type Page, expect, test } from "@playwright/test";
import { MONTHS, fixture } from "./mock-data";
import { freshStorage } from "./fresh";

const PREMIUM = "CTRA-APC-WV-PREMIUM";
const LATE_BREACH = "T-8000001";
/** `6 Nov 2026, 17:00` as formatInstant writes an instant after its weekday (seconds optional). */
const DAY_TIME = String.raw`\d{1,2} \w{3} \d{4},? \d\d:\d\d`;
/** `Fri 6 Nov 2026, 17:00`. */
const INSTANT = String.raw`\w{3},? ${DAY_TIME}`;

// The browser in the agreements' zone: every screen shows instants in the agreement's (the
// display default), and the one test that chooses the computer's sees the same.
test.use({ timezoneId: "America/New_York" });

test.beforeEach(freshStorage);

async function premiumDashboard(page: Page) {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Dashboard", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "All agreements" })).toBeVisible();
  await page.getByLabel("Dashboard for").selectOption(`agreement:${PREMIUM}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("West Virginia Customer Service Agreement (Premium)");
}

test("the current period's dashboard says it is to date and provisional; a past one does not", async ({ page }) => {
  await premiumDashboard(page);
  const { current, previous } = MONTHS;
  const shown = page.getByTestId("period-shown");
  await expect(shown).toContainText(new RegExp(`^${current} to date, as of ${INSTANT} \\S+ — provisional`));
  const notice = page.getByRole("note").filter({ hasText: "has not ended" });
  await expect(notice).toContainText(`${current} has not ended: these figures are to date and provisional.`);
  // The instant is the dashboard's `as_of`, shown as every instant is (in the zone of Settings,
  // here the agreement's), the same in the words beside the figures and in the notice.
  await expect(notice).toContainText(new RegExp(`Only what happened before ${INSTANT} \\S+ is counted`));
  const instant = / as of (.+) — provisional/.exec((await shown.textContent()) ?? "")?.[1];
  expect(instant).toMatch(new RegExp(`^${INSTANT} \\S+$`));
  await expect(notice).toContainText(`before ${instant} is counted`);
  await expect(notice).toContainText("neither met nor breached");
  await expect(notice).toContainText("credits are provisional");
  // Every key figure carries the mark; the credits are provisional, the others to date.
  const kpis = page.getByRole("list", { name: "Key figures" }).getByRole("listitem");
  await expect(kpis).toHaveCount(11);
  for (const kpi of await kpis.all()) await expect(kpi.locator(".to-date-tag")).toHaveText(/^(to date|provisional)$/);
  await expect(kpis.filter({ hasText: "Service credits owed" }).locator(".to-date-tag")).toHaveText("provisional");
  await expect(kpis.filter({ hasText: "Resolution compliance" }).locator(".to-date-tag")).toHaveText("to date");
  const facts = page.locator(".dash-facts");
  await expect(facts.getByRole("definition").first()).toContainText("provisional");
  // The tickets behind this period's figures are to date too; last month's are not.
  await page.getByRole("button", { name: `Show the tickets behind: Clocks met or breached in ${current}` }).click();
  const panel = page.locator("#drill-panel");
  await expect(panel.getByText(/ · to date, as of .* — provisional$/)).toBeVisible();
  await page.getByRole("button", { name: `Show the tickets behind: Clocks met or breached in ${previous}` }).click();
  await expect(panel.getByRole("heading", { level: 2 })).toHaveText(`Clocks met or breached in ${previous}`);
  await expect(panel.getByText(/^\d+ clocks? \(a ticket/)).toBeVisible();
  await expect(panel).not.toContainText("to date");
  await panel.getByRole("button", { name: "Close" }).click();

  // A period that has ended: no such words anywhere.
  await page.getByRole("button", { name: `Previous period (${previous})` }).click();
  await expect(shown).toContainText(previous);
  await expect(shown).not.toContainText("to date");
  await expect(page.getByTestId("to-date-notice")).toHaveCount(0);
  await expect(page.locator(".to-date-tag")).toHaveCount(0);
});

test("the instant a period is to date as of is shown in the display time zone of Settings", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await page.getByLabel("Show times in").selectOption("utc");
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Dashboard", exact: true }).click();
  const { current } = MONTHS;
  // The words beside the figures and the notice give `as_of` in the zone chosen.
  await expect(page.getByTestId("period-shown")).toContainText(new RegExp(`${current} to date, as of .* UTC — provisional`));
  await expect(page.getByTestId("to-date-notice")).toContainText(new RegExp(`Only what happened before ${INSTANT} UTC is counted`));
});

test("the portfolio of the current period is marked to date too", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Dashboard", exact: true }).click();
  const { current } = MONTHS;
  await expect(page.getByTestId("period-shown")).toContainText(`${current} to date, as of`);
  await expect(page.getByTestId("to-date-notice")).toBeVisible();
  const table = page.getByRole("table", { name: "Agreements" });
  await expect(table.locator("caption")).toHaveText("Agreements to date");
  await expect(table.getByRole("columnheader", { name: "Credits provisional" })).toBeVisible();
});

test("a period that has not started has no figures, said calmly, and the way back", async ({ page }) => {
  await premiumDashboard(page);
  const { current, next } = MONTHS;
  await page.getByRole("button", { name: `Next period (${next})` }).click();
  const empty = page.getByTestId("not-started");
  await expect(empty.getByRole("heading", { level: 2 })).toHaveText(`${next} has not started: no figures yet`);
  await expect(empty).toContainText(new RegExp(`Nothing has happened in ${next} \\(${next}-01 to ${next}-\\d\\d\\) yet`));
  // A dashboard whose state is "not_started", not an error: its title and subtitle stay, and
  // nothing of another period is left as if it were this one.
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByTestId("period-shown")).toHaveCount(0);
  await expect(page.getByTestId("to-date-notice")).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Key figures" })).toHaveCount(0);
  await expect(page.locator(".charts, .dash-facts")).toHaveCount(0);
  // Nothing to export: no report of a period that has not started.
  await expect(page.getByRole("button", { name: "Export report…" })).toHaveCount(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("West Virginia Customer Service Agreement (Premium)");
  await expect(page.locator(".screen-head .muted")).toContainText(PREMIUM);
  // The picker steps by the dashboard's own neighbours, further on as well.
  await expect(page.getByRole("button", { name: `Previous period (${current})` })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Next period \(\d{4}-\d\d\)$/ })).toBeEnabled();
  // Back by the empty state's button, and by the period picker's step.
  await empty.getByRole("button", { name: `← Show ${current}` }).click();
  await expect(page.getByTestId("period-shown")).toContainText(`${current} to date`);
  await expect(page.getByRole("button", { name: "Export report…" })).toBeVisible();
  await page.getByRole("button", { name: `Next period (${next})` }).click();
  await expect(empty).toBeVisible();
  await page.getByRole("button", { name: `Previous period (${current})` }).click();
  await expect(page.getByTestId("period-shown")).toContainText(current);
  await expect(empty).toHaveCount(0);
});

test("a portfolio's period that has not started keeps its title, and its what-if is refused", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Dashboard", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "All agreements" })).toBeVisible();
  const { current, next } = MONTHS;
  await page.getByRole("button", { name: `Next period (${next})` }).click();
  const empty = page.getByTestId("not-started");
  await expect(empty.getByRole("heading", { level: 2 })).toHaveText(`${next} has not started: no figures yet`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("All agreements");
  // The engine gives a portfolio's period that has not started no subtitle (no agreement count).
  await expect(page.locator(".screen-head .muted")).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Agreements" })).toHaveCount(0);
  await expect(page.getByRole("alert")).toHaveCount(0);
  await empty.getByRole("button", { name: `← Show ${current}` }).click();
  await expect(page.getByTestId("period-shown")).toContainText(`${current} to date`);
  await expect(page.getByRole("button", { name: "Export report…" })).toBeVisible();

  // What-if of a period not started is still the backend's refusal.
  await page.getByLabel("Dashboard for").selectOption(`agreement:${PREMIUM}`);
  await page.getByRole("button", { name: "What if…" }).click();
  await expect(page.getByLabel("Changed agreement (TOML)")).toHaveValue(/^id = /);
  await page.getByRole("button", { name: `Next period (${next})` }).click();
  await page.getByRole("button", { name: "Replay the period" }).click();
  await expect(page.getByRole("alert")).toContainText(`${next} has not started`);
  await expect(page.getByTestId("what-if-result")).toHaveCount(0);
});

test("the ticket page shows a late breach's deadline and its breach instant apart", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Tickets", exact: true }).click();
  await page.getByRole("searchbox", { name: "Search" }).fill(LATE_BREACH);
  await page.getByRole("button", { name: LATE_BREACH }).click();
  const clock = page.getByTestId("clock-resolution");
  await expect(clock).toContainText("Breached");
  const deadline = clock.getByTestId("deadline-line");
  const breach = clock.getByTestId("breach-line");
  // The target was used up on Friday at 17:00; the breach is Monday 09:00:01.
  await expect(deadline).toHaveText(new RegExp(`^Deadline\\s*Fri,? \\d{1,2} \\w{3} \\d{4},? 17:00:00 \\S+$`));
  await expect(breach).toHaveText(new RegExp(`^Breached\\s*Mon,? \\d{1,2} \\w{3} \\d{4},? 09:00:01 \\S+$`));
  await expect(clock.getByTestId("breach-why")).toContainText("the clock was not counting again until the breach");
  // The first response was met: no breach lines there.
  await expect(page.getByTestId("clock-first-response").getByTestId("breach-line")).toHaveCount(0);

  // The timeline draws them as two marks, each labelled and titled.
  const timeline = page.getByRole("img", { name: "SLA timeline" });
  const deadlineMark = timeline.getByTestId("deadline-mark");
  const breachMark = timeline.getByTestId("breach-mark");
  await expect(deadlineMark).toHaveCount(1);
  await expect(breachMark).toHaveCount(1);
  await expect(deadlineMark.locator("text")).toHaveText(new RegExp(`^deadline Fri,? .* 17:00 \\S+$`));
  await expect(breachMark.locator("text")).toHaveText(new RegExp(`^breached Mon,? .* 09:00 \\S+$`));
  await expect(deadlineMark.locator("title")).toHaveText(/^Resolution deadline: its target was used up at Fri.* 17:00:00/);
  await expect(breachMark.locator("title")).toHaveText(/^Resolution breached at Mon.* 09:00:01 \S+, the first second counted over its target$/);
  // Told apart by more than colour: a dashed line for the deadline, a solid one for the breach.
  const dash = (mark: typeof deadlineMark) => mark.locator("line").evaluate((l) => getComputedStyle(l).strokeDasharray);
  expect(await dash(deadlineMark)).not.toBe("none");
  expect(await dash(breachMark)).toBe("none");
  const x = (mark: typeof deadlineMark) => mark.locator("line").evaluate((l) => Number(l.getAttribute("x1")));
  expect(await x(breachMark)).toBeGreaterThan(await x(deadlineMark));
  // Said in the picture's description as well.
  await expect(timeline.locator("desc")).toContainText(/Resolution: 10h 30m counted of 8h 00m, breached at Mon.* 09:00:01 \S+ \(deadline Fri.* 17:00:00 \S+\)/);
  await expect(page.locator(".timeline .legend")).toContainText("Deadline (target used up)");
  await expect(page.locator(".timeline .legend")).toContainText("Breached (first second over the target)");
});

test("a breach one second after its deadline is one mark on the timeline, its two instants a second apart", async ({ page }) => {
  // The hostile P1 ticket of last month ran through its resolution target.
  await premiumDashboard(page);
  const { previous } = MONTHS;
  await page.getByRole("button", { name: `Previous period (${previous})` }).click();
  await page.getByRole("button", { name: `Show the tickets behind: P1 critical: breaches in ${previous}` }).click();
  const panel = page.getByRole("region", { name: `P1 critical: breaches in ${previous}` });
  const row = panel.getByRole("row").filter({ hasText: "Resolution" }).filter({ hasText: "Modem" });
  // No separate deadline in the drill-down: it is the second before the breach.
  await expect(row.getByRole("cell").nth(7)).not.toContainText("deadline");
  await row.getByRole("button").click();
  const clock = page.getByTestId("clock-resolution");
  // Both instants, to the second, one second apart; no explanation is needed.
  const deadline = await clock.getByTestId("deadline-line").locator("dd").textContent();
  const breach = await clock.getByTestId("breach-line").locator("dd").textContent();
  const seconds = (text: string | null) => Number(/:(\d\d) \S+$/.exec(text ?? "")?.[1]);
  expect(deadline).toMatch(new RegExp(`^${INSTANT}:\\d\\d \\S+$`));
  expect((seconds(deadline) + 1) % 60).toBe(seconds(breach));
  await expect(clock.getByTestId("breach-why")).toHaveCount(0);
  const timeline = page.getByRole("img", { name: "SLA timeline" });
  await expect(timeline.getByTestId("deadline-mark")).toHaveCount(0);
  await expect(timeline.getByTestId("breach-mark").locator("title")).toContainText("(deadline ");
});

test("a drill-down shows a breach's instant and, apart, its deadline", async ({ page }) => {
  await premiumDashboard(page);
  const { previous } = MONTHS;
  await page.getByRole("button", { name: `Previous period (${previous})` }).click();
  await page.getByRole("button", { name: `Show the tickets behind: P2 high: breaches in ${previous}` }).click();
  const panel = page.getByRole("region", { name: `P2 high: breaches in ${previous}` });
  await expect(panel.getByRole("columnheader", { name: "When" })).toBeVisible();
  const row = panel.getByRole("row").filter({ hasText: LATE_BREACH });
  await expect(row).toHaveCount(1);
  const when = row.getByRole("cell").nth(7);
  await expect(when).toHaveText(new RegExp(`^breached Mon,? ${DAY_TIME} \\S+deadline Fri,? ${DAY_TIME} \\S+$`));
  await expect(when.locator(".breach-at")).toContainText("09:00");
  await expect(when.locator("small")).toContainText("17:00");
});

test("what-if over the current period says its figures are to date", async ({ page }) => {
  await premiumDashboard(page);
  const { current, previous } = MONTHS;
  await page.getByRole("button", { name: "What if…" }).click();
  await expect(page.getByLabel("Changed agreement (TOML)")).toHaveValue(/^id = /);
  await page.getByRole("button", { name: "Replay the period" }).click();
  const heading = page.getByTestId("what-if-heading");
  await expect(heading).toHaveText(new RegExp(`^${PREMIUM} over ${current} to date, as of ${INSTANT} \\S+ — provisional$`));
  const whatIfNote = page.getByTestId("what-if-result").getByRole("note");
  await expect(whatIfNote).toContainText("neither met nor breached");
  await expect(whatIfNote).toContainText(new RegExp(`only what happened before ${INSTANT} \\S+\\.`));

  // Last month has ended: no such words. A tighter P2 target leaves the late breach breached,
  // shown with its breach instant and deadline on both sides.
  await page.getByRole("button", { name: `Previous period (${previous})` }).click();
  const source = page.getByLabel("Changed agreement (TOML)");
  await source.fill(fixture("what-if/premium-tighter-p2.toml"));
  await page.getByRole("button", { name: "Replay the period" }).click();
  await expect(heading).toHaveText(`${PREMIUM} over ${previous}`);
  await expect(page.getByTestId("what-if-result").getByRole("note")).toHaveCount(0);
  const changes = page.getByRole("table", { name: /outcomes? changes?/ });
  const late = changes.getByRole("row").filter({ hasText: LATE_BREACH }).filter({ hasText: "First response" });
  await expect(late.getByRole("cell").nth(4)).toHaveText(new RegExp(`^met ${INSTANT}`));
  await expect(late.getByRole("cell").nth(5)).toHaveText(new RegExp(`^breached ${INSTANT} \\S+deadline ${INSTANT} \\S+$`));
});

test("the agreements list says this month's compliance is to date", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Agreements", exact: true }).click();
  const { current } = MONTHS;
  await expect(page.getByRole("columnheader", { name: /Compliance this month\s*to date/ })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: PREMIUM });
  await expect(row.getByRole("cell").last()).toContainText(`target 95.00% · ${current} to date`);
  await expect(row.getByRole("cell").last().locator("small")).toHaveAttribute("title", new RegExp(`^${current} to date, as of .* — provisional$`));
  await expect(page.getByTestId("month-to-date")).toContainText(new RegExp(`This month's compliance is to date, as of ${INSTANT} \\S+ — provisional`));
});
