// Saving an edit of a stored agreement's terms asks how it applies: from a date (a new
// amendment: only tickets opened from then, and periods starting from then, change) or as a
// correction (retroactive: every period is recomputed). Before anything is saved it shows the
// impact on the periods so far, computed by the backend's what-if engine; only "Confirm and
// save" saves, and what it saves is the proposal's TOML — for an amendment, the stored TOML with
// the new entry appended, not the edited text.
import { DateInput } from "../../components/DateInput";
import { useId, useState } from "react";
import { type AgreementSource, type Proposal, type TermsChange, backend } from "../../lib/ipc";
import { ErrorPanel, useAction } from "../../components/common";
import { Dialog } from "../../components/Dialog";
import { type AmendFields, amendProblems, firstOfNextMonth, lastAmendment, nextAmendmentReference, termsChange } from "./change";
import { Impact } from "./Impact";

type Kind = "amend" | "correct";

export interface SaveDialogProps {
  agreementId: string;
  /** The TOML as edited. */
  edited: string;
  /** The TOML as stored (the amendments it has already). */
  stored: string;
  onSaved: (saved: AgreementSource, change: TermsChange) => void;
  onClose: () => void;
}

export function SaveDialog({ agreementId, edited, stored, onSaved, onClose }: SaveDialogProps) {
  const ids = useId();
  const [kind, setKind] = useState<Kind>("amend");
  const [fields, setFields] = useState<AmendFields>(() => ({ effective: firstOfNextMonth(), reference: nextAmendmentReference(stored), signed: "" }));
  const [checked, setChecked] = useState(false);
  // The impact shown, with the change it was computed for: any change of the answers hides it.
  const [shown, setShown] = useState<{ proposal: Proposal; change: TermsChange }>();
  const propose = useAction();
  const save = useAction();
  const busy = propose.busy || save.busy;
  const problems = kind === "amend" && checked ? amendProblems(fields) : {};

  const changed = () => {
    setShown(undefined);
    propose.clear();
    save.clear();
  };
  const choose = (k: Kind) => {
    setKind(k);
    changed();
  };
  const setField = (k: keyof AmendFields, v: string) => {
    setFields((f) => ({ ...f, [k]: v }));
    changed();
  };

  const showImpact = () => {
    setChecked(true);
    const first = kind === "amend" ? (["effective", "reference", "signed"] as const).find((k) => amendProblems(fields)[k]) : undefined;
    if (first) {
      // To the first field to fix, once it is marked.
      requestAnimationFrame(() => document.getElementById(`${ids}-${first}`)?.focus());
      return;
    }
    const change = termsChange(kind, fields);
    void propose.run(async () => {
      const proposal = await backend.proposeTermsChange({ agreement_id: agreementId, edited, change });
      setShown({ proposal, change });
    });
  };

  const confirm = () => {
    if (!shown || save.busy) return;
    void save.run(async () => {
      const saved = await backend.saveAgreement(shown.proposal.source, shown.proposal.version);
      onSaved(saved, shown.change);
    });
  };

  const field = (k: keyof AmendFields, label: string, type: "date" | "text", hint?: string) => {
    const id = `${ids}-${k}`;
    const problem = problems[k];
    const described = [hint ? `${id}-hint` : "", problem ? `${id}-problem` : ""].filter(Boolean).join(" ") || undefined;
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {type === "date" ? (
          <DateInput
            id={id}
            label={label}
            value={fields[k]}
            required={k !== "signed"}
            onChange={(v) => setField(k, v)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={described}
          />
        ) : (
          <input
            id={id}
            type={type}
            value={fields[k]}
            required={k !== "signed"}
            onChange={(e) => setField(k, e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={described}
          />
        )}
        {hint && (
          <span id={`${id}-hint`} className="field-hint">
            {hint}
          </span>
        )}
        {problem && (
          <span id={`${id}-problem`} className="field-problem">
            {problem}
          </span>
        )}
      </div>
    );
  };

  const proposal = shown?.proposal;
  return (
    <Dialog
      title="How does this change apply?"
      onClose={onClose}
      busy={save.busy}
      className="wide save-dialog"
      actions={
        <>
          <span className="dialog-note muted" id={`${ids}-note`}>
            {proposal ? "Nothing is saved until you confirm." : "Show the impact first: nothing is saved until you confirm."}
          </span>
          <button type="button" onClick={() => !save.busy && onClose()} aria-disabled={save.busy || undefined}>
            Cancel
          </button>
          <button type="button" className={proposal ? undefined : "primary"} onClick={() => !busy && showImpact()} aria-disabled={busy || undefined}>
            {propose.busy ? "Computing the impact…" : proposal ? "Show impact again" : "Show impact"}
          </button>
          <button type="button" className="primary" onClick={confirm} disabled={!proposal} aria-disabled={save.busy || undefined} aria-describedby={`${ids}-note`}>
            {save.busy ? "Saving…" : "Confirm and save"}
          </button>
        </>
      }
    >
      <fieldset className="change-kinds">
        <legend className="visually-hidden">How the change applies</legend>
        <label className={`change-kind${kind === "amend" ? " chosen" : ""}`}>
          <input type="radio" name={`${ids}-kind`} value="amend" checked={kind === "amend"} onChange={() => choose("amend")} />
          <span>
            <strong>Amend from a date</strong>
            <span className="block muted">
              A new amendment of the contract. Only tickets opened from that date, and periods starting from it, follow the new terms; earlier ones keep theirs.
            </span>
          </span>
        </label>
        {kind === "amend" && (
          <div className="amend-fields">
            {field("effective", "Effective date", "date", "A local date in the agreement's time zone.")}
            {field("reference", "Reference", "text", "How the parties name it.")}
            {field("signed", "Signed (optional)", "date")}
          </div>
        )}
        <label className={`change-kind${kind === "correct" ? " chosen" : ""}`}>
          <input type="radio" name={`${ids}-kind`} value="correct" checked={kind === "correct"} onChange={() => choose("correct")} />
          <span>
            <strong>Correct the terms</strong>
            <span className="block muted">
              Retroactive: the terms were wrong from the start. Every past period is recomputed under the corrected terms; issued statements stay as issued and show a restatement.
            </span>
          </span>
        </label>
      </fieldset>
      {propose.error && <ErrorPanel error={propose.error} title={propose.error.code === "input" ? "The edited agreement has problems; nothing was computed" : "The impact could not be computed"} />}
      {proposal && shown && (
        <>
          <p className="will-save" data-testid="will-save">
            {shown.change.kind === "amend" ? (
              <>
                Confirming saves version {proposal.version + 1}: the terms as stored, with <strong>{shown.change.reference}</strong> from {shown.change.effective} added at the end.
              </>
            ) : (
              <>Confirming saves version {proposal.version + 1}: the TOML as edited, in force from the start of the term.</>
            )}
          </p>
          {shown.change.kind === "amend" && (
            <details className="new-amendment">
              <summary>The amendment that will be added</summary>
              <pre>{lastAmendment(proposal.source)}</pre>
            </details>
          )}
          <Impact proposal={proposal} />
        </>
      )}
      {save.error && <ErrorPanel error={save.error} title={save.error.code === "conflict" ? "Not saved: someone else saved first" : "Not saved"} />}
    </Dialog>
  );
}
