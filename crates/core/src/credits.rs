//! Service credits (`sla-semantics.md`, "Service credits"): what the provider owes for a
//! period's resolution breaches, its compliance band and its cap, as an itemised statement.
//!
//! Every amount is exact decimal, rounded half away from zero to the currency's minor unit as
//! it is computed (each per-breach credit, the band credit, the cap), then added. Compliance is
//! compared with band thresholds exactly (as the fraction met/total, not its four-decimal
//! display).

use rust_decimal::{Decimal, RoundingStrategy};

use crate::agreement::{Agreement, Band, CreditAmount, Currency};
use crate::instant::Instant;
use crate::model::Priority;
use crate::period::Period;

/// Rounds half away from zero to `dp` decimals.
#[must_use]
pub fn round(v: Decimal, dp: u32) -> Decimal {
    v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// One counted resolution breach and its credit.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
pub struct CreditLine {
    /// The ticket.
    pub ticket_id: String,
    /// Its priority at the period's end.
    pub priority: Priority,
    /// When it breached.
    pub breached_at: Instant,
    /// Its credit (zero when its priority earns none).
    pub amount: Decimal,
}

/// What the provider owes for a period.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
pub struct CreditStatement {
    /// The period fee the percents apply to.
    pub period_fee: Decimal,
    /// Every resolution breach counted, with its credit.
    pub breaches: Vec<CreditLine>,
    /// Sum of the per-breach credits.
    pub per_breach_total: Decimal,
    /// The band applied, if any.
    pub band: Option<Band>,
    /// The band's credit.
    pub band_amount: Decimal,
    /// The cap amount, if the agreement has one.
    pub cap: Option<Decimal>,
    /// Whether the cap cut the total.
    pub cap_applied: bool,
    /// What is owed.
    pub total: Decimal,
    /// Digits of the currency's minor unit.
    pub minor_digits: u32,
}

/// The credit statement of a period from its resolution outcomes.
#[must_use]
pub fn credit_statement(
    a: &Agreement,
    period: Period,
    breaches: Vec<(String, Priority, Instant)>,
    res_met: u64,
) -> CreditStatement {
    let Currency { minor_digits, .. } = a.currency;
    let period_fee = a.monthly_fee * period.months();
    let pct = |p: Decimal| round(period_fee * p / Decimal::ONE_HUNDRED, minor_digits);
    let lines: Vec<CreditLine> = breaches
        .into_iter()
        .map(|(ticket_id, priority, breached_at)| {
            let amount = match a.credits.per_breach[priority.index()] {
                Some(CreditAmount::Fixed(v)) => round(v, minor_digits),
                Some(CreditAmount::PercentOfFee(p)) => pct(p),
                None => Decimal::ZERO,
            };
            CreditLine {
                ticket_id,
                priority,
                breached_at,
                amount,
            }
        })
        .collect();
    let per_breach_total: Decimal = lines.iter().map(|l| l.amount).sum();
    let breached = lines.len() as u64;
    let total_outcomes = res_met + breached;
    // Compliance below a band: met/total < below, i.e. met < below × total, exactly.
    let band = (total_outcomes > 0)
        .then(|| {
            a.credits
                .bands
                .iter()
                .filter(|b| Decimal::from(res_met) < b.below * Decimal::from(total_outcomes))
                .min_by(|x, y| x.below.cmp(&y.below))
                .copied()
        })
        .flatten();
    let band_amount = band.map_or(Decimal::ZERO, |b| pct(b.percent));
    let cap = a.credits.cap_percent.map(pct);
    let sum = per_breach_total + band_amount;
    let (total, cap_applied) = match cap {
        Some(c) if sum > c => (c, true),
        _ => (sum, false),
    };
    CreditStatement {
        period_fee,
        breaches: lines,
        per_breach_total,
        band,
        band_amount,
        cap,
        cap_applied,
        total,
        minor_digits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreement(credits: &str) -> Agreement {
        let src = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/sample/agreements/premium.toml"
        ))
        .unwrap();
        let start = src.find("[credits]").unwrap();
        crate::parse_agreement("premium.toml", &format!("{}{credits}", &src[..start])).unwrap()
    }

    fn t(s: &str) -> Instant {
        Instant::parse(s).unwrap()
    }

    #[test]
    fn credits_per_breach_bands_and_cap() {
        let a = agreement(
            "[credits]\nper_breach = { p1 = \"250.00\", p2 = \"1%\" }\nbands = [ { below = 0.95, percent = 5 }, { below = 0.90, percent = 10 } ]\ncap_percent = 20\n",
        );
        let month = Period::parse("2026-10").unwrap();
        let at = t("2026-10-10T00:00:00Z");
        let b = |p: Priority| ("T".to_owned(), p, at);
        // 19 met, 1 breached: compliance 0.95 is not below 0.95: no band.
        let s = credit_statement(&a, month, vec![b(Priority::P1)], 19);
        assert_eq!(
            (s.total, s.band, s.cap_applied),
            (Decimal::new(25000, 2), None, false)
        );
        // 18 met, 2 breached (0.90): the 0.95 band applies, not the 0.90 one; p2 earns 1% of 12500.
        let s = credit_statement(&a, month, vec![b(Priority::P2), b(Priority::P3)], 18);
        assert_eq!(
            s.breaches.iter().map(|l| l.amount).collect::<Vec<_>>(),
            [Decimal::new(12500, 2), Decimal::ZERO]
        );
        assert_eq!(s.band_amount, Decimal::new(62500, 2));
        assert_eq!(s.total, Decimal::new(75000, 2));
        // Many breaches: capped at 20% of the fee.
        let s = credit_statement(&a, month, vec![b(Priority::P1); 20], 0);
        assert_eq!((s.total, s.cap_applied), (Decimal::new(250_000, 2), true));
        // A quarter's fee is three months; percents apply to it.
        let q = Period::parse("2026-Q4").unwrap();
        let s = credit_statement(&a, q, vec![b(Priority::P2)], 99);
        assert_eq!(s.total, Decimal::new(37500, 2));
        // A custom range of 7 days: 7/30 of the fee, rounded to cents as computed.
        let r = Period::parse("2026-10-01..2026-10-08").unwrap();
        let s = credit_statement(&a, r, vec![b(Priority::P2)], 99);
        assert_eq!(s.total, Decimal::new(2917, 2));
        // No outcomes: no compliance, no band.
        assert_eq!(credit_statement(&a, month, vec![], 0).total, Decimal::ZERO);
    }
}
