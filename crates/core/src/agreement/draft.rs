//! "Amend from a date": turning an edit of an agreement's base terms into a new
//! `[[amendments]]` entry (format v1.1, `formats.md` "Amendments"), instead of saving the edit,
//! which would change the terms retroactively, back to `effective_from`.
//!
//! The desktop editor shows an agreement's TOML; a person edits its base terms (the top-level
//! keys; the `[[amendments]]` entries stay verbatim at the end of the file) and chooses the date
//! the change takes effect. [`draft_amendment`] compares the edited TOML with the agreement of
//! record and appends an amendment holding exactly what was changed:
//! - Tables (`calendar`, `targets.pN`, `credits`, inline tables such as `per_breach`) are
//!   compared key by key at every depth and only the keys whose values differ are written, as
//!   the reader merges an amendment's tables key by key. Every other value, arrays included
//!   (`holidays`, `scope`, `channels`, `escalation`), is written whole when it differs, as the
//!   reader replaces it whole. Values are compared as TOML values, structurally (so `5` and
//!   `5.0` differ, as they do in TOML).
//! - The change is taken against the base terms, as that is what was edited: an amendment
//!   already in force keeps the keys the new one does not write.
//! - A key that was removed (at any depth) is refused: an amendment only gives keys new values,
//!   it cannot remove one (the reader merges, and a merge cannot tell "absent" from "left
//!   alone"). The person either gives it a value or corrects the terms instead.
//! - `id`, `effective_from` and `calendar.time_zone` are refused too: amended terms are the same
//!   agreement, with the same start, and every amendment's date is read in the one time zone.
//!   Changing the `[[amendments]]` entries themselves is a correction of the terms, not a new
//!   amendment, and so is refused here.
//! - The new amendment's reference must be new in the file and its date after the last
//!   amendment's: amendments are listed oldest first. Everything else (the date after
//!   `effective_from` and within the term, valid values) is left to [`parse_agreement`], which
//!   reads the result as a whole and names any problem by the new amendment.
//!
//! The agreement of record is kept byte for byte, with the new amendment appended after one
//! blank line: its comments and layout are the contract as the parties wrote it, and a diff of
//! the saved versions then shows exactly one new block at the end.

use chrono::{Datelike as _, NaiveDate};
use serde::Serialize;
use toml::value::{Date, Datetime};
use toml::{Table, Value};

use super::read::parse_agreement;
use crate::error::{InputError, InputErrors};

/// The name the agreement of record has in error messages.
pub const ORIGINAL_FILE: &str = "original";
/// The name the edited TOML has in error messages.
pub const EDITED_FILE: &str = "edited";
/// The name the agreement with the new amendment has in error messages.
pub const AMENDED_FILE: &str = "amended";

/// What a new amendment is to be.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct AmendmentDraft {
    /// The local date (calendar's time zone) it takes effect.
    pub effective: NaiveDate,
    /// How the parties name it, e.g. "Amendment No. 2"; written trimmed.
    pub reference: String,
    /// The date it was signed, if known.
    pub signed: Option<NaiveDate>,
}

/// Why an amendment could not be drafted.
#[derive(Debug, thiserror::Error)]
pub enum DraftError {
    /// The agreement of record, the edited TOML or the amended agreement is not valid; each
    /// problem names its file ([`ORIGINAL_FILE`], [`EDITED_FILE`], [`AMENDED_FILE`]).
    #[error("invalid agreement:\n{0}")]
    Invalid(InputErrors),
    /// The edit cannot be made as an amendment, or the draft itself is wrong: a sentence for
    /// people saying why, and what to do instead.
    #[error("{0}")]
    Refused(String),
}

