//! A period of an agreement, analysed for reports and dashboards: the period metrics of
//! `sla-semantics.md` for the whole agreement and grouped by priority and channel, plus what a
//! report shows beyond the CSV — escalations reached, the first-response distribution against
//! target, and every breach with its ticket — from one pass over the agreement's tickets.
//!
//! [`period_metrics`] is this analysis's whole-agreement line, so the CSV and
//! the reports can never disagree.
//!
//! Every function here takes the [`Span`] a report covers: the whole period once it has ended,
//! `[start, as_of)` with every ticket evaluated at `as_of` while it has not (a period to date,
//! spec revision 2). Outcomes are filed by [`crate::clock::ClockOutcome::outcome_in`]: a met
//! clock by its stop, a breached one by its `breached_at`.
//!
//! Choices beyond the spec (which is silent on them):
//! - **escalations reached** in a period: the levels a ticket passed in it, i.e. its level at
//!   the span's end minus its level at the start (each ticket evaluated at both instants, so
//!   later events are ignored as for every other metric); never negative;
//! - **first-response distribution**: first-response clocks stopped in the period, bucketed by
//!   elapsed time as a share of the ticket's target ([`FR_BUCKETS`]), so priorities with
//!   different targets share one scale.
//!
//! Tickets that can have nothing in a period are skipped without evaluation: a ticket opened at
//! or after the end, or one whose clocks all stopped, for good, before the start
//! ([`settled_at`]). That keeps a year of monthly trends over a large history cheap.

use crate::agreement::Agreement;
pub use crate::clock::PeriodOutcome;
use crate::clock::{AgreementRuntime, TicketSla, evaluate, standing};
use crate::credits::credit_statement;
use crate::instant::Instant;
use crate::metrics::{PeriodMetrics, mean_median};
use crate::model::{Channel, ClockName, Priority};
use crate::period::{Period, Span};
use crate::ticket::TicketSet;

/// Upper bounds (share of the target, in percent) of the first-response distribution's buckets;
/// the last bucket holds everything above the last bound.
pub const FR_BUCKETS: [u32; 6] = [25, 50, 75, 100, 150, u32::MAX];

/// Additive counts of one group of tickets over a period.
#[derive(Clone, Default, PartialEq, Eq, Debug)]
pub struct Tally {
    /// Tickets opened in the period.
    pub tickets_opened: u64,
    /// First-response clocks met in the period.
    pub fr_met: u64,
    /// First-response clocks breached in the period.
    pub fr_breached: u64,
    /// First-response elapsed seconds of the clocks stopped in the period.
    pub fr_elapsed: Vec<i64>,
    /// Resolution clocks met in the period.
    pub res_met: u64,
    /// Resolution clocks breached in the period.
    pub res_breached: u64,
    /// Of the tickets opened in the period, how many are resolved at its end.
    pub resolved_of_opened: u64,
    /// Sum of the CSAT scores counted.
    pub csat_sum: u64,
    /// Number of CSAT scores counted.
    pub csat_count: u64,
    /// Escalation levels passed in the period.
    pub escalations: u64,
}

impl Tally {
    /// Adds another group's counts to these.
    pub fn merge(&mut self, o: &Self) {
        self.tickets_opened += o.tickets_opened;
        self.fr_met += o.fr_met;
        self.fr_breached += o.fr_breached;
        self.fr_elapsed.extend_from_slice(&o.fr_elapsed);
        self.res_met += o.res_met;
        self.res_breached += o.res_breached;
        self.resolved_of_opened += o.resolved_of_opened;
        self.csat_sum += o.csat_sum;
        self.csat_count += o.csat_count;
        self.escalations += o.escalations;
    }

    /// Mean and median first-response seconds (`sla-semantics.md` rounding).
    #[must_use]
    pub fn fr_mean_median(&self) -> (Option<i64>, Option<i64>) {
        mean_median(&mut self.fr_elapsed.clone())
    }
}

