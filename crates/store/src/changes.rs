//! Who changed a ticket in Accord, and when: opening it from the form, adding an event,
//! assigning it, recording its CSAT (schema 8, `ticket_changes`).
//!
//! Each change is written in the transaction of the write it describes, keyed by the version
//! that write gave the ticket, so a change and its record exist together or not at all, and
//! the record read for a ticket shown at some version is exactly that version's. Imports write
//! none: their tickets' authors are the helpdesk's, which the exports do not carry.

use accord_core::Instant;
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Row, Transaction, Type};

use crate::sql::{Backend, Db, Value, with_pool};
use crate::{Store, StoreError};

/// What a person did to a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// Opened it from the form (or `accord ticket open`).
    Opened,
    /// Added an event; the detail is the event's position in the ticket's history.
    Event,
    /// Assigned it; the detail is the assignee, empty when cleared.
    Assigned,
    /// Recorded its CSAT; the detail is the score, empty when cleared.
    Csat,
}

impl ChangeKind {
    /// As stored.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Opened => "opened",
            Self::Event => "event",
            Self::Assigned => "assigned",
            Self::Csat => "csat",
        }
    }

    fn parse(s: &str) -> Result<Self, StoreError> {
        Ok(match s {
            "opened" => Self::Opened,
            "event" => Self::Event,
            "assigned" => Self::Assigned,
            "csat" => Self::Csat,
            other => {
                return Err(StoreError::Unreadable(format!(
                    "a ticket change of an unknown kind `{other}`"
                )));
            }
        })
    }
}

/// Who makes a change, and when (the wall clock, not the instant the change is about).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChangedBy<'a> {
    /// Their name (the OS user).
    pub name: &'a str,
    /// When the change is recorded.
    pub at: Instant,
}

/// One recorded change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketChange {
    /// The version of the ticket it wrote.
    pub version: i64,
    /// When it was recorded.
    pub at: Instant,
    /// Who made it.
    pub by: String,
    /// What it was.
    pub kind: ChangeKind,
    /// The assignee or score set, or the event's position (see [`ChangeKind`]).
    pub detail: String,
}

/// Records, in the transaction of the write it describes, that `by` made a change of `kind`
/// (with its `detail`) to ticket `id`, writing its `version`.
pub(crate) async fn record<DB>(
    tx: &mut Transaction<'static, DB>,
    (id, version): (&str, i64),
    by: ChangedBy<'_>,
    kind: ChangeKind,
    detail: &str,
) -> Result<(), StoreError>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    i64: Value<DB>,
{
    let sql = concat!(
        "INSERT INTO ticket_changes (ticket_id, version, changed_at, changed_by, what, detail) ",
        "VALUES ($1, $2, $3, $4, $5, $6)"
    );
    sqlx::query(&DB::sql(sql))
        .bind(id)
        .bind(version)
        .bind(by.at.0)
        .bind(by.name)
        .bind(kind.as_str())
        .bind(detail)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// The recorded changes of a ticket up to (and including) `version`, oldest first: those
    /// of the ticket as it was read at that version, never one made after.
    ///
    /// # Errors
    /// When the database cannot be read or holds a change this binary cannot read.
    pub async fn ticket_changes(
        &self,
        id: &str,
        version: i64,
    ) -> Result<Vec<TicketChange>, StoreError> {
        with_pool!(self, pool => Db(pool).changes(id, version).await)
    }
}

impl<DB> Db<'_, DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    i64: Value<DB>,
    String: Value<DB>,
    usize: ColumnIndex<DB::Row>,
{
    async fn changes(&self, id: &str, version: i64) -> Result<Vec<TicketChange>, StoreError> {
        let sql = concat!(
            "SELECT version, changed_at, changed_by, what, detail FROM ticket_changes ",
            "WHERE ticket_id = $1 AND version <= $2 ORDER BY version"
        );
        let rows = sqlx::query(&DB::sql(sql))
            .bind(id)
            .bind(version)
            .fetch_all(self.0)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(TicketChange {
                    version: r.try_get(0)?,
                    at: Instant(r.try_get(1)?),
                    by: r.try_get(2)?,
                    kind: ChangeKind::parse(&r.try_get::<String, _>(3)?)?,
                    detail: r.try_get(4)?,
                })
            })
            .collect()
    }
}
