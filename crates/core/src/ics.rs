//! Holidays from an iCalendar file (`.ics`, RFC 5545), for importing a public-holiday calendar
//! (a government's, Google's or Outlook's export) into an agreement's business calendar.
//!
//! [`read_holidays`] takes the file's text and a date range and returns every whole-day
//! holiday in the range, one entry per date with its name, for a person to approve before the
//! dates become [`crate::calendar::Holiday`]s; what is in the file but is not a whole-day
//! holiday is listed as [`IcsSkipped`], and a file that cannot be read gives located
//! [`IcsError`]s (every problem found, up to [`ERROR_LIMIT`]). Pure: it reads a `&str`, never a
//! file.
//!
//! # Why hand-written
//! The content-line reader and the recurrence expander are written here rather than taken from
//! the `icalendar`, `ical` or `rrule` crates: none of the parsers keeps the line of each
//! property (`icalendar` numbers lines of its unfolded copy, and its components keep none), so
//! an error could not say where to look; `ical` states no licence. `rrule` reads DATE values as
//! midnight DATE-TIMEs (its parser warns that `VALUE=DATE` is unsupported in EXDATE), leaves out
//! a DTSTART the rule does not produce (RFC 5545 counts it as the first occurrence), rejects an
//! UNTIL before DTSTART, only logs and truncates when its loop guard trips, and would add `regex`
//! and `log` to this crate. For whole days the RFC's rules are date filters, which a small
//! expander (`ics/recur.rs`) does exactly, bounded, on `chrono::NaiveDate` alone.
//!
//! # Content lines (RFC 5545 3.1)
//! - A UTF-8 byte order mark at the start is ignored. Lines end with CRLF or a bare LF.
//! - Unfolding: a line break followed by one space or tab joins the next physical line to the
//!   previous one (both removed). Blank lines are skipped. Locations are the 1-based physical
//!   line where the unfolded content line starts.
//! - `NAME *(;PARAM=VALUE[,VALUE]) :VALUE`. Names of properties, parameters, components and
//!   rule parts are case-insensitive; parameter values may be quoted (`TZID="America/New_York"`)
//!   and then hold `;`, `:` and `,`. A line without `:` or with a bad name is an error.
//! - TEXT values (SUMMARY, UID, X-WR-CALNAME) are unescaped: `\\`, `\;`, `\,`, `\n`, `\N`; any
//!   other backslash is kept as written. A holiday name's line breaks become spaces, and it is
//!   trimmed.
//!
//! # Structure
//! - The first content line must be `BEGIN:VCALENDAR`, or the text is not an iCalendar file (an
//!   error at that line; an empty text is an error at line 1). Several VCALENDARs may follow one
//!   another; any property outside them is an error.
//! - BEGIN/END must nest: an END with no open BEGIN of that name, or a BEGIN never ended, is an
//!   error at its line; an END that closes an outer component while inner ones are open reports
//!   each inner one as not closed.
//! - Only VEVENTs directly inside a VCALENDAR are read. VTIMEZONE, VTODO, VJOURNAL, VFREEBUSY,
//!   VALARM and any other component (and their properties) are ignored: their lines only have
//!   to be well-formed and balanced.
//! - The calendar's name (`X-WR-CALNAME`, or RFC 7986 `NAME`) is returned for the user to see.
//!
//! # What a holiday is
//! - A VEVENT whose DTSTART is a DATE: `DTSTART;VALUE=DATE:20261126`, or a bare 8-digit value
//!   with no VALUE parameter. A DATE is a local day with no time zone: a TZID on it is ignored.
//! - Its span: DTEND (a DATE, exclusive) or DURATION in whole days (`P1D`, `P2D`, `P1W`; a time
//!   part only if it adds up to whole days, e.g. `PT24H`); each date of the span is a holiday.
//!   With neither, one day. DTEND equal to DTSTART and `P0D` are read as one day (exporters
//!   write both). DTEND before DTSTART, a DATE-TIME DTEND, a negative DURATION, or DTEND with
//!   DURATION are errors. A span longer than 366 days is skipped: it is no holiday, and a
//!   guard against one event filling a century.
//! - SUMMARY is the name (the first SUMMARY; missing gives an empty name). UID is kept to tell
//!   the user where the date came from.
//! - Skipped, not errors (each listed with its line, summary and reason): a DATE-TIME DTSTART
//!   ("timed event, not a whole day"), `STATUS:CANCELLED` ("cancelled"), a rule repeating
//!   HOURLY or finer, an over-long span, a `RANGE=THISANDFUTURE` override. Skipped events are
//!   listed when they may touch the range: their DTSTART (an override: its RECURRENCE-ID) is not
//!   after `to`, and, unless they have RRULE or RDATE, not before `from`.
//! - Errors: a VEVENT without DTSTART, a DTSTART, DTEND, DURATION, RDATE, EXDATE, RECURRENCE-ID or
//!   RRULE that cannot be read, and DTSTART, DTEND, DURATION or RECURRENCE-ID given twice.
//!
//! # Recurrence (RFC 5545 3.3.10, 3.8.5)
//! - RRULE with FREQ YEARLY, MONTHLY, WEEKLY or DAILY; INTERVAL, COUNT, UNTIL (a DATE, or a
//!   DATE-TIME of which the date as written is the last date allowed: RFC 5545 wants a DATE
//!   there and says nothing of a mismatch), BYMONTH, BYMONTHDAY (negative from the month's
//!   end), BYYEARDAY, BYWEEKNO (weeks start on WKST; week 1 has at least 4 days of the year),
//!   BYDAY (with ordinals such as `4TH` or `-1MO` in MONTHLY and YEARLY: within the month for
//!   MONTHLY and for YEARLY with BYMONTH, else within the year), BYSETPOS, WKST. BYHOUR,
//!   BYMINUTE and BYSECOND are ignored, as RFC 5545 says for a DATE start; `X-` parts too.
//!   Unknown parts or values (`FREQ=SOMETIMES`) and the RFC's forbidden combinations are errors.
//! - With no day-level part, the day comes from DTSTART (its month and day for YEARLY, its day
//!   of month for MONTHLY, its weekday for WEEKLY); a date that does not exist (31 April, 29
//!   February of a common year) is no occurrence, not moved.
//! - DTSTART is always the first occurrence, even when the rule would not produce it (RFC 5545
//!   3.3.10: it "always counts as the first occurrence"; python-dateutil, and the `rrule`
//!   crate after it, do not). COUNT counts from DTSTART, occurrences before `from` included, and dates later removed
//!   by EXDATE or an override still count. An UNTIL before DTSTART leaves DTSTART alone. Several
//!   RRULEs (deprecated but seen) are united.
//! - RDATE (DATE values, comma lists, several lines) adds occurrences; EXDATE (same forms)
//!   removes them. A DATE-TIME in either is read as its date as written (no time-zone
//!   conversion), so `EXDATE:20261225T000000Z` removes 25 December. RDATE periods are errors.
//! - Each occurrence has the event's span (a 2-day event repeated yearly gives 2 dates a year).
//! - A VEVENT with RECURRENCE-ID and the UID of a recurring event (its "master") overrides the
//!   occurrence starting on that date (a DATE-TIME RECURRENCE-ID by its date): that occurrence
//!   is removed and the override's own DTSTART, span and SUMMARY give the moved holiday; a
//!   cancelled (or timed) override only removes it. An override's own RRULE, RDATE and EXDATE
//!   are ignored. An override whose UID matches no master stands alone, and one whose
//!   RECURRENCE-ID is no occurrence of its master still gives its own dates (RFC 5545 leaves
//!   both open, and dropping a dated event the file states would hide it); one whose master is skipped is skipped too. Overrides
//!   apply to every master with their UID.
//! - Bounded: `to` must be less than [`MAX_RANGE_YEARS`] years after `from`; a rule without COUNT
//!   starts at the period containing `from` (its cost follows the range, not DTSTART's age);
//!   and a whole file may examine at most 20 000 000 candidate dates and give at most
//!   [`MAX_ENTRIES`] dates before merging, beyond which it is refused with an error at the rule
//!   or event concerned. A hostile file cannot hang the import.
//!
//! # Result
//! - Only dates in `[from, to]` (inclusive) are returned, sorted, one entry per date. When
//!   several events give the same date, their names are joined with `" / "` in file order,
//!   identical and empty names once; the UID, line and `recurring` are the first event's.
//! - `recurring` is true for every date of an event with RRULE or RDATE (DTSTART's own date
//!   included: it is one of the series) and for an override of such an event.

