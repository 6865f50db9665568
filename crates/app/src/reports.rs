//! Reports, dashboards, drill-downs and what-if over a loaded history: the use cases behind
//! `accord report`, `accord simulate` and the app's Dashboard and What-if screens, so the command
//! line and the window produce the same numbers, files and pictures from the same code.
//!
//! Every figure comes from `accord-core` (the period analysis, the what-if comparison) and is
//! formatted and drawn by `accord-report`; this module only chooses what to compute and packs
//! it for its caller. A history is loaded and prepared once ([`History`]) and then serves any
//! number of periods and scopes.
//!
//! Every use case takes the instant it reports at, `as_of` (the command line's `--as-of`, the
//! app's now): a period that has not ended then is reported to date, and one that has not
//! started has no figures (`sla-semantics.md`, revision 2). Core's [`Period::span`] decides;
//! nothing here compares instants of its own.

use std::collections::HashMap;

use accord_core::analysis::{PeriodTicket, may_count, period_tickets, settled_at_for};
use accord_core::duration::format_duration;
use accord_core::metrics::{PeriodMetrics, push_metrics_csv_header, push_metrics_csv_row};
use accord_core::model::{Channel, ClockName, Priority, Tier};
use accord_core::output::{push_sla_csv_header, push_sla_csv_row};
use accord_core::period::{Period, Span};
use accord_core::whatif::compare;
use accord_core::{Agreement, AgreementRuntime, Instant, TicketSet, evaluate, runtimes_for};
use accord_report::charts::Band;
use accord_report::model::TicketText;
use accord_report::model::tier_name;
use accord_report::view::{
    Chart, ChartKind, GroupRow, Kpi, PortfolioRow, money, percent, to_date_words,
};
use accord_report::{
    AgreementReport, AgreementView, PortfolioReport, PortfolioView, Selection, Source,
};
use serde::{Deserialize, Serialize};

use crate::AppError;

/// Agreements, tickets and events, compiled and prepared for reporting.
#[derive(Debug)]
pub struct History {
    /// The agreements, indexed as in `set`.
    pub agreements: Vec<Agreement>,
    /// Every ticket and event.
    pub set: TicketSet,
    /// The agreements compiled.
    pub runtimes: Vec<AgreementRuntime>,
    /// When each ticket settled for good ([`accord_core::analysis::settled_at`]).
    pub settled: Vec<Option<Instant>>,
}

impl History {
    /// Prepares a history. `as_of`: around the latest instant reports will look at;
    /// `wanted`: the agreements that will be reported on (the others' tickets are not
    /// prepared, so only report on those).
    #[must_use]
    pub fn new(
        agreements: Vec<Agreement>,
        set: TicketSet,
        as_of: Instant,
        wanted: impl Fn(&Agreement) -> bool + Sync,
    ) -> Self {
        let runtimes = runtimes_for(&agreements, &set, as_of);
        // Asked once per agreement, not once per ticket.
        let wanted: Vec<bool> = agreements.iter().map(wanted).collect();
        let settled = settled_at_for(&runtimes, &set, |i| wanted[i as usize]);
        Self {
            agreements,
            set,
            runtimes,
            settled,
        }
    }

    /// The history for reports.
    #[must_use]
    pub fn source(&self) -> Source<'_> {
        Source {
            runtimes: &self.runtimes,
            set: &self.set,
            settled: &self.settled,
        }
    }

    /// The index of agreement `id`.
    ///
    /// # Errors
    /// [`AppError::Rejected`] when there is none.
    pub fn index(&self, id: &str) -> Result<usize, AppError> {
        self.agreements
            .iter()
            .position(|a| a.id == id)
            .ok_or_else(|| AppError::Rejected(format!("there is no agreement `{id}`")))
    }

    /// The agreements of a scope, by id.
    ///
    /// # Errors
    /// [`AppError::Rejected`] when the scope names an agreement that is not there, or no
    /// agreement is in it.
    pub fn chosen(&self, scope: &Scope) -> Result<Vec<usize>, AppError> {
        let mut order: Vec<usize> = match &scope.agreement {
            Some(id) => vec![self.index(id)?],
            None => (0..self.agreements.len())
                .filter(|&i| scope.contains(&self.agreements[i]))
                .collect(),
        };
        if order.is_empty() {
            return Err(AppError::Rejected(format!(
                "no agreement matches ({})",
                scope.selection().describe()
            )));
        }
        order.sort_by(|&a, &b| self.agreements[a].id.cmp(&self.agreements[b].id));
        Ok(order)
    }
}