/// One breached clock whose breach instant falls in the period.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Breach {
    /// Index of the ticket in the set.
    pub ticket: usize,
    /// Which clock.
    pub clock: ClockName,
    /// Priority at the period's end.
    pub priority: Priority,
    /// The ticket's channel.
    pub channel: Channel,
    /// The breach instant (`breached_at`: the first counted second over the target).
    pub at: Instant,
    /// The deadline (`due_at`: the instant the target was used up).
    pub due_at: Instant,
    /// Counted seconds at the period's end (or at the stop).
    pub elapsed_s: i64,
    /// The target, seconds.
    pub target_s: i64,
}

/// An agreement's period, analysed.
#[derive(Clone, Debug)]
pub struct PeriodAnalysis {
    /// The period.
    pub period: Period,
    /// What was reported of it: the whole period, or the period to date.
    pub span: Span,
    /// The whole agreement.
    pub all: Tally,
    /// By priority at the period's end (P1..P4).
    pub by_priority: [Tally; 4],
    /// By channel, in [`Channel::ALL`] order.
    pub by_channel: [Tally; 4],
    /// First-response clocks stopped in the period: by priority, by [`FR_BUCKETS`] bucket.
    pub fr_distribution: [[u64; FR_BUCKETS.len()]; 4],
    /// Every breach in the period (first response and resolution), in ticket order.
    pub breaches: Vec<Breach>,
    /// The period's metrics and credit statement, as in the CSV.
    pub metrics: PeriodMetrics,
}

/// Position of a channel in [`Channel::ALL`].
#[must_use]
pub fn channel_index(c: Channel) -> usize {
    Channel::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

/// For each ticket of `set`, the instant after which nothing about it can change (its last
/// event, when that event left its resolution clock stopped), or `None` while it is open. One
/// evaluation per ticket, on every core; pass the result to [`analyse`] for every period of a
/// trend.
#[must_use]
pub fn settled_at(runtimes: &[AgreementRuntime], set: &TicketSet) -> Vec<Option<Instant>> {
    settled_at_for(runtimes, set, |_| true)
}

/// As [`settled_at`], for the tickets of the agreements `wanted` accepts (by index); the others
/// get `None` (never skipped, so only use the result for those agreements).
#[must_use]
pub fn settled_at_for(
    runtimes: &[AgreementRuntime],
    set: &TicketSet,
    wanted: impl Fn(u32) -> bool + Sync,
) -> Vec<Option<Instant>> {
    use rayon::prelude::*;
    set.tickets
        .par_iter()
        .enumerate()
        .map(|(i, t)| {
            if !wanted(t.agreement) {
                return None;
            }
            let events = set.events(i);
            let last = events.last()?;
            let s = standing(
                &runtimes[t.agreement as usize],
                t.opened_at,
                t.priority,
                events,
            );
            (!s.is_open).then_some(last.at.max(t.opened_at))
        })
        .collect()
}

fn bucket(elapsed_s: i64, target_s: i64) -> usize {
    // Percent of the target, exactly: elapsed × 100 <= bound × target.
    FR_BUCKETS
        .iter()
        .position(|&b| {
            b == u32::MAX || i128::from(elapsed_s) * 100 <= i128::from(b) * i128::from(target_s)
        })
        .unwrap_or(FR_BUCKETS.len() - 1)
}

/// What one ticket contributes to a period: the one classification behind every tally, chart
/// and drill-down, so a number and the tickets listed behind it cannot disagree.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct PeriodTicket {
    /// Index of the ticket in the set.
    pub ticket: usize,
    /// Priority at the period's end.
    pub priority: Priority,
    /// The ticket's channel.
    pub channel: Channel,
    /// Opened in the period.
    pub opened: bool,
    /// Opened in the period and resolved (clock stopped) at its end.
    pub resolved_of_opened: bool,
    /// The deadlines of its clocks at the span's end (first response, resolution), where a
    /// breach is explained beside its breach instant.
    pub due_at: [Option<Instant>; 2],
    /// First-response outcome in the period.
    pub first_response: Option<PeriodOutcome>,
    /// Resolution outcome in the period.
    pub resolution: Option<PeriodOutcome>,
    /// First-response clock stopped in the period: elapsed seconds and [`FR_BUCKETS`] bucket.
    pub fr_stopped: Option<(i64, usize)>,
    /// CSAT score counted in the period (its resolution clock stopped in it).
    pub csat: Option<u8>,
    /// Escalation levels passed in the period.
    pub escalations: u64,
}

