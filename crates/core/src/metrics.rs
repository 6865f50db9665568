//! Period metrics (`sla-semantics.md`, "Metrics over a period"): the figures of one agreement
//! over one period, as [`crate::analysis`] computes them, and their CSV (`formats.md`, "Period
//! metrics"). Fractions are exact decimals, rounded half away from zero only when written.

use rust_decimal::Decimal;

use crate::credits::{CreditStatement, round};
use crate::instant::Instant;

/// A figure against its target (compliance, CSAT), the one rule every report, dashboard and
/// list marks figures by: met at or above it, compared exactly (never the rounded display).
#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// At or above the target.
    Met,
    /// Below it.
    Missed,
}

impl Verdict {
    /// The verdict on `value` against `target`; none when either is absent.
    #[must_use]
    pub fn against(value: Option<Decimal>, target: Option<Decimal>) -> Option<Self> {
        match (value, target) {
            (Some(v), Some(t)) if v >= t => Some(Self::Met),
            (Some(_), Some(_)) => Some(Self::Missed),
            _ => None,
        }
    }
}

/// `num / den` as an exact decimal, `None` when `den` is 0.
#[must_use]
pub fn fraction(num: u64, den: u64) -> Option<Decimal> {
    (den > 0).then(|| Decimal::from(num) / Decimal::from(den))
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

    #[test]
    fn mean_rounds_half_away_and_even_median_rounds_down() {
        assert_eq!(mean_median(&mut []), (None, None));
        assert_eq!(mean_median(&mut [3]), (Some(3), Some(3)));
        assert_eq!(mean_median(&mut [2, 3]), (Some(3), Some(2)));
        assert_eq!(mean_median(&mut [1, 2, 2]), (Some(2), Some(2)));
        assert_eq!(mean_median(&mut [10, 1, 4, 7]), (Some(6), Some(5)));
    }
}
