//! The breach list: each detailed breach with its ticket, its instants in the agreement's zone,
//! and its timeline, which shows why the clock ran out (which stretches counted, which were
//! outside hours, on holidays or paused). The HTML page draws the timeline from the bar; the
//! PDF draws it itself from the stretches as fractions, so both keep the same picture.

use accord_core::Agreement;
use accord_core::duration::format_duration;
use accord_core::explain::SegmentKind;
use accord_core::model::ClockName;
use serde::Serialize;

use super::format::{local, money};
use crate::charts::{self, Colour, Stretch};
use crate::model::{BreachDetail, channel_name, priority_name};

/// One breach, for the list.
#[derive(Clone, Debug, Serialize)]
pub struct BreachRow {
    /// Ticket id.
    pub ticket: String,
    /// Subject.
    pub subject: String,
    /// Customer.
    pub customer: String,
    /// First response or resolution.
    pub clock: String,
    /// Priority.
    pub priority: String,
    /// Channel.
    pub channel: String,
    /// Opened, local time.
    pub opened: String,
    /// The deadline (the instant the target was used up), local time.
    pub due: String,
    /// Breached (the first counted second over the target), local time.
    pub breached: String,
    /// Counted at the period's end.
    pub elapsed: String,
    /// Target.
    pub target: String,
    /// Credit earned.
    pub credit: String,
    /// What the timeline shows, in words.
    pub timeline_text: String,
    /// The timeline bar, drawn by the HTML page (the PDF draws `stretches` itself).
    #[serde(skip)]
    pub bar: charts::TimelineBar,
    /// The timeline's stretches as fractions of the bar (PDF draws them itself).
    pub stretches: Vec<StretchView>,
    /// The breach instant as a fraction of the bar.
    pub mark: f64,
    /// The deadline as a fraction of the bar, when it is not the breach instant's second.
    pub due_mark: Option<f64>,
}

/// A timeline stretch as fractions of its bar.
#[derive(Clone, Debug, Serialize)]
pub struct StretchView {
    /// Start, 0–1.
    pub from: f64,
    /// End, 0–1.
    pub to: f64,
    /// Fill, `#rrggbb`.
    pub colour: String,
}

/// Colours of timeline stretches, with their words.
#[must_use]
pub fn segment_colour(kind: SegmentKind) -> Colour {
    match kind {
        SegmentKind::BusinessHours | SegmentKind::Counted24x7 => Colour(0, 114, 178),
        SegmentKind::OutsideHours => Colour(200, 205, 210),
        SegmentKind::Holiday => Colour(204, 121, 167),
        SegmentKind::Paused => Colour(230, 159, 0),
        SegmentKind::Stopped => Colour(240, 242, 244),
    }
}

/// What the timelines' colours and marks mean: (colour, words).
pub(super) fn timeline_legend() -> Vec<(String, String)> {
    [
        SegmentKind::BusinessHours,
        SegmentKind::OutsideHours,
        SegmentKind::Holiday,
        SegmentKind::Paused,
        SegmentKind::Stopped,
    ]
    .iter()
    .map(|k| (segment_colour(*k).hex(), k.label().to_owned()))
    .chain([
        (
            charts::DEADLINE.hex(),
            "deadline (where the breach came later)".to_owned(),
        ),
        (charts::TARGET.hex(), "breach instant".to_owned()),
    ])
    .collect()
}

/// A breach's line, amounts in `digits` minor digits of `currency`.
pub(super) fn breach_row(
    a: &Agreement,
    b: &BreachDetail,
    digits: u32,
    currency: &str,
) -> BreachRow {
    let timeline = Timeline::of(b);
    BreachRow {
        ticket: b.ticket_id.clone(),
        subject: b.subject.clone(),
        customer: b.customer.clone(),
        clock: match b.breach.clock {
            ClockName::FirstResponse => "First response".into(),
            ClockName::Resolution => "Resolution".into(),
        },
        priority: priority_name(b.breach.priority).into(),
        channel: channel_name(b.breach.channel).into(),
        opened: local(a, b.opened_at),
        due: local(a, b.breach.due_at),
        breached: local(a, b.breach.at),
        elapsed: format_duration(b.breach.elapsed_s),
        target: format_duration(b.breach.target_s),
        credit: b
            .credit
            .map_or_else(String::new, |v| money(v, digits, currency)),
        timeline_text: timeline_text(b),
        stretches: timeline.stretches,
        mark: timeline.mark,
        due_mark: timeline.due_mark,
        bar: timeline.bar,
    }
}

/// A breach's timeline, both as the HTML page draws it and as fractions for the PDF.
struct Timeline {
    bar: charts::TimelineBar,
    stretches: Vec<StretchView>,
    mark: f64,
    due_mark: Option<f64>,
}

impl Timeline {
    fn of(b: &BreachDetail) -> Self {
        let start = b.opened_at;
        // The bar ends where the story does: the later of the breach and the last stretch
        // before the clock stopped (not the period's end, which would shrink a one-hour story
        // to a sliver of a month).
        let last = b
            .segments
            .iter()
            .filter(|s| s.kind != SegmentKind::Stopped)
            .map(|s| s.to)
            .max()
            .unwrap_or(b.breach.at)
            .max(b.breach.at);
        let span = ((last.0 - start.0) * 21 / 20).max(1);
        let stretches: Vec<Stretch> = b
            .segments
            .iter()
            .map(|s| Stretch {
                from_s: s.from.0 - start.0,
                to_s: s.to.0 - start.0,
                colour: segment_colour(s.kind),
            })
            .collect();
        #[allow(clippy::cast_precision_loss)] // seconds within a period
        let frac = |s: i64| (s.clamp(0, span) as f64) / (span as f64);
        let stretch_views = stretches
            .iter()
            .map(|s| StretchView {
                from: frac(s.from_s),
                to: frac(s.to_s),
                colour: s.colour.hex(),
            })
            .collect();
        // The deadline is its own mark where the breach came later than its next second (a
        // target used up at closing time breaches at the next opening).
        let late = b.breach.at.0 - b.breach.due_at.0 > 1;
        Self {
            stretches: stretch_views,
            mark: frac(b.breach.at.0 - start.0),
            due_mark: late.then(|| frac(b.breach.due_at.0 - start.0)),
            bar: charts::TimelineBar {
                stretches,
                span_s: span,
                marks: if late {
                    vec![
                        (b.breach.due_at.0 - start.0, charts::DEADLINE),
                        (b.breach.at.0 - start.0, charts::TARGET),
                    ]
                } else {
                    vec![(b.breach.at.0 - start.0, charts::TARGET)]
                },
            },
        }
    }
}

/// What the timeline shows, in words: counted, outside hours or on holidays, paused.
fn timeline_text(b: &BreachDetail) -> String {
    let counted: i64 = b.segments.iter().map(|s| s.counted_s).sum();
    let paused: i64 = b
        .segments
        .iter()
        .filter(|s| s.kind == SegmentKind::Paused)
        .map(|s| s.to.0 - s.from.0)
        .sum();
    let outside: i64 = b
        .segments
        .iter()
        .filter(|s| matches!(s.kind, SegmentKind::OutsideHours | SegmentKind::Holiday))
        .map(|s| s.to.0 - s.from.0)
        .sum();
    format!(
        "counted {}; not counted: {} outside hours or on holidays, {} paused",
        format_duration(counted),
        format_duration(outside),
        format_duration(paused)
    )
}
