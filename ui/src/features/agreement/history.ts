// An agreement's saved versions, made readable: the header line of each version, what its diff
// added and removed, and the diff cut into hunks with the unchanged lines between them counted
// (the backend sends a bare `gap` line there). Pure: the History tab draws what these return.
import type { AgreementVersion, DiffLine } from "../../lib/ipc";
import { formatInstant } from "../../lib/time";

/** `Version 3 · replaced · Fri 20 Nov 2026, 15:00 UTC · by dana`. */
export function versionTitle(v: AgreementVersion, zone: string | undefined): string {
  const by = v.changed_by.trim() ? ` · by ${v.changed_by}` : "";
  return `Version ${v.version} · ${v.action} · ${formatInstant(v.changed_at, zone)}${by}`;
}

/** The lines of a TOML text (a final line break does not start another line). */
export function countLines(source: string): number {
  if (source === "") return 0;
  const n = source.split("\n").length;
  return source.endsWith("\n") ? n - 1 : n;
}

/** `1 line`, `12 lines`. */
export function lines(n: number): string {
  return `${n.toLocaleString("en")} line${n === 1 ? "" : "s"}`;
}

/** How many lines a diff adds and removes. */
export function diffStats(diff: DiffLine[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const l of diff) {
    if (l.kind === "added") added++;
    else if (l.kind === "removed") removed++;
  }
  return { added, removed };
}

/** A row of a drawn diff: a line, or unchanged lines left out (how many, when known). */
export type DiffRow = { line: DiffLine } | { gap: number | null };

/**
 * The rows of a diff with every stretch of unchanged lines it leaves out made a gap row: before
 * the first hunk, between hunks (where the backend puts its `gap`) and after the last, each
 * with its count. `newLines` is the line count of the version's TOML (for the gap at the end).
 */
export function diffRows(diff: DiffLine[], newLines: number): DiffRow[] {
  const rows: DiffRow[] = [];
  // The last line numbers seen, old and new, to count what a gap leaves out.
  let lastOld = 0;
  let lastNew = 0;
  let pendingGap = false;
  for (const line of diff) {
    if (line.kind === "gap") {
      pendingGap = true;
      continue;
    }
    const skipped = skippedBefore(line, lastOld, lastNew);
    if (pendingGap || skipped > 0) rows.push({ gap: skipped > 0 ? skipped : null });
    pendingGap = false;
    rows.push({ line });
    if (line.old_line !== null) lastOld = line.old_line;
    if (line.new_line !== null) lastNew = line.new_line;
  }
  if (pendingGap) rows.push({ gap: null });
  else if (rows.length > 0 && lastNew < newLines) rows.push({ gap: newLines - lastNew });
  return rows;
}

/** Unchanged lines between the last line numbers seen and `line` (a line with no number on a
 * side counts on the other). */
function skippedBefore(line: DiffLine, lastOld: number, lastNew: number): number {
  if (line.new_line !== null) return Math.max(0, line.new_line - lastNew - 1);
  if (line.old_line !== null) return Math.max(0, line.old_line - lastOld - 1);
  return 0;
}

/** What a gap row says beside its `⋯`: `12 lines unchanged` (or just that some are). */
export function gapText(n: number | null): string {
  return n === null ? "Lines unchanged" : `${lines(n)} unchanged`;
}

/** The agreement's own time zone as its TOML states it (`calendar.time_zone`), if it reads. */
export { zoneOf } from "../../lib/time";
