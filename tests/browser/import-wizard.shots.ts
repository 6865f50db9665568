// Screenshots of the import wizard over the mock backend (the engine's answers over the Zendesk
// fixtures), light and dark, written to $ACCORD_SHOTS or /tmp/shots:
// `npx playwright test -c tests/browser/shots.config.ts import-wizard`.
// - the Agreements screen's way in;
// - step 1 with the files chosen and their source detected;
// - step 2 with the fixtures' profile, its preview and one ticket opened (and scrolled to it);
// - step 2 with a problem in the profile;
// - step 3's confirmation, the import running, and the result;
// - the first-run screen offering the wizard.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Page, expect, test } from "@playwright/test";

const OUT = process.env.ACCORD_SHOTS ?? "/tmp/shots";
const FIXTURE = (JSON.parse(readFileSync(new URL("../../ui/src/lib/ipc/mock/data/imports.json", import.meta.url), "utf8")) as { import: { profile: string } }).import.profile;

test.use({ timezoneId: "America/New_York" });

async function theme(page: Page, t: "light" | "dark", search = "") {
  await page.goto(`/${search}`);
  await page.getByRole("button", { name: "Settings", exact: true }).click();
  await page.getByLabel("Theme").selectOption(t);
}

async function shoot(page: Page, name: string) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
}

for (const t of ["light", "dark"] as const) {
  test(`the import wizard, step by step, ${t}`, async ({ page }) => {
    await theme(page, t);
    await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Agreements", exact: true }).click();
    await expect(page.getByRole("table", { name: "Agreements" })).toBeVisible();
    await shoot(page, `wizard-0-agreements-${t}`);
    await page.getByRole("button", { name: "Import from a helpdesk…" }).click();
    await page.getByRole("button", { name: "Choose files…" }).click();
    await expect(page.getByTestId("detected")).toContainText("Zendesk");
    await shoot(page, `wizard-1-files-${t}`);

    await page.getByRole("button", { name: "Next: profile and preview" }).click();
    const area = page.getByRole("textbox", { name: /Mapping profile/ });
    await area.fill(FIXTURE);
    await expect(page.getByTestId("preview-status")).toContainText("9 placed");
    await page.getByTestId("preview-tickets").getByRole("button", { name: "ZD-48102" }).click();
    // The profile from its first line (filling it left the box scrolled to the caret).
    await page.locator(".profile-code").evaluate((el) => el.scrollTo(0, 0));
    await shoot(page, `wizard-2-preview-${t}`);
    await page.getByTestId("detail-ZD-48102").scrollIntoViewIfNeeded();
    await shoot(page, `wizard-2-ticket-${t}`);
    await page.locator("#main").evaluate((el) => el.scrollTo(0, 0));
    await page.locator(".profile-help summary").click();
    await page.getByTestId("unmapped").locator("summary").click();
    await page.locator(".profile-help dl").scrollIntoViewIfNeeded();
    await shoot(page, `wizard-2-help-${t}`);

    await area.fill(`${FIXTURE}\n[status]\nhold = "pause"\n`);
    await expect(page.getByTestId("preview-problems")).toBeVisible();
    await shoot(page, `wizard-2-problem-${t}`);
    await area.fill(FIXTURE);
    await expect(page.getByRole("button", { name: "Import…" })).toBeEnabled();

    await page.getByRole("button", { name: "Import…" }).click();
    await expect(page.getByTestId("import-confirm")).toBeVisible();
    await shoot(page, `wizard-3-confirm-${t}`);
    await page.getByRole("button", { name: "Import 9 tickets" }).click();
    await expect(page.getByTestId("import-result")).toBeVisible();
    await shoot(page, `wizard-3-result-${t}`);
  });

  test(`the import running, ${t}`, async ({ page }) => {
    await theme(page, t, "?importDelay=4000");
    await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Agreements", exact: true }).click();
    await page.getByRole("button", { name: "Import from a helpdesk…" }).click();
    await page.getByRole("button", { name: "Choose files…" }).click();
    await page.getByRole("button", { name: "Next: profile and preview" }).click();
    await page.getByRole("textbox", { name: /Mapping profile/ }).fill(FIXTURE);
    await page.getByRole("button", { name: "Import…" }).click();
    await page.getByRole("button", { name: "Import 9 tickets" }).click();
    await expect(page.getByTestId("import-progress")).toContainText("so far");
    await shoot(page, `wizard-3-importing-${t}`);
  });

  test(`the first-run screen offers the wizard, ${t}`, async ({ page }) => {
    await theme(page, t, "?empty");
    // Settings open even on an empty database; any other screen is the first-run one.
    await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Queue", exact: true }).click();
    await expect(page.getByRole("heading", { name: "Welcome to Accord" })).toBeVisible();
    await shoot(page, `wizard-first-run-${t}`);
    await page.getByRole("button", { name: "Import from a helpdesk…" }).click();
    await page.getByRole("button", { name: "Choose files…" }).click();
    await expect(page.getByTestId("no-agreements")).toBeVisible();
    await shoot(page, `wizard-empty-database-${t}`);
  });
}
