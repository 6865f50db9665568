// An in-memory backend for running the UI in a plain browser (development and the Playwright
// tests). Its SLA numbers are simple stand-ins (every second counts, no calendar): the real
// arithmetic lives in Rust only. URL switches: `?empty` starts with no data, `?tickets=N`
// makes N open tickets (for the virtualised queue), `?importError` makes imports fail. A
// PostgreSQL URL naming the host `unreachable` fails to connect, and the database stays as it was.
//
// Dashboards, drill-downs, report exports and what-if are stand-ins too, computed from the
// mock's own tickets (a few months of resolved history are added for them): every second
// counts, periods are in the browser's time zone, credits are a flat band of the fee, and the
// charts are SVG drawn here in the shape plotters draws them (760x300, a title, axes, bars or
// lines) with a band per category so click-through can be tried. The real arithmetic and
// pictures are Rust's. `?exportCancel` makes the report save dialog cancelled.
//
// Clocks follow the engine's definitions over the stretches they ran (mockClock.ts): a breach
// has its deadline (`due_at`, the target used up) and its breach instant (`breached_at`, the
// first second counted over it, which files it in a period); pausing at the deadline puts the
// breach later. T-8000001 (last month, premium) is such a breach: paused from its deadline on
// Friday 17:00 until Monday 09:00, breached 09:00:01. A period that has not ended is to date as
// of now (`state: "to_date"`, `as_of` now); one that has not started is a dashboard without
// figures (`state: "not_started"`), and its what-if is refused with the engine's words.
import type {
  AgreementSummary,
  Verdict,
  Band,
  ChannelKind,
  ChartRegion,
  ClockName,
  ClockOutcome,
  Dashboard,
  DashboardChart,
  DatabaseSettings,
  Drill,
  DrillOutcome,
  DrillRow,
  GroupRow,
  Kpi,
  PeriodState,
  PortfolioRow,
  Scope,
  EventKind,
  ExplainedEvent,
  InputError,
  Priority,
  QueueItem,
  Segment,
  Tier,
  TicketItem,
  TicketView,
  WhatIfChange,
  WhatIfFigure,
} from "./bindings";
import { type Backend, BackendError, type Unsubscribe } from "./backend";
import { type Period, currentMonth, describeDates, formatPeriod, parsePeriod, periodDates, stepPeriod } from "../period";
import { type ClockFigures, type Run, clockFigures, resolutionRuns, wallClock } from "./mockClock";
import { CHANNEL_LABEL, CLOCK_NAME_LABEL, PRIORITY_LABEL, TIER_LABEL } from "../labels";

interface MockTicket {
  id: string;
  agreementId: string;
  openedAt: number;
  priority: Priority;
  channel: ChannelKind;
  category: string;
  customer: string;
  subject: string;
  assignee: string | null;
  csat: number | null;
  version: number;
  events: { at: number; kind: EventKind; priority: Priority | null; note: string }[];
}

const TARGETS: Record<Priority, [number, number]> = {
  p1: [1800, 14400],
  p2: [3600, 28800],
  p3: [14400, 172800],
  p4: [28800, 432000],
};

const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
const nowS = () => Math.floor(Date.now() / 1000);

/** What a period's figures are while it has not ended, as the engine words it:
 * `to date, as of 2026-12-04 21:04 EST — provisional` (in the browser's time zone). */
