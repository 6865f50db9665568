//! Tauri's build step, with an app manifest naming every command the window may call: with it,
//! each command gets an `allow-…` permission and is refused unless a capability grants it.

const COMMANDS: &[&str] = &[
    "overview",
    "load_demo",
    "import_files",
    "pick_export",
    "preview_import",
    "import_export",
    "cancel_import",
    "read_holiday_file",
    "add_holidays",
    "agreement_holidays",
    "import_profiles",
    "import_profile",
    "agreements",
    "agreement_choices",
    "agreement_source",
    "agreement_history",
    "check_agreement",
    "propose_terms_change",
    "save_agreement",
    "export_agreement",
    "read_agreement_file",
    "tickets",
    "ticket",
    "open_ticket",
    "add_event",
    "assign_ticket",
    "set_csat",
    "queue",
    "dashboard",
    "drill",
    "export_report",
    "what_if",
    "statement_status",
    "issue_statement",
    "database_settings",
    "use_default_database",
    "choose_database_file",
    "use_postgres",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
