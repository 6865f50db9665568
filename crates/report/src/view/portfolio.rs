//! The portfolio, formatted: the selected agreements side by side for one period (each with its
//! own currency and target), a line for all of them together, credit totals per currency (never
//! summed across currencies), the compliance chart across agreements, and each agreement's own
//! report.

use accord_core::Decimal;
use accord_core::analysis::Tally;
use accord_core::calendar::Tz;
use accord_core::metrics::{Verdict, fraction};
use serde::Serialize;

use super::agreement::AgreementView;
use super::format::{csat, money, percent, to_date_words};
use super::graphs::{Chart, compliance_by_agreement};
use crate::model::{AgreementReport, PortfolioReport, tier_name};

/// The portfolio, formatted.
#[derive(Clone, Debug, Serialize)]
pub struct PortfolioView {
    /// What was selected.
    pub selection: String,
    /// How many agreements it covers, in words: `3 agreements`.
    pub count: String,
    /// The period.
    pub period: String,
    /// For a period that had not ended at the report's instant: `to date, as of … UTC —
    /// provisional`; empty otherwise.
    pub to_date: String,
    /// One row per agreement.
    pub rows: Vec<PortfolioRow>,
    /// All the selected agreements together (a tier's or a region's line).
    pub total: PortfolioRow,
    /// Credit totals per currency.
    pub totals: Vec<String>,
    /// Charts across agreements.
    pub charts: Vec<Chart>,
    /// Each agreement's own report.
    pub agreements: Vec<AgreementView>,
}

/// An agreement's line in the portfolio table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PortfolioRow {
    /// Id.
    pub id: String,
    /// Tier.
    pub tier: String,
    /// Region.
    pub region: String,
    /// Colour.
    pub colour: String,
    /// Tickets opened.
    pub opened: String,
    /// First-response compliance.
    pub fr_compliance: String,
    /// First-response compliance against the target (none without a target or a figure).
    pub fr_status: Option<Verdict>,
    /// Resolution compliance.
    pub res_compliance: String,
    /// Resolution compliance against the target (none without a target or a figure).
    pub res_status: Option<Verdict>,
    /// The compliance target (both clocks).
    pub target: String,
    /// CSAT.
    pub csat: String,
    /// Breaches.
    pub breaches: String,
    /// Credits owed.
    pub credits: String,
}

impl PortfolioView {
    /// Formats a portfolio.
    #[must_use]
    pub fn new(p: &PortfolioReport) -> Self {
        let totals = credit_totals(p);
        Self {
            selection: p.selection.describe(),
            count: match p.agreements.len() {
                1 => "1 agreement".to_owned(),
                n => format!("{n} agreements"),
            },
            period: p.period.to_string(),
            to_date: to_date_words(p.to_date(), Tz::UTC),
            total: total_row(p, totals.join(", ")),
            rows: p.agreements.iter().map(agreement_row).collect(),
            totals,
            charts: vec![compliance_by_agreement(p)],
            agreements: p
                .agreements
                .iter()
                .enumerate()
                .map(|(i, r)| AgreementView::new(r, &format!("a{i}-")))
                .collect(),
        }
    }
}

fn agreement_row(r: &AgreementReport) -> PortfolioRow {
    let m = &r.analysis.metrics;
    let t = r.agreement.reporting.compliance_target;
    PortfolioRow {
        id: r.agreement.id.clone(),
        tier: tier_name(r.agreement.tier).into(),
        region: r.agreement.region.clone(),
        colour: r.colour.hex(),
        opened: m.tickets_opened.to_string(),
        fr_compliance: percent(m.fr_compliance()),
        fr_status: Verdict::against(m.fr_compliance(), t),
        res_compliance: percent(m.res_compliance()),
        res_status: Verdict::against(m.res_compliance(), t),
        target: t.map_or_else(String::new, |t| percent(Some(t))),
        csat: csat(m.csat_sum, m.csat_count),
        breaches: (m.fr_breached + m.res_breached).to_string(),
        credits: money(m.credits.total, m.credits.minor_digits, &m.currency),
    }
}

/// The credits owed in each currency, in the order the currencies first appear.
fn credit_totals(p: &PortfolioReport) -> Vec<String> {
    let mut totals: Vec<(String, Decimal, u32)> = Vec::new();
    for r in &p.agreements {
        let m = &r.analysis.metrics;
        match totals.iter_mut().find(|t| t.0 == m.currency) {
            Some(t) => t.1 += m.credits.total,
            None => totals.push((m.currency.clone(), m.credits.total, m.credits.minor_digits)),
        }
    }
    totals
        .into_iter()
        .map(|(c, v, d)| money(v, d, &c))
        .collect()
}

/// All the selected agreements together: their tickets and clocks tallied as one, no target of
/// their own, and `credits` (the totals per currency) in words.
fn total_row(p: &PortfolioReport, credits: String) -> PortfolioRow {
    let mut all = Tally::default();
    for r in &p.agreements {
        all.merge(&r.analysis.all);
    }
    PortfolioRow {
        id: format!("All ({})", p.agreements.len()),
        tier: String::new(),
        region: String::new(),
        colour: String::new(),
        opened: all.tickets_opened.to_string(),
        fr_compliance: percent(fraction(all.fr_met, all.fr_met + all.fr_breached)),
        fr_status: None,
        res_compliance: percent(fraction(all.res_met, all.res_met + all.res_breached)),
        res_status: None,
        target: String::new(),
        csat: csat(all.csat_sum, all.csat_count),
        breaches: (all.fr_breached + all.res_breached).to_string(),
        credits,
    }
}
