// One rule for every instant shown (issue 22): the display time zone of Settings — the
// agreement's, the computer's or UTC — on the Tickets list, the ticket page and the dashboard's
// drill-downs alike, changing together; and time counted on a business clock says so beside the
// queue's calendar lateness. The browser is in a third zone (Paris), so a screen that used the
// computer's zone instead of the agreement's would show it.
import { type Page, expect, test } from "@playwright/test";
import { MONTHS } from "./mock-data";
import { freshStorage } from "./fresh";

test.use({ timezoneId: "Europe/Paris" });

test.beforeEach(freshStorage);

const screens = (page: Page) => page.getByRole("navigation", { name: "Screens" });

/** The zone's short name as it ends an instant shown: `GMT-5`, `EST`, `UTC`, `CET`. */
const zoneName = (text: string) => /\S+$/.exec(text.trim())?.[0] ?? "";

/** A met clock of the previous month's drill-down: its ticket, its clock and when it was met. */
async function metInDrill(page: Page) {
  await screens(page).getByRole("button", { name: "Dashboard", exact: true }).click();
  await page.getByRole("button", { name: `Show the tickets behind: Clocks met or breached in ${MONTHS.previous}` }).click();
  const row = page.locator("#drill-panel tbody tr").filter({ has: page.locator(".badge.state-met") }).first();
  await expect(row).toBeVisible();
  const cells = row.getByRole("cell");
  return {
    id: ((await cells.nth(0).textContent()) ?? "").trim(),
    clock: ((await cells.nth(6).textContent()) ?? "").trim(),
    when: ((await row.locator("td.when").textContent()) ?? "").trim(),
  };
}

/** The ticket's opened time on the Tickets list (found by its id). */
async function openedInList(page: Page, id: string) {
  await screens(page).getByRole("button", { name: "Tickets", exact: true }).click();
  await page.getByRole("searchbox", { name: "Search" }).fill(id);
  const row = page.getByRole("row").filter({ has: page.getByRole("button", { name: id, exact: true }) });
  await expect(page.getByRole("row")).toHaveCount(2);
  return ((await row.getByRole("cell").nth(3).textContent()) ?? "").trim();
}

async function readAll(page: Page) {
  const drill = await metInDrill(page);
  const listed = await openedInList(page, drill.id);
  await page.getByRole("button", { name: drill.id, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(drill.id);
  const card = page.getByTestId(drill.clock === "Resolution" ? "clock-resolution" : "clock-first-response");
  return { drill, listed, header: (await page.locator(".screen-head p.muted").first().textContent()) ?? "", card: (await card.textContent()) ?? "" };
}

test("a ticket's instants read the same on the Tickets list, its page and a drill-down, in the zone of Settings", async ({ page }) => {
  await page.goto("/");
  // The default: the agreement's zone (New York), not the computer's (Paris).
  let seen = await readAll(page);
  expect(seen.listed).toMatch(/\d\d:\d\d \S+$/);
  expect(seen.header).toContain(`opened ${seen.listed}`);
  expect(seen.card).toContain(`Met at ${seen.drill.when}`);
  expect(zoneName(seen.listed)).toMatch(/^(EST|EDT|GMT-[45])$/);
  expect(zoneName(seen.drill.when)).toMatch(/^(EST|EDT|GMT-[45])$/);

  // UTC chosen in Settings: every screen changes with it.
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await page.getByLabel("Show times in").selectOption("utc");
  seen = await readAll(page);
  expect(zoneName(seen.listed)).toBe("UTC");
  expect(zoneName(seen.drill.when)).toBe("UTC");
  expect(seen.header).toContain(`opened ${seen.listed}`);
  expect(seen.card).toContain(`Met at ${seen.drill.when}`);

  // The computer's: Paris, everywhere.
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await page.getByLabel("Show times in").selectOption("local");
  seen = await readAll(page);
  expect(zoneName(seen.listed)).toMatch(/^(CES?T|GMT\+[12])$/);
  expect(zoneName(seen.drill.when)).toMatch(/^(CES?T|GMT\+[12])$/);
  expect(seen.header).toContain(`opened ${seen.listed}`);
  expect(seen.card).toContain(`Met at ${seen.drill.when}`);
});

test("the dashboard's to-date words and its notice give their instant the same way", async ({ page }) => {
  await page.goto("/");
  await screens(page).getByRole("button", { name: "Dashboard", exact: true }).click();
  const notice = page.getByTestId("to-date-notice");
  const instant = /before (.+) is counted/.exec((await notice.textContent()) ?? "")?.[1] ?? "";
  expect(zoneName(instant)).toMatch(/^(EST|GMT-5)$/);
  await expect(page.getByTestId("period-shown")).toContainText(`${MONTHS.current} to date, as of ${instant} — provisional`);
});

test("time counted on a business clock says so beside the queue's calendar lateness; a 24x7 clock's does not", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("tab", { name: /^Breached/ }).click();
  const first = page.locator(".queue-row[data-ticket]").first();
  await expect(first.getByTestId("countdown")).toHaveText(/^\d+d \d\d:\d\d:\d\d late$/);
  await first.click();
  await expect(page.getByTestId("clock-resolution").locator(".big")).toHaveText(/^\d+d \d+h business time of \d+ h$/);
  await expect(page.getByTestId("clock-first-response").locator(".big")).toHaveText(/ business time of \d+ h$/);

  // A P2 of the enterprise agreement counts round the clock.
  await page.goto("/");
  await screens(page).getByRole("button", { name: "Tickets", exact: true }).click();
  await page.getByRole("searchbox", { name: "Search" }).fill("T-0000017");
  await page.getByRole("button", { name: "T-0000017", exact: true }).click();
  await expect(page.getByTestId("clock-resolution").locator(".big")).toHaveText(/^\d+(d|h|m|s)( \d+(h|m|s))? of \d+ (h|min|d)$/);
});

test("a drill-down's counted time says 'business time' on a business clock, not on a 24x7 one", async ({ page }) => {
  await page.goto("/");
  await metInDrill(page);
  const rows = page.locator("#drill-panel tbody tr");
  await expect(rows.first()).toBeVisible();
  const all = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector("td.num")?.textContent ?? ""));
  // The sample has both kinds: Basic's and Premium's business clocks, Enterprise's P1 and P2 round the clock.
  expect(all.some((c) => c.endsWith("business time"))).toBe(true);
  expect(all.some((c) => /\/ \S+$/.test(c) && !c.endsWith("business time"))).toBe(true);
});
