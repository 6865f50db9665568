//! An agreement's report names the amendment whose terms its period is reported under
//! (issue 20, point 5), on the cover of the HTML and of the PDF; a report under the base
//! terms does not change.

use std::path::Path;
use std::process::Command;

use accord_core::analysis::settled_at;
use accord_core::input::{ReadOptions, read_ticket_set};
use accord_core::period::Period;
use accord_core::{Agreement, Instant, parse_agreement, runtimes_for};
use accord_report::{AgreementReport, AgreementView, Source};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/sample");
const ID: &str = "CTRA-APC-WV-PREMIUM";
const LABEL: &str = "Amendment No. 1, in force from 2026-10-15";

const AMENDMENT: &str = r#"
[[amendments]]
effective = 2026-10-15
reference = "Amendment No. 1"
monthly_fee = "13500.00"

[amendments.targets.p2]
resolution = "2h"
"#;

/// The HTML and the PDF's text of the premium agreement's report of `period`, its file
/// amended or not.
fn report(amended: bool, period: &str) -> (Option<String>, String, String) {
    let dir = Path::new(SAMPLE).join("agreements");
    let agreements: Vec<Agreement> = ["basic.toml", "enterprise.toml", "premium.toml"]
        .iter()
        .map(|f| {
            let mut src = std::fs::read_to_string(dir.join(f)).unwrap();
            if amended && *f == "premium.toml" {
                src.push_str(AMENDMENT);
            }
            parse_agreement(f, &src).unwrap()
        })
        .collect();
    let t = std::fs::read(Path::new(SAMPLE).join("tickets.csv")).unwrap();
    let e = std::fs::read(Path::new(SAMPLE).join("events.csv")).unwrap();
    let set = read_ticket_set(
        "tickets.csv",
        t,
        "events.csv",
        e,
        &agreements,
        ReadOptions::TEXT,
    )
    .unwrap();
    let runtimes = runtimes_for(
        &agreements,
        &set,
        Instant::parse("2027-01-01T00:00:00Z").unwrap(),
    );
    let settled = settled_at(&runtimes, &set);
    let source = Source {
        runtimes: &runtimes,
        set: &set,
        settled: &settled,
    };
    let index = runtimes.iter().position(|r| r.agreement.id == ID).unwrap();
    let r = AgreementReport::build(
        &source,
        index,
        Period::parse(period).unwrap(),
        Instant::parse("2027-06-01T00:00:00Z").unwrap(),
    )
    .unwrap();
    let v = AgreementView::new(&r, "");
    let html = accord_report::html::agreement(&v, "2026-11-26 10:00 UTC");
    let pdf = accord_report::pdf::agreement(&v, "2026-11-26 10:00 UTC").unwrap();
    (r.terms, html, pdftotext(&pdf))
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_period_under_an_amendment_names_it_on_the_cover() {
    let (terms, html, pdf) = report(true, "2026-11");
    assert_eq!(terms.as_deref(), Some(LABEL));
    assert!(
        html.contains(&format!("<dt>Terms</dt><dd>{LABEL}</dd>")),
        "{html}"
    );
    assert!(pdf.contains(LABEL), "{pdf}");
}

#[test]
fn a_period_under_the_base_terms_is_reported_as_before() {
    // September ends before the amendment: its terms and its tickets' are the base terms.
    let (terms, html, pdf) = report(true, "2026-09");
    assert_eq!(terms, None);
    let (_, plain_html, plain_pdf) = report(false, "2026-09");
    assert_eq!(html, plain_html);
    assert_eq!(pdf, plain_pdf);
    assert!(!html.contains("<dt>Terms</dt>"));
    // October starts under the base terms too (its tickets opened from 2026-10-15 are
    // governed by the amendment, but the period is named by its start).
    let (terms, html, _) = report(true, "2026-10");
    assert_eq!(terms, None);
    assert!(!html.contains("<dt>Terms</dt>"));
}
