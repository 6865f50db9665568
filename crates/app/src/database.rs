//! The database as a whole: opening (and migrating) it, what it holds, checking its integrity
//! and backing it up, for `accord db`, the desktop's first screen and its settings.

use accord_core::Instant;
use accord_store::{DbInfo, ImportPlan, Store};
use serde::Serialize;

use crate::AppError;
use crate::queue::summarise;

/// The open database at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Overview {
    /// Where it is (a file path, or a PostgreSQL URL without password).
    pub location: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// Agreements stored.
    pub agreements: i64,
    /// Tickets stored.
    pub tickets: i64,
    /// Changes with every write, by anyone.
    pub revision: i64,
}

/// The database at a glance.
///
/// # Errors
/// When the database cannot be read.
pub async fn overview(store: &Store) -> Result<Overview, AppError> {
    let (agreements, tickets, _) = store.counts().await?;
    Ok(Overview {
        location: store.location.clone(),
        backend: store.backend().to_owned(),
        agreements,
        tickets,
        revision: store.revision().await?,
    })
}

/// Opens (and migrates) a database. A database from before the store kept escalation
/// schedules (schema 1) gets its open tickets' summaries recomputed once, in one transaction.
///
/// # Errors
/// As [`Store::open`]; when the recompute fails (nothing is changed then).
pub async fn open(url: &str, now: Instant) -> Result<Store, AppError> {
    let store = Store::open(url).await?;
    // Schemas 2 (escalations) and 7 (the queue's views) added summary columns that tickets
    // stored before them lack: the engine fills them once, on the first open after.
    if (1..7).contains(&store.migrated_from()) {
        refresh_summaries(&store, now).await?;
    }
    Ok(store)
}

/// Recomputes the stored SLA summary of every open ticket with the engine.
///
/// # Errors
/// When the database cannot be read or written.
pub async fn refresh_summaries(store: &Store, now: Instant) -> Result<usize, AppError> {
    let versions = store.ticket_versions().await?;
    let (agreements, set) = crate::reports::load(store, false).await?;
    let runtimes = accord_core::runtimes_for(&agreements, &set, now);
    let mut plan = ImportPlan {
        actor: "accord (schema upgrade)".to_owned(),
        at: now,
        ..ImportPlan::default()
    };
    for (pos, t) in set.tickets.iter().enumerate() {
        let s = summarise(&runtimes[t.agreement as usize], t, set.events(pos));
        if s.is_open {
            let version = versions.get(&*t.id).copied().unwrap_or_default();
            plan.summaries.push((t.id.to_string(), s, version));
        }
    }
    let n = plan.summaries.len();
    store.apply(&plan).await?;
    Ok(n)
}

/// The schema version and contents, after checking the database's integrity.
///
/// # Errors
/// When the database cannot be read or fails its integrity check.
pub async fn check(store: &Store) -> Result<DbInfo, AppError> {
    Ok(store.check().await?)
}

/// Copies a SQLite database to a new file while it stays in use.
///
/// # Errors
/// A PostgreSQL database (use `pg_dump`), an existing file, or a failed copy.
pub async fn backup(store: &Store, to: &std::path::Path) -> Result<(), AppError> {
    Ok(store.backup(to).await?)
}

/// A number that changes with every write, by anyone: a screen that shows it is current
/// while it has not moved.
///
/// # Errors
/// When the database cannot be read.
pub async fn revision(store: &Store) -> Result<i64, AppError> {
    Ok(store.revision().await?)
}
