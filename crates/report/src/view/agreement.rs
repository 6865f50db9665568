//! One agreement's report, formatted: who signed what and for which period, its KPIs against
//! their targets, its breakdowns by priority and channel, and (from the other modules) its
//! charts, breach list, lists to attach and credit statement. A portfolio shows each of its
//! agreements this way too, with chart files named apart.

use accord_core::analysis::Tally;
use accord_core::credits::round;
use accord_core::duration::format_duration;
use accord_core::metrics::{PeriodMetrics, Verdict, fraction};
use accord_core::model::{Channel, ClockKind, Priority};
use accord_core::{Agreement, Decimal};
use serde::Serialize;

use super::attachments::{Attachment, attachments};
use super::breaches::{BreachRow, breach_row, timeline_legend};
use super::credits::Credits;
use super::format::{csat, money, percent, seconds, to_date_words};
use super::graphs::{Chart, period_charts, trend_charts};
use crate::model::{AgreementReport, channel_name, priority_name, tier_name};

/// One line of a KPI table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Kpi {
    /// What is measured.
    pub name: String,
    /// Its value.
    pub value: String,
    /// The agreement's target, if it has one.
    pub target: String,
    /// Against the target; none when there is no target or no value.
    pub status: Option<Verdict>,
}

/// One group's line in a breakdown table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct GroupRow {
    /// The group.
    pub name: String,
    /// Tickets opened.
    pub opened: String,
    /// First response met / breached / compliance.
    pub fr_met: String,
    /// First responses breached.
    pub fr_breached: String,
    /// First-response compliance.
    pub fr_compliance: String,
    /// Median first response.
    pub fr_median: String,
    /// Resolutions met.
    pub res_met: String,
    /// Resolutions breached.
    pub res_breached: String,
    /// Resolution compliance.
    pub res_compliance: String,
    /// CSAT mean and count.
    pub csat: String,
    /// Escalations reached.
    pub escalations: String,
}

/// An agreement's report, formatted.
#[derive(Clone, Debug, Serialize)]
pub struct AgreementView {
    /// Agreement id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Provider.
    pub provider: String,
    /// Alliance.
    pub alliance: String,
    /// Region.
    pub region: String,
    /// Tier.
    pub tier: String,
    /// Term, in words.
    pub term: String,
    /// Account manager (Premium).
    pub account_manager: String,
    /// Technical staff (Enterprise).
    pub technical_staff: String,
    /// The period's name (`2026-10`) and its dates in words.
    pub period: String,
    /// Its dates.
    pub period_dates: String,
    /// The amendment whose terms the period is reported under
    /// (`Amendment No. 1, in force from 2026-07-01`); empty under the base terms.
    pub terms: String,
    /// For a period that had not ended at the report's instant, what its figures are
    /// (`to date, as of 2026-12-04 21:04 EST — provisional`); empty for a whole period.
    pub to_date: String,
    /// Time zone of every time shown.
    pub time_zone: String,
    /// Colour of the agreement in charts.
    pub colour: String,
    /// KPIs against targets.
    pub kpis: Vec<Kpi>,
    /// Targets per priority, in words.
    pub targets: Vec<[String; 4]>,
    /// By priority.
    pub by_priority: Vec<GroupRow>,
    /// By channel.
    pub by_channel: Vec<GroupRow>,
    /// Charts.
    pub charts: Vec<Chart>,
    /// The breaches detailed with their timelines (at most
    /// [`DETAIL_LIMIT`](crate::model::DETAIL_LIMIT)).
    pub breaches: Vec<BreachRow>,
    /// How many breaches the period has.
    pub breach_total: usize,
    /// The machine-readable lists behind the report: every breach, every credit line.
    pub attachments: Vec<Attachment>,
    /// Timeline legend: (colour, words).
    pub timeline_legend: Vec<(String, String)>,
    /// Credit statement.
    pub credits: Credits,
    /// Currency code.
    pub currency: String,
    /// The statement issued for the period, when one was (filled by the caller, which reads
    /// it from the database).
    pub issued: Option<super::IssuedView>,
}

