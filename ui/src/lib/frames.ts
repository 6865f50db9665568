// Frames that are not the app's: Tauri's isolation pattern appends a sandboxed iframe to the body
// once the page has loaded (src `isolation-<uuid>://localhost/` on Linux). The stylesheet hides it
// (app.css), since Tauri's own inline style for that is refused by the CSP; here it is also taken
// out of the tab order and the accessibility tree, so Tab from the last control never lands in it.

const ISOLATION_ID = "__tauri_isolation__";

/** Whether `frame` is not part of the app's content: Tauri's isolation frame, or any frame put straight in the body. */
export function isForeignFrame(frame: HTMLIFrameElement): boolean {
  if (frame.id === ISOLATION_ID || frame.parentElement === frame.ownerDocument.body) return true;
  const src = frame.getAttribute("src") ?? "";
  return /^isolation(-[\w-]+)?:/i.test(src) || src.includes("__TAURI_ISOLATION__");
}

function quiet(frame: HTMLIFrameElement): void {
  if (!isForeignFrame(frame)) return;
  frame.setAttribute("tabindex", "-1");
  frame.setAttribute("aria-hidden", "true");
}

/** Quiets the foreign frames already in `doc`. */
export function quietFrames(doc: Document = document): void {
  for (const frame of Array.from(doc.querySelectorAll("iframe"))) quiet(frame);
}

/** Quiets the foreign frames there now and every one added to the body later; returns the way to stop. */
export function watchFrames(doc: Document = document): () => void {
  quietFrames(doc);
  const observer = new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of Array.from(change.addedNodes)) {
        if (node.nodeName === "IFRAME") quiet(node as HTMLIFrameElement);
      }
    }
  });
  observer.observe(doc.body, { childList: true });
  return () => observer.disconnect();
}
