// Where the window is: one screen at a time, remembered across restarts.
import { createContext, useContext } from "react";

export type Route =
  | { name: "queue" }
  | { name: "agreements" }
  | { name: "agreement"; id: string | null }
  | { name: "tickets" }
  | { name: "ticket"; id: string }
  | { name: "new-ticket"; agreementId?: string }
  | { name: "settings" };

const KEY = "accord.route";

export function savedRoute(): Route {
  try {
    const r = JSON.parse(localStorage.getItem(KEY) ?? "null") as Route | null;
    if (r && typeof r === "object" && "name" in r) return r;
  } catch {
    // A damaged entry: start on the queue.
  }
  return { name: "queue" };
}

export function saveRoute(r: Route): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(r));
  } catch {
    // Not remembered this time.
  }
}

export interface Nav {
  route: Route;
  go: (r: Route) => void;
  notify: (message: string) => void;
}

export const NavContext = createContext<Nav>({ route: { name: "queue" }, go: () => {}, notify: () => {} });

export const useNav = () => useContext(NavContext);
