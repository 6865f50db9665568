// The History tab's text: a version's header line, line counts, the diff's gaps counted.
import { describe, expect, it } from "vitest";
import type { AgreementVersion, DiffLine } from "../../lib/ipc";
import { formatInstant } from "../../lib/time";
import { countLines, diffRows, diffStats, gapText, lines, versionTitle, zoneOf } from "./history";

const ctx = (o: number, n: number): DiffLine => ({ kind: "context", old_line: o, new_line: n, text: `line ${n}` });
const add = (n: number): DiffLine => ({ kind: "added", old_line: null, new_line: n, text: `new ${n}` });
const del = (o: number): DiffLine => ({ kind: "removed", old_line: o, new_line: null, text: `old ${o}` });
const GAP: DiffLine = { kind: "gap", old_line: null, new_line: null, text: "" };

const version = (v: Partial<AgreementVersion>): AgreementVersion => ({
  version: 3,
  action: "replaced",
  changed_at: "2026-11-20T15:00:00Z",
  changed_by: "dana",
  diff: [],
  source: "",
  ...v,
});

describe("versionTitle", () => {
  it("names the version, the action, when in the zone given, and who", () => {
    // The date as the time helpers write it (its commas are the ICU's).
    expect(versionTitle(version({}), "UTC")).toBe(`Version 3 · replaced · ${formatInstant("2026-11-20T15:00:00Z", "UTC")} · by dana`);
    expect(versionTitle(version({}), "UTC")).toMatch(/^Version 3 · replaced · Fri,? 20 Nov 2026,? 15:00 UTC · by dana$/);
  });
  it("says the time in the zone given", () => {
    expect(versionTitle(version({ version: 1, action: "created" }), "America/New_York")).toMatch(/^Version 1 · created · Fri,? 20 Nov 2026,? 10:00 (EST|GMT-5) · by dana$/);
  });
  it("leaves out who when nobody is named", () => {
    expect(versionTitle(version({ changed_by: " " }), "UTC")).toMatch(/ 15:00 UTC$/);
  });
});

describe("countLines and lines", () => {
  it("does not count the final line break as a line", () => {
    expect(countLines("a\nb\n")).toBe(2);
    expect(countLines("a\nb")).toBe(2);
    expect(countLines("")).toBe(0);
  });
  it("says one line or many", () => {
    expect(lines(1)).toBe("1 line");
    expect(lines(1200)).toBe("1,200 lines");
  });
});

describe("diffStats", () => {
  it("counts added and removed lines, not context or gaps", () => {
    expect(diffStats([ctx(1, 1), del(2), add(2), add(3), GAP, ctx(10, 11)])).toEqual({ added: 2, removed: 1 });
  });
});

describe("diffRows", () => {
  it("counts the unchanged lines before, between and after the hunks", () => {
    // A 30-line TOML: line 5 replaced, line 20 added.
    const diff = [ctx(2, 2), ctx(3, 3), ctx(4, 4), del(5), add(5), ctx(6, 6), ctx(7, 7), ctx(8, 8), GAP, ctx(16, 16), ctx(17, 17), ctx(18, 18), add(19), ctx(19, 20), ctx(20, 21), ctx(21, 22)];
    const rows = diffRows(diff, 30);
    const gaps = rows.flatMap((r) => ("gap" in r ? [r.gap] : []));
    expect(gaps).toEqual([1, 7, 8]);
    expect(rows[0]).toEqual({ gap: 1 });
    expect(rows.at(-1)).toEqual({ gap: 8 });
    expect(rows.filter((r) => "line" in r)).toHaveLength(diff.length - 1);
  });
  it("adds no gap to a created version's every line", () => {
    const rows = diffRows([add(1), add(2), add(3)], 3);
    expect(rows.every((r) => "line" in r)).toBe(true);
  });
  it("keeps the backend's gap even when its size cannot be told", () => {
    const rows = diffRows([del(1), GAP, del(9)], 0);
    expect(rows).toEqual([{ line: del(1) }, { gap: 7 }, { line: del(9) }]);
    expect(diffRows([add(1), GAP], 1).at(-1)).toEqual({ gap: null });
  });
  it("draws nothing for a save that changed nothing", () => {
    expect(diffRows([], 10)).toEqual([]);
  });
});

describe("gapText", () => {
  it("says how many lines are left out when known", () => {
    expect(gapText(12)).toBe("12 lines unchanged");
    expect(gapText(1)).toBe("1 line unchanged");
    expect(gapText(null)).toBe("Lines unchanged");
  });
});

describe("zoneOf", () => {
  it("reads the calendar's zone", () => {
    expect(zoneOf('id = "A"\n[calendar]\ntime_zone = "America/New_York"\n')).toBe("America/New_York");
  });
  it("gives none for TOML that does not read, has no zone, or names an unknown one", () => {
    expect(zoneOf("id = ")).toBeUndefined();
    expect(zoneOf('id = "A"\n')).toBeUndefined();
    expect(zoneOf('[calendar]\ntime_zone = "Mars/Olympus"\n')).toBeUndefined();
  });
});
