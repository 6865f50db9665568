import { describe, expect, it } from "vitest";
import { amendProblems, countAmendments, firstOfNextMonth, isDate, lastAmendment, nextAmendmentReference, termsChange } from "./change";

const BASE = 'id = "x"\n[credits]\ncap_percent = 20\n';
const ONE = `${BASE}\n[[amendments]]\neffective = 2026-10-15\nreference = "Amendment No. 1"\n[amendments.targets.p2]\nresolution = "6h"\n`;
const TWO = `${ONE}\n[[ amendments ]]\neffective = 2026-12-01\nreference = "Amendment No. 2"\nmonthly_fee = "13500.00"\n`;

describe("the amendment's suggested date", () => {
  it("is the first day of next month, across the year's end", () => {
    expect(firstOfNextMonth(new Date(2026, 10, 20, 10, 0))).toBe("2026-12-01");
    expect(firstOfNextMonth(new Date(2026, 11, 31, 23, 59))).toBe("2027-01-01");
    expect(firstOfNextMonth(new Date(2026, 0, 31))).toBe("2026-02-01");
  });
});

describe("the amendment's suggested reference", () => {
  it("numbers after the stored amendments", () => {
    expect(countAmendments(BASE)).toBe(0);
    expect(nextAmendmentReference(BASE)).toBe("Amendment No. 1");
    expect(countAmendments(ONE)).toBe(1);
    expect(nextAmendmentReference(TWO)).toBe("Amendment No. 3");
  });

  it("counts amendment tables, not their sub-tables nor the word in text", () => {
    expect(countAmendments(`${BASE}title = "[[amendments]]"\n`)).toBe(0);
    expect(countAmendments(TWO.replace("[amendments.targets.p2]", "[amendments.targets.p2]\n[amendments.calendar]"))).toBe(2);
  });
});

describe("the amendment's fields", () => {
  it("need a real date and a reference; signed is optional", () => {
    expect(isDate("2026-12-01")).toBe(true);
    expect(isDate("2026-02-30")).toBe(false);
    expect(isDate("2026-12-1")).toBe(false);
    expect(amendProblems({ effective: "2026-12-01", reference: "Amendment No. 1", signed: "" })).toEqual({});
    expect(Object.keys(amendProblems({ effective: "", reference: " ", signed: "yesterday" })).sort()).toEqual(["effective", "reference", "signed"]);
  });

  it("become the change asked about, trimmed; a correction carries none", () => {
    const f = { effective: " 2026-12-01 ", reference: " Amendment No. 2 ", signed: "" };
    expect(termsChange("amend", f)).toEqual({ kind: "amend", effective: "2026-12-01", reference: "Amendment No. 2", signed: "" });
    expect(termsChange("correct", f)).toEqual({ kind: "correct" });
  });

  it("the proposal's new amendment is the last one of its TOML", () => {
    expect(lastAmendment(TWO)).toBe('[[ amendments ]]\neffective = 2026-12-01\nreference = "Amendment No. 2"\nmonthly_fee = "13500.00"\n');
    expect(lastAmendment(BASE)).toBe("");
  });
});
