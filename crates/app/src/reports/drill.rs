//! Drill-downs: the tickets behind a dashboard number (an outcome, a breach, a credit, a
//! first-response bucket, a CSAT score), breaches first.

use accord_core::analysis::{PeriodTicket, period_tickets};
use accord_core::duration::format_duration;
use accord_core::model::{Channel, ClockKind, ClockName, Priority};
use accord_core::{AgreementRuntime, Instant};
use serde::{Deserialize, Serialize};

use super::{History, Scope, parse_period};
use crate::AppError;

/// Which tickets a click on a chart asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DrillKind {
    /// Clocks met or breached in the period (what compliance counts).
    Outcomes,
    /// Clocks breached in the period.
    Breaches,
    /// Resolution clocks breached in the period (what credits are owed for).
    Credited,
    /// CSAT scores counted in the period.
    Csat,
    /// First-response clocks stopped in the period.
    FirstResponses,
}

/// The tickets behind a number of a dashboard.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Drill {
    /// The agreement or portfolio.
    pub scope: Scope,
    /// The period.
    pub period: String,
    /// What is counted.
    pub kind: DrillKind,
    /// Only this priority (at the period's end).
    pub priority: Option<Priority>,
    /// Only this channel.
    pub channel: Option<Channel>,
    /// Only this first-response bucket (index into the distribution's buckets).
    pub bucket: Option<u32>,
    /// What was clicked, for the list's title.
    pub label: String,
}

/// What a drill-down row counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum DrillOutcome {
    /// A clock met in the period.
    Met,
    /// A clock breached in the period.
    Breached,
    /// A first response given in the period after a breach filed in an earlier one.
    BreachedEarlier,
    /// A CSAT score (the row's `csat`).
    Csat,
}

impl DrillOutcome {
    const fn of(breached: bool) -> Self {
        if breached { Self::Breached } else { Self::Met }
    }

    const fn is_breach(self) -> bool {
        matches!(self, Self::Breached | Self::BreachedEarlier)
    }
}

/// One ticket behind a number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DrillRow {
    /// The ticket.
    pub ticket_id: String,
    /// Its agreement.
    pub agreement_id: String,
    /// Its subject.
    pub subject: String,
    /// Its customer.
    pub customer: String,
    /// Priority at the period's end.
    pub priority: Priority,
    /// Its channel.
    pub channel: Channel,
    /// The clock counted (none for a CSAT score).
    pub clock: Option<ClockName>,
    /// What it counted.
    pub outcome: DrillOutcome,
    /// The score, for a CSAT row.
    pub csat: Option<u8>,
    /// When it counted (the stop, or the breach: the first counted second over the target),
    /// RFC 3339.
    pub at: Option<String>,
    /// A breach's deadline (the instant its target was used up), RFC 3339, where it is not
    /// the second before `at`.
    pub due_at: Option<String>,
    /// Counted time against the target, for people (`5h12m / 4h`).
    pub counted: String,
    /// What `counted` counts: business hours or round the clock (none for a CSAT score).
    pub counted_on: Option<ClockKind>,
}

/// The tickets behind a number, at most [`DRILL_LIMIT`] of them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DrillRows {
    /// What they are.
    pub title: String,
    /// How many there are in all.
    pub total: u32,
    /// The first of them: breaches first, then by time.
    pub rows: Vec<DrillRow>,
}

/// How many tickets a drill-down lists (the total is always given; exports have them all).
pub const DRILL_LIMIT: usize = 500;

