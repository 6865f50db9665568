//! Each kind of bad input gives the located error a person needs to fix it: file, line, column
//! (TOML: 1-based character column; CSV: 1-based field number), key (TOML key path or CSV column
//! name) and a reason that says why (`formats.md`, `accord_core::error`, the module docs of
//! `agreement` and `input`).

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use accord_core::error::ERROR_LIMIT;
use accord_core::input::{ReadOptions, part_starts, part_starts_every, read_ticket_set};
use accord_core::records::{Record, Records};
use accord_core::{Agreement, InputError, InputErrors, TicketSet, parse_agreement};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Helpers.

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample")
}

fn sample(name: &str) -> String {
    let path = sample_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

static PREMIUM: LazyLock<String> = LazyLock::new(|| sample("agreements/premium.toml"));

static AGREEMENTS: LazyLock<Vec<Agreement>> = LazyLock::new(|| {
    ["basic", "premium", "enterprise"]
        .iter()
        .map(|n| {
            let file = format!("{n}.toml");
            parse_agreement(&file, &sample(&format!("agreements/{file}"))).unwrap()
        })
        .collect()
});

const FILE: &str = "premium.toml";

/// `src` with the single occurrence of `from` replaced by `to`.
fn edit(src: &str, from: &str, to: &str) -> String {
    assert_eq!(src.matches(from).count(), 1, "`{from}` must occur once");
    src.replacen(from, to, 1)
}

/// The premium sample with edits applied in order.
fn premium_with(edits: &[(&str, &str)]) -> String {
    edits
        .iter()
        .fold(PREMIUM.clone(), |src, (from, to)| edit(&src, from, to))
}

/// 1-based line and character column where the single occurrence of `needle` starts.
fn pos(src: &str, needle: &str) -> (usize, usize) {
    assert_eq!(src.matches(needle).count(), 1, "`{needle}` must occur once");
    let at = src.find(needle).unwrap();
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    (line, src[line_start..at].chars().count() + 1)
}

fn agreement_errors(src: &str) -> Vec<InputError> {
    match parse_agreement(FILE, src) {
        Ok(_) => panic!("accepted:\n{src}"),
        Err(e) => {
            assert!(!e.truncated);
            e.errors
        }
    }
}

/// The only error of an agreement.
fn agreement_error(src: &str) -> InputError {
    let errors = agreement_errors(src);
    assert_eq!(errors.len(), 1, "one error expected: {errors:#?}");
    errors.into_iter().next().unwrap()
}

/// Checks an error's location, key and that its reason contains each of `words`.
#[track_caller]
fn assert_error(
    e: &InputError,
    file: &str,
    (line, column): (usize, usize),
    key: &str,
    words: &[&str],
) {
    let want = (file, line, column, key);
    let got = (e.file.as_str(), e.line, e.column, e.key.as_str());
    assert_eq!(got, want, "location of {e:?}");
    for w in words {
        assert!(e.reason.contains(w), "reason `{}` lacks `{w}`", e.reason);
    }
}

const T_HEAD: &str =
    "ticket_id,agreement_id,opened_at,priority,channel,category,customer,subject,csat";
const T1: &str = "T-1,CTRA-APC-WV-BASIC,2026-08-06T12:33:25Z,p4,phone,troubleshooting,Kanawha Valley Dental,Voicemail not delivering,5";
const T2: &str = "T-2,CTRA-APC-WV-PREMIUM,2026-01-20T15:19:31Z,p3,live_chat,technical_support,Parkersburg Title Co.,VPN tunnel setup,";
const T3: &str = "T-3,CTRA-APC-WV-ENT-MOUNTAINEER,2026-03-10T15:17:27Z,p2,help_desk,service_activation,Harpers Ferry Outfitters,New branch,4";
const E_HEAD: &str = "ticket_id,at,kind,note,priority";
const E1: &str = "T-1,2026-08-06T12:43:00Z,responded,Acknowledged,";
const E2: &str = "T-2,2026-01-20T16:00:00Z,priority_changed,Re-ranked,p2";
const E3: &str = "T-1,2026-08-10T13:50:36Z,resolved,Fixed,";

/// A CSV file: header and rows, one a line, LF-terminated.
fn csv(head: &str, rows: &[&str]) -> String {
    let mut out = String::from(head);
    out.push('\n');
    for r in rows {
        out.push_str(r);
        out.push('\n');
    }
    out
}

/// `row` with field `i` (0-based) replaced.
fn with_field(row: &str, i: usize, value: &str) -> String {
    let mut f: Vec<&str> = row.split(',').collect();
    f[i] = value;
    f.join(",")
}

fn read(tickets: &str, events: &str, keep_text: bool) -> Result<TicketSet, InputErrors> {
    read_bytes(tickets.as_bytes(), events.as_bytes(), keep_text)
}

fn read_bytes(tickets: &[u8], events: &[u8], keep_text: bool) -> Result<TicketSet, InputErrors> {
    read_ticket_set(
        "tickets.csv",
        tickets,
        "events.csv",
        events,
        &AGREEMENTS,
        ReadOptions {
            keep_text,
            text_for: None,
        },
    )
}

fn csv_errors(tickets: &str, events: &str) -> Vec<InputError> {
    match read(tickets, events, true) {
        Ok(_) => panic!("accepted:\n{tickets}\n{events}"),
        Err(e) => {
            assert!(!e.truncated);
            e.errors
        }
    }
}

/// The only error of a pair of CSV files.
fn csv_error(tickets: &str, events: &str) -> InputError {
    let errors = csv_errors(tickets, events);
    assert_eq!(errors.len(), 1, "one error expected: {errors:#?}");
    errors.into_iter().next().unwrap()
}

fn good_tickets() -> String {
    csv(T_HEAD, &[T1, T2, T3])
}

fn good_events() -> String {
    csv(E_HEAD, &[E1, E2, E3])
}

/// Events of ticket T-1 only (for tests where T-2 is rejected before its id is known).
fn t1_events() -> String {
    csv(E_HEAD, &[E1, E3])
}

#[test]
fn the_unedited_inputs_are_valid() {
    parse_agreement(FILE, &PREMIUM).unwrap();
    let set = read(&good_tickets(), &good_events(), true).unwrap();
    assert_eq!((set.len(), set.event_count()), (3, 3));
}

// ---------------------------------------------------------------------------------------------
// Agreement: keys the format does not have.

#[test]
fn unknown_top_level_key() {
    let src = premium_with(&[("region = ", "regoin = \"x\"\nregion = ")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "regoin"),
        "regoin",
        &[
            "unknown field `regoin`",
            "`region`",
            "unknown keys are an error",
        ],
    );
}

/// An empty key, or one with a space, is named as the file must spell it: quoted (found by
/// the readers' fuzz test, which requires every error but a syntax error to name its key).
#[test]
fn unknown_quoted_keys_are_named_quoted() {
    let src = premium_with(&[("region = ", "\"\" = 1\nregion = ")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "\"\" = 1"),
        "\"\"",
        &["unknown field `\"\"`"],
    );
    let src = premium_with(&[("mon = [", "'mon day' = []\nmon = [")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "'mon day'"),
        "calendar.\"mon day\"",
        &["unknown field `\"mon day\"`"],
    );
}

#[test]
fn unknown_key_in_calendar() {
    let src = premium_with(&[("mon = [", "mondays = [\"08:00-17:00\"]\nmon = [")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "mondays"),
        "calendar.mondays",
        &["unknown field `mondays`", "`mon`", "`time_zone`"],
    );
}

#[test]
fn unknown_key_in_the_second_escalation_level() {
    let src = premium_with(&[("at = 1.0\n", "at = 1.0\nwhen = \"always\"\n")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "when ="),
        "escalation[1].when",
        &["unknown field `when`", "`level`", "`contact`"],
    );
}

#[test]
fn unknown_key_in_a_target_and_in_an_inline_holiday() {
    let src = premium_with(&[(
        "resolution = \"8h\"",
        "resolution = \"8h\"\nresolve = \"1h\"",
    )]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "resolve ="),
        "targets.p2.resolve",
        &["unknown field `resolve`", "`first_response`"],
    );

    let src = premium_with(&[("\"Labor Day\"", "\"Labor Day\", observed = true")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "observed ="),
        "calendar.holidays[3].observed",
        &["unknown field `observed`", "`date`", "`name`"],
    );
}

