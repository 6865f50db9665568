//! The database as a whole: what it holds, the demo data, imports from files.

use accord_app::database::{self, Overview};
use accord_app::import::{self, ImportReport, InputFile};
use tauri::{AppHandle, State};

use super::Reply;
use crate::files;
use crate::state::{AppState, now};

/// The open database at a glance (empty means the first-run screen).
#[tauri::command]
#[specta::specta]
pub async fn overview(state: State<'_, AppState>) -> Reply<Overview> {
    Ok(database::overview(&state.store().await?).await?)
}

/// The shared sample shipped with the app: three agreements (Basic, Premium, Enterprise) and
/// 600 tickets with their events.
const DEMO: [(&str, &[u8]); 5] = [
    (
        "basic.toml",
        include_bytes!("../../demo/agreements/basic.toml"),
    ),
    (
        "premium.toml",
        include_bytes!("../../demo/agreements/premium.toml"),
    ),
    (
        "enterprise.toml",
        include_bytes!("../../demo/agreements/enterprise.toml"),
    ),
    ("tickets.csv", include_bytes!("../../demo/tickets.csv")),
    ("events.csv", include_bytes!("../../demo/events.csv")),
];

/// Loads the demo data (again: what is already there is left as it is).
#[tauri::command]
#[specta::specta]
pub async fn load_demo(state: State<'_, AppState>) -> Reply<ImportReport> {
    let files = DEMO
        .iter()
        .map(|(name, bytes)| InputFile {
            name: (*name).to_owned(),
            bytes: bytes.to_vec(),
        })
        .collect();
    let store = state.store().await?;
    Ok(import::files(&store, files, false, &actor(), now()).await?)
}

/// Imports agreement TOML and tickets/events CSV files the user picks in the OS dialog, all or
/// nothing; `None` when the dialog was cancelled.
#[tauri::command]
#[specta::specta]
pub async fn import_files(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Reply<Option<ImportReport>> {
    let Some(paths) = files::pick_inputs(&app) else {
        return Ok(None);
    };
    let inputs = files::read_inputs(&paths)?;
    let store = state.store().await?;
    Ok(Some(
        import::files(&store, inputs, false, &actor(), now()).await?,
    ))
}

pub use accord_app::actor;
