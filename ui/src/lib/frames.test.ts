import { afterEach, describe, expect, it } from "vitest";
import { isForeignFrame, quietFrames, watchFrames } from "./frames";

function frame(attrs: Record<string, string>, parent: Element = document.body): HTMLIFrameElement {
  const f = document.createElement("iframe");
  for (const [k, v] of Object.entries(attrs)) f.setAttribute(k, v);
  parent.append(f);
  return f;
}

const quiet = (f: HTMLIFrameElement) => f.getAttribute("tabindex") === "-1" && f.getAttribute("aria-hidden") === "true";

afterEach(() => document.body.replaceChildren());

describe("isForeignFrame", () => {
  it("knows Tauri's isolation frame by its id and by its src, and any frame put straight in the body", () => {
    const root = document.createElement("div");
    document.body.append(root);
    expect(isForeignFrame(frame({ id: "__tauri_isolation__" }, root))).toBe(true);
    expect(isForeignFrame(frame({ src: "isolation-5a1f2477-89a4-4019-942a-8c2a0c760d27://localhost/" }, root))).toBe(true);
    expect(isForeignFrame(frame({ src: "isolation://localhost/" }, root))).toBe(true);
    expect(isForeignFrame(frame({ src: "about:blank" }))).toBe(true);
    // A frame of the app's own content is left alone.
    expect(isForeignFrame(frame({ src: "/help.html" }, root))).toBe(false);
  });
});

describe("quietFrames", () => {
  it("takes the frames already there out of the tab order and the accessibility tree", () => {
    const root = document.createElement("div");
    document.body.append(root);
    const tauri = frame({ id: "__tauri_isolation__", src: "isolation://localhost/" });
    const own = frame({ src: "/help.html" }, root);
    quietFrames(document);
    expect(quiet(tauri)).toBe(true);
    expect(own.hasAttribute("tabindex")).toBe(false);
    expect(own.hasAttribute("aria-hidden")).toBe(false);
  });
});

describe("watchFrames", () => {
  it("quiets a frame added after it started, as Tauri adds its own once the page has loaded", async () => {
    const stop = watchFrames(document);
    const tauri = frame({ id: "__tauri_isolation__" });
    // MutationObserver callbacks run as a microtask.
    await Promise.resolve();
    expect(quiet(tauri)).toBe(true);
    stop();
    const later = frame({ id: "__tauri_isolation__" });
    await Promise.resolve();
    expect(later.hasAttribute("tabindex")).toBe(false);
  });
});
