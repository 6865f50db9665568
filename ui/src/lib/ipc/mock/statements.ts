// The mock's credit statements and proposed changes of terms: the engine's answers exported in
// ./data/statements.json, chosen by what has been done here, never computed:
// - a period's statement before its first issue and after it; for the premium agreement once
//   its terms are the exported correction (fixture/what-if/premium-tighter-p2.toml, saved from
//   the editor), the restatement of a period issued before, and its issue again (supersede);
// - the editor's proposal for an edited TOML the export proposed (the what-if fixtures), as a
//   correction or as an amendment from one of the dates it used. The export made each
//   amendment with the reference `Amendment No. 1` and no signed date: another reference or a
//   signed date has no answer (the TOML it would save is not the exported one).
// Anything else is said to be missing, not made up.
import type { ChangeForm, IssueForm, Proposal, StatementStatus, TermsChange } from "../bindings";
import { BackendError } from "../backend";
import { type Answer, type Statements, unwrap } from "./data";

/** The agreement the export issued, corrected and proposed changes for beyond a first issue. */
export const PREMIUM = "CTRA-APC-WV-PREMIUM";

/** How the export keys a change: `correct`, or `amend <effective date>`. */
export function changeKey(c: TermsChange): string {
  return c.kind === "correct" ? "correct" : `amend ${c.effective}`;
}

/** The reference and signed date the export made every amendment with. */
export const EXPORTED_AMENDMENT = { reference: "Amendment No. 1", signed: "" };

/** Whether the export proposed a change like this one (its amendments: one reference, unsigned). */
function exported(c: TermsChange): boolean {
  return c.kind === "correct" || (c.reference === EXPORTED_AMENDMENT.reference && c.signed === EXPORTED_AMENDMENT.signed);
}

const missing = (what: string) =>
  new BackendError("rejected", `The in-browser mock has no answer for ${what}: it shows only the engine's answers exported for it (crates/app/examples/export-mock.rs).`);

export interface MockStatements {
  statementStatus(agreementId: string, period: string): Promise<StatementStatus>;
  issueStatement(form: IssueForm): Promise<StatementStatus>;
  proposeTermsChange(form: ChangeForm): Promise<Proposal>;
}

/**
 * `load`: the exported answers; `sourceOf`: an agreement's TOML as saved now (the mock's own
 * saves included); `changed`: announces a write, as every write of the mock does.
 */
export function createStatements(load: () => Promise<Statements>, sourceOf: (id: string) => string | undefined, changed: () => void): MockStatements {
  // The issues made here, by `<id> <period>`, oldest first: whether the terms then were the
  // exported correction.
  const issues = new Map<string, boolean[]>();

  const isCorrected = (s: Statements, id: string) => id === PREMIUM && s.corrected !== null && sourceOf(id) === s.corrected;

  const history = (id: string, period: string) =>
    missing(
      `${id}'s statement of ${period} after what was done here (it has each period's first issue under the terms as imported, and the premium agreement's restatement after the exported correction, then its issue again)`,
    );

  /** The exported status that matches what was done here. */
  function current(s: Statements, id: string, period: string): Answer<StatementStatus> {
    const key = `${id} ${period}`;
    const states = s.statuses[key];
    if (!states) throw missing(`the statements of ${id} for ${period}`);
    const made = issues.get(key) ?? [];
    const corrected = isCorrected(s, id);
    if (made.length === 0) return states.initial;
    if (!corrected && made.length === 1 && made[0] === false) return states.issued;
    const restated = s.restated[period];
    if (corrected && restated && made[0] === false) {
      if (made.length === 1) return restated.status;
      if (made.length === 2 && made[1] === true) return restated.issued;
    }
    throw history(id, period);
  }

  return {
    async statementStatus(agreementId, period) {
      return unwrap(current(await load(), agreementId.trim(), period.trim()));
    },

    async issueStatement(form) {
      const s = await load();
      const id = form.agreement_id.trim();
      const period = form.period.trim();
      const key = `${id} ${period}`;
      const status = unwrap(current(s, id, period));
      // The engine's refusals of an issued period, in its words.
      const last = status.issued;
      if (last && !status.restatement) {
        throw new BackendError("rejected", `${period} of ${id} was issued as statement ${last.number} on ${last.issued_at} and nothing has moved since: there is nothing to issue again`);
      }
      if (last && !form.supersede) {
        throw new BackendError(
          "rejected",
          `${period} of ${id} was issued as statement ${last.number} on ${last.issued_at}, and its figures have moved since: issue it again explicitly (supersede) to issue statement ${last.number + 1}`,
        );
      }
      const made = issues.get(key) ?? [];
      const corrected = isCorrected(s, id);
      let next: Answer<StatementStatus> | undefined;
      if (made.length === 0 && !corrected) next = s.statuses[key]?.issued;
      else if (made.length === 1 && made[0] === false && corrected) next = s.restated[period]?.issued;
      if (!next) throw history(id, period);
      // The engine's refusal (a period not ended, not started) records nothing.
      const issued = unwrap(next);
      issues.set(key, [...made, corrected]);
      changed();
      return issued;
    },

    async proposeTermsChange(form) {
      const s = await load();
      const key = changeKey(form.change);
      const p = form.agreement_id === PREMIUM && exported(form.change) ? s.proposals.find((x) => x.edited === form.edited && x.change === key) : undefined;
      if (!p) {
        const asked = form.change.kind === "amend" ? `${key}, “${form.change.reference}”${form.change.signed ? ` signed ${form.change.signed}` : ""}` : key;
        throw new BackendError(
          "rejected",
          `the in-browser mock has no answer for this change: it has the engine's proposals for the TOML files of ui/src/lib/ipc/mock/fixture/what-if as the corrections of ${PREMIUM} and as its amendments from 2026-11-01 and 2026-12-01, “${EXPORTED_AMENDMENT.reference}”, not signed (asked: ${asked} of ${form.agreement_id})`,
        );
      }
      return unwrap(p.result);
    },
  };
}
