//! `accord report`: period metrics and service credits (formats.md, "Period metrics"), the
//! per-ticket SLA rows behind them, and the signed-off reports as PDF or self-contained HTML —
//! for one agreement, or a portfolio of agreements (all, one tier, or one region).
//!
//! Reports are made at `--as-of` (default: now): a period that has not ended then is reported
//! to date and says so, one that has not started has no figures (`sla-semantics.md` revision
//! 2).
//!
//! Long runs draw a progress bar on stderr (only when it is a terminal); the output file is
//! written whole or not at all (a temporary file, then a rename).

use std::path::PathBuf;
use std::time::Duration;

use accord_app::reports::{self, History, ReportFormat, Scope};
use accord_core::Agreement;
use accord_core::input::ReadOptions;
use accord_core::model::Tier;
use accord_core::period::Period;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use crate::{CliError, load, write};

/// Output formats of `accord report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Period metrics: one CSV row per agreement and period, columns as in formats.md.
    Csv,
    /// The per-ticket SLA rows behind a period (formats.md "SLA results" columns), evaluated
    /// at each period's end: every ticket with something in that period.
    SlaCsv,
    /// The report as a PDF (one period): cover, KPIs, charts, breaches, credit statement.
    Pdf,
    /// The same report as one self-contained HTML file.
    Html,
}

/// Arguments of `accord report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub source: load::Source,
    /// Only this agreement (default: every agreement, or those of --tier / --region).
    #[arg(long, value_name = "ID", conflicts_with_all = ["tier", "region"])]
    pub agreement: Option<String>,
    /// Only agreements of this tier (a portfolio report for PDF and HTML).
    #[arg(long, value_enum, conflicts_with = "region")]
    pub tier: Option<TierArg>,
    /// Only agreements of this region, as written in the agreements.
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Periods: `2026-10`, `2026-Q4` or `2026-10-01..2026-10-15` (local dates, end excluded).
    /// PDF and HTML take one.
    #[arg(long, required = true, value_name = "PERIOD")]
    pub period: Vec<String>,
    /// Report as known at this instant (RFC 3339; default: now). A period that has not ended
    /// then is reported to date, with nothing after the instant counted; one that has not
    /// started has no row (CSV) or is refused (PDF, HTML).
    #[arg(long, value_name = "INSTANT")]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output (required for PDF).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Tiers as the command line spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TierArg {
    /// Basic.
    Basic,
    /// Premium.
    Premium,
    /// Enterprise.
    Enterprise,
}

impl From<TierArg> for Tier {
    fn from(t: TierArg) -> Self {
        match t {
            TierArg::Basic => Self::Basic,
            TierArg::Premium => Self::Premium,
            TierArg::Enterprise => Self::Enterprise,
        }
    }
}

fn progress(steps: u64) -> ProgressBar {
    // Drawn only when stderr is a terminal; scripts and pipes see nothing.
    let bar = ProgressBar::with_draw_target(Some(steps), indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

/// Runs `accord report`.
pub fn run(args: &ReportArgs) -> Result<(), CliError> {
    let periods = args
        .period
        .iter()
        .map(|p| Period::parse(p).map_err(|e| CliError::Input(format!("--period: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let as_of = load::as_of(args.as_of.as_deref())?;
    let document = matches!(args.format, Format::Pdf | Format::Html);
    if document && periods.len() != 1 {
        return Err(CliError::Input(
            "--period: a PDF or HTML report covers one period; give --period once".into(),
        ));
    }
    if args.format == Format::Pdf && args.out.is_none() {
        return Err(CliError::Input(
            "--out: a PDF is written to a file; name one with --out FILE".into(),
        ));
    }
    let bar = progress(if document { 4 } else { 2 });
    bar.set_message("reading agreements and tickets");
    let scope = Scope {
        agreement: args.agreement.clone(),
        tier: args.tier.map(Into::into),
        region: args.region.clone(),
    };
    // The agreements reported on: only their tickets are prepared (and read, from a database),
    // and only their text is kept. A database's history is read without text: the text of
    // the breaches a document details is read for them alone.
    let wanted = |a: &Agreement| scope.contains(a);
    let inputs = load::source(
        &args.source,
        ReadOptions {
            keep_text: document && !args.source.is_database(),
            text_for: Some(&wanted),
        },
        Some(&wanted),
    )?;
    if let Some(id) = &args.agreement
        && !inputs.agreements.iter().any(|a| &a.id == id)
    {
        return Err(CliError::Input(format!("--agreement: no agreement `{id}`")));
    }
    bar.inc(1);
    bar.set_message("evaluating tickets");
    // Calendars are compiled around the latest instant looked at: the last period's end, or
    // the report's instant when that comes first.
    let latest = periods
        .iter()
        .map(|p| p.dates().1)
        .max()
        .unwrap_or_default();
    let horizon = inputs
        .agreements
        .first()
        .map_or(as_of, |a| a.calendar.midnight(latest).min(as_of));
    let database = inputs.database;
    let history = History::new(inputs.agreements, inputs.tickets, horizon, wanted);
    let order = history.chosen(&scope)?;
    let bytes: Vec<u8> = match args.format {
        Format::Csv => reports::metrics_csv(&history, &order, &periods, as_of).into_bytes(),
        Format::SlaCsv => reports::sla_csv(&history, &order, &periods, as_of),
        Format::Pdf | Format::Html => {
            bar.inc(1);
            bar.set_message("computing metrics, drawing charts and laying out");
            let generated = chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string();
            let format = if args.format == Format::Pdf {
                ReportFormat::Pdf
            } else {
                ReportFormat::Html
            };
            match &database {
                Some(db) => {
                    let mut ask =
                        |ids: &[&str]| db.rt.block_on(reports::ticket_texts(&db.store, ids));
                    let text = reports::Text::Asked(&mut ask);
                    // An agreement's report from a database shows the statement issued for
                    // its period, and what has moved since.
                    let issued = match &scope.agreement {
                        Some(id) => db
                            .rt
                            .block_on(accord_app::statements::status(
                                &db.store,
                                id,
                                &periods[0].to_string(),
                                as_of,
                            ))?
                            .issued_section(),
                        None => None,
                    };
                    reports::report_file_with(
                        &history,
                        &scope,
                        periods[0],
                        as_of,
                        format,
                        &generated,
                        reports::Extras { text, issued },
                    )?
                }
                None => {
                    reports::report_file(&history, &scope, periods[0], as_of, format, &generated)?
                }
            }
        }
    };
    bar.inc(1);
    bar.set_message("writing");
    write::output(args.out.as_deref(), &bytes)?;
    // The process ends here: freeing the history's millions of allocations one by one would
    // only add to the wait (the largest report's by 0.2 s), so the exit returns the memory.
    std::mem::forget(history);
    bar.finish_and_clear();
    Ok(())
}
