//! Holidays from iCalendar files (`accord_core::ics`, whose module docs are the rules tested).
//!
//! - A realistic US federal holidays export (`fixtures/holidays/us-federal.ics`: CRLF, folded and
//!   escaped text, a VTIMEZONE, a VALARM, yearly rules by ordinal weekday, fixed dates, UNTIL,
//!   EXDATE, RDATE, a moved occurrence, a cancelled and a timed event, multi-day spans): every
//!   date of 2026 and 2027, hand-computed.
//! - Each rule on a small calendar: content lines, spans, recurrence parts, COUNT and DTSTART,
//!   overrides, merging, the range, and the bounds that keep a hostile file from hanging.
//! - Located errors, with their lines and `Display`.
//! - Property tests: yearly "nth weekday of a month" rules against an independent oracle that
//!   walks every date; random rules never give a date outside the range, and a later `from`
//!   (which jumps ahead) gives the tail of what an earlier one gives; any soup of good and bad
//!   lines is read or refused with sorted located errors, never a panic.

use accord_core::ics::{IcsError, IcsHolidays, IcsSkipped, MAX_ENTRIES, read_holidays};
use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Helpers.

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn fixture() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/holidays/us-federal.ics"
    );
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A VCALENDAR around `body` (LF line endings).
fn cal(body: &str) -> String {
    format!("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Accord tests//EN\n{body}END:VCALENDAR\n")
}

/// One VEVENT with these property lines.
fn event(lines: &str) -> String {
    format!("BEGIN:VEVENT\nUID:test@example.com\n{lines}END:VEVENT\n")
}

