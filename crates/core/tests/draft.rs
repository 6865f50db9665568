//! "Amend from a date" (`agreement::draft`): an edit of the base terms of the shared sample's
//! Premium agreement becomes a new `[[amendments]]` entry holding exactly what was changed,
//! appended to the agreement of record kept byte for byte; edits an amendment cannot express
//! are refused with a sentence saying why.

use accord_core::agreement::{AmendmentDraft, CreditAmount, DraftError, draft_amendment};
use accord_core::model::Priority;
use accord_core::{Agreement, Decimal, parse_agreement};
use chrono::NaiveDate;
use toml::Table;

/// The Premium sample: effective 2026-01-01 to 2026-12-31, New York, P2 resolution 8h, fee
/// 12,500 USD.
const PREMIUM: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/sample/agreements/premium.toml"
));

/// Amendment No. 1 to it: from 2026-10-15, P2 resolution 2h and the fee 13,500 USD.
const AMENDMENT_1: &str = include_str!("fixtures/premium-amendment.toml");

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("a date")
}

fn draft(effective: &str, reference: &str) -> AmendmentDraft {
    AmendmentDraft {
        effective: date(effective),
        reference: reference.to_owned(),
        signed: Some(date("2026-11-20")),
    }
}

/// Amendment No. 2 from 2026-12-01, signed 2026-11-20.
fn no2() -> AmendmentDraft {
    draft("2026-12-01", "Amendment No. 2")
}

/// The sample with Amendment No. 1 appended, as the other crates' tests write it.
fn premium_amended() -> String {
    format!("{PREMIUM}{AMENDMENT_1}")
}

/// `text` with `from` replaced by `to`, which must occur exactly once.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "`{from}` occurs once");
    text.replacen(from, to, 1)
}

fn parse(src: &str) -> Agreement {
    parse_agreement("amended", src).unwrap_or_else(|e| panic!("rejected: {e}\n{src}"))
}

/// The drafted source, which must be `original` followed by the new block; and the new block
/// read as TOML.
fn drafted(original: &str, edited: &str, d: &AmendmentDraft) -> (String, Table) {
    let out = draft_amendment(original, edited, d).unwrap_or_else(|e| panic!("refused: {e}"));
    assert!(
        out.starts_with(original),
        "the original is kept as a prefix"
    );
    let block = out[original.len()..]
        .parse::<Table>()
        .expect("the block is TOML");
    (out, block)
}

/// The TOML of a block holding one amendment, to compare with a drafted one structurally.
fn block(text: &str) -> Table {
    text.parse::<Table>().expect("expected block is TOML")
}

