//! Which charts a report shows and what goes into them: the trends of an agreement's periods,
//! the period's first responses and breaches, and the portfolio's compliance by agreement.
//! [`crate::charts`] draws them; here they are chosen, titled and filled, and each drawn
//! chart keeps its categories and where they sit so a click on one can open its tickets.

use accord_core::Decimal;
use accord_core::analysis::{FR_BUCKETS, Tally};
use accord_core::model::{Channel, Priority};
use accord_core::period::Period;
use serde::Serialize;

use super::format::percent;
use crate::charts::{self, BarChart, Colour, LineChart, PRIORITY_COLOURS, Series, Unit};
use crate::model::{AgreementReport, PortfolioReport, TrendPoint, channel_name, priority_name};

/// Which chart a chart is: what its categories are, for a click on one to open the tickets
/// behind it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ChartKind {
    /// Compliance per period of the trend.
    ComplianceTrend,
    /// Mean CSAT per period of the trend.
    CsatTrend,
    /// Credits per period of the trend.
    CreditsTrend,
    /// First responses by share of target ([`FR_BUCKETS`]).
    FrDistribution,
    /// Breaches per priority.
    BreachesByPriority,
    /// Breaches per channel.
    BreachesByChannel,
    /// Resolution compliance per agreement and period of the trend (portfolio).
    PortfolioCompliance,
}

/// A chart, drawn.
#[derive(Clone, Debug, Serialize)]
pub struct Chart {
    /// A file name for it (the PDF template loads it by name).
    pub file: String,
    /// Its title, for text alternatives.
    pub title: String,
    /// The SVG.
    #[serde(skip)]
    pub svg: String,
    /// What it shows.
    #[serde(skip)]
    pub kind: ChartKind,
    /// Its categories (periods, buckets, priorities or channels), in order.
    #[serde(skip)]
    pub categories: Vec<String>,
    /// Where each category sits in the picture (none when the chart is empty).
    #[serde(skip)]
    pub bands: Vec<charts::Band>,
}

impl Chart {
    fn drawn(
        file: String,
        kind: ChartKind,
        title: &str,
        categories: &[String],
        picture: (String, Vec<charts::Band>),
    ) -> Self {
        Self {
            file,
            title: title.to_owned(),
            svg: picture.0,
            kind,
            categories: categories.to_vec(),
            bands: picture.1,
        }
    }

    fn line(file: String, kind: ChartKind, c: &LineChart) -> Self {
        Self::drawn(
            file,
            kind,
            &c.title,
            &c.categories,
            charts::line_chart_bands(c),
        )
    }

    fn bar(file: String, kind: ChartKind, c: &BarChart) -> Self {
        Self::drawn(
            file,
            kind,
            &c.title,
            &c.categories,
            charts::bar_chart_bands(c),
        )
    }
}

fn dec(v: Option<Decimal>) -> Option<f64> {
    v.and_then(|d| d.to_string().parse().ok())
}

fn compliance_range(values: impl Iterator<Item = f64>, target: Option<f64>) -> f64 {
    let low = values.chain(target).fold(1.0f64, f64::min);
    // Room below the lowest point, in steps of 10%, and never a zoom closer than 80–100%.
    (((low - 0.05) * 10.0).floor() / 10.0).clamp(0.0, 0.8)
}

/// A trend point's name on a chart's axis: the period, marked when it is to date (its figures
/// can still change).
fn trend_label(p: &TrendPoint) -> String {
    if p.metrics.to_date.is_some() {
        format!("{} (to date)", p.period)
    } else {
        p.period.to_string()
    }
}

/// One figure of each period of the trend, as a chart plots it.
fn trend_values(
    r: &AgreementReport,
    f: impl Fn(&TrendPoint) -> Option<Decimal>,
) -> Vec<Option<f64>> {
    r.trend.iter().map(|p| dec(f(p))).collect()
}

