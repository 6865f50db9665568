//! Readers of the tickets and events CSV files of `formats.md`, from bytes (no file access).
//!
//! Every problem is reported with file, line, column and reason, up to
//! [`crate::error::ERROR_LIMIT`]; a reader never returns part of a file. Decisions where
//! `formats.md` is silent:
//! - Values are taken exactly as written: `" p1"` is not a priority. Header names likewise.
//! - A column named twice, a required column missing, or an unknown column not prefixed `x_` is
//!   an error in the header (line 1), and the rows are not read.
//! - The `note` and `priority` columns of events may be left out of the header; a
//!   `priority_changed` event then has no priority and is an error.
//! - Fractions of a second in instants are dropped (see [`crate::instant`]).
//!
//! These readers sit on the hot path of `accord sla` over millions of rows: they read byte
//! records and parse fixed vocabularies from bytes, index tickets by a hash table of positions
//! (no second copy of each id), look a ticket up once per run of its events, keep free text
//! only when asked, and read a large events file as two halves on two threads (split at a line
//! end outside any quoted field, so records and their line numbers are exactly as in one pass).

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::agreement::Agreement;
use crate::error::{InputError, InputErrors};
use crate::instant::Instant;
use crate::model::{Channel, EventKind, Priority};
use crate::ticket::{Event, Ticket, TicketSet};

/// What to keep besides what the SLA engine needs.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions {
    /// Keep customers, subjects and event notes (for display and export).
    pub keep_text: bool,
}

/// Files smaller than this are read on one thread.
const PARALLEL_MIN_BYTES: usize = 8 << 20;

const TICKET_COLS: [&str; 9] = [
    "ticket_id",
    "agreement_id",
    "opened_at",
    "priority",
    "channel",
    "category",
    "customer",
    "subject",
    "csat",
];
const EVENT_COLS: [&str; 5] = ["ticket_id", "at", "kind", "note", "priority"];

/// The column layout of a file, read from its header, and the file itself for line numbers.
#[derive(Clone, Debug)]
struct Sheet<'a> {
    file: &'a str,
    /// The whole file.
    data: &'a [u8],
    /// Where the part being read starts in `data` (the second half of a split file).
    base: usize,
    names: &'static [&'static str],
    /// Field index of each known column, in the order of `names`.
    cols: Vec<Option<usize>>,
    /// Fields in the header: every row must have as many.
    width: usize,
}

/// Line numbers from byte offsets, counted by the reader itself: the csv crate's own line
/// numbers are off by one after CRLF line ends and blank lines. Only errors need a line, so it
/// is counted lazily, resuming from the previous error's position.
#[derive(Debug, Default)]
struct Lines {
    offset: usize,
    line: usize,
}