mod content;
mod events;
mod recur;

use std::fmt;

use chrono::{Months, NaiveDate};

use crate::error::{ERROR_LIMIT, printable};
use content::ContentLine;

/// The longest range [`read_holidays`] expands, in years.
pub const MAX_RANGE_YEARS: u32 = 100;

/// The most holiday dates a file may give in the range before dates are merged.
pub const MAX_ENTRIES: usize = 200_000;

/// The longest whole-day event read as a holiday, in days.
const MAX_SPAN_DAYS: u64 = 366;

/// One whole-day holiday found in the file, within the range asked.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IcsHoliday {
    /// The date (serialised `YYYY-MM-DD`).
    #[serde(serialize_with = "serialize_date")]
    #[cfg_attr(feature = "specta", specta(type = String))]
    pub date: NaiveDate,
    /// The SUMMARY, or several joined with `" / "` when events share the date (may be empty).
    pub name: String,
    /// The UID of the (first) event giving the date.
    pub uid: Option<String>,
    /// 1-based line of that event's `BEGIN:VEVENT`.
    pub line: usize,
    /// The date belongs to a recurring event (RRULE or RDATE, or an override of one).
    pub recurring: bool,
}

impl From<IcsHoliday> for crate::calendar::Holiday {
    /// The holiday an approved date becomes in an agreement's calendar.
    fn from(h: IcsHoliday) -> Self {
        Self {
            date: h.date,
            name: h.name,
        }
    }
}

