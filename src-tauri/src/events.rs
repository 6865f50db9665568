//! What the shell tells the window, typed for TypeScript like the commands.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

/// The database changed (by this window, another window, or another team member on a shared
/// PostgreSQL): views reload what they show.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, Event)]
pub struct DataChanged {
    /// The database's new revision.
    pub revision: i64,
}

/// How far the running import from a helpdesk has got.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, Event)]
pub struct ImportProgress {
    /// Reading the files, checking them, or writing (no longer cancellable).
    pub stage: accord_app::sources::Stage,
    /// Bytes read so far.
    pub done: u64,
    /// Bytes to read in all.
    pub total: u64,
}

/// A menu item or its shortcut was used.
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, Event)]
pub struct MenuCommand {
    /// What to do.
    pub action: MenuAction,
}

/// The menu's actions that the window carries out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum MenuAction {
    /// File › Import agreements and tickets…
    Import,
    /// File › Load demo data
    LoadDemo,
    /// Ticket › New ticket…
    NewTicket,
    /// Agreement › New agreement…
    NewAgreement,
    /// View › Queue
    ShowQueue,
    /// View › Agreements
    ShowAgreements,
    /// View › Tickets
    ShowTickets,
    /// View › Dashboard
    ShowDashboard,
    /// View › What-if
    ShowWhatIf,
    /// View › Settings
    ShowSettings,
    /// View › Reload
    Reload,
    /// Help › About Accord
    About,
}

/// Show a ticket (a notification about it was clicked).
#[derive(Clone, Debug, Serialize, Deserialize, specta::Type, Event)]
pub struct OpenTicketRequested {
    /// The ticket.
    pub id: String,
}

/// Brings the main window forward and asks it to show a ticket.
pub fn open_ticket<R: Runtime>(app: &AppHandle<R>, id: &str) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.unminimize();
        let _ = w.show();
        let _ = w.set_focus();
    }
    let _ = OpenTicketRequested { id: id.to_owned() }.emit(app);
}
