//! `accord import`: agreement TOML, tickets CSV and events CSV into the database, all or nothing.

use std::path::PathBuf;

use accord_app::import::{self, InputFile};
use accord_app::profiles::SourceKind;
use accord_app::sources::{Control, ExportFile};
use accord_core::Instant;
use anyhow::Context;
use clap::Args;

use crate::{CliError, load, write};

/// Arguments of `accord import`.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Agreement `.toml` files, a tickets CSV and an events CSV (told apart by their headers);
    /// with --from, the helpdesk's export files.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read a helpdesk's own export (zendesk) by the mapping profile given with --profile.
    #[arg(long, value_name = "SOURCE", value_parser = parse_source, requires = "profile")]
    pub from: Option<SourceKind>,
    /// The mapping profile (TOML, see imports.md) for --from.
    #[arg(long, value_name = "FILE", requires = "from")]
    pub profile: Option<PathBuf>,
    /// Replace stored agreements whose id matches and whose content differs.
    #[arg(long)]
    pub update: bool,
    /// Database URL (default: $ACCORD_DB, else the per-user database).
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
}

fn parse_source(s: &str) -> Result<SourceKind, String> {
    SourceKind::parse(s).ok_or_else(|| {
        format!(
            "`{s}` is not a source: write one of {}",
            SourceKind::ALL.map(SourceKind::as_str).join(", ")
        )
    })
}

/// Runs `accord import`.
pub fn run(args: &ImportArgs) -> Result<(), CliError> {
    let rt = load::runtime()?;
    let actor = accord_app::actor();
    let now = Instant(chrono::Utc::now().timestamp());
    if let (Some(from), Some(profile)) = (args.from, &args.profile) {
        // A helpdesk's export is streamed from its files (it may be larger than memory).
        let mut files = Vec::new();
        for p in &args.files {
            files.push(
                ExportFile::from_path(p).with_context(|| format!("reading {}", p.display()))?,
            );
        }
        let text = std::fs::read_to_string(profile)
            .with_context(|| format!("reading {}", profile.display()))?;
        let name = profile.display().to_string();
        let store = load::open(&rt, args.db.as_deref())?;
        let r = rt
            .block_on(accord_app::sources::import(
                &store,
                Some(from),
                (&name, &text),
                &files,
                (&actor, now),
                &Control::default(),
            ))
            .map_err(CliError::from)?;
        write::stdout_text(&source_report(&store.location, &r))?;
        return Ok(());
    }
    let mut files = Vec::new();
    for p in &args.files {
        let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
        files.push(InputFile {
            name: p.display().to_string(),
            bytes,
        });
    }
    let store = load::open(&rt, args.db.as_deref())?;
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

/// What an import from a helpdesk did, for people: what was read, placed, skipped and left
/// unmapped, then what was stored.
fn source_report(location: &str, r: &accord_app::sources::SourceImport) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "read {} ticket{} from {} ({})\n",
        r.read,
        if r.read == 1 { "" } else { "s" },
        r.source.as_str(),
        r.profile
    );
    for (agreement, n) in &r.placed {
        let _ = writeln!(out, "  placed under {agreement}: {n}");
    }
    for (why, n) in &r.skipped {
        let _ = writeln!(out, "  skipped, {why}: {n}");
    }
    if !r.unmapped.is_empty() {
        out.push_str("records mapped to no event:\n");
        for (kind, n) in &r.unmapped {
            let _ = writeln!(out, "  {kind}: {n}");
        }
    }
    let s = &r.stored;
    let _ = writeln!(
        out,
        "imported into {location}: tickets {} added, {} unchanged; events {} added",
        s.tickets_added, s.tickets_unchanged, s.events_added
    );
    out
}
