//! A CSV file's header and rows as the readers see them: the columns found by name, rows of the
//! header's width, and every problem located by file, line and column.

use crate::error::{InputError, InputErrors};
use crate::records::{Record, Records};

/// The column layout of a file, read from its header, and the file itself for line numbers.
#[derive(Clone, Debug)]
pub(super) struct Sheet<'a> {
    pub(super) file: &'a str,
    /// The whole file.
    pub(super) data: &'a [u8],
    /// Where the part being read starts in `data` (the second half of a split file).
    pub(super) base: usize,
    pub(super) names: &'static [&'static str],
    /// Field index of each known column, in the order of `names`.
    pub(super) cols: Vec<Option<usize>>,
    /// Fields in the header: every row must have as many.
    pub(super) width: usize,
}

/// Line numbers from byte offsets, counted by the reader itself: the csv crate's own line
/// numbers are off by one after CRLF line ends and blank lines. Only errors need a line, so it
/// is counted lazily, resuming from the previous error's position.
#[derive(Debug, Default)]
pub(super) struct Lines {
    offset: usize,
    line: usize,
}

impl Lines {
    /// The 1-based line on which the record starting at `offset` of `data` begins.
    pub(super) fn of(&mut self, data: &[u8], offset: usize) -> usize {
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
    pub(super) fn header(
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

    pub(super) fn field<'r>(&self, rows: &'r Records<'_>, rec: &'r Record, k: usize) -> &'r [u8] {
        self.cols[k].and_then(|i| rows.field(rec, i)).unwrap_or(b"")
    }

    /// The line a record starts on.
    pub(super) fn line(&self, lines: &mut Lines, rec: &Record) -> usize {
        lines.of(self.data, self.base + rec.start())
    }

    pub(super) fn error(&self, line: usize, k: usize, reason: String) -> InputError {
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
    pub(super) fn next(
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

pub(super) fn text(b: &[u8]) -> Result<&str, String> {
    std::str::from_utf8(b)
        .map_err(|_| format!("`{}` is not valid UTF-8", String::from_utf8_lossy(b)))
}

/// A reader of a file's header (the rows are read by [`Records`], from where it stops).
pub(super) fn header_reader(data: &[u8]) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(data)
}
