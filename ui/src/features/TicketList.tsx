// Tickets, newest first, with filters and pages.
import { useEffect, useState } from "react";
import { type Priority, backend } from "../lib/ipc";
import { ErrorPanel, PriorityBadge, Spinner, useDebounced, useLoad } from "../components/common";
import { formatInstant } from "../lib/time";
import { useDisplayZone } from "../lib/zones";
import { useNav } from "../route";
import { AgreementSelect, PrioritySelect } from "../components/selects";

const PAGE = 50;

export function TicketList() {
  const { go, route } = useNav();
  const zone = useDisplayZone();
  const [text, setText] = useState("");
  const [agreementId, setAgreementId] = useState("");
  const [priority, setPriority] = useState<Priority | "">("");
  const [open, setOpen] = useState<"" | "open" | "stopped">("");
  const [page, setPage] = useState(0);
  const debounced = useDebounced(text, 200);
  useEffect(() => setPage(0), [debounced, agreementId, priority, open]);
  const agreements = useLoad(() => backend.agreementChoices(), []);
  const list = useLoad(
    () =>
      backend.tickets({
        agreement_id: agreementId || null,
        priority: priority || null,
        open: open === "" ? null : open === "open",
        text: debounced,
        offset: page * PAGE,
        limit: PAGE,
      }),
    [debounced, agreementId, priority, open, page],
  );
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));

  return (
    <section className="screen" aria-labelledby="tickets-title">
      <header className="screen-head">
        <h1 id="tickets-title">Tickets</h1>
        <div className="head-actions">
          <button type="button" className="primary" onClick={() => go({ name: "new-ticket" })}>
            New ticket…
          </button>
        </div>
      </header>
      <div className="filters" role="search" aria-label="Filter tickets">
        <label>
          Search
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Id, subject or customer" />
        </label>
        <AgreementSelect value={agreementId} onChange={setAgreementId} agreements={agreements.data} any="All agreements" />
        <PrioritySelect value={priority} onChange={setPriority} any="Any priority" />
        <label>
          Status
          <select value={open} onChange={(e) => setOpen(e.target.value as "" | "open" | "stopped")}>
            <option value="">Open and resolved</option>
            <option value="open">Open</option>
            <option value="stopped">Resolved or closed</option>
          </select>
        </label>
      </div>
      {list.error && <ErrorPanel error={list.error} />}
      {!list.data && !list.error && <Spinner />}
      {list.data && (
        <>
          <table className="grid ticket-list">
            <caption className="visually-hidden">Tickets</caption>
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Subject</th>
                <th scope="col" className="agreement-col">
                  Agreement
                </th>
                <th scope="col">Opened</th>
                <th scope="col">Status</th>
                <th scope="col">Next deadline</th>
              </tr>
            </thead>
            <tbody>
              {list.data.rows.map((t) => {
                const about = `${t.customer} · ${t.category.replace(/_/g, " ")} · ${t.channel.replace(/_/g, " ")}`;
                return (
                  <tr key={t.id}>
                    <td className="nowrap">
                      <PriorityBadge p={t.priority} />{" "}
                      <button type="button" className="link" onClick={() => go({ name: "ticket", id: t.id, back: route })}>
                        {t.id}
                      </button>
                    </td>
                    {/* Cut to the column in a narrow window, the whole text on hover. */}
                    <td className="subject-col">
                      <span className="subject-text" title={t.subject}>
                        {t.subject || <em className="muted">No subject</em>}
                      </span>
                      <small className="muted" title={about}>
                        {about}
                        {/* Where the Agreement column is left out (a narrow window). */}
                        <span className="agreement-inline"> · {t.agreement_id}</span>
                      </small>
                    </td>
                    <td className="agreement-col">{t.agreement_id}</td>
                    <td className="nowrap">{formatInstant(t.opened_at, zone(t.agreement_id))}</td>
                    <td className="status-col">{t.is_open ? (t.next_deadline ? "Open" : "Open, paused") : "Resolved"}</td>
                    <td className="nowrap">{formatInstant(t.next_deadline, zone(t.agreement_id))}</td>
                  </tr>
                );
              })}
              {list.data.rows.length === 0 && (
                <tr>
                  <td colSpan={6} className="empty">
                    No ticket matches these filters.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <nav className="pager" aria-label="Pages">
            <button type="button" onClick={() => setPage((p) => p - 1)} disabled={page === 0}>
              ← Newer
            </button>
            <span>
              Page {page + 1} of {pages} · {total.toLocaleString("en")} tickets
            </span>
            <button type="button" onClick={() => setPage((p) => p + 1)} disabled={page + 1 >= pages}>
              Older →
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
