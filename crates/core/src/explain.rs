//! Why a ticket's numbers are what they are: the timeline of segments behind each clock.
//!
//! [`explain`] evaluates the ticket with [`crate::clock::evaluate`] and replays the same phases
//! ([`crate::clock::walk_resolution`]), cutting each running stretch at business-hour edges and
//! holidays. Every segment says what it was (inside business hours, outside hours, holiday,
//! paused, stopped), its instants and the seconds it counted, so the counted seconds of a
//! clock's segments add up to its elapsed time, and a reader can see why a deadline falls where
//! it does. A clock still running also gets the stretches ahead of it, from `as_of` to its due
//! instant as the same calendar cuts them, so a reader sees the nights and holidays still to
//! come before it is due. Speed does not matter here; clarity does.

use chrono::Duration;

use crate::calendar::Calendar;
use crate::clock::{
    AgreementRuntime, ClockOutcome, Phase, TicketSla, evaluate, first_response_stop, known_at,
    priority_at, walk_resolution,
};
use crate::instant::Instant;
use crate::model::{ClockKind, ClockName, ClockState, EventKind, Priority};
use crate::ticket::Event;

/// What a stretch of a clock's life was.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// Running inside business hours: counted.
    BusinessHours,
    /// Running on a 24x7 clock: counted.
    Counted24x7,
    /// Running, but outside business hours: not counted.
    OutsideHours,
    /// Running, but on a holiday: not counted.
    Holiday,
    /// Paused while waiting on the customer: not counted.
    Paused,
    /// Stopped (answered, resolved or closed): not counted.
    Stopped,
}

impl SegmentKind {
    /// Words for people.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Self::BusinessHours => "business hours",
            Self::Counted24x7 => "counted (24x7)",
            Self::OutsideHours => "outside hours",
            Self::Holiday => "holiday",
            Self::Paused => "paused",
            Self::Stopped => "stopped",
        }
    }
}

/// One stretch `[from, to)` of a clock.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Segment {
    /// What it was.
    pub kind: SegmentKind,
    /// Start.
    pub from: Instant,
    /// End.
    pub to: Instant,
    /// Seconds it counted toward the clock.
    pub counted_s: i64,
    /// The holiday's name, for holiday segments.
    pub note: String,
}

/// An event as it was applied.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ExplainedEvent {
    /// When.
    pub at: Instant,
    /// What.
    pub kind: EventKind,
    /// New priority, for `priority_changed`.
    pub priority: Option<Priority>,
    /// Its note.
    pub note: String,
    /// False for events after `as_of` (ignored).
    pub known: bool,
}

/// One escalation level of the ticket's priority.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EscalationStep {
    /// Level number.
    pub level: u32,
    /// Name.
    pub name: String,
    /// Contact.
    pub contact: String,
    /// Clock watched.
    pub clock: ClockName,
    /// Passed when that clock's elapsed seconds exceed this.
    pub threshold_s: i64,
    /// Whether passed at `as_of`.
    pub passed: bool,
    /// When it was passed, or when it would be if its clock keeps running.
    pub at: Option<Instant>,
}

/// A ticket's SLA with the timeline behind it.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Explanation {
    /// Evaluated at.
    pub as_of: Instant,
    /// Opened at.
    pub opened_at: Instant,
    /// Priority at opening.
    pub initial_priority: Priority,
    /// The numbers.
    pub sla: TicketSla,
    /// Every event, in application order.
    pub events: Vec<ExplainedEvent>,
    /// First-response segments, from opening to `as_of`.
    pub first_response: Vec<Segment>,
    /// Resolution segments, from opening to `as_of`.
    pub resolution: Vec<Segment>,
    /// What is still to come for the first-response clock if nothing changes: its stretches
    /// from `as_of` to its due instant while it runs and is not yet due; empty otherwise.
    /// Their counted seconds add up to what is left of its target.
    pub first_response_ahead: Vec<Segment>,
    /// The same for the resolution clock.
    pub resolution_ahead: Vec<Segment>,
    /// The escalation ladder for this ticket.
    pub escalation: Vec<EscalationStep>,
}

