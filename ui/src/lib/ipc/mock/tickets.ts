// The mock's tickets: the list, the queue and each ticket's page as the engine exported them
// (./data.ts), and the changes a person makes, kept in memory. Nothing here computes a clock:
// - assigning and CSAT change those fields (and the version), not the figures;
// - an event on a recent open ticket shows the engine's page after that event, exported
//   (or its refusal); any other event is refused, saying the mock has no answer for it;
// - a ticket opened here is listed with the fields it was given and no deadline; its page is
//   refused, as the mock has no engine to work out its clocks.
// `?tickets=N` pads the queue to N rows with copies of its open tickets under new ids, for the
// virtualised list's load test (the copies have no page).
import type { EventForm, NewTicketForm, QueueItem, QueuePage, QueueQuery, TicketItem, TicketPage, TicketQuery, TicketView } from "../bindings";
import { BackendError } from "../backend";
import { type Base, loadAfter, loadViews, unwrap } from "./data";

interface Ticket {
  item: TicketItem;
  queue: QueueItem | null;
  version: number;
  assignee: string | null;
  csat: number | null;
  /** The engine's page after the one change made here, when there was one. */
  after: TicketView | null;
  /** Opened in the mock (no page), or a padding copy. */
  local: boolean;
}

export interface MockTickets {
  tickets(query: TicketQuery): Promise<TicketPage>;
  ticket(id: string): Promise<TicketView>;
  openTicket(form: NewTicketForm): Promise<string>;
  addEvent(form: EventForm): Promise<number>;
  assignTicket(id: string, version: number, assignee: string | null): Promise<number>;
  setCsat(id: string, version: number, csat: number | null): Promise<number>;
  queue(query: QueueQuery): Promise<QueuePage>;
}

const page = <T>(rows: T[], offset: number, limit: number) => ({ total: rows.length, rows: rows.slice(offset, offset + limit) });

