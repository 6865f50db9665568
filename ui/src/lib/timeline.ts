// The SLA timeline's geometry (features/Timeline.tsx), kept apart from the drawing so it can be
// tested: where an instant goes across the bars when the long stretches in which no clock
// counts are folded to a small fixed width; the window a person zoomed and panned to; the
// axis's ticks; and where the marks' labels fit without running off the picture or over each
// other. It lays out what the engine gave and never works out a deadline or counted time
// itself: which stretches count is the engine's `counted_s`.
import type { Segment, SegmentKind } from "./ipc";
import { toSeconds } from "./time";

/** `[from, to)` in seconds since the epoch. */
export interface Interval {
  from: number;
  to: number;
}

/** A stretch in which no clock counts, folded, with the kinds of stretch it holds. */
export interface Fold extends Interval {
  kinds: SegmentKind[];
}

/** The kinds a fold names, in this order (what a person can change first). */
const FOLD_KINDS: SegmentKind[] = ["paused", "holiday", "outside_hours", "stopped", "business_hours", "counted24x7"];

/** Touching or overlapping intervals made one, in order. */
function merged(xs: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of [...xs].sort((a, b) => a.from - b.from)) {
    const last = out[out.length - 1];
    if (last && x.from <= last.to) last.to = Math.max(last.to, x.to);
    else out.push({ ...x });
  }
  return out;
}

/**
 * The stretches of `[from, to]` at least `minS` long in which some clock has a stretch and no
 * clock counts (every stretch there counted nothing: outside hours, a holiday, paused,
 * stopped). Time no clock has a stretch for (after the last due instant) is not folded: nothing
 * is known of it.
 */
export function foldsOf(clocks: readonly (readonly Segment[])[], from: number, to: number, minS: number): Fold[] {
  const all = clocks.flat().map((s) => ({ s, from: Math.max(from, toSeconds(s.from)), to: Math.min(to, toSeconds(s.to)) }));
  const covered = merged(all.filter((a) => a.to > a.from));
  const counting = merged(all.filter((a) => a.to > a.from && a.s.counted_s > 0));
  const folds: Fold[] = [];
  for (const c of covered) {
    // The parts of this covered stretch between the counting ones.
    let at = c.from;
    const gaps: Interval[] = [];
    for (const k of counting) {
      if (k.to <= c.from || k.from >= c.to) continue;
      if (k.from > at) gaps.push({ from: at, to: k.from });
      at = Math.max(at, k.to);
    }
    if (at < c.to) gaps.push({ from: at, to: c.to });
    for (const g of gaps) {
      if (g.to - g.from < minS) continue;
      const inside = new Set(all.filter((a) => a.s.counted_s === 0 && a.from < g.to && a.to > g.from).map((a) => a.s.kind));
      const kinds = FOLD_KINDS.filter((k) => inside.has(k));
      folds.push({ ...g, kinds });
    }
  }
  return folds;
}

/** Where instants go across a bar `width` pixels wide, and back. */
export interface Scale {
  from: number;
  to: number;
  width: number;
  /** The folds kept (each drawn `foldPx` wide), in order. */
  folds: Interval[];
  foldPx: number;
  /** Pixels per second outside the folds. */
  pxPerS: number;
  /** The pixel of an instant: 0 at `from`, `width` at `to`; beyond them, on at `pxPerS`. */
  x(t: number): number;
  /** The instant at a pixel: the inverse of `x`. */
  t(x: number): number;
}

interface Piece {
  t0: number;
  t1: number;
  x0: number;
  x1: number;
}

/**
 * A piecewise linear scale of `[from, to]` onto `[0, width]`: each fold gets `foldPx` pixels
 * (less when there are so many that they would take more than `maxFoldShare` of the width),
 * the rest of the time shares the rest of the width in proportion. A fold that would be
 * narrower unfolded is not folded (folding must never widen a stretch), so `folds` holds the
 * ones kept. Without folds it is the plain linear scale.
 */
