//! One ticket at a time: read with its events, added, appended to, updated, each write guarded
//! by the ticket's version and recorded with who made it (`changes`). Also what a ticket row
//! means: its SLA summary as stored, and the one decoder of a stored ticket's columns, which
//! every reading of tickets goes through.

use std::collections::HashMap;

use accord_core::model::{Channel, EventKind, Priority};
use accord_core::{Event, Instant, Ticket};
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Row, Type};

use crate::sql::{BUMP_REVISION, Backend, Db, SET_SUMMARY, Value, with_pool};
use crate::{ChangeKind, ChangedBy, ImportPlan, NewTicket, Store, StoreError};

/// A change to a ticket's own fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TicketEdit {
    /// Assigns it (`None` clears its assignee).
    Assign(Option<String>),
    /// Records its CSAT score (`None` clears it).
    Csat(Option<u8>),
}

/// A ticket's SLA summary as the store keeps it (`accord_core::clock::Standing`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SlaSummary {
    /// Whether the resolution clock is not stopped.
    pub is_open: bool,
    /// The earliest due instant of a running clock.
    pub next_deadline: Option<Instant>,
    /// The escalation level passed at the last event.
    pub escalation_level: u32,
    /// The levels still to come, with the instant each is passed, in time order.
    pub escalations: Vec<(u32, Instant)>,
    /// Since when it waits on the customer, if it does.
    pub waiting_since: Option<Instant>,
    /// When a clock was first breached, by the last event.
    pub breached_at: Option<Instant>,
    /// The priority in force after the last event (`p1`..`p4`; empty: the opening one).
    pub current_priority: String,
}

impl SlaSummary {
    /// The schedule as stored: `level@instant;…`.
    #[must_use]
    pub fn packed_escalations(&self) -> String {
        let mut out = String::new();
        for (i, (level, at)) in self.escalations.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(&format!("{level}@{}", at.0));
        }
        out
    }

    /// The first and last instants of the schedule, which the watcher's index ranges over.
    pub(crate) fn escalation_span(&self) -> (Option<i64>, Option<i64>) {
        (
            self.escalations.first().map(|(_, at)| at.0),
            self.escalations.last().map(|(_, at)| at.0),
        )
    }
}

/// Reads a schedule packed by [`SlaSummary::packed_escalations`].
///
/// # Errors
/// When the text is not such a schedule.
pub fn unpack_escalations(text: &str) -> Result<Vec<(u32, Instant)>, StoreError> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(';')
        .map(|item| {
            let (level, at) = item.split_once('@').unwrap_or((item, ""));
            match (level.parse::<u32>(), at.parse::<i64>()) {
                (Ok(l), Ok(a)) => Ok((l, Instant(a))),
                _ => Err(StoreError::Unreadable(format!(
                    "escalation schedule `{text}`"
                ))),
            }
        })
        .collect()
}

/// A stored ticket as the store has it, with its events in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketRecord {
    /// Id.
    pub id: String,
    /// Agreement id.
    pub agreement_id: String,
    /// Opened at.
    pub opened_at: Instant,
    /// Priority at opening.
    pub priority: Priority,
    /// Channel.
    pub channel: Channel,
    /// Category.
    pub category: String,
    /// Customer.
    pub customer: String,
    /// Subject.
    pub subject: String,
    /// CSAT.
    pub csat: Option<u8>,
    /// Assignee.
    pub assignee: Option<String>,
    /// Bumped by every change (optimistic concurrency).
    pub version: i64,
    /// Events with their notes, in order.
    pub events: Vec<(Event, String)>,
}

/// What the ticket decoder needs of a driver's row: its columns by position, borrowed where
/// the driver holds them.
pub(crate) trait Columns {
    /// A text column.
    fn text(&self, i: usize) -> Result<&str, StoreError>;
    /// An integer column.
    fn int(&self, i: usize) -> Result<i64, StoreError>;
    /// An integer column that may be NULL.
    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError>;
}

impl<R> Columns for R
where
    R: Row,
    usize: ColumnIndex<R>,
    for<'r> &'r str: Decode<'r, R::Database> + Type<R::Database>,
    i64: Value<R::Database>,
{
    fn text(&self, i: usize) -> Result<&str, StoreError> {
        Ok(self.try_get(i)?)
    }

    fn int(&self, i: usize) -> Result<i64, StoreError> {
        Ok(self.try_get(i)?)
    }

    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        Ok(self.try_get(i)?)
    }
}