impl Lines {
    /// The 1-based line on which the record starting at `offset` of `data` begins.
    fn of(&mut self, data: &[u8], offset: usize) -> usize {
        let mut offset = offset.min(data.len());
        // A record never starts with a line end: skip blank lines the position may point at.
        while offset < data.len() && matches!(data[offset], b'\r' | b'\n') {
            offset += 1;
        }
        if offset < self.offset || self.line == 0 {
            *self = Self { offset: 0, line: 1 };
        }
        self.line += data[self.offset..offset]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

impl<'a> Sheet<'a> {
    /// Reads the header; records problems and returns `None` if the rows cannot be read.
    fn header(
        file: &'a str,
        rdr: &mut csv::Reader<&[u8]>,
        names: &'static [&'static str],
        required: usize,
        errors: &mut InputErrors,
    ) -> Option<Self> {
        let err = |column: usize, key: &str, reason: String| InputError {
            file: file.to_owned(),
            line: 1,
            column,
            key: key.to_owned(),
            reason,
        };
        let header = match rdr.byte_headers() {
            Ok(h) if !(h.is_empty() || h.len() == 1 && h[0].is_empty()) => h.clone(),
            Ok(_) => {
                let want = names[..required].join(", ");
                errors.push(err(
                    0,
                    "",
                    format!("the file is empty: expected a header row with {want}"),
                ));
                return None;
            }
            Err(e) => {
                errors.push(err(0, "", format!("unreadable header: {e}")));
                return None;
            }
        };
        let mut cols = vec![None; names.len()];
        let mut ok = true;
        for (i, name) in header.iter().enumerate() {
            let name = String::from_utf8_lossy(name);
            match names.iter().position(|k| *k == name) {
                Some(k) if cols[k].is_some() => {
                    errors.push(err(i + 1, &name, format!("column `{name}` appears twice")));
                    ok = false;
                }
                Some(k) => cols[k] = Some(i),
                None if name.starts_with("x_") => {}
                None => {
                    let known = names.join(", ");
                    let reason = format!(
                        "unknown column `{name}` (expected {known}; extra columns must start with `x_`)"
                    );
                    errors.push(err(i + 1, &name, reason));
                    ok = false;
                }
            }
        }
        for (k, r) in names[..required].iter().enumerate() {
            if cols[k].is_none() {
                errors.push(err(0, r, format!("required column `{r}` is missing")));
                ok = false;
            }
        }
        ok.then_some(Self {
            file,
            data: &[],
            base: 0,
            names,
            cols,
            width: header.len(),
        })
    }

    fn field<'r>(&self, rec: &'r csv::ByteRecord, k: usize) -> &'r [u8] {
        self.cols[k].and_then(|i| rec.get(i)).unwrap_or(b"")
    }

    /// The line a record starts on.
    fn line(&self, lines: &mut Lines, rec: &csv::ByteRecord) -> usize {
        let byte = rec.position().map_or(0, csv::Position::byte);
        lines.of(
            self.data,
            self.base + usize::try_from(byte).unwrap_or(usize::MAX),
        )
    }

    fn error(&self, line: usize, k: usize, reason: String) -> InputError {
        InputError {
            file: self.file.to_owned(),
            line,
            column: self.cols[k].map_or(0, |i| i + 1),
            key: self.names[k].to_owned(),
            reason,
        }
    }

    /// Reads the next record of the header's width; rows of another width are reported (and
    /// passed to `odd` for the caller to note their ticket). `None` at the end, or when the
    /// file cannot be tokenised further.
    fn next(
        &self,
        rdr: &mut csv::Reader<&[u8]>,
        rec: &mut csv::ByteRecord,
        lines: &mut Lines,
        errors: &mut InputErrors,
        mut odd: impl FnMut(&csv::ByteRecord),
    ) -> Option<()> {
        // A problem with a whole row: at the line where it starts, no column.
        let row_error = |lines: &mut Lines, byte: u64, reason: String| {
            let line = lines.of(
                self.data,
                self.base + usize::try_from(byte).unwrap_or(usize::MAX),
            );
            InputError {
                file: self.file.to_owned(),
                line,
                column: 0,
                key: String::new(),
                reason,
            }
        };
        loop {
            match rdr.read_byte_record(rec) {
                Ok(true) if rec.len() == self.width => return Some(()),
                Ok(true) => {
                    let byte = rec.position().map_or(0, csv::Position::byte);
                    let reason = format!(
                        "this row has {} fields where the header has {}",
                        rec.len(),
                        self.width
                    );
                    errors.push(row_error(lines, byte, reason));
                    odd(rec);
                }
                Ok(false) => return None,
                Err(e) => {
                    let byte = e.position().map_or(0, csv::Position::byte);
                    errors.push(row_error(lines, byte, format!("unreadable row: {e}")));
                    return None;
                }
            }
        }
    }
}

fn text(b: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(b)
        .map_err(|_| format!("`{}` is not valid UTF-8", String::from_utf8_lossy(b)))
}

fn reader(data: &[u8], headers: bool) -> csv::Reader<&[u8]> {
    // Flexible: row widths are checked against the header by `Sheet::next`, so a part of a
    // split file needs no header of its own.
    csv::ReaderBuilder::new()
        .has_headers(headers)
        .flexible(true)
        .from_reader(data)
}

/// Tickets read from a CSV file, with an index from id to position.
#[derive(Debug, Default)]
pub struct TicketRows {
    /// Valid tickets in file order.
    pub tickets: Vec<Ticket>,
    /// Positions into `tickets`, hashed by id.
    index: HashTable<u32>,
    /// Ids of rejected rows: their events are not reported as unknown tickets.
    rejected: Vec<Box<str>>,
    /// Whether the file's header could be read (if not, events are not checked against it).
    readable: bool,
}

impl TicketRows {
    fn hash(id: &[u8]) -> u64 {
        FxBuildHasher.hash_one(id)
    }

