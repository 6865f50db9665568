//! The two clocks of a ticket, its escalation level, at an instant (`sla-semantics.md`).
//!
//! Everything Accord says about a ticket's SLA comes from [`evaluate`]; the explanation
//! ([`crate::explain`]) walks the very same phases through [`walk_resolution`], so the timeline a
//! user sees is the computation, not a retelling of it.
//!
//! Meanings fixed here where the spec leaves room, each what a contract reader would expect:
//! - An event stamped exactly at `as_of` is known at `as_of` (only later events are ignored).
//! - A ticket opened after `as_of` has counted nothing yet: elapsed 0, running, due from opening.
//! - `due_at` is the least instant at which the clock's elapsed time equals its target; for a
//!   running clock that has not breached it is where that instant falls if the clock keeps
//!   running.
//! - `breached_at` (spec revision 2) is the least instant at which elapsed exceeds the target:
//!   the end of the first counted second after `due_at`. It is `due_at + 1s` inside business
//!   time, and later when `due_at` closes a window or the clock was paused at it. Reports file a
//!   breach by it ([`ClockOutcome::outcome_in`]).
//! - `next_escalation_at` is the least instant at which a higher level's clock would exceed its
//!   threshold if it keeps running; levels on a stopped or paused clock are not due to escalate.

use crate::agreement::{Agreement, Target};
use crate::calendar::CompiledCalendar;
use crate::instant::Instant;
use crate::model::{ClockKind, ClockName, ClockState, EventKind, Priority};
use crate::period::Span;
use crate::ticket::Event;

/// What a clock's seconds are counted on: an agreement's business calendar or every second.
#[derive(Clone, Copy, Debug)]
pub enum Basis<'a> {
    /// Business seconds of the compiled calendar.
    Business(&'a CompiledCalendar),
    /// Every real second (24x7).
    Always,
}

impl Basis<'_> {
    /// Counted seconds in `[a, b)` (0 when `b <= a`).
    #[must_use]
    pub fn seconds(self, a: Instant, b: Instant) -> i64 {
        match self {
            Self::Business(c) => c.business_seconds(a, b),
            Self::Always => (b.0 - a.0).max(0),
        }
    }

    /// Least instant `t >= a` with `n` counted seconds in `[a, t)`; `None` if never.
    #[must_use]
    pub fn advance(self, a: Instant, n: i64) -> Option<Instant> {
        match self {
            Self::Business(c) => c.advance(a, n),
            Self::Always => Some(a.plus(n.max(0))),
        }
    }
}

/// One escalation threshold of one priority, precomputed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Threshold {
    /// Escalation level.
    pub level: u32,
    /// Clock it watches.
    pub clock: ClockName,
    /// Passed when the clock's elapsed seconds exceed this.
    pub secs: i64,
}

/// An agreement ready to evaluate tickets: its calendar compiled and thresholds computed.
#[derive(Clone, Debug)]
pub struct AgreementRuntime {
    /// The agreement (its base terms, with its amendments).
    pub agreement: Agreement,
    /// Its compiled business calendar.
    pub calendar: CompiledCalendar,
    thresholds: [Vec<Threshold>; 4],
    /// The terms after each amendment, compiled, from the instant they start (in order).
    amended: Vec<(Instant, AgreementRuntime)>,
}

impl AgreementRuntime {
    /// Compiles an agreement for evaluations around the instants `[from, to]` (any instant works;
    /// those inside are fastest).
    #[must_use]
    pub fn new(agreement: Agreement, from: Instant, to: Instant) -> Self {
        let calendar = CompiledCalendar::covering(agreement.calendar.clone(), from, to);
        let thresholds = std::array::from_fn(|i| {
            let target = agreement.targets[i];
            agreement
                .escalation
                .iter()
                .map(|e| Threshold {
                    level: e.level,
                    clock: e.clock,
                    secs: e.threshold_s(target.of(e.clock)),
                })
                .collect()
        });
        let amended = agreement
            .amendments
            .iter()
            .map(|m| {
                let terms = Agreement::clone(&m.terms);
                (m.starts(), Self::new(terms, from, to))
            })
            .collect();
        Self {
            agreement,
            calendar,
            thresholds,
            amended,
        }
    }

