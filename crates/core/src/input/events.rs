//! The events file, read against the tickets read before it: in parts on the thread pool from
//! memory, or block by block as it is read from disk, each part's lines numbered from the
//! file's start.

use rayon::prelude::*;

use super::ReadOptions;
use super::blocks::{BlockFeed, part_slices, part_starts};
use super::sheet::{Lines, Sheet, header_reader, text};
use super::tickets::TicketRows;
use crate::error::InputErrors;
use crate::instant::Instant;
use crate::model::{EventKind, Priority};
use crate::records::{Record, Records};
use crate::ticket::{Event, EventRun, Ticket, TicketSet};

const EVENT_COLS: [&str; 5] = ["ticket_id", "at", "kind", "note", "priority"];

/// Events read from a CSV file, in file order: `(ticket position, event)` and, when text is
/// kept, the notes in parallel; kept in the runs the file was read in (its parts).
#[derive(Debug, Default)]
pub struct EventRows {
    runs: Vec<EventRun>,
}

impl EventRows {
    /// The events grouped under `tickets` (the tickets they were read against). A file that
    /// lists each ticket's events together in time order, the usual export, is grouped
    /// without a sort and copied once.
    #[must_use]
    pub fn into_set(self, tickets: Vec<Ticket>) -> TicketSet {
        TicketSet::from_runs(tickets, self.runs)
    }
}

/// Reads `events.csv` against the tickets read before. Problems go to `errors`.
pub fn read_events(
    file: &str,
    data: &[u8],
    tickets: &TicketRows,
    opts: ReadOptions<'_>,
    errors: &mut InputErrors,
) -> EventRows {
    let Some((sheet, body_start)) = event_sheet(file, data, errors) else {
        return EventRows::default();
    };
    let body = &data[body_start..];
    let parts: Vec<_> = part_slices(data, body_start, &part_starts(body))
        .par_iter()
        .map(|&(_, part)| read_event_part(&sheet, part, tickets, opts))
        .collect();
    let lines_before = memchr::memchr_iter(b'\n', &data[..body_start]).count();
    join_event_parts(parts, lines_before, errors)
}

/// The events file's header, read from its start (which holds at least its first line):
/// the sheet, and where the rows start. `None` when the rows cannot be read.
fn event_sheet<'f>(
    file: &'f str,
    start: &[u8],
    errors: &mut InputErrors,
) -> Option<(Sheet<'f>, usize)> {
    let mut rdr = header_reader(start);
    let sheet = Sheet::header(file, &mut rdr, &EVENT_COLS, 3, errors)?;
    let body_start = usize::try_from(rdr.position().byte())
        .unwrap_or(start.len())
        .min(start.len());
    Some((sheet, body_start))
}

/// One part's events, its problems with lines counted from the part's start, and the number
/// of line ends in it (to number the next part's lines).
type ReadPart = (EventRun, InputErrors, usize);

fn read_event_part(
    sheet: &Sheet<'_>,
    part: &[u8],
    tickets: &TicketRows,
    opts: ReadOptions<'_>,
) -> ReadPart {
    // Lines are counted within the part (the file before it may be gone).
    let sheet = Sheet {
        data: part,
        base: 0,
        ..sheet.clone()
    };
    let mut errors = InputErrors::default();
    let newlines = memchr::memchr_iter(b'\n', part).count();
    let rows = read_event_rows(&sheet, part, tickets, opts, newlines, &mut errors);
    (rows, errors, newlines)
}

/// The parts' events in file order, their problems numbered from the file's start.
fn join_event_parts(
    parts: Vec<ReadPart>,
    mut lines_before: usize,
    errors: &mut InputErrors,
) -> EventRows {
    let mut runs = Vec::with_capacity(parts.len());
    for (rows, mut errs, newlines) in parts {
        for e in &mut errs.errors {
            e.line += lines_before;
        }
        errors.extend(errs);
        lines_before += newlines;
        runs.push(rows);
    }
    EventRows { runs }
}

/// Parses the blocks of an events file as they come, on the thread pool; their buffers go
/// back to the reader for later blocks, so a large file is never held whole.
pub(super) fn read_fed_events(
    file: &str,
    feed: BlockFeed,
    tickets: &TicketRows,
    opts: ReadOptions<'_>,
    errors: &mut InputErrors,
) -> EventRows {
    let BlockFeed { blocks, spare } = feed;
    let mut blocks = blocks.into_iter();
    let first = blocks.next().unwrap_or_default();
    let Some((sheet, body_start)) = event_sheet(file, &first, errors) else {
        return EventRows::default();
    };
    let lines_before = memchr::memchr_iter(b'\n', &first[..body_start]).count();
    let mut parts: Vec<(usize, ReadPart)> = std::iter::once((body_start, first))
        .chain(blocks.map(|b| (0, b)))
        .enumerate()
        .par_bridge()
        .map(|(i, (skip, buf))| {
            let read = read_event_part(&sheet, &buf[skip..], tickets, opts);
            // The reader takes the buffer back for a later block (or it is freed).
            let _ = spare.send(buf);
            (i, read)
        })
        .collect();
    parts.sort_unstable_by_key(|(i, _)| *i);
    join_event_parts(
        parts.into_iter().map(|(_, p)| p).collect(),
        lines_before,
        errors,
    )
}

