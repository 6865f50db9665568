//! The credit statement as it is signed off: the fee, each counted breach (or, past
//! [`DETAIL_LIMIT`] of them, their sums by priority, every line still in the attached CSV), the
//! band and the cap in words, and what is owed.

use accord_core::Agreement;
use accord_core::credits::CreditStatement;
use accord_core::model::Priority;
use serde::Serialize;

use super::format::{local, money, percent};
use crate::model::{DETAIL_LIMIT, priority_name};

/// One counted breach of the credit statement.
#[derive(Clone, Debug, Serialize)]
pub struct CreditRow {
    /// Ticket.
    pub ticket: String,
    /// Priority.
    pub priority: String,
    /// Breached at, local time.
    pub at: String,
    /// Amount.
    pub amount: String,
}

/// The counted breaches of one priority, for a statement too long to print line by line.
#[derive(Clone, Debug, Serialize)]
pub struct CreditGroup {
    /// Priority.
    pub priority: String,
    /// Breaches counted.
    pub count: String,
    /// Their credits.
    pub amount: String,
}

/// The credit statement, formatted.
#[derive(Clone, Debug, Serialize)]
pub struct Credits {
    /// The period fee.
    pub fee: String,
    /// How many breaches were counted.
    pub line_count: usize,
    /// Every counted breach, when there are at most [`DETAIL_LIMIT`] (otherwise empty: the
    /// statement then prints `by_priority` and every line is in the attached CSV).
    pub lines: Vec<CreditRow>,
    /// Counted breaches and their credits by priority.
    pub by_priority: Vec<CreditGroup>,
    /// Their sum.
    pub per_breach_total: String,
    /// The band applied, in words.
    pub band: String,
    /// The band's amount.
    pub band_amount: String,
    /// The cap, in words.
    pub cap: String,
    /// Whether the cap cut the total.
    pub cap_applied: bool,
    /// What is owed.
    pub total: String,
}

impl Credits {
    /// `a`'s statement `c`, times in its zone and amounts in its currency.
    pub(super) fn new(a: &Agreement, c: &CreditStatement) -> Self {
        let d = c.minor_digits;
        let cur = a.currency.code.as_str();
        Self {
            fee: money(c.period_fee, d, cur),
            line_count: c.breaches.len(),
            lines: if c.breaches.len() <= DETAIL_LIMIT {
                c.breaches
                    .iter()
                    .map(|l| CreditRow {
                        ticket: l.ticket_id.clone(),
                        priority: priority_name(l.priority).into(),
                        at: local(a, l.breached_at),
                        amount: money(l.amount, d, cur),
                    })
                    .collect()
            } else {
                Vec::new()
            },
            by_priority: by_priority(c, cur),
            per_breach_total: money(c.per_breach_total, d, cur),
            band: c.band.map_or_else(
                || "none (compliance not below any band)".to_owned(),
                |b| {
                    format!(
                        "resolution compliance below {}: {}% of the fee",
                        percent(Some(b.below)),
                        b.percent
                    )
                },
            ),
            band_amount: money(c.band_amount, d, cur),
            cap: c.cap.map_or_else(
                || "no cap".to_owned(),
                |v| {
                    format!(
                        "{}% of the fee: {}",
                        a.credits.cap_percent.unwrap_or_default(),
                        money(v, d, cur)
                    )
                },
            ),
            cap_applied: c.cap_applied,
            total: money(c.total, d, cur),
        }
    }
}

/// The counted breaches by priority, leaving out priorities with none.
fn by_priority(c: &CreditStatement, currency: &str) -> Vec<CreditGroup> {
    Priority::ALL
        .iter()
        .filter_map(|p| {
            let lines: Vec<_> = c.breaches.iter().filter(|l| l.priority == *p).collect();
            (!lines.is_empty()).then(|| CreditGroup {
                priority: priority_name(*p).into(),
                count: lines.len().to_string(),
                amount: money(
                    lines.iter().map(|l| l.amount).sum(),
                    c.minor_digits,
                    currency,
                ),
            })
        })
        .collect()
}
