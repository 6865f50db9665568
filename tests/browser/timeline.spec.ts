// A long ticket's timeline can be read (issue 22, point 7): a running clock's stretches still to
// come are drawn lighter up to its due instant; the chart zooms and pans by its buttons, its
// keys, the wheel and a drag, its caption saying which window is shown; long stretches in which
// no clock counts fold away, so that a year-long ticket's counted days are bars; and no label
// runs off the picture, at the usual window size or a small one.
import { readFileSync } from "node:fs";
import { type Locator, type Page, expect, test } from "@playwright/test";
import { freshStorage } from "./fresh";

type Seg = { kind: string; from: string; to: string; counted_s: number };
type View = { explanation: { opened_at: string; as_of: string; resolution_ahead: Seg[]; first_response_ahead: Seg[]; sla: { resolution: { due_at: string | null } }; escalation: { level: number; at: string | null }[] } };
const VIEWS = JSON.parse(readFileSync(new URL("../../ui/src/lib/ipc/mock/data/views.json", import.meta.url), "utf8")) as Record<string, View>;

/** Running, due in three weeks, 28 stretches ahead of its resolution clock. */
const AHEAD = "T-8000006";
/** Running for 310 days, breached in its second week. */
const YEAR = "T-0000329";

test.beforeEach(freshStorage);

async function openTicket(page: Page, id: string) {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Tickets", exact: true }).click();
  await page.getByRole("searchbox", { name: "Search" }).fill(id);
  await page.getByRole("button", { name: id, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(id);
  await expect(timeline(page)).toBeVisible();
}

const timeline = (page: Page) => page.getByRole("img", { name: "SLA timeline" });
const chart = (page: Page) => page.getByRole("group", { name: /^SLA timeline chart/ });
const caption = (page: Page) => page.getByTestId("timeline-window");
const foldToggle = (page: Page) => page.getByRole("button", { name: "Fold long pauses and nights" });

/** The window shown, as the caption states it (its instants in seconds). */
async function shown(page: Page): Promise<{ from: number; to: number; text: string }> {
  const c = caption(page);
  const from = Date.parse((await c.getAttribute("data-from")) ?? "") / 1000;
  const to = Date.parse((await c.getAttribute("data-to")) ?? "") / 1000;
  return { from, to, text: (await c.textContent()) ?? "" };
}

const secs = (iso: string) => Date.parse(iso) / 1000;

/** The box of every text in the picture lies inside the picture's box. */
async function labelsInside(svg: Locator, what: string) {
  const { box, texts } = await svg.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return {
      box: { left: r.left, right: r.right, top: r.top, bottom: r.bottom },
      texts: [...el.querySelectorAll("text")]
        .filter((t) => (t.textContent ?? "").trim() !== "")
        .map((t) => {
          const b = t.getBoundingClientRect();
          return { text: t.textContent ?? "", left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width };
        }),
    };
  });
  expect(texts.length, `${what}: texts drawn`).toBeGreaterThan(3);
  for (const t of texts) {
    expect(t.left, `${what}: "${t.text}" starts inside`).toBeGreaterThanOrEqual(box.left - 0.5);
    expect(t.right, `${what}: "${t.text}" ends inside`).toBeLessThanOrEqual(box.right + 0.5);
    expect(t.top, `${what}: "${t.text}" below the top`).toBeGreaterThanOrEqual(box.top - 0.5);
    expect(t.bottom, `${what}: "${t.text}" above the bottom`).toBeLessThanOrEqual(box.bottom + 0.5);
  }
  // Not squeezed: text is drawn at its own size (the picture is not stretched to its box).
  const scale = await svg.evaluate((el) => {
    const m = (el as SVGSVGElement).getScreenCTM();
    return m ? [m.a, m.d] : [1, 1];
  });
  expect(scale[0], `${what}: drawn at 1:1 across`).toBeCloseTo(1, 3);
  expect(scale[1], `${what}: drawn at 1:1 down`).toBeCloseTo(1, 3);
}

