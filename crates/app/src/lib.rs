//! Accord's use cases over `accord-core`, `accord-store` and `accord-report`, shared by the
//! command line and the desktop shell so that both stay thin: they parse their arguments, call
//! one use case and map its error.
//!
//! One module per noun, each holding its use cases' input types (validated once, here: trimmed
//! text, CSAT in range, instants not in the future), the use cases and their outputs:
//!
//! - [`tickets`]: the ticket list, a ticket's page, opening one, its events, assignee and CSAT;
//! - [`queue`]: open tickets by next SLA deadline, and the SLA summary the store keeps for it;
//! - [`agreements`]: the agreements list, an agreement's TOML, checking and saving it;
//! - [`import`] and [`export`]: interchange files in and out, all or nothing;
//! - [`sources`] and [`profiles`]: helpdesks' own exports (Zendesk…) read by a mapping profile
//!   into tickets and events, then imported as interchange files are;
//! - [`database`]: opening, checking and backing up a database, and what it holds;
//! - [`reports`]: the history reports are made from, report files, dashboards, drill-downs and
//!   what-if;
//! - [`terms`]: changing an agreement's terms (amend from a date, or correct) and the impact
//!   on past periods, shown before anything is saved;
//! - [`statements`]: issuing a period's credit statement, and its restatement when figures move;
//! - [`files`]: writing a report or an export to a file or folder the user chose.
//!
//! Output types cross to the desktop's TypeScript through `specta` (the `specta` feature):
//! instants as RFC 3339 text, decimals as their exact decimal text, vocabularies as their
//! `formats.md` spellings. Every figure is computed by `accord-core`; nothing here counts time.

pub mod agreements;
pub mod database;
pub mod demo;
pub mod export;
pub mod files;
pub mod holidays;
pub mod import;
pub mod profiles;
pub mod queue;
pub mod reports;
pub mod sources;
pub mod statements;
pub mod terms;
pub mod tickets;

use accord_core::error::InputErrors;
use accord_store::StoreError;

/// Errors of the use cases.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input files are wrong; nothing was written.
    #[error("{0}")]
    Input(#[from] InputErrors),
    /// The database failed or refused.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A request that cannot be met as asked (an unknown agreement, a malformed period); the
    /// message says what is accepted.
    #[error("{0}")]
    Rejected(String),
    /// A report could not be laid out (a defect: the message says where).
    #[error("{0}")]
    Report(String),
    /// The one who started it cancelled it before anything was written.
    #[error("the import was cancelled: nothing was written")]
    Cancelled,
}

impl From<accord_core::InputError> for AppError {
    fn from(e: accord_core::InputError) -> Self {
        Self::Input(e.into())
    }
}

/// A stored value this binary cannot read (a database written by something else).
pub(crate) fn unreadable(what: String) -> AppError {
    StoreError::Unreadable(what).into()
}

/// Who is making a change, for the audit trail and an issued statement: the OS user.
#[must_use]
pub fn actor() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "accord".to_owned())
}

/// A count for the screens, saturating.
pub(crate) fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
