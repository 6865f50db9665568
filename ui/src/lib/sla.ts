// Reading what the engine says of a period and of a breach, for the screens: whether a period has
// not started (the backend refuses its figures in words), the instant a period's figures are "to
// date" as of, and whether a breach's deadline and breach instant are worth telling apart.
import { toSeconds } from "./time";

/** `2027-01 has not started as of 2026-12-05T03:19:52Z: it has no figures yet`, read. */
const NOT_STARTED = /^(\S+) has not started as of (\S+?): it has no figures yet/;

/** The period and instant of the backend's "has not started" refusal, or null for any other message. */
export function notStarted(message: string): { period: string; asOf: string } | null {
  const m = NOT_STARTED.exec(message.trim());
  return m ? { period: m[1] ?? "", asOf: m[2] ?? "" } : null;
}

/** The instant a period's figures are to date as of, from the engine's words
 * (`to date, as of 2026-12-04 21:04 EST — provisional` → `2026-12-04 21:04 EST`); null without. */
export function asOfIn(toDate: string): string | null {
  const m = /\bas of (.+?)(?:\s+—.*)?$/.exec(toDate.trim());
  return m?.[1]?.trim() || null;
}

/**
 * Whether a breach instant is more than the one second after the deadline that always separates
 * them: the target was used up at the end of business hours, or while paused or stopped, and
 * the breach came later (when the clock next counted a second).
 */
export function breachAfterDeadline(dueAt: string | null | undefined, breachedAt: string | null | undefined): boolean {
  if (!dueAt || !breachedAt) return false;
  return toSeconds(breachedAt) - toSeconds(dueAt) > 1;
}
