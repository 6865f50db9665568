// The SLA timeline: the engine's explanation of a ticket drawn as bars, one per clock, from
// opening to now — each stretch coloured by what it was (business hours, outside hours,
// holiday, paused, stopped) — and on to the due instant, the stretches still to come drawn
// lighter; with the due instant, a breach's deadline and breach instant, escalation levels and
// events marked. It answers "why is it due then?": the bar shows exactly which hours counted.
// A long ticket stays readable: the chart zooms and pans (buttons, keys, Ctrl+wheel, drag), and
// can fold the long stretches in which no clock counts. It is drawn in the pixels it is shown
// in (its width measured), so text is never stretched and labels are placed inside it. The
// geometry is lib/timeline.ts; every instant and counted second comes from the engine.
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import type { ClockOutcome, Explanation, Segment } from "../lib/ipc";
import { formatDuration, formatInstant, formatShort, offsetAt, toSeconds } from "../lib/time";
import { breachAfterDeadline } from "../lib/sla";
import { CLOCK_NAME_LABEL, SEGMENT_LABEL } from "../lib/labels";
import { type Fold, type Interval, type LabelWish, type PlacedLabel, type Side, type View, clampView, clusterByX, foldsOf, makeScale, panView, placeLabels, ticksFor, zoomView } from "../lib/timeline";

/** The row labels' column left of the bars, and the margin right of them (pixels). */
const LEFT = 112;
const RIGHT = 10;
/** The first bar's top, a bar's height, and the room between the bars for the second's labels. */
const TOP = 26;
const ROW = 30;
const GAP = 28;
const BARS_END = TOP + 2 * ROW + GAP;
/** The axis under the events' triangles, its labels under it. */
const AXIS = BARS_END + 14;
const HEIGHT = AXIS + 18;
/** A stretch in which no clock counts is folded when longer than this… */
const FOLD_MIN_S = 4 * 3600;
/** …to this width (less when there are very many: lib/timeline.ts). */
const FOLD_PX = 14;
/**
 * Folding is on at first when the timeline spans more than a week: by then nights, weekends and
 * pauses take most of the picture. A shorter one is shown at its true lengths. A person's choice
 * holds for the ticket while its page is open.
 */
const FOLD_BY_DEFAULT_S = 7 * 86400;
/** The narrowest window a zoom goes to (of time a clock could count). */
const MIN_WINDOW_S = 600;
const ZOOM_STEP = 1.6;
/** An arrow key pans by this share of the window. */
const PAN_SHARE = 0.1;
const KEYS_HELP = "Plus and minus zoom, the left and right arrows pan, Home and End go to the start and the end, 0 shows all of it; Ctrl with the mouse wheel zooms at the pointer, dragging pans";

let context: CanvasRenderingContext2D | null | undefined;
/** How wide a text is drawn in a CSS font (about 7 pixels a character until the font is known). */
function textWidth(text: string, font: string): number {
  if (context === undefined) context = typeof document === "undefined" ? null : document.createElement("canvas").getContext("2d");
  if (!context || !font) return text.length * 7;
  context.font = font;
  return context.measureText(text).width;
}

const iso = (t: number) => new Date(t * 1000).toISOString();

/** A length of time in words for the caption: `310 days`, or `2d 3h` under two days. */
function spanWords(s: number): string {
  return s >= 2 * 86400 ? `${Math.round(s / 86400)} days` : formatDuration(s);
}

/** A mark on a clock's bar: its instant, its labels (longest first) and the sides they may go. */
interface MarkSpec {
  at: number;
  className: "due" | "deadline" | "breach";
  testId?: string;
  texts: string[];
  sides: Side[];
  title: string;
}

