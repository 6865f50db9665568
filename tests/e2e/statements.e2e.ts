// End-to-end (issue 20): the real app on a fresh SQLite file with the demo data. October's
// credit statement is issued from the dashboard; the Premium agreement is then amended from
// 2026-10-15 (P2 resolution 8h → 2h) in the editor, whose impact dialog names October and its
// issued statement before anything is saved; after confirming, October's dashboard shows the
// statement as issued with a restatement; a late event imported for October adds its ticket
// to the restatement; and issuing again gives statement No. 2, superseding No. 1.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Session, root, startApp } from "./driver";

const work = mkdtempSync(join(tmpdir(), "accord-e2e-statements-"));
const late = join(work, "late-events.csv");
// An import brings a ticket's whole history (the stored events are its prefix): T-0000500 has
// waited on the customer since March; the reply and the resolution in October are logged late.
const demoEvents = readFileSync(join(root, "crates/app/demo/events.csv"), "utf8").split("\n");
writeFileSync(
  late,
  [
    demoEvents[0],
    ...demoEvents.filter((l) => l.startsWith("T-0000500,")),
    "T-0000500,2026-10-13T14:00:00Z,customer_replied,Logged late,",
    "T-0000500,2026-10-14T15:00:00Z,resolved,Logged late,",
  ].join("\n") + "\n",
);

let session: Session;
let browser: WebdriverIO.Browser;

beforeAll(async () => {
  // Stands in for the user's choice in the file dialog (debug builds only; src-tauri/src/files.rs).
  session = await startApp({ ACCORD_TEST_PICK: late }, work);
  browser = session.browser;
});

afterAll(async () => {
  await session?.stop();
});

const button = (name: string) => browser.$(`//button[normalize-space(.)=${JSON.stringify(name)}]`);
const heading = (text: string) => browser.$(`//h1[contains(normalize-space(.), ${JSON.stringify(text)})]`);
const text = (selector: string) => browser.execute((s) => document.querySelector(s)?.textContent ?? "", selector);

/** Sets a text area's or input's value as a paste would, so React sees it. */
async function setValue(el: ReturnType<WebdriverIO.Browser["$"]>, value: string): Promise<void> {
  await browser.execute(
    (node, v) => {
      const proto = node instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, "value")?.set?.call(node, v);
      node.dispatchEvent(new Event("input", { bubbles: true }));
    },
    el as unknown as HTMLInputElement,
    value,
  );
}

async function premiumOctober(): Promise<void> {
  await (await button("Dashboard")).click();
  await (await browser.$("//label[contains(., 'Dashboard for')]//select")).selectByAttribute("value", "agreement:CTRA-APC-WV-PREMIUM");
  await (await heading("West Virginia Customer Service Agreement (Premium)")).waitForDisplayed({ timeout: 30_000 });
  await (await browser.$("//label[starts-with(normalize-space(.), 'Year')]//input")).setValue("2026");
  await (await browser.$("//label[starts-with(normalize-space(.), 'Month')]//select")).selectByAttribute("value", "10");
  await browser.waitUntil(async () => (await text("main")).includes("2026-10-01 to 2026-10-31"), { timeout: 30_000 });
  await (await browser.$("[data-testid=statement]")).waitForDisplayed({ timeout: 30_000 });
}

async function waitForStatement(needle: string): Promise<string> {
  let last = "";
  await browser
    .waitUntil(
      async () => {
        last = await text("[data-testid=statement]");
        return last.includes(needle);
      },
      { timeout: 30_000 },
    )
    .catch(() => {
      throw new Error(`the statement panel never said "${needle}"; it says: ${last.slice(0, 800)}`);
    });
  return last;
}

