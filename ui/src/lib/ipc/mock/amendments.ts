// The amendments of an agreement saved in the mock, for the agreements list: the export has
// them for the TOML as imported, not for one saved here (an amendment confirmed in the editor).
// They are only listed, as the file writes them; which one is in force is the latest whose date
// has come in the calendar's time zone — the date rule of formats.md, nothing of the engine's
// checks.
import { TomlDate, parse } from "smol-toml";
import type { AmendmentItem } from "../bindings";
import { nowMs } from "../../clock";

const text = (v: unknown): string | null => {
  if (typeof v === "string") return v;
  if (v instanceof TomlDate && v.isDate()) return v.toISOString().slice(0, 10);
  return null;
};

/** Today's date `YYYY-MM-DD` in a time zone (the computer's when it is not one). */
export function todayIn(zone: string | undefined, now: number = nowMs()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  }
}

/** The amendments a TOML lists, oldest first, the latest begun marked in force; none when it does not parse. */
export function amendmentsOf(source: string, now: number = nowMs()): AmendmentItem[] {
  let doc: Record<string, unknown>;
  try {
    doc = parse(source);
  } catch {
    return [];
  }
  const list = Array.isArray(doc.amendments) ? (doc.amendments as Record<string, unknown>[]) : [];
  const calendar = doc.calendar as Record<string, unknown> | undefined;
  const today = todayIn(typeof calendar?.time_zone === "string" ? calendar.time_zone : undefined, now);
  const items = list.map((a) => ({ reference: text(a.reference) ?? "", effective: text(a.effective) ?? "", signed: text(a.signed), in_force: false }));
  const begun = items.filter((a) => a.effective !== "" && a.effective <= today);
  const last = begun[begun.length - 1];
  if (last) last.in_force = true;
  return items;
}
