//! The import wizard: a helpdesk's export files picked in the OS dialog, the source detected, a
//! preview by a mapping profile (nothing written), then the import; and the profiles kept with
//! the database.

use accord_app::profiles::{self, ProfileSummary, SourceKind};
use accord_app::sources::{self, Control, ExportFile, ImportPreview, Progress, SourceImport};
use serde::Serialize;
use tauri::{AppHandle, State};
use tauri_specta::Event as _;

use super::Reply;
use super::data::actor;
use crate::error::{ErrorCode, IpcError};
use crate::events::ImportProgress;
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
    let picked = files::export_files(&paths)?;
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
        files: picked.iter().map(|f| (f.name.clone(), f.len())).collect(),
        detected,
        template: detected.map(|k| sources::template(k, &agreements)),
    };
    *state.picked.lock().await = picked;
    Ok(Some(answer))
}

async fn picked(state: &AppState) -> Result<Vec<ExportFile>, IpcError> {
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

/// Imports the picked files by `profile`, all or nothing, and keeps the profile. Its progress
/// is sent as [`ImportProgress`] events; [`cancel_import`] stops it until it starts writing.
#[tauri::command]
#[specta::specta]
pub async fn import_export(
    app: AppHandle,
    state: State<'_, AppState>,
    profile: String,
) -> Reply<SourceImport> {
    let files = picked(&state).await?;
    let store = state.store().await?;
    let ctl = Control::reporting(move |p: Progress| {
        let _ = ImportProgress {
            stage: p.stage,
            done: p.done,
            total: p.total,
        }
        .emit(&app);
    });
    *state.import.lock().await = Some(ctl.clone());
    let r = sources::import(
        &store,
        None,
        ("profile", &profile),
        &files,
        (&actor(), now()),
        &ctl,
    )
    .await;
    *state.import.lock().await = None;
    let r = r?;
    state.picked.lock().await.clear();
    Ok(r)
}

/// Cancels the running import, if any, unless it is already writing (then it completes, all
/// or nothing). Answers whether there was one to cancel.
#[tauri::command]
#[specta::specta]
pub async fn cancel_import(state: State<'_, AppState>) -> Reply<bool> {
    Ok(state
        .import
        .lock()
        .await
        .as_ref()
        .map(Control::cancel)
        .is_some())
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
