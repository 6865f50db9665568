// Chooses the backend: the real one inside the Tauri window, the in-memory mock in a browser.
import type { Backend } from "./backend";
import { tauriBackend } from "./tauri";
import { createMockBackend } from "./mock";

export * from "./backend";
export type * from "./bindings";

declare global {
  interface Window {
    __TAURI_INTERNALS__?: unknown;
  }
}

export const backend: Backend =
  typeof window !== "undefined" && window.__TAURI_INTERNALS__ ? tauriBackend : createMockBackend();
