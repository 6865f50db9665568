//! The database as a whole: what it holds, the demo data, imports from files.

use accord_app::database::{self, Overview};
use accord_app::demo::DemoReport;
use accord_app::import::{self, ImportReport};
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

/// Loads the demo data (`accord_app::demo`: moved so its history ends in the last seven days,
/// some open tickets assigned to the user); what is already there is left as it is.
#[tauri::command]
#[specta::specta]
pub async fn load_demo(state: State<'_, AppState>) -> Reply<DemoReport> {
    let store = state.store().await?;
    Ok(accord_app::demo::load(&store, demo_as_of(), &actor()).await?)
}

/// The instant the demo is loaded as of: now, or in debug builds `ACCORD_TEST_DEMO_AS_OF` (the
/// end-to-end tests pin the demo's figures with it).
fn demo_as_of() -> accord_core::Instant {
    #[cfg(debug_assertions)]
    if let Some(at) = std::env::var("ACCORD_TEST_DEMO_AS_OF")
        .ok()
        .and_then(|v| accord_core::Instant::parse(&v).ok())
    {
        return at;
    }
    now()
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
