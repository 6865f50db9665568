import { describe, expect, it } from "vitest";
import { termsSteps, termsTimeline } from "./terms";

describe("termsTimeline", () => {
  it("names the base terms and each amendment, marking the one in force", () => {
    const m = { reference: "Amendment No. 1", effective: "2026-07-01", signed: null };
    expect(termsTimeline({ effective_from: "2026-01-01", amendments: [{ ...m, in_force: true }] })).toBe(
      "Base terms from 2026-01-01 → Amendment No. 1 from 2026-07-01 (in force)",
    );
    expect(termsTimeline({ effective_from: "2026-01-01", amendments: [{ ...m, in_force: false }] })).toBe(
      "Base terms from 2026-01-01 (in force) → Amendment No. 1 from 2026-07-01",
    );
  });
});

describe("termsSteps", () => {
  it("starts with the base terms, then each amendment with its signed date", () => {
    const steps = termsSteps({
      effective_from: "2026-01-01",
      amendments: [
        { reference: "Amendment No. 1", effective: "2026-10-15", signed: "2026-10-01", in_force: true },
        { reference: "Amendment No. 2", effective: "2026-12-01", signed: null, in_force: false },
      ],
    });
    expect(steps).toEqual([
      { name: "Base terms", from: "2026-01-01", signed: null, in_force: false },
      { name: "Amendment No. 1", from: "2026-10-15", signed: "2026-10-01", in_force: true },
      { name: "Amendment No. 2", from: "2026-12-01", signed: null, in_force: false },
    ]);
    expect(termsSteps({ effective_from: "2026-01-01", amendments: [] })).toEqual([{ name: "Base terms", from: "2026-01-01", signed: null, in_force: true }]);
  });
});
