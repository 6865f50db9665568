// Reads an agreement's TOML into the form's model and writes the model back in the order of
// formats.md. Reading refuses anything the form could not show (an unknown key, a value of an
// unexpected type or choice) rather than drop it: the TOML tab stays the way to edit those.
// The amendments that end the file (formats.md v1.1) are the exception: the form does not edit
// them, so they are kept as written — comments and all — from the first `[[amendments]]` line
// to the end, and written back after the rest unchanged. Checking what the values mean is the
// engine's job, not this file's.
import { parse, TomlDate, TomlError } from "smol-toml";
import {
  type AgreementModel,
  type Band,
  CHANNEL_KINDS,
  type ChannelHours,
  CLOCKS,
  ESCALATION_CLOCKS,
  type EscalationLevel,
  type Holiday,
  PERIODS,
  PRIORITIES,
  type SupportChannel,
  type Target,
  TIERS,
  type Week,
  WEEKDAYS,
  blankAgreement,
  emptyTarget,
  emptyWeek,
  splitWindow,
} from "./model";

export type ReadResult =
  | { ok: true; model: AgreementModel; comments: number }
  | { ok: false; syntax: boolean; problems: string[] };

type Table = Record<string, unknown>;

const isTable = (v: unknown): v is Table =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Collects what the form cannot represent, each named by its key path. */
class Reader {
  problems: string[] = [];

  fail(path: string, reason: string): void {
    this.problems.push(`${path}: ${reason}`);
  }

  /** The table at `path` (absent = empty), after refusing keys the form has no field for. */
  table(v: unknown, path: string, keys: readonly string[]): Table {
    if (v === undefined) return {};
    if (!isTable(v)) {
      this.fail(path, "should be a table");
      return {};
    }
    for (const k of Object.keys(v)) {
      if (!keys.includes(k)) this.fail(path ? `${path}.${k}` : k, "is not a key of the agreement format, so the form has no field for it");
    }
    return v;
  }

  text(v: unknown, path: string): string {
    if (v === undefined) return "";
    if (typeof v === "string") return v;
    this.fail(path, "should be text in quotes");
    return "";
  }

  /** A number written either way (`0.75`, `5`, `"12500.00"`), as text. */
  number(v: unknown, path: string): string {
    if (v === undefined) return "";
    if (typeof v === "string") return v;
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "number" && Number.isFinite(v)) return Number.isInteger(v) ? v.toFixed(1) : String(v);
    this.fail(path, "should be a number");
    return "";
  }

  date(v: unknown, path: string): string {
    if (v === undefined) return "";
    if (typeof v === "string") return v;
    if (v instanceof TomlDate && v.isDate() && !v.isDateTime() && !v.isTime()) return v.toISOString().slice(0, 10);
    this.fail(path, "should be a plain date like 2026-01-01 (the form edits dates without a time)");
    return "";
  }

  choice<T extends string>(v: unknown, path: string, options: readonly T[], absent: T): T {
    if (v === undefined) return absent;
    if (typeof v === "string" && (options as readonly string[]).includes(v)) return v as T;
    this.fail(path, `${JSON.stringify(v)} is not one of ${options.join(", ")}`);
    return absent;
  }

  texts(v: unknown, path: string): string[] {
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      this.fail(path, "should be a list");
      return [];
    }
    return v.map((x, i) => this.text(x, `${path}[${i}]`));
  }

  list(v: unknown, path: string): unknown[] {
    if (v === undefined) return [];
    if (Array.isArray(v)) return v;
    this.fail(path, "should be a list");
    return [];
  }

  windows(v: unknown, path: string): string[] {
    const ws = this.texts(v, path);
    ws.forEach((w, i) => {
      if (!splitWindow(w)) this.fail(`${path}[${i}]`, `"${w}" is not written as from-to (e.g. 08:00-17:00)`);
    });
    return ws;
  }

  week(v: unknown, path: string, extra: readonly string[] = []): Week {
    const t = this.table(v, path, [...WEEKDAYS, ...extra]);
    const week = emptyWeek();
    for (const d of WEEKDAYS) week[d] = this.windows(t[d], `${path}.${d}`);
    return week;
  }
}

