//! A period of an agreement, analysed for reports and dashboards: the period metrics of
//! `sla-semantics.md` for the whole agreement and grouped by priority and channel, plus what a
//! report shows beyond the CSV — escalations reached, the first-response distribution against
//! target, and every breach with its ticket — from one pass over the agreement's tickets.
//!
//! [`crate::metrics::period_metrics`] is this analysis's whole-agreement line, so the CSV and
//! the reports can never disagree.
//!
//! Choices beyond the spec (which is silent on them):
//! - **escalations reached** in a period: the levels a ticket passed in it, i.e. its level at
//!   the period's end minus its level at the start (each ticket evaluated at both instants, so
//!   later events are ignored as for every other metric); never negative;
//! - **first-response distribution**: first-response clocks stopped in the period, bucketed by
//!   elapsed time as a share of the ticket's target ([`FR_BUCKETS`]), so priorities with
//!   different targets share one scale.
//!
//! Tickets that can have nothing in a period are skipped without evaluation: a ticket opened at
//! or after the end, or one whose clocks all stopped, for good, before the start
//! ([`settled_at`]). That keeps a year of monthly trends over a large history cheap.

use crate::agreement::Agreement;
use crate::clock::{AgreementRuntime, TicketSla, evaluate, standing};
use crate::instant::Instant;
use crate::metrics::{Period, PeriodMetrics, credit_statement, mean_median};
use crate::model::{Channel, ClockName, ClockState, Priority};
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
    /// The breach instant.
    pub at: Instant,
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

fn in_period(t: Option<Instant>, start: Instant, end: Instant) -> bool {
    t.is_some_and(|t| start <= t && t < end)
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

/// Analyses the tickets of agreement `agreement_index` of `set` over `period`. `settled` is
/// [`settled_at`] of the same set (or `None` to evaluate every ticket).
#[must_use]
pub fn analyse(
    rt: &AgreementRuntime,
    agreement_index: u32,
    set: &TicketSet,
    period: Period,
    settled: Option<&[Option<Instant>]>,
) -> PeriodAnalysis {
    analyse_where(rt, agreement_index, set, period, settled, |_| true)
}

/// As [`analyse`], over the tickets `keep` accepts (by index in `set`): what a chart's
/// click-through or a filtered dashboard needs.
#[must_use]
pub fn analyse_where(
    rt: &AgreementRuntime,
    agreement_index: u32,
    set: &TicketSet,
    period: Period,
    settled: Option<&[Option<Instant>]>,
    keep: impl Fn(usize) -> bool,
) -> PeriodAnalysis {
    let a: &Agreement = &rt.agreement;
    let (start, end) = period.bounds(a);
    let mut all = Tally::default();
    let mut by_priority: [Tally; 4] = Default::default();
    let mut by_channel: [Tally; 4] = Default::default();
    let mut fr_distribution = [[0u64; FR_BUCKETS.len()]; 4];
    let mut breaches = Vec::new();
    for (i, t) in set.tickets.iter().enumerate() {
        if t.agreement != agreement_index || t.opened_at >= end {
            continue;
        }
        if settled.is_some_and(|s| s[i].is_some_and(|at| at < start)) || !keep(i) {
            continue;
        }
        let events = set.events(i);
        let s: TicketSla = evaluate(rt, t.opened_at, t.priority, events, end);
        let mut one = Tally::default();
        let (fr, res) = (&s.first_response, &s.resolution);
        if start <= t.opened_at {
            one.tickets_opened = 1;
            one.resolved_of_opened = u64::from(res.stopped_at.is_some());
            one.escalations = u64::from(s.escalation_level);
        } else if s.escalation_level > 0 {
            let before = evaluate(rt, t.opened_at, t.priority, events, start);
            one.escalations = u64::from(s.escalation_level.saturating_sub(before.escalation_level));
        }
        for (clock, c) in [(ClockName::FirstResponse, fr), (ClockName::Resolution, res)] {
            let (met, breached) = match c.state {
                ClockState::Met if in_period(c.stopped_at, start, end) => (1, 0),
                ClockState::Breached if in_period(c.due_at, start, end) => (0, 1),
                _ => (0, 0),
            };
            if breached == 1 {
                breaches.push(Breach {
                    ticket: i,
                    clock,
                    priority: s.priority,
                    channel: t.channel,
                    at: c.due_at.unwrap_or(end),
                    elapsed_s: c.elapsed_s,
                    target_s: c.target_s,
                });
            }
            match clock {
                ClockName::FirstResponse => (one.fr_met, one.fr_breached) = (met, breached),
                ClockName::Resolution => (one.res_met, one.res_breached) = (met, breached),
            }
        }
        if in_period(fr.stopped_at, start, end) {
            one.fr_elapsed.push(fr.elapsed_s);
            fr_distribution[s.priority.index()][bucket(fr.elapsed_s, fr.target_s)] += 1;
        }
        if let Some(c) = t.csat
            && in_period(res.stopped_at, start, end)
        {
            one.csat_sum = u64::from(c);
            one.csat_count = 1;
        }
        all.merge(&one);
        by_priority[s.priority.index()].merge(&one);
        by_channel[channel_index(t.channel)].merge(&one);
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
    };
    PeriodAnalysis {
        period,
        all,
        by_priority,
        by_channel,
        fr_distribution,
        breaches,
        metrics,
    }
}