fn refusal(original: &str, edited: &str, d: &AmendmentDraft) -> String {
    match draft_amendment(original, edited, d) {
        Err(DraftError::Refused(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// The located problems of an invalid draft, as `file: key: reason` lines.
fn invalid(original: &str, edited: &str, d: &AmendmentDraft) -> Vec<(String, String, String)> {
    match draft_amendment(original, edited, d) {
        Err(DraftError::Invalid(errors)) => errors
            .errors
            .into_iter()
            .map(|e| (e.file, e.key, e.reason))
            .collect(),
        other => panic!("expected invalid input, got {other:?}"),
    }
}

const HOUR: i64 = 3600;

// ---------------------------------------------------------------------------------------------
// What the amendment holds.

#[test]
fn a_p2_resolution_change_is_an_amendment_of_that_key_alone() {
    let edited = edit(PREMIUM, "resolution = \"8h\"", "resolution = \"6h\"");
    let (out, got) = drafted(PREMIUM, &edited, &no2());
    assert_eq!(
        got,
        block(
            r#"
            [[amendments]]
            effective = 2026-12-01
            reference = "Amendment No. 2"
            signed = 2026-11-20
            [amendments.targets.p2]
            resolution = "6h"
            "#
        )
    );
    // Written as people write amendments: own keys first, then the sub-table.
    assert!(
        out.ends_with(
            "\n\n[[amendments]]\neffective = 2026-12-01\nreference = \"Amendment No. 2\"\nsigned = 2026-11-20\n\n[amendments.targets.p2]\nresolution = \"6h\"\n"
        ),
        "{out}"
    );
    let a = parse(&out);
    assert_eq!(a.amendments.len(), 1);
    assert_eq!(a.amendments[0].reference, "Amendment No. 2");
    assert_eq!(a.amendments[0].effective, date("2026-12-01"));
    assert_eq!(a.amendments[0].signed, Some(date("2026-11-20")));
    let before = a.terms_on(date("2026-11-30")).target(Priority::P2);
    let from = a.terms_on(date("2026-12-01")).target(Priority::P2);
    assert_eq!(before.resolution_s, 8 * HOUR);
    assert_eq!(from.resolution_s, 6 * HOUR);
    // Merged key by key: P2's first response stays.
    assert_eq!(from.first_response_s, HOUR);
    assert_eq!(before.first_response_s, HOUR);
}

#[test]
fn a_changed_array_is_replaced_whole() {
    let edited = edit(
        PREMIUM,
        "  { date = 2026-12-25, name = \"Christmas Day\" },\n",
        "  { date = 2026-12-25, name = \"Christmas Day\" },\n  { date = 2026-12-26, name = \"Boxing Day\" },\n",
    );
    let edited = edit(
        &edited,
        "\"service_activation\"]",
        "\"service_activation\", \"number_porting\"]",
    );
    let (out, got) = drafted(PREMIUM, &edited, &no2());
    assert_eq!(
        got,
        block(
            r#"
            [[amendments]]
            effective = 2026-12-01
            reference = "Amendment No. 2"
            signed = 2026-11-20
            scope = ["troubleshooting", "technical_support", "billing_inquiry", "service_activation", "number_porting"]
            [amendments.calendar]
            holidays = [
              { date = 2026-01-01, name = "New Year's Day" },
              { date = 2026-05-25, name = "Memorial Day" },
              { date = 2026-07-03, name = "Independence Day (observed)" },
              { date = 2026-09-07, name = "Labor Day" },
              { date = 2026-11-26, name = "Thanksgiving Day" },
              { date = 2026-12-25, name = "Christmas Day" },
              { date = 2026-12-26, name = "Boxing Day" },
            ]
            "#
        )
    );
    let a = parse(&out);
    let (before, from) = (
        a.terms_on(date("2026-11-30")),
        a.terms_on(date("2026-12-01")),
    );
    assert!(!before.calendar.is_holiday(date("2026-12-26")));
    assert!(from.calendar.is_holiday(date("2026-12-26")));
    assert_eq!(from.calendar.holidays.len(), 7);
    assert_eq!(before.scope.len(), 4);
    assert_eq!(
        from.scope.last().map(String::as_str),
        Some("number_porting")
    );
    // The rest of the calendar is unchanged.
    assert_eq!(from.calendar.week, before.calendar.week);
}

#[test]
fn a_changed_inline_table_key_is_amended_alone() {
    let edited = edit(PREMIUM, "p2 = \"1%\"", "p2 = \"2%\"");
    let (out, got) = drafted(PREMIUM, &edited, &no2());
    assert_eq!(
        got,
        block(
            r#"
            [[amendments]]
            effective = 2026-12-01
            reference = "Amendment No. 2"
            signed = 2026-11-20
            [amendments.credits.per_breach]
            p2 = "2%"
            "#
        )
    );
    let a = parse(&out);
    let (before, from) = (
        a.terms_on(date("2026-11-30")),
        a.terms_on(date("2026-12-01")),
    );
    let p1 = Some(CreditAmount::Fixed(Decimal::new(25_000, 2)));
    assert_eq!(from.credits.per_breach[0], p1, "p1 stays");
    assert_eq!(
        before.credits.per_breach[1],
        Some(CreditAmount::PercentOfFee(Decimal::ONE))
    );
    assert_eq!(
        from.credits.per_breach[1],
        Some(CreditAmount::PercentOfFee(Decimal::TWO))
    );
    assert_eq!(from.credits.bands, before.credits.bands);
    assert_eq!(from.credits.cap_percent, before.credits.cap_percent);
}

#[test]
fn a_fee_change_is_a_top_level_key_of_the_amendment() {
    let edited = edit(
        PREMIUM,
        "monthly_fee = \"12500.00\"",
        "monthly_fee = \"13750.00\"",
    );
    let (out, got) = drafted(PREMIUM, &edited, &no2());
    assert_eq!(
        got,
        block(
            r#"
            [[amendments]]
            effective = 2026-12-01
            reference = "Amendment No. 2"
            signed = 2026-11-20
            monthly_fee = "13750.00"
            "#
        )
    );
    let a = parse(&out);
    assert_eq!(
        a.terms_on(date("2026-11-30")).monthly_fee,
        Decimal::new(1_250_000, 2)
    );
    assert_eq!(
        a.terms_on(date("2026-12-01")).monthly_fee,
        Decimal::new(1_375_000, 2)
    );
}

#[test]
fn an_added_key_is_a_change_and_signed_may_be_left_out() {
    let edited = edit(
        PREMIUM,
        "[reporting]\n",
        "[reporting]\nfirst_day_note = 1\n",
    );
    // An unknown key is added: the result does not read, and the problem is named by the new
    // amendment.
    let errors = invalid(PREMIUM, &edited, &no2());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "amended");
    assert_eq!(
        errors[0].1,
        "amendments[0] (Amendment No. 2).reporting.first_day_note"
    );
    // A key named like the amendment's own keys would collide with them.
    let edited = format!("reference = \"x\"\n{PREMIUM}");
    assert_eq!(
        refusal(PREMIUM, &edited, &no2()),
        "`reference` is not a term of an agreement (an amendment uses it for its own `reference`): remove it from the terms"
    );
    // A known key that was not written before is a change like any other.
    let edited = edit(
        PREMIUM,
        "account_manager = \"Dana Whitfield\"\n",
        "account_manager = \"Dana Whitfield\"\ntechnical_staff = [\"Ana Ortiz <ana@apc.example>\"]\n",
    );
    let d = AmendmentDraft {
        signed: None,
        ..no2()
    };
    let (out, got) = drafted(PREMIUM, &edited, &d);
    assert_eq!(
        got,
        block(
            r#"
            [[amendments]]
            effective = 2026-12-01
            reference = "Amendment No. 2"
            technical_staff = ["Ana Ortiz <ana@apc.example>"]
            "#
        )
    );
    let a = parse(&out);
    assert_eq!(a.amendments[0].signed, None);
    assert!(a.terms_on(date("2026-11-30")).technical_staff.is_empty());
    assert_eq!(a.terms_on(date("2026-12-01")).technical_staff.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// What an amendment cannot express.

#[test]
fn removing_a_key_is_refused_naming_it() {
    let edited = edit(PREMIUM, "cap_percent = 20\n", "");
    assert_eq!(
        refusal(PREMIUM, &edited, &no2()),
        "`credits.cap_percent` was removed: an amendment can only replace terms, not remove them; give it a value, or correct the terms instead"
    );
    // At the top level and inside an inline table, even alongside a change.
    let edited = edit(PREMIUM, "account_manager = \"Dana Whitfield\"\n", "");
    let edited = edit(&edited, ", p2 = \"1%\" }", " }");
    let edited = edit(&edited, "resolution = \"8h\"", "resolution = \"6h\"");
    let why = refusal(PREMIUM, &edited, &no2());
    assert!(why.contains("`account_manager`"), "{why}");
    assert!(why.contains("`credits.per_breach.p2`"), "{why}");
    assert!(why.contains("were removed"), "{why}");
    assert!(why.contains("give each a value"), "{why}");
}

#[test]
fn changing_the_id_the_start_or_the_time_zone_is_refused() {
    let cases = [
        (
            "id = \"CTRA-APC-WV-PREMIUM\"",
            "id = \"CTRA-APC-WV-PREMIUM-2\"",
            "`id`",
        ),
        (
            "effective_from = 2026-01-01",
            "effective_from = 2026-02-01",
            "`effective_from`",
        ),
        (
            "time_zone = \"America/New_York\"",
            "time_zone = \"America/Chicago\"",
            "`calendar.time_zone`",
        ),
    ];
    for (from, to, key) in cases {
        // Along with a change an amendment could make, which does not make it acceptable.
        let edited = edit(
            &edit(PREMIUM, from, to),
            "resolution = \"8h\"",
            "resolution = \"6h\"",
        );
        let why = refusal(PREMIUM, &edited, &no2());
        assert!(why.starts_with(&format!("{key} was changed")), "{why}");
        assert!(why.contains("an amendment cannot change"), "{why}");
    }
    let edited = edit(
        PREMIUM,
        "time_zone = \"America/New_York\"",
        "time_zone = \"America/Chicago\"",
    );
    let why = refusal(PREMIUM, &edited, &no2());
    assert!(why.contains("America/New_York to America/Chicago"), "{why}");
    assert!(why.contains("a new agreement"), "{why}");
}

#[test]
fn changing_the_amendments_themselves_is_refused() {
    let original = premium_amended();
    let edited = edit(&original, "resolution = \"2h\"", "resolution = \"3h\"");
    assert_eq!(
        refusal(&original, &edited, &no2()),
        "the amendments themselves were changed in the TOML: save that as a correction of the terms, then amend"
    );
    // Dropping them is a change of them too.
    assert_eq!(
        refusal(&original, PREMIUM, &no2()),
        "the amendments themselves were changed in the TOML: save that as a correction of the terms, then amend"
    );
}

#[test]
fn no_change_is_refused_even_when_the_layout_changed() {
    let nothing = "nothing in the terms was changed, so there is nothing to amend";
    assert_eq!(refusal(PREMIUM, PREMIUM, &no2()), nothing);
    // Comments, spacing, and a value spelled differently but equal as TOML are not changes.
    let edited = edit(
        PREMIUM,
        "cap_percent = 20\n",
        "cap_percent  =  20 # capped\n",
    );
    let edited = edit(
        &edited,
        "monthly_fee = \"12500.00\"",
        "monthly_fee = '12500.00'",
    );
    let edited = format!("# edited in the desktop app\n{edited}\n\n");
    assert_eq!(refusal(PREMIUM, &edited, &no2()), nothing);
}

// ---------------------------------------------------------------------------------------------
// The draft itself.

#[test]
fn a_reference_already_used_or_blank_is_refused() {
    let original = premium_amended();
    let edited = edit(&original, "resolution = \"8h\"", "resolution = \"6h\"");
    for reference in ["Amendment No. 1", "  Amendment No. 1 "] {
        let why = refusal(&original, &edited, &draft("2026-12-01", reference));
        assert_eq!(
            why,
            "`Amendment No. 1` is already the reference of an amendment: each amendment's reference is unique in the agreement"
        );
    }
    for reference in ["", "   "] {
        let why = refusal(&original, &edited, &draft("2026-12-01", reference));
        assert!(why.starts_with("the amendment needs a reference"), "{why}");
    }
    // Trimmed when written.
    let (_, got) = drafted(
        &original,
        &edited,
        &draft("2026-12-01", " Amendment No. 2\t"),
    );
    let entry = &got["amendments"][0];
    assert_eq!(entry["reference"].as_str(), Some("Amendment No. 2"));
}

#[test]
fn a_date_not_after_the_last_amendment_is_refused() {
    let original = premium_amended();
    let edited = edit(&original, "resolution = \"8h\"", "resolution = \"6h\"");
    for effective in ["2026-10-15", "2026-10-01"] {
        assert_eq!(
            refusal(&original, &edited, &draft(effective, "Amendment No. 2")),
            format!(
                "{effective} is not after 2026-10-15, when Amendment No. 1 takes effect: a new amendment takes effect after the last one (to change terms already amended, correct the terms instead)"
            )
        );
    }
    assert!(draft_amendment(&original, &edited, &draft("2026-10-16", "Amendment No. 2")).is_ok());
}

#[test]
fn the_reader_checks_the_rest_and_names_the_new_amendment() {
    // Not after `effective_from`.
    let edited = edit(PREMIUM, "resolution = \"8h\"", "resolution = \"6h\"");
    let errors = invalid(PREMIUM, &edited, &draft("2026-01-01", "Amendment No. 2"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "amended");
    assert_eq!(errors[0].1, "amendments[0] (Amendment No. 2).effective");
    // After the end of the term.
    let errors = invalid(PREMIUM, &edited, &draft("2027-01-01", "Amendment No. 2"));
    assert_eq!(errors[0].1, "amendments[0] (Amendment No. 2).effective");
    // A value that does not read.
    let edited = edit(PREMIUM, "resolution = \"8h\"", "resolution = \"6 hours\"");
    let errors = invalid(PREMIUM, &edited, &no2());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].1,
        "amendments[0] (Amendment No. 2).targets.p2.resolution"
    );
}

#[test]
fn an_invalid_original_or_edited_toml_is_reported_located() {
    let bad = edit(PREMIUM, "resolution = \"8h\"", "resolution = \"8 hours\"");
    let errors = invalid(&bad, PREMIUM, &no2());
    assert_eq!(errors[0].0, "original");
    assert_eq!(errors[0].1, "targets.p2.resolution");
    let broken = edit(PREMIUM, "cap_percent = 20", "cap_percent = ");
    match draft_amendment(PREMIUM, &broken, &no2()) {
        Err(DraftError::Invalid(e)) => {
            assert_eq!(e.errors[0].file, "edited");
            assert!(e.errors[0].line > 0, "{e}");
            assert!(e.errors[0].reason.starts_with("not valid TOML"), "{e}");
        }
        other => panic!("expected invalid input, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The agreement of record.

#[test]
fn the_original_text_is_kept_byte_for_byte_with_one_blank_line_before_the_amendment() {
    // Comments, blank lines, odd spacing and quoting survive, whatever the file's end.
    let commented = edit(
        PREMIUM,
        "monthly_fee = \"12500.00\"\n",
        "monthly_fee   =   '12500.00'   # per month, before tax\n\n\n",
    );
    let commented = format!("# Signed copy on file.\n{commented}");
    // Each with what is added before `[[amendments]]`: exactly one blank line, unless the
    // file already ends with one (it is kept as it is).
    let bodies = [
        (commented.clone(), "\n"),
        (commented.trim_end().to_owned(), "\n\n"),
        (
            format!("{}\n# end of the terms", commented.trim_end()),
            "\n\n",
        ),
        (format!("{commented}\n"), ""),
        (format!("{commented}\n  \n"), ""),
        (commented.replace('\n', "\r\n"), "\n"),
    ];
    for (original, before_block) in bodies {
        let edited = edit(&original, "resolution = \"8h\"", "resolution = \"6h\"");
        let (out, _) = drafted(&original, &edited, &no2());
        assert_eq!(&out.as_bytes()[..original.len()], original.as_bytes());
        let rest = &out[original.len()..];
        assert_eq!(
            rest.find("[[amendments]]").map(|i| &rest[..i]),
            Some(before_block),
            "{out:?}"
        );
        parse(&out);
    }
}

#[test]
fn a_second_amendment_is_appended_after_the_first_and_both_are_in_force_at_their_dates() {
    let original = premium_amended();
    // The base terms are edited: P2's first response 1h -> 30m, P4's resolution 4d -> 3d.
    let edited = edit(
        &original,
        "first_response = \"1h\"",
        "first_response = \"30m\"",
    );
    let edited = edit(&edited, "resolution = \"4d\"", "resolution = \"3d\"");
    let (out, got) = drafted(&original, &edited, &no2());
    assert_eq!(
        got,
        block(
            r#"
            [[amendments]]
            effective = 2026-12-01
            reference = "Amendment No. 2"
            signed = 2026-11-20
            [amendments.targets.p2]
            first_response = "30m"
            [amendments.targets.p4]
            resolution = "3d"
            "#
        )
    );
    let a = parse(&out);
    let refs: Vec<_> = a.amendments.iter().map(|a| a.reference.as_str()).collect();
    assert_eq!(refs, ["Amendment No. 1", "Amendment No. 2"]);
    let base = a.terms_on(date("2026-10-14"));
    let no1 = a.terms_on(date("2026-10-15"));
    let no2 = a.terms_on(date("2026-12-01"));
    let p2 = |t: &Agreement| {
        let p2 = t.target(Priority::P2);
        (p2.first_response_s, p2.resolution_s)
    };
    assert_eq!(p2(base), (HOUR, 8 * HOUR));
    assert_eq!(p2(no1), (HOUR, 2 * HOUR));
    // Amendment No. 2 changes the first response and keeps No. 1's resolution and fee.
    assert_eq!(p2(no2), (HOUR / 2, 2 * HOUR));
    assert_eq!(no2.monthly_fee, Decimal::new(1_350_000, 2));
    assert_eq!(no1.target(Priority::P4).resolution_s, 4 * 24 * HOUR);
    assert_eq!(no2.target(Priority::P4).resolution_s, 3 * 24 * HOUR);
    assert_eq!(a.terms_on(date("2026-12-31")), no2);
}
