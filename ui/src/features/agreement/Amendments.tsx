// The form's read-only list of the agreement's amendments. The form edits the base terms only;
// the amendments are kept as written (toml.ts) and changed in the TOML tab, and a new one is
// made by saving an edit of the form "from a date" (the save dialog), never typed here.
import type { InputError } from "../../lib/ipc";
import { listAmendments } from "./toml";

export function AmendmentList({ tail, errors }: { tail: string; errors: readonly InputError[] }) {
  const list = listAmendments(tail);
  const mine = errors.filter((e) => /^amendments\b/.test(e.key));
  return (
    <>
      {list.length === 0 ? (
        <p className="muted empty-rows">No amendments: the base terms above apply for the whole term.</p>
      ) : (
        <table className="rows-table amendments" aria-label="Amendments" data-testid="form-amendments">
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Effective</th>
              <th scope="col">Signed</th>
              <th scope="col">Replaces</th>
            </tr>
          </thead>
          <tbody>
            {list.map((a, i) => (
              <tr key={i}>
                <th scope="row">{a.reference || <em className="muted">No reference</em>}</th>
                <td className="nowrap">{a.effective || "—"}</td>
                <td className="nowrap">{a.signed || "—"}</td>
                <td>
                  {a.replaces.length === 0
                    ? "—"
                    : a.replaces.map((k, j) => (
                        <span key={k}>
                          {j > 0 && ", "}
                          <code>{k}</code>
                        </span>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {mine.length > 0 && (
        <ul className="problems">
          {mine.map((e, i) => (
            <li key={i}>
              <code>{e.key}</code> {e.reason}
              {e.line > 0 && <span className="muted"> (line {e.line})</span>}
            </li>
          ))}
        </ul>
      )}
      <p className="field-hint">
        Amendments are edited in the TOML tab; to change the terms from a date, edit the form and choose <strong>Amend from a date</strong> when saving.
      </p>
    </>
  );
}
