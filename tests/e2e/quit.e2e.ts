// End-to-end: File → Quit ends the app. The native menu is GTK's, outside the web page that
// WebDriver drives, so the keys are pressed on the window itself with xdotool: F10 opens the
// menu bar's File menu, Up wraps to its last enabled item, Return chooses it. While Quit was
// Tauri's predefined item (drawn greyed out on Linux), Up landed on Settings and the app lived on.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { type Session, startApp } from "./driver";

const xdotool = (...args: string[]) => execFileSync("xdotool", args, { encoding: "utf8" }).trim();

/** The pids of the app's processes (the binary tauri-driver started). */
function appPids(): string[] {
  try {
    return execFileSync("pgrep", ["-f", "accord-desktop$"], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

async function gone(pids: string[], ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (!appPids().some((p) => pids.includes(p))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Starts the app, waits for its window, and gives that window the keyboard. */
async function started(): Promise<{ s: Session; pids: string[] }> {
  const s = await startApp();
  await (await s.browser.$("h1")).waitForDisplayed({ timeout: 30_000 });
  const pids = appPids();
  expect(pids.length).toBeGreaterThan(0);
  const win = xdotool("search", "--sync", "--onlyvisible", "--name", "^Accord").split("\n")[0] ?? "";
  xdotool("windowfocus", "--sync", win);
  return { s, pids };
}

describe("quitting", () => {
  it("File → Quit, chosen from the menu with the keyboard, ends the app", async () => {
    const { s, pids } = await started();
    try {
      xdotool("key", "--delay", "300", "F10", "Up", "Return");
      expect(await gone(pids, 10_000)).toBe(true);
    } finally {
      await s.stop();
    }
  });

  it("Ctrl+Q ends the app", async () => {
    const { s, pids } = await started();
    try {
      xdotool("key", "ctrl+q");
      expect(await gone(pids, 10_000)).toBe(true);
    } finally {
      await s.stop();
    }
  });
});
