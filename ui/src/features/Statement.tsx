// A period's credit statement on an agreement's dashboard. Issuing records, for good, the
// period's figures, every credit line, the terms' version and the instant; the panel then shows
// those issued figures, and when a recomputation now differs (late events, a correction of the
// terms) a restatement: what moved, ticket by ticket, why, and the difference in credits — with
// the way to issue a restated statement that supersedes the last. Every figure and sentence is
// the backend's (StatementStatus); issuing always asks first.
import { type ReactNode, useState } from "react";
import { type Counted, type IssuedStatement, type RestatementView, type StatementStatus, backend } from "../lib/ipc";
import { ErrorPanel, PriorityBadge, useAction, useLoad } from "../components/common";
import { ConfirmDialog } from "../components/Dialog";
import { COUNTED_LABEL } from "../lib/labels";
import { issueQuestion, movedFigures, nextNumber, numbers } from "../lib/statements";
import { formatInstant, instantsIn } from "../lib/time";
import { useNav } from "../route";
import "../styles/statements.css";

export interface Statement {
  /** The status of the period shown (none while another period's is all there is, or without an agreement). */
  status: StatementStatus | undefined;
  error: ReturnType<typeof useAction>["error"];
  loading: boolean;
  /** Whether the period can be issued for the first time (the export step offers it too). */
  canIssueFirst: boolean;
  /** Asks to issue (again, when there is a restatement). */
  ask: () => void;
  /** The question, while it is asked. */
  dialog: ReactNode;
}

/** The statement of an agreement's period (none for a portfolio), reloaded whenever the data changes. */
export function useStatement(agreementId: string | null, period: string, enabled: boolean): Statement {
  const { notify } = useNav();
  const key = `${agreementId ?? ""} ${period}`;
  const loaded = useLoad(
    async () => ({ key, status: agreementId && enabled ? await backend.statementStatus(agreementId, period) : undefined }),
    [key, enabled],
  );
  // While another period's answer is all there is, none is shown (it would offer the wrong issue).
  const status = loaded.data?.key === key ? loaded.data.status : undefined;
  const [asking, setAsking] = useState(false);
  const issuing = useAction();

  const question = status ? issueQuestion(period, status) : undefined;
  const issue = () =>
    void issuing.run(async () => {
      if (!agreementId || !question) return;
      const s = await backend.issueStatement({ agreement_id: agreementId, period, supersede: question.supersede });
      setAsking(false);
      loaded.reload();
      if (s.issued) notify(`Statement No. ${s.issued.number} of ${s.period} issued for ${s.agreement_id}.`);
    });

  const dialog =
    asking && question ? (
      <ConfirmDialog
        title={question.title}
        confirm={question.confirm}
        busy={issuing.busy}
        busyLabel="Issuing…"
        onConfirm={issue}
        onCancel={() => {
          setAsking(false);
          issuing.clear();
        }}
      >
        <p>{question.body}</p>
        {status?.issued && status.restatement ? (
          <p className="muted">
            Credits go from {status.restatement.credit_issued} to {status.restatement.credit_now} ({status.restatement.difference}).
          </p>
        ) : null}
        {issuing.error && <ErrorPanel error={issuing.error} title="Not issued" />}
      </ConfirmDialog>
    ) : null;

  return {
    status,
    error: loaded.error,
    loading: loaded.loading,
    canIssueFirst: !!status && !status.issued && status.can_issue,
    ask: () => {
      issuing.clear();
      setAsking(true);
    },
    dialog,
  };
}

const COUNTED_CLASS: Record<Counted, string> = { met: "state-met", breached: "state-breached", not_counted: "outcome-other" };

function CountedBadge({ value }: { value: Counted }) {
  return <span className={`badge ${COUNTED_CLASS[value]}`}>{COUNTED_LABEL[value]}</span>;
}

/** Issued → now, said as such to screen readers; one value when nothing moved. */
function Moved({ issued, now }: { issued: ReactNode; now: ReactNode }) {
  return (
    <span className="moved">
      <span className="visually-hidden">issued </span>
      {issued} <span aria-hidden="true">→</span>
      <span className="visually-hidden">, now</span> {now}
    </span>
  );
}

/** The statement panel of an agreement's period (the dashboard renders `statement.dialog` too). */
export function StatementPanel({ statement, period, tz }: { statement: Statement; period: string; tz: string | undefined }) {
  const { status, error, loading } = statement;
  return (
    <section className="statement" aria-labelledby="statement-title" aria-busy={loading} data-testid="statement">
      <h2 id="statement-title">Credit statement</h2>
      {error && <ErrorPanel error={error} title="The statement could not be read" />}
      {!status && !error && <p className="muted">Loading…</p>}
      {status && !status.issued && (
        <div className="statement-none">
          {status.can_issue ? (
            <>
              <p>
                {period} has not been issued. Issuing records, for good, its figures, every credit line, the terms they were computed under and the instant; the dashboard
                then shows the issued figures, and any later change as a restatement.
              </p>
              <button type="button" className="primary" onClick={statement.ask} aria-haspopup="dialog">
                Issue statement…
              </button>
            </>
          ) : (
            <p className="statement-why-not" data-testid="statement-why-not">
              <strong>Cannot be issued yet:</strong> {instantsIn(status.why_not, tz)}
            </p>
          )}
        </div>
      )}
      {status?.issued && <Issued s={status.issued} superseded={status.superseded} restated={!!status.restatement} tz={tz} />}
      {status?.issued && status.restatement && (
        <Restatement r={status.restatement} issued={status.issued} onIssue={status.can_issue ? statement.ask : undefined} next={nextNumber(status)} tz={tz} />
      )}
    </section>
  );
}