// ---------------------------------------------------------------------------------------------
// Agreement: values of the wrong type, missing keys.

#[test]
fn wrong_type() {
    let title = "\"West Virginia Customer Service Agreement (Premium)\"";
    let src = premium_with(&[(title, "42")]);
    let e = agreement_error(&src);
    assert_error(&e, FILE, pos(&src, "42"), "title", &["integer", "string"]);

    let src = premium_with(&[("level = 2", "level = \"two\"")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "\"two\""),
        "escalation[1].level",
        &["invalid type", "\"two\""],
    );

    let src = premium_with(&[("monthly_fee = \"12500.00\"", "monthly_fee = true")]);
    let e = agreement_error(&src);
    assert_error(&e, FILE, pos(&src, "true"), "monthly_fee", &["number"]);

    let src = premium_with(&[("sun = []", "sun = \"none\"")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "\"none\""),
        "calendar.sun",
        &["\"none\"", "sequence"],
    );
}

#[test]
fn missing_required_keys() {
    // A missing top-level key has no place in the file: the start of the file (or line 0).
    let title = "title = \"West Virginia Customer Service Agreement (Premium)\"\n";
    let e = agreement_error(&premium_with(&[(title, "")]));
    assert_eq!((e.file.as_str(), e.key.as_str()), (FILE, "title"));
    assert!(matches!((e.line, e.column), (1, 1) | (0, 0)), "{e:?}");
    assert!(e.reason.contains("missing field `title`"), "{e:?}");

    // A missing key of a table points at the table.
    let src = premium_with(&[("time_zone = \"America/New_York\"\n", "")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "[calendar]"),
        "calendar.time_zone",
        &["missing field `time_zone`"],
    );

    let src = premium_with(&[("first_response = \"1h\"\n", "")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "[targets.p2]"),
        "targets.p2.first_response",
        &["missing field `first_response`"],
    );

    let src = premium_with(&[("clock = \"resolution\"\nat = 1.5", "at = 1.5")]);
    let e = agreement_error(&src);
    assert_eq!(
        (e.key.as_str(), e.line),
        ("escalation[2].clock", pos(&src, "level = 3").0 - 1)
    );
    assert!(e.reason.contains("missing field `clock`"), "{e:?}");
}

#[test]
fn missing_priority_p4() {
    let p4 = "[targets.p4]\nfirst_response = \"8h\"\nresolution = \"4d\"\n";
    let src = premium_with(&[(p4, "")]);
    let e = agreement_error(&src);
    // The `targets` table begins at its first `[targets.pN]` header, on the key `targets`.
    let (line, column) = pos(&src, "[targets.p1]");
    assert_error(
        &e,
        FILE,
        (line, column + 1),
        "targets.p4",
        &["p4", "all four priorities"],
    );
}

// ---------------------------------------------------------------------------------------------
// Agreement: values that do not mean anything.

#[test]
fn bad_time_zone() {
    let src = premium_with(&[("\"America/New_York\"", "\"America/Nowhere\"")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "\"America/Nowhere\""),
        "calendar.time_zone",
        &["America/Nowhere", "IANA time zone"],
    );
}

#[test]
fn window_ending_before_it_starts() {
    let src = premium_with(&[("tue = [\"07:00-19:00\"]", "tue = [\"17:00-08:00\"]")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "\"17:00-08:00\""),
        "calendar.tue[0]",
        &["17:00-08:00", "end must be after its start"],
    );

    // The index is that of the window in its list.
    let src = premium_with(&[(
        "mon = [\"07:00-19:00\"]",
        "mon = [\"07:00-12:00\", \"13:00-10:00\"]",
    )]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "\"13:00-10:00\""),
        "calendar.mon[1]",
        &["13:00-10:00"],
    );
}

#[test]
fn malformed_windows() {
    for (bad, words) in [
        ("8:00-17:00", &["8:00", "HH:MM"][..]),
        ("24:00-24:00", &["24:00", "only end a window"][..]),
        ("08:00-25:00", &["25:00", "time of day"][..]),
        ("08:00", &["not a window"][..]),
    ] {
        let src = premium_with(&[("sat = [\"09:00-13:00\"]", &format!("sat = [\"{bad}\"]"))]);
        let e = agreement_error(&src);
        assert_error(
            &e,
            FILE,
            pos(&src, &format!("\"{bad}\"")),
            "calendar.sat[0]",
            words,
        );
    }
}

#[test]
fn overlapping_windows() {
    let src = premium_with(&[(
        "wed = [\"07:00-19:00\"]",
        "wed = [\"07:00-12:00\", \"11:00-19:00\"]",
    )]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "[\"07:00-12:00\""),
        "calendar.wed",
        &["07:00-12:00", "11:00-19:00", "overlap"],
    );
}

#[test]
fn bad_durations() {
    for (bad, words) in [
        ("8 hours", &["8 hours", "`90s`"][..]),
        ("0m", &["zero"][..]),
        ("30m2h", &["smaller one first"][..]),
        ("8", &["without a unit"][..]),
        ("", &["empty duration"][..]),
        ("99999d", &["ten years"][..]),
    ] {
        let src = premium_with(&[("resolution = \"8h\"", &format!("resolution = \"{bad}\""))]);
        let e = agreement_error(&src);
        assert_error(
            &e,
            FILE,
            pos(&src, &format!("\"{bad}\"\n[targets.p3]")),
            "targets.p2.resolution",
            words,
        );
    }
}

#[test]
fn unknown_tier() {
    let src = premium_with(&[("tier = \"premium\"", "tier = \"gold\"")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "\"gold\""),
        "tier",
        &["`gold`", "`basic`", "`premium`", "`enterprise`"],
    );
}

#[test]
fn bad_currency() {
    let src = premium_with(&[("currency = \"USD\"", "currency = \"XYZ\"")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "\"XYZ\""),
        "currency",
        &["XYZ", "ISO 4217"],
    );
}

#[test]
fn bad_per_breach_credits() {
    for (bad, words) in [
        ("150%", &["150%", "at most 100"][..]),
        ("0%", &["0%", "above 0"][..]),
        ("-5%", &["-5%"][..]),
        ("five percent", &["neither an amount", "nor a percent"][..]),
        ("-250", &["positive"][..]),
    ] {
        let src = premium_with(&[("p2 = \"1%\"", &format!("p2 = \"{bad}\""))]);
        let e = agreement_error(&src);
        assert_error(
            &e,
            FILE,
            pos(&src, &format!("\"{bad}\"")),
            "credits.per_breach.p2",
            words,
        );
    }
    // A priority that does not exist is located on its key.
    let src = premium_with(&[("p2 = \"1%\"", "p5 = \"1%\"")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "p5"),
        "credits.per_breach.p5",
        &["`p5`", "priority"],
    );
}

#[test]
fn other_values_out_of_range() {
    let cases: [(&str, &str, &str, &str); 6] = [
        (
            "cap_percent = 20",
            "cap_percent = 120",
            "120",
            "credits.cap_percent",
        ),
        (
            "percent = 10 }",
            "percent = 101 }",
            "101",
            "credits.bands[1].percent",
        ),
        (
            "compliance_target = 0.95",
            "compliance_target = 95",
            "95",
            "reporting.compliance_target",
        ),
        (
            "csat_target = 4.2",
            "csat_target = 6",
            "6",
            "reporting.csat_target",
        ),
        ("at = 0.75", "at = -0.75", "-0.75", "escalation[0].at"),
        (
            "effective_to = 2026-12-31",
            "effective_to = 2025-12-31",
            "2025-12-31",
            "effective_to",
        ),
    ];
    for (from, to, value, key) in cases {
        let src = premium_with(&[(from, to)]);
        let e = agreement_error(&src);
        let (line, start) = pos(&src, to);
        let column = start + to.find(value).unwrap();
        assert_error(&e, FILE, (line, column), key, &[value]);
    }
}

