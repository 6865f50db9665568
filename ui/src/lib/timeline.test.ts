import { describe, expect, it } from "vitest";
import type { Segment, SegmentKind } from "./ipc";
import { clampView, clusterByX, foldsOf, makeScale, panView, placeLabels, ticksFor, zoomView } from "./timeline";

const H = 3600;
const T0 = Date.parse("2026-11-16T00:00:00Z") / 1000; // a Monday
const iso = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
const seg = (kind: SegmentKind, from: number, to: number): Segment => ({
  kind,
  from: iso(from),
  to: iso(to),
  counted_s: kind === "business_hours" || kind === "counted24x7" ? to - from : 0,
  note: "",
});

/** Five business days, 9 to 17, with the nights and the weekend between. */
function week(): Segment[] {
  const out: Segment[] = [];
  for (let d = 0; d < 5; d++) {
    const day = T0 + d * 24 * H;
    if (d > 0) out.push(seg("outside_hours", day - 7 * H, day + 9 * H));
    else out.push(seg("outside_hours", day, day + 9 * H));
    out.push(seg("business_hours", day + 9 * H, day + 17 * H));
  }
  out.push(seg("outside_hours", T0 + 4 * 24 * H + 17 * H, T0 + 7 * 24 * H + 9 * H));
  out.push(seg("business_hours", T0 + 7 * 24 * H + 9 * H, T0 + 7 * 24 * H + 12 * H));
  return out;
}

describe("foldsOf", () => {
  it("folds the stretches in which no clock counts, longer than the threshold", () => {
    const folds = foldsOf([week()], T0, T0 + 8 * 24 * H, 4 * H);
    // The first morning, four nights and the weekend.
    expect(folds.map((f) => [f.from - T0, f.to - f.from])).toEqual([
      [0, 9 * H],
      [17 * H, 16 * H],
      [41 * H, 16 * H],
      [65 * H, 16 * H],
      [89 * H, 16 * H],
      [113 * H, 64 * H],
    ]);
    expect(folds[1]!.kinds).toEqual(["outside_hours"]);
  });

  it("does not fold while the other clock counts, and names what each fold holds", () => {
    const fr = [seg("business_hours", T0, T0 + 10 * H), seg("stopped", T0 + 10 * H, T0 + 48 * H)];
    const res = [seg("business_hours", T0, T0 + 2 * H), seg("paused", T0 + 2 * H, T0 + 48 * H)];
    const folds = foldsOf([fr, res], T0, T0 + 48 * H, 4 * H);
    expect(folds).toEqual([{ from: T0 + 10 * H, to: T0 + 48 * H, kinds: ["paused", "stopped"] }]);
  });

  it("leaves short stretches and time no clock covers alone", () => {
    const segs = [seg("business_hours", T0, T0 + H), seg("outside_hours", T0 + H, T0 + 4 * H), seg("business_hours", T0 + 4 * H, T0 + 5 * H)];
    expect(foldsOf([segs], T0, T0 + 100 * H, 4 * H)).toEqual([]);
  });
});

describe("makeScale", () => {
  const folds = foldsOf([week()], T0, T0 + 8 * 24 * H, 4 * H);
  const from = T0;
  const to = T0 + 7 * 24 * H + 12 * H;
  const s = makeScale(from, to, 800, folds, 14);

  it("maps the ends to the edges", () => {
    expect(s.x(from)).toBe(0);
    expect(s.x(to)).toBeCloseTo(800, 9);
    const linear = makeScale(from, to, 800);
    expect(linear.x(from)).toBe(0);
    expect(linear.x(to)).toBeCloseTo(800, 9);
    expect(linear.x((from + to) / 2)).toBeCloseTo(400, 9);
  });

  it("is monotonic", () => {
    let last = -Infinity;
    for (let t = from - H; t <= to + H; t += 600) {
      const x = s.x(t);
      expect(x).toBeGreaterThanOrEqual(last);
      last = x;
    }
  });

  it("gives each fold exactly its width, and the rest shares the rest by time", () => {
    expect(s.folds).toHaveLength(6);
    for (const f of s.folds) expect(s.x(f.to) - s.x(f.from)).toBeCloseTo(14, 9);
    // Counted time: 5 days of 8 hours and 3 hours, over the width left.
    const counted = 43 * H;
    expect(s.pxPerS).toBeCloseTo((800 - 6 * 14) / counted, 12);
    const day = T0 + 24 * H;
    expect(s.x(day + 17 * H) - s.x(day + 9 * H)).toBeCloseTo(8 * H * s.pxPerS, 9);
  });

  it("has an inverse", () => {
    for (let t = from; t <= to; t += 1234) expect(s.t(s.x(t))).toBeCloseTo(t, 3);
    for (let x = 0; x <= 800; x += 7) expect(s.x(s.t(x))).toBeCloseTo(x, 6);
  });

  it("shares at most 30% of the width between many folds, and never widens a stretch by folding it", () => {
    const many = makeScale(from, to, 100, folds, 14);
    for (const f of many.folds) expect(many.x(f.to) - many.x(f.from)).toBeCloseTo(5, 9);
    // A two-hour pause in a long, counted stretch is narrower than a fold: it stays unfolded.
    const short = makeScale(T0, T0 + 1000 * H, 1000, [{ from: T0 + 10 * H, to: T0 + 15 * H }], 14);
    expect(short.folds).toEqual([]);
    expect(short.x(T0 + 500 * H)).toBeCloseTo(500, 9);
  });
});

