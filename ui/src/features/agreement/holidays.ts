// Holidays from an iCalendar file, made readable for the approval dialog (HolidayImport.tsx):
// each candidate's status, the dates checked by default, the form sent to add the chosen ones,
// and the sentences said about them. Pure: the dialog draws what these return.
import type { AddHolidays, AddedHolidays, HolidayCandidate, HolidayFile, ListedHoliday } from "../../lib/ipc";
import { formatInstant } from "../../lib/time";

/** A candidate's status: already a holiday in the terms, new, or new but before today. */
export type CandidateStatus = "listed" | "new" | "past";

export function candidateStatus(c: HolidayCandidate): CandidateStatus {
  if (c.listed !== null) return "listed";
  return c.past ? "past" : "new";
}

/** What the status column says. */
export function statusText(c: HolidayCandidate): string {
  switch (candidateStatus(c)) {
    case "listed":
      return `Already a holiday (${c.listed})`;
    case "past":
      return "New — before today: adding it changes figures already reported";
    case "new":
      return "New";
  }
}

/** Whether a candidate can be chosen at all (a date already a holiday is not added again). */
export const choosable = (c: HolidayCandidate) => c.listed === null;

/** The dates checked when the dialog opens: every new date from today on. */
export function defaultChoice(f: HolidayFile): Set<string> {
  return new Set(f.candidates.filter((c) => candidateStatus(c) === "new").map((c) => c.date));
}

/** "Select all new": every date not already a holiday, before today included. */
export function allNew(f: HolidayFile): Set<string> {
  return new Set(f.candidates.filter(choosable).map((c) => c.date));
}

/** The chosen candidates, in the file's order (dates already a holiday never are). */
export function chosenCandidates(f: HolidayFile, chosen: ReadonlySet<string>): HolidayCandidate[] {
  return f.candidates.filter((c) => choosable(c) && chosen.has(c.date));
}

/** What adding the chosen dates sends: the file as read (its version), and each date's name and UID. */
export function addForm(f: HolidayFile, chosen: ReadonlySet<string>): AddHolidays {
  return {
    agreement_id: f.agreement_id,
    version: f.version,
    file: f.file,
    calendar: f.calendar,
    holidays: chosenCandidates(f, chosen).map((c) => ({ date: c.date, name: c.name, uid: c.uid })),
  };
}

const holidays = (n: number) => `${n} holiday${n === 1 ? "" : "s"}`;

/** The dialog's main button: `Add 3 holidays`. */
export function addLabel(n: number): string {
  return n === 0 ? "Add holidays" : `Add ${holidays(n)}`;
}

/** The warning over the buttons when dates before today are chosen; null when none are. */
export function pastWarning(past: number): string | null {
  if (past === 0) return null;
  return past === 1
    ? "1 chosen date is before today: the figures already reported for that day will change, and issued statements will show a restatement."
    : `${past} chosen dates are before today: the figures already reported for those days will change, and issued statements will show a restatement.`;
}

/** The range the file was read for: `from 2026-01-01 to 2026-12-31, the agreement's term`. */
export function rangeText(f: HolidayFile): string {
  return `from ${f.from} to ${f.to}, the agreement's term`;
}

/** What adding did: `Added 3 holidays from us-federal.ics (version 2); 1 before today`. */
export function addedSummary(r: AddedHolidays, file: string): string {
  const past = r.past > 0 ? `; ${r.past} before today` : "";
  return `Added ${holidays(r.added)} from ${file} (version ${r.version})${past}`;
}

/** The listed holiday added from a file for this row (same date and name), if any. */
export function sourceOf(listed: readonly ListedHoliday[] | undefined, date: string, name: string): ListedHoliday | undefined {
  return listed?.find((h) => h.source !== null && h.date === date && h.name === name);
}

/** Where a holiday came from: `from us-federal.ics (US Federal Holidays), added Fri 20 Nov 2026, 10:00 EST by dana`. */
export function sourceText(h: ListedHoliday, zone: string | undefined): string {
  const calendar = h.calendar ? ` (${h.calendar})` : "";
  const added = h.added ? `, added ${formatInstant(h.added[0], zone)}${h.added[1].trim() ? ` by ${h.added[1]}` : ""}` : "";
  return `from ${h.source ?? "a file"}${calendar}${added}`;
}

/** The zone when Intl knows it (one being typed may not be yet: then the computer's). */
export { knownZone } from "../../lib/time";

/** What the file holds: `15 holidays in the file: 6 already holidays, 9 new (6 before today).` */
export function fileSummary(f: HolidayFile): string {
  const listed = f.candidates.filter((c) => c.listed !== null).length;
  const fresh = f.candidates.length - listed;
  const past = f.candidates.filter((c) => candidateStatus(c) === "past").length;
  if (f.candidates.length === 0) return "No whole-day holidays in the file for the agreement's term.";
  const parts = [listed > 0 ? `${listed} already ${listed === 1 ? "a holiday" : "holidays"}` : "", `${fresh} new${past > 0 ? ` (${past} before today)` : ""}`].filter(Boolean);
  return `${holidays(f.candidates.length)} in the file: ${parts.join(", ")}.`;
}
