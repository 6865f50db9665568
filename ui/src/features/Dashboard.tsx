// The dashboard of an agreement or a portfolio over a period: key figures against the
// agreement's targets, plotters' charts (each category opens the tickets behind it), the
// breakdown tables, and the report files; for one agreement, the period's credit statement
// (issue it, its issued figures, its restatement: Statement.tsx), which the report's export
// step offers to issue as well. Every number comes from Rust; this screen only shows.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  type AgreementChoice,
  type Drill,
  type GroupRow,
  type Kpi,
  type PortfolioRow,
  type ReportFormat,
  type Scope,
  type Tier,
  type Verdict,
  backend,
} from "../lib/ipc";
import { Against, ErrorPanel, MARK, Spinner, useAction, useLoad } from "../components/common";
import { Chart } from "../components/Chart";
import { PeriodPicker } from "../components/PeriodPicker";
import { regionsOf } from "../components/selects";
import { convertPeriod, currentMonth, formatPeriod, parsePeriod, stepPeriod } from "../lib/period";
import { formatInstant, toDateWords } from "../lib/time";
import { useDisplayZone } from "../lib/zones";
import { PORTFOLIO, type ReopenDrill, useNav } from "../route";
import { TIER_LABEL, keysOf } from "../lib/labels";
import { DrillPanel } from "./DrillPanel";
import { StatementPanel, useStatement } from "./Statement";

const FORMATS: { format: ReportFormat; label: string }[] = [
  { format: "pdf", label: "PDF" },
  { format: "html", label: "HTML" },
  { format: "csv", label: "Metrics CSV" },
  { format: "sla_csv", label: "SLA rows CSV" },
];

function scopeValue(s: Scope): string {
  if (s.agreement) return `agreement:${s.agreement}`;
  if (s.tier) return `tier:${s.tier}`;
  if (s.region) return `region:${s.region}`;
  return "all";
}

function scopeFrom(v: string): Scope {
  const [kind, ...rest] = v.split(":");
  const value = rest.join(":");
  if (kind === "agreement") return { agreement: value, tier: null, region: null };
  if (kind === "tier") return { agreement: null, tier: value as Tier, region: null };
  if (kind === "region") return { agreement: null, tier: null, region: value };
  return PORTFOLIO;
}

