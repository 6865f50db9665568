// Screenshots of the import wizard in the real app, light and dark, for docs/screenshots (run by
// scripts/screenshots): the files chosen and the source detected, the fixtures' profile beside
// its preview with a ticket opened, the confirmation, and the result.
import { mkdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, it } from "vitest";
import { type Session, root, startApp } from "./driver";
import { out, shots } from "./shots";

const fixtures = join(root, "crates/app/tests/fixtures/zendesk");
let session: Session;
let browser: WebdriverIO.Browser;
let shoot: (name: string) => Promise<void>;

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  session = await startApp({ ACCORD_TEST_PICK_EXPORT: [join(fixtures, "tickets.json"), join(fixtures, "audits.json")].join(delimiter) });
  browser = session.browser;
  ({ shoot } = shots(browser));
});

afterAll(async () => {
  await session?.stop();
});

const button = (name: string) => browser.$(`//button[normalize-space(.)=${JSON.stringify(name)}]`);
const text = (selector: string) => browser.execute((s) => document.querySelector(s)?.textContent ?? "", selector);

it("takes the screenshots of the import wizard", async () => {
  await (await button("Load demo data")).waitForDisplayed({ timeout: 30_000 });
  await (await button("Load demo data")).click();
  // The demo is pinned to its own end: every open ticket is late by now, so the queue shows All.
  await (await browser.$("//button[@role='tab'][starts-with(normalize-space(.), 'All')]")).click();
  await (await browser.$(".queue-row[data-ticket]")).waitForDisplayed({ timeout: 30_000 });
  await (await button("Agreements")).click();
  await (await button("Import from a helpdesk…")).click();
  await (await button("Choose files…")).click();
  await browser.waitUntil(async () => (await text("[data-testid=detected]")).includes("Zendesk"), { timeout: 30_000 });
  await shoot("import-1-files");
  await (await button("Next: profile and preview")).click();
  await browser.waitUntil(async () => (await text("[data-testid=preview-status]")).includes("placed"), { timeout: 30_000 });
  await browser.execute(
    (el, v) => {
      const a = el as unknown as HTMLTextAreaElement;
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set?.call(a, v);
      a.dispatchEvent(new Event("input", { bubbles: true }));
    },
    await browser.$("#profile-source"),
    readFileSync(join(fixtures, "profile.toml"), "utf8"),
  );
  await browser.waitUntil(async () => (await text("[data-testid=preview-status]")).includes("9 placed"), { timeout: 30_000 });
  await (await browser.$('tr[data-ticket="ZD-48102"] button')).click();
  await browser.execute(() => document.querySelector('tr[data-ticket="ZD-48102"]')?.scrollIntoView({ block: "start" }));
  await shoot("import-2-preview");
  await (await button("Import…")).click();
  await browser.waitUntil(async () => (await text("[data-testid=import-confirm]")).includes("9 tickets"), { timeout: 30_000 });
  await shoot("import-3-confirm");
  await (await button("Import 9 tickets")).click();
  await browser.waitUntil(async () => (await text("[data-testid=import-result]")).includes("Imported"), { timeout: 30_000 });
  await shoot("import-4-result");
});