/** Counts `#` comments outside strings: the form's edits rewrite the file without them. */
export function countComments(source: string): number {
  let n = 0;
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === "#") {
      n += 1;
      while (i < source.length && source[i] !== "\n") i++;
    } else if (c === '"' || c === "'") {
      const triple = source.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      i += close.length;
      while (i < source.length && !source.startsWith(close, i)) {
        if (c === '"' && source[i] === "\\") i++;
        else if (!triple && source[i] === "\n") break;
        i++;
      }
      i += close.length;
      // A multi-line string may end with up to two more quotes of its kind.
      while (triple && source[i] === c) i++;
    } else {
      i++;
    }
  }
  return n;
}

// The first line that opens an amendment (`[[amendments]]`, spaces allowed as TOML allows them).
const AMENDMENTS = /^[ \t]*\[\[[ \t]*amendments[ \t]*\]\]/m;

/** The file up to its first `[[amendments]]` line, and from there to the end (empty without any). */
export function splitAmendments(source: string): { head: string; tail: string } {
  const m = AMENDMENTS.exec(source);
  return m ? { head: source.slice(0, m.index), tail: source.slice(m.index) } : { head: source, tail: "" };
}

/** An amendment as the form lists it. */
export interface AmendmentEntry {
  reference: string;
  effective: string;
  signed: string;
  /** The keys it replaces, as paths (`monthly_fee`, `targets.p2.resolution`). */
  replaces: string[];
}

const shown = (v: unknown): string => (v instanceof TomlDate ? v.toISOString().slice(0, 10) : typeof v === "string" ? v : v === undefined ? "" : String(v));

