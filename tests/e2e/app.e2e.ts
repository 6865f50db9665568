// End-to-end: the real desktop binary (target/debug/accord-desktop) in a real window, driven
// through tauri-driver and WebKitWebDriver under Xvfb (run by scripts/e2e). Each run starts on a
// fresh SQLite file and fresh per-user folders.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Session, startApp } from "./driver";

const work = mkdtempSync(join(tmpdir(), "accord-e2e-"));
const badTickets = join(work, "tickets.csv");
const savedReport = join(work, "premium-2026-10.pdf");
writeFileSync(
  badTickets,
  "ticket_id,agreement_id,opened_at,priority,channel,category\n" +
    "T-E2E-1,CTRA-APC-WV-PREMIUM,2026-11-02T10:00:00Z,p1,phone,troubleshooting\n" +
    "T-E2E-2,CTRA-APC-WV-PREMIUM,2026-11-02T11:00:00Z,p9,phone,troubleshooting\n",
);

let session: Session;
let browser: WebdriverIO.Browser;

beforeAll(async () => {
  // The file dialog cannot be clicked through WebDriver: in debug builds this variable stands
  // in for the user's choice (src-tauri/src/files.rs).
  session = await startApp({ ACCORD_TEST_PICK: badTickets, ACCORD_TEST_SAVE: savedReport }, work);
  browser = session.browser;
});

afterAll(async () => {
  await session?.stop();
});

const button = (name: string) => browser.$(`//button[normalize-space(.)=${JSON.stringify(name)}]`);
const heading = (text: string) => browser.$(`//h1[contains(normalize-space(.), ${JSON.stringify(text)})]`);

/** Replaces a text area's text as a paste would (typing 60 lines key by key is slow). */
async function replaceText(area: ReturnType<WebdriverIO.Browser["$"]>, text: string): Promise<void> {
  await browser.execute(
    (el, value) => {
      const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, "value")?.set;
      setter?.call(el, value);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    area as unknown as HTMLTextAreaElement,
    text,
  );
}

async function sidebarCount(): Promise<string> {
  return browser.execute(() => document.querySelector(".sidebar-foot .db")?.textContent ?? "");
}

