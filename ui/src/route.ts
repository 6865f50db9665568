// Where the window is: one screen at a time, remembered across restarts.
import { createContext, useContext, useEffect, useRef } from "react";
import type { Drill, Scope } from "./lib/ipc";
import { currentMonth } from "./lib/period";

export type Route =
  | { name: "queue" }
  | { name: "agreements" }
  | { name: "agreement"; id: string | null }
  | { name: "tickets" }
  /** `back`: where the ticket was opened from, which its back link returns to (else the tickets list). */
  | { name: "ticket"; id: string; back?: Route }
  | { name: "new-ticket"; agreementId?: string }
  /** `drill`: a drill-down to open on arrival (a ticket's way back to the one it was opened from). */
  | { name: "dashboard"; scope: Scope; period: string; drill?: ReopenDrill }
  | { name: "what-if"; agreementId: string | null; period: string }
  | { name: "settings" }
  /** The import wizard: a helpdesk's export by a mapping profile. */
  | { name: "import" };

/** A drill-down to open again: its question, and its chart category (`data-region`). */
export interface ReopenDrill {
  drill: Drill;
  key: string;
}

const KEY = "accord.route";
/** The last dashboard and what-if asked for, so the sidebar returns to them. */
const LAST = "accord.route.reports";

export const PORTFOLIO: Scope = { agreement: null, tier: null, region: null };

function isScope(s: unknown): s is Scope {
  return !!s && typeof s === "object" && "agreement" in s && "tier" in s && "region" in s;
}

/** A stored route made whole (an older or damaged entry gets the defaults it lacks). */
function repaired(r: Route): Route {
  if (r.name === "dashboard") {
    const drill = r.drill && typeof r.drill === "object" && isScope(r.drill.drill?.scope) && typeof r.drill.key === "string" ? r.drill : undefined;
    return { name: "dashboard", scope: isScope(r.scope) ? r.scope : PORTFOLIO, period: typeof r.period === "string" ? r.period : currentMonth(), ...(drill && { drill }) };
  }
  if (r.name === "ticket") {
    const back = r.back && typeof r.back === "object" && "name" in r.back && r.back.name !== "ticket" ? repaired(r.back) : undefined;
    return { name: "ticket", id: r.id, ...(back && { back }) };
  }
  if (r.name === "what-if") {
    return { name: "what-if", agreementId: typeof r.agreementId === "string" ? r.agreementId : null, period: typeof r.period === "string" ? r.period : currentMonth() };
  }
  return r;
}

export function savedRoute(): Route {
  try {
    const r = JSON.parse(localStorage.getItem(KEY) ?? "null") as Route | null;
    if (r && typeof r === "object" && "name" in r) return repaired(r);
  } catch {
    // A damaged entry: start on the queue.
  }
  return { name: "queue" };
}

function lastReports(): Partial<Record<"dashboard" | "what-if", Route>> {
  try {
    return (JSON.parse(localStorage.getItem(LAST) ?? "{}") ?? {}) as Partial<Record<"dashboard" | "what-if", Route>>;
  } catch {
    return {};
  }
}

export function saveRoute(r: Route): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(r));
    if (r.name === "dashboard" || r.name === "what-if") localStorage.setItem(LAST, JSON.stringify({ ...lastReports(), [r.name]: r }));
  } catch {
    // Not remembered this time.
  }
}

/** Where a screen of the sidebar opens: its list, or the dashboard and what-if last shown. */
export function screenRoute(name: Route["name"]): Route {
  if (name === "dashboard" || name === "what-if") {
    const last = lastReports()[name];
    if (last && last.name === name) return repaired(last);
    return name === "dashboard"
      ? { name, scope: PORTFOLIO, period: currentMonth() }
      : { name, agreementId: null, period: currentMonth() };
  }
  if (name === "agreement") return { name, id: null };
  if (name === "ticket") return { name: "tickets" };
  return { name } as Route;
}

const SCREEN_LABEL: Partial<Record<Route["name"], string>> = {
  queue: "Queue",
  agreements: "Agreements",
  agreement: "Agreement",
  tickets: "Tickets",
  dashboard: "Dashboard",
  "what-if": "What-if",
  settings: "Settings",
};

/** The name of the screen `r` is, for a back link (`← Queue`). */
export function screenLabel(r: Route): string {
  return SCREEN_LABEL[r.name] ?? "Back";
}

/** What leaving the current screen would lose (`your changes to …` names it), or null when nothing. */
export type LeaveGuard = () => string | null;

export interface Nav {
  route: Route;
  /** Goes to another screen (focus moves to it). */
  go: (r: Route) => void;
  /** Changes what the current screen shows (its filters, its period), leaving focus where it is. */
  replace: (r: Route) => void;
  notify: (message: string) => void;
  /**
   * Has every way out of the screen (links, the sidebar, the menu) ask first while `ask` names
   * something that would be lost; returns the way to stop asking.
   */
  guard: (ask: LeaveGuard) => () => void;
}

export const NavContext = createContext<Nav>({ route: { name: "queue" }, go: () => {}, replace: () => {}, notify: () => {}, guard: () => () => {} });

export const useNav = () => useContext(NavContext);

/**
 * While the screen is shown, leaving it asks first whenever `ask` names what would be lost —
 * within the window (the navigation's guard) and when the window itself is closed or reloaded.
 */
export function useLeaveGuard(ask: LeaveGuard): void {
  const { guard } = useNav();
  const current = useRef(ask);
  current.current = ask;
  useEffect(() => guard(() => current.current()), [guard]);
  useEffect(() => {
    const onUnload = (e: BeforeUnloadEvent) => {
      if (current.current() === null) return;
      e.preventDefault();
      // Older engines ask only when this is set.
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, []);
}
