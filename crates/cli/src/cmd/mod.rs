//! One module per subcommand: its clap arguments and its handler, kept thin over `accord-core`.

pub mod agreement;
pub mod db;
pub mod demo;
pub mod explain;
pub mod export;
pub mod holidays;
pub mod import;
pub mod profile;
pub mod queue;
pub mod report;
pub mod simulate;
pub mod sla;
pub mod statement;
pub mod ticket;
