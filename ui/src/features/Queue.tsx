// The SLA queue for reps: open tickets in views with counts — Due soon (the default: running, not
// yet due, by deadline), Breached (most late first), Waiting on customer, All — filtered by
// priority and text, virtualised (only the rows in view exist in the page, fetched a page at a
// time), with a countdown per row that ticks every second from what the row already holds — the
// list itself is not reloaded.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { type Priority, type QueueCounts, type QueueItem, type QueueQuery, type QueueView as View, type Tier, asBackendError, backend } from "../lib/ipc";
import type { BackendError } from "../lib/ipc";
import { ErrorPanel, PriorityBadge, TierBadge, useDebounced, useLoad, useNow } from "../components/common";
import { RISK_LABEL, levelAt, riskAt } from "../lib/risk";
import { formatCompact, formatCountdown, formatDuration, formatInstant, toSeconds } from "../lib/time";
import { useSettings } from "../lib/settings";
import { useDisplayZone } from "../lib/zones";
import { PRIORITY_LABEL, optionsOf } from "../lib/labels";
import { useNav } from "../route";
import { AgreementSelect, TierSelect } from "../components/selects";

const PAGE = 200;
const ROW_HEIGHT = 52;

interface Pages {
  total: number;
  counts: QueueCounts | undefined;
  pages: Map<number, QueueItem[]>;
}

/** The queue's views, in the order of their tabs. */
const VIEWS: readonly (readonly [View, string, keyof QueueCounts])[] = [
  ["due_soon", "Due soon", "due_soon"],
  ["breached", "Breached", "breached"],
  ["waiting", "Waiting on customer", "waiting"],
  ["all", "All", "all"],
];

const ORDER: Record<View, string> = {
  due_soon: "by deadline",
  breached: "most late first",
  waiting: "longest waiting first",
  all: "most urgent first",
};

