//! What-if: a period's tickets replayed against a changed agreement (another calendar, other
//! targets, tier or credit terms), side by side with what the agreement in force gives.
//!
//! Both sides are the same [`crate::analysis::analyse`] over the same tickets and events; only
//! the agreement differs. A ticket's outcome "changes" when either clock's result for the
//! period differs: met, breached or still open at the period's end, or a breach instant that
//! moves (which can move a breach into or out of the period). Which tickets can have anything
//! in the period depends only on their events, so both sides skip the same settled tickets.

use crate::analysis::{PeriodAnalysis, analyse};
use crate::clock::{AgreementRuntime, ClockOutcome, evaluate};
use crate::instant::Instant;
use crate::model::{ClockKind, ClockName, ClockState};
use crate::period::{Period, Span};
use crate::ticket::TicketSet;

/// A clock's result for a period, as a report counts it. Crosses to the desktop (and into
/// `accord simulate`'s JSON) as [`Outcome::as_str`]'s words.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Met, stopping in the period.
    Met,
    /// Breached, breaching in the period.
    Breached,
    /// Its result falls in another period (earlier or later).
    #[serde(rename = "other_period")]
    Elsewhere,
    /// Still running at the period's end.
    Running,
    /// Paused at the period's end.
    Paused,
}

impl Outcome {
    /// Words for people and files.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::Breached => "breached",
            Self::Elsewhere => "other_period",
            Self::Running => "running",
            Self::Paused => "paused",
        }
    }

    fn of(c: &ClockOutcome, span: Span) -> Self {
        match (c.outcome_in(span), c.state) {
            (Some(o), _) if o.breached => Self::Breached,
            (Some(_), _) => Self::Met,
            (None, ClockState::Running) => Self::Running,
            (None, ClockState::Paused) => Self::Paused,
            (None, _) => Self::Elsewhere,
        }
    }
}

/// One clock of one ticket whose result differs.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct OutcomeChange {
    /// Index of the ticket in the set.
    pub ticket: usize,
    /// Which clock.
    pub clock: ClockName,
    /// Under the agreement in force.
    pub before: Outcome,
    /// Under the changed agreement.
    pub after: Outcome,
    /// Deadline before (the breach's, or the projected one while running).
    pub before_due: Option<Instant>,
    /// Deadline after.
    pub after_due: Option<Instant>,
    /// When it breached (the first counted second over the target) before, if it did.
    pub before_breached: Option<Instant>,
    /// When it breached after.
    pub after_breached: Option<Instant>,
    /// When the clock stopped in force (by the period's end), if it did: a met clock's
    /// moment, which has no due instant.
    pub before_stopped: Option<Instant>,
    /// When it stopped under the change.
    pub after_stopped: Option<Instant>,
    /// Counted seconds at the period's end, before.
    pub before_elapsed_s: i64,
    /// Counted seconds at the period's end, after.
    pub after_elapsed_s: i64,
    /// What `before_elapsed_s` counts: business hours or round the clock (the target of the
    /// ticket's priority under the agreement in force).
    pub before_clock: ClockKind,
    /// What `after_elapsed_s` counts, under the changed agreement.
    pub after_clock: ClockKind,
}

/// A period replayed under two agreements.
#[derive(Clone, Debug)]
pub struct Comparison {
    /// Under the agreement in force.
    pub before: PeriodAnalysis,
    /// Under the changed agreement.
    pub after: PeriodAnalysis,
    /// Every clock whose result differs, by ticket then clock.
    pub changes: Vec<OutcomeChange>,
}

/// Replays agreement `agreement_index`'s tickets of `set` over `period` as reported at `as_of`
/// (to date while it has not ended, like every report) under `before` (the agreement in force)
/// and `after` (the changed one). `settled` as for [`analyse`]. `None` when the period has not
/// started on either side.
#[must_use]
pub fn compare(
    before: &AgreementRuntime,
    after: &AgreementRuntime,
    agreement_index: u32,
    set: &TicketSet,
    period: Period,
    as_of: Instant,
    settled: Option<&[Option<Instant>]>,
) -> Option<Comparison> {
    // Each side's own time zone bounds its period (a changed calendar may move midnight).
    let b_span = period.span(&before.agreement, as_of)?;
    let a_span = period.span(&after.agreement, as_of)?;
    let b = analyse(before, agreement_index, set, b_span, settled);
    let a = analyse(after, agreement_index, set, a_span, settled);
    let (b_start, b_end) = (b_span.start, b_span.end);
    let (a_start, a_end) = (a_span.start, a_span.end);
    let mut changes = Vec::new();
    for (i, t) in set.tickets.iter().enumerate() {
        if t.agreement != agreement_index || (t.opened_at >= b_end && t.opened_at >= a_end) {
            continue;
        }
        if settled.is_some_and(|s| s[i].is_some_and(|at| at < b_start && at < a_start)) {
            continue;
        }
        let events = set.events(i);
        let x = evaluate(before, t.opened_at, t.priority, events, b_end);
        let y = evaluate(after, t.opened_at, t.priority, events, a_end);
        for clock in [ClockName::FirstResponse, ClockName::Resolution] {
            let (cx, cy) = (x.outcome(clock), y.outcome(clock));
            let (ox, oy) = (Outcome::of(cx, b_span), Outcome::of(cy, a_span));
            let moved = matches!(ox, Outcome::Breached)
                && (cx.due_at != cy.due_at || cx.breached_at != cy.breached_at);
            if ox != oy || moved {
                changes.push(OutcomeChange {
                    ticket: i,
                    clock,
                    before: ox,
                    after: oy,
                    before_due: cx.due_at,
                    after_due: cy.due_at,
                    before_breached: cx.breached_at,
                    after_breached: cy.breached_at,
                    before_stopped: cx.stopped_at,
                    after_stopped: cy.stopped_at,
                    before_elapsed_s: cx.elapsed_s,
                    after_elapsed_s: cy.elapsed_s,
                    before_clock: x.clock,
                    after_clock: y.clock,
                });
            }
        }
    }
    Some(Comparison {
        before: b,
        after: a,
        changes,
    })
}
