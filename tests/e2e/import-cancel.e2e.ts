// End-to-end (issue 21): a large helpdesk export in the real app. A 10,000-ticket Zendesk export
// (scripts/gen-zendesk.py, about 80 MB) is imported through the wizard: the bar fills with the
// bytes read (the back end's progress events), "Cancel import" stops it while it reads and the
// database is as it was (still 605 tickets), and the import run again stores all of it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Session, root, startApp } from "./driver";
import { on } from "./page";

const profile = readFileSync(join(root, "crates/app/tests/fixtures/zendesk/profile.toml"), "utf8");
const dir = mkdtempSync(join(tmpdir(), "accord-large-export-"));

let session: Session;
let browser: WebdriverIO.Browser;
const { button, heading, text, attr, sidebar, waitText } = on(() => browser);

beforeAll(async () => {
  execFileSync("python3", [join(root, "scripts/gen-zendesk.py"), "10000", dir]);
  // Stands in for the user's choice in the file dialog (debug builds only; src-tauri/src/files.rs).
  session = await startApp({ ACCORD_TEST_PICK_EXPORT: [join(dir, "tickets.json"), join(dir, "audits.json")].join(delimiter) });
  browser = session.browser;
}, 120_000);

afterAll(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});



describe("A large export, in the real app: progress, cancel, all or nothing", () => {
  it("loads the demo data and previews the export by the fixtures' profile", async () => {
    await (await heading("Welcome to Accord")).waitForDisplayed({ timeout: 30_000 });
    await (await button("Load demo data")).click();
    await (await heading("Queue")).waitForDisplayed({ timeout: 30_000 });
    await browser.waitUntil(async () => (await sidebar()).includes("605 tickets"), { timeout: 15_000 });
    await (await button("Agreements")).click();
    await (await button("Import from a helpdesk…")).click();
    await (await button("Choose files…")).click();
    await waitText("[data-testid=detected]", "Zendesk", 60_000);
    await (await button("Next: profile and preview")).click();
    const area = await browser.$("#profile-source");
    await area.waitForDisplayed({ timeout: 30_000 });
    await browser.execute(
      (el, v) => {
        const a = el as unknown as HTMLTextAreaElement;
        Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set?.call(a, v);
        a.dispatchEvent(new Event("input", { bubbles: true }));
      },
      area,
      profile,
    );
    await waitText("[data-testid=preview-status]", "10,000 tickets read, 9,000 placed", 120_000);
  });

  it("shows the bytes read while importing; cancelled, it writes nothing", async () => {
    await (await button("Import…")).click();
    const start = await browser.$(`//button[starts-with(normalize-space(.), "Import 9")]`);
    await start.click();
    await waitText("[data-testid=import-progress-text]", "Reading the export:", 60_000);
    const shown = await text("[data-testid=import-progress-text]");
    expect(shown).toMatch(/Reading the export: [\d.,]+ (KB|MB) of [\d.,]+ MB \(\d+%\)/);
    expect(await attr("[data-testid=import-progress]", "data-stage")).toBe("reading");
    await (await button("Cancel import")).click();
    await waitText("[data-testid=import-cancelled]", "Nothing was written", 60_000);
    expect(await text("[data-testid=import-progress]")).toBe("");
    expect(await sidebar()).toContain("605 tickets");
  });

  it("run again, it stores all of it", async () => {
    const start = await browser.$(`//button[starts-with(normalize-space(.), "Import 9")]`);
    await start.click();
    await waitText("[data-testid=import-result]", "Imported", 180_000);
    expect(await text("[data-testid=stored-tickets]")).toContain("9,000");
    await browser.waitUntil(async () => (await sidebar()).includes("9,605 tickets"), { timeout: 30_000 });
  });
});
