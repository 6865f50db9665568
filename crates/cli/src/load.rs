//! Reading the user's input files into core values, with every problem located.

use std::path::{Path, PathBuf};

use accord_core::error::{InputError, InputErrors};
use accord_core::input::{ReadOptions, read_ticket_set_from};
use accord_core::{Agreement, Instant, TicketSet, parse_agreement};
use anyhow::Context;

use crate::CliError;

fn whole_file(file: &str, reason: String) -> InputErrors {
    InputError::whole_file(file, reason).into()
}

/// Expands `PATH...` (agreement `.toml` files, or folders of them) into files, sorted per folder.
fn agreement_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    let mut files = Vec::new();
    let mut errors = InputErrors::default();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("reading folder {}", p.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| f.extension().is_some_and(|x| x == "toml") && f.is_file())
                .collect();
            found.sort();
            if found.is_empty() {
                errors.push(
                    whole_file(
                        &p.display().to_string(),
                        "this folder holds no .toml agreement".into(),
                    )
                    .errors
                    .remove(0),
                );
            }
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            errors.push(
                whole_file(&p.display().to_string(), "no such file or folder".into())
                    .errors
                    .remove(0),
            );
        }
    }
    errors.into_result(files).map_err(Into::into)
}

/// Reads a file the user named; a missing file is an input error, other failures are system errors.
fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| file_error(e, path))
}

/// A missing file is an input error; any other failure to read it is a system error.
fn file_error(e: std::io::Error, path: &Path) -> CliError {
    if e.kind() == std::io::ErrorKind::NotFound {
        whole_file(&path.display().to_string(), "no such file".into()).into()
    } else {
        system(e, path)
    }
}

fn system(e: std::io::Error, path: &Path) -> CliError {
    CliError::System(anyhow::Error::new(e).context(format!("reading {}", path.display())))
}

/// Reads and validates agreements; ids must be unique across files.
pub fn agreements(paths: &[PathBuf]) -> Result<Vec<(PathBuf, Agreement)>, CliError> {
    let files = agreement_files(paths)?;
    let mut out: Vec<(PathBuf, Agreement)> = Vec::new();
    let mut errors = InputErrors::default();
    for f in files {
        let name = f.display().to_string();
        let bytes = read(&f)?;
        let Ok(src) = std::str::from_utf8(&bytes) else {
            errors.push(whole_file(&name, "not UTF-8 text".into()).errors.remove(0));
            continue;
        };
        match parse_agreement(&name, src) {
            Ok(a) => {
                if let Some((other, _)) = out.iter().find(|(_, b)| b.id == a.id) {
                    let reason = format!(
                        "agreement id `{}` is also used by {}",
                        a.id,
                        other.display()
                    );
                    errors.push(InputError {
                        file: name,
                        line: 1,
                        column: 0,
                        key: "id".into(),
                        reason,
                    });
                } else {
                    out.push((f, a));
                }
            }
            Err(e) => errors.extend(e),
        }
    }
    errors.into_result(out).map_err(Into::into)
}

/// Everything `sla` and `explain` read: agreements, tickets, events.
pub struct Inputs {
    pub agreements: Vec<Agreement>,
    pub tickets: TicketSet,
    /// The database they were read from, still open (none for files).
    pub database: Option<Database>,
}

/// An open database with the runtime its driver runs on.
pub struct Database {
    pub rt: tokio::runtime::Runtime,
    pub store: accord_store::Store,
}

/// Reads agreements, tickets and events.
pub fn inputs(
    agreement_paths: &[PathBuf],
    tickets: &Path,
    events: &Path,
    opts: ReadOptions<'_>,
) -> Result<Inputs, CliError> {
    let agreements: Vec<Agreement> = agreements(agreement_paths)?
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    // The events file, the larger, is parsed block by block as it is read.
    let events_file = std::fs::File::open(events).map_err(|e| file_error(e, events))?;
    let t = read(tickets)?;
    let set = read_ticket_set_from(
        &tickets.display().to_string(),
        t,
        &events.display().to_string(),
        events_file,
        &agreements,
        opts,
    )
    .map_err(|e| system(e, events))??;
    Ok(Inputs {
        agreements,
        tickets: set,
        database: None,
    })
}

