//! What a report holds, computed once by the engine (`accord-core`) and then drawn as PDF,
//! HTML, CSV or app views: the period's analysis, the trend of the periods before it, every
//! breach with the timeline behind it, and the credit statement. Nothing here does SLA
//! arithmetic of its own; it only gathers the engine's answers.

use accord_core::analysis::{Breach, PeriodAnalysis, analyse};
use accord_core::explain::{Segment, explain};
use accord_core::metrics::PeriodMetrics;
use accord_core::model::{Channel, ClockName, Priority, Tier};
use accord_core::period::{Period, Span};
use accord_core::{Agreement, AgreementRuntime, Decimal, Event, Instant, TicketSet};

use crate::charts::{AGREEMENT_COLOURS, Colour};

/// The tickets and agreements a report reads, evaluated once.
#[derive(Debug)]
pub struct Source<'a> {
    /// Compiled agreements, indexed as in `set`.
    pub runtimes: &'a [AgreementRuntime],
    /// Every ticket and event.
    pub set: &'a TicketSet,
    /// [`accord_core::analysis::settled_at`] of `set`.
    pub settled: &'a [Option<Instant>],
}

impl Source<'_> {
    /// The colour of agreement `index`: by its id's rank among all the agreements, so it is
    /// the same in every chart and report over the same agreements, and agreements shown
    /// together get different colours (up to [`AGREEMENT_COLOURS`]'s length).
    #[must_use]
    pub fn colour(&self, index: usize) -> Colour {
        let id = &self.runtimes[index].agreement.id;
        let rank = self
            .runtimes
            .iter()
            .filter(|r| r.agreement.id < *id)
            .count();
        AGREEMENT_COLOURS[rank % AGREEMENT_COLOURS.len()]
    }
}

/// One period of a trend.
#[derive(Clone, Debug)]
pub struct TrendPoint {
    /// The period.
    pub period: Period,
    /// Its metrics and credits.
    pub metrics: PeriodMetrics,
    /// Escalation levels passed in it.
    pub escalations: u64,
}

/// A breach in the report's period, with what a reader needs to see why.
#[derive(Clone, Debug)]
pub struct BreachDetail {
    /// The breach as counted.
    pub breach: Breach,
    /// The ticket's id.
    pub ticket_id: String,
    /// Its subject.
    pub subject: String,
    /// Its customer.
    pub customer: String,
    /// When it was opened.
    pub opened_at: Instant,
    /// The breached clock's segments, from opening to the period's end.
    pub segments: Vec<Segment>,
    /// The credit it earned (resolution breaches).
    pub credit: Option<Decimal>,
}

/// How many breaches a report details with their timelines: the ones furthest over their
/// targets. Every breach is still counted, charted and listed in the report's breaches CSV.
pub const DETAIL_LIMIT: usize = 100;

/// One agreement over one period (to date while it has not ended).
#[derive(Clone, Debug)]
pub struct AgreementReport {
    /// The agreement: the terms in force at the span's start.
    pub agreement: Agreement,
    /// The amendment those terms are from, named as `Amendment No. 1, in force from
    /// 2026-07-01` ([`Agreement::terms_label_at`]); `None` for the base terms.
    pub terms: Option<String>,
    /// The period.
    pub period: Period,
    /// What is reported of it: the whole period, or the period to date.
    pub span: Span,
    /// The period, analysed.
    pub analysis: PeriodAnalysis,
    /// The periods up to and including this one (at most twelve months or four quarters, none
    /// before the agreement took effect).
    pub trend: Vec<TrendPoint>,
    /// The breaches detailed ([`DETAIL_LIMIT`] at most: those furthest over their targets),
    /// first response then resolution, in time order.
    pub breaches: Vec<BreachDetail>,
    /// Every breach of `analysis.breaches`, in its order: the ticket's id and opening (empty in
    /// a summary).
    pub breach_tickets: Vec<(String, Instant)>,
    /// Built with the breaches' details and lists (a report), or without them (a summary).
    pub detailed: bool,
    /// The agreement's colour in every chart.
    pub colour: Colour,
}

