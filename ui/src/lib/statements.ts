// What the statement panel says about a period's credit statement, from the backend's
// StatementStatus: which figures moved since issue, and what issuing (again) will do. Pure: the
// figures and sentences in the status are the backend's; these only choose among them.
import type { StatementFigure, StatementStatus } from "./ipc";

/** The figures whose value now differs from the issued one (a restatement shows only these). */
export function movedFigures(figures: StatementFigure[]): StatementFigure[] {
  return figures.filter((f) => f.issued !== f.now);
}

/** The number the next issue of the period will have: 1, or the latest plus one. */
export function nextNumber(s: Pick<StatementStatus, "issued">): number {
  return (s.issued?.number ?? 0) + 1;
}

/** `No. 1`, `Nos. 1 and 2`, `Nos. 1, 2 and 3`: the statements an issue superseded. */
export function numbers(ns: number[]): string {
  if (ns.length <= 1) return `No. ${ns[0] ?? ""}`.trim();
  return `Nos. ${ns.slice(0, -1).join(", ")} and ${ns[ns.length - 1]}`;
}

/** What issuing asks before it records anything, for a first issue or an issue after a restatement. */
export function issueQuestion(period: string, s: Pick<StatementStatus, "issued" | "restatement">): { title: string; body: string; confirm: string; supersede: boolean } {
  const recorded = "Its figures, every credit line and the terms are recorded and will not change.";
  if (s.issued && s.restatement) {
    const n = nextNumber(s);
    return {
      title: `Issue restated statement No. ${n} for ${period}?`,
      body: `It supersedes statement No. ${s.issued.number}, which stays on record as it was issued. ${recorded}`,
      confirm: `Issue statement No. ${n}`,
      supersede: true,
    };
  }
  return { title: `Issue the credit statement for ${period}?`, body: recorded, confirm: "Issue statement", supersede: false };
}