test("a running clock's stretches ahead are drawn lighter, titled, up to its due instant; none for a breached or paused one", async ({ page }) => {
  await openTicket(page, AHEAD);
  const svg = timeline(page);
  const ahead = VIEWS[AHEAD]!.explanation.resolution_ahead;
  expect(ahead.length).toBeGreaterThan(0);
  const rects = svg.locator('[data-clock="resolution"] rect.ahead');
  await expect(rects).toHaveCount(ahead.length);
  // The first response was met: nothing ahead on its bar.
  await expect(svg.locator('[data-clock="first_response"] rect.ahead')).toHaveCount(0);
  await expect(rects.first().locator("title")).toHaveText(/^Ahead \(if nothing changes\): Business hours/);
  await expect(rects.first().locator("title")).toContainText("counted 7h 00m");
  // Lighter than the stretches gone by: drawn see-through.
  const opacity = (r: Locator) => r.evaluate((el) => Number(getComputedStyle(el).opacity) * Number(getComputedStyle(el).fillOpacity));
  expect(await opacity(rects.first())).toBeLessThan(0.8);
  expect(await opacity(svg.locator('[data-clock="resolution"] rect.seg:not(.ahead)').first())).toBe(1);
  // They start at now and end at the due mark.
  const right = await rects.evaluateAll((rs) => Math.max(...rs.map((r) => Number(r.getAttribute("x")) + Number(r.getAttribute("width")))));
  const due = await svg.locator('[data-clock="resolution"] .mark.due line').evaluate((l) => Number(l.getAttribute("x1")));
  expect(Math.abs(right - due)).toBeLessThan(1);
  const left = await rects.evaluateAll((rs) => Math.min(...rs.map((r) => Number(r.getAttribute("x")))));
  const now = await svg.locator(".mark.now line").evaluate((l) => Number(l.getAttribute("x1")));
  expect(Math.abs(left - now)).toBeLessThan(1);
  await expect(page.locator(".timeline .legend")).toContainText("Ahead, if nothing changes");

  // Due soon: one stretch ahead on each bar.
  await openTicket(page, "T-8000004");
  await expect(svg.locator('[data-clock="first_response"] rect.ahead')).toHaveCount(VIEWS["T-8000004"]!.explanation.first_response_ahead.length);
  await expect(svg.locator('[data-clock="resolution"] rect.ahead')).toHaveCount(VIEWS["T-8000004"]!.explanation.resolution_ahead.length);

  // A breached or paused clock has nothing ahead.
  for (const id of [YEAR, "T-8000005", "T-0000500"]) {
    await openTicket(page, id);
    await expect(timeline(page).locator("rect.ahead"), id).toHaveCount(0);
    await expect(page.locator(".timeline .legend"), id).not.toContainText("Ahead");
  }
});

