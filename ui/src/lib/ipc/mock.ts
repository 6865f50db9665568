// An in-memory backend for running the UI in a plain browser (development and the Playwright
// tests). Its SLA numbers are simple stand-ins (every second counts, no calendar): the real
// arithmetic lives in Rust only. URL switches: `?empty` starts with no data, `?tickets=N`
// makes N open tickets (for the virtualised queue), `?importError` makes imports fail. A
// PostgreSQL URL naming the host `unreachable` fails to connect, and the database stays as it was.
import type {
  AgreementSummary,
  ChannelKind,
  DatabaseSettings,
  EventKind,
  ExplainedEvent,
  InputError,
  Priority,
  QueueItem,
  Segment,
  Tier,
  TicketItem,
  TicketView,
} from "./bindings";
import { type Backend, BackendError, type Unsubscribe } from "./backend";

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
    month: "2026-11",
    compliance: "0.9412",
    compliance_target: "0.95",
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
  };
  if (agreements.length) seed(Number(params.get("tickets") ?? 60));

  const state = (t: MockTicket) => {
    let stopped = false;
    let paused = false;
    for (const e of t.events) {
      if (e.kind === "resolved" || e.kind === "closed") [stopped, paused] = [true, false];
      else if (e.kind === "reopened") [stopped, paused] = [false, false];
      else if (e.kind === "waiting_on_customer" && !stopped) paused = true;
      else if (e.kind === "customer_replied") paused = false;
    }
    const [fr, res] = TARGETS[t.priority];
    const responded = t.events.find((e) => e.kind !== "priority_changed" && e.kind !== "customer_replied" && e.kind !== "reopened");
    const frDue = responded ? null : t.openedAt + fr;
    const resDue = stopped || paused ? null : t.openedAt + res;
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
    const resElapsed = asOf - t.openedAt;
    return {
      id: t.id,
      agreement_id: t.agreementId,
      agreement_title: a?.title ?? t.agreementId,
      tier: a?.tier ?? "basic",
      time_zone: "America/New_York",
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
          first_response: {
            target_s: s.fr,
            elapsed_s: frEnd - t.openedAt,
            due_at: frStop ? null : iso(t.openedAt + s.fr),
            state: frStop ? (frEnd - t.openedAt > s.fr ? "breached" : "met") : frEnd - t.openedAt > s.fr ? "breached" : "running",
            stopped_at: frStop === null ? null : iso(frStop),
          },
          resolution: {
            target_s: s.res,
            elapsed_s: resElapsed,
            due_at: s.paused || !s.open ? null : iso(t.openedAt + s.res),
            state: resElapsed > s.res ? "breached" : !s.open ? "met" : s.paused ? "paused" : "running",
            stopped_at: s.open ? null : iso(resolution[resolution.length - 1]?.from ? Date.parse(resolution[resolution.length - 1]!.from) / 1000 : asOf),
          },
          res_paused_s: 0,
          escalation_level: 0,
          next_escalation_at: null,
        },
        events,
        first_response: segs(frEnd),
        resolution,
        escalation: [
          { level: 1, name: "Senior support", contact: "tier2@apc.example", clock: "resolution", threshold_s: Math.floor(s.res * 0.75), passed: false, at: iso(t.openedAt + Math.floor(s.res * 0.75) + 1) },
        ],
      },
    };
  };

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
        open_tickets: [...tickets.values()].filter((t) => t.agreementId === a.id && state(t).open).length,
      }));
    },
    async agreementChoices() {
      return agreements.map(({ id, title, tier, scope }) => ({ id, title, tier, scope }));
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