    /// The compiled terms a ticket opened at `opened_at` is governed by for its whole life
    /// (`sla-semantics.md`, "Terms in force"): the base terms, or those after the last
    /// amendment that started at or before its opening. Every per-ticket computation
    /// ([`evaluate`], [`standing`], [`crate::explain::explain`]) asks this first.
    #[must_use]
    pub fn for_ticket(&self, opened_at: Instant) -> &Self {
        self.amended
            .iter()
            .rev()
            .find(|(start, _)| *start <= opened_at)
            .map_or(self, |(_, rt)| rt)
    }

    /// The basis a clock kind counts on.
    #[must_use]
    pub fn basis(&self, kind: ClockKind) -> Basis<'_> {
        match kind {
            ClockKind::Business => Basis::Business(&self.calendar),
            ClockKind::TwentyFourSeven => Basis::Always,
        }
    }

    /// The escalation thresholds of a priority, by level.
    #[must_use]
    pub fn thresholds(&self, p: Priority) -> &[Threshold] {
        &self.thresholds[p.index()]
    }
}

/// One clock's numbers at `as_of`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ClockOutcome {
    /// Target, seconds.
    pub target_s: i64,
    /// Counted seconds while running, up to the stop or `as_of`.
    pub elapsed_s: i64,
    /// Deadline (the instant elapsed reached the target) when breached, or the projected
    /// deadline while running; absent when met or paused.
    pub due_at: Option<Instant>,
    /// When breached: the first instant elapsed exceeded the target (one counted second after
    /// the deadline). Absent otherwise.
    pub breached_at: Option<Instant>,
    /// Met, breached, running or paused.
    pub state: ClockState,
    /// When it stopped, if it is stopped.
    pub stopped_at: Option<Instant>,
}

impl ClockOutcome {
    /// The outcome this clock gives a span (the clock evaluated at its end): met when it
    /// stopped in it, breached when its `breached_at` falls in it, nothing otherwise (running,
    /// paused, or an outcome of another period). The one rule behind every report, dashboard,
    /// drill-down and what-if.
    #[must_use]
    pub fn outcome_in(&self, span: Span) -> Option<PeriodOutcome> {
        let inside = |t: Option<Instant>| t.filter(|t| span.contains(*t));
        let (breached, at) = match self.state {
            ClockState::Met => (false, inside(self.stopped_at)?),
            ClockState::Breached => (true, inside(self.breached_at)?),
            ClockState::Running | ClockState::Paused => return None,
        };
        Some(PeriodOutcome {
            breached,
            at,
            elapsed_s: self.elapsed_s,
            target_s: self.target_s,
        })
    }
}

/// A clock's outcome that falls in a period: met (stopped in it) or breached (breached in it).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PeriodOutcome {
    /// Breached (`true`) or met.
    pub breached: bool,
    /// The instant that puts it in the period: the stop (met) or `breached_at` (breached).
    pub at: Instant,
    /// Counted seconds at the period's end (or at the stop).
    pub elapsed_s: i64,
    /// The target, seconds.
    pub target_s: i64,
}

/// A ticket's SLA at `as_of`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketSla {
    /// Priority in force at `as_of`.
    pub priority: Priority,
    /// What the targets count on.
    pub clock: ClockKind,
    /// First-response clock.
    pub first_response: ClockOutcome,
    /// Resolution clock.
    pub resolution: ClockOutcome,
    /// Real seconds the resolution clock spent paused.
    pub res_paused_s: i64,
    /// Highest escalation level passed (0 when none).
    pub escalation_level: u32,
    /// When the next level would be passed if its clock keeps running.
    pub next_escalation_at: Option<Instant>,
}

impl TicketSla {
    /// The outcome of one clock.
    #[must_use]
    pub const fn outcome(&self, clock: ClockName) -> &ClockOutcome {
        match clock {
            ClockName::FirstResponse => &self.first_response,
            ClockName::Resolution => &self.resolution,
        }
    }
}