/// The trend's charts (compliance, CSAT, credits per period), files named with `prefix`.
pub(super) fn trend_charts(r: &AgreementReport, prefix: &str) -> Vec<Chart> {
    let labels: Vec<String> = r.trend.iter().map(trend_label).collect();
    let x_title = match r.period {
        Period::Quarter { .. } => "Quarter",
        Period::Month { .. } => "Month",
        Period::Range { .. } => "Period",
    };
    vec![
        Chart::line(
            format!("{prefix}compliance.svg"),
            ChartKind::ComplianceTrend,
            &compliance_trend(r, &labels, x_title),
        ),
        Chart::line(
            format!("{prefix}csat.svg"),
            ChartKind::CsatTrend,
            &csat_trend(r, &labels, x_title),
        ),
        Chart::bar(
            format!("{prefix}credits.svg"),
            ChartKind::CreditsTrend,
            &credits_trend(r, &labels, x_title),
        ),
    ]
}

fn compliance_trend(r: &AgreementReport, labels: &[String], x_title: &str) -> LineChart {
    let a = &r.agreement;
    let fr = trend_values(r, |p| p.metrics.fr_compliance());
    let res = trend_values(r, |p| p.metrics.res_compliance());
    let target = dec(a.reporting.compliance_target);
    let y_range = (
        compliance_range(fr.iter().chain(&res).flatten().copied(), target),
        1.0,
    );
    LineChart {
        title: "SLA compliance by period".into(),
        categories: labels.to_vec(),
        x_title: x_title.into(),
        y_title: "Compliance (% of clocks met)".into(),
        unit: Unit::Percent,
        y_range,
        series: vec![
            Series {
                name: "Resolution".into(),
                colour: r.colour,
                values: res,
                dashed: false,
            },
            Series {
                name: "First response".into(),
                colour: r.colour.tint(0.45),
                values: fr,
                dashed: true,
            },
        ],
        target: target.map(|t| {
            (
                format!("Target {}", percent(a.reporting.compliance_target)),
                t,
            )
        }),
    }
}

fn csat_trend(r: &AgreementReport, labels: &[String], x_title: &str) -> LineChart {
    let csat_target = dec(r.agreement.reporting.csat_target);
    LineChart {
        title: "Customer satisfaction by period".into(),
        categories: labels.to_vec(),
        x_title: x_title.into(),
        y_title: "Mean CSAT (1–5)".into(),
        unit: Unit::Score,
        y_range: (1.0, 5.0),
        series: vec![Series {
            name: "Mean CSAT".into(),
            colour: r.colour,
            values: trend_values(r, |p| p.metrics.csat_mean()),
            dashed: false,
        }],
        target: csat_target.map(|t| (format!("Target {t:.1}"), t)),
    }
}

fn credits_trend(r: &AgreementReport, labels: &[String], x_title: &str) -> BarChart {
    BarChart {
        title: "Service credits by period".into(),
        categories: labels.to_vec(),
        x_title: x_title.into(),
        y_title: format!("Credits ({})", r.agreement.currency.code),
        unit: Unit::Money,
        series: vec![Series {
            name: "Credits".into(),
            colour: r.colour,
            values: trend_values(r, |p| Some(p.metrics.credits.total)),
            dashed: false,
        }],
    }
}

/// The period's own charts (first responses against target, breaches by priority and by
/// channel), files named with `prefix`.
pub(super) fn period_charts(r: &AgreementReport, prefix: &str) -> Vec<Chart> {
    let an = &r.analysis;
    let by_priority = BarChart {
        title: "Breaches by priority".into(),
        categories: Priority::ALL
            .iter()
            .map(|p| priority_name(*p).to_owned())
            .collect(),
        x_title: "Priority at the period's end".into(),
        y_title: "Breaches (count)".into(),
        unit: Unit::Count,
        series: breach_series(&an.by_priority),
    };
    let by_channel = BarChart {
        title: "Breaches by channel".into(),
        categories: Channel::ALL
            .iter()
            .map(|c| channel_name(*c).to_owned())
            .collect(),
        x_title: "Channel the ticket came in on".into(),
        y_title: "Breaches (count)".into(),
        unit: Unit::Count,
        series: breach_series(&an.by_channel),
    };
    [
        (
            "distribution",
            ChartKind::FrDistribution,
            fr_distribution(r),
        ),
        (
            "breaches-priority",
            ChartKind::BreachesByPriority,
            by_priority,
        ),
        ("breaches-channel", ChartKind::BreachesByChannel, by_channel),
    ]
    .into_iter()
    .map(|(name, kind, c)| Chart::bar(format!("{prefix}{name}.svg"), kind, &c))
    .collect()
}

