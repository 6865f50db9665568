// What the save dialog starts from when an edit of the terms is saved as an amendment: the
// date it takes effect and how the parties name it. The engine checks both (a date after the
// last amendment's, a reference unique in the file); these are only the suggestions.
import { nowMs } from "../../lib/clock";
import type { TermsChange } from "../../lib/ipc";
import { splitAmendments } from "./toml";

const AMENDMENT = /^[ \t]*\[\[[ \t]*amendments[ \t]*\]\]/gm;

/** The first day of next month by the app's clock (a local date `YYYY-MM-DD`): contracts change on the first. */
export function firstOfNextMonth(now: Date = new Date(nowMs())): string {
  const next = new Date(now.getFullYear(), now.getMonth() + 1, 1);
  return `${String(next.getFullYear()).padStart(4, "0")}-${String(next.getMonth() + 1).padStart(2, "0")}-01`;
}

/** How many amendments a TOML has (its `[[amendments]]` lines, after the rest of the file). */
export function countAmendments(source: string): number {
  return splitAmendments(source).tail.match(AMENDMENT)?.length ?? 0;
}

/** `Amendment No. N`, N the stored agreement's amendments plus one. */
export function nextAmendmentReference(stored: string): string {
  return `Amendment No. ${countAmendments(stored) + 1}`;
}

/** A date `YYYY-MM-DD` that exists. */
export function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === text;
}

export interface AmendFields {
  effective: string;
  reference: string;
  signed: string;
}

/** What is wrong with an amendment's fields before the engine is asked, by field (empty when nothing). */
export function amendProblems(f: AmendFields): Partial<Record<keyof AmendFields, string>> {
  const out: Partial<Record<keyof AmendFields, string>> = {};
  if (!isDate(f.effective.trim())) out.effective = "A date like 2026-12-01 is needed: the day the amendment takes effect.";
  if (f.reference.trim() === "") out.reference = "A reference is needed: how the parties name the amendment.";
  if (f.signed.trim() !== "" && !isDate(f.signed.trim())) out.signed = "A date like 2026-11-20, or empty.";
  return out;
}

/** The change the backend is asked about. */
export function termsChange(kind: "amend" | "correct", f: AmendFields): TermsChange {
  return kind === "correct" ? { kind: "correct" } : { kind: "amend", effective: f.effective.trim(), reference: f.reference.trim(), signed: f.signed.trim() };
}

/** The last amendment of a TOML, as written (the one an amendment proposal appends). */
export function lastAmendment(source: string): string {
  const { tail } = splitAmendments(source);
  const starts = [...tail.matchAll(AMENDMENT)].map((m) => m.index ?? 0);
  return starts.length ? tail.slice(starts[starts.length - 1]) : "";
}
