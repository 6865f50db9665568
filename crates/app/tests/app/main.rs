//! The use cases' integration tests, in one test binary with a module per concern: each test
//! binary links the whole stack (store, engine, typesetter), so one binary instead of eight
//! saves CI a gigabyte of disk and minutes of linking. nextest still runs every test in a
//! process of its own.

mod agreement_history;
mod backends;
mod holidays;
mod imports;
mod races;
mod reports;
mod sources;
mod statements;
mod ticket_input;
