//! Period metrics and service credits (`sla-semantics.md`, "Metrics over a period" and
//! "Service credits"), as pure functions of evaluated tickets.
//!
//! A period is a local month, quarter or `[from, to)` date range in the agreement's time zone.
//! Every ticket is evaluated at the period's end; each clock's outcome falls in the one period
//! containing its stop instant (met) or breach instant (breached). Rounding is exact decimal,
//! half away from zero, as the spec says; compliance is compared with band thresholds exactly
//! (as the fraction met/total, not its four-decimal display).

use rust_decimal::{Decimal, RoundingStrategy};

use crate::agreement::{Agreement, Band, CreditAmount, Currency};
use crate::clock::AgreementRuntime;
use crate::instant::Instant;
use crate::model::Priority;
pub use crate::period::{Period, Span};
use crate::ticket::TicketSet;

/// Rounds half away from zero to `dp` decimals.
#[must_use]
pub fn round(v: Decimal, dp: u32) -> Decimal {
    v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// `num / den` as an exact decimal, `None` when `den` is 0.
#[must_use]
pub fn fraction(num: u64, den: u64) -> Option<Decimal> {
    (den > 0).then(|| Decimal::from(num) / Decimal::from(den))
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

/// An agreement's metrics over one period.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
pub struct PeriodMetrics {
    /// The agreement.
    pub agreement_id: String,
    /// The period.
    pub period: String,
    /// Tickets opened in the period.
    pub tickets_opened: u64,
    /// First-response clocks met in the period.
    pub fr_met: u64,
    /// First-response clocks breached in the period.
    pub fr_breached: u64,
    /// Mean first-response elapsed seconds over clocks stopped in the period.
    pub fr_mean_s: Option<i64>,
    /// Median of the same.
    pub fr_median_s: Option<i64>,
    /// Resolution clocks met in the period.
    pub res_met: u64,
    /// Resolution clocks breached in the period.
    pub res_breached: u64,
    /// Of the tickets opened in the period, how many are resolved (clock stopped) at its end.
    pub resolved_of_opened: u64,
    /// Sum of CSAT scores over tickets whose resolution stopped in the period.
    pub csat_sum: u64,
    /// Number of those scores.
    pub csat_count: u64,
    /// Service credits.
    pub credits: CreditStatement,
    /// Currency code.
    pub currency: String,
    /// `Some(as_of)` when the period had not ended at the report's instant: every figure is to
    /// date and the credits are provisional.
    pub to_date: Option<Instant>,
}

impl PeriodMetrics {
    /// `fr_met / (fr_met + fr_breached)`.
    #[must_use]
    pub fn fr_compliance(&self) -> Option<Decimal> {
        fraction(self.fr_met, self.fr_met + self.fr_breached)
    }

    /// `res_met / (res_met + res_breached)`.
    #[must_use]
    pub fn res_compliance(&self) -> Option<Decimal> {
        fraction(self.res_met, self.res_met + self.res_breached)
    }

    /// Resolved fraction of the tickets opened.
    #[must_use]
    pub fn resolution_rate(&self) -> Option<Decimal> {
        fraction(self.resolved_of_opened, self.tickets_opened)
    }

    /// Mean CSAT.
    #[must_use]
    pub fn csat_mean(&self) -> Option<Decimal> {
        fraction(self.csat_sum, self.csat_count)
    }
}

/// Mean rounded half away from zero, and median (even count: mean of the middle two, rounded
/// down), of non-negative seconds.
#[must_use]
pub fn mean_median(values: &mut [i64]) -> (Option<i64>, Option<i64>) {
    if values.is_empty() {
        return (None, None);
    }
    let n = values.len() as i64;
    let sum: i64 = values.iter().sum();
    let mean = (2 * sum + n) / (2 * n);
    values.sort_unstable();
    let mid = values.len() / 2;
    let median = if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]).div_euclid(2)
    };
    (Some(mean), Some(median))
}

/// Metrics and credits of one agreement's tickets (`agreement_index` in `set`) over a period as
/// reported at `as_of` (to date while it has not ended; `None` when it has not started): the
/// whole-agreement line of [`crate::analysis::analyse`].
#[must_use]
pub fn period_metrics(
    rt: &AgreementRuntime,
    agreement_index: u32,
    set: &TicketSet,
    period: Period,
    as_of: Instant,
) -> Option<PeriodMetrics> {
    let span = period.span(&rt.agreement, as_of)?;
    Some(crate::analysis::analyse(rt, agreement_index, set, span, None).metrics)
}

