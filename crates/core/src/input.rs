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
//! records, look tickets up in a hash map with a one-entry cache (a ticket's events usually
//! follow each other), and keep free text only when asked.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

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

/// Marks a ticket id seen on a row that was rejected: its events are not "unknown".
const REJECTED: u32 = u32::MAX;

struct Sheet<'a> {
    file: &'a str,
    /// Column index of each known column name, in the order given.
    cols: Vec<Option<usize>>,
}

impl<'a> Sheet<'a> {
    /// Reads the header; records problems and returns `None` if the rows cannot be read.
    fn header(
        file: &'a str,
        rdr: &mut csv::Reader<&[u8]>,
        known: &[&str],
        required: &[&str],
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
            Ok(h) if !h.is_empty() && !(h.len() == 1 && h[0].is_empty()) => h.clone(),
            Ok(_) => {
                errors.push(err(
                    0,
                    "",
                    format!(
                        "the file is empty: expected a header row with {}",
                        required.join(", ")
                    ),
                ));
                return None;
            }
            Err(e) => {
                errors.push(err(0, "", format!("unreadable header: {e}")));
                return None;
            }
        };
        let mut cols = vec![None; known.len()];
        let mut ok = true;
        for (i, name) in header.iter().enumerate() {
            let name = String::from_utf8_lossy(name);
            match known.iter().position(|k| *k == name) {
                Some(k) if cols[k].is_some() => {
                    errors.push(err(i + 1, &name, format!("column `{name}` appears twice")));
                    ok = false;
                }
                Some(k) => cols[k] = Some(i),
                None if name.starts_with("x_") => {}
                None => {
                    errors.push(err(
                        i + 1,
                        &name,
                        format!("unknown column `{name}` (expected {}; extra columns must start with `x_`)", known.join(", ")),
                    ));
                    ok = false;
                }
            }
        }
        for r in required {
            let k = known.iter().position(|k| k == r).unwrap_or(0);
            if cols[k].is_none() {
                errors.push(err(0, r, format!("required column `{r}` is missing")));
                ok = false;
            }
        }
        ok.then_some(Self { file, cols })
    }

    fn field<'r>(&self, rec: &'r csv::ByteRecord, k: usize) -> &'r [u8] {
        self.cols[k].and_then(|i| rec.get(i)).unwrap_or(b"")
    }

    fn error(&self, line: u64, k: usize, names: &[&str], reason: String) -> InputError {
        InputError {
            file: self.file.to_owned(),
            line: usize::try_from(line).unwrap_or(usize::MAX),
            column: self.cols[k].map_or(0, |i| i + 1),
            key: names[k].to_owned(),
            reason,
        }
    }
}

fn text(b: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(b).map_err(|_| "not valid UTF-8".to_owned())
}

