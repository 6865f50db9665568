//! Reading a whole history (every ticket of some agreements, with its events) out of a SQLite
//! file, for reports, summaries and exports.
//!
//! sqlx's SQLite driver hands rows over one at a time from its worker thread and copies every
//! value on the way (`sqlite3_value_dup`, with the two threads contending for the allocator):
//! about 5 µs a row, so 28 s for a million tickets with their 4.8 million events and notes.
//! This reader goes through rusqlite instead, on read-only connections of its own, borrowing
//! each value where SQLite holds it (pages memory-mapped, not copied in by a read call each).
//! The tickets are cut into ranges of ids, one per core, each read with its events on its own
//! connection in one read transaction; the parts are used only when every transaction saw the
//! same revision (the store bumps it with every write), so the whole comes from one state of
//! the database even while the app writes.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use accord_core::model::{Channel, EventKind, Priority};
use accord_core::{Event, Instant, Ticket, TicketSet};
use rusqlite::{Connection, OpenFlags, Row, Transaction};

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

/// A stored ticket's columns, as either back end hands them over.
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

/// The agreements a history is read against, looked up by id.
pub(crate) struct Against<'a> {
    agreements: &'a [AgreementKeys],
    index: HashMap<&'a str, usize>,
}

impl<'a> Against<'a> {
    pub(crate) fn new(agreements: &'a [AgreementKeys]) -> Self {
        let index = agreements
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        Self { agreements, index }
    }

    /// The ticket as core holds it (its free text only with `keep_text`), or `None` when its
    /// agreement is not wanted.
    pub(crate) fn ticket(
        &self,
        t: &StoredTicket<'_>,
        keep_text: bool,
    ) -> Result<Option<Ticket>, StoreError> {
        let a = *self.index.get(t.agreement_id).ok_or_else(|| {
            unreadable(format!(
                "ticket {} names agreement {}",
                t.id, t.agreement_id
            ))
        })?;
        let agreement = &self.agreements[a];
        if !agreement.wanted {
            return Ok(None);
        }
        let category = agreement
            .scope
            .iter()
            .position(|c| c == t.category)
            .ok_or_else(|| unreadable(format!("ticket {} has category {}", t.id, t.category)))?;
        let kept = |text: &str| -> Box<str> {
            if keep_text {
                text.into()
            } else {
                Box::default()
            }
        };
        Ok(Some(Ticket {
            id: t.id.into(),
            agreement: u32::try_from(a).unwrap_or(u32::MAX),
            opened_at: Instant(t.opened_at),
            priority: Priority::parse(t.priority).map_err(unreadable)?,
            channel: Channel::parse(t.channel).map_err(unreadable)?,
            category: u16::try_from(category).unwrap_or(u16::MAX),
            customer: kept(t.customer),
            subject: kept(t.subject),
            csat: t.csat.and_then(|c| u8::try_from(c).ok()),
        }))
    }
}

/// How often a read is started again when the database changed between its parts' snapshots.
const ATTEMPTS: usize = 5;

/// Reads the tickets of the wanted agreements (all of them when all are wanted) in id order,
/// with their events in stored order and, with `keep_text`, customers, subjects and notes.
pub(crate) fn read_tickets(
    path: &Path,
    agreements: &[AgreementKeys],
    keep_text: bool,
) -> Result<TicketSet, StoreError> {
    let parts = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8));
    for _ in 0..ATTEMPTS {
        if let Some(set) = read_once(path, agreements, keep_text, parts)? {
            return Ok(set);
        }
    }
    Err(StoreError::Conflict(
        "the database kept changing while its history was read".into(),
    ))
}

fn connect(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(Duration::from_secs(10))?;
    // The pragma answers with the size it set, so it is read as a query.
    conn.pragma_update_and_check(None, "mmap_size", 1i64 << 40, |_| Ok(()))?;
    Ok(conn)
}

/// Starts a read transaction and fixes its snapshot by reading the revision.
fn snapshot(conn: &Connection) -> Result<(Transaction<'_>, i64), StoreError> {
    let tx = conn.unchecked_transaction()?;
    let revision = tx.query_row("SELECT n FROM revision WHERE id = 1", [], |r| r.get(0))?;
    Ok((tx, revision))
}

