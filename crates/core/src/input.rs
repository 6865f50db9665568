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
//! These readers sit on the hot path of `accord sla` over millions of rows: they split records
//! with [`crate::records`] (csv's own reading, quote-free lines at memory speed), parse fixed
//! vocabularies from bytes, index tickets by hash tables of positions (no second copy of each
//! id), look a ticket up once per run of its events, keep free text only when asked, and read a
//! large file in parts of a few MiB on the thread pool (split at line ends outside any quoted
//! field, so records and their line numbers are exactly as in one pass). Tickets' ids are
//! checked for duplicates once every part is read, shard by shard, each shard in file order.

use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use hashbrown::{HashSet, HashTable};
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use crate::agreement::Agreement;
use crate::error::{ERROR_LIMIT, InputError, InputErrors};
use crate::instant::Instant;
use crate::model::{Channel, EventKind, Priority};
use crate::records::{Record, Records};
use crate::ticket::{Event, EventRun, Ticket, TicketSet};

/// What to keep besides what the SLA engine needs.
#[derive(Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// Keep customers, subjects and event notes (for display and export).
    pub keep_text: bool,
    /// With `keep_text`, keep them only for the tickets of the agreements this accepts (a
    /// report on one agreement needs no other agreement's text); `None`: every agreement's.
    pub text_for: Option<&'a (dyn Fn(&Agreement) -> bool + Sync)>,
}

impl ReadOptions<'_> {
    /// Keep every ticket's free text.
    pub const TEXT: ReadOptions<'static> = ReadOptions {
        keep_text: true,
        text_for: None,
    };
}

impl std::fmt::Debug for ReadOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReadOptions")
            .field("keep_text", &self.keep_text)
            .field("text_for", &self.text_for.map(|_| "…"))
            .finish()
    }
}

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

    fn field<'r>(&self, rows: &'r Records<'_>, rec: &'r Record, k: usize) -> &'r [u8] {
        self.cols[k].and_then(|i| rows.field(rec, i)).unwrap_or(b"")
    }

    /// The line a record starts on.
    fn line(&self, lines: &mut Lines, rec: &Record) -> usize {
        lines.of(self.data, self.base + rec.start())
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
        rows: &mut Records<'_>,
        rec: &mut Record,
        lines: &mut Lines,
        errors: &mut InputErrors,
        mut odd: impl FnMut(&Records<'_>, &Record),
    ) -> Option<()> {
        loop {
            if !rows.read(rec) {
                return None;
            }
            if rec.len() == self.width {
                return Some(());
            }
            // A problem with a whole row: at the line where it starts, no column.
            errors.push(InputError {
                file: self.file.to_owned(),
                line: self.line(lines, rec),
                column: 0,
                key: String::new(),
                reason: format!(
                    "this row has {} fields where the header has {}",
                    rec.len(),
                    self.width
                ),
            });
            odd(rows, rec);
        }
    }
}

fn text(b: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(b)
        .map_err(|_| format!("`{}` is not valid UTF-8", String::from_utf8_lossy(b)))
}

/// A reader of a file's header (the rows are read by [`Records`], from where it stops).
fn header_reader(data: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(data)
}

/// Tickets read from a CSV file, with an index from id to position.
#[derive(Debug, Default)]
pub struct TicketRows {
    /// Valid tickets in file order.
    pub tickets: Vec<Ticket>,
    /// Positions into `tickets`, hashed by id, in [`SHARDS`] tables (none while empty).
    index: Vec<HashTable<u32>>,
    /// Ids of rejected rows: their events are not reported as unknown tickets.
    rejected: HashSet<Box<str>, FxBuildHasher>,
    /// Whether the file's header could be read (if not, events are not checked against it).
    readable: bool,
    /// Per agreement: whether its tickets' free text is kept (missing: kept).
    text: Vec<bool>,
}

impl TicketRows {
    fn hash(id: &[u8]) -> u64 {
        FxBuildHasher.hash_one(id)
    }

    /// The position of a ticket by id.
    #[must_use]
    pub fn find(&self, id: &[u8]) -> Option<u32> {
        let hash = Self::hash(id);
        self.index
            .get(shard(hash))?
            .find(hash, |&i| self.tickets[i as usize].id.as_bytes() == id)
            .copied()
    }

