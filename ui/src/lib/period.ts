// Reporting periods as the backend names them: a month `2026-10`, a quarter `2026-Q4`, or a
// range of local dates `2026-10-01..2026-10-15` (end excluded). The backend is the judge of a
// period; this reads and writes them for the period picker.
import { nowMs } from "./clock";

export type Period =
  | { kind: "month"; year: number; month: number }
  | { kind: "quarter"; year: number; quarter: number }
  | { kind: "range"; from: string; to: string };

export type PeriodKind = Period["kind"];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A local date `YYYY-MM-DD` that exists, or null. */
function readDate(text: string): Date | null {
  const m = DATE.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

function writeDate(d: Date): string {
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
}

/** Adds days to a local date `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  const d = readDate(date);
  if (!d) return date;
  d.setUTCDate(d.getUTCDate() + days);
  return writeDate(d);
}

/** The period a text names, or null when it names none (the backend says why). */
export function parsePeriod(text: string): Period | null {
  const t = text.trim();
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(t);
  if (range) {
    const [from, to] = [range[1] ?? "", range[2] ?? ""];
    return readDate(from) && readDate(to) && to > from ? { kind: "range", from, to } : null;
  }
  const q = /^(\d{4})-Q([1-4])$/.exec(t);
  if (q) return { kind: "quarter", year: Number(q[1]), quarter: Number(q[2]) };
  const m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { kind: "month", year: Number(m[1]), month: Number(m[2]) };
  return null;
}

/** The kind a text looks like (even when it is not a valid period, e.g. a backwards range). */
export function kindOf(text: string): PeriodKind {
  if (/\.\./.test(text)) return "range";
  if (/-Q/i.test(text)) return "quarter";
  return "month";
}

export function formatPeriod(p: Period): string {
  switch (p.kind) {
    case "month":
      return `${String(p.year).padStart(4, "0")}-${String(p.month).padStart(2, "0")}`;
    case "quarter":
      return `${String(p.year).padStart(4, "0")}-Q${p.quarter}`;
    case "range":
      return `${p.from}..${p.to}`;
  }
}

/** The local dates `[from, to)` of a period. */
export function periodDates(p: Period): [string, string] {
  const first = (y: number, m: number) => writeDate(new Date(Date.UTC(y, m - 1, 1)));
  switch (p.kind) {
    case "month":
      return [first(p.year, p.month), first(p.year, p.month + 1)];
    case "quarter":
      return [first(p.year, (p.quarter - 1) * 3 + 1), first(p.year, p.quarter * 3 + 1)];
    case "range":
      return [p.from, p.to];
  }
}

/** `2026-10-01 to 2026-10-31`: the dates a period covers, both included. */
export function describeDates(p: Period): string {
  const [from, to] = periodDates(p);
  return `${from} to ${addDays(to, -1)}`;
}

/** The period before (`step` -1) or after (+1), of the same kind; a range moves by its length. */
export function stepPeriod(p: Period, step: 1 | -1): Period {
  switch (p.kind) {
    case "month": {
      const i = p.year * 12 + (p.month - 1) + step;
      return { kind: "month", year: Math.floor(i / 12), month: (i % 12) + 1 };
    }
    case "quarter": {
      const i = p.year * 4 + (p.quarter - 1) + step;
      return { kind: "quarter", year: Math.floor(i / 4), quarter: (i % 4) + 1 };
    }
    case "range": {
      const days = Math.round(((readDate(p.to)?.getTime() ?? 0) - (readDate(p.from)?.getTime() ?? 0)) / 86_400_000);
      return step === 1 ? { kind: "range", from: p.to, to: addDays(p.to, days) } : { kind: "range", from: addDays(p.from, -days), to: p.from };
    }
  }
}

/** The same stretch of time as another kind: the month or quarter it starts in, or its dates. */
export function convertPeriod(p: Period, kind: PeriodKind): Period {
  const [from, to] = periodDates(p);
  const y = Number(from.slice(0, 4));
  const m = Number(from.slice(5, 7));
  switch (kind) {
    case "month":
      return { kind, year: y, month: m };
    case "quarter":
      return { kind, year: y, quarter: Math.floor((m - 1) / 3) + 1 };
    case "range":
      return { kind, from, to };
  }
}

/** The current month in local time, `YYYY-MM`. */
export function currentMonth(now: Date = new Date(nowMs())): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}`;
}