/// The periods of a trend ending with `period`: months or quarters back to the agreement's
/// start (twelve months or four quarters at most); a custom range is its own trend.
#[must_use]
pub fn trend_periods(agreement: &Agreement, period: Period) -> Vec<Period> {
    let count = match period {
        Period::Month { .. } => 12,
        Period::Quarter { .. } => 4,
        Period::Range { .. } => return vec![period],
    };
    let mut out = vec![period];
    let mut p = period;
    while out.len() < count {
        p = p.previous();
        if p.dates().1 <= agreement.effective_from {
            break;
        }
        out.push(p);
    }
    out.reverse();
    out
}

impl AgreementReport {
    /// Gathers the report of agreement `index` of `src` over `period` as known at `as_of` (to
    /// date while the period has not ended); `None` when the period starts after `as_of`.
    #[must_use]
    pub fn build(src: &Source<'_>, index: usize, period: Period, as_of: Instant) -> Option<Self> {
        Self::gather(src, index, period, as_of, true)
    }

    /// As [`Self::build`] without the breaches' details (what a dashboard shows: the figures
    /// and charts, the breaches only counted).
    #[must_use]
    pub fn summary(src: &Source<'_>, index: usize, period: Period, as_of: Instant) -> Option<Self> {
        Self::gather(src, index, period, as_of, false)
    }

    fn gather(
        src: &Source<'_>,
        index: usize,
        period: Period,
        as_of: Instant,
        details: bool,
    ) -> Option<Self> {
        use rayon::prelude::*;
        let rt = &src.runtimes[index];
        let idx = u32::try_from(index).unwrap_or(u32::MAX);
        let span = period.span(&rt.agreement, as_of)?;
        // The trend ends with the period itself: its analysis is the report's, computed once.
        // The periods are independent: analysed on every core. Every one before the last has
        // started, since the last has.
        let mut analyses: Vec<_> = trend_periods(&rt.agreement, period)
            .into_par_iter()
            .filter_map(|p| p.span(&rt.agreement, as_of))
            .map(|s| analyse(rt, idx, src.set, s, Some(src.settled)))
            .collect();
        let trend: Vec<TrendPoint> = analyses
            .iter()
            .map(|a| TrendPoint {
                period: a.period,
                escalations: a.all.escalations,
                metrics: a.metrics.clone(),
            })
            .collect();
        let analysis = match analyses.pop() {
            Some(a) if a.period == period => a,
            _ => analyse(rt, idx, src.set, span, Some(src.settled)),
        };
        let end = span.end;
        let credits: std::collections::HashMap<&str, Decimal> = analysis
            .metrics
            .credits
            .breaches
            .iter()
            .map(|l| (l.ticket_id.as_str(), l.amount))
            .collect();
        let mut shown: Vec<&Breach> = shown_all(details, &analysis.breaches).iter().collect();
        // The furthest over target first (then the earliest), when there are too many to show.
        if shown.len() > DETAIL_LIMIT {
            shown.sort_by_key(|b| (std::cmp::Reverse(b.elapsed_s - b.target_s), b.at, b.ticket));
            shown.truncate(DETAIL_LIMIT);
        }
        let breach_tickets = shown_all(details, &analysis.breaches)
            .iter()
            .map(|b| {
                let t = &src.set.tickets[b.ticket];
                (t.id.to_string(), t.opened_at)
            })
            .collect();
        let mut breaches: Vec<BreachDetail> = shown
            .par_iter()
            .map(|b| {
                let t = &src.set.tickets[b.ticket];
                let credit = (b.clock == ClockName::Resolution)
                    .then(|| credits.get(&*t.id).copied())
                    .flatten();
                BreachDetail {
                    breach: (*b).clone(),
                    ticket_id: t.id.to_string(),
                    subject: t.subject.to_string(),
                    customer: t.customer.to_string(),
                    opened_at: t.opened_at,
                    segments: timeline(rt, src.set, b.ticket, b.clock, end),
                    credit,
                }
            })
            .collect();
        breaches.sort_by(|a, b| {
            (
                a.breach.clock != ClockName::FirstResponse,
                a.breach.at,
                &a.ticket_id,
            )
                .cmp(&(
                    b.breach.clock != ClockName::FirstResponse,
                    b.breach.at,
                    &b.ticket_id,
                ))
        });
        Some(Self {
            agreement: rt.agreement.terms_at(span.start).clone(),
            terms: rt.agreement.terms_label_at(span.start),
            period,
            span,
            analysis,
            trend,
            breaches,
            breach_tickets,
            detailed: details,
            colour: src.colour(index),
        })
    }
}

