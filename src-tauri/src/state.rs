//! What the running app holds: the open database and where it came from.
//!
//! The database is chosen, in order, by `ACCORD_DB` (as for the command line, and what the
//! end-to-end tests use), the choice remembered in Settings ([`crate::database`]), or the
//! default SQLite file in the user's data folder, created on first use. Commands borrow the
//! store for one call; switching databases replaces it whole, and a database that cannot be
//! opened leaves the one in use as it was.

use std::sync::Arc;

use accord_app::reports::History;
use accord_core::Instant;
use accord_store::Store;
use tokio::sync::RwLock;

use crate::database::{ChoiceFile, Keychain, connect_url};
use crate::error::{ErrorCode, IpcError};

const OPEN_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// The app's shared state.
#[derive(Debug, Default)]
pub struct AppState {
    store: RwLock<Option<Store>>,
    /// Why the database chosen at start could not be opened, until another one is.
    open_error: RwLock<Option<IpcError>>,
    /// The history dashboards and reports read, with the database and revision it was read at:
    /// read again only when the data changed (here or, on a shared server, by anyone).
    history: tokio::sync::Mutex<Option<(String, i64, Arc<History>)>>,
    /// The helpdesk export files the user last picked for the import wizard (read when needed;
    /// a file changed since it was picked is refused, so the preview and the import read the
    /// same bytes).
    pub picked: tokio::sync::Mutex<Vec<accord_app::sources::ExportFile>>,
    /// The running import from a helpdesk, to cancel it.
    pub import: tokio::sync::Mutex<Option<accord_app::sources::Control>>,
}

/// The current instant (the SLA clocks count whole seconds).
pub fn now() -> Instant {
    Instant(chrono::Utc::now().timestamp())
}

/// `ACCORD_DB`, when set: it overrides the remembered choice.
#[must_use]
pub fn environment_url() -> Option<String> {
    std::env::var("ACCORD_DB")
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// The database URL the app opens at start (with a server's password from the keychain).
///
/// # Errors
/// When there is no per-user data folder, or the keychain cannot be read.
pub fn database_url() -> Result<String, IpcError> {
    if let Some(url) = environment_url() {
        return Ok(url);
    }
    match ChoiceFile::in_config_folder().and_then(|f| f.load()) {
        Some(choice) => connect_url(&choice, &Keychain),
        None => Store::default_url().map_err(IpcError::from),
    }
}

impl AppState {
    /// Opens the database at `url`, replacing the one in use.
    ///
    /// # Errors
    /// When it cannot be opened (the one in use stays).
    pub async fn open(&self, url: &str) -> Result<(), IpcError> {
        // An unreachable server must not leave the window waiting on the pool's own timeouts.
        let store = tokio::time::timeout(OPEN_TIMEOUT, accord_app::database::open(url, now()))
            .await
            .map_err(|_| {
                IpcError::new(
                    ErrorCode::Database,
                    format!(
                        "the database did not answer within {} s",
                        OPEN_TIMEOUT.as_secs()
                    ),
                )
            })??;
        *self.store.write().await = Some(store);
        *self.open_error.write().await = None;
        Ok(())
    }

    /// Opens the start-up database, remembering why when it cannot be opened.
    pub async fn open_at_start(&self) {
        let opened = match database_url() {
            Ok(url) => self.open(&url).await,
            Err(e) => Err(e),
        };
        if let Err(e) = opened {
            *self.open_error.write().await = Some(e);
        }
    }

    /// Why the start-up database could not be opened, if it could not.
    pub async fn open_error(&self) -> Option<IpcError> {
        self.open_error.read().await.clone()
    }

    /// The open database.
    ///
    /// # Errors
    /// When none is open (it failed at start).
    pub async fn store(&self) -> Result<Store, IpcError> {
        // A `Store` is a pool handle: cloning it is cheap and lets the lock go at once.
        if let Some(store) = self.store.read().await.clone() {
            return Ok(store);
        }
        Err(match self.open_error().await {
            Some(e) => IpcError::new(
                ErrorCode::Database,
                format!(
                    "the database could not be opened ({}): choose one in Settings",
                    e.message
                ),
            ),
            None => IpcError::new(
                ErrorCode::Database,
                "no database is open: choose one in Settings",
            ),
        })
    }

    /// Every agreement, ticket and event, prepared for reports; read once per revision of the
    /// database.
    ///
    /// # Errors
    /// When no database is open or it cannot be read.
    pub async fn history(&self) -> Result<Arc<History>, IpcError> {
        let store = self.store().await?;
        let revision = accord_app::database::revision(&store).await?;
        // Held while loading, so two screens asking at once read the database once.
        let mut cached = self.history.lock().await;
        if let Some((location, at, h)) = cached.as_ref()
            && *location == store.location
            && *at == revision
        {
            return Ok(h.clone());
        }
        let (agreements, set) = accord_app::reports::load(&store, true).await?;
        let h = tauri::async_runtime::spawn_blocking(move || {
            Arc::new(History::new(agreements, set, now(), |_| true))
        })
        .await
        .map_err(|e| {
            IpcError::new(
                ErrorCode::Internal,
                format!("the history could not be prepared: {e}"),
            )
        })?;
        *cached = Some((store.location.clone(), revision, h.clone()));
        Ok(h)
    }

    /// The open database, if any (for Settings, which works without one).
    pub async fn current(&self) -> Option<Store> {
        self.store.read().await.clone()
    }
}
