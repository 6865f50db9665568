//! An issued statement in a report: what the statement issued for the period said (its
//! figures beside the ones computed now, its total) and, when they differ, the restatement —
//! every ticket that moved, why, and the difference in credits. The words come from the use
//! case that compared them (`accord-app`'s statements); this is only their report form.

use serde::Serialize;

/// The period's issued statement, for a report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct IssuedView {
    /// `Statement No. 1, issued 2026-12-01 12:00 UTC by dana`.
    pub heading: String,
    /// The terms it was issued under, with the agreement's version.
    pub terms: String,
    /// Its figures: name, as issued, as computed now.
    pub figures: Vec<[String; 3]>,
    /// Its credit lines: ticket, priority, amount.
    pub lines: Vec<[String; 3]>,
    /// What it said was owed.
    pub total: String,
    /// What has moved since, when anything has.
    pub restatement: Option<RestatementSection>,
}

/// A restatement, for a report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RestatementSection {
    /// `4 tickets moved; credits 125.00 USD → 1,875.00 USD (+1,750.00 USD)`.
    pub summary: String,
    /// The corrections of the terms since issue, for people.
    pub corrections: Vec<String>,
    /// Every ticket that moved: ticket, first response, resolution, credit (each `issued →
    /// now`), causes.
    pub tickets: Vec<[String; 5]>,
}