/// A stored ticket's columns, borrowed from the row of whichever reader has it: sqlx on
/// either back end, or the bulk reader of SQLite histories.
pub(crate) struct StoredTicket<'a> {
    pub id: &'a str,
    pub agreement_id: &'a str,
    pub opened_at: i64,
    pub priority: &'a str,
    pub channel: &'a str,
    pub category: &'a str,
    pub customer: &'a str,
    pub subject: &'a str,
    pub csat: Option<i64>,
}

impl<'a> StoredTicket<'a> {
    /// The first nine columns of `row`, which every statement that reads tickets starts with,
    /// in this order: id, agreement, opened at, priority, channel, category, customer,
    /// subject, CSAT.
    pub(crate) fn read(row: &'a impl Columns) -> Result<Self, StoreError> {
        Ok(Self {
            id: row.text(0)?,
            agreement_id: row.text(1)?,
            opened_at: row.int(2)?,
            priority: row.text(3)?,
            channel: row.text(4)?,
            category: row.text(5)?,
            customer: row.text(6)?,
            subject: row.text(7)?,
            csat: row.opt_int(8)?,
        })
    }

    /// The values that are decoded rather than copied: priority, channel and CSAT.
    fn decode(&self) -> Result<(Priority, Channel, Option<u8>), StoreError> {
        let bad = StoreError::Unreadable;
        Ok((
            Priority::parse(self.priority).map_err(bad)?,
            Channel::parse(self.channel).map_err(bad)?,
            self.csat.and_then(|c| u8::try_from(c).ok()),
        ))
    }

    /// The ticket as core holds it: `agreement` is its agreement's index in the list it is
    /// read against, `category` its category's in that agreement's scope; its customer and
    /// subject only with `keep_text`.
    pub(crate) fn ticket(
        &self,
        agreement: u32,
        category: u16,
        keep_text: bool,
    ) -> Result<Ticket, StoreError> {
        let (priority, channel, csat) = self.decode()?;
        let kept = |text: &str| -> Box<str> {
            if keep_text {
                text.into()
            } else {
                Box::default()
            }
        };
        Ok(Ticket {
            id: self.id.into(),
            agreement,
            opened_at: Instant(self.opened_at),
            priority,
            channel,
            category,
            customer: kept(self.customer),
            subject: kept(self.subject),
            csat,
        })
    }

    /// The ticket as [`Store::ticket`] returns it.
    fn record(
        &self,
        assignee: Option<String>,
        version: i64,
        events: Vec<(Event, String)>,
    ) -> Result<TicketRecord, StoreError> {
        let (priority, channel, csat) = self.decode()?;
        Ok(TicketRecord {
            id: self.id.to_owned(),
            agreement_id: self.agreement_id.to_owned(),
            opened_at: Instant(self.opened_at),
            priority,
            channel,
            category: self.category.to_owned(),
            customer: self.customer.to_owned(),
            subject: self.subject.to_owned(),
            csat,
            assignee,
            version,
            events,
        })
    }
}

impl Store {
    /// Adds one ticket, recorded as opened by `by`.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the id is taken; database errors.
    pub async fn insert_ticket(&self, t: &NewTicket, by: ChangedBy<'_>) -> Result<(), StoreError> {
        let plan = ImportPlan {
            new_tickets: vec![t.clone()],
            changes: vec![(
                t.ticket.id.to_string(),
                1,
                ChangeKind::Opened,
                String::new(),
            )],
            actor: by.name.to_owned(),
            at: by.at,
            ..ImportPlan::default()
        };
        match self.apply_raw(&plan).await {
            Err(StoreError::Sql(sqlx::Error::Database(e))) if e.is_unique_violation() => Err(
                StoreError::Conflict(format!("ticket {} exists already", t.ticket.id)),
            ),
            other => other,
        }
    }

