// Holidays from an iCalendar file in the agreement editor, over the mock backend (the engine's
// answers for the core's US federal holidays fixture read for the premium agreement): the
// dialog lists each date with its status (already a holiday, new, new before today), checks the
// new dates from today on, warns when a date before today is checked, and adds exactly the
// checked ones as a new version, whose holidays then say where they came from. Adding waits for
// unsaved edits; a cancelled file dialog changes nothing.
import { type Page, expect, test } from "@playwright/test";

const PREMIUM = "CTRA-APC-WV-PREMIUM";
const TITLE = "West Virginia Customer Service Agreement (Premium)";
const IMPORT = "Import from a calendar file (.ics)…";
const DIALOG = "Holidays from us-federal.ics";

test.beforeEach(async ({ page }) => {
  // A clean slate per test, but kept across reloads within it.
  await page.addInitScript(() => {
    if (!sessionStorage.getItem("accord.test")) {
      localStorage.clear();
      sessionStorage.setItem("accord.test", "1");
    }
  });
});

async function openPremium(page: Page, query = "") {
  await page.goto(`/${query}`);
  await page.getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: TITLE }).click();
  await expect(page.getByRole("heading", { name: PREMIUM })).toBeVisible();
  await expect(page.getByText("Version 1", { exact: true })).toBeVisible();
}

async function openDialog(page: Page) {
  await page.getByRole("button", { name: IMPORT }).click();
  const dialog = page.getByRole("dialog", { name: DIALOG });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** A candidate's row, by its date. */
const row = (page: Page, date: string) => page.getByRole("dialog").getByRole("row").filter({ has: page.locator(`time[datetime="${date}"]`) });

test("the dialog lists each date with its status and checks the new ones from today on", async ({ page }) => {
  await openPremium(page);
  const dialog = await openDialog(page);
  // Focus is on the dialog's heading.
  await expect(dialog.getByRole("heading", { name: DIALOG })).toBeFocused();
  await expect(dialog).toContainText("US Federal Holidays");
  await expect(dialog).toContainText("from 2026-01-01 to 2026-12-31, the agreement's term");
  await expect(dialog).toContainText("15 holidays in the file: 6 already holidays, 9 new (6 before today).");

  // Already a holiday: not offered again.
  const listed = dialog.getByRole("checkbox", { name: "Add Thanksgiving Day / Thanksgiving break on 2026-11-26" });
  await expect(listed).toBeDisabled();
  await expect(listed).not.toBeChecked();
  await expect(row(page, "2026-11-26")).toContainText("Already a holiday (Thanksgiving Day)");
  await expect(row(page, "2026-11-26")).toContainText("Thu");

  // New, before today: not checked, and said to change reported figures.
  const columbus = dialog.getByRole("checkbox", { name: "Add Columbus Day on 2026-10-12" });
  await expect(columbus).toBeEnabled();
  await expect(columbus).not.toBeChecked();
  await expect(row(page, "2026-10-12")).toContainText("New — before today: adding it changes figures already reported");

  // New, from today on: checked.
  for (const [name, date] of [
    ["Thanksgiving break", "2026-11-27"],
    ["Year-end agency closure", "2026-12-30"],
    ["Year-end agency closure", "2026-12-31"],
  ] as const) {
    await expect(dialog.getByRole("checkbox", { name: `Add ${name} on ${date}` })).toBeChecked();
    await expect(row(page, date).getByRole("cell").last()).toHaveText("New");
  }
  await expect(dialog.getByRole("checkbox", { checked: true })).toHaveCount(3);
  await expect(dialog.getByRole("button", { name: "Add 3 holidays" })).toBeEnabled();

  // The events that are no holidays, with their lines.
  const skipped = dialog.getByRole("region", { name: "Not holidays" });
  await expect(skipped.getByRole("listitem")).toHaveText(["Christmas Eve (executive order) (line 200): cancelled", "Holiday schedule briefing (line 212): timed event, not a whole day"]);

  // Escape closes, changing nothing; focus is back on the button.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: IMPORT })).toBeFocused();
  await expect(page.getByText("Version 1", { exact: true })).toBeVisible();
});

test("checking a date before today warns that reported figures change; the selection controls", async ({ page }) => {
  await openPremium(page);
  const dialog = await openDialog(page);
  const warning = dialog.getByText(/chosen dates? (is|are) before today/);
  await expect(warning).toBeHidden();

  await dialog.getByRole("checkbox", { name: "Add Columbus Day on 2026-10-12" }).check();
  await expect(warning).toHaveText("⚠ 1 chosen date is before today: the figures already reported for that day will change, and issued statements will show a restatement.");
  await expect(dialog.getByRole("button", { name: "Add 4 holidays" })).toBeEnabled();

  await dialog.getByRole("button", { name: "Select none" }).click();
  await expect(dialog.getByRole("checkbox", { checked: true })).toHaveCount(0);
  await expect(warning).toBeHidden();
  await expect(dialog.getByRole("button", { name: "Add holidays" })).toBeDisabled();

  // Every new date, before today too; never one already a holiday.
  await dialog.getByRole("button", { name: "Select all new" }).click();
  await expect(dialog.getByRole("checkbox", { checked: true })).toHaveCount(9);
  await expect(dialog.getByRole("checkbox", { name: "Add Christmas Day on 2026-12-25" })).not.toBeChecked();
  await expect(warning).toContainText("6 chosen dates are before today: the figures already reported for those days will change");
  await expect(dialog.getByRole("button", { name: "Add 9 holidays" })).toBeEnabled();

  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: IMPORT })).toBeFocused();
});