    fn is_rejected(&self, id: &[u8]) -> bool {
        !self.rejected.is_empty()
            && std::str::from_utf8(id).is_ok_and(|id| self.rejected.contains(id))
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
        self.index.resize_with(SHARDS, HashTable::new);
        let hash = Self::hash(ticket.id.as_bytes());
        self.index[shard(hash)].insert_unique(hash, pos, |&i| {
            Self::hash(tickets[i as usize].id.as_bytes())
        });
        self.tickets.push(ticket);
        self.readable = true;
        Ok(pos)
    }

    /// Whether ticket `t`'s free text (and its events' notes) is kept, when text is kept at all.
    fn keeps_text(&self, t: &Ticket) -> bool {
        self.text.get(t.agreement as usize).copied().unwrap_or(true)
    }

    /// Whether the tickets file's header could be read.
    #[must_use]
    pub fn readable(&self) -> bool {
        self.readable
    }
}

/// Reads `tickets.csv`. Problems go to `errors`; rejected rows are left out.
///
/// A large file is read in parts on the thread pool (see [`part_starts`]); duplicate ids are
/// found afterwards, in file order, so the first row with an id is the one kept wherever the
/// parts fall.
pub fn read_tickets(
    file: &str,
    data: &[u8],
    agreements: &[Agreement],
    opts: ReadOptions<'_>,
    errors: &mut InputErrors,
) -> TicketRows {
    let mut out = TicketRows::default();
    let mut rdr = header_reader(data);
    let Some(mut sheet) = Sheet::header(file, &mut rdr, &TICKET_COLS, 6, errors) else {
        return out;
    };
    sheet.data = data;
    out.readable = true;
    out.text = agreements
        .iter()
        .map(|a| opts.keep_text && opts.text_for.is_none_or(|f| f(a)))
        .collect();
    let body_start = usize::try_from(rdr.position().byte())
        .unwrap_or(data.len())
        .min(data.len());
    let body = &data[body_start..];
    let parts: Vec<TicketPart> = part_slices(data, body_start, &part_starts(body))
        .par_iter()
        .map(|&(start, part)| {
            let sheet = Sheet {
                base: start,
                ..sheet.clone()
            };
            read_ticket_rows(&sheet, part, agreements, &out.text)
        })
        .collect();
    merge_ticket_parts(&mut out, &sheet, parts, errors);
    out
}

/// Moves the parts' valid rows into `out` in file order, keeping the first row of each id:
/// later rows with that id are duplicates, whether the first was valid or rejected. The ids
/// are looked up shard by shard on the thread pool (a shard's rows in file order), then the
/// rows are walked once in file order.
fn merge_ticket_parts(
    out: &mut TicketRows,
    sheet: &Sheet<'_>,
    parts: Vec<TicketPart>,
    errors: &mut InputErrors,
) {
    // Rows are numbered across parts in file order: `base[p]` is part p's first number.
    let base: Vec<usize> = parts
        .iter()
        .scan(0, |n, p| {
            let b = *n;
            *n += p.rows.len();
            Some(b)
        })
        .collect();
    let row = |o: u32| -> &PartRow {
        let p = base.partition_point(|&b| b <= o as usize) - 1;
        &parts[p].rows[o as usize - base[p]]
    };
    let total = parts.iter().map(|p| p.rows.len()).sum::<usize>();
    // Per shard: the table of first rows (by number), and the numbers of the later ones.
    let shards: Vec<(HashTable<u32>, Vec<u32>)> = (0..SHARDS)
        .into_par_iter()
        .map(|s| {
            let mut table = HashTable::with_capacity(total / SHARDS + total / SHARDS / 4);
            let mut dups = Vec::new();
            for (p, part) in parts.iter().enumerate() {
                for &i in &part.by_shard[s] {
                    let r = &part.rows[i as usize];
                    let o = u32::try_from(base[p] + i as usize).unwrap_or(u32::MAX);
                    match table.entry(r.hash, |&j| row(j).id() == r.id(), |&j| row(j).hash) {
                        Entry::Occupied(_) => dups.push(o),
                        Entry::Vacant(slot) => {
                            slot.insert(o);
                        }
                    }
                }
            }
            (table, dups)
        })
        .collect();
    let mut dup_rows: Vec<u32> = shards.iter().flat_map(|(_, d)| d.iter().copied()).collect();
    dup_rows.sort_unstable();
    let plain = dup_rows.is_empty() && parts.iter().all(|p| p.rejected == 0);

    let mut found: Vec<InputError> = Vec::new();
    let mut dups: Vec<InputError> = Vec::new();
    let mut truncated = false;
    let mut lines = Lines::default();
    let mut odd_ids = Vec::new();
    // Each row's position among the kept tickets, when some rows are not kept.
    let mut position: Vec<u32> = if plain {
        Vec::new()
    } else {
        vec![u32::MAX; total]
    };
    let mut next_dup = dup_rows.iter().peekable();
    out.tickets.reserve(total);
    for (p, part) in parts.into_iter().enumerate() {
        truncated |= part.errors.truncated;
        found.extend(part.errors.errors);
        odd_ids.extend(part.odd_ids);
        for (i, r) in part.rows.into_iter().enumerate() {
            let o = u32::try_from(base[p] + i).unwrap_or(u32::MAX);
            if next_dup.next_if_eq(&&o).is_some() {
                // Duplicates come in file order, so the first ERROR_LIMIT are all that can
                // be listed.
                if dups.len() < ERROR_LIMIT {
                    let line = lines.of(sheet.data, r.at);
                    let reason = format!("ticket `{}` appears more than once", r.id());
                    dups.push(sheet.error(line, 0, reason));
                } else {
                    truncated = true;
                }
                continue;
            }
            match r.row {
                Row::Valid(ticket) => {
                    if !plain {
                        position[o as usize] = u32::try_from(out.tickets.len()).unwrap_or(u32::MAX);
                    }
                    out.tickets.push(ticket);
                }
                Row::Rejected(id) => {
                    out.rejected.insert(id);
                }
            }
        }
    }
    // The tables hold row numbers: the same as positions when every row was kept.
    out.index = shards.into_iter().map(|(t, _)| t).collect();
    if !plain {
        out.index.par_iter_mut().for_each(|t| {
            t.retain(|v| {
                *v = position[*v as usize];
                *v != u32::MAX
            });
        });
    }
    // A duplicate is reported before the other problems of its row.
    dups.append(&mut found);
    dups.sort_by_key(|e| e.line);
    for e in dups {
        errors.push(e);
    }
    errors.truncated |= truncated;
    out.rejected.extend(odd_ids);
}