/// What a report, dashboard or drill-down covers: one agreement, or a portfolio (every
/// agreement, one tier's or one region's).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Scope {
    /// One agreement (the others are then ignored).
    pub agreement: Option<String>,
    /// Only agreements of this tier.
    pub tier: Option<Tier>,
    /// Only agreements of this region (exact name).
    pub region: Option<String>,
}

impl Scope {
    /// Whether an agreement is covered: the one agreement named, else the portfolio's.
    #[must_use]
    pub fn contains(&self, a: &Agreement) -> bool {
        self.agreement
            .as_ref()
            .map_or_else(|| self.selection().contains(a), |id| a.id == *id)
    }

    /// The portfolio selection (tier first, then region).
    #[must_use]
    pub fn selection(&self) -> Selection {
        match (&self.tier, &self.region) {
            (Some(t), _) => Selection::Tier(*t),
            (None, Some(r)) => Selection::Region(r.clone()),
            (None, None) => Selection::All,
        }
    }
}

/// Parses a period as the user typed it.
///
/// # Errors
/// [`AppError::Rejected`] saying what is accepted.
pub fn parse_period(text: &str) -> Result<Period, AppError> {
    Period::parse(text.trim()).map_err(|_| {
        AppError::Rejected(format!(
            "`{text}` is not a period: write a month (2026-10), a quarter (2026-Q4) or local dates 2026-10-01..2026-10-15 (end excluded)"
        ))
    })
}

/// A period that has not started at `as_of`, said so.
fn not_started(period: Period, as_of: Instant) -> AppError {
    AppError::Rejected(format!(
        "{period} has not started as of {as_of}: it has no figures yet"
    ))
}

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
pub enum Text<'a> {
    /// The history's own set, read with its text.
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
    report_file_with(h, scope, period, as_of, format, generated, Text::InSet)
}

/// [`report_file`], the text of the detailed tickets taken from `text`.
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
    mut text: Text<'_>,
) -> Result<Vec<u8>, AppError> {
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
            let view = AgreementView::new(&report, "");
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

/// A clickable category of a dashboard chart.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ChartRegion {
    /// Where, as fractions of the chart's picture.
    pub band: Band,
    /// What the click opens.
    pub drill: Drill,
}

/// A chart of a dashboard.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DashboardChart {
    /// A stable name.
    pub id: String,
    /// Its title (also its text alternative).
    pub title: String,
    /// The picture, SVG drawn by plotters.
    pub svg: String,
    /// Its categories, each opening the tickets behind it.
    pub regions: Vec<ChartRegion>,
}

/// Where a period stands at the instant it is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum PeriodState {
    /// It has ended: its figures are final (until a correction restates them).
    Ended,
    /// It has not ended: its figures are to date and its credits provisional.
    ToDate,
    /// It has not started: it has no figures.
    NotStarted,
}

impl PeriodState {
    /// The state of a period reported at an instant (`span`: [`Period::span`] at it).
    #[must_use]
    pub fn of(span: Option<Span>) -> Self {
        match span {
            None => Self::NotStarted,
            Some(s) if s.to_date().is_some() => Self::ToDate,
            Some(_) => Self::Ended,
        }
    }
}