    /// The position of a ticket by id.
    #[must_use]
    pub fn find(&self, id: &[u8]) -> Option<u32> {
        self.index
            .find(Self::hash(id), |&i| {
                self.tickets[i as usize].id.as_bytes() == id
            })
            .copied()
    }

    fn is_rejected(&self, id: &[u8]) -> bool {
        self.rejected.iter().any(|r| r.as_bytes() == id)
    }

    /// Adds a ticket known from elsewhere (a database), so events can refer to it; returns its
    /// position, or `Err` with the position of a ticket with the same id already here.
    ///
    /// # Errors
    /// The position of the ticket with the same id.
    pub fn insert(&mut self, ticket: Ticket) -> Result<u32, u32> {
        if let Some(i) = self.find(ticket.id.as_bytes()) {
            return Err(i);
        }
        let pos = u32::try_from(self.tickets.len()).unwrap_or(u32::MAX);
        let tickets = &self.tickets;
        self.index
            .insert_unique(Self::hash(ticket.id.as_bytes()), pos, |&i| {
                Self::hash(tickets[i as usize].id.as_bytes())
            });
        self.tickets.push(ticket);
        self.readable = true;
        Ok(pos)
    }

    /// Whether the tickets file's header could be read.
    #[must_use]
    pub fn readable(&self) -> bool {
        self.readable
    }
}

/// Reads `tickets.csv`. Problems go to `errors`; rejected rows are left out.
pub fn read_tickets(
    file: &str,
    data: &[u8],
    agreements: &[Agreement],
    opts: ReadOptions,
    errors: &mut InputErrors,
) -> TicketRows {
    let mut out = TicketRows::default();
    let mut rdr = reader(data, true);
    let Some(mut sheet) = Sheet::header(file, &mut rdr, &TICKET_COLS, 6, errors) else {
        return out;
    };
    sheet.data = data;
    out.readable = true;
    let mut lines = Lines::default();
    // One row a line is the common case: size the table once instead of rehashing as it grows.
    let rows = data.iter().filter(|&&b| b == b'\n').count();
    out.index.reserve(rows, |&i| {
        TicketRows::hash(out.tickets[i as usize].id.as_bytes())
    });
    out.tickets.reserve(rows);
    let mut rec = csv::ByteRecord::new();
    let mut last_agreement: Option<(usize, u32)> = None;
    let mut odd_ids: Vec<Box<str>> = Vec::new();
    while sheet
        .next(&mut rdr, &mut rec, &mut lines, errors, |r| {
            if let Some(id) = sheet.cols[0].and_then(|i| r.get(i)) {
                odd_ids.push(String::from_utf8_lossy(id).into());
            }
        })
        .is_some()
    {
        let mut bad = |k: usize, reason: String| {
            let line = sheet.line(&mut lines, &rec);
            errors.push(sheet.error(line, k, reason));
        };
        let id = sheet.field(&rec, 0);
        let id = match text(id) {
            Ok("") => {
                bad(0, "ticket_id is empty".to_owned());
                continue;
            }
            Ok(id) => id,
            Err(e) => {
                bad(0, e);
                continue;
            }
        };
        if out.find(id.as_bytes()).is_some() || out.is_rejected(id.as_bytes()) {
            bad(0, format!("ticket `{id}` appears more than once"));
            continue;
        }
        let ag_field = sheet.field(&rec, 1);
        let agreement = match last_agreement {
            Some((len, i))
                if agreements[i as usize].id.as_bytes() == ag_field && len == ag_field.len() =>
            {
                Some(i)
            }
            _ => match agreements.iter().position(|a| a.id.as_bytes() == ag_field) {
                Some(i) => {
                    let i = u32::try_from(i).unwrap_or(u32::MAX);
                    last_agreement = Some((ag_field.len(), i));
                    Some(i)
                }
                None => {
                    bad(
                        1,
                        format!("unknown agreement `{}`", String::from_utf8_lossy(ag_field)),
                    );
                    None
                }
            },
        };
        let opened_at = Instant::parse_bytes(sheet.field(&rec, 2))
            .map_err(|e| bad(2, e))
            .ok();
        let priority = Priority::parse_bytes(sheet.field(&rec, 3))
            .map_err(|e| bad(3, e))
            .ok();
        let channel = Channel::parse_bytes(sheet.field(&rec, 4))
            .map_err(|e| bad(4, e))
            .ok();
        let cat = sheet.field(&rec, 5);
        let category = match agreement {
            Some(a) => {
                let a = &agreements[a as usize];
                let found = a.scope.iter().position(|s| s.as_bytes() == cat);
                if found.is_none() {
                    let c = String::from_utf8_lossy(cat);
                    bad(
                        5,
                        format!(
                            "category `{c}` is not in the scope of {} ({})",
                            a.id,
                            a.scope.join(", ")
                        ),
                    );
                }
                found.map(|i| u16::try_from(i).unwrap_or(u16::MAX))
            }
            None => Some(0),
        };
        // Free text is checked whether or not it is kept: the same file is valid either way.
        let customer = text(sheet.field(&rec, 6)).map_err(|e| bad(6, e)).ok();
        let subject = text(sheet.field(&rec, 7)).map_err(|e| bad(7, e)).ok();
        let csat = match sheet.field(&rec, 8) {
            b"" => Some(None),
            &[d @ b'1'..=b'5'] => Some(Some(d - b'0')),
            other => {
                let v = String::from_utf8_lossy(other);
                bad(
                    8,
                    format!(
                        "`{v}` is not a CSAT score: use a whole number from 1 to 5, or leave it empty"
                    ),
                );
                None
            }
        };
        let (
            Some(agreement),
            Some(opened_at),
            Some(priority),
            Some(channel),
            Some(category),
            Some(csat),
        ) = (agreement, opened_at, priority, channel, category, csat)
        else {
            out.rejected.push(id.into());
            continue;
        };
        let (Some(customer), Some(subject)) = (customer, subject) else {
            out.rejected.push(id.into());
            continue;
        };
        let keep = |t: &str| {
            if opts.keep_text {
                t.into()
            } else {
                Box::default()
            }
        };
        let pos = u32::try_from(out.tickets.len()).unwrap_or(u32::MAX);
        let tickets = &out.tickets;
        out.index
            .insert_unique(TicketRows::hash(id.as_bytes()), pos, |&i| {
                TicketRows::hash(tickets[i as usize].id.as_bytes())
            });
        out.tickets.push(Ticket {
            id: id.into(),
            agreement,
            opened_at,
            priority,
            channel,
            category,
            customer: keep(customer),
            subject: keep(subject),
            csat,
        });
    }
    out.rejected.extend(odd_ids);
    out
}

