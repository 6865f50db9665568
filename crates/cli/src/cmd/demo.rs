//! `accord demo`: loads the demo data (three agreements, 600 tickets) into the database, moved so
//! its history ends in the seven days before now (or `--as-of`), with some open tickets assigned
//! to the user (`accord_app::demo`).

use clap::Args;

use crate::{CliError, load, write};

/// Arguments of `accord demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Load it as of this instant (RFC 3339; default now): its history ends in the seven days
    /// before it.
    #[arg(long, value_name = "INSTANT")]
    pub as_of: Option<String>,
    /// Database URL (default: $ACCORD_DB, else the per-user database).
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
}

/// Runs `accord demo`.
pub fn run(args: &DemoArgs) -> Result<(), CliError> {
    let as_of = load::as_of(args.as_of.as_deref())?;
    let rt = load::runtime()?;
    let store = load::open(&rt, args.db.as_deref())?;
    let r = rt.block_on(accord_app::demo::load(&store, as_of, &accord_app::actor()))?;
    let s = &r.import;
    write::stdout_text(&format!(
        "demo loaded into {}: agreements {} added, {} unchanged; tickets {} added, {} unchanged; events {} added; moved {} days forward; {} of today's tickets opened; {} open tickets assigned to {}\n",
        store.location,
        s.agreements_added,
        s.agreements_unchanged,
        s.tickets_added,
        s.tickets_unchanged,
        s.events_added,
        r.shifted_days,
        r.opened,
        r.assigned,
        accord_app::actor()
    ))?;
    Ok(())
}
