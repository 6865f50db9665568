//! Holidays added to an agreement's text go into the list of the terms governing their dates,
//! in date order, keeping the rest of the text byte for byte.

use accord_core::agreement::holidays::{HolidayError, add_holidays};
use accord_core::calendar::Holiday;
use accord_core::parse_agreement;
use chrono::NaiveDate;

fn sample(name: &str) -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/sample/agreements")
        .join(name);
    std::fs::read_to_string(p).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn holiday(date: &str, name: &str) -> Holiday {
    Holiday {
        date: day(date),
        name: name.to_owned(),
    }
}

#[test]
fn holidays_are_added_in_date_order_and_the_rest_of_the_text_is_kept() {
    let text = sample("premium.toml");
    let a = parse_agreement("premium", &text).unwrap();
    let before = a.calendar.holidays.len();
    let out = add_holidays(
        &text,
        &a,
        &[
            holiday("2026-11-27", "Day after Thanksgiving"),
            holiday("2026-03-02", "Storm day"),
        ],
    )
    .unwrap();
    let b = parse_agreement("premium", &out).unwrap();
    assert_eq!(b.calendar.holidays.len(), before + 2);
    let dates: Vec<NaiveDate> = b.calendar.holidays.iter().map(|h| h.date).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "in date order");
    assert!(
        out.contains(r#"{ date = 2026-11-27, name = "Day after Thanksgiving" }"#),
        "{out}"
    );
    // Only the two new lines differ.
    let removed: Vec<&str> = text
        .lines()
        .filter(|l| !out.lines().any(|o| o == *l))
        .collect();
    assert!(removed.is_empty(), "{removed:?}");
    assert_eq!(out.lines().count(), text.lines().count() + 2, "{out}");
}

#[test]
fn a_holiday_goes_to_the_amendment_whose_holidays_govern_its_date() {
    let text = sample("premium.toml")
        + "\n[[amendments]]\neffective = 2026-07-01\nreference = \"Amendment No. 1\"\n\
           [amendments.calendar]\nholidays = [ { date = 2026-11-26, name = \"Thanksgiving\" } ]\n";
    let a = parse_agreement("premium", &text).unwrap();
    let out = add_holidays(
        &text,
        &a,
        &[
            holiday("2026-12-24", "Christmas Eve"),
            holiday("2026-02-16", "Presidents' Day"),
        ],
    )
    .unwrap();
    let b = parse_agreement("premium", &out).unwrap();
    let on = |d: &str| {
        b.terms_on(day(d))
            .calendar
            .holidays
            .iter()
            .map(|h| h.date)
            .collect::<Vec<_>>()
    };
    assert_eq!(on("2026-12-01"), [day("2026-11-26"), day("2026-12-24")]);
    assert!(on("2026-03-01").contains(&day("2026-02-16")));
    assert!(!on("2026-03-01").contains(&day("2026-12-24")));
}

#[test]
fn outside_the_term_listed_or_twice_is_refused() {
    let text = sample("premium.toml");
    let a = parse_agreement("premium", &text).unwrap();
    let listed = a.calendar.holidays[0].clone();
    assert!(matches!(
        add_holidays(&text, &a, &[holiday("2020-01-01", "Old")]),
        Err(HolidayError::OutsideTerm(..))
    ));
    assert!(matches!(
        add_holidays(&text, &a, &[holiday(&listed.date.to_string(), "Again")]),
        Err(HolidayError::Listed(..))
    ));
    assert_eq!(
        add_holidays(
            &text,
            &a,
            &[holiday("2026-03-02", "A"), holiday("2026-03-02", "B")]
        ),
        Err(HolidayError::Twice(day("2026-03-02")))
    );
}

#[test]
fn a_calendar_without_holidays_gets_a_list() {
    let text = sample("premium.toml");
    let start = text.find("holidays = [").unwrap();
    let end = start + text[start..].find("\n]\n").unwrap() + 3;
    let without = format!("{}{}", &text[..start], &text[end..]);
    let a = parse_agreement("premium", &without).unwrap();
    assert!(a.calendar.holidays.is_empty());
    let out = add_holidays(
        &without,
        &a,
        &[holiday("2026-07-03", "Independence Day (observed)")],
    )
    .unwrap();
    let b = parse_agreement("premium", &out).unwrap();
    assert_eq!(b.calendar.holidays.len(), 1);
}

/// A date left empty or half typed (as a form writes it, quoted) is named in a sentence, at its
/// key, not in serde's words.
#[test]
fn a_date_written_as_text_is_named_in_a_sentence() {
    let text = sample("premium.toml");
    for (written, reason) in [
        (
            "\"\"",
            "is empty: write a date as YYYY-MM-DD, like 2026-01-01",
        ),
        (
            "\"2026-11\"",
            "`2026-11` is not a date: write it as YYYY-MM-DD, like 2026-01-01",
        ),
    ] {
        let broken = text.replacen("{ date = 2026-11-26,", &format!("{{ date = {written},"), 1);
        assert_ne!(broken, text);
        let e = parse_agreement("premium", &broken).unwrap_err();
        let found = e
            .errors
            .iter()
            .find(|x| x.key.starts_with("calendar.holidays["))
            .unwrap_or_else(|| panic!("{e}"));
        assert_eq!(found.reason, reason, "{e}");
        assert!(found.key.ends_with(".date"), "{}", found.key);
    }
}
