// The wizard's last step: what the import will store (the preview's numbers), the import itself
// (all or nothing: one record that cannot be stored and nothing is), and what it stored.
import { type RefObject, useEffect, useState } from "react";
import type { BackendError, ImportPreview, ImportProgress, PickedExport, SourceImport } from "../../lib/ipc";
import { ErrorPanel } from "../../components/common";
import { SOURCE_LABEL } from "../../lib/labels";
import { count, countRows, listing, profileName, progressText, total, whatWouldBeStored } from "../../lib/imports";
import { formatDuration } from "../../lib/time";
import { useNav } from "../../route";

export function ImportStep({
  headingRef,
  picked,
  preview,
  profile,
  busy,
  progress,
  cancelling,
  onCancelImport,
  error,
  result,
  onImport,
  onBack,
  onCancel,
  onAgain,
}: {
  headingRef: RefObject<HTMLHeadingElement | null>;
  picked: PickedExport;
  preview: ImportPreview | undefined;
  profile: string;
  busy: boolean;
  /** How far the running import has got (none before its first report). */
  progress: ImportProgress | undefined;
  /** A cancel was asked and not yet answered by the import's end. */
  cancelling: boolean;
  onCancelImport: () => void;
  error: BackendError | undefined;
  result: SourceImport | undefined;
  onImport: () => void;
  onBack: () => void;
  onCancel: () => void;
  onAgain: () => void;
}) {
  if (result) return <Result headingRef={headingRef} r={result} onAgain={onAgain} />;
  if (!preview) return null;
  const name = profileName(profile);
  const skipped = countRows(preview.skipped);
  const placed = total(preview.placed);
  return (
    <div className="wizard-step" data-testid="step-import">
      <h2 ref={headingRef} tabIndex={-1}>
        Import
      </h2>
      <div className="confirm-box" data-testid="import-confirm">
        <p className="confirm-lead">
          Accord will store <strong>{whatWouldBeStored(preview)}</strong>.
        </p>
        <ul>
          <li>
            From {SOURCE_LABEL[preview.source]}: {listing(picked.files.map(([f]) => f))}.
          </li>
          {skipped.length > 0 && (
            <li>
              {count(total(preview.skipped), "ticket")} of the {count(preview.read, "ticket")} read {total(preview.skipped) === 1 ? "is" : "are"} left
              out ({listing(skipped.map(([why]) => why))}).
            </li>
          )}
          <li>
            <strong>All or nothing</strong>: if any ticket or event cannot be stored, nothing is. Tickets already in the database are
            left as they are; only what is new is added.
          </li>
          <li>{name ? <>The profile “{name}” is kept with the database, to read a later export the same way.</> : "The profile is kept with the database."}</li>
        </ul>
      </div>
      {busy && <Progress p={progress} cancelling={cancelling} onCancel={onCancelImport} />}
      {error?.code === "cancelled" ? (
        <div className="notice" role="status" data-testid="import-cancelled">
          <strong>Import cancelled.</strong> Nothing was written: the database is as it was before. Import again when you are ready.
        </div>
      ) : (
        error && (
          <ErrorPanel error={error} title="Nothing was imported">
            <p>The import is all or nothing: the database is as it was before.</p>
          </ErrorPanel>
        )
      )}
      <div className="wizard-actions">
        <button type="button" className="primary" onClick={() => !busy && onImport()} aria-disabled={busy || undefined}>
          {busy ? "Importing…" : `Import ${count(placed, "ticket")}`}
        </button>
        <button type="button" onClick={onBack} disabled={busy}>
          Back to the preview
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}

/**
 * The import running: the bytes read fill the bar; checking and writing, whose length is not
 * known, sweep it. It can be cancelled until it writes (nothing is written before), then it
 * completes, all or nothing.
 */
function Progress({ p, cancelling, onCancel }: { p: ImportProgress | undefined; cancelling: boolean; onCancel: () => void }) {
  const [start] = useState(() => Date.now());
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setSeconds(Math.floor((Date.now() - start) / 1000)), 1000);
    return () => clearInterval(t);
  }, [start]);
  const share = p?.stage === "reading" && p.total > 0 ? Math.min(1, p.done / p.total) : undefined;
  const writing = p?.stage === "writing";
  const text = progressText(p);
  return (
    <div className="import-progress" role="status" data-testid="import-progress" data-stage={p?.stage ?? "starting"}>
      {share === undefined ? (
        <div className="busy-bar" role="progressbar" aria-label="Importing" aria-valuetext={text}>
          <span />
        </div>
      ) : (
        <div className="fill-bar" role="progressbar" aria-label="Importing" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.floor(share * 100)} aria-valuetext={text}>
          <span style={{ width: `${share * 100}%` }} />
        </div>
      )}
      <p data-testid="import-progress-text">
        {cancelling ? "Cancelling…" : text}
        {seconds > 0 && ` ${formatDuration(seconds)} so far.`}
      </p>
      <p className="muted">
        {writing
          ? "It can no longer be cancelled: the write is one transaction, so either everything is stored or nothing is."
          : "Nothing is stored until every ticket and event has been read and checked; cancelling now leaves the database as it was."}
      </p>
      <div className="wizard-actions">
        <button type="button" onClick={onCancel} disabled={writing || cancelling} data-testid="cancel-import">
          {cancelling ? "Cancelling…" : "Cancel import"}
        </button>
      </div>
    </div>
  );
}

