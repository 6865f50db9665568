//! Cutting a CSV file at record ends, so its pieces can be parsed side by side: the parts of a
//! file in memory, and the blocks of a file read as it is parsed. Both replay the csv crate's
//! quoting states, so a cut never falls inside a quoted field and every record, and its line
//! number, is exactly as in one pass.

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
pub(super) fn part_slices<'a>(
    data: &'a [u8],
    body_start: usize,
    starts: &[usize],
) -> Vec<(usize, &'a [u8])> {
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

/// Bytes read from a file at a time: a block is cut at its last record end, and the records
/// after it start the next block.
pub(super) const BLOCK_BYTES: usize = 4 << 20;

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
pub(super) struct BlockFeed {
    pub(super) blocks: std::sync::mpsc::Receiver<Vec<u8>>,
    pub(super) spare: std::sync::mpsc::Sender<Vec<u8>>,
}

/// Runs `then` with the blocks of `src`, read on another thread up to `ahead` blocks before
/// they are taken (so a file can be read while something else is parsed).
pub(super) fn with_blocks<T>(
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
