//! The records of a CSV body, exactly as the csv crate's reader (default dialect: comma,
//! double quote, any of CR, LF or CRLF ending a record, blank lines skipped) reads them, at
//! memory speed for the common line.
//!
//! Exports are mostly lines without a quote or a stray carriage return. Such a line is one
//! record whose fields are the bytes between its commas, so it is split by one plain loop over
//! its bytes instead of csv-core's state machine (which was a fifth of reading a large
//! history). Any other record (a quote anywhere in its first line, or a lone CR) is handed to
//! csv-core itself, restarted at that record, so quoting, escaped quotes, line ends inside
//! quoted fields and the tokenizer's leniency stay csv's own. A property test checks both
//! paths against the csv crate over arbitrary bytes.

/// One record: its fields, and where it starts.
#[derive(Debug, Default)]
pub struct Record {
    /// Byte offset of the record's first byte in the body.
    start: usize,
    /// Field bounds: into the body (`decoded == false`) or into `buf`.
    bounds: Vec<(usize, usize)>,
    /// Fields decoded by csv-core (unquoted, escapes resolved).
    buf: Vec<u8>,
    ends: Vec<usize>,
    decoded: bool,
}

impl Record {
    /// Where the record starts in the body.
    #[must_use]
    pub fn start(&self) -> usize {
        self.start
    }

    /// Number of fields.
    #[must_use]
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// Whether the record has no field (never, for a record that was read).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }
}

/// Reads the records of a CSV body (no header) in order.
#[derive(Debug)]
pub struct Records<'a> {
    body: &'a [u8],
    pos: usize,
    core: csv_core::Reader,
}

impl<'a> Records<'a> {
    /// A reader of `body`, which must start at a record (or at a line end before one).
    #[must_use]
    pub fn new(body: &'a [u8]) -> Self {
        // csv-core drops a byte-order mark at the start of the first input it is given; a
        // body's records are not at the start of a file, so it is shown a blank line first.
        let mut core = csv_core::Reader::new();
        let _ = core.read_record(b"\n", &mut [0; 1], &mut [0; 1]);
        Self { body, pos: 0, core }
    }

    /// Field `i` of a record this reader read.
    #[must_use]
    pub fn field<'r>(&'r self, rec: &'r Record, i: usize) -> Option<&'r [u8]> {
        let &(s, e) = rec.bounds.get(i)?;
        Some(if rec.decoded {
            &rec.buf[s..e]
        } else {
            &self.body[s..e]
        })
    }

    /// Reads the next record into `rec`; `false` at the end of the body.
    pub fn read(&mut self, rec: &mut Record) -> bool {
        let body = self.body;
        // Blank lines hold no record.
        while let Some(b'\n' | b'\r') = body.get(self.pos) {
            self.pos += 1;
        }
        if self.pos >= body.len() {
            return false;
        }
        let start = self.pos;
        rec.bounds.clear();
        match split_plain_line(body, start, &mut rec.bounds) {
            Some(next) => {
                rec.start = start;
                rec.decoded = false;
                self.pos = next;
                true
            }
            None => self.read_by_core(rec),
        }
    }

    /// Reads the record at `self.pos` with csv-core. Between records it is in the state it
    /// left the last one in (a record's end, or a CR waiting for its LF), which reads the
    /// next record (never at a line end) exactly as from the start of a record.
    fn read_by_core(&mut self, rec: &mut Record) -> bool {
        use csv_core::ReadRecordResult as R;
        rec.start = self.pos;
        rec.decoded = true;
        if rec.buf.len() < 256 {
            rec.buf.resize(256, 0);
        }
        if rec.ends.len() < 16 {
            rec.ends.resize(16, 0);
        }
        let (mut out, mut nends) = (0, 0);
        loop {
            let input = &self.body[self.pos..];
            let (res, nin, nout, nend) =
                self.core
                    .read_record(input, &mut rec.buf[out..], &mut rec.ends[nends..]);
            self.pos += nin;
            out += nout;
            nends += nend;
            match res {
                // All the rest of the body was given: the next call, with no input, ends it.
                R::InputEmpty => {}
                R::OutputFull => {
                    let n = rec.buf.len() * 2;
                    rec.buf.resize(n, 0);
                }
                R::OutputEndsFull => {
                    let n = rec.ends.len() * 2;
                    rec.ends.resize(n, 0);
                }
                R::Record => break,
                R::End => return false,
            }
        }
        rec.bounds.clear();
        let mut from = 0;
        for &e in &rec.ends[..nends] {
            rec.bounds.push((from, e));
            from = e;
        }
        true
    }
}

/// Splits the line starting at `start` (not at a line end) at its commas into `bounds` and
/// returns where the next record may start, or `None` when the line holds a quote or a lone
/// CR. A plain loop over the bytes: faster here than `memchr` jumps between commas a few
/// bytes apart, or eight bytes at a time.
fn split_plain_line(body: &[u8], start: usize, bounds: &mut Vec<(usize, usize)>) -> Option<usize> {
    let mut from = start;
    for (k, &b) in body.iter().enumerate().skip(start) {
        match b {
            b',' => {
                bounds.push((from, k));
                from = k + 1;
            }
            b'\n' => {
                bounds.push((from, k));
                return Some(k + 1);
            }
            b'\r' => {
                bounds.push((from, k));
                return match body.get(k + 1) {
                    None => Some(k + 1),
                    Some(b'\n') => Some(k + 2),
                    Some(_) => None,
                };
            }
            b'"' => return None,
            _ => {}
        }
    }
    bounds.push((from, body.len()));
    Some(body.len())
}
