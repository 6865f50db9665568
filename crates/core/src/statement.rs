//! Issued statements and restatements: what a period's credit statement said when it was
//! issued to the customer, and what has moved since.
//!
//! An invoice that has been sent must not change under anyone's feet, yet the facts behind it
//! can: an event recorded late (a resolution logged the next morning), or a correction of the
//! terms themselves. So a statement, once issued, is a record of its own ([`StatementFigures`],
//! kept immutably by the store), and the current computation is compared with it
//! ([`restate`]): every ticket whose counted outcome or credit differs is listed with the
//! cause, and the difference in credits is stated. Nothing is ever recomputed into the issued
//! record.
//!
//! Choices (the spec is silent on them):
//! - **What is recorded per ticket**: every ticket that could count in the period
//!   ([`crate::analysis::may_count`]), with each clock's counted outcome (met, breached, or not
//!   counted in the period), its credit, and how many events it had. A ticket that was running
//!   at issue and is met in the period after a late event is therefore listed as moved.
//! - **Causes**, found by recomputing the period under the terms the statement was issued under
//!   with today's events: where that still differs from the issued figures, the events did it
//!   (the ticket's event count grew, or the statement did not consider the ticket at all: it was
//!   recorded since, or reopened from before the period); where today's figures differ from
//!   that, the terms did (a correction). Both can hold. When neither holds, the figure moved
//!   because this version of Accord computes it differently, and it says so rather than invent
//!   a cause.
//! - A period can only be issued once it has ended: figures to date are provisional.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::analysis::{analyse, period_tickets};
use crate::clock::AgreementRuntime;
use crate::credits::CreditStatement;
use crate::instant::Instant;
use crate::model::Priority;
use crate::period::Span;
use crate::ticket::TicketSet;

/// How one clock of a ticket counts in a period.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Counted {
    /// Met in the period.
    Met,
    /// Breached in the period.
    Breached,
    /// Its result is not in the period (running, paused, or in another period).
    NotCounted,
}

impl Counted {
    /// Words for people and files.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::Breached => "breached",
            Self::NotCounted => "not counted",
        }
    }

    fn of(o: Option<&crate::clock::PeriodOutcome>) -> Self {
        match o {
            Some(o) if o.breached => Self::Breached,
            Some(_) => Self::Met,
            None => Self::NotCounted,
        }
    }
}

/// One ticket as a statement counted it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct TicketFigures {
    /// The ticket.
    pub ticket_id: String,
    /// Its priority at the period's end.
    pub priority: Priority,
    /// Its first-response clock in the period.
    pub first_response: Counted,
    /// Its resolution clock in the period.
    pub resolution: Counted,
    /// Its credit, when its resolution breach was credited (zero for a priority that earns
    /// none).
    pub credit: Option<Decimal>,
    /// How many events it had when computed.
    pub events: u32,
}

/// A period's figures as a statement records them.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct StatementFigures {
    /// Tickets opened in the period.
    pub tickets_opened: u64,
    /// First-response clocks met in the period.
    pub fr_met: u64,
    /// First-response clocks breached.
    pub fr_breached: u64,
    /// Resolution clocks met.
    pub res_met: u64,
    /// Resolution clocks breached.
    pub res_breached: u64,
    /// The fee the credit percents apply to.
    pub period_fee: Decimal,
    /// Sum of the per-breach credits.
    pub per_breach_total: Decimal,
    /// The compliance band applied (its threshold), if any.
    pub band_below: Option<Decimal>,
    /// The band's credit.
    pub band_amount: Decimal,
    /// Whether the cap cut the total.
    pub cap_applied: bool,
    /// What is owed.
    pub credit_total: Decimal,
    /// ISO 4217 code.
    pub currency: String,
    /// Digits of the currency's minor unit.
    pub minor_digits: u32,
    /// Every ticket that could count in the period, in ticket order.
    pub tickets: Vec<TicketFigures>,
}

impl StatementFigures {
    /// First-response compliance (met / (met + breached)); `None` without outcomes.
    #[must_use]
    pub fn fr_compliance(&self) -> Option<Decimal> {
        fraction(self.fr_met, self.fr_breached)
    }

    /// Resolution compliance; `None` without outcomes.
    #[must_use]
    pub fn res_compliance(&self) -> Option<Decimal> {
        fraction(self.res_met, self.res_breached)
    }
}

fn fraction(met: u64, breached: u64) -> Option<Decimal> {
    let total = met + breached;
    (total > 0).then(|| Decimal::from(met) / Decimal::from(total))
}