/** The dashboard of `scope` for `period`; `reopen` is a drill-down to open on arrival (back from one of its tickets). */
export function DashboardView({ scope, period, reopen }: { scope: Scope; period: string; reopen?: ReopenDrill | undefined }) {
  const { go, replace, notify } = useNav();
  const zone = useDisplayZone();
  const key = scopeValue(scope);
  const choices = useLoad(() => backend.agreementChoices(), []);
  const dash = useLoad(() => backend.dashboard(scope, period), [key, period]);
  const regions = useMemo(() => regionsOf(choices.data), [choices.data]);
  const exporting = useAction();
  const statement = useStatement(scope.agreement, period, !!scope.agreement);
  const [drill, setDrill] = useState<{ drill: Drill; key: string; from?: HTMLElement } | undefined>(() => reopen);

  const show = (s: Scope, p: string) => replace({ name: "dashboard", scope: s, period: p });
  // A drill-down opened on arrival is the screen's own from then on, as if clicked: the route
  // drops it, so neither the sidebar nor a restart opens it again.
  useEffect(() => {
    if (reopen) replace({ name: "dashboard", scope, period });
  }, [reopen, replace, scope, period]);
  // What is shown changed: the tickets listed belonged to the old numbers.
  const shownFor = useRef(`${key} ${period}`);
  useEffect(() => {
    if (shownFor.current === `${key} ${period}`) return;
    shownFor.current = `${key} ${period}`;
    setDrill(undefined);
  }, [key, period]);

  const openDrill = (d: Drill, from: HTMLElement) => setDrill({ drill: d, key: from.dataset.region ?? "", from });
  const openNow = useRef(drill);
  openNow.current = drill;
  const closeDrill = useCallback(() => {
    const open = openNow.current;
    setDrill(undefined);
    if (!open) return;
    // Back to the category it was opened from (found again if the chart was redrawn).
    requestAnimationFrame(() => {
      const back = open.from?.isConnected ? open.from : document.querySelector<HTMLElement>(`[data-region="${CSS.escape(open.key)}"]`);
      back?.focus();
    });
  }, []);

  const onExport = (format: ReportFormat) =>
    void exporting.run(async () => {
      const path = await backend.exportReport(scope, period, format);
      if (path) notify(`Report saved to ${path}`);
    });

  const d = dash.error ? undefined : dash.data;
  // Where the period stands, as the backend says it: a period that has not started has no
  // figures (said calmly, with the way back); one to date has figures marked so.
  const notStarted = d?.state === "not_started";
  const toDate = d?.state === "to_date";
  // An agreement's instants in its zone; a portfolio's in the one its agreements share.
  const tz = zone(scope.agreement ?? d?.agreements.map((a) => a.id));
  const toDateText = d ? toDateWords(d.as_of, d.to_date, tz) : "";
  // While an error is said, the scope's name stays as it was.
  const named = d ?? (dash.data && scopeValue(dash.data.scope) === key ? dash.data : undefined);
  // The neighbours the dashboard names; while another period loads, the same steps from here.
  const step = (s: 1 | -1) => {
    if (d && d.period === period) return s === 1 ? d.next : d.previous;
    const p = parsePeriod(period);
    return p ? formatPeriod(stepPeriod(p, s)) : undefined;
  };
  return (
    <section className="screen dashboard" aria-labelledby="dashboard-title">
      <header className="screen-head">
        <div>
          <h1 id="dashboard-title">{named?.title ?? "Dashboard"}</h1>
          {named?.subtitle && <p className="muted">{named.subtitle}</p>}
        </div>
        <div className="head-actions">
          {scope.agreement && (
            <button type="button" onClick={() => go({ name: "what-if", agreementId: scope.agreement, period })}>
              What if…
            </button>
          )}
          {/* A period that has not started has no report to export. */}
          {!notStarted && (
            <ExportMenu
              onExport={onExport}
              busy={exporting.busy}
              // Issuing is the step after a period's report: offered there while it can be done.
              issue={scope.agreement && statement.canIssueFirst ? statement.ask : undefined}
            />
          )}
        </div>
      </header>
      <div className="filters dash-controls">
        <ScopeSelect value={scope} onChange={(s) => show(s, period)} choices={choices.data} regions={regions} />
        <PeriodPicker value={period} onChange={(p) => show(scope, p)} previous={step(-1)} next={step(1)} />
      </div>
      {exporting.error && <ErrorPanel error={exporting.error} title="The report was not saved" />}
      {d && notStarted && <NotStarted period={d.period} dates={d.period_dates} previous={d.previous} onShow={(p) => show(scope, p)} />}
      {dash.error && <ErrorPanel error={dash.error} title={dash.error.code === "rejected" ? "This dashboard cannot be shown" : undefined} />}
      {!dash.data && !dash.error && <Spinner />}
      {statement.dialog}
      {d && !notStarted && (
        <div className="dashboard-body" aria-busy={dash.loading}>
          <p className="period-shown" aria-live="polite" data-testid="period-shown">
            <strong>{d.period}</strong>
            {toDate && (
              <>
                {" "}
                <strong className="to-date">{toDateText}</strong>
              </>
            )}{" "}
            <span className="muted">
              {toDate && "· "}
              {d.period_dates}
            </span>
            {dash.loading && <span className="muted"> · updating…</span>}
            {statement.status?.issued && (
              <span className="badge issued-badge" data-testid="issued-badge">
                Statement No. {statement.status.issued.number} issued{statement.status.restatement ? " · restated since" : ""}
              </span>
            )}
          </p>
          {toDate && <ToDateNotice period={d.period} asOf={d.as_of} tz={tz} />}
          {d.kpis.length > 0 && <Kpis kpis={d.kpis} toDate={toDate} />}
          <dl className="dash-facts">
            <div>
              <dt>Service credits owed</dt>
              <dd>
                {d.credits || "—"}
                {toDate && <ToDateTag provisional />}
              </dd>
            </div>
            <div>
              <dt>Breaches</dt>
              <dd>
                {d.breaches.toLocaleString("en")}
                {toDate && <ToDateTag />}
              </dd>
            </div>
          </dl>
          {scope.agreement && <StatementPanel statement={statement} period={period} tz={tz} />}
          {d.agreements.length > 0 && (
            <PortfolioTable rows={d.agreements} toDate={toDate} onOpen={(id) => go({ name: "dashboard", scope: { agreement: id, tier: null, region: null }, period })} />
          )}
          <h2 className="visually-hidden">Charts</h2>
          <div className="charts">
            {d.charts.map((c, i) => (
              <Chart key={`${i}-${c.id}`} chart={c} onDrill={openDrill} open={drill?.key} />
            ))}
          </div>
          {drill && (
            <DrillPanel
              key={drill.key + JSON.stringify(drill.drill)}
              drill={drill.drill}
              toDate={toDate && drill.drill.period === d.period ? toDateText : ""}
              onClose={closeDrill}
              back={{ name: "dashboard", scope, period, drill: { drill: drill.drill, key: drill.key } }}
            />
          )}
          {d.by_priority.length > 0 && <GroupTable caption="By priority" first="Priority" rows={d.by_priority} />}
          {d.by_channel.length > 0 && <GroupTable caption="By channel" first="Channel" rows={d.by_channel} />}
        </div>
      )}
    </section>
  );
}

