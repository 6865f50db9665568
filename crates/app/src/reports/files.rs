//! Report files: the period metrics CSV and the per-ticket SLA CSV (`formats.md`), and an
//! agreement's or a portfolio's PDF or HTML report, with the names they are saved under.

use std::collections::HashMap;

use accord_core::analysis::may_count;
use accord_core::metrics::{PeriodMetrics, push_metrics_csv_header, push_metrics_csv_row};
use accord_core::output::{push_sla_csv_header, push_sla_csv_row};
use accord_core::period::{Period, Span};
use accord_core::{Instant, evaluate};
use accord_report::model::TicketText;
use accord_report::model::tier_name;
use accord_report::{AgreementReport, AgreementView, PortfolioReport, PortfolioView, Selection};
use serde::{Deserialize, Serialize};

use super::{History, Scope, not_started};
use crate::AppError;

/// The metrics CSV (`formats.md`, "Period metrics") of agreements `order` over `periods` as
/// reported at `as_of`: a period not ended then is to date; one not started has no row.
#[must_use]
pub fn metrics_csv(h: &History, order: &[usize], periods: &[Period], as_of: Instant) -> String {
    use rayon::prelude::*;
    let jobs: Vec<(usize, Span)> = order
        .iter()
        .flat_map(|&i| {
            periods
                .iter()
                .filter_map(move |p| p.span(&h.agreements[i], as_of).map(|s| (i, s)))
        })
        .collect();
    // Every (agreement, period) is independent: all of them on every core, rows in order.
    let rows: Vec<PeriodMetrics> = jobs
        .par_iter()
        .map(|&(i, span)| {
            accord_core::analysis::analyse(
                &h.runtimes[i],
                u32::try_from(i).unwrap_or(u32::MAX),
                &h.set,
                span,
                Some(&h.settled),
            )
            .metrics
        })
        .collect();
    let mut out = String::new();
    push_metrics_csv_header(&mut out);
    for m in &rows {
        push_metrics_csv_row(&mut out, m);
    }
    out
}

/// The per-ticket SLA rows (`formats.md` "SLA results" columns) behind agreements `order` over
/// `periods`: every ticket with something in a period, evaluated at that period's end (or at
/// `as_of`, for a period to date; a period not started has none).
#[must_use]
pub fn sla_csv(h: &History, order: &[usize], periods: &[Period], as_of: Instant) -> Vec<u8> {
    use rayon::prelude::*;
    let mut out = Vec::new();
    push_sla_csv_header(&mut out);
    for &i in order {
        let rt = &h.runtimes[i];
        let idx = u32::try_from(i).unwrap_or(u32::MAX);
        for p in periods {
            let Some(Span { start, end, .. }) = p.span(&rt.agreement, as_of) else {
                continue;
            };
            // Rows are formatted in parallel chunks, then joined in ticket order.
            let chunks: Vec<Vec<u8>> = h
                .set
                .tickets
                .par_chunks(16_384)
                .enumerate()
                .map(|(c, tickets)| {
                    let mut buf = Vec::with_capacity(tickets.len() * 96);
                    for (k, t) in tickets.iter().enumerate() {
                        let t_i = c * 16_384 + k;
                        if !may_count(t, idx, start, end, h.settled[t_i]) {
                            continue;
                        }
                        let s = evaluate(rt, t.opened_at, t.priority, h.set.events(t_i), end);
                        push_sla_csv_row(&mut buf, &t.id, &rt.agreement.id, &s);
                    }
                    buf
                })
                .collect();
            for c in chunks {
                out.extend_from_slice(&c);
            }
        }
    }
    out
}

/// Formats a report can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    /// PDF.
    Pdf,
    /// One self-contained HTML file.
    Html,
    /// The period metrics CSV.
    Csv,
    /// The per-ticket SLA rows CSV.
    SlaCsv,
}

impl ReportFormat {
    /// The file name extension.
    #[must_use]
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Html => "html",
            Self::Csv | Self::SlaCsv => "csv",
        }
    }
}

/// Free text by ticket id, asked for by a list of ids.
pub type AskText<'a> = dyn FnMut(&[&str]) -> Result<HashMap<String, TicketText>, AppError> + 'a;

/// Where the free text of the tickets a PDF or HTML report details (customers, subjects and
/// timeline notes) comes from.
#[derive(Default)]
pub enum Text<'a> {
    /// The history's own set, read with its text.
    #[default]
    InSet,
    /// Asked for by ticket id, the history having been read without text (a database's
    /// history reads much faster without it, and a report shows the text of at most
    /// [`accord_report::model::DETAIL_LIMIT`] breaches).
    Asked(&'a mut AskText<'a>),
}

