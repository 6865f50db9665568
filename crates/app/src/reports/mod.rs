//! Reports, dashboards, drill-downs and what-if over a loaded history: the use cases behind
//! `accord report`, `accord simulate` and the app's Dashboard and What-if screens, so the command
//! line and the window produce the same numbers, files and pictures from the same code.
//!
//! Every figure comes from `accord-core` (the period analysis, the what-if comparison) and is
//! formatted and drawn by `accord-report`; this module only chooses what to compute and packs
//! it for its caller. A history is loaded and prepared once ([`History`]) and then serves any
//! number of periods and scopes.
//!
//! Every use case takes the instant it reports at, `as_of` (the command line's `--as-of`, the
//! app's now): a period that has not ended then is reported to date, and one that has not
//! started has no figures (`sla-semantics.md`, revision 2). Core's [`Period::span`] decides;
//! nothing here compares instants of its own.

//!
//! - [`history`]: loading and preparing what reports are made from;
//! - [`files`]: the metrics and SLA CSV, PDF and HTML report files, and their names;
//! - [`dashboard`]: a scope's figures and charts over a period, for the window;
//! - [`drill`]: the tickets behind a dashboard number;
//! - [`whatif`]: a period replayed against a changed agreement.

pub mod dashboard;
pub mod drill;
pub mod files;
pub mod history;
pub mod whatif;

pub use dashboard::{ChartRegion, Dashboard, DashboardChart, PeriodState, dashboard};
pub use drill::{DRILL_LIMIT, Drill, DrillKind, DrillOutcome, DrillRow, DrillRows, drill};
pub use files::{
    Extras, ReportFormat, Text, metrics_csv, report_file, report_file_name, report_file_with,
    sla_csv,
};
pub use history::{History, load, load_of, ticket_texts};
pub use whatif::{WhatIf, WhatIfChange, WhatIfFigure, what_if};

use accord_core::Agreement;
use accord_core::Instant;
use accord_core::model::Tier;
use accord_core::period::Period;
use accord_report::Selection;
use serde::{Deserialize, Serialize};

use crate::AppError;

/// What a report, dashboard or drill-down covers: one agreement, or a portfolio (every
/// agreement, one tier's or one region's).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Scope {
    /// One agreement (the others are then ignored).
    pub agreement: Option<String>,
    /// Only agreements of this tier.
    pub tier: Option<Tier>,
    /// Only agreements of this region (exact name).
    pub region: Option<String>,
}

impl Scope {
    /// Whether an agreement is covered: the one agreement named, else the portfolio's.
    #[must_use]
    pub fn contains(&self, a: &Agreement) -> bool {
        self.agreement
            .as_ref()
            .map_or_else(|| self.selection().contains(a), |id| a.id == *id)
    }

    /// The portfolio selection (tier first, then region).
    #[must_use]
    pub fn selection(&self) -> Selection {
        match (&self.tier, &self.region) {
            (Some(t), _) => Selection::Tier(*t),
            (None, Some(r)) => Selection::Region(r.clone()),
            (None, None) => Selection::All,
        }
    }
}

/// Parses a period as the user typed it.
///
/// # Errors
/// [`AppError::Rejected`] saying what is accepted.
pub fn parse_period(text: &str) -> Result<Period, AppError> {
    Period::parse(text.trim()).map_err(|_| {
        AppError::Rejected(format!(
            "`{text}` is not a period: write a month (2026-10), a quarter (2026-Q4) or local dates 2026-10-01..2026-10-15 (end excluded)"
        ))
    })
}

/// A period that has not started at `as_of`, said so.
pub(crate) fn not_started(period: Period, as_of: Instant) -> AppError {
    AppError::Rejected(format!(
        "{period} has not started as of {as_of}: it has no figures yet"
    ))
}
