//! `accord explain`: the timeline behind one ticket's SLA numbers, for people or as JSON.

use std::fmt::Write as _;

use accord_core::calendar::Tz;
use accord_core::duration::format_duration;
use std::sync::Arc;

use accord_app::AppError;
use accord_core::AgreementRuntime;
use accord_core::explain::{Explanation, Segment, explain};
use accord_core::input::ReadOptions;
use accord_core::{Instant, runtimes_for};
use accord_store::StoreError;
use chrono::TimeZone;
use clap::{Args, ValueEnum};

use crate::{CliError, load, write};

/// Output formats of `accord explain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text.
    Text,
    /// JSON.
    Json,
}

/// Arguments of `accord explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The ticket to explain.
    pub ticket_id: String,
    #[command(flatten)]
    pub source: load::Source,
    /// Evaluate at this RFC 3339 instant (default: now).
    #[arg(long, value_name = "INSTANT")]
    pub as_of: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Runs `accord explain`.
pub fn run(args: &ExplainArgs) -> Result<(), CliError> {
    let as_of = load::as_of(args.as_of.as_deref())?;
    let (id, runtime, e) = if args.source.tickets.is_some() {
        from_files(args, as_of)?
    } else {
        from_database(args, as_of)?
    };
    let text = match args.format {
        Format::Json => {
            let v = serde_json::json!({
                "ticket_id": id,
                "agreement_id": runtime.agreement.id,
                "explanation": e,
            });
            serde_json::to_string_pretty(&v).map_err(anyhow::Error::from)? + "\n"
        }
        Format::Text => write::terminal(&render(
            &id,
            &runtime.for_ticket(e.opened_at).agreement,
            runtime.agreement.terms_label_at(e.opened_at).as_deref(),
            &e,
        )),
    };
    write::stdout(text.as_bytes())?;
    Ok(())
}

/// The ticket explained from the files, which are read and checked whole.
fn from_files(
    args: &ExplainArgs,
    as_of: Instant,
) -> Result<(String, Arc<AgreementRuntime>, Explanation), CliError> {
    let inputs = load::source(&args.source, ReadOptions::TEXT, None)?;
    let set = &inputs.tickets;
    let i = set.position(&args.ticket_id).ok_or_else(|| {
        CliError::Input(format!(
            "{}: no ticket `{}`",
            args.source
                .tickets
                .as_ref()
                .map_or_else(String::new, |t| t.display().to_string()),
            args.ticket_id
        ))
    })?;
    let t = &set.tickets[i];
    let runtime = runtimes_for(&inputs.agreements, set, as_of).swap_remove(t.agreement as usize);
    let e = explain(
        &runtime,
        t.opened_at,
        t.priority,
        set.events(i),
        set.notes(i),
        as_of,
    );
    Ok((t.id.to_string(), Arc::new(runtime), e))
}

/// The ticket explained from the database, which is asked for that ticket only (the ticket
/// page's use case).
fn from_database(
    args: &ExplainArgs,
    as_of: Instant,
) -> Result<(String, Arc<AgreementRuntime>, Explanation), CliError> {
    let rt = load::runtime()?;
    let store = load::open(&rt, args.source.db.as_deref())?;
    match rt.block_on(accord_app::tickets::detail(&store, &args.ticket_id, as_of)) {
        Ok(d) => Ok((d.record.id, d.runtime, d.explanation)),
        Err(AppError::Store(StoreError::NotFound(what))) if what.starts_with("ticket ") => Err(
            CliError::Input(format!("the database: no ticket `{}`", args.ticket_id)),
        ),
        Err(e) => Err(e.into()),
    }
}

fn local(tz: Tz, t: Instant) -> String {
    tz.from_utc_datetime(&t.to_chrono().naive_utc())
        .format("%a %b %d %H:%M:%S %Z")
        .to_string()
}

fn dur(secs: i64) -> String {
    if secs == 0 {
        "0s".to_owned()
    } else {
        format_duration(secs)
    }
}

