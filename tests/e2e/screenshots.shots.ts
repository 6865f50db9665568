// Screenshots of every screen of the real app, light and dark, for docs/screenshots (run by
// scripts/screenshots; not part of the test run). The demo data is loaded first.
import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, it } from "vitest";
import { type Session, startApp } from "./driver";
import { out, shots, sizeWindow } from "./shots";

let session: Session;
let browser: WebdriverIO.Browser;
let shoot: (name: string) => Promise<void>;
let quiet: () => Promise<void>;

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  // The demo as a user loads it: moved to end today, some tickets assigned to them.
  session = await startApp({ ACCORD_TEST_DEMO_AS_OF: "" });
  browser = session.browser;
  ({ shoot, quiet } = shots(browser));
});

afterAll(async () => {
  await session?.stop();
});

const button = (name: string) => browser.$(`//button[normalize-space(.)=${JSON.stringify(name)}]`);

async function openTicket(agreement: string, priority: string, subject: string): Promise<void> {
  await (await button("Tickets")).click();
  await (await button("New ticket…")).click();
  await (await browser.$("//label[contains(., 'Agreement')]/select")).selectByAttribute("value", agreement);
  await (await browser.$("//label[contains(., 'Priority')]/select")).selectByAttribute("value", priority);
  await (await browser.$("//label[contains(., 'Subject')]/input")).setValue(subject);
  await (await browser.$("//label[contains(., 'Customer')]/input")).setValue("Charleston Legal Aid");
  await (await button("Open ticket")).click();
  await (await browser.$("#ticket-title")).waitForDisplayed({ timeout: 15_000 });
}

it("takes a screenshot of every screen", async () => {
  await (await button("Load demo data")).waitForDisplayed({ timeout: 30_000 });
  await sizeWindow();
  await shoot("first-run");
  await (await button("Load demo data")).click();
  // The queue as it opens: Due soon.
  await (await browser.$(".queue-row[data-ticket]")).waitForDisplayed({ timeout: 30_000 });
  await quiet();
  await shoot("queue");
  // Tickets opened now: running, near escalation and paused rows at the end of the queue.
  await openTicket("CTRA-APC-WV-PREMIUM", "p1", "Core switch down at the Charleston office");
  await openTicket("CTRA-APC-WV-PREMIUM", "p2", "Voicemail to email not delivered");
  await (await button("Wait on customer")).click();
  await openTicket("CTRA-APC-WV-BASIC", "p4", "Add a second DID to the main line");
  await openTicket("CTRA-APC-WV-ENT-MOUNTAINEER", "p3", "Schedule after-hours maintenance window");
  // A ticket just opened: its clocks running, the stretches ahead to its due instant, who opened it.
  await (await browser.$(".timeline svg")).waitForDisplayed();
  await quiet();
  await shoot("ticket-live");
  await (await button("Queue")).click();
  // Due soon, the queue's first view: the tickets just opened among the demo's live ones.
  await (await browser.$(".queue-row[data-ticket]")).waitForDisplayed({ timeout: 30_000 });
  await quiet();
  await shoot("queue-now");
  await (await button("Agreements")).click();
  await (await browser.$("table.grid")).waitForDisplayed();
  await shoot("agreements");
  await (await browser.$("//button[contains(., 'Premium')]")).click();
  await (await browser.$("#tab-toml")).waitForDisplayed();
  await browser.waitUntil(async () => (await (await browser.$("#agreement-check")).getText()).includes("accepts"));
  await shoot("agreement-form");
  await browser.execute(() => document.querySelector("#sec-calendar")?.scrollIntoView());
  await shoot("agreement-form-calendar");
  await (await browser.$("#tab-toml")).click();
  await (await browser.$("#agreement-source")).waitForDisplayed();
  await shoot("agreement-editor");
  await (await button("Tickets")).click();
  await (await browser.$("table.grid")).waitForDisplayed();
  await shoot("tickets");
  await (await browser.$("//input[@type='search']")).setValue("T-0000002");
  await (await button("T-0000002")).waitForDisplayed();
  await (await button("T-0000002")).click();
  await (await browser.$(".timeline svg")).waitForDisplayed();
  await shoot("ticket");
  await (await browser.$("//input[@type='search']")).waitForExist({ reverse: true }).catch(() => {});
  await (await button("Tickets")).click();
  await (await browser.$("//input[@type='search']")).setValue("Voicemail");
  await (await button("T-0000602")).waitForDisplayed();
  await (await button("T-0000602")).click();
  await (await browser.$(".timeline svg")).waitForDisplayed();
  await quiet();
  await shoot("ticket-paused");
  await (await button("Tickets")).click();
  await (await button("New ticket…")).click();
  await (await button("Open ticket")).waitForDisplayed();
  await shoot("new-ticket");
  // The dashboard of an agreement in October 2026 (the demo's last month), then the portfolio.
  await (await button("Dashboard")).click();
  await (await browser.$("//label[contains(., 'Dashboard for')]//select")).selectByAttribute("value", "agreement:CTRA-APC-WV-PREMIUM");
  await (await browser.$("//label[starts-with(normalize-space(.), 'Year')]//input")).setValue("2026");
  await (await browser.$("//label[starts-with(normalize-space(.), 'Month')]//select")).selectByAttribute("value", "10");
  const shown = () => browser.execute(() => document.querySelector("main")?.textContent ?? "");
  await browser.waitUntil(async () => (await shown()).includes("2026-10-01 to 2026-10-31") && (await shown()).includes("Resolution compliance"), { timeout: 30_000 });
  await (await browser.$("[data-chart] svg text")).waitForExist({ timeout: 30_000 });
  await shoot("dashboard");
  await (await browser.$("button[aria-label='Show the tickets behind: Clocks met or breached in 2026-10']")).click();
  await (await browser.$("#drill-panel table")).waitForDisplayed({ timeout: 30_000 });
  await browser.execute(() => document.querySelector("[data-chart='breaches-priority']")?.scrollIntoView());
  await shoot("dashboard-drill");
  // What-if: the Premium agreement with faster P2 targets (20 minutes, 3 hours), replayed over October.
  await (await button("What if…")).click();
  const source = await browser.$("#what-if-source");
  await browser.waitUntil(async () => (await source.getValue()).includes("[targets.p1]"), { timeout: 30_000 });
  await browser.execute((el) => {
    const area = el as unknown as HTMLTextAreaElement;
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set;
    setter?.call(area, area.value.replaceAll('first_response = "1h"', 'first_response = "20m"').replaceAll('resolution = "8h"', 'resolution = "3h"'));
    area.dispatchEvent(new Event("input", { bubbles: true }));
  }, source);
  await (await button("Replay the period")).click();
  await (await browser.$("[data-testid=what-if-result] table")).waitForDisplayed({ timeout: 30_000 });
  await browser.execute(() => document.querySelector("[data-testid=what-if-result]")?.scrollIntoView());
  await shoot("what-if");
  await (await button("Dashboard")).click();
  await (await browser.$("//label[contains(., 'Dashboard for')]//select")).selectByAttribute("value", "all");
  await browser.waitUntil(async () => (await shown()).includes("All agreements"), { timeout: 30_000 });
  await (await browser.$("[data-chart] svg text")).waitForExist({ timeout: 30_000 });
  await shoot("dashboard-portfolio");
  await (await button("Settings")).click();
  await shoot("settings");
});