describe("Issued statements and amendments, in the real app", () => {
  it("loads the demo data", async () => {
    await (await heading("Welcome to Accord")).waitForDisplayed({ timeout: 30_000 });
    await (await button("Load demo data")).click();
    await (await heading("Queue")).waitForDisplayed({ timeout: 30_000 });
  });

  it("issues October's credit statement from the dashboard", async () => {
    await premiumOctober();
    await (await button("Issue statement…")).click();
    const dialog = await browser.$("[role=dialog]");
    await dialog.waitForDisplayed();
    expect(await dialog.getText()).toContain("Issue the credit statement for 2026-10?");
    await (await button("Issue statement")).click();
    const panel = await waitForStatement("Statement No. 1");
    expect(panel).toContain("125.00 USD");
    expect(panel).toContain("T-0000113");
    expect(panel).not.toContain("Restatement");
  });

  it("amends the agreement from 2026-10-15: the impact names October and its statement before anything is saved", async () => {
    await (await button("Agreements")).click();
    await (await button("West Virginia Customer Service Agreement (Premium)")).click();
    await (await heading("CTRA-APC-WV-PREMIUM")).waitForDisplayed({ timeout: 15_000 });
    await (await browser.$("#tab-toml")).click();
    const area = await browser.$("#agreement-source");
    await area.waitForDisplayed();
    const source = await area.getValue();
    const edited = source.replace('[targets.p2]\nfirst_response = "1h"\nresolution = "8h"', '[targets.p2]\nfirst_response = "1h"\nresolution = "2h"');
    expect(edited).not.toBe(source);
    await setValue(area, edited);
    await browser.waitUntil(async () => (await text("#agreement-check")).includes("accepts"), { timeout: 10_000 });
    await (await button("Save…")).click();
    const dialog = await browser.$("[role=dialog]");
    await dialog.waitForDisplayed();
    // "Amend from a date" is the default choice.
    const effective = await browser.$("//label[normalize-space(.)='Effective date']/following-sibling::span//input[@type='text']");
    await setValue(effective, "2026-10-15");
    expect(await (await browser.$("//label[normalize-space(.)='Reference']/following-sibling::input")).getValue()).toBe("Amendment No. 1");
    await (await button("Show impact")).click();
    const october = await browser.$("[data-testid=impact] .impact-period[data-period='2026-10']");
    await october.waitForDisplayed({ timeout: 30_000 });
    const impact = await october.getText();
    expect(impact).toContain("Service credits");
    expect(impact).toMatch(/statement 1, issued/);
    // Nothing before the amendment's month moves.
    expect(await browser.$$("[data-testid=impact] .impact-period[data-period='2026-09']").length).toBe(0);
    // Nothing is saved before the confirmation.
    expect(await text("#editor-title + p")).toContain("Version 1");
    await (await button("Confirm and save")).click();
    await browser.waitUntil(async () => (await text("#editor-title + p")).includes("Version 2"), { timeout: 30_000 });
    expect(await text(".editor")).toContain("Amendment No. 1");
    const saved = await (await browser.$("#agreement-source")).getValue();
    expect(saved.startsWith(source)).toBe(true);
    expect(saved).toContain("[[amendments]]");
  });

  it("shows October's statement as issued, and its restatement by ticket", async () => {
    await premiumOctober();
    const panel = await waitForStatement("Restatement");
    expect(panel).toContain("Statement No. 1");
    expect(panel).toContain("T-0000450");
    expect(panel).toContain("the terms were changed since issue");
    expect(panel).not.toContain("T-0000500");
  });

  it("a late event imported for October joins the restatement, with its cause", async () => {
    await (await button("Agreements")).click();
    await (await button("Import…")).click();
    await browser.waitUntil(async () => (await text(".toasts")).includes("2 events added"), { timeout: 30_000 });
    await premiumOctober();
    const panel = await waitForStatement("T-0000500");
    expect(panel).toContain("2 events recorded since issue");
    expect(panel).toContain("T-0000450");
  });

  it("issues October again: statement No. 2 supersedes No. 1", async () => {
    await (await button("Issue restated statement (No. 2)…")).click();
    await (await browser.$("[role=dialog]")).waitForDisplayed();
    await (await button("Issue statement No. 2")).click();
    const panel = await waitForStatement("Statement No. 2");
    expect(panel).toContain("supersedes No. 1");
    expect(panel).not.toContain("Restatement");
  });
});
