// The import wizard over the mock backend, whose answers are the real engine's over the Zendesk
// fixtures (ui/src/lib/ipc/mock/data/imports.json): choosing files picks them, a preview answers
// for the starter profile and the fixtures' own profile exactly as exported, the import for the
// fixtures' profile. The numbers below are read from that file, not written here.
import { readFileSync } from "node:fs";
import { type Page, type Route, expect, test } from "@playwright/test";
import { freshStorage } from "./fresh";

interface Imports {
  files: [string, number][];
  detected: string | null;
  template: string | null;
  previews: { profile: string; result: { ok?: { read: number; placed: Record<string, number>; skipped: Record<string, number>; unmapped: Record<string, number>; events: number } } }[];
  import: { profile: string; result: { ok?: { stored: { tickets_added: number; events_added: number } } } };
}

const IMPORTS = JSON.parse(readFileSync(new URL("../../ui/src/lib/ipc/mock/data/imports.json", import.meta.url), "utf8")) as Imports;
const TEMPLATE = IMPORTS.template ?? "";
const FIXTURE = IMPORTS.import.profile;
const STARTER = IMPORTS.previews.find((p) => p.profile === TEMPLATE)?.result.ok;
const BY_FIXTURE = IMPORTS.previews.find((p) => p.profile === FIXTURE)?.result.ok;
const STORED = IMPORTS.import.result.ok?.stored;
const SKIPPED_REASON = "no rule of the profile places it";
const UNMAPPED = Object.values(BY_FIXTURE?.unmapped ?? {}).reduce((s, n) => s + n, 0);

test.use({ timezoneId: "America/New_York" });

test.beforeEach(freshStorage);

/** Opens the wizard by the Agreements screen's button; `search` loads the app first (a reload starts the mock afresh). */
async function openFromAgreements(page: Page, search: string | null = "") {
  if (search !== null) await page.goto(`/${search}`);
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: "Import from a helpdesk…" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import from a helpdesk" })).toBeVisible();
}

const currentStep = (page: Page) => page.getByRole("list", { name: "Steps" }).locator('[aria-current="step"]');
const profileArea = (page: Page) => page.getByRole("textbox", { name: /Mapping profile \(TOML\)/ });

async function chooseAndGoOn(page: Page) {
  await page.getByRole("button", { name: "Choose files…" }).click();
  await expect(page.getByTestId("detected")).toContainText("Zendesk");
  await page.getByRole("button", { name: "Next: profile and preview" }).click();
  await expect(currentStep(page)).toContainText("Profile and preview");
}

test("the data the tests rely on is the engine's answer over the Zendesk fixtures", () => {
  expect(STARTER && BY_FIXTURE && STORED).toBeTruthy();
  expect(IMPORTS.detected).toBe("zendesk");
  expect(STARTER?.placed).toEqual({});
  expect(STARTER?.skipped).toEqual({ [SKIPPED_REASON]: 10 });
  expect(BY_FIXTURE?.read).toBe(10);
  expect(BY_FIXTURE?.placed).toEqual({ "CTRA-APC-WV-PREMIUM": 4, "CTRA-APC-WV-BASIC": 3, "CTRA-APC-WV-ENT-MOUNTAINEER": 2 });
  expect(BY_FIXTURE?.events).toBe(37);
  expect(UNMAPPED).toBeGreaterThan(1);
  expect(STORED).toMatchObject({ tickets_added: 9, events_added: 37 });
});