/** A vertical mark on a clock's bar with its label above it, where `placeLabels` put it. */
function Mark({ x, y, m, label }: { x: number; y: number; m: MarkSpec; label: PlacedLabel | null }) {
  return (
    <g className={`mark ${m.className}`} data-testid={m.testId}>
      <line x1={x} x2={x} y1={y - 4} y2={y + ROW + 4} />
      {label && (
        <text x={label.x} y={y - 7} textAnchor={label.anchor}>
          {label.text}
        </text>
      )}
      <title>{m.title}</title>
    </g>
  );
}

interface Props {
  x: Explanation;
  zone: string | undefined;
}

export function Timeline({ x, zone }: Props) {
  const start = toSeconds(x.opened_at);
  const asOf = toSeconds(x.as_of);
  const dues = [x.sla.first_response.due_at, x.sla.resolution.due_at, x.sla.first_response.breached_at, x.sla.resolution.breached_at]
    .filter((d): d is string => d !== null)
    .map(toSeconds);
  // A ticket still open is drawn up to now (and its deadline); a stopped one up to its last
  // event, so that months after it was resolved do not squeeze its life into a sliver.
  const stopped = x.resolution[x.resolution.length - 1]?.kind === "stopped";
  const lastEvent = Math.max(start, ...x.events.filter((e) => e.known).map((e) => toSeconds(e.at)));
  const shown = Math.max(stopped ? lastEvent : asOf, ...dues, start + 60);
  const end = Math.min(asOf, shown) === asOf ? shown : shown + Math.ceil((shown - start) * 0.04);
  const rows = [
    { key: "first_response", label: CLOCK_NAME_LABEL.first_response, segs: x.first_response, ahead: x.first_response_ahead, clock: x.sla.first_response },
    { key: "resolution", label: CLOCK_NAME_LABEL.resolution, segs: x.resolution, ahead: x.resolution_ahead, clock: x.sla.resolution },
  ];
  const kinds = [...new Set(rows.flatMap((r) => [...r.segs, ...r.ahead].map((s) => s.kind)))];

  // The width it is shown at, and the font its text is drawn in, measured.
  const wrap = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ width: 900, font: "" });
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const observer = new ResizeObserver(() => {
      const svg = el.querySelector("svg");
      const width = Math.round(el.clientWidth);
      const font = svg ? getComputedStyle(svg).fontFamily : "";
      setBox((b) => (b.width === width && b.font === font ? b : { width, font }));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const barW = Math.max(60, box.width - LEFT - RIGHT);

  const [foldChoice, setFoldChoice] = useState<boolean | null>(null);
  const fold = foldChoice ?? end - start > FOLD_BY_DEFAULT_S;
  const folds = useMemo(
    () => (fold ? foldsOf([x.first_response, x.resolution, x.first_response_ahead, x.resolution_ahead], start, end, FOLD_MIN_S) : []),
    [fold, x, start, end],
  );
  const scale = useMemo(() => makeScale(start, end, barW, folds, FOLD_PX), [start, end, barW, folds]);
  const foldAt = new Map<number, Fold>(folds.map((f) => [f.from, f]));

  // The window shown, kept as instants (null: all of it), so that it stays put when the width,
  // the folding or the data change.
  const [win, setWin] = useState<Interval | null>(null);
  const minW = Math.min(barW, MIN_WINDOW_S * scale.pxPerS);
  const view: View = win ? clampView({ x0: scale.x(win.from), x1: scale.x(win.to) }, barW, minW) : { x0: 0, x1: barW };
  const whole = !win;
  const apply = (v: View) => {
    const c = clampView(v, barW, minW);
    setWin(c.x0 <= 0.01 && c.x1 >= barW - 0.01 ? null : { from: scale.t(c.x0), to: scale.t(c.x1) });
  };
  const span = view.x1 - view.x0;
  const zoom = (factor: number, anchor?: number) => apply(zoomView(view, factor, barW, minW, anchor));

  const onKey = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const moves: Record<string, () => void> = {
      "+": () => zoom(ZOOM_STEP),
      "=": () => zoom(ZOOM_STEP),
      "-": () => zoom(1 / ZOOM_STEP),
      _: () => zoom(1 / ZOOM_STEP),
      ArrowLeft: () => apply(panView(view, -PAN_SHARE * span, barW)),
      ArrowRight: () => apply(panView(view, PAN_SHARE * span, barW)),
      Home: () => apply({ x0: 0, x1: span }),
      End: () => apply({ x0: barW - span, x1: barW }),
      "0": () => setWin(null),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    move();
  };

  // The scale's pixel under a pointer.
  const under = (clientX: number) => {
    const left = wrap.current?.querySelector("svg")?.getBoundingClientRect().left ?? 0;
    const p = Math.min(LEFT + barW, Math.max(LEFT, clientX - left));
    return view.x0 + ((p - LEFT) / barW) * span;
  };
  // Ctrl (or ⌘) with the wheel zooms at the pointer; a sideways wheel pans; a plain wheel
  // scrolls the page as everywhere else. Listened to natively: React's wheel listener is
  // passive, and the browser's own zoom must be prevented.
  const wheel = useRef<(e: WheelEvent) => void>(() => {});
  useEffect(() => {
    wheel.current = (e: WheelEvent) => {
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault();
        zoom(Math.exp(-e.deltaY * 0.0015), under(e.clientX));
      } else if (Math.abs(e.deltaX) > Math.abs(e.deltaY) && !whole) {
        e.preventDefault();
        apply(panView(view, (e.deltaX / barW) * span, barW));
      }
    };
  });
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const on = (e: WheelEvent) => wheel.current(e);
    el.addEventListener("wheel", on, { passive: false });
    return () => el.removeEventListener("wheel", on);
  }, []);
  const drag = useRef<{ x: number; view: View } | null>(null);

  // From instants to the picture's pixels, in the window.
  const k = barW / span;
  const px = (t: number) => LEFT + (scale.x(t) - view.x0) * k;
  const inView = (t: number) => {
    const p = px(t);
    return p >= LEFT - 0.5 && p <= LEFT + barW + 0.5;
  };
  /** The part of `[a, b]` in the window: its left and width, or null. */
  const part = (a: number, b: number, min = 0.5): [number, number] | null => {
    const l = Math.max(LEFT, px(a));
    const r = Math.min(LEFT + barW, px(b));
    if (r < LEFT || l > LEFT + barW || r < l) return null;
    return [Math.min(l, LEFT + barW - min), Math.max(min, r - l)];
  };
  const t0 = whole ? start : scale.t(view.x0);
  const t1 = whole ? end : scale.t(view.x1);
  const bold = `700 12px ${box.font}`;
  const small = `400 11px ${box.font}`;
  const hatch = `hatch-${useId().replace(/[^A-Za-z0-9_-]/g, "")}`;
  const captionId = `${hatch}-caption`;

  // The axis: the window's ends, now, and round instants between them where there is room.
  const offset = offsetAt(t0 * 1000, zone);
  const ticks = ticksFor(t0, t1, offset, Math.max(2, Math.floor(barW / 110)));
  const tickText = (t: number) => {
    if (ticks.step < 86400) return (t + offset) % 86400 === 0 ? formatShort(t, zone, "day") : formatShort(t, zone, "time");
    if (ticks.step === 86400) return formatShort(t, zone, "day");
    return ticks.step < 28 * 86400 ? formatShort(t, zone, "date") : formatShort(t, zone, "month");
  };
  const edge = (t: number) => [formatInstant(iso(t), zone), formatShort(t, zone, "dateTime")];
  const axisWishes: LabelWish[] = [
    { x: LEFT - 4, texts: edge(t0), sides: ["right"] },
    { x: LEFT + barW + 4, texts: edge(t1), sides: ["left"] },
    ...ticks.at.map((t) => ({ x: px(t), texts: [tickText(t)], sides: ["middle"] as Side[] })),
  ];
  const axis = placeLabels(axisWishes, 0, box.width, (s) => textWidth(s, small));
  const tickLabels = axis.slice(2);

  // Each bar's marks, labelled above it where there is room: the breach matters most, then the
  // deadline, then the due instant; "now" goes above the first bar, where nothing else is.
  const nowShown = asOf >= start && inView(asOf);
  const order = ["breach", "deadline", "due"];
  const laid = rows.map((r, i) => {
    const y = TOP + i * (ROW + GAP);
    const marks = clockMarks(r.clock, r.label, zone)
      .filter((m) => inView(m.at))
      .sort((a, b) => order.indexOf(a.className) - order.indexOf(b.className));
    const wishes: LabelWish[] = marks.map((m) => ({ x: px(m.at), texts: m.texts, sides: m.sides }));
    if (i === 0 && nowShown) wishes.push({ x: px(asOf), texts: ["now"], sides: ["right", "left"] });
    const labels = placeLabels(wishes, 0, box.width, (s) => textWidth(s, bold));
    const first = r.ahead[0];
    const last = r.ahead[r.ahead.length - 1];
    const hatched = first && last ? part(toSeconds(first.from), toSeconds(last.to)) : null;
    return { ...r, y, marks, labels, now: i === 0 && nowShown ? (labels[marks.length] ?? null) : null, hatched };
  });
  const nowLabel = laid[0]?.now ?? null;

  return (
    <figure className="timeline">
      <div className="timeline-tools">
        <button type="button" className="small" aria-label="Zoom in" title="Zoom in (+)" onClick={() => zoom(ZOOM_STEP)}>
          +
        </button>
        <button type="button" className="small" aria-label="Zoom out" title="Zoom out (−)" onClick={() => zoom(1 / ZOOM_STEP)}>
          −
        </button>
        <button type="button" className="small" aria-label="Fit" title="Show all of it (0)" onClick={() => setWin(null)}>
          Fit
        </button>
        <button type="button" className="small" aria-pressed={fold} onClick={() => setFoldChoice(!fold)}>
          Fold long pauses and nights
        </button>
        <span className="hint">On the chart: + − zoom, ← → pan, Home, End, 0 shows all; Ctrl+wheel zooms, drag pans</span>
      </div>
      <div
        ref={wrap}
        className={`timeline-chart${whole ? "" : " zoomed"}`}
        tabIndex={0}
        role="group"
        aria-label={`SLA timeline chart. ${KEYS_HELP}.`}
        aria-describedby={captionId}
        onKeyDown={onKey}
      >
        <svg
          width={box.width}
          height={HEIGHT}
          viewBox={`0 0 ${box.width} ${HEIGHT}`}
          role="img"
          aria-labelledby="timeline-title timeline-desc"
          onPointerDown={(e) => {
            if (e.button !== 0) return;
            drag.current = { x: e.clientX, view };
            e.currentTarget.setPointerCapture(e.pointerId);
          }}
          onPointerMove={(e) => {
            const d = drag.current;
            if (d) apply(panView(d.view, (-(e.clientX - d.x) / barW) * (d.view.x1 - d.view.x0), barW));
          }}
          onPointerUp={() => (drag.current = null)}
          onPointerCancel={() => (drag.current = null)}
        >
          <title id="timeline-title">SLA timeline</title>
          <desc id="timeline-desc">
            {rows
              .map((r) => `${r.label}: ${formatDuration(r.clock.elapsed_s)} counted of ${formatDuration(r.clock.target_s)}, ${r.clock.state}${instants(r.clock, zone)}`)
              .join("; ")}
          </desc>
          <defs>
            <pattern id={hatch} width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <line x1={0} y1={0} x2={0} y2={6} className="hatch-line" />
            </pattern>
          </defs>
          {/* The part after now is what will happen if nothing changes. */}
          {(() => {
            const p = asOf >= start && end > asOf ? part(asOf, end) : null;
            return (
              p && (
                <rect x={p[0]} y={TOP - 10} width={p[1]} height={BARS_END - TOP + 12} className="future">
                  <title>After now: projected, if the clocks keep running</title>
                </rect>
              )
            );
          })()}
          {laid.map((r) => (
            <g key={r.key} data-clock={r.key}>
              <text x={0} y={r.y + ROW / 2 + 4} className="row-label">
                {r.label}
              </text>
              {[...r.segs.map((s) => ({ s, ahead: false })), ...r.ahead.map((s) => ({ s, ahead: true }))].map(({ s, ahead }, n) => {
                const p = part(toSeconds(s.from), toSeconds(s.to));
                if (!p) return null;
                return (
                  <rect key={n} x={p[0]} y={r.y} width={p[1]} height={ROW} className={`seg seg-${s.kind}${ahead ? " ahead" : ""}`}>
                    <title>
                      {`${ahead ? "Ahead (if nothing changes): " : ""}${SEGMENT_LABEL[s.kind]}${s.note ? `: ${s.note}` : ""}\n${formatInstant(s.from, zone, true)} → ${formatInstant(s.to, zone, true)}\ncounted ${formatDuration(s.counted_s)}`}
                    </title>
                  </rect>
                );
              })}
              {r.hatched && <rect x={r.hatched[0]} y={r.y} width={r.hatched[1]} height={ROW} className="ahead-hatch" fill={`url(#${hatch})`} aria-hidden="true" />}
            </g>
          ))}
          {scale.folds.map((f) => {
            const p = part(f.from, f.to, 1);
            if (!p) return null;
            const what = foldAt.get(f.from)?.kinds.map((kind) => SEGMENT_LABEL[kind].replace(/ \(.*\)$/, "").toLowerCase()) ?? [];
            return (
              <g key={f.from} className="fold" data-testid="fold">
                <rect x={p[0]} y={TOP - 3} width={p[1]} height={BARS_END - TOP + 6} />
                {p[1] >= 6 && <path d={zigzag(p[0] + p[1] / 2, TOP - 3, BARS_END + 3, Math.min(3, p[1] / 2 - 1))} />}
                <title>{`Folded: ${formatDuration(f.to - f.from)} with no clock counting (${what.join(", ")})\n${formatInstant(iso(f.from), zone)} → ${formatInstant(iso(f.to), zone)}`}</title>
              </g>
            );
          })}
          {/* Over the folds, so that a label is never hidden behind one. */}
          {laid.map((r) => (
            <g key={r.key} data-clock={r.key}>
              {r.marks.map((m, n) => (
                <Mark key={m.className} x={px(m.at)} y={r.y} m={m} label={r.labels[n] ?? null} />
              ))}
            </g>
          ))}
          {/* Levels passed within a few pixels of each other are one mark ("1–3"), titled with each. */}
          {(["first_response", "resolution"] as const).flatMap((clock, row) =>
            clusterByX(
              x.escalation.filter((e) => e.clock === clock && e.at !== null && inView(toSeconds(e.at))),
              (e) => px(toSeconds(e.at as string)),
              12,
            ).map((group) => {
              const first = group[0]!;
              const last = group[group.length - 1]!;
              const at = px(toSeconds(first.at as string));
              const y = TOP + row * (ROW + GAP);
              const label = group.length === 1 ? `${first.level}` : `${first.level}–${last.level}`;
              return (
                <g key={`${clock}-${first.level}`} className={`mark escalation ${group.every((e) => e.passed) ? "passed" : ""}`} data-levels={group.map((e) => e.level).join(" ")}>
                  <circle cx={at} cy={y + ROW} r={group.length === 1 ? 5 : 9} />
                  <text x={at} y={y + ROW + 3} textAnchor="middle" className="level-label">
                    {label}
                  </text>
                  <title>{group.map((e) => `Level ${e.level} (${e.name}, ${e.contact}) ${e.passed ? "passed" : "would be passed"} at ${formatInstant(e.at, zone, true)}`).join("\n")}</title>
                </g>
              );
            }),
          )}
          {nowShown && (
            <g className="mark now">
              <line x1={px(asOf)} x2={px(asOf)} y1={TOP - 18} y2={AXIS} />
              {nowLabel && (
                <text x={nowLabel.x} y={TOP - 7} textAnchor={nowLabel.anchor}>
                  {nowLabel.text}
                </text>
              )}
              <title>{`Now: ${formatInstant(x.as_of, zone, true)}`}</title>
            </g>
          )}
          {x.events
            .filter((e) => e.known && inView(toSeconds(e.at)))
            .map((e, n) => (
              <g key={n} className="mark event">
                <path d={`M ${px(toSeconds(e.at))} ${BARS_END + 2} l -5 8 h 10 z`} />
                <title>{`${e.kind.replace(/_/g, " ")}${e.priority ? ` → ${e.priority.toUpperCase()}` : ""} at ${formatInstant(e.at, zone, true)}${e.note ? `: ${e.note}` : ""}`}</title>
              </g>
            ))}
          <line x1={LEFT} x2={LEFT + barW} y1={AXIS} y2={AXIS} className="axis-line" />
          {ticks.at.map((t, n) => (
            <g key={t}>
              <line x1={px(t)} x2={px(t)} y1={AXIS} y2={AXIS + 4} className="axis-line" />
              {tickLabels[n] && (
                <text x={tickLabels[n].x} y={HEIGHT - 4} textAnchor={tickLabels[n].anchor} className="axis axis-tick">
                  {tickLabels[n].text}
                </text>
              )}
            </g>
          ))}
          {axis.slice(0, 2).map(
            (l, n) =>
              l && (
                <text key={n} x={l.x} y={HEIGHT - 4} textAnchor={l.anchor} className={`axis axis-${n === 0 ? "start" : "end"}`}>
                  {l.text}
                </text>
              ),
          )}
        </svg>
      </div>
      <p className="timeline-window">
        <span id={captionId} data-testid="timeline-window" data-from={iso(t0)} data-to={iso(t1)}>
          Showing {formatInstant(iso(t0), zone)} – {formatInstant(iso(t1), zone)} {whole ? `(all of ${spanWords(end - start)})` : `(${formatDuration(t1 - t0)}) of ${spanWords(end - start)}`}
        </span>
        {scale.folds.length > 0 && ` · ${scale.folds.length === 1 ? "one stretch" : `${scale.folds.length} stretches`} with no clock counting folded`}
      </p>
      <figcaption>
        <ul className="legend">
          {kinds.map((kind) => (
            <li key={kind}>
              <span className={`swatch seg-${kind}`} aria-hidden="true" />
              {SEGMENT_LABEL[kind]}
            </li>
          ))}
          {rows.some((r) => r.ahead.length > 0) && (
            <li>
              <span className="swatch ahead" aria-hidden="true" />
              Ahead, if nothing changes
            </li>
          )}
          {scale.folds.length > 0 && (
            <li>
              <span className="swatch fold" aria-hidden="true" />
              Folded: no clock counting
            </li>
          )}
          {rows.some((r) => r.clock.state !== "breached" && r.clock.due_at) && (
            <li>
              <span className="swatch mark-due" aria-hidden="true" />
              Due (if the clock keeps running)
            </li>
          )}
          {rows.some((r) => breachAfterDeadline(r.clock.due_at, r.clock.breached_at)) && (
            <li>
              <span className="swatch mark-deadline" aria-hidden="true" />
              Deadline (target used up)
            </li>
          )}
          {rows.some((r) => r.clock.state === "breached") && (
            <li>
              <span className="swatch mark-breach" aria-hidden="true" />
              Breached (first second over the target)
            </li>
          )}
          <li>
            <span className="swatch mark-escalation" aria-hidden="true" />
            Escalation level
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}

