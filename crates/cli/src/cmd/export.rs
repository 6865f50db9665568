//! `accord export`: the database as interchange files (agreement TOML, tickets and events CSV).

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::{CliError, load, write};

/// Arguments of `accord export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Folder to write `<agreement id>.toml`, `tickets.csv` and `events.csv` into (created if
    /// missing; files of the same names are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Database URL (default: $ACCORD_DB, else the per-user database).
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
}

/// Runs `accord export`.
pub fn run(args: &ExportArgs) -> Result<(), CliError> {
    let rt = load::runtime()?;
    let store = load::open(&rt, args.db.as_deref())?;
    let files = rt
        .block_on(accord_app::export(&store))
        .map_err(CliError::from)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    for (name, bytes) in &files {
        write::file_parts(&args.out.join(name), &[bytes])?;
    }
    write::stdout_text(&format!(
        "exported {} files from {} to {}\n",
        files.len(),
        store.location,
        args.out.display()
    ))?;
    Ok(())
}