impl PeriodTicket {
    /// The outcome of one clock.
    #[must_use]
    pub const fn outcome(&self, clock: ClockName) -> Option<&PeriodOutcome> {
        match clock {
            ClockName::FirstResponse => self.first_response.as_ref(),
            ClockName::Resolution => self.resolution.as_ref(),
        }
    }

    /// Whether anything about the ticket counts in the period.
    #[must_use]
    pub const fn counts(&self) -> bool {
        self.opened
            || self.first_response.is_some()
            || self.resolution.is_some()
            || self.fr_stopped.is_some()
            || self.csat.is_some()
            || self.escalations > 0
    }
}

/// Classifies ticket `i` of `set` over the span `[start, end)` (the ticket evaluated at `end`).
#[must_use]
pub fn classify(rt: &AgreementRuntime, set: &TicketSet, i: usize, span: Span) -> PeriodTicket {
    let Span { start, end, .. } = span;
    let t = &set.tickets[i];
    let events = set.events(i);
    let s: TicketSla = evaluate(rt, t.opened_at, t.priority, events, end);
    let (fr, res) = (&s.first_response, &s.resolution);
    let opened = start <= t.opened_at;
    let escalations = if opened {
        u64::from(s.escalation_level)
    } else if s.escalation_level > 0 {
        let before = evaluate(rt, t.opened_at, t.priority, events, start);
        u64::from(s.escalation_level.saturating_sub(before.escalation_level))
    } else {
        0
    };
    PeriodTicket {
        ticket: i,
        priority: s.priority,
        channel: t.channel,
        opened,
        resolved_of_opened: opened && res.stopped_at.is_some(),
        due_at: [fr.due_at, res.due_at],
        first_response: fr.outcome_in(span),
        resolution: res.outcome_in(span),
        fr_stopped: fr
            .stopped_at
            .is_some_and(|t| span.contains(t))
            .then(|| (fr.elapsed_s, bucket(fr.elapsed_s, fr.target_s))),
        csat: t
            .csat
            .filter(|_| res.stopped_at.is_some_and(|t| span.contains(t))),
        escalations,
    }
}

/// Whether ticket `t` of agreement `agreement_index` can have anything in `[start, end)`: it
/// belongs to the agreement, was opened before the end, and had not settled (`settled`, from
/// [`settled_at`]) before the start. Every per-period pass skips the others without evaluation.
#[must_use]
pub fn may_count(
    t: &crate::ticket::Ticket,
    agreement_index: u32,
    start: Instant,
    end: Instant,
    settled: Option<Instant>,
) -> bool {
    t.agreement == agreement_index && t.opened_at < end && settled.is_none_or(|at| at >= start)
}

/// The tickets of agreement `agreement_index` that can have something in `span`, classified
/// (tickets opened at or after its end, or settled before its start, are skipped), in ticket
/// order. `settled` is [`settled_at`] of the same set (or `None` to evaluate every ticket).
pub fn period_tickets<'a>(
    rt: &'a AgreementRuntime,
    agreement_index: u32,
    set: &'a TicketSet,
    span: Span,
    settled: Option<&'a [Option<Instant>]>,
) -> impl Iterator<Item = PeriodTicket> + 'a {
    set.tickets
        .iter()
        .enumerate()
        .filter(move |&(i, t)| {
            may_count(
                t,
                agreement_index,
                span.start,
                span.end,
                settled.and_then(|s| s[i]),
            )
        })
        .map(move |(i, _)| classify(rt, set, i, span))
}