test("from Agreements: files, the detected source, both previews, a ticket's events and clocks, a problem, the import, and its profile kept", async ({ page }) => {
  await openFromAgreements(page);
  await expect(currentStep(page)).toContainText("Choose files");
  const next = page.getByRole("button", { name: "Next: profile and preview" });
  await expect(next).toBeDisabled();

  // 1. The files and the source.
  await page.getByRole("button", { name: "Choose files…" }).click();
  const files = page.getByRole("table", { name: "Files chosen" });
  await expect(files.getByRole("row", { name: /tickets\.json/ })).toContainText("15.6 KB");
  await expect(files.getByRole("row", { name: /audits\.json/ })).toContainText("107.5 KB");
  await expect(page.getByTestId("detected")).toContainText("Source: Zendesk");
  await next.click();

  // 2. The starter profile places nothing: every ticket is skipped, and import is not offered.
  await expect(profileArea(page)).toHaveValue(TEMPLATE);
  const status = page.getByTestId("preview-status");
  await expect(status).toHaveText("Preview of the files chosen: 10 tickets read, 0 placed.");
  await expect(page.getByTestId("count-read")).toContainText("10");
  await expect(page.getByTestId("count-placed")).toContainText("0");
  await expect(page.getByTestId("skipped").getByRole("row", { name: SKIPPED_REASON })).toContainText("10");
  const importButton = page.getByRole("button", { name: "Import…" });
  await expect(importButton).toBeDisabled();
  await expect(page.locator("#import-blocker")).toContainText("No ticket is placed");

  // The fixtures' profile, pasted: the engine's numbers for it.
  await profileArea(page).fill(FIXTURE);
  await expect(status).toHaveText("Preview of the files chosen: 10 tickets read, 9 placed.");
  const placed = page.getByTestId("placed");
  await expect(placed.getByRole("row", { name: /CTRA-APC-WV-PREMIUM/ })).toContainText("4");
  await expect(placed.getByRole("row", { name: /CTRA-APC-WV-BASIC/ })).toContainText("3");
  await expect(placed.getByRole("row", { name: /CTRA-APC-WV-ENT-MOUNTAINEER/ })).toContainText("2");
  await expect(page.getByTestId("skipped").getByRole("row", { name: SKIPPED_REASON })).toContainText("1");
  await expect(page.getByTestId("count-events")).toContainText("37");
  await expect(page.getByTestId("unmapped")).toContainText(`${UNMAPPED} records of the export mapped to no event`);
  await expect(importButton).toBeEnabled();

  // The first ticket, opened onto its events (in the display zone: its agreement's) and its clocks,
  // counted on its business clock.
  const tickets = page.getByTestId("preview-tickets");
  await expect(tickets.locator("tbody tr[data-ticket]").first()).toHaveAttribute("data-ticket", "ZD-48101");
  const first = tickets.getByRole("button", { name: "ZD-48101" });
  await expect(first).toHaveAttribute("aria-expanded", "false");
  await expect(tickets.locator('tr[data-ticket="ZD-48101"]')).toContainText("Phones drop calls after 2 minutes");
  await first.click();
  await expect(first).toHaveAttribute("aria-expanded", "true");
  const detail = page.getByTestId("detail-ZD-48101");
  const events = detail.getByRole("table", { name: "Events of ZD-48101" });
  await expect(events.getByRole("row")).toHaveText([/When/, /5 Oct 2026, 10:03:11.*Opened.*P3 normal/, /5 Oct 2026, 11:10:42.*Responded/, /6 Oct 2026, 09:25:00.*Resolved/, /10 Oct 2026, 10:00:05.*Closed/]);
  await expect(detail.locator(".clock-line").nth(0)).toContainText(/First response\s*Met\s*1h 07m business time of 4 h/);
  await expect(detail.locator(".clock-line").nth(1)).toContainText(/Resolution\s*Met\s*11h 21m business time of 2 d/);
  // A breached one, and a priority change with its new priority.
  await expect(tickets.locator('tr[data-ticket="ZD-48102"]')).toContainText("Breached");
  await tickets.getByRole("button", { name: "ZD-48104" }).click();
  await expect(page.getByTestId("detail-ZD-48104").getByRole("row", { name: /Priority changed/ })).toContainText("P1 critical");
  await first.click();
  await expect(detail).toHaveCount(0);

  // An edit the engine has no answer for here: said, and nothing can be imported.
  await profileArea(page).fill(`${FIXTURE}\n[status]\nhold = "pause"\n`);
  await expect(page.getByTestId("preview-problems")).toContainText("no answer");
  await expect(status).toContainText("The preview has problems");
  await expect(profileArea(page)).toHaveAttribute("aria-invalid", "true");
  await expect(importButton).toBeDisabled();
  // The last preview that worked stays, said to be that.
  await expect(page.getByRole("note")).toContainText("last preview that worked");

  // Back to the fixtures' profile, then the import.
  await profileArea(page).fill(FIXTURE);
  await expect(importButton).toBeEnabled();
  await expect(page.getByTestId("preview-problems")).toHaveCount(0);
  await importButton.click();
  await expect(currentStep(page)).toContainText("Import");
  const confirm = page.getByTestId("import-confirm");
  await expect(confirm).toContainText("Accord will store 9 tickets and 37 events: 4 under CTRA-APC-WV-PREMIUM, 3 under CTRA-APC-WV-BASIC and 2 under CTRA-APC-WV-ENT-MOUNTAINEER.");
  await expect(confirm).toContainText("All or nothing");
  await expect(confirm).toContainText("The profile “APC Zendesk (test fixture)” is kept with the database");
  await page.getByRole("button", { name: "Import 9 tickets" }).click();

  const result = page.getByTestId("import-result");
  await expect(result.getByRole("heading", { name: "Imported" })).toBeVisible();
  await expect(result).toContainText("Imported from Zendesk by the profile “APC Zendesk (test fixture)”");
  await expect(result.getByTestId("stored-tickets")).toContainText("9");
  await expect(result.getByTestId("stored-events")).toContainText("37");
  await expect(result.getByTestId("result-skipped")).toContainText(`1 (${SKIPPED_REASON})`);
  await expect(result.getByRole("button", { name: "Open the queue" })).toBeVisible();
  await expect(result.getByRole("button", { name: "See the tickets" })).toBeVisible();

  // Next time, the profile is offered among the kept ones and previews as before.
  await openFromAgreements(page, null);
  await chooseAndGoOn(page);
  const startFrom = page.getByLabel("Start from");
  await expect(startFrom.locator("option")).toHaveText(["The starter profile for Zendesk", "APC Zendesk (test fixture) (zendesk, version 1)"]);
  await startFrom.selectOption("APC Zendesk (test fixture)");
  await expect(profileArea(page)).toHaveValue(FIXTURE);
  await expect(page.getByTestId("preview-status")).toHaveText("Preview of the files chosen: 10 tickets read, 9 placed.");
});

