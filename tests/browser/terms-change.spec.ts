// Saving an edit of a stored agreement's terms over the mock backend: the dialog asks whether it
// is an amendment from a date or a correction, shows the impact on past periods (the engine's
// proposals, exported for the what-if fixtures) and saves only on confirm — the proposal's TOML,
// which for an amendment is the stored one with the new entry appended. Leaving the editor with
// unsaved changes asks first.
import { type Page, type Route, expect, test } from "@playwright/test";
import { fixture } from "./mock-data";

const PREMIUM = "CTRA-APC-WV-PREMIUM";
const TITLE = "West Virginia Customer Service Agreement (Premium)";
// The premium agreement with tighter P2 targets (10m / 4h instead of 1h / 8h).
const TIGHTER_P2 = fixture("what-if/premium-tighter-p2.toml");

test.beforeEach(async ({ page }) => {
  // A clean slate per test, but kept across reloads within it.
  await page.addInitScript(() => {
    if (!sessionStorage.getItem("accord.test")) {
      localStorage.clear();
      sessionStorage.setItem("accord.test", "1");
    }
  });
});

async function openPremium(page: Page) {
  await page.goto("/");
  await page.getByRole("button", { name: "Agreements", exact: true }).click();
  await page.getByRole("button", { name: TITLE }).click();
  await expect(page.getByRole("heading", { name: PREMIUM })).toBeVisible();
  await expect(page.getByText("Version 1", { exact: true })).toBeVisible();
}

async function editToml(page: Page, text: string) {
  await page.getByRole("tab", { name: "TOML" }).click();
  await page.locator("#agreement-source").fill(text);
  await expect(page.locator("#agreement-check")).toContainText("accepts");
}

