//! Reports over the shared sample: the PDF holds the KPI values and the credit total (read back
//! with `pdftotext`), embeds the bundled fonts, and numbers its pages; the HTML file fetches
//! nothing and shows ticket text as text; both say what the metrics CSV says.

use std::path::Path;
use std::process::Command;

use accord_core::analysis::settled_at;
use accord_core::input::{ReadOptions, read_ticket_set};
use accord_core::metrics::Verdict;
use accord_core::period::Period;
use accord_core::{Agreement, AgreementRuntime, Instant, TicketSet, parse_agreement, runtimes_for};
use accord_report::view::money;
use accord_report::{
    AgreementReport, AgreementView, PortfolioReport, PortfolioView, Selection, Source,
};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/sample");

fn sample(edit: impl Fn(&mut String)) -> (Vec<Agreement>, TicketSet) {
    let mut files: Vec<_> = std::fs::read_dir(Path::new(SAMPLE).join("agreements"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let agreements: Vec<Agreement> = files
        .iter()
        .map(|f| {
            let mut src = std::fs::read_to_string(f).unwrap();
            edit(&mut src);
            parse_agreement(&f.display().to_string(), &src).unwrap()
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
    (agreements, set)
}

struct Loaded {
    runtimes: Vec<AgreementRuntime>,
    set: TicketSet,
    settled: Vec<Option<Instant>>,
}

fn load(edit: impl Fn(&mut String)) -> Loaded {
    let (agreements, set) = sample(edit);
    let runtimes = runtimes_for(
        &agreements,
        &set,
        Instant::parse("2027-01-01T00:00:00Z").unwrap(),
    );
    let settled = settled_at(&runtimes, &set);
    Loaded {
        runtimes,
        set,
        settled,
    }
}

impl Loaded {
    fn source(&self) -> Source<'_> {
        Source {
            runtimes: &self.runtimes,
            set: &self.set,
            settled: &self.settled,
        }
    }

    fn index(&self, id: &str) -> usize {
        self.runtimes
            .iter()
            .position(|r| r.agreement.id == id)
            .unwrap()
    }
}

/// The expected metrics row of an agreement and period, as columns.
/// The instant the tests report at: after every period they look at has ended.
fn later() -> Instant {
    Instant::parse("2027-06-01T00:00:00Z").unwrap()
}

fn expected(agreement: &str, period: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(SAMPLE).join("expected-metrics.csv")).unwrap();
    text.lines()
        .map(|l| l.split(',').map(str::to_owned).collect::<Vec<_>>())
        .find(|c| c[0] == agreement && c[1] == period)
        .unwrap()
}

fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn pdffonts(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdffonts").arg(&path).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn agreement_pdf_holds_the_kpis_and_the_credit_total() {
    let l = load(|_| {});
    let id = "CTRA-APC-WV-PREMIUM";
    let r = AgreementReport::build(
        &l.source(),
        l.index(id),
        Period::parse("2026-10").unwrap(),
        later(),
    )
    .unwrap();
    let v = AgreementView::new(&r, "");
    let pdf = accord_report::pdf::agreement(&v, "2026-11-26 10:00 UTC").unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdftotext(&pdf);
    let row = expected(id, "2026-10");
    // tickets_opened, compliance (as percent), credit total.
    assert!(
        text.contains(&row[2]),
        "tickets opened {} in:\n{text}",
        row[2]
    );
    let pct = |f: &str| format!("{:.2}%", f.parse::<f64>().unwrap() * 100.0);
    assert!(
        text.contains(&pct(&row[5])),
        "FR compliance {}",
        pct(&row[5])
    );
    assert!(
        text.contains(&pct(&row[10])),
        "resolution compliance {}",
        pct(&row[10])
    );
    let credit = money(row[14].parse().unwrap(), 2, &row[15]);
    assert!(text.contains("Total credit owed"), "credit statement");
    assert!(text.contains(&credit), "credit total {credit} in:\n{text}");
    assert!(
        text.contains("APC Telecom") && text.contains("West Virginia"),
        "cover"
    );
    // Numbered pages, "n of m".
    let pages = text.matches('\u{c}').count() + 1;
    assert!(pages >= 2, "{pages} pages");
    assert!(
        text.contains(&format!("Page 1 of {pages}"))
            || text.contains(&format!("Page 1 of {}", pages - 1))
    );
    // The bundled faces, embedded and subset.
    let fonts = pdffonts(&pdf);
    assert!(fonts.contains("Inter"), "{fonts}");
    for line in fonts.lines().skip(2) {
        assert!(
            line.contains(" yes yes ") || line.contains(" yes "),
            "not embedded: {line}"
        );
    }
}

#[test]
fn every_sample_agreement_and_period_renders() {
    let l = load(|_| {});
    for i in 0..l.runtimes.len() {
        for p in ["2026-09", "2026-Q3", "2026-10-01..2026-10-15", "2025-01"] {
            let r =
                AgreementReport::build(&l.source(), i, Period::parse(p).unwrap(), later()).unwrap();
            let v = AgreementView::new(&r, "");
            let pdf = accord_report::pdf::agreement(&v, "now").unwrap();
            assert!(pdf.starts_with(b"%PDF-"), "{p}");
            let html = accord_report::html::agreement(&v, "now");
            assert!(html.contains("Credit statement"));
            // The metrics agree with the CSV's line.
            assert_eq!(
                r.analysis.metrics,
                accord_core::analysis::period_metrics(
                    &l.runtimes[i],
                    i as u32,
                    &l.set,
                    Period::parse(p).unwrap(),
                    later()
                )
                .unwrap()
            );
        }
    }
}

#[test]
fn html_is_self_contained_and_shows_text_as_text() {
    let l = load(|src| {
        *src = src.replacen(
            "title = \"",
            "title = \"<script>alert(1)</script> & <b>bold</b> ",
            1,
        );
    });
    let id = "CTRA-APC-WV-PREMIUM";
    let r = AgreementReport::build(
        &l.source(),
        l.index(id),
        Period::parse("2026-10").unwrap(),
        later(),
    )
    .unwrap();
    let v = AgreementView::new(&r, "");
    let html = accord_report::html::agreement(&v, "2026-11-26");
    assert!(!html.contains("<script>"), "user text is escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"));
    for remote in [
        "src=\"http",
        "href=\"http",
        "url(http",
        "@import",
        "<script",
        "<link",
    ] {
        assert!(!html.contains(remote), "{remote}");
    }
    assert!(html.contains("@font-face") && html.contains("data:font/otf;base64,"));
    assert_eq!(html.matches("<figure").count(), 6, "six charts");
    // The PDF reads the same title as text, not markup.
    let pdf = accord_report::pdf::agreement(&v, "2026-11-26").unwrap();
    assert!(pdftotext(&pdf).contains("<script>alert(1)</script>"));
}

#[test]
fn portfolio_by_tier_and_region() {
    let l = load(|_| {});
    let all = PortfolioReport::build(
        &l.source(),
        Selection::All,
        Period::parse("2026-10").unwrap(),
        later(),
    );
    assert_eq!(all.agreements.len(), l.runtimes.len());
    // Agreements shown together never share a colour, and keep it in a one-tier portfolio.
    let colours: Vec<_> = all.agreements.iter().map(|a| a.colour).collect();
    for (i, c) in colours.iter().enumerate() {
        assert!(!colours[..i].contains(c), "colour {c:?} repeated");
    }
    let v = PortfolioView::new(&all);
    let pdf = accord_report::pdf::portfolio(&v, "now").unwrap();
    let text = pdftotext(&pdf);
    for r in &l.runtimes {
        assert!(text.contains(&r.agreement.id), "{}", r.agreement.id);
    }
    assert!(text.contains("3 agreements."), "{text}");
    // Each clock's compliance is judged against the target on its own: in October the premium
    // agreement missed it for first responses (78.26%) and met it for resolutions (95.45%).
    let row = v
        .rows
        .iter()
        .find(|r| r.id == "CTRA-APC-WV-PREMIUM")
        .unwrap();
    assert_eq!(
        (row.fr_compliance.as_str(), row.fr_status),
        ("78.26%", Some(Verdict::Missed))
    );
    assert_eq!(
        (row.res_compliance.as_str(), row.res_status),
        ("95.45%", Some(Verdict::Met))
    );
    assert!(
        text.contains("✗ 78.26%") && text.contains("✓ 95.45%"),
        "{text}"
    );
    let html_all = accord_report::html::portfolio(&v, "now");
    assert!(html_all.contains("3 agreements."));
    assert!(
        html_all
            .contains("<td class=\"num missed\">✗ 78.26%<span class=\"vh\"> (target missed)</span></td><td class=\"num met\">✓ 95.45%<span class=\"vh\"> (target met)</span></td>")
    );
    let premium = PortfolioReport::build(
        &l.source(),
        Selection::Tier(accord_core::model::Tier::Premium),
        Period::parse("2026-10").unwrap(),
        later(),
    );
    assert!(
        premium
            .agreements
            .iter()
            .all(|a| a.agreement.tier == accord_core::model::Tier::Premium)
    );
    assert!(!premium.agreements.is_empty());
    for p in &premium.agreements {
        let same = all
            .agreements
            .iter()
            .find(|a| a.agreement.id == p.agreement.id)
            .unwrap();
        assert_eq!(same.colour, p.colour);
    }
    let pv = PortfolioView::new(&premium);
    let html = accord_report::html::portfolio(&pv, "now");
    assert!(html.contains("Premium tier"));
    // The tier's own line: every premium ticket counted once.
    let opened: u64 = premium
        .agreements
        .iter()
        .map(|a| a.analysis.metrics.tickets_opened)
        .sum();
    assert_eq!(pv.total.opened, opened.to_string());
    assert!(
        text.contains("All (3)"),
        "the portfolio's line of all agreements"
    );
}

fn pdfdetach(pdf: &[u8], args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfdetach")
        .args(args)
        .arg(&path)
        .current_dir(dir.path())
        .output()
        .expect("pdfdetach (poppler-utils) is installed by scripts/setup");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut text = String::from_utf8(out.stdout).unwrap();
    for f in ["breaches.csv", "credit-statement.csv"] {
        if let Ok(content) = std::fs::read_to_string(dir.path().join(f)) {
            text.push_str(&format!("\n== {f}\n{content}"));
        }
    }
    text
}

#[test]
fn many_breaches_are_detailed_up_to_the_limit_and_all_attached() {
    // Every target one minute: nearly every clock of the year breaches.
    let l = load(|src| {
        *src = src
            .lines()
            .map(|line| {
                let key = line.split('=').next().unwrap_or("").trim();
                if key == "first_response" || key == "resolution" {
                    format!("{key} = \"1m\"")
                } else {
                    line.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
    });
    let id = "CTRA-APC-WV-PREMIUM";
    let period = Period::parse("2026-01-01..2027-01-01").unwrap();
    let r = AgreementReport::build(&l.source(), l.index(id), period, later()).unwrap();
    let total = r.analysis.breaches.len();
    let credited = r.analysis.metrics.credits.breaches.len();
    assert!(
        total > accord_report::model::DETAIL_LIMIT && credited > accord_report::model::DETAIL_LIMIT
    );
    assert_eq!(r.breaches.len(), accord_report::model::DETAIL_LIMIT);
    // The ones shown are the furthest over target.
    let shown_min = r
        .breaches
        .iter()
        .map(|b| b.breach.elapsed_s - b.breach.target_s)
        .min()
        .unwrap();
    let over: Vec<i64> = r
        .analysis
        .breaches
        .iter()
        .map(|b| b.elapsed_s - b.target_s)
        .collect();
    // No breach left out is further over target than every one shown.
    assert!(over.iter().filter(|o| **o > shown_min).count() < accord_report::model::DETAIL_LIMIT);
    let v = AgreementView::new(&r, "");
    let pdf = accord_report::pdf::agreement(&v, "2026-11-26 10:00 UTC").unwrap();
    let text = pdftotext(&pdf);
    assert!(
        text.contains(&format!("Breaches ({total})")),
        "breach count in:\n{text}"
    );
    assert!(text.contains("The 100 breaches furthest over their targets are shown"));
    assert!(text.contains(&format!("{credited} resolution breaches were counted")));
    let list = pdfdetach(&pdf, &["-list"]);
    assert!(list.contains("2 embedded files"), "{list}");
    assert!(list.contains("breaches.csv") && list.contains("credit-statement.csv"));
    let files = pdfdetach(&pdf, &["-saveall"]);
    let breaches = files.split("== breaches.csv\n").nth(1).unwrap();
    let breaches = breaches.split("\n== ").next().unwrap();
    assert_eq!(
        breaches.lines().count(),
        total + 1,
        "header and one line per breach"
    );
    let statement = files.split("== credit-statement.csv\n").nth(1).unwrap();
    assert_eq!(statement.lines().count(), credited + 1);
    // The statement's lines add up to the per-breach total.
    let sum: accord_core::Decimal = statement
        .lines()
        .skip(1)
        .map(|l| {
            l.split(',')
                .nth(3)
                .unwrap()
                .parse::<accord_core::Decimal>()
                .unwrap()
        })
        .sum();
    assert_eq!(sum, r.analysis.metrics.credits.per_breach_total);
    // The HTML file offers the same two files.
    let html = accord_report::html::agreement(&v, "now");
    assert!(
        html.contains("download=\"breaches.csv\"")
            && html.contains("download=\"credit-statement.csv\"")
    );
    assert!(html.contains("The 100 breaches furthest over their targets are shown"));
}

#[test]
fn a_pdf_of_a_period_to_date_says_so_on_every_page() {
    let l = load(|_| {});
    let id = "CTRA-APC-WV-PREMIUM";
    let as_of = Instant::parse("2026-10-15T16:00:00Z").unwrap();
    let r = AgreementReport::build(
        &l.source(),
        l.index(id),
        Period::parse("2026-10").unwrap(),
        as_of,
    )
    .unwrap();
    assert_eq!(r.span.to_date(), Some(as_of));
    let v = AgreementView::new(&r, "");
    let text = pdftotext(&accord_report::pdf::agreement(&v, "now").unwrap());
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(pages.len() >= 2);
    assert!(text.contains("Provisional."), "the notice:\n{text}");
    assert!(text.contains("as of 2026-10-15 12:00 EDT"), "{text}");
    for (i, page) in pages.iter().enumerate().skip(1) {
        assert!(
            page.contains("2026-10 to date (provisional)"),
            "page {} header:\n{page}",
            i + 1
        );
    }
    // A period that has not started has no report.
    assert!(
        AgreementReport::build(
            &l.source(),
            l.index(id),
            Period::parse("2026-11").unwrap(),
            as_of
        )
        .is_none()
    );
}

/// The Premium agreement's report of `period` (HTML, and the PDF's text), with the shared
/// amendment (`crates/core/tests/fixtures/premium-amendment.toml`) appended or not, and the
/// name of the terms it was reported under.
fn premium_report(amended: bool, period: &str) -> (Option<String>, String, String) {
    let l = load(|src| {
        if amended && src.contains("id = \"CTRA-APC-WV-PREMIUM\"") {
            src.push_str(include_str!(
                "../../core/tests/fixtures/premium-amendment.toml"
            ));
        }
    });
    let i = l.index("CTRA-APC-WV-PREMIUM");
    let r =
        AgreementReport::build(&l.source(), i, Period::parse(period).unwrap(), later()).unwrap();
    let v = AgreementView::new(&r, "");
    let html = accord_report::html::agreement(&v, "2026-11-26 10:00 UTC");
    let pdf = accord_report::pdf::agreement(&v, "2026-11-26 10:00 UTC").unwrap();
    (r.terms, html, pdftotext(&pdf))
}

const TERMS: &str = "Amendment No. 1, in force from 2026-10-15";

#[test]
fn a_period_under_an_amendment_names_it_on_the_cover() {
    let (terms, html, pdf) = premium_report(true, "2026-11");
    assert_eq!(terms.as_deref(), Some(TERMS));
    assert!(
        html.contains(&format!("<dt>Terms</dt><dd>{TERMS}</dd>")),
        "{html}"
    );
    assert!(pdf.contains(TERMS), "{pdf}");
}

#[test]
fn a_period_under_the_base_terms_is_reported_as_before() {
    // September ends before the amendment: its terms and its tickets' are the base terms.
    let (terms, html, pdf) = premium_report(true, "2026-09");
    assert_eq!(terms, None);
    let (_, plain_html, plain_pdf) = premium_report(false, "2026-09");
    assert_eq!(html, plain_html);
    assert_eq!(pdf, plain_pdf);
    assert!(!html.contains("<dt>Terms</dt>"));
    // October starts under the base terms too (its tickets opened from 2026-10-15 are
    // governed by the amendment, but the period is named by its start).
    let (terms, html, _) = premium_report(true, "2026-10");
    assert_eq!(terms, None);
    assert!(!html.contains("<dt>Terms</dt>"));
}
