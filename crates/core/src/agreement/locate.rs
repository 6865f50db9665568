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
    /// Set while the terms after an amendment are read: their problems are named and located
    /// in the amendment.
    pub(super) scope: Option<Scope>,
}

/// Reading the terms in force after one amendment (`amend`): every problem found is named by
/// the amendment (`amendments[1] (Amendment No. 2).targets.p2.resolution`) and located at the
/// value when the amendment wrote it, else at the amendment's `[[amendments]]` header. A
/// problem the terms before had too, at a value this amendment did not write, is not repeated:
/// it is reported where it was written.
pub(super) struct Scope {
    /// `amendments[i] (reference)`, or `amendments[i]` when it has no reference.
    pub(super) label: String,
    /// The span of the amendment's header.
    pub(super) header: std::ops::Range<usize>,
    /// The spans of every key and value the amendment wrote.
    pub(super) own: Vec<std::ops::Range<usize>>,
    /// The problems (key, reason) of the terms before the amendment.
    pub(super) previous: Vec<(String, String)>,
    /// The problems (key, reason) of these terms, named as if they were a file of their own.
    pub(super) found: Vec<(String, String)>,
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
        let (mut span, mut key, reason) = (span, key.into(), reason.into());
        if let Some(s) = &mut self.scope {
            let own = s.own.iter().any(|r| r.contains(&span.start));
            let found = (key, reason);
            let repeated = !own && s.previous.contains(&found);
            s.found.push(found.clone());
            if repeated {
                return;
            }
            key = if found.0.is_empty() {
                s.label.clone()
            } else {
                format!("{}.{}", s.label, found.0)
            };
            if !own {
                span = s.header.clone();
            }
            return self.push(span, key, found.1);
        }
        self.push(span, key, reason);
    }

    fn push(&mut self, span: std::ops::Range<usize>, key: String, reason: String) {
        let (line, column) = self.line_col(span.start);
        self.errors.push(InputError {
            file: self.file.to_owned(),
            line,
            column,
            key,
            reason,
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