// ---------------------------------------------------------------------------------------------
// Agreement: the whole file.

#[test]
fn several_problems_are_all_reported_in_file_order() {
    let src = premium_with(&[
        ("tier = \"premium\"", "tier = \"gold\""),
        ("currency = \"USD\"", "currency = \"XYZ\""),
        ("\"America/New_York\"", "\"Mars/Olympus\""),
        ("tue = [\"07:00-19:00\"]", "tue = [\"17:00-08:00\"]"),
        ("resolution = \"8h\"", "resolution = \"8x\""),
        ("p2 = \"1%\"", "p2 = \"150%\""),
    ]);
    let errors = agreement_errors(&src);
    let got: Vec<(&str, usize)> = errors.iter().map(|e| (e.key.as_str(), e.line)).collect();
    let want = vec![
        ("tier", pos(&src, "\"gold\"").0),
        ("currency", pos(&src, "\"XYZ\"").0),
        ("calendar.time_zone", pos(&src, "Mars").0),
        ("calendar.tue[0]", pos(&src, "17:00-08:00").0),
        ("targets.p2.resolution", pos(&src, "\"8x\"").0),
        ("credits.per_breach.p2", pos(&src, "150%").0),
    ];
    assert_eq!(got, want, "{errors:#?}");
    assert!(errors.iter().all(|e| e.file == FILE && e.column > 0));
}

#[test]
fn text_that_is_not_toml() {
    let src = premium_with(&[("sun = []", "sun = [")]);
    let e = agreement_error(&src);
    assert_eq!((e.file.as_str(), e.key.as_str()), (FILE, ""));
    assert!(e.reason.starts_with("not valid TOML"), "{e:?}");
    // Reported where the parser noticed: in the unclosed array, before the next table.
    let (open, _) = pos(&src, "sun = [");
    assert!(
        e.line > open && e.line < pos(&src, "[targets.p1]").0,
        "{e:?}"
    );

    let e = agreement_error("");
    assert_eq!(
        (e.key.as_str(), e.reason.as_str()),
        ("id", "missing field `id`")
    );
}

#[test]
fn duplicate_key_is_located() {
    let src = premium_with(&[("region = ", "region = \"a\"\nregion = ")]);
    let e = agreement_error(&src);
    assert_eq!(
        (e.line, e.column),
        (pos(&src, "region = \"West").0, 1),
        "{e:?}"
    );
    assert!(e.reason.contains("duplicate key"), "{e:?}");
}

#[test]
fn column_counts_characters_not_bytes() {
    let src = premium_with(&[(
        "\"New Year's Day\" }",
        "\"Jour de l'An 🎉 — é\", extra = 1 }",
    )]);
    let e = agreement_error(&src);
    let (line, column) = pos(&src, "extra");
    assert_error(
        &e,
        FILE,
        (line, column),
        "calendar.holidays[0].extra",
        &["unknown field"],
    );
    let line_text = src.lines().nth(line - 1).unwrap();
    let bytes = line_text.find("extra").unwrap() + 1;
    assert!(column < bytes, "characters ({column}), not bytes ({bytes})");
}

#[test]
fn crlf_agreement_is_located_like_lf() {
    let src = premium_with(&[("tier = \"premium\"", "tier = \"gold\"")]).replace('\n', "\r\n");
    let e = agreement_error(&src);
    assert_error(&e, FILE, (6, 8), "tier", &["gold"]);
}

#[test]
fn several_unknown_keys_are_all_reported() {
    let src = premium_with(&[
        ("region = ", "regoin = \"x\"\nregion = "),
        ("mon = [", "mondays = [\"08:00-17:00\"]\nmon = ["),
        ("cap_percent = 20", "cap_precent = 20"),
    ]);
    let keys: Vec<String> = agreement_errors(&src).into_iter().map(|e| e.key).collect();
    assert_eq!(keys, ["regoin", "calendar.mondays", "credits.cap_precent"]);
}

#[test]
fn unknown_key_and_bad_value_are_both_reported() {
    let src = premium_with(&[
        ("tier = \"premium\"", "tier = \"gold\""),
        ("cap_percent = 20", "cap_precent = 20"),
    ]);
    let keys: Vec<String> = agreement_errors(&src).into_iter().map(|e| e.key).collect();
    assert_eq!(keys, ["tier", "credits.cap_precent"]);
}

#[test]
fn type_errors_are_worded_for_people() {
    let cases = [
        (
            "{ date = 2026-01-01, name = \"New Year's Day\" }",
            "\"New Year's Day\"",
        ),
        ("level = 2", "level = \"two\""),
        (
            "per_breach = { p1 = \"250.00\", p2 = \"1%\" }",
            "per_breach = 2026-01-01",
        ),
        (
            "effective_from = 2026-01-01",
            "effective_from = { date = 2026-01-01 }",
        ),
        (
            "{ date = 2026-01-01, name = \"New Year's Day\" }",
            "2026-01-01",
        ),
    ];
    let mut leaks = Vec::new();
    for (from, to) in cases {
        let e = agreement_error(&premium_with(&[(from, to)]));
        let internal = ["Raw", "i64", "$__", "spanned", "custom name"];
        if internal
            .iter()
            .any(|w| e.reason.contains(w) || e.key.contains(w))
        {
            leaks.push(format!("`{to}` gives `{}`: {}", e.key, e.reason));
        }
    }
    assert!(leaks.is_empty(), "{leaks:#?}");
}

#[test]
fn duplicate_key_is_named() {
    let src = premium_with(&[("region = ", "region = \"a\"\nregion = ")]);
    let e = agreement_error(&src);
    assert_eq!(e.key, "region", "{e:?}");
}

#[test]
fn bad_window_in_channel_hours_is_reported_once() {
    let src = premium_with(&[("hours = \"calendar\"", "hours = [\"08:00-09:00\", \"bad\"]")]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "\"bad\""),
        "channels[1].hours[1]",
        &["`bad`", "not a window"],
    );
}

// ---------------------------------------------------------------------------------------------
// CSV: headers.

#[test]
fn unknown_column_without_x_prefix() {
    let t = csv(&format!("{T_HEAD},region"), &[&format!("{T1},WV")]);
    let e = csv_error(&t, E_HEAD);
    assert_error(
        &e,
        "tickets.csv",
        (1, 10),
        "region",
        &["unknown column `region`", "`x_`"],
    );
    // With the prefix it is kept out of the way.
    let t = csv(&format!("{T_HEAD},x_region"), &[&format!("{T1},WV")]);
    read(&t, &csv(E_HEAD, &[E1]), false).unwrap();

    let e = csv_error(
        &good_tickets(),
        &csv(&format!("{E_HEAD},agent"), &[&format!("{E1},bob")]),
    );
    assert_error(
        &e,
        "events.csv",
        (1, 6),
        "agent",
        &["unknown column `agent`"],
    );
}

#[test]
fn missing_required_column() {
    let head = T_HEAD.replace("channel,", "");
    let row = T1.replace("phone,", "");
    let e = csv_error(&csv(&head, &[&row]), E_HEAD);
    assert_error(
        &e,
        "tickets.csv",
        (1, 0),
        "channel",
        &["required column `channel` is missing"],
    );

    let e = csv_error(&good_tickets(), "ticket_id,kind\nT-1,responded\n");
    assert_error(&e, "events.csv", (1, 0), "at", &["`at`", "missing"]);
}