/// Column names of the period metrics CSV, in order.
pub const METRICS_COLUMNS: [&str; 16] = [
    "agreement_id",
    "period",
    "tickets_opened",
    "fr_met",
    "fr_breached",
    "fr_compliance",
    "fr_mean_s",
    "fr_median_s",
    "res_met",
    "res_breached",
    "res_compliance",
    "resolution_rate",
    "csat_mean",
    "csat_count",
    "credit_total",
    "currency",
];

/// Appends the metrics CSV header.
pub fn push_metrics_csv_header(out: &mut String) {
    out.push_str(&METRICS_COLUMNS.join(","));
    out.push('\n');
}

/// Appends one metrics CSV row (formats.md: fractions with 4 decimals, CSAT with 2, credits in
/// the currency's minor unit; absent values empty).
pub fn push_metrics_csv_row(out: &mut String, m: &PeriodMetrics) {
    let fixed = |v: Option<Decimal>, dp: u32| {
        v.map(|v| format!("{:.*}", dp as usize, round(v, dp)))
            .unwrap_or_default()
    };
    let int = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    let mut fields = Vec::with_capacity(16);
    let mut id = Vec::new();
    crate::output::push_csv_field(&mut id, &m.agreement_id);
    fields.push(String::from_utf8_lossy(&id).into_owned());
    fields.push(m.period.clone());
    fields.push(m.tickets_opened.to_string());
    fields.push(m.fr_met.to_string());
    fields.push(m.fr_breached.to_string());
    fields.push(fixed(m.fr_compliance(), 4));
    fields.push(int(m.fr_mean_s));
    fields.push(int(m.fr_median_s));
    fields.push(m.res_met.to_string());
    fields.push(m.res_breached.to_string());
    fields.push(fixed(m.res_compliance(), 4));
    fields.push(fixed(m.resolution_rate(), 4));
    fields.push(fixed(m.csat_mean(), 2));
    fields.push(m.csat_count.to_string());
    fields.push(format!(
        "{:.*}",
        m.credits.minor_digits as usize, m.credits.total
    ));
    fields.push(m.currency.clone());
    out.push_str(&fields.join(","));
    out.push('\n');
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
    fn periods_parse_print_and_bound_in_local_time() {
        let a = agreement("");
        for (text, from, to) in [
            ("2026-10", "2026-10-01T04:00:00Z", "2026-11-01T04:00:00Z"),
            ("2026-Q4", "2026-10-01T04:00:00Z", "2027-01-01T05:00:00Z"),
            (
                "2026-11-01..2026-11-03",
                "2026-11-01T04:00:00Z",
                "2026-11-03T05:00:00Z",
            ),
        ] {
            let p = Period::parse(text).unwrap();
            assert_eq!(p.to_string(), text);
            assert_eq!(p.bounds(&a), (t(from), t(to)));
        }
        for bad in [
            "2026",
            "2026-13",
            "2026-Q5",
            "2026-1",
            "26-10",
            "2026-10-05..2026-10-05",
            "2026-10-01..",
            "x",
        ] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Period::parse("2026-12").unwrap().next().to_string(),
            "2027-01"
        );
        assert_eq!(
            Period::parse("2026-Q4").unwrap().next().to_string(),
            "2027-Q1"
        );
        for p in ["2026-01", "2026-Q1", "2026-10-01..2026-10-08"] {
            let p = Period::parse(p).unwrap();
            assert_eq!(p.previous().next(), p);
        }
        assert_eq!(
            Period::parse("2026-01").unwrap().previous().to_string(),
            "2025-12"
        );
        assert_eq!(
            Period::parse("2026-10-01..2026-10-16").unwrap().months(),
            Decimal::new(5, 1)
        );
    }

    #[test]
    fn mean_rounds_half_away_and_even_median_rounds_down() {
        assert_eq!(mean_median(&mut []), (None, None));
        assert_eq!(mean_median(&mut [3]), (Some(3), Some(3)));
        assert_eq!(mean_median(&mut [2, 3]), (Some(3), Some(2)));
        assert_eq!(mean_median(&mut [1, 2, 2]), (Some(2), Some(2)));
        assert_eq!(mean_median(&mut [10, 1, 4, 7]), (Some(6), Some(5)));
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