test("the chart zooms and pans by its buttons and its keys, the caption saying what is shown", async ({ page }) => {
  await openTicket(page, AHEAD);
  const x = VIEWS[AHEAD]!.explanation;
  const opened = secs(x.opened_at);
  const end = secs(x.sla.resolution.due_at!);
  const all = await shown(page);
  expect(all.from).toBe(opened);
  expect(all.to).toBe(end);
  expect(all.text).toMatch(/^Showing .+ – .+ \(all of 21 days\)/);

  // The buttons.
  await page.getByRole("button", { name: "Zoom in" }).click();
  const zoomed = await shown(page);
  expect(zoomed.to - zoomed.from).toBeLessThan(all.to - all.from);
  expect(zoomed.from).toBeGreaterThan(all.from);
  expect(zoomed.to).toBeLessThan(all.to);
  expect(zoomed.text).toMatch(/^Showing .+ – .+ of 21 days$/);
  await page.getByRole("button", { name: "Zoom out" }).click();
  expect(await shown(page)).toEqual(all);
  await page.getByRole("button", { name: "Zoom in" }).click();
  await page.getByRole("button", { name: "Fit" }).click();
  expect(await shown(page)).toEqual(all);

  // The keys, the focus staying on the chart.
  const figure = chart(page);
  await figure.focus();
  const focused = () => figure.evaluate((el) => document.activeElement === el);
  await page.keyboard.press("+");
  await page.keyboard.press("=");
  const near = await shown(page);
  expect(near.to - near.from).toBeLessThan(zoomed.to - zoomed.from);
  expect(await focused()).toBe(true);
  await page.keyboard.press("ArrowRight");
  const later = await shown(page);
  expect(later.from).toBeGreaterThan(near.from);
  expect(later.to).toBeGreaterThan(near.to);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  expect((await shown(page)).from).toBeLessThan(near.from);
  await page.keyboard.press("Home");
  expect((await shown(page)).from).toBe(opened);
  await page.keyboard.press("End");
  expect((await shown(page)).to).toBe(end);
  await page.keyboard.press("-");
  const wider = await shown(page);
  expect(wider.to - wider.from).toBeGreaterThan(near.to - near.from);
  await page.keyboard.press("0");
  expect(await shown(page)).toEqual(all);
  expect(await focused()).toBe(true);

  // Never narrower than about ten minutes (unfolded, where a pixel is the same time everywhere).
  await foldToggle(page).click();
  await figure.focus();
  for (let i = 0; i < 40; i++) await page.keyboard.press("+");
  const closest = await shown(page);
  expect(closest.to - closest.from).toBeGreaterThanOrEqual(590);
  expect(closest.to - closest.from).toBeLessThan(3600);
  // What lies outside the window is not drawn: zoomed in at the start, the due mark is not there.
  await page.keyboard.press("Home");
  await expect(timeline(page).locator(".mark.due")).toHaveCount(0);
  await expect(timeline(page).locator(".mark.now")).toHaveCount(0);
  await page.keyboard.press("End");
  await expect(timeline(page).locator(".mark.due")).toHaveCount(1);
  expect(await focused()).toBe(true);
});

test("Ctrl+wheel zooms at the pointer and a drag pans", async ({ page }) => {
  await openTicket(page, AHEAD);
  const all = await shown(page);
  const box = (await timeline(page).boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.75, box.y + box.height / 2);
  await page.keyboard.down("Control");
  await page.mouse.wheel(0, -400);
  await page.keyboard.up("Control");
  await expect.poll(async () => (await shown(page)).to - (await shown(page)).from).toBeLessThan(all.to - all.from);
  const zoomed = await shown(page);
  // Zoomed about the pointer, three quarters across: more was cut from the start than the end.
  expect(zoomed.from - all.from).toBeGreaterThan(all.to - zoomed.to);
  // A drag to the right shows what came before.
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  const dragged = await shown(page);
  expect(dragged.from).toBeLessThan(zoomed.from);
  expect(dragged.to).toBeLessThan(zoomed.to);
  // A plain wheel scrolls the page, as everywhere.
  await page.mouse.wheel(0, 100);
  expect(await shown(page)).toEqual(dragged);
});