impl Tally {
    /// Adds one ticket's contribution.
    pub fn add(&mut self, p: &PeriodTicket) {
        self.tickets_opened += u64::from(p.opened);
        self.resolved_of_opened += u64::from(p.resolved_of_opened);
        self.escalations += p.escalations;
        if let Some(o) = p.first_response {
            *(if o.breached {
                &mut self.fr_breached
            } else {
                &mut self.fr_met
            }) += 1;
        }
        if let Some(o) = p.resolution {
            *(if o.breached {
                &mut self.res_breached
            } else {
                &mut self.res_met
            }) += 1;
        }
        if let Some((elapsed, _)) = p.fr_stopped {
            self.fr_elapsed.push(elapsed);
        }
        if let Some(c) = p.csat {
            self.csat_sum += u64::from(c);
            self.csat_count += 1;
        }
    }
}

/// Analyses the tickets of agreement `agreement_index` of `set` over `span` (a period, whole or
/// to date). `settled` is [`settled_at`] of the same set (or `None` to evaluate every ticket).
#[must_use]
pub fn analyse(
    rt: &AgreementRuntime,
    agreement_index: u32,
    set: &TicketSet,
    span: Span,
    settled: Option<&[Option<Instant>]>,
) -> PeriodAnalysis {
    let period = span.period;
    // The period's fee, credit terms and reporting targets: those in force at its start.
    let a: &Agreement = rt.agreement.terms_at(span.start);
    let mut all = Tally::default();
    let mut by_priority: [Tally; 4] = Default::default();
    let mut by_channel: [Tally; 4] = Default::default();
    let mut fr_distribution = [[0u64; FR_BUCKETS.len()]; 4];
    let mut breaches = Vec::new();
    for p in period_tickets(rt, agreement_index, set, span, settled) {
        for (clock, o, due_at) in [
            (ClockName::FirstResponse, p.first_response, p.due_at[0]),
            (ClockName::Resolution, p.resolution, p.due_at[1]),
        ] {
            if let Some(o) = o.filter(|o| o.breached) {
                breaches.push(Breach {
                    ticket: p.ticket,
                    clock,
                    priority: p.priority,
                    channel: p.channel,
                    at: o.at,
                    due_at: due_at.unwrap_or(o.at),
                    elapsed_s: o.elapsed_s,
                    target_s: o.target_s,
                });
            }
        }
        if let Some((_, b)) = p.fr_stopped {
            fr_distribution[p.priority.index()][b] += 1;
        }
        all.add(&p);
        by_priority[p.priority.index()].add(&p);
        by_channel[channel_index(p.channel)].add(&p);
    }
    let (fr_mean_s, fr_median_s) = all.fr_mean_median();
    let credits = credit_statement(
        a,
        period,
        breaches
            .iter()
            .filter(|b| b.clock == ClockName::Resolution)
            .map(|b| (set.tickets[b.ticket].id.to_string(), b.priority, b.at))
            .collect(),
        all.res_met,
    );
    let metrics = PeriodMetrics {
        agreement_id: a.id.clone(),
        period: period.to_string(),
        tickets_opened: all.tickets_opened,
        fr_met: all.fr_met,
        fr_breached: all.fr_breached,
        fr_mean_s,
        fr_median_s,
        res_met: all.res_met,
        res_breached: all.res_breached,
        resolved_of_opened: all.resolved_of_opened,
        csat_sum: all.csat_sum,
        csat_count: all.csat_count,
        credits,
        currency: a.currency.code.clone(),
        to_date: span.to_date(),
    };
    PeriodAnalysis {
        period,
        span,
        all,
        by_priority,
        by_channel,
        fr_distribution,
        breaches,
        metrics,
    }
}

/// Metrics and credits of one agreement's tickets (`agreement_index` in `set`) over a period as
/// reported at `as_of` (to date while it has not ended; `None` when it has not started): the
/// whole-agreement line of [`analyse`].
#[must_use]
pub fn period_metrics(
    rt: &AgreementRuntime,
    agreement_index: u32,
    set: &TicketSet,
    period: Period,
    as_of: Instant,
) -> Option<PeriodMetrics> {
    let span = period.span(&rt.agreement, as_of)?;
    Some(analyse(rt, agreement_index, set, span, None).metrics)
}