test("while the import runs, the bytes read fill its bar, then it checks and writes, and every other control waits", async ({ page }) => {
  await openFromAgreements(page, "?importDelay=2500");
  await chooseAndGoOn(page);
  await profileArea(page).fill(FIXTURE);
  await page.getByRole("button", { name: "Import…" }).click();
  await page.getByRole("button", { name: "Import 9 tickets" }).click();
  const progress = page.getByTestId("import-progress");
  await expect(progress).toContainText(/Reading the export: [\d.,]+ (KB|bytes) of [\d.,]+ KB \(\d+%\)/);
  const bar = progress.getByRole("progressbar", { name: "Importing" });
  await expect(bar).toBeVisible();
  // The bar fills as the files are read.
  await expect(bar).toHaveAttribute("aria-valuenow", /^([5-9]\d|100)$/);
  await expect(page.getByRole("button", { name: "Importing…" })).toHaveAttribute("aria-disabled", "true");
  await expect(page.getByRole("button", { name: "Back to the preview" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Cancel", exact: true })).toBeDisabled();
  await expect(page.getByRole("button", { name: "← Agreements" })).toBeDisabled();
  for (const step of await page.getByRole("list", { name: "Steps" }).getByRole("button").all()) await expect(step).toBeDisabled();
  // Writing cannot be cancelled: the button says so by being disabled.
  await expect(progress).toHaveAttribute("data-stage", "writing", { timeout: 5_000 });
  await expect(progress).toContainText("It can no longer be cancelled");
  await expect(page.getByRole("button", { name: "Cancel import" })).toBeDisabled();
  await expect(page.getByTestId("import-result")).toBeVisible({ timeout: 10_000 });
  await expect(progress).toHaveCount(0);
});

test("cancelling a running import stores nothing and the import can be run again", async ({ page }) => {
  await openFromAgreements(page, "?importDelay=3000");
  await chooseAndGoOn(page);
  await profileArea(page).fill(FIXTURE);
  await page.getByRole("button", { name: "Import…" }).click();
  await page.getByRole("button", { name: "Import 9 tickets" }).click();
  await expect(page.getByTestId("import-progress")).toHaveAttribute("data-stage", "reading");
  await page.getByRole("button", { name: "Cancel import" }).click();
  await expect(page.getByTestId("import-cancelled")).toContainText("Import cancelled. Nothing was written");
  await expect(page.getByTestId("import-progress")).toHaveCount(0);
  await expect(page.getByTestId("import-result")).toHaveCount(0);
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Import 9 tickets" })).toBeEnabled();
  await page.getByRole("button", { name: "Import 9 tickets" }).click();
  await expect(page.getByTestId("import-result")).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId("stored-tickets")).toContainText("9");
});

test("cancelling the OS dialog changes nothing", async ({ page }) => {
  await openFromAgreements(page, "?exportCancel");
  await page.getByRole("button", { name: "Choose files…" }).click();
  await expect(page.getByRole("button", { name: "Choose files…" })).toBeEnabled();
  await expect(page.getByRole("table", { name: "Files chosen" })).toHaveCount(0);
  await expect(page.getByTestId("detected")).toHaveCount(0);
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Next: profile and preview" })).toBeDisabled();
  await expect(currentStep(page)).toContainText("Choose files");
});

test("leaving with an edited profile asks first, and leaves nothing kept", async ({ page }) => {
  await openFromAgreements(page);
  await chooseAndGoOn(page);
  await profileArea(page).fill(FIXTURE);
  await expect(page.getByTestId("preview-status")).toContainText("9 placed");
  await page.getByRole("button", { name: "Cancel" }).click();
  const ask = page.getByRole("dialog", { name: "Leave without saving?" });
  await expect(ask).toContainText("Your changes to the mapping profile will be lost.");
  await ask.getByRole("button", { name: "Stay" }).click();
  await expect(profileArea(page)).toHaveValue(FIXTURE);
  await page.getByRole("button", { name: "Cancel" }).click();
  await ask.getByRole("button", { name: "Leave" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Agreements" })).toBeVisible();
  // Nothing was imported: no profile was kept.
  await page.getByRole("button", { name: "Import from a helpdesk…" }).click();
  await chooseAndGoOn(page);
  await expect(page.getByLabel("Start from").locator("option")).toHaveText(["The starter profile for Zendesk"]);
  await expect(profileArea(page)).toHaveValue(TEMPLATE);
});

test("choosing a kept profile over edits asks first", async ({ page }) => {
  await openFromAgreements(page);
  await chooseAndGoOn(page);
  await profileArea(page).fill(FIXTURE);
  await page.getByRole("button", { name: "Import…" }).click();
  await page.getByRole("button", { name: "Import 9 tickets" }).click();
  await page.getByRole("button", { name: "Import more files…" }).click();
  await expect(currentStep(page)).toContainText("Choose files");
  await chooseAndGoOn(page);
  await profileArea(page).fill(`${TEMPLATE}# mine\n`);
  await page.getByLabel("Start from").selectOption("APC Zendesk (test fixture)");
  const ask = page.getByRole("dialog", { name: "Replace the edited profile?" });
  await ask.getByRole("button", { name: "Cancel" }).click();
  await expect(profileArea(page)).toHaveValue(`${TEMPLATE}# mine\n`);
  await expect(page.getByLabel("Start from")).toHaveValue("");
  await page.getByLabel("Start from").selectOption("APC Zendesk (test fixture)");
  await ask.getByRole("button", { name: "Replace" }).click();
  await expect(profileArea(page)).toHaveValue(FIXTURE);
});

test("the first-run screen offers the wizard, saying agreements come first", async ({ page }) => {
  await page.goto("/?empty");
  await expect(page.getByRole("heading", { name: "Welcome to Accord" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Load demo data" })).toBeVisible();
  const wizard = page.getByRole("button", { name: "Import from a helpdesk…" });
  await expect(wizard).toHaveAccessibleDescription(/agreements come first/);
  await wizard.click();
  await expect(page.getByRole("heading", { level: 1, name: "Import from a helpdesk" })).toBeVisible();
  await expect(page.getByTestId("no-agreements")).toContainText("This database has no agreements yet");
  await page.getByRole("button", { name: "Back to the first screen" }).click();
  await expect(page.getByRole("heading", { name: "Welcome to Accord" })).toBeVisible();
});

test("an import error inside Accord's own files does not point to the wizard", async ({ page }) => {
  // The mock's error is a tickets CSV with a bad priority: Accord's own format, wrongly filled.
  await page.goto("/?importError");
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: "Import…", exact: true }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("`p9` is not a priority");
  await expect(alert.getByRole("button", { name: "Import it from a helpdesk…" })).toHaveCount(0);
});

/** The mock's base data with its import error replaced by `error` (the rest as exported). */
async function withImportError(page: Page, error: object) {
  await page.route("**/data/base.json", async (route: Route) => {
    const response = await route.fetch();
    const base = (await response.json()) as Record<string, unknown>;
    await route.fulfill({ response, json: { ...base, import_error: { error } } });
  });
}

test("an import error on files that are not Accord's own points to the wizard", async ({ page }) => {
  // The back end's answer to a helpdesk's JSON given to the plain import (crates/app/src/import.rs, `classify`).
  await withImportError(page, {
    code: "input",
    message: "1 problem was found; nothing was changed",
    details: [{ file: "tickets.json", line: 1, column: 0, key: "", reason: "not an agreement (.toml), a tickets CSV (with `opened_at`) or an events CSV (with `at` and `kind`)" }],
  });
  await page.goto("/?importError");
  await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: "Import…", exact: true }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Is this a helpdesk's export?");
  await alert.getByRole("button", { name: "Import it from a helpdesk…" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import from a helpdesk" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveCount(0);
});

/** The mock's wizard data changed by `change` (the rest as exported). */
async function withImports(page: Page, change: (d: Imports) => Imports) {
  await page.route("**/data/imports.json", async (route: Route) => {
    const response = await route.fetch();
    await route.fulfill({ response, json: change((await response.json()) as Imports) });
  });
}

test("files of no known source are said to be so, with what Accord reads", async ({ page }) => {
  await withImports(page, (d) => ({ ...d, files: [["export.xlsx", 2048]], detected: null, template: null }));
  await openFromAgreements(page);
  await page.getByRole("button", { name: "Choose files…" }).click();
  const detected = page.getByTestId("detected");
  await expect(detected).toContainText("Not recognised");
  await expect(detected).toContainText("Zendesk");
  await expect(detected).toContainText("Any CSV");
  await page.getByRole("button", { name: "Next: profile and preview" }).click();
  await expect(profileArea(page)).toHaveValue("");
  await expect(page.getByTestId("preview-status")).toHaveText("Write a profile, or choose a kept one, to see a preview.");
  await expect(page.getByRole("button", { name: "Import…" })).toBeDisabled();
});

test("a profile's located problems lead to their line", async ({ page }) => {
  // As the engine answers the fixtures' profile over a database without that agreement
  // (profiles.rs, `check_against`: the rule's line).
  const line = FIXTURE.split("\n").findIndex((l) => l.startsWith('agreement = "CTRA-APC-WV-PREMIUM"')) + 1;
  await withImports(page, (d) => ({
    ...d,
    previews: d.previews.map((p) =>
      p.profile === FIXTURE
        ? { ...p, result: { error: { code: "input", message: "1 problem was found", details: [{ file: "profile", line, column: 0, key: "agreement", reason: "there is no agreement `CTRA-APC-WV-PREMIUM`" }] } } as never }
        : p,
    ),
  }));
  await openFromAgreements(page);
  await chooseAndGoOn(page);
  await profileArea(page).fill(FIXTURE);
  const problems = page.getByTestId("preview-problems");
  await expect(problems).toContainText("The profile has problems; nothing can be imported yet");
  await expect(problems).toContainText("there is no agreement `CTRA-APC-WV-PREMIUM`");
  await expect(page.locator(".profile-code .gutter .bad")).toHaveText([String(line)]);
  await expect(page.getByRole("button", { name: "Import…" })).toBeDisabled();
  await problems.getByRole("button", { name: `Line ${line}` }).click();
  await expect(profileArea(page)).toBeFocused();
  const caret = await profileArea(page).evaluate((el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split("\n").length);
  expect(caret).toBe(line);
});

test("a failed import says nothing was imported, and lets the user go back", async ({ page }) => {
  // As the back end answers when the database refuses the write (all or nothing: none of it stays).
  await withImports(page, (d) => ({ ...d, import: { ...d.import, result: { error: { code: "database", message: "the database is locked", details: [] } } as never } }));
  await openFromAgreements(page);
  await chooseAndGoOn(page);
  await profileArea(page).fill(FIXTURE);
  await page.getByRole("button", { name: "Import…" }).click();
  await page.getByRole("button", { name: "Import 9 tickets" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Nothing was imported");
  await expect(alert).toContainText("the database is locked");
  await expect(alert).toContainText("the database is as it was before");
  await expect(page.getByTestId("import-result")).toHaveCount(0);
  await page.getByRole("button", { name: "Back to the preview" }).click();
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByLabel("Start from").locator("option")).toHaveText(["The starter profile for Zendesk"]);
  await expect(profileArea(page)).toHaveValue(FIXTURE);
});
