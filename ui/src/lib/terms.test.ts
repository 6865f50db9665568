import { describe, expect, it } from "vitest";
import { termsTimeline } from "./terms";

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