/** The keys a table sets, down to the values (tables are merged key by key; the rest replaced whole). */
function leafPaths(t: Table, prefix: string): string[] {
  return Object.entries(t).flatMap(([k, v]) => (isTable(v) ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

/** The amendments an amendments tail lists, oldest first (none when it does not parse). */
export function listAmendments(tail: string): AmendmentEntry[] {
  if (tail.trim() === "") return [];
  let doc: Table;
  try {
    doc = parse(tail);
  } catch {
    return [];
  }
  const list = Array.isArray(doc.amendments) ? doc.amendments.filter(isTable) : [];
  return list.map((a) => {
    const { reference, effective, signed, ...rest } = a;
    return { reference: shown(reference), effective: shown(effective), signed: shown(signed), replaces: leafPaths(rest, "") };
  });
}

const syntaxProblem = (e: unknown) => (e instanceof TomlError ? `line ${e.line}, column ${e.column}: ${e.message.split("\n")[0] ?? ""}` : String(e));

export function readAgreement(source: string): ReadResult {
  let doc: Table;
  // The whole file first, so a syntax error anywhere is located as the TOML tab numbers it.
  try {
    parse(source);
  } catch (e) {
    return { ok: false, syntax: true, problems: [syntaxProblem(e)] };
  }
  const { head, tail } = splitAmendments(source);
  try {
    doc = parse(head, { integersAsBigInt: true });
  } catch (e) {
    // Only when `[[amendments]]` starts a line inside a multi-line string.
    return { ok: false, syntax: false, problems: [`the amendments could not be told apart from the rest (${syntaxProblem(e)})`] };
  }
  const r = new Reader();
  if (tail) {
    // Everything after the first amendment belongs to the amendments: a table there that is not
    // one would be written twice once the form has written the rest.
    let keys: string[];
    try {
      keys = Object.keys(parse(tail));
    } catch (e) {
      return { ok: false, syntax: false, problems: [`the amendments could not be read on their own (${syntaxProblem(e)})`] };
    }
    for (const k of keys) {
      if (k !== "amendments") r.fail(k, "comes after the amendments; the amendments end the file, so move it above the first [[amendments]] in the TOML tab");
    }
  }
  const top = r.table(doc, "", [
    "id",
    "title",
    "provider",
    "alliance",
    "region",
    "tier",
    "effective_from",
    "effective_to",
    "scope",
    "account_manager",
    "technical_staff",
    "monthly_fee",
    "currency",
    "calendar",
    "targets",
    "channels",
    "responsibilities",
    "escalation",
    "reporting",
    "credits",
  ]);
  const m = blankAgreement();
  for (const k of ["id", "title", "provider", "alliance", "region", "account_manager", "currency"] as const) m[k] = r.text(top[k], k);
  m.tier = r.choice(top.tier, "tier", TIERS, "basic");
  m.effective_from = r.date(top.effective_from, "effective_from");
  m.effective_to = r.date(top.effective_to, "effective_to");
  m.scope = r.texts(top.scope, "scope");
  m.technical_staff = r.texts(top.technical_staff, "technical_staff");
  m.monthly_fee = r.number(top.monthly_fee, "monthly_fee");

  const cal = r.table(top.calendar, "calendar", ["time_zone", ...WEEKDAYS, "holidays"]);
  m.calendar.time_zone = r.text(cal.time_zone, "calendar.time_zone");
  m.calendar.week = r.week(cal, "calendar", ["time_zone", "holidays"]);
  m.calendar.holidays = r.list(cal.holidays, "calendar.holidays").map((h, i): Holiday => {
    const p = `calendar.holidays[${i}]`;
    const t = r.table(h, p, ["date", "name"]);
    return { date: r.date(t.date, `${p}.date`), name: r.text(t.name, `${p}.name`) };
  });

  const targets = r.table(top.targets, "targets", PRIORITIES);
  for (const p of PRIORITIES) {
    const path = `targets.${p}`;
    const t = r.table(targets[p], path, ["first_response", "resolution", "clock"]);
    const target: Target = emptyTarget();
    target.first_response = r.text(t.first_response, `${path}.first_response`);
    target.resolution = r.text(t.resolution, `${path}.resolution`);
    target.clock = r.choice(t.clock, `${path}.clock`, CLOCKS, "business");
    m.targets[p] = target;
  }

  m.channels = r.list(top.channels, "channels").map((c, i): SupportChannel => {
    const p = `channels[${i}]`;
    const t = r.table(c, p, ["kind", "hours", "after_hours"]);
    let hours: ChannelHours = { mode: "calendar" };
    if (t.hours === "24x7") hours = { mode: "24x7" };
    else if (Array.isArray(t.hours)) hours = { mode: "daily", windows: r.windows(t.hours, `${p}.hours`) };
    else if (isTable(t.hours)) hours = { mode: "weekly", week: r.week(t.hours, `${p}.hours`) };
    else if (t.hours !== undefined && t.hours !== "calendar") r.fail(`${p}.hours`, `${JSON.stringify(t.hours)} is not "calendar", "24x7" or a list of windows`);
    return {
      kind: r.choice(t.kind, `${p}.kind`, CHANNEL_KINDS, "phone"),
      hours,
      after_hours: r.text(t.after_hours, `${p}.after_hours`),
    };
  });

  const resp = r.table(top.responsibilities, "responsibilities", ["items"]);
  m.responsibilities = r.texts(resp.items, "responsibilities.items");

  m.escalation = r.list(top.escalation, "escalation").map((e, i): EscalationLevel => {
    const p = `escalation[${i}]`;
    const t = r.table(e, p, ["level", "name", "clock", "at", "contact"]);
    return {
      level: r.number(t.level, `${p}.level`),
      name: r.text(t.name, `${p}.name`),
      clock: r.choice(t.clock, `${p}.clock`, ESCALATION_CLOCKS, "resolution"),
      at: r.number(t.at, `${p}.at`),
      contact: r.text(t.contact, `${p}.contact`),
    };
  });

  const rep = r.table(top.reporting, "reporting", ["period", "compliance_target", "csat_target"]);
  m.reporting = {
    period: r.choice(rep.period, "reporting.period", PERIODS, "month"),
    compliance_target: r.number(rep.compliance_target, "reporting.compliance_target"),
    csat_target: r.number(rep.csat_target, "reporting.csat_target"),
  };

  const cr = r.table(top.credits, "credits", ["per_breach", "bands", "cap_percent"]);
  const pb = r.table(cr.per_breach, "credits.per_breach", PRIORITIES);
  for (const p of PRIORITIES) m.credits.per_breach[p] = r.text(pb[p], `credits.per_breach.${p}`);
  m.credits.bands = r.list(cr.bands, "credits.bands").map((b, i): Band => {
    const p = `credits.bands[${i}]`;
    const t = r.table(b, p, ["below", "percent"]);
    return { below: r.number(t.below, `${p}.below`), percent: r.number(t.percent, `${p}.percent`) };
  });
  m.credits.cap_percent = r.number(cr.cap_percent, "credits.cap_percent");
  m.amendments = tail;

  if (r.problems.length) return { ok: false, syntax: false, problems: r.problems };
  // The amendments' comments are kept with them: only the rest's are lost to a form edit.
  return { ok: true, model: m, comments: countComments(head) };
}

// ---------------------------------------------------------------------------------------------
// Writing.

/**
 * A TOML basic string. JSON's escapes are TOML's, except DEL, which TOML also forbids raw; a
 * lone surrogate (only ever typed, never read from a file) cannot be written at all.
 */
export function quote(s: string): string {
  return JSON.stringify(s.replace(/\p{Cs}/gu, "\uFFFD")).replace(/\x7f/g, "\\u007F");
}

// TOML's number syntax (no leading zeros, no trailing point); anything else is written as
// text so the file always parses and the engine names the field that is wrong.
const NUMBER = /^[+-]?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function num(text: string): string {
  const t = text.trim();
  return NUMBER.test(t) ? t : quote(text);
}

function date(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.toISOString().slice(0, 10) === text) return text;
  }
  return quote(text);
}

const list = (xs: string[]) => `[${xs.map(quote).join(", ")}]`;

/** Long lists one item a line, as the sample files write them. */
function longList(xs: string[]): string {
  return xs.length === 0 ? "[]" : `[\n${xs.map((x) => `  ${x},\n`).join("")}]`;
}

function weekInline(w: Week): string {
  return `{ ${WEEKDAYS.map((d) => `${d} = ${list(w[d])}`).join(", ")} }`;
}

export function writeAgreement(m: AgreementModel): string {
  const out: string[] = [];
  const line = (key: string, value: string) => out.push(`${key} = ${value}`);
  const optional = (key: string, text: string, write: (s: string) => string = quote) => {
    if (text.trim() !== "") line(key, write(text));
  };

  line("id", quote(m.id));
  line("title", quote(m.title));
  line("provider", quote(m.provider));
  line("alliance", quote(m.alliance));
  line("region", quote(m.region));
  line("tier", quote(m.tier));
  line("effective_from", date(m.effective_from));
  optional("effective_to", m.effective_to, date);
  line("scope", list(m.scope));
  optional("account_manager", m.account_manager);
  if (m.technical_staff.length) line("technical_staff", list(m.technical_staff));
  line("monthly_fee", quote(m.monthly_fee));
  line("currency", quote(m.currency));

  out.push("", "[calendar]");
  line("time_zone", quote(m.calendar.time_zone));
  for (const d of WEEKDAYS) line(d, list(m.calendar.week[d]));
  line("holidays", longList(m.calendar.holidays.map((h) => `{ date = ${date(h.date)}, name = ${quote(h.name)} }`)));

  out.push("");
  for (const p of PRIORITIES) {
    const t = m.targets[p];
    out.push(`[targets.${p}]`);
    line("first_response", quote(t.first_response));
    line("resolution", quote(t.resolution));
    if (t.clock !== "business") line("clock", quote(t.clock));
  }

  if (m.channels.length) out.push("");
  for (const c of m.channels) {
    out.push("[[channels]]");
    line("kind", quote(c.kind));
    const h = c.hours;
    line(
      "hours",
      h.mode === "calendar" ? quote("calendar") : h.mode === "24x7" ? quote("24x7") : h.mode === "daily" ? list(h.windows) : weekInline(h.week),
    );
    optional("after_hours", c.after_hours);
  }

  out.push("", "[responsibilities]");
  line("items", longList(m.responsibilities.map(quote)));

  if (m.escalation.length) out.push("");
  for (const e of m.escalation) {
    out.push("[[escalation]]");
    line("level", num(e.level));
    optional("name", e.name);
    line("clock", quote(e.clock));
    line("at", num(e.at));
    optional("contact", e.contact);
  }

  out.push("", "[reporting]");
  line("period", quote(m.reporting.period));
  optional("compliance_target", m.reporting.compliance_target, num);
  optional("csat_target", m.reporting.csat_target, num);

  out.push("", "[credits]");
  const pb = PRIORITIES.filter((p) => m.credits.per_breach[p].trim() !== "");
  line("per_breach", pb.length ? `{ ${pb.map((p) => `${p} = ${quote(m.credits.per_breach[p].trim())}`).join(", ")} }` : "{}");
  line("bands", m.credits.bands.length ? `[ ${m.credits.bands.map((b) => `{ below = ${num(b.below)}, percent = ${num(b.percent)} }`).join(", ")} ]` : "[]");
  optional("cap_percent", m.credits.cap_percent, num);

  const written = `${out.join("\n")}\n`;
  return m.amendments ? `${written}\n${m.amendments}` : written;
}