/// One read in `parts` ranges; `None` when the database changed between their snapshots.
fn read_once(
    path: &Path,
    agreements: &[AgreementKeys],
    keep_text: bool,
    parts: usize,
) -> Result<Option<TicketSet>, StoreError> {
    let conn = connect(path)?;
    let (tx, revision) = snapshot(&conn)?;
    let count: i64 = tx.query_row("SELECT count(*) FROM tickets", [], |r| r.get(0))?;
    let mut bounds: Vec<String> = Vec::new();
    let parts_i64 = i64::try_from(parts).unwrap_or(1);
    for k in 1..parts_i64 {
        let at: Option<String> = tx
            .query_row(
                "SELECT id FROM tickets ORDER BY id LIMIT 1 OFFSET ?1",
                [count * k / parts_i64],
                |r| r.get(0),
            )
            .map(Some)
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        if let Some(at) = at
            && bounds.last().is_none_or(|b| *b < at)
        {
            bounds.push(at);
        }
    }
    // Range k is [bounds[k-1], bounds[k]); the first starts at the smallest id, the last has no end.
    let range = |k: usize| {
        (
            k.checked_sub(1).map(|j| bounds[j].as_str()),
            bounds.get(k).map(String::as_str),
        )
    };
    let read = ReadRange {
        agreements,
        keep_text,
    };
    let results: Vec<Result<Option<Part>, StoreError>> = std::thread::scope(|s| {
        let others: Vec<_> = (1..=bounds.len())
            .map(|k| {
                let read = &read;
                s.spawn(move || -> Result<Option<Part>, StoreError> {
                    let conn = connect(path)?;
                    let (tx, seen) = snapshot(&conn)?;
                    if seen != revision {
                        return Ok(None);
                    }
                    read.range(&tx, range(k)).map(Some)
                })
            })
            .collect();
        let mut results = vec![read.range(&tx, range(0)).map(Some)];
        results.extend(others.into_iter().map(|h| {
            h.join()
                .unwrap_or_else(|_| Err(StoreError::Unreadable("a reading thread failed".into())))
        }));
        results
    });
    let mut tickets = Vec::new();
    let mut events = Vec::new();
    let mut notes = Vec::new();
    for part in results {
        let Some(part) = part? else {
            return Ok(None);
        };
        let offset = u32::try_from(tickets.len()).unwrap_or(u32::MAX);
        tickets.extend(part.tickets);
        events.extend(part.events.into_iter().map(|(t, e)| (t + offset, e)));
        notes.extend(part.notes);
    }
    Ok(Some(TicketSet::new(tickets, events, notes)))
}

/// The tickets of one range of ids, with their events (ticket numbers local to the part).
#[derive(Default)]
struct Part {
    tickets: Vec<Ticket>,
    events: Vec<(u32, Event)>,
    notes: Vec<Box<str>>,
}

/// What every range is read against.
struct ReadRange<'a> {
    agreements: &'a [AgreementKeys],
    keep_text: bool,
}

