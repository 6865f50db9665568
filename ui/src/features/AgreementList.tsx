// The agreements: search, filter by tier, region and status; what matters at a glance.
import { useMemo, useState } from "react";
import { type TermStatus, type Tier, backend } from "../lib/ipc";
import { Against, ErrorPanel, Spinner, TierBadge, useLoad } from "../components/common";
import { useNav } from "../route";
import { ImportErrorPanel, useImport } from "./importing";
import { TierSelect, regionsOf } from "../components/selects";
import { TERM_STATUS_LABEL, keysOf } from "../lib/labels";
import { termsTimeline } from "../lib/terms";
import { localTimesIn } from "../lib/time";
import { useAgreementZones, useDisplayZone } from "../lib/zones";


/** A fraction of at most 4 decimals (as the engine rounds it) as a percent with 2, the way
 * reports and dashboards write it: `0.9412` is `94.12%`. */
export function percent(fraction: string | null): string {
  if (fraction === null) return "—";
  return `${(Number(fraction) * 100).toFixed(2)}%`;
}

export function AgreementList() {
  const { go, notify } = useNav();
  const list = useLoad(() => backend.agreements(), []);
  const imports = useImport();
  const [text, setText] = useState("");
  const [tier, setTier] = useState<Tier | "">("");
  const [region, setRegion] = useState("");
  const [status, setStatus] = useState<TermStatus | "">("");
  const regions = useMemo(() => regionsOf(list.data), [list.data]);
  const stated = useAgreementZones();
  const zone = useDisplayZone();
  const monthToDate = (id: string, words: string) => {
    const writtenIn = stated.get(id);
    return writtenIn ? localTimesIn(words, writtenIn, zone(id)) : words;
  };
  const rows = useMemo(() => {
    const t = text.trim().toLowerCase();
    return (list.data ?? []).filter(
      (a) =>
        (!t || `${a.id} ${a.title} ${a.provider} ${a.alliance} ${a.region}`.toLowerCase().includes(t)) &&
        (!tier || a.tier === tier) &&
        (!region || a.region === region) &&
        (!status || a.status === status),
    );
  }, [list.data, text, tier, region, status]);
  // This month's compliance is to date (the month has not ended); said once when every
  // agreement's is as of the same instant, else on each line.
  // The engine writes its instant in the agreement's zone; it is shown as every instant is.
  const toDates = [...new Set((list.data ?? []).map((a) => monthToDate(a.id, a.month_to_date)).filter(Boolean))];

  return (
    <section className="screen" aria-labelledby="agreements-title">
      <header className="screen-head">
        <h1 id="agreements-title">Agreements</h1>
        <div className="head-actions">
          <button type="button" disabled={imports.busy} onClick={() => void imports.start(notify)} title="Agreements (TOML), tickets and events (CSV) in Accord's own formats">
            {imports.busy ? "Importing…" : "Import…"}
          </button>
          <button type="button" disabled={imports.busy} onClick={() => go({ name: "import" })} title="A helpdesk's export (Zendesk, any CSV), by a mapping profile">
            Import from a helpdesk…
          </button>
          <button type="button" className="primary" onClick={() => go({ name: "agreement", id: null })}>
            New agreement…
          </button>
        </div>
      </header>
      <div className="filters" role="search" aria-label="Filter agreements">
        <label>
          Search
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Title, id, party, region" />
        </label>
        <TierSelect value={tier} onChange={setTier} any="All tiers" />
        <label>
          Region
          <select value={region} onChange={(e) => setRegion(e.target.value)}>
            <option value="">All regions</option>
            {regions.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as TermStatus | "")}>
            <option value="">Any status</option>
            {keysOf(TERM_STATUS_LABEL).map((s) => (
              <option key={s} value={s}>
                {TERM_STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ImportErrorPanel imports={imports} />
      {list.error && <ErrorPanel error={list.error} />}
      {!list.data && !list.error && <Spinner />}
      {list.data && (
        <table className="grid">
          <caption className="visually-hidden">Agreements</caption>
          <thead>
            <tr>
              <th scope="col">Agreement</th>
              <th scope="col">Tier</th>
              <th scope="col">Region</th>
              <th scope="col">Term</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Open tickets
              </th>
              <th scope="col" className="num" aria-describedby={toDates.length ? "month-to-date" : undefined}>
                Compliance this month
                {toDates.length > 0 && <small className="block muted">to date</small>}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => {
              return (
                <tr key={a.id}>
                  <td>
                    <button type="button" className="link" onClick={() => go({ name: "agreement", id: a.id })}>
                      {a.title}
                    </button>
                    <small className="block muted">
                      {a.id} · {a.provider} for {a.alliance}
                    </small>
                    {a.amendments.length > 0 && (
                      <small className="block muted" data-testid="terms-timeline">
                        {termsTimeline(a)}
                      </small>
                    )}
                  </td>
                  <td>
                    <TierBadge tier={a.tier} />
                  </td>
                  <td>{a.region}</td>
                  <td className="nowrap">
                    {a.effective_from} – {a.effective_to ?? "open-ended"}
                  </td>
                  <td>
                    <span className={`badge status-${a.status}`}>{TERM_STATUS_LABEL[a.status]}</span>
                  </td>
                  <td className="num">{a.open_tickets.toLocaleString("en")}</td>
                  <td className="num">
                    <Against value={percent(a.compliance)} status={a.compliance_status} />
                    <small className="block muted" title={a.month_to_date ? `${a.month} ${monthToDate(a.id, a.month_to_date)}` : undefined}>
                      target {percent(a.compliance_target)} · {a.month}
                      {a.month_to_date && " to date"}
                      {a.month_to_date && toDates.length > 1 && <span className="visually-hidden">, {monthToDate(a.id, a.month_to_date)}</span>}
                    </small>
                  </td>
                </tr>
              );
            })}
            {rows.length === 0 && (
              <tr>
                <td colSpan={7} className="empty">
                  No agreement matches these filters.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {toDates.length === 1 && (
        <p id="month-to-date" className="muted table-note" data-testid="month-to-date">
          This month&apos;s compliance is {toDates[0]}: the month has not ended, so only clocks met or breached so far count; one still running counts neither way yet.
        </p>
      )}
    </section>
  );
}