/// Where a ticket stands after all its events: whether its resolution clock is not stopped,
/// the earliest instant a clock that is running is due (none while paused or stopped) — what a
/// queue ordered by SLA deadline sorts on — and its escalation: the level passed by the last
/// event and the instants the next levels will be passed if nothing else happens. None of it
/// depends on when it is asked, so it can be stored with the ticket and changes only when an
/// event is added; the level at any later instant is [`Standing::level_at`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Standing {
    /// The resolution clock is not stopped.
    pub is_open: bool,
    /// The earliest due instant of a running clock.
    pub next_deadline: Option<Instant>,
    /// The escalation level passed at the last event (or at opening).
    pub escalation_level: u32,
    /// The levels still to come while the clocks keep running, each with the instant it is
    /// passed, in time order (levels increase along it).
    pub escalations: Vec<(u32, Instant)>,
    /// Since when the ticket waits on the customer (the `waiting_on_customer` event no reply,
    /// resolution, closing or reopening has followed), if it does.
    pub waiting_since: Option<Instant>,
    /// The first instant a clock was breached, by the last event (a running clock past its
    /// deadline after it is breached too, but only the queue's instant says so).
    pub breached_at: Option<Instant>,
    /// The priority in force after the last event.
    pub priority: Priority,
}

impl Standing {
    /// The escalation level at `at` (not before the last event), if no event comes in between.
    #[must_use]
    pub fn level_at(&self, at: Instant) -> u32 {
        self.escalations
            .iter()
            .take_while(|(_, when)| *when <= at)
            .map(|(level, _)| *level)
            .fold(self.escalation_level, u32::max)
    }
}

/// A ticket's [`Standing`] after all of `events`.
#[must_use]
pub fn standing(
    rt: &AgreementRuntime,
    opened_at: Instant,
    priority: Priority,
    events: &[Event],
) -> Standing {
    let rt = rt.for_ticket(opened_at);
    let as_of = events.last().map_or(opened_at, |e| e.at.max(opened_at));
    let s = evaluate(rt, opened_at, priority, events, as_of);
    let is_open = s.resolution.stopped_at.is_none();
    let fr = s
        .first_response
        .stopped_at
        .is_none()
        .then_some(s.first_response.due_at)
        .flatten();
    let res = (is_open && s.resolution.state != ClockState::Paused)
        .then_some(s.resolution.due_at)
        .flatten();
    let next_deadline = match (fr, res) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    // Each evaluation at the next escalation instant passes at least one more level, so this
    // ends within the ladder's length.
    let mut escalations = Vec::new();
    let mut next = s.next_escalation_at;
    let mut level = s.escalation_level;
    for _ in 0..rt.thresholds(s.priority).len() {
        let Some(at) = next else { break };
        let later = evaluate(rt, opened_at, priority, events, at);
        if later.escalation_level <= level {
            break;
        }
        level = later.escalation_level;
        escalations.push((level, at));
        next = later.next_escalation_at;
    }
    // The resolution clock's last stretch, by the one walk of its phases.
    let mut waiting_since = None;
    walk_resolution(opened_at, events, as_of, |phase, from, _| {
        waiting_since = (phase == Phase::Paused).then_some(from);
    });
    let breached_at = match (s.first_response.breached_at, s.resolution.breached_at) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Standing {
        is_open,
        next_deadline,
        escalation_level: s.escalation_level,
        escalations,
        waiting_since: waiting_since.filter(|_| is_open),
        breached_at,
        priority: s.priority,
    }
}

/// A stretch of a ticket's resolution clock between `opened_at` and `as_of`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The clock runs (counting business or 24x7 seconds).
    Running,
    /// Paused while waiting on the customer.
    Paused,
    /// Stopped (resolved or closed).
    Stopped,
}

/// The events known at `as_of` (the slice is in application order).
#[must_use]
pub fn known_at(events: &[Event], as_of: Instant) -> &[Event] {
    &events[..events.partition_point(|e| e.at <= as_of)]
}