#[test]
fn duplicate_column() {
    let t = csv(&format!("{T_HEAD},priority"), &[&format!("{T1},p1")]);
    let e = csv_error(&t, E_HEAD);
    assert_error(
        &e,
        "tickets.csv",
        (1, 10),
        "priority",
        &["`priority` appears twice"],
    );
}

#[test]
fn a_bad_tickets_header_does_not_make_every_event_unknown() {
    let t = csv(&format!("{T_HEAD},priority"), &[&format!("{T1},p1")]);
    let errors = csv_errors(&t, &good_events());
    assert_eq!(errors.len(), 1, "{errors:#?}");
}

#[test]
fn every_header_problem_is_reported_and_rows_are_not_read() {
    let head = "ticket_id,agreement_id,opened_at,priority,category,priority,colour";
    // The row is bad too (`p9`), but rows are not read under a bad header.
    let row = "T-1,CTRA-APC-WV-BASIC,2026-08-06T12:33:25Z,p9,troubleshooting,p4,red";
    let errors = csv_errors(&csv(head, &[row]), &csv(E_HEAD, &[E1]));
    let got: Vec<(&str, usize, usize, &str)> = errors
        .iter()
        .map(|e| (e.file.as_str(), e.line, e.column, e.key.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("tickets.csv", 1, 6, "priority"),
            ("tickets.csv", 1, 7, "colour"),
            ("tickets.csv", 1, 0, "channel"),
            // No tickets were read: the event is not reported as belonging to an unknown ticket.
        ]
    );
}

#[test]
fn empty_files() {
    let errors = csv_errors("", "");
    assert_eq!(errors.len(), 2, "{errors:#?}");
    for (e, file) in errors.iter().zip(["tickets.csv", "events.csv"]) {
        assert_eq!((e.file.as_str(), e.column, e.key.as_str()), (file, 0, ""));
        assert!(e.line <= 1 && e.reason.contains("empty"), "{e:?}");
    }
    // A header alone is a valid file without rows.
    let set = read(T_HEAD, E_HEAD, false).unwrap();
    assert_eq!((set.len(), set.event_count()), (0, 0));
}

#[test]
fn columns_in_another_order_are_located_by_the_header() {
    let head = "priority,ticket_id,csat,channel,category,opened_at,agreement_id";
    let row = "p0,T-1,7,phone,troubleshooting,2026-08-06T12:33:25Z,CTRA-APC-WV-BASIC";
    let errors = csv_errors(&csv(head, &[row]), &csv(E_HEAD, &[E1]));
    let got: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.column, e.key.as_str()))
        .collect();
    assert_eq!(got, [(2, 1, "priority"), (2, 3, "csat")]);
}

// ---------------------------------------------------------------------------------------------
// CSV: ticket rows.

/// Replaces field `i` of the second ticket row (line 3) and returns the only error.
fn bad_ticket_field(i: usize, value: &str) -> InputError {
    let row = with_field(T2, i, value);
    csv_error(&csv(T_HEAD, &[T1, &row, T3]), &good_events())
}

#[test]
fn bad_ticket_fields() {
    let cases: [(usize, &str, &str, &[&str]); 14] = [
        (
            2,
            "2026-08-06 12:33:25",
            "opened_at",
            &["2026-08-06 12:33:25", "RFC 3339"],
        ),
        (
            2,
            "2026-02-30T10:00:00Z",
            "opened_at",
            &["2026-02-30T10:00:00Z"],
        ),
        (2, "2026-08-06T12:33:25", "opened_at", &["RFC 3339"]),
        (2, "", "opened_at", &["RFC 3339"]),
        (3, "P1", "priority", &["`P1`", "`p1`"]),
        (3, "p5", "priority", &["`p5`", "priority"]),
        (3, " p1", "priority", &["` p1`"]),
        (4, "fax", "channel", &["`fax`", "`phone`", "`help_desk`"]),
        (4, "", "channel", &["channel"]),
        (
            5,
            "general",
            "category",
            &["`general`", "CTRA-APC-WV-PREMIUM", "technical_support"],
        ),
        (8, "6", "csat", &["`6`", "1 to 5"]),
        (8, "0", "csat", &["`0`"]),
        (8, "4.5", "csat", &["`4.5`"]),
        (8, "five", "csat", &["`five`"]),
    ];
    for (i, value, key, words) in cases {
        let e = bad_ticket_field(i, value);
        assert_error(&e, "tickets.csv", (3, i + 1), key, words);
    }
}

#[test]
fn category_outside_the_tickets_agreement_scope() {
    // `billing_inquiry` is in the Basic and Premium scopes, not in the Enterprise one.
    let row = with_field(T3, 5, "billing_inquiry");
    let e = csv_error(&csv(T_HEAD, &[T1, T2, &row]), &good_events());
    assert_error(
        &e,
        "tickets.csv",
        (4, 6),
        "category",
        &["billing_inquiry", "CTRA-APC-WV-ENT-MOUNTAINEER"],
    );
}

#[test]
fn unknown_agreement() {
    let e = bad_ticket_field(1, "CTRA-APC-WV-GOLD");
    assert_error(
        &e,
        "tickets.csv",
        (3, 2),
        "agreement_id",
        &["`CTRA-APC-WV-GOLD`"],
    );
}

#[test]
fn duplicate_ticket_id() {
    let again = with_field(T3, 0, "T-1");
    let e = csv_error(&csv(T_HEAD, &[T1, T2, &again]), &csv(E_HEAD, &[E1, E2]));
    assert_error(
        &e,
        "tickets.csv",
        (4, 1),
        "ticket_id",
        &["`T-1`", "more than once"],
    );

    // Also when the first row with that id was rejected.
    let bad = with_field(T1, 3, "p9");
    let again = with_field(T3, 0, "T-1");
    let errors = csv_errors(&csv(T_HEAD, &[&bad, T2, &again]), &csv(E_HEAD, &[E2]));
    let got: Vec<(usize, usize)> = errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(got, [(2, 4), (4, 1)], "{errors:#?}");
}

#[test]
fn empty_ticket_id() {
    let row = with_field(T2, 0, "");
    let e = csv_error(&csv(T_HEAD, &[T1, &row, T3]), &t1_events());
    assert_error(&e, "tickets.csv", (3, 1), "ticket_id", &["empty"]);
}

#[test]
fn every_bad_field_of_a_row_is_reported_in_column_order() {
    let row = "T-9,CTRA-APC-WV-BASIC,yesterday,p0,pigeon,troubleshooting,,,9";
    let errors = csv_errors(&csv(T_HEAD, &[T1, row]), &csv(E_HEAD, &[E1]));
    let got: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.column, e.key.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (3, 3, "opened_at"),
            (3, 4, "priority"),
            (3, 5, "channel"),
            (3, 9, "csat")
        ]
    );
}

#[test]
fn text_that_is_not_utf8_is_located() {
    let bad = |i: usize| -> Vec<u8> {
        let mut row: Vec<Vec<u8>> = T2.split(',').map(|f| f.as_bytes().to_vec()).collect();
        row[i] = b"Caf\xe9".to_vec();
        let mut out = format!("{T_HEAD}\n{T1}\n").into_bytes();
        out.extend(row.join(&b","[..]));
        out.push(b'\n');
        out
    };
    let events = t1_events();
    // Text is checked whether or not it is kept.
    for keep_text in [true, false] {
        for (i, key) in [(0, "ticket_id"), (6, "customer"), (7, "subject")] {
            let errs = read_bytes(&bad(i), events.as_bytes(), keep_text).unwrap_err();
            assert_eq!(errs.errors.len(), 1, "{errs:#?}");
            assert_error(&errs.errors[0], "tickets.csv", (3, i + 1), key, &["UTF-8"]);
        }
        let events = format!("{E_HEAD}\n{E1}\n").into_bytes();
        let mut events = events;
        events.extend(b"T-1,2026-08-07T10:00:00Z,responded,d\xe9j\xe0 vu,\n");
        let errs = read_bytes(good_tickets().as_bytes(), &events, keep_text).unwrap_err();
        assert_eq!(errs.errors.len(), 1, "{errs:#?}");
        assert_error(&errs.errors[0], "events.csv", (3, 4), "note", &["UTF-8"]);
    }
}