/// Ticket ids are checked for duplicates, and later found, in this many shards (by hash).
const SHARDS: usize = 16;

fn shard(hash: u64) -> usize {
    // Bits the table itself uses neither for its buckets (the low bits) nor for its tags
    // (the top seven).
    (hash >> 40) as usize % SHARDS
}

/// The rows of one part of a tickets file, before duplicates are looked for.
#[derive(Default)]
struct TicketPart {
    /// Rows with an id, in file order.
    rows: Vec<PartRow>,
    /// Indexes into `rows`, by shard of their id.
    by_shard: [Vec<u32>; SHARDS],
    /// How many of `rows` are rejected.
    rejected: usize,
    /// Ids of rows of the wrong width.
    odd_ids: Vec<Box<str>>,
    errors: InputErrors,
}

impl TicketPart {
    fn push(&mut self, at: usize, row: Row) {
        let id = match &row {
            Row::Valid(t) => &t.id,
            Row::Rejected(id) => {
                self.rejected += 1;
                id
            }
        };
        let hash = TicketRows::hash(id.as_bytes());
        let i = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        self.by_shard[shard(hash)].push(i);
        self.rows.push(PartRow { at, hash, row });
    }
}

/// A row with an id: where it starts in the whole file, the hash of its id, and the row.
struct PartRow {
    at: usize,
    hash: u64,
    row: Row,
}

/// A valid row, or the id of a row rejected for its other fields.
enum Row {
    Valid(Ticket),
    Rejected(Box<str>),
}

impl PartRow {
    fn id(&self) -> &str {
        match &self.row {
            Row::Valid(t) => &t.id,
            Row::Rejected(id) => id,
        }
    }
}