impl AgreementView {
    /// Formats a report; chart files are named with `prefix` (distinct per agreement in a
    /// portfolio).
    #[must_use]
    pub fn new(r: &AgreementReport, prefix: &str) -> Self {
        let a = &r.agreement;
        let m = &r.analysis.metrics;
        let d = m.credits.minor_digits;
        let cur = a.currency.code.as_str();
        let (from, to) = r.period.dates();
        let mut charts = trend_charts(r, prefix);
        charts.extend(period_charts(r, prefix));
        let an = &r.analysis;
        Self {
            id: a.id.clone(),
            title: a.title.clone(),
            provider: a.provider.clone(),
            alliance: a.alliance.clone(),
            region: a.region.clone(),
            tier: tier_name(a.tier).to_owned(),
            term: match a.effective_to {
                Some(to) => format!("{} to {}", a.effective_from, to),
                None => format!("from {}, open-ended", a.effective_from),
            },
            account_manager: a.account_manager.clone().unwrap_or_default(),
            technical_staff: a.technical_staff.join(", "),
            period: r.period.to_string(),
            period_dates: format!("{from} to {} (local dates)", to.pred_opt().unwrap_or(to)),
            terms: r.terms.clone().unwrap_or_default(),
            to_date: to_date_words(r.span.to_date(), a.calendar.time_zone),
            time_zone: a.calendar.time_zone.name().to_owned(),
            colour: r.colour.hex(),
            kpis: kpis(a, m, an.all.escalations),
            targets: targets(a),
            by_priority: Priority::ALL
                .iter()
                .map(|p| group_row(priority_name(*p), &an.by_priority[p.index()]))
                .chain([group_row("All", &an.all)])
                .collect(),
            by_channel: Channel::ALL
                .iter()
                .enumerate()
                .map(|(i, ch)| group_row(channel_name(*ch), &an.by_channel[i]))
                .chain([group_row("All", &an.all)])
                .collect(),
            charts,
            breaches: r
                .breaches
                .iter()
                .map(|b| breach_row(a, b, d, cur))
                .collect(),
            timeline_legend: timeline_legend(),
            breach_total: an.breaches.len(),
            // A summary (a dashboard) has no lists to attach.
            attachments: if r.detailed {
                attachments(r, prefix)
            } else {
                Vec::new()
            },
            credits: Credits::new(a, &m.credits),
            currency: cur.to_owned(),
            issued: None,
        }
    }
}

/// Each priority's targets in words: priority, first response, resolution, clock.
fn targets(a: &Agreement) -> Vec<[String; 4]> {
    Priority::ALL
        .iter()
        .map(|p| {
            let t = a.target(*p);
            [
                priority_name(*p).to_owned(),
                format_duration(t.first_response_s),
                format_duration(t.resolution_s),
                match t.clock {
                    ClockKind::Business => "business hours".to_owned(),
                    ClockKind::TwentyFourSeven => "24x7".to_owned(),
                },
            ]
        })
        .collect()
}

fn group_row(name: &str, t: &Tally) -> GroupRow {
    let (_, median) = t.fr_mean_median();
    GroupRow {
        name: name.to_owned(),
        opened: t.tickets_opened.to_string(),
        fr_met: t.fr_met.to_string(),
        fr_breached: t.fr_breached.to_string(),
        fr_compliance: percent(fraction(t.fr_met, t.fr_met + t.fr_breached)),
        fr_median: seconds(median),
        res_met: t.res_met.to_string(),
        res_breached: t.res_breached.to_string(),
        res_compliance: percent(fraction(t.res_met, t.res_met + t.res_breached)),
        csat: csat(t.csat_sum, t.csat_count),
        escalations: t.escalations.to_string(),
    }
}