#[test]
fn text_is_kept_only_for_the_agreements_asked_for() {
    let premium = |a: &Agreement| a.id == "CTRA-APC-WV-PREMIUM";
    let events = csv(E_HEAD, &[E1, E2, E3]);
    let set = read_ticket_set(
        "tickets.csv",
        good_tickets(),
        "events.csv",
        events.as_bytes(),
        &AGREEMENTS,
        ReadOptions {
            keep_text: true,
            text_for: Some(&premium),
        },
    )
    .unwrap();
    let texts: Vec<(&str, &str, &str)> = set
        .tickets
        .iter()
        .map(|t| (&*t.id, &*t.customer, &*t.subject))
        .collect();
    assert_eq!(
        texts,
        [
            ("T-1", "", ""),
            ("T-2", "Parkersburg Title Co.", "VPN tunnel setup"),
            ("T-3", "", "")
        ]
    );
    // Notes stay parallel to the events; only T-2's are kept.
    let notes = |i: usize| set.notes(i).iter().map(|n| &**n).collect::<Vec<_>>();
    assert_eq!((notes(0), notes(1)), (vec!["", ""], vec!["Re-ranked"]));
    assert_eq!(set.events(0).len(), 2);
}

// ---------------------------------------------------------------------------------------------
// CSV: event rows.

/// Events for the good tickets with `row` as line 3.
fn events_with(row: &str) -> String {
    csv(E_HEAD, &[E1, row, E3])
}

#[test]
fn event_for_unknown_ticket() {
    let e = csv_error(
        &good_tickets(),
        &events_with("T-404,2026-08-07T10:00:00Z,responded,,"),
    );
    assert_error(
        &e,
        "events.csv",
        (3, 1),
        "ticket_id",
        &["`T-404`", "not in the tickets file"],
    );
}

#[test]
fn events_of_a_rejected_ticket_are_not_unknown() {
    let bad = with_field(T2, 4, "fax");
    let e = csv_error(&csv(T_HEAD, &[T1, &bad, T3]), &good_events());
    assert_error(&e, "tickets.csv", (3, 5), "channel", &["`fax`"]);
}

#[test]
fn event_before_its_ticket_opened() {
    let e = csv_error(
        &good_tickets(),
        &events_with("T-1,2026-08-06T12:33:24Z,responded,,"),
    );
    assert_error(
        &e,
        "events.csv",
        (3, 2),
        "at",
        &[
            "2026-08-06T12:33:24Z",
            "before",
            "T-1",
            "2026-08-06T12:33:25Z",
        ],
    );
    // Offsets count: 08:33:24-04:00 is 12:33:24Z.
    let e = csv_error(
        &good_tickets(),
        &events_with("T-1,2026-08-06T08:33:24-04:00,responded,,"),
    );
    assert_error(&e, "events.csv", (3, 2), "at", &["before"]);
}

#[test]
fn event_at_its_tickets_opening_is_fine() {
    read(
        &good_tickets(),
        &events_with("T-1,2026-08-06T08:33:25-04:00,responded,,"),
        false,
    )
    .unwrap();
}

#[test]
fn bad_event_fields() {
    let cases: [(&str, usize, &str, &[&str]); 6] = [
        (
            "T-1,2026-08-07,responded,,",
            2,
            "at",
            &["2026-08-07", "RFC 3339"],
        ),
        (
            "T-1,2026-08-07T10:00:00Z,escalated,,",
            3,
            "kind",
            &["`escalated`", "`responded`"],
        ),
        (
            "T-1,2026-08-07T10:00:00Z,Resolved,,",
            3,
            "kind",
            &["`Resolved`"],
        ),
        ("T-1,2026-08-07T10:00:00Z,,,", 3, "kind", &["kind"]),
        (
            "T-1,2026-08-07T10:00:00Z,priority_changed,,p7",
            5,
            "priority",
            &["`p7`"],
        ),
        (
            ",2026-08-07T10:00:00Z,responded,,",
            1,
            "ticket_id",
            &["empty"],
        ),
    ];
    for (row, column, key, words) in cases {
        let e = csv_error(&good_tickets(), &events_with(row));
        assert_error(&e, "events.csv", (3, column), key, words);
    }
}

#[test]
fn priority_changed_without_a_priority() {
    let e = csv_error(
        &good_tickets(),
        &events_with("T-1,2026-08-07T10:00:00Z,priority_changed,,"),
    );
    assert_error(
        &e,
        "events.csv",
        (3, 5),
        "priority",
        &["priority_changed", "p1..p4"],
    );

    // Without a `priority` column the error names the column, at field 0.
    let events = "ticket_id,at,kind\nT-1,2026-08-07T10:00:00Z,responded\nT-1,2026-08-07T11:00:00Z,priority_changed\n";
    let e = csv_error(&good_tickets(), events);
    assert_error(&e, "events.csv", (3, 0), "priority", &["`priority` column"]);
}

#[test]
fn priority_on_another_kind() {
    let e = csv_error(
        &good_tickets(),
        &events_with("T-1,2026-08-07T10:00:00Z,responded,,p1"),
    );
    assert_error(
        &e,
        "events.csv",
        (3, 5),
        "priority",
        &["`p1`", "only priority_changed", "responded"],
    );
}