/// The figures of agreement `agreement_index`'s tickets over `span`, as a statement records
/// them. `settled` as for [`analyse`].
#[must_use]
pub fn figures(
    rt: &AgreementRuntime,
    agreement_index: u32,
    set: &TicketSet,
    span: Span,
    settled: Option<&[Option<Instant>]>,
) -> StatementFigures {
    let a = analyse(rt, agreement_index, set, span, settled);
    let m = &a.metrics;
    let CreditStatement {
        period_fee,
        per_breach_total,
        band,
        band_amount,
        cap_applied,
        total,
        minor_digits,
        ref breaches,
        ..
    } = m.credits;
    let credit_of = |id: &str| {
        breaches
            .iter()
            .find(|l| l.ticket_id == id)
            .map(|l| l.amount)
    };
    let tickets = period_tickets(rt, agreement_index, set, span, settled)
        .map(|p| {
            let id = &set.tickets[p.ticket].id;
            TicketFigures {
                ticket_id: id.to_string(),
                priority: p.priority,
                first_response: Counted::of(p.first_response.as_ref()),
                resolution: Counted::of(p.resolution.as_ref()),
                credit: credit_of(id),
                events: u32::try_from(set.events(p.ticket).len()).unwrap_or(u32::MAX),
            }
        })
        .collect();
    StatementFigures {
        tickets_opened: m.tickets_opened,
        fr_met: m.fr_met,
        fr_breached: m.fr_breached,
        res_met: m.res_met,
        res_breached: m.res_breached,
        period_fee,
        per_breach_total,
        band_below: band.map(|b| b.below),
        band_amount,
        cap_applied,
        credit_total: total,
        currency: m.currency.clone(),
        minor_digits,
        tickets,
    }
}

/// Why a ticket's figures moved since issue.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Cause {
    /// Events were recorded for it after the statement was issued.
    EventsAdded {
        /// How many.
        count: u32,
    },
    /// The statement did not consider the ticket at all: it was recorded after issue, or it had
    /// settled before the period then and events recorded since reopened it.
    NotInIssue,
    /// The terms governing it or the period were changed since issue (a correction, or an
    /// amendment taking effect in the period).
    TermsChanged,
    /// Neither: this version of Accord computes the figure differently.
    Recomputed,
}

impl Cause {
    /// Words for people.
    #[must_use]
    pub fn describe(&self) -> String {
        match self {
            Self::EventsAdded { count: 1 } => "1 event recorded since issue".to_owned(),
            Self::EventsAdded { count } => format!("{count} events recorded since issue"),
            Self::NotInIssue => {
                "not among the statement's tickets at issue (recorded or reopened since)".to_owned()
            }
            Self::TermsChanged => "the terms were changed since issue".to_owned(),
            Self::Recomputed => "recomputed by this version of Accord".to_owned(),
        }
    }
}

/// One ticket whose figures differ from the issued statement's.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Moved {
    /// The ticket.
    pub ticket_id: String,
    /// Its first response: issued, now.
    pub first_response: (Counted, Counted),
    /// Its resolution: issued, now.
    pub resolution: (Counted, Counted),
    /// Its credit: issued, now.
    pub credit: (Option<Decimal>, Option<Decimal>),
    /// Why, one or more.
    pub causes: Vec<Cause>,
}

/// What has moved since a statement was issued.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Restatement {
    /// Every ticket whose counted outcome or credit differs, in the current ticket order
    /// (tickets only in the issued statement last).
    pub tickets: Vec<Moved>,
    /// Credits issued.
    pub credit_issued: Decimal,
    /// Credits now.
    pub credit_now: Decimal,
    /// Now minus issued.
    pub difference: Decimal,
}

