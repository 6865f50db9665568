//! The import wizard: a helpdesk's export files picked in the OS dialog, the source detected, a
//! preview by a mapping profile (nothing written), then the import; and the profiles kept with
//! the database.

use accord_app::profiles::{self, ProfileSummary, SourceKind};
use accord_app::sources::{self, ImportPreview, SourceImport};
use serde::Serialize;
use tauri::{AppHandle, State};

use super::Reply;
use super::data::actor;
use crate::error::{ErrorCode, IpcError};
use crate::files;
use crate::state::{AppState, now};

/// The export files picked, and what they look like.
#[derive(Clone, Debug, Serialize, specta::Type)]
pub struct PickedExport {
    /// The files' names and sizes in bytes.
    pub files: Vec<(String, u64)>,
    /// The source they look like, if any.
    pub detected: Option<SourceKind>,
    /// A starter profile for that source over the database's agreements.
    pub template: Option<String>,
}

/// Asks for a helpdesk's export files in the OS dialog and keeps them for the preview and the
/// import; `None` when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn pick_export(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Reply<Option<PickedExport>> {
    let Some(paths) = files::pick_export(&app) else {
        return Ok(None);
    };
    let picked = files::read_inputs(&paths)?;
    let detected = sources::detect(&picked);
    let store = state.store().await?;
    let agreements: Vec<_> = store
        .agreements()
        .await
        .map_err(IpcError::from)?
        .into_iter()
        .map(|s| s.agreement)
        .collect();
    let answer = PickedExport {
        files: picked
            .iter()
            .map(|f| (f.name.clone(), f.bytes.len() as u64))
            .collect(),
        detected,
        template: detected.map(|k| sources::template(k, &agreements)),
    };
    *state.picked.lock().await = picked;
    Ok(Some(answer))
}

async fn picked(state: &AppState) -> Result<Vec<accord_app::import::InputFile>, IpcError> {
    let files = state.picked.lock().await.clone();
    if files.is_empty() {
        return Err(IpcError::new(
            ErrorCode::Rejected,
            "no export files are chosen: choose them first",
        ));
    }
    Ok(files)
}

/// What importing the picked files by `profile` (its TOML) would give: nothing is written.
#[tauri::command]
#[specta::specta]
pub async fn preview_import(state: State<'_, AppState>, profile: String) -> Reply<ImportPreview> {
    let files = picked(&state).await?;
    let store = state.store().await?;
    Ok(sources::preview(&store, ("profile", &profile), &files, now(), 20).await?)
}

/// Imports the picked files by `profile`, all or nothing, and keeps the profile.
#[tauri::command]
#[specta::specta]
pub async fn import_export(state: State<'_, AppState>, profile: String) -> Reply<SourceImport> {
    let files = picked(&state).await?;
    let store = state.store().await?;
    let r = sources::import(&store, None, ("profile", &profile), files, &actor(), now()).await?;
    state.picked.lock().await.clear();
    Ok(r)
}

/// The mapping profiles kept with the database.
#[tauri::command]
#[specta::specta]
pub async fn import_profiles(state: State<'_, AppState>) -> Reply<Vec<ProfileSummary>> {
    Ok(profiles::list(&state.store().await?).await?)
}

/// A kept profile's TOML.
#[tauri::command]
#[specta::specta]
pub async fn import_profile(state: State<'_, AppState>, name: String) -> Reply<String> {
    Ok(profiles::export(&state.store().await?, &name).await?)
}