#[test]
fn every_bad_field_of_an_event_is_reported() {
    let errors = csv_errors(&good_tickets(), &events_with("T-404,noon,opened,,p1"));
    let got: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.column, e.key.as_str()))
        .collect();
    assert_eq!(
        got,
        [(3, 1, "ticket_id"), (3, 2, "at"), (3, 3, "kind")],
        "{errors:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// CSV: the shape of rows.

#[test]
fn rows_with_too_many_or_too_few_fields() {
    // Such a row has no column to blame: field 0, no key; the reason gives both counts.
    let long = format!("{T2},extra");
    let e = csv_error(&csv(T_HEAD, &[T1, &long, T3]), &t1_events());
    assert_error(
        &e,
        "tickets.csv",
        (3, 0),
        "",
        &["10 fields", "header has 9"],
    );

    let e = csv_error(
        &csv(T_HEAD, &[T1, "T-2,CTRA-APC-WV-PREMIUM", T3]),
        &t1_events(),
    );
    assert_error(&e, "tickets.csv", (3, 0), "", &["2 fields", "header has 9"]);

    // An unquoted comma in free text is the usual cause.
    let e = csv_error(
        &good_tickets(),
        &events_with("T-1,2026-08-07T10:00:00Z,responded,Called, no answer,"),
    );
    assert_error(&e, "events.csv", (3, 0), "", &["6 fields", "header has 5"]);
}

#[test]
fn every_short_row_is_reported() {
    let errors = csv_errors(&csv(T_HEAD, &[T1, "T-2", T3, "T-4,x"]), &t1_events());
    let got: Vec<(usize, usize)> = errors.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(got, [(3, 0), (5, 0)], "{errors:#?}");
}

#[test]
fn events_of_a_row_with_the_wrong_number_of_fields_are_not_unknown() {
    let long = format!("{T2},extra");
    let e = csv_error(&csv(T_HEAD, &[T1, &long, T3]), &good_events());
    assert_error(&e, "tickets.csv", (3, 0), "", &["10 fields"]);
}

#[test]
fn quoted_fields_and_line_breaks_keep_lines_exact() {
    // A quoted subject spanning two lines: the next row starts on line 5.
    let long = with_field(T2, 7, "\"VPN \"\"tunnel\"\", setup\nsecond line\"");
    let bad = with_field(T3, 3, "p9");
    let e = csv_error(&csv(T_HEAD, &[T1, &long, &bad]), &good_events());
    assert_error(&e, "tickets.csv", (5, 4), "priority", &["`p9`"]);
}

#[test]
fn a_byte_order_mark_is_not_part_of_the_first_column() {
    let t = format!("\u{feff}{}", good_tickets());
    let set = read(&t, &good_events(), false).unwrap();
    assert_eq!(set.len(), 3);
}

#[test]
fn crlf_rows_are_located_on_their_own_line() {
    let bad = with_field(T3, 3, "p9");
    let t = csv(T_HEAD, &[T1, T2, &bad]).replace('\n', "\r\n");
    let e = csv_error(&t, &good_events());
    assert_error(&e, "tickets.csv", (4, 4), "priority", &["`p9`"]);

    // On the first row the error lands on the header line.
    let bad = with_field(T1, 3, "p9");
    let t = csv(T_HEAD, &[&bad, T2, T3]).replace('\n', "\r\n");
    let e = csv_error(&t, &good_events());
    assert_error(&e, "tickets.csv", (2, 4), "priority", &["`p9`"]);

    let e = csv_error(
        &good_tickets(),
        &events_with("T-1,noon,responded,,").replace('\n', "\r\n"),
    );
    assert_error(&e, "events.csv", (3, 2), "at", &["noon"]);
}

#[test]
fn rows_after_blank_lines_are_located_on_their_own_line() {
    let bad = with_field(T3, 3, "p9");
    let t = format!("{T_HEAD}\n{T1}\n\n\n{T2}\n{bad}\n");
    let e = csv_error(&t, &good_events());
    assert_error(&e, "tickets.csv", (6, 4), "priority", &["`p9`"]);
    let bad = with_field(T2, 3, "p9");
    let t = format!("{T_HEAD}\n{T1}\n\n{bad}\n{T3}\n");
    let e = csv_error(&t, &good_events());
    assert_error(&e, "tickets.csv", (4, 4), "priority", &["`p9`"]);
}

// ---------------------------------------------------------------------------------------------
// CSV: the error limit.

fn tickets_with_bad_priorities(n: usize) -> String {
    let rows: Vec<String> = (0..n)
        .map(|i| with_field(&with_field(T1, 0, &format!("T-{i}")), 3, "p9"))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    csv(T_HEAD, &rows)
}

#[test]
fn more_than_100_bad_rows_are_capped_at_100_errors() {
    let errs = read(&tickets_with_bad_priorities(150), &good_events(), false).unwrap_err();
    assert_eq!(errs.errors.len(), ERROR_LIMIT);
    // The first 100, in file order.
    let lines: Vec<usize> = errs.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, (2..=101).collect::<Vec<_>>());
    assert!(
        errs.errors
            .iter()
            .all(|e| e.file == "tickets.csv" && e.column == 4)
    );

    // Exactly 100 problems: all listed, nothing more to say.
    let errs = read(&tickets_with_bad_priorities(100), &csv(E_HEAD, &[]), false).unwrap_err();
    assert_eq!((errs.errors.len(), errs.truncated), (ERROR_LIMIT, false));
}

#[test]
fn more_than_100_problems_of_another_kind_are_capped_and_flagged() {
    // Duplicate ids (a path that does not stop at the limit) are flagged today.
    let rows: Vec<&str> = std::iter::repeat_n(T1, 151).collect();
    let errs = read(&csv(T_HEAD, &rows), &good_events(), false).unwrap_err();
    assert_eq!((errs.errors.len(), errs.truncated), (ERROR_LIMIT, true));
}

#[test]
fn more_than_100_bad_rows_set_truncated() {
    for n in [101, 150] {
        let errs = read(&tickets_with_bad_priorities(n), &csv(E_HEAD, &[]), false).unwrap_err();
        assert_eq!(
            (errs.errors.len(), errs.truncated),
            (ERROR_LIMIT, true),
            "{n} rows"
        );
    }
    // 100 bad tickets and a bad event: the event's problem is not listed, so the list is
    // truncated.
    let errs = read(
        &tickets_with_bad_priorities(100),
        &events_with("T-404,noon,x,,"),
        false,
    )
    .unwrap_err();
    assert_eq!((errs.errors.len(), errs.truncated), (ERROR_LIMIT, true));
    // Same for events.
    let rows: Vec<String> = (0..150)
        .map(|i| format!("T-1,2026-08-07T10:{:02}:{:02}Z,escalated,,", i / 60, i % 60))
        .collect();
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let errs = read(&good_tickets(), &csv(E_HEAD, &rows), false).unwrap_err();
    assert_eq!((errs.errors.len(), errs.truncated), (ERROR_LIMIT, true));
}

// ---------------------------------------------------------------------------------------------
// CSV: large files, read in parts of a few MiB on the thread pool.

/// A CSV file of `header` and `rows` rows made by `row(i)`, then changed by `edit(i, row)`
/// (edits must keep row lengths so the parts stay put), large enough to be read in three
/// parts or more. Returns the file and the index of the first row of each part but the first,
/// as the reader will split it.
fn big_file(
    header: &str,
    rows: usize,
    row: impl Fn(usize) -> String,
    edit: impl Fn(usize, &mut String),
) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(rows * 128);
    out.push_str(header);
    out.push('\n');
    let body_start = out.len();
    for i in 0..rows {
        let mut r = row(i);
        edit(i, &mut r);
        out.push_str(&r);
        out.push('\n');
    }
    let body = &out.as_bytes()[body_start..];
    let firsts: Vec<usize> = part_starts(body)[1..]
        .iter()
        .map(|&s| body[..s].iter().filter(|&&b| b == b'\n').count())
        .collect();
    assert!(
        firsts.len() >= 2,
        "the file must be read in three parts or more"
    );
    (out, firsts)
}

/// An events file of 200,000 fixed-width rows for ticket T-1 (see [`big_file`]).
fn big_events(edit: impl Fn(usize, &mut String)) -> (String, Vec<usize>) {
    let row = |i: usize| {
        // 2026-08-07T00:00:00Z onwards, one second apart: after T-1 opened.
        let s = i + 86_400;
        format!(
            "T-1,2026-08-{:02}T{:02}:{:02}:{:02}Z,responded,note {i:06},",
            6 + s / 86_400,
            s / 3600 % 24,
            s / 60 % 60,
            s % 60
        )
    };
    big_file(E_HEAD, 200_000, row, edit)
}

#[test]
fn large_events_file_reports_exact_lines_in_every_part() {
    let (_, firsts) = big_events(|_, _| {});
    // The first and last rows, and the rows on either side of every part boundary.
    let mut bad_rows: Vec<usize> = vec![0, 90_000, 199_999];
    for &f in &firsts {
        bad_rows.extend([f - 1, f, f + 1]);
    }
    bad_rows.sort_unstable();
    let (events, firsts2) = big_events(|i, row| {
        if bad_rows.contains(&i) {
            *row = row.replace("responded", "responder");
        }
    });
    assert_eq!(firsts, firsts2);
    let errs = read(&good_tickets(), &events, false).unwrap_err();
    let got: Vec<(usize, usize)> = errs.errors.iter().map(|e| (e.line, e.column)).collect();
    let want: Vec<(usize, usize)> = bad_rows.iter().map(|i| (i + 2, 3)).collect();
    assert_eq!(got, want, "parts start at rows {firsts:?}");
}

