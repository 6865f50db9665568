//! `accord agreement holidays`: an agreement's holidays with where each came from, and holidays
//! imported from an iCalendar file (`.ics`). The file's whole-day holidays within the
//! agreement's term are listed for approval first; only the dates approved with `--approve` are
//! added, as a new version of the agreement, each to the terms governing its date.

use std::fmt::Write as _;
use std::path::PathBuf;

use accord_app::holidays::{self, AddHolidays, ApprovedHoliday, HolidayFile};
use accord_core::Instant;
use accord_core::error::printable;
use anyhow::Context;
use clap::Subcommand;

use crate::{CliError, load, write};

/// Subcommands of `accord agreement holidays`.
#[derive(Subcommand, Debug)]
pub enum HolidaysCmd {
    /// The agreement's holidays, by the terms listing them, with the file each was added from.
    List {
        /// Agreement id.
        id: String,
        /// Database URL (default: $ACCORD_DB, else the per-user database).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
    /// Reads an iCalendar file's whole-day holidays in the agreement's term and lists them for
    /// approval; with --approve, adds the approved dates.
    Import {
        /// Agreement id.
        id: String,
        /// The iCalendar file.
        #[arg(value_name = "FILE.ics")]
        file: PathBuf,
        /// Which dates to add: `new` (every date not already a holiday), `future` (those from
        /// today on), or dates separated by commas (2026-11-26,2026-12-24). Without it, nothing
        /// is added.
        #[arg(long, value_name = "WHICH")]
        approve: Option<String>,
        /// Database URL (default: $ACCORD_DB, else the per-user database).
        #[arg(long, value_name = "URL")]
        db: Option<String>,
    },
}

/// Runs `accord agreement holidays …`.
pub fn run(cmd: HolidaysCmd) -> Result<(), CliError> {
    let rt = load::runtime()?;
    let now = Instant(chrono::Utc::now().timestamp());
    match cmd {
        HolidaysCmd::List { id, db } => {
            let store = load::open(&rt, db.as_deref())?;
            let list = rt.block_on(holidays::list(&store, &id))?;
            let mut out = format!("{id}: {} holiday{}\n", list.len(), plural(list.len()));
            for h in &list {
                let from = match (&h.source, &h.added) {
                    (Some(f), Some((at, by))) => {
                        format!(
                            "from {} ({}), added {at} by {}",
                            printable(f),
                            cal(h.calendar.as_deref()),
                            printable(by)
                        )
                    }
                    _ => "written in the terms".to_owned(),
                };
                let _ = writeln!(
                    out,
                    "  {}  {:<36} {:<18} {from}",
                    h.date,
                    printable(&h.name),
                    h.terms
                );
            }
            write::stdout_text(&out)?;
            Ok(())
        }
        HolidaysCmd::Import {
            id,
            file,
            approve,
            db,
        } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let name = file.file_name().map_or_else(
                || file.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let text = String::from_utf8(bytes).map_err(|_| {
                CliError::Input(format!(
                    "{}: not UTF-8 text (an iCalendar file is UTF-8)",
                    file.display()
                ))
            })?;
            let store = load::open(&rt, db.as_deref())?;
            let read = rt.block_on(holidays::read(&store, &id, &name, &text, now))?;
            let mut out = listing(&read);
            let Some(which) = approve else {
                out.push_str(
                    "nothing added: approve with --approve new, --approve future, or --approve DATE,DATE…\n",
                );
                write::stdout_text(&out)?;
                return Ok(());
            };
            let chosen = choose(&read, &which)?;
            let form = AddHolidays {
                agreement_id: read.agreement_id.clone(),
                version: read.version,
                file: read.file.clone(),
                calendar: read.calendar.clone(),
                holidays: chosen,
            };
            let actor = accord_app::actor();
            let added = rt.block_on(holidays::add(&store, &form, &actor, now))?;
            let _ = writeln!(
                out,
                "added {} holiday{} to {id} (version {}){}",
                added.added,
                plural(added.added as usize),
                added.version,
                if added.past > 0 {
                    format!(
                        "; {} of them before today: figures already reported for those days change",
                        added.past
                    )
                } else {
                    String::new()
                }
            );
            write::stdout_text(&out)?;
            Ok(())
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn cal(name: Option<&str>) -> String {
    name.map_or_else(
        || "no calendar name".to_owned(),
        |n| printable(n).into_owned(),
    )
}

/// The file's holidays as a person approves them: date, weekday, name, and a mark for those
/// already listed or in the past.
fn listing(f: &HolidayFile) -> String {
    let mut out = format!(
        "{} ({}): {} holiday{} from {} to {} for {}\n",
        printable(&f.file),
        cal(f.calendar.as_deref()),
        f.candidates.len(),
        plural(f.candidates.len()),
        f.from,
        f.to,
        f.agreement_id
    );
    for c in &f.candidates {
        let mark = match (&c.listed, c.past) {
            (Some(n), _) => format!("already a holiday ({})", printable(n)),
            (None, true) => "new, before today".to_owned(),
            (None, false) => "new".to_owned(),
        };
        let _ = writeln!(
            out,
            "  {} {}  {:<40} {mark}",
            c.date,
            c.weekday,
            printable(&c.name)
        );
    }
    for s in &f.skipped {
        let _ = writeln!(
            out,
            "  skipped (line {}): {} ({})",
            s.line,
            printable(&s.summary),
            s.reason
        );
    }
    out
}

/// The approved dates: `new`, `future`, or a list of dates, each of which must be a new
/// holiday of the file.
fn choose(f: &HolidayFile, which: &str) -> Result<Vec<ApprovedHoliday>, CliError> {
    let new = f.candidates.iter().filter(|c| c.listed.is_none());
    let picked: Vec<_> = match which.trim() {
        "new" => new.collect(),
        "future" => new.filter(|c| !c.past).collect(),
        list => {
            let mut out = Vec::new();
            for d in list.split(',').map(str::trim).filter(|d| !d.is_empty()) {
                let c = f.candidates.iter().find(|c| c.date == d).ok_or_else(|| {
                    CliError::Input(format!(
                        "--approve: {d} is not a holiday of {} in the term",
                        f.file
                    ))
                })?;
                if let Some(n) = &c.listed {
                    return Err(CliError::Input(format!(
                        "--approve: {d} is already a holiday ({n})"
                    )));
                }
                out.push(c);
            }
            out
        }
    };
    if picked.is_empty() {
        return Err(CliError::Input(format!(
            "--approve {which}: no new holiday to add"
        )));
    }
    Ok(picked
        .into_iter()
        .map(|c| ApprovedHoliday {
            date: c.date.clone(),
            name: c.name.clone(),
            uid: c.uid.clone(),
        })
        .collect())
}