/// The agreement of record `original` with a new `[[amendments]]` entry appended that makes the
/// base-term changes of `edited` take effect from `draft.effective`.
///
/// # Errors
/// [`DraftError::Invalid`] when `original` is not a valid agreement, `edited` is not valid TOML,
/// or the result is not a valid agreement (its problems named by the new amendment, e.g.
/// `amendments[1] (Amendment No. 2).targets.p2.resolution`); [`DraftError::Refused`] when the
/// edit cannot be an amendment (a key removed; `id`, `effective_from`, `calendar.time_zone` or
/// the amendments themselves changed; nothing changed) or the draft is wrong (a blank or
/// repeated reference, a date not after the last amendment's).
pub fn draft_amendment(
    original: &str,
    edited: &str,
    draft: &AmendmentDraft,
) -> Result<String, DraftError> {
    let agreement = parse_agreement(ORIGINAL_FILE, original).map_err(DraftError::Invalid)?;
    // A valid agreement is valid TOML, so this only fails if the two readers disagree.
    let before: Table = original.parse().map_err(|e: toml::de::Error| {
        DraftError::Invalid(
            InputError::whole_file(ORIGINAL_FILE, format!("not valid TOML: {}", e.message()))
                .into(),
        )
    })?;
    let after: Table = edited.parse().map_err(|e: toml::de::Error| {
        // The agreement reader locates the syntax error (line, column); its message is the
        // one the person sees for every other agreement file.
        DraftError::Invalid(
            parse_agreement(EDITED_FILE, edited)
                .err()
                .unwrap_or_else(|| {
                    InputError::whole_file(EDITED_FILE, format!("not valid TOML: {}", e.message()))
                        .into()
                }),
        )
    })?;

    if before.get("amendments") != after.get("amendments") {
        return refuse(
            "the amendments themselves were changed in the TOML: save that as a correction of the terms, then amend",
        );
    }
    let mut removed = Vec::new();
    // The amendments are equal, so the difference holds terms only.
    let changes = diff("", &before, &after, &mut removed);
    if !removed.is_empty() {
        let keys = removed
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let (verb, it) = if removed.len() == 1 {
            ("was", "it")
        } else {
            ("were", "each")
        };
        return refuse(format!(
            "{keys} {verb} removed: an amendment can only replace terms, not remove them; give {it} a value, or correct the terms instead"
        ));
    }
    unchangeable(&changes, &before)?;
    if changes.is_empty() {
        return refuse("nothing in the terms was changed, so there is nothing to amend");
    }
    // The amendment's own keys share its table with the terms: a term of that name would
    // collide with them (none exists; the edit added it).
    if let Some(k) = ["effective", "reference", "signed"]
        .into_iter()
        .find(|k| changes.contains_key(*k))
    {
        return refuse(format!(
            "`{k}` is not a term of an agreement (an amendment uses it for its own `{k}`): remove it from the terms"
        ));
    }

    let reference = draft.reference.trim();
    if reference.is_empty() {
        return refuse(
            "the amendment needs a reference, how the parties name it (e.g. \"Amendment No. 2\")",
        );
    }
    if agreement
        .amendments
        .iter()
        .any(|a| a.reference.trim() == reference)
    {
        return refuse(format!(
            "`{reference}` is already the reference of an amendment: each amendment's reference is unique in the agreement"
        ));
    }
    if let Some(last) = agreement.amendments.last()
        && draft.effective <= last.effective
    {
        return refuse(format!(
            "{} is not after {}, when {} takes effect: a new amendment takes effect after the last one (to change terms already amended, correct the terms instead)",
            draft.effective, last.effective, last.reference
        ));
    }

    let block = toml::to_string(&Block {
        amendments: [Entry {
            effective: toml_date(draft.effective)?,
            reference,
            signed: draft.signed.map(toml_date).transpose()?,
            changes: &changes,
        }],
    })
    .map_err(|e| DraftError::Refused(format!("the amendment cannot be written as TOML: {e}")))?;

    let mut out = String::with_capacity(original.len() + block.len() + 2);
    out.push_str(original);
    out.push_str(separator(original));
    out.push_str(&block);
    parse_agreement(AMENDED_FILE, &out).map_err(DraftError::Invalid)?;
    Ok(out)
}

/// The new amendment as the `toml` serializer writes it: a one-element array of tables, so
/// `[[amendments]]`, then `[amendments.targets.p2]` for its sub-tables. A struct rather than a
/// [`Table`], whose keys are sorted: the amendment's own keys come first, as people write them.
#[derive(Serialize)]
struct Block<'a> {
    amendments: [Entry<'a>; 1],
}

#[derive(Serialize)]
struct Entry<'a> {
    effective: Datetime,
    reference: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    signed: Option<Datetime>,
    #[serde(flatten)]
    changes: &'a Table,
}

fn refuse<T>(why: impl Into<String>) -> Result<T, DraftError> {
    Err(DraftError::Refused(why.into()))
}

/// What `after` changes in `before`: tables key by key at every depth, every other value whole.
/// Keys of `before` missing from `after` are added to `removed`, by path.
fn diff(path: &str, before: &Table, after: &Table, removed: &mut Vec<String>) -> Table {
    let path_of = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    let mut out = Table::new();
    for (k, new) in after {
        match (before.get(k), new) {
            (Some(old), _) if old == new => {}
            (Some(Value::Table(old)), Value::Table(new)) => {
                let changed = diff(&path_of(k), old, new, removed);
                if !changed.is_empty() {
                    out.insert(k.clone(), Value::Table(changed));
                }
            }
            // Added, or replaced whole (a value, an array, or a change of kind, which the
            // reader's merge replaces whole too).
            _ => {
                out.insert(k.clone(), new.clone());
            }
        }
    }
    removed.extend(
        before
            .keys()
            .filter(|k| !after.contains_key(*k))
            .map(|k| path_of(k)),
    );
    out
}

/// Refuses changes to what no amendment may change.
fn unchangeable(changes: &Table, before: &Table) -> Result<(), DraftError> {
    if changes.contains_key("id") {
        return refuse(
            "`id` was changed: an amendment cannot change `id`, as amended terms are the same agreement; correct the terms instead",
        );
    }
    if changes.contains_key("effective_from") {
        return refuse(
            "`effective_from` was changed: an amendment cannot change when the agreement took effect, only take effect at its own date; correct the terms instead",
        );
    }
    let time_zone = |t: &Table| {
        t.get("calendar")
            .and_then(|c| c.get("time_zone"))
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
    };
    if let Some(to) = time_zone(changes) {
        let from = time_zone(before).unwrap_or_default();
        return refuse(format!(
            "`calendar.time_zone` was changed ({from} to {to}): an amendment cannot change the time zone; a contract that moves its time zone is a new agreement"
        ));
    }
    Ok(())
}

/// A date as TOML writes it, bare (`2026-12-01`): TOML dates have four-digit years.
fn toml_date(d: NaiveDate) -> Result<Datetime, DraftError> {
    let year = u16::try_from(d.year())
        .ok()
        .filter(|y| *y <= 9999)
        .ok_or_else(|| {
            DraftError::Refused(format!(
                "{d} cannot be written in TOML, whose dates have four-digit years"
            ))
        })?;
    // Month (1-12) and day (1-31) always fit.
    let (month, day) = (d.month() as u8, d.day() as u8);
    Ok(Datetime {
        date: Some(Date { year, month, day }),
        time: None,
        offset: None,
    })
}

/// What goes between the agreement of record and the new block for exactly one blank line
/// between them, however the file ends (the file itself is kept as it is).
fn separator(original: &str) -> &'static str {
    let trailing = &original[original.trim_end().len()..];
    match trailing.matches('\n').count() {
        0 => "\n\n",
        1 => "\n",
        _ => "",
    }
}