/// The free text of one ticket, read on its own for a report gathered from a history read
/// without text (a large history's customers, subjects and notes cost more to read than the
/// report's hundred detailed breaches need).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TicketText {
    /// Its customer.
    pub customer: String,
    /// Its subject.
    pub subject: String,
    /// Its events with their notes, in stored order.
    pub events: Vec<(Event, String)>,
}

impl AgreementReport {
    /// The tickets (numbers in the source's set) whose breaches are detailed, each once.
    #[must_use]
    pub fn detailed_tickets(&self) -> Vec<usize> {
        distinct(self.breaches.iter().map(|b| b.breach.ticket))
    }

    /// Puts in the customers, subjects and timeline notes of the detailed breaches, from
    /// `text` (by ticket number), for a report gathered from a history read without text.
    /// A ticket's notes are used only while its events are the ones the report counted (the
    /// text may have been read after a later change); otherwise its timeline keeps none.
    pub fn fill_text(
        &mut self,
        src: &Source<'_>,
        text: &std::collections::HashMap<usize, TicketText>,
    ) {
        let Some(rt) = src
            .runtimes
            .iter()
            .find(|r| r.agreement.id == self.agreement.id)
        else {
            return;
        };
        let end = self.span.end;
        for b in &mut self.breaches {
            let Some(t) = text.get(&b.breach.ticket) else {
                continue;
            };
            b.customer.clone_from(&t.customer);
            b.subject.clone_from(&t.subject);
            // The ticket alone, its events put in the set's order by the set itself.
            let one = TicketSet::new(
                vec![src.set.tickets[b.breach.ticket].clone()],
                t.events.iter().map(|(e, _)| (0, *e)).collect(),
                t.events.iter().map(|(_, n)| n.as_str().into()).collect(),
            );
            if one.events(0) == src.set.events(b.breach.ticket) {
                b.segments = timeline(rt, &one, 0, b.breach.clock, end);
            }
        }
    }
}

impl PortfolioReport {
    /// The tickets whose breaches are detailed, over every agreement, each once.
    #[must_use]
    pub fn detailed_tickets(&self) -> Vec<usize> {
        distinct(
            self.agreements
                .iter()
                .flat_map(|a| a.breaches.iter().map(|b| b.breach.ticket)),
        )
    }

    /// [`AgreementReport::fill_text`] for every agreement.
    pub fn fill_text(
        &mut self,
        src: &Source<'_>,
        text: &std::collections::HashMap<usize, TicketText>,
    ) {
        for a in &mut self.agreements {
            a.fill_text(src, text);
        }
    }
}

