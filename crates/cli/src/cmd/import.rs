//! `accord import`: agreement TOML, tickets CSV and events CSV into the database, all or nothing.

use std::path::PathBuf;

use accord_app::import::{self, InputFile};
use accord_core::Instant;
use anyhow::Context;
use clap::Args;

use crate::{CliError, load, write};

/// Arguments of `accord import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Agreement `.toml` files, a tickets CSV and an events CSV (told apart by their headers).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Replace stored agreements whose id matches and whose content differs.
    #[arg(long)]
    pub update: bool,
    /// Database URL (default: $ACCORD_DB, else the per-user database).
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
}

/// Runs `accord import`.
pub fn run(args: &ImportArgs) -> Result<(), CliError> {
    let mut files = Vec::new();
    for p in &args.files {
        let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
        files.push(InputFile {
            name: p.display().to_string(),
            bytes,
        });
    }
    let rt = load::runtime()?;
    let store = load::open(&rt, args.db.as_deref())?;
    let actor = accord_app::actor();
    let now = Instant(chrono::Utc::now().timestamp());
    let s = rt
        .block_on(import::files(&store, files, args.update, &actor, now))
        .map_err(CliError::from)?;
    write::stdout_text(&format!(
        "imported into {}: agreements {} added, {} replaced, {} unchanged; tickets {} added, {} unchanged; events {} added\n",
        store.location,
        s.agreements_added,
        s.agreements_replaced,
        s.agreements_unchanged,
        s.tickets_added,
        s.tickets_unchanged,
        s.events_added
    ))?;
    Ok(())
}
