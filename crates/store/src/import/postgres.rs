//! An import written to PostgreSQL: new tickets and events arrive by `COPY … FROM STDIN` (CSV),
//! many times faster than INSERTs; everything else as on SQLite.

use accord_core::model::Priority;
use sqlx::postgres::PgPool;
use sqlx::{Postgres, Transaction};

use super::{write_agreements, write_changes, write_summaries};
use crate::sql::BUMP_REVISION;
use crate::{ImportPlan, StoreError};

const COPY_TICKETS: &str = concat!(
    "COPY tickets (id, agreement_id, opened_at, priority, channel, category, customer, subject, ",
    "csat, is_open, next_deadline, escalation_level, escalations, escalation_first, ",
    "escalation_last, waiting_since, breached_at, current_priority) FROM STDIN WITH (FORMAT csv)"
);

const COPY_EVENTS: &str =
    "COPY events (ticket_id, seq, at, kind, note, priority) FROM STDIN WITH (FORMAT csv)";

/// Writes `plan` in one transaction.
pub(super) async fn apply(pool: &PgPool, plan: &ImportPlan) -> Result<(), StoreError> {
    let mut tx = pool.begin().await?;
    write(&mut tx, plan).await?;
    tx.commit().await?;
    Ok(())
}

async fn write(
    tx: &mut Transaction<'static, Postgres>,
    plan: &ImportPlan,
) -> Result<(), StoreError> {
    write_agreements(tx, plan).await?;
    write_summaries(tx, plan).await?;
    sqlx::query(BUMP_REVISION).execute(&mut **tx).await?;
    if !plan.new_tickets.is_empty() {
        let mut csv = Vec::with_capacity(plan.new_tickets.len() * 128);
        for t in &plan.new_tickets {
            let k = &t.ticket;
            let (first, last) = t.summary.escalation_span();
            copy_row(
                &mut csv,
                &[
                    Some(&*k.id),
                    Some(&t.agreement_id),
                    Some(&k.opened_at.0.to_string()),
                    Some(k.priority.as_str()),
                    Some(k.channel.as_str()),
                    Some(&t.category),
                    Some(&k.customer),
                    Some(&k.subject),
                    k.csat.map(|c| c.to_string()).as_deref(),
                    Some(if t.summary.is_open { "1" } else { "0" }),
                    t.summary.next_deadline.map(|d| d.0.to_string()).as_deref(),
                    Some(&t.summary.escalation_level.to_string()),
                    Some(&t.summary.packed_escalations()),
                    first.map(|d| d.to_string()).as_deref(),
                    last.map(|d| d.to_string()).as_deref(),
                    t.summary.waiting_since.map(|d| d.0.to_string()).as_deref(),
                    t.summary.breached_at.map(|d| d.0.to_string()).as_deref(),
                    Some(&t.summary.current_priority),
                ],
            );
        }
        copy_in(tx, COPY_TICKETS, csv).await?;
    }
    if !plan.new_events.is_empty() {
        let mut csv = Vec::with_capacity(plan.new_events.len() * 80);
        for e in &plan.new_events {
            copy_row(
                &mut csv,
                &[
                    Some(&e.ticket_id),
                    Some(&e.seq.to_string()),
                    Some(&e.event.at.0.to_string()),
                    Some(e.event.kind.as_str()),
                    Some(&e.note),
                    e.event.priority.map(Priority::as_str),
                ],
            );
        }
        copy_in(tx, COPY_EVENTS, csv).await?;
    }
    write_changes(tx, plan).await?;
    Ok(())
}

/// Sends `csv` to a COPY `statement`, a MiB at a time.
async fn copy_in(
    tx: &mut Transaction<'static, Postgres>,
    statement: &str,
    csv: Vec<u8>,
) -> Result<(), StoreError> {
    let mut copy = tx.copy_in_raw(statement).await?;
    for chunk in csv.chunks(1 << 20) {
        copy.send(chunk).await?;
    }
    copy.finish().await?;
    Ok(())
}

/// One COPY CSV row: `None` is NULL (an empty unquoted field), every text is quoted (so an
/// empty string stays an empty string).
fn copy_row(out: &mut Vec<u8>, fields: &[Option<&str>]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if let Some(v) = f {
            out.push(b'"');
            for b in v.bytes() {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        }
    }
    out.push(b'\n');
}