test("a year-long ticket folds its nights and pauses: its counted days are bars, and zooming in shows each day", async ({ page }) => {
  await openTicket(page, YEAR);
  const svg = timeline(page);
  // On by default for a ticket longer than a week.
  await expect(foldToggle(page)).toHaveAttribute("aria-pressed", "true");
  const folds = svg.getByTestId("fold");
  expect(await folds.count()).toBeGreaterThan(100);
  await expect(folds.first().locator("title")).toHaveText(/^Folded: \d+h \d\dm with no clock counting \((paused|holiday|outside business hours)/);
  // The counted days are bars, not hairlines.
  const widths = async () => svg.locator('[data-clock="resolution"] rect.seg-business_hours').evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().width).sort((a, b) => a - b));
  const folded = await widths();
  expect(folded.length).toBeGreaterThan(200);
  expect(folded[Math.floor(folded.length / 2)]).toBeGreaterThanOrEqual(1.5);
  await expect(page.locator(".timeline .legend")).toContainText("Folded: no clock counting");

  // Zoomed in: single business days, many pixels wide, with folds between them.
  await chart(page).focus();
  for (let i = 0; i < 9; i++) await page.keyboard.press("+");
  await page.keyboard.press("Home");
  const w = await shown(page);
  expect(w.to - w.from).toBeLessThan(14 * 86400);
  const near = await widths();
  expect(near[near.length - 1]).toBeGreaterThan(40);
  expect(await folds.count()).toBeGreaterThan(0);
  await expect(svg.locator(".axis-tick")).not.toHaveCount(0);

  // Unfolded: the stretches drawn at their length, no folds.
  await foldToggle(page).click();
  await expect(foldToggle(page)).toHaveAttribute("aria-pressed", "false");
  await expect(folds).toHaveCount(0);
  await page.getByRole("button", { name: "Fit" }).click();
  const linear = await widths();
  expect(linear[Math.floor(linear.length / 2)]).toBeLessThan(folded[Math.floor(folded.length / 2)]!);
  await expect(page.locator(".timeline .legend")).not.toContainText("Folded");
});

test("a short ticket starts unfolded; a long pause folds to a break titled with what it holds", async ({ page }) => {
  await openTicket(page, "T-8000004");
  await expect(foldToggle(page)).toHaveAttribute("aria-pressed", "false");
  await expect(timeline(page).getByTestId("fold")).toHaveCount(0);
  await openTicket(page, "T-0000500");
  await expect(foldToggle(page)).toHaveAttribute("aria-pressed", "true");
  const fold = timeline(page).getByTestId("fold");
  await expect(fold).toHaveCount(1);
  await expect(fold.locator("title")).toHaveText(/^Folded: 233d \d+h with no clock counting \(paused/);
});

for (const size of [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
]) {
  test(`every label of the timeline lies inside it at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    for (const id of [AHEAD, YEAR, "T-8000003", "T-8000004", "T-8000005", "T-0000500"]) {
      await openTicket(page, id);
      await labelsInside(timeline(page), `${id} at ${size.width}`);
      // Zoomed in, panned to the end, unfolded: still inside.
      await chart(page).focus();
      await page.keyboard.press("+");
      await page.keyboard.press("End");
      await labelsInside(timeline(page), `${id} zoomed at ${size.width}`);
      await foldToggle(page).click();
      await labelsInside(timeline(page), `${id} toggled at ${size.width}`);
    }
    // The due label reads whole, not cut to its first letter.
    await openTicket(page, AHEAD);
    await expect(timeline(page).locator('[data-clock="resolution"] .mark.due text')).toHaveText(/^due .*\d\d:\d\d/);
  });
}

test("escalation levels passed within a few pixels of each other are one mark, titled with each", async ({ page }) => {
  await openTicket(page, YEAR);
  const levels = VIEWS[YEAR]!.explanation.escalation.filter((e) => e.at !== null).map((e) => String(e.level));
  const marks = timeline(page).locator("g.mark.escalation");
  // At the whole year's view the levels, hours apart in a 310-day span, cannot be told apart:
  // every level is drawn, in fewer marks, and a gathered mark's title names each of its levels.
  await expect(marks.first()).toBeVisible();
  const drawn = await marks.evaluateAll((gs) => gs.map((g) => g.getAttribute("data-levels") ?? ""));
  expect(drawn.flatMap((l) => l.split(" ")).sort()).toEqual([...levels].sort());
  expect(drawn.length).toBeLessThan(levels.length);
  const merged = marks.filter({ hasText: "–" }).first();
  const title = (await merged.locator("title").textContent()) ?? "";
  const gathered = ((await merged.getAttribute("data-levels")) ?? "").split(" ");
  expect(gathered.length).toBeGreaterThan(1);
  for (const level of gathered) expect(title).toContain(`Level ${level} (`);
});
