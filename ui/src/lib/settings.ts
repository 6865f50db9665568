// The user's display preferences, kept in the window's local storage (nothing secret here: the
// database connection lives in the Rust side, its password in the OS keychain).
import { useSyncExternalStore } from "react";
import type { ZoneChoice } from "./time";

export type Theme = "system" | "light" | "dark";

export interface Settings {
  theme: Theme;
  zone: ZoneChoice;
  /** The user's name as tickets are assigned to them ("Mine" in the queue). */
  me: string;
}

const KEY = "accord.settings";
const DEFAULTS: Settings = { theme: "system", zone: "agreement", me: "" };

function read(): Settings {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? { ...DEFAULTS, ...(JSON.parse(raw) as Partial<Settings>) } : DEFAULTS;
  } catch {
    return DEFAULTS;
  }
}

let current = read();
const listeners = new Set<() => void>();

export function updateSettings(change: Partial<Settings>): void {
  current = { ...current, ...change };
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts this session.
  }
  applyTheme(current.theme);
  for (const l of listeners) l();
}

export function useSettings(): Settings {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

/** Light or dark: the OS's choice unless the user picked one. */
export function applyTheme(theme: Theme): void {
  const root = document.documentElement;
  if (theme === "system") delete root.dataset.theme;
  else root.dataset.theme = theme;
}

applyTheme(current.theme);
