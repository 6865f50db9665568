//! `accord simulate`: what-if. Replays one agreement's tickets over a period against a changed
//! agreement (a TOML file: another calendar, targets, tier or credit terms) and shows, side by
//! side, compliance, breaches and credits under each, and every ticket whose outcome changes.

use std::fmt::Write as _;
use std::path::PathBuf;

use accord_core::analysis::settled_at;
use accord_core::duration::format_duration;
use accord_core::input::ReadOptions;
use accord_core::metrics::{Period, PeriodMetrics};
use accord_core::model::ClockName;
use accord_core::output::push_csv_field;
use accord_core::whatif::compare;
use accord_core::{AgreementRuntime, runtimes_for};
use accord_report::view::{money, percent};
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
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

struct Side<'a> {
    m: &'a PeriodMetrics,
    escalations: u64,
}

type Figure<'f> = (&'static str, &'f dyn Fn(&Side<'_>) -> String);

fn figures(before: &Side<'_>, after: &Side<'_>) -> Vec<(String, String, String)> {
    let cur = |m: &PeriodMetrics| money(m.credits.total, m.credits.minor_digits, &m.currency);
    let rows: [Figure<'_>; 9] = [
        ("Tickets opened", &|s| s.m.tickets_opened.to_string()),
        ("First-response compliance", &|s| {
            percent(s.m.fr_compliance())
        }),
        ("Resolution compliance", &|s| percent(s.m.res_compliance())),
        ("First responses breached", &|s| s.m.fr_breached.to_string()),
        ("Resolutions breached", &|s| s.m.res_breached.to_string()),
        ("Median first response", &|s| {
            s.m.fr_median_s
                .map_or_else(|| "—".to_owned(), format_duration)
        }),
        ("Escalation levels reached", &|s| s.escalations.to_string()),
        ("Compliance band", &|s| {
            s.m.credits.band.map_or_else(
                || "none".to_owned(),
                |b| format!("below {}", percent(Some(b.below))),
            )
        }),
        ("Service credits", &|s| cur(s.m)),
    ];
    rows.iter()
        .map(|(name, f)| ((*name).to_owned(), f(before), f(after)))
        .collect()
}

/// Runs `accord simulate`.
pub fn run(args: &SimulateArgs) -> Result<(), CliError> {
    let period =
        Period::parse(&args.period).map_err(|e| CliError::Input(format!("--period: {e}")))?;
    let changed = load::agreements(std::slice::from_ref(&args.with))?
        .into_iter()
        .map(|(_, a)| a)
        .next()
        .ok_or_else(|| CliError::Input(format!("{}: no agreement", args.with.display())))?;
    let inputs = load::source(&args.source, ReadOptions { keep_text: false })?;
    let Some(index) = inputs
        .agreements
        .iter()
        .position(|a| a.id == args.agreement)
    else {
        return Err(CliError::Input(format!(
            "--agreement: no agreement `{}`",
            args.agreement
        )));
    };
    let end = inputs.agreements[index].calendar.midnight(period.dates().1);
    let runtimes = runtimes_for(&inputs.agreements, &inputs.tickets, end);
    let first = inputs
        .tickets
        .tickets
        .iter()
        .map(|t| t.opened_at)
        .min()
        .unwrap_or(end);
    let after_rt = AgreementRuntime::new(changed.clone(), first, end);
    let settled = settled_at(&runtimes, &inputs.tickets);
    let idx = u32::try_from(index).unwrap_or(u32::MAX);
    let c = compare(
        &runtimes[index],
        &after_rt,
        idx,
        &inputs.tickets,
        period,
        Some(&settled),
    );
    let before = Side {
        m: &c.before.metrics,
        escalations: c.before.all.escalations,
    };
    let after = Side {
        m: &c.after.metrics,
        escalations: c.after.all.escalations,
    };
    let id = |i: usize| inputs.tickets.tickets[i].id.to_string();
    let clock = |k: ClockName| match k {
        ClockName::FirstResponse => "first_response",
        ClockName::Resolution => "resolution",
    };
    let due = |t: Option<accord_core::Instant>| t.map(|t| t.to_string()).unwrap_or_default();
    let out = match args.format {
        Format::Table => {
            let rows = figures(&before, &after);
            let w = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
            let vw = rows
                .iter()
                .map(|r| r.1.chars().count())
                .max()
                .unwrap_or(0)
                .max(args.agreement.chars().count());
            let mut s = format!(
                "What-if for {} over {period}: the agreement in force, then {} ({})\n\n",
                args.agreement,
                changed.id,
                args.with.display()
            );
            let _ = writeln!(s, "{:w$}  {:>vw$}  changed", "", "in force");
            for (name, b, a) in &rows {
                let mark = if b == a { "" } else { "  ←" };
                let _ = writeln!(s, "{name:w$}  {b:>vw$}  {a}{mark}");
            }
            if c.changes.is_empty() {
                s.push_str("\nNo ticket's outcome changes.\n");
            } else {
                let _ = writeln!(s, "\n{} outcome(s) change:", c.changes.len());
                for ch in &c.changes {
                    let _ = writeln!(
                        s,
                        "  {:<12} {:<15} {:<12} → {:<12} (counted {} → {})",
                        id(ch.ticket),
                        clock(ch.clock),
                        ch.before.as_str(),
                        ch.after.as_str(),
                        format_duration(ch.before_elapsed_s),
                        format_duration(ch.after_elapsed_s),
                    );
                }
            }
            s.into_bytes()
        }
        Format::Csv => {
            let mut out = b"ticket_id,clock,before,after,before_due_at,after_due_at,before_elapsed_s,after_elapsed_s\n".to_vec();
            for ch in &c.changes {
                push_csv_field(&mut out, &id(ch.ticket));
                out.extend_from_slice(
                    format!(
                        ",{},{},{},{},{},{},{}\n",
                        clock(ch.clock),
                        ch.before.as_str(),
                        ch.after.as_str(),
                        due(ch.before_due),
                        due(ch.after_due),
                        ch.before_elapsed_s,
                        ch.after_elapsed_s
                    )
                    .as_bytes(),
                );
            }
            out
        }
        Format::Json => {
            let side = |s: &Side<'_>| {
                serde_json::json!({
                    "tickets_opened": s.m.tickets_opened,
                    "fr_met": s.m.fr_met,
                    "fr_breached": s.m.fr_breached,
                    "res_met": s.m.res_met,
                    "res_breached": s.m.res_breached,
                    "fr_compliance": s.m.fr_compliance().map(|v| v.round_dp(4).to_string()),
                    "res_compliance": s.m.res_compliance().map(|v| v.round_dp(4).to_string()),
                    "escalations": s.escalations,
                    "credit_total": format!("{:.*}", s.m.credits.minor_digits as usize, s.m.credits.total),
                    "currency": s.m.currency,
                })
            };
            let v = serde_json::json!({
                "agreement": args.agreement,
                "changed": changed.id,
                "period": period.to_string(),
                "before": side(&before),
                "after": side(&after),
                "changes": c.changes.iter().map(|ch| serde_json::json!({
                    "ticket_id": id(ch.ticket),
                    "clock": clock(ch.clock),
                    "before": ch.before.as_str(),
                    "after": ch.after.as_str(),
                    "before_due_at": ch.before_due.map(|t| t.to_string()),
                    "after_due_at": ch.after_due.map(|t| t.to_string()),
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
