// Screenshots of issued statements and changes of terms in the real app, light and dark, for
// docs/screenshots (run by scripts/screenshots after every screen's): October's statement
// issued, the impact of a correction (P2 resolution 8h → 2h) before it is saved, the
// agreement's history after it, and October's dashboard with the restatement.
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, it } from "vitest";
import { type Session, startApp } from "./driver";
import { out, shots } from "./shots";

let session: Session;
let browser: WebdriverIO.Browser;
let shoot: (name: string) => Promise<void>;

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  session = await startApp();
  browser = session.browser;
  ({ shoot } = shots(browser));
});

afterAll(async () => {
  await session?.stop();
});

const button = (name: string) => browser.$(`//button[normalize-space(.)=${JSON.stringify(name)}]`);
const text = (selector: string) => browser.execute((s) => document.querySelector(s)?.textContent ?? "", selector);
const into = (selector: string) => browser.execute((s) => document.querySelector(s)?.scrollIntoView({ block: "start" }), selector);

async function premiumOctober(): Promise<void> {
  await (await button("Dashboard")).click();
  await (await browser.$("//label[contains(., 'Dashboard for')]//select")).selectByAttribute("value", "agreement:CTRA-APC-WV-PREMIUM");
  await (await browser.$("//label[starts-with(normalize-space(.), 'Year')]//input")).setValue("2026");
  await (await browser.$("//label[starts-with(normalize-space(.), 'Month')]//select")).selectByAttribute("value", "10");
  await browser.waitUntil(async () => (await text("main")).includes("2026-10-01 to 2026-10-31"), { timeout: 30_000 });
  await (await browser.$("[data-testid=statement]")).waitForDisplayed({ timeout: 30_000 });
}

it("takes the screenshots of statements and changes of terms", async () => {
  await (await button("Load demo data")).waitForDisplayed({ timeout: 30_000 });
  await (await button("Load demo data")).click();
  // The demo is pinned to its own end: every open ticket is late by now, so the queue shows All.
  await (await browser.$("//button[@role='tab'][starts-with(normalize-space(.), 'All')]")).click();
  await (await browser.$(".queue-row[data-ticket]")).waitForDisplayed({ timeout: 30_000 });
  await premiumOctober();
  await (await button("Issue statement…")).click();
  await (await button("Issue statement")).click();
  await browser.waitUntil(async () => (await text("[data-testid=statement]")).includes("Statement No. 1"), { timeout: 30_000 });
  await into("[data-testid=statement]");
  await shoot("dashboard-statement");

  await (await button("Agreements")).click();
  await (await button("West Virginia Customer Service Agreement (Premium)")).click();
  await (await browser.$("#tab-toml")).click();
  const area = await browser.$("#agreement-source");
  await area.waitForDisplayed();
  await browser.execute((el) => {
    const a = el as unknown as HTMLTextAreaElement;
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set?.call(
      a,
      a.value.replace('[targets.p2]\nfirst_response = "1h"\nresolution = "8h"', '[targets.p2]\nfirst_response = "1h"\nresolution = "2h"'),
    );
    a.dispatchEvent(new Event("input", { bubbles: true }));
  }, area);
  await browser.waitUntil(async () => (await text("#agreement-check")).includes("accepts"), { timeout: 10_000 });
  await (await button("Save…")).click();
  await (await browser.$("//input[@value='correct']")).click();
  await (await button("Show impact")).click();
  await (await browser.$("[data-testid=impact] .impact-period[data-period='2026-10']")).waitForDisplayed({ timeout: 30_000 });
  await into("[data-testid=impact] .impact-period[data-period='2026-10']");
  await shoot("agreement-impact");
  await (await button("Confirm and save")).click();
  await browser.waitUntil(async () => (await text("#editor-title + p")).includes("Version 2"), { timeout: 30_000 });
  await (await browser.$("#tab-history")).click();
  await browser.waitUntil(async () => (await text("#panel-history")).includes("Version 2"), { timeout: 30_000 });
  await shoot("agreement-history");

  await premiumOctober();
  await browser.waitUntil(async () => (await text("[data-testid=statement]")).includes("Restatement"), { timeout: 30_000 });
  await into("[data-testid=restatement]");
  await shoot("dashboard-restatement");
});
