// The versions saved in the mock, for the editor's History tab: the export has each agreement's
// history as imported; a save made here adds a version on top, with its diff against the one
// before written the way the backend writes it (every changed line, three unchanged lines of
// context around each change, a bare `gap` between hunks). A plain longest-common-subsequence
// line diff: the TOML files are a few hundred lines at most.
import type { AgreementVersion, DiffLine } from "../bindings";

const CONTEXT = 3;

/** The lines of a text (a final line break does not start another line). */
function linesOf(text: string): string[] {
  if (text === "") return [];
  const l = text.split("\n");
  if (text.endsWith("\n")) l.pop();
  return l;
}

/** Every line of `after` against `before`: unchanged, removed or added, in order. */
function fullDiff(a: string[], b: string[]): DiffLine[] {
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] = a[i] === b[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: "context", old_line: i + 1, new_line: j + 1, text: a[i] ?? "" });
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) {
      out.push({ kind: "added", old_line: null, new_line: j + 1, text: b[j] ?? "" });
      j++;
    } else {
      out.push({ kind: "removed", old_line: i + 1, new_line: null, text: a[i] ?? "" });
      i++;
    }
  }
  // Removed lines before the added ones that replace them, as diffs read.
  for (let k = 1; k < out.length; k++) {
    let m = k;
    while (m > 0 && out[m]?.kind === "removed" && out[m - 1]?.kind === "added") {
      [out[m - 1], out[m]] = [out[m] as DiffLine, out[m - 1] as DiffLine];
      m--;
    }
  }
  return out;
}

/** The diff of `after` against `before` as the backend sends it. */
export function diffSources(before: string, after: string): DiffLine[] {
  const all = fullDiff(linesOf(before), linesOf(after));
  const changed = all.flatMap((l, k) => (l.kind === "context" ? [] : [k]));
  const keep = new Set(changed.flatMap((k) => Array.from({ length: 2 * CONTEXT + 1 }, (_, d) => k + d - CONTEXT)));
  const out: DiffLine[] = [];
  let last = -1;
  all.forEach((l, k) => {
    if (!keep.has(k)) return;
    if (last >= 0 && k > last + 1) out.push({ kind: "gap", old_line: null, new_line: null, text: "" });
    out.push(l);
    last = k;
  });
  return out;
}

/** The version a save makes: `created` when there was none before. */
export function savedVersion(before: { version: number; source: string } | undefined, source: string, at: string, by: string): AgreementVersion {
  return {
    version: (before?.version ?? 0) + 1,
    action: before ? "replaced" : "created",
    changed_at: at,
    changed_by: by,
    diff: diffSources(before?.source ?? "", source),
    source,
  };
}
