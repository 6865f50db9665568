import { describe, expect, it } from "vitest";
import type { IssuedStatement, RestatementView } from "./ipc";
import { issueQuestion, movedFigures, nextNumber, numbers } from "./statements";

const issued = { number: 1 } as IssuedStatement;
const restatement = { number: 1 } as RestatementView;

describe("the statement panel's choices", () => {
  it("a restatement shows only the figures that moved", () => {
    const figures = [
      { name: "Tickets opened", issued: "25", now: "25" },
      { name: "Service credits", issued: "1,750.00 USD", now: "2,125.00 USD" },
    ];
    expect(movedFigures(figures)).toEqual([figures[1]]);
    expect(movedFigures([figures[0]!])).toEqual([]);
  });

  it("numbers the next issue after the latest", () => {
    expect(nextNumber({ issued: null })).toBe(1);
    expect(nextNumber({ issued: { ...issued, number: 2 } })).toBe(3);
  });

  it("names superseded statements", () => {
    expect(numbers([1])).toBe("No. 1");
    expect(numbers([1, 2])).toBe("Nos. 1 and 2");
    expect(numbers([1, 2, 3])).toBe("Nos. 1, 2 and 3");
  });

  it("asks about a first issue, and about an issue that supersedes one", () => {
    const first = issueQuestion("2026-10", { issued: null, restatement: null });
    expect(first).toMatchObject({ title: "Issue the credit statement for 2026-10?", confirm: "Issue statement", supersede: false });
    expect(first.body).toBe("Its figures, every credit line and the terms are recorded and will not change.");
    const again = issueQuestion("2026-10", { issued, restatement });
    expect(again).toMatchObject({ title: "Issue restated statement No. 2 for 2026-10?", confirm: "Issue statement No. 2", supersede: true });
    expect(again.body).toMatch(/^It supersedes statement No\. 1, which stays on record/);
  });
});
