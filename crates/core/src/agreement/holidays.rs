//! Adding holidays to an agreement's text (holidays approved from an iCalendar file, see
//! [`crate::ics`]). Each holiday goes into the list of the terms that govern its date: the
//! holidays of the last amendment effective on or before it that lists holidays (an amendment's
//! `calendar.holidays` replaces the list whole, `formats.md`), else the base `[calendar]`'s. So
//! a holiday added for 2027 lands where the engine reads 2027's holidays from, and the terms of
//! every other date are unchanged.
//!
//! The text is edited in place: comments and layout, the contract as the parties wrote it, are
//! kept, and each holiday is inserted in date order, laid out like its neighbours. The result is
//! read again by [`parse_agreement`]; a date outside the agreement's term, or one that is
//! already a holiday under the terms governing it, is refused.

use chrono::NaiveDate;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Value};

use super::Agreement;
use super::read::parse_agreement;
use crate::calendar::Holiday;

/// Why holidays cannot be added.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HolidayError {
    /// A date outside the agreement's term.
    #[error("{0} falls outside the agreement's term ({1})")]
    OutsideTerm(NaiveDate, String),
    /// A date that is already a holiday under the terms governing it.
    #[error("{0} is already a holiday ({1})")]
    Listed(NaiveDate, String),
    /// The same date twice in what is added.
    #[error("{0} is given twice")]
    Twice(NaiveDate),
    /// The text is not the agreement's TOML, or the result does not read (a defect).
    #[error("the agreement's text cannot be edited: {0}")]
    Text(String),
}

/// `text` (the TOML of `agreement`) with `holidays` added, each to the terms governing its
/// date.
///
/// # Errors
/// See [`HolidayError`]; nothing is changed on any error.
pub fn add_holidays(
    text: &str,
    agreement: &Agreement,
    holidays: &[Holiday],
) -> Result<String, HolidayError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| HolidayError::Text(e.to_string()))?;
    let term = match agreement.effective_to {
        Some(to) => format!("{} to {to}", agreement.effective_from),
        None => format!("from {}", agreement.effective_from),
    };
    let mut seen = Vec::new();
    for h in holidays {
        if seen.contains(&h.date) {
            return Err(HolidayError::Twice(h.date));
        }
        seen.push(h.date);
        let governing = agreement.terms_on(h.date);
        let end = governing.effective_to;
        if h.date < agreement.effective_from || end.is_some_and(|e| h.date > e) {
            return Err(HolidayError::OutsideTerm(h.date, term.clone()));
        }
        if let Some(listed) = governing
            .calendar
            .holidays
            .iter()
            .find(|x| x.date == h.date)
        {
            let name = if listed.name.is_empty() {
                "unnamed"
            } else {
                &listed.name
            };
            return Err(HolidayError::Listed(h.date, name.to_owned()));
        }
        insert(list_for(&mut doc, agreement, h.date)?, h);
    }
    let out = doc.to_string();
    parse_agreement(&agreement.id, &out).map_err(|e| HolidayError::Text(e.to_string()))?;
    Ok(out)
}

/// The holidays list governing `date`: the last amendment effective on or before it that
/// lists holidays, else the base calendar's (made when it has none).
fn list_for<'d>(
    doc: &'d mut DocumentMut,
    agreement: &Agreement,
    date: NaiveDate,
) -> Result<&'d mut Array, HolidayError> {
    // The amendments in the text are those of the agreement, in order.
    let amendment = agreement
        .amendments
        .iter()
        .enumerate()
        .filter(|(_, a)| a.effective <= date)
        .map(|(i, _)| i)
        .rev()
        .find(|&i| {
            doc.get("amendments")
                .and_then(Item::as_array_of_tables)
                .and_then(|list| list.get(i))
                .and_then(|t| t.get("calendar"))
                .and_then(|c| c.get("holidays"))
                .is_some()
        });
    let calendar: &mut dyn toml_edit::TableLike = match amendment {
        Some(i) => doc
            .get_mut("amendments")
            .and_then(Item::as_array_of_tables_mut)
            .and_then(|list| list.get_mut(i))
            .and_then(|t| t.get_mut("calendar"))
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| HolidayError::Text("an amendment's calendar is not a table".into()))?,
        None => doc
            .get_mut("calendar")
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| HolidayError::Text("no [calendar] table".into()))?,
    };
    if calendar.get("holidays").is_none() {
        let mut list = Array::new();
        list.set_trailing("\n");
        list.set_trailing_comma(true);
        calendar.insert("holidays", Item::Value(Value::Array(list)));
    }
    calendar
        .get_mut("holidays")
        .and_then(Item::as_array_mut)
        .ok_or_else(|| HolidayError::Text("`holidays` is not a list".into()))
}

/// Inserts a holiday in date order, laid out like the list's items (one a line when they are).
fn insert(list: &mut Array, h: &Holiday) {
    let at = list
        .iter()
        .position(|v| item_date(v).is_some_and(|d| d > h.date))
        .unwrap_or(list.len());
    let mut t = InlineTable::new();
    let date: toml_edit::Datetime = h
        .date
        .format("%Y-%m-%d")
        .to_string()
        .parse()
        .unwrap_or_else(|_| unreachable!("a formatted date reads back"));
    t.insert("date", Value::from(date));
    t.insert("name", Value::from(h.name.as_str()));
    let mut v = Value::InlineTable(t);
    // The neighbour's prefix (e.g. a new line and an indent), else one a line.
    let prefix = list
        .get(at.min(list.len().saturating_sub(1)))
        .and_then(|n| n.decor().prefix())
        .and_then(|p| p.as_str())
        .map_or_else(|| "\n  ".to_owned(), str::to_owned);
    v.decor_mut().set_prefix(prefix);
    v.decor_mut().set_suffix("");
    list.insert_formatted(at, v);
    if list.len() == 1 {
        list.set_trailing("\n");
        list.set_trailing_comma(true);
    }
}

fn item_date(v: &Value) -> Option<NaiveDate> {
    let d = v.as_inline_table()?.get("date")?.as_datetime()?.date?;
    NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
}
