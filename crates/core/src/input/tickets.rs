//! The tickets file: its rows read in parts on the thread pool, then checked for duplicate ids
//! shard by shard, and indexed by id for the events that refer to them.

use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use hashbrown::{HashSet, HashTable};
use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use super::ReadOptions;
use super::blocks::{part_slices, part_starts};
use super::sheet::{Lines, Sheet, header_reader, text};
use crate::agreement::Agreement;
use crate::error::{ERROR_LIMIT, InputError, InputErrors};
use crate::instant::Instant;
use crate::model::{Channel, Priority};
use crate::records::{Record, Records};
use crate::ticket::Ticket;

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

    pub(super) fn is_rejected(&self, id: &[u8]) -> bool {
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
    pub(super) fn keeps_text(&self, t: &Ticket) -> bool {
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
    // A category is an index into every category of its agreement's life.
    let categories: Vec<Vec<&str>> = agreements.iter().map(Agreement::categories).collect();
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
            Some(i) => {
                let a = &agreements[i as usize];
                // The scope of the terms governing the ticket: those in force at its opening.
                let terms = opened_at.map_or(a, |at| a.terms_at(at));
                let allowed = terms.scope.iter().any(|s| s.as_bytes() == cat);
                let found = categories[i as usize]
                    .iter()
                    .position(|s| s.as_bytes() == cat)
                    .filter(|_| allowed);
                if found.is_none() {
                    let c = String::from_utf8_lossy(cat);
                    let under = opened_at
                        .and_then(|at| a.terms_label_at(at))
                        .map_or_else(String::new, |l| format!(" under {l}"));
                    bad(
                        5,
                        format!(
                            "category `{c}` is not in the scope of {}{under} ({})",
                            a.id,
                            terms.scope.join(", ")
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