async function openSaveDialog(page: Page) {
  await page.getByRole("button", { name: "Save…" }).click();
  const dialog = page.getByRole("dialog", { name: "How does this change apply?" });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** A figure's row of a period in the impact: its before and after. */
const figure = (page: Page, period: string, name: string) =>
  page.getByRole("table", { name: `${period}: figures before and after` }).getByRole("row", { name: new RegExp(`^${name}`) }).getByRole("cell");

test("a correction shows each past period's figures before → after, and saves on confirm", async ({ page }) => {
  await openPremium(page);
  await editToml(page, TIGHTER_P2);
  const dialog = await openSaveDialog(page);
  await dialog.getByRole("radio", { name: /^Correct the terms/ }).check();
  await expect(dialog).toContainText("issued statements stay as issued and show a restatement");
  // Nothing is offered to save before the impact is shown.
  await expect(dialog.getByRole("button", { name: "Confirm and save" })).toBeDisabled();
  await dialog.getByRole("button", { name: "Show impact" }).click();

  await expect(dialog.getByTestId("impact-summary")).toHaveText(/ periods change of the 11 periods compared:$/);
  await expect(figure(page, "2026-10", "Service credits")).toHaveText(["1,750.00 USD", "2,125.00 USD"]);
  await expect(figure(page, "2026-10", "Resolutions breached")).toHaveText(["3", "6"]);
  await expect(dialog.getByRole("table", { name: "2026-10: figures before and after" })).toContainText("5 tickets change outcome");
  // The current month is to date: marked so.
  await expect(dialog.getByRole("table", { name: "2026-10: figures before and after" })).not.toContainText("provisional");
  await expect(dialog.getByRole("table", { name: "2026-11: figures before and after" })).toContainText("to date — provisional");
  await expect(dialog.getByTestId("will-save")).toContainText("Confirming saves version 2: the TOML as edited");
  // Still nothing saved.
  await expect(page.getByText("Version 1 · unsaved changes")).toBeVisible();

  await dialog.getByRole("button", { name: "Confirm and save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Agreement ${PREMIUM} saved (version 2): the terms were corrected`)).toBeVisible();
  await expect(page.getByText("Version 2", { exact: true })).toBeVisible();
  await expect(page.locator("#agreement-source")).toHaveValue(TIGHTER_P2);
  // Focus lands on the agreement (Save… has nothing to save now).
  await expect(page.getByRole("heading", { name: PREMIUM })).toBeFocused();
});

test("an amendment from next month changes no past period and saves the stored terms with the amendment", async ({ page }) => {
  await openPremium(page);
  await editToml(page, TIGHTER_P2);
  const dialog = await openSaveDialog(page);
  await expect(dialog.getByRole("radio", { name: /^Amend from a date/ })).toBeChecked();
  // The first of next month by the app's clock (the mock's now is 2026-11-20), and the next number.
  await expect(dialog.getByLabel("Effective date")).toHaveValue("2026-12-01");
  await expect(dialog.getByLabel("Reference")).toHaveValue("Amendment No. 1");
  await expect(dialog.getByLabel("Signed (optional)")).toHaveValue("");
  await dialog.getByRole("button", { name: "Show impact" }).click();
  await expect(dialog.getByTestId("impact-summary")).toHaveText("No past period changes (11 periods compared).");
  await expect(dialog.getByTestId("will-save")).toHaveText("Confirming saves version 2: the terms as stored, with Amendment No. 1 from 2026-12-01 added at the end.");
  await dialog.getByText("The amendment that will be added").click();
  await expect(dialog.locator(".new-amendment pre")).toHaveText(/^\[\[amendments\]\]\neffective = 2026-12-01\nreference = "Amendment No\. 1"\n\n\[amendments\.targets\.p2\]\nfirst_response = "10m"\nresolution = "4h"\n$/);

  await dialog.getByRole("button", { name: "Confirm and save" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Agreement ${PREMIUM} saved (version 2) with Amendment No. 1, in force from 2026-12-01`)).toBeVisible();
  // The saved TOML is the stored one (P2 1h / 8h) with the amendment at the end.
  const toml = page.locator("#agreement-source");
  await expect(toml).toHaveValue(/\[targets\.p2\]\nfirst_response = "1h"\nresolution = "8h"\n/);
  await expect(toml).toHaveValue(/\n\n\[\[amendments\]\]\neffective = 2026-12-01\nreference = "Amendment No\. 1"\n\n\[amendments\.targets\.p2\]\nfirst_response = "10m"\nresolution = "4h"\n$/);
  // The form shows it, read-only, and the header's timeline lists it (not in force yet).
  await page.getByRole("tab", { name: "Form" }).click();
  await expect(page.getByLabel("P2 high first response")).toHaveValue("1h");
  const amendments = page.getByRole("table", { name: "Amendments" });
  await expect(amendments.getByRole("row", { name: /Amendment No\. 1/ }).getByRole("cell")).toHaveText(["2026-12-01", "—", "targets.p2.first_response, targets.p2.resolution"]);
  const timeline = page.getByTestId("editor-terms-timeline");
  await expect(timeline.getByRole("listitem")).toHaveText(["Base terms from 2026-01-01in force", "Amendment No. 1 · from 2026-12-01"]);
  // A second amendment would be No. 2.
  await page.getByLabel("Title").fill(`${TITLE} `);
  const again = await openSaveDialog(page);
  await expect(again.getByLabel("Reference")).toHaveValue("Amendment No. 2");
});

test("a period already issued is said to show a restatement", async ({ page }) => {
  // The engine's proposal as it reads once October was issued (the export made its proposals
  // before any issue): served by rewriting the mock's data on its way to the page.
  await page.route("**/mock/data/statements.json", async (route: Route) => {
    const response = await route.fetch();
    const data = (await response.json()) as { proposals: { edited: string; change: string; result: { ok?: { impact: { period: string; issued: string | null }[] } } }[] };
    for (const p of data.proposals) {
      for (const i of p.result.ok?.impact ?? []) if (i.period === "2026-10") i.issued = "statement 1, issued 2026-11-20T15:00:00Z by demo";
    }
    await route.fulfill({ response, json: data });
  });
  await openPremium(page);
  await editToml(page, TIGHTER_P2);
  const dialog = await openSaveDialog(page);
  await dialog.getByRole("radio", { name: /^Correct the terms/ }).check();
  await dialog.getByRole("button", { name: "Show impact" }).click();
  const october = dialog.locator('[data-period="2026-10"]');
  await expect(october.getByRole("note")).toHaveText(/^Issued: statement 1, issued Fri,? 20 Nov 2026,? 10:00 \S+ by demo — it stays as issued and will show a restatement\.$/);
  await expect(dialog.locator('[data-period="2026-09"]').getByRole("note")).toHaveCount(0);
});

test("the header's timeline names each amendment with its dates, the one in force marked", async ({ page }) => {
  // An agreement amended from 2026-10-15 (signed 2026-10-01), as the backend lists it.
  await page.route("**/mock/data/base.json", async (route: Route) => {
    const response = await route.fetch();
    const base = (await response.json()) as { agreements: { id: string; amendments: unknown[] }[] };
    const premium = base.agreements.find((a) => a.id === PREMIUM);
    if (!premium) throw new Error("no premium agreement");
    premium.amendments = [
      { reference: "Amendment No. 1", effective: "2026-10-15", signed: "2026-10-01", in_force: true },
      { reference: "Amendment No. 2", effective: "2026-12-01", signed: null, in_force: false },
    ];
    await route.fulfill({ response, json: base });
  });
  await openPremium(page);
  const steps = page.getByTestId("editor-terms-timeline").getByRole("listitem");
  await expect(steps).toHaveText(["Base terms from 2026-01-01", "Amendment No. 1 · from 2026-10-15 (signed 2026-10-01)in force", "Amendment No. 2 · from 2026-12-01"]);
  await expect(steps.nth(1)).toHaveAttribute("aria-current", "true");
  await expect(steps.nth(0)).not.toHaveAttribute("aria-current", "true");
});

test("an amendment from this month changes only this month, to date", async ({ page }) => {
  await openPremium(page);
  await editToml(page, TIGHTER_P2);
  const dialog = await openSaveDialog(page);
  await dialog.getByLabel("Effective date").fill("2026-11-01");
  await dialog.getByRole("button", { name: "Show impact" }).click();
  await expect(dialog.getByTestId("impact-summary")).toHaveText("1 period changes of the 11 periods compared:");
  await expect(dialog.getByTestId("impact").getByRole("table")).toHaveCount(1);
  await expect(dialog.getByRole("table", { name: "2026-11: figures before and after" })).toContainText("to date — provisional");
  await expect(figure(page, "2026-11", "First responses breached")).toHaveText(["2", "3"]);
  // Changing an answer hides the impact it was computed for.
  await dialog.getByLabel("Effective date").fill("2026-12-01");
  await expect(dialog.getByTestId("impact")).toBeHidden();
  await expect(dialog.getByRole("button", { name: "Confirm and save" })).toBeDisabled();
});

test("cancelling saves nothing; the dialog is answered from the keyboard", async ({ page }) => {
  await openPremium(page);
  await editToml(page, TIGHTER_P2);
  const save = page.getByRole("button", { name: "Save…" });
  let dialog = await openSaveDialog(page);
  // Focus starts in the dialog and Tab stays there.
  await expect(dialog.getByRole("radio", { name: /^Amend from a date/ })).toBeFocused();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await dialog.getByRole("radio", { name: /^Correct the terms/ }).check();
  await dialog.getByRole("button", { name: "Show impact" }).click();
  await expect(dialog.getByTestId("impact")).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(save).toBeFocused();
  await expect(page.getByText("Version 1 · unsaved changes")).toBeVisible();

  // Escape closes it too, and focus goes back to Save….
  dialog = await openSaveDialog(page);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(save).toBeFocused();
  await expect(page.getByText("Version 1 · unsaved changes")).toBeVisible();

  // Nothing was saved: confirming now makes version 2, not 3 (nor a conflict).
  dialog = await openSaveDialog(page);
  await dialog.getByRole("radio", { name: /^Correct the terms/ }).check();
  await dialog.getByRole("button", { name: "Show impact" }).click();
  await dialog.getByRole("button", { name: "Confirm and save" }).click();
  await expect(page.getByText("Version 2", { exact: true })).toBeVisible();
});

test("an amendment without a date or a reference is not proposed", async ({ page }) => {
  await openPremium(page);
  await editToml(page, TIGHTER_P2);
  const dialog = await openSaveDialog(page);
  await dialog.getByLabel("Effective date").fill("");
  await dialog.getByLabel("Reference").fill(" ");
  await dialog.getByRole("button", { name: "Show impact" }).click();
  await expect(dialog.getByLabel("Effective date")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByLabel("Effective date")).toBeFocused();
  await expect(dialog.getByLabel("Reference")).toHaveAttribute("aria-invalid", "true");
  await expect(dialog.getByTestId("impact")).toHaveCount(0);
  await expect(dialog.getByRole("button", { name: "Confirm and save" })).toBeDisabled();
});

test("an edit the engine has no proposal for is said so, and nothing is saved", async ({ page }) => {
  await openPremium(page);
  await page.getByLabel("P1 critical resolution").fill("6h");
  const dialog = await openSaveDialog(page);
  await dialog.getByRole("button", { name: "Show impact" }).click();
  const alert = dialog.getByRole("alert");
  await expect(alert).toContainText("The impact could not be computed");
  await expect(alert).toContainText("no answer for this change");
  await expect(dialog.getByRole("button", { name: "Confirm and save" })).toBeDisabled();
});

test.describe("leaving with unsaved changes", () => {
  test("asks first: Stay keeps the edits, Leave discards them", async ({ page }) => {
    await openPremium(page);
    await page.getByLabel("Title").fill("Renamed premium");
    const back = page.getByRole("button", { name: "← Agreements" });
    await back.click();
    const ask = page.getByRole("dialog", { name: "Leave without saving?" });
    await expect(ask).toBeVisible();
    await expect(ask).toContainText(`Your changes to ${PREMIUM} will be lost.`);
    // The safe answer first.
    await expect(ask.getByRole("button", { name: "Stay" })).toBeFocused();
    await ask.getByRole("button", { name: "Stay" }).click();
    await expect(ask).toBeHidden();
    await expect(back).toBeFocused();
    await expect(page.getByLabel("Title")).toHaveValue("Renamed premium");
    await expect(page.getByText("Version 1 · unsaved changes")).toBeVisible();

    // The sidebar asks too; Escape is Stay.
    await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Dashboard", exact: true }).click();
    await expect(ask).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(ask).toBeHidden();
    await expect(page.getByRole("heading", { name: PREMIUM })).toBeVisible();

    await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Dashboard", exact: true }).click();
    await ask.getByRole("button", { name: "Leave" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" }).or(page.locator("#dashboard-title"))).toBeVisible();
    await page.getByRole("navigation", { name: "Screens" }).getByRole("button", { name: "Agreements", exact: true }).click();
    await page.getByRole("button", { name: TITLE }).click();
    await expect(page.getByLabel("Title")).toHaveValue(TITLE);
    await expect(page.getByText("Version 1", { exact: true })).toBeVisible();
  });

  test("without changes, or once saved, nothing is asked", async ({ page }) => {
    await openPremium(page);
    await page.getByRole("button", { name: "← Agreements" }).click();
    await expect(page.getByRole("heading", { name: "Agreements" })).toBeVisible();
    await page.getByRole("button", { name: TITLE }).click();
    await editToml(page, TIGHTER_P2);
    const dialog = await openSaveDialog(page);
    await dialog.getByRole("radio", { name: /^Correct the terms/ }).check();
    await dialog.getByRole("button", { name: "Show impact" }).click();
    await dialog.getByRole("button", { name: "Confirm and save" }).click();
    await expect(page.getByText("Version 2", { exact: true })).toBeVisible();
    await page.getByRole("button", { name: "← Agreements" }).click();
    await expect(page.getByRole("heading", { name: "Agreements" })).toBeVisible();
    await expect(page.getByRole("dialog")).toHaveCount(0);
  });

  test("closing the window asks too", async ({ page }) => {
    await openPremium(page);
    await page.getByLabel("Title").fill("Renamed premium");
    const asked = new Promise<string>((resolve) => page.once("dialog", (d) => void d.accept().then(() => resolve(d.type()))));
    await page.close({ runBeforeUnload: true });
    expect(await asked).toBe("beforeunload");
  });
});
