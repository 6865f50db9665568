// The agreement's terms over time, under the editor's title: the base terms from the start of
// the term, then each amendment from its date, the one in force now marked (in words as well).
import type { AgreementSummary } from "../../lib/ipc";
import { termsSteps } from "../../lib/terms";

export function TermsTimeline({ agreement }: { agreement: Pick<AgreementSummary, "effective_from" | "amendments"> }) {
  return (
    <ol className="terms-timeline" aria-label="Terms over time" data-testid="editor-terms-timeline">
      {termsSteps(agreement).map((s, i) => (
        <li key={i} className={s.in_force ? "in-force" : undefined} aria-current={s.in_force ? "true" : undefined}>
          <span className="step-name">{s.name}</span>
          {i === 0 ? ` from ${s.from}` : ` · from ${s.from}`}
          {s.signed && <span className="muted"> (signed {s.signed})</span>}
          {s.in_force && <span className="badge in-force-badge">in force</span>}
        </li>
      ))}
    </ol>
  );
}
