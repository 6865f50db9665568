// The mock backend's clock arithmetic (every second counts, as on a 24x7 clock): a clock is the
// stretches during which it ran, and from them its counted seconds, its deadline and its breach
// instant as the engine defines them (sla-semantics.md, "Clocks of a ticket"). A stand-in for
// the Rust engine, which alone counts business time.
import type { EventKind } from "./bindings";

/** A stretch `[from, to)` during which a clock ran; `to` null while it still runs. */
export type Run = [from: number, to: number | null];

export interface ClockFigures {
  /** Seconds counted up to `asOf`. */
  elapsed: number;
  /**
   * The instant the counted seconds reach the target: the deadline, or the projected one while
   * the clock runs; null when it cannot be reached (stopped or paused short of the target).
   */
  due: number | null;
  /**
   * The first instant counted seconds exceed the target (the end of the first counted second
   * after `due`), when that is not after `asOf`; null otherwise.
   */
  breachedAt: number | null;
}

/** A clock's figures at `asOf` from the stretches it ran (in time order) against `target`. */
export function clockFigures(runs: Run[], target: number, asOf: number): ClockFigures {
  let counted = 0;
  let elapsed = 0;
  let due: number | null = null;
  let breachedAt: number | null = null;
  for (const [from, to] of runs) {
    const length = to === null ? Infinity : to - from;
    if (from < asOf) elapsed += Math.max(0, Math.min(to ?? asOf, asOf) - from);
    // The deadline: counted seconds reach the target inside (or at the end of) this stretch.
    if (due === null && counted + length >= target) due = from + (target - counted);
    // The breach: the first second counted over the target. When the target was used up at
    // the end of an earlier stretch (a pause or a stop at the deadline), it is this stretch's
    // first second.
    if (breachedAt === null && counted + length > target) breachedAt = from + Math.max(0, target - counted) + 1;
    counted += length;
  }
  return { elapsed, due, breachedAt: breachedAt !== null && breachedAt <= asOf ? breachedAt : null };
}

interface ClockEvent {
  at: number;
  kind: EventKind;
}

/**
 * The resolution clock's stretches from its events (those up to `asOf`): it runs from opening,
 * pauses on `waiting_on_customer` while running, runs again on `customer_replied` or
 * `reopened`, stops on `resolved` or `closed`. Also whether it is paused or stopped at `asOf`,
 * and its first stop.
 */
export function resolutionRuns(openedAt: number, events: ClockEvent[], asOf: number): { runs: Run[]; paused: boolean; stopped: boolean; stop: number | null } {
  const runs: Run[] = [];
  let phase: "running" | "paused" | "stopped" = "running";
  let since = openedAt;
  let stop: number | null = null;
  const end = (at: number) => runs.push([since, at]);
  for (const e of events) {
    if (e.at > asOf) continue;
    if (e.kind === "waiting_on_customer" && phase === "running") {
      end(e.at);
      phase = "paused";
    } else if ((e.kind === "customer_replied" && phase === "paused") || (e.kind === "reopened" && phase !== "running")) {
      since = e.at;
      phase = "running";
      stop = e.kind === "reopened" ? null : stop;
    } else if ((e.kind === "resolved" || e.kind === "closed") && phase !== "stopped") {
      if (phase === "running") end(e.at);
      phase = "stopped";
      stop = e.at;
    }
  }
  if (phase === "running") runs.push([since, null]);
  return { runs, paused: phase === "paused", stopped: phase === "stopped", stop };
}

/** The instant (seconds) of a local wall-clock time in an IANA time zone (months from 1; days
 * and months may overflow, as with `Date`). A wall time in a DST gap or overlap lands within
 * an hour of it, which is all the mock's sample data needs. */
export function wallClock(zone: string, year: number, month: number, day: number, hour: number, minute = 0): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute) / 1000;
  const offsetAt = (s: number) => {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    }).formatToParts(new Date(s * 1000));
    const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second")) / 1000 - s;
  };
  const guess = asUtc - offsetAt(asUtc);
  return asUtc - offsetAt(guess);
}