/// Events read in parts are grouped as one pass would group them, whether the file lists
/// them in the order they apply (copied part after part) or not (sorted, ties in file order).
#[test]
fn large_events_file_is_grouped_in_order_across_parts() {
    let (in_order, _) = big_events(|_, _| {});
    let rows: Vec<&str> = in_order.lines().skip(1).collect();
    // The same events, last first: every part, and every boundary, out of order.
    let reversed = format!(
        "{E_HEAD}\n{}\n",
        rows.iter().rev().copied().collect::<Vec<_>>().join("\n")
    );
    let a = read(&good_tickets(), &in_order, true).unwrap();
    let b = read(&good_tickets(), &reversed, true).unwrap();
    let t1 = a.position("T-1").unwrap();
    assert_eq!(a.events(t1).len(), 200_000);
    assert!(a.events(t1).is_sorted_by_key(|e| e.at));
    assert_eq!(a.events(t1), b.events(t1));
    assert_eq!(a.notes(t1), b.notes(t1));
    assert_eq!(&*a.notes(t1)[7], "note 000007");
    for i in 0..a.len() {
        assert_eq!(a.events(i), b.events(i), "ticket {i}");
    }
    assert_eq!(a.event_count(), b.event_count());
}

#[test]
fn large_events_file_row_with_extra_field_at_a_part_boundary() {
    // The row that begins the second part gets an extra field (same length: a space becomes a
    // comma, so the boundary does not move).
    let (_, firsts) = big_events(|_, _| {});
    let split = firsts[0];
    let (events, firsts2) = big_events(|i, row| {
        if i == split {
            *row = row.replacen("note ", "note,", 1);
        }
    });
    assert_eq!(firsts, firsts2);
    let errs = read(&good_tickets(), &events, false).unwrap_err();
    let got: Vec<(usize, usize, &str)> = errs
        .errors
        .iter()
        .take(3)
        .map(|e| (e.line, e.column, e.reason.as_str()))
        .collect();
    assert_eq!(
        got,
        [(split + 2, 0, "this row has 6 fields where the header has 5")],
        "{} errors in all",
        errs.errors.len()
    );
}

#[test]
fn stray_quote_and_quoted_line_break_in_a_small_file_are_accepted() {
    let events = csv(
        E_HEAD,
        &[
            "T-1,2026-08-07T10:00:00Z,responded,5\" screen,",
            "T-1,2026-08-07T11:00:00Z,responded,\"a\nb\",",
        ],
    );
    let set = read(&good_tickets(), &events, false).unwrap();
    assert_eq!(set.event_count(), 2);
}

#[test]
fn large_events_file_with_quoted_line_breaks_around_the_boundaries() {
    // A stray `"` inside an unquoted note (accepted as text), then quoted notes with a line
    // break in the rows around every part boundary: no part may begin inside one.
    let (_, firsts) = big_events(|_, _| {});
    let quoted: Vec<usize> = firsts.iter().flat_map(|&f| [f - 1, f, f + 1]).collect();
    let (events, _) = big_events(|i, row| {
        if i == 10 {
            *row = row.replacen("note ", "5\" sc", 1);
        }
        if quoted.contains(&i) {
            // Same length: `note 012345` becomes `"a↵b 12345"`.
            let note = format!("note {i:06}");
            *row = row.replacen(&note, &format!("\"a\nb {:05}\"", i % 100_000), 1);
        }
    });
    let set = read(&good_tickets(), &events, true)
        .unwrap_or_else(|e| panic!("{} errors, first: {:?}", e.errors.len(), e.errors.first()));
    assert_eq!(set.event_count(), 200_000);
    let notes = set.notes(0);
    for &i in &quoted {
        assert_eq!(&*notes[i], format!("a\nb {:05}", i % 100_000), "row {i}");
    }
    assert_eq!(&*notes[10], "5\" sc012345".replace("012345", "000010"));
}

/// A tickets file of 100,000 fixed-width rows, T-0000000 onwards (see [`big_file`]).
fn big_tickets(edit: impl Fn(usize, &mut String)) -> (String, Vec<usize>) {
    let row = |i: usize| {
        format!(
            "T-{i:07},CTRA-APC-WV-BASIC,2026-08-06T12:{:02}:{:02}Z,p4,phone,troubleshooting,Customer {i:07},Subject number {i:07},5",
            i / 60 % 60,
            i % 60
        )
    };
    big_file(T_HEAD, 100_000, row, edit)
}

#[test]
fn large_tickets_file_finds_duplicates_across_parts_in_file_order() {
    let (_, firsts) = big_tickets(|_, _| {});
    let (a, b) = (firsts[0], firsts[1]);
    // Row 5's id again at the start of the third part; row `a - 1` (rejected: bad priority)
    // has its id again, valid, at the start of the second part; the last row repeats the
    // first part's row 7, whose priority is also bad.
    let last = 99_999;
    let (tickets, firsts2) = big_tickets(|i, row| {
        let id = |j: usize| format!("T-{j:07}");
        if i == b {
            *row = row.replacen(&id(i), &id(5), 1);
        }
        if i == a {
            *row = row.replacen(&id(i), &id(a - 1), 1);
        }
        if i == a - 1 || i == last {
            *row = row.replacen(",p4,", ",p9,", 1);
        }
        if i == last {
            *row = row.replacen(&id(i), &id(7), 1);
        }
    });
    assert_eq!(firsts, firsts2);
    let errs = read(&tickets, &csv(E_HEAD, &[]), false).unwrap_err();
    let got: Vec<(usize, usize, String)> = errs
        .errors
        .iter()
        .map(|e| (e.line, e.column, e.reason.clone()))
        .collect();
    let dup = |j: usize| format!("ticket `T-{j:07}` appears more than once");
    let p9 = accord_core::model::Priority::parse_bytes(b"p9").unwrap_err();
    let want = vec![
        (a - 1 + 2, 4, p9.clone()),
        (a + 2, 1, dup(a - 1)),
        (b + 2, 1, dup(5)),
        (last + 2, 1, dup(7)),
        (last + 2, 4, p9),
    ];
    assert_eq!(got, want, "parts start at rows {firsts:?}");
}

#[test]
fn large_tickets_file_keeps_the_first_row_of_an_id() {
    let (_, firsts) = big_tickets(|_, _| {});
    let set = read(&big_tickets(|_, _| {}).0, &csv(E_HEAD, &[]), false).unwrap();
    assert_eq!(set.len(), 100_000);
    // Positions follow the file across every part.
    for &f in &firsts {
        let id = format!("T-{f:07}");
        assert_eq!(set.position(&id), Some(f));
        assert_eq!(&*set.tickets[f].id, id);
    }
}

/// Pieces of CSV text that stress the tokenizer: quoted fields with delimiters and line ends,
/// doubled quotes, quotes inside unquoted fields, CRLF and bare CR line ends, blank lines,
/// byte-order marks (dropped by the reader only at the start of its input).
fn csv_piece() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "a",
        "bc",
        ",",
        "\n",
        "\r\n",
        "\r",
        "\"",
        "\"\"",
        "\"x,y\"",
        "\"p\nq\"",
        "\"r\"\"s\"",
        "5\" s",
        "\n\n",
        ",\"",
        "\"\n",
        "\u{feff}",
        "\u{feff}\"",
    ])
}

/// The records of `data` as the csv crate reads them (no header): fields, and where each
/// record's first byte is (the reader's position skips to it past blank lines).
fn csv_records(data: &[u8]) -> Vec<(usize, Vec<Vec<u8>>)> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(data);
    let mut out = Vec::new();
    let mut rec = csv::ByteRecord::new();
    while rdr.read_byte_record(&mut rec).unwrap() {
        let mut at = usize::try_from(rec.position().unwrap().byte()).unwrap();
        while matches!(data.get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        out.push((at, rec.iter().map(<[u8]>::to_vec).collect()));
    }
    out
}

/// The records of `body` as accord's reader reads them.
fn fast_records(body: &[u8]) -> Vec<(usize, Vec<Vec<u8>>)> {
    let mut rows = Records::new(body);
    let mut rec = Record::default();
    let mut out = Vec::new();
    while rows.read(&mut rec) {
        let fields = (0..rec.len())
            .map(|i| rows.field(&rec, i).unwrap().to_vec())
            .collect();
        out.push((rec.start(), fields));
    }
    out
}