/** `loaded`: whether the demo is there (not with `?empty` until it is loaded). */
export function createTickets(base: Base, loaded: () => boolean, changed: () => void, padTo: number): MockTickets {
  const byId = new Map<string, Ticket>();
  const queued = new Map(base.queue.map((q) => [q.id, q]));
  // The list's order (newest first); tickets opened here go first.
  const order: string[] = [];
  for (const item of base.tickets) {
    const q = queued.get(item.id) ?? null;
    byId.set(item.id, { item: { ...item }, queue: q, version: q?.version ?? 0, assignee: item.assignee, csat: null, after: null, local: false });
    order.push(item.id);
  }
  const padding: QueueItem[] = [];
  for (let i = 0; base.queue.length && base.queue.length + padding.length < padTo; i++) {
    const q = base.queue[i % base.queue.length];
    if (q) padding.push({ ...q, id: `T-9${String(i + 1).padStart(6, "0")}` });
  }

  const find = (id: string): Ticket => {
    const t = loaded() ? byId.get(id) : undefined;
    if (!t) throw new BackendError("not_found", `not found: ticket ${id}`);
    return t;
  };
  /** The stored version, from the page when the queue did not have it. */
  const versionOf = async (t: Ticket) => {
    if (t.version === 0 && !t.local) t.version = (await loadViews())[t.item.id]?.version ?? 1;
    return t.version;
  };
  /** A change to a ticket as the store makes it: against the version read, or a conflict. */
  const edit = async (id: string, version: number, change: (t: Ticket) => void): Promise<number> => {
    const t = find(id);
    if ((await versionOf(t)) !== version) throw new BackendError("conflict", `conflict: ticket ${id} was changed by someone else; reload and try again`);
    change(t);
    t.version += 1;
    if (t.queue) t.queue = { ...t.queue, assignee: t.assignee, version: t.version };
    t.item = { ...t.item, assignee: t.assignee };
    changed();
    return t.version;
  };

  return {
    async tickets(q) {
      const text = q.text.trim().toLowerCase();
      const rows = (loaded() ? order : [])
        .map((id) => byId.get(id)?.item)
        .filter((t): t is TicketItem => t !== undefined)
        .filter((t) => !q.agreement_id || t.agreement_id === q.agreement_id)
        .filter((t) => !q.priority || t.priority === q.priority)
        .filter((t) => q.open === null || q.open === undefined || t.is_open === q.open)
        .filter((t) => !text || `${t.id} ${t.subject} ${t.customer}`.toLowerCase().includes(text));
      return page(rows, q.offset, q.limit);
    },
    async ticket(id) {
      const t = find(id);
      if (t.local) throw new BackendError("rejected", `ticket ${id} was opened in the browser mock, which has no engine to work out its clocks: its page is shown in the desktop app`);
      const view = t.after ?? (await loadViews())[id];
      if (!view) throw new BackendError("not_found", `not found: ticket ${id}`);
      return { ...view, assignee: t.assignee, csat: t.csat ?? view.csat, version: await versionOf(t) };
    },
    async openTicket(form) {
      if (!loaded()) throw new BackendError("rejected", "there is no agreement yet: import one or load the demo");
      const id = form.id.trim() || `T-${String(byId.size + 1).padStart(7, "0")}`;
      if (byId.has(id)) throw new BackendError("conflict", `conflict: ticket ${id} exists already; reload and try again`);
      const item: TicketItem = {
        id,
        agreement_id: form.agreement_id,
        opened_at: form.opened_at || new Date(Date.parse(base.as_of)).toISOString().replace(/\.\d{3}Z$/, "Z"),
        priority: form.priority,
        channel: form.channel,
        category: form.category,
        customer: form.customer,
        subject: form.subject,
        assignee: null,
        is_open: true,
        next_deadline: null,
      };
      byId.set(id, { item, queue: null, version: 1, assignee: null, csat: null, after: null, local: true });
      order.unshift(id);
      changed();
      return id;
    },
    async addEvent(form) {
      const t = find(form.ticket_id);
      const key = `${form.ticket_id} ${form.kind}`;
      const answer = t.after || t.local ? undefined : (await loadAfter())[key];
      if (!answer) {
        throw new BackendError(
          "rejected",
          "the browser mock has the engine's answer to one change of each recent open ticket only (crates/app/examples/export-mock.rs): this one was not made",
        );
      }
      const view = unwrap(answer);
      return edit(form.ticket_id, form.version, (x) => {
        x.after = view;
        x.item = { ...x.item, is_open: view.phase !== "stopped" };
        if (view.phase === "stopped") x.queue = null;
      });
    },
    async assignTicket(id, version, assignee) {
      const who = assignee?.trim() || null;
      return edit(id, version, (t) => (t.assignee = who));
    },
    async setCsat(id, version, csat) {
      if (csat !== null && (csat < 1 || csat > 5)) throw new BackendError("rejected", "CSAT is a score from 1 to 5");
      return edit(id, version, (t) => (t.csat = csat));
    },
    async queue(q) {
      const rows = (loaded() ? base.queue : [])
        .map((r) => byId.get(r.id)?.queue)
        .filter((r): r is QueueItem => r !== null && r !== undefined)
        .concat(loaded() ? padding : [])
        .filter((r) => !q.agreement_id || r.agreement_id === q.agreement_id)
        .filter((r) => !q.tier || r.tier === q.tier)
        .filter((r) => !q.assignee || r.assignee === q.assignee)
        .filter((r) => !q.priority || r.current_priority === q.priority)
        .filter((r) => !q.text || [r.id, r.subject, r.customer].some((x) => x.toLowerCase().includes((q.text ?? "").trim().toLowerCase())));
      // The views, as the store files them (accord_store::QueueView) at the mock's instant.
      const now = Date.parse(base.as_of);
      const due = (r: QueueItem) => r.waiting_since === null && r.next_deadline !== null && Date.parse(r.next_deadline) >= now;
      const late = (r: QueueItem) => r.waiting_since === null && r.next_deadline !== null && Date.parse(r.next_deadline) < now;
      const waiting = (r: QueueItem) => r.waiting_since !== null;
      const counts = { due_soon: rows.filter(due).length, breached: rows.filter(late).length, waiting: rows.filter(waiting).length, all: rows.length };
      const byDeadline = (a: QueueItem, b: QueueItem) => (a.next_deadline ?? "~").localeCompare(b.next_deadline ?? "~") || a.id.localeCompare(b.id);
      const shown =
        q.view === "due_soon"
          ? rows.filter(due).sort(byDeadline)
          : q.view === "breached"
            ? rows.filter(late).sort(byDeadline)
            : q.view === "waiting"
              ? rows.filter(waiting).sort((a, b) => (a.waiting_since ?? "").localeCompare(b.waiting_since ?? "") || a.id.localeCompare(b.id))
              : rows;
      return { ...page(shown, q.offset, q.limit), counts };
    },
  };
}
