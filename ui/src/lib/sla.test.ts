import { describe, expect, it } from "vitest";
import { breachAfterDeadline } from "./sla";

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
