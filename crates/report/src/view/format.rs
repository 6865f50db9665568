//! How a report writes a number or an instant: one place for every percent, amount, duration,
//! CSAT mean and local time, so the tables, the charts' captions, the PDF and the HTML file, and
//! the app (which shows these same strings) never round or word a figure two ways.

use accord_core::credits::round;
use accord_core::duration::format_duration;
use accord_core::metrics::fraction;
use accord_core::{Agreement, Decimal, Instant};

/// `0.9523` as `95.23%`.
#[must_use]
pub fn percent(v: Option<Decimal>) -> String {
    v.map_or_else(
        || "—".to_owned(),
        |v| format!("{:.2}%", round(v * Decimal::ONE_HUNDRED, 2)),
    )
}

/// Money with thousands separators and the currency's minor digits: `12,500.00 USD`.
#[must_use]
pub fn money(v: Decimal, digits: u32, currency: &str) -> String {
    let v = round(v, digits);
    let text = format!("{:.*}", digits as usize, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if v.is_sign_negative() && !v.is_zero() {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped} {currency}")
    } else {
        format!("{sign}{grouped}.{frac} {currency}")
    }
}

pub(super) fn seconds(v: Option<i64>) -> String {
    v.map_or_else(|| "—".to_owned(), format_duration)
}

pub(super) fn csat(sum: u64, count: u64) -> String {
    fraction(sum, count).map_or_else(
        || "—".to_owned(),
        |m| format!("{:.2} ({count})", round(m, 2)),
    )
}

/// A local time in the agreement's zone: `2026-10-14 09:32 EDT`.
#[must_use]
pub fn local(a: &Agreement, t: Instant) -> String {
    in_zone(a.calendar.time_zone, t)
}

/// An instant in a time zone, as [`local`] writes it: to the minute, with the seconds when
/// there are any (a deadline at 23:59:59 and its breach at 00:00:00 must not read as a minute
/// apart).
#[must_use]
pub fn in_zone(tz: accord_core::calendar::Tz, t: Instant) -> String {
    let format = if t.0.rem_euclid(60) == 0 {
        "%Y-%m-%d %H:%M %Z"
    } else {
        "%Y-%m-%d %H:%M:%S %Z"
    };
    t.to_chrono().with_timezone(&tz).format(format).to_string()
}

/// What the figures of a period to date are, said beside the period's name wherever it is
/// shown: `to date, as of 2026-12-04 21:04 EST — provisional` (`as_of` in `tz`); empty for a
/// period that had ended.
#[must_use]
pub fn to_date_words(as_of: Option<Instant>, tz: accord_core::calendar::Tz) -> String {
    as_of.map_or_else(String::new, |t| {
        format!("to date, as of {} — provisional", in_zone(tz, t))
    })
}

/// A period's name with what its figures are, when it is reported to date:
/// `2026-12 to date, as of 2026-12-04 21:04 EST — provisional`.
#[must_use]
pub fn with_to_date(period: &str, to_date: &str) -> String {
    if to_date.is_empty() {
        period.to_owned()
    } else {
        format!("{period} {to_date}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_percent_read_well() {
        assert_eq!(money(Decimal::new(1_250_000, 2), 2, "USD"), "12,500.00 USD");
        assert_eq!(money(Decimal::new(99, 2), 2, "USD"), "0.99 USD");
        assert_eq!(money(Decimal::new(1234567, 0), 0, "JPY"), "1,234,567 JPY");
        assert_eq!(percent(Some(Decimal::new(9523, 4))), "95.23%");
        assert_eq!(percent(None), "—");
    }
}
