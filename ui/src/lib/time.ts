// Showing instants and durations. Instants arrive as RFC 3339 UTC text; they are shown in the
// display time zone the user chose (the agreement's, the computer's, or UTC).

export type ZoneChoice = "agreement" | "local" | "utc";

export function toSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

export function zoneFor(choice: ZoneChoice, agreementZone?: string): string | undefined {
  if (choice === "utc") return "UTC";
  if (choice === "agreement" && agreementZone) return agreementZone;
  return undefined; // the computer's own
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `Tue 24 Nov 2026, 14:05:09 EST` in the given zone. */
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
