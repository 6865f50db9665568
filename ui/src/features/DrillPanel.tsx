// The tickets behind a dashboard number: the panel a click on a chart's category opens, one
// row per clock outcome (or CSAT score) the number counted, breaches first, each opening its
// ticket. The rows and their order come from Rust (accord_app::reports::drill).
import { useEffect, useRef } from "react";
import { type Drill, type DrillKind, type DrillOutcome, backend } from "../lib/ipc";
import { ErrorPanel, PriorityBadge, useLoad } from "../components/common";
import { formatInstant } from "../lib/time";
import { useDisplayZone } from "../lib/zones";
import { type Route, useNav } from "../route";
import { CHANNEL_LABEL, CLOCK_NAME_LABEL, drillOutcomeLabel } from "../lib/labels";

/** What a drill-down's rows are: one per clock outcome (a ticket can have two), or per score. */
function countLabel(kind: DrillKind, n: number): string {
  const count = n.toLocaleString("en");
  if (kind === "csat") return `${count} CSAT score${n === 1 ? "" : "s"}`;
  return `${count} clock${n === 1 ? "" : "s"} (a ticket's first response and resolution count apart)`;
}

const OUTCOME_CLASS: Record<DrillOutcome, string> = {
  met: "state-met",
  breached: "state-breached",
  breached_earlier: "state-breached",
  csat: "outcome-other",
};

/** The tickets behind a chart's category; `back` is where a ticket opened here returns to. */
export function DrillPanel({ drill, toDate, onClose, back }: { drill: Drill; toDate: string; onClose: () => void; back: Route }) {
  const { go } = useNav();
  const zone = useDisplayZone();
  const rows = useLoad(() => backend.drill(drill), [JSON.stringify(drill)]);
  const panel = useRef<HTMLElement>(null);
  // In the next frame: after the window's own move of focus to a screen it went to (back from a
  // ticket, the dashboard opens with this panel).
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      panel.current?.focus({ preventScroll: true });
      panel.current?.scrollIntoView({ block: "nearest" });
    });
    return () => cancelAnimationFrame(frame);
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) {
        e.preventDefault();
        onClose();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [onClose]);
  const r = rows.data;
  const portfolio = !drill.scope.agreement;
  return (
    <section ref={panel} id="drill-panel" className="drill-panel" tabIndex={-1} aria-labelledby="drill-title">
      <header className="drill-head">
        <div>
          <h2 id="drill-title">{r?.title ?? drill.label}</h2>
          <p className="muted" aria-live="polite">
            {!r ? "Loading…" : r.total === 0 ? "Nothing counted here" : r.rows.length < r.total ? `Showing the first ${r.rows.length} of ${countLabel(drill.kind, r.total)}` : countLabel(drill.kind, r.total)}
            {r && toDate && ` · ${toDate}`}
          </p>
        </div>
        <button type="button" onClick={onClose} aria-keyshortcuts="Escape">
          Close
        </button>
      </header>
      {rows.error && <ErrorPanel error={rows.error} />}
      {r && r.rows.length > 0 && (
        <div className="table-wrap">
          <table className="grid compact drill-rows">
            <caption className="visually-hidden">{r.title}</caption>
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                {portfolio && <th scope="col">Agreement</th>}
                <th scope="col">Subject</th>
                <th scope="col">Customer</th>
                <th scope="col">Priority</th>
                <th scope="col">Channel</th>
                <th scope="col">Clock</th>
                <th scope="col">Outcome</th>
                <th scope="col" title="When it counted: the stop, or the breach (the first second over the target) with its deadline">
                  When
                </th>
                <th scope="col" className="num">
                  Counted
                </th>
              </tr>
            </thead>
            <tbody>
              {r.rows.map((t, i) => (
                <tr key={`${t.ticket_id}-${t.clock ?? "csat"}-${i}`}>
                  <td className="nowrap">
                    <button type="button" className="link" onClick={() => go({ name: "ticket", id: t.ticket_id, back })}>
                      {t.ticket_id}
                    </button>
                  </td>
                  {portfolio && <td className="nowrap">{t.agreement_id}</td>}
                  <td className="subject-cell">{t.subject || <em className="muted">No subject</em>}</td>
                  <td>{t.customer}</td>
                  <td>
                    <PriorityBadge p={t.priority} />
                  </td>
                  <td>{CHANNEL_LABEL[t.channel] ?? t.channel}</td>
                  <td>{t.clock ? CLOCK_NAME_LABEL[t.clock] : "—"}</td>
                  <td>
                    <span className={`badge ${OUTCOME_CLASS[t.outcome]}`}>{drillOutcomeLabel(t.outcome, t.csat)}</span>
                  </td>
                  <td className="when">
                    {t.due_at ? (
                      <>
                        <span className="breach-at">breached {formatInstant(t.at, zone(t.agreement_id))}</span>
                        <small className="block muted">deadline {formatInstant(t.due_at, zone(t.agreement_id))}</small>
                      </>
                    ) : (
                      formatInstant(t.at, zone(t.agreement_id))
                    )}
                  </td>
                  <td className="num nowrap">
                    {t.counted || "—"}
                    {t.counted && t.counted_on === "business" && <small className="block muted">business time</small>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