/// Each ticket number once, in order.
fn distinct(tickets: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut out: Vec<usize> = tickets.collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The segments of ticket `i`'s `clock` in `set`, from its opening to `end`.
fn timeline(
    rt: &AgreementRuntime,
    set: &TicketSet,
    i: usize,
    clock: ClockName,
    end: Instant,
) -> Vec<Segment> {
    let t = &set.tickets[i];
    let e = explain(
        rt,
        t.opened_at,
        t.priority,
        set.events(i),
        set.notes(i),
        end,
    );
    match clock {
        ClockName::FirstResponse => e.first_response,
        ClockName::Resolution => e.resolution,
    }
}

/// The breaches a report lists: all of them, or none for a summary.
fn shown_all(details: bool, breaches: &[Breach]) -> &[Breach] {
    if details { breaches } else { &[] }
}

/// Which agreements a portfolio report covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selection {
    /// Every agreement.
    All,
    /// Agreements of one tier.
    Tier(Tier),
    /// Agreements of one region (exact name).
    Region(String),
}

impl Selection {
    /// Whether an agreement is in.
    #[must_use]
    pub fn contains(&self, a: &Agreement) -> bool {
        match self {
            Self::All => true,
            Self::Tier(t) => a.tier == *t,
            Self::Region(r) => a.region == *r,
        }
    }

    /// Words for a title.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::All => "All agreements".to_owned(),
            Self::Tier(t) => format!("{} tier", tier_name(*t)),
            Self::Region(r) => format!("Region: {r}"),
        }
    }
}

/// Agreements of a selection over one period, side by side.
#[derive(Clone, Debug)]
pub struct PortfolioReport {
    /// What was selected.
    pub selection: Selection,
    /// The period.
    pub period: Period,
    /// The report's instant: a period not ended then is reported to date.
    pub as_of: Instant,
    /// One report per agreement whose period has started at `as_of`, by id.
    pub agreements: Vec<AgreementReport>,
}

impl PortfolioReport {
    /// Gathers the agreements of `selection` in `src` over `period` as known at `as_of`.
    #[must_use]
    pub fn build(src: &Source<'_>, selection: Selection, period: Period, as_of: Instant) -> Self {
        Self::gather(src, selection, period, as_of, true)
    }

    /// As [`Self::build`] without the breaches' details (a dashboard).
    #[must_use]
    pub fn summary(src: &Source<'_>, selection: Selection, period: Period, as_of: Instant) -> Self {
        Self::gather(src, selection, period, as_of, false)
    }

    /// Whether any agreement's period is reported to date.
    #[must_use]
    pub fn to_date(&self) -> Option<Instant> {
        self.agreements.iter().find_map(|a| a.span.to_date())
    }

    fn gather(
        src: &Source<'_>,
        selection: Selection,
        period: Period,
        as_of: Instant,
        details: bool,
    ) -> Self {
        let mut order: Vec<usize> = (0..src.runtimes.len())
            .filter(|&i| selection.contains(&src.runtimes[i].agreement))
            .collect();
        order.sort_by(|&a, &b| {
            src.runtimes[a]
                .agreement
                .id
                .cmp(&src.runtimes[b].agreement.id)
        });
        Self {
            agreements: order
                .into_iter()
                .filter_map(|i| AgreementReport::gather(src, i, period, as_of, details))
                .collect(),
            selection,
            period,
            as_of,
        }
    }
}

/// A tier's name for people.
#[must_use]
pub const fn tier_name(t: Tier) -> &'static str {
    match t {
        Tier::Basic => "Basic",
        Tier::Premium => "Premium",
        Tier::Enterprise => "Enterprise",
    }
}

/// A channel's name for people.
#[must_use]
pub const fn channel_name(c: Channel) -> &'static str {
    match c {
        Channel::Phone => "Phone",
        Channel::Email => "Email",
        Channel::LiveChat => "Live chat",
        Channel::HelpDesk => "Help desk",
    }
}

/// A priority's name for people.
#[must_use]
pub const fn priority_name(p: Priority) -> &'static str {
    match p {
        Priority::P1 => "P1 critical",
        Priority::P2 => "P2 high",
        Priority::P3 => "P3 normal",
        Priority::P4 => "P4 low",
    }
}