export function makeScale(from: number, to: number, width: number, folds: readonly Interval[] = [], foldPx = 14, maxFoldShare = 0.3): Scale {
  const span = Math.max(1, to - from);
  let kept = merged(folds.map((f) => ({ from: Math.max(from, f.from), to: Math.min(to, f.to) })).filter((f) => f.to > f.from));
  let fw = 0;
  let rate = width / span;
  // Dropping a fold frees time, which lowers the rate, which can make another fold pointless:
  // drop until none is left that would be narrower unfolded.
  for (;;) {
    const free = span - kept.reduce((n, f) => n + f.to - f.from, 0);
    if (kept.length === 0 || free <= 0) {
      kept = [];
      fw = 0;
      rate = width / span;
      break;
    }
    fw = Math.min(foldPx, (maxFoldShare * width) / kept.length);
    rate = (width - fw * kept.length) / free;
    const worth = kept.filter((f) => (f.to - f.from) * rate > fw);
    if (worth.length === kept.length) break;
    kept = worth;
  }
  const pieces: Piece[] = [];
  let t = from;
  let x = 0;
  for (const f of kept) {
    if (f.from > t) pieces.push({ t0: t, t1: f.from, x0: x, x1: (x += (f.from - t) * rate) });
    pieces.push({ t0: f.from, t1: f.to, x0: x, x1: (x += fw) });
    t = f.to;
  }
  if (to > t || pieces.length === 0) pieces.push({ t0: t, t1: Math.max(to, t + 1), x0: x, x1: width });
  // The last piece ends exactly at the width (no rounding left over).
  pieces[pieces.length - 1]!.x1 = width;
  const find = <K extends "t" | "x">(v: number, k: K): Piece => {
    let lo = 0;
    let hi = pieces.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((k === "t" ? pieces[mid]!.t0 : pieces[mid]!.x0) <= v) lo = mid;
      else hi = mid - 1;
    }
    return pieces[lo]!;
  };
  return {
    from,
    to,
    width,
    folds: kept,
    foldPx: fw,
    pxPerS: rate,
    x(v) {
      if (v <= from) return (v - from) * rate;
      if (v >= to) return width + (v - to) * rate;
      const p = find(v, "t");
      return p.x0 + ((v - p.t0) / (p.t1 - p.t0)) * (p.x1 - p.x0);
    },
    t(v) {
      if (v <= 0) return from + v / rate;
      if (v >= width) return to + (v - width) / rate;
      const p = find(v, "x");
      return p.x1 === p.x0 ? p.t0 : p.t0 + ((v - p.x0) / (p.x1 - p.x0)) * (p.t1 - p.t0);
    },
  };
}

/** The part of a scale's `[0, width]` shown across the bar. */
export interface View {
  x0: number;
  x1: number;
}

/** A view kept within `[0, width]` and no narrower than `minW` (nor wider than the width). */
export function clampView(v: View, width: number, minW: number): View {
  const w = Math.min(width, Math.max(Math.min(minW, width), v.x1 - v.x0));
  const mid = (v.x0 + v.x1) / 2;
  const x0 = Math.min(width - w, Math.max(0, mid - w / 2));
  return { x0, x1: x0 + w };
}

/**
 * The view zoomed by `factor` (2: twice as close) keeping the scale's point `anchor` where it
 * is on the screen (the middle of the view unless given: the pointer's).
 */
export function zoomView(v: View, factor: number, width: number, minW: number, anchor = (v.x0 + v.x1) / 2): View {
  const w = v.x1 - v.x0;
  const nw = Math.min(width, Math.max(Math.min(minW, width), w / factor));
  const share = w > 0 ? (anchor - v.x0) / w : 0.5;
  const x0 = Math.min(width - nw, Math.max(0, anchor - share * nw));
  return { x0, x1: x0 + nw };
}

/** The view moved by `dx` of the scale's pixels, stopping at either end. */
export function panView(v: View, dx: number, width: number): View {
  const w = v.x1 - v.x0;
  const x0 = Math.min(width - w, Math.max(0, v.x0 + dx));
  return { x0, x1: x0 + w };
}

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
const STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];
const MONTH_STEPS = [1, 2, 3, 6, 12];