/// A KPI the agreement sets no target for.
fn untargeted(name: &str, value: String) -> Kpi {
    Kpi {
        name: name.into(),
        value,
        target: String::new(),
        status: None,
    }
}

fn kpis(a: &Agreement, m: &PeriodMetrics, escalations: u64) -> Vec<Kpi> {
    let ct = a.reporting.compliance_target;
    let st = a.reporting.csat_target;
    let target_pct =
        |t: Option<Decimal>| t.map_or_else(String::new, |t| format!("≥ {}", percent(Some(t))));
    vec![
        untargeted("Tickets opened", m.tickets_opened.to_string()),
        Kpi {
            name: "First-response compliance".into(),
            value: percent(m.fr_compliance()),
            target: target_pct(ct),
            status: Verdict::against(m.fr_compliance(), ct),
        },
        Kpi {
            name: "Resolution compliance".into(),
            value: percent(m.res_compliance()),
            target: target_pct(ct),
            status: Verdict::against(m.res_compliance(), ct),
        },
        untargeted("Average first response", seconds(m.fr_mean_s)),
        untargeted("Median first response", seconds(m.fr_median_s)),
        untargeted("Resolution rate", percent(m.resolution_rate())),
        Kpi {
            name: "Customer satisfaction (CSAT)".into(),
            value: m
                .csat_mean()
                .map_or_else(|| "—".to_owned(), |v| format!("{:.2} of 5", round(v, 2))),
            target: st.map_or_else(String::new, |t| format!("≥ {t:.2}")),
            // The exact mean, as compliance is judged on the exact fraction: a mean shown as
            // the target once rounded may still be under it.
            status: Verdict::against(m.csat_mean(), st),
        },
        untargeted("CSAT responses", m.csat_count.to_string()),
        untargeted(
            "Breaches (first response + resolution)",
            format!("{} + {}", m.fr_breached, m.res_breached),
        ),
        untargeted("Escalation levels reached", escalations.to_string()),
        untargeted(
            if m.to_date.is_some() {
                "Service credits owed to date (provisional)"
            } else {
                "Service credits owed"
            },
            money(m.credits.total, m.credits.minor_digits, &m.currency),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A mean CSAT just under its target is missed, though it reads as the target once
    /// rounded to two decimals: the verdict compares the exact mean, as compliance does.
    #[test]
    fn csat_is_judged_on_the_exact_mean() {
        let src = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/sample/agreements/basic.toml"
        ))
        .unwrap();
        let a = accord_core::parse_agreement("basic.toml", &src).unwrap();
        assert_eq!(a.reporting.csat_target, Some(Decimal::from(4)));
        let kpi = |sum: u64, count: u64| {
            let m = PeriodMetrics {
                agreement_id: a.id.clone(),
                period: "2026-10".into(),
                tickets_opened: 0,
                fr_met: 0,
                fr_breached: 0,
                fr_mean_s: None,
                fr_median_s: None,
                res_met: 0,
                res_breached: 0,
                resolved_of_opened: 0,
                csat_sum: sum,
                csat_count: count,
                credits: accord_core::credits::CreditStatement {
                    period_fee: Decimal::ZERO,
                    breaches: Vec::new(),
                    per_breach_total: Decimal::ZERO,
                    band: None,
                    band_amount: Decimal::ZERO,
                    cap: None,
                    cap_applied: false,
                    total: Decimal::ZERO,
                    minor_digits: 2,
                },
                currency: "USD".into(),
                to_date: None,
            };
            kpis(&a, &m, 0)
                .into_iter()
                .find(|k| k.name.contains("CSAT)"))
                .unwrap()
        };
        // 803 / 201 = 3.99502…: shown as 4.00, but under 4.
        let under = kpi(803, 201);
        assert_eq!(
            (under.value.as_str(), under.status),
            ("4.00 of 5", Some(Verdict::Missed))
        );
        let at = kpi(804, 201);
        assert_eq!(at.status, Some(Verdict::Met));
    }
}