/// What has moved between `issued` and `now`; `None` when nothing has.
///
/// `under_issued_terms` is the period recomputed now under the terms the statement was issued
/// under (today's events, yesterday's terms), or `None` when the terms are the same. It
/// separates the causes: a ticket whose figures under the issued terms still differ from the
/// issued ones moved because of its events; one whose figures now differ from those under the
/// issued terms moved because of the terms. Both can hold.
#[must_use]
pub fn restate(
    issued: &StatementFigures,
    now: &StatementFigures,
    under_issued_terms: Option<&StatementFigures>,
) -> Option<Restatement> {
    use std::collections::HashMap;
    let index = |f: &StatementFigures| -> HashMap<String, TicketFigures> {
        f.tickets
            .iter()
            .map(|t| (t.ticket_id.clone(), t.clone()))
            .collect()
    };
    let before = index(issued);
    let current = index(now);
    let alternative = under_issued_terms.map(index);
    let none = |id: &str| TicketFigures {
        ticket_id: id.to_owned(),
        priority: Priority::P4,
        first_response: Counted::NotCounted,
        resolution: Counted::NotCounted,
        credit: None,
        events: 0,
    };
    let same = |a: &TicketFigures, b: &TicketFigures| {
        a.first_response == b.first_response && a.resolution == b.resolution && a.credit == b.credit
    };
    // Every ticket in either, in the current order, then those only in the issued statement.
    let ids = now.tickets.iter().map(|t| &t.ticket_id).chain(
        issued
            .tickets
            .iter()
            .map(|t| &t.ticket_id)
            .filter(|id| !current.contains_key(*id)),
    );
    let mut tickets = Vec::new();
    for id in ids {
        let w = before.get(id).cloned().unwrap_or_else(|| none(id));
        let is = current.get(id).cloned().unwrap_or_else(|| none(id));
        if same(&w, &is) {
            continue;
        }
        // The ticket under the issued terms with today's events: where the terms are unchanged,
        // today's figures themselves.
        let x = match &alternative {
            Some(alt) => alt.get(id).cloned().unwrap_or_else(|| none(id)),
            None => is.clone(),
        };
        let mut causes = Vec::new();
        if !same(&x, &w) {
            if !before.contains_key(id) {
                causes.push(Cause::NotInIssue);
            } else if is.events > w.events {
                causes.push(Cause::EventsAdded {
                    count: is.events - w.events,
                });
            }
        }
        if !same(&is, &x) {
            causes.push(Cause::TermsChanged);
        }
        if causes.is_empty() {
            causes.push(Cause::Recomputed);
        }
        tickets.push(Moved {
            ticket_id: id.clone(),
            first_response: (w.first_response, is.first_response),
            resolution: (w.resolution, is.resolution),
            credit: (w.credit, is.credit),
            causes,
        });
    }
    let same_totals = issued.tickets_opened == now.tickets_opened
        && issued.fr_met == now.fr_met
        && issued.fr_breached == now.fr_breached
        && issued.res_met == now.res_met
        && issued.res_breached == now.res_breached
        && issued.credit_total == now.credit_total
        && issued.band_below == now.band_below
        && issued.period_fee == now.period_fee;
    if tickets.is_empty() && same_totals {
        return None;
    }
    Some(Restatement {
        tickets,
        credit_issued: issued.credit_total,
        credit_now: now.credit_total,
        difference: now.credit_total - issued.credit_total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(id: &str, res: Counted, credit: Option<i64>, events: u32) -> TicketFigures {
        TicketFigures {
            ticket_id: id.to_owned(),
            priority: Priority::P2,
            first_response: Counted::Met,
            resolution: res,
            credit: credit.map(|c| Decimal::new(c, 2)),
            events,
        }
    }

    fn figures(tickets: Vec<TicketFigures>) -> StatementFigures {
        let total: Decimal = tickets.iter().filter_map(|t| t.credit).sum();
        StatementFigures {
            tickets_opened: 0,
            fr_met: 0,
            fr_breached: 0,
            res_met: 0,
            res_breached: 0,
            period_fee: Decimal::ZERO,
            per_breach_total: total,
            band_below: None,
            band_amount: Decimal::ZERO,
            cap_applied: false,
            credit_total: total,
            currency: "USD".into(),
            minor_digits: 2,
            tickets,
        }
    }

    fn causes(r: &Restatement) -> Vec<(&str, Vec<Cause>)> {
        r.tickets
            .iter()
            .map(|m| (m.ticket_id.as_str(), m.causes.clone()))
            .collect()
    }

    #[test]
    fn causes_are_told_apart_by_recomputing_under_the_issued_terms() {
        use Counted::{Breached, Met, NotCounted};
        let issued = figures(vec![
            t("A", NotCounted, None, 1),
            t("B", Met, None, 3),
            t("C", NotCounted, None, 2),
            t("D", Met, None, 4),
            t("E", Met, None, 2),
        ]);
        // A: resolved by a late event. B: breached by a correction. C: a late event resolves it,
        // late under the corrected terms only. D: nothing moved. E: moved with neither.
        let now = figures(vec![
            t("A", Met, None, 2),
            t("B", Breached, Some(12500), 3),
            t("C", Breached, Some(12500), 3),
            t("D", Met, None, 4),
            t("E", Breached, None, 2),
            t("F", Met, None, 2),
        ]);
        let under_issued = figures(vec![
            t("A", Met, None, 2),
            t("B", Met, None, 3),
            t("C", Met, None, 3),
            t("D", Met, None, 4),
            t("E", Breached, None, 2),
            t("F", Met, None, 2),
        ]);
        let r = restate(&issued, &now, Some(&under_issued)).unwrap();
        assert_eq!(
            causes(&r),
            [
                ("A", vec![Cause::EventsAdded { count: 1 }]),
                ("B", vec![Cause::TermsChanged]),
                (
                    "C",
                    vec![Cause::EventsAdded { count: 1 }, Cause::TermsChanged]
                ),
                ("E", vec![Cause::Recomputed]),
                ("F", vec![Cause::NotInIssue]),
            ]
        );
        assert_eq!(r.difference, Decimal::new(25000, 2));
        // Without a correction, today's figures are those under the issued terms.
        let r = restate(&issued, &now, None).unwrap();
        assert_eq!(
            causes(&r)[1],
            ("B", vec![Cause::Recomputed]),
            "no new event and the same terms: the engine moved it"
        );
        // Nothing moved: no restatement.
        assert!(restate(&issued, &issued, None).is_none());
        // A ticket the statement counted that no longer counts at all, because of the terms.
        let was = figures(vec![t("A", NotCounted, None, 1), t("Z", Met, None, 1)]);
        let gone = figures(vec![t("A", NotCounted, None, 1)]);
        let r = restate(&was, &gone, Some(&was)).unwrap();
        assert_eq!(causes(&r), [("Z", vec![Cause::TermsChanged])]);
    }
}
