//! A dashboard: one agreement's or a portfolio's figures over a period as known at an instant,
//! with the charts the window shows and the regions of them a click drills into.

use accord_core::Instant;
use accord_core::metrics::PeriodMetrics;
use accord_core::model::{Channel, Priority};
use accord_core::period::{Period, Span};
use accord_report::charts::Band;
use accord_report::model::tier_name;
use accord_report::view::{Chart, ChartKind, GroupRow, Kpi, PortfolioRow, money, percent};
use accord_report::{AgreementReport, AgreementView, PortfolioReport, PortfolioView};
use serde::Serialize;

use super::drill::{Drill, DrillKind};
use super::{History, Scope, parse_period};
use crate::AppError;

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