fn row_error(file: &str, e: &csv::Error) -> InputError {
    let line = e
        .position()
        .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
    let reason = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields where the header has {expected_len}")
        }
        _ => format!("unreadable row: {e}"),
    };
    InputError {
        file: file.to_owned(),
        line,
        column: 0,
        key: String::new(),
        reason,
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

/// Tickets read from a CSV file, with an index from id to position.
#[derive(Debug, Default)]
pub struct TicketRows {
    /// Valid tickets in file order.
    pub tickets: Vec<Ticket>,
    index: FxHashMap<Box<str>, u32>,
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
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(data);
    let Some(sheet) = Sheet::header(file, &mut rdr, &TICKET_COLS, &TICKET_COLS[..6], errors) else {
        return out;
    };
    let by_id: HashMap<&str, u32> = agreements
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                errors.push(row_error(file, &e));
                if errors.is_full()
                    || !matches!(
                        e.kind(),
                        csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                    )
                {
                    break;
                }
                continue;
            }
        }
        let line = rec.position().map_or(0, csv::Position::line);
        let mut bad =
            |k: usize, reason: String| errors.push(sheet.error(line, k, &TICKET_COLS, reason));
        let id = match text(sheet.field(&rec, 0)) {
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
        if out.index.contains_key(id) {
            bad(0, format!("ticket `{id}` appears more than once"));
            continue;
        }
        let agreement = match text(sheet.field(&rec, 1)) {
            Ok(a) => by_id.get(a).copied().or_else(|| {
                bad(1, format!("unknown agreement `{a}`"));
                None
            }),
            Err(e) => {
                bad(1, e);
                None
            }
        };
        let opened_at = text(sheet.field(&rec, 2))
            .and_then(Instant::parse)
            .map_err(|e| bad(2, e))
            .ok();
        let priority = text(sheet.field(&rec, 3))
            .and_then(Priority::parse)
            .map_err(|e| bad(3, e))
            .ok();
        let channel = text(sheet.field(&rec, 4))
            .and_then(Channel::parse)
            .map_err(|e| bad(4, e))
            .ok();
        let category = match (text(sheet.field(&rec, 5)), agreement) {
            (Ok(c), Some(a)) => {
                let scope = &agreements[a as usize].scope;
                if scope.iter().any(|s| s == c) {
                    Some(c)
                } else {
                    bad(
                        5,
                        format!(
                            "category `{c}` is not in the scope of {} ({})",
                            agreements[a as usize].id,
                            scope.join(", ")
                        ),
                    );
                    None
                }
            }
            (Ok(c), None) => Some(c),
            (Err(e), _) => {
                bad(5, e);
                None
            }
        };
        let customer = text(sheet.field(&rec, 6)).map_err(|e| bad(6, e)).ok();
        let subject = text(sheet.field(&rec, 7)).map_err(|e| bad(7, e)).ok();
        let csat = match sheet.field(&rec, 8) {
            b"" => Some(None),
            &[d @ b'1'..=b'5'] => Some(Some(d - b'0')),
            other => {
                bad(
                    8,
                    format!(
                        "`{}` is not a CSAT score: use a whole number from 1 to 5, or leave it empty",
                        String::from_utf8_lossy(other)
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
            Some(customer),
            Some(subject),
            Some(csat),
        ) = (
            agreement, opened_at, priority, channel, category, customer, subject, csat,
        )
        else {
            out.index.insert(id.into(), REJECTED);
            if errors.is_full() {
                break;
            }
            continue;
        };
        let keep = |s: &str| {
            if opts.keep_text {
                s.into()
            } else {
                Box::default()
            }
        };
        out.index.insert(
            id.into(),
            u32::try_from(out.tickets.len()).unwrap_or(REJECTED),
        );
        out.tickets.push(Ticket {
            id: id.into(),
            agreement,
            opened_at,
            priority,
            channel,
            category: category.into(),
            customer: keep(customer),
            subject: keep(subject),
            csat,
        });
    }
    out
}

/// Reads `events.csv` against the tickets read before. Problems go to `errors`.
pub fn read_events(
    file: &str,
    data: &[u8],
    tickets: &TicketRows,
    opts: ReadOptions,
    errors: &mut InputErrors,
) -> Vec<(u32, Event, Box<str>)> {
    let mut out = Vec::with_capacity(tickets.tickets.len() * 5);
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(data);
    let Some(sheet) = Sheet::header(file, &mut rdr, &EVENT_COLS, &EVENT_COLS[..3], errors) else {
        return out;
    };
    let mut rec = csv::ByteRecord::new();
    let mut cache: (Vec<u8>, u32) = (Vec::new(), REJECTED);
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                errors.push(row_error(file, &e));
                if errors.is_full()
                    || !matches!(
                        e.kind(),
                        csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                    )
                {
                    break;
                }
                continue;
            }
        }
        let line = rec.position().map_or(0, csv::Position::line);
        let mut bad =
            |k: usize, reason: String| errors.push(sheet.error(line, k, &EVENT_COLS, reason));
        let id = sheet.field(&rec, 0);
        let ticket = if id == cache.0.as_slice() && !id.is_empty() {
            Some(cache.1)
        } else {
            match text(id) {
                Ok("") => {
                    bad(0, "ticket_id is empty".to_owned());
                    None
                }
                Ok(s) => match tickets.index.get(s) {
                    Some(&t) => {
                        cache = (id.to_vec(), t);
                        Some(t)
                    }
                    None => {
                        bad(0, format!("unknown ticket `{s}` (not in the tickets file)"));
                        None
                    }
                },
                Err(e) => {
                    bad(0, e);
                    None
                }
            }
        };
        let at = text(sheet.field(&rec, 1))
            .and_then(Instant::parse)
            .map_err(|e| bad(1, e))
            .ok();
        let kind = text(sheet.field(&rec, 2))
            .and_then(EventKind::parse)
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
            (Some(EventKind::PriorityChanged), p) => text(p)
                .and_then(Priority::parse)
                .map(Some)
                .map_err(|e| bad(4, e))
                .ok(),
            (_, b"") => Some(None),
            (Some(k), p) => {
                bad(
                    4,
                    format!(
                        "`{}`: only priority_changed events carry a priority, not {k}",
                        String::from_utf8_lossy(p)
                    ),
                );
                None
            }
            (None, _) => None,
        };
        let (Some(ticket), Some(at), Some(kind), Some(note), Some(priority)) =
            (ticket, at, kind, note, priority)
        else {
            if errors.is_full() {
                break;
            }
            continue;
        };
        if ticket == REJECTED {
            continue;
        }
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
        let note = if opts.keep_text {
            note.into()
        } else {
            Box::default()
        };
        out.push((ticket, Event { at, kind, priority }, note));
    }
    out
}

/// Reads a tickets file and an events file into a [`TicketSet`], all or nothing.
///
/// # Errors
/// Every problem found in either file (tickets first), up to the limit.
pub fn read_ticket_set(
    tickets_file: &str,
    tickets_data: &[u8],
    events_file: &str,
    events_data: &[u8],
    agreements: &[Agreement],
    opts: ReadOptions,
) -> Result<TicketSet, InputErrors> {
    let mut errors = InputErrors::default();
    let rows = read_tickets(tickets_file, tickets_data, agreements, opts, &mut errors);
    let events = if errors.is_full() {
        Vec::new()
    } else {
        read_events(events_file, events_data, &rows, opts, &mut errors)
    };
    errors
        .into_result(())
        .map(|()| TicketSet::new(rows.tickets, events))
}
