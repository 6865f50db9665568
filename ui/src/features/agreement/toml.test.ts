// The form's model against the sample agreements: what is read is what is written, in the
// order of formats.md, and what the form cannot show is refused by name, never dropped.
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { NEW_AGREEMENT } from "./template";
import { type AgreementModel, fractionToPercent, percentToFraction, shiftDecimal } from "./model";
import { countComments, listAmendments, quote, readAgreement, splitAmendments, writeAgreement } from "./toml";

const SAMPLES = resolve(__dirname, "../../../../../shared/data/sample/agreements");
const samples = readdirSync(SAMPLES)
  .filter((f) => f.endsWith(".toml"))
  .sort();

function read(source: string): AgreementModel {
  const r = readAgreement(source);
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return r.model;
}

describe("sample agreements", () => {
  it("are all three there", () => {
    expect(samples).toEqual(["basic.toml", "enterprise.toml", "premium.toml"]);
  });

  for (const file of samples) {
    const source = readFileSync(join(SAMPLES, file), "utf8");

    it(`${file}: read, written and read again gives the same model`, () => {
      const model = read(source);
      const written = writeAgreement(model);
      expect(read(written)).toEqual(model);
      // Writing is stable: a second pass changes nothing.
      expect(writeAgreement(read(written))).toBe(written);
    });

    it(`${file}: the written file keeps formats.md's order, dates and decimal strings`, () => {
      const written = writeAgreement(read(source));
      const headers = written.split("\n").filter((l) => l.startsWith("["));
      const firstOf = (h: string) => headers.indexOf(h);
      expect(firstOf("[calendar]")).toBe(0);
      expect(firstOf("[targets.p1]")).toBeLessThan(firstOf("[targets.p4]"));
      expect(firstOf("[targets.p4]")).toBeLessThan(firstOf("[[channels]]"));
      expect(firstOf("[[channels]]")).toBeLessThan(firstOf("[responsibilities]"));
      expect(firstOf("[responsibilities]")).toBeLessThan(firstOf("[[escalation]]"));
      expect(firstOf("[[escalation]]")).toBeLessThan(firstOf("[reporting]"));
      expect(firstOf("[reporting]")).toBeLessThan(firstOf("[credits]"));
      expect(written).toMatch(/^effective_from = \d{4}-\d{2}-\d{2}$/m);
      expect(written).toMatch(/^monthly_fee = "\d+\.\d{2}"$/m);
      // Every line the sample has, the written file has too (only whitespace may differ).
      const norm = (s: string) =>
        s
          .split("\n")
          .map((l) => l.trim().replace(/\s+/g, " "))
          .filter((l) => l && !l.startsWith("{ date") && !l.startsWith("items") && !l.startsWith('"') && l !== "]");
      const mine = new Set(norm(written));
      const missing = norm(source).filter((l) => !mine.has(l) && !/= \d+\.\d*0\b|= \[$/.test(l));
      expect(missing).toEqual([]);
    });
  }

  it("premium: the values land in the right places", () => {
    const m = read(readFileSync(join(SAMPLES, "premium.toml"), "utf8"));
    expect(m.tier).toBe("premium");
    expect(m.effective_to).toBe("2026-12-31");
    expect(m.calendar.week.mon).toEqual(["07:00-19:00"]);
    expect(m.calendar.week.sun).toEqual([]);
    expect(m.calendar.holidays[1]).toEqual({ date: "2026-05-25", name: "Memorial Day" });
    expect(m.targets.p1).toEqual({ first_response: "15m", resolution: "4h", clock: "24x7" });
    expect(m.targets.p2.clock).toBe("business");
    expect(m.channels[1]).toEqual({ kind: "live_chat", hours: { mode: "calendar" }, after_hours: "Chat falls back to the help desk outside business hours" });
    expect(m.escalation.map((e) => e.at)).toEqual(["0.75", "1.0", "1.5"]);
    expect(m.escalation[0]?.level).toBe("1");
    expect(m.reporting).toEqual({ period: "month", compliance_target: "0.95", csat_target: "4.2" });
    expect(m.credits.per_breach).toEqual({ p1: "250.00", p2: "1%", p3: "", p4: "" });
    expect(m.credits.bands).toEqual([
      { below: "0.95", percent: "5" },
      { below: "0.9", percent: "10" },
    ]);
    expect(m.credits.cap_percent).toBe("20");
  });

  it("enterprise: no end date and no holidays are written as such", () => {
    const written = writeAgreement(read(readFileSync(join(SAMPLES, "enterprise.toml"), "utf8")));
    expect(written).not.toMatch(/effective_to/);
    expect(written).toMatch(/^holidays = \[\]$/m);
    expect(written).toMatch(/^mon = \["00:00-24:00"\]$/m);
  });
});

describe("writing", () => {
  const base = () => read(NEW_AGREEMENT);

  it("the new-agreement template reads and round-trips", () => {
    const m = base();
    expect(read(writeAgreement(m))).toEqual(m);
  });

  it("omits optional keys that are empty and the business clock", () => {
    const m = base();
    m.effective_to = "";
    m.account_manager = "  ";
    m.reporting.csat_target = "";
    m.credits.cap_percent = "";
    m.channels[0]!.after_hours = "";
    const out = writeAgreement(m);
    for (const k of ["effective_to", "account_manager", "csat_target", "cap_percent", "after_hours", "technical_staff"]) expect(out).not.toContain(k);
    expect(out.match(/^clock = "24x7"$/gm)).toHaveLength(1);
    expect(out).not.toContain('clock = "business"');
  });

  it("writes technical staff, channel windows and per-breach credits", () => {
    const m = base();
    m.tier = "enterprise";
    m.technical_staff = ["Ana Ruiz <ana@example.com>", "Bo \"Li\""];
    m.channels.push({ kind: "phone", hours: { mode: "daily", windows: ["07:00-21:00"] }, after_hours: "" });
    m.channels.push({ kind: "live_chat", hours: { mode: "weekly", week: { ...read(NEW_AGREEMENT).calendar.week, sat: ["10:00-14:00"] } }, after_hours: "" });
    m.credits.per_breach.p1 = "250.00";
    m.credits.per_breach.p3 = "5%";
    m.credits.bands = [{ below: "0.95", percent: "5" }];
    const out = writeAgreement(m);
    expect(out).toContain('technical_staff = ["Ana Ruiz <ana@example.com>", "Bo \\"Li\\""]');
    expect(out).toContain('hours = ["07:00-21:00"]');
    expect(out).toContain('hours = { mon = ["08:00-17:00"], tue = ["08:00-17:00"], wed = ["08:00-17:00"], thu = ["08:00-17:00"], fri = ["08:00-17:00"], sat = ["10:00-14:00"], sun = [] }');
    expect(out).toContain('per_breach = { p1 = "250.00", p3 = "5%" }');
    expect(out).toContain("bands = [ { below = 0.95, percent = 5 } ]");
    expect(read(out)).toEqual(m);
  });

  it("always writes a file that parses: bad numbers and dates become text for the engine to name", () => {
    const m = base();
    m.effective_from = "2026-02-30";
    m.escalation[0]!.at = "7.";
    m.escalation[0]!.level = "01";
    m.reporting.compliance_target = "abc";
    m.title = 'Line\nbreak "quoted" \\ and \u007f';
    const out = writeAgreement(m);
    expect(out).toContain('effective_from = "2026-02-30"');
    expect(out).toContain('at = "7."');
    expect(out).toContain('level = "01"');
    expect(out).toContain('compliance_target = "abc"');
    expect(read(out)).toEqual(m);
  });

  it("quotes with TOML escapes only", () => {
    expect(quote('a"b\\c\td')).toBe('"a\\"b\\\\c\\td"');
    expect(quote("\u007f")).toBe('"\\u007F"');
  });
});

describe("reading refuses what the form cannot show", () => {
  it("a syntax error", () => {
    const r = readAgreement('id = "x"\ntitle = \n');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.syntax).toBe(true);
  });

  it("unknown keys, unknown choices and wrong types, each by key", () => {
    const r = readAgreement(
      `${NEW_AGREEMENT.replace('tier = "basic"', 'tier = "gold"\nfoo = 1').replace('kind = "email"', 'kind = "fax"')}\n[credits.x]\n`,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.syntax).toBe(false);
    expect(r.problems.join("\n")).toMatch(/^tier: "gold" is not one of/m);
    expect(r.problems.join("\n")).toMatch(/^foo: /m);
    expect(r.problems.join("\n")).toMatch(/^channels\[0\]\.kind: /m);
  });

  it("a window the form cannot split, and a date with a time", () => {
    const r = readAgreement(NEW_AGREEMENT.replace('sat = []', 'sat = ["all"]').replace("effective_from = 2026-01-01", "effective_from = 2026-01-01T08:00:00"));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.some((p) => p.startsWith("calendar.sat[0]:"))).toBe(true);
    expect(r.problems.some((p) => p.startsWith("effective_from:"))).toBe(true);
  });

  it("counts comments, not # inside strings", () => {
    expect(countComments('a = "x # y" # real\n# another\nb = \'#\'\nc = """\n# in a string\n"""\n')).toBe(2);
    expect(readAgreement(`# heading\n${NEW_AGREEMENT}`)).toMatchObject({ ok: true, comments: 1 });
  });
});

