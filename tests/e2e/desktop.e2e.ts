// End-to-end: what the app does with the desktop around it (run by scripts/e2e inside
// tests/e2e/session/run, which provides a notification server and an unlocked keyring):
// - a ticket passing an escalation level raises a desktop notification, and clicking it opens
//   that ticket;
// - a PostgreSQL server chosen in Settings keeps its password in the system keychain, not in a
//   file, and the app reopens that server at the next start with it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startApp } from "./driver";

// P1's first response is due 20 s after opening, round the clock; level 1 at half of it.
const FAST = `id = "E2E-FAST"
title = "Fast escalation (end-to-end test)"
provider = "APC Telecom, Inc."
alliance = "Canadian Telecom Resellers Alliance"
region = "West Virginia"
tier = "premium"
effective_from = 2026-01-01
scope = ["troubleshooting"]
account_manager = "Dana Whitfield"
monthly_fee = "1000.00"
currency = "USD"

[calendar]
time_zone = "America/New_York"
mon = ["00:00-24:00"]
tue = ["00:00-24:00"]
wed = ["00:00-24:00"]
thu = ["00:00-24:00"]
fri = ["00:00-24:00"]
sat = ["00:00-24:00"]
sun = ["00:00-24:00"]

[targets.p1]
first_response = "20s"
resolution = "4h"
clock = "24x7"
[targets.p2]
first_response = "1h"
resolution = "8h"
[targets.p3]
first_response = "4h"
resolution = "2d"
[targets.p4]
first_response = "8h"
resolution = "5d"

[[escalation]]
level = 1
name = "Duty manager"
clock = "first_response"
at = 0.5
contact = "duty@apc.example"

[reporting]
period = "month"
compliance_target = 0.95
`;

const button = (b: WebdriverIO.Browser, name: string) => b.$(`//button[normalize-space(.)=${JSON.stringify(name)}]`);

function notifications(): string {
  const log = process.env.ACCORD_E2E_NOTIFY_LOG;
  if (!log) throw new Error("run inside tests/e2e/session/run (scripts/e2e does)");
  return readFileSync(log, "utf8");
}

describe("Accord on the desktop", () => {
  it("notifies a ticket passing an escalation level, and the notification opens it", async () => {
    const work = mkdtempSync(join(tmpdir(), "accord-e2e-"));
    const file = join(work, "fast.toml");
    writeFileSync(file, FAST);
    const s = await startApp({ ACCORD_TEST_PICK: file }, work);
    const b = s.browser;
    try {
      await (await button(b, "Import agreements and tickets…")).click();
      await (await b.$("//h1[normalize-space(.)='Queue']")).waitForDisplayed({ timeout: 30_000 });
      await (await button(b, "Tickets")).click();
      await (await button(b, "New ticket…")).click();
      await (await b.$("//label[contains(., 'Agreement')]/select")).selectByAttribute("value", "E2E-FAST");
      await (await b.$("//label[contains(., 'Priority')]/select")).selectByAttribute("value", "p1");
      await (await b.$("//label[contains(., 'Subject')]/input")).setValue("E2E: switch down at the depot");
      await (await button(b, "Open ticket")).click();
      const title = await b.$("#ticket-title");
      await title.waitForDisplayed({ timeout: 15_000 });
      const id = (await title.getText()).match(/T-\d+/)?.[0] ?? "";
      expect(id).toMatch(/^T-\d{7}$/);
      // Somewhere else when it fires, so that the click visibly brings the ticket back.
      await (await button(b, "Agreements")).click();
      await b.waitUntil(async () => notifications().includes(`${id} reached escalation level 1`), {
        timeout: 30_000,
        timeoutMsg: `no notification for ${id}; the server logged:\n${notifications()}`,
      });
      expect(notifications()).toContain("E2E-FAST · P1 · E2E: switch down at the depot");
      // The whole display, notification and all, when screenshots are asked for.
      if (process.env.ACCORD_E2E_SHOTS) execFileSync("import", ["-window", "root", join(process.env.ACCORD_E2E_SHOTS, "notification.png")]);
      // What a click does (dunst's left click runs the default action).
      execFileSync("dunstctl", ["action", "0"]);
      await b.waitUntil(async () => (await (await b.$("#ticket-title")).isExisting()) && (await (await b.$("#ticket-title")).getText()).includes(id), {
        timeout: 15_000,
        timeoutMsg: "clicking the notification did not open the ticket",
      });
    } finally {
      await s.stop();
    }
  });

  it("keeps a PostgreSQL password in the system keychain and reopens the server at the next start", async () => {
    const admin = process.env.ACCORD_TEST_POSTGRES;
    if (!admin) {
      if (process.env.CI) throw new Error("CI must provide a PostgreSQL server in ACCORD_TEST_POSTGRES");
      console.warn("ACCORD_TEST_POSTGRES is not set: the keychain test needs a server (CI runs it)");
      return;
    }
    const name = `accord_e2e_${process.pid}_${Date.now()}`;
    execFileSync("psql", [admin, "-qc", `CREATE DATABASE ${name}`]);
    const server = new URL(admin);
    const password = decodeURIComponent(server.password);
    server.password = "";
    server.pathname = `/${name}`;
    const url = server.toString();
    const work = mkdtempSync(join(tmpdir(), "accord-e2e-"));
    try {
      // No ACCORD_DB: the app opens what Settings chose (at first, the default file).
      let s = await startApp({ ACCORD_DB: "" }, work);
      let b = s.browser;
      try {
        await (await button(b, "Settings")).click();
        await (await b.$("//label[contains(., 'Server URL')]/input")).setValue(url);
        await (await b.$("//label[contains(., 'Password')]/input")).setValue(password);
        await (await button(b, "Connect")).click();
        await (await b.$("//dd[contains(., 'PostgreSQL (shared with your team)')]")).waitForDisplayed({ timeout: 30_000 });
      } finally {
        await s.stop();
      }
      // The password is in the keychain, under the URL without it, and in no file of the app's.
      const saved = execFileSync("secret-tool", ["lookup", "service", "Accord", "username", url], { encoding: "utf8" });
      expect(saved).toBe(password);
      const choice = readFileSync(join(work, "config", "accord", "database.json"), "utf8");
      expect(JSON.parse(choice)).toEqual({ kind: "postgres", url });
      for (const f of readdirSync(join(work, "config"), { recursive: true, withFileTypes: true })) {
        if (f.isFile()) expect(readFileSync(join(f.parentPath, f.name), "utf8")).not.toContain(password);
      }
      // Next start: the server again, with the keychain's password.
      s = await startApp({ ACCORD_DB: "" }, work);
      b = s.browser;
      try {
        await (await b.$("//p[contains(@class, 'db') and contains(., 'PostgreSQL')]")).waitForDisplayed({ timeout: 30_000 });
        // The last screen (Settings) is remembered; the first-run choices are on the others.
        await (await button(b, "Queue")).click();
        await (await button(b, "Load demo data")).click();
        // textContent: the footer's text may be outside WebDriver's idea of "displayed" text.
        const footer = async () => String(await (await b.$(".sidebar-foot .db")).getProperty("textContent"));
        await b.waitUntil(async () => (await footer()).includes("605 tickets"), {
          timeout: 60_000,
          timeoutMsg: "the demo did not load into PostgreSQL: the sidebar never counted 605 tickets",
        });
      } finally {
        await s.stop();
      }
    } finally {
      execFileSync("psql", [admin, "-qc", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]);
    }
  });
});
