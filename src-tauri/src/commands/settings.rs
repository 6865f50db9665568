//! Settings that live in the shell rather than the window: which database is open.

use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_specta::Event;

use super::Reply;
use crate::database::{
    ChoiceFile, DatabaseChoice, Keychain, Secrets, split_password, with_password,
};
use crate::error::{ErrorCode, IpcError};
use crate::events::DataChanged;
use crate::files;
use crate::state::{AppState, environment_url};

/// The database in use and the choices behind it.
#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct DatabaseSettings {
    /// `sqlite`, `postgres`, or `none` when nothing could be opened.
    pub backend: String,
    /// The file, or the server URL without its password.
    pub location: String,
    /// What Settings remembers for the next start.
    pub remembered: Option<DatabaseChoice>,
    /// `ACCORD_DB` is set: it wins at start over what is remembered.
    pub from_environment: bool,
    /// The default SQLite file.
    pub default_path: String,
    /// Why the database chosen at start could not be opened.
    pub open_error: Option<IpcError>,
    /// Something that went wrong after the switch succeeded (the keychain refused the password).
    pub warning: Option<String>,
}

fn choice_file() -> Result<ChoiceFile, IpcError> {
    ChoiceFile::in_config_folder()
        .ok_or_else(|| IpcError::new(ErrorCode::Io, "this system has no per-user config folder"))
}

fn default_path() -> Result<String, IpcError> {
    let url = accord_store::Store::default_url()?;
    Ok(accord_store::sqlite_path(&url)?.display().to_string())
}

/// The database in use and the choices behind it.
#[tauri::command]
#[specta::specta]
pub async fn database_settings(state: State<'_, AppState>) -> Reply<DatabaseSettings> {
    settings_of(&state, None).await
}

/// Opens `choice` with `url` and, once it opened, keeps `password` in the keychain, remembers
/// the choice and tells the window. Nothing is remembered when it cannot be opened.
async fn switch(
    app: &AppHandle,
    state: &AppState,
    url: &str,
    choice: DatabaseChoice,
    password: Option<&str>,
) -> Reply<DatabaseSettings> {
    state.open(url).await?;
    let mut warning = None;
    if let (DatabaseChoice::Postgres { url }, Some(p)) = (&choice, password)
        && let Err(e) = Keychain.set(url, p)
    {
        warning = Some(format!(
            "Connected, but the password was not saved: {}. It will be asked for at the next start.",
            e.message
        ));
    }
    choice_file()?.save(&choice)?;
    if let Some(store) = state.current().await {
        let revision = accord_app::database::revision(&store)
            .await
            .unwrap_or_default();
        let _ = DataChanged { revision }.emit(app);
    }
    settings_of(state, warning).await
}

async fn settings_of(state: &AppState, warning: Option<String>) -> Reply<DatabaseSettings> {
    let (backend, location) = match state.current().await {
        Some(s) => (s.backend().to_owned(), s.location.clone()),
        None => ("none".to_owned(), String::new()),
    };
    Ok(DatabaseSettings {
        backend,
        location,
        remembered: choice_file()?.load(),
        from_environment: environment_url().is_some(),
        default_path: default_path()?,
        open_error: state.open_error().await,
        warning,
    })
}

/// Switches to the default SQLite file in the user's data folder.
#[tauri::command]
#[specta::specta]
pub async fn use_default_database(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Reply<DatabaseSettings> {
    let path = default_path()?;
    let url = accord_store::sqlite_url(std::path::Path::new(&path));
    switch(&app, &state, &url, DatabaseChoice::Sqlite { path }, None).await
}

/// Switches to a SQLite file the user picks in the OS dialog: an existing one, or (`create`) a
/// new one they name; `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn choose_database_file(
    app: AppHandle,
    state: State<'_, AppState>,
    create: bool,
) -> Reply<Option<DatabaseSettings>> {
    let Some(path) = files::pick_database(&app, create) else {
        return Ok(None);
    };
    let url = accord_store::sqlite_url(&path);
    let path = path.display().to_string();
    switch(&app, &state, &url, DatabaseChoice::Sqlite { path }, None)
        .await
        .map(Some)
}

/// Switches to a PostgreSQL server. The password (typed, or inside the URL) goes to the OS
/// keychain once the server accepted it; without one, the keychain's saved password is used.
#[tauri::command]
#[specta::specta]
pub async fn use_postgres(
    app: AppHandle,
    state: State<'_, AppState>,
    url: String,
    password: Option<String>,
) -> Reply<DatabaseSettings> {
    let (url, in_url) = split_password(&url)?;
    let typed = password.filter(|p| !p.is_empty()).or(in_url);
    let password = match &typed {
        Some(p) => Some(p.clone()),
        // Nothing typed: the keychain's, if it can be read (else try without one).
        None => Keychain.get(&url).ok().flatten(),
    };
    let connect = with_password(&url, password.as_deref())?;
    let choice = DatabaseChoice::Postgres { url };
    switch(&app, &state, &connect, choice, typed.as_deref()).await
}
