//! `accord report`: period metrics and service credits per agreement (formats.md, "Period
//! metrics").

use std::path::PathBuf;

use accord_core::input::ReadOptions;
use accord_core::metrics::{Period, period_metrics, push_metrics_csv_header, push_metrics_csv_row};
use accord_core::runtimes_for;
use clap::{Args, ValueEnum};

use crate::{CliError, load, write};

/// Output formats of `accord report`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One CSV row per agreement and period, columns as in formats.md.
    Csv,
}

/// Arguments of `accord report`.
#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(flatten)]
    pub source: load::Source,
    /// Only this agreement (default: every agreement).
    #[arg(long, value_name = "ID")]
    pub agreement: Option<String>,
    /// Periods: `2026-10`, `2026-Q4` or `2026-10-01..2026-10-15` (local dates, end excluded).
    #[arg(long, required = true, value_name = "PERIOD")]
    pub period: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Csv)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs `accord report`.
pub fn run(args: &ReportArgs) -> Result<(), CliError> {
    let periods = args
        .period
        .iter()
        .map(|p| Period::parse(p).map_err(|e| CliError::Input(format!("--period: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let inputs = load::source(&args.source, ReadOptions::default())?;
    if let Some(id) = &args.agreement
        && !inputs.agreements.iter().any(|a| &a.id == id)
    {
        return Err(CliError::Input(format!(
            "--agreement: no agreement `{id}` in the agreement files"
        )));
    }
    let latest = periods
        .iter()
        .map(|p| p.dates().1)
        .max()
        .unwrap_or_default();
    let as_of = inputs
        .agreements
        .first()
        .map_or(accord_core::Instant(0), |a| a.calendar.midnight(latest));
    let runtimes = runtimes_for(&inputs.agreements, &inputs.tickets, as_of);
    let mut order: Vec<usize> = (0..runtimes.len())
        .filter(|&i| {
            args.agreement
                .as_ref()
                .is_none_or(|id| &runtimes[i].agreement.id == id)
        })
        .collect();
    order.sort_by(|&a, &b| runtimes[a].agreement.id.cmp(&runtimes[b].agreement.id));
    let mut out = String::new();
    push_metrics_csv_header(&mut out);
    for i in order {
        for p in &periods {
            let m = period_metrics(
                &runtimes[i],
                u32::try_from(i).unwrap_or(u32::MAX),
                &inputs.tickets,
                *p,
            );
            push_metrics_csv_row(&mut out, &m);
        }
    }
    write::output(args.out.as_deref(), out.as_bytes())?;
    Ok(())
}
