//! Amendments (format v1.1, `formats.md` "Amendments"; `sla-semantics.md` "Terms in force"):
//! how an amendment's keys merge into the terms before it, which terms are in force at an
//! instant or on a date, and the located error each kind of bad amendment gives.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use accord_core::agreement::CreditAmount;
use accord_core::instant::Instant;
use accord_core::model::Priority;
use accord_core::{Agreement, InputError, parse_agreement};
use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

// ---------------------------------------------------------------------------------------------
// Helpers.

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

fn read(path: &str) -> String {
    let path = data_dir().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

static PREMIUM: LazyLock<String> = LazyLock::new(|| read("sample/agreements/premium.toml"));

const FILE: &str = "premium.toml";

/// The premium sample (effective 2026-01-01 to 2026-12-31, New York) followed by `amendments`.
fn premium_and(amendments: &str) -> String {
    format!("{}\n{amendments}", PREMIUM.as_str())
}

fn parse(src: &str) -> Agreement {
    parse_agreement(FILE, src).unwrap_or_else(|e| panic!("rejected: {e:#?}\n{src}"))
}

fn errors(src: &str) -> Vec<InputError> {
    match parse_agreement(FILE, src) {
        Ok(_) => panic!("accepted:\n{src}"),
        Err(e) => {
            assert!(!e.truncated);
            e.errors
        }
    }
}

fn only_error(src: &str) -> InputError {
    let errors = errors(src);
    assert_eq!(errors.len(), 1, "one error expected: {errors:#?}");
    errors.into_iter().next().unwrap()
}

/// 1-based line and character column where the `nth` (0-based) occurrence of `needle` starts.
fn pos_nth(src: &str, needle: &str, nth: usize) -> (usize, usize) {
    let at = src
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` does not occur {} times", nth + 1))
        .0;
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, src[line_start..at].chars().count() + 1)
}

/// Where the single occurrence of `needle` starts.
fn pos(src: &str, needle: &str) -> (usize, usize) {
    assert_eq!(src.matches(needle).count(), 1, "`{needle}` must occur once");
    pos_nth(src, needle, 0)
}

/// Checks an error's location, key and that its reason contains each of `words`.
#[track_caller]
fn assert_error(e: &InputError, (line, column): (usize, usize), key: &str, words: &[&str]) {
    let want = (FILE, line, column, key);
    let got = (e.file.as_str(), e.line, e.column, e.key.as_str());
    assert_eq!(got, want, "location of {e:?}");
    for w in words {
        assert!(e.reason.contains(w), "reason `{}` lacks `{w}`", e.reason);
    }
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn t(s: &str) -> Instant {
    Instant::parse(s).unwrap()
}

fn hours(h: i64) -> i64 {
    h * 3600
}

/// The example of `formats.md`, "Amendments (format v1.1)".
const SPEC_EXAMPLE: &str = r#"[[amendments]]
effective = 2026-07-01                      # local date (the calendar's time zone) it takes effect
reference = "Amendment No. 1"               # how the parties name it; required, unique in the file
signed = 2026-06-12                         # optional
monthly_fee = "13500.00"                    # any top-level key but id, effective_from, amendments
[amendments.targets.p2]                     # tables are merged key by key: p2's first_response stays
resolution = "6h"
[amendments.calendar]
holidays = [ { date = 2026-11-26, name = "Thanksgiving" }, { date = 2026-12-25, name = "Christmas Day" } ]
"#;

/// A minimal amendment with reference `r` effective on `d`, then `rest`.
fn amendment(d: &str, r: &str, rest: &str) -> String {
    format!("[[amendments]]\neffective = {d}\nreference = \"{r}\"\n{rest}")
}

// ---------------------------------------------------------------------------------------------
// Merging.

#[test]
fn the_spec_example_merges_into_the_terms_in_force() {
    let base = parse(&PREMIUM);
    let a = parse(&premium_and(SPEC_EXAMPLE));
    assert_eq!(a.amendments.len(), 1);
    let am = &a.amendments[0];
    assert_eq!(am.effective, date("2026-07-01"));
    assert_eq!(am.reference, "Amendment No. 1");
    assert_eq!(am.signed, Some(date("2026-06-12")));
    // The base terms are those of the file without its amendments.
    let mut without = a.clone();
    without.amendments.clear();
    assert_eq!(without, base);
    // The amended terms: the keys it names replaced or merged, the rest kept.
    let terms = &am.terms;
    assert!(terms.amendments.is_empty());
    assert_eq!(terms.monthly_fee, Decimal::new(1_350_000, 2));
    let p2 = terms.target(Priority::P2);
    assert_eq!((p2.first_response_s, p2.resolution_s), (hours(1), hours(6)));
    let holidays: Vec<_> = terms
        .calendar
        .holidays
        .iter()
        .map(|h| (h.date, h.name.as_str()))
        .collect();
    assert_eq!(
        holidays,
        [
            (date("2026-11-26"), "Thanksgiving"),
            (date("2026-12-25"), "Christmas Day")
        ]
    );
    assert_eq!(terms.calendar.week, base.calendar.week);
    assert_eq!(terms.calendar.time_zone, base.calendar.time_zone);
    let mut same = (**terms).clone();
    same.monthly_fee = base.monthly_fee;
    same.targets = base.targets;
    same.calendar = base.calendar.clone();
    assert_eq!(same, base, "nothing else changed");
}

#[test]
fn tables_merge_key_by_key_at_every_depth_and_other_values_are_replaced_whole() {
    let a = parse(&premium_and(&amendment(
        "2026-04-01",
        "A",
        r#"scope = ["billing_inquiry"]
[amendments.calendar]
mon = ["10:00-12:00"]
[amendments.targets.p1]
clock = "business"
[amendments.credits]
per_breach = { p3 = "100.00" }
[[amendments.channels]]
kind = "email"
hours = "calendar"
[[amendments.escalation]]
level = 1
name = "Duty manager"
clock = "first_response"
at = 2
"#,
    )));
    let base = parse(&PREMIUM);
    let terms = &a.amendments[0].terms;
    // Arrays replaced whole: scope, a weekday's windows, channels, escalation.
    assert_eq!(terms.scope, ["billing_inquiry"]);
    assert_eq!(terms.calendar.week.day(0).len(), 1);
    assert_eq!(terms.calendar.week.day(0)[0].start, 10 * 3600);
    assert_eq!(terms.channels.len(), 1);
    assert_eq!(terms.escalation.len(), 1);
    assert_eq!(terms.escalation[0].name, "Duty manager");
    // Tables merged: the other weekdays, the holidays, p1's durations, the bands and cap.
    for d in 1..7 {
        assert_eq!(terms.calendar.week.day(d), base.calendar.week.day(d));
    }
    assert_eq!(terms.calendar.holidays, base.calendar.holidays);
    let p1 = terms.target(Priority::P1);
    let base_p1 = base.target(Priority::P1);
    assert_eq!(p1.clock, accord_core::model::ClockKind::Business);
    assert_eq!(
        (p1.first_response_s, p1.resolution_s),
        (base_p1.first_response_s, base_p1.resolution_s)
    );
    assert_eq!(terms.credits.bands, base.credits.bands);
    assert_eq!(terms.credits.cap_percent, base.credits.cap_percent);
    // An inline table (per_breach) is a table too: merged key by key.
    assert_eq!(
        terms.credits.per_breach,
        [
            base.credits.per_breach[0],
            base.credits.per_breach[1],
            Some(CreditAmount::Fixed(Decimal::new(10_000, 2))),
            None
        ]
    );
}

#[test]
fn each_amendment_applies_to_the_terms_after_the_one_before() {
    let a = parse(&premium_and(&format!(
        "{}{}",
        amendment(
            "2026-04-01",
            "A",
            "[amendments.targets.p2]\nresolution = \"6h\"\n"
        ),
        amendment(
            "2026-12-01",
            "B",
            "effective_to = 2027-12-31\n[amendments.targets.p2]\nfirst_response = \"2h\"\n"
        ),
    )));
    let [first, second] = &a.amendments[..] else {
        panic!("two amendments")
    };
    let p2 = |x: &Agreement| {
        let t = x.target(Priority::P2);
        (t.first_response_s, t.resolution_s)
    };
    assert_eq!(p2(&a), (hours(1), hours(8)));
    assert_eq!(p2(&first.terms), (hours(1), hours(6)));
    assert_eq!(p2(&second.terms), (hours(2), hours(6)));
    assert_eq!(first.terms.effective_to, Some(date("2026-12-31")));
    assert_eq!(second.terms.effective_to, Some(date("2027-12-31")));
    assert_eq!(second.signed, None);
}

// ---------------------------------------------------------------------------------------------
// Terms in force.

#[test]
fn terms_at_just_before_at_and_after_an_amendments_start() {
    let a = parse(&premium_and(&format!(
        "{}{}",
        amendment("2026-07-01", "A", "monthly_fee = \"1\"\n"),
        amendment("2026-09-01", "B", "monthly_fee = \"2\"\n"),
    )));
    // New York is on EDT (UTC-4) in July and September.
    assert_eq!(a.amendments[0].starts(), t("2026-07-01T04:00:00Z"));
    assert_eq!(a.amendments[1].starts(), t("2026-09-01T04:00:00Z"));
    let fee = |at: &str| a.terms_at(t(at)).monthly_fee;
    assert!(std::ptr::eq(a.terms_at(t("2026-07-01T03:59:59Z")), &a));
    assert_eq!(fee("2026-01-01T00:00:00Z"), Decimal::new(1_250_000, 2));
    assert_eq!(fee("2026-07-01T04:00:00Z"), Decimal::ONE);
    assert_eq!(fee("2026-08-31T23:59:59Z"), Decimal::ONE);
    assert_eq!(fee("2026-09-01T03:59:59Z"), Decimal::ONE);
    assert_eq!(fee("2026-09-01T04:00:00Z"), Decimal::TWO);
    assert_eq!(fee("2030-01-01T00:00:00Z"), Decimal::TWO);
    let fee_on = |d: &str| a.terms_on(date(d)).monthly_fee;
    assert!(std::ptr::eq(a.terms_on(date("2026-06-30")), &a));
    assert_eq!(fee_on("2026-07-01"), Decimal::ONE);
    assert_eq!(fee_on("2026-08-31"), Decimal::ONE);
    assert_eq!(fee_on("2026-09-01"), Decimal::TWO);
}

#[test]
fn the_terms_in_force_are_named_by_their_amendment_and_the_base_terms_by_nothing() {
    let a = parse(&premium_and(&format!(
        "{}{}",
        amendment("2026-07-01", "Amendment No. 1", "monthly_fee = \"1\"\n"),
        amendment("2026-09-01", "Amendment No. 2", "monthly_fee = \"2\"\n"),
    )));
    assert_eq!(a.terms_label_at(t("2026-07-01T03:59:59Z")), None);
    assert!(a.amendment_at(t("2026-07-01T03:59:59Z")).is_none());
    assert_eq!(
        a.terms_label_at(t("2026-07-01T04:00:00Z")).as_deref(),
        Some("Amendment No. 1, in force from 2026-07-01")
    );
    assert_eq!(
        a.terms_label_at(t("2030-01-01T00:00:00Z")).as_deref(),
        Some("Amendment No. 2, in force from 2026-09-01")
    );
    let at = t("2026-08-15T12:00:00Z");
    assert!(std::ptr::eq(
        &*a.amendment_at(at).unwrap().terms,
        a.terms_at(at)
    ));
    let v1 = parse(PREMIUM.as_str());
    assert_eq!(v1.terms_label_at(t("2026-08-15T12:00:00Z")), None);
}

/// The agreement in `zone`, with one amendment effective on `d`.
fn in_zone_amended_on(zone: &str, d: &str) -> Agreement {
    let src =
        premium_and(&amendment(d, "A", "monthly_fee = \"1\"\n")).replace("America/New_York", zone);
    parse(&src)
}

#[test]
fn an_amendment_starts_at_local_midnight_on_dst_days() {
    // New York springs forward at 02:00 on 2026-03-08: midnight is still EST (UTC-5).
    let a = in_zone_amended_on("America/New_York", "2026-03-08");
    assert_eq!(a.amendments[0].starts(), t("2026-03-08T05:00:00Z"));
    // Havana springs forward at midnight (00:00 CST -> 01:00 CDT) on 2026-03-08: 00:00 is in
    // the gap, read with the offset before it, so the start is the transition itself, the
    // first instant of that local date.
    let a = in_zone_amended_on("America/Havana", "2026-03-08");
    let start = a.amendments[0].starts();
    assert_eq!(start, t("2026-03-08T05:00:00Z"));
    assert_eq!(a.calendar.local_date(start), date("2026-03-08"));
    assert_eq!(
        a.calendar.local_date(Instant(start.0 - 1)),
        date("2026-03-07")
    );
    assert!(std::ptr::eq(a.terms_at(Instant(start.0 - 1)), &a));
    assert_eq!(a.terms_at(start).monthly_fee, Decimal::ONE);
    // Havana falls back at 01:00 CDT to 00:00 CST on 2026-11-01: midnight occurs twice, the
    // start is the earlier.
    let a = in_zone_amended_on("America/Havana", "2026-11-01");
    let start = a.amendments[0].starts();
    assert_eq!(start, t("2026-11-01T04:00:00Z"));
    assert!(std::ptr::eq(a.terms_at(t("2026-11-01T03:59:59Z")), &a));
    assert_eq!(a.terms_at(start).monthly_fee, Decimal::ONE);
    assert_eq!(
        a.terms_at(t("2026-11-01T05:00:00Z")).monthly_fee,
        Decimal::ONE
    );
}

// ---------------------------------------------------------------------------------------------
// Errors.

#[test]
fn the_spec_examples_error_names_the_amendment() {
    let src = premium_and(&format!(
        "{SPEC_EXAMPLE}{}",
        amendment(
            "2026-10-01",
            "Amendment No. 2",
            "[amendments.targets.p2]\nresolution = \"6 hours\"\n"
        )
    ));
    let e = only_error(&src);
    assert_error(
        &e,
        pos(&src, "\"6 hours\""),
        "amendments[1] (Amendment No. 2).targets.p2.resolution",
        &["6 hours"],
    );
}

#[test]
fn missing_or_blank_reference() {
    let src = premium_and("[[amendments]]\neffective = 2026-07-01\nmonthly_fee = \"1\"\n");
    assert_error(
        &only_error(&src),
        pos(&src, "[[amendments]]"),
        "amendments[0].reference",
        &["needs a `reference`"],
    );
    let src = premium_and(&amendment("2026-07-01", " ", ""));
    assert_error(
        &only_error(&src),
        pos(&src, "\" \""),
        "amendments[0].reference",
        &["must not be empty"],
    );
    let src = premium_and("[[amendments]]\neffective = 2026-07-01\nreference = 2\n");
    assert_error(
        &only_error(&src),
        (pos(&src, "reference = 2").0, 13),
        "amendments[0].reference",
        &["expected a string"],
    );
}

#[test]
fn duplicate_reference() {
    let src = premium_and(&format!(
        "{}{}",
        amendment("2026-07-01", "A", ""),
        amendment("2026-08-01", "A", "")
    ));
    assert_error(
        &only_error(&src),
        pos_nth(&src, "\"A\"", 1),
        "amendments[1] (A).reference",
        &["`A` is also the reference of amendments[0]", "unique"],
    );
}

#[test]
fn missing_or_malformed_dates() {
    let src = premium_and("[[amendments]]\nreference = \"A\"\n");
    assert_error(
        &only_error(&src),
        pos(&src, "[[amendments]]"),
        "amendments[0] (A).effective",
        &["`effective`"],
    );
    let src = premium_and(&amendment("2026-07-01T10:00:00", "A", ""));
    assert_error(
        &only_error(&src),
        pos(&src, "2026-07-01T10:00:00"),
        "amendments[0] (A).effective",
        &["plain date"],
    );
    let src = premium_and(&amendment("2026-07-01", "A", "signed = \"June\"\n"));
    assert_error(
        &only_error(&src),
        pos(&src, "\"June\""),
        "amendments[0] (A).signed",
        &["expected a date"],
    );
}

#[test]
fn effective_dates_must_increase() {
    for second in ["2026-07-01", "2026-06-30"] {
        let src = premium_and(&format!(
            "{}{}",
            amendment("2026-07-01", "A", ""),
            amendment(second, "B", "")
        ));
        let needle = format!("effective = {second}");
        let at = pos_nth(&src, &needle, usize::from(second == "2026-07-01"));
        assert_error(
            &only_error(&src),
            (at.0, at.1 + "effective = ".len()),
            "amendments[1] (B).effective",
            &["is not after 2026-07-01, when amendments[0] (A) takes effect"],
        );
    }
}

#[test]
fn effective_must_be_after_effective_from() {
    for d in ["2026-01-01", "2025-12-01"] {
        let src = premium_and(&amendment(d, "A", ""));
        let at = pos(&src, &format!("effective = {d}"));
        assert_error(
            &only_error(&src),
            (at.0, at.1 + "effective = ".len()),
            "amendments[0] (A).effective",
            &["is not after the agreement's `effective_from` (2026-01-01)"],
        );
    }
}

#[test]
fn effective_must_not_be_after_effective_to_as_amended() {
    // The last day of the term is allowed.
    parse(&premium_and(&amendment("2026-12-31", "A", "")));
    // After the term's end: an error...
    let src = premium_and(&amendment("2027-01-15", "A", ""));
    let at = pos(&src, "effective = 2027-01-15");
    assert_error(
        &only_error(&src),
        (at.0, at.1 + "effective = ".len()),
        "amendments[0] (A).effective",
        &["after the end of the term", "2026-12-31"],
    );
    // ...unless the amendment itself extends the term to include its date.
    let a = parse(&premium_and(&amendment(
        "2027-01-15",
        "A",
        "effective_to = 2027-12-31\n",
    )));
    assert_eq!(
        a.terms_on(date("2027-06-01")).effective_to,
        Some(date("2027-12-31"))
    );
    // An amendment cannot end the term before it takes effect.
    let src = premium_and(&amendment("2026-07-01", "A", "effective_to = 2026-06-30\n"));
    let at = pos(&src, "effective = 2026-07-01");
    assert_error(
        &only_error(&src),
        (at.0, at.1 + "effective = ".len()),
        "amendments[0] (A).effective",
        &["after the end of the term, `effective_to` = 2026-06-30 (as amended)"],
    );
    // A later amendment is checked against the end in force after it.
    let src = premium_and(&format!(
        "{}{}",
        amendment("2026-07-01", "A", "effective_to = 2026-08-31\n"),
        amendment("2026-09-01", "B", "")
    ));
    let at = pos(&src, "effective = 2026-09-01");
    assert_error(
        &only_error(&src),
        (at.0, at.1 + "effective = ".len()),
        "amendments[1] (B).effective",
        &["2026-08-31"],
    );
}

#[test]
fn the_time_zone_cannot_change() {
    parse(&premium_and(&amendment(
        "2026-07-01",
        "A",
        "[amendments.calendar]\ntime_zone = \"America/New_York\"\n",
    )));
    let src = premium_and(&amendment(
        "2026-07-01",
        "A",
        "[amendments.calendar]\ntime_zone = \"America/Chicago\"\n",
    ));
    assert_error(
        &only_error(&src),
        pos(&src, "\"America/Chicago\""),
        "amendments[0] (A).calendar.time_zone",
        &[
            "cannot change the time zone",
            "America/New_York",
            "new agreement",
        ],
    );
}

#[test]
fn forbidden_keys() {
    let src = premium_and(&amendment(
        "2026-07-01",
        "A",
        "id = \"OTHER\"\neffective_from = 2026-02-01\n[[amendments.amendments]]\neffective = 2026-08-01\n",
    ));
    let errors = errors(&src);
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_error(
        &errors[0],
        pos(&src, "id = \"OTHER\""),
        "amendments[0] (A).id",
        &["cannot change `id`"],
    );
    assert_error(
        &errors[1],
        pos(&src, "effective_from = 2026-02-01"),
        "amendments[0] (A).effective_from",
        &["cannot change `effective_from`"],
    );
    let at = pos(&src, "[[amendments.amendments]]");
    assert_error(
        &errors[2],
        (at.0, at.1 + "[[amendments.".len()),
        "amendments[0] (A).amendments",
        &["do not nest"],
    );
}

#[test]
fn unknown_keys_inside_an_amendment_name_it() {
    let src = premium_and(&amendment(
        "2026-07-01",
        "A",
        "regoin = \"x\"\n[amendments.calendar]\nmondays = [\"08:00-17:00\"]\n",
    ));
    let errors = errors(&src);
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert_error(
        &errors[0],
        pos(&src, "regoin"),
        "amendments[0] (A).regoin",
        &["unknown field `regoin`", "`effective`", "`region`"],
    );
    assert_error(
        &errors[1],
        pos(&src, "mondays"),
        "amendments[0] (A).calendar.mondays",
        &["unknown field `mondays`", "`mon`"],
    );
}

#[test]
fn invalid_merged_terms_are_located_in_the_amendment() {
    // A value the amendment wrote: at the value.
    let src = premium_and(&amendment("2026-07-01", "A", "monthly_fee = \"-5\"\n"));
    assert_error(
        &only_error(&src),
        pos(&src, "\"-5\""),
        "amendments[0] (A).monthly_fee",
        &["must not be negative"],
    );
    // A value of the wrong type: at the value too.
    let src = premium_and(&amendment("2026-07-01", "A", "scope = \"billing\"\n"));
    assert_error(
        &only_error(&src),
        pos(&src, "\"billing\""),
        "amendments[0] (A).scope",
        &[],
    );
    // A problem of the merged terms as a whole: at the amendment's header.
    let src = premium_and(&amendment(
        "2026-07-01",
        "A",
        "[amendments.calendar]\nmon = []\ntue = []\nwed = []\nthu = []\nfri = []\nsat = []\n",
    ));
    assert_error(
        &only_error(&src),
        pos(&src, "[[amendments]]"),
        "amendments[0] (A).calendar",
        &["no business hours"],
    );
}

#[test]
fn a_problem_of_the_base_terms_is_reported_once() {
    let src = premium_and(&format!(
        "{}{}",
        amendment("2026-07-01", "A", "monthly_fee = \"1\"\n"),
        amendment("2026-08-01", "B", "monthly_fee = \"2\"\n")
    ))
    .replace("tier = \"premium\"", "tier = \"gold\"");
    assert_error(&only_error(&src), pos(&src, "\"gold\""), "tier", &["gold"]);
    // Of the terms after an amendment too: reported for the amendment that wrote it.
    let src = premium_and(&format!(
        "{}{}",
        amendment("2026-07-01", "A", "monthly_fee = \"x\"\n"),
        amendment("2026-08-01", "B", "")
    ));
    assert_error(
        &only_error(&src),
        pos(&src, "\"x\""),
        "amendments[0] (A).monthly_fee",
        &[],
    );
}

#[test]
fn every_problem_is_reported_in_file_order() {
    let src = premium_and(&format!(
        "{}{}{}",
        amendment(
            "2026-07-01",
            "A",
            "monthly_fee = \"-1\"\nid = \"X\"\n[amendments.targets.p3]\nresolution = \"soon\"\n"
        ),
        "[[amendments]]\neffective = 2026-06-01\n",
        amendment("2027-02-01", "C", "currency = \"XYZ\"\n"),
    ));
    let errors = errors(&src);
    let got: Vec<(&str, usize)> = errors.iter().map(|e| (e.key.as_str(), e.line)).collect();
    let mut want = vec![
        ("amendments[0] (A).monthly_fee", pos(&src, "\"-1\"").0),
        ("amendments[0] (A).id", pos(&src, "id = \"X\"").0),
        (
            "amendments[0] (A).targets.p3.resolution",
            pos(&src, "\"soon\"").0,
        ),
        (
            "amendments[1].reference",
            pos_nth(&src, "[[amendments]]", 1).0,
        ),
        (
            "amendments[1].effective",
            pos(&src, "effective = 2026-06-01").0,
        ),
        (
            "amendments[2] (C).effective",
            pos(&src, "effective = 2027-02-01").0,
        ),
        ("amendments[2] (C).currency", pos(&src, "\"XYZ\"").0),
    ];
    want.sort_by_key(|w| w.1);
    assert_eq!(got, want, "{errors:#?}");
}

#[test]
fn amendments_must_be_tables() {
    let src = format!("amendments = 5\n{}", PREMIUM.as_str());
    assert_error(
        &only_error(&src),
        (1, 14),
        "amendments",
        &["array of tables"],
    );
    let src = format!("amendments = [1]\n{}", PREMIUM.as_str());
    assert_error(
        &only_error(&src),
        (1, 15),
        "amendments[0]",
        &["expected a table"],
    );
}

// ---------------------------------------------------------------------------------------------
// Files without amendments.

/// The agreements of the sample and edge data: v1 files, without amendments.
static V1: LazyLock<Vec<Agreement>> = LazyLock::new(|| {
    [
        "sample/agreements/basic.toml",
        "sample/agreements/premium.toml",
        "sample/agreements/enterprise.toml",
        "edges/agreements/ny-edges.toml",
    ]
    .iter()
    .map(|p| parse(&read(p)))
    .collect()
});

/// The spec example with an amendment before it (on New York's spring-forward day) and one
/// after (on its fall-back day): for the consistency of `terms_at` and `terms_on`.
static AMENDED: LazyLock<Agreement> = LazyLock::new(|| {
    parse(&premium_and(&format!(
        "{}{SPEC_EXAMPLE}{}",
        amendment("2026-03-08", "Spring", "monthly_fee = \"1\"\n"),
        amendment(
            "2026-11-01",
            "Amendment No. 2",
            "effective_to = 2027-06-30\nmonthly_fee = \"2\"\n"
        ),
    )))
});

#[test]
fn an_amendment_that_restates_the_terms_changes_nothing() {
    let restated = premium_and(&amendment(
        "2026-07-01",
        "Restatement",
        "monthly_fee = \"12500.00\"\n[amendments.targets.p1]\nclock = \"24x7\"\n",
    ));
    let a = parse(&restated);
    let mut base = a.clone();
    base.amendments.clear();
    assert_eq!(*a.amendments[0].terms, base);
}

proptest! {
    /// A file without amendments is read as before: no amendments, and its terms are in force
    /// at every instant and on every date.
    #[test]
    fn a_v1_file_is_its_own_terms_at_every_instant(i in 0..4usize, secs in -3_000_000_000i64..6_000_000_000) {
        let a = &V1[i];
        prop_assert!(a.amendments.is_empty());
        prop_assert!(std::ptr::eq(a.terms_at(Instant(secs)), a));
        let d = a.calendar.local_date(Instant(secs));
        prop_assert!(std::ptr::eq(a.terms_on(d), a));
    }

    /// The terms in force at an instant are those in force on its local date.
    #[test]
    fn terms_at_an_instant_are_those_on_its_local_date(
        secs in prop_oneof![
            1_760_000_000i64..1_820_000_000,
            (0..3usize, -7_200i64..7_200).prop_map(|(k, d)| AMENDED.amendments[k].starts().0 + d),
        ]
    ) {
        let a = &*AMENDED;
        prop_assert_eq!(a.amendments.len(), 3);
        let at = Instant(secs);
        let on = a.terms_on(a.calendar.local_date(at));
        prop_assert!(std::ptr::eq(a.terms_at(at), on));
    }
}