fn segments(out: &mut String, tz: Tz, segs: &[Segment]) {
    let _ = writeln!(
        out,
        "    {:<20}  {:<20}  {:<24}  {:<15}  {:>10}  {:>10}",
        "from (UTC)", "to (UTC)", "local", "segment", "length", "counted"
    );
    let mut total = 0;
    for s in segs {
        total += s.counted_s;
        let label = if s.note.is_empty() {
            s.kind.label().to_owned()
        } else {
            format!(
                "{} ({})",
                s.kind.label(),
                accord_core::error::printable(&s.note)
            )
        };
        let _ = writeln!(
            out,
            "    {}  {}  {:<24}  {:<15}  {:>10}  {:>10}   total {}",
            s.from,
            s.to,
            local(tz, s.from),
            label,
            dur(s.to.0 - s.from.0),
            if s.counted_s > 0 {
                dur(s.counted_s)
            } else {
                "-".into()
            },
            dur(total),
        );
    }
}

/// `a` is the terms governing the ticket; `terms` names them when an amendment does (a line
/// of its own, absent for the base terms so their output stays as it was).
fn render(id: &str, a: &accord_core::Agreement, terms: Option<&str>, e: &Explanation) -> String {
    let tz = a.calendar.time_zone;
    let s = &e.sla;
    let mut out = String::new();
    let _ = writeln!(out, "Ticket {id} under {} ({} tier)", a.id, a.tier);
    if let Some(terms) = terms {
        let _ = writeln!(out, "  Terms: {}", accord_core::error::printable(terms));
    }
    let _ = writeln!(
        out,
        "  opened   {}  ({})",
        e.opened_at,
        local(tz, e.opened_at)
    );
    let _ = writeln!(out, "  as of    {}  ({})", e.as_of, local(tz, e.as_of));
    let changed = if s.priority == e.initial_priority {
        String::new()
    } else {
        format!(
            " (changed from {}, applied retroactively)",
            e.initial_priority
        )
    };
    let clock = match s.clock {
        accord_core::model::ClockKind::Business => format!("business hours of {tz}"),
        accord_core::model::ClockKind::TwentyFourSeven => "24x7: every second counts".to_owned(),
    };
    let _ = writeln!(
        out,
        "  priority {}{changed}; targets counted on {clock}",
        s.priority
    );
    let _ = writeln!(out, "\nEvents");
    if e.events.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for ev in &e.events {
        let p = ev.priority.map(|p| format!(" → {p}")).unwrap_or_default();
        let ignored = if ev.known {
            ""
        } else {
            "  [after as-of: ignored]"
        };
        let _ = writeln!(
            out,
            "  {}  {:<20}{p}  {}{ignored}",
            ev.at,
            ev.kind.as_str(),
            accord_core::error::printable(&ev.note)
        );
    }
    for (name, o, segs) in [
        ("First response", &s.first_response, &e.first_response),
        ("Resolution", &s.resolution, &e.resolution),
    ] {
        let due = o
            .due_at
            .map(|d| format!(", due {d} ({})", local(tz, d)))
            .unwrap_or_default();
        // The breach instant: the first counted second over the target, which comes later than
        // the deadline's next second when the deadline closed a window or a pause held it.
        let breached = o
            .breached_at
            .map(|b| format!(", breached {b} ({})", local(tz, b)))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "\n{name}: {} — elapsed {} of {} target{due}{breached}",
            o.state.as_str().to_uppercase(),
            dur(o.elapsed_s),
            dur(o.target_s)
        );
        if name == "Resolution" && s.res_paused_s > 0 {
            let _ = writeln!(
                out,
                "  paused {} (real time) while waiting on the customer",
                dur(s.res_paused_s)
            );
        }
        segments(&mut out, tz, segs);
    }
    let _ = writeln!(out, "\nEscalation: level {}", s.escalation_level);
    for st in &e.escalation {
        let when = match (st.passed, st.at) {
            (true, Some(t)) => format!("passed {t}"),
            (true, None) => "passed".to_owned(),
            (false, Some(t)) => format!("next at {t} if the clock keeps running"),
            (false, None) => "not reached".to_owned(),
        };
        let _ = writeln!(
            out,
            "  L{} {:<28} {} > {}  {when}  {}",
            st.level,
            st.name,
            st.clock.as_str(),
            dur(st.threshold_s),
            st.contact
        );
    }
    out
}
