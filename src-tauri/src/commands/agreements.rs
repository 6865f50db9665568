//! Agreements: the list, the TOML of record for the editor, checks, saves, export.

use accord_app::agreements::{
    self, AgreementCheck, AgreementChoice, AgreementSource, AgreementSummary, AgreementVersion,
};
use accord_app::terms::{self, ChangeForm, Proposal};
use tauri::{AppHandle, State};

use super::Reply;
use super::data::actor;
use crate::files;
use crate::state::{AppState, now};

/// Every agreement with its open tickets and this month's compliance.
#[tauri::command]
#[specta::specta]
pub async fn agreements(state: State<'_, AppState>) -> Reply<Vec<AgreementSummary>> {
    Ok(agreements::list(&state.store().await?, now()).await?)
}

/// Every agreement as a choice for forms and filters (cheap: no figures).
#[tauri::command]
#[specta::specta]
pub async fn agreement_choices(state: State<'_, AppState>) -> Reply<Vec<AgreementChoice>> {
    Ok(agreements::choices(&state.store().await?, now()).await?)
}

/// An agreement's TOML of record and version.
#[tauri::command]
#[specta::specta]
pub async fn agreement_source(state: State<'_, AppState>, id: String) -> Reply<AgreementSource> {
    Ok(agreements::source(&state.store().await?, &id).await?)
}

/// Every saved version of an agreement, newest first: who, when, and what it changed.
#[tauri::command]
#[specta::specta]
pub async fn agreement_history(
    state: State<'_, AppState>,
    id: String,
) -> Reply<Vec<AgreementVersion>> {
    Ok(agreements::history(&state.store().await?, &id).await?)
}

/// The engine's verdict on an agreement's TOML (every error located, and warnings).
#[tauri::command]
#[specta::specta]
pub fn check_agreement(source: String) -> AgreementCheck {
    agreements::check("agreement", &source)
}

/// What a change of an agreement's terms would save (an amendment from a date, or a
/// correction) and its impact on every period so far; nothing is saved.
#[tauri::command]
#[specta::specta]
pub async fn propose_terms_change(state: State<'_, AppState>, form: ChangeForm) -> Reply<Proposal> {
    Ok(terms::propose(&state.store().await?, &form, now()).await?)
}

/// Saves an agreement: new when `expected_version` is absent, else replacing that version
/// (someone else's newer save is a conflict, not overwritten).
#[tauri::command]
#[specta::specta]
pub async fn save_agreement(
    state: State<'_, AppState>,
    source: String,
    expected_version: Option<i64>,
) -> Reply<AgreementSource> {
    let store = state.store().await?;
    Ok(agreements::save(&store, &source, expected_version, &actor(), now()).await?)
}

/// Writes an agreement's TOML to a file the user picks; the path written, or `None` when
/// cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_agreement(
    app: AppHandle,
    state: State<'_, AppState>,
    id: String,
) -> Reply<Option<String>> {
    let a = agreements::source(&state.store().await?, &id).await?;
    let name = format!("{id}.toml");
    let Some(path) = files::pick_save(&app, "Export agreement", &name, ("Agreement", &["toml"]))
    else {
        return Ok(None);
    };
    files::write_atomically(&path, a.source.as_bytes())?;
    Ok(Some(path.display().to_string()))
}

/// Reads an agreement TOML the user picks, for the editor (not saved until they save).
#[tauri::command]
#[specta::specta]
pub async fn read_agreement_file(app: AppHandle) -> Reply<Option<String>> {
    let Some(paths) = files::pick_inputs(&app) else {
        return Ok(None);
    };
    let Some(first) = files::read_inputs(&paths)?.into_iter().next() else {
        return Ok(None);
    };
    String::from_utf8(first.bytes).map(Some).map_err(|_| {
        crate::error::IpcError::new(
            crate::error::ErrorCode::Input,
            format!("{}: not UTF-8 text", first.name),
        )
    })
}