fn read(text: &str, from: &str, to: &str) -> IcsHolidays {
    read_holidays(text, date(from), date(to)).unwrap_or_else(|e| {
        panic!(
            "{}",
            e.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// `(YYYY-MM-DD, name)` of each holiday.
fn dates(text: &str, from: &str, to: &str) -> Vec<(String, String)> {
    read(text, from, to)
        .holidays
        .into_iter()
        .map(|h| (h.date.to_string(), h.name))
        .collect()
}

/// Just the dates.
fn days(text: &str, from: &str, to: &str) -> Vec<String> {
    dates(text, from, to).into_iter().map(|(d, _)| d).collect()
}

fn errors(text: &str) -> Vec<IcsError> {
    match read_holidays(text, date("2026-01-01"), date("2027-12-31")) {
        Ok(h) => panic!("expected errors, read {h:?}"),
        Err(e) => e,
    }
}

fn owned(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(d, n)| ((*d).to_owned(), (*n).to_owned()))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The US federal calendar.

const US_2026_2027: [(&str, &str); 27] = [
    ("2026-01-01", "New Year's Day"),
    ("2026-01-19", "Birthday of Martin Luther King, Jr."),
    ("2026-02-16", "Washington's Birthday"),
    ("2026-05-25", "Memorial Day"),
    ("2026-06-19", "Juneteenth National Independence Day"),
    ("2026-07-03", "Independence Day (observed)"),
    ("2026-07-04", "Independence Day"),
    ("2026-09-07", "Labor Day"),
    ("2026-10-12", "Columbus Day"),
    ("2026-11-11", "Veterans Day"),
    ("2026-11-26", "Thanksgiving Day / Thanksgiving break"),
    ("2026-11-27", "Thanksgiving break"),
    ("2026-12-25", "Christmas Day"),
    ("2026-12-30", "Year-end agency closure"),
    ("2026-12-31", "Year-end agency closure"),
    ("2027-01-01", "New Year's Day"),
    ("2027-01-18", "Birthday of Martin Luther King, Jr."),
    // No Washington's Birthday: its series ends (UNTIL) with 2026.
    ("2027-05-31", "Memorial Day"),
    // 19 June 2027 is a Saturday: the occurrence is moved by a RECURRENCE-ID override.
    (
        "2027-06-18",
        "Juneteenth National Independence Day (observed)",
    ),
    ("2027-07-04", "Independence Day"),
    ("2027-07-05", "Independence Day (observed)"),
    ("2027-09-06", "Labor Day"),
    ("2027-10-11", "Columbus Day"),
    ("2027-11-11", "Veterans Day"),
    ("2027-11-25", "Thanksgiving Day"),
    // 25 December 2027 is removed by EXDATE; the observed Friday is its own event.
    ("2027-12-24", "Christmas Day (observed)"),
    ("2027-12-31", "New Year's Day (observed)"),
];

#[test]
fn us_federal_2026_and_2027() {
    let expected = owned(&US_2026_2027);
    let got = read(&fixture(), "2026-01-01", "2027-12-31");
    assert_eq!(got.calendar_name.as_deref(), Some("US Federal Holidays"));
    let pairs: Vec<_> = got
        .holidays
        .iter()
        .map(|h| (h.date.to_string(), h.name.clone()))
        .collect();
    assert_eq!(pairs, expected);
    assert_eq!(
        got.skipped,
        vec![
            IcsSkipped {
                line: 200,
                summary: "Christmas Eve (executive order)".to_owned(),
                reason: "cancelled".to_owned(),
            },
            IcsSkipped {
                line: 212,
                summary: "Holiday schedule briefing".to_owned(),
                reason: "timed event, not a whole day".to_owned(),
            },
        ]
    );
}

#[test]
fn us_federal_keeps_where_each_date_came_from() {
    let got = read(&fixture(), "2026-01-01", "2027-12-31");
    let find = |d: &str| {
        got.holidays
            .iter()
            .find(|h| h.date == date(d))
            .unwrap_or_else(|| panic!("{d}"))
    };
    let thanksgiving = find("2026-11-26");
    assert_eq!(
        thanksgiving.uid.as_deref(),
        Some("thanksgiving@holidays.example.gov")
    );
    assert_eq!(thanksgiving.line, 141);
    assert!(thanksgiving.recurring);
    let observed = find("2027-06-18");
    assert_eq!(observed.line, 85, "the override's own BEGIN:VEVENT");
    assert!(observed.recurring, "an occurrence of a yearly series");
    let rdate = find("2027-07-05");
    assert!(rdate.recurring, "RDATE makes a series");
    let one_off = find("2027-12-24");
    assert!(!one_off.recurring);
    assert_eq!(one_off.line, 175);
}

#[test]
fn us_federal_other_years_and_line_endings() {
    let text = fixture();
    // 2020: the series' first year (DTSTARTs), the Juneteenth series not yet started.
    assert_eq!(
        days(&text, "2020-01-01", "2020-12-31"),
        [
            "2020-01-01",
            "2020-01-20",
            "2020-02-17",
            "2020-05-25",
            "2020-07-04",
            "2020-09-07",
            "2020-10-12",
            "2020-11-11",
            "2020-11-26",
            "2020-12-25"
        ]
    );
    // Bare LF, and a byte order mark, read the same (line numbers too).
    let lf = text.replace("\r\n", "\n");
    assert_eq!(
        read(&lf, "2026-01-01", "2027-12-31"),
        read(&text, "2026-01-01", "2027-12-31")
    );
    let bom = format!("\u{feff}{text}");
    assert_eq!(
        read(&bom, "2026-01-01", "2027-12-31"),
        read(&text, "2026-01-01", "2027-12-31")
    );
    // A one-day range.
    assert_eq!(
        dates(&text, "2027-11-25", "2027-11-25"),
        owned(&[("2027-11-25", "Thanksgiving Day")])
    );
    // Skipped events outside the range are not listed.
    assert!(read(&text, "2030-01-01", "2030-12-31").skipped.is_empty());
}

#[test]
fn holidays_serialise_with_plain_dates() {
    let got = read(&fixture(), "2026-01-01", "2026-01-01");
    let json = serde_json::to_value(&got).expect("serialises");
    assert_eq!(json["holidays"][0]["date"], "2026-01-01");
    assert_eq!(json["holidays"][0]["name"], "New Year's Day");
    assert_eq!(json["calendar_name"], "US Federal Holidays");
    let holiday = accord_core::calendar::Holiday::from(got.holidays[0].clone());
    assert_eq!(
        (holiday.date, holiday.name.as_str()),
        (date("2026-01-01"), "New Year's Day")
    );
}

// ---------------------------------------------------------------------------------------------
// Content lines and what a holiday is.

#[test]
fn content_lines_unfold_unescape_and_ignore_case() {
    let text = cal(&format!(
        "{}{}",
        "begin:vevent\n\
         dtstart;value=date:20260316\n\
         Summary;LANGUAGE=en:St. Patrick\\,s\n\
         \tDay \\; Evacuation\\nDay \\\\ Boston\n\
         END:VEVENT\n",
        event(
            "DTSTART;X-PARAM=\"a;b:c,d\";VALUE=DATE:20260317\n\
             SUMMARY:  Saint Patrick's Day  \n"
        )
    ));
    assert_eq!(
        dates(&text, "2026-01-01", "2026-12-31"),
        owned(&[
            ("2026-03-16", "St. Patrick,sDay ; Evacuation Day \\ Boston"),
            ("2026-03-17", "Saint Patrick's Day"),
        ])
    );
}

#[test]
fn a_bare_eight_digit_value_is_a_date_and_tzid_on_a_date_is_ignored() {
    let text = cal(&event("DTSTART:20261001\nSUMMARY:Bare\n"))
        + &cal(&event("DTSTART;TZID=Asia/Tokyo;VALUE=DATE:20261002\n"));
    assert_eq!(
        dates(&text, "2026-01-01", "2026-12-31"),
        owned(&[("2026-10-01", "Bare"), ("2026-10-02", "")])
    );
}

#[test]
fn spans_from_dtend_and_duration() {
    let text = cal(&[
        event("DTSTART;VALUE=DATE:20260101\nDTEND;VALUE=DATE:20260104\nSUMMARY:Three\n"),
        event("DTSTART;VALUE=DATE:20260201\nDURATION:P2D\nSUMMARY:Two\n"),
        event("DTSTART;VALUE=DATE:20260301\nDURATION:P1W\nSUMMARY:Week\n"),
        event("DTSTART;VALUE=DATE:20260401\nDTEND;VALUE=DATE:20260401\nSUMMARY:Same\n"),
        event("DTSTART;VALUE=DATE:20260501\nDURATION:PT24H\nSUMMARY:Hours\n"),
        event("DTSTART;VALUE=DATE:20260601\nDURATION:P0D\nSUMMARY:Zero\n"),
    ]
    .concat());
    assert_eq!(
        days(&text, "2026-01-01", "2026-12-31"),
        [
            "2026-01-01",
            "2026-01-02",
            "2026-01-03",
            "2026-02-01",
            "2026-02-02",
            "2026-03-01",
            "2026-03-02",
            "2026-03-03",
            "2026-03-04",
            "2026-03-05",
            "2026-03-06",
            "2026-03-07",
            "2026-04-01",
            "2026-05-01",
            "2026-06-01"
        ]
    );
    // A span is cut at the range, on both sides.
    assert_eq!(
        days(&text, "2026-01-02", "2026-02-01"),
        ["2026-01-02", "2026-01-03", "2026-02-01"]
    );
}

#[test]
fn skipped_events_say_why() {
    let text = cal(&[
        event("DTSTART:20260105T090000Z\nSUMMARY:Standup\n"),
        event("DTSTART;VALUE=DATE:20260106\nSTATUS:CANCELLED\nSUMMARY:Gone\n"),
        event("DTSTART;VALUE=DATE:20260107\nRRULE:FREQ=HOURLY\nSUMMARY:Hourly\n"),
        event("DTSTART;VALUE=DATE:20260108\nDURATION:P400D\nSUMMARY:Season\n"),
        // A timed event far outside the range is not worth listing.
        event("DTSTART:20190105T090000Z\nSUMMARY:Old\n"),
        // A recurring one from before the range may still recur in it.
        event("DTSTART:20190105T090000Z\nRRULE:FREQ=WEEKLY\nSUMMARY:Weekly call\n"),
    ]
    .concat());
    let got = read(&text, "2026-01-01", "2026-12-31");
    assert!(got.holidays.is_empty());
    let reasons: Vec<_> = got
        .skipped
        .iter()
        .map(|s| (s.summary.as_str(), s.reason.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("Standup", "timed event, not a whole day"),
            ("Gone", "cancelled"),
            ("Hourly", "repeats HOURLY, which a whole-day event cannot"),
            ("Season", "spans 400 days, more than a year: not a holiday"),
            ("Weekly call", "timed event, not a whole day"),
        ]
    );
    assert_eq!(got.skipped[0].line, 4, "the BEGIN:VEVENT line");
}

#[test]
fn other_components_are_ignored() {
    let text = cal(&format!(
        "BEGIN:VTODO\nDTSTART;VALUE=DATE:20260301\nSUMMARY:Todo\nEND:VTODO\n\
         BEGIN:X-CUSTOM\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260302\nEND:VEVENT\nEND:X-CUSTOM\n{}",
        event(
            "DTSTART;VALUE=DATE:20260303\nSUMMARY:Real\nBEGIN:VALARM\nTRIGGER:-PT15M\n\
             SUMMARY:Alarm\nDTSTART;VALUE=DATE:20260304\nEND:VALARM\n"
        )
    ));
    assert_eq!(
        dates(&text, "2026-01-01", "2026-12-31"),
        owned(&[("2026-03-03", "Real")])
    );
}

#[test]
fn same_date_names_are_joined_once_in_file_order() {
    let text = cal(&[
        event("DTSTART;VALUE=DATE:20261225\nSUMMARY:Christmas Day\n"),
        event("DTSTART;VALUE=DATE:20261224\nDURATION:P2D\nSUMMARY:Office closed\n"),
        event("DTSTART;VALUE=DATE:20261225\nSUMMARY:Christmas Day\n"),
        event("DTSTART;VALUE=DATE:20261225\n"),
        event("DTSTART;VALUE=DATE:20261225\nSUMMARY:Noël\n"),
    ]
    .concat());
    let got = read(&text, "2026-01-01", "2026-12-31");
    let pairs: Vec<_> = got
        .holidays
        .iter()
        .map(|h| (h.date.to_string(), h.name.clone(), h.line))
        .collect();
    assert_eq!(
        pairs,
        [
            ("2026-12-24".to_owned(), "Office closed".to_owned(), 9),
            (
                "2026-12-25".to_owned(),
                "Christmas Day / Office closed / Noël".to_owned(),
                4
            ),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Recurrence.

/// The dates of one event with `DTSTART;VALUE=DATE:{start}` and `rule` (plus `extra` lines).
fn rule_days(start: &str, rule: &str, extra: &str, from: &str, to: &str) -> Vec<String> {
    let text = cal(&event(&format!(
        "DTSTART;VALUE=DATE:{start}\nRRULE:{rule}\n{extra}"
    )));
    days(&text, from, to)
}

#[test]
fn typical_holiday_rules() {
    let thanksgiving = rule_days(
        "20201126",
        "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH",
        "",
        "2026-01-01",
        "2030-12-31",
    );
    assert_eq!(
        thanksgiving,
        [
            "2026-11-26",
            "2027-11-25",
            "2028-11-23",
            "2029-11-22",
            "2030-11-28"
        ]
    );
    let memorial = rule_days(
        "20200525",
        "freq=yearly;bymonth=5;byday=-1mo",
        "",
        "2026-01-01",
        "2028-12-31",
    );
    assert_eq!(memorial, ["2026-05-25", "2027-05-31", "2028-05-29"]);
    // UNTIL as a date is inclusive.
    let mlk = rule_days(
        "20200120",
        "FREQ=YEARLY;BYMONTH=1;BYDAY=3MO;UNTIL=20270118",
        "",
        "2026-01-01",
        "2030-12-31",
    );
    assert_eq!(mlk, ["2026-01-19", "2027-01-18"]);
    // A fixed date; 29 February only in leap years (not moved).
    assert_eq!(
        rule_days("20240229", "FREQ=YEARLY", "", "2024-01-01", "2032-12-31"),
        ["2024-02-29", "2028-02-29", "2032-02-29"]
    );
    // A 31st monthly skips the shorter months.
    assert_eq!(
        rule_days(
            "20260131",
            "FREQ=MONTHLY;COUNT=4",
            "",
            "2026-01-01",
            "2026-12-31"
        ),
        ["2026-01-31", "2026-03-31", "2026-05-31", "2026-07-31"]
    );
}

#[test]
fn monthly_weekly_daily_and_the_by_parts() {
    // The last weekday of each month (BYSETPOS).
    assert_eq!(
        rule_days(
            "20260130",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "",
            "2026-01-01",
            "2026-05-31"
        ),
        [
            "2026-01-30",
            "2026-02-27",
            "2026-03-31",
            "2026-04-30",
            "2026-05-29"
        ]
    );
    // The second-to-last day of each month.
    assert_eq!(
        rule_days(
            "20260130",
            "FREQ=MONTHLY;BYMONTHDAY=-2",
            "",
            "2026-01-01",
            "2026-04-30"
        ),
        ["2026-01-30", "2026-02-27", "2026-03-30", "2026-04-29"]
    );
    // Friday the 13th.
    assert_eq!(
        rule_days(
            "20260213",
            "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13",
            "",
            "2026-01-01",
            "2027-12-31"
        ),
        ["2026-02-13", "2026-03-13", "2026-11-13", "2027-08-13"]
    );
    // Every other week, Monday and Friday.
    assert_eq!(
        rule_days(
            "20260105",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR",
            "",
            "2026-01-01",
            "2026-02-01"
        ),
        ["2026-01-05", "2026-01-09", "2026-01-19", "2026-01-23"]
    );
    // Every third day, in a range far from DTSTART (jumping ahead keeps the phase).
    assert_eq!(
        rule_days(
            "20000101",
            "FREQ=DAILY;INTERVAL=3",
            "",
            "2026-01-01",
            "2026-01-10"
        ),
        // 2026-01-02 is 9 498 days after 2000-01-01.
        ["2026-01-02", "2026-01-05", "2026-01-08"]
    );
    // BYYEARDAY: the 100th and the last day of the year.
    assert_eq!(
        rule_days(
            "20260410",
            "FREQ=YEARLY;BYYEARDAY=100,-1",
            "",
            "2026-01-01",
            "2027-12-31"
        ),
        ["2026-04-10", "2026-12-31", "2027-04-10", "2027-12-31"]
    );
    // BYWEEKNO: Monday of ISO week 1, which may fall in December.
    assert_eq!(
        rule_days(
            "20241230",
            "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO",
            "",
            "2025-06-01",
            "2028-12-31"
        ),
        ["2025-12-29", "2027-01-04", "2028-01-03"]
    );
    // Weeks starting on Sunday: 28 December 2025 – 3 January 2026 has only 3 days of 2026, so it
    // is the last week of 2025 and week 1 of 2026 starts on 4 January.
    assert_eq!(
        rule_days(
            "20251228",
            "FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=SU;WKST=SU",
            "",
            "2025-01-01",
            "2026-12-31"
        ),
        ["2025-12-28", "2026-01-04", "2026-12-27"]
    );
    // The 2nd Tuesday of the year; BYHOUR is ignored for a whole-day event.
    assert_eq!(
        rule_days(
            "20260113",
            "FREQ=YEARLY;BYDAY=2TU;BYHOUR=9",
            "",
            "2026-01-01",
            "2027-12-31"
        ),
        ["2026-01-13", "2027-01-12"]
    );
}

#[test]
fn count_counts_from_dtstart_including_excluded_dates() {
    // Five yearly occurrences from 2020: 2020…2024, so only 2024 is in the range.
    assert_eq!(
        rule_days(
            "20200704",
            "FREQ=YEARLY;COUNT=5",
            "",
            "2023-07-05",
            "2030-12-31"
        ),
        ["2024-07-04"]
    );
    // An EXDATE'd occurrence still counts: 2021 removed, the series still ends with 2022.
    assert_eq!(
        rule_days(
            "20200704",
            "FREQ=YEARLY;COUNT=3",
            "EXDATE;VALUE=DATE:20210704\n",
            "2020-01-01",
            "2030-12-31"
        ),
        ["2020-07-04", "2022-07-04"]
    );
    // DTSTART is the first occurrence even when the rule would not give it, and counts.
    assert_eq!(
        rule_days(
            "20260101",
            "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=2",
            "",
            "2026-01-01",
            "2030-12-31"
        ),
        ["2026-01-01", "2026-11-26"]
    );
    // An UNTIL before DTSTART leaves DTSTART alone.
    assert_eq!(
        rule_days(
            "20260101",
            "FREQ=YEARLY;UNTIL=20250101",
            "",
            "2020-01-01",
            "2030-12-31"
        ),
        ["2026-01-01"]
    );
    // UNTIL as a date-time: its date, as written.
    assert_eq!(
        rule_days(
            "20260101",
            "FREQ=YEARLY;UNTIL=20280101T000000Z",
            "",
            "2020-01-01",
            "2030-12-31"
        ),
        ["2026-01-01", "2027-01-01", "2028-01-01"]
    );
}

#[test]
fn rdate_and_exdate_in_every_form() {
    let got = rule_days(
        "20260101",
        "FREQ=MONTHLY;COUNT=6",
        "RDATE;VALUE=DATE:20260615,20260616\nRDATE:20260701\n\
         EXDATE;VALUE=DATE:20260201,20260301\nEXDATE;TZID=Europe/Paris:20260401T000000\n\
         EXDATE:20260616T120000Z\n",
        "2026-01-01",
        "2026-12-31",
    );
    assert_eq!(
        got,
        [
            "2026-01-01",
            "2026-05-01",
            "2026-06-01",
            "2026-06-15",
            "2026-07-01"
        ]
    );
    // RDATE alone (no RRULE) makes a series with DTSTART.
    let text = cal(&event(
        "DTSTART;VALUE=DATE:20260101\nRDATE;VALUE=DATE:20270101\nSUMMARY:S\n",
    ));
    let got = read(&text, "2026-01-01", "2027-12-31");
    assert_eq!(got.holidays.len(), 2);
    assert!(got.holidays.iter().all(|h| h.recurring));
}

#[test]
fn multi_day_occurrences_reach_into_the_range() {
    // Each yearly occurrence is two days: 31 December and 1 January.
    assert_eq!(
        rule_days(
            "20201231",
            "FREQ=YEARLY",
            "DURATION:P2D\n",
            "2027-01-01",
            "2027-12-31"
        ),
        ["2027-01-01", "2027-12-31"]
    );
}

#[test]
fn overrides_move_remove_or_stand_alone() {
    let master = "BEGIN:VEVENT\nUID:series@example.com\nDTSTART;VALUE=DATE:20200101\n\
                  RRULE:FREQ=YEARLY\nSUMMARY:New Year\nEND:VEVENT\n";
    let moved = "BEGIN:VEVENT\nUID:series@example.com\nRECURRENCE-ID;VALUE=DATE:20270101\n\
                 DTSTART;VALUE=DATE:20261231\nSUMMARY:New Year (observed)\nEND:VEVENT\n";
    let cancelled = "BEGIN:VEVENT\nUID:series@example.com\nRECURRENCE-ID:20280101T000000Z\n\
                     DTSTART;VALUE=DATE:20280101\nSTATUS:CANCELLED\nSUMMARY:New Year\n\
                     END:VEVENT\n";
    let timed = "BEGIN:VEVENT\nUID:series@example.com\nRECURRENCE-ID;VALUE=DATE:20290101\n\
                 DTSTART:20290101T100000\nSUMMARY:New Year brunch\nEND:VEVENT\n";
    let orphan = "BEGIN:VEVENT\nUID:nobody@example.com\nRECURRENCE-ID;VALUE=DATE:20260501\n\
                  DTSTART;VALUE=DATE:20260502\nSUMMARY:Orphan\nEND:VEVENT\n";
    // The override comes first in the file: order does not matter.
    let text = cal(&[moved, master, cancelled, timed, orphan].concat());
    let got = read(&text, "2026-01-01", "2030-12-31");
    let pairs: Vec<_> = got
        .holidays
        .iter()
        .map(|h| (h.date.to_string(), h.name.as_str(), h.recurring))
        .collect();
    assert_eq!(
        pairs,
        [
            ("2026-01-01".to_owned(), "New Year", true),
            ("2026-05-02".to_owned(), "Orphan", false),
            ("2026-12-31".to_owned(), "New Year (observed)", true),
            ("2030-01-01".to_owned(), "New Year", true),
        ]
    );
    let reasons: Vec<_> = got.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(
        reasons,
        [
            "cancelled: the occurrence on 2028-01-01 is removed",
            "timed event, not a whole day: the occurrence on 2029-01-01 is removed"
        ]
    );

    // An override of a skipped series is skipped too.
    let timed_master = "BEGIN:VEVENT\nUID:series@example.com\nDTSTART:20200101T090000Z\n\
                        RRULE:FREQ=YEARLY\nSUMMARY:Call\nEND:VEVENT\n";
    let got = read(
        &cal(&[timed_master, moved].concat()),
        "2026-01-01",
        "2027-12-31",
    );
    assert!(got.holidays.is_empty());
    assert_eq!(
        got.skipped[1].reason,
        "overrides an occurrence of the skipped event at line 4"
    );
}

// ---------------------------------------------------------------------------------------------
// Errors, located.

#[test]
fn not_a_calendar() {
    let e = errors("");
    assert_eq!((e[0].line, e[0].field.as_str()), (1, ""));
    let e = errors("\n\nSUBJECT:hello\nBEGIN:VCALENDAR\nEND:VCALENDAR\n");
    assert_eq!(
        e[0].to_string(),
        "line 3, SUBJECT: not an iCalendar file: it must begin with BEGIN:VCALENDAR"
    );
    // Another kind of file gives one error, not one per line.
    let e = errors("name,date\nChristmas,2026-12-25\n");
    assert_eq!(
        e,
        [IcsError {
            line: 1,
            field: String::new(),
            reason: "not an iCalendar file: it must begin with BEGIN:VCALENDAR".to_owned(),
        }]
    );
    // A line that is not NAME:VALUE inside a calendar.
    let e = errors(&cal("this is not a property\n"));
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, 4);
    assert!(e[0].reason.contains("not a content line"), "{e:?}");
}

#[test]
fn unbalanced_begin_and_end() {
    let text = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\n\
                END:VEVENT\nEND:VEVENT\nEND:VCALENDAR\n";
    let e = errors(text);
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0].to_string(),
        "line 6, END: END:VEVENT has no BEGIN:VEVENT open to close"
    );

    let text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\nBEGIN:VALARM\n\
                END:VEVENT\nEND:VCALENDAR\n";
    let e = errors(text);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].line, 4);
    assert!(e[0].reason.contains("before END:VEVENT at line 5"), "{e:?}");

    let e = errors("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20260101\n");
    let lines: Vec<_> = e.iter().map(|e| (e.line, e.reason.as_str())).collect();
    assert_eq!(
        lines,
        [
            (1, "BEGIN:VCALENDAR is never closed by END:VCALENDAR"),
            (2, "BEGIN:VEVENT is never closed by END:VEVENT")
        ]
    );

    let e = errors("BEGIN:VCALENDAR\nEND:VCALENDAR\nX-TRAILER:1\n");
    assert_eq!(e[0].line, 3);
}

#[test]
fn bad_values_are_located_on_their_unfolded_line() {
    let text = cal(&event(
        "SUMMARY:A long\n  folded name\nDTSTART;VALUE=DATE:\n 2026-11-26\n",
    ));
    let e = errors(&text);
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0].to_string(),
        "line 8, DTSTART: `2026-11-26` is not a date (expected YYYYMMDD)"
    );
    for (lines, field, reason) in [
        ("DTSTART;VALUE=DATE:20260230\n", "DTSTART", "not a date"),
        ("DTSTART:2026\n", "DTSTART", "nor a date-time"),
        (
            "DTSTART;VALUE=PERIOD:20260101/P1D\n",
            "DTSTART",
            "VALUE=PERIOD",
        ),
        (
            "DTSTART;VALUE=DATE:20260101\nDTEND:20260102T000000\n",
            "DTEND",
            "is a date-time",
        ),
        (
            "DTSTART;VALUE=DATE:20260105\nDTEND;VALUE=DATE:20260101\n",
            "DTEND",
            "before DTSTART",
        ),
        (
            "DTSTART;VALUE=DATE:20260101\nDTEND;VALUE=DATE:20260102\nDURATION:P1D\n",
            "DURATION",
            "cannot both",
        ),
        (
            "DTSTART;VALUE=DATE:20260101\nDURATION:-P1D\n",
            "DURATION",
            "negative",
        ),
        (
            "DTSTART;VALUE=DATE:20260101\nDURATION:PT1H\n",
            "DURATION",
            "whole number",
        ),
        (
            "DTSTART;VALUE=DATE:20260101\nDURATION:1D\n",
            "DURATION",
            "not a duration",
        ),
        (
            "DTSTART;VALUE=DATE:20260101\nDTSTART;VALUE=DATE:20260102\n",
            "DTSTART",
            "twice",
        ),
        (
            "DTSTART;VALUE=DATE:20260101\nRDATE:2026-02-01\n",
            "RDATE",
            "not a date",
        ),
        (
            "DTSTART;VALUE=DATE:20260101\nEXDATE;VALUE=DATE:20260101,x\n",
            "EXDATE",
            "`x`",
        ),
        (
            "DTSTART;VALUE=DATE:20260101\nRECURRENCE-ID:soon\n",
            "RECURRENCE-ID",
            "not a date",
        ),
        (
            "DTSTART;VALUE=DATE:20260101\nSUMMARY\n",
            "SUMMARY",
            "no `:`",
        ),
        (
            "DTSTART;VALUE=DATE:20260101\nX-A;P=\"open:1\n",
            "X-A",
            "never closed",
        ),
    ] {
        let e = errors(&cal(&event(lines)));
        assert_eq!(e.len(), 1, "{lines}: {e:?}");
        assert_eq!(e[0].field, field, "{lines}: {e:?}");
        assert!(e[0].reason.contains(reason), "{lines}: {e:?}");
    }
}