function Issued({ s, superseded, restated, tz }: { s: IssuedStatement; superseded: number[]; restated: boolean; tz: string | undefined }) {
  const { go, route } = useNav();
  return (
    <div className="statement-issued" data-testid="statement-issued">
      <p className="statement-line">
        <strong>Statement No. {s.number}</strong> · issued {formatInstant(s.issued_at, tz)} by {s.issued_by} · under {s.terms} (agreement version {s.agreement_version})
        {superseded.length > 0 && <span className="supersedes"> · supersedes {numbers(superseded)}</span>}
      </p>
      <p className="muted statement-note">
        {restated ? "These are the figures as issued; they have moved since (below)." : "These are the figures as issued. Nothing has moved since."}
      </p>
      <div className="statement-tables">
        <table className="grid compact statement-figures">
          <caption>Issued figures</caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" className="num">
                Issued
              </th>
            </tr>
          </thead>
          <tbody>
            {s.figures.map((f) => (
              <tr key={f.name}>
                <th scope="row">{f.name}</th>
                <td className="num">{f.issued}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="grid compact statement-lines">
          <caption>Credit lines</caption>
          <thead>
            <tr>
              <th scope="col">Ticket</th>
              <th scope="col">Priority</th>
              <th scope="col" className="num">
                Credit
              </th>
            </tr>
          </thead>
          <tbody>
            {s.lines.length === 0 && (
              <tr>
                <td colSpan={3} className="muted">
                  No resolution breach was credited.
                </td>
              </tr>
            )}
            {s.lines.map((l) => (
              <tr key={l.ticket_id}>
                <td className="nowrap">
                  <button type="button" className="link" onClick={() => go({ name: "ticket", id: l.ticket_id, back: route })}>
                    {l.ticket_id}
                  </button>
                </td>
                <td>
                  <PriorityBadge p={l.priority} />
                </td>
                <td className="num">{l.amount}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="total">
              <th scope="row" colSpan={2}>
                Total credits
              </th>
              <td className="num">{s.credit_total}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </div>
  );
}

function Restatement({ r, issued, onIssue, next, tz }: { r: RestatementView; issued: IssuedStatement; onIssue: (() => void) | undefined; next: number; tz: string | undefined }) {
  const { go, route } = useNav();
  const moved = movedFigures(issued.figures);
  return (
    <section className="restatement" aria-labelledby="restatement-title" data-testid="restatement">
      <h3 id="restatement-title">
        <span className="badge restated-badge">Restatement</span> Figures have moved since statement {r.number} was issued
      </h3>
      <p className="muted">Statement {r.number} stays as it was issued; this is what a recomputation gives now.</p>
      {moved.length > 0 && (
        <table className="grid compact restated-figures">
          <caption>Figures, issued → now</caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" className="num">
                Issued
              </th>
              <th scope="col" className="num">
                Now
              </th>
            </tr>
          </thead>
          <tbody>
            {moved.map((f) => (
              <tr key={f.name}>
                <th scope="row">{f.name}</th>
                <td className="num">{f.issued}</td>
                <td className="num now">{f.now}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="table-wrap">
        <table className="grid compact restated-tickets">
          <caption>
            {r.tickets.length === 1 ? "1 ticket moved" : `${r.tickets.length.toLocaleString("en")} tickets moved`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Ticket</th>
              <th scope="col">First response</th>
              <th scope="col">Resolution</th>
              <th scope="col" className="num">
                Credit
              </th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {r.tickets.map((t) => (
              <tr key={t.ticket_id}>
                <td className="nowrap">
                  <button type="button" className="link" onClick={() => go({ name: "ticket", id: t.ticket_id, back: route })}>
                    {t.ticket_id}
                  </button>
                </td>
                <td className="nowrap">
                  <Moved issued={<CountedBadge value={t.first_response_issued} />} now={<CountedBadge value={t.first_response_now} />} />
                </td>
                <td className="nowrap">
                  <Moved issued={<CountedBadge value={t.resolution_issued} />} now={<CountedBadge value={t.resolution_now} />} />
                </td>
                <td className="num nowrap">
                  <Moved issued={t.credit_issued ?? "none"} now={t.credit_now ?? "none"} />
                </td>
                <td>
                  <ul className="causes">
                    {t.causes.map((c, i) => (
                      <li key={i}>{instantsIn(c, tz)}</li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="restated-credits" data-testid="restated-credits">
        <div>
          <dt>Credits issued</dt>
          <dd>{r.credit_issued}</dd>
        </div>
        <div>
          <dt>Credits now</dt>
          <dd>{r.credit_now}</dd>
        </div>
        <div className="difference">
          <dt>Difference</dt>
          <dd>{r.difference}</dd>
        </div>
      </dl>
      {r.corrections.length > 0 && (
        <div className="corrections">
          <h4>Changes of the terms since issue</h4>
          <ul>
            {r.corrections.map((c, i) => (
              <li key={i}>{instantsIn(c, tz)}</li>
            ))}
          </ul>
        </div>
      )}
      {onIssue && (
        <div className="row-actions">
          <button type="button" className="primary" onClick={onIssue} aria-haspopup="dialog">
            Issue restated statement (No. {next})…
          </button>
        </div>
      )}
    </section>
  );
}
