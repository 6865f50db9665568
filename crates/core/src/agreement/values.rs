//! Checks of single values as an agreement writes them: ids, dates, decimals, amounts,
//! currencies, credits, and hours (weekly windows, a channel's `hours`). Each gives the value
//! or the reason it is wrong, in words for the people who wrote the file, and the caller says
//! where; only hours, whose windows each have a key of their own, report their problems
//! themselves.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::DeTable;
use toml::value::Datetime;

use super::locate::{Locator, span_of};
use super::schema::{RawDay, RawHours, RawNumber};
use super::{ChannelHours, CreditAmount, Currency, MAX_AMOUNT};
use crate::calendar::{WEEKDAYS, WeeklyHours, Window};

/// An amount within [`MAX_AMOUNT`].
pub(super) fn bounded_amount(v: Decimal, what: &str) -> Result<Decimal, String> {
    if v > MAX_AMOUNT {
        Err(format!(
            "`{v}`: {what} must be at most 1000000000000000 (10^15) in the agreement's currency"
        ))
    } else {
        Ok(v)
    }
}

pub(super) fn decimal_of(n: &RawNumber) -> Result<Decimal, String> {
    let text = match n {
        RawNumber::Int(i) => return Ok(Decimal::from(*i)),
        // Rust prints the shortest spelling that reads back to the same float: `0.75`, `0.9`.
        RawNumber::Float(f) if f.is_finite() => f.to_string(),
        RawNumber::Float(f) => return Err(format!("`{f}` is not a number")),
        RawNumber::Text(t) => t.clone(),
    };
    text.trim()
        .parse::<Decimal>()
        .map_err(|_| format!("`{text}` is not a decimal number"))
}

pub(super) fn date_of(d: &Datetime) -> Result<NaiveDate, String> {
    match (d.date, d.time, d.offset) {
        (Some(date), None, None) => NaiveDate::from_ymd_opt(
            i32::from(date.year),
            u32::from(date.month),
            u32::from(date.day),
        )
        .ok_or_else(|| format!("`{d}` is not a date")),
        _ => Err(format!(
            "`{d}` must be a plain date like 2026-01-01, without a time"
        )),
    }
}

pub(super) fn in_unit_interval(v: Decimal) -> Result<Decimal, String> {
    if v > Decimal::ZERO && v <= Decimal::ONE {
        Ok(v)
    } else {
        Err(format!(
            "`{v}` must be a fraction above 0 and at most 1 (e.g. 0.95)"
        ))
    }
}

pub(super) fn non_empty(s: &str, what: &str) -> Result<(), String> {
    if s.trim().is_empty() {
        Err(format!("{what} must not be empty"))
    } else {
        Ok(())
    }
}

pub(super) fn valid_id(id: &str) -> Result<(), String> {
    let ok = (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "`{id}` is not an id: use 1 to 64 of A-Z a-z 0-9 . _ -"
        ))
    }
}

/// One weekday's windows as written: the span of the list, and each window with its span.
pub(super) type DaySpec = Option<(
    std::ops::Range<usize>,
    Vec<(std::ops::Range<usize>, String)>,
)>;

pub(super) fn day_spec(d: &RawDay) -> DaySpec {
    d.as_ref().map(|d| {
        (
            d.span(),
            d.get_ref()
                .iter()
                .map(|w| (w.span(), w.get_ref().clone()))
                .collect(),
        )
    })
}

/// Validates a week of windows; problems are recorded and give `None`.
pub(super) fn weekly(
    loc: &mut Locator<'_>,
    prefix: &str,
    days: [DaySpec; 7],
) -> Option<WeeklyHours> {
    let mut out: [Vec<Window>; 7] = Default::default();
    let mut ok = true;
    for (i, day) in days.iter().enumerate() {
        let Some((_, windows)) = day else { continue };
        for (j, (span, text)) in windows.iter().enumerate() {
            let key = format!("{prefix}{}[{j}]", WEEKDAYS[i]);
            match loc.check(span.clone(), &key, Window::parse(text)) {
                Some(w) => out[i].push(w),
                None => ok = false,
            }
        }
    }
    match WeeklyHours::new(out) {
        Ok(w) if ok => Some(w),
        Ok(_) => None,
        Err((i, reason)) => {
            let span = days[i].as_ref().map_or(0..0, |d| d.0.clone());
            loc.at(span, format!("{prefix}{}", WEEKDAYS[i]), reason);
            None
        }
    }
}

