// End-to-end (issue 21, point 5): holidays from an iCalendar file in the real app, on a fresh
// SQLite file with the demo data. The core's US federal fixture is chosen in the "dialog" for
// the Premium agreement; each date of the term is listed for approval (those already in the
// terms not offered, those before today unchecked); adding the default choice saves a new
// version with exactly those dates, and each added holiday says which file it came from.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Session, root, startApp } from "./driver";
import { on } from "./page";

let session: Session;
let browser: WebdriverIO.Browser;
const { button, heading, text, waitText } = on(() => browser);

beforeAll(async () => {
  // Stands in for the user's choice in the file dialog (debug builds only; src-tauri/src/files.rs).
  session = await startApp({ ACCORD_TEST_PICK_CALENDAR: join(root, "crates/core/tests/fixtures/holidays/us-federal.ics") });
  browser = session.browser;
});

afterAll(async () => {
  await session?.stop();
});



describe("Holidays from a calendar file, in the real app", () => {
  it("opens the Premium agreement of the demo data", async () => {
    await (await heading("Welcome to Accord")).waitForDisplayed({ timeout: 30_000 });
    await (await button("Load demo data")).click();
    await (await heading("Queue")).waitForDisplayed({ timeout: 30_000 });
    await (await button("Agreements")).click();
    await (await button("West Virginia Customer Service Agreement (Premium)")).click();
    await (await heading("CTRA-APC-WV-PREMIUM")).waitForDisplayed({ timeout: 15_000 });
    expect(await text("#editor-title + p")).toContain("Version 1");
  });

  it("lists the file's holidays of the term for approval, marked as the engine read them", async () => {
    await (await button("Import from a calendar file (.ics)…")).click();
    const dialog = await browser.$("[role=dialog]");
    await dialog.waitForDisplayed({ timeout: 15_000 });
    const shown = await dialog.getText();
    expect(shown).toContain("Holidays from us-federal.ics");
    expect(shown).toContain("US Federal Holidays");
    expect(shown).toContain("2026-01-01");
    expect(shown).toContain("2026-12-31");
    const row = (date: string) => browser.$(`//tr[.//time[@datetime=${JSON.stringify(date)}]]`);
    const box = async (date: string) => (await row(date)).$("input[type=checkbox]");
    // Already in the terms: not offered.
    expect(await (await row("2026-11-26")).getText()).toContain("Already a holiday (Thanksgiving Day)");
    expect(await (await box("2026-11-26")).isEnabled()).toBe(false);
    // Before today (the real today, 2026-12 or later): unchecked.
    expect(await (await box("2026-10-12")).isSelected()).toBe(false);
    // New and from today on: checked (the year-end closure, 30 and 31 December, when today is
    // before them).
    const today = new Date().toISOString().slice(0, 10);
    if (today < "2026-12-30") {
      expect(await (await box("2026-12-30")).isSelected()).toBe(true);
      expect(await (await box("2026-12-31")).isSelected()).toBe(true);
    }
    expect(shown).toContain("Holiday schedule briefing");
  });

  it("adds Columbus Day and the year-end closure: a new version, each holiday with its source", async () => {
    const row = (date: string) => browser.$(`//tr[.//time[@datetime=${JSON.stringify(date)}]]`);
    await (await (await row("2026-10-12")).$("input[type=checkbox]")).click();
    const dialog = await browser.$("[role=dialog]");
    expect(await dialog.getText()).toMatch(/before today/);
    const add = await browser.$(`//div[@role='dialog']//button[starts-with(normalize-space(.), "Add ")]`);
    await add.click();
    await waitText(".holiday-added", "Added");
    const added = await text(".holiday-added");
    expect(added).toMatch(/Added \d+ holidays from us-federal\.ics \(version 2\); 1 before today/);
    await browser.waitUntil(async () => (await text("#editor-title + p")).includes("Version 2"), { timeout: 30_000 });
    const table = await waitText("[aria-labelledby=holidays-title]", "from us-federal.ics");
    expect(table).toContain("US Federal Holidays");
    // The holiday's row: its name (a form field) and, under it, where it came from.
    const columbus = await browser.execute(() => {
      const rows = [...document.querySelectorAll("[aria-labelledby=holidays-title] tbody tr")];
      const r = rows.find((tr) => [...tr.querySelectorAll("input")].some((i) => i.value === "Columbus Day"));
      return r ? `${[...r.querySelectorAll("input")].map((i) => i.value).join(" ")} ${r.textContent ?? ""}` : "";
    });
    expect(columbus).toMatch(/2026-10-12 Columbus Day.*from us-federal\.ics \(US Federal Holidays\), added/);
    // The TOML of record has the holiday, in date order, before Thanksgiving.
    await (await browser.$("#tab-toml")).click();
    const source = await (await browser.$("#agreement-source")).getValue();
    expect(source).toMatch(/\{ date = 2026-10-12, name = "Columbus Day" \},\n\s+\{ date = 2026-11-26/);
  });

  it("types a holiday's date in the form: a typed ISO date is kept, a wrong one is named in a sentence", async () => {
    await (await browser.$("#tab-form")).click();
    await (await button("+ Add holiday")).click();
    const count = await browser.execute(() => document.querySelectorAll("[aria-labelledby=holidays-title] tbody tr").length);
    const date = await browser.$(`[aria-label="Holiday ${count} date"]`);
    const name = await browser.$(`[aria-label="Holiday ${count} name"]`);
    await date.click();
    await browser.keys("2026-13-01".split(""));
    await browser.waitUntil(async () => (await text("[aria-labelledby=holidays-title]")).includes("is not a date"), { timeout: 10_000 });
    expect(await text("[aria-labelledby=holidays-title]")).toContain("`2026-13-01` is not a date: write it as YYYY-MM-DD, like 2026-01-01");
    await date.click();
    await browser.keys(["Control", "a"]);
    await browser.keys(["Backspace"]);
    await browser.keys("2026-12-24".split(""));
    await name.click();
    await browser.keys("Christmas Eve".split(""));
    expect(await date.getValue()).toBe("2026-12-24");
    await browser.waitUntil(async () => (await text("#agreement-check")).includes("accepts"), { timeout: 10_000 });
    await (await browser.$("#tab-toml")).click();
    const source = await (await browser.$("#agreement-source")).getValue();
    expect(source).toContain('{ date = 2026-12-24, name = "Christmas Eve" }');
  });
});