/// A field longer than the decoding buffer's first size, quoted and not.
const LONG: &str = "\"LLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLLL\"";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]
    /// Reading each part on its own gives the records of reading the whole file in one pass
    /// with the csv crate, and every part but the last is at least the part size.
    #[test]
    fn parts_split_only_between_records(
        pieces in proptest::collection::vec(csv_piece(), 0..120),
        every in 1usize..40,
    ) {
        let body: Vec<u8> = pieces.concat().into_bytes();
        let starts = part_starts_every(&body, every);
        prop_assert_eq!(starts[0], 0);
        let mut in_parts = Vec::new();
        for (k, &s) in starts.iter().enumerate() {
            let e = starts.get(k + 1).copied().unwrap_or(body.len());
            prop_assert!(s < e || body.is_empty(), "empty part at {}", s);
            if k + 1 < starts.len() {
                prop_assert!(e - s >= every, "part {}..{} shorter than {}", s, e, every);
            }
            in_parts.extend(fast_records(&body[s..e]).into_iter().map(|(at, r)| (s + at, r)));
        }
        // The csv crate drops a byte-order mark at the start of its input: a body never
        // starts with one (the header comes first).
        let whole = [b"h\n".as_slice(), &body].concat();
        let want: Vec<_> = csv_records(&whole)
            .into_iter()
            .skip(1)
            .map(|(at, r)| (at - 2, r))
            .collect();
        prop_assert_eq!(in_parts, want);
    }

    /// Accord's record reader reads exactly what the csv crate reads, field for field and at
    /// the same positions, over quotes, escaped quotes, quoted line ends, stray quotes, CR,
    /// LF and CRLF, blank lines, non-ASCII text and fields longer than its first buffer.
    #[test]
    fn records_are_read_as_the_csv_crate_reads_them(
        pieces in proptest::collection::vec(
            prop_oneof![9 => csv_piece(), 1 => Just(LONG), 1 => Just("é,ü"), 1 => Just(" ")],
            0..150,
        ),
    ) {
        let body: Vec<u8> = [b"h\n".as_slice(), pieces.concat().as_bytes()].concat();
        // The first line stands for a header, so a byte-order mark is never at the start.
        let want: Vec<_> = csv_records(&body).into_iter().skip(1).collect();
        let got: Vec<_> = fast_records(&body).into_iter().skip(1).collect();
        prop_assert_eq!(got, want);
    }
}

#[test]
fn technical_staff_is_read_and_a_blank_name_is_located() {
    let src = premium_with(&[(
        "monthly_fee = ",
        "technical_staff = [\"Ana Ortiz <ana@apc.example>\", \"  \"]\nmonthly_fee = ",
    )]);
    let e = agreement_error(&src);
    assert_error(
        &e,
        FILE,
        pos(&src, "\"  \""),
        "technical_staff[1]",
        &["must not be empty"],
    );

    let src = premium_with(&[(
        "monthly_fee = ",
        "technical_staff = [\"Ana Ortiz <ana@apc.example>\"]\nmonthly_fee = ",
    )]);
    let a = parse_agreement(FILE, &src).unwrap();
    assert_eq!(a.technical_staff, ["Ana Ortiz <ana@apc.example>"]);
    // Named on a Premium agreement: valid, but worth a word.
    assert!(
        accord_core::agreement::warnings(&a)
            .iter()
            .any(|w| w.contains("Enterprise promise")),
    );
    // The samples do not use it, and an Enterprise agreement without staff is warned about.
    assert!(AGREEMENTS.iter().all(|a| a.technical_staff.is_empty()));
    let ent = AGREEMENTS.iter().find(|a| a.id.contains("ENT")).unwrap();
    assert!(
        accord_core::agreement::warnings(ent)
            .iter()
            .any(|w| w.contains("technical staff"))
    );
}

#[test]
fn more_duplicates_than_can_be_listed_are_cut_at_the_limit() {
    let rows: Vec<&str> = std::iter::repeat_n(T1, ERROR_LIMIT + 50).collect();
    let errs = read(&csv(T_HEAD, &rows), &csv(E_HEAD, &[]), false).unwrap_err();
    assert_eq!((errs.errors.len(), errs.truncated), (ERROR_LIMIT, true));
    // The first ones, in file order: T1 on line 2 is kept, lines 3.. repeat it.
    let lines: Vec<usize> = errs.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, (3..3 + ERROR_LIMIT).collect::<Vec<_>>());
    assert!(errs.errors[0].reason.contains("appears more than once"));
}

/// Pieces of an events file: good rows, rows with problems, quoted notes over line ends,
/// CRLF, blank lines, a row of the wrong width, a row of an unknown ticket.
fn event_piece() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec![
        "T-1,2026-08-06T12:43:00Z,responded,Acknowledged,\n",
        "T-2,2026-01-20T16:00:00Z,priority_changed,Re-ranked,p2\n",
        "T-3,2026-03-11T09:00:00Z,resolved,\"Fixed, then\nchecked\",\r\n",
        "T-1,2026-08-10T13:50:36Z,resolved,\"said \"\"done\"\"\",\n",
        "T-1,2026-08-10T13:50:36Z,resolvd,Typo,\n",
        "T-9,2026-08-10T13:50:36Z,responded,Unknown ticket,\n",
        "T-1,2026-08-10T13:50:36Z,responded,Too,many,\n",
        "T-1,2026-08-01T00:00:00Z,responded,Before it opened,\n",
        "\n",
        "\r\n",
        "T-3,2026-03-12T10:00:00Z,customer_replied,é ü,",
    ])
}

/// A reader handing out at most `chunk` bytes a call, as a pipe or a slow disk may.
struct Chunky<'a>(&'a [u8], usize);

impl std::io::Read for Chunky<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]
    /// An events file read in blocks as it arrives gives what reading it whole gives: the
    /// same set (events and notes of every ticket), or the same problems at the same lines.
    #[test]
    fn events_read_in_blocks_are_read_as_whole(
        pieces in proptest::collection::vec(event_piece(), 0..40),
        block in 1usize..120,
        chunk in 1usize..40,
    ) {
        let events = format!("{E_HEAD}\n{}", pieces.concat());
        let tickets = good_tickets();
        let whole = read(&tickets, &events, true);
        let opts = ReadOptions { keep_text: true, text_for: None };
        let streamed = accord_core::input::read_ticket_set_in_blocks(
            "tickets.csv",
            tickets.as_bytes(),
            "events.csv",
            Chunky(events.as_bytes(), chunk),
            &AGREEMENTS,
            opts,
            block,
        )
        .unwrap();
        match (whole, streamed) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.len(), b.len());
                for i in 0..a.len() {
                    prop_assert_eq!(a.events(i), b.events(i));
                    prop_assert_eq!(a.notes(i), b.notes(i));
                }
            }
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "whole: {:?}\nin blocks: {:?}", a.err(), b.err()),
        }
    }
}

#[test]
fn a_large_events_file_read_in_blocks_reports_the_lines_of_reading_it_whole() {
    // Problems on either side of block boundaries, with blocks of the real size.
    let (events, _) = big_events(|i, row| {
        if i % 40_000 == 39_999 || i % 40_000 == 0 {
            *row = row.replace("responded", "responder");
        }
    });
    let whole = read(&good_tickets(), &events, false).unwrap_err();
    let streamed = accord_core::input::read_ticket_set_from(
        "tickets.csv",
        good_tickets(),
        "events.csv",
        events.as_bytes(),
        &AGREEMENTS,
        ReadOptions::default(),
    )
    .unwrap()
    .unwrap_err();
    assert_eq!(whole, streamed);
    assert_eq!(streamed.errors.len(), 10);
    assert_eq!(streamed.errors[1].line, 40_001);
}
