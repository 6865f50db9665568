// Where an engine error belongs in the form. The engine names each problem by its TOML key path
// (`calendar.sun[0]`, `escalation[1].at`); the form registers the same paths for the fields and
// rows it shows, and each error goes to its own field, else to the nearest row that holds it,
// else to the summary at the top of the form.
import type { InputError } from "../../lib/ipc";
import { type AgreementModel, PRIORITIES, WEEKDAYS, type Week } from "./model";

/** The key one level up: `a.b[2]` → `a.b`, `a.b` → `a`, `a` → null. */
export function parentKey(key: string): string | null {
  const m = /^(.*)(\[\d+\]|\.[^.[\]]+)$/.exec(key);
  return m ? (m[1] ?? null) || null : null;
}

/** An element id for a key (and a part of it, e.g. a window's "from"), safe in a selector. */
export function domId(key: string, part = ""): string {
  return `f-${key.replace(/[^A-Za-z0-9_]+/g, "-")}${part ? `--${part}` : ""}`;
}

export function errorId(key: string): string {
  return `${domId(key)}--error`;
}

function weekKeys(prefix: string, w: Week, out: string[]): void {
  for (const d of WEEKDAYS) {
    out.push(`${prefix}${d}`);
    w[d].forEach((_, j) => out.push(`${prefix}${d}[${j}]`));
  }
}

/** Every key path the form shows a place for, given what the model holds now. */
export function fieldKeys(m: AgreementModel): string[] {
  const out = [
    "id",
    "title",
    "provider",
    "alliance",
    "region",
    "tier",
    "effective_from",
    "effective_to",
    "scope",
    "monthly_fee",
    "currency",
    "account_manager",
    "technical_staff",
    "calendar.time_zone",
    "calendar.holidays",
  ];
  m.scope.forEach((_, i) => out.push(`scope[${i}]`));
  m.technical_staff.forEach((_, i) => out.push(`technical_staff[${i}]`));
  weekKeys("calendar.", m.calendar.week, out);
  m.calendar.holidays.forEach((_, i) => out.push(`calendar.holidays[${i}]`, `calendar.holidays[${i}].date`, `calendar.holidays[${i}].name`));
  for (const p of PRIORITIES) out.push(`targets.${p}`, `targets.${p}.first_response`, `targets.${p}.resolution`, `targets.${p}.clock`);
  m.channels.forEach((c, i) => {
    const p = `channels[${i}]`;
    out.push(p, `${p}.kind`, `${p}.hours`, `${p}.after_hours`);
    if (c.hours.mode === "daily") c.hours.windows.forEach((_, j) => out.push(`${p}.hours[${j}]`));
    if (c.hours.mode === "weekly") weekKeys(`${p}.hours.`, c.hours.week, out);
  });
  m.responsibilities.forEach((_, i) => out.push(`responsibilities.items[${i}]`));
  m.escalation.forEach((_, i) => {
    const p = `escalation[${i}]`;
    out.push(p, `${p}.level`, `${p}.name`, `${p}.clock`, `${p}.at`, `${p}.contact`);
  });
  out.push("reporting.period", "reporting.compliance_target", "reporting.csat_target");
  for (const p of PRIORITIES) out.push(`credits.per_breach.${p}`);
  m.credits.bands.forEach((_, i) => out.push(`credits.bands[${i}]`, `credits.bands[${i}].below`, `credits.bands[${i}].percent`));
  out.push("credits.cap_percent");
  return out;
}

export interface PlacedErrors {
  /** Errors by the registered key they are shown at. */
  byKey: Map<string, InputError[]>;
  /** Errors no field or row of the form holds. */
  unplaced: InputError[];
}

export function placeErrors(errors: readonly InputError[], known: ReadonlySet<string>): PlacedErrors {
  const byKey = new Map<string, InputError[]>();
  const unplaced: InputError[] = [];
  for (const e of errors) {
    let k: string | null = e.key || null;
    while (k !== null && !known.has(k)) k = parentKey(k);
    if (k === null) unplaced.push(e);
    else byKey.set(k, [...(byKey.get(k) ?? []), e]);
  }
  return { byKey, unplaced };
}

/** The form's sections, their element ids, and which keys each holds (for the index's counts). */
export const SECTIONS = [
  { id: "sec-general", title: "General", keys: /^(id|title|provider|alliance|region|tier|effective_from|effective_to|scope|monthly_fee|currency)\b/ },
  { id: "sec-people", title: "Tier people", keys: /^(account_manager|technical_staff)\b/ },
  { id: "sec-calendar", title: "Business calendar", keys: /^calendar\b/ },
  { id: "sec-targets", title: "Targets", keys: /^targets\b/ },
  { id: "sec-channels", title: "Channels", keys: /^channels\b/ },
  { id: "sec-responsibilities", title: "Customer responsibilities", keys: /^responsibilities\b/ },
  { id: "sec-escalation", title: "Escalation ladder", keys: /^escalation\b/ },
  { id: "sec-reporting", title: "Reporting", keys: /^reporting\b/ },
  { id: "sec-credits", title: "Credits", keys: /^credits\b/ },
  { id: "sec-amendments", title: "Amendments", keys: /^amendments\b/ },
] as const;
