//! The commands the window may call, one module per noun. Each is a few lines: take the
//! arguments, call a use case of `accord-app`, map its error to [`crate::error::IpcError`].

pub mod agreements;
pub mod data;
pub mod holidays;
pub mod queue;
pub mod reports;
pub mod settings;
pub mod sources;
pub mod statements;
pub mod tickets;

/// What every command returns.
pub type Reply<T> = Result<T, crate::error::IpcError>;