/// Where the data comes from: interchange files, or a database.
#[derive(clap::Args, Debug, Clone)]
pub struct Source {
    /// Agreement TOML files, or folders of them (with --tickets and --events).
    #[arg(long, num_args = 1.., value_name = "PATH", requires_all = ["tickets", "events"])]
    pub agreements: Vec<PathBuf>,
    /// Tickets CSV.
    #[arg(long, value_name = "FILE", requires = "agreements")]
    pub tickets: Option<PathBuf>,
    /// Events CSV.
    #[arg(long, value_name = "FILE", requires = "agreements")]
    pub events: Option<PathBuf>,
    /// Database URL (`sqlite://PATH` or `postgres://…`) when no files are given; default:
    /// $ACCORD_DB, else the per-user database.
    #[arg(long, value_name = "URL", conflicts_with = "agreements")]
    pub db: Option<String>,
}

impl Source {
    /// Whether the data is read from a database (no ticket and event files given).
    pub const fn is_database(&self) -> bool {
        self.tickets.is_none() || self.events.is_none()
    }
}

/// The database URL: `--db`, else `$ACCORD_DB`, else the per-user default.
pub fn db_url(db: Option<&str>) -> Result<String, CliError> {
    match db
        .map(str::to_owned)
        .or_else(|| std::env::var("ACCORD_DB").ok().filter(|v| !v.is_empty()))
    {
        Some(u) => Ok(u),
        None => accord_store::Store::default_url().map_err(|e| CliError::System(e.into())),
    }
}

/// A runtime for the database's asynchronous driver.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            CliError::System(anyhow::Error::new(e).context("starting the database runtime"))
        })
}

/// Opens the database (migrating it if needed).
pub fn open(
    rt: &tokio::runtime::Runtime,
    db: Option<&str>,
) -> Result<accord_store::Store, CliError> {
    let url = db_url(db)?;
    let now = Instant(chrono::Utc::now().timestamp());
    Ok(rt.block_on(accord_app::database::open(&url, now))?)
}

/// Store errors: a refusal the user can act on is still a failure of the system (status 1),
/// but worded as the store words it.
pub fn store_error(e: accord_store::StoreError) -> CliError {
    CliError::System(anyhow::anyhow!("{e}"))
}

/// Reads the data from files or a database. Over a database, `only` (when given) limits the
/// tickets read to those of the agreements it accepts; files are always read and checked whole.
pub fn source(
    src: &Source,
    opts: ReadOptions<'_>,
    only: Option<&(dyn Fn(&Agreement) -> bool + Sync)>,
) -> Result<Inputs, CliError> {
    match (&src.tickets, &src.events) {
        (Some(t), Some(e)) => inputs(&src.agreements, t, e, opts),
        _ => {
            let rt = runtime()?;
            let store = open(&rt, src.db.as_deref())?;
            let wanted = |a: &Agreement| only.is_none_or(|f| f(a));
            let (agreements, tickets) = rt
                .block_on(accord_app::reports::load_of(&store, wanted, opts.keep_text))
                .map_err(CliError::from)?;
            Ok(Inputs {
                agreements,
                tickets,
                database: Some(Database { rt, store }),
            })
        }
    }
}

/// Parses `--as-of` (RFC 3339), defaulting to now.
pub fn as_of(text: Option<&str>) -> Result<Instant, CliError> {
    match text {
        None => Ok(Instant(chrono::Utc::now().timestamp())),
        Some(t) => Instant::parse(t).map_err(|e| CliError::Input(format!("--as-of: {e}"))),
    }
}
