//! An import written to SQLite: new tickets and events by multi-row INSERTs of [`BATCH`] rows.

use accord_core::model::Priority;
use sqlx::sqlite::SqlitePool;
use sqlx::{Sqlite, Transaction};

use super::{write_agreements, write_changes, write_summaries};
use crate::sql::{BUMP_REVISION, values_sql};
use crate::{ImportPlan, StoreError};

/// Rows per multi-row INSERT: well under SQLite's 32,766 parameters.
const BATCH: usize = 500;

/// The columns of a new ticket, as its multi-row INSERT binds them (18 a row).
const INSERT_TICKETS: &str = concat!(
    "INSERT INTO tickets (id, agreement_id, opened_at, priority, channel, category, customer, ",
    "subject, csat, is_open, next_deadline, escalation_level, escalations, escalation_first, ",
    "escalation_last, waiting_since, breached_at, current_priority) VALUES "
);

/// The columns of a new event, as its multi-row INSERT binds them (6 a row).
const INSERT_EVENTS: &str = "INSERT INTO events (ticket_id, seq, at, kind, note, priority) VALUES ";

/// Writes `plan` in one transaction.
pub(super) async fn apply(pool: &SqlitePool, plan: &ImportPlan) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    write(&mut tx, plan).await?;
    tx.commit().await?;
    Ok(())
}

async fn write(tx: &mut Transaction<'static, Sqlite>, plan: &ImportPlan) -> Result<(), StoreError> {
    write_agreements(tx, plan).await?;
    write_summaries(tx, plan).await?;
    for chunk in plan.new_tickets.chunks(BATCH) {
        let sql = values_sql(INSERT_TICKETS, chunk.len(), 18);
        let mut q = sqlx::query(&sql);
        for t in chunk {
            let (first, last) = t.summary.escalation_span();
            q = q
                .bind(&*t.ticket.id)
                .bind(&t.agreement_id)
                .bind(t.ticket.opened_at.0)
                .bind(t.ticket.priority.as_str())
                .bind(t.ticket.channel.as_str())
                .bind(&t.category)
                .bind(&*t.ticket.customer)
                .bind(&*t.ticket.subject)
                .bind(t.ticket.csat.map(i64::from))
                .bind(i64::from(t.summary.is_open))
                .bind(t.summary.next_deadline.map(|d| d.0))
                .bind(i64::from(t.summary.escalation_level))
                .bind(t.summary.packed_escalations())
                .bind(first)
                .bind(last)
                .bind(t.summary.waiting_since.map(|d| d.0))
                .bind(t.summary.breached_at.map(|d| d.0))
                .bind(t.summary.current_priority.as_str());
        }
        q.execute(&mut **tx).await?;
    }
    for chunk in plan.new_events.chunks(BATCH) {
        let sql = values_sql(INSERT_EVENTS, chunk.len(), 6);
        let mut q = sqlx::query(&sql);
        for e in chunk {
            q = q
                .bind(&*e.ticket_id)
                .bind(e.seq)
                .bind(e.event.at.0)
                .bind(e.event.kind.as_str())
                .bind(&*e.note)
                .bind(e.event.priority.map(Priority::as_str));
        }
        q.execute(&mut **tx).await?;
    }
    write_changes(tx, plan).await?;
    sqlx::query(BUMP_REVISION).execute(&mut **tx).await?;
    Ok(())
}
