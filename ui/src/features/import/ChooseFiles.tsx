// The wizard's first step: the export files, picked in the OS dialog (the back end keeps them),
// their names and sizes, and the source they look like.
import type { RefObject } from "react";
import type { BackendError, PickedExport } from "../../lib/ipc";
import { ErrorPanel } from "../../components/common";
import { SOURCE_LABEL } from "../../lib/labels";
import { formatBytes } from "../../lib/imports";

export function ChooseFiles({
  headingRef,
  picked,
  busy,
  error,
  onChoose,
  onNext,
  onCancel,
}: {
  headingRef: RefObject<HTMLHeadingElement | null>;
  picked: PickedExport | undefined;
  busy: boolean;
  error: BackendError | undefined;
  onChoose: () => void;
  onNext: () => void;
  onCancel: () => void;
}) {
  return (
    <div className="wizard-step" data-testid="step-files">
      <h2 ref={headingRef} tabIndex={-1}>
        Choose the export files
      </h2>
      <p>
        Pick every file of the export at once: for Zendesk, the tickets JSON and the audits JSON as its API returns them; for
        any other helpdesk, a tickets CSV and, if you have one, its status history CSV.
      </p>
      <p>
        <button type="button" className={picked ? undefined : "primary"} onClick={onChoose} disabled={busy}>
          {busy ? "Choosing…" : picked ? "Choose other files…" : "Choose files…"}
        </button>
      </p>
      {error && <ErrorPanel error={error} title="The files could not be read" />}
      {picked && (
        <div className="picked">
          <table className="grid compact picked-files">
            <caption>Files chosen</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col" className="num">
                  Size
                </th>
              </tr>
            </thead>
            <tbody>
              {picked.files.map(([name, size], i) => (
                <tr key={i}>
                  <td>
                    <code>{name}</code>
                  </td>
                  <td className="num">{formatBytes(size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {picked.detected ? (
            <p className="detected" data-testid="detected">
              Source: <strong>{SOURCE_LABEL[picked.detected]}</strong>
              <span className="muted"> — detected from the files; the next step starts from a profile for it.</span>
            </p>
          ) : (
            <div className="detected unknown" data-testid="detected" role="note">
              <p>
                <strong>Not recognised.</strong> These files look like no export Accord reads. Accord reads:
              </p>
              <ul>
                <li>
                  <strong>{SOURCE_LABEL.zendesk}</strong>: tickets (<code>{'{"tickets": […]}'}</code>) and their audits (
                  <code>{'{"audits": […]}'}</code>) JSON, as Zendesk&apos;s API returns them;
                </li>
                <li>
                  <strong>{SOURCE_LABEL.servicenow}</strong>: the incident list and its <code>sys_audit</code> rows, exported as CSV;
                </li>
                <li>
                  <strong>{SOURCE_LABEL.jira}</strong>: issues with their changelogs (<code>expand=changelog</code>) JSON;
                </li>
                <li>
                  <strong>{SOURCE_LABEL.freshdesk}</strong>: tickets (<code>include=stats</code>) and the ticket-activities export JSON;
                </li>
                <li>
                  <strong>{SOURCE_LABEL.tmf621}</strong>: <code>TroubleTicket</code> resources JSON;
                </li>
                <li>
                  <strong>{SOURCE_LABEL.csv}</strong>: a tickets file and, optionally, a status-history file, whose columns the
                  profile names.
                </li>
              </ul>
              <p>Choose other files, or go on and write a profile for them yourself.</p>
            </div>
          )}
        </div>
      )}
      <div className="wizard-actions">
        <button type="button" className="primary" onClick={onNext} disabled={!picked || busy}>
          Next: profile and preview
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      </div>
    </div>
  );
}
