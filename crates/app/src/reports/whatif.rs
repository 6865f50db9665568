//! What-if: a period's tickets replayed against a changed agreement, the figures side by side
//! and every ticket clock whose outcome changes.

use accord_core::duration::format_duration;
use accord_core::metrics::PeriodMetrics;
use accord_core::model::{ClockKind, ClockName};
use accord_core::period::Period;
use accord_core::whatif::{Outcome, compare};
use accord_core::{Agreement, AgreementRuntime, Instant};
use accord_report::view::{money, percent, to_date_words};
use serde::Serialize;

use super::{History, not_started};
use crate::AppError;

/// One figure of a what-if, under the agreement in force and under the changed one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WhatIfFigure {
    /// What is measured.
    pub name: String,
    /// Under the agreement in force.
    pub before: String,
    /// Under the changed agreement.
    pub after: String,
}

/// One clock of one ticket whose outcome changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WhatIfChange {
    /// The ticket.
    pub ticket_id: String,
    /// Its subject.
    pub subject: String,
    /// The clock.
    pub clock: ClockName,
    /// Its outcome in force.
    pub before: Outcome,
    /// Its outcome under the change.
    pub after: Outcome,
    /// Due in force (the deadline, or the projected one while running), RFC 3339.
    pub before_due_at: Option<String>,
    /// Due under the change.
    pub after_due_at: Option<String>,
    /// When it breached in force (the first counted second over the target), RFC 3339.
    pub before_breached_at: Option<String>,
    /// When it breached under the change.
    pub after_breached_at: Option<String>,
    /// When the clock stopped in force (met, or breached and then stopped), RFC 3339.
    pub before_stopped_at: Option<String>,
    /// When it stopped under the change.
    pub after_stopped_at: Option<String>,
    /// Counted seconds in force, at the period's end.
    pub before_elapsed_s: i64,
    /// Counted seconds under the change.
    pub after_elapsed_s: i64,
    /// What `before_elapsed_s` counts: business hours or round the clock.
    pub before_counted_on: ClockKind,
    /// What `after_elapsed_s` counts (a change may move a priority to the other clock).
    pub after_counted_on: ClockKind,
}

/// A period's tickets replayed against a changed agreement, side by side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WhatIf {
    /// The agreement in force.
    pub agreement_id: String,
    /// The changed agreement's id.
    pub changed_id: String,
    /// The period.
    pub period: String,
    /// The instant a period to date is replayed as of, RFC 3339; absent for an ended period.
    pub as_of: Option<String>,
    /// For a period that has not ended: what both sides' figures are (`to date, as of …
    /// — provisional`); empty otherwise.
    pub to_date: String,
    /// The figures, formatted.
    pub figures: Vec<WhatIfFigure>,
    /// Every ticket clock whose outcome changes.
    pub changes: Vec<WhatIfChange>,
    /// The agreement in force's metrics and escalation levels reached (for files).
    #[serde(skip)]
    pub before: (PeriodMetrics, u64),
    /// The changed agreement's.
    #[serde(skip)]
    pub after: (PeriodMetrics, u64),
}

type Side<'a> = (&'a PeriodMetrics, u64);
type Figure<'f> = (&'static str, &'f dyn Fn(Side<'_>) -> String);

/// The figures a what-if compares, formatted for people.
pub(crate) fn figures(before: Side<'_>, after: Side<'_>) -> Vec<WhatIfFigure> {
    let rows: [Figure<'_>; 9] = [
        ("Tickets opened", &|(m, _)| m.tickets_opened.to_string()),
        ("First-response compliance", &|(m, _)| {
            percent(m.fr_compliance())
        }),
        ("Resolution compliance", &|(m, _)| {
            percent(m.res_compliance())
        }),
        ("First responses breached", &|(m, _)| {
            m.fr_breached.to_string()
        }),
        ("Resolutions breached", &|(m, _)| m.res_breached.to_string()),
        ("Median first response", &|(m, _)| {
            m.fr_median_s
                .map_or_else(|| "—".to_owned(), format_duration)
        }),
        ("Escalation levels reached", &|(_, e)| e.to_string()),
        ("Compliance band", &|(m, _)| {
            m.credits.band.map_or_else(
                || "none".to_owned(),
                |b| format!("below {}", percent(Some(b.below))),
            )
        }),
        ("Service credits", &|(m, _)| {
            money(m.credits.total, m.credits.minor_digits, &m.currency)
        }),
    ];
    rows.iter()
        .map(|(name, f)| WhatIfFigure {
            name: (*name).to_owned(),
            before: f(before),
            after: f(after),
        })
        .collect()
}

/// Replays agreement `id`'s tickets over `period` against `changed`, as known at `as_of` (a
/// period to date is replayed to date, like its report).
///
/// # Errors
/// [`AppError::Rejected`] for an unknown agreement or a period that has not started.
pub fn what_if(
    h: &History,
    id: &str,
    changed: Agreement,
    period: Period,
    as_of: Instant,
) -> Result<WhatIf, AppError> {
    let index = h.index(id)?;
    let (_, end) = period.bounds(&h.agreements[index]);
    let end = end.min(as_of);
    let first = h
        .set
        .tickets
        .iter()
        .filter(|t| t.agreement as usize == index)
        .map(|t| t.opened_at)
        .min()
        .unwrap_or(end);
    let changed_id = changed.id.clone();
    let after_rt = AgreementRuntime::new(changed, first, end);
    let c = compare(
        &h.runtimes[index],
        &after_rt,
        u32::try_from(index).unwrap_or(u32::MAX),
        &h.set,
        period,
        as_of,
        Some(&h.settled),
    )
    .ok_or_else(|| not_started(period, as_of))?;
    let figures = figures(
        (&c.before.metrics, c.before.all.escalations),
        (&c.after.metrics, c.after.all.escalations),
    );
    let changes = c
        .changes
        .iter()
        .map(|ch| {
            let t = &h.set.tickets[ch.ticket];
            WhatIfChange {
                ticket_id: t.id.to_string(),
                subject: t.subject.to_string(),
                clock: ch.clock,
                before: ch.before,
                after: ch.after,
                before_due_at: ch.before_due.map(|x| x.to_string()),
                after_due_at: ch.after_due.map(|x| x.to_string()),
                before_breached_at: ch.before_breached.map(|x| x.to_string()),
                after_breached_at: ch.after_breached.map(|x| x.to_string()),
                before_stopped_at: ch.before_stopped.map(|x| x.to_string()),
                after_stopped_at: ch.after_stopped.map(|x| x.to_string()),
                before_elapsed_s: ch.before_elapsed_s,
                after_elapsed_s: ch.after_elapsed_s,
                before_counted_on: ch.before_clock,
                after_counted_on: ch.after_clock,
            }
        })
        .collect();
    Ok(WhatIf {
        agreement_id: id.to_owned(),
        changed_id,
        period: period.to_string(),
        as_of: c.before.span.to_date().map(|t| t.to_string()),
        to_date: to_date_words(
            c.before.span.to_date(),
            h.agreements[index].calendar.time_zone,
        ),
        figures,
        changes,
        before: (c.before.metrics, c.before.all.escalations),
        after: (c.after.metrics, c.after.all.escalations),
    })
}