    /// One ticket with its events, as one state of the database: one statement reads both
    /// (a statement sees one snapshot on either back end), so the version read always counts
    /// the events read with it, however writers interleave.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn ticket(&self, id: &str) -> Result<Option<TicketRecord>, StoreError> {
        with_pool!(self, pool => Db(pool).ticket(id).await)
    }

    /// Appends an event to a ticket as read by [`Self::ticket`], in one transaction: checks its
    /// version, lets `decide` validate the event and compute the ticket's new summary, then
    /// writes both, with the record of who added it — only if nobody changed the ticket since
    /// (the update names the version). Returns the ticket's new version.
    ///
    /// # Errors
    /// [`StoreError::NotFound`], [`StoreError::Conflict`] when the ticket changed since
    /// `expected_version`, [`StoreError::Rejected`] with `decide`'s reason; nothing is written.
    pub async fn append_event(
        &self,
        record: &TicketRecord,
        expected_version: i64,
        event: Event,
        note: &str,
        by: ChangedBy<'_>,
        decide: impl FnOnce(&TicketRecord) -> Result<SlaSummary, String> + Send,
    ) -> Result<i64, StoreError> {
        let id = record.id.as_str();
        if record.version != expected_version {
            return Err(StoreError::Conflict(format!(
                "ticket {id} was changed by someone else (version {expected_version} is now {})",
                record.version
            )));
        }
        let summary = decide(record).map_err(StoreError::Rejected)?;
        let written = with_pool!(self, pool => {
            Db(pool).append(record, expected_version, (event, note), by, &summary).await?
        });
        if written {
            Ok(expected_version + 1)
        } else {
            Err(StoreError::Conflict(format!(
                "ticket {id} was changed by someone else while this change was being made"
            )))
        }
    }

    /// Assigns a ticket or records its CSAT, with the record of who did; returns the new
    /// version.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the ticket changed since `expected_version`; not found.
    pub async fn edit_ticket(
        &self,
        id: &str,
        expected_version: i64,
        edit: TicketEdit,
        by: ChangedBy<'_>,
    ) -> Result<i64, StoreError> {
        let done = with_pool!(self, pool => {
            Db(pool).update(id, expected_version, &edit, by).await?
        });
        if done == 1 {
            return Ok(expected_version + 1);
        }
        match self.ticket(id).await? {
            None => Err(StoreError::NotFound(format!("ticket {id}"))),
            Some(t) => Err(StoreError::Conflict(format!(
                "ticket {id} was changed by someone else (version {expected_version} is now {})",
                t.version
            ))),
        }
    }

    /// Every ticket's version, by id. Read before a history (in another statement), it is
    /// never newer than that history, so a plan guarded by it can only be refused wrongly
    /// when a write came between the two readings, never accepted wrongly.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn ticket_versions(&self) -> Result<HashMap<String, i64>, StoreError> {
        let sql = "SELECT id, version FROM tickets";
        Ok(with_pool!(self, pool => Db(pool).numbers(sql).await?))
    }
}

