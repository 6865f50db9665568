//! Reading a whole history (every ticket of some agreements, with its events) out of a SQLite
//! file, for reports, summaries and exports.
//!
//! sqlx's SQLite driver hands rows over one at a time from its worker thread and copies every
//! value on the way (`sqlite3_value_dup`, with the two threads contending for the allocator):
//! about 5 µs a row, so 28 s for a million tickets with their 4.8 million events and notes.
//! This reader goes through rusqlite instead, on read-only connections of its own, borrowing
//! each value where SQLite holds it (pages memory-mapped, not copied in by a read call each).
//! One connection per core, each in one read transaction, shares out small jobs: first the
//! wanted tickets by ranges of rowids, then their events by runs of ticket ids (see
//! `read_once`); the parts are used only when every transaction saw the same revision (the
//! store bumps it with every write), so the whole comes from one state of the database even
//! while the app writes.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use accord_core::model::{EventKind, Priority};
use accord_core::{Event, Instant, Ticket, TicketSet};
use rusqlite::{Connection, OpenFlags, Row};

use super::{Against, AgreementKeys};
use crate::StoreError;
use crate::tickets::{Columns, StoredTicket};

fn unreadable(what: String) -> StoreError {
    StoreError::Unreadable(what)
}

fn text<'r>(row: &'r Row<'_>, i: usize) -> Result<&'r str, StoreError> {
    Ok(row.get_ref(i)?.as_str()?)
}

/// A row of this reader's, as the ticket decoder reads it.
struct Cells<'a, 'r>(&'a Row<'r>);

impl Columns for Cells<'_, '_> {
    fn text(&self, i: usize) -> Result<&str, StoreError> {
        text(self.0, i)
    }

    fn int(&self, i: usize) -> Result<i64, StoreError> {
        Ok(self.0.get(i)?)
    }

    fn opt_int(&self, i: usize) -> Result<Option<i64>, StoreError> {
        Ok(self.0.get(i)?)
    }
}

/// How often a read is started again when the database changed between its parts' snapshots.
const ATTEMPTS: usize = 5;

/// Reads the tickets of the wanted agreements (all of them when all are wanted) in id order,
/// with their events in stored order and, with `keep_text`, customers, subjects and notes.
pub(super) fn read_tickets(
    path: &Path,
    agreements: &[AgreementKeys],
    keep_text: bool,
) -> Result<TicketSet, StoreError> {
    let parts = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 8));
    for _ in 0..ATTEMPTS {
        if let Some(set) = read_once(path, agreements, keep_text, parts, None)? {
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

/// A connection in a read transaction begun by reading the revision, which fixes its snapshot
/// until the connection is dropped (closing it ends the transaction). The transaction is not
/// rusqlite's borrowing [`rusqlite::Transaction`], so the connection can move to the thread
/// that reads a part, and back, and keep its snapshot between the two stages of a read.
fn snapshot(path: &Path) -> Result<(Connection, i64), StoreError> {
    let conn = connect(path)?;
    conn.execute_batch("BEGIN DEFERRED")?;
    let revision = conn.query_row("SELECT n FROM revision WHERE id = 1", [], |r| r.get(0))?;
    Ok((conn, revision))
}

/// How a part finds the events of its tickets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EventsBy {
    /// One pass over the part's range of the events table in key order, the events of tickets
    /// not wanted stepped over.
    Scan,
    /// A key lookup per wanted ticket.
    Lookup,
}

impl EventsBy {
    /// On the 1M-ticket benchmark database, a ticket's events cost about 1 µs to step through
    /// in a scan and about 5.5 µs to look up (sqlite3, one core): lookups pay only when under
    /// a fifth of the tickets are wanted.
    fn for_share(wanted: usize, total: usize) -> Self {
        if wanted.saturating_mul(5) < total {
            Self::Lookup
        } else {
            Self::Scan
        }
    }
}

/// Jobs per connection: parts small enough that a thread which gets less of the machine (the
/// other core busy elsewhere) holds the read up by a small part only.
const JOBS_PER_CONNECTION: usize = 4;

/// Runs jobs `0..jobs` on the connections, each connection on a thread of its own (the first
/// on this one) taking the next job not yet taken until none is left; gives the connections
/// back with the results in job order.
fn share<R: Send>(
    conns: Vec<Connection>,
    jobs: usize,
    job: impl Fn(&Connection, usize) -> R + Sync,
) -> (Vec<Connection>, Vec<R>) {
    let next = AtomicUsize::new(0);
    let work = |conn: Connection| {
        let mut done = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            if k >= jobs {
                return (conn, done);
            }
            done.push((k, job(&conn, k)));
        }
    };
    let worked = std::thread::scope(|s| {
        let mut conns = conns.into_iter();
        let first = conns.next();
        let work = &work;
        let others: Vec<_> = conns.map(|conn| s.spawn(move || work(conn))).collect();
        let mut worked: Vec<_> = first.into_iter().map(work).collect();
        worked.extend(
            others
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
        );
        worked
    });
    let mut conns = Vec::with_capacity(worked.len());
    let mut results = Vec::with_capacity(jobs);
    for (conn, done) in worked {
        conns.push(conn);
        results.extend(done);
    }
    results.sort_by_key(|(k, _)| *k);
    (conns, results.into_iter().map(|(_, r)| r).collect())
}

