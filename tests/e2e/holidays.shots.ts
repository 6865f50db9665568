// Screenshots of holidays from a calendar file in the real app, light and dark, for
// docs/screenshots (run by scripts/screenshots): the US federal fixture read for the Premium
// agreement, with Columbus Day (before today) checked beside the default choice and its warning;
// then the holidays after adding, each with the file it came from.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, it } from "vitest";
import { type Session, root, startApp } from "./driver";
import { on } from "./page";
import { out, shots } from "./shots";

let session: Session;
let browser: WebdriverIO.Browser;
const { button, heading, text } = on(() => browser);
let shoot: (name: string) => Promise<void>;

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  session = await startApp({ ACCORD_TEST_PICK_CALENDAR: join(root, "crates/core/tests/fixtures/holidays/us-federal.ics") });
  browser = session.browser;
  ({ shoot } = shots(browser));
});

afterAll(async () => {
  await session?.stop();
});

const into = (selector: string) => browser.execute((s) => document.querySelector(s)?.scrollIntoView({ block: "start" }), selector);

it("takes the screenshots of holidays from a calendar file", async () => {
  await (await button("Load demo data")).waitForDisplayed({ timeout: 30_000 });
  await (await button("Load demo data")).click();
  await (await heading("Queue")).waitForDisplayed({ timeout: 30_000 });
  await (await button("Agreements")).click();
  await (await button("West Virginia Customer Service Agreement (Premium)")).click();
  await (await heading("CTRA-APC-WV-PREMIUM")).waitForDisplayed({ timeout: 15_000 });
  await (await button("Import from a calendar file (.ics)…")).click();
  await (await browser.$("[role=dialog]")).waitForDisplayed({ timeout: 15_000 });
  const columbus = await browser.$(`//tr[.//time[@datetime="2026-10-12"]]//input[@type="checkbox"]`);
  await columbus.click();
  await browser.execute(() => document.querySelector("[role=dialog] tr:has(time[datetime='2026-09-07'])")?.scrollIntoView({ block: "start" }));
  await shoot("holidays-1-approve");
  await (await browser.$(`//div[@role='dialog']//button[starts-with(normalize-space(.), "Add ")]`)).click();
  await browser.waitUntil(async () => (await text(".holiday-added")).includes("Added"), { timeout: 30_000 });
  await into("#holidays-title");
  await shoot("holidays-2-added");
});