fn read_event_rows(
    sheet: &Sheet<'_>,
    part: &[u8],
    tickets: &TicketRows,
    opts: ReadOptions<'_>,
    newlines: usize,
    errors: &mut InputErrors,
) -> EventRun {
    let mut out = EventRun::default();
    let mut rows = Records::new(part);
    out.events.reserve(newlines + 1);
    // As for tickets: a part that is UTF-8 throughout needs no check of notes not kept.
    let utf8 = std::str::from_utf8(part).is_ok();
    let mut rec = Record::default();
    let mut lines = Lines::default();
    // The last ticket looked up, as (id bytes, position): a ticket's events usually follow each other.
    let mut cache: (Vec<u8>, Option<u32>) = (Vec::new(), None);
    while sheet
        .next(&mut rows, &mut rec, &mut lines, errors, |_, _| {})
        .is_some()
    {
        let mut bad = |k: usize, reason: String| {
            let line = sheet.line(&mut lines, &rec);
            errors.push(sheet.error(line, k, reason));
        };
        let id = sheet.field(&rows, &rec, 0);
        let ticket = if id.is_empty() {
            bad(0, "ticket_id is empty".to_owned());
            None
        } else {
            if id != cache.0.as_slice() {
                // Exports usually list events ticket by ticket in ticket order: try the ticket
                // after the last one before hashing.
                let next = cache.1.map(|i| i + 1).filter(|&i| {
                    tickets
                        .tickets
                        .get(i as usize)
                        .is_some_and(|t| t.id.as_bytes() == id)
                });
                cache.1 = next.or_else(|| tickets.find(id));
                cache.0.clear();
                cache.0.extend_from_slice(id);
            }
            if cache.1.is_none() && tickets.readable() && !tickets.is_rejected(id) {
                bad(
                    0,
                    format!(
                        "unknown ticket `{}` (not in the tickets file)",
                        String::from_utf8_lossy(id)
                    ),
                );
            }
            cache.1
        };
        let at = Instant::parse_bytes(sheet.field(&rows, &rec, 1))
            .map_err(|e| bad(1, e))
            .ok();
        let kind = EventKind::parse_bytes(sheet.field(&rows, &rec, 2))
            .map_err(|e| bad(2, e))
            .ok();
        let keep_note = ticket.is_some_and(|i| tickets.keeps_text(&tickets.tickets[i as usize]));
        let note = if utf8 && !(opts.keep_text && keep_note) {
            Some("")
        } else {
            text(sheet.field(&rows, &rec, 3))
                .map_err(|e| bad(3, e))
                .ok()
        };
        let priority = match (kind, sheet.field(&rows, &rec, 4)) {
            (Some(EventKind::PriorityChanged), b"") => {
                let reason = if sheet.cols[4].is_none() {
                    "a priority_changed event needs a `priority` column holding the new priority"
                } else {
                    "a priority_changed event needs the new priority (p1..p4)"
                };
                bad(4, reason.to_owned());
                None
            }
            (Some(EventKind::PriorityChanged), p) => Priority::parse_bytes(p)
                .map(Some)
                .map_err(|e| bad(4, e))
                .ok(),
            (_, b"") => Some(None),
            (Some(k), p) => {
                let p = String::from_utf8_lossy(p);
                bad(
                    4,
                    format!("`{p}`: only priority_changed events carry a priority, not {k}"),
                );
                None
            }
            (None, _) => None,
        };
        let (Some(ticket), Some(at), Some(kind), Some(note), Some(priority)) =
            (ticket, at, kind, note, priority)
        else {
            continue;
        };
        let t = &tickets.tickets[ticket as usize];
        if at < t.opened_at {
            bad(
                1,
                format!(
                    "this event ({at}) is before its ticket {} was opened ({})",
                    t.id, t.opened_at
                ),
            );
            continue;
        }
        out.events.push((ticket, Event { at, kind, priority }));
        if opts.keep_text {
            out.notes.push(if keep_note {
                note.into()
            } else {
                Box::default()
            });
        }
    }
    out
}
