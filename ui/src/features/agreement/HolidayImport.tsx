// Holidays from an iCalendar (.ics) file, each date approved before it is added. The backend
// reads the file chosen in the OS dialog (its whole-day holidays within the agreement's term;
// nothing is written) and the dialog lists them: already a holiday (not offered again), new, or
// new but before today (adding it changes figures already reported, so it is not checked by
// default). Only "Add" writes: exactly the checked dates, as a new version of the agreement
// checked against the version the file was read for. Adding saves, so it waits for the form's
// unsaved changes to be saved or discarded. Every text from the file is rendered as text.
import { useEffect, useId, useRef, useState } from "react";
import { type AddedHolidays, type HolidayFile, backend } from "../../lib/ipc";
import { ErrorPanel, useAction } from "../../components/common";
import { Dialog } from "../../components/Dialog";
import { addForm, addLabel, addedSummary, allNew, candidateStatus, chosenCandidates, defaultChoice, fileSummary, pastWarning, rangeText, statusText } from "./holidays";
import "../../styles/terms.css";

/** The agreement as stored, for what writes a new version of it. */
export interface StoredAgreement {
  id: string;
  version: number;
  /** The form has unsaved changes: anything that saves waits for them. */
  dirty: boolean;
  /** Reads the agreement again as stored (its new version), once something saved one. */
  reload: () => Promise<void>;
}

/** The button that reads a file, the dialog that approves its dates, and what adding did. */
export function HolidayImport({ stored }: { stored: StoredAgreement }) {
  const ids = useId();
  const button = useRef<HTMLButtonElement>(null);
  const read = useAction();
  const [file, setFile] = useState<HolidayFile>();
  // What the last adding did, for the agreement it was done to.
  const [done, setDone] = useState<{ id: string; text: string }>();

  const open = () =>
    void read.run(async () => {
      setDone(undefined);
      const f = await backend.readHolidayFile(stored.id);
      if (f) setFile(f);
    });

  const close = () => {
    setFile(undefined);
    // Back to the button (the dialog gives focus back too, but the button may have lost it
    // while it was disabled, reading the file).
    requestAnimationFrame(() => button.current?.focus());
  };

  const added = (r: AddedHolidays, f: HolidayFile) => {
    setDone({ id: stored.id, text: addedSummary(r, f.file) });
    close();
  };

  const hintId = `${ids}-hint`;
  return (
    <>
      <button
        ref={button}
        type="button"
        className="add"
        onClick={open}
        disabled={stored.dirty || read.busy}
        aria-haspopup="dialog"
        aria-describedby={stored.dirty ? hintId : undefined}
      >
        {read.busy ? "Reading the calendar file…" : "Import from a calendar file (.ics)…"}
      </button>
      {stored.dirty && (
        <p className="field-hint holiday-line" id={hintId}>
          Save or discard your changes first: adding holidays from a file saves a new version of the agreement.
        </p>
      )}
      {read.error && (
        <div className="holiday-line">
          <ErrorPanel error={read.error} title="The calendar file could not be read" />
        </div>
      )}
      <p className="holiday-line holiday-added" role="status">
        {done?.id === stored.id ? done.text : null}
      </p>
      {file && <HolidayDialog file={file} stored={stored} onAdded={(r) => added(r, file)} onClose={close} />}
    </>
  );
}

