//! The native menu, with the usual shortcuts. Items the window carries out are forwarded to it
//! as [`MenuCommand`] events; copy and paste are the OS's own, and so is Quit where the OS
//! provides one. GTK does not (Tauri's predefined Quit is drawn greyed out on Linux), so there
//! File → Quit is an item of ours, with Ctrl+Q, that ends the app.

use tauri::menu::{AboutMetadata, Menu, MenuBuilder, MenuEvent, MenuItemBuilder, SubmenuBuilder};
use tauri::{AppHandle, Runtime};
use tauri_specta::Event;

use crate::events::{MenuAction, MenuCommand};

const ITEMS: [(&str, &str, Option<&str>, MenuAction); 12] = [
    (
        "import",
        "Import Agreements and Tickets…",
        Some("CmdOrCtrl+O"),
        MenuAction::Import,
    ),
    ("load_demo", "Load Demo Data", None, MenuAction::LoadDemo),
    (
        "new_ticket",
        "New Ticket…",
        Some("CmdOrCtrl+N"),
        MenuAction::NewTicket,
    ),
    (
        "new_agreement",
        "New Agreement…",
        Some("CmdOrCtrl+Shift+N"),
        MenuAction::NewAgreement,
    ),
    (
        "show_queue",
        "Queue",
        Some("CmdOrCtrl+1"),
        MenuAction::ShowQueue,
    ),
    (
        "show_agreements",
        "Agreements",
        Some("CmdOrCtrl+2"),
        MenuAction::ShowAgreements,
    ),
    (
        "show_tickets",
        "Tickets",
        Some("CmdOrCtrl+3"),
        MenuAction::ShowTickets,
    ),
    (
        "show_dashboard",
        "Dashboard",
        Some("CmdOrCtrl+4"),
        MenuAction::ShowDashboard,
    ),
    (
        "show_what_if",
        "What-if",
        Some("CmdOrCtrl+5"),
        MenuAction::ShowWhatIf,
    ),
    (
        "show_settings",
        "Settings",
        Some("CmdOrCtrl+,"),
        MenuAction::ShowSettings,
    ),
    ("reload", "Reload", Some("CmdOrCtrl+R"), MenuAction::Reload),
    ("about", "About Accord", None, MenuAction::About),
];

/// Builds the menu bar.
///
/// # Errors
/// When the OS refuses a menu item.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let item = |id: &str| {
        let (id, text, accel, _) = ITEMS
            .iter()
            .find(|i| i.0 == id)
            .copied()
            .unwrap_or(ITEMS[0]);
        let b = MenuItemBuilder::with_id(id, text);
        match accel {
            Some(a) => b.accelerator(a).build(app),
            None => b.build(app),
        }
    };
    let file = SubmenuBuilder::new(app, "File")
        .item(&item("import")?)
        .item(&item("load_demo")?)
        .separator()
        .item(&item("show_settings")?)
        .separator();
    #[cfg(target_os = "linux")]
    let file = file.item(
        &MenuItemBuilder::with_id(QUIT, "Quit")
            .accelerator("CmdOrCtrl+Q")
            .build(app)?,
    );
    #[cfg(not(target_os = "linux"))]
    let file = file.quit();
    let file = file.build()?;
    let edit = SubmenuBuilder::new(app, "Edit")
        .undo()
        .redo()
        .separator()
        .cut()
        .copy()
        .paste()
        .select_all()
        .build()?;
    let view = SubmenuBuilder::new(app, "View")
        .item(&item("show_queue")?)
        .item(&item("show_agreements")?)
        .item(&item("show_tickets")?)
        .item(&item("show_dashboard")?)
        .item(&item("show_what_if")?)
        .separator()
        .item(&item("reload")?)
        .build()?;
    let records = SubmenuBuilder::new(app, "Records")
        .item(&item("new_ticket")?)
        .item(&item("new_agreement")?)
        .build()?;
    let help = SubmenuBuilder::new(app, "Help")
        .about(Some(AboutMetadata {
            name: Some("Accord".into()),
            version: Some(env!("CARGO_PKG_VERSION").into()),
            comments: Some(
                "Customer service agreements, their tickets and the numbers they promise.".into(),
            ),
            ..AboutMetadata::default()
        }))
        .build()?;
    MenuBuilder::new(app)
        .items(&[&file, &edit, &view, &records, &help])
        .build()
}

/// The id of our own Quit (Linux).
const QUIT: &str = "quit";

/// Ends the app on Quit; forwards the window's menu items to it.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    if event.id().as_ref() == QUIT {
        app.exit(0);
        return;
    }
    if let Some((_, _, _, action)) = ITEMS.iter().find(|i| i.0 == event.id().as_ref()) {
        let _ = MenuCommand { action: *action }.emit(app);
    }
}