function toDateWords(asOf: number): string {
  const parts = new Intl.DateTimeFormat("en-US", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(new Date(asOf * 1000));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? "";
  return `to date, as of ${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")} ${part("timeZoneName")} — provisional`;
}


// ---- Reports: stand-ins for the Rust analysis and plotters' charts ----

type Targets = Record<Priority, [number, number]>;

const PRIORITIES: Priority[] = ["p1", "p2", "p3", "p4"];
const CHANNELS: ChannelKind[] = ["phone", "email", "live_chat", "help_desk"];
const AGREEMENT_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#785ef0", "#5a5a5a"];
const PRIORITY_COLOURS = ["#c0392b", "#e67e22", "#2980b9", "#7f8c8d"];
const FR_BUCKETS = [25, 50, 75, 100, 150, Infinity];
const BUCKET_LABELS = ["≤ 25%", "25–50%", "50–75%", "75–100%", "100–150%", "> 150%"];
const FEES: Record<Tier, number> = { basic: 2500, premium: 12500, enterprise: 40000 };
const COMPLIANCE_TARGET = 0.95;
const CSAT_TARGET = 4;
const SUBJECTS = [
  "No dial tone on main line",
  "Invoice shows a double charge",
  "Fibre activation pending",
  "Intermittent packet loss",
  "Voicemail not forwarding",
  "Router reboots every hour",
  "Porting request stuck",
  "Slow speeds in the evening",
];
/** The agreements' time zone, for the ticket page's local times. */
const TICKET_ZONE = "America/New_York";
/** The seeded ticket whose breach came well after its deadline (paused at it over a weekend). */
const BREACHED_AFTER_DEADLINE = "T-8000001";
/** A subject that must be shown as text wherever it appears. */
const HOSTILE_SUBJECT = `<img src=x onerror="window.__xss=1"> Modem <b>blinks</b> red`;

/** A small deterministic random source (mulberry32), so the mock's history is the same every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seconds as agreements write them (`2h30m`, `3d`, `90s`), like the Rust side. */
function rustDuration(secs: number): string {
  if (secs === 0) return "0s";
  let rest = Math.abs(Math.round(secs));
  let out = secs < 0 ? "-" : "";
  for (const [unit, size] of [["d", 86400], ["h", 3600], ["m", 60], ["s", 1]] as const) {
    if (rest >= size) {
      out += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return out;
}

function readDuration(text: string): number | null {
  if (!/^(\d+[dhms])+$/.test(text)) return null;
  const size: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };
  let total = 0;
  for (const m of text.matchAll(/(\d+)([dhms])/g)) total += Number(m[1]) * (size[m[2] ?? "s"] ?? 1);
  return total;
}

const percent = (v: number | null) => (v === null ? "—" : `${(v * 100).toFixed(2)}%`);
const money = (v: number) => `${v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} USD`;
const fraction = (a: number, b: number) => (b > 0 ? a / b : null);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : Math.round(((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2);
}
/** Local midnight of a date `YYYY-MM-DD`, in seconds. */
function midnight(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Math.floor(new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1).getTime() / 1000);
}

/** The compliance axis: room below the lowest point in steps of 10%, never closer than 80–100%. */
function complianceRange(values: (number | null)[], target?: number): [number, number] {
  const low = Math.min(1, target ?? 1, ...values.filter((v): v is number => v !== null));
  return [Math.min(0.8, Math.max(0, Math.floor((low - 0.05) * 10) / 10)), 1];
}

/** The periods of a trend ending with `p`: six months, four quarters, or the range itself. */
function trendOf(p: Period): Period[] {
  if (p.kind === "range") return [p];
  const out: Period[] = [p];
  for (let i = 1; i < (p.kind === "month" ? 6 : 4); i++) out.unshift(stepPeriod(out[0] ?? p, -1));
  return out;
}

// SVG in the shape plotters writes it.
const INK = "#1E2328";
const escapeXml = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
function svgText(
  x: number,
  y: number,
  content: string,
  o: { size?: number; bold?: boolean; anchor?: string; dy?: string; fill?: string; transform?: string } = {},
): string {
  return (
    `<text x="${x}" y="${y}" dy="${o.dy ?? "0.5ex"}" text-anchor="${o.anchor ?? "start"}" font-family="Inter" font-size="${o.size ?? 12}" opacity="1" fill="${o.fill ?? INK}"` +
    `${o.bold ? ' font-weight="bold"' : ""}${o.transform ? ` transform="${o.transform}"` : ""}>\n${escapeXml(content)}\n</text>`
  );
}

interface ChartSeries {
  name: string;
  colour: string;
  values: (number | null)[];
  dashed?: boolean;
}
interface ChartSpec {
  kind: "line" | "bar";
  title: string;
  categories: string[];
  xTitle: string;
  yTitle: string;
  series: ChartSeries[];
  label: (v: number) => string;
  /** Counts: ticks on whole numbers only. */
  whole?: boolean;
  yRange?: [number, number];
  target?: { name: string; value: number };
}

function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  for (const f of [1, 2, 2.5, 5, 10]) if (f * step >= max) return f * step;
  return 10 * step;
}

/** A chart and its categories' slots (none when it has no data). */
function drawChart(c: ChartSpec): { svg: string; bands: Band[] } {
  const out = [
    `<svg width="760" height="300" viewBox="0 0 760 300" xmlns="http://www.w3.org/2000/svg">`,
    `<rect x="0" y="0" width="760" height="300" opacity="1" fill="#FFFFFF" stroke="none"/>`,
    svgText(380, 5, c.title, { size: 16, bold: true, anchor: "middle", dy: "0.76em" }),
  ];
  const values = c.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  if (c.categories.length === 0 || values.length === 0) {
    out.push(svgText(380, 162, "No data in this period", { size: 15, anchor: "middle", fill: "#6E7378" }), "</svg>");
    return { svg: out.join("\n"), bands: [] };
  }
  const entries = c.series.map((s) => ({ name: s.name, colour: s.colour, dashed: s.dashed ?? false }));
  if (c.target) entries.push({ name: c.target.name, colour: "#C81E1E", dashed: true });
  let top = 34;
  if (entries.length >= 2) {
    const widths = entries.map((e) => e.name.length * 7.4 + 40);
    let x = Math.max(0, (760 - widths.reduce((a, b) => a + b, 0)) / 2);
    entries.forEach((e, i) => {
      const [lx, ly] = [Math.round(x), 34];
      out.push(
        c.kind === "bar" && !(c.target && i === entries.length - 1)
          ? `<rect x="${lx + 3}" y="${ly - 6}" width="12" height="12" opacity="1" fill="${e.colour}" stroke="none"/>`
          : `<polyline fill="none" opacity="1" stroke="${e.colour}" stroke-width="${e.dashed ? 2 : 3}"${e.dashed ? ' stroke-dasharray="7 4"' : ""} points="${lx},${ly} ${lx + 18},${ly} "/>`,
        svgText(lx + 22, ly, e.name),
      );
      x += widths[i] ?? 0;
    });
    top = 54;
  }
  const [left, right, bottom] = [66, 751, 247];
  const stacked = c.categories.map((_, i) => c.series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const [lo, hi] = c.yRange ?? [0, niceCeiling(c.kind === "bar" ? Math.max(...stacked) : Math.max(...values))];
  const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
  const Y = (v: number) => Math.round(bottom - ((v - lo) / (hi - lo || 1)) * (bottom - top));
  const slot = (right - left) / c.categories.length;
  const X = (i: number) => Math.round(left + slot * (i + 0.5));
  out.push(
    svgText(12, Math.round((top + bottom) / 2), c.yTitle, { size: 13, anchor: "middle", dy: "0.76em", transform: `rotate(270, 12, ${Math.round((top + bottom) / 2)})` }),
    svgText(Math.round((left + right) / 2), 292, c.xTitle, { size: 13, anchor: "middle", dy: "-0.5ex" }),
  );
  const rough = (hi - lo) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough || 1));
  const nice = ([1, 2, 2.5, 5, 10].find((f) => f * magnitude >= rough - 1e-9) ?? 10) * magnitude;
  const tick = c.whole ? Math.max(1, Math.round(nice)) : nice;
  for (let i = 0; lo + tick * i <= hi + 1e-9; i++) {
    const v = lo + tick * i;
    const y = Y(v);
    out.push(
      `<line opacity="1" stroke="#E1E4E8" stroke-width="1" x1="${left}" y1="${y}" x2="${right}" y2="${y}"/>`,
      svgText(left - 10, y, c.label(v), { anchor: "end" }),
      `<polyline fill="none" opacity="1" stroke="#000000" stroke-width="1" points="${left - 5},${y} ${left},${y} "/>`,
    );
  }
  out.push(
    `<polyline fill="none" opacity="1" stroke="#000000" stroke-width="1" points="${left - 1},${top} ${left - 1},${bottom} "/>`,
    `<polyline fill="none" opacity="1" stroke="#000000" stroke-width="1" points="${left},${bottom + 1} ${right},${bottom + 1} "/>`,
  );
  c.categories.forEach((cat, i) => out.push(svgText(X(i), bottom + 11, cat, { anchor: "middle", dy: "0.76em" })));
  if (c.kind === "bar") {
    const base = c.categories.map(() => 0);
    const width = Math.round(slot * 0.7);
    for (const s of c.series) {
      s.values.forEach((v, i) => {
        if (!v) return;
        const y0 = Y((base[i] ?? 0) + v);
        const y1 = Y(base[i] ?? 0);
        base[i] = (base[i] ?? 0) + v;
        out.push(`<rect x="${X(i) - Math.round(width / 2)}" y="${y0}" width="${width}" height="${Math.max(1, y1 - y0)}" opacity="1" fill="${s.colour}" stroke="none"/>`);
      });
    }
  } else {
    if (c.target) {
      out.push(`<polyline fill="none" opacity="1" stroke="#C81E1E" stroke-width="2" stroke-dasharray="7 4" points="${left},${Y(c.target.value)} ${right},${Y(c.target.value)} "/>`);
    }
    for (const s of c.series) {
      const pts = s.values.map((v, i) => (v === null ? null : `${X(i)},${Y(clamp(v))}`)).filter((p): p is string => p !== null);
      if (pts.length > 1) {
        out.push(`<polyline fill="none" opacity="1" stroke="${s.colour}" stroke-width="${s.dashed ? 2 : 3}"${s.dashed ? ' stroke-dasharray="7 4"' : ""} points="${pts.join(" ")} "/>`);
      }
      s.values.forEach((v, i) => v !== null && out.push(`<circle cx="${X(i)}" cy="${Y(clamp(v))}" r="4" opacity="1" fill="${s.colour}" stroke="none"/>`));
    }
  }
  out.push("</svg>");
  const bands = c.categories.map((_, i) => ({ x: (left + slot * i) / 760, y: top / 300, width: slot / 760, height: (bottom - top) / 300 }));
  return { svg: out.join("\n"), bands };
}

/** A clock's outcome: met at its stop, or breached at its breach instant (the first second
 * counted over the target, which files it in a period), with its deadline. */
interface Outcome {
  clock: ClockName;
  breached: boolean;
  at: number;
  /** A breach's deadline (the instant the target was used up). */
  due: number | null;
  elapsed: number;
  target: number;
}

/** One period's figures of some tickets. */
interface Tally {
  opened: number;
  frMet: number;
  frBreached: number;
  resMet: number;
  resBreached: number;
  frElapsed: number[];
  resolved: number;
  csat: number[];
  escalations: number;
  buckets: number[][];
}

function agreementsFixture(): AgreementSummary[] {
  const make = (id: string, title: string, tier: Tier): AgreementSummary => ({
    id,
    title,
    provider: "APC Telecom, Inc.",
    alliance: "Canadian Telecom Resellers Alliance",
    tier,
    region: "West Virginia",
    effective_from: "2026-01-01",
    effective_to: "2026-12-31",
    status: "active",
    scope: ["troubleshooting", "technical_support", "billing_inquiry", "service_activation"],
    open_tickets: 0,
    month: currentMonth(),
    month_to_date: toDateWords(nowS()),
    compliance: "0.9412",
    compliance_target: "0.95",
    compliance_status: "missed",
    version: 1,
  });
  return [
    make("CTRA-APC-WV-BASIC", "West Virginia Customer Service Agreement (Basic)", "basic"),
    make("CTRA-APC-WV-ENT-MOUNTAINEER", "Mountaineer Enterprise Agreement", "enterprise"),
    make("CTRA-APC-WV-PREMIUM", "West Virginia Customer Service Agreement (Premium)", "premium"),
  ];
}

function sourceOf(a: AgreementSummary): string {
  return `id = "${a.id}"\ntitle = "${a.title}"\nprovider = "${a.provider}"\nalliance = "${a.alliance}"\nregion = "${a.region}"\ntier = "${a.tier}"\neffective_from = ${a.effective_from}\n`;
}