#[test]
fn an_event_without_dtstart_is_located_at_its_begin() {
    let e = errors(&cal(&event("SUMMARY:Nothing\n")));
    assert_eq!(
        e[0].to_string(),
        "line 4, DTSTART: the event has no DTSTART"
    );
}

#[test]
fn bad_rules() {
    for (rule, reason) in [
        (
            "FREQ=SOMETIMES",
            "FREQ=SOMETIMES: not a frequency (expected YEARLY, MONTHLY, WEEKLY or DAILY)",
        ),
        ("BYMONTH=11", "the rule has no FREQ"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13: `13` is not 1 to 12"),
        ("FREQ=YEARLY;BYDAY=5XX", "BYDAY=5XX: `5XX` is not a weekday"),
        ("FREQ=YEARLY;BYDAY=0MO", "is not a weekday"),
        (
            "FREQ=YEARLY;INTERVAL=0",
            "INTERVAL=0: not a positive whole number",
        ),
        ("FREQ=YEARLY;COUNT=2;UNTIL=20300101", "COUNT and UNTIL"),
        (
            "FREQ=YEARLY;UNTIL=tomorrow",
            "UNTIL: `tomorrow` is not a date",
        ),
        (
            "FREQ=WEEKLY;BYDAY=1MO",
            "needs FREQ=MONTHLY or YEARLY, not WEEKLY",
        ),
        (
            "FREQ=WEEKLY;BYMONTHDAY=1",
            "BYMONTHDAY cannot be used with FREQ=WEEKLY",
        ),
        ("FREQ=MONTHLY;BYYEARDAY=1", "BYYEARDAY needs FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYWEEKNO=1", "BYWEEKNO needs FREQ=YEARLY"),
        (
            "FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO",
            "cannot be combined with BYWEEKNO",
        ),
        ("FREQ=YEARLY;FREQ=MONTHLY", "FREQ is given twice"),
        ("FREQ=YEARLY;BYEASTER=0", "`BYEASTER` is not a rule part"),
        (
            "FREQ=YEARLY;BYMONTH",
            "is not a rule part (expected NAME=VALUE)",
        ),
    ] {
        let e = errors(&cal(&event(&format!(
            "DTSTART;VALUE=DATE:20260101\nRRULE:{rule}\n"
        ))));
        assert_eq!(e.len(), 1, "{rule}: {e:?}");
        assert_eq!((e[0].line, e[0].field.as_str()), (7, "RRULE"), "{rule}");
        assert!(e[0].reason.contains(reason), "{rule}: {}", e[0].reason);
    }
    // X- parts are ignored.
    assert_eq!(
        rule_days(
            "20260101",
            "FREQ=YEARLY;X-NAME=1;COUNT=2",
            "",
            "2026-01-01",
            "2030-12-31"
        ),
        ["2026-01-01", "2027-01-01"]
    );
}

#[test]
fn every_problem_is_reported_in_line_order() {
    let text = cal(&[
        event("DTSTART;VALUE=DATE:2026\n"),
        event("SUMMARY:no start\n"),
        event("DTSTART;VALUE=DATE:20260101\nRRULE:FREQ=NEVER\n"),
    ]
    .concat());
    let e = errors(&text);
    let lines: Vec<_> = e.iter().map(|e| (e.line, e.field.as_str())).collect();
    assert_eq!(lines, [(6, "DTSTART"), (8, "DTSTART"), (15, "RRULE")]);
}

#[test]
fn the_range_is_checked() {
    let text = fixture();
    let e = read_holidays(&text, date("2027-01-01"), date("2026-01-01")).unwrap_err();
    assert_eq!(e[0].line, 0);
    assert_eq!(
        e[0].to_string(),
        "the range asked, 2027-01-01 to 2026-01-01, ends before it starts"
    );
    let e = read_holidays(&text, date("2000-01-01"), date("2100-01-01")).unwrap_err();
    assert!(e[0].reason.contains("longer than 100 years"), "{e:?}");
    // Just under a century is fine.
    let got = read_holidays(&text, date("2000-01-01"), date("2099-12-31")).expect("reads");
    let per_year = |y: i32| got.holidays.iter().filter(|h| h.date.year() == y).count();
    // The series start in 2020; ten holidays a year once Washington's Birthday has ended.
    assert_eq!(per_year(2019), 0);
    assert_eq!(per_year(2020), 10);
    assert_eq!(per_year(2099), 10);
    assert_eq!(got.holidays.len(), 812);
}

// ---------------------------------------------------------------------------------------------
// Bounds against hostile files.

#[test]
fn an_old_daily_count_rule_is_expanded_within_budget() {
    // From year 1 to 2026 is ~740 000 days: allowed.
    let got = rule_days(
        "00010101",
        "FREQ=DAILY;COUNT=4000000000",
        "",
        "2026-01-01",
        "2026-01-03",
    );
    assert_eq!(got, ["2026-01-01", "2026-01-02", "2026-01-03"]);
}

#[test]
fn too_much_expansion_is_refused_with_a_location() {
    let body: String = (0..40)
        .map(|_| event("DTSTART;VALUE=DATE:00010101\nRRULE:FREQ=DAILY;COUNT=4000000000\n"))
        .collect();
    let start = std::time::Instant::now();
    let e = errors(&cal(&body));
    assert!(start.elapsed().as_secs() < 30);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].field, "RRULE");
    assert!(e[0].reason.contains("refused"), "{e:?}");

    // Too many dates before merging.
    let body: String = (0..6)
        .map(|_| event("DTSTART;VALUE=DATE:20000101\nRRULE:FREQ=DAILY\n"))
        .collect();
    let e = read_holidays(&cal(&body), date("2000-01-01"), date("2099-12-31")).unwrap_err();
    assert!(
        e[0].reason
            .contains(&format!("more than {MAX_ENTRIES} holiday dates")),
        "{e:?}"
    );
}

