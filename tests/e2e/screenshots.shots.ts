// Screenshots of every screen of the real app, light and dark, for docs/screenshots (run by
// scripts/screenshots; not part of the test run). The demo data is loaded first.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, it } from "vitest";
import { type Session, root, startApp } from "./driver";

const out = join(root, "docs/screenshots");
let session: Session;
let browser: WebdriverIO.Browser;

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  session = await startApp();
  browser = session.browser;
});

afterAll(async () => {
  await session?.stop();
});

const button = (name: string) => browser.$(`//button[normalize-space(.)=${JSON.stringify(name)}]`);
const settle = () => new Promise((r) => setTimeout(r, 700));

async function theme(t: "light" | "dark") {
  await browser.execute((value) => {
    const s = JSON.parse(localStorage.getItem("accord.settings") ?? "{}") as Record<string, unknown>;
    localStorage.setItem("accord.settings", JSON.stringify({ ...s, theme: value }));
    document.documentElement.dataset.theme = value;
  }, t);
}

async function shoot(name: string) {
  for (const t of ["light", "dark"] as const) {
    await theme(t);
    await settle();
    await browser.saveScreenshot(join(out, `${name}-${t}.png`));
  }
  await theme("light");
}

it("takes a screenshot of every screen", async () => {
  await (await button("Load demo data")).waitForDisplayed({ timeout: 30_000 });
  await shoot("first-run");
  await (await button("Load demo data")).click();
  await (await browser.$(".queue-row[data-ticket]")).waitForDisplayed({ timeout: 30_000 });
  await shoot("queue");
  await (await button("Agreements")).click();
  await (await browser.$("table.grid")).waitForDisplayed();
  await shoot("agreements");
  await (await browser.$("//button[contains(., 'Premium')]")).click();
  await (await browser.$("#agreement-source")).waitForDisplayed();
  await browser.waitUntil(async () => (await (await browser.$("#agreement-check")).getText()).includes("accepts"));
  await shoot("agreement-editor");
  await (await button("Tickets")).click();
  await (await browser.$("table.grid")).waitForDisplayed();
  await shoot("tickets");
  await (await browser.$("//input[@type='search']")).setValue("T-0000002");
  await (await button("T-0000002")).waitForDisplayed();
  await (await button("T-0000002")).click();
  await (await browser.$(".timeline svg")).waitForDisplayed();
  await shoot("ticket");
  await (await button("Tickets")).click();
  await (await button("New ticket…")).click();
  await (await button("Open ticket")).waitForDisplayed();
  await shoot("new-ticket");
  await (await button("Settings")).click();
  await shoot("settings");
});
