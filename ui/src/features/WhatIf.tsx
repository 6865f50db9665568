// What-if: a period's tickets replayed against an edited copy of an agreement's TOML, beside the
// agreement in force — the figures side by side and every ticket clock whose outcome changes.
// Nothing is saved: the agreement of record is only changed in the agreement editor.
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { type ClockKind, type Outcome, type WhatIf, backend } from "../lib/ipc";
import { ErrorPanel, Spinner, useAction, useLoad } from "../components/common";
import { AgreementSelect } from "../components/selects";
import { PeriodPicker } from "../components/PeriodPicker";
import { describeDates, formatPeriod, parsePeriod, stepPeriod } from "../lib/period";
import { BUSINESS_TIME, formatDuration, formatInstant, toDateWords } from "../lib/time";
import { useDisplayZone } from "../lib/zones";
import { useNav } from "../route";
import { CLOCK_NAME_LABEL, OUTCOME_LABEL } from "../lib/labels";

function OutcomeBadge({ value }: { value: Outcome }) {
  const cls = value === "other_period" ? "outcome-other" : `state-${value}`;
  return <span className={`badge ${cls}`}>{OUTCOME_LABEL[value]}</span>;
}

export function WhatIfView({ agreementId, period }: { agreementId: string | null; period: string }) {
  const { go, replace, route } = useNav();
  const tz = useDisplayZone()(agreementId);
  const choices = useLoad(() => backend.agreementChoices(), []);
  const [inForce, setInForce] = useState<string>();
  const [text, setText] = useState<string>();
  const [result, setResult] = useState<{ value: WhatIf; source: string; period: string }>();
  const load = useAction();
  const replay = useAction();
  const area = useRef<HTMLTextAreaElement>(null);

  // Without a choice, the first agreement.
  const first = choices.data?.[0]?.id;
  useEffect(() => {
    if (agreementId === null && first) replace({ name: "what-if", agreementId: first, period });
  }, [agreementId, first, period, replace]);

  useEffect(() => {
    setInForce(undefined);
    setText(undefined);
    setResult(undefined);
    replay.clear();
    if (agreementId === null) return;
    void load.run(async () => {
      const a = await backend.agreementSource(agreementId);
      setInForce(a.source);
      setText(a.source);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [agreementId]);

  const run = () => {
    if (agreementId === null || text === undefined || replay.busy) return;
    void replay.run(async () => {
      const r = await backend.whatIf(agreementId, text, period);
      setResult({ value: r, source: text, period });
    });
  };
  const onKey = (e: KeyboardEvent) => {
    if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
      e.preventDefault();
      run();
    }
  };
  const goToLine = (line: number, column: number) => {
    const el = area.current;
    if (!el || text === undefined) return;
    const offset = text
      .split("\n")
      .slice(0, Math.max(0, line - 1))
      .reduce((n, l) => n + l.length + 1, 0) + Math.max(0, column - 1);
    el.focus();
    el.setSelectionRange(offset, offset);
  };

  const parsed = parsePeriod(period);
  const step = (s: 1 | -1) => (parsed ? formatPeriod(stepPeriod(parsed, s)) : undefined);
  const inputError = replay.error?.code === "input" ? replay.error : undefined;
  const located = inputError?.details.filter((d) => d.line > 0) ?? [];
  const stale = result !== undefined && (result.source !== text || result.period !== period);
  const w = result?.value;

  return (
    <section className="screen what-if" aria-labelledby="what-if-title">
      <header className="screen-head">
        <div>
          <h1 id="what-if-title">What-if</h1>
          <p className="muted">Replay a period's tickets against a changed agreement. Nothing is saved.</p>
        </div>
        <div className="head-actions">
          {agreementId && (
            <button type="button" onClick={() => go({ name: "dashboard", scope: { agreement: agreementId, tier: null, region: null }, period })}>
              Dashboard
            </button>
          )}
        </div>
      </header>
      <div className="filters">
        <AgreementSelect
          value={agreementId ?? ""}
          onChange={(id) => replace({ name: "what-if", agreementId: id || null, period })}
          agreements={choices.data}
          withId
        />
        <PeriodPicker
          id="what-if-period"
          value={period}
          onChange={(p) => replace({ name: "what-if", agreementId, period: p })}
          previous={step(-1)}
          next={step(1)}
          dates={parsed ? describeDates(parsed) : undefined}
        />
      </div>
      {choices.error && <ErrorPanel error={choices.error} />}
      {load.error && <ErrorPanel error={load.error} />}
      {agreementId !== null && text === undefined && !load.error && <Spinner />}
      {text !== undefined && (
        <div className="what-if-source" onKeyDown={onKey}>
          <label htmlFor="what-if-source">Changed agreement (TOML)</label>
          <textarea
            id="what-if-source"
            ref={area}
            className="toml"
            value={text}
            spellCheck={false}
            rows={Math.min(18, Math.max(8, text.split("\n").length + 1))}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={inputError !== undefined}
            aria-describedby={inputError ? "what-if-problems" : "what-if-hint"}
          />
          <div className="row-actions">
            <button type="button" className="primary" onClick={run} disabled={replay.busy} aria-keyshortcuts="Control+Enter">
              {replay.busy ? "Replaying…" : "Replay the period"}
            </button>
            <button type="button" onClick={() => setText(inForce)} disabled={text === inForce}>
              Reset to the agreement in force
            </button>
            <span id="what-if-hint" className="muted">
              {text === inForce ? "As in force: change targets, hours or holidays, then replay." : "Changed from the agreement in force."} Ctrl+Enter replays.
            </span>
          </div>
        </div>
      )}
      {replay.error && (
        <div id="what-if-problems">
          <ErrorPanel error={replay.error} title={inputError ? "The changed agreement has problems; nothing was replayed" : "Nothing was replayed"} />
          {located.length > 0 && (
            <ul className="problems go-to">
              {located.map((d, i) => (
                <li key={i}>
                  <button type="button" className="link" onClick={() => goToLine(d.line, d.column)}>
                    Go to line {d.line}
                    {d.column ? `:${d.column}` : ""}
                  </button>{" "}
                  {d.key && <code>{d.key}</code>} {d.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {w && result && (
        <div className="what-if-result" aria-live="polite" data-testid="what-if-result">
          {(stale || replay.error) && (
            <p className="stale" role="note">
              {replay.error ? "Below is the last replay that worked, before the problems above." : "The TOML or the period changed since this replay: replay again to update it."}
            </p>
          )}
          <h2 data-testid="what-if-heading">
            {w.agreement_id} over {w.period}
            {w.as_of && (
              <>
                {" "}
                <span className="to-date">{toDateWords(w.as_of, w.to_date, tz)}</span>
              </>
            )}
          </h2>
          {w.as_of && (
            <p className="to-date-notice" role="note">
              {w.period} has not ended: both sides count only what happened before {formatInstant(w.as_of, tz)}. A clock still running then is neither met nor breached yet, and
              the credits are provisional.
            </p>
          )}
          {w.changed_id !== w.agreement_id && (
            <p className="muted">
              The changed TOML names the agreement <code>{w.changed_id}</code>; it is compared with <code>{w.agreement_id}</code> as in force.
            </p>
          )}
          <table className="grid compact what-if-figures">
            <caption>Figures, in force and changed</caption>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col" className="num">
                  In force
                </th>
                <th scope="col" className="num">
                  Changed
                </th>
              </tr>
            </thead>
            <tbody>
              {w.figures.map((f) => {
                const changed = f.before !== f.after;
                return (
                  <tr key={f.name} className={changed ? "changed" : undefined}>
                    <th scope="row">{f.name}</th>
                    <td className="num">{f.before}</td>
                    <td className="num">
                      {changed && (
                        <span className="changed-mark" aria-hidden="true">
                          ◆{" "}
                        </span>
                      )}
                      {f.after}
                      {changed && <span className="visually-hidden"> (changed)</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <h2 id="what-if-changes">
            {w.changes.length === 0
              ? "No ticket's outcome changes"
              : `${w.changes.length.toLocaleString("en")} ${w.changes.length === 1 ? "outcome changes" : "outcomes change"}`}
          </h2>
          {w.changes.length > 0 && (
            <div className="table-wrap">
              <table className="grid compact what-if-changes" aria-labelledby="what-if-changes">
                <thead>
                  <tr>
                    <th scope="col">Ticket</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Clock</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Due, met or breached in force</th>
                    <th scope="col">Due, met or breached changed</th>
                    <th scope="col" className="num">
                      Counted in force
                    </th>
                    <th scope="col" className="num">
                      Counted changed
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {w.changes.map((c, i) => (
                    <tr key={`${c.ticket_id}-${c.clock}-${i}`}>
                      <td className="nowrap">
                        <button type="button" className="link" onClick={() => go({ name: "ticket", id: c.ticket_id, back: route })}>
                          {c.ticket_id}
                        </button>
                      </td>
                      <td className="subject-cell">{c.subject || <em className="muted">No subject</em>}</td>
                      <td className="nowrap">{CLOCK_NAME_LABEL[c.clock] ?? c.clock}</td>
                      <td className="nowrap">
                        <OutcomeBadge value={c.before} /> <span aria-hidden="true">→</span>
                        <span className="visually-hidden"> becomes </span> <OutcomeBadge value={c.after} />
                      </td>
                      <td className="when">
                        <When due={c.before_due_at} breached={c.before_breached_at} stopped={c.before_stopped_at} tz={tz} />
                      </td>
                      <td className="when">
                        <When due={c.after_due_at} breached={c.after_breached_at} stopped={c.after_stopped_at} tz={tz} />
                      </td>
                      <td className="num">
                        <Counted seconds={c.before_elapsed_s} on={c.before_counted_on} />
                      </td>
                      <td className="num">
                        <Counted seconds={c.after_elapsed_s} on={c.after_counted_on} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** Counted time, with "business time" under a business clock's figure (as in the drill-down). */
function Counted({ seconds, on }: { seconds: number; on: ClockKind }) {
  return (
    <>
      <span className="nowrap">{formatDuration(seconds)}</span>
      {on === "business" && <small className="block muted"> {BUSINESS_TIME}</small>}
    </>
  );
}

/**
 * When a side's clock stands: a breached clock's breach instant (the first second over its
 * target) with its deadline; a running one's due instant; a met one's has none, so the moment
 * it was met.
 */
function When({ due, breached, stopped, tz }: { due: string | null; breached: string | null; stopped: string | null; tz: string | undefined }) {
  if (breached) {
    return (
      <>
        <span className="breach-at">breached {formatInstant(breached, tz)}</span>
        {due && <small className="block muted">deadline {formatInstant(due, tz)}</small>}
      </>
    );
  }
  if (due || !stopped) return <>{formatInstant(due, tz)}</>;
  return (
    <>
      <span className="muted">met </span>
      {formatInstant(stopped, tz)}
    </>
  );
}