/** What the figures of a period that has not ended are, and are not. */
function ToDateNotice({ period, asOf, tz }: { period: string; asOf: string | null; tz: string | undefined }) {
  return (
    <div className="to-date-notice" role="note" data-testid="to-date-notice">
      <strong>{period} has not ended: these figures are to date and provisional.</strong>
      <p>
        Only what happened before {asOf ? formatInstant(asOf, tz) : "now"} is counted. A clock still running then is neither met nor breached yet — its outcome falls in the period it ends or
        breaches in. The service credits are provisional until the period ends.
      </p>
    </div>
  );
}

/** The mark of a figure of a period that has not ended: "to date", or "provisional" for money. */
function ToDateTag({ provisional = false }: { provisional?: boolean }) {
  return <span className={`to-date-tag${provisional ? " provisional" : ""}`}>{provisional ? "provisional" : "to date"}</span>;
}

/** A period that has not started: no figures yet, and the way back to periods that have some. */
function NotStarted({ period, dates, previous, onShow }: { period: string; dates: string; previous: string; onShow: (p: string) => void }) {
  const p = parsePeriod(period);
  const month = parsePeriod(currentMonth());
  // The current period of the same kind (a custom range has none).
  const current = p && month && p.kind !== "range" ? formatPeriod(convertPeriod(month, p.kind)) : undefined;
  return (
    <div className="empty-state" role="status" data-testid="not-started">
      <h2>{period} has not started: no figures yet</h2>
      <p className="muted">
        Nothing has happened in {period} ({dates}) yet, so there is nothing to count. Its figures start when it does.
      </p>
      <div className="row-actions">
        {previous && (
          <button type="button" onClick={() => onShow(previous)}>
            ← Show {previous}
          </button>
        )}
        {current && current !== previous && (
          <button type="button" onClick={() => onShow(current)}>
            Show the current {p?.kind === "quarter" ? "quarter" : "month"} ({current})
          </button>
        )}
      </div>
    </div>
  );
}