export function createMockBackend(search: string = typeof location !== "undefined" ? location.search : ""): Backend {
  const params = new URLSearchParams(search);
  let agreements: AgreementSummary[] = params.has("empty") ? [] : agreementsFixture();
  const sources = new Map(agreements.map((a) => [a.id, sourceOf(a)]));
  const tickets = new Map<string, MockTicket>();
  const listeners = new Set<(r: number) => void>();
  let revision = 0;
  let database: DatabaseSettings = {
    backend: "mock",
    location: "in-browser mock",
    remembered: null,
    from_environment: false,
    default_path: "/home/you/.local/share/accord/accord.db",
    open_error: null,
    warning: null,
  };
  const changed = () => {
    revision += 1;
    for (const l of listeners) l(revision);
  };

  const seed = (n: number) => {
    const base = nowS();
    const prios: Priority[] = ["p1", "p2", "p3", "p4"];
    const chans: ChannelKind[] = ["phone", "email", "live_chat", "help_desk"];
    for (let i = 1; i <= n; i++) {
      const a = agreements[i % agreements.length];
      if (!a) break;
      const priority = prios[i % 4] ?? "p3";
      const id = `T-${String(i).padStart(7, "0")}`;
      tickets.set(id, {
        id,
        agreementId: a.id,
        openedAt: base - ((i * 997) % 40000),
        priority,
        channel: chans[i % 4] ?? "email",
        category: a.scope[i % a.scope.length] ?? "troubleshooting",
        customer: `Customer ${i % 97}`,
        subject: i % 13 === 0 ? `<b>Not bold</b> line ${i}` : `Line down at site ${i}`,
        assignee: i % 5 === 0 ? "Dana Whitfield" : null,
        csat: null,
        version: 1,
        events: i % 7 === 0 ? [{ at: base - 100, kind: "waiting_on_customer", priority: null, note: "" }] : [],
      });
    }
    seedHistory();
  };
  // Resolved tickets of the months before this one and of this month so far, for dashboards.
  const seedHistory = () => {
    const rand = random(20261);
    const today = new Date();
    let n = 0;
    agreements.forEach((a, ai) => {
      for (let k = 6; k >= 0; k--) {
        const start = Math.floor(new Date(today.getFullYear(), today.getMonth() - k, 1).getTime() / 1000);
        const end = k === 0 ? nowS() - 86400 : Math.floor(new Date(today.getFullYear(), today.getMonth() - k + 1, 1).getTime() / 1000);
        if (end - start < 86400) continue;
        const count = k === 0 ? 5 : 8 + ((k * 7 + ai * 5) % 6);
        for (let j = 0; j < count; j++) {
          n += 1;
          const id = `T-9${String(n).padStart(6, "0")}`;
          const hostile = k === 1 && a.id === "CTRA-APC-WV-PREMIUM" && j === 0;
          const priority: Priority = hostile ? "p1" : (PRIORITIES[Math.floor(rand() * 4)] ?? "p3");
          const [fr, res] = TARGETS[priority];
          const openedAt = Math.floor(start + rand() * (end - start) * 0.85);
          // Most clocks are met; the enterprise agreement breaches more, so agreements differ.
          const slack = ai === 1 ? 1.12 : 0.98;
          const frAt = hostile ? openedAt + 1200 : openedAt + Math.floor(fr * (0.1 + rand() * slack));
          let resAt = hostile ? openedAt + Math.floor(res * 1.3) : Math.max(frAt + 60, openedAt + Math.floor(res * (0.15 + rand() * slack)));
          resAt = Math.min(resAt, nowS() - 600);
          const score = rand();
          tickets.set(id, {
            id,
            agreementId: a.id,
            openedAt,
            priority,
            channel: CHANNELS[Math.floor(rand() * 4)] ?? "email",
            category: a.scope[j % a.scope.length] ?? "troubleshooting",
            customer: `Customer ${100 + ((n * 7) % 89)}`,
            subject: hostile ? HOSTILE_SUBJECT : (SUBJECTS[Math.floor(rand() * SUBJECTS.length)] ?? "Line down"),
            assignee: n % 3 === 0 ? "Dana Whitfield" : "Sam Okafor",
            csat: score < 0.6 ? ([5, 4, 5, 3, 4, 5, 2, 4][Math.floor((score / 0.6) * 8)] ?? 4) : null,
            version: 1,
            events: [
              { at: frAt, kind: "responded", priority: null, note: "" },
              { at: Math.max(resAt, frAt + 1), kind: "resolved", priority: null, note: "" },
            ],
          });
        }
      }
    });
    // A breach later than its deadline: a P2 ticket of last month on the premium agreement,
    // opened on its second Friday at 09:00 (the agreement's time zone) and waiting on the
    // customer from 17:00, the very second its 8h resolution target was used up, until Monday
    // 09:00. The target was used up on Friday; the breach is Monday 09:00:01, the first second
    // counted over it.
    const premium = agreements.find((a) => a.id === "CTRA-APC-WV-PREMIUM");
    if (premium) {
      const month = new Date(today.getFullYear(), today.getMonth() - 1, 1);
      const [y, m] = [month.getFullYear(), month.getMonth() + 1];
      let day = 8;
      while (new Date(Date.UTC(y, m - 1, day)).getUTCDay() !== 5) day += 1;
      const openedAt = wallClock(TICKET_ZONE, y, m, day, 9);
      const deadline = openedAt + TARGETS.p2[1];
      const monday = wallClock(TICKET_ZONE, y, m, day + 3, 9);
      tickets.set(BREACHED_AFTER_DEADLINE, {
        id: BREACHED_AFTER_DEADLINE,
        agreementId: premium.id,
        openedAt,
        priority: "p2",
        channel: "phone",
        category: "troubleshooting",
        customer: "Charleston Legal Aid",
        subject: "Line card replaced after the weekend",
        assignee: "Dana Whitfield",
        csat: 3,
        version: 1,
        events: [
          { at: openedAt + 1200, kind: "responded", priority: null, note: "" },
          { at: deadline, kind: "waiting_on_customer", priority: null, note: "Asked for the site's access hours" },
          { at: monday, kind: "customer_replied", priority: null, note: "" },
          { at: monday + 9000, kind: "resolved", priority: null, note: "Line card replaced" },
        ],
      });
    }
  };
  if (agreements.length) seed(Number(params.get("tickets") ?? 60));

  const state = (t: MockTicket) => {
    const asOf = nowS();
    const { runs, stopped, paused } = resolutionRuns(t.openedAt, t.events, asOf);
    const [fr, res] = TARGETS[t.priority];
    const responded = t.events.find((e) => e.kind !== "priority_changed" && e.kind !== "customer_replied" && e.kind !== "reopened");
    const frDue = responded ? null : t.openedAt + fr;
    const resDue = stopped || paused ? null : clockFigures(runs, res, asOf).due;
    const deadline = [frDue, resDue].filter((x): x is number => x !== null).sort((a, b) => a - b)[0] ?? null;
    return { open: !stopped, paused, deadline, fr, res, responded };
  };

  const queueItem = (t: MockTicket): QueueItem => {
    const s = state(t);
    const a = agreements.find((x) => x.id === t.agreementId);
    return {
      id: t.id,
      agreement_id: t.agreementId,
      tier: a?.tier ?? "basic",
      priority: t.priority,
      subject: t.subject,
      customer: t.customer,
      assignee: t.assignee,
      next_deadline: s.deadline === null ? null : iso(s.deadline),
      escalation_level: 0,
      escalations: s.paused || !s.open
        ? []
        : [
            { level: 1, at: iso(t.openedAt + Math.floor(s.res * 0.75) + 1) },
            { level: 2, at: iso(t.openedAt + s.res + 1) },
          ],
      version: t.version,
    };
  };

  const find = (id: string) => {
    const t = tickets.get(id);
    if (!t) throw new BackendError("not_found", `no ticket ${id}`);
    return t;
  };

  /** A change to a ticket as the store makes it: against the version read, or a conflict. */
  const edit = (id: string, version: number, change: (t: MockTicket) => void): number => {
    const t = find(id);
    if (t.version !== version) throw new BackendError("conflict", `conflict: ticket ${id} was changed by someone else; reload and try again`);
    change(t);
    t.version += 1;
    changed();
    return t.version;
  };

  const view = (t: MockTicket): TicketView => {
    const s = state(t);
    const asOf = nowS();
    const a = agreements.find((x) => x.id === t.agreementId);
    const frStop = s.responded?.at ?? null;
    const frEnd = frStop ?? asOf;
    const segs = (end: number): Segment[] => [
      { kind: "counted24x7", from: iso(t.openedAt), to: iso(end), counted_s: end - t.openedAt, note: "" },
    ];
    // Resolution: runs, pauses while waiting on the customer, stops when resolved or closed.
    const resolution: Segment[] = [];
    type Phase = "counted24x7" | "paused" | "stopped";
    let phase = "counted24x7" as Phase;
    let since = t.openedAt;
    const cut = (to: number, next: Phase) => {
      if (to > since || resolution.length === 0) {
        resolution.push({ kind: phase, from: iso(since), to: iso(to), counted_s: phase === "counted24x7" ? to - since : 0, note: "" });
      }
      phase = next;
      since = to;
    };
    for (const e of t.events) {
      if (e.kind === "waiting_on_customer" && phase === "counted24x7") cut(e.at, "paused");
      else if ((e.kind === "customer_replied" && phase === "paused") || (e.kind === "reopened" && phase !== "counted24x7")) cut(e.at, "counted24x7");
      else if ((e.kind === "resolved" || e.kind === "closed") && phase !== "stopped") cut(e.at, "stopped");
    }
    cut(Math.max(asOf, since), phase);
    const events: ExplainedEvent[] = t.events.map((e) => ({
      at: iso(e.at),
      kind: e.kind,
      priority: e.priority,
      note: e.note,
      known: true,
    }));
    // Both clocks as the engine states them: a due instant while running (projected) or when
    // breached (the deadline), the breach instant when breached, nothing when met or paused.
    const outcomeOf = (runs: Run[], target: number, stoppedAt: number | null, held: boolean): ClockOutcome => {
      const f = clockFigures(runs, target, asOf);
      const breached = f.breachedAt !== null;
      const state = breached ? "breached" : stoppedAt !== null ? "met" : held ? "paused" : "running";
      return {
        target_s: target,
        elapsed_s: f.elapsed,
        due_at: (breached || state === "running") && f.due !== null ? iso(f.due) : null,
        breached_at: f.breachedAt === null ? null : iso(f.breachedAt),
        state,
        stopped_at: stoppedAt === null ? null : iso(stoppedAt),
      };
    };
    const res = resolutionRuns(t.openedAt, t.events, asOf);
    const pausedS = resolution.filter((g) => g.kind === "paused").reduce((sum, g) => sum + (Date.parse(g.to) - Date.parse(g.from)) / 1000, 0);
    const level1 = Math.floor(s.res * 0.75);
    const escalated = clockFigures(res.runs, level1, asOf);
    return {
      id: t.id,
      agreement_id: t.agreementId,
      agreement_title: a?.title ?? t.agreementId,
      tier: a?.tier ?? "basic",
      time_zone: TICKET_ZONE,
      scope: a?.scope ?? [],
      channel: t.channel,
      category: t.category,
      customer: t.customer,
      subject: t.subject,
      csat: t.csat,
      assignee: t.assignee,
      version: t.version,
      phase: !s.open ? "stopped" : s.paused ? "paused" : "running",
      explanation: {
        as_of: iso(asOf),
        opened_at: iso(t.openedAt),
        initial_priority: t.priority,
        sla: {
          priority: t.priority,
          clock: "24x7",
          first_response: outcomeOf([[t.openedAt, frStop]], s.fr, frStop, false),
          resolution: outcomeOf(res.runs, s.res, res.stopped ? res.stop : null, res.paused),
          res_paused_s: pausedS,
          escalation_level: escalated.breachedAt === null ? 0 : 1,
          next_escalation_at: escalated.breachedAt === null && !res.stopped && !res.paused && escalated.due !== null ? iso(escalated.due + 1) : null,
        },
        events,
        first_response: segs(frEnd),
        resolution,
        escalation: [
          {
            level: 1,
            name: "Senior support",
            contact: "tier2@apc.example",
            clock: "resolution",
            threshold_s: level1,
            passed: escalated.breachedAt !== null,
            at: escalated.breachedAt !== null ? iso(escalated.breachedAt) : !res.stopped && !res.paused && escalated.due !== null ? iso(escalated.due + 1) : null,
          },
        ],
      },
    };
  };


  // ---- Reports (stand-ins: see the top of this file) ----

  const rejectPeriod = (text: string) =>
    new BackendError(
      "rejected",
      `\`${text}\` is not a period: write a month (2026-10), a quarter (2026-Q4) or local dates 2026-10-01..2026-10-15 (end excluded)`,
    );
  const periodOf = (text: string): Period => {
    const p = parsePeriod(text);
    if (!p) throw rejectPeriod(text);
    return p;
  };
  const boundsOf = (p: Period): [number, number] => {
    const [a, b] = periodDates(p);
    return [midnight(a), midnight(b)];
  };
  /** The period's bounds, refused as the engine refuses a what-if of a period that has not started. */
  const startedBoundsOf = (p: Period): [number, number] => {
    const bounds = boundsOf(p);
    const now = nowS();
    if (bounds[0] > now) throw new BackendError("rejected", `${formatPeriod(p)} has not started as of ${iso(now)}: it has no figures yet`);
    return bounds;
  };
  /** Where a period stands at `now`, as the engine says it: its state, the instant a period to
   * date is as of, and the words beside its figures (empty unless it is to date). */
  const standing = ([start, end]: [number, number], now: number): { state: PeriodState; as_of: string | null; to_date: string } => {
    if (start > now) return { state: "not_started", as_of: null, to_date: "" };
    if (now < end) return { state: "to_date", as_of: iso(now), to_date: toDateWords(now) };
    return { state: "ended", as_of: null, to_date: "" };
  };
  /** A dashboard of a period that has not started: its title, its dates and the way back, no figures. */
  const notStartedDashboard = (scope: Scope, title: string, subtitle: string, p: Period): Dashboard => ({
    scope,
    title,
    subtitle,
    period: formatPeriod(p),
    period_dates: describeDates(p),
    state: "not_started",
    as_of: null,
    to_date: "",
    previous: formatPeriod(stepPeriod(p, -1)),
    next: formatPeriod(stepPeriod(p, 1)),
    kpis: [],
    by_priority: [],
    by_channel: [],
    agreements: [],
    credits: "",
    breaches: 0,
    charts: [],
  });
  const selectionName = (scope: Scope) =>
    scope.tier ? `${TIER_LABEL[scope.tier]} tier` : scope.region ? `Region: ${scope.region}` : "All agreements";
  const chosen = (scope: Scope): AgreementSummary[] => {
    if (scope.agreement) {
      const a = agreements.find((x) => x.id === scope.agreement);
      if (!a) throw new BackendError("rejected", `there is no agreement \`${scope.agreement}\``);
      return [a];
    }
    const list = agreements
      .filter((a) => (scope.tier ? a.tier === scope.tier : scope.region ? a.region === scope.region : true))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    if (!list.length) throw new BackendError("rejected", `no agreement matches (${selectionName(scope)})`);
    return list;
  };
  const colourOf = (id: string) => AGREEMENT_COLOURS[[...agreements].sort((a, b) => (a.id < b.id ? -1 : 1)).findIndex((a) => a.id === id) % AGREEMENT_COLOURS.length] ?? "#5a5a5a";
  const ticketsOf = (ids: string[]) => [...tickets.values()].filter((t) => ids.includes(t.agreementId));

  /** Both clocks of a ticket at `asOf` against `targets` (every second counts). */
  const clocksOf = (t: MockTicket, targets: Targets, asOf: number) => {
    const [frT, resT] = targets[t.priority];
    const known = t.events.filter((e) => e.at <= asOf);
    const frStop = known.find((e) => e.kind !== "priority_changed" && e.kind !== "customer_replied" && e.kind !== "reopened")?.at ?? null;
    const r = resolutionRuns(t.openedAt, known, asOf);
    const resStop = r.stopped ? r.stop : null;
    const frFigures = clockFigures([[t.openedAt, frStop]], frT, asOf);
    const resFigures = clockFigures(r.runs, resT, asOf);
    // Met at its stop, or breached at its breach instant (which files it in a period).
    const outcome = (clock: ClockName, target: number, f: ClockFigures, stop: number | null): Outcome | null => {
      if (f.breachedAt !== null) return { clock, breached: true, at: f.breachedAt, due: f.due, elapsed: f.elapsed, target };
      if (stop !== null) return { clock, breached: false, at: stop, due: null, elapsed: f.elapsed, target };
      return null;
    };
    return {
      fr: outcome("first_response", frT, frFigures, frStop),
      res: outcome("resolution", resT, resFigures, resStop),
      frStop,
      resStop,
      paused: r.paused,
      figures: [frFigures, resFigures] as const,
      targets: [frT, resT] as const,
    };
  };

  const tally = (list: MockTicket[], [start, end]: [number, number], targets: (t: MockTicket) => Targets = () => TARGETS): Tally => {
    const asOf = Math.min(end, nowS());
    const m: Tally = { opened: 0, frMet: 0, frBreached: 0, resMet: 0, resBreached: 0, frElapsed: [], resolved: 0, csat: [], escalations: 0, buckets: PRIORITIES.map(() => FR_BUCKETS.map(() => 0)) };
    const inside = (at: number | null) => at !== null && at >= start && at < end;
    for (const t of list) {
      if (t.openedAt >= end) continue;
      if (inside(t.openedAt)) m.opened += 1;
      const c = clocksOf(t, targets(t), asOf);
      if (c.fr && inside(c.fr.at)) {
        if (c.fr.breached) m.frBreached += 1;
        else m.frMet += 1;
      }
      if (c.res && inside(c.res.at)) {
        if (c.res.breached) m.resBreached += 1;
        else m.resMet += 1;
      }
      if (c.frStop !== null && inside(c.frStop)) {
        const elapsed = c.frStop - t.openedAt;
        m.frElapsed.push(elapsed);
        const b = FR_BUCKETS.findIndex((x) => (elapsed / c.targets[0]) * 100 <= x);
        const row = m.buckets[PRIORITIES.indexOf(t.priority)];
        if (row) row[b] = (row[b] ?? 0) + 1;
      }
      if (inside(c.resStop)) {
        m.resolved += 1;
        if (t.csat !== null) m.csat.push(t.csat);
      }
      const resElapsed = (c.resStop ?? asOf) - t.openedAt;
      if (resElapsed >= c.targets[1] * 0.75 && inside(t.openedAt + Math.floor(c.targets[1] * 0.75))) m.escalations += 1;
      if (resElapsed > c.targets[1] && inside(t.openedAt + c.targets[1])) m.escalations += 1;
    }
    return m;
  };
  const frCompliance = (m: Tally) => fraction(m.frMet, m.frMet + m.frBreached);
  const resCompliance = (m: Tally) => fraction(m.resMet, m.resMet + m.resBreached);
  const csatText = (m: Tally) => (m.csat.length ? `${(mean(m.csat) ?? 0).toFixed(2)} (${m.csat.length})` : "—");
  const status = (v: number | null, target: number): Verdict | null => (v === null ? null : v >= target ? "met" : "missed");
  /** A flat credit band of the monthly fee below the compliance target (a stand-in). */
  const creditsOf = (m: Tally, tier: Tier) => {
    const c = resCompliance(m);
    if (c === null || c >= COMPLIANCE_TARGET) return { total: 0, band: null as string | null };
    return c < 0.9 ? { total: FEES[tier] * 0.1, band: "below 90.00%" } : { total: FEES[tier] * 0.05, band: "below 95.00%" };
  };
  const groupRow = (name: string, m: Tally): GroupRow => ({
    name,
    opened: String(m.opened),
    fr_met: String(m.frMet),
    fr_breached: String(m.frBreached),
    fr_compliance: percent(frCompliance(m)),
    fr_median: median(m.frElapsed) === null ? "—" : rustDuration(median(m.frElapsed) ?? 0),
    res_met: String(m.resMet),
    res_breached: String(m.resBreached),
    res_compliance: percent(resCompliance(m)),
    csat: csatText(m),
    escalations: String(m.escalations),
  });

  const regionsFor = (bands: Band[], categories: string[], make: (i: number, label: string) => Drill): ChartRegion[] =>
    bands.map((band, i) => ({ band, drill: make(i, categories[i] ?? "") }));
  const drillOf = (scope: Scope, period: string, kind: Drill["kind"], label: string, more: Partial<Drill> = {}): Drill => ({
    scope,
    period,
    kind,
    priority: null,
    channel: null,
    bucket: null,
    label,
    ...more,
  });
  const chart = (id: string, spec: ChartSpec, regions: (bands: Band[]) => ChartRegion[]): DashboardChart => {
    const { svg, bands } = drawChart(spec);
    return { id, title: spec.title, svg, regions: regions(bands) };
  };
  const count = (v: number) => String(Math.round(v));
  const breachCharts = (id: string, scope: Scope, list: MockTicket[], bounds: [number, number], period: string, prefix = ""): DashboardChart[] => {
    const byP = PRIORITIES.map((p) => tally(list.filter((t) => t.priority === p), bounds));
    const byC = CHANNELS.map((c) => tally(list.filter((t) => t.channel === c), bounds));
    const series = (groups: Tally[]): ChartSeries[] => [
      { name: CLOCK_NAME_LABEL.resolution, colour: "#C0392B", values: groups.map((g) => g.resBreached) },
      { name: CLOCK_NAME_LABEL.first_response, colour: "#E69F00", values: groups.map((g) => g.frBreached) },
    ];
    const pCats = PRIORITIES.map((p) => PRIORITY_LABEL[p]);
    const cCats = CHANNELS.map((c) => CHANNEL_LABEL[c]);
    const byPriority = chart(
      `${id}breaches-priority`,
      { kind: "bar", title: `${prefix}Breaches by priority`, categories: pCats, xTitle: "Priority at the period's end", yTitle: "Breaches (count)", series: series(byP), label: count, whole: true },
      (bands) => regionsFor(bands, pCats, (i, label) => drillOf(scope, period, "breaches", `${label}: breaches in ${period}`, { priority: PRIORITIES[i] ?? null })),
    );
    if (prefix) return [byPriority];
    const byChannel = chart(
      `${id}breaches-channel`,
      { kind: "bar", title: "Breaches by channel", categories: cCats, xTitle: "Channel the ticket came in on", yTitle: "Breaches (count)", series: series(byC), label: count, whole: true },
      (bands) => regionsFor(bands, cCats, (i, label) => drillOf(scope, period, "breaches", `${label}: breaches in ${period}`, { channel: CHANNELS[i] ?? null })),
    );
    return [byPriority, byChannel];
  };

  const agreementDashboard = (a: AgreementSummary, p: Period): Dashboard => {
    const period = formatPeriod(p);
    const scope: Scope = { agreement: a.id, tier: null, region: null };
    const title = a.title;
    const subtitle = `${a.id} · ${a.provider} for ${a.alliance} · ${a.region} · ${TIER_LABEL[a.tier]} tier`;
    const bounds = boundsOf(p);
    const now = nowS();
    if (bounds[0] > now) return notStartedDashboard(scope, title, subtitle, p);
    const list = ticketsOf([a.id]);
    const m = tally(list, bounds);
    const trend = trendOf(p);
    const trendTallies = trend.map((q) => tally(list, boundsOf(q)));
    const labels = trend.map(formatPeriod);
    const xTitle = p.kind === "month" ? "Month" : p.kind === "quarter" ? "Quarter" : "Period";
    const colour = colourOf(a.id);
    const credits = creditsOf(m, a.tier);
    const csat = mean(m.csat);
    const fr = frCompliance(m);
    const res = resCompliance(m);
    const kpis: Kpi[] = [
      { name: "Tickets opened", value: String(m.opened), target: "", status: null },
      { name: "First-response compliance", value: percent(fr), target: "≥ 95.00%", status: status(fr, COMPLIANCE_TARGET) },
      { name: "Resolution compliance", value: percent(res), target: "≥ 95.00%", status: status(res, COMPLIANCE_TARGET) },
      { name: "Average first response", value: mean(m.frElapsed) === null ? "—" : rustDuration(Math.round(mean(m.frElapsed) ?? 0)), target: "", status: null },
      { name: "Median first response", value: median(m.frElapsed) === null ? "—" : rustDuration(median(m.frElapsed) ?? 0), target: "", status: null },
      { name: "Resolution rate", value: percent(fraction(m.resolved, m.opened)), target: "", status: null },
      { name: "Customer satisfaction (CSAT)", value: csat === null ? "—" : `${csat.toFixed(2)} of 5`, target: "≥ 4.00", status: status(csat === null ? null : Math.round(csat * 100) / 100, CSAT_TARGET) },
      { name: "CSAT responses", value: String(m.csat.length), target: "", status: null },
      { name: "Breaches (first response + resolution)", value: `${m.frBreached} + ${m.resBreached}`, target: "", status: null },
      { name: "Escalation levels reached", value: String(m.escalations), target: "", status: null },
      { name: "Service credits owed", value: money(credits.total), target: "", status: null },
    ];
    const tint = (hex: string) => `#${[1, 3, 5].map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * 0.55 + 255 * 0.45).toString(16).padStart(2, "0")).join("")}`;
    const trendRegions = (kind: Drill["kind"], words: (label: string) => string) => (bands: Band[]) =>
      regionsFor(bands, labels, (i, label) => drillOf(scope, labels[i] ?? period, kind, words(label)));
    const charts: DashboardChart[] = [
      chart(
        "compliance",
        {
          kind: "line",
          title: "SLA compliance by period",
          categories: labels,
          xTitle,
          yTitle: "Compliance (% of clocks met)",
          series: [
            { name: CLOCK_NAME_LABEL.resolution, colour, values: trendTallies.map(resCompliance) },
            { name: CLOCK_NAME_LABEL.first_response, colour: tint(colour), values: trendTallies.map(frCompliance), dashed: true },
          ],
          label: (v) => `${Math.round(v * 100)}%`,
          yRange: complianceRange([...trendTallies.map(resCompliance), ...trendTallies.map(frCompliance)], COMPLIANCE_TARGET),
          target: { name: "Target 95.00%", value: COMPLIANCE_TARGET },
        },
        trendRegions("outcomes", (l) => `Clocks met or breached in ${l}`),
      ),
      chart(
        "csat",
        {
          kind: "line",
          title: "Customer satisfaction by period",
          categories: labels,
          xTitle,
          yTitle: "Mean CSAT (1–5)",
          series: [{ name: "Mean CSAT", colour, values: trendTallies.map((t) => mean(t.csat)) }],
          label: (v) => v.toFixed(1),
          yRange: [1, 5],
          target: { name: "Target 4.0", value: CSAT_TARGET },
        },
        trendRegions("csat", (l) => `CSAT scores counted in ${l}`),
      ),
      chart(
        "credits",
        {
          kind: "bar",
          title: "Service credits by period",
          categories: labels,
          xTitle,
          yTitle: "Credits (USD)",
          series: [{ name: "Credits", colour, values: trendTallies.map((t) => creditsOf(t, a.tier).total) }],
          label: (v) => v.toLocaleString("en-US"),
        },
        trendRegions("credited", (l) => `Resolution breaches credited in ${l}`),
      ),
      chart(
        "distribution",
        {
          kind: "bar",
          title: "First-response time against target",
          categories: BUCKET_LABELS,
          xTitle: "Time to first response (% of the priority's target)",
          yTitle: "Tickets (count)",
          series: PRIORITIES.map((q, i) => ({ name: PRIORITY_LABEL[q], colour: PRIORITY_COLOURS[i] ?? INK, values: m.buckets[i] ?? [] })),
          label: count, whole: true,
        },
        (bands) => regionsFor(bands, BUCKET_LABELS, (i, label) => drillOf(scope, period, "first_responses", `First responses at ${label} of target in ${period}`, { bucket: i })),
      ),
      ...breachCharts("", scope, list, bounds, period),
    ];
    return {
      scope,
      title,
      subtitle,
      period,
      period_dates: describeDates(p),
      ...standing(bounds, now),
      previous: formatPeriod(stepPeriod(p, -1)),
      next: formatPeriod(stepPeriod(p, 1)),
      kpis,
      by_priority: [...PRIORITIES.map((q) => groupRow(PRIORITY_LABEL[q], tally(list.filter((t) => t.priority === q), bounds))), groupRow("All", m)],
      by_channel: [...CHANNELS.map((c) => groupRow(CHANNEL_LABEL[c], tally(list.filter((t) => t.channel === c), bounds))), groupRow("All", m)],
      agreements: [],
      credits: credits.band ? `${money(credits.total)} (band below ${credits.band.slice(6)}: ${money(credits.total)})` : money(credits.total),
      breaches: m.frBreached + m.resBreached,
      charts,
    };
  };

  const portfolioDashboard = (scope: Scope, list: AgreementSummary[], p: Period): Dashboard => {
    const period = formatPeriod(p);
    const title = selectionName(scope);
    const subtitle = `${list.length} agreement${list.length === 1 ? "" : "s"}`;
    const bounds = boundsOf(p);
    const now = nowS();
    if (bounds[0] > now) return notStartedDashboard(scope, title, subtitle, p);
    const trend = trendOf(p);
    const labels = trend.map(formatPeriod);
    const all = tally(ticketsOf(list.map((a) => a.id)), bounds);
    let creditTotal = 0;
    const rows: PortfolioRow[] = list.map((a) => {
      const m = tally(ticketsOf([a.id]), bounds);
      const credits = creditsOf(m, a.tier).total;
      creditTotal += credits;
      return {
        id: a.id,
        tier: TIER_LABEL[a.tier],
        region: a.region,
        colour: colourOf(a.id),
        opened: String(m.opened),
        fr_compliance: percent(frCompliance(m)),
        fr_status: status(frCompliance(m), COMPLIANCE_TARGET),
        res_compliance: percent(resCompliance(m)),
        res_status: status(resCompliance(m), COMPLIANCE_TARGET),
        target: "95.00%",
        csat: csatText(m),
        breaches: String(m.frBreached + m.resBreached),
        credits: money(credits),
      };
    });
    rows.push({
      id: `All (${list.length})`,
      tier: "",
      region: "",
      colour: "",
      opened: String(all.opened),
      fr_compliance: percent(frCompliance(all)),
      fr_status: null,
      res_compliance: percent(resCompliance(all)),
      res_status: null,
      target: "",
      csat: csatText(all),
      breaches: String(all.frBreached + all.resBreached),
      credits: money(creditTotal),
    });
    const series: ChartSeries[] = list.map((a) => ({ name: a.id, colour: colourOf(a.id), values: trend.map((q) => resCompliance(tally(ticketsOf([a.id]), boundsOf(q)))) }));
    const charts: DashboardChart[] = [
      chart(
        "portfolio-compliance",
        {
          kind: "line",
          title: "Resolution compliance by agreement",
          categories: labels,
          xTitle: "Period",
          yTitle: "Resolution compliance (% of clocks met)",
          series,
          label: (v) => `${Math.round(v * 100)}%`,
          yRange: complianceRange(series.flatMap((x) => x.values)),
        },
        (bands) => regionsFor(bands, labels, (i, label) => drillOf(scope, labels[i] ?? period, "outcomes", `Clocks met or breached in ${label}`)),
      ),
      ...list.flatMap((a) =>
        breachCharts(`${a.id}-`, { agreement: a.id, tier: null, region: null }, ticketsOf([a.id]), bounds, period, `${a.id} — `),
      ),
    ];
    return {
      scope,
      title,
      subtitle,
      period,
      period_dates: describeDates(p),
      ...standing(bounds, now),
      previous: formatPeriod(stepPeriod(p, -1)),
      next: formatPeriod(stepPeriod(p, 1)),
      kpis: [],
      by_priority: [],
      by_channel: [],
      agreements: rows,
      credits: creditTotal > 0 ? money(creditTotal) : "none",
      breaches: all.frBreached + all.resBreached,
      charts,
    };
  };

  /** The targets an agreement's TOML sets (`[targets.pN]`), over the mock's defaults. */
  const targetsIn = (source: string): Targets => {
    const out: Targets = { p1: [...TARGETS.p1], p2: [...TARGETS.p2], p3: [...TARGETS.p3], p4: [...TARGETS.p4] };
    let table = "";
    for (const line of source.split("\n")) {
      table = /^\s*\[([^\]]+)\]/.exec(line)?.[1]?.trim() ?? table;
      const d = /^\s*(first_response|resolution)\s*=\s*"([^"]*)"/.exec(line);
      const p = /^targets\.(p[1-4])$/.exec(table)?.[1] as Priority | undefined;
      const secs = d ? readDuration(d[2] ?? "") : null;
      if (p && d && secs !== null) out[p][d[1] === "first_response" ? 0 : 1] = secs;
    }
    return out;
  };

  /** A tiny sanity check of a TOML text, standing in for the engine's reader. */
  const tomlProblems = (source: string): InputError[] => {
    const problems: InputError[] = [];
    const at = (line: number, column: number, key: string, reason: string) => problems.push({ file: "changed agreement", line, column, key, reason });
    let table = "";
    let depth = 0;
    source.split("\n").forEach((raw, i) => {
      const line = i + 1;
      const t = raw.trim();
      const unquoted = raw.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      if (depth > 0) {
        depth += (unquoted.match(/[[{]/g)?.length ?? 0) - (unquoted.match(/[\]}]/g)?.length ?? 0);
        return;
      }
      if (!t || t.startsWith("#")) return;
      if (t.startsWith("[")) {
        const header = /^\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$/.exec(t);
        if (header) table = header[1] ?? "";
        else at(line, raw.indexOf("[") + 1, "", "a table header is `[name]`");
        return;
      }
      const kv = /^(\s*)([A-Za-z0-9_.-]+|"[^"]*")\s*=\s*(.*)$/.exec(raw);
      if (!kv) return void at(line, raw.length - raw.trimStart().length + 1, "", "expected `key = value`");
      const key = table ? `${table}.${kv[2]}` : (kv[2] ?? "");
      const value = (kv[3] ?? "").trim();
      const valueColumn = raw.length - (kv[3] ?? "").length + 1;
      if (value === "" || value.startsWith("#")) return void at(line, valueColumn, key, "a value is missing after `=`");
      if (value.startsWith("=")) return void at(line, valueColumn, key, "unexpected `=`: expected a value");
      if ((value.match(/(?<!\\)"/g)?.length ?? 0) % 2 === 1) return void at(line, valueColumn, key, "a string is not closed");
      const d = /^(first_response|resolution)$/.exec(kv[2] ?? "");
      const text = /^"([^"]*)"/.exec(value)?.[1];
      if (d && /^targets\.p[1-4]$/.test(table) && text !== undefined && readDuration(text) === null) {
        at(line, valueColumn, key, `\`${text}\` is not a duration (e.g. 90s, 45m, 4h, 2h30m, 3d)`);
      }
      depth = (unquoted.match(/[[{]/g)?.length ?? 0) - (unquoted.match(/[\]}]/g)?.length ?? 0);
      if (depth < 0) depth = 0;
    });
    if (problems.length === 0 && !/^id\s*=\s*"[^"]+"/m.test(source)) at(0, 0, "id", "missing key `id`");
    return problems;
  };

  type ClockState = "met" | "breached" | "running" | "paused" | "other_period";

  return {
    async overview() {
      return { location: "in-browser mock", backend: "mock", agreements: agreements.length, tickets: tickets.size, revision };
    },
    async loadDemo() {
      agreements = agreementsFixture();
      for (const a of agreements) sources.set(a.id, sourceOf(a));
      seed(60);
      changed();
      return { agreements_added: 3, agreements_replaced: 0, agreements_unchanged: 0, tickets_added: 60, tickets_unchanged: 0, events_added: 0 };
    },
    async importFiles() {
      if (params.has("importError")) {
        throw new BackendError("input", "1 problem was found; nothing was changed", [
          { file: "tickets.csv", line: 3, column: 4, key: "priority", reason: "`p9` is not a priority (expected `p1`, `p2`, `p3`, `p4`)" },
        ]);
      }
      return null;
    },
    async agreements() {
      return agreements.map((a) => ({
        ...a,
        month: currentMonth(),
        month_to_date: toDateWords(nowS()),
        open_tickets: [...tickets.values()].filter((t) => t.agreementId === a.id && state(t).open).length,
      }));
    },
    async agreementChoices() {
      return agreements.map(({ id, title, tier, region, scope }) => ({ id, title, tier, region, scope }));
    },
    async agreementSource(id) {
      const a = agreements.find((x) => x.id === id);
      if (!a) throw new BackendError("not_found", `no agreement ${id}`);
      return { id, version: a.version, source: sources.get(id) ?? "" };
    },
    async checkAgreement(source) {
      const m = /^id\s*=\s*"([^"]*)"/m.exec(source);
      if (!m) {
        return { id: null, errors: [{ file: "agreement", line: 1, column: 1, key: "id", reason: "missing key `id`" }], warnings: [] };
      }
      // One rule beyond the id, so the form's errors beside their fields can be tried here.
      const errors: InputError[] = [];
      let table = "";
      source.split("\n").forEach((l, i) => {
        table = /^\s*\[([^\]]+)\]/.exec(l)?.[1] ?? table;
        const d = /^\s*(first_response|resolution)\s*=\s*"([^"]*)"/.exec(l);
        if (d && /^targets\.p[1-4]$/.test(table) && !/^(\d+[dhms])+$/.test(d[2] ?? "")) {
          errors.push({ file: "agreement", line: i + 1, column: l.indexOf('"') + 1, key: `${table}.${d[1]}`, reason: `\`${d[2]}\` is not a duration (e.g. 90s, 45m, 4h, 2h30m, 3d)` });
        }
      });
      return { id: m[1] ?? null, errors, warnings: [] };
    },
    async saveAgreement(source, expectedVersion) {
      const id = /^id\s*=\s*"([^"]*)"/m.exec(source)?.[1];
      if (!id) throw new BackendError("input", "1 problem was found; nothing was changed", [{ file: "agreement", line: 1, column: 1, key: "id", reason: "missing key `id`" }]);
      const a = agreements.find((x) => x.id === id);
      if (a && expectedVersion !== a.version) throw new BackendError("conflict", `conflict: agreement ${id} was changed by someone else; reload and try again`);
      sources.set(id, source);
      if (a) a.version += 1;
      changed();
      return { id, version: a?.version ?? 1, source };
    },
    async exportAgreement() {
      return null;
    },
    async readAgreementFile() {
      return null;
    },
    async tickets(q) {
      const text = q.text.trim().toLowerCase();
      const rows: TicketItem[] = [...tickets.values()]
        .filter((t) => !q.agreement_id || t.agreementId === q.agreement_id)
        .filter((t) => !q.priority || t.priority === q.priority)
        .filter((t) => q.open === null || q.open === undefined || state(t).open === q.open)
        .filter((t) => !text || `${t.id} ${t.subject} ${t.customer}`.toLowerCase().includes(text))
        .sort((a, b) => b.openedAt - a.openedAt)
        .map((t) => {
          const s = state(t);
          return {
            id: t.id, agreement_id: t.agreementId, opened_at: iso(t.openedAt), priority: t.priority, channel: t.channel,
            category: t.category, customer: t.customer, subject: t.subject, assignee: t.assignee, is_open: s.open,
            next_deadline: s.deadline === null ? null : iso(s.deadline),
          };
        });
      return { total: rows.length, rows: rows.slice(q.offset, q.offset + q.limit) };
    },
    async ticket(id) {
      return view(find(id));
    },
    async openTicket(form) {
      const id = form.id.trim() || `T-${String(tickets.size + 1).padStart(7, "0")}`;
      if (tickets.has(id)) throw new BackendError("conflict", `conflict: ticket ${id} exists already; reload and try again`);
      tickets.set(id, {
        id, agreementId: form.agreement_id, openedAt: nowS(), priority: form.priority, channel: form.channel,
        category: form.category, customer: form.customer, subject: form.subject, assignee: null, csat: null, version: 1, events: [],
      });
      changed();
      return id;
    },
    async addEvent(form) {
      return edit(form.ticket_id, form.version, (t) => {
        t.events.push({ at: nowS(), kind: form.kind, priority: form.priority, note: form.note });
        if (form.kind === "priority_changed" && form.priority) t.priority = form.priority;
      });
    },
    async assignTicket(id, version, assignee) {
      return edit(id, version, (t) => (t.assignee = assignee));
    },
    async setCsat(id, version, csat) {
      return edit(id, version, (t) => (t.csat = csat));
    },
    async queue(q) {
      const tierOf = (id: string) => agreements.find((a) => a.id === id)?.tier;
      const rows = [...tickets.values()]
        .filter((t) => state(t).open)
        .filter((t) => !q.agreement_id || t.agreementId === q.agreement_id)
        .filter((t) => !q.tier || tierOf(t.agreementId) === q.tier)
        .filter((t) => !q.assignee || t.assignee === q.assignee)
        .map(queueItem)
        .sort((a, b) => {
          if (a.next_deadline === b.next_deadline) return a.id < b.id ? -1 : 1;
          if (a.next_deadline === null) return 1;
          if (b.next_deadline === null) return -1;
          return a.next_deadline < b.next_deadline ? -1 : 1;
        });
      return { total: rows.length, rows: rows.slice(q.offset, q.offset + q.limit) };
    },
    async databaseSettings() {
      return { ...database };
    },
    async useDefaultDatabase() {
      database = { ...database, backend: "sqlite", location: database.default_path, remembered: { kind: "sqlite", path: database.default_path } };
      changed();
      return { ...database };
    },
    async chooseDatabaseFile(create) {
      const path = create ? "/home/you/Documents/new-accord.db" : "/home/you/Documents/team-accord.db";
      database = { ...database, backend: "sqlite", location: path, remembered: { kind: "sqlite", path } };
      changed();
      return { ...database };
    },
    async usePostgres(url, password) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new BackendError("input", `\`${url}\` is not a PostgreSQL URL: it must start with postgres://`);
      }
      if (!["postgres:", "postgresql:"].includes(parsed.protocol)) throw new BackendError("input", `\`${url}\` is not a PostgreSQL URL: it must start with postgres://`);
      if (parsed.hostname === "unreachable") throw new BackendError("database", `could not connect to ${parsed.hostname}: connection refused`);
      parsed.password = "";
      const clean = parsed.toString();
      database = { ...database, backend: "postgres", location: clean, remembered: { kind: "postgres", url: clean }, warning: null };
      void password;
      changed();
      return { ...database };
    },
    async dashboard(scope, period) {
      const p = periodOf(period);
      const list = chosen(scope);
      const one = list[0];
      return scope.agreement && one ? agreementDashboard(one, p) : portfolioDashboard(scope, list, p);
    },
    async drill(d) {
      const p = periodOf(d.period);
      const [start, end] = boundsOf(p);
      const asOf = Math.min(end, nowS());
      const inside = (at: number) => at >= start && at < end;
      const list = ticketsOf(chosen(d.scope).map((a) => a.id))
        .filter((t) => t.openedAt < end)
        .filter((t) => !d.priority || t.priority === d.priority)
        .filter((t) => !d.channel || t.channel === d.channel);
      const rows: [boolean, number, DrillRow][] = [];
      for (const t of list) {
        const c = clocksOf(t, TARGETS, asOf);
        const row = (clock: ClockName | null, outcome: DrillOutcome, at: number | null, counted: string, due: number | null = null, csat: number | null = null): DrillRow => ({
          ticket_id: t.id,
          agreement_id: t.agreementId,
          subject: t.subject,
          customer: t.customer,
          priority: t.priority,
          channel: t.channel,
          clock,
          outcome,
          csat,
          at: at === null ? null : iso(at),
          // A breach's deadline, where it is not the second before the breach.
          due_at: due !== null && at !== null && at - due > 1 ? iso(due) : null,
          counted,
        });
        if (d.kind === "csat") {
          if (t.csat !== null && c.resStop !== null && inside(c.resStop)) rows.push([false, c.resStop, row(null, "csat", c.resStop, "", null, t.csat)]);
          continue;
        }
        if (d.kind === "first_responses") {
          if (c.frStop === null || !inside(c.frStop)) continue;
          const elapsed = c.frStop - t.openedAt;
          const b = FR_BUCKETS.findIndex((x) => (elapsed / c.targets[0]) * 100 <= x);
          if (d.bucket !== null && d.bucket !== b) continue;
          const o = c.fr && inside(c.fr.at) ? c.fr : null;
          if (o) rows.push([o.breached, o.at, row("first_response", o.breached ? "breached" : "met", o.at, `${rustDuration(elapsed)} / ${rustDuration(o.target)}`, o.due)]);
          else rows.push([true, 0, row("first_response", "breached_earlier", null, rustDuration(elapsed))]);
          continue;
        }
        const clocks = d.kind === "credited" ? [c.res] : [c.fr, c.res];
        for (const o of clocks) {
          if (!o || !inside(o.at) || (d.kind !== "outcomes" && !o.breached)) continue;
          rows.push([o.breached, o.at, row(o.clock, o.breached ? "breached" : "met", o.at, `${rustDuration(o.elapsed)} / ${rustDuration(o.target)}`, o.due)]);
        }
      }
      rows.sort((a, b) => Number(b[0]) - Number(a[0]) || a[1] - b[1] || (a[2].ticket_id < b[2].ticket_id ? -1 : 1));
      return { title: d.label || `Tickets in ${formatPeriod(p)}`, total: rows.length, rows: rows.slice(0, 500).map((r) => r[2]) };
    },
    async exportReport(scope, period, format) {
      const p = periodOf(period);
      chosen(scope);
      if (params.has("exportCancel")) return null;
      const what = scope.agreement ?? (scope.tier ? `portfolio-${scope.tier}` : scope.region ? `portfolio-${scope.region}` : "portfolio");
      const safe = `${what}-${formatPeriod(p)}${format === "sla_csv" ? "-sla-rows" : ""}`.replace(/[^\p{L}\p{N}._-]/gu, "-");
      return `/home/user/${safe}.${format === "sla_csv" ? "csv" : format}`;
    },
    async whatIf(agreementId, source, period) {
      const p = periodOf(period);
      const problems = tomlProblems(source);
      if (problems.length) {
        throw new BackendError("input", `${problems.length} problem${problems.length === 1 ? " was" : "s were"} found in the changed agreement; nothing was replayed`, problems);
      }
      const a = agreements.find((x) => x.id === agreementId);
      if (!a) throw new BackendError("rejected", `there is no agreement \`${agreementId}\``);
      const before = targetsIn(sources.get(a.id) ?? "");
      const after = targetsIn(source);
      const bounds = startedBoundsOf(p);
      const [start, end] = bounds;
      const now = nowS();
      const asOf = Math.min(end, now);
      const { as_of, to_date } = standing(bounds, now);
      const list = ticketsOf([a.id]).filter((t) => t.openedAt < end);
      const tb = tally(list, bounds, () => before);
      const ta = tally(list, bounds, () => after);
      const escalations = (m: Tally) => String(m.escalations);
      const band = (m: Tally) => creditsOf(m, a.tier).band ?? "none";
      const rows: [string, (m: Tally) => string][] = [
        ["Tickets opened", (m) => String(m.opened)],
        ["First-response compliance", (m) => percent(frCompliance(m))],
        ["Resolution compliance", (m) => percent(resCompliance(m))],
        ["First responses breached", (m) => String(m.frBreached)],
        ["Resolutions breached", (m) => String(m.resBreached)],
        ["Median first response", (m) => (median(m.frElapsed) === null ? "—" : rustDuration(median(m.frElapsed) ?? 0))],
        ["Escalation levels reached", escalations],
        ["Compliance band", band],
        ["Service credits", (m) => money(creditsOf(m, a.tier).total)],
      ];
      const figures: WhatIfFigure[] = rows.map(([name, f]) => ({ name, before: f(tb), after: f(ta) }));
      const inside = (at: number) => at >= start && at < end;
      const stateOf = (o: Outcome | null, paused: boolean): ClockState => (o ? (inside(o.at) ? (o.breached ? "breached" : "met") : "other_period") : paused ? "paused" : "running");
      const changes: WhatIfChange[] = [];
      for (const t of list.sort((x, y) => (x.id < y.id ? -1 : 1))) {
        const b = clocksOf(t, before, asOf);
        const c = clocksOf(t, after, asOf);
        for (const [clock, ob, oa, i] of [["first_response", b.fr, c.fr, 0], ["resolution", b.res, c.res, 1]] as const) {
          const [sb, sa] = [stateOf(ob, i === 1 && b.paused), stateOf(oa, i === 1 && c.paused)];
          if (sb === sa || (sb === "other_period" && sa === "other_period")) continue;
          const stop = i === 0 ? b.frStop : b.resStop;
          const [fb, fa] = [b.figures[i], c.figures[i]];
          // As the engine says it: a breached clock has its deadline and its breach instant, a
          // running one its projected deadline; a met or paused clock has no due instant (a met
          // one has the moment it stopped).
          const due = (o: Outcome | null, f: ClockFigures, paused: boolean) => ((o && !o.breached) || (!o && paused) || f.due === null ? null : iso(f.due));
          const breachedAt = (f: ClockFigures) => (f.breachedAt === null ? null : iso(f.breachedAt));
          changes.push({
            ticket_id: t.id,
            subject: t.subject,
            clock,
            before: sb,
            after: sa,
            before_due_at: due(ob, fb, i === 1 && b.paused),
            after_due_at: due(oa, fa, i === 1 && c.paused),
            before_breached_at: breachedAt(fb),
            after_breached_at: breachedAt(fa),
            before_stopped_at: stop === null ? null : iso(stop),
            after_stopped_at: stop === null ? null : iso(stop),
            before_elapsed_s: fb.elapsed,
            after_elapsed_s: fa.elapsed,
          });
        }
      }
      const changedId = /^id\s*=\s*"([^"]*)"/m.exec(source)?.[1] ?? a.id;
      return { agreement_id: a.id, changed_id: changedId, period: formatPeriod(p), as_of, to_date, figures, changes };
    },
    onDataChanged(listener): Unsubscribe {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onMenu(): Unsubscribe {
      return () => {};
    },
    onOpenTicket(): Unsubscribe {
      return () => {};
    },
  };
}