impl ReadRange<'_> {
    /// The wanted tickets with ids in `[from, to)` (unbounded where `None`), in id order.
    fn range(
        &self,
        tx: &Transaction<'_>,
        (from, to): (Option<&str>, Option<&str>),
    ) -> Result<Part, StoreError> {
        let agreements = self.agreements;
        let keep_text = self.keep_text;
        let against = Against::new(agreements);
        let every = agreements.iter().all(|a| a.wanted);
        let from = from.unwrap_or("");
        let bound = |column: &str| match to {
            Some(_) => format!("{column} >= ?1 AND {column} < ?2"),
            None => format!("{column} >= ?1"),
        };
        let params = |stmt: &mut rusqlite::Statement<'_>| -> Result<(), StoreError> {
            stmt.raw_bind_parameter(1, from)?;
            if let Some(to) = to {
                stmt.raw_bind_parameter(2, to)?;
            }
            Ok(())
        };
        let mut part = Part::default();
        let mut stmt = tx.prepare(&format!(
            "SELECT id, agreement_id, opened_at, priority, channel, category, customer, subject, csat \
             FROM tickets WHERE {} ORDER BY id",
            bound("id")
        ))?;
        params(&mut stmt)?;
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next()? {
            let stored = StoredTicket {
                id: text(row, 0)?,
                agreement_id: text(row, 1)?,
                opened_at: row.get(2)?,
                priority: text(row, 3)?,
                channel: text(row, 4)?,
                category: text(row, 5)?,
                customer: text(row, 6)?,
                subject: text(row, 7)?,
                csat: row.get(8)?,
            };
            if let Some(ticket) = against.ticket(&stored, keep_text)? {
                part.tickets.push(ticket);
            }
        }
        drop(rows);

        let Part {
            tickets,
            events,
            notes,
        } = &mut part;
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
            // One pass over the range of the table in key order (ticket, seq), matched to the
            // tickets (also in id order) by walking.
            let mut stmt = tx.prepare(&format!(
                "SELECT ticket_id, at, kind, priority, {} FROM events WHERE {} ORDER BY ticket_id, seq",
                if keep_text { "note" } else { "''" },
                bound("ticket_id")
            ))?;
            params(&mut stmt)?;
            let mut rows = stmt.raw_query();
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
            // A key lookup per wanted ticket, in id order, so neighbouring lookups share pages.
            let mut stmt = tx.prepare(&format!(
                "SELECT at, kind, priority, {} FROM events WHERE ticket_id = ?1 ORDER BY seq",
                if keep_text { "note" } else { "''" }
            ))?;
            for (i, t) in tickets.iter().enumerate() {
                let mut rows = stmt.query([&*t.id])?;
                while let Some(row) = rows.next()? {
                    event(i, row, 0)?;
                }
            }
        }
        Ok(part)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database of `n` tickets of two agreements, ids in no particular order, with 0–3
    /// events each (notes, some with a priority).
    fn database(dir: &Path, n: usize) -> std::path::PathBuf {
        let path = dir.join("bulk.db");
        let conn = Connection::open(&path).unwrap();
        // As the store keeps its databases.
        conn.pragma_update_and_check(None, "journal_mode", "wal", |_| Ok(()))
            .unwrap();
        for sql in [
            include_str!("../migrations/sqlite/0001_init.sql"),
            include_str!("../migrations/sqlite/0002_escalations_revision.sql"),
            include_str!("../migrations/sqlite/0003_open_tickets_index.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        for a in ["A", "B"] {
            conn.execute(
                "INSERT INTO agreements (id, source, title, provider, alliance, region, tier, effective_from, updated_at, updated_by) \
                 VALUES (?1, '', '', '', '', '', 'basic', '2026-01-01', 0, 'test')",
                [a],
            )
            .unwrap();
        }
        for i in 0..n {
            // A scrambled order of ids, so insertion order is not id order.
            let id = format!("T-{:05}", (i * 7919) % 100_003);
            let agreement = if i % 3 == 0 { "B" } else { "A" };
            conn.execute(
                "INSERT INTO tickets (id, agreement_id, opened_at, priority, channel, category, customer, subject, csat) \
                 VALUES (?1, ?2, ?3, 'p2', 'email', 'billing', ?4, ?5, ?6)",
                rusqlite::params![
                    id,
                    agreement,
                    1_000 + i64::try_from(i).unwrap(),
                    format!("customer {i}"),
                    format!("subject, \"{i}\""),
                    (i % 2 == 0).then_some(4)
                ],
            )
            .unwrap();
            for seq in 0..i % 4 {
                conn.execute(
                    "INSERT INTO events (ticket_id, seq, at, kind, note, priority) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    rusqlite::params![
                        id,
                        seq,
                        2_000 + i64::try_from(i * 10 + seq).unwrap(),
                        if seq == 2 { "priority_changed" } else { "responded" },
                        format!("note {i}.{seq}"),
                        (seq == 2).then_some("p1")
                    ],
                )
                .unwrap();
            }
        }
        path
    }

    fn keys(b_wanted: bool) -> Vec<AgreementKeys> {
        ["A", "B"]
            .into_iter()
            .map(|id| AgreementKeys {
                id: id.into(),
                scope: vec!["billing".into()],
                wanted: id == "A" || b_wanted,
            })
            .collect()
    }

    fn flat(set: &TicketSet) -> Vec<(Ticket, Vec<Event>, Vec<Box<str>>)> {
        (0..set.len())
            .map(|i| {
                (
                    set.tickets[i].clone(),
                    set.events(i).to_vec(),
                    set.notes(i).to_vec(),
                )
            })
            .collect()
    }

    #[test]
    fn any_number_of_parts_reads_the_same_history_in_id_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = database(dir.path(), 200);
        for b_wanted in [true, false] {
            let one = read_once(&path, &keys(b_wanted), true, 1).unwrap().unwrap();
            let expected = flat(&one);
            assert_eq!(expected.len(), if b_wanted { 200 } else { 133 });
            assert!(expected.windows(2).all(|w| w[0].0.id < w[1].0.id));
            assert!(
                expected
                    .iter()
                    .any(|t| t.1.len() == 3 && *t.2[2] == *"note 7.2")
            );
            for parts in [2, 3, 7, 300] {
                let set = read_once(&path, &keys(b_wanted), true, parts)
                    .unwrap()
                    .unwrap();
                assert_eq!(flat(&set), expected, "{parts} parts");
            }
        }
        // Without text: the same tickets and events, no notes, no subjects.
        let bare = read_tickets(&path, &keys(true), false).unwrap();
        assert_eq!(bare.event_count(), (0..200).map(|i| i % 4).sum::<usize>());
        assert!(bare.tickets.iter().all(|t| t.subject.is_empty()));
        assert!((0..bare.len()).all(|i| bare.notes(i).is_empty()));
    }
}
