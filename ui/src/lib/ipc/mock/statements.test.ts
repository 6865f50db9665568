// The mock's statements follow what was done in it: first issue, a correction of the premium
// terms (its restatement), issue again; and it answers only the proposals the export made.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Statements } from "./data";
import { PREMIUM, changeKey, createStatements } from "./statements";
import { amendmentsOf } from "./amendments";

// Vitest runs from the repository's root.
const data = JSON.parse(readFileSync("ui/src/lib/ipc/mock/data/statements.json", "utf8")) as Statements;
const fixture = (name: string) => readFileSync(`ui/src/lib/ipc/mock/fixture/what-if/${name}`, "utf8");

function mock() {
  const sources = new Map<string, string>([[PREMIUM, "as imported"]]);
  let writes = 0;
  const m = createStatements(async () => data, (id) => sources.get(id), () => (writes += 1));
  return { m, sources, writes: () => writes };
}

describe("the mock's statements", () => {
  it("the export's correction is the what-if fixture", () => {
    expect(data.corrected).toBe(fixture("premium-tighter-p2.toml"));
  });

  it("issues a period once, then refuses to issue it again while nothing moved", async () => {
    const { m, writes } = mock();
    expect((await m.statementStatus(PREMIUM, "2026-10")).issued).toBeNull();
    const issued = await m.issueStatement({ agreement_id: PREMIUM, period: "2026-10", supersede: false });
    expect(issued.issued?.number).toBe(1);
    expect(writes()).toBe(1);
    expect((await m.statementStatus(PREMIUM, "2026-10")).issued?.number).toBe(1);
    await expect(m.issueStatement({ agreement_id: PREMIUM, period: "2026-10", supersede: true })).rejects.toThrow(/nothing has moved since/);
    expect(writes()).toBe(1);
  });

  it("a correction shows a restatement; issuing again needs supersede and gives No. 2", async () => {
    const { m, sources } = mock();
    await m.issueStatement({ agreement_id: PREMIUM, period: "2026-10", supersede: false });
    sources.set(PREMIUM, data.corrected ?? "");
    const restated = await m.statementStatus(PREMIUM, "2026-10");
    expect(restated.restatement?.number).toBe(1);
    expect(restated.restatement?.difference).toBe("+375.00 USD");
    await expect(m.issueStatement({ agreement_id: PREMIUM, period: "2026-10", supersede: false })).rejects.toMatchObject({ code: "rejected", message: expect.stringMatching(/supersede/) });
    const again = await m.issueStatement({ agreement_id: PREMIUM, period: "2026-10", supersede: true });
    expect(again.issued?.number).toBe(2);
    expect(again.superseded).toEqual([1]);
    expect((await m.statementStatus(PREMIUM, "2026-10")).restatement).toBeNull();
  });

  it("a period that has not ended cannot be issued, and nothing is recorded", async () => {
    const { m, writes } = mock();
    const s = await m.statementStatus(PREMIUM, "2026-11");
    expect(s.can_issue).toBe(false);
    expect(s.why_not).toMatch(/has not ended/);
    await expect(m.issueStatement({ agreement_id: PREMIUM, period: "2026-11", supersede: false })).rejects.toThrow(/has not ended/);
    expect(writes()).toBe(0);
    expect((await m.statementStatus(PREMIUM, "2026-11")).issued).toBeNull();
  });

  it("says what it has no answer for", async () => {
    const { m } = mock();
    await expect(m.statementStatus(PREMIUM, "2025-01")).rejects.toThrow(/in-browser mock has no answer/);
  });

  it("answers the proposals the export made, by edited text and change", async () => {
    const { m } = mock();
    const edited = fixture("premium-tighter-p2.toml");
    const correct = await m.proposeTermsChange({ agreement_id: PREMIUM, edited, change: { kind: "correct" } });
    expect(correct.source).toBe(edited);
    expect(correct.impact.some((i) => i.period === "2026-10")).toBe(true);
    const amend = await m.proposeTermsChange({ agreement_id: PREMIUM, edited, change: { kind: "amend", effective: "2026-12-01", reference: "Amendment No. 1", signed: "" } });
    expect(amend.source).toMatch(/\n\[\[amendments\]\]\neffective = 2026-12-01\n/);
    expect(amend.impact).toEqual([]);
    await expect(m.proposeTermsChange({ agreement_id: PREMIUM, edited: `${edited}\n`, change: { kind: "correct" } })).rejects.toThrow(/no answer for this change/);
    await expect(
      m.proposeTermsChange({ agreement_id: PREMIUM, edited, change: { kind: "amend", effective: "2026-10-15", reference: "Amendment No. 1", signed: "" } }),
    ).rejects.toThrow(/amend 2026-10-15/);
    // The export's amendments were all "Amendment No. 1", not signed: any other would save another TOML.
    await expect(
      m.proposeTermsChange({ agreement_id: PREMIUM, edited, change: { kind: "amend", effective: "2026-12-01", reference: "Amendment No. 1", signed: "2026-11-18" } }),
    ).rejects.toThrow(/signed 2026-11-18/);
    await expect(
      m.proposeTermsChange({ agreement_id: PREMIUM, edited, change: { kind: "amend", effective: "2026-12-01", reference: "Amendment No. 2", signed: "" } }),
    ).rejects.toThrow(/no answer for this change/);
    // The engine's refusal of a TOML that does not parse, with its located problems.
    await expect(m.proposeTermsChange({ agreement_id: PREMIUM, edited: fixture("premium-broken.toml"), change: { kind: "correct" } })).rejects.toMatchObject({
      code: "input",
      details: [expect.objectContaining({ line: 99 })],
    });
  });

  it("keys changes as the export does", () => {
    expect(changeKey({ kind: "correct" })).toBe("correct");
    expect(changeKey({ kind: "amend", effective: "2026-11-01", reference: "Amendment No. 3", signed: "2026-10-20" })).toBe("amend 2026-11-01");
  });
});

describe("the amendments of an agreement saved in the mock", () => {
  it("are listed as written, the latest begun in force", () => {
    const toml = `id = "x"\n[calendar]\ntime_zone = "America/New_York"\n\n[[amendments]]\neffective = 2026-10-15\nreference = "Amendment No. 1"\nsigned = 2026-10-01\n\n[[amendments]]\neffective = 2026-12-01\nreference = "Amendment No. 2"\n`;
    const at = Date.parse("2026-11-20T15:00:00Z");
    expect(amendmentsOf(toml, at)).toEqual([
      { reference: "Amendment No. 1", effective: "2026-10-15", signed: "2026-10-01", in_force: true },
      { reference: "Amendment No. 2", effective: "2026-12-01", signed: null, in_force: false },
    ]);
    // 2026-12-01T03:00Z is still 30 November in New York.
    expect(amendmentsOf(toml, Date.parse("2026-12-01T03:00:00Z")).map((a) => a.in_force)).toEqual([true, false]);
    expect(amendmentsOf(toml, Date.parse("2026-12-01T06:00:00Z")).map((a) => a.in_force)).toEqual([false, true]);
    expect(amendmentsOf("not = = toml")).toEqual([]);
  });
});