describe("Accord, the real app", () => {
  it("opens on an empty database with the first-run choices, and loads the demo", async () => {
    await (await heading("Welcome to Accord")).waitForDisplayed({ timeout: 30_000 });
    await (await button("Import agreements and tickets…")).waitForDisplayed();
    await (await button("Load demo data")).click();
    await (await heading("Queue")).waitForDisplayed({ timeout: 30_000 });
    await browser.waitUntil(async () => (await sidebarCount()).includes("605 tickets"), { timeout: 15_000 });
    // The demo is pinned to its own end (2026-11-20): today every one of its open tickets is late.
    await (await browser.$("//button[@role='tab'][starts-with(normalize-space(.), 'Breached')]")).click();
    const first = await browser.$(".queue-row[data-ticket]");
    await first.waitForDisplayed();
  });

  it("creates an agreement in the editor, checked by the engine as it is typed", async () => {
    await (await button("Agreements")).click();
    await (await button("New agreement…")).click();
    // The form opens first; this test types the TOML of record.
    await (await browser.$("#tab-toml")).click();
    const area = await browser.$("#agreement-source");
    await area.waitForDisplayed();
    const template = await area.getValue();
    // An unknown key is refused inline, with its line.
    await replaceText(area, `colour = "blue"\n${template}`);
    await browser.waitUntil(async () => (await (await browser.$("#agreement-check")).getText()).includes("colour"), { timeout: 10_000 });
    expect(await (await browser.$("#agreement-check")).getText()).toContain("Line 1");
    expect(await (await button("Save")).isEnabled()).toBe(false);
    // Taken out again: accepted, and saved.
    await replaceText(area, template);
    await browser.waitUntil(async () => (await (await browser.$("#agreement-check")).getText()).includes("accepts"), { timeout: 10_000 });
    await (await button("Save")).click();
    await (await heading("NEW-AGREEMENT")).waitForDisplayed({ timeout: 15_000 });
    await (await button("← Agreements")).click();
    await (await browser.$("//button[normalize-space(.)='New Customer Service Agreement']")).waitForDisplayed();
  });

  let ticketId = "";

  it("opens a ticket under it", async () => {
    await (await button("Tickets")).click();
    await (await button("New ticket…")).click();
    const agreement = await browser.$("//label[contains(., 'Agreement')]/select");
    await agreement.selectByAttribute("value", "NEW-AGREEMENT");
    const priority = await browser.$("//label[contains(., 'Priority')]/select");
    await priority.selectByAttribute("value", "p1");
    await (await browser.$("//label[contains(., 'Subject')]/input")).setValue("E2E: router down at the depot");
    await (await button("Open ticket")).click();
    const title = await browser.$("#ticket-title");
    await title.waitForDisplayed({ timeout: 15_000 });
    ticketId = (await title.getText()).match(/T-\d+/)?.[0] ?? "";
    expect(ticketId).toMatch(/^T-\d{7}$/);
    expect(await (await browser.$("[data-testid=clock-resolution]")).getText()).toContain("Running");
  });

  it("puts it on wait: the resolution clock pauses, the queue shows it paused, the timeline gains a pause", async () => {
    expect(await browser.$$("rect.seg-paused").length).toBe(0);
    await (await button("Wait on customer")).click();
    await browser.waitUntil(async () => (await (await browser.$("[data-testid=clock-resolution]")).getText()).includes("Paused"), {
      timeout: 15_000,
    });
    // The pause shows on the timeline once it has lasted a second (the page follows the time).
    await browser.waitUntil(async () => (await browser.$$("rect.seg-paused").length) > 0, { timeout: 15_000 });
    await (await button("Queue")).click();
    // Waiting on the customer: under its own view, not counted late.
    await (await browser.$("//button[@role='tab'][starts-with(normalize-space(.), 'Waiting on customer')]")).click();
    const row = await browser.$(`.queue-row[data-ticket="${ticketId}"]`);
    // Narrow the queue to the new agreement.
    const select = await browser.$("//label[contains(., 'Agreement')]/select");
    await select.selectByAttribute("value", "NEW-AGREEMENT");
    await row.waitForDisplayed({ timeout: 15_000 });
    expect(await row.getAttribute("data-risk")).toBe("paused");
  });

  it("resolves it: the clock is met and the ticket leaves the queue", async () => {
    await (await browser.$(`.queue-row[data-ticket="${ticketId}"]`)).click();
    await (await button("Customer replied")).click();
    await (await button("Resolve")).waitForClickable({ timeout: 15_000 });
    await (await button("Resolve")).click();
    await browser.waitUntil(async () => (await (await browser.$("[data-testid=clock-resolution]")).getText()).includes("Met"), {
      timeout: 15_000,
    });
    // Each change made here names who made it (the OS user).
    const history = await (await browser.$("[data-testid=ticket-history]")).getText();
    expect(history).toMatch(/Opened as P\d · by \S+[\s\S]*Waiting on customer · by \S+[\s\S]*Customer replied · by \S+[\s\S]*Resolved · by \S+/);
    await (await button("Queue")).click();
    await (await browser.$("//button[@role='tab'][starts-with(normalize-space(.), 'All')]")).click();
    const select = await browser.$("//label[contains(., 'Agreement')]/select");
    await select.selectByAttribute("value", "NEW-AGREEMENT");
    await (await browser.$("//*[contains(., 'No open tickets match')]")).waitForDisplayed({ timeout: 15_000 });
  });

  it("shows an agreement's dashboard, lists the tickets behind a chart's bar, and exports the PDF", async () => {
    await (await button("Dashboard")).click();
    await (await heading("All agreements")).waitForDisplayed({ timeout: 30_000 });
    await (await browser.$("//label[contains(., 'Dashboard for')]//select")).selectByAttribute("value", "agreement:CTRA-APC-WV-PREMIUM");
    await (await heading("West Virginia Customer Service Agreement (Premium)")).waitForDisplayed({ timeout: 30_000 });
    // October 2026: the demo data's last month (not today's).
    await (await browser.$("//label[starts-with(normalize-space(.), 'Year')]//input")).setValue("2026");
    await (await browser.$("//label[starts-with(normalize-space(.), 'Month')]//select")).selectByAttribute("value", "10");
    const mainText = () => browser.execute(() => document.querySelector("main")?.textContent ?? "");
    await browser.waitUntil(async () => (await mainText()).includes("2026-10-01 to 2026-10-31"), {
      timeout: 30_000,
      timeoutMsg: "the dashboard of 2026-10 did not appear",
    }).catch(async (e) => {
      throw new Error(`${e}: the window shows ${(await mainText()).slice(0, 600)}`);
    });
    const kpis = await browser.$("[aria-label='Key figures']");
    await kpis.waitForDisplayed();
    expect(await kpis.getText()).toContain("Resolution compliance");
    // The charts are the engine's SVG, rebuilt in the page; October's point of the compliance
    // trend opens the clocks it counts.
    const october = await browser.$("button[aria-label='Show the tickets behind: Clocks met or breached in 2026-10']");
    await october.waitForExist({ timeout: 30_000 });
    expect(await browser.$$("[data-chart] svg text").length).toBeGreaterThan(10);
    await october.click();
    const panel = await browser.$("#drill-panel");
    await panel.waitForDisplayed({ timeout: 30_000 });
    await browser.waitUntil(async () => (await panel.getText()).includes("Clocks met or breached in 2026-10"), { timeout: 30_000 });
    expect(await panel.getText()).toMatch(/T-\d+/);
    await (await button("Export report…")).click();
    await (await browser.$("//button[@role='menuitem'][normalize-space(.)='PDF']")).click();
    await browser.waitUntil(async () => (await browser.$(".toasts").getText()).includes("Report saved to"), { timeout: 60_000 });
    expect(existsSync(savedReport)).toBe(true);
    expect(readFileSync(savedReport).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("refuses a bad import, shows where it is wrong, and changes nothing", async () => {
    const before = await sidebarCount();
    await (await button("Agreements")).click();
    await (await button("Import…")).click();
    const alert = await browser.$("[role=alert]");
    await alert.waitForDisplayed({ timeout: 15_000 });
    const text = await alert.getText();
    expect(text).toContain("Nothing was imported");
    expect(text).toContain("tickets.csv");
    expect(text).toContain("priority");
    expect(text).toContain("p9");
    expect(await sidebarCount()).toBe(before);
  });
});