/// An agreement's or a portfolio's dashboard for one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Dashboard {
    /// What it covers.
    pub scope: Scope,
    /// Its title.
    pub title: String,
    /// Parties, region, tier (an agreement) or how many agreements (a portfolio).
    pub subtitle: String,
    /// The period.
    pub period: String,
    /// Its local dates, for people.
    pub period_dates: String,
    /// Whether the period has ended, is reported to date, or has not started (then the
    /// dashboard has no figures: no key figures, rows or charts).
    pub state: PeriodState,
    /// The instant a period to date is reported as of, RFC 3339 (for showing in the user's
    /// time zone); absent otherwise.
    pub as_of: Option<String>,
    /// For a period that has not ended: what its figures are (`to date, as of 2026-12-04 21:04
    /// EST — provisional`), shown beside every figure; empty for a period that has ended.
    pub to_date: String,
    /// The period before and after (for stepping through).
    pub previous: String,
    /// The period after.
    pub next: String,
    /// Key figures against the agreement's reporting targets (an agreement only).
    pub kpis: Vec<Kpi>,
    /// Figures by priority (an agreement only; the last line is the whole agreement).
    pub by_priority: Vec<GroupRow>,
    /// Figures by channel (an agreement only).
    pub by_channel: Vec<GroupRow>,
    /// One line per agreement and the selection's own line last (a portfolio only).
    pub agreements: Vec<PortfolioRow>,
    /// Credits owed, with the band and cap that applied (per currency for a portfolio).
    pub credits: String,
    /// Breaches counted (first response + resolution).
    pub breaches: u64,
    /// The charts.
    pub charts: Vec<DashboardChart>,
}

fn regions(chart: &Chart, scope: &Scope, periods: &[Period], period: Period) -> Vec<ChartRegion> {
    chart
        .bands
        .iter()
        .enumerate()
        .filter_map(|(i, band)| {
            let label = chart.categories.get(i)?.clone();
            let trend = |kind: DrillKind| Drill {
                scope: scope.clone(),
                period: periods
                    .get(i)
                    .map_or_else(|| label.clone(), Period::to_string),
                kind,
                priority: None,
                channel: None,
                bucket: None,
                label: String::new(),
            };
            let this = |kind: DrillKind| Drill {
                scope: scope.clone(),
                period: period.to_string(),
                kind,
                priority: None,
                channel: None,
                bucket: None,
                label: String::new(),
            };
            let drill = match chart.kind {
                ChartKind::ComplianceTrend | ChartKind::PortfolioCompliance => Drill {
                    label: format!("Clocks met or breached in {label}"),
                    ..trend(DrillKind::Outcomes)
                },
                ChartKind::CsatTrend => Drill {
                    label: format!("CSAT scores counted in {label}"),
                    ..trend(DrillKind::Csat)
                },
                ChartKind::CreditsTrend => Drill {
                    label: format!("Resolution breaches credited in {label}"),
                    ..trend(DrillKind::Credited)
                },
                ChartKind::FrDistribution => Drill {
                    bucket: u32::try_from(i).ok(),
                    label: format!("First responses at {label} of target in {period}"),
                    ..this(DrillKind::FirstResponses)
                },
                ChartKind::BreachesByPriority => Drill {
                    priority: Priority::ALL.get(i).copied(),
                    label: format!("{label}: breaches in {period}"),
                    ..this(DrillKind::Breaches)
                },
                ChartKind::BreachesByChannel => Drill {
                    channel: Channel::ALL.get(i).copied(),
                    label: format!("{label}: breaches in {period}"),
                    ..this(DrillKind::Breaches)
                },
            };
            Some(ChartRegion { band: *band, drill })
        })
        .collect()
}

fn dashboard_chart(
    chart: &Chart,
    scope: &Scope,
    periods: &[Period],
    period: Period,
) -> DashboardChart {
    DashboardChart {
        id: chart.file.trim_end_matches(".svg").to_owned(),
        title: chart.title.clone(),
        svg: chart.svg.clone(),
        regions: regions(chart, scope, periods, period),
    }
}

