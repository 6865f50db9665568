//! `accord profile`: mapping profiles (`imports.md`) — check one against the database's
//! agreements, list those kept with the database, export one.

use std::path::PathBuf;

use accord_app::profiles;
use accord_core::error::printable;
use anyhow::Context;
use clap::Subcommand;

use crate::{CliError, load, write};

/// Subcommands of `accord profile`.
#[derive(Subcommand, Debug)]
pub enum ProfileCmd {
    /// Check a profile: its TOML, and the agreements and categories it names.
    Check {
        /// The profile's TOML file.
        file: PathBuf,
        /// Database URL (default: $ACCORD_DB, else the per-user database).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// The profiles kept with the database (each import keeps the one it used).
    List {
        /// Database URL.
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Write a kept profile's TOML.
    Export {
        /// Its name.
        name: String,
        /// Write to this file (whole or not at all) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Database URL.
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
}

/// Runs `accord profile …`.
pub fn run(cmd: ProfileCmd) -> Result<(), CliError> {
    let rt = load::runtime()?;
    match cmd {
        ProfileCmd::Check { file, db } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let store = load::open(&rt, db.as_deref())?;
            let name = file.display().to_string();
            let p = rt.block_on(profiles::check(&store, &name, &text))?;
            write::stdout_text(&format!(
                "{name}: OK — {} ({}), {} agreement rule{}, ticket ids {}…\n",
                printable(&p.name),
                p.source.as_str(),
                p.rules.len(),
                if p.rules.len() == 1 { "" } else { "s" },
                printable(&p.ticket_prefix)
            ))?;
        }
        ProfileCmd::List { db } => {
            let store = load::open(&rt, db.as_deref())?;
            let all = rt.block_on(profiles::list(&store))?;
            let mut out = String::new();
            if all.is_empty() {
                out.push_str("no profile is kept in this database\n");
            }
            for p in all {
                out.push_str(&format!(
                    "{}  {}  version {}  saved {} by {}\n",
                    printable(&p.name),
                    p.source,
                    p.version,
                    p.updated_at,
                    printable(&p.updated_by)
                ));
            }
            write::stdout_text(&out)?;
        }
        ProfileCmd::Export { name, out, db } => {
            let store = load::open(&rt, db.as_deref())?;
            let text = rt.block_on(profiles::export(&store, &name))?;
            write::output(out.as_deref(), text.as_bytes())?;
        }
    }
    Ok(())
}
