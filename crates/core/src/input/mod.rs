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
//!
//! Each concern has its module: `sheet` reads a header and locates a row's problems, `blocks`
//! cuts a file at record ends into parts (in memory) or blocks (read from disk), and `tickets`
//! and `events` read their files' rows; this module puts them together into a [`TicketSet`].

mod blocks;
mod events;
mod sheet;
mod tickets;

use crate::agreement::Agreement;
use crate::error::{InputError, InputErrors};
use crate::instant::Instant;
use crate::ticket::TicketSet;

use blocks::{BLOCK_BYTES, with_blocks};
use events::read_fed_events;

pub use blocks::{part_starts, part_starts_every};
pub use events::{EventRows, read_events};
pub use tickets::{TicketRows, read_tickets};

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