fn credits_line(m: &PeriodMetrics) -> String {
    let c = &m.credits;
    let d = c.minor_digits;
    let mut s = money(c.total, d, &m.currency);
    if let Some(b) = c.band {
        s.push_str(&format!(
            " (band below {}: {})",
            percent(Some(b.below)),
            money(c.band_amount, d, &m.currency)
        ));
    }
    if c.cap_applied {
        s.push_str(" — capped");
    }
    s
}

/// The dashboard of a scope over a period as known at `as_of` (to date while it has not ended;
/// without figures, [`PeriodState::NotStarted`], before it starts).
///
/// # Errors
/// [`AppError::Rejected`] for a bad period, an unknown agreement or an empty scope.
pub fn dashboard(
    h: &History,
    scope: &Scope,
    period: &str,
    as_of: Instant,
) -> Result<Dashboard, AppError> {
    let period = parse_period(period)?;
    let order = h.chosen(scope)?;
    let src = h.source();
    let (from, to) = period.dates();
    let empty = Dashboard {
        scope: scope.clone(),
        title: String::new(),
        subtitle: String::new(),
        period: period.to_string(),
        period_dates: format!("{from} to {}", to.pred_opt().unwrap_or(to)),
        state: PeriodState::NotStarted,
        as_of: None,
        to_date: String::new(),
        previous: period.previous().to_string(),
        next: period.next().to_string(),
        kpis: Vec::new(),
        by_priority: Vec::new(),
        by_channel: Vec::new(),
        agreements: Vec::new(),
        credits: String::new(),
        breaches: 0,
        charts: Vec::new(),
    };
    let as_of_text = |to_date: Option<Instant>| to_date.map(|t| t.to_string());
    if let Some(id) = &scope.agreement {
        let a = &h.agreements[order[0]];
        let one = Scope {
            agreement: Some(id.clone()),
            tier: None,
            region: None,
        };
        let title = a.title.clone();
        let subtitle = format!(
            "{} · {} for {} · {} · {} tier",
            a.id,
            a.provider,
            a.alliance,
            a.region,
            tier_name(a.tier)
        );
        let Some(report) = AgreementReport::summary(&src, order[0], period, as_of) else {
            return Ok(Dashboard {
                scope: one,
                title,
                subtitle,
                ..empty
            });
        };
        let view = AgreementView::new(&report, "");
        let periods: Vec<Period> = report.trend.iter().map(|t| t.period).collect();
        let m = &report.analysis.metrics;
        return Ok(Dashboard {
            scope: one,
            title,
            subtitle,
            state: PeriodState::of(Some(report.span)),
            as_of: as_of_text(report.span.to_date()),
            to_date: view.to_date.clone(),
            kpis: view.kpis.clone(),
            by_priority: view.by_priority.clone(),
            by_channel: view.by_channel.clone(),
            agreements: Vec::new(),
            credits: credits_line(m),
            breaches: m.fr_breached + m.res_breached,
            charts: view
                .charts
                .iter()
                .map(|c| dashboard_chart(c, scope, &periods, period))
                .collect(),
            ..empty
        });
    }
    let selection = scope.selection();
    let report = PortfolioReport::summary(&src, selection.clone(), period, as_of);
    if report.agreements.is_empty() {
        return Ok(Dashboard {
            title: selection.describe(),
            ..empty
        });
    }
    let view = PortfolioView::new(&report);
    let periods: Vec<Period> = report
        .agreements
        .iter()
        .max_by_key(|r| r.trend.len())
        .map(|r| r.trend.iter().map(|t| t.period).collect())
        .unwrap_or_default();
    let breaches = report
        .agreements
        .iter()
        .map(|r| r.analysis.metrics.fr_breached + r.analysis.metrics.res_breached)
        .sum();
    let mut agreements = view.rows.clone();
    agreements.push(view.total.clone());
    // Each agreement's breakdown charts follow the portfolio's own, so a click reaches the
    // tickets of one agreement.
    let mut charts: Vec<DashboardChart> = view
        .charts
        .iter()
        .map(|c| dashboard_chart(c, scope, &periods, period))
        .collect();
    for (r, v) in report.agreements.iter().zip(&view.agreements) {
        let one = Scope {
            agreement: Some(r.agreement.id.clone()),
            tier: None,
            region: None,
        };
        let own: Vec<Period> = r.trend.iter().map(|t| t.period).collect();
        for c in v
            .charts
            .iter()
            .filter(|c| c.kind == ChartKind::BreachesByPriority)
        {
            let mut d = dashboard_chart(c, &one, &own, period);
            d.title = format!("{} — {}", r.agreement.id, d.title);
            charts.push(d);
        }
    }
    Ok(Dashboard {
        scope: scope.clone(),
        title: selection.describe(),
        subtitle: view.count.clone(),
        // Agreements in other zones may have ended their period already: to date if any has not.
        state: if report.to_date().is_some() {
            PeriodState::ToDate
        } else {
            PeriodState::Ended
        },
        as_of: as_of_text(report.to_date()),
        to_date: view.to_date.clone(),
        agreements,
        credits: if view.totals.is_empty() {
            "none".to_owned()
        } else {
            view.totals.join(", ")
        },
        breaches,
        charts,
        ..empty
    })
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
    /// `met`, `breached`, or the CSAT score (`CSAT 4`).
    pub outcome: String,
    /// When it counted (the stop, or the breach: the first counted second over the target),
    /// RFC 3339.
    pub at: Option<String>,
    /// A breach's deadline (the instant its target was used up), RFC 3339, where it is not
    /// the second before `at`.
    pub due_at: Option<String>,
    /// Counted time against the target, for people (`5h12m / 4h`).
    pub counted: String,
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
    let row = |clock: Option<ClockName>, outcome: String, at: Option<Instant>, counted: String| {
        // A breach's deadline, where the breach came later than the deadline's next second.
        let due_at = clock
            .filter(|_| outcome.starts_with("breached"))
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
            at: at.map(|a| a.to_string()),
            due_at: due_at.map(|a| a.to_string()),
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
                row(None, format!("CSAT {c}"), at, String::new()),
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
                    if o.breached { "breached" } else { "met" },
                    Some(o.at),
                    format!(
                        "{} / {}",
                        format_duration(elapsed),
                        format_duration(o.target_s)
                    ),
                ),
                None => (true, "breached earlier", None, format_duration(elapsed)),
            };
            out.push((
                breached,
                at.map_or(0, |a| a.0),
                row(
                    Some(ClockName::FirstResponse),
                    outcome.to_owned(),
                    at,
                    counted,
                ),
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
                if o.breached { "breached" } else { "met" }.to_owned(),
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
    /// Its outcome in force: `met`, `breached`, `running`, `paused` or `other_period`.
    pub before: String,
    /// Its outcome under the change.
    pub after: String,
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
fn figures(before: Side<'_>, after: Side<'_>) -> Vec<WhatIfFigure> {
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
                before: ch.before.as_str().to_owned(),
                after: ch.after.as_str().to_owned(),
                before_due_at: ch.before_due.map(|x| x.to_string()),
                after_due_at: ch.after_due.map(|x| x.to_string()),
                before_breached_at: ch.before_breached.map(|x| x.to_string()),
                after_breached_at: ch.after_breached.map(|x| x.to_string()),
                before_stopped_at: ch.before_stopped.map(|x| x.to_string()),
                after_stopped_at: ch.after_stopped.map(|x| x.to_string()),
                before_elapsed_s: ch.before_elapsed_s,
                after_elapsed_s: ch.after_elapsed_s,
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