test("adding the checked dates saves a new version whose holidays say where they came from", async ({ page }) => {
  await openPremium(page);
  await expect(page.getByText(/^from us-federal\.ics/)).toHaveCount(0);
  const dialog = await openDialog(page);
  // A date before today checked, then unchecked: back to the defaults.
  const columbus = dialog.getByRole("checkbox", { name: "Add Columbus Day on 2026-10-12" });
  await columbus.check();
  await columbus.uncheck();
  await expect(dialog.getByText(/chosen dates? (is|are) before today/)).toBeHidden();
  await dialog.getByRole("button", { name: "Add 3 holidays" }).click();

  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").filter({ hasText: "Added 3 holidays from us-federal.ics (version 2)" })).toBeVisible();
  await expect(page.getByText("Version 2", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: IMPORT })).toBeFocused();

  // The new rows, in date order among the others, each with its source.
  const names = [
    "New Year's Day",
    "Memorial Day",
    "Independence Day (observed)",
    "Labor Day",
    "Thanksgiving Day",
    "Thanksgiving break",
    "Christmas Day",
    "Year-end agency closure",
    "Year-end agency closure",
  ];
  await expect(page.getByRole("textbox", { name: /^Holiday \d+ name$/ })).toHaveCount(names.length);
  for (const [i, name] of names.entries()) await expect(page.getByLabel(`Holiday ${i + 1} name`)).toHaveValue(name);
  const sources = page.getByText(/^from us-federal\.ics \(US Federal Holidays\), added .*20 Nov 2026.* by demo$/);
  await expect(sources).toHaveCount(3);
  await expect(page.getByRole("row").filter({ has: page.getByLabel("Holiday 6 name") })).toContainText("from us-federal.ics (US Federal Holidays)");
  await expect(page.getByRole("row").filter({ has: page.getByLabel("Holiday 5 name") })).not.toContainText("from us-federal.ics");
  // The TOML of record has them, and the history the new version.
  await page.getByRole("tab", { name: "TOML" }).click();
  await expect(page.locator("#agreement-source")).toHaveValue(/\{ date = 2026-11-27, name = "Thanksgiving break" \}/);
  await page.getByRole("tab", { name: "History" }).click();
  await expect(page.getByRole("article", { name: /^Version 2 · replaced/ })).toBeVisible();
});

test("importing waits for unsaved changes", async ({ page }) => {
  await openPremium(page);
  const button = page.getByRole("button", { name: IMPORT });
  await expect(button).toBeEnabled();
  await page.getByLabel("Holiday 1 name").fill("New Year");
  await expect(page.getByText("Version 1 · unsaved changes")).toBeVisible();
  await expect(button).toBeDisabled();
  await expect(page.getByText("Save or discard your changes first: adding holidays from a file saves a new version of the agreement.")).toBeVisible();
  await expect(button).toHaveAccessibleDescription(/Save or discard your changes first/);
});

test("a new agreement has no import: it is not stored yet", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: "New agreement…" }).click();
  await expect(page.getByRole("button", { name: "Add holiday" })).toBeVisible();
  await expect(page.getByRole("button", { name: IMPORT })).toHaveCount(0);
});

test("a cancelled file dialog changes nothing", async ({ page }) => {
  await openPremium(page, "?holidayCancel");
  const button = page.getByRole("button", { name: IMPORT });
  await button.click();
  await expect(button).toBeEnabled();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByText("Version 1", { exact: true })).toBeVisible();
  await expect(page.getByText(/^Added \d+ holidays?/)).toHaveCount(0);
});