/** A zig-zag down from `y0` to `y1` about `cx`, `a` pixels either side: a fold's break. */
function zigzag(cx: number, y0: number, y1: number, a: number): string {
  let d = `M ${cx} ${y0}`;
  let side = 1;
  for (let y = y0 + 5; y < y1; y += 5, side = -side) d += ` L ${cx + side * a} ${y}`;
  return `${d} L ${cx} ${y1}`;
}

/** A clock's instants in words, for the timeline's description. */
function instants(c: ClockOutcome, zone: string | undefined): string {
  if (c.state === "breached") {
    const deadline = c.due_at ? ` (deadline ${formatInstant(c.due_at, zone, true)})` : "";
    return c.breached_at ? ` at ${formatInstant(c.breached_at, zone, true)}${deadline}` : deadline;
  }
  return c.state === "running" && c.due_at ? `, due ${formatInstant(c.due_at, zone, true)}` : "";
}


/**
 * A clock's instants on its bar: when it is due while it runs; when breached, the breach (red)
 * and, when the breach came later than the second after it, the deadline apart (dark, dashed),
 * each labelled (shorter when the full label has no room) and titled in words.
 */
function clockMarks(clock: ClockOutcome, label: string, zone: string | undefined): MarkSpec[] {
  const { due_at: due, breached_at: breached } = clock;
  const texts = (word: string, at: string) => {
    const t = toSeconds(at);
    return [`${word} ${formatInstant(at, zone)}`, `${word} ${formatShort(t, zone, "dateTime")}`, formatShort(t, zone, "time")];
  };
  if (clock.state !== "breached") {
    if (!due) return [];
    return [{ at: toSeconds(due), className: "due", texts: texts("due", due), sides: ["right", "left"], title: `${label} due at ${formatInstant(due, zone, true)} if the clock keeps running` }];
  }
  // An engine without the breach instant (or a breach one second after the deadline): one mark.
  if (!breached || !breachAfterDeadline(due, breached)) {
    const at = breached ?? due;
    if (!at) return [];
    return [
      {
        at: toSeconds(at),
        className: "breach",
        testId: "breach-mark",
        texts: texts("breached", at),
        sides: ["right", "left"],
        title: `${label} breached at ${formatInstant(at, zone, true)}${due && breached ? ` (deadline ${formatInstant(due, zone, true)})` : ""}`,
      },
    ];
  }
  return [
    {
      at: toSeconds(due as string),
      className: "deadline",
      testId: "deadline-mark",
      texts: texts("deadline", due as string),
      sides: ["left", "right"],
      title: `${label} deadline: its target was used up at ${formatInstant(due, zone, true)}`,
    },
    {
      at: toSeconds(breached),
      className: "breach",
      testId: "breach-mark",
      texts: texts("breached", breached),
      sides: ["right", "left"],
      title: `${label} breached at ${formatInstant(breached, zone, true)}, the first second counted over its target`,
    },
  ];
}

/** The same segments as a table: every stretch, its instants and what it counted. */
export function SegmentTable({ segs, zone, caption }: { segs: Segment[]; zone: string | undefined; caption: string }) {
  let total = 0;
  return (
    <table className="grid compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">From</th>
          <th scope="col">To</th>
          <th scope="col">What</th>
          <th scope="col" className="num">
            Counted
          </th>
          <th scope="col" className="num">
            Running total
          </th>
        </tr>
      </thead>
      <tbody>
        {segs.map((s, i) => {
          total += s.counted_s;
          return (
            <tr key={i}>
              <td>{formatInstant(s.from, zone, true)}</td>
              <td>{formatInstant(s.to, zone, true)}</td>
              <td>
                <span className={`swatch seg-${s.kind}`} aria-hidden="true" /> {SEGMENT_LABEL[s.kind]}
                {s.note && ` (${s.note})`}
              </td>
              <td className="num">{formatDuration(s.counted_s)}</td>
              <td className="num">{formatDuration(total)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
