// What the screenshot scripts share: the window captured as the X server shows it, in the light
// and the dark theme, into docs/screenshots; with ACCORD_SHOTS_SIZE=1024x640, the window at that
// size, into docs/screenshots/1024x640 (the smallest size the layouts are made for).
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { root } from "./driver";

const size = /^(\d+)x(\d+)$/.exec(process.env.ACCORD_SHOTS_SIZE ?? "");

export const out = size ? join(root, "docs/screenshots", size[0]) : join(root, "docs/screenshots");

const settle = () => new Promise((r) => setTimeout(r, 700));

/**
 * The app's window as the X server shows it (WebKitWebDriver's own screenshot stalls on some
 * screens since WebKit renders without accelerated compositing).
 */
function capture(file: string) {
  // A desktop notification (a ticket opened for the pictures passing an escalation level) would
  // sit over the window.
  try {
    execFileSync("dunstctl", ["close-all"]);
  } catch {
    // No notification server in this session: nothing can be showing.
  }
  const id = windowId();
  execFileSync("import", ["-window", id, file]);
}

function windowId(): string {
  const tree = execFileSync("xwininfo", ["-root", "-tree"], { encoding: "utf8" });
  const id = /^\s+(0x[0-9a-f]+) "Accord": \(/m.exec(tree)?.[1];
  if (!id) throw new Error(`no window named Accord in:\n${tree}`);
  return id;
}

/** Gives the window the size asked for (ACCORD_SHOTS_SIZE), if one was. */
export async function sizeWindow(): Promise<void> {
  if (!size) return;
  execFileSync("xdotool", ["windowsize", "--sync", windowId(), size[1] ?? "", size[2] ?? ""]);
  await settle();
}

/** The screenshot helpers of one app session. */
export function shots(browser: WebdriverIO.Browser): { shoot: (name: string) => Promise<void>; quiet: () => Promise<void> } {
  /** Waits until no notice is showing, so it does not cover the screen. */
  async function quiet() {
    await browser.waitUntil(async () => (await browser.$$(".toast").length) === 0, { timeout: 15_000 });
  }

  async function theme(t: "light" | "dark") {
    await browser.execute((value) => {
      const s = JSON.parse(localStorage.getItem("accord.settings") ?? "{}") as Record<string, unknown>;
      localStorage.setItem("accord.settings", JSON.stringify({ ...s, theme: value }));
      document.documentElement.dataset.theme = value;
    }, t);
  }

  async function shoot(name: string) {
    await quiet();
    for (const t of ["light", "dark"] as const) {
      await theme(t);
      await settle();
      capture(join(out, `${name}-${t}.png`));
    }
    await theme("light");
  }

  return { shoot, quiet };
}