export function QueueView() {
  const { go, route } = useNav();
  const open = (id: string) => go({ name: "ticket", id, back: route });
  const settings = useSettings();
  const [mine, setMine] = useState(false);
  const [agreementId, setAgreementId] = useState("");
  const [tier, setTier] = useState<Tier | "">("");
  const [view, setView] = useState<View>("due_soon");
  const [priority, setPriority] = useState<Priority | "">("");
  const [typed, setTyped] = useState("");
  const text = useDebounced(typed.trim(), 250);
  const agreements = useLoad(() => backend.agreementChoices(), []);
  const query: Omit<QueueQuery, "offset" | "limit"> = useMemo(
    () => ({
      agreement_id: agreementId || null,
      tier: tier || null,
      assignee: mine ? settings.me || "\u0000" : null,
      priority: priority || null,
      text,
      view,
    }),
    [agreementId, tier, mine, settings.me, priority, text, view],
  );
  const [data, setData] = useState<Pages>({ total: 0, counts: undefined, pages: new Map() });
  const [error, setError] = useState<BackendError>();
  const [loaded, setLoaded] = useState(false);
  const loading = useRef(new Set<number>());
  const generation = useRef(0);

  // Fetches one page into the pages held; `fresh` starts over from it (a new filter, or a change
  // in the database), keeping the rows on screen until the new ones arrive.
  const fetchPage = useCallback(
    (page: number, gen: number, fresh = false) => {
      if (loading.current.has(page)) return;
      loading.current.add(page);
      backend
        .queue({ ...query, offset: page * PAGE, limit: PAGE })
        .then((r) => {
          if (gen !== generation.current) return;
          setData((d) => {
            const pages = new Map(fresh ? [] : d.pages);
            pages.set(page, r.rows);
            return { total: r.total, counts: r.counts, pages };
          });
          setError(undefined);
          setLoaded(true);
        })
        .catch((e: unknown) => gen === generation.current && setError(asBackendError(e)))
        .finally(() => loading.current.delete(page));
    },
    [query],
  );

  const restart = useCallback(() => {
    generation.current += 1;
    loading.current.clear();
    fetchPage(0, generation.current, true);
  }, [fetchPage]);
  useEffect(restart, [restart]);
  useEffect(() => backend.onDataChanged(restart), [restart]);

  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: data.total,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  useEffect(() => {
    const gen = generation.current;
    const wanted = new Set(items.map((i) => Math.floor(i.index / PAGE)));
    for (const p of wanted) if (!data.pages.has(p)) fetchPage(p, gen);
  }, [items, data.pages, fetchPage]);

  const now = useNow(1000);
  const [focusIndex, setFocusIndex] = useState(0);
  const rowAt = (index: number) => data.pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  // A key moved to a row: focus follows it once it is in the page. A far row (Home, End) is drawn
  // only after the scroll, and its page fetched, while the row that had focus has left the page
  // (focus fell to the body meanwhile).
  const follow = useRef(false);
  const onKey = (e: React.KeyboardEvent) => {
    let next = focusIndex;
    if (e.key === "ArrowDown") next = Math.min(data.total - 1, focusIndex + 1);
    else if (e.key === "ArrowUp") next = Math.max(0, focusIndex - 1);
    else if (e.key === "PageDown") next = Math.min(data.total - 1, focusIndex + 10);
    else if (e.key === "PageUp") next = Math.max(0, focusIndex - 10);
    else if (e.key === "Home") next = 0;
    else if (e.key === "End") next = data.total - 1;
    else if (e.key === "Enter") {
      const r = rowAt(focusIndex);
      if (r) open(r.id);
      return;
    } else return;
    e.preventDefault();
    follow.current = true;
    setFocusIndex(next);
    virtual.scrollToIndex(next, { align: "auto" });
  };
  useEffect(() => {
    const list = parent.current;
    const el = list?.querySelector<HTMLElement>(`[data-index="${focusIndex}"]`);
    const active = document.activeElement;
    const within = !!list && list.contains(active);
    if (!within && active && active !== document.body) follow.current = false;
    if (!el || !(within || follow.current)) return;
    follow.current = false;
    if (el !== active) el.focus({ preventScroll: true });
  }, [focusIndex, items, data.pages]);

  return (
    <section className="screen queue" aria-labelledby="queue-title">
      <header className="screen-head">
        <h1 id="queue-title">Queue</h1>
        <p className="count" aria-live="polite">
          {loaded ? `${data.total.toLocaleString("en")} open ticket${data.total === 1 ? "" : "s"}, ${ORDER[view]}` : "Loading…"}
        </p>
      </header>
      <div className="queue-views" role="tablist" aria-label="Views">
        {VIEWS.map(([v, label, key]) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={view === v}
            className={`view-tab${view === v ? " current" : ""}`}
            onClick={() => setView(v)}
            data-view={v}
          >
            {label} <span className="view-count">{data.counts ? data.counts[key].toLocaleString("en") : "…"}</span>
          </button>
        ))}
      </div>
      <div className="filters" role="group" aria-label="Filter the queue">
        <label className="check">
          <input type="checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} disabled={!settings.me} />
          Mine{settings.me ? ` (${settings.me})` : " (set your name in Settings)"}
        </label>
        <AgreementSelect value={agreementId} onChange={setAgreementId} agreements={agreements.data} any="All agreements" />
        <TierSelect value={tier} onChange={setTier} any="All tiers" />
        <label>
          <span className="visually-hidden">Priority</span>
          <select value={priority} onChange={(e) => setPriority(e.target.value as Priority | "")} aria-label="Priority">
            <option value="">All priorities</option>
            {optionsOf(PRIORITY_LABEL).map(([p, label]) => (
              <option key={p} value={p}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">Find</span>
          <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="Id, subject or customer" aria-label="Find in the queue" />
        </label>
        <ul className="legend" aria-label="Colours">
          {(["breached", "near", "running", "paused"] as const).map((r) => (
            <li key={r} className={`risk-${r}`}>
              {RISK_LABEL[r]}
            </li>
          ))}
        </ul>
      </div>
      {error && <ErrorPanel error={error} />}
      <div className="queue-head" aria-hidden="true">
        <span>Due in</span>
        <span>Ticket</span>
        <span>Subject</span>
        <span>Agreement</span>
        <span>Assignee</span>
        <span>Level</span>
      </div>
      <div
        ref={parent}
        className="queue-list"
        role="list"
        aria-label={`Open tickets, ${VIEWS.find(([v]) => v === view)?.[1] ?? ""}, ${ORDER[view]}`}
        onKeyDown={onKey}
        data-testid="queue-list"
      >
        {loaded && data.total === 0 && <p className="empty">{EMPTY[view]}</p>}
        <div style={{ height: virtual.getTotalSize(), position: "relative" }}>
          {items.map((vi) => {
            const row = rowAt(vi.index);
            return (
              <div
                key={vi.key}
                role="listitem"
                className="queue-slot"
                style={{ transform: `translateY(${vi.start}px)`, height: ROW_HEIGHT }}
              >
                {row ? (
                  <QueueRowView
                    row={row}
                    now={now}
                    index={vi.index}
                    focused={vi.index === focusIndex}
                    onOpen={() => open(row.id)}
                    onFocus={() => setFocusIndex(vi.index)}
                  />
                ) : (
                  <div className="queue-row placeholder" aria-hidden="true" />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

const EMPTY: Record<View, string> = {
  due_soon: "Nothing is coming due: no running ticket matches.",
  breached: "Nothing is late: no running ticket is past its deadline.",
  waiting: "Nobody is waiting on a customer.",
  all: "No open tickets match. Everything is answered.",
};

function QueueRowView(props: {
  row: QueueItem;
  now: number;
  index: number;
  focused: boolean;
  onOpen: () => void;
  onFocus: () => void;
}) {
  const { row, now } = props;
  const risk = riskAt(row, now);
  const level = levelAt(row, now);
  const tz = useDisplayZone()(row.agreement_id);
  const waiting = row.waiting_since !== null;
  const due = row.next_deadline === null ? null : toSeconds(row.next_deadline) - now;
  // Waiting on the customer: its clock is paused, so it is not counted late while it waits; a
  // breach before the wait still says when.
  const countdown = waiting
    ? `Waiting ${formatDuration(now - toSeconds(row.waiting_since!))}`
    : due === null
      ? "Paused"
      : due > 0
        ? formatCountdown(due)
        : `${formatCountdown(-due)} late`;
  const since = waiting
    ? `waiting on the customer since ${formatInstant(row.waiting_since, tz)}${row.breached_at ? `; breached ${formatInstant(row.breached_at, tz)}` : ""}`
    : "";
  return (
    <button
      type="button"
      className={`queue-row risk-${risk}`}
      data-index={props.index}
      data-ticket={row.id}
      data-risk={risk}
      tabIndex={props.focused ? 0 : -1}
      onClick={props.onOpen}
      onFocus={props.onFocus}
      aria-label={`${row.id}, ${waiting ? since : `${RISK_LABEL[risk]}, ${due === null ? "paused" : due > 0 ? `due in ${countdown}` : countdown}`}, ${row.subject}`}
    >
      <span className="countdown" data-testid="countdown">
        {countdown}
        {waiting && (
          <small className={`block${row.breached_at ? " breach-note" : ""}`} data-testid="waiting-since" title={since.charAt(0).toUpperCase() + since.slice(1)}>
            {row.breached_at ? `Breached ${formatCompact(row.breached_at, tz, now)}` : `Since ${formatCompact(row.waiting_since!, tz, now)}`}
          </small>
        )}
      </span>
      <span className="ticket-id">
        <PriorityBadge p={row.current_priority} /> {row.id}
      </span>
      <span className="subject" title={row.subject}>
        {row.subject || <em>No subject</em>}
        <small>{row.customer}</small>
      </span>
      <span className="agreement" title={row.agreement_id}>
        <TierBadge tier={row.tier} /> <small>{row.agreement_id}</small>
      </span>
      <span className="assignee">{row.assignee ?? <em>Unassigned</em>}</span>
      <span className="level-col">
        {level > 0 ? (
          <span className={`badge level level-${Math.min(level, 3)}`} title={`Escalation level ${level}`}>
            L{level}
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </span>
    </button>
  );
}
