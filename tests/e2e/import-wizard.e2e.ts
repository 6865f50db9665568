// End-to-end (issue 21): the import wizard in the real app on a fresh SQLite file with the demo
// data. A Zendesk export (the fixtures of crates/app/tests/fixtures/zendesk, shaped as Zendesk's
// API documents its tickets and audits) is chosen in the "dialog", detected, previewed by the
// starter profile (nothing placed), then by the fixtures' profile typed in (the engine's real
// numbers, a ticket's events and clocks), imported, and found in the ticket list; nothing is
// written before the import.
import { readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Session, root, startApp } from "./driver";
import { on } from "./page";

const fixtures = join(root, "crates/app/tests/fixtures/zendesk");
const profile = readFileSync(join(fixtures, "profile.toml"), "utf8");

let session: Session;
let browser: WebdriverIO.Browser;
const { button, heading, text, sidebar, waitText } = on(() => browser);

beforeAll(async () => {
  // Stands in for the user's choice in the file dialog (debug builds only; src-tauri/src/files.rs).
  session = await startApp({ ACCORD_TEST_PICK_EXPORT: [join(fixtures, "tickets.json"), join(fixtures, "audits.json")].join(delimiter) });
  browser = session.browser;
});

afterAll(async () => {
  await session?.stop();
});



describe("Import from a helpdesk, in the real app", () => {
  it("loads the demo data", async () => {
    await (await heading("Welcome to Accord")).waitForDisplayed({ timeout: 30_000 });
    await (await button("Load demo data")).click();
    await (await heading("Queue")).waitForDisplayed({ timeout: 30_000 });
    await browser.waitUntil(async () => (await sidebar()).includes("605 tickets"), { timeout: 15_000 });
  });

  it("chooses the export, detects Zendesk, previews by the starter profile: nothing placed, nothing written", async () => {
    await (await button("Agreements")).click();
    await (await button("Import from a helpdesk…")).click();
    await (await button("Choose files…")).click();
    await waitText("[data-testid=detected]", "Zendesk");
    await (await button("Next: profile and preview")).click();
    const status = await waitText("[data-testid=preview-status]", "10 tickets read, 0 placed");
    expect(status).toContain("0 placed");
    expect(await (await button("Import…")).isEnabled()).toBe(false);
    expect(await sidebar()).toContain("605 tickets");
  });

  it("previews by the fixtures' profile: the engine's placements, events and clocks", async () => {
    const area = await browser.$("#profile-source");
    await browser.execute(
      (el, v) => {
        const a = el as unknown as HTMLTextAreaElement;
        Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set?.call(a, v);
        a.dispatchEvent(new Event("input", { bubbles: true }));
      },
      area,
      profile,
    );
    await waitText("[data-testid=preview-status]", "10 tickets read, 9 placed");
    const placed = await text("[data-testid=placed]");
    expect(placed).toMatch(/CTRA-APC-WV-PREMIUM\s*4/);
    expect(await text("[data-testid=count-events]")).toContain("37");
    await (await browser.$('tr[data-ticket="ZD-48101"] button')).click();
    const detail = await waitText("[data-testid=detail-ZD-48101]", "Responded");
    expect(detail).toMatch(/First response\s*Met/);
    expect(await sidebar()).toContain("605 tickets");
  });

  it("imports all of it, and the tickets are there", async () => {
    await (await button("Import…")).click();
    await waitText("[data-testid=import-confirm]", "Accord will store 9 tickets and 37 events");
    await (await button("Import 9 tickets")).click();
    await waitText("[data-testid=import-result]", "Imported");
    expect(await text("[data-testid=stored-tickets]")).toContain("9");
    expect(await text("[data-testid=stored-events]")).toContain("37");
    await browser.waitUntil(async () => (await sidebar()).includes("614 tickets"), { timeout: 15_000 });
    await (await button("See the tickets")).click();
    await (await browser.$("//input[@type='search']")).setValue("ZD-48104");
    await (await button("ZD-48104")).waitForDisplayed({ timeout: 15_000 });
  });
});
