// What importing by the profile would give, as the back end previews it without writing: the
// counts (read, placed per agreement, skipped by reason, records mapped to no event by kind,
// events), then the first tickets, each opening onto its events and the SLA numbers they give.
// Everything from the export (subjects, ids, reasons) is shown as text.
import { Fragment, useState } from "react";
import type { ClockKind, ClockOutcome, ImportPreview, InputError, PreviewTicket } from "../../lib/ipc";
import { PriorityBadge, StateBadge } from "../../components/common";
import { CHANNEL_LABEL, CLOCK_NAME_LABEL, EVENT_LABEL, PRIORITY_LABEL } from "../../lib/labels";
import { type PreviewState, count, countRows, total } from "../../lib/imports";
import { formatCounted, formatDuration, formatInstant, formatTarget } from "../../lib/time";
import { useDisplayZone } from "../../lib/zones";

/** The name the desktop command gives the profile's text in its errors (commands/sources.rs). */
export const PROFILE_FILE = "profile";

export function PreviewPanel({
  state,
  profile,
  lastGood,
  onGoToLine,
}: {
  state: PreviewState;
  profile: string;
  lastGood: { text: string; value: ImportPreview } | undefined;
  onGoToLine: (line: number, column: number) => void;
}) {
  // Each ticket's instants in the zone of the agreement it is placed under (by Settings' choice).
  const zone = useDisplayZone();
  const updating = state.pending || state.text !== profile;
  // While the answer to an edit is on its way the last answer stays, dimmed: no flicker per key.
  const error = state.error;
  const current = !updating && !error ? state.preview : undefined;
  const shown = state.preview ?? lastGood?.value;
  const stale = !updating && error !== undefined && shown !== undefined;

  let status: string;
  if (!profile.trim()) status = "Write a profile, or choose a kept one, to see a preview.";
  else if (updating) status = "Updating the preview…";
  else if (error) status = error.details.length ? `The profile has ${count(error.details.length, "problem")}: see the list below.` : "The preview has problems: see why below.";
  else if (current) status = `Preview of the files chosen: ${count(current.read, "ticket")} read, ${total(current.placed).toLocaleString("en")} placed.`;
  else status = "";

  return (
    <section className="preview-pane" aria-labelledby="preview-title">
      <h3 id="preview-title">Preview</h3>
      <p id="preview-status" role="status" className={`preview-status${updating ? " updating" : ""}`} data-testid="preview-status">
        {updating && <span className="busy-dot" aria-hidden="true" />}
        {status}
      </p>
      {error && <Problems error={error} updating={updating} onGoToLine={onGoToLine} />}
      {stale && (
        <p className="stale" role="note">
          Below, dimmed, is the last preview that worked, for an earlier text of the profile.
        </p>
      )}
      {shown && (
        <div className={`preview-body${updating || stale ? " is-updating" : ""}`} data-testid="preview">
          <Counts p={shown} />
          <Tickets p={shown} zone={zone} />
        </div>
      )}
    </section>
  );
}

