// Showing instants and durations. Instants arrive as RFC 3339 UTC text; every one shown to a
// person goes through `formatInstant`, in the zone `zoneFor` gives for the display time zone of
// Settings (the agreement's, the computer's, or UTC), so a ticket's opening reads the same on
// every screen. Screens get that zone from `useDisplayZone` (zones.ts).
import { parse } from "smol-toml";
import type { ClockKind } from "./ipc/bindings";

export type ZoneChoice = "agreement" | "local" | "utc";

export function toSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

/**
 * The zone to show an instant in, by the display choice of Settings: UTC; the computer's own
 * (undefined); or the agreement's, given as the zone of the agreement the instant belongs to, or
 * as the zones of several (a portfolio's): their zone when they all share one, else the
 * computer's (as when the agreement's zone is not known).
 */
export function zoneFor(choice: ZoneChoice, agreementZone?: string | readonly (string | undefined)[]): string | undefined {
  if (choice === "utc") return "UTC";
  if (choice !== "agreement") return undefined;
  const zones = new Set(typeof agreementZone === "string" ? [agreementZone] : (agreementZone ?? []));
  const [only] = zones;
  return zones.size === 1 && only ? only : undefined;
}

/** The zone when Intl knows it (one being typed may not be yet: then none, the computer's). */
export function knownZone(zone: string): string | undefined {
  const z = zone.trim();
  if (!z) return undefined;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: z });
    return z;
  } catch {
    return undefined;
  }
}

/** An agreement's own time zone as its TOML states it (`calendar.time_zone`), if it reads. */
export function zoneOf(source: string): string | undefined {
  try {
    const calendar = parse(source).calendar;
    if (calendar && typeof calendar === "object" && !Array.isArray(calendar)) {
      const zone = (calendar as Record<string, unknown>).time_zone;
      // A name Intl does not know would make every time unreadable: then the computer's.
      if (typeof zone === "string") return knownZone(zone);
    }
  } catch {
    // Not TOML the reader takes: the computer's zone then.
  }
  return undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * `Tue, 24 Nov 2026, 14:05:09 GMT-5` in the given zone (undefined: the computer's), with the
 * zone's short name as the webview's Intl writes it.
 */
export function formatInstant(iso: string | null | undefined, zone?: string, withSeconds = false): string {
  if (!iso) return "—";
  const key = `${zone ?? ""}|${withSeconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      second: withSeconds ? "2-digit" : undefined,
      hourCycle: "h23",
      timeZone: zone,
      timeZoneName: "short",
    });
    formatters.set(key, f);
  }
  return f.format(new Date(iso));
}

const shortFormats = new Map<string, Intl.DateTimeFormat>();
const SHORT = {
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  day: { weekday: "short", day: "numeric", month: "short" },
  date: { day: "numeric", month: "short" },
  dateTime: { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  dateTimeYear: { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  month: { month: "short", year: "numeric" },
  year: { year: "numeric" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * An instant (seconds) written short in a zone, without the zone's name: `09:00`, `Thu 3 Dec`,
 * `3 Dec`, `3 Dec 09:00`, `3 Dec 2025 09:00`, `Mar 2026`, `2026`. Each formatter is made once
 * per zone: the queue and the timeline ask for them on every tick.
 */
export function formatShort(t: number, zone: string | undefined, how: keyof typeof SHORT): string {
  const key = `${zone ?? ""}|${how}`;
  let f = shortFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { ...SHORT[how], timeZone: zone });
    shortFormats.set(key, f);
  }
  return f.format(new Date(t * 1000)).replace(",", "");
}

/**
 * An instant in few characters, for a tight column: "19 Nov 10:00", with the year when it is not
 * the year of `now` (seconds) in that zone. No zone name: the full instant (`formatInstant`) goes
 * in a title or label beside it.
 */
export function formatCompact(iso: string, zone: string | undefined, now: number): string {
  const at = toSeconds(iso);
  const withYear = formatShort(at, zone, "year") !== formatShort(now, zone, "year");
  return formatShort(at, zone, withYear ? "dateTimeYear" : "dateTime");
}

const RFC3339 = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:(\d{2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;

/**
 * A sentence of the engine's with each RFC 3339 instant in it written as `formatInstant` writes
 * it, in the zone given (with the seconds when it has some): `issued on 2026-11-20T15:00:00Z`
 * reads `issued on Fri, 20 Nov 2026, 10:00 GMT-5`.
 */
export function instantsIn(text: string | null | undefined, zone: string | undefined): string {
  return (text ?? "").replace(RFC3339, (iso: string, seconds: string) => formatInstant(iso, zone, seconds !== "00"));
}

/** The seconds east of UTC a zone is at an instant (ms since the epoch). */
export function offsetAt(ms: number, zone: string | undefined): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return (wall - Math.floor(ms / 1000) * 1000) / 1000;
}

/** `2026-11-20 10:00 EST` or `2026-11-20 10:00:05 +0530`, as the engine writes a local time. */
const LOCAL_TIME = /\b(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))? (?:[A-Za-z]{2,5}|[+-]\d{2,4})(?!\w)/g;

/**
 * A sentence of the engine's with each local time it wrote in a zone (`2026-11-20 10:00 EST`,
 * as reports write one) written as `formatInstant` writes it, in the zone given.
 */
export function localTimesIn(text: string, writtenIn: string | undefined, zone: string | undefined): string {
  return text.replace(LOCAL_TIME, (whole: string, ...g: string[]) => {
    const [y, mo, d, h, mi, s] = g.slice(0, 6).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
    const wall = Date.UTC(y, mo - 1, d, h, mi, s);
    // The offset at the wall time read as UTC, then at the instant that gives (right across a change).
    const first = wall - offsetAt(wall, writtenIn) * 1000;
    const ms = wall - offsetAt(first, writtenIn) * 1000;
    return Number.isNaN(ms) ? whole : formatInstant(new Date(ms).toISOString(), zone, s !== 0);
  });
}

/**
 * What the figures of a period to date are, as the engine says it beside the period
 * (`to date, as of … — provisional`), with its instant written as every instant is.
 */
export function toDateWords(asOf: string | null | undefined, engineWords: string, zone: string | undefined): string {
  return asOf ? `to date, as of ${formatInstant(asOf, zone)} — provisional` : engineWords;
}

/**
 * Time a clock counted, saying when it is business time (only the hours of the business
 * calendar count), which a length of calendar time beside it is not: `86d 15h business time`.
 */
export function formatCounted(seconds: number, clock: ClockKind): string {
  return clock === "business" ? `${formatDuration(seconds)} ${BUSINESS_TIME}` : formatDuration(seconds);
}

/** What a business clock's counted time is called beside its length. */
export const BUSINESS_TIME = "business time";

/** A length of time: `2d 3h`, `3h 05m`, `12m 09s`, `45s`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(Math.abs(totalSeconds)));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${two(m)}m`;
  if (m > 0) return `${m}m ${two(sec)}s`;
  return `${sec}s`;
}

/** A countdown that keeps its seconds: `1d 02:14:05`, `02:14:05`. */
export function formatCountdown(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(Math.abs(totalSeconds)));
  const d = Math.floor(s / 86400);
  const two = (n: number) => String(n).padStart(2, "0");
  const clock = `${two(Math.floor((s % 86400) / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return d > 0 ? `${d}d ${clock}` : clock;
}

/** A target in hours as agreements state them: `4 h`, `30 min`, `2 d`. */
export function formatTarget(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
