// Chooses the backend: the real one inside the Tauri window, the in-memory mock in a browser.
// The mock (and its data, the engine's answers over the demo) is loaded only outside Tauri, by
// a dynamic import: the desktop window never loads it. `main.tsx` waits for `backendReady`
// before the first render, so `backend` is the chosen one wherever a screen calls it.
import type { Backend } from "./backend";
import { tauriBackend } from "./tauri";

export * from "./backend";
export type * from "./bindings";

declare global {
  interface Window {
    __TAURI_INTERNALS__?: unknown;
  }
}

const inTauri = typeof window !== "undefined" && Boolean(window.__TAURI_INTERNALS__);

/** The backend every screen calls (set once, before the first render). */
export let backend: Backend = tauriBackend;

/** Resolves once `backend` is the one to use. */
export const backendReady: Promise<void> = inTauri
  ? Promise.resolve()
  : import("./mock").then(async ({ createMockBackend }) => {
      backend = await createMockBackend();
    });
