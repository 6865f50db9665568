// Choosing a reporting period: a month, a quarter, or a custom range of dates, with steps to the
// period before and after. It writes the period as the backend reads it (`2026-10`, `2026-Q4`,
// `2026-10-01..2026-10-15`); the backend judges it, and says so when it is not one.
import { type FormEvent, useEffect, useState } from "react";
import { type Period, type PeriodKind, convertPeriod, currentMonth, formatPeriod, kindOf, parsePeriod } from "../lib/period";
import { nowMs } from "../lib/clock";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const QUARTERS = ["Q1 (Jan–Mar)", "Q2 (Apr–Jun)", "Q3 (Jul–Sep)", "Q4 (Oct–Dec)"];

export function PeriodPicker({
  value,
  onChange,
  previous,
  next,
  dates,
  id = "period",
}: {
  value: string;
  onChange: (period: string) => void;
  /** The period before, when known (stepping is off without it). */
  previous?: string | undefined;
  next?: string | undefined;
  /** The dates the period covers, for people. */
  dates?: string | undefined;
  /** A prefix for the controls' ids. */
  id?: string;
}) {
  const parsed = parsePeriod(value);
  const kind: PeriodKind = parsed?.kind ?? kindOf(value);
  const base: Period = parsed ?? parsePeriod(currentMonth()) ?? { kind: "month", year: 2026, month: 1 };
  const range = /^(\S*)\.\.(\S*)$/.exec(value.trim());
  const year = parsed && parsed.kind !== "range" ? parsed.year : Number(value.slice(0, 4)) || new Date(nowMs()).getFullYear();

  // Drafts: a year being typed, a range being chosen (applied with "Show").
  const [yearText, setYearText] = useState(String(year));
  const [from, setFrom] = useState(range?.[1] ?? "");
  const [to, setTo] = useState(range?.[2] ?? "");
  useEffect(() => {
    setYearText(String(year));
    setFrom(range?.[1] ?? "");
    setTo(range?.[2] ?? "");
    // The drafts follow the period whenever it changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);

  const setKind = (k: PeriodKind) => {
    if (k === kind && parsed) return;
    onChange(formatPeriod(convertPeriod(base, k)));
  };
  const setYear = (text: string) => {
    setYearText(text);
    const y = Number(text);
    if (!/^\d{4}$/.test(text) || y < 1970 || y > 2999 || !parsed || parsed.kind === "range") return;
    onChange(formatPeriod({ ...parsed, year: y }));
  };
  const applyRange = (e: FormEvent) => {
    e.preventDefault();
    onChange(`${from}..${to}`);
  };

  return (
    <div className="period-picker" role="group" aria-label="Choose the period">
      <button type="button" className="step" onClick={() => previous && onChange(previous)} disabled={!previous} aria-label={previous ? `Previous period (${previous})` : "Previous period"} title={previous}>
        ←
      </button>
      <label>
        Period
        <select value={kind} onChange={(e) => setKind(e.target.value as PeriodKind)}>
          <option value="month">Month</option>
          <option value="quarter">Quarter</option>
          <option value="range">Custom range</option>
        </select>
      </label>
      {parsed?.kind === "month" && (
        <label>
          Month
          <select value={parsed.month} onChange={(e) => onChange(formatPeriod({ ...parsed, month: Number(e.target.value) }))}>
            {MONTHS.map((m, i) => (
              <option key={m} value={i + 1}>
                {m}
              </option>
            ))}
          </select>
        </label>
      )}
      {parsed?.kind === "quarter" && (
        <label>
          Quarter
          <select value={parsed.quarter} onChange={(e) => onChange(formatPeriod({ ...parsed, quarter: Number(e.target.value) }))}>
            {QUARTERS.map((q, i) => (
              <option key={q} value={i + 1}>
                {q}
              </option>
            ))}
          </select>
        </label>
      )}
      {kind !== "range" && (
        <label>
          Year
          <input className="year" type="number" inputMode="numeric" min={1970} max={2999} value={yearText} onChange={(e) => setYear(e.target.value)} onBlur={() => setYearText(String(year))} />
        </label>
      )}
      {kind === "range" && (
        <form className="range" onSubmit={applyRange} aria-label="Custom range">
          <label>
            From
            <input id={`${id}-from`} type="date" value={from} required onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            Until (not included)
            <input id={`${id}-to`} type="date" value={to} required onChange={(e) => setTo(e.target.value)} />
          </label>
          <button type="submit" disabled={!from || !to || `${from}..${to}` === value}>
            Show
          </button>
        </form>
      )}
      <button type="button" className="step" onClick={() => next && onChange(next)} disabled={!next} aria-label={next ? `Next period (${next})` : "Next period"} title={next}>
        →
      </button>
      {dates && <span className="period-dates muted">{dates}</span>}
    </div>
  );
}