function ScopeSelect({
  value,
  onChange,
  choices,
  regions,
}: {
  value: Scope;
  onChange: (s: Scope) => void;
  choices: AgreementChoice[] | undefined;
  regions: string[];
}) {
  const tiers = keysOf(TIER_LABEL).filter((t) => choices?.some((a) => a.tier === t));
  const v = scopeValue(value);
  // The scope asked for is always a choice, even before the lists arrive.
  const listed = v === "all" || (value.tier && tiers.includes(value.tier)) || (value.region && regions.includes(value.region)) || choices?.some((a) => a.id === value.agreement);
  return (
    <label>
      Dashboard for
      <select value={v} onChange={(e) => onChange(scopeFrom(e.target.value))}>
        <optgroup label="Portfolio">
          <option value="all">All agreements</option>
          {tiers.map((t) => (
            <option key={t} value={`tier:${t}`}>
              {TIER_LABEL[t]} tier
            </option>
          ))}
          {regions.map((r) => (
            <option key={r} value={`region:${r}`}>
              Region: {r}
            </option>
          ))}
        </optgroup>
        <optgroup label="One agreement">
          {choices?.map((a) => (
            <option key={a.id} value={`agreement:${a.id}`}>
              {a.id} — {a.title}
            </option>
          ))}
        </optgroup>
        {!listed && <option value={v}>{value.agreement ?? value.region ?? value.tier}</option>}
      </select>
    </label>
  );
}

