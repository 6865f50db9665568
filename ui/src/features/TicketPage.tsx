// A ticket: who and what, its two clocks now, the timeline behind them, its history, and every
// action a rep takes on it. Each action is recorded by the backend, which recomputes the
// clocks at once; the page then shows the new numbers.
import { useEffect, useState } from "react";
import { type ClockKind, type ClockOutcome, type EventKind, type HistoryEntry, type Phase, type Priority, type TicketView, backend } from "../lib/ipc";
import { ErrorPanel, PriorityBadge, Spinner, StateBadge, TierBadge, useAction, useLoad } from "../components/common";
import { BUSINESS_TIME, formatDuration, formatInstant, formatTarget, zoneFor } from "../lib/time";
import { breachAfterDeadline } from "../lib/sla";
import { useSettings } from "../lib/settings";
import { type Route, screenLabel, useNav } from "../route";
import { SegmentTable, Timeline } from "./Timeline";
import { PrioritySelect } from "../components/selects";
import { CLOCK_NAME_LABEL, EVENT_ACTION_LABEL, EVENT_LABEL } from "../lib/labels";


/** A ticket; `back` is where it was opened from (its back link returns there), else the tickets list. */
export function TicketPage({ id, back = { name: "tickets" } }: { id: string; back?: Route | undefined }) {
  const { go } = useNav();
  const { zone: zoneChoice } = useSettings();
  const t = useLoad(() => backend.ticket(id), [id]);
  // While a clock can still move, the numbers and the timeline follow the time.
  const live = t.data !== undefined && t.data.phase !== "stopped";
  const reload = t.reload;
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [live, reload]);
  if (t.error && !t.data) return <ErrorPanel error={t.error} />;
  if (!t.data) return <Spinner />;
  const v = t.data;
  const x = v.explanation;
  // The rule of every screen (zones.ts): this agreement's zone, the computer's or UTC, by Settings.
  const zone = zoneFor(zoneChoice, v.time_zone);
  const priority = x.sla.priority;

  return (
    <section className="screen ticket" aria-labelledby="ticket-title">
      <header className="screen-head">
        <div>
          <button type="button" className="link back" onClick={() => go(back)}>
            ← {screenLabel(back)}
          </button>
          <h1 id="ticket-title">
            <PriorityBadge p={priority} /> {v.id}
            <span className="subject-title">{v.subject || "No subject"}</span>
          </h1>
          <p className="muted">
            {v.customer || "No customer"} · <TierBadge tier={v.tier} /> {v.agreement_title} · {v.category.replace(/_/g, " ")} ·{" "}
            {v.channel.replace(/_/g, " ")} · opened {formatInstant(x.opened_at, zone)}
          </p>
          {v.terms && (
            <p className="muted" data-testid="ticket-terms">
              Terms: {v.terms}
            </p>
          )}
        </div>
      </header>
      {t.error && <ErrorPanel error={t.error} />}
      <div className="clocks">
        <ClockCard title={CLOCK_NAME_LABEL.first_response} c={x.sla.first_response} kind={x.sla.clock} zone={zone} />
        <ClockCard title={CLOCK_NAME_LABEL.resolution} c={x.sla.resolution} kind={x.sla.clock} zone={zone} paused={x.sla.res_paused_s} />
        <div className="card">
          <h2>Escalation</h2>
          <p className="big" data-testid="escalation-level">
            Level {x.sla.escalation_level}
          </p>
          <p className="muted">
            {x.sla.next_escalation_at ? `next at ${formatInstant(x.sla.next_escalation_at, zone)}` : "no further level while the clocks are stopped or paused"}
          </p>
          <p className="muted">
            {priority.toUpperCase()} targets on the {x.sla.clock === "24x7" ? "24x7 clock" : "business calendar"}
          </p>
        </div>
      </div>
      <Actions t={v} phase={v.phase} onDone={t.reload} />
      <h2>Timeline</h2>
      <Timeline key={v.id} x={x} zone={zone} />
      <details className="segments">
        <summary>Every stretch of both clocks</summary>
        <SegmentTable segs={x.first_response} zone={zone} caption={CLOCK_NAME_LABEL.first_response} />
        <SegmentTable segs={x.resolution} zone={zone} caption={CLOCK_NAME_LABEL.resolution} />
      </details>
      <div className="two-col">
        <div>
          <h2>History</h2>
          <TicketHistory lines={v.history} zone={zone} />
        </div>
        <div>
          <h2>Escalation ladder</h2>
          {x.escalation.length === 0 ? (
            <p className="muted">This agreement has no escalation levels.</p>
          ) : (
            <table className="grid compact">
              <thead>
                <tr>
                  <th scope="col">Level</th>
                  <th scope="col">Who</th>
                  <th scope="col">Threshold</th>
                  <th scope="col">When</th>
                </tr>
              </thead>
              <tbody>
                {x.escalation.map((e) => (
                  <tr key={e.level} className={e.passed ? "passed" : undefined}>
                    <td>{e.level}</td>
                    <td>
                      {e.name}
                      <small className="block muted">{e.contact}</small>
                    </td>
                    <td>
                      {formatTarget(e.threshold_s)} of {CLOCK_NAME_LABEL[e.clock].toLowerCase()}
                    </td>
                    <td>{e.at ? `${e.passed ? "passed" : "at"} ${formatInstant(e.at, zone)}` : "not while stopped or paused"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );
}

function ClockCard({ title, c, kind, zone, paused }: { title: string; c: ClockOutcome; kind: ClockKind; zone: string | undefined; paused?: number }) {
  const share = Math.min(1, c.elapsed_s / Math.max(1, c.target_s));
  const notes = [
    c.state === "running" && c.due_at ? `Due ${formatInstant(c.due_at, zone)}` : "",
    c.state === "met" && c.stopped_at ? `Met at ${formatInstant(c.stopped_at, zone)}` : "",
    c.state === "paused" ? "Paused while waiting on the customer" : "",
    c.state === "breached" && c.stopped_at ? `Stopped at ${formatInstant(c.stopped_at, zone)}` : "",
    paused ? `paused ${formatDuration(paused)} in all` : "",
  ]
    .filter(Boolean)
    .map((n, i) => (i === 0 ? n[0]?.toUpperCase() + n.slice(1) : n));
  return (
    <div className={`card clock state-${c.state}`} data-testid={`clock-${title === CLOCK_NAME_LABEL.resolution ? "resolution" : "first-response"}`}>
      <h2>
        {title} <StateBadge state={c.state} />
      </h2>
      <p className="big">
        {formatDuration(c.elapsed_s)}
        {/* Business hours only: a length of calendar time (the queue's "late") is not comparable. */}
        {kind === "business" && <span className="clock-kind"> {BUSINESS_TIME}</span>}{" "}
        <span className="muted">of {formatTarget(c.target_s)}</span>
      </p>
      <div className="meter" role="meter" aria-valuemin={0} aria-valuemax={c.target_s} aria-valuenow={Math.min(c.elapsed_s, c.target_s)} aria-label={`${title}: time counted against the target`}>
        <span style={{ width: `${share * 100}%` }} />
      </div>
      {c.state === "breached" && <BreachLines c={c} zone={zone} />}
      <p className="muted">{notes.join(" · ")}</p>
    </div>
  );
}

/**
 * A breached clock's deadline (its target used up) and its breach (the first second counted
 * over it), to the second. When the breach came later than the second after the deadline — the
 * target ran out at the end of business hours, or while the clock was paused or stopped — it
 * says why.
 */
function BreachLines({ c, zone }: { c: ClockOutcome; zone: string | undefined }) {
  if (!c.breached_at) return c.due_at ? <p className="breach-lines">Deadline {formatInstant(c.due_at, zone, true)}</p> : null;
  return (
    <>
      <dl className="breach-lines">
        {c.due_at && (
          <div data-testid="deadline-line">
            <dt>Deadline</dt>
            <dd>{formatInstant(c.due_at, zone, true)}</dd>
          </div>
        )}
        <div data-testid="breach-line" className="breached">
          <dt>Breached</dt>
          <dd>{formatInstant(c.breached_at, zone, true)}</dd>
        </div>
      </dl>
      {breachAfterDeadline(c.due_at, c.breached_at) && (
        <p className="breach-why muted" data-testid="breach-why">
          The target was used up at the deadline; the clock was not counting again until the breach, its first second over the target.
        </p>
      )}
    </>
  );
}

function Actions({ t, phase, onDone }: { t: TicketView; phase: Phase; onDone: () => void }) {
  const { notify } = useNav();
  const { me } = useSettings();
  const [note, setNote] = useState("");
  const [priority, setPriority] = useState<Priority>(t.explanation.sla.priority);
  const [assignee, setAssignee] = useState(t.assignee ?? "");
  const [csat, setCsat] = useState(t.csat ? String(t.csat) : "");
  const action = useAction();
  const frOpen = t.explanation.sla.first_response.stopped_at === null;
  const lastKind = t.explanation.events.filter((e) => e.known).at(-1)?.kind;

  const record = (kind: EventKind) =>
    void action.run(async () => {
      await backend.addEvent({
        ticket_id: t.id,
        version: t.version,
        kind,
        at: "",
        priority: kind === "priority_changed" ? priority : null,
        note,
      });
      setNote("");
      notify(`${t.id}: ${EVENT_LABEL[kind].toLowerCase()} recorded.`);
      onDone();
    });

  const buttons: { kind: EventKind; show: boolean }[] = [
    { kind: "responded", show: frOpen && phase === "running" },
    { kind: "waiting_on_customer", show: phase === "running" },
    { kind: "customer_replied", show: phase === "paused" },
    { kind: "resolved", show: phase !== "stopped" },
    { kind: "reopened", show: phase === "stopped" },
    { kind: "closed", show: lastKind !== "closed" },
  ];

  return (
    <div className="actions-panel" role="group" aria-label="Actions">
      {action.error && <ErrorPanel error={action.error} title={action.error.code === "conflict" ? "Not recorded: someone else changed this ticket" : "Not recorded"} />}
      <div className="row">
        <label className="grow">
          Note for the next action
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} placeholder="Optional" />
        </label>
      </div>
      <div className="row buttons">
        {buttons
          .filter((b) => b.show)
          .map((b) => (
            <button key={b.kind} type="button" disabled={action.busy} onClick={() => record(b.kind)} className={b.kind === "resolved" ? "primary" : undefined}>
              {EVENT_ACTION_LABEL[b.kind]}
            </button>
          ))}
      </div>
      <div className="row">
        <PrioritySelect value={priority} onChange={(p) => p && setPriority(p)} />
        <button type="button" disabled={action.busy || priority === t.explanation.sla.priority} onClick={() => record("priority_changed")}>
          Change priority
        </button>
        <label>
          Assignee
          <input value={assignee} onChange={(e) => setAssignee(e.target.value)} list="assignee-suggestions" maxLength={200} />
          <datalist id="assignee-suggestions">{me && <option value={me} />}</datalist>
        </label>
        <button
          type="button"
          disabled={action.busy || assignee.trim() === (t.assignee ?? "")}
          onClick={() =>
            void action.run(async () => {
              await backend.assignTicket(t.id, t.version, assignee.trim() || null);
              notify(assignee.trim() ? `${t.id} assigned to ${assignee.trim()}.` : `${t.id} unassigned.`);
              onDone();
            })
          }
        >
          Assign
        </button>
        <label>
          CSAT
          <select value={csat} onChange={(e) => setCsat(e.target.value)}>
            <option value="">No score</option>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={action.busy || csat === (t.csat ? String(t.csat) : "")}
          onClick={() =>
            void action.run(async () => {
              await backend.setCsat(t.id, t.version, csat ? Number(csat) : null);
              notify(`${t.id}: CSAT ${csat || "cleared"}.`);
              onDone();
            })
          }
        >
          Save CSAT
        </button>
      </div>
    </div>
  );
}

/**
 * The ticket's history as the backend merged it: its opening, events, assignments and scores
 * in time order, each with who recorded it in Accord. An event entered later than it happened
 * says when it was recorded; lines without a name came from an import (whose export names no
 * author), and a note under the list says so once.
 */
function TicketHistory({ lines, zone }: { lines: HistoryEntry[]; zone: string | undefined }) {
  const unknown = lines.some((l) => l.by === null);
  return (
    <>
      <ol className="ticket-history" data-testid="ticket-history">
        {lines.map((l, i) => (
          <li key={i} className={l.known ? undefined : "muted"}>
            <time>{formatInstant(l.at, zone, true)}</time> {historyText(l)}
            {l.kind === "event" && l.text && <q>{l.text}</q>}
            {l.by !== null && (
              <span className="by" title={l.recorded_at ? `recorded ${formatInstant(l.recorded_at, zone, true)}` : undefined}>
                {" "}
                · by {l.by}
                {l.recorded_at && l.kind === "event" && Math.abs(Date.parse(l.recorded_at) - Date.parse(l.at)) >= 60_000 && `, recorded ${formatInstant(l.recorded_at, zone)}`}
              </span>
            )}
          </li>
        ))}
      </ol>
      {unknown && <p className="muted">Lines without a name came from an import: the helpdesk's export does not say who made them.</p>}
    </>
  );
}

/** What a history line says, before its note and author. */
function historyText(l: HistoryEntry): string {
  switch (l.kind) {
    case "opened":
      return `Opened as ${(l.priority ?? "").toUpperCase()}`;
    case "event":
      return `${l.event ? EVENT_LABEL[l.event] : "Event"}${l.priority ? ` → ${l.priority.toUpperCase()}` : ""}`;
    case "assigned":
      return l.text ? `Assigned to ${l.text}` : "Unassigned";
    case "csat":
      return l.text ? `CSAT ${l.text} of 5 recorded` : "CSAT cleared";
  }
}