/// One read on `connections` connections; `None` when the database changed between their
/// snapshots. `events_by` overrides the choice of [`EventsBy::for_share`].
///
/// Two stages, each cut into [`JOBS_PER_CONNECTION`] jobs per connection and [`share`]d:
/// 1. the wanted tickets, each job a range of rowids scanned in table order (the agreement
///    filter in SQL, so rows not wanted cost no column reads), then sorted by id;
/// 2. their events, each job the events of a run of the sorted tickets, matched to them by
///    walking both in id order (or looked up ticket by ticket when few are wanted).
fn read_once(
    path: &Path,
    agreements: &[AgreementKeys],
    keep_text: bool,
    connections: usize,
    events_by: Option<EventsBy>,
) -> Result<Option<TicketSet>, StoreError> {
    let empty = || Ok(Some(TicketSet::new(Vec::new(), Vec::new(), Vec::new())));
    let wanted: Vec<&str> = agreements
        .iter()
        .filter(|a| a.wanted)
        .map(|a| a.id.as_str())
        .collect();
    if wanted.is_empty() {
        return empty();
    }
    let every = wanted.len() == agreements.len();
    let (first, revision) = snapshot(path)?;
    let (low, high): (Option<i64>, Option<i64>) =
        first.query_row("SELECT min(rowid), max(rowid) FROM tickets", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let (Some(low), Some(high)) = (low, high) else {
        return empty();
    };
    let mut conns = vec![first];
    for _ in 1..connections {
        let (conn, seen) = snapshot(path)?;
        if seen != revision {
            return Ok(None);
        }
        conns.push(conn);
    }
    let against = Against::new(agreements);

    // Stage 1: job k reads rowids [start(k), start(k + 1)); start(jobs) is one past the
    // largest rowid of the snapshot.
    let jobs = conns.len() * JOBS_PER_CONNECTION;
    let span = i128::from(high) - i128::from(low) + 1;
    let start = |k: usize| {
        let (k, n) = (i128::try_from(k), i128::try_from(jobs));
        let (k, n) = (k.unwrap_or(0), n.unwrap_or(1));
        i64::try_from(i128::from(low) + span * k / n).unwrap_or(i64::MAX)
    };
    let sql = format!(
        "SELECT id, agreement_id, opened_at, priority, channel, category, {}, csat \
         FROM tickets NOT INDEXED WHERE rowid >= ?1 AND rowid < ?2{}",
        if keep_text {
            "customer, subject"
        } else {
            "'', ''"
        },
        if every {
            String::new()
        } else {
            let marks: Vec<String> = (0..wanted.len()).map(|i| format!("?{}", i + 3)).collect();
            format!(" AND agreement_id IN ({})", marks.join(", "))
        }
    );
    let (conns, parts) = share(conns, jobs, |conn, k| -> Result<Vec<Ticket>, StoreError> {
        let mut stmt = conn.prepare_cached(&sql)?;
        stmt.raw_bind_parameter(1, start(k))?;
        stmt.raw_bind_parameter(2, start(k + 1))?;
        if !every {
            for (i, id) in wanted.iter().enumerate() {
                stmt.raw_bind_parameter(i + 3, *id)?;
            }
        }
        let mut tickets = Vec::new();
        let mut rows = stmt.raw_query();
        while let Some(row) = rows.next()? {
            let cells = Cells(row);
            tickets.extend(against.ticket(&StoredTicket::read(&cells)?, keep_text)?);
        }
        Ok(tickets)
    });
    let mut tickets = Vec::new();
    for part in parts {
        tickets.extend(part?);
    }
    if tickets.is_empty() {
        return empty();
    }
    // Rowid order is mostly id order already (tickets are usually added in id order), which
    // the stable sort's run detection makes cheap.
    tickets.sort_by(|a, b| a.id.cmp(&b.id));

    // Stage 2: job k holds tickets [cut[k], cut[k + 1]) and the events of ids from the first
    // of them (from the smallest id for the first job) to the first of the next job.
    let mut cut: Vec<usize> = (0..jobs).map(|k| tickets.len() * k / jobs).collect();
    cut.dedup();
    cut.push(tickets.len());
    let how = events_by.unwrap_or_else(|| {
        EventsBy::for_share(tickets.len(), usize::try_from(span).unwrap_or(usize::MAX))
    });
    let (_, parts) = share(
        conns,
        cut.len() - 1,
        |conn, k| -> Result<Events, StoreError> {
            let ours = cut[k]..cut[k + 1];
            let from = if k == 0 { "" } else { &*tickets[ours.start].id };
            let to = tickets.get(ours.end).map(|t| &*t.id);
            let mut events = Events::new(keep_text, ours.start);
            match how {
                EventsBy::Scan => events.scan(conn, &tickets[ours], (from, to), every)?,
                EventsBy::Lookup => events.look_up(conn, &tickets[ours])?,
            }
            Ok(events)
        },
    );
    let mut events = Vec::new();
    let mut notes = Vec::new();
    for part in parts {
        let part = part?;
        events.extend(part.events);
        notes.extend(part.notes);
    }
    Ok(Some(TicketSet::new(tickets, events, notes)))
}

/// The events of one part's tickets, with their notes when text is kept.
struct Events {
    keep_text: bool,
    /// The number of the part's first ticket in the whole.
    first: usize,
    events: Vec<(u32, Event)>,
    notes: Vec<Box<str>>,
}

impl Events {
    fn new(keep_text: bool, first: usize) -> Self {
        Self {
            keep_text,
            first,
            events: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn note_column(&self) -> &'static str {
        if self.keep_text { "note" } else { "''" }
    }

    /// Keeps the event in columns `from..from + 4` of `row` (at, kind, priority, note) as one
    /// of the part's ticket `i`.
    fn push(&mut self, i: usize, row: &Row<'_>, from: usize) -> Result<(), StoreError> {
        let priority = match row.get_ref(from + 2)?.as_str_or_null()? {
            Some(p) => Some(Priority::parse(p).map_err(unreadable)?),
            None => None,
        };
        self.events.push((
            u32::try_from(self.first + i).unwrap_or(u32::MAX),
            Event {
                at: Instant(row.get(from)?),
                kind: EventKind::parse(text(row, from + 1)?).map_err(unreadable)?,
                priority,
            },
        ));
        if self.keep_text {
            self.notes.push(text(row, from + 3)?.into());
        }
        Ok(())
    }

    /// One pass over the events of ticket ids in `[from, to)` (no end where `None`) in key
    /// order (ticket, seq), matched to `tickets` (also in id order) by walking; the events of
    /// other tickets are stepped over, or refused when `every` ticket was read.
    fn scan(
        &mut self,
        conn: &Connection,
        tickets: &[Ticket],
        (from, to): (&str, Option<&str>),
        every: bool,
    ) -> Result<(), StoreError> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT ticket_id, at, kind, priority, {} FROM events WHERE ticket_id >= ?1{} \
             ORDER BY ticket_id, seq",
            self.note_column(),
            if to.is_some() {
                " AND ticket_id < ?2"
            } else {
                ""
            }
        ))?;
        stmt.raw_bind_parameter(1, from)?;
        if let Some(to) = to {
            stmt.raw_bind_parameter(2, to)?;
        }
        let mut rows = stmt.raw_query();
        let mut at = 0usize;
        while let Some(row) = rows.next()? {
            // Compared as bytes, as SQLite orders them: no UTF-8 check for the rows skipped.
            let id = row.get_ref(0)?.as_bytes()?;
            while tickets.get(at).is_some_and(|t| t.id.as_bytes() < id) {
                at += 1;
            }
            if tickets.get(at).is_some_and(|t| t.id.as_bytes() == id) {
                self.push(at, row, 1)?;
            } else if every {
                return Err(unreadable(format!(
                    "event of unknown ticket {}",
                    String::from_utf8_lossy(id)
                )));
            }
        }
        Ok(())
    }

    /// A key lookup per ticket, in id order, so neighbouring lookups share pages.
    fn look_up(&mut self, conn: &Connection, tickets: &[Ticket]) -> Result<(), StoreError> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT at, kind, priority, {} FROM events WHERE ticket_id = ?1 ORDER BY seq",
            self.note_column()
        ))?;
        for (i, t) in tickets.iter().enumerate() {
            let mut rows = stmt.query([&*t.id])?;
            while let Some(row) = rows.next()? {
                self.push(i, row, 0)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use accord_core::model::Channel;

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
            include_str!("../../migrations/sqlite/0001_init.sql"),
            include_str!("../../migrations/sqlite/0002_escalations_revision.sql"),
            include_str!("../../migrations/sqlite/0003_open_tickets_index.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        for a in ["A", "B"] {
            conn.execute(
                "INSERT INTO agreements (id, source, title, provider, alliance, region, tier, \
                 effective_from, updated_at, updated_by) \
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
                "INSERT INTO tickets (id, agreement_id, opened_at, priority, channel, category, \
                 customer, subject, csat) \
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
                    "INSERT INTO events (ticket_id, seq, at, kind, note, priority) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    rusqlite::params![
                        id,
                        seq,
                        2_000 + i64::try_from(i * 10 + seq).unwrap(),
                        if seq == 2 {
                            "priority_changed"
                        } else {
                            "responded"
                        },
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

    /// What [`database`] holds of the wanted agreements' tickets, in id order, written out
    /// from how it was made rather than read.
    fn expected(
        n: usize,
        b_wanted: bool,
        keep_text: bool,
    ) -> Vec<(Ticket, Vec<Event>, Vec<Box<str>>)> {
        let mut all: Vec<_> = (0..n)
            .filter(|i| b_wanted || i % 3 != 0)
            .map(|i| {
                let at = |x: usize| i64::try_from(x).unwrap();
                let text =
                    |t: String| -> Box<str> { if keep_text { t.into() } else { Box::default() } };
                let ticket = Ticket {
                    id: format!("T-{:05}", (i * 7919) % 100_003).into(),
                    agreement: u32::from(i % 3 == 0),
                    opened_at: Instant(1_000 + at(i)),
                    priority: Priority::P2,
                    channel: Channel::Email,
                    category: 0,
                    customer: text(format!("customer {i}")),
                    subject: text(format!("subject, \"{i}\"")),
                    csat: (i % 2 == 0).then_some(4),
                };
                let events = (0..i % 4)
                    .map(|seq| Event {
                        at: Instant(2_000 + at(i * 10 + seq)),
                        kind: if seq == 2 {
                            EventKind::PriorityChanged
                        } else {
                            EventKind::Responded
                        },
                        priority: (seq == 2).then_some(Priority::P1),
                    })
                    .collect();
                let notes = if keep_text {
                    (0..i % 4)
                        .map(|seq| format!("note {i}.{seq}").into())
                        .collect()
                } else {
                    Vec::new()
                };
                (ticket, events, notes)
            })
            .collect();
        all.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        all
    }

    #[test]
    fn any_number_of_parts_reads_the_history_in_id_order_either_way() {
        let dir = tempfile::tempdir().unwrap();
        let path = database(dir.path(), 200);
        for b_wanted in [true, false] {
            for keep_text in [true, false] {
                let expected = expected(200, b_wanted, keep_text);
                assert_eq!(expected.len(), if b_wanted { 200 } else { 133 });
                for parts in [1, 2, 3, 7, 60] {
                    for how in [None, Some(EventsBy::Scan), Some(EventsBy::Lookup)] {
                        let set = read_once(&path, &keys(b_wanted), keep_text, parts, how)
                            .unwrap()
                            .unwrap();
                        assert_eq!(
                            flat(&set),
                            expected,
                            "{parts} parts, {how:?}, B wanted: {b_wanted}, text: {keep_text}"
                        );
                    }
                }
            }
        }
        assert_eq!(
            read_tickets(&path, &keys(true), false)
                .unwrap()
                .event_count(),
            (0..200).map(|i| i % 4).sum::<usize>()
        );
    }

    #[test]
    fn few_wanted_tickets_are_looked_up_and_many_scanned() {
        assert_eq!(EventsBy::for_share(1, 100), EventsBy::Lookup);
        assert_eq!(EventsBy::for_share(19, 100), EventsBy::Lookup);
        assert_eq!(EventsBy::for_share(20, 100), EventsBy::Scan);
        assert_eq!(EventsBy::for_share(333, 1000), EventsBy::Scan);
    }

    #[test]
    fn a_database_without_wanted_tickets_reads_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = database(dir.path(), 0);
        assert_eq!(read_tickets(&path, &keys(true), true).unwrap().len(), 0);
        let other = tempfile::tempdir().unwrap();
        let path = database(other.path(), 1);
        // Ticket 0 belongs to B.
        let set = read_once(&path, &keys(false), true, 2, None)
            .unwrap()
            .unwrap();
        assert_eq!(set.len(), 0);
    }
}
