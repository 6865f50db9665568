// Starts the real app through tauri-driver (WebKitWebDriver) on a fresh SQLite database and
// fresh per-user folders, and stops it again. Shared by the end-to-end tests and the
// screenshot run.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { remote } from "webdriverio";

export const root = resolve(import.meta.dirname, "../..");

export interface Session {
  browser: WebdriverIO.Browser;
  work: string;
  stop: () => Promise<void>;
}

async function waitForDriver(port: number): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/status`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("tauri-driver did not start");
}

export async function startApp(extraEnv: Record<string, string> = {}, work = mkdtempSync(join(tmpdir(), "accord-e2e-"))): Promise<Session> {
  const target = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, "target");
  const app = process.env.ACCORD_APP ?? join(target, "debug/accord-desktop");
  const env = {
    ...process.env,
    ACCORD_DB: `sqlite://${join(work, "accord.db")}`,
    XDG_DATA_HOME: join(work, "data"),
    XDG_CONFIG_HOME: join(work, "config"),
    XDG_CACHE_HOME: join(work, "cache"),
    // The demo as of the instant its history ends (it is then loaded as shipped, unmoved), so
    // the figures the tests read do not depend on the day they run.
    ACCORD_TEST_DEMO_AS_OF: "2026-11-20T15:00:00Z",
    ...extraEnv,
  };
  const driver: ChildProcess = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", ["--port", "4444", "--native-port", "4445"], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  let browser: WebdriverIO.Browser;
  try {
    await waitForDriver(4444);
    browser = await remote({
      hostname: "127.0.0.1",
      port: 4444,
      logLevel: "warn",
      capabilities: {
        "wdio:enforceWebDriverClassic": true,
        "tauri:options": { application: app },
      } as WebdriverIO.Capabilities,
    });
  } catch (e) {
    // Leave no driver behind to hold the port for the next run.
    driver.kill("SIGTERM");
    throw e;
  }
  return {
    browser,
    work,
    stop: async () => {
      await browser.deleteSession().catch(() => {});
      driver.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 300));
    },
  };
}