/// Events read from a CSV file, in file order: `(ticket position, event)` and, when text is
/// kept, the notes in parallel.
#[derive(Debug, Default)]
pub struct EventRows {
    /// Ticket position and event.
    pub events: Vec<(u32, Event)>,
    /// Notes, parallel to `events` (empty when text is not kept).
    pub notes: Vec<Box<str>>,
}

/// The quoting states of the csv crate's tokenizer (RFC 4180 with doubled quotes, lenient about
/// quotes inside unquoted fields), enough to know whether a line end ends a record.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quoting {
    StartOfField,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

impl Quoting {
    fn step(self, b: u8) -> Self {
        match (self, b) {
            (Self::StartOfField, b'"') | (Self::QuoteInQuoted, b'"') => Self::Quoted,
            (Self::Quoted, b'"') => Self::QuoteInQuoted,
            (Self::Quoted, _) => Self::Quoted,
            (_, b',' | b'\n' | b'\r') => Self::StartOfField,
            _ => Self::Unquoted,
        }
    }
}

/// Where to split `data` so that both parts start at a record: the first line end at or after
/// the middle that is outside any quoted field, found by replaying the tokenizer's quoting
/// states (from the middle when no quote comes before it, else from the start).
fn split_point(data: &[u8]) -> Option<usize> {
    let mid = data.len() / 2;
    let (mut state, from) = if data[..mid].contains(&b'"') {
        (
            data[..mid]
                .iter()
                .fold(Quoting::StartOfField, |q, &b| q.step(b)),
            mid,
        )
    } else {
        let before = mid.checked_sub(1).map(|i| data[i]);
        let state = match before {
            None | Some(b',' | b'\n' | b'\r') => Quoting::StartOfField,
            Some(_) => Quoting::Unquoted,
        };
        (state, mid)
    };
    for (i, &b) in data[from..].iter().enumerate() {
        if b == b'\n' && state != Quoting::Quoted {
            return Some(from + i + 1);
        }
        state = state.step(b);
    }
    None
}