/// The tickets behind a dashboard number, as known at `as_of`.
///
/// # Errors
/// [`AppError::Rejected`] for a bad period, an unknown agreement or an empty scope.
pub fn drill(h: &History, d: &Drill, as_of: Instant) -> Result<DrillRows, AppError> {
    let period = parse_period(&d.period)?;
    let order = h.chosen(&d.scope)?;
    let mut rows: Vec<(bool, i64, DrillRow)> = Vec::new();
    for i in order {
        let rt = &h.runtimes[i];
        let idx = u32::try_from(i).unwrap_or(u32::MAX);
        let Some(span) = period.span(&rt.agreement, as_of) else {
            continue;
        };
        for p in period_tickets(rt, idx, &h.set, span, Some(&h.settled)) {
            if d.priority.is_some_and(|x| x != p.priority)
                || d.channel.is_some_and(|x| x != p.channel)
            {
                continue;
            }
            for row in drill_rows(h, rt, d, &p) {
                rows.push(row);
            }
        }
    }
    let total = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    rows.sort_by(|a, b| (!a.0, a.1, &a.2.ticket_id).cmp(&(!b.0, b.1, &b.2.ticket_id)));
    Ok(DrillRows {
        title: if d.label.is_empty() {
            format!("Tickets in {period}")
        } else {
            d.label.clone()
        },
        total,
        rows: rows.into_iter().take(DRILL_LIMIT).map(|r| r.2).collect(),
    })
}

fn drill_rows(
    h: &History,
    rt: &AgreementRuntime,
    d: &Drill,
    p: &PeriodTicket,
) -> Vec<(bool, i64, DrillRow)> {
    let t = &h.set.tickets[p.ticket];
    // The terms governing the ticket say what its target at the period's priority counts.
    let counted_on = rt
        .for_ticket(t.opened_at)
        .agreement
        .target(p.priority)
        .clock;
    let row = |clock: Option<ClockName>,
               outcome: DrillOutcome,
               csat: Option<u8>,
               at: Option<Instant>,
               counted: String| {
        // A breach's deadline, where the breach came later than the deadline's next second.
        let due_at = clock
            .filter(|_| outcome.is_breach())
            .and_then(|c| p.due_at[usize::from(c == ClockName::Resolution)])
            .filter(|due| at.is_some_and(|at| at.0 - due.0 > 1));
        DrillRow {
            ticket_id: t.id.to_string(),
            agreement_id: rt.agreement.id.clone(),
            subject: t.subject.to_string(),
            customer: t.customer.to_string(),
            priority: p.priority,
            channel: p.channel,
            clock,
            outcome,
            csat,
            at: at.map(|a| a.to_string()),
            due_at: due_at.map(|a| a.to_string()),
            counted_on: clock.map(|_| counted_on),
            counted,
        }
    };
    let mut out = Vec::new();
    if d.kind == DrillKind::Csat {
        if let Some(c) = p.csat {
            let at = p.resolution.map(|o| o.at);
            out.push((
                false,
                at.map_or(0, |a| a.0),
                row(None, DrillOutcome::Csat, Some(c), at, String::new()),
            ));
        }
        return out;
    }
    if d.kind == DrillKind::FirstResponses {
        if let Some((elapsed, b)) = p.fr_stopped
            && d.bucket.is_none_or(|x| x as usize == b)
        {
            // Stopped in the period; with no outcome in it, it breached in an earlier one.
            let (breached, outcome, at, counted) = match p.first_response {
                Some(o) => (
                    o.breached,
                    DrillOutcome::of(o.breached),
                    Some(o.at),
                    format!(
                        "{} / {}",
                        format_duration(elapsed),
                        format_duration(o.target_s)
                    ),
                ),
                None => (
                    true,
                    DrillOutcome::BreachedEarlier,
                    None,
                    format_duration(elapsed),
                ),
            };
            out.push((
                breached,
                at.map_or(0, |a| a.0),
                row(Some(ClockName::FirstResponse), outcome, None, at, counted),
            ));
        }
        return out;
    }
    // Outcomes and breaches: both clocks; credits: the resolution clock only.
    let clocks: &[ClockName] = if d.kind == DrillKind::Credited {
        &[ClockName::Resolution]
    } else {
        &[ClockName::FirstResponse, ClockName::Resolution]
    };
    for clock in clocks {
        let Some(o) = p.outcome(*clock) else { continue };
        if d.kind != DrillKind::Outcomes && !o.breached {
            continue;
        }
        out.push((
            o.breached,
            o.at.0,
            row(
                Some(*clock),
                DrillOutcome::of(o.breached),
                None,
                Some(o.at),
                format!(
                    "{} / {}",
                    format_duration(o.elapsed_s),
                    format_duration(o.target_s)
                ),
            ),
        ));
    }
    out
}
