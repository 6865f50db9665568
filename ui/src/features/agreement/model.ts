// The agreement of formats.md as a typed model the form edits. Values the engine reads as
// numbers or dates are kept as the text the user sees, so a half-typed value ("0.9", "7.")
// is never rounded away under the cursor; the emitter decides how each is written.

export const TIERS = ["basic", "premium", "enterprise"] as const;
export type Tier = (typeof TIERS)[number];

export const SCOPES = ["troubleshooting", "technical_support", "billing_inquiry", "service_activation"] as const;

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

export const PRIORITIES = ["p1", "p2", "p3", "p4"] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CLOCKS = ["business", "24x7"] as const;
export type Clock = (typeof CLOCKS)[number];

export const CHANNEL_KINDS = ["phone", "email", "live_chat", "help_desk"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const ESCALATION_CLOCKS = ["first_response", "resolution"] as const;
export type EscalationClock = (typeof ESCALATION_CLOCKS)[number];

export const PERIODS = ["month", "quarter"] as const;
export type Period = (typeof PERIODS)[number];

/** Windows per weekday, each "HH:MM-HH:MM"; an empty list is a closed day. */
export type Week = Record<Weekday, string[]>;

export interface Holiday {
  date: string;
  name: string;
}

export interface Target {
  first_response: string;
  resolution: string;
  clock: Clock;
}

/**
 * A channel's staffed hours. The engine reads both a list (the same windows every day, what
 * formats.md means by "windows as above") and a table of weekday windows; both are kept so a
 * file using either opens in the form unchanged.
 */
export type ChannelHours =
  | { mode: "calendar" }
  | { mode: "24x7" }
  | { mode: "daily"; windows: string[] }
  | { mode: "weekly"; week: Week };

export interface SupportChannel {
  kind: ChannelKind;
  hours: ChannelHours;
  after_hours: string;
}

export interface EscalationLevel {
  level: string;
  name: string;
  clock: EscalationClock;
  /** A fraction of the clock's target, e.g. "0.75". */
  at: string;
  contact: string;
}

export interface Band {
  /** A fraction, e.g. "0.95". */
  below: string;
  percent: string;
}

export interface AgreementModel {
  id: string;
  title: string;
  provider: string;
  alliance: string;
  region: string;
  tier: Tier;
  /** "YYYY-MM-DD" when valid; anything else is kept as typed for the engine to explain. */
  effective_from: string;
  effective_to: string;
  scope: string[];
  account_manager: string;
  technical_staff: string[];
  monthly_fee: string;
  currency: string;
  calendar: { time_zone: string; week: Week; holidays: Holiday[] };
  targets: Record<Priority, Target>;
  channels: SupportChannel[];
  responsibilities: string[];
  escalation: EscalationLevel[];
  reporting: { period: Period; compliance_target: string; csat_target: string };
  credits: { per_breach: Record<Priority, string>; bands: Band[]; cap_percent: string };
  /**
   * The `[[amendments]]` that end the file (formats.md v1.1), verbatim from their first line to
   * the end: the form lists them but does not edit them, and writes them back unchanged.
   */
  amendments: string;
}

export function emptyWeek(): Week {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

export function emptyTarget(): Target {
  return { first_response: "", resolution: "", clock: "business" };
}

export const ALL_DAY = "00:00-24:00";

/** A window's two ends; text without exactly one "-" cannot be split without losing it. */
export function splitWindow(w: string): [string, string] | null {
  const parts = w.split("-");
  return parts.length === 2 ? [parts[0] ?? "", parts[1] ?? ""] : null;
}

export function joinWindow(from: string, to: string): string {
  return `${from.trim()}-${to.trim()}`;
}

/**
 * Moves the decimal point of a non-negative decimal text by `places` (positive: right),
 * exactly, on the digits: binary floats would turn 0.07 into 7.000000000000001 %.
 */
export function shiftDecimal(text: string, places: number): string | null {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) return null;
  const int = m[1] ?? "";
  let digits = int + (m[2] ?? "");
  let point = int.length + places;
  if (point < 0) {
    digits = "0".repeat(-point) + digits;
    point = 0;
  }
  if (point > digits.length) digits += "0".repeat(point - digits.length);
  const whole = digits.slice(0, point).replace(/^0+(?=\d)/, "") || "0";
  const frac = digits.slice(point).replace(/0+$/, "");
  return frac ? `${whole}.${frac}` : whole;
}

/** "75" (percent) → "0.75"; "100" → "1.0", written as a TOML float as formats.md does. */
export function percentToFraction(percent: string): string | null {
  const f = shiftDecimal(percent, -2);
  if (f === null) return null;
  return f.includes(".") ? f : `${f}.0`;
}

/** "0.75" → "75". */
export function fractionToPercent(fraction: string): string | null {
  return shiftDecimal(fraction, 2);
}

/** The agreement a "New agreement…" starts from when its TOML cannot be read (never in practice). */
export function blankAgreement(): AgreementModel {
  return {
    id: "",
    title: "",
    provider: "",
    alliance: "",
    region: "",
    tier: "basic",
    effective_from: "",
    effective_to: "",
    scope: [],
    account_manager: "",
    technical_staff: [],
    monthly_fee: "",
    currency: "",
    calendar: { time_zone: "", week: emptyWeek(), holidays: [] },
    targets: { p1: emptyTarget(), p2: emptyTarget(), p3: emptyTarget(), p4: emptyTarget() },
    channels: [],
    responsibilities: [],
    escalation: [],
    reporting: { period: "month", compliance_target: "", csat_target: "" },
    credits: { per_breach: { p1: "", p2: "", p3: "", p4: "" }, bands: [], cap_percent: "" },
    amendments: "",
  };
}