fn read_ticket_rows(
    sheet: &Sheet<'_>,
    part: &[u8],
    agreements: &[Agreement],
    keep_text: &[bool],
) -> TicketPart {
    let mut out = TicketPart::default();
    let mut rows = Records::new(part);
    // When the whole part is UTF-8 so is every field in it (fields split at ASCII bytes):
    // free text that is not kept then needs no check of its own.
    let utf8 = std::str::from_utf8(part).is_ok();
    // One row a line is the common case.
    out.rows.reserve(memchr::memchr_iter(b'\n', part).count());
    let mut errors = InputErrors::default();
    let mut odd_ids = Vec::new();
    let mut lines = Lines::default();
    let mut rec = Record::default();
    let mut last_agreement: Option<(usize, u32)> = None;
    while sheet
        .next(&mut rows, &mut rec, &mut lines, &mut errors, |rows, r| {
            if let Some(id) = sheet.cols[0].and_then(|i| rows.field(r, i)) {
                odd_ids.push(String::from_utf8_lossy(id).into());
            }
        })
        .is_some()
    {
        let at = sheet.base + rec.start();
        let mut bad = |k: usize, reason: String| {
            let line = sheet.line(&mut lines, &rec);
            errors.push(sheet.error(line, k, reason));
        };
        let id = sheet.field(&rows, &rec, 0);
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
        let ag_field = sheet.field(&rows, &rec, 1);
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
        let opened_at = Instant::parse_bytes(sheet.field(&rows, &rec, 2))
            .map_err(|e| bad(2, e))
            .ok();
        let priority = Priority::parse_bytes(sheet.field(&rows, &rec, 3))
            .map_err(|e| bad(3, e))
            .ok();
        let channel = Channel::parse_bytes(sheet.field(&rows, &rec, 4))
            .map_err(|e| bad(4, e))
            .ok();
        let cat = sheet.field(&rows, &rec, 5);
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
        let keep = agreement.is_some_and(|a| keep_text[a as usize]);
        let (customer, subject) = if utf8 && !keep {
            (Some(""), Some(""))
        } else {
            (
                text(sheet.field(&rows, &rec, 6))
                    .map_err(|e| bad(6, e))
                    .ok(),
                text(sheet.field(&rows, &rec, 7))
                    .map_err(|e| bad(7, e))
                    .ok(),
            )
        };
        let csat = match sheet.field(&rows, &rec, 8) {
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
            out.push(at, Row::Rejected(id.into()));
            continue;
        };
        let (Some(customer), Some(subject)) = (customer, subject) else {
            out.push(at, Row::Rejected(id.into()));
            continue;
        };
        let keep = |t: &str| if keep { t.into() } else { Box::default() };
        let ticket = Ticket {
            id: id.into(),
            agreement,
            opened_at,
            priority,
            channel,
            category,
            customer: keep(customer),
            subject: keep(subject),
            csat,
        };
        out.push(at, Row::Valid(ticket));
    }
    out.errors = errors;
    out.odd_ids = odd_ids;
    out
}

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

impl Quoting {
    /// The state after a run of bytes holding no quote: within a quoted field nothing changes;
    /// otherwise only the run's last byte matters.
    fn run(self, bytes: &[u8]) -> Self {
        match bytes.last() {
            None => self,
            Some(_) if self == Self::Quoted => Self::Quoted,
            Some(b',' | b'\n' | b'\r') => Self::StartOfField,
            Some(_) => Self::Unquoted,
        }
    }

    /// The state after `bytes`, and the end of the last record in them (just past a line end
    /// outside any quoted field), when a record ends in them. It steps only at quotes (found
    /// with `memchr`), so a file without quotes is crossed at memory speed.
    fn last_record_end(mut self, bytes: &[u8]) -> (Self, Option<usize>) {
        let mut from = 0;
        let mut last = None;
        // Between two quotes the state does not change but at their edges: every line end of
        // a run outside a quoted field ends a record.
        let run = |state: Self, from: usize, to: usize, last: &mut Option<usize>| {
            if state != Self::Quoted
                && let Some(i) = memchr::memrchr(b'\n', &bytes[from..to])
            {
                *last = Some(from + i + 1);
            }
        };
        for q in memchr::memchr_iter(b'"', bytes) {
            run(self, from, q, &mut last);
            self = self.run(&bytes[from..q]).step(b'"');
            from = q + 1;
        }
        run(self, from, bytes.len(), &mut last);
        (self.run(&bytes[from..]), last)
    }
}

/// Parts of a file larger than this are read side by side on the thread pool.
const PART_BYTES: usize = 4 << 20;

/// Where the parts of a file's body start (the first at 0), about [`PART_BYTES`] apart: each
/// at the first line end after its target that is outside any quoted field, found by replaying
/// the tokenizer's quoting states from the start of the body, so every part begins at a record
/// and records and their line numbers are exactly as in one pass.
#[doc(hidden)]
#[must_use]
pub fn part_starts(body: &[u8]) -> Vec<usize> {
    part_starts_every(body, PART_BYTES)
}