/// Reads `events.csv` against the tickets read before. Problems go to `errors`.
pub fn read_events(
    file: &str,
    data: &[u8],
    tickets: &TicketRows,
    opts: ReadOptions,
    errors: &mut InputErrors,
) -> EventRows {
    let mut rdr = reader(data, true);
    let Some(mut sheet) = Sheet::header(file, &mut rdr, &EVENT_COLS, 3, errors) else {
        return EventRows::default();
    };
    sheet.data = data;
    let body_start = usize::try_from(rdr.position().byte())
        .unwrap_or(data.len())
        .min(data.len());
    let body = &data[body_start..];
    let split = (body.len() >= PARALLEL_MIN_BYTES)
        .then(|| split_point(body))
        .flatten();
    let Some(split) = split else {
        return read_event_rows(&sheet, rdr, tickets, opts, errors);
    };
    let (first, second) = body.split_at(split);
    let first_sheet = Sheet {
        base: body_start,
        ..sheet.clone()
    };
    let second_sheet = Sheet {
        base: body_start + split,
        ..sheet
    };
    let mut errors2 = InputErrors::default();
    let (mut a, b) = rayon::join(
        || read_event_rows(&first_sheet, reader(first, false), tickets, opts, errors),
        || {
            read_event_rows(
                &second_sheet,
                reader(second, false),
                tickets,
                opts,
                &mut errors2,
            )
        },
    );
    errors.extend(errors2);
    a.events.extend(b.events);
    a.notes.extend(b.notes);
    a
}

fn read_event_rows(
    sheet: &Sheet<'_>,
    mut rdr: csv::Reader<&[u8]>,
    tickets: &TicketRows,
    opts: ReadOptions,
    errors: &mut InputErrors,
) -> EventRows {
    let mut out = EventRows::default();
    out.events
        .reserve(rdr.get_ref().iter().filter(|&&b| b == b'\n').count());
    let mut rec = csv::ByteRecord::new();
    let mut lines = Lines::default();
    // The last ticket looked up, as (id bytes, position): a ticket's events usually follow each other.
    let mut cache: (Vec<u8>, Option<u32>) = (Vec::new(), None);
    while sheet
        .next(&mut rdr, &mut rec, &mut lines, errors, |_| {})
        .is_some()
    {
        let mut bad = |k: usize, reason: String| {
            let line = sheet.line(&mut lines, &rec);
            errors.push(sheet.error(line, k, reason));
        };
        let id = sheet.field(&rec, 0);
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
                cache = (id.to_vec(), next.or_else(|| tickets.find(id)));
            }
            if cache.1.is_none() && tickets.readable && !tickets.is_rejected(id) {
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
        let at = Instant::parse_bytes(sheet.field(&rec, 1))
            .map_err(|e| bad(1, e))
            .ok();
        let kind = EventKind::parse_bytes(sheet.field(&rec, 2))
            .map_err(|e| bad(2, e))
            .ok();
        let note = text(sheet.field(&rec, 3)).map_err(|e| bad(3, e)).ok();
        let priority = match (kind, sheet.field(&rec, 4)) {
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
            out.notes.push(note.into());
        }
    }
    out
}

/// Reads a tickets file and an events file into a [`TicketSet`], all or nothing.
///
/// # Errors
/// Every problem found in either file (tickets first), up to the limit; both files are read to
/// the end, so `truncated` says whether more problems were found than listed. When the tickets
/// file's header cannot be read, events are not reported as belonging to unknown tickets
/// (every one would be).
pub fn read_ticket_set(
    tickets_file: &str,
    tickets_data: impl AsRef<[u8]>,
    events_file: &str,
    events_data: impl AsRef<[u8]>,
    agreements: &[Agreement],
    opts: ReadOptions,
) -> Result<TicketSet, InputErrors> {
    let mut errors = InputErrors::default();
    let rows = read_tickets(
        tickets_file,
        tickets_data.as_ref(),
        agreements,
        opts,
        &mut errors,
    );
    // Owned buffers go as soon as they are read: a large history needs less memory at its peak.
    drop(tickets_data);
    let events = read_events(events_file, events_data.as_ref(), &rows, opts, &mut errors);
    drop(events_data);
    errors
        .into_result(())
        .map(|()| TicketSet::new(rows.tickets, events.events, events.notes))
}