/// The priority in force after the given (known) events.
#[must_use]
pub fn priority_at(initial: Priority, known: &[Event]) -> Priority {
    known
        .iter()
        .rev()
        .find_map(|e| {
            if e.kind == EventKind::PriorityChanged {
                e.priority
            } else {
                None
            }
        })
        .unwrap_or(initial)
}

/// The instant the first-response clock stops: the first answer of any kind.
#[must_use]
pub fn first_response_stop(known: &[Event]) -> Option<Instant> {
    known
        .iter()
        .find(|e| {
            matches!(
                e.kind,
                EventKind::Responded
                    | EventKind::WaitingOnCustomer
                    | EventKind::Resolved
                    | EventKind::Closed
            )
        })
        .map(|e| e.at)
}

/// Walks the resolution clock from `opened_at` to `as_of` over the known events, reporting each
/// phase `[from, to)` in order (zero-length phases included, so every transition is seen). The
/// last phase ends at `as_of` (or at `opened_at` if `as_of` is earlier).
pub fn walk_resolution(
    opened_at: Instant,
    known: &[Event],
    as_of: Instant,
    mut phase: impl FnMut(Phase, Instant, Instant),
) {
    let mut state = Phase::Running;
    let mut since = opened_at;
    for e in known {
        let next = match (state, e.kind) {
            (Phase::Running | Phase::Paused, EventKind::Resolved | EventKind::Closed) => {
                Phase::Stopped
            }
            (Phase::Running, EventKind::WaitingOnCustomer) => Phase::Paused,
            (Phase::Paused, EventKind::CustomerReplied | EventKind::Reopened)
            | (Phase::Stopped, EventKind::Reopened) => Phase::Running,
            _ => continue,
        };
        phase(state, since, e.at);
        state = next;
        since = e.at;
    }
    phase(state, since, as_of.max(since));
}

/// Evaluates one ticket at `as_of`. `events` are the ticket's events in application order (all of
/// them: later ones are ignored here).
#[must_use]
pub fn evaluate(
    rt: &AgreementRuntime,
    opened_at: Instant,
    initial: Priority,
    events: &[Event],
    as_of: Instant,
) -> TicketSla {
    let rt = rt.for_ticket(opened_at);
    let known = known_at(events, as_of);
    let priority = priority_at(initial, known);
    let target: Target = *rt.agreement.target(priority);
    let basis = rt.basis(target.clock);

    // First response: one run from opening to the first answer, never paused.
    let fr_stop = first_response_stop(known);
    let fr_end = fr_stop.unwrap_or(as_of);
    let fr_elapsed = basis.seconds(opened_at, fr_end);
    let fr_breached = fr_elapsed > target.first_response_s;
    let first_response = ClockOutcome {
        target_s: target.first_response_s,
        elapsed_s: fr_elapsed,
        due_at: if fr_breached || fr_stop.is_none() {
            basis.advance(opened_at, target.first_response_s)
        } else {
            None
        },
        breached_at: if fr_breached {
            basis.advance(opened_at, target.first_response_s + 1)
        } else {
            None
        },
        state: match (fr_stop.is_some(), fr_breached) {
            (_, true) => ClockState::Breached,
            (true, false) => ClockState::Met,
            (false, false) => ClockState::Running,
        },
        stopped_at: fr_stop,
    };

    // Resolution: runs, pauses and stops; the deadline is found where the running total first
    // reaches the target, the breach where it first exceeds it (maybe in a later run).
    let res_target = target.resolution_s;
    let mut elapsed = 0i64;
    let mut paused = 0i64;
    let mut crossing = None;
    let mut exceeded = None;
    let mut last = Phase::Running;
    let mut last_from = opened_at;
    walk_resolution(opened_at, known, as_of, |p, from, to| {
        match p {
            Phase::Running => {
                let k = basis.seconds(from, to);
                if crossing.is_none() && elapsed < res_target && elapsed + k >= res_target {
                    crossing = basis.advance(from, res_target - elapsed);
                }
                if exceeded.is_none() && elapsed <= res_target && elapsed + k > res_target {
                    exceeded = basis.advance(from, res_target + 1 - elapsed);
                }
                elapsed += k;
            }
            Phase::Paused => paused += (to.0 - from.0).max(0),
            Phase::Stopped => {}
        }
        last = p;
        last_from = from;
    });
    let res_breached = elapsed > res_target;
    let resolution = ClockOutcome {
        target_s: res_target,
        elapsed_s: elapsed,
        due_at: match (res_breached, last) {
            (true, _) => crossing,
            (false, Phase::Running) => {
                crossing.or_else(|| basis.advance(as_of.max(opened_at), res_target - elapsed))
            }
            (false, _) => None,
        },
        breached_at: exceeded.filter(|_| res_breached),
        state: match (res_breached, last) {
            (true, _) => ClockState::Breached,
            (false, Phase::Stopped) => ClockState::Met,
            (false, Phase::Paused) => ClockState::Paused,
            (false, Phase::Running) => ClockState::Running,
        },
        stopped_at: (last == Phase::Stopped).then_some(last_from),
    };

    // Escalation.
    let mut level = 0;
    let mut next: Option<Instant> = None;
    let thresholds = rt.thresholds(priority);
    for t in thresholds {
        let elapsed = match t.clock {
            ClockName::FirstResponse => fr_elapsed,
            ClockName::Resolution => elapsed,
        };
        if elapsed > t.secs {
            level = level.max(t.level);
        }
    }
    for t in thresholds.iter().filter(|t| t.level > level) {
        let (elapsed, running) = match t.clock {
            ClockName::FirstResponse => (fr_elapsed, fr_stop.is_none()),
            ClockName::Resolution => (resolution.elapsed_s, last == Phase::Running),
        };
        if running && let Some(at) = basis.advance(as_of.max(opened_at), t.secs + 1 - elapsed) {
            next = Some(next.map_or(at, |n| n.min(at)));
        }
    }

    TicketSla {
        priority,
        clock: target.clock,
        first_response,
        resolution,
        res_paused_s: paused,
        escalation_level: level,
        next_escalation_at: next,
    }
}

