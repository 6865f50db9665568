//! The content-line layer of RFC 5545 (section 3.1) and the few value types a holiday needs:
//! unfolding, `NAME;PARAM=VALUE:VALUE` lines, DATE and DATE-TIME (3.3.4, 3.3.5), DURATION
//! (3.3.6) and TEXT (3.3.11). Each line keeps the 1-based number of its first physical line, so
//! every problem found later can be located.

use chrono::{Datelike, NaiveDate};

use super::IcsError;

/// One unfolded content line.
#[derive(Debug)]
pub(super) struct ContentLine {
    /// 1-based number of its first physical line.
    pub line: usize,
    /// The property (or `BEGIN`/`END`) name, upper-cased: names are case-insensitive.
    pub name: String,
    /// Parameters in order, names upper-cased, values unquoted (a list stays comma-joined).
    pub params: Vec<(String, String)>,
    /// The value after the first `:` outside quotes, as written.
    pub value: String,
}

impl ContentLine {
    /// A parameter's value, by (upper-case) name.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// An error about this line's property.
    pub fn error(&self, reason: impl Into<String>) -> IcsError {
        IcsError {
            line: self.line,
            field: self.name.clone(),
            reason: reason.into(),
        }
    }
}

/// Unfolds `text` and splits each logical line into name, parameters and value.
///
/// Folding is a line break (CRLF or a bare LF) followed by one space or tab, both removed.
/// Blank lines are skipped (many exporters end the file with one). A line that cannot be read is
/// reported and left out, so one bad line does not hide the rest of the file.
pub(super) fn content_lines(text: &str) -> (Vec<ContentLine>, Vec<IcsError>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut logical: Vec<(usize, String)> = Vec::new();
    let mut errors = Vec::new();
    for (i, physical) in text.split('\n').enumerate() {
        let physical = physical.strip_suffix('\r').unwrap_or(physical);
        if let Some(rest) = physical
            .strip_prefix(' ')
            .or_else(|| physical.strip_prefix('\t'))
        {
            match logical.last_mut() {
                Some((_, current)) => current.push_str(rest),
                None => errors.push(IcsError {
                    line: i + 1,
                    field: String::new(),
                    reason: "a folded continuation line with no line before it to continue"
                        .to_owned(),
                }),
            }
        } else if !physical.is_empty() {
            logical.push((i + 1, physical.to_owned()));
        }
    }
    let mut lines = Vec::with_capacity(logical.len());
    for (line, text) in logical {
        match split_line(&text) {
            Ok((name, params, value)) => lines.push(ContentLine {
                line,
                name,
                params,
                value,
            }),
            Err((field, reason)) => errors.push(IcsError {
                line,
                field,
                reason,
            }),
        }
    }
    (lines, errors)
}

type Split = (String, Vec<(String, String)>, String);

/// `name *(";" param) ":" value`, with quoted parameter values that may hold `;`, `:` and `,`.
fn split_line(text: &str) -> Result<Split, (String, String)> {
    let name_end = text.find([';', ':']).unwrap_or(text.len());
    let name = &text[..name_end];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err((
            String::new(),
            format!(
                "`{}` is not a content line (expected NAME:VALUE)",
                shorten(text)
            ),
        ));
    }
    let name = name.to_ascii_uppercase();
    let fail = |reason: String| Err((name.clone(), reason));
    let mut rest = &text[name_end..];
    let mut params = Vec::new();
    while let Some(after) = rest.strip_prefix(';') {
        let Some(eq) = after.find('=') else {
            return fail(format!(
                "parameter `{}` has no `=`",
                shorten(after.split(':').next().unwrap_or(after))
            ));
        };
        let pname = &after[..eq];
        if pname.is_empty()
            || !pname
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return fail(format!("`{}` is not a parameter name", shorten(pname)));
        }
        let mut values = String::new();
        let mut cursor = &after[eq + 1..];
        loop {
            if let Some(quoted) = cursor.strip_prefix('"') {
                let Some(close) = quoted.find('"') else {
                    return fail(format!("parameter {pname}: a quoted value is never closed"));
                };
                values.push_str(&quoted[..close]);
                cursor = &quoted[close + 1..];
            } else {
                let end = cursor.find([',', ';', ':']).unwrap_or(cursor.len());
                values.push_str(&cursor[..end]);
                cursor = &cursor[end..];
            }
            match cursor.strip_prefix(',') {
                Some(next) => {
                    values.push(',');
                    cursor = next;
                }
                None => break,
            }
        }
        params.push((pname.to_ascii_uppercase(), values));
        rest = cursor;
    }
    match rest.strip_prefix(':') {
        Some(value) => Ok((name, params, value.to_owned())),
        None => fail("no `:` before the value".to_owned()),
    }
}

/// At most 40 characters of `text`, for quoting a bad value in a message.
pub(super) fn shorten(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// A DATE or a DATE-TIME value, reduced to what a holiday needs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum When {
    /// A DATE: a whole local day.
    Date(NaiveDate),
    /// A DATE-TIME: its date as written (local, floating or UTC, never converted).
    DateTime(NaiveDate),
}

impl When {
    /// The calendar date as written.
    pub const fn date(self) -> NaiveDate {
        match self {
            Self::Date(d) | Self::DateTime(d) => d,
        }
    }
}

/// `YYYYMMDD` (exactly 8 digits, a real calendar date).
pub(super) fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter()
            .fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'))
    };
    let year = i32::try_from(num(0..4)).ok()?;
    NaiveDate::from_ymd_opt(year, num(4..6), num(6..8))
}

