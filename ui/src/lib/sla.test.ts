import { describe, expect, it } from "vitest";
import { asOfIn, breachAfterDeadline, notStarted } from "./sla";

describe("a period that has not started", () => {
  it("is read from the backend's refusal", () => {
    expect(notStarted("2027-01 has not started as of 2026-12-05T03:19:52Z: it has no figures yet")).toEqual({
      period: "2027-01",
      asOf: "2026-12-05T03:19:52Z",
    });
    expect(notStarted("2027-Q1 has not started as of 2026-12-05T03:19:52Z: it has no figures yet")?.period).toBe("2027-Q1");
    expect(notStarted("2027-01-01..2027-01-15 has not started as of 2026-12-05T03:19:52Z: it has no figures yet")?.period).toBe("2027-01-01..2027-01-15");
  });

  it("is not any other refusal", () => {
    expect(notStarted("`2026-10-15..2026-10-01` is not a period: write a month (2026-10)")).toBeNull();
    expect(notStarted("there is no agreement `X`")).toBeNull();
    expect(notStarted("")).toBeNull();
  });
});

describe("the instant figures are to date as of", () => {
  it("is read from the engine's words", () => {
    expect(asOfIn("to date, as of 2026-12-04 21:04 EST — provisional")).toBe("2026-12-04 21:04 EST");
    expect(asOfIn("to date, as of 2026-12-05 03:19 UTC")).toBe("2026-12-05 03:19 UTC");
  });

  it("is absent for a period that has ended", () => {
    expect(asOfIn("")).toBeNull();
    expect(asOfIn("provisional")).toBeNull();
  });
});

describe("a breach after its deadline", () => {
  it("is told apart when more than a second separates them", () => {
    expect(breachAfterDeadline("2026-12-04T22:00:00Z", "2026-12-07T14:00:01Z")).toBe(true);
    expect(breachAfterDeadline("2026-12-04T22:00:00Z", "2026-12-04T22:00:02Z")).toBe(true);
  });

  it("is one instant when the breach is the second after the deadline, or either is absent", () => {
    expect(breachAfterDeadline("2026-12-04T22:00:00Z", "2026-12-04T22:00:01Z")).toBe(false);
    expect(breachAfterDeadline(null, "2026-12-04T22:00:01Z")).toBe(false);
    expect(breachAfterDeadline("2026-12-04T22:00:00Z", null)).toBe(false);
  });
});
