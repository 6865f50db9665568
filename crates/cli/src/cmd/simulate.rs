//! `accord simulate`: what-if. Replays one agreement's tickets over a period against a changed
//! agreement (a TOML file: another calendar, targets, tier or credit terms) and shows, side by
//! side, compliance, breaches and credits under each, and every ticket whose outcome changes.

use std::fmt::Write as _;
use std::path::PathBuf;

use accord_app::reports::{self, History};
use accord_core::duration::format_duration;
use accord_core::input::ReadOptions;
use accord_core::metrics::PeriodMetrics;
use accord_core::model::{ClockKind, ClockName};
use accord_core::output::push_csv_field;
use accord_core::period::Period;
use clap::{Args, ValueEnum};

use crate::{CliError, load, write};

/// Output formats of `accord simulate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Side-by-side figures and the changed tickets, for people.
    Table,
    /// The changed tickets as CSV (one row per ticket and clock).
    Csv,
    /// Figures and changes as JSON.
    Json,
}

/// Arguments of `accord simulate`.
#[derive(Args, Debug)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub source: load::Source,
    /// The agreement in force (its tickets are replayed).
    #[arg(long, value_name = "ID")]
    pub agreement: String,
    /// The changed agreement, as a TOML file (its id may differ).
    #[arg(long = "with", value_name = "FILE")]
    pub with: PathBuf,
    /// The period: `2026-10`, `2026-Q4` or `2026-10-01..2026-10-15`.
    #[arg(long, value_name = "PERIOD")]
    pub period: String,
    /// Replay as known at this instant (RFC 3339; default: now): a period that has not ended
    /// then is replayed to date, like its report.
    #[arg(long, value_name = "INSTANT")]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs `accord simulate`.
