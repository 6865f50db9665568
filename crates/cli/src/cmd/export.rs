//! `accord export`: the database as interchange files (agreement TOML, tickets and events CSV).

use std::path::PathBuf;

use clap::Args;

use crate::{CliError, load, write};

/// Arguments of `accord export`.
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Folder to write `<agreement id>.toml`, `tickets.csv` and `events.csv` into (created if
    /// missing; files of the same names are replaced, others kept). It is written as one: a
    /// new folder built beside it and renamed into its place.
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
        .block_on(accord_app::export::files(&store))
        .map_err(CliError::from)?;
    // The folder is written as one: never new tickets beside old events.
    write::folder(&args.out, &files)?;
    write::stdout_text(&format!(
        "exported {} files from {} to {}\n",
        files.len(),
        store.location,
        args.out.display()
    ))?;
    Ok(())
}
