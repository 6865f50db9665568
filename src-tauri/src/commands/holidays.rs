//! Holidays from an iCalendar file: the file chosen in the OS dialog is read for an agreement
//! (its term's whole-day holidays, listed for approval; nothing written), then the approved
//! dates are added; and an agreement's holidays with where each came from.

use accord_app::holidays::{self, AddHolidays, AddedHolidays, HolidayFile, ListedHoliday};
use tauri::{AppHandle, State};

use super::Reply;
use super::data::actor;
use crate::error::{ErrorCode, IpcError};
use crate::files;
use crate::state::{AppState, now};

/// Asks for an iCalendar file in the OS dialog and reads its holidays for an agreement; `None`
/// when cancelled.
#[tauri::command]
#[specta::specta]
pub async fn read_holiday_file(
    app: AppHandle,
    state: State<'_, AppState>,
    agreement_id: String,
) -> Reply<Option<HolidayFile>> {
    let Some(path) = files::pick_calendar(&app) else {
        return Ok(None);
    };
    let bytes = std::fs::read(&path)
        .map_err(|e| IpcError::new(ErrorCode::Io, format!("{}: {e}", path.display())))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let text = String::from_utf8(bytes).map_err(|_| {
        IpcError::new(
            ErrorCode::Io,
            format!("{name}: not UTF-8 text (an iCalendar file is UTF-8)"),
        )
    })?;
    let store = state.store().await?;
    Ok(Some(
        holidays::read(&store, &agreement_id, &name, &text, now()).await?,
    ))
}

/// Adds the approved holidays to the agreement, as a new version.
#[tauri::command]
#[specta::specta]
pub async fn add_holidays(state: State<'_, AppState>, form: AddHolidays) -> Reply<AddedHolidays> {
    let store = state.store().await?;
    Ok(holidays::add(&store, &form, &actor(), now()).await?)
}

/// An agreement's holidays with the terms listing each and where it came from.
#[tauri::command]
#[specta::specta]
pub async fn agreement_holidays(
    state: State<'_, AppState>,
    id: String,
) -> Reply<Vec<ListedHoliday>> {
    Ok(holidays::list(&state.store().await?, &id).await?)
}
