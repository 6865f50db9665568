import { describe, expect, it } from "vitest";
import { convertPeriod, currentMonth, describeDates, formatPeriod, kindOf, parsePeriod, periodDates, stepPeriod } from "./period";

const p = (text: string) => {
  const v = parsePeriod(text);
  if (!v) throw new Error(`not a period: ${text}`);
  return v;
};

describe("periods", () => {
  it("reads the three forms and writes them back", () => {
    for (const t of ["2026-10", "2026-Q4", "2026-10-01..2026-10-15"]) expect(formatPeriod(p(t))).toBe(t);
  });

  it("rejects what is not a period", () => {
    for (const t of ["", "2026", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-10", "2026-10-15..2026-10-01", "2026-10-01..2026-10-01", "2026-02-30..2026-03-02", "last month"]) {
      expect(parsePeriod(t), t).toBeNull();
    }
  });

  it("knows the kind of a period even when it is wrong", () => {
    expect(kindOf("2026-10-15..2026-10-01")).toBe("range");
    expect(kindOf("2026-Q9")).toBe("quarter");
    expect(kindOf("2026-10")).toBe("month");
  });

  it("gives a period's dates, end excluded, and says them with both ends included", () => {
    expect(periodDates(p("2026-12"))).toEqual(["2026-12-01", "2027-01-01"]);
    expect(periodDates(p("2026-Q4"))).toEqual(["2026-10-01", "2027-01-01"]);
    expect(describeDates(p("2026-02"))).toBe("2026-02-01 to 2026-02-28");
    expect(describeDates(p("2026-10-01..2026-10-15"))).toBe("2026-10-01 to 2026-10-14");
  });

  it("steps to the neighbours of the same kind, as the backend does", () => {
    expect(formatPeriod(stepPeriod(p("2026-01"), -1))).toBe("2025-12");
    expect(formatPeriod(stepPeriod(p("2026-12"), 1))).toBe("2027-01");
    expect(formatPeriod(stepPeriod(p("2026-Q1"), -1))).toBe("2025-Q4");
    expect(formatPeriod(stepPeriod(p("2026-Q4"), 1))).toBe("2027-Q1");
    expect(formatPeriod(stepPeriod(p("2026-10-01..2026-10-15"), 1))).toBe("2026-10-15..2026-10-29");
    expect(formatPeriod(stepPeriod(p("2026-10-01..2026-10-15"), -1))).toBe("2026-09-17..2026-10-01");
  });

  it("turns one kind into another covering where it starts", () => {
    expect(formatPeriod(convertPeriod(p("2026-11"), "quarter"))).toBe("2026-Q4");
    expect(formatPeriod(convertPeriod(p("2026-Q3"), "month"))).toBe("2026-07");
    expect(formatPeriod(convertPeriod(p("2026-Q3"), "range"))).toBe("2026-07-01..2026-10-01");
    expect(formatPeriod(convertPeriod(p("2026-03-05..2026-03-09"), "month"))).toBe("2026-03");
  });

  it("names the current month in local time", () => {
    expect(currentMonth(new Date(2026, 0, 31, 23, 59))).toBe("2026-01");
  });
});