/// [`FR_BUCKETS`] in words: `≤ 25%`, `25–50%`, …, `> 200%`.
fn bucket_labels() -> Vec<String> {
    FR_BUCKETS
        .iter()
        .enumerate()
        .map(|(i, b)| match (i, *b) {
            (0, b) => format!("≤ {b}%"),
            (_, u32::MAX) => format!("> {}%", FR_BUCKETS[i - 1]),
            (_, b) => format!("{}–{b}%", FR_BUCKETS[i - 1]),
        })
        .collect()
}

#[allow(clippy::cast_precision_loss)] // counts
fn fr_distribution(r: &AgreementReport) -> BarChart {
    BarChart {
        title: "First-response time against target".into(),
        categories: bucket_labels(),
        x_title: "Time to first response (% of the priority's target)".into(),
        y_title: "Tickets (count)".into(),
        unit: Unit::Count,
        series: Priority::ALL
            .iter()
            .map(|p| Series {
                name: priority_name(*p).into(),
                colour: PRIORITY_COLOURS[p.index()],
                values: r.analysis.fr_distribution[p.index()]
                    .iter()
                    .map(|v| Some(*v as f64))
                    .collect(),
                dashed: false,
            })
            .collect(),
    }
}

/// Resolution and first-response breaches of each group, as two series.
#[allow(clippy::cast_precision_loss)] // counts
fn breach_series(groups: &[Tally]) -> Vec<Series> {
    vec![
        Series {
            name: "Resolution".into(),
            colour: Colour(192, 57, 43),
            values: groups.iter().map(|g| Some(g.res_breached as f64)).collect(),
            dashed: false,
        },
        Series {
            name: "First response".into(),
            colour: Colour(230, 159, 0),
            values: groups.iter().map(|g| Some(g.fr_breached as f64)).collect(),
            dashed: false,
        },
    ]
}

/// The portfolio's chart: each agreement's resolution compliance over the trend, one line per
/// agreement.
pub(super) fn compliance_by_agreement(p: &PortfolioReport) -> Chart {
    // Trends share the longest agreement's periods.
    let longest = p
        .agreements
        .iter()
        .map(|r| r.trend.len())
        .max()
        .unwrap_or(0);
    let labels: Vec<String> = p
        .agreements
        .iter()
        .find(|r| r.trend.len() == longest)
        .map(|r| r.trend.iter().map(trend_label).collect())
        .unwrap_or_default();
    let series: Vec<Series> = p
        .agreements
        .iter()
        .map(|r| {
            let mut values: Vec<Option<f64>> = vec![None; longest - r.trend.len()];
            values.extend(r.trend.iter().map(|t| dec(t.metrics.res_compliance())));
            Series {
                name: r.agreement.id.clone(),
                colour: r.colour,
                values,
                dashed: false,
            }
        })
        .collect();
    let y_range = (
        compliance_range(
            series
                .iter()
                .flat_map(|s| s.values.iter().flatten().copied()),
            None,
        ),
        1.0,
    );
    let chart = LineChart {
        title: "Resolution compliance by agreement".into(),
        categories: labels,
        x_title: "Period".into(),
        y_title: "Resolution compliance (% of clocks met)".into(),
        unit: Unit::Percent,
        y_range,
        series,
        target: None,
    };
    Chart::line(
        "portfolio-compliance.svg".into(),
        ChartKind::PortfolioCompliance,
        &chart,
    )
}
