//! `accord agreement check`: validate agreement files and print what they promise;
//! `accord agreement history`: every saved version of a stored agreement, who saved it, when,
//! and what it changed (a diff of the TOML); `accord agreement holidays` (in
//! [`super::holidays`]).

use std::fmt::Write as _;
use std::path::PathBuf;

use accord_app::agreements::{self, AgreementVersion, DiffKind};
use accord_core::agreement::{ChannelHours, CreditAmount, warnings};
use accord_core::calendar::WEEKDAYS;
use accord_core::duration::{format_duration, hours};
use accord_core::error::printable;
use accord_core::model::{ClockKind, Priority};
use accord_core::{Agreement, Decimal};
use clap::Subcommand;

use crate::{CliError, load, write};

/// Subcommands of `accord agreement`.
#[derive(Subcommand, Debug)]
pub enum AgreementCmd {
    /// Validate agreement files and print a readable summary of each.
    Check {
        /// Agreement TOML files, or folders of them.
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// An agreement's holidays and where they came from; holidays from an iCalendar file.
    #[command(subcommand)]
    Holidays(super::holidays::HolidaysCmd),
    /// Every saved version of a stored agreement, newest first: who, when, and what changed.
    History {
        /// Agreement id.
        id: String,
        /// Database URL (default: $ACCORD_DB, else the per-user database).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
}

/// Runs `accord agreement …`.
pub fn run(cmd: AgreementCmd) -> Result<(), CliError> {
    match cmd {
        AgreementCmd::Check { files } => {
            let agreements = load::agreements(&files)?;
            let mut out = String::new();
            for (i, (path, a)) in agreements.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                summary(&mut out, &path.display().to_string(), a);
            }
            write::stdout_text(&out)?;
            Ok(())
        }
        AgreementCmd::Holidays(cmd) => super::holidays::run(cmd),
        AgreementCmd::History { id, db } => {
            let rt = load::runtime()?;
            let store = load::open(&rt, db.as_deref())?;
            let versions = rt.block_on(agreements::history(&store, &id))?;
            write::stdout_text(&history(&id, &versions))?;
            Ok(())
        }
    }
}

/// The history as text: each version's line, then its changes as diff hunks (the first
/// version, all new, is only counted).
fn history(id: &str, versions: &[AgreementVersion]) -> String {
    let mut out = format!(
        "{id}: {} version{}, newest first\n",
        versions.len(),
        if versions.len() == 1 { "" } else { "s" }
    );
    for v in versions {
        let _ = writeln!(
            out,
            "\nversion {} · {} {} by {}",
            v.version,
            v.action,
            v.changed_at,
            printable(&v.changed_by)
        );
        if v.diff.iter().all(|l| l.kind == DiffKind::Added) {
            let _ = writeln!(out, "  ({} lines of TOML)", v.diff.len());
            continue;
        }
        if v.diff.is_empty() {
            out.push_str("  (the same TOML)\n");
            continue;
        }
        let mut hunk_start = true;
        for l in &v.diff {
            if hunk_start {
                let at = |n: Option<u32>| n.map_or_else(|| "-".to_owned(), |n| n.to_string());
                let _ = writeln!(out, "  @@ line {} → {} @@", at(l.old_line), at(l.new_line));
                hunk_start = false;
            }
            let mark = match l.kind {
                DiffKind::Context => ' ',
                DiffKind::Removed => '-',
                DiffKind::Added => '+',
                DiffKind::Gap => {
                    hunk_start = true;
                    continue;
                }
            };
            let _ = writeln!(out, "  {mark}{}", printable(&l.text));
        }
    }
    out
}

fn summary(out: &mut String, file: &str, a: &Agreement) {
    let cal = &a.calendar;
    let _ = writeln!(out, "{file}: OK");
    let _ = writeln!(out, "  {} — {}", a.id, a.title);
    let _ = writeln!(
        out,
        "  {} for {}, {} · {} tier",
        a.provider, a.alliance, a.region, a.tier
    );
    let term = a.effective_to.map_or_else(
        || format!("from {} (open-ended)", a.effective_from),
        |to| format!("{} to {}", a.effective_from, to),
    );
    let _ = writeln!(
        out,
        "  Term: {term} · fee {} {} a month",
        a.monthly_fee, a.currency.code
    );
    if let Some(m) = &a.account_manager {
        let _ = writeln!(out, "  Account manager: {m}");
    }
    if !a.technical_staff.is_empty() {
        let _ = writeln!(out, "  Technical staff: {}", a.technical_staff.join("; "));
    }
    let _ = writeln!(out, "  Scope: {}", a.scope.join(", "));
    let _ = writeln!(
        out,
        "  Business hours ({}): {} h a week",
        cal.time_zone,
        hours(cal.week.weekly_secs())
    );
    for (i, day) in WEEKDAYS.iter().enumerate() {
        let w: Vec<String> = cal.week.day(i).iter().map(ToString::to_string).collect();
        let _ = writeln!(
            out,
            "    {day}  {}",
            if w.is_empty() {
                "closed".to_owned()
            } else {
                w.join(", ")
            }
        );
    }
    if !cal.holidays.is_empty() {
        let _ = writeln!(out, "  Holidays: {}", cal.holidays.len());
        for h in &cal.holidays {
            let _ = writeln!(out, "    {}  {}", h.date, h.name);
        }
    }
    let _ = writeln!(
        out,
        "  Targets            first response   resolution   clock"
    );
    for p in Priority::ALL {
        let t = a.target(*p);
        let fmt = |s: i64| format!("{} ({} h)", format_duration(s), hours(s));
        let clock = match t.clock {
            ClockKind::Business => "business hours",
            ClockKind::TwentyFourSeven => "24x7",
        };
        let _ = writeln!(
            out,
            "    {p}               {:<16} {:<12} {clock}",
            fmt(t.first_response_s),
            fmt(t.resolution_s)
        );
    }
    if !a.channels.is_empty() {
        let _ = writeln!(out, "  Channels:");
        for c in &a.channels {
            let hours = match &c.hours {
                ChannelHours::Calendar => "business hours".to_owned(),
                ChannelHours::Always => "24x7".to_owned(),
                ChannelHours::Weekly(w) => {
                    format!("own hours, {} h a week", hours(w.weekly_secs()))
                }
            };
            let after = if c.after_hours.is_empty() {
                String::new()
            } else {
                format!(" — after hours: {}", c.after_hours)
            };
            let _ = writeln!(out, "    {:<10} {hours}{after}", c.kind.as_str());
        }
    }
    if !a.responsibilities.is_empty() {
        let _ = writeln!(
            out,
            "  Customer responsibilities (the resolution clock pauses while waiting on the customer):"
        );
        for r in &a.responsibilities {
            let _ = writeln!(out, "    - {r}");
        }
    }
    if a.escalation.is_empty() {
        let _ = writeln!(out, "  Escalation: none");
    } else {
        let _ = writeln!(out, "  Escalation ladder:");
        for e in &a.escalation {
            let _ = writeln!(
                out,
                "    L{}  {} at {} × {} target → {}",
                e.level,
                e.name,
                e.at,
                e.clock,
                if e.contact.is_empty() {
                    "-"
                } else {
                    &e.contact
                }
            );
        }
    }
    let r = &a.reporting;
    let _ = writeln!(
        out,
        "  Reporting: every {} · compliance target {} · CSAT target {}",
        r.period,
        r.compliance_target.map_or("-".to_owned(), |v| format!(
            "{}%",
            (v * Decimal::ONE_HUNDRED).normalize()
        )),
        r.csat_target
            .map_or("-".to_owned(), |v| v.normalize().to_string())
    );
    let c = &a.credits;
    let per: Vec<String> = Priority::ALL
        .iter()
        .filter_map(|p| {
            c.per_breach[p.index()].map(|amount| match amount {
                CreditAmount::Fixed(v) => format!("{p} {v} {}", a.currency.code),
                CreditAmount::PercentOfFee(v) => {
                    format!("{p} {}% of the period fee", v.normalize())
                }
            })
        })
        .collect();
    let _ = writeln!(
        out,
        "  Credits per resolution breach: {}",
        if per.is_empty() {
            "none".to_owned()
        } else {
            per.join(", ")
        }
    );
    for b in &c.bands {
        let _ = writeln!(
            out,
            "    compliance below {}%: {}% of the period fee",
            (b.below * Decimal::ONE_HUNDRED).normalize(),
            b.percent.normalize()
        );
    }
    let _ = writeln!(
        out,
        "    cap: {}",
        c.cap_percent.map_or("none".to_owned(), |v| format!(
            "{}% of the period fee",
            v.normalize()
        ))
    );
    for w in warnings(a) {
        let _ = writeln!(out, "  warning: {w}");
    }
}
