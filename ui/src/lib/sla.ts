// Reading what the engine says of a breach, for the screens: whether a breach's deadline and its
// breach instant are worth telling apart. (Where a period stands comes typed: `Dashboard.state`
// and `as_of`; nothing here reads it from words.)
import { toSeconds } from "./time";

/**
 * Whether a breach instant is more than the one second after the deadline that always separates
 * them: the target was used up at the end of business hours, or while paused or stopped, and
 * the breach came later (when the clock next counted a second).
 */
export function breachAfterDeadline(dueAt: string | null | undefined, breachedAt: string | null | undefined): boolean {
  if (!dueAt || !breachedAt) return false;
  return toSeconds(breachedAt) - toSeconds(dueAt) > 1;
}
