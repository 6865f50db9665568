// The timeline of an agreement's terms (its amendments, format v1.1).
import type { AgreementSummary } from "./ipc";

/** One step of the timeline: the base terms, or an amendment. */
export interface TermsStep {
  /** `Base terms`, or the amendment's reference. */
  name: string;
  /** The local date it takes effect. */
  from: string;
  /** The date the amendment was signed, if given (never for the base terms). */
  signed: string | null;
  /** Its terms are the ones in force now. */
  in_force: boolean;
}

/** The base terms, then each amendment, oldest first: the base is in force until an amendment is. */
export function termsSteps(a: Pick<AgreementSummary, "effective_from" | "amendments">): TermsStep[] {
  const baseInForce = !a.amendments.some((m) => m.in_force);
  return [
    { name: "Base terms", from: a.effective_from, signed: null, in_force: baseInForce },
    ...a.amendments.map((m) => ({ name: m.reference, from: m.effective, signed: m.signed, in_force: m.in_force })),
  ];
}

/** The timeline of an agreement's terms: `Base terms from 2026-01-01 → Amendment No. 1 from 2026-07-01 (in force)`. */
export function termsTimeline(a: Pick<AgreementSummary, "effective_from" | "amendments">): string {
  return termsSteps(a)
    .map((s) => `${s.name} from ${s.from}${s.in_force ? " (in force)" : ""}`)
    .join(" → ");
}