/// [`part_starts`] for parts of about `every` bytes (public for tests of the split).
#[doc(hidden)]
#[must_use]
pub fn part_starts_every(body: &[u8], every: usize) -> Vec<usize> {
    let every = every.max(1);
    let mut starts = vec![0];
    let mut state = Quoting::StartOfField;
    // `state` is the state after `body[..scanned]`.
    let mut scanned = 0;
    'parts: while let Some(target) = starts.last().map(|s| s + every).filter(|&t| t < body.len()) {
        state = state.last_record_end(&body[scanned..target]).0;
        scanned = target;
        while let Some(&b) = body.get(scanned) {
            let before = state;
            state = state.step(b);
            scanned += 1;
            if b == b'\n' && before != Quoting::Quoted {
                if scanned < body.len() {
                    starts.push(scanned);
                    continue 'parts;
                }
                break;
            }
        }
        break;
    }
    starts
}

/// The parts of `data`, whose body starts at `body_start`, split at `starts` (offsets into the
/// body): each with its offset in `data`.
fn part_slices<'a>(data: &'a [u8], body_start: usize, starts: &[usize]) -> Vec<(usize, &'a [u8])> {
    let ends = starts
        .iter()
        .skip(1)
        .map(|s| body_start + s)
        .chain(std::iter::once(data.len()));
    starts
        .iter()
        .zip(ends)
        .map(|(&s, e)| (body_start + s, &data[body_start + s..e]))
        .collect()
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

/// Bytes read from a file at a time: a block is cut at its last record end, and the records
/// after it start the next block.
const BLOCK_BYTES: usize = 4 << 20;

/// Cuts a file read through `src` into blocks of whole records (the last block: what is left),
/// keeping the quoting state across a refill so no byte is looked at twice.
struct Blocks<R> {
    src: R,
    /// Bytes to read at a time ([`BLOCK_BYTES`]; less in tests).
    block: usize,
    /// Bytes read past the last cut: the start of the next block.
    carry: Vec<u8>,
    eof: bool,
}

impl<R: std::io::Read> Blocks<R> {
    /// Fills `buf` (emptied first) with the next block; `false` when the file is done.
    fn next(&mut self, buf: &mut Vec<u8>) -> std::io::Result<bool> {
        buf.clear();
        buf.append(&mut self.carry);
        let mut state = Quoting::StartOfField;
        let mut scanned = 0;
        let mut cut = None;
        loop {
            // Scan what was read for the last line end outside a quoted field.
            let (after, last) = state.last_record_end(&buf[scanned..]);
            if let Some(l) = last {
                cut = Some(scanned + l);
            }
            state = after;
            scanned = buf.len();
            if self.eof || (cut.is_some() && buf.len() >= self.block) {
                break;
            }
            let len = buf.len();
            buf.resize(len + self.block, 0);
            let n = read_full(&mut self.src, &mut buf[len..])?;
            buf.truncate(len + n);
            self.eof = n < self.block;
        }
        // Before the end of the file the loop stops only at a record end.
        if !self.eof
            && let Some(c) = cut
        {
            self.carry.extend_from_slice(&buf[c..]);
            buf.truncate(c);
        }
        Ok(!buf.is_empty())
    }
}

/// Reads until `buf` is full or the file ends; the number of bytes read.
fn read_full(src: &mut impl std::io::Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match src.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Blocks of a file read on a thread of its own, and the way back for their buffers.
struct BlockFeed {
    blocks: std::sync::mpsc::Receiver<Vec<u8>>,
    spare: std::sync::mpsc::Sender<Vec<u8>>,
}

/// Runs `then` with the blocks of `src`, read on another thread up to `ahead` blocks before
/// they are taken (so a file can be read while something else is parsed).
fn with_blocks<T>(
    src: impl std::io::Read + Send,
    block: usize,
    ahead: usize,
    then: impl FnOnce(BlockFeed) -> T,
) -> std::io::Result<T> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(ahead);
    let (spare_tx, spare_rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::scope(|s| {
        let reader = s.spawn(move || -> std::io::Result<()> {
            let mut blocks = Blocks {
                src,
                block: block.max(1),
                carry: Vec::new(),
                eof: false,
            };
            loop {
                let mut buf = spare_rx.try_recv().unwrap_or_default();
                // A reader that stopped taking blocks is not an error.
                if !blocks.next(&mut buf)? || tx.send(buf).is_err() {
                    return Ok(());
                }
            }
        });
        let out = then(BlockFeed {
            blocks: rx,
            spare: spare_tx,
        });
        // A read error ends the blocks early: what was parsed of them is dropped.
        reader
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))
            .map(|()| out)
    })
}

