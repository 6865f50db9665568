// How urgent a queue row is at an instant, from what the row carries (the next deadline and the
// escalation schedule the engine computed): no database call, so it can change every second.
import type { QueueItem } from "./ipc";
import { toSeconds } from "./time";

export type Risk = "breached" | "near" | "running" | "paused";

/** Within this many seconds of the next escalation level, a ticket is "near escalation". */
export const NEAR_SECONDS = 30 * 60;

/** The escalation level at `now` (seconds), if nothing happens to the ticket meanwhile. */
export function levelAt(row: Pick<QueueItem, "escalation_level" | "escalations">, now: number): number {
  let level = row.escalation_level;
  for (const e of row.escalations) {
    if (toSeconds(e.at) <= now) level = Math.max(level, e.level);
    else break;
  }
  return level;
}

/** When the next level is passed, or null. */
export function nextEscalation(row: Pick<QueueItem, "escalations">, now: number): number | null {
  for (const e of row.escalations) {
    const at = toSeconds(e.at);
    if (at > now) return at;
  }
  return null;
}

/**
 * A row's colour. A ticket waiting on the customer is paused whatever happened before: red means
 * "act now", and there is nothing to do until the customer answers (a breach before the wait is
 * still written on the row, with its instant).
 */
export function riskAt(row: QueueItem, now: number): Risk {
  if (row.next_deadline === null || row.waiting_since !== null) return "paused";
  if (now >= toSeconds(row.next_deadline)) return "breached";
  const next = nextEscalation(row, now);
  if (levelAt(row, now) > 0 || (next !== null && next - now <= NEAR_SECONDS)) return "near";
  return "running";
}

export const RISK_LABEL: Record<Risk, string> = {
  breached: "Breached",
  near: "Near escalation",
  running: "Running",
  paused: "Paused",
};