describe("views", () => {
  it("zooms around the middle or a point, within the width and never too narrow", () => {
    const v = zoomView({ x0: 0, x1: 800 }, 2, 800, 10);
    expect(v).toEqual({ x0: 200, x1: 600 });
    // Around the pointer: the point under it stays put.
    const p = zoomView({ x0: 200, x1: 600 }, 4, 800, 10, 300);
    expect((300 - p.x0) / (p.x1 - p.x0)).toBeCloseTo(0.25, 9);
    expect(zoomView({ x0: 0, x1: 800 }, 1000, 800, 10).x1 - zoomView({ x0: 0, x1: 800 }, 1000, 800, 10).x0).toBe(10);
    expect(zoomView({ x0: 700, x1: 800 }, 0.1, 800, 10)).toEqual({ x0: 0, x1: 800 });
  });

  it("pans and stops at either end", () => {
    expect(panView({ x0: 200, x1: 600 }, 40, 800)).toEqual({ x0: 240, x1: 640 });
    expect(panView({ x0: 200, x1: 600 }, 400, 800)).toEqual({ x0: 400, x1: 800 });
    expect(panView({ x0: 200, x1: 600 }, -400, 800)).toEqual({ x0: 0, x1: 400 });
    expect(clampView({ x0: -50, x1: 900 }, 800, 10)).toEqual({ x0: 0, x1: 800 });
    expect(clampView({ x0: 795, x1: 797 }, 800, 10)).toEqual({ x0: 790, x1: 800 });
  });
});

describe("ticksFor", () => {
  it("picks round steps in the zone", () => {
    const hours = ticksFor(T0 + 30 * 60, T0 + 6 * H, -5 * H, 8);
    expect(hours.step).toBe(H);
    expect(hours.at[0]).toBe(T0 + H);
    const days = ticksFor(T0, T0 + 6 * 24 * H, -5 * H, 8);
    expect(days.step).toBe(24 * H);
    // Local midnight in a zone 5 hours west of UTC is 05:00 UTC.
    expect(days.at[0]).toBe(T0 + 5 * H);
    const months = ticksFor(Date.parse("2026-01-14T00:00:00Z") / 1000, Date.parse("2026-11-20T00:00:00Z") / 1000, 0, 8);
    expect(months.at.map((t) => iso(t).slice(0, 10))).toEqual(["2026-03-01", "2026-05-01", "2026-07-01", "2026-09-01", "2026-11-01"]);
  });
});

describe("placeLabels", () => {
  const measure = (t: string) => t.length * 10;
  it("puts a label on its preferred side, else the other, else its short text, else nowhere", () => {
    const placed = placeLabels(
      [
        { x: 20, texts: ["abc"], sides: ["right", "left"] },
        { x: 195, texts: ["abcdef"], sides: ["right", "left"] },
        { x: 80, texts: ["abcdefgh", "ab"], sides: ["right", "left"] },
        { x: 110, texts: ["abc"], sides: ["right", "left"] },
      ],
      0,
      200,
      measure,
    );
    expect(placed[0]).toMatchObject({ text: "abc", anchor: "start", x: 24, from: 24, to: 54 });
    expect(placed[1]).toMatchObject({ text: "abcdef", anchor: "end", x: 191, from: 131, to: 191 });
    expect(placed[2]).toMatchObject({ text: "ab", anchor: "start", from: 84, to: 104 });
    expect(placed[3]).toBeNull();
  });
});

describe("marks too close to tell apart", () => {
  it("are gathered in runs, each less than the gap from the one before", () => {
    const xs = [100, 5, 108, 30, 115, 140];
    expect(clusterByX(xs, (x) => x, 12)).toEqual([[5], [30], [100, 108, 115], [140]]);
    expect(clusterByX([], (x: number) => x, 12)).toEqual([]);
  });
});