/// Parses the blocks of an events file as they come, on the thread pool; their buffers go
/// back to the reader for later blocks, so a large file is never held whole.
fn read_fed_events(
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
    opts: ReadOptions<'_>,
) -> Result<TicketSet, InputErrors> {
    read_tickets_then(
        tickets_file,
        tickets_data,
        agreements,
        opts,
        move |rows, errors| {
            let events = read_events(events_file, events_data.as_ref(), rows, opts, errors);
            // Owned bytes go before the events are grouped.
            drop(events_data);
            events
        },
    )
}

/// Reads the tickets, then their events with `events`, into a set (all or nothing).
fn read_tickets_then(
    tickets_file: &str,
    tickets_data: impl AsRef<[u8]>,
    agreements: &[Agreement],
    opts: ReadOptions<'_>,
    events: impl FnOnce(&TicketRows, &mut InputErrors) -> EventRows,
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
    let events = events(&rows, &mut errors);
    errors
        .into_result(())
        .map(|()| events.into_set(rows.tickets))
}

/// [`read_ticket_set`] with the events file read in blocks as it is parsed: the way to read a
/// large history from disk.
///
/// # Errors
/// `Err` when `events` cannot be read; `Ok(Err)` with the problems of the files, as
/// [`read_ticket_set`].
pub fn read_ticket_set_from(
    tickets_file: &str,
    tickets_data: impl AsRef<[u8]>,
    events_file: &str,
    events: impl std::io::Read + Send,
    agreements: &[Agreement],
    opts: ReadOptions<'_>,
) -> std::io::Result<Result<TicketSet, InputErrors>> {
    read_ticket_set_in_blocks(
        tickets_file,
        tickets_data,
        events_file,
        events,
        agreements,
        opts,
        BLOCK_BYTES,
    )
}

/// [`read_ticket_set_from`] reading `block` bytes at a time (public for tests of the blocks).
///
/// # Errors
/// As [`read_ticket_set_from`].
#[doc(hidden)]
pub fn read_ticket_set_in_blocks(
    tickets_file: &str,
    tickets_data: impl AsRef<[u8]>,
    events_file: &str,
    events: impl std::io::Read + Send,
    agreements: &[Agreement],
    opts: ReadOptions<'_>,
    block: usize,
) -> std::io::Result<Result<TicketSet, InputErrors>> {
    // The events file is read ahead while the tickets are parsed, a few dozen blocks at most.
    with_blocks(events, block, READ_AHEAD, |feed| {
        read_tickets_then(
            tickets_file,
            tickets_data,
            agreements,
            opts,
            |rows, errors| read_fed_events(events_file, feed, rows, opts, errors),
        )
    })
}

/// Blocks of the events file read before the tickets are parsed: 128 MiB at most.
const READ_AHEAD: usize = 32;

/// The rows of a tickets or events CSV whose instant in `column` (`opened_at`, `at`) is after
/// `latest`, each as a located error: an import refuses what has not happened yet (the
/// caller passes its "now" plus the clock-skew allowance, [`crate::instant::MAX_CLOCK_SKEW_SECS`]),
/// since a future event would hold every later write to its ticket back. Rows that do not read
/// are left to the readers, which report them.
#[must_use]
pub fn instants_after(file: &str, bytes: &[u8], column: &str, latest: Instant) -> Vec<InputError> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let Ok(header) = rdr.byte_headers() else {
        return Vec::new();
    };
    let Some(col) = header.iter().position(|h| {
        let h = h.strip_prefix("\u{feff}".as_bytes()).unwrap_or(h);
        h == column.as_bytes()
    }) else {
        return Vec::new();
    };
    let mut errors = Vec::new();
    let mut rec = csv::ByteRecord::new();
    while let Ok(true) = rdr.read_byte_record(&mut rec) {
        let Some(at) = rec.get(col).and_then(|f| Instant::parse_bytes(f).ok()) else {
            continue;
        };
        if at > latest {
            errors.push(InputError {
                file: file.to_owned(),
                line: rec
                    .position()
                    .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX)),
                column: col + 1,
                key: column.to_owned(),
                reason: format!(
                    "{at} is in the future (later than {latest}): record what has happened"
                ),
            });
        }
    }
    errors
}
