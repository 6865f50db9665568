//! Errors of Accord's domain, each located where a person can find and fix it.
//!
//! Input files are contracts and exports: a rejected file must say which file, which line, which
//! key or column, and why. [`InputError`] carries exactly that; [`InputErrors`] is the list a
//! reader returns (readers report every problem they find, up to [`ERROR_LIMIT`], not just the
//! first), and [`CoreError`] is the crate's error enum for everything else.

use std::fmt;

/// How many located errors a reader collects before it stops looking.
pub const ERROR_LIMIT: usize = 100;

/// One problem in an input file.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct InputError {
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: usize,
    /// 1-based column for TOML; for CSV the 1-based field number (0 when not applicable).
    pub column: usize,
    /// The TOML key path (`calendar.mon[1]`) or CSV column name; empty when not applicable.
    pub key: String,
    /// What is wrong, in words.
    pub reason: String,
}

impl InputError {
    /// A problem with a whole file (no line, column or key).
    #[must_use]
    pub fn whole_file(file: &str, reason: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line: 0,
            column: 0,
            key: String::new(),
            reason: reason.into(),
        }
    }
}

/// Text from users and files as a terminal should be shown it: every control character (C0
/// and C1, DEL, line breaks and tabs included) and every bidirectional override is escaped as
/// Rust writes it (`\n`, `\r`, `\t`, `\u{1b}`), so a subject, a note or a bad value quoted
/// in a message can neither drive the terminal (colours, titles, clearing) nor rewrite or
/// reorder what is shown. Other text is returned as it is, without copying.
///
/// For human-readable text only: the CSV and JSON outputs keep their values byte for byte.
#[must_use]
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if unsafe_char(c) => {
                use fmt::Write as _;
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

impl fmt::Display for InputError {
    // The file name, key and reason (which quotes the value read) are escaped: a bad value
    // with an escape sequence or a carriage return is shown, not acted on.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", printable(&self.file))?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        if self.key.is_empty() {
            write!(f, ": {}", printable(&self.reason))
        } else {
            write!(
                f,
                ": `{}`: {}",
                printable(&self.key),
                printable(&self.reason)
            )
        }
    }
}

/// Every problem found in one or more input files, in file order.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct InputErrors {
    /// The problems found, at most [`ERROR_LIMIT`].
    pub errors: Vec<InputError>,
    /// Whether more problems were found than listed.
    pub truncated: bool,
}

impl InputErrors {
    /// Adds a problem, keeping at most [`ERROR_LIMIT`].
    pub fn push(&mut self, e: InputError) {
        if self.errors.len() < ERROR_LIMIT {
            self.errors.push(e);
        } else {
            self.truncated = true;
        }
    }

    /// Whether nothing is wrong.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Whether the list is full (readers may stop looking).
    #[must_use]
    pub fn is_full(&self) -> bool {
        self.errors.len() >= ERROR_LIMIT
    }

    /// Appends another list.
    pub fn extend(&mut self, other: Self) {
        for e in other.errors {
            self.push(e);
        }
        self.truncated |= other.truncated;
    }

    /// `Ok(v)` when nothing is wrong.
    ///
    /// # Errors
    /// `self` when any problem was recorded.
    pub fn into_result<T>(self, v: T) -> Result<T, Self> {
        if self.is_empty() { Ok(v) } else { Err(self) }
    }
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.errors {
            writeln!(f, "{e}")?;
        }
        if self.truncated {
            writeln!(f, "(more errors not shown: fix these first)")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

impl From<InputError> for InputErrors {
    fn from(e: InputError) -> Self {
        Self {
            errors: vec![e],
            truncated: false,
        }
    }
}

/// Errors of the domain crate.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// One or more input files are invalid.
    #[error("invalid input:\n{0}")]
    Input(#[from] InputErrors),
    /// A ticket id that is not in the data.
    #[error("no ticket `{0}`")]
    UnknownTicket(String),
    /// A period that cannot be read.
    #[error("`{0}` is not a period: write `2026-10`, `2026-Q4` or `2026-10-01..2026-10-15`")]
    BadPeriod(String),
}
