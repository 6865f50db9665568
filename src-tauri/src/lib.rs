//! Accord's desktop shell: a Tauri 2 window over the same use cases as the command line.
//!
//! - [`commands`]: what the window may call (each listed in `build.rs` and in
//!   `capabilities/main.json`, nothing else is allowed).
//! - [`events`]: what the shell tells the window (the database changed, the menu was used, a
//!   notification was clicked).
//! - [`watch`]: a background look at the database every two seconds: changes by others (a
//!   shared PostgreSQL) and tickets passing an escalation level (desktop notifications).
//! - [`menu`]: the native menu and its shortcuts.
//!
//! The TypeScript bindings (`ui/src/lib/ipc/bindings.ts`) are generated from [`specta_builder`]
//! by `cargo run -p accord-desktop --example export-bindings`, committed, and checked by a test.

pub mod commands;
pub mod database;
pub mod error;
pub mod events;
pub mod files;
pub mod menu;
pub mod state;
pub mod watch;
pub mod webview;

use tauri::Manager;
use tauri_plugin_notification::NotificationExt;

/// Every command and event the window knows, for the invoke handler and the bindings.
#[must_use]
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    use commands::{
        agreements, data, holidays, queue, reports, settings, sources, statements, tickets,
    };
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            data::overview,
            data::load_demo,
            data::import_files,
            sources::pick_export,
            sources::preview_import,
            sources::import_export,
            sources::cancel_import,
            holidays::read_holiday_file,
            holidays::add_holidays,
            holidays::agreement_holidays,
            sources::import_profiles,
            sources::import_profile,
            agreements::agreements,
            agreements::agreement_choices,
            agreements::agreement_source,
            agreements::agreement_history,
            agreements::check_agreement,
            agreements::propose_terms_change,
            agreements::save_agreement,
            agreements::export_agreement,
            agreements::read_agreement_file,
            tickets::tickets,
            tickets::ticket,
            tickets::open_ticket,
            tickets::add_event,
            tickets::assign_ticket,
            tickets::set_csat,
            queue::queue,
            reports::dashboard,
            reports::drill,
            reports::export_report,
            reports::what_if,
            statements::statement_status,
            statements::issue_statement,
            settings::database_settings,
            settings::use_default_database,
            settings::choose_database_file,
            settings::use_postgres,
        ])
        .events(tauri_specta::collect_events![
            events::DataChanged,
            events::ImportProgress,
            events::MenuCommand,
            events::OpenTicketRequested,
        ])
        // Instants travel as text; the integers left are counts, versions and seconds, far
        // below 2^53, so TypeScript's `number` holds them exactly.
        .dangerously_cast_bigints_to_number()
        // One TypeScript type per Rust type (not a serialise and a deserialise variant each).
        .disable_serde_phases()
}

/// The bindings as committed: header and all.
///
/// # Errors
/// When specta cannot express a type.
pub fn export_bindings(path: &std::path::Path) -> Result<(), String> {
    specta_builder()
        .export(
            specta_typescript::Typescript::default()
                .header("// Generated from the Rust types by `cargo run -p accord-desktop --example export-bindings`: do not edit.\n/* eslint-disable */"),
            path,
        )
        .map_err(|e| e.to_string())
}

/// Starts the app.
///
/// # Panics
/// When the window system cannot start (Tauri reports why).
pub fn run() {
    let builder = specta_builder();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(
                    tauri_plugin_window_state::StateFlags::SIZE
                        | tauri_plugin_window_state::StateFlags::POSITION
                        | tauri_plugin_window_state::StateFlags::MAXIMIZED,
                )
                .build(),
        )
        .manage(state::AppState::default())
        .invoke_handler(builder.invoke_handler())
        .menu(menu::build)
        .on_menu_event(menu::on_event)
        .setup(move |app| {
            builder.mount_events(app);
            if let Some(w) = app.get_webview_window("main") {
                webview::tune(&w);
            }
            let handle = app.handle().clone();
            app.notification().on_action(move |action| {
                if action.action_id() == "tap"
                    && let Some(id) = action
                        .notification()
                        .and_then(|n| n.extra().get("ticket"))
                        .and_then(|v| v.as_str())
                {
                    events::open_ticket(&handle, id);
                }
            })?;
            let handle = app.handle().clone();
            tauri::async_runtime::block_on(async move {
                let state = handle.state::<state::AppState>();
                // A database that cannot be opened is shown in the window, not a crash.
                state.open_at_start().await;
            });
            watch::start(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the window system could not start Accord");
}
