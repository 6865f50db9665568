//! Where a problem in an agreement file is: its line, column and key path, from the byte spans
//! that toml keeps. Every check reports through a [`Locator`], so all problems of a file are
//! collected in one list instead of stopping at the first.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{InputError, InputErrors};

/// The file being read, and the problems found in it so far.
pub(super) struct Locator<'a> {
    pub(super) file: &'a str,
    pub(super) src: &'a str,
    pub(super) errors: InputErrors,
}

impl Locator<'_> {
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.src.len());
        let before = &self.src.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = self
            .src
            .get(line_start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }

    pub(super) fn at(
        &mut self,
        span: std::ops::Range<usize>,
        key: impl Into<String>,
        reason: impl Into<String>,
    ) {
        let (line, column) = self.line_col(span.start);
        self.errors.push(InputError {
            file: self.file.to_owned(),
            line,
            column,
            key: key.into(),
            reason: reason.into(),
        });
    }

    /// The value of a check, or `None` with its problem recorded at `span`.
    pub(super) fn check<T>(
        &mut self,
        span: std::ops::Range<usize>,
        key: &str,
        r: Result<T, String>,
    ) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.at(span, key, e);
                None
            }
        }
    }
}

/// The span of a value by key path (`["channels", "1", "hours", "0"]`), for values read without
/// spans of their own.
pub(super) fn span_of(doc: &Spanned<DeTable<'_>>, path: &[&str]) -> Option<std::ops::Range<usize>> {
    let (first, rest) = path.split_first()?;
    let (_, mut v) = doc
        .get_ref()
        .iter()
        .find(|(k, _)| k.get_ref().as_ref() == *first)?;
    for seg in rest {
        v = match v.get_ref() {
            DeValue::Table(t) => t.iter().find(|(k, _)| k.get_ref().as_ref() == *seg)?.1,
            DeValue::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(v.span())
}
