//! `accord`: Accord's headless command line. Checks agreements, computes and explains SLAs and
//! reports from the interchange files of `formats.md` or from the database, imports and exports
//! them, and works the ticket queue — offline. Each subcommand is a thin module over
//! `accord-core` and `accord-app`.
//!
//! Exit status: 0 on success, 2 when the input is wrong (every problem is listed on stderr with
//! file, line, column and reason, and nothing is printed on stdout), 1 when the system failed or
//! refused (a file could not be read or written, a database conflict).

mod cmd;
mod load;
mod write;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

// Reading a million-ticket history makes millions of small allocations from several threads at
// once; mimalloc serves them faster than the system allocator and returns fewer fresh pages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Customer service agreements and the SLA numbers they promise.
#[derive(Parser, Debug)]
#[command(name = "accord", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Agreement files: validate and summarise.
    #[command(subcommand)]
    Agreement(cmd::agreement::AgreementCmd),
    /// Evaluate every ticket's SLA clocks at an instant.
    Sla(cmd::sla::SlaArgs),
    /// Show the timeline that made one ticket's SLA numbers.
    Explain(cmd::explain::ExplainArgs),
    /// Period metrics and credits (CSV), or the signed-off report (PDF, HTML).
    Report(cmd::report::ReportArgs),
    /// What-if: a period's tickets replayed against a changed agreement.
    Simulate(cmd::simulate::SimulateArgs),
    /// Import agreements, tickets and events into the database (all or nothing).
    Import(cmd::import::ImportArgs),
    /// Load the demo data, moved so its history ends this week (see --as-of).
    Demo(cmd::demo::DemoArgs),
    /// Write the database out as agreement TOML, tickets CSV and events CSV.
    Export(cmd::export::ExportArgs),
    /// Open tickets by next SLA deadline.
    Queue(cmd::queue::QueueArgs),
    /// Open, update and show tickets in the database.
    #[command(subcommand)]
    Ticket(cmd::ticket::TicketCmd),
    /// Mapping profiles for helpdesk imports: check, list, export.
    #[command(subcommand)]
    Profile(cmd::profile::ProfileCmd),
    /// Issued credit statements: issue, list, show, and what moved since (diff).
    #[command(subcommand)]
    Statement(cmd::statement::StatementCmd),
    /// The database: migrate, check, back up.
    #[command(subcommand)]
    Db(cmd::db::DbCmd),
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user's input is wrong; the message lists every problem.
    #[error("{0}")]
    Input(String),
    /// Something outside the input failed (I/O).
    #[error(transparent)]
    System(#[from] anyhow::Error),
}

impl From<accord_app::AppError> for CliError {
    fn from(e: accord_app::AppError) -> Self {
        match e {
            accord_app::AppError::Input(i) => i.into(),
            // A write the data's rules refuse is the user's input, like a bad file row.
            accord_app::AppError::Store(accord_store::StoreError::Rejected(r)) => Self::Input(r),
            accord_app::AppError::Store(s) => load::store_error(s),
            accord_app::AppError::Rejected(r) => Self::Input(r),
            accord_app::AppError::Report(r) => Self::System(anyhow::anyhow!(r)),
            e @ accord_app::AppError::Cancelled => Self::Input(e.to_string()),
        }
    }
}

impl From<accord_core::InputErrors> for CliError {
    fn from(e: accord_core::InputErrors) -> Self {
        Self::Input(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Agreement(c) => cmd::agreement::run(c),
        Command::Statement(c) => cmd::statement::run(c),
        Command::Profile(c) => cmd::profile::run(c),
        Command::Sla(a) => cmd::sla::run(&a),
        Command::Explain(a) => cmd::explain::run(&a),
        Command::Report(a) => cmd::report::run(&a),
        Command::Simulate(a) => cmd::simulate::run(&a),
        Command::Import(a) => cmd::import::run(&a),
        Command::Demo(a) => cmd::demo::run(&a),
        Command::Export(a) => cmd::export::run(&a),
        Command::Db(c) => cmd::db::run(&c),
        Command::Queue(a) => cmd::queue::run(&a),
        Command::Ticket(c) => cmd::ticket::run(c),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Input(msg)) => {
            write::stderr(&format!("{}\n", write::terminal(msg.trim_end())));
            ExitCode::from(2)
        }
        Err(CliError::System(e)) => {
            write::stderr(&format!("accord: {}\n", write::terminal(&format!("{e:#}"))));
            ExitCode::from(1)
        }
    }
}