/** Ticks of an axis: the instants and the step between them (in seconds; a month is 30 days). */
export interface Ticks {
  at: number[];
  step: number;
}

/**
 * Round instants within `[t0, t1]`, at most about `max` of them: whole minutes, hours, days
 * (midnight where the zone is `offsetS` east of UTC at the window's start), weeks from Monday,
 * or the first of months.
 */
export function ticksFor(t0: number, t1: number, offsetS: number, max: number): Ticks {
  const span = t1 - t0;
  const step = STEPS.find((s) => span / s <= max);
  if (step !== undefined) {
    // Weeks from a Monday (the epoch was a Thursday); the rest from local midnight.
    const base = step >= 7 * DAY ? 4 * DAY : 0;
    const first = Math.ceil((t0 + offsetS - base) / step) * step + base - offsetS;
    const at: number[] = [];
    for (let t = first; t <= t1; t += step) at.push(t);
    return { at, step };
  }
  const months = MONTH_STEPS.find((m) => span / (m * 30 * DAY) <= max) ?? Math.ceil(span / (max * 365 * DAY)) * 12;
  const start = new Date((t0 + offsetS) * 1000);
  let y = start.getUTCFullYear();
  let m = Math.floor(start.getUTCMonth() / months) * months;
  const at: number[] = [];
  for (;;) {
    const t = Date.UTC(y, m, 1) / 1000 - offsetS;
    if (t > t1) break;
    if (t >= t0) at.push(t);
    m += months;
    if (m >= 12) {
      y += Math.floor(m / 12);
      m %= 12;
    }
  }
  return { at, step: months * 30 * DAY };
}

/** Where a label may go beside its point: after it, before it, or centred on it. */
export type Side = "right" | "left" | "middle";

/** A label wanted at `x`: its texts, longest first (the shorter ones are its fall-backs). */
export interface LabelWish {
  x: number;
  texts: readonly string[];
  sides: readonly Side[];
}

export interface PlacedLabel {
  text: string;
  /** Where the text is anchored, and how (SVG `text-anchor`). */
  x: number;
  anchor: "start" | "end" | "middle";
  /** The box it takes. */
  from: number;
  to: number;
}

/**
 * Labels on one line placed in the order given (the first ones matter most): each in the
 * first of its texts and sides that lies wholly inside `[min, max]` and clear of the labels
 * already placed; a label for which nothing fits is left out (null) rather than cut.
 */
export function placeLabels(wishes: readonly LabelWish[], min: number, max: number, measure: (text: string) => number, gap = 4): (PlacedLabel | null)[] {
  const taken: { from: number; to: number }[] = [];
  return wishes.map((w) => {
    for (const text of w.texts) {
      const width = measure(text);
      for (const side of w.sides) {
        const from = side === "right" ? w.x + gap : side === "left" ? w.x - gap - width : w.x - width / 2;
        const to = from + width;
        if (from < min || to > max) continue;
        if (taken.some((b) => from < b.to + gap && to > b.from - gap)) continue;
        taken.push({ from, to });
        const anchor = side === "right" ? "start" : side === "left" ? "end" : "middle";
        return { text, x: side === "right" ? w.x + gap : side === "left" ? w.x - gap : w.x, anchor, from, to };
      }
    }
    return null;
  });
}

/**
 * Marks too close to be told apart, gathered: items sorted by `x`, each group the run of items
 * less than `gap` pixels from the previous one, drawn as one mark at its first item's x.
 */
export function clusterByX<T>(items: readonly T[], x: (item: T) => number, gap: number): T[][] {
  const sorted = [...items].sort((a, b) => x(a) - x(b));
  const groups: T[][] = [];
  for (const item of sorted) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (last && prev !== undefined && x(item) - x(prev) < gap) last.push(item);
    else groups.push([item]);
  }
  return groups;
}
