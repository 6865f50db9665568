import { describe, expect, it } from "vitest";
import { diffSources, savedVersion } from "./history";

const lines = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `line ${i + from}`);
const text = (l: string[]) => `${l.join("\n")}\n`;

describe("the mock's diff of a save", () => {
  it("shows each change with three lines of context and a gap between hunks", () => {
    const before = lines(20);
    const after = [...before];
    after[4] = "changed 5";
    after[15] = "changed 16";
    const d = diffSources(text(before), text(after));
    expect(d.map((l) => `${l.kind} ${l.old_line ?? "-"} ${l.new_line ?? "-"} ${l.text}`)).toEqual([
      "context 2 2 line 2",
      "context 3 3 line 3",
      "context 4 4 line 4",
      "removed 5 - line 5",
      "added - 5 changed 5",
      "context 6 6 line 6",
      "context 7 7 line 7",
      "context 8 8 line 8",
      "gap - - ",
      "context 13 13 line 13",
      "context 14 14 line 14",
      "context 15 15 line 15",
      "removed 16 - line 16",
      "added - 16 changed 16",
      "context 17 17 line 17",
      "context 18 18 line 18",
      "context 19 19 line 19",
    ]);
  });

  it("lines appended at the end are added after the last context", () => {
    const d = diffSources(text(lines(5)), text([...lines(5), "", "[[amendments]]"]));
    expect(d.map((l) => l.kind)).toEqual(["context", "context", "context", "added", "added"]);
    expect(d.at(-1)).toEqual({ kind: "added", old_line: null, new_line: 7, text: "[[amendments]]" });
  });

  it("a first save is created with every line added; a later one replaces", () => {
    const v1 = savedVersion(undefined, "a\nb\n", "2026-11-20T15:00:00Z", "demo");
    expect(v1).toMatchObject({ version: 1, action: "created" });
    expect(v1.diff.map((l) => l.kind)).toEqual(["added", "added"]);
    const v2 = savedVersion({ version: 1, source: "a\nb\n" }, "a\nc\n", "2026-11-20T15:01:00Z", "demo");
    expect(v2).toMatchObject({ version: 2, action: "replaced", source: "a\nc\n" });
    expect(v2.diff.map((l) => l.kind)).toEqual(["context", "removed", "added"]);
  });
});