/// Whether `next` may be appended to a ticket's history (`known`, in application order):
/// events come in time order, and each must mean something to the clocks — a `reopened` on an
/// open ticket, a `customer_replied` while nobody waits on the customer, or a
/// `waiting_on_customer` on a stopped or already paused ticket would be recorded but change
/// nothing, which in a live helpdesk is a mistake, not history.
///
/// # Errors
/// Why the event cannot be appended, in words for the person who tried.
pub fn check_append(
    opened_at: Instant,
    priority: Priority,
    known: &[Event],
    next: &Event,
) -> Result<(), String> {
    let last = known.last().map_or(opened_at, |e| e.at);
    if next.at < opened_at {
        return Err(format!(
            "{next_at} is before the ticket was opened ({opened_at})",
            next_at = next.at
        ));
    }
    if next.at < last {
        return Err(format!(
            "{} is before the ticket's last event ({last}): events are appended in time order",
            next.at
        ));
    }
    let mut phase = Phase::Running;
    walk_resolution(opened_at, known, last, |p, _, _| phase = p);
    let current = priority_at(priority, known);
    match (next.kind, phase) {
        (EventKind::Reopened, Phase::Running | Phase::Paused) => {
            Err("the ticket is open: only a resolved or closed ticket can be reopened".into())
        }
        (EventKind::CustomerReplied, Phase::Running | Phase::Stopped) => {
            Err("nobody is waiting on the customer: the ticket is not paused".into())
        }
        (EventKind::WaitingOnCustomer, Phase::Paused) => {
            Err("the ticket already waits on the customer".into())
        }
        (EventKind::WaitingOnCustomer, Phase::Stopped) => {
            Err("the ticket is resolved: reopen it before waiting on the customer".into())
        }
        (EventKind::Resolved, Phase::Stopped) => {
            Err("the ticket is already resolved or closed".into())
        }
        (EventKind::Closed, Phase::Stopped)
            if known.last().is_some_and(|e| e.kind == EventKind::Closed) =>
        {
            Err("the ticket is already closed".into())
        }
        (EventKind::PriorityChanged, _) => match next.priority {
            None => Err("a priority change needs the new priority".into()),
            Some(p) if p == current => Err(format!("the ticket's priority is already {p}")),
            Some(_) => Ok(()),
        },
        (_, _) if next.priority.is_some() => Err(format!(
            "only priority_changed events carry a priority, not {}",
            next.kind
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Instant {
        Instant::parse(s).unwrap()
    }

    fn ev(at: &str, kind: EventKind) -> Event {
        Event {
            at: t(at),
            kind,
            priority: None,
        }
    }

    #[test]
    fn appends_that_mean_something_are_accepted_and_the_rest_explained() {
        use EventKind::*;
        let opened = t("2026-11-24T14:00:00Z");
        let p = Priority::P2;
        let ok = |known: &[Event], next: Event| check_append(opened, p, known, &next);
        // A fresh ticket: answer, wait, resolve, close are fine; reopen and reply are not.
        assert!(ok(&[], ev("2026-11-24T14:10:00Z", Responded)).is_ok());
        assert!(ok(&[], ev("2026-11-24T14:10:00Z", WaitingOnCustomer)).is_ok());
        assert!(ok(&[], ev("2026-11-24T14:10:00Z", Resolved)).is_ok());
        assert!(ok(&[], ev("2026-11-24T14:10:00Z", Closed)).is_ok());
        assert!(
            ok(&[], ev("2026-11-24T14:10:00Z", Reopened))
                .unwrap_err()
                .contains("open")
        );
        assert!(
            ok(&[], ev("2026-11-24T14:10:00Z", CustomerReplied))
                .unwrap_err()
                .contains("nobody is waiting")
        );
        // Time order: not before opening, not before the last event; the same instant is fine.
        assert!(
            ok(&[], ev("2026-11-24T13:59:59Z", Responded))
                .unwrap_err()
                .contains("before the ticket was opened")
        );
        let waiting = [ev("2026-11-24T14:10:00Z", WaitingOnCustomer)];
        assert!(
            ok(&waiting, ev("2026-11-24T14:09:59Z", CustomerReplied))
                .unwrap_err()
                .contains("time order")
        );
        assert!(ok(&waiting, ev("2026-11-24T14:10:00Z", CustomerReplied)).is_ok());
        assert!(
            ok(&waiting, ev("2026-11-24T14:20:00Z", WaitingOnCustomer))
                .unwrap_err()
                .contains("already waits")
        );
        // Stopped: closing a resolved ticket is normal; resolving or closing twice is not.
        let resolved = [ev("2026-11-24T14:10:00Z", Resolved)];
        assert!(ok(&resolved, ev("2026-11-24T15:00:00Z", Closed)).is_ok());
        assert!(
            ok(&resolved, ev("2026-11-24T15:00:00Z", Resolved))
                .unwrap_err()
                .contains("already resolved")
        );
        assert!(
            ok(&resolved, ev("2026-11-24T15:00:00Z", WaitingOnCustomer))
                .unwrap_err()
                .contains("reopen")
        );
        assert!(ok(&resolved, ev("2026-11-24T15:00:00Z", Reopened)).is_ok());
        let closed = [
            ev("2026-11-24T14:10:00Z", Resolved),
            ev("2026-11-24T15:00:00Z", Closed),
        ];
        assert!(
            ok(&closed, ev("2026-11-24T16:00:00Z", Closed))
                .unwrap_err()
                .contains("already closed")
        );
        // Priority changes name a new priority, and only they carry one.
        let to = |p| Event {
            at: t("2026-11-24T14:30:00Z"),
            kind: PriorityChanged,
            priority: p,
        };
        assert!(ok(&[], to(Some(Priority::P1))).is_ok());
        assert!(
            ok(&[], to(Some(Priority::P2)))
                .unwrap_err()
                .contains("already p2")
        );
        assert!(
            ok(&[], to(None))
                .unwrap_err()
                .contains("needs the new priority")
        );
        let mut responded = ev("2026-11-24T14:30:00Z", Responded);
        responded.priority = Some(Priority::P1);
        assert!(
            ok(&[], responded)
                .unwrap_err()
                .contains("only priority_changed")
        );
    }
}