/** "Export report…": a menu of the formats, each written through the save dialog, and issuing the statement when it can be. */
function ExportMenu({ onExport, busy, issue }: { onExport: (f: ReportFormat) => void; busy: boolean; issue: (() => void) | undefined }) {
  const [open, setOpen] = useState(false);
  const wrap = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const items = () => Array.from(wrap.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  useEffect(() => {
    if (!open) return;
    wrap.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const away = (e: MouseEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", away);
    return () => document.removeEventListener("mousedown", away);
  }, [open]);
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKey = (e: React.KeyboardEvent) => {
    const list = items();
    const i = list.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => list[(to + list.length) % list.length]?.focus();
    if (e.key === "ArrowDown") move(i + 1);
    else if (e.key === "ArrowUp") move(i - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(list.length - 1);
    else if (e.key === "Escape") close();
    else if (e.key === "Tab") return setOpen(false);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  return (
    <div className="menu-wrap" ref={wrap}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? "export-menu" : undefined}
        aria-disabled={busy || undefined}
        onClick={() => !busy && setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {busy ? "Exporting…" : "Export report…"}
      </button>
      {open && (
        <ul id="export-menu" className="menu" role="menu" aria-label="Export report as" onKeyDown={onKey}>
          {FORMATS.map((f) => (
            <li key={f.format} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                onClick={() => {
                  close();
                  onExport(f.format);
                }}
              >
                {f.label}
              </button>
            </li>
          ))}
          {issue && (
            <>
              <li role="separator" className="menu-separator" />
              <li role="none">
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  onClick={() => {
                    // Focus back on the menu's button first: the question returns it there.
                    close();
                    issue();
                  }}
                >
                  Issue statement…
                </button>
              </li>
            </>
          )}
        </ul>
      )}
    </div>
  );
}

/** A figure against its target: ✓ met, ✗ missed, or nothing when there is no target. */
function StatusBadge({ status }: { status: Verdict | null }) {
  if (!status) return null;
  return (
    <span className={`badge kpi-badge ${status}`}>
      <span aria-hidden="true">{MARK[status]}</span>
      {status}
    </span>
  );
}

function Kpis({ kpis, toDate }: { kpis: Kpi[]; toDate: boolean }) {
  return (
    <ul className="kpis" aria-label="Key figures">
      {kpis.map((k) => (
        <li key={k.name} className={`kpi${k.status ? ` kpi-${k.status}` : ""}`}>
          <span className="kpi-name">{k.name}</span>
          <span className="kpi-value">{k.value || "—"}</span>
          <span className="kpi-foot">
            {k.target && <span className="muted">Target {k.target}</span>}
            <StatusBadge status={k.status} />
            {toDate && <ToDateTag provisional={/credit/i.test(k.name)} />}
          </span>
        </li>
      ))}
    </ul>
  );
}

function GroupTable({ caption, first, rows }: { caption: string; first: string; rows: GroupRow[] }) {
  return (
    <div className="table-wrap">
      <table className="grid compact breakdown">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td colSpan={2} />
            <th scope="colgroup" colSpan={4} className="group-head">
              First response
            </th>
            <th scope="colgroup" colSpan={3} className="group-head">
              Resolution
            </th>
            <td colSpan={2} />
          </tr>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col" className="num">
              Opened
            </th>
            <th scope="col" className="num">
              Met
            </th>
            <th scope="col" className="num">
              Breached
            </th>
            <th scope="col" className="num">
              Compliance
            </th>
            <th scope="col" className="num">
              Median
            </th>
            <th scope="col" className="num">
              Met
            </th>
            <th scope="col" className="num">
              Breached
            </th>
            <th scope="col" className="num">
              Compliance
            </th>
            <th scope="col" className="num">
              CSAT
            </th>
            <th scope="col" className="num">
              Escalations
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${i}-${r.name}`} className={i === rows.length - 1 && r.name === "All" ? "total" : undefined}>
              <th scope="row">{r.name}</th>
              <td className="num">{r.opened}</td>
              <td className="num">{r.fr_met}</td>
              <td className="num">{r.fr_breached}</td>
              <td className="num">{r.fr_compliance}</td>
              <td className="num">{r.fr_median}</td>
              <td className="num">{r.res_met}</td>
              <td className="num">{r.res_breached}</td>
              <td className="num">{r.res_compliance}</td>
              <td className="num">{r.csat}</td>
              <td className="num">{r.escalations}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const COLOUR = /^#[0-9a-f]{6}$/i;

function PortfolioTable({ rows, toDate, onOpen }: { rows: PortfolioRow[]; toDate: boolean; onOpen: (id: string) => void }) {
  return (
    <div className="table-wrap">
      <table className="grid compact breakdown portfolio">
        <caption>
          Agreements
          {toDate && (
            <>
              {" "}
              <ToDateTag />
            </>
          )}
        </caption>
        <thead>
          <tr>
            <td colSpan={4} />
            <th scope="colgroup" colSpan={2} className="group-head">
              Compliance
            </th>
            <td colSpan={4} />
          </tr>
          <tr>
            <th scope="col">Agreement</th>
            <th scope="col">Tier</th>
            <th scope="col">Region</th>
            <th scope="col" className="num">
              Opened
            </th>
            <th scope="col" className="num">
              First response
            </th>
            <th scope="col" className="num">
              Resolution
            </th>
            <th scope="col" className="num">
              Target
            </th>
            <th scope="col" className="num">
              CSAT
            </th>
            <th scope="col" className="num">
              Breaches
            </th>
            <th scope="col" className="num">
              Credits
              {toDate && <ToDateTag provisional />}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => {
            const total = i === rows.length - 1 && !r.colour;
            return (
              <tr key={`${i}-${r.id}`} className={total ? "total" : undefined}>
                <th scope="row">
                  {total ? (
                    r.id
                  ) : (
                    <span className="agreement-name">
                      {/* The agreement's colour in the charts. */}
                      <span className="swatch" aria-hidden="true" style={COLOUR.test(r.colour) ? { backgroundColor: r.colour } : undefined} />
                      <button type="button" className="link" onClick={() => onOpen(r.id)} aria-label={`Show the dashboard of ${r.id}`}>
                        {r.id}
                      </button>
                    </span>
                  )}
                </th>
                <td>{r.tier}</td>
                <td>{r.region}</td>
                <td className="num">{r.opened}</td>
                <td className="num">
                  <Against value={r.fr_compliance} status={r.fr_status} />
                </td>
                <td className="num">
                  <Against value={r.res_compliance} status={r.res_status} />
                </td>
                <td className="num">{r.target}</td>
                <td className="num">{r.csat}</td>
                <td className="num">{r.breaches}</td>
                <td className="num">{r.credits}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