impl<DB> Db<'_, DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Decode<'q, DB> + Type<DB>,
    for<'q> Option<&'q str>: Encode<'q, DB> + Type<DB>,
    i64: Value<DB>,
    Option<i64>: Value<DB>,
    String: Value<DB>,
    Option<String>: Value<DB>,
    usize: ColumnIndex<DB::Row>,
{
    /// [`Store::ticket`]'s reading.
    async fn ticket(&self, id: &str) -> Result<Option<TicketRecord>, StoreError> {
        // The ticket's columns on every row, an event's on each (none: one row of NULLs).
        let sql = concat!(
            "SELECT t.id, t.agreement_id, t.opened_at, t.priority, t.channel, t.category, ",
            "t.customer, t.subject, t.csat, t.assignee, t.version, ",
            "e.at, e.kind, e.note, e.priority ",
            "FROM tickets t LEFT JOIN events e ON e.ticket_id = t.id WHERE t.id = $1 ORDER BY e.seq"
        );
        let rows = sqlx::query(&DB::sql(sql))
            .bind(id)
            .fetch_all(self.0)
            .await?;
        let Some(r) = rows.first() else {
            return Ok(None);
        };
        let events = rows
            .iter()
            .filter_map(|e| match e.try_get::<Option<i64>, _>(11) {
                Ok(None) => None,
                Ok(Some(at)) => Some((|| {
                    Ok::<_, sqlx::Error>((
                        at,
                        e.try_get::<String, _>(12)?,
                        e.try_get::<String, _>(13)?,
                        e.try_get::<Option<String>, _>(14)?,
                    ))
                })()),
                Err(err) => Some(Err(err)),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let stored = StoredTicket::read(r)?;
        let assignee = r.try_get::<Option<String>, _>(9)?;
        let version = r.try_get::<i64, _>(10)?;
        let bad = StoreError::Unreadable;
        let events = events
            .into_iter()
            .map(|(at, kind, note, p)| {
                let priority = p.as_deref().map(Priority::parse).transpose().map_err(bad)?;
                Ok((
                    Event {
                        at: Instant(at),
                        kind: EventKind::parse(&kind).map_err(bad)?,
                        priority,
                    },
                    note,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(stored.record(assignee, version, events)?))
    }

    /// [`Store::append_event`]'s write: `false` when the ticket's version has moved on since
    /// `expected_version`.
    async fn append(
        &self,
        record: &TicketRecord,
        expected_version: i64,
        (event, note): (Event, &str),
        by: ChangedBy<'_>,
        summary: &SlaSummary,
    ) -> Result<bool, StoreError> {
        let id = record.id.as_str();
        let seq = i64::try_from(record.events.len()).unwrap_or(i64::MAX);
        let ins = concat!(
            "INSERT INTO events (ticket_id, seq, at, kind, note, priority) ",
            "VALUES ($1, $2, $3, $4, $5, $6)"
        );
        let upd = format!("{SET_SUMMARY}, version = version + 1 WHERE id = $10 AND version = $11");
        let (first, last) = summary.escalation_span();
        let mut tx = self.0.begin().await?;
        let done = sqlx::query(&DB::sql(&upd))
            .bind(i64::from(summary.is_open))
            .bind(summary.next_deadline.map(|d| d.0))
            .bind(i64::from(summary.escalation_level))
            .bind(summary.packed_escalations())
            .bind(first)
            .bind(last)
            .bind(summary.waiting_since.map(|d| d.0))
            .bind(summary.breached_at.map(|d| d.0))
            .bind(summary.current_priority.clone())
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
        if DB::rows_affected(&done) != 1 {
            return Ok(false);
        }
        // The version guard above makes this position free; should another writer have taken it
        // anyway, that is the same conflict, in words.
        sqlx::query(&DB::sql(ins))
            .bind(id)
            .bind(seq)
            .bind(event.at.0)
            .bind(event.kind.as_str())
            .bind(note)
            .bind(event.priority.map(Priority::as_str))
            .execute(&mut *tx)
            .await
            .map_err(|e| match e {
                sqlx::Error::Database(d) if d.is_unique_violation() => {
                    StoreError::Conflict(format!(
                        "ticket {id} was changed by someone else while this change was being made"
                    ))
                }
                e => StoreError::Sql(e),
            })?;
        let version = (id, expected_version + 1);
        crate::changes::record(&mut tx, version, by, ChangeKind::Event, &seq.to_string()).await?;
        sqlx::query(BUMP_REVISION).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// [`Store::edit_ticket`]'s write: the number of rows it changed (0 when the ticket is gone
    /// or its version has moved on).
    async fn update(
        &self,
        id: &str,
        expected_version: i64,
        edit: &TicketEdit,
        by: ChangedBy<'_>,
    ) -> Result<u64, StoreError> {
        let (csat, assignee, kind, detail) = match edit {
            TicketEdit::Assign(a) => (None, Some(a.clone()), ChangeKind::Assigned, a.clone()),
            TicketEdit::Csat(c) => (Some(*c), None, ChangeKind::Csat, c.map(|c| c.to_string())),
        };
        let sql = concat!(
            "UPDATE tickets SET csat = CASE WHEN $1 = 1 THEN $2 ELSE csat END, ",
            "assignee = CASE WHEN $3 = 1 THEN $4 ELSE assignee END, ",
            "version = version + 1 WHERE id = $5 AND version = $6"
        );
        let mut tx = self.0.begin().await?;
        let done = sqlx::query(&DB::sql(sql))
            .bind(i64::from(csat.is_some()))
            .bind(csat.flatten().map(i64::from))
            .bind(i64::from(assignee.is_some()))
            .bind(assignee.flatten())
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
        let n = DB::rows_affected(&done);
        if n == 1 {
            let version = (id, expected_version + 1);
            let detail = detail.unwrap_or_default();
            crate::changes::record(&mut tx, version, by, kind, &detail).await?;
            sqlx::query(BUMP_REVISION).execute(&mut *tx).await?;
            tx.commit().await?;
        }
        Ok(n)
    }
}
