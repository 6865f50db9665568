// Small windows (issue 22): from 1024×640 up, the main pane never scrolls sideways, the queue's
// Assignee and Level columns stay in view, the Tickets list keeps each id and date on one line,
// and no two fields of the agreement form overlap.
import { type Locator, type Page, expect, test } from "@playwright/test";
import { freshStorage } from "./fresh";

const SMALL = { width: 1024, height: 640 };
const PREMIUM = "West Virginia Customer Service Agreement (Premium)";

test.use({ viewport: SMALL });

test.beforeEach(freshStorage);

const screens = (page: Page) => page.getByRole("navigation", { name: "Screens" });

/** The main pane's width and what it holds: equal when nothing sticks out sideways. */
async function noSidewaysScroll(page: Page, what: string) {
  const { scroll, client } = await page.locator("main#main").evaluate((m) => ({ scroll: m.scrollWidth, client: m.clientWidth }));
  expect(scroll, `${what}: the main pane is ${scroll}px wide inside ${client}px`).toBeLessThanOrEqual(client);
  // Nor does a wide table scroll inside it.
  const wraps = await page.locator("main#main .table-wrap").evaluateAll((ws) => ws.map((w) => w.scrollWidth - w.clientWidth));
  expect(wraps.filter((d) => d > 0), `${what}: tables scrolling sideways`).toEqual([]);
}

/** How many lines an element's content takes. */
async function lines(l: Locator): Promise<number> {
  return l.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    // Rectangles that overlap vertically lie on the same line (a badge is taller than its text).
    const rects = [...range.getClientRects()].filter((r) => r.width > 0).sort((a, b) => a.top - b.top);
    let count = 0;
    let bottom = -Infinity;
    for (const r of rects) {
      if (r.top >= bottom - 1) count += 1;
      bottom = Math.max(bottom, r.bottom);
    }
    const style = getComputedStyle(el);
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.45;
    // One line: one row of rectangles, no taller than a line.
    return count === 1 && range.getBoundingClientRect().height <= lineHeight * 1.5 ? 1 : Math.max(2, count);
  });
}

test("the queue at 1024×640 shows every column, Assignee and Level included", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator(".queue-row[data-ticket]").first()).toBeVisible();
  await noSidewaysScroll(page, "Queue");
  const main = await page.locator("main#main").boundingBox();
  for (const name of ["Assignee", "Level"]) {
    const cell = page.locator(".queue-head span", { hasText: name });
    const box = await cell.boundingBox();
    expect(box, name).not.toBeNull();
    // Wholly inside the window and the main pane, and its words not cut.
    expect(box!.x + box!.width, `${name} ends within the window`).toBeLessThanOrEqual(SMALL.width);
    expect(box!.x + box!.width, `${name} ends within the main pane`).toBeLessThanOrEqual(main!.x + main!.width);
    expect(await cell.evaluate((el) => el.scrollWidth <= el.clientWidth), `${name} is not cut`).toBe(true);
  }
  // The rows' cells line up under them, within the row.
  const row = page.locator(".queue-row[data-ticket]").first();
  const rowBox = (await row.boundingBox())!;
  const level = (await row.locator(".level-col").boundingBox())!;
  expect(level.x + level.width).toBeLessThanOrEqual(rowBox.x + rowBox.width);
});

test("the Tickets list at 1024×640 keeps ids and dates on one line, a long subject cut with its full text on hover", async ({ page }) => {
  await page.goto("/");
  await screens(page).getByRole("button", { name: "Tickets", exact: true }).click();
  const table = page.getByRole("table", { name: "Tickets" });
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  await noSidewaysScroll(page, "Tickets");
  const rows = table.locator("tbody tr");
  for (let i = 0; i < 5; i++) {
    // By position among the row's cells, shown or not (a narrow window leaves the agreement's out).
    const cells = rows.nth(i).locator("td");
    expect(await lines(cells.nth(0)), `row ${i + 1}: the id`).toBe(1);
    expect(await lines(cells.nth(3)), `row ${i + 1}: opened`).toBe(1);
    expect(await lines(cells.nth(5)), `row ${i + 1}: next deadline`).toBe(1);
    const subject = cells.nth(1).locator(".subject-text");
    await expect(subject).toHaveAttribute("title", ((await subject.textContent()) ?? "").trim());
  }
});

test("the agreements list and the dashboard at 1024×640 do not scroll sideways", async ({ page }) => {
  await page.goto("/");
  await screens(page).getByRole("button", { name: "Agreements", exact: true }).click();
  await expect(page.getByRole("button", { name: PREMIUM })).toBeVisible();
  await noSidewaysScroll(page, "Agreements");
  await screens(page).getByRole("button", { name: "Dashboard", exact: true }).click();
  await expect(page.getByTestId("period-shown")).toBeVisible();
  await noSidewaysScroll(page, "Dashboard");
  await page.getByLabel("Dashboard for").selectOption("agreement:CTRA-APC-WV-PREMIUM");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(PREMIUM);
  await expect(page.getByTestId("period-shown")).toBeVisible();
  await noSidewaysScroll(page, "Dashboard of an agreement");
});

// 1024: the side panel under the form; 1150: beside it, the form in two columns; 1280: in four.
for (const size of [SMALL, { width: 1150, height: 700 }, { width: 1280, height: 800 }]) {
  test(`the agreement form at ${size.width}×${size.height}: no two fields overlap, and nothing sticks out sideways`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.goto("/");
    await screens(page).getByRole("button", { name: "Agreements", exact: true }).click();
    await page.getByRole("button", { name: PREMIUM }).click();
    await expect(page.locator("#agreement-check")).toContainText("accepts");
    await noSidewaysScroll(page, "Agreement form");
    // Each field's box, grown to what it holds (a control wider than its field spills over the next).
    const overlaps = await page.locator(".form-section").evaluateAll((sections) => {
      const found: string[] = [];
      for (const s of sections) {
        const boxes = [...s.querySelectorAll<HTMLElement>(".field")]
          .filter((f) => !f.parentElement?.closest(".field") && f.offsetParent !== null)
          .map((f) => {
            const rects = [f, ...f.querySelectorAll("input, select, textarea, button")].map((e) => e.getBoundingClientRect());
            const name = f.querySelector("label, .label")?.textContent?.trim() ?? f.id;
            return {
              name,
              left: Math.min(...rects.map((r) => r.left)),
              right: Math.max(...rects.map((r) => r.right)),
              top: Math.min(...rects.map((r) => r.top)),
              bottom: Math.max(...rects.map((r) => r.bottom)),
            };
          });
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i]!;
            const b = boxes[j]!;
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 0.5 && h > 0.5) found.push(`${a.name} / ${b.name}`);
          }
      }
      return found;
    });
    expect(overlaps).toEqual([]);
    expect(await page.locator(".form-section .field").count()).toBeGreaterThan(10);
  });
}