/// Explains one ticket at `as_of`. `notes` parallel `events` (may be empty).
#[must_use]
pub fn explain(
    rt: &AgreementRuntime,
    opened_at: Instant,
    initial: Priority,
    events: &[Event],
    notes: &[Box<str>],
    as_of: Instant,
) -> Explanation {
    let rt = rt.for_ticket(opened_at);
    let sla = evaluate(rt, opened_at, initial, events, as_of);
    let known = known_at(events, as_of);
    let priority = priority_at(initial, known);
    let target = rt.agreement.target(priority);
    let cal = (target.clock == ClockKind::Business).then_some(&rt.agreement.calendar);
    let end = as_of.max(opened_at);

    let mut fr = Vec::new();
    let fr_stop = first_response_stop(known);
    let fr_end = fr_stop.unwrap_or(end);
    running(cal, opened_at, fr_end, &mut fr);
    if fr_stop.is_some() {
        push(
            &mut fr,
            Segment {
                kind: SegmentKind::Stopped,
                from: fr_end,
                to: end,
                counted_s: 0,
                note: String::new(),
            },
        );
    }

    let mut res = Vec::new();
    walk_resolution(opened_at, known, as_of, |p, from, to| match p {
        Phase::Running => running(cal, from, to, &mut res),
        Phase::Paused => push(
            &mut res,
            Segment {
                kind: SegmentKind::Paused,
                from,
                to,
                counted_s: 0,
                note: String::new(),
            },
        ),
        Phase::Stopped => push(
            &mut res,
            Segment {
                kind: SegmentKind::Stopped,
                from,
                to,
                counted_s: 0,
                note: String::new(),
            },
        ),
    });

    let fr_running = fr_stop.is_none();
    let res_running = res
        .last()
        .is_none_or(|s| !matches!(s.kind, SegmentKind::Paused | SegmentKind::Stopped));
    let escalation = rt
        .thresholds(priority)
        .iter()
        .map(|t| {
            let (segments, running, elapsed) = match t.clock {
                ClockName::FirstResponse => (&fr, fr_running, sla.first_response.elapsed_s),
                ClockName::Resolution => (&res, res_running, sla.resolution.elapsed_s),
            };
            let passed = elapsed > t.secs;
            let at = if passed {
                reach(rt, target.clock, segments, t.secs + 1)
            } else if running {
                rt.basis(target.clock).advance(end, t.secs + 1 - elapsed)
            } else {
                None
            };
            let level = rt.agreement.escalation.iter().find(|e| e.level == t.level);
            EscalationStep {
                level: t.level,
                name: level.map(|l| l.name.clone()).unwrap_or_default(),
                contact: level.map(|l| l.contact.clone()).unwrap_or_default(),
                clock: t.clock,
                threshold_s: t.secs,
                passed,
                at,
            }
        })
        .collect();

    // Only a running clock has a future worth drawing: a paused one has no due instant, and a
    // breached or stopped one's is behind it.
    let ahead = |c: &ClockOutcome| {
        let mut out = Vec::new();
        if let (ClockState::Running, Some(due)) = (c.state, c.due_at) {
            running(cal, end, due, &mut out);
        }
        out
    };
    let first_response_ahead = ahead(&sla.first_response);
    let resolution_ahead = ahead(&sla.resolution);

    Explanation {
        as_of,
        opened_at,
        initial_priority: initial,
        sla,
        events: events
            .iter()
            .enumerate()
            .map(|(i, e)| ExplainedEvent {
                at: e.at,
                kind: e.kind,
                priority: e.priority,
                note: notes.get(i).map(ToString::to_string).unwrap_or_default(),
                known: e.at <= as_of,
            })
            .collect(),
        first_response: fr,
        resolution: res,
        first_response_ahead,
        resolution_ahead,
        escalation,
    }
}

/// The instant the counted seconds of `segments` reach `n`.
fn reach(rt: &AgreementRuntime, clock: ClockKind, segments: &[Segment], n: i64) -> Option<Instant> {
    let mut total = 0;
    for s in segments.iter().filter(|s| s.counted_s > 0) {
        if total + s.counted_s >= n {
            return rt.basis(clock).advance(s.from, n - total);
        }
        total += s.counted_s;
    }
    None
}

fn push(out: &mut Vec<Segment>, s: Segment) {
    if s.to <= s.from {
        return;
    }
    match out.last_mut() {
        Some(last) if last.kind == s.kind && last.to == s.from && last.note == s.note => {
            last.to = s.to;
            last.counted_s += s.counted_s;
        }
        _ => out.push(s),
    }
}

/// Cuts a running stretch `[a, b)` into business-hours, outside-hours and holiday segments
/// (`cal` is `None` for a 24x7 clock). Business hours are the calendar's own union of windows
/// ([`Calendar::business_intervals`]); the time between them is a holiday where it lies in a
/// holiday's local date, outside hours elsewhere.
fn running(cal: Option<&Calendar>, a: Instant, b: Instant, out: &mut Vec<Segment>) {
    let Some(cal) = cal else {
        push(
            out,
            Segment {
                kind: SegmentKind::Counted24x7,
                from: a,
                to: b,
                counted_s: (b.0 - a.0).max(0),
                note: String::new(),
            },
        );
        return;
    };
    let mut t = a;
    for (s, e) in cal.business_intervals(a, b) {
        not_counted(cal, t, s, out);
        push(
            out,
            Segment {
                kind: SegmentKind::BusinessHours,
                from: s,
                to: e,
                counted_s: e.0 - s.0,
                note: String::new(),
            },
        );
        t = e;
    }
    not_counted(cal, t, b, out);
}

/// A stretch `[a, b)` without business time, cut at local midnights into holiday segments (on
/// holidays, with their names) and outside-hours ones.
fn not_counted(cal: &Calendar, a: Instant, b: Instant, out: &mut Vec<Segment>) {
    let mut t = a;
    let mut day = cal.local_date(a);
    while t < b {
        let next = cal.midnight(day + Duration::days(1)).min(b);
        if next > t {
            let holiday = cal.holiday_name(day);
            push(
                out,
                Segment {
                    kind: if holiday.is_some() {
                        SegmentKind::Holiday
                    } else {
                        SegmentKind::OutsideHours
                    },
                    from: t,
                    to: next,
                    counted_s: 0,
                    note: holiday.unwrap_or_default().to_owned(),
                },
            );
            t = next;
        }
        day += Duration::days(1);
    }
}
