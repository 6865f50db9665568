// The SLA timeline: the engine's explanation of a ticket drawn as bars, one per clock, from
// opening to now — each stretch coloured by what it was (business hours, outside hours,
// holiday, paused, stopped) — with the due instant, a breach's deadline and breach instant,
// escalation levels and events marked. It answers "why is it due then?": the bar shows
// exactly which hours counted.
import type { ClockOutcome, Explanation, Segment } from "../lib/ipc";
import { formatDuration, formatInstant, toSeconds } from "../lib/time";
import { breachAfterDeadline } from "../lib/sla";
import { CLOCK_NAME_LABEL, SEGMENT_LABEL } from "../lib/labels";


const W = 1000;
const LEFT = 130;
const ROW = 34;
/** About how wide a mark's label is drawn, per character (12px text in the 1000-wide picture). */
const CHAR = 6.4;

/** A vertical mark on a clock's bar with its label above it, kept inside the picture: to the
 * right of the line, or to its left when `left` or when there is no room on the right. */
function Mark({ x, y, className, label, title, left = false, testId }: { x: number; y: number; className: string; label: string; title: string; left?: boolean; testId?: string }) {
  const width = label.length * CHAR;
  const toLeft = (left && x - 4 - width >= 0) || x + 4 + width > W;
  return (
    <g className={`mark ${className}`} data-testid={testId}>
      <line x1={x} x2={x} y1={y - 6} y2={y + ROW + 6} />
      <text x={toLeft ? x - 4 : x + 4} y={y - 8} textAnchor={toLeft ? "end" : "start"}>
        {label}
      </text>
      <title>{title}</title>
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
  const span = end - start;
  const px = (t: number) => LEFT + ((Math.min(Math.max(t, start), end) - start) / span) * (W - LEFT - 10);
  const rows: { label: string; segs: Segment[]; clock: ClockOutcome }[] = [
    { label: CLOCK_NAME_LABEL.first_response, segs: x.first_response, clock: x.sla.first_response },
    { label: CLOCK_NAME_LABEL.resolution, segs: x.resolution, clock: x.sla.resolution },
  ];
  const height = 40 + rows.length * (ROW + 14) + 34;
  const kinds = [...new Set(rows.flatMap((r) => r.segs.map((s) => s.kind)))];

  return (
    <figure className="timeline">
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-labelledby="timeline-title timeline-desc" preserveAspectRatio="none">
        <title id="timeline-title">SLA timeline</title>
        <desc id="timeline-desc">
          {rows
            .map((r) => `${r.label}: ${formatDuration(r.clock.elapsed_s)} counted of ${formatDuration(r.clock.target_s)}, ${r.clock.state}${instants(r.clock, zone)}`)
            .join("; ")}
        </desc>
        {/* The part after now is what will happen if nothing changes. */}
        {end > asOf && asOf >= start && (
          <rect x={px(asOf)} y={20} width={px(end) - px(asOf)} height={height - 50} className="future">
            <title>After now: projected, if the clocks keep running</title>
          </rect>
        )}
        {rows.map((r, i) => {
          const y = 30 + i * (ROW + 14);
          return (
            <g key={r.label}>
              <text x={0} y={y + ROW / 2 + 5} className="row-label">
                {r.label}
              </text>
              {r.segs.map((s, k) => (
                <rect
                  key={k}
                  x={px(toSeconds(s.from))}
                  y={y}
                  width={Math.max(0.5, px(toSeconds(s.to)) - px(toSeconds(s.from)))}
                  height={ROW}
                  className={`seg seg-${s.kind}`}
                >
                  <title>
                    {`${SEGMENT_LABEL[s.kind]}${s.note ? `: ${s.note}` : ""}\n${formatInstant(s.from, zone, true)} → ${formatInstant(s.to, zone, true)}\ncounted ${formatDuration(s.counted_s)}`}
                  </title>
                </rect>
              ))}
              <ClockMarks clock={r.clock} label={r.label} y={y} px={px} zone={zone} />
            </g>
          );
        })}
        {x.escalation
          .filter((e) => e.at !== null)
          .map((e) => {
            const at = toSeconds(e.at as string);
            const i = e.clock === "first_response" ? 0 : 1;
            const y = 30 + i * (ROW + 14);
            return (
              <g key={e.level} className={`mark escalation ${e.passed ? "passed" : ""}`}>
                <circle cx={px(at)} cy={y + ROW} r={5} />
                <text x={px(at)} y={y + ROW + 5} textAnchor="middle" className="level-label">
                  {e.level}
                </text>
                <title>{`Level ${e.level} (${e.name}, ${e.contact}) ${e.passed ? "passed" : "would be passed"} at ${formatInstant(e.at, zone, true)}`}</title>
              </g>
            );
          })}
        {asOf <= end && (
          <g className="mark now">
            <line x1={px(asOf)} x2={px(asOf)} y1={18} y2={height - 28} />
            <text x={px(asOf) - 3} y={height - 14} textAnchor="end">
              now
            </text>
          </g>
        )}
        {x.events
          .filter((e) => e.known)
          .map((e, k) => (
            <g key={k} className="mark event">
              <path d={`M ${px(toSeconds(e.at))} ${height - 30} l -5 -8 h 10 z`} />
              <title>{`${e.kind.replace(/_/g, " ")}${e.priority ? ` → ${e.priority.toUpperCase()}` : ""} at ${formatInstant(e.at, zone, true)}${e.note ? `: ${e.note}` : ""}`}</title>
            </g>
          ))}
        <text x={LEFT} y={height - 4} className="axis">
          opened {formatInstant(x.opened_at, zone)}
        </text>
        <text x={W - 10} y={height - 4} textAnchor="end" className="axis">
          {formatInstant(new Date(end * 1000).toISOString(), zone)}
        </text>
      </svg>
      <figcaption>
        <ul className="legend">
          {kinds.map((k) => (
            <li key={k}>
              <span className={`swatch seg-${k}`} aria-hidden="true" />
              {SEGMENT_LABEL[k]}
            </li>
          ))}
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
 * each labelled and titled in words.
 */
function ClockMarks({ clock, label, y, px, zone }: { clock: ClockOutcome; label: string; y: number; px: (t: number) => number; zone: string | undefined }) {
  const { due_at: due, breached_at: breached } = clock;
  if (clock.state !== "breached") {
    if (!due) return null;
    return <Mark x={px(toSeconds(due))} y={y} className="due" label={`due ${formatInstant(due, zone)}`} title={`${label} due at ${formatInstant(due, zone, true)} if the clock keeps running`} />;
  }
  // An engine without the breach instant (or a breach one second after the deadline): one mark.
  if (!breached || !breachAfterDeadline(due, breached)) {
    const at = breached ?? due;
    if (!at) return null;
    return (
      <Mark
        x={px(toSeconds(at))}
        y={y}
        className="breach"
        testId="breach-mark"
        label={`breached ${formatInstant(at, zone)}`}
        title={`${label} breached at ${formatInstant(at, zone, true)}${due && breached ? ` (deadline ${formatInstant(due, zone, true)})` : ""}`}
      />
    );
  }
  return (
    <>
      <Mark
        x={px(toSeconds(due as string))}
        y={y}
        className="deadline"
        testId="deadline-mark"
        left
        label={`deadline ${formatInstant(due, zone)}`}
        title={`${label} deadline: its target was used up at ${formatInstant(due, zone, true)}`}
      />
      <Mark
        x={px(toSeconds(breached))}
        y={y}
        className="breach"
        testId="breach-mark"
        label={`breached ${formatInstant(breached, zone)}`}
        title={`${label} breached at ${formatInstant(breached, zone, true)}, the first second counted over its target`}
      />
    </>
  );
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
