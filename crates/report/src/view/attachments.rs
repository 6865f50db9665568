//! The lists behind a report, attached to the PDF and offered for download in the HTML file:
//! every breach and every credit line as CSV, for a reader to check the totals or load them
//! elsewhere. They are written for machines (UTC instants, seconds, amounts in the currency's
//! minor unit), not formatted like the rest of the view.

use std::collections::HashMap;

use accord_core::Decimal;
use accord_core::model::ClockName;
use accord_core::output::push_csv_field;
use serde::Serialize;

use crate::model::AgreementReport;

/// A file attached to the PDF (and offered for download in the HTML file).
#[derive(Clone, Debug, Serialize)]
pub struct Attachment {
    /// Its name.
    pub file: String,
    /// What it holds.
    pub description: String,
    /// Its content.
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// The breaches and credit lines of a report as CSV files, named with `prefix`.
pub(super) fn attachments(r: &AgreementReport, prefix: &str) -> Vec<Attachment> {
    vec![
        Attachment {
            file: format!("{prefix}breaches.csv"),
            description: format!(
                "Every breach of {} in {}: ticket, clock, priority, channel, opening, breach, counted and target seconds, credit",
                r.agreement.id, r.period
            ),
            bytes: breaches_csv(r),
        },
        Attachment {
            file: format!("{prefix}credit-statement.csv"),
            description: format!(
                "The credit statement's counted breaches of {} in {}",
                r.agreement.id, r.period
            ),
            bytes: statement_csv(r),
        },
    ]
}

/// Every breach of the period, with the credit a resolution breach earned.
fn breaches_csv(r: &AgreementReport) -> Vec<u8> {
    let clock = |c: ClockName| match c {
        ClockName::FirstResponse => "first_response",
        ClockName::Resolution => "resolution",
    };
    let credits = &r.analysis.metrics.credits;
    let amount: HashMap<&str, Decimal> = credits
        .breaches
        .iter()
        .map(|l| (l.ticket_id.as_str(), l.amount))
        .collect();
    let d = credits.minor_digits as usize;
    let mut breaches =
        b"ticket_id,clock,priority,channel,opened_at,breached_at,counted_s,target_s,credit\n"
            .to_vec();
    for (b, (id, opened)) in r.analysis.breaches.iter().zip(&r.breach_tickets) {
        push_csv_field(&mut breaches, id);
        let credit = if b.clock == ClockName::Resolution {
            amount
                .get(id.as_str())
                .map(|v| format!("{v:.d$}"))
                .unwrap_or_default()
        } else {
            String::new()
        };
        breaches.extend_from_slice(
            format!(
                ",{},{},{},{opened},{},{},{},{credit}\n",
                clock(b.clock),
                b.priority.as_str(),
                b.channel.as_str(),
                b.at,
                b.elapsed_s,
                b.target_s
            )
            .as_bytes(),
        );
    }
    breaches
}

/// The credit statement's counted breaches.
fn statement_csv(r: &AgreementReport) -> Vec<u8> {
    let credits = &r.analysis.metrics.credits;
    let d = credits.minor_digits as usize;
    let mut statement = b"ticket_id,priority,breached_at,credit,currency\n".to_vec();
    for l in &credits.breaches {
        push_csv_field(&mut statement, &l.ticket_id);
        statement.extend_from_slice(
            format!(
                ",{},{},{:.d$},{}\n",
                l.priority.as_str(),
                l.breached_at,
                l.amount,
                r.agreement.currency.code
            )
            .as_bytes(),
        );
    }
    statement
}
