//! What the running app holds: the open database and where it came from.
//!
//! The database is chosen, in order, by `ACCORD_DB` (as for the command line, and what the
//! end-to-end tests use) or the default SQLite file in the user's data folder, created on
//! first use. Commands borrow the store for one call; switching databases replaces it whole.

use accord_core::Instant;
use accord_store::Store;
use tokio::sync::RwLock;

use crate::error::{ErrorCode, IpcError};

/// The app's shared state.
#[derive(Debug, Default)]
pub struct AppState {
    store: RwLock<Option<Store>>,
}

/// The current instant (the SLA clocks count whole seconds).
pub fn now() -> Instant {
    Instant(chrono::Utc::now().timestamp())
}

/// The database URL the app opens at start.
///
/// # Errors
/// When there is no per-user data folder.
pub fn database_url() -> Result<String, IpcError> {
    match std::env::var("ACCORD_DB") {
        Ok(url) if !url.trim().is_empty() => Ok(url),
        _ => Store::default_url().map_err(IpcError::from),
    }
}

impl AppState {
    /// Opens the database at `url`, replacing the one in use.
    ///
    /// # Errors
    /// When it cannot be opened (the one in use stays).
    pub async fn open(&self, url: &str) -> Result<(), IpcError> {
        let store = accord_app::open_store(url, now()).await?;
        *self.store.write().await = Some(store);
        Ok(())
    }

    /// The open database.
    ///
    /// # Errors
    /// When none is open (it failed at start).
    pub async fn store(&self) -> Result<Store, IpcError> {
        // A `Store` is a pool handle: cloning it is cheap and lets the lock go at once.
        self.store.read().await.clone().ok_or_else(|| {
            IpcError::new(
                ErrorCode::Database,
                "no database is open: choose one in Settings",
            )
        })
    }
}