#[test]
fn rules_that_never_match_end() {
    // 30 February never exists: the expansion stops at `to` with nothing but DTSTART.
    assert_eq!(
        rule_days(
            "20260101",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "",
            "2026-01-01",
            "2099-12-31"
        ),
        ["2026-01-01"]
    );
    // A huge INTERVAL runs off chrono's calendar without overflowing.
    assert_eq!(
        rule_days(
            "20260101",
            "FREQ=DAILY;INTERVAL=4294967295",
            "",
            "2026-01-01",
            "2099-12-31"
        ),
        ["2026-01-01"]
    );
}

// ---------------------------------------------------------------------------------------------
// Property tests.

const WEEKDAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "MO"),
    (Weekday::Tue, "TU"),
    (Weekday::Wed, "WE"),
    (Weekday::Thu, "TH"),
    (Weekday::Fri, "FR"),
    (Weekday::Sat, "SA"),
    (Weekday::Sun, "SU"),
];

/// The `n`th (negative: from the end) `weekday` of `month` in `year`, found by walking every
/// date of the year.
fn oracle_nth(year: i32, month: u32, weekday: Weekday, n: i32) -> Option<NaiveDate> {
    let mut d = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let mut matching = Vec::new();
    while d.year() == year {
        if d.month() == month && d.weekday() == weekday {
            matching.push(d);
        }
        d = d.succ_opt()?;
    }
    let i = if n > 0 {
        usize::try_from(n - 1).ok()?
    } else {
        matching.len().checked_sub(usize::try_from(-n).ok()?)?
    };
    matching.get(i).copied()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn yearly_nth_weekday_matches_the_oracle(
        month in 1u32..=12,
        weekday in 0usize..7,
        n in prop_oneof![-5i32..=-1, 1i32..=5],
        first_year in 1990i32..=2030,
        interval in 1i32..=3,
        count in proptest::option::of(1u32..=8),
        from_year in 1990i32..=2040,
        from_day in 0u64..365,
        length in 0u64..(366 * 12),
    ) {
        let (wd, code) = WEEKDAYS[weekday];
        // DTSTART: the first year of the series (from `first_year`, every `interval` years)
        // that has the day, so that DTSTART is itself an occurrence.
        let start_year = (0..40)
            .map(|k| first_year + k * interval)
            .find(|&y| oracle_nth(y, month, wd, n).is_some());
        prop_assume!(start_year.is_some());
        let start_year = start_year.unwrap_or_default();
        let dtstart = oracle_nth(start_year, month, wd, n).unwrap_or_default();
        let from = NaiveDate::from_ymd_opt(from_year, 1, 1).unwrap_or_default()
            + chrono::Days::new(from_day);
        let to = from + chrono::Days::new(length);

        let mut expected: Vec<NaiveDate> = (0..)
            .map(|k| start_year + k * interval)
            .take_while(|&y| y <= to.year())
            .filter_map(|y| oracle_nth(y, month, wd, n))
            .collect();
        if let Some(c) = count {
            expected.truncate(c as usize);
        }
        expected.retain(|d| (from..=to).contains(d));

        let mut rule = format!("FREQ=YEARLY;BYMONTH={month};BYDAY={n}{code}");
        if interval > 1 {
            rule.push_str(&format!(";INTERVAL={interval}"));
        }
        if let Some(c) = count {
            rule.push_str(&format!(";COUNT={c}"));
        }
        let text = cal(&event(&format!(
            "DTSTART;VALUE=DATE:{}\nRRULE:{rule}\nSUMMARY:Rule\n",
            dtstart.format("%Y%m%d")
        )));
        let got = read_holidays(&text, from, to).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let got: Vec<NaiveDate> = got.holidays.iter().map(|h| h.date).collect();
        prop_assert_eq!(got, expected, "{}", rule);
    }

    #[test]
    fn random_rules_stay_in_the_range(
        freq in 0usize..4,
        interval in 1u32..=4,
        end in prop_oneof![
            Just(String::new()),
            (1u32..=40).prop_map(|c| format!(";COUNT={c}")),
            (1995i32..=2035).prop_map(|y| format!(";UNTIL={y}0615")),
        ],
        months in proptest::collection::vec(1u32..=12, 0..3),
        month_days in proptest::collection::vec(prop_oneof![-31i32..=-1, 1i32..=31], 0..3),
        by_day in proptest::collection::vec((-5i32..=5, 0usize..7), 0..3),
        set_pos in proptest::collection::vec(prop_oneof![-3i32..=-1, 1i32..=3], 0..2),
        wkst in 0usize..7,
        span in 1u64..=3,
        start_days in 0u64..(366 * 40),
        from_days in 0u64..(366 * 40),
        length in 0u64..(366 * 5),
        later in 0u64..400,
    ) {
        let freq_name = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"][freq];
        let ordinals_allowed = freq >= 2;
        let mut rule = format!("FREQ={freq_name};INTERVAL={interval}{end};WKST={}", WEEKDAYS[wkst].1);
        let list = |v: &[i32]| v.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
        if !months.is_empty() {
            rule.push_str(&format!(";BYMONTH={}", months.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")));
        }
        if !month_days.is_empty() && freq != 1 {
            rule.push_str(&format!(";BYMONTHDAY={}", list(&month_days)));
        }
        if !by_day.is_empty() {
            let days: Vec<String> = by_day
                .iter()
                .map(|&(n, d)| {
                    let n = if ordinals_allowed && n != 0 { n.to_string() } else { String::new() };
                    format!("{n}{}", WEEKDAYS[d].1)
                })
                .collect();
            rule.push_str(&format!(";BYDAY={}", days.join(",")));
        }
        if !set_pos.is_empty() {
            rule.push_str(&format!(";BYSETPOS={}", list(&set_pos)));
        }
        let base = date("1990-01-01");
        let dtstart = base + chrono::Days::new(start_days);
        let from = base + chrono::Days::new(from_days);
        let to = from + chrono::Days::new(length);
        let text = cal(&event(&format!(
            "DTSTART;VALUE=DATE:{}\nDURATION:P{span}D\nRRULE:{rule}\n",
            dtstart.format("%Y%m%d")
        )));
        let got = read_holidays(&text, from, to).map_err(|e| TestCaseError::fail(format!("{rule}: {e:?}")))?;
        let got: Vec<NaiveDate> = got.holidays.iter().map(|h| h.date).collect();
        prop_assert!(got.iter().all(|d| (from..=to).contains(d)), "{}: {:?}", rule, got);
        prop_assert!(got.windows(2).all(|w| w[0] < w[1]), "{}: {:?}", rule, got);
        // A later `from` gives the tail (a rule without COUNT jumps ahead to it).
        let later_from = (from + chrono::Days::new(later)).min(to);
        let tail = read_holidays(&text, later_from, to).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let tail: Vec<NaiveDate> = tail.holidays.iter().map(|h| h.date).collect();
        let expected: Vec<NaiveDate> = got.iter().copied().filter(|d| *d >= later_from).collect();
        prop_assert_eq!(tail, expected, "{}", rule);
    }
}

/// Lines a calendar is made of, good and bad, for the soup below.
const SOUP: [&str; 24] = [
    "BEGIN:VEVENT",
    "END:VEVENT",
    "BEGIN:VALARM",
    "END:VALARM",
    "BEGIN:VCALENDAR",
    "END:VCALENDAR",
    "DTSTART;VALUE=DATE:20260101",
    "DTSTART:20260101T100000Z",
    "DTSTART;VALUE=DATE:2026",
    "DTEND;VALUE=DATE:20260103",
    "DURATION:P3D",
    "RRULE:FREQ=MONTHLY;BYDAY=-1FR;BYSETPOS=1",
    "RRULE:FREQ=YEARLY;BYWEEKNO=-1;BYDAY=SU",
    "RRULE:FREQ=DAILY;COUNT=3",
    "RDATE;VALUE=DATE:20260701,20260702",
    "EXDATE:20260201",
    "RECURRENCE-ID;VALUE=DATE:20260201",
    "UID:u@example.com",
    "SUMMARY:Café \\, déjà",
    "STATUS:CANCELLED",
    " folded tail",
    "X-BAD;P=\"open",
    "\u{e9}t\u{e9}",
    "",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_line_soup_is_read_or_refused_without_panicking(
        picks in proptest::collection::vec(0usize..SOUP.len(), 0..40),
        crlf in any::<bool>(),
    ) {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = format!("BEGIN:VCALENDAR{eol}");
        for i in picks {
            text.push_str(SOUP[i]);
            text.push_str(eol);
        }
        text.push_str("END:VCALENDAR");
        match read_holidays(&text, date("2026-01-01"), date("2026-12-31")) {
            Ok(got) => {
                prop_assert!(got.holidays.iter().all(|h| h.date.year() == 2026));
                prop_assert!(got.holidays.windows(2).all(|w| w[0].date < w[1].date));
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                prop_assert!(errors.windows(2).all(|w| w[0].line <= w[1].line));
            }
        }
    }
}