function HolidayDialog({ file, stored, onAdded, onClose }: { file: HolidayFile; stored: StoredAgreement; onAdded: (r: AddedHolidays) => void; onClose: () => void }) {
  const ids = useId();
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => defaultChoice(file));
  const add = useAction();
  const errorBox = useRef<HTMLDivElement>(null);
  const picked = chosenCandidates(file, chosen);
  const warning = pastWarning(picked.filter((c) => c.past).length);

  useEffect(() => {
    if (add.error) errorBox.current?.scrollIntoView({ block: "nearest" });
  }, [add.error]);

  const choose = (next: ReadonlySet<string>) => {
    setChosen(next);
    add.clear();
  };
  const toggle = (date: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(date);
    else next.delete(date);
    choose(next);
  };

  const confirm = () => {
    if (add.busy || picked.length === 0) return;
    void add.run(async () => {
      const r = await backend.addHolidays(addForm(file, chosen));
      // The form shows the new holidays and version before the dialog closes.
      await stored.reload();
      onAdded(r);
    });
  };

  return (
    <Dialog
      title={`Holidays from ${file.file}`}
      onClose={onClose}
      busy={add.busy}
      focusTitle
      describedBy={`${ids}-about`}
      className="wide holiday-dialog"
      actions={
        <>
          <div className="holiday-warning-slot" role="status">
            {warning && (
              <p className="holiday-warning">
                <span aria-hidden="true">⚠ </span>
                {warning}
              </p>
            )}
          </div>
          <button type="button" onClick={() => !add.busy && onClose()} aria-disabled={add.busy || undefined}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={confirm} disabled={picked.length === 0} aria-disabled={add.busy || undefined}>
            {add.busy ? "Adding…" : addLabel(picked.length)}
          </button>
        </>
      }
    >
      <div id={`${ids}-about`}>
        <p>
          {file.calendar ? (
            <>
              Calendar <strong>{file.calendar}</strong>: whole-day holidays {rangeText(file)}.
            </>
          ) : (
            <>Whole-day holidays {rangeText(file)}.</>
          )}
        </p>
        <p className="muted">
          {fileSummary(file)} Only the dates you check are added, as version {file.version + 1} of the agreement.
        </p>
      </div>
      {file.candidates.length > 0 && (
        <>
          <div className="holiday-choice">
            <button type="button" className="link" onClick={() => choose(allNew(file))}>
              Select all new
            </button>
            <button type="button" className="link" onClick={() => choose(new Set())}>
              Select none
            </button>
          </div>
          <table className="rows-table holiday-candidates">
            <caption className="visually-hidden">Holidays in {file.file}</caption>
            <thead>
              <tr>
                <th scope="col" className="w-check">
                  <span className="visually-hidden">Add</span>
                </th>
                <th scope="col">Date</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {file.candidates.map((c) => {
                const status = candidateStatus(c);
                const box = `${ids}-${c.date}`;
                return (
                  <tr key={c.date} className={`candidate-${status}`}>
                    <td>
                      <input
                        type="checkbox"
                        id={box}
                        checked={status !== "listed" && chosen.has(c.date)}
                        disabled={status === "listed"}
                        onChange={(e) => toggle(c.date, e.target.checked)}
                        aria-describedby={`${box}-status`}
                      />
                      <label htmlFor={box} className="visually-hidden">
                        Add {c.name} on {c.date}
                      </label>
                    </td>
                    <td className="candidate-date">
                      <time dateTime={c.date}>{c.date}</time> <span className="muted">{c.weekday}</span>
                    </td>
                    <td className="candidate-name">{c.name}</td>
                    <td className="candidate-status" id={`${box}-status`}>
                      {status === "past" && <span aria-hidden="true">⚠ </span>}
                      {statusText(c)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      {file.skipped.length > 0 && (
        <section className="holiday-skipped" aria-labelledby={`${ids}-skipped`}>
          <h3 id={`${ids}-skipped`}>Not holidays</h3>
          <ul>
            {file.skipped.map((s, i) => (
              <li key={i}>
                {s.summary} (line {s.line}): {s.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      {add.error && (
        <div ref={errorBox}>
          <ErrorPanel error={add.error} title={add.error.code === "conflict" ? "Not added: the agreement was changed since the file was read" : "Not added"}>
            {add.error.code === "conflict" && <p>Nothing was added. Close this dialog and import the file again to see the agreement as it is now.</p>}
          </ErrorPanel>
        </div>
      )}
    </Dialog>
  );
}