pub(super) fn currency_of(code: &str) -> Result<Currency, String> {
    let c = iso_currency::Currency::from_code(code)
        .ok_or_else(|| format!("`{code}` is not an ISO 4217 currency code (e.g. USD, CAD, EUR)"))?;
    Ok(Currency {
        code: code.to_owned(),
        minor_digits: u32::from(c.exponent().unwrap_or(0)),
    })
}

pub(super) fn credit_amount(text: &str) -> Result<CreditAmount, String> {
    let bad =
        || format!("`{text}` is neither an amount (`250.00`) nor a percent of the fee (`5%`)");
    if let Some(p) = text.strip_suffix('%') {
        let v: Decimal = p.trim().parse().map_err(|_| bad())?;
        if v <= Decimal::ZERO || v > Decimal::ONE_HUNDRED {
            return Err(format!(
                "`{text}`: a percent must be above 0 and at most 100"
            ));
        }
        Ok(CreditAmount::PercentOfFee(v))
    } else {
        let v: Decimal = text.trim().parse().map_err(|_| bad())?;
        if v <= Decimal::ZERO {
            return Err(format!("`{text}`: a credit must be positive"));
        }
        Ok(CreditAmount::Fixed(bounded_amount(v, "a credit")?))
    }
}

pub(super) fn percent(v: Decimal) -> Result<Decimal, String> {
    if v >= Decimal::ZERO && v <= Decimal::ONE_HUNDRED {
        Ok(v)
    } else {
        Err(format!("`{v}` must be a percent from 0 to 100"))
    }
}

/// The `hours` of channel `i`, as written.
pub(super) fn channel_hours(
    loc: &mut Locator<'_>,
    i: usize,
    h: &Spanned<RawHours>,
    doc: &Spanned<DeTable<'_>>,
) -> Option<ChannelHours> {
    match h.get_ref() {
        RawHours::Named(n) if n == "calendar" => Some(ChannelHours::Calendar),
        RawHours::Named(n) if n == "24x7" => Some(ChannelHours::Always),
        RawHours::Named(n) => {
            loc.at(
                h.span(),
                format!("channels[{i}].hours"),
                format!("`{n}` is not \"calendar\", \"24x7\" or a list of windows"),
            );
            None
        }
        RawHours::Daily(ws) => daily_hours(loc, i, h.span(), ws, doc),
        RawHours::Weekly(wk) => weekday_hours(loc, i, h.span(), wk),
    }
}

/// A list of windows, the same every day: validated once, under its own keys.
fn daily_hours(
    loc: &mut Locator<'_>,
    i: usize,
    span: std::ops::Range<usize>,
    ws: &[String],
    doc: &Spanned<DeTable<'_>>,
) -> Option<ChannelHours> {
    let mut day = Vec::new();
    for (j, w) in ws.iter().enumerate() {
        // The untagged list has no spans of its own: find each window's in the document.
        let w_span = span_of(doc, &["channels", &i.to_string(), "hours", &j.to_string()])
            .unwrap_or_else(|| span.clone());
        if let Some(w) = loc.check(
            w_span,
            &format!("channels[{i}].hours[{j}]"),
            Window::parse(w),
        ) {
            day.push(w);
        }
    }
    let valid = day.len() == ws.len();
    WeeklyHours::new(std::array::from_fn(|_| day.clone()))
        .map_err(|(_, reason)| {
            loc.at(span, format!("channels[{i}].hours"), reason);
        })
        .ok()
        .filter(|_| valid)
        .map(ChannelHours::Weekly)
}

/// A table of weekday windows, like `[calendar]`'s. Serde reads the table without spans, so
/// every window is located at the table.
fn weekday_hours(
    loc: &mut Locator<'_>,
    i: usize,
    span: std::ops::Range<usize>,
    wk: &BTreeMap<String, Vec<String>>,
) -> Option<ChannelHours> {
    if let Some(k) = wk.keys().find(|k| !WEEKDAYS.contains(&k.as_str())) {
        loc.at(
            span,
            format!("channels[{i}].hours.{k}"),
            format!("`{k}` is not a weekday (mon..sun)"),
        );
        None
    } else {
        let days = WEEKDAYS.map(|d| {
            wk.get(d).map(|ws| {
                (
                    span.clone(),
                    ws.iter().map(|w| (span.clone(), w.clone())).collect(),
                )
            })
        });
        weekly(loc, &format!("channels[{i}].hours."), days).map(ChannelHours::Weekly)
    }
}