describe("amendments are kept as written", () => {
  const premium = readFileSync(join(SAMPLES, "premium.toml"), "utf8");
  const TAIL = `[[amendments]]
effective = 2026-10-15   # from the quarter's second half
reference = "Amendment No. 1"
signed = 2026-10-01
monthly_fee = "13500.00"

[amendments.targets.p2]
resolution = "6h"

[[ amendments ]]
effective = 2026-12-01
reference = "Amendment No. 2"
[amendments.credits]
per_breach = { p1 = "300.00" }
`;
  const amended = `${premium}\n${TAIL}`;

  it("the tail runs from the first [[amendments]] line to the end", () => {
    expect(splitAmendments(amended)).toEqual({ head: `${premium}\n`, tail: TAIL });
    expect(splitAmendments(premium)).toEqual({ head: premium, tail: "" });
  });

  it("the form reads the rest, carries the tail verbatim and writes it back after the rest", () => {
    const r = readAgreement(amended);
    if (!r.ok) throw new Error(r.problems.join("\n"));
    expect(r.model.amendments).toBe(TAIL);
    // The amendments do not change the base terms the form shows.
    expect(r.model.monthly_fee).toBe("12500.00");
    expect(r.model.targets.p2.resolution).toBe("8h");
    // Their comment is kept with them: only the rest's would be lost to a form edit.
    expect(r.comments).toBe(countComments(premium));
    const written = writeAgreement(r.model);
    expect(written.endsWith(`\n\n${TAIL}`)).toBe(true);
    expect(read(written)).toEqual(r.model);
    expect(writeAgreement(read(written))).toBe(written);
    // An edit of the form leaves them as they were.
    const m = read(written);
    m.title = "Renamed";
    expect(writeAgreement(m)).toContain(`title = "Renamed"`);
    expect(splitAmendments(writeAgreement(m)).tail).toBe(TAIL);
  });

  it("an amendment the engine appended reads, and is written back byte for byte", () => {
    const data = JSON.parse(readFileSync(resolve(__dirname, "../../lib/ipc/mock/data/statements.json"), "utf8")) as {
      proposals: { change: string; result: { ok?: { source: string } } }[];
    };
    const sources = data.proposals.filter((p) => p.change.startsWith("amend") && p.result.ok).map((p) => p.result.ok?.source ?? "");
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source).toContain("\n[[amendments]]\n");
      const written = writeAgreement(read(source));
      expect(splitAmendments(written).tail).toBe(splitAmendments(source).tail);
      expect(written.endsWith(`cap_percent = 20\n\n${splitAmendments(source).tail}`)).toBe(true);
    }
  });

  it("without amendments nothing is added", () => {
    const written = writeAgreement(read(premium));
    expect(written).not.toContain("amendments");
    expect(written.endsWith("cap_percent = 20\n")).toBe(true);
  });

  it("lists each amendment's reference, dates and the keys it replaces", () => {
    expect(listAmendments(TAIL)).toEqual([
      { reference: "Amendment No. 1", effective: "2026-10-15", signed: "2026-10-01", replaces: ["monthly_fee", "targets.p2.resolution"] },
      { reference: "Amendment No. 2", effective: "2026-12-01", signed: "", replaces: ["credits.per_breach.p1"] },
    ]);
    expect(listAmendments("")).toEqual([]);
  });

  it("refuses a table after the amendments, and locates a syntax error in them as the TOML tab does", () => {
    const after = readAgreement(`${amended}\n[notes]\ntext = "x"\n`);
    expect(after.ok).toBe(false);
    expect(!after.ok && after.problems.join("\n")).toMatch(/^notes: comes after the amendments/m);
    const lines = amended.split("\n").length;
    const broken = readAgreement(`${amended}reference = = "x"\n`);
    expect(broken).toMatchObject({ ok: false, syntax: true });
    expect(!broken.ok && broken.problems[0]).toMatch(new RegExp(`^line ${lines}, `));
  });
});

describe("percent and fraction", () => {
  it("shift exactly", () => {
    expect(percentToFraction("75")).toBe("0.75");
    expect(percentToFraction("100")).toBe("1.0");
    expect(percentToFraction("150")).toBe("1.5");
    expect(percentToFraction("7")).toBe("0.07");
    expect(percentToFraction("7.")).toBe("0.07");
    expect(percentToFraction("abc")).toBeNull();
    expect(percentToFraction("")).toBeNull();
    expect(fractionToPercent("0.07")).toBe("7");
    expect(fractionToPercent("0.9")).toBe("90");
    expect(fractionToPercent("1.0")).toBe("100");
    expect(fractionToPercent("0.955")).toBe("95.5");
    expect(shiftDecimal("0012.500", 0)).toBe("12.5");
  });
});
