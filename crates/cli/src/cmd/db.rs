//! `accord db`: migrate, check and back up the database.

use std::path::PathBuf;

use accord_app::database;
use clap::Subcommand;

use crate::{CliError, load, write};

/// Subcommands of `accord db`.
#[derive(Subcommand, Debug)]
pub enum DbCmd {
    /// Create the database if needed and apply this binary's migrations.
    Migrate {
        /// Database URL (default: $ACCORD_DB, else the per-user database).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Report schema version and contents, and check the database's integrity.
    Check {
        /// Database URL (default: $ACCORD_DB, else the per-user database).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Copy a SQLite database to a new file while it stays in use (PostgreSQL: use pg_dump).
    Backup {
        /// The new file.
        #[arg(value_name = "FILE")]
        to: PathBuf,
        /// Database URL (default: $ACCORD_DB, else the per-user database).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
}

/// Runs `accord db …`.
pub fn run(cmd: &DbCmd) -> Result<(), CliError> {
    let rt = load::runtime()?;
    let text = match cmd {
        DbCmd::Migrate { db } => {
            let store = load::open(&rt, db.as_deref())?;
            let info = rt.block_on(database::check(&store))?;
            format!(
                "{} ({}) is at schema version {}\n",
                store.location, info.backend, info.schema_version
            )
        }
        DbCmd::Check { db } => {
            let store = load::open(&rt, db.as_deref())?;
            let i = rt.block_on(database::check(&store))?;
            format!(
                "{} ({}): schema version {} (this Accord knows {}), integrity ok\n  {} agreements, {} tickets, {} events\n",
                store.location,
                i.backend,
                i.schema_version,
                i.known_version,
                i.agreements,
                i.tickets,
                i.events
            )
        }
        DbCmd::Backup { to, db } => {
            let store = load::open(&rt, db.as_deref())?;
            rt.block_on(database::backup(&store, to))?;
            format!("backed up {} to {}\n", store.location, to.display())
        }
    };
    write::stdout_text(&text)?;
    Ok(())
}