impl std::fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::InSet => "InSet",
            Self::Asked(_) => "Asked",
        })
    }
}

/// A report of a scope over one period as known at `as_of` (to date while it has not ended),
/// as a file's bytes, from a history read with its text. `generated` is printed in PDF and
/// HTML reports.
///
/// # Errors
/// [`AppError::Rejected`] for an unknown agreement, an empty scope or a period that has not
/// started; [`AppError::Report`] when the PDF cannot be laid out.
pub fn report_file(
    h: &History,
    scope: &Scope,
    period: Period,
    as_of: Instant,
    format: ReportFormat,
    generated: &str,
) -> Result<Vec<u8>, AppError> {
    report_file_with(
        h,
        scope,
        period,
        as_of,
        format,
        generated,
        Extras::default(),
    )
}

/// What a report from a database adds to one from files.
#[derive(Debug, Default)]
pub struct Extras<'a> {
    /// Where the text of the detailed tickets comes from.
    pub text: Text<'a>,
    /// The statement issued for the period, shown in an agreement's PDF or HTML (see
    /// [`crate::statements::StatementStatus::issued_section`]).
    pub issued: Option<accord_report::view::IssuedView>,
}

/// [`report_file`], with [`Extras`].
///
/// # Errors
/// As [`report_file`], and whatever asking for the text fails with.
pub fn report_file_with(
    h: &History,
    scope: &Scope,
    period: Period,
    as_of: Instant,
    format: ReportFormat,
    generated: &str,
    extras: Extras<'_>,
) -> Result<Vec<u8>, AppError> {
    let Extras { mut text, issued } = extras;
    let order = h.chosen(scope)?;
    let src = h.source();
    let pdf_error = |e: accord_report::pdf::PdfError| AppError::Report(e.to_string());
    let mut texts = |tickets: Vec<usize>| -> Result<HashMap<usize, TicketText>, AppError> {
        let Text::Asked(ask) = &mut text else {
            return Ok(HashMap::new());
        };
        let ids: Vec<&str> = tickets.iter().map(|&i| &*h.set.tickets[i].id).collect();
        let mut by_id = ask(&ids)?;
        Ok(tickets
            .iter()
            .filter_map(|&i| by_id.remove(&*h.set.tickets[i].id).map(|t| (i, t)))
            .collect())
    };
    Ok(match (format, &scope.agreement) {
        (ReportFormat::Csv, _) => metrics_csv(h, &order, &[period], as_of).into_bytes(),
        (ReportFormat::SlaCsv, _) => sla_csv(h, &order, &[period], as_of),
        (ReportFormat::Pdf | ReportFormat::Html, Some(_)) => {
            let mut report = AgreementReport::build(&src, order[0], period, as_of)
                .ok_or_else(|| not_started(period, as_of))?;
            report.fill_text(&src, &texts(report.detailed_tickets())?);
            let mut view = AgreementView::new(&report, "");
            view.issued = issued;
            if format == ReportFormat::Pdf {
                accord_report::pdf::agreement(&view, generated).map_err(pdf_error)?
            } else {
                accord_report::html::agreement(&view, generated).into_bytes()
            }
        }
        (ReportFormat::Pdf | ReportFormat::Html, None) => {
            let mut report = PortfolioReport::build(&src, scope.selection(), period, as_of);
            if report.agreements.is_empty() {
                return Err(not_started(period, as_of));
            }
            report.fill_text(&src, &texts(report.detailed_tickets())?);
            let view = PortfolioView::new(&report);
            if format == ReportFormat::Pdf {
                accord_report::pdf::portfolio(&view, generated).map_err(pdf_error)?
            } else {
                accord_report::html::portfolio(&view, generated).into_bytes()
            }
        }
    })
}

/// A file name for a report: the agreement (or the portfolio's selection) and the period.
#[must_use]
pub fn report_file_name(scope: &Scope, period: Period, format: ReportFormat) -> String {
    let what = match (&scope.agreement, scope.selection()) {
        (Some(id), _) => id.clone(),
        (None, Selection::All) => "portfolio".to_owned(),
        (None, Selection::Tier(t)) => format!("portfolio-{}", tier_name(t).to_lowercase()),
        (None, Selection::Region(r)) => format!("portfolio-{r}"),
    };
    let rows = if format == ReportFormat::SlaCsv {
        "-sla-rows"
    } else {
        ""
    };
    let safe: String = format!("{what}-{period}{rows}")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("{safe}.{}", format.extension())
}
