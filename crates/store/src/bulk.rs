//! Reading a whole history (every ticket of some agreements, with its events) out of a SQLite
//! file, for reports, summaries and exports.
//!
//! sqlx's SQLite driver hands rows over one at a time from its worker thread and copies every
//! value on the way (`sqlite3_value_dup`, with the two threads contending for the allocator):
//! about 5 µs a row, so 28 s for a million tickets with their 4.8 million events and notes.
//! This reader goes through rusqlite instead, on a read-only connection of its own, borrowing
//! each value where SQLite holds it; both queries run in one read transaction, so tickets and
//! events come from the same snapshot even while the app writes.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use accord_core::model::{Channel, EventKind, Priority};
use accord_core::{Event, Instant, Ticket, TicketSet};
use rusqlite::{Connection, OpenFlags, Row};

use crate::StoreError;

/// What the reader needs of one agreement.
#[derive(Debug, Clone)]
pub(crate) struct AgreementKeys {
    /// Its id, as tickets name it.
    pub id: String,
    /// Its service scope, which ticket categories index.
    pub scope: Vec<String>,
    /// Whether its tickets are read at all.
    pub wanted: bool,
}

fn unreadable(what: String) -> StoreError {
    StoreError::Unreadable(what)
}

fn text<'r>(row: &'r Row<'_>, i: usize) -> Result<&'r str, StoreError> {
    Ok(row.get_ref(i)?.as_str()?)
}

/// Reads the tickets of the wanted agreements (all of them when all are wanted) in id order,
/// with their events in stored order and, with `keep_text`, customers, subjects and notes.
pub(crate) fn read_tickets(
    path: &Path,
    agreements: &[AgreementKeys],
    keep_text: bool,
) -> Result<TicketSet, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let tx = conn.unchecked_transaction()?;
    let index: HashMap<&str, usize> = agreements
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let every = agreements.iter().all(|a| a.wanted);

    let mut tickets: Vec<Ticket> = Vec::new();
    let mut push = |row: &Row<'_>| -> Result<(), StoreError> {
        let id = text(row, 0)?;
        let agreement_id = text(row, 1)?;
        let a = *index
            .get(agreement_id)
            .ok_or_else(|| unreadable(format!("ticket {id} names agreement {agreement_id}")))?;
        let category = text(row, 5)?;
        let category = agreements[a]
            .scope
            .iter()
            .position(|c| c == category)
            .ok_or_else(|| unreadable(format!("ticket {id} has category {category}")))?;
        let kept = |i: usize| -> Result<Box<str>, StoreError> {
            Ok(if keep_text {
                text(row, i)?.into()
            } else {
                Box::default()
            })
        };
        tickets.push(Ticket {
            id: id.into(),
            agreement: u32::try_from(a).unwrap_or(u32::MAX),
            opened_at: Instant(row.get(2)?),
            priority: Priority::parse(text(row, 3)?).map_err(unreadable)?,
            channel: Channel::parse(text(row, 4)?).map_err(unreadable)?,
            category: u16::try_from(category).unwrap_or(u16::MAX),
            customer: kept(6)?,
            subject: kept(7)?,
            csat: row
                .get::<_, Option<i64>>(8)?
                .and_then(|c| u8::try_from(c).ok()),
        });
        Ok(())
    };
    const TICKET: &str = "SELECT id, agreement_id, opened_at, priority, channel, category, customer, subject, csat FROM tickets";
    if every {
        let mut stmt = tx.prepare(&format!("{TICKET} ORDER BY id"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            push(row)?;
        }
    } else {
        // Through the agreement index, one agreement at a time, then into id order.
        let mut stmt = tx.prepare(&format!("{TICKET} WHERE agreement_id = ?1"))?;
        for a in agreements.iter().filter(|a| a.wanted) {
            let mut rows = stmt.query([&a.id])?;
            while let Some(row) = rows.next()? {
                push(row)?;
            }
        }
        tickets.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    }

    let mut events: Vec<(u32, Event)> = Vec::new();
    let mut notes: Vec<Box<str>> = Vec::new();
    let mut event = |ticket: usize, row: &Row<'_>, from: usize| -> Result<(), StoreError> {
        let priority = match row.get_ref(from + 2)?.as_str_or_null()? {
            Some(p) => Some(Priority::parse(p).map_err(unreadable)?),
            None => None,
        };
        events.push((
            u32::try_from(ticket).unwrap_or(u32::MAX),
            Event {
                at: Instant(row.get(from)?),
                kind: EventKind::parse(text(row, from + 1)?).map_err(unreadable)?,
                priority,
            },
        ));
        if keep_text {
            notes.push(text(row, from + 3)?.into());
        }
        Ok(())
    };
    if every {
        // One pass over the whole table in key order (ticket, seq), matched to the tickets
        // (also in id order) by walking.
        let mut stmt = tx.prepare(
            "SELECT ticket_id, at, kind, priority, note FROM events ORDER BY ticket_id, seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut at = 0usize;
        while let Some(row) = rows.next()? {
            let id = text(row, 0)?;
            while tickets.get(at).is_some_and(|t| &*t.id < id) {
                at += 1;
            }
            if tickets.get(at).is_none_or(|t| &*t.id != id) {
                return Err(unreadable(format!("event of unknown ticket {id}")));
            }
            event(at, row, 1)?;
        }
    } else {
        // A key lookup per ticket, in id order, so neighbouring lookups share pages.
        let mut stmt = tx.prepare(
            "SELECT at, kind, priority, note FROM events WHERE ticket_id = ?1 ORDER BY seq",
        )?;
        for (i, t) in tickets.iter().enumerate() {
            let mut rows = stmt.query([&*t.id])?;
            while let Some(row) = rows.next()? {
                event(i, row, 0)?;
            }
        }
    }
    drop(tx);
    Ok(TicketSet::new(tickets, events, notes))
}
