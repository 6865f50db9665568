//! Exporting a database as interchange files (`formats.md`), the inverse of [`crate::import`].

use accord_core::Agreement;
use accord_store::Store;

use crate::AppError;

/// The database as interchange files: each agreement's TOML of record as `<id>.toml`, then
/// `tickets.csv` and `events.csv` (formats.md). Importing them into an empty database gives
/// the same contents, and exporting that gives the same files.
///
/// # Errors
/// When the database cannot be read.
pub async fn files(store: &Store) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let (stored, set) = store.history(|_| true, true).await?;
    let agreements: Vec<Agreement> = stored.iter().map(|s| s.agreement.clone()).collect();
    let mut files: Vec<(String, Vec<u8>)> = stored
        .into_iter()
        .map(|s| (format!("{}.toml", s.agreement.id), s.source.into_bytes()))
        .collect();
    files.push((
        "tickets.csv".to_owned(),
        accord_core::output::tickets_csv(&agreements, &set),
    ));
    files.push((
        "events.csv".to_owned(),
        accord_core::output::events_csv(&set),
    ));
    Ok(files)
}