/// Something in the file that is not a whole-day holiday: shown to the user, not an error.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IcsSkipped {
    /// 1-based line of its `BEGIN:VEVENT`.
    pub line: usize,
    /// Its SUMMARY (may be empty).
    pub summary: String,
    /// Why it gives no holiday, e.g. "timed event, not a whole day".
    pub reason: String,
}

/// What a file gives for a range.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IcsHolidays {
    /// The calendar's own name (`X-WR-CALNAME` or `NAME`), if it has one.
    pub calendar_name: Option<String>,
    /// The holidays in the range, sorted by date, one per date.
    pub holidays: Vec<IcsHoliday>,
    /// Events that give no holiday, in file order.
    pub skipped: Vec<IcsSkipped>,
}

/// A problem in the file, located.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct IcsError {
    /// 1-based line where the (unfolded) content line starts; 0 for a problem with the range
    /// asked rather than the file.
    pub line: usize,
    /// The property (`DTSTART`, `RRULE`, `END`…); empty when none applies.
    pub field: String,
    /// What is wrong, quoting the value read.
    pub reason: String,
}

impl fmt::Display for IcsError {
    // Field and reason quote the file, so they are escaped: a value holding an escape sequence
    // is shown, not acted on by a terminal.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.field.is_empty()) {
            (0, true) => write!(f, "{}", printable(&self.reason)),
            (0, false) => write!(f, "{}: {}", printable(&self.field), printable(&self.reason)),
            (line, true) => write!(f, "line {line}: {}", printable(&self.reason)),
            (line, false) => write!(
                f,
                "line {line}, {}: {}",
                printable(&self.field),
                printable(&self.reason)
            ),
        }
    }
}

impl std::error::Error for IcsError {}

fn serialize_date<S: serde::Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(date)
}

/// Reads the whole-day holidays of an iCalendar text that fall in `[from, to]`.
///
/// The rules (what counts as a holiday, recurrence, overrides, merging) are this module's
/// documentation.
///
/// # Errors
/// Every problem found (up to [`ERROR_LIMIT`]), sorted by line: the text is not an iCalendar
/// file, BEGIN/END do not balance, a line or a value cannot be read, an event has no DTSTART, a
/// rule is invalid or too costly to expand; or (line 0) `to` is before `from` or more than
/// [`MAX_RANGE_YEARS`] years after it.
pub fn read_holidays(
    text: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<IcsHolidays, Vec<IcsError>> {
    check_range(from, to)?;
    check_first_line(text)?;
    let (lines, mut errors) = content::content_lines(text);
    let (structure, structure_errors) = structure(&lines);
    errors.extend(structure_errors);
    let mut read = Vec::new();
    for raw in &structure.events {
        match events::read_event(raw) {
            Ok(event) => read.push(event),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if !errors.is_empty() {
        return Err(finish_errors(errors));
    }
    let mut skipped = Vec::new();
    let entries = events::expand_events(&read, from, to, &mut skipped).map_err(|e| vec![e])?;
    skipped.sort_by_key(|s: &IcsSkipped| s.line);
    Ok(IcsHolidays {
        calendar_name: structure.calendar_name,
        holidays: events::merge(&read, entries),
        skipped,
    })
}

fn check_range(from: NaiveDate, to: NaiveDate) -> Result<(), Vec<IcsError>> {
    let range_error = |reason: String| {
        vec![IcsError {
            line: 0,
            field: String::new(),
            reason,
        }]
    };
    if to < from {
        return Err(range_error(format!(
            "the range asked, {from} to {to}, ends before it starts"
        )));
    }
    let limit = from.checked_add_months(Months::new(12 * MAX_RANGE_YEARS));
    if limit.is_none_or(|limit| to >= limit) {
        return Err(range_error(format!(
            "the range asked, {from} to {to}, is longer than {MAX_RANGE_YEARS} years"
        )));
    }
    Ok(())
}

/// Whether the first non-blank line is `BEGIN:VCALENDAR`: if not, one error, rather than one
/// for each line of what is probably another kind of file.
fn check_first_line(text: &str) -> Result<(), Vec<IcsError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .find(|(_, l)| !l.trim().is_empty());
    let Some((line, first)) = first else {
        return Err(vec![IcsError {
            line: 1,
            field: String::new(),
            reason: "not an iCalendar file: it is empty (expected BEGIN:VCALENDAR)".to_owned(),
        }]);
    };
    let (name, value) = first.split_once(':').unwrap_or((first, ""));
    if name.trim().eq_ignore_ascii_case("BEGIN") && value.trim().eq_ignore_ascii_case("VCALENDAR") {
        return Ok(());
    }
    let name = name.trim();
    let field = if !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        name.to_ascii_uppercase()
    } else {
        String::new()
    };
    Err(vec![IcsError {
        line,
        field,
        reason: "not an iCalendar file: it must begin with BEGIN:VCALENDAR".to_owned(),
    }])
}

fn finish_errors(mut errors: Vec<IcsError>) -> Vec<IcsError> {
    errors.sort_by_key(|e| e.line);
    errors.truncate(ERROR_LIMIT);
    errors
}

/// A VEVENT directly inside a VCALENDAR: its BEGIN line and its own properties.
struct RawEvent<'a> {
    line: usize,
    props: Vec<&'a ContentLine>,
}