function Result({ headingRef, r, onAgain }: { headingRef: RefObject<HTMLHeadingElement | null>; r: SourceImport; onAgain: () => void }) {
  const { go } = useNav();
  const s = r.stored;
  const placed = countRows(r.placed);
  const skipped = countRows(r.skipped);
  return (
    <div className="wizard-step" data-testid="import-result">
      <h2 ref={headingRef} tabIndex={-1}>
        Imported
      </h2>
      <p className="ok-line">
        Imported from {SOURCE_LABEL[r.source]} by the profile “{r.profile}”, which is kept with the database.
      </p>
      <ul className="kpis result-kpis" aria-label="What was stored">
        <li className="kpi kpi-met" data-testid="stored-tickets">
          <span className="kpi-name">Tickets added</span>
          <span className="kpi-value">{s.tickets_added.toLocaleString("en")}</span>
        </li>
        <li className="kpi kpi-met" data-testid="stored-events">
          <span className="kpi-name">Events added</span>
          <span className="kpi-value">{s.events_added.toLocaleString("en")}</span>
        </li>
        <li className="kpi" data-testid="stored-unchanged">
          <span className="kpi-name">Tickets already there</span>
          <span className="kpi-value">{s.tickets_unchanged.toLocaleString("en")}</span>
        </li>
        <li className="kpi" data-testid="result-read">
          <span className="kpi-name">Tickets read</span>
          <span className="kpi-value">{r.read.toLocaleString("en")}</span>
        </li>
      </ul>
      <dl className="facts result-facts">
        <dt>Placed</dt>
        <dd data-testid="result-placed">{placed.length ? listing(placed.map(([id, n]) => `${n.toLocaleString("en")} under ${id}`)) : "none"}</dd>
        <dt>Skipped</dt>
        <dd data-testid="result-skipped">{skipped.length ? listing(skipped.map(([why, n]) => `${n.toLocaleString("en")} (${why})`)) : "none"}</dd>
        <dt>Mapped to no event</dt>
        <dd>{count(total(r.unmapped), "record")} (notes, notifications and other changes that say nothing about the clocks)</dd>
      </dl>
      <div className="wizard-actions">
        <button type="button" className="primary" onClick={() => go({ name: "queue" })}>
          Open the queue
        </button>
        <button type="button" onClick={() => go({ name: "tickets" })}>
          See the tickets
        </button>
        <button type="button" onClick={onAgain}>
          Import more files…
        </button>
      </div>
    </div>
  );
}
