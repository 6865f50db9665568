//! Dashboards, the tickets behind their numbers, report files and what-if: each a few lines
//! over `accord_app::reports`, made at now (a period not ended is to date), computed off the async runtime's threads (a year of analysis and
//! the charts take a moment over a large history).

use std::sync::Arc;

use accord_app::reports::{
    self, Dashboard, Drill, DrillRows, History, ReportFormat, Scope, WhatIf,
};
use tauri::{AppHandle, State};

use super::Reply;
use crate::error::{ErrorCode, IpcError};
use crate::files;
use crate::state::{AppState, now};

/// Runs CPU-bound work on a blocking thread.
async fn compute<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, accord_app::AppError> + Send + 'static,
) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| IpcError::new(ErrorCode::Internal, format!("the computation stopped: {e}")))?
        .map_err(IpcError::from)
}

async fn history(state: &AppState) -> Reply<Arc<History>> {
    state.history().await
}
/// A dashboard of an agreement or a portfolio over a period (`2026-10`, `2026-Q4`, or
/// `2026-10-01..2026-10-15`).
#[tauri::command]
#[specta::specta]
pub async fn dashboard(
    state: State<'_, AppState>,
    scope: Scope,
    period: String,
) -> Reply<Dashboard> {
    let h = history(&state).await?;
    compute(move || reports::dashboard(&h, &scope, &period, now())).await
}

/// The tickets behind a number of a dashboard (a chart's category).
#[tauri::command]
#[specta::specta]
pub async fn drill(state: State<'_, AppState>, drill: Drill) -> Reply<DrillRows> {
    let h = history(&state).await?;
    compute(move || reports::drill(&h, &drill, now())).await
}

/// Writes a report to a file the user picks in the save dialog; the path written, or `None`
/// when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_report(
    app: AppHandle,
    state: State<'_, AppState>,
    scope: Scope,
    period: String,
    format: ReportFormat,
) -> Reply<Option<String>> {
    let p = reports::parse_period(&period)?;
    let h = history(&state).await?;
    // Checked before the dialog: an unknown agreement is said at once.
    h.chosen(&scope)?;
    let name = reports::report_file_name(&scope, p, format);
    let filter: (&str, &[&str]) = match format {
        ReportFormat::Pdf => ("PDF document", &["pdf"]),
        ReportFormat::Html => ("Web page (self-contained)", &["html"]),
        ReportFormat::Csv | ReportFormat::SlaCsv => ("CSV", &["csv"]),
    };
    let Some(path) = files::pick_save(&app, "Export report", &name, filter) else {
        return Ok(None);
    };
    let generated = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string();
    // An agreement's report shows the statement issued for its period, and what moved since.
    let issued = match &scope.agreement {
        Some(id) if matches!(format, ReportFormat::Pdf | ReportFormat::Html) => {
            let store = state.store().await?;
            accord_app::statements::status(&store, id, &period, now())
                .await?
                .issued_section()
        }
        _ => None,
    };
    let bytes = compute(move || {
        reports::report_file_with(
            &h,
            &scope,
            p,
            now(),
            format,
            &generated,
            reports::Extras {
                issued,
                ..reports::Extras::default()
            },
        )
    })
    .await?;
    files::write_atomically(&path, &bytes)?;
    Ok(Some(path.display().to_string()))
}

/// Replays an agreement's tickets over a period against a changed agreement (its TOML text,
/// as edited), side by side with the agreement in force.
#[tauri::command]
#[specta::specta]
pub async fn what_if(
    state: State<'_, AppState>,
    agreement_id: String,
    source: String,
    period: String,
) -> Reply<WhatIf> {
    let p = reports::parse_period(&period)?;
    let changed = accord_core::parse_agreement("changed agreement", &source)
        .map_err(|e| IpcError::from(accord_app::AppError::Input(e)))?;
    let h = history(&state).await?;
    compute(move || reports::what_if(&h, &agreement_id, changed, p, now())).await
}
