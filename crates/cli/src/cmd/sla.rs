//! `accord sla`: every ticket's SLA clocks at an instant, as CSV, JSON or a table for people.

use std::path::PathBuf;

use accord_core::input::ReadOptions;
use accord_core::model::ClockState;
use accord_core::output::{SlaFormat, render_sla};
use accord_core::{TicketSla, evaluate_set, runtimes_for};
use clap::{Args, ValueEnum};

use crate::{CliError, load, write};

/// Output formats of `accord sla`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people (coloured states on a terminal).
    Table,
    /// CSV, columns as in formats.md.
    Csv,
    /// JSON array of objects with the CSV's keys.
    Json,
}

/// Arguments of `accord sla`.
#[derive(Args, Debug)]
pub struct SlaArgs {
    #[command(flatten)]
    pub source: load::Source,
    /// Evaluate at this RFC 3339 instant (default: now).
    #[arg(long, value_name = "INSTANT")]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs `accord sla`.
pub fn run(args: &SlaArgs) -> Result<(), CliError> {
    let as_of = load::as_of(args.as_of.as_deref())?;
    let inputs = load::source(&args.source, ReadOptions::default(), None)?;
    let runtimes = runtimes_for(&inputs.agreements, &inputs.tickets, as_of);
    let parts = match args.format {
        Format::Csv => render_sla(&runtimes, &inputs.tickets, as_of, SlaFormat::Csv),
        Format::Json => render_sla(&runtimes, &inputs.tickets, as_of, SlaFormat::Json),
        Format::Table => {
            let results = evaluate_set(&runtimes, &inputs.tickets, as_of);
            let rows = inputs.tickets.tickets.iter().zip(&results).map(|(t, s)| {
                (
                    &*t.id,
                    inputs.agreements[t.agreement as usize].id.as_str(),
                    s,
                )
            });
            vec![table(rows, args.out.is_none() && write::colour()).into_bytes()]
        }
    };
    write::output_parts(args.out.as_deref(), &parts)?;
    Ok(())
}

fn human(secs: i64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    match (d, h) {
        (0, 0) => format!("{m}m{s:02}s"),
        (0, _) => format!("{h}h{m:02}m"),
        _ => format!("{d}d{h:02}h{m:02}m"),
    }
}

fn state_cell(state: ClockState, colour: bool, width: usize) -> String {
    let text = format!("{:<width$}", state.as_str());
    if !colour {
        return text;
    }
    let code = match state {
        ClockState::Met => "32",
        ClockState::Breached => "1;31",
        ClockState::Running => "33",
        ClockState::Paused => "36",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

fn table<'a>(
    rows: impl Iterator<Item = (&'a str, &'a str, &'a TicketSla)>,
    colour: bool,
) -> String {
    let header = [
        "ticket",
        "agreement",
        "prio",
        "clock",
        "first response",
        "fr due",
        "fr",
        "resolution",
        "paused",
        "res due",
        "res",
        "esc",
    ];
    let mut cells: Vec<[String; 12]> = Vec::new();
    let mut states: Vec<(ClockState, ClockState)> = Vec::new();
    for (id, ag, s) in rows {
        let due = |d: Option<accord_core::Instant>| {
            d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
        };
        cells.push([
            id.to_owned(),
            ag.to_owned(),
            s.priority.to_string(),
            s.clock.to_string(),
            format!(
                "{} / {}",
                human(s.first_response.elapsed_s),
                human(s.first_response.target_s)
            ),
            due(s.first_response.due_at),
            String::new(),
            format!(
                "{} / {}",
                human(s.resolution.elapsed_s),
                human(s.resolution.target_s)
            ),
            human(s.res_paused_s),
            due(s.resolution.due_at),
            String::new(),
            s.escalation_level.to_string(),
        ]);
        states.push((s.first_response.state, s.resolution.state));
    }
    let mut width: [usize; 12] = header.map(str::len);
    for row in &cells {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    width[6] = width[6].max(8);
    width[10] = width[10].max(8);
    let right = [
        false, false, false, false, true, false, false, true, true, false, false, true,
    ];
    let mut out = String::new();
    let line = |out: &mut String, row: &[String; 12], st: Option<(ClockState, ClockState)>| {
        for (i, c) in row.iter().enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            match (i, st) {
                (6, Some((fr, _))) => out.push_str(&state_cell(fr, colour, width[i])),
                (10, Some((_, res))) => out.push_str(&state_cell(res, colour, width[i])),
                _ if right[i] => out.push_str(&format!("{c:>w$}", w = width[i])),
                _ => out.push_str(&format!("{c:<w$}", w = width[i])),
            }
        }
        let trimmed = out.trim_end().len();
        out.truncate(trimmed);
        out.push('\n');
    };
    line(&mut out, &header.map(str::to_owned), None);
    for (row, st) in cells.iter().zip(states) {
        line(&mut out, row, Some(st));
    }
    out
}
