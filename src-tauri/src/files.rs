//! Files come only from the user's own choice in the OS dialog: the front end never names a
//! path. The dialogs block, so they are called from async commands (off the main thread).
//!
//! End-to-end tests cannot click in a native dialog; in debug builds only, `ACCORD_TEST_PICK`
//! (paths joined by the OS path separator) stands in for what the user would pick (and
//! `ACCORD_TEST_PICK_EXPORT` for a helpdesk's export files, `ACCORD_TEST_PICK_CALENDAR` for an
//! iCalendar file), and
//! `ACCORD_TEST_SAVE` for the file a save dialog would return, `ACCORD_TEST_DATABASE` for a
//! database file chosen in Settings. Release builds have no such switch.

use std::path::PathBuf;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

use crate::error::{ErrorCode, IpcError};

#[cfg(debug_assertions)]
fn test_choice(var: &str) -> Option<Vec<PathBuf>> {
    std::env::var_os(var).map(|v| std::env::split_paths(&v).collect())
}

#[cfg(not(debug_assertions))]
fn test_choice(_var: &str) -> Option<Vec<PathBuf>> {
    None
}

/// Asks the user for files to open (`test_var` stands in for the choice in debug builds);
/// `None` when cancelled.
fn pick_files<R: Runtime>(
    app: &AppHandle<R>,
    test_var: &str,
    title: &str,
    filter: (&str, &[&str]),
) -> Option<Vec<PathBuf>> {
    if let Some(paths) = test_choice(test_var) {
        return Some(paths);
    }
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .add_filter(filter.0, filter.1);
    if let Some(w) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&w);
    }
    dialog.blocking_pick_files().map(|files| {
        files
            .into_iter()
            .filter_map(|f| f.into_path().ok())
            .collect()
    })
}

/// Asks the user for agreement TOML and tickets/events CSV files; `None` when cancelled.
pub fn pick_inputs<R: Runtime>(app: &AppHandle<R>) -> Option<Vec<PathBuf>> {
    pick_files(
        app,
        "ACCORD_TEST_PICK",
        "Import agreements and tickets",
        ("Agreements and tickets", &["toml", "csv"]),
    )
}

/// Asks the user for a helpdesk's export files (JSON or CSV); `None` when cancelled.
pub fn pick_export<R: Runtime>(app: &AppHandle<R>) -> Option<Vec<PathBuf>> {
    pick_files(
        app,
        "ACCORD_TEST_PICK_EXPORT",
        "Import from a helpdesk",
        ("Helpdesk exports", &["json", "csv"]),
    )
}

/// Asks the user for an iCalendar file of holidays; `None` when cancelled.
pub fn pick_calendar<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    pick_files(
        app,
        "ACCORD_TEST_PICK_CALENDAR",
        "Import holidays from a calendar file",
        ("Calendar files (iCalendar)", &["ics", "ical"]),
    )
    .and_then(|mut p| p.drain(..).next())
}

/// Asks the user where to save a file; `None` when cancelled.
pub fn pick_save<R: Runtime>(
    app: &AppHandle<R>,
    title: &str,
    file_name: &str,
    filter: (&str, &[&str]),
) -> Option<PathBuf> {
    if let Some(mut paths) = test_choice("ACCORD_TEST_SAVE") {
        return paths.pop();
    }
    let mut dialog = app
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(file_name)
        .add_filter(filter.0, filter.1);
    if let Some(w) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&w);
    }
    dialog.blocking_save_file().and_then(|f| f.into_path().ok())
}

/// Asks the user for a SQLite database file: an existing one, or (`create`) where to make a new
/// one; `None` when cancelled.
pub fn pick_database<R: Runtime>(app: &AppHandle<R>, create: bool) -> Option<PathBuf> {
    if let Some(mut paths) = test_choice("ACCORD_TEST_DATABASE") {
        return paths.pop();
    }
    let mut dialog = app
        .dialog()
        .file()
        .add_filter("Accord database (SQLite)", &["db", "sqlite", "sqlite3"]);
    if let Some(w) = app.get_webview_window("main") {
        dialog = dialog.set_parent(&w);
    }
    if create {
        dialog
            .set_title("New database file")
            .set_file_name("accord.db")
            .blocking_save_file()
    } else {
        dialog
            .set_title("Open a database file")
            .blocking_pick_file()
    }
    .and_then(|f| f.into_path().ok())
}

/// Reads chosen files for an import.
///
/// # Errors
/// When one cannot be read (named, with the reason).
pub fn read_inputs(paths: &[PathBuf]) -> Result<Vec<accord_app::import::InputFile>, IpcError> {
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p)
                .map_err(|e| IpcError::new(ErrorCode::Io, format!("{}: {e}", p.display())))?;
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            Ok(accord_app::import::InputFile { name, bytes })
        })
        .collect()
}

/// A helpdesk's export files the user chose, to be read when needed (an export may be larger
/// than memory); each is named by its file name.
///
/// # Errors
/// A file that cannot be read.
pub fn export_files(paths: &[PathBuf]) -> Result<Vec<accord_app::sources::ExportFile>, IpcError> {
    paths
        .iter()
        .map(|p| {
            let mut f = accord_app::sources::ExportFile::from_path(p)
                .map_err(|e| IpcError::new(ErrorCode::Io, format!("{}: {e}", p.display())))?;
            if let Some(n) = p.file_name() {
                f.name = n.to_string_lossy().into_owned();
            }
            Ok(f)
        })
        .collect()
}

/// Writes a file whole or not at all ([`accord_app::files::write_file`]: a temporary file
/// beside it, renamed over it; a killed write's leftover is removed by the next one).
///
/// # Errors
/// When it cannot be written.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), IpcError> {
    accord_app::files::write_file(path, &[bytes])
        .map_err(|e| IpcError::new(ErrorCode::Io, e.to_string()))
}