/** The problems of a profile (or of the files), each located; the profile's lead to their line. */
function Problems({ error, updating, onGoToLine }: { error: NonNullable<PreviewState["error"]>; updating: boolean; onGoToLine: (line: number, column: number) => void }) {
  return (
    <div className={`error-panel preview-problems${updating ? " is-updating" : ""}`} data-testid="preview-problems">
      <strong>{error.code === "input" ? "The profile has problems; nothing can be imported yet" : "No preview"}</strong>
      <p>{error.message}</p>
      {error.details.length > 0 && (
        <ul className="problems">
          {error.details.map((d, i) => (
            <li key={i}>
              <Where d={d} onGoToLine={onGoToLine} /> {d.key && <code>{d.key}</code>} {d.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Where({ d, onGoToLine }: { d: InputError; onGoToLine: (line: number, column: number) => void }) {
  const at = `${d.line}${d.column ? `:${d.column}` : ""}`;
  if (d.file === PROFILE_FILE) {
    if (d.line <= 0) return <span className="where">The profile:</span>;
    return (
      <button type="button" className="link" onClick={() => onGoToLine(d.line, d.column)}>
        Line {at}
      </button>
    );
  }
  return (
    <span className="where">
      <code>{d.file}</code>
      {d.line > 0 ? `, line ${at}` : ""}:
    </span>
  );
}

function Counts({ p }: { p: ImportPreview }) {
  const placed = countRows(p.placed);
  const skipped = countRows(p.skipped);
  const unmapped = countRows(p.unmapped);
  const unmappedTotal = total(p.unmapped);
  return (
    <>
      <ul className="kpis preview-kpis" aria-label="Counts">
        <Kpi name="Tickets read" value={p.read} id="read" />
        <Kpi name="Placed" value={total(p.placed)} id="placed" tone={placed.length ? "met" : "missed"} />
        <Kpi name="Skipped" value={total(p.skipped)} id="skipped" />
        <Kpi name="Events" value={p.events} id="events" />
      </ul>
      <div className="count-tables">
        <CountTable testId="placed" caption="Placed, by agreement" head={["Agreement", "Tickets"]} rows={placed} empty="No ticket is placed: no rule of the profile matches yet." />
        <CountTable testId="skipped" caption="Skipped, by reason" head={["Reason", "Tickets"]} rows={skipped} empty="None: every ticket read is placed." />
      </div>
      {unmapped.length > 0 ? (
        <details className="unmapped" data-testid="unmapped">
          <summary>
            {count(unmappedTotal, "record")} of the export mapped to no event, by kind
          </summary>
          <p className="muted">Nothing is invented: a record that says nothing about the clocks (a note, a change of assignee) is counted here and left out.</p>
          <CountTable caption="Records mapped to no event, by kind" hideCaption head={["Record", "Count"]} rows={unmapped} />
        </details>
      ) : (
        <p className="muted" data-testid="unmapped">
          Every record of the placed tickets maps to an event.
        </p>
      )}
    </>
  );
}

function Kpi({ name, value, id, tone }: { name: string; value: number; id: string; tone?: "met" | "missed" }) {
  return (
    <li className={`kpi${tone ? ` kpi-${tone}` : ""}`} data-testid={`count-${id}`}>
      <span className="kpi-name">{name}</span>
      <span className="kpi-value">{value.toLocaleString("en")}</span>
    </li>
  );
}

function Tickets({ p, zone }: { p: ImportPreview; zone: (agreementId: string) => string | undefined }) {
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  if (p.tickets.length === 0) return null;
  const placed = total(p.placed);
  return (
    <div className="table-scroll">
      <table className="grid compact preview-tickets" data-testid="preview-tickets">
        <caption>
          {p.tickets.length === placed ? `The ${count(placed, "placed ticket")}` : `The first ${p.tickets.length} of ${count(placed, "placed ticket")}`}, by id
        </caption>
        <thead>
          <tr>
            <th scope="col">Ticket</th>
            <th scope="col">Agreement</th>
            <th scope="col">Opened</th>
            <th scope="col">First response</th>
            <th scope="col">Resolution</th>
          </tr>
        </thead>
        <tbody>
          {p.tickets.map((t) => {
            const expanded = open.has(t.id);
            const detailId = `preview-ticket-${t.id.replace(/[^A-Za-z0-9_-]/g, "_")}`;
            return (
              <Fragment key={t.id}>
                <tr className={expanded ? "expanded" : undefined} data-ticket={t.id}>
                  <td>
                    <button type="button" className="link disclosure" aria-expanded={expanded} aria-controls={detailId} onClick={() => toggle(t.id)}>
                      <span className="chevron" aria-hidden="true">
                        {expanded ? "▾" : "▸"}
                      </span>
                      {t.id}
                    </button>
                    <small className="block subject">{t.subject || "No subject"}</small>
                  </td>
                  <td>
                    {t.agreement_id}
                    <small className="block muted">{t.category.replace(/_/g, " ")}</small>
                  </td>
                  <td className="opened">
                    {formatInstant(t.opened_at, zone(t.agreement_id))}
                    <small className="block muted">
                      <PriorityBadge p={t.priority} /> {CHANNEL_LABEL[t.channel]}
                    </small>
                  </td>
                  <td>
                    <StateBadge state={t.sla.first_response.state} />
                  </td>
                  <td>
                    <StateBadge state={t.sla.resolution.state} />
                  </td>
                </tr>
                {expanded && (
                  <tr className="ticket-detail">
                    <td colSpan={5} id={detailId}>
                      <TicketDetail t={t} zone={zone(t.agreement_id)} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A previewed ticket's events and its two clocks as the engine computes them. */
function TicketDetail({ t, zone }: { t: PreviewTicket; zone: string | undefined }) {
  return (
    <div className="ticket-detail-body" data-testid={`detail-${t.id}`}>
      <table className="grid compact detail-events">
        <caption>Events of {t.id}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">New priority</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td className="nowrap">{formatInstant(t.opened_at, zone, true)}</td>
            <td>Opened</td>
            <td>{PRIORITY_LABEL[t.priority]}</td>
          </tr>
          {t.events.map((e, i) => (
            <tr key={i}>
              <td className="nowrap">{formatInstant(e.at, zone, true)}</td>
              <td>{EVENT_LABEL[e.kind]}</td>
              <td>{e.priority ? PRIORITY_LABEL[e.priority] : "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="detail-clocks">
        <p className="muted">
          Clocks at {PRIORITY_LABEL[t.sla.priority]}, counted {t.sla.clock === "business" ? "in business hours" : "round the clock (24x7)"}
          {t.sla.res_paused_s > 0 && ` · paused ${formatDuration(t.sla.res_paused_s)} in all`}
        </p>
        <dl>
          <ClockLine name={CLOCK_NAME_LABEL.first_response} c={t.sla.first_response} kind={t.sla.clock} zone={zone} />
          <ClockLine name={CLOCK_NAME_LABEL.resolution} c={t.sla.resolution} kind={t.sla.clock} zone={zone} />
        </dl>
      </div>
    </div>
  );
}

function ClockLine({ name, c, kind, zone }: { name: string; c: ClockOutcome; kind: ClockKind; zone: string | undefined }) {
  const when = [
    c.state === "met" && c.stopped_at ? `met at ${formatInstant(c.stopped_at, zone)}` : "",
    c.state === "running" && c.due_at ? `due ${formatInstant(c.due_at, zone)}` : "",
    c.state === "paused" ? "paused while waiting on the customer" : "",
    c.state === "breached" && c.due_at ? `deadline ${formatInstant(c.due_at, zone)}` : "",
    c.state === "breached" && c.breached_at ? `breached ${formatInstant(c.breached_at, zone)}` : "",
    c.state === "breached" && c.stopped_at ? `stopped ${formatInstant(c.stopped_at, zone)}` : "",
  ].filter(Boolean);
  return (
    <div className={`clock-line state-line-${c.state}`}>
      <dt>
        {name} <StateBadge state={c.state} />
      </dt>
      <dd>
        <strong>{formatCounted(c.elapsed_s, kind)}</strong> <span className="muted">of {formatTarget(c.target_s)}</span>
        {when.map((w) => (
          <small key={w} className="block muted">
            {w}
          </small>
        ))}
      </dd>
    </div>
  );
}

/** Counts by name (an agreement, a reason, a kind of record), largest first as given. */
function CountTable({
  testId,
  caption,
  hideCaption,
  head,
  rows,
  empty,
}: {
  testId?: string;
  caption: string;
  hideCaption?: boolean;
  head: [string, string];
  rows: [string, number][];
  empty?: string;
}) {
  return (
    <table className="grid compact" data-testid={testId}>
      <caption className={hideCaption ? "visually-hidden" : undefined}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head[0]}</th>
          <th scope="col" className="num">
            {head[1]}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, n]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td className="num">{n.toLocaleString("en")}</td>
          </tr>
        ))}
        {rows.length === 0 && empty && (
          <tr>
            <td colSpan={2} className="muted">
              {empty}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
