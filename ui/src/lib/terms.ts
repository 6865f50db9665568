// The timeline of an agreement's terms (its amendments, format v1.1).
import type { AgreementSummary } from "./ipc";

/** The timeline of an agreement's terms: `Base terms from 2026-01-01 → Amendment No. 1 from 2026-07-01 (in force)`. */
export function termsTimeline(a: Pick<AgreementSummary, "effective_from" | "amendments">): string {
  const baseInForce = !a.amendments.some((m) => m.in_force);
  return [
    `Base terms from ${a.effective_from}${baseInForce ? " (in force)" : ""}`,
    ...a.amendments.map((m) => `${m.reference} from ${m.effective}${m.in_force ? " (in force)" : ""}`),
  ].join(" → ");
}