pub fn run(args: &SimulateArgs) -> Result<(), CliError> {
    let period =
        Period::parse(&args.period).map_err(|e| CliError::Input(format!("--period: {e}")))?;
    let as_of = load::as_of(args.as_of.as_deref())?;
    let changed = load::agreements(std::slice::from_ref(&args.with))?
        .into_iter()
        .map(|(_, a)| a)
        .next()
        .ok_or_else(|| CliError::Input(format!("{}: no agreement", args.with.display())))?;
    let inputs = load::source(&args.source, ReadOptions::default(), None)?;
    if !inputs.agreements.iter().any(|a| a.id == args.agreement) {
        return Err(CliError::Input(format!(
            "--agreement: no agreement `{}`",
            args.agreement
        )));
    }
    let end = inputs
        .agreements
        .iter()
        .find(|a| a.id == args.agreement)
        .map_or(as_of, |a| a.calendar.midnight(period.dates().1).min(as_of));
    let history = History::new(inputs.agreements, inputs.tickets, end, |_| true);
    let changed_id = changed.id.clone();
    let w = reports::what_if(&history, &args.agreement, changed, period, as_of)?;
    let clock = |k: ClockName| match k {
        ClockName::FirstResponse => "first_response",
        ClockName::Resolution => "resolution",
    };
    let instant = |t: &Option<String>| t.clone().unwrap_or_default();
    let out = match args.format {
        Format::Table => {
            let rows: Vec<(String, String, String)> = w
                .figures
                .iter()
                .map(|f| (f.name.clone(), f.before.clone(), f.after.clone()))
                .collect();
            let nw = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
            let vw = rows
                .iter()
                .map(|r| r.1.chars().count())
                .max()
                .unwrap_or(0)
                .max(args.agreement.chars().count());
            let to_date = if w.to_date.is_empty() {
                String::new()
            } else {
                format!(" {}", w.to_date)
            };
            let mut s = format!(
                "What-if for {} over {period}{to_date}: the agreement in force, then {} ({})\n\n",
                args.agreement,
                changed_id,
                args.with.display()
            );
            let _ = writeln!(s, "{:nw$}  {:>vw$}  changed", "", "in force");
            for (name, b, a) in &rows {
                let mark = if b == a { "" } else { "  ←" };
                let _ = writeln!(s, "{name:nw$}  {b:>vw$}  {a}{mark}");
            }
            if w.changes.is_empty() {
                s.push_str("\nNo ticket's outcome changes.\n");
            } else {
                let _ = writeln!(s, "\n{} outcome(s) change:", w.changes.len());
                for ch in &w.changes {
                    let _ = writeln!(
                        s,
                        "  {:<12} {:<15} {:<12} → {:<12} (counted {} → {})",
                        ch.ticket_id,
                        clock(ch.clock),
                        ch.before.as_str(),
                        ch.after.as_str(),
                        counted(ch.before_elapsed_s, ch.before_counted_on),
                        counted(ch.after_elapsed_s, ch.after_counted_on),
                    );
                }
            }
            s.into_bytes()
        }
        Format::Csv => {
            // New columns go last, so a reader of the earlier columns is not broken.
            let mut out = b"ticket_id,clock,before,after,before_due_at,after_due_at,before_elapsed_s,after_elapsed_s,before_stopped_at,after_stopped_at,before_breached_at,after_breached_at\n".to_vec();
            for ch in &w.changes {
                push_csv_field(&mut out, &ch.ticket_id);
                out.extend_from_slice(
                    format!(
                        ",{},{},{},{},{},{},{},{},{},{},{}\n",
                        clock(ch.clock),
                        ch.before.as_str(),
                        ch.after.as_str(),
                        instant(&ch.before_due_at),
                        instant(&ch.after_due_at),
                        ch.before_elapsed_s,
                        ch.after_elapsed_s,
                        instant(&ch.before_stopped_at),
                        instant(&ch.after_stopped_at),
                        instant(&ch.before_breached_at),
                        instant(&ch.after_breached_at),
                    )
                    .as_bytes(),
                );
            }
            out
        }
        Format::Json => {
            let side = |(m, escalations): &(PeriodMetrics, u64)| {
                serde_json::json!({
                    "tickets_opened": m.tickets_opened,
                    "fr_met": m.fr_met,
                    "fr_breached": m.fr_breached,
                    "res_met": m.res_met,
                    "res_breached": m.res_breached,
                    "fr_compliance": m.fr_compliance().map(|v| v.round_dp(4).to_string()),
                    "res_compliance": m.res_compliance().map(|v| v.round_dp(4).to_string()),
                    "escalations": escalations,
                    "credit_total": format!("{:.*}", m.credits.minor_digits as usize, m.credits.total),
                    "currency": m.currency,
                })
            };
            let v = serde_json::json!({
                "agreement": args.agreement,
                "changed": changed_id,
                "period": period.to_string(),
                "as_of": as_of.to_string(),
                "to_date": w.before.0.to_date.is_some(),
                "before": side(&w.before),
                "after": side(&w.after),
                "changes": w.changes.iter().map(|ch| serde_json::json!({
                    "ticket_id": ch.ticket_id,
                    "clock": clock(ch.clock),
                    "before": ch.before,
                    "after": ch.after,
                    "before_due_at": ch.before_due_at,
                    "after_due_at": ch.after_due_at,
                    "before_stopped_at": ch.before_stopped_at,
                    "after_stopped_at": ch.after_stopped_at,
                    "before_breached_at": ch.before_breached_at,
                    "after_breached_at": ch.after_breached_at,
                    "before_elapsed_s": ch.before_elapsed_s,
                    "after_elapsed_s": ch.after_elapsed_s,
                })).collect::<Vec<_>>(),
            });
            let mut b = serde_json::to_vec_pretty(&v).map_err(|e| CliError::System(e.into()))?;
            b.push(b'\n');
            b
        }
    };
    write::output(args.out.as_deref(), &out)?;
    Ok(())
}

/// Counted time as the app writes it: a business clock's says so.
fn counted(seconds: i64, on: ClockKind) -> String {
    match on {
        ClockKind::Business => format!("{} business time", format_duration(seconds)),
        ClockKind::TwentyFourSeven => format_duration(seconds),
    }
}
