import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import "./styles/app.css";
// After every other stylesheet: the rules for small windows win where they apply.
import "./styles/narrow.css";
import { backendReady } from "./lib/ipc";
import { watchFrames } from "./lib/frames";

// Tauri's isolation frame is no stop for Tab (it is added once the page has loaded).
watchFrames();
const root = document.getElementById("root");
// Outside the desktop window the mock backend is loaded first (see lib/ipc/index.ts).
function start() {
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
function failed(e: unknown) {
  if (root) root.textContent = `Accord could not start: ${e instanceof Error ? e.message : String(e)}`;
}
void backendReady.then(start, failed);