/// `YYYYMMDDTHHMMSS` with an optional `Z`; returns the date part.
fn parse_date_time(text: &str) -> Option<NaiveDate> {
    let (date, time) = text.split_once(['T', 't'])?;
    let time = time.strip_suffix(['Z', 'z']).unwrap_or(time).as_bytes();
    if time.len() != 6 || !time.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let two = |i: usize| u32::from(time[i] - b'0') * 10 + u32::from(time[i + 1] - b'0');
    // Second 60 is a leap second, which RFC 5545 allows.
    if two(0) > 23 || two(2) > 59 || two(4) > 60 {
        return None;
    }
    parse_date(date)
}

const DATE_SHAPE: &str = "expected YYYYMMDD";
const DATE_TIME_SHAPE: &str = "expected YYYYMMDDTHHMMSS";

/// One DATE or DATE-TIME value, typed by the property's `VALUE` parameter when given, else by
/// its shape (a bare 8-digit value is a DATE).
pub(super) fn parse_when(value_type: Option<&str>, text: &str) -> Result<When, String> {
    let text = text.trim();
    match value_type.map(str::to_ascii_uppercase).as_deref() {
        Some("DATE") => parse_date(text)
            .map(When::Date)
            .ok_or_else(|| format!("`{}` is not a date ({DATE_SHAPE})", shorten(text))),
        Some("DATE-TIME") => parse_date_time(text)
            .map(When::DateTime)
            .ok_or_else(|| format!("`{}` is not a date-time ({DATE_TIME_SHAPE})", shorten(text))),
        None => parse_date(text)
            .map(When::Date)
            .or_else(|| parse_date_time(text).map(When::DateTime))
            .ok_or_else(|| {
                format!(
                    "`{}` is not a date ({DATE_SHAPE}) nor a date-time ({DATE_TIME_SHAPE})",
                    shorten(text)
                )
            }),
        Some(other) => Err(format!(
            "VALUE={} is not supported here (expected DATE or DATE-TIME)",
            shorten(other)
        )),
    }
}

/// The comma-separated DATE or DATE-TIME values of an RDATE or EXDATE line.
pub(super) fn parse_when_list(line: &ContentLine) -> Result<Vec<When>, IcsError> {
    line.value
        .split(',')
        .map(|v| parse_when(line.param("VALUE"), v).map_err(|reason| line.error(reason)))
        .collect()
}

/// A DURATION of a whole-day event, in days: `P2D`, `P1W`, `P1DT0H`, `PT24H`.
///
/// RFC 5545 wants days or weeks for an event whose DTSTART is a DATE; a time part is accepted
/// only when the whole adds up to whole days. `P0D` is returned as 0 (the caller reads it as
/// one day, like an absent DTEND).
pub(super) fn parse_whole_days(text: &str) -> Result<u64, String> {
    let bad = || {
        format!(
            "`{}` is not a duration (expected e.g. P1D, P2D or P1W)",
            shorten(text)
        )
    };
    let t = text.trim();
    if t.starts_with('-') {
        return Err(format!(
            "`{}` is negative: a whole-day event cannot end before it starts",
            shorten(text)
        ));
    }
    let t = t.strip_prefix('+').unwrap_or(t);
    let t = t.strip_prefix(['P', 'p']).ok_or_else(bad)?;
    let mut seconds: u64 = 0;
    let mut in_time = false;
    let mut number: Option<u64> = None;
    let mut any = false;
    for c in t.chars() {
        let c = c.to_ascii_uppercase();
        if let Some(digit) = c.to_digit(10) {
            let n = number.unwrap_or(0);
            number = Some(
                n.checked_mul(10)
                    .and_then(|n| n.checked_add(u64::from(digit)))
                    .ok_or_else(bad)?,
            );
            continue;
        }
        if c == 'T' {
            if in_time || number.is_some() {
                return Err(bad());
            }
            in_time = true;
            continue;
        }
        let unit = match (in_time, c) {
            (false, 'W') => 7 * 86_400,
            (false, 'D') => 86_400,
            (true, 'H') => 3_600,
            (true, 'M') => 60,
            (true, 'S') => 1,
            _ => return Err(bad()),
        };
        let n = number.take().ok_or_else(bad)?;
        seconds = n
            .checked_mul(unit)
            .and_then(|s| s.checked_add(seconds))
            .ok_or_else(bad)?;
        any = true;
    }
    if !any || number.is_some() {
        return Err(bad());
    }
    if !seconds.is_multiple_of(86_400) {
        return Err(format!(
            "`{}` is not a whole number of days, as a whole-day event needs",
            shorten(text)
        ));
    }
    Ok(seconds / 86_400)
}

/// Unescapes a TEXT value: `\\`, `\;`, `\,`, `\n` and `\N`. Any other backslash is kept as
/// written (lenient: such files exist, and the name is shown to a person before use).
pub(super) fn unescape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(e @ ('\\' | ';' | ',')) => out.push(e),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// A holiday name from a SUMMARY: unescaped, line breaks as spaces (a name is one line), trimmed.
pub(super) fn name_from_summary(value: &str) -> String {
    unescape_text(value)
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Day number of a date (days since 0001-01-01 is 1), for arithmetic in `i64`.
pub(super) fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce())
}

/// The date of a day number, when chrono can represent it.
pub(super) fn from_day_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).ok()?)
}