struct Structure<'a> {
    calendar_name: Option<String>,
    events: Vec<RawEvent<'a>>,
}

/// Checks BEGIN/END nesting and gathers the VEVENTs of the VCALENDARs.
fn structure(lines: &[ContentLine]) -> (Structure<'_>, Vec<IcsError>) {
    let mut out = Structure {
        calendar_name: None,
        events: Vec::new(),
    };
    let mut errors = Vec::new();
    // Open components, outermost first: (name, line of BEGIN).
    let mut stack: Vec<(String, usize)> = Vec::new();
    let mut current: Option<RawEvent<'_>> = None;
    for l in lines {
        match l.name.as_str() {
            "BEGIN" | "END" => {
                let component = l.value.trim().to_ascii_uppercase();
                if component.is_empty()
                    || !component
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                {
                    errors.push(l.error(format!(
                        "`{}` is not a component name",
                        content::shorten(&l.value)
                    )));
                    continue;
                }
                if l.name == "BEGIN" {
                    if stack.is_empty() && component != "VCALENDAR" {
                        errors.push(l.error(format!(
                            "BEGIN:{component} is outside BEGIN:VCALENDAR … END:VCALENDAR"
                        )));
                    }
                    if component == "VEVENT" && stack.len() == 1 && stack[0].0 == "VCALENDAR" {
                        current = Some(RawEvent {
                            line: l.line,
                            props: Vec::new(),
                        });
                    }
                    stack.push((component, l.line));
                    continue;
                }
                let Some(pos) = stack.iter().rposition(|(c, _)| *c == component) else {
                    errors.push(l.error(format!(
                        "END:{component} has no BEGIN:{component} open to close"
                    )));
                    continue;
                };
                for (inner, line) in &stack[pos + 1..] {
                    errors.push(IcsError {
                        line: *line,
                        field: "BEGIN".to_owned(),
                        reason: format!(
                            "BEGIN:{inner} is not closed by END:{inner} before END:{component} \
                             at line {}",
                            l.line
                        ),
                    });
                }
                if pos == 1 && component == "VEVENT" && stack.len() == 2 {
                    out.events.extend(current.take());
                }
                stack.truncate(pos);
                if stack.len() < 2 {
                    current = None;
                }
            }
            name => match (stack.len(), current.as_mut()) {
                (0, _) => errors
                    .push(l.error(format!("{name} is outside BEGIN:VCALENDAR … END:VCALENDAR"))),
                (1, _)
                    if (name == "X-WR-CALNAME" || name == "NAME")
                        && out.calendar_name.is_none() =>
                {
                    let calendar = content::name_from_summary(&l.value);
                    out.calendar_name = (!calendar.is_empty()).then_some(calendar);
                }
                (2, Some(event)) => event.props.push(l),
                _ => {}
            },
        }
    }
    for (component, line) in stack {
        errors.push(IcsError {
            line,
            field: "BEGIN".to_owned(),
            reason: format!("BEGIN:{component} is never closed by END:{component}"),
        });
    }
    (out, errors)
}
