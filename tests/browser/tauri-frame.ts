// What Tauri adds to the real app's page that the mock cannot: the isolation pattern's frame.
// Tauri appends a sandboxed iframe to the body once the page has loaded, with an inline <style>
// to hide it that the app's CSP (style-src 'self') blocks, so in the real window the frame is
// laid out after the shell (300 × 150) and is a tab stop. Seen in the real app with WebKitGTK:
// `#__tauri_isolation__` inline, 154 px tall, src `isolation-<uuid>://localhost/`.
import type { Page } from "@playwright/test";

export async function withIsolationFrame(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.addEventListener("DOMContentLoaded", () => {
      const frame = document.createElement("iframe");
      frame.id = "__tauri_isolation__";
      frame.sandbox.add("allow-scripts");
      frame.src = "about:blank";
      document.body.append(frame);
    });
  });
}
