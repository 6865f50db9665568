//! Dashboards, drill-downs, report files and what-if over the shared sample: every number a
//! dashboard shows has the tickets behind it (a chart's category lists exactly as many clocks as
//! it counts), the CSV a dashboard exports is the metrics CSV, and a what-if against the
//! agreement itself changes nothing while doubled targets turn breaches into met clocks.

use std::path::Path;

use accord_app::reports::{
    self, Drill, DrillKind, DrillOutcome, History, ReportFormat, Scope, dashboard, drill,
    report_file, what_if,
};
use accord_core::input::{ReadOptions, read_ticket_set};
use accord_core::model::Tier;
use accord_core::{Agreement, Instant, parse_agreement};

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/sample");
const PREMIUM: &str = "CTRA-APC-WV-PREMIUM";

fn agreements() -> Vec<(String, Agreement)> {
    let mut files: Vec<_> = std::fs::read_dir(Path::new(SAMPLE).join("agreements"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let src = std::fs::read_to_string(f).unwrap();
            let a = parse_agreement(&f.display().to_string(), &src).unwrap();
            (src, a)
        })
        .collect()
}

fn history() -> History {
    let agreements: Vec<Agreement> = agreements().into_iter().map(|(_, a)| a).collect();
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
    History::new(
        agreements,
        set,
        Instant::parse("2027-01-01T00:00:00Z").unwrap(),
        |_| true,
    )
}

/// The instant the tests report at: after every period they look at has ended.
fn later() -> Instant {
    Instant::parse("2027-06-01T00:00:00Z").unwrap()
}

fn one(id: &str) -> Scope {
    Scope {
        agreement: Some(id.to_owned()),
        tier: None,
        region: None,
    }
}

#[test]
fn every_chart_category_lists_the_tickets_it_counts() {
    let h = history();
    let d = dashboard(&h, &one(PREMIUM), "2026-10", later()).unwrap();
    assert_eq!(d.period, "2026-10");
    assert_eq!(
        (d.previous.as_str(), d.next.as_str()),
        ("2026-09", "2026-11")
    );
    assert!(d.kpis.iter().any(|k| k.name == "Resolution compliance"));
    let ids: Vec<&str> = d.charts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "compliance",
            "csat",
            "credits",
            "distribution",
            "breaches-priority",
            "breaches-channel"
        ]
    );
    // Breaches by priority: each bar's tickets are that priority's breaches, and together they
    // are every breach of the period.
    let by_priority = d
        .charts
        .iter()
        .find(|c| c.id == "breaches-priority")
        .unwrap();
    assert_eq!(by_priority.regions.len(), 4);
    let mut listed = 0;
    for (i, r) in by_priority.regions.iter().enumerate() {
        assert_eq!(r.drill.kind, DrillKind::Breaches);
        let rows = drill(&h, &r.drill, later()).unwrap();
        let row = &d.by_priority[i];
        let expected: u32 =
            row.fr_breached.parse::<u32>().unwrap() + row.res_breached.parse::<u32>().unwrap();
        assert_eq!(rows.total, expected, "{}", row.name);
        assert!(
            rows.rows
                .iter()
                .all(|x| x.outcome == DrillOutcome::Breached)
        );
        listed += rows.total;
        // Bands sit inside the picture, left to right.
        assert!(r.band.x > 0.0 && r.band.x + r.band.width < 1.0 && r.band.height > 0.1);
    }
    assert_eq!(u64::from(listed), d.breaches);
    assert!(d.breaches > 0, "the sample month has breaches");
    // The compliance trend's last month lists its met and breached clocks.
    let trend = d.charts.iter().find(|c| c.id == "compliance").unwrap();
    let last = trend.regions.last().unwrap();
    assert_eq!(last.drill.period, "2026-10");
    let outcomes = drill(&h, &last.drill, later()).unwrap();
    let all = d.by_priority.last().unwrap();
    let clocks: u32 = [
        &all.fr_met,
        &all.fr_breached,
        &all.res_met,
        &all.res_breached,
    ]
    .iter()
    .map(|v| v.parse::<u32>().unwrap())
    .sum();
    assert_eq!(outcomes.total, clocks);
    // Breaches come first.
    let first_met = outcomes
        .rows
        .iter()
        .position(|r| r.outcome == DrillOutcome::Met);
    let last_breached = outcomes
        .rows
        .iter()
        .rposition(|r| r.outcome == DrillOutcome::Breached);
    if let (Some(m), Some(b)) = (first_met, last_breached) {
        assert!(b < m);
    }
    // The first-response distribution's buckets together hold every first response stopped.
    let dist = d.charts.iter().find(|c| c.id == "distribution").unwrap();
    let stopped: u32 = dist
        .regions
        .iter()
        .map(|r| drill(&h, &r.drill, later()).unwrap().total)
        .sum();
    let all_fr = drill(
        &h,
        &Drill {
            bucket: None,
            ..dist.regions[0].drill.clone()
        },
        later(),
    )
    .unwrap();
    assert_eq!(stopped, all_fr.total);
}

#[test]
fn portfolio_dashboards_select_by_tier_and_region_and_reject_bad_requests() {
    let h = history();
    let all = dashboard(&h, &Scope::default(), "2026-Q3", later()).unwrap();
    // One line per agreement, then the selection's own.
    assert_eq!(all.agreements.len(), h.agreements.len() + 1);
    assert!(all.agreements.last().unwrap().id.starts_with("All ("));
    let premium = dashboard(
        &h,
        &Scope {
            tier: Some(Tier::Premium),
            ..Scope::default()
        },
        "2026-10",
        later(),
    )
    .unwrap();
    assert_eq!(premium.agreements.len(), 2);
    assert_eq!(premium.agreements[0].id, PREMIUM);
    assert_eq!(premium.title, "Premium tier");
    // Its compliance chart opens the portfolio's clocks of a month.
    let c = &premium.charts[0];
    assert_eq!(c.id, "portfolio-compliance");
    assert_eq!(
        c.regions.last().unwrap().drill.scope.tier,
        Some(Tier::Premium)
    );
    let region = dashboard(
        &h,
        &Scope {
            region: Some("Atlantis".into()),
            ..Scope::default()
        },
        "2026-10",
        later(),
    );
    assert!(
        region
            .unwrap_err()
            .to_string()
            .contains("no agreement matches")
    );
    let bad = dashboard(&h, &one(PREMIUM), "October", later()).unwrap_err();
    assert!(bad.to_string().contains("is not a period"), "{bad}");
    let unknown = dashboard(&h, &one("NOPE"), "2026-10", later()).unwrap_err();
    assert!(
        unknown.to_string().contains("no agreement `NOPE`"),
        "{unknown}"
    );
    // A custom range works, and steps by its own length.
    let range = dashboard(&h, &one(PREMIUM), "2026-10-01..2026-10-15", later()).unwrap();
    assert_eq!(range.previous, "2026-09-17..2026-10-01");
}

#[test]
fn exported_files_are_the_reports() {
    let h = history();
    let period = reports::parse_period("2026-10").unwrap();
    let csv = report_file(&h, &one(PREMIUM), period, later(), ReportFormat::Csv, "now").unwrap();
    let expected = std::fs::read_to_string(Path::new(SAMPLE).join("expected-metrics.csv")).unwrap();
    let line = String::from_utf8(csv).unwrap();
    let mut lines = line.lines();
    assert_eq!(lines.next(), expected.lines().next(), "header");
    let row = lines.next().unwrap();
    assert!(
        expected.lines().any(|l| l == row),
        "{row} is a line of expected-metrics.csv"
    );
    let pdf = report_file(&h, &one(PREMIUM), period, later(), ReportFormat::Pdf, "now").unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let html = report_file(
        &h,
        &Scope::default(),
        period,
        later(),
        ReportFormat::Html,
        "now",
    )
    .unwrap();
    assert!(
        String::from_utf8(html)
            .unwrap()
            .contains("Portfolio report")
    );
    assert_eq!(
        reports::report_file_name(&one(PREMIUM), period, ReportFormat::SlaCsv),
        "CTRA-APC-WV-PREMIUM-2026-10-sla-rows.csv"
    );
    assert_eq!(
        reports::report_file_name(
            &Scope {
                region: Some("West Virginia".into()),
                ..Scope::default()
            },
            period,
            ReportFormat::Pdf
        ),
        "portfolio-West-Virginia-2026-10.pdf"
    );
}

#[test]
fn what_if_against_itself_changes_nothing_and_doubled_targets_remove_breaches() {
    let h = history();
    let (src, premium) = agreements()
        .into_iter()
        .find(|(_, a)| a.id == PREMIUM)
        .unwrap();
    let period = reports::parse_period("2026-10").unwrap();
    let same = what_if(&h, PREMIUM, premium, period, later()).unwrap();
    assert!(same.changes.is_empty());
    assert!(same.figures.iter().all(|f| f.before == f.after));
    // Every target (in hours) doubled.
    let doubled: String = src
        .lines()
        .map(|l| {
            let t = l.trim_start();
            if let Some((key, value)) = t.split_once('=')
                && (key.trim() == "first_response" || key.trim() == "resolution")
                && let Some(v) = value
                    .trim()
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix("h\""))
                && let Ok(h) = v.parse::<u32>()
            {
                return format!("{} = \"{}h\"", key.trim(), h * 2);
            }
            l.to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n");
    let changed = parse_agreement("changed", &doubled).unwrap();
    let w = what_if(&h, PREMIUM, changed, period, later()).unwrap();
    let breached = |s: &str| w.figures.iter().find(|f| f.name == s).unwrap().clone();
    let res = breached("Resolutions breached");
    assert!(
        res.after.parse::<u32>().unwrap() <= res.before.parse::<u32>().unwrap(),
        "{res:?}"
    );
    assert!(!w.changes.is_empty(), "doubled targets change some outcome");
    assert!(
        w.changes
            .iter()
            .all(|c| c.before == accord_core::whatif::Outcome::Breached || c.before != c.after)
    );
}

/// Mid-October 2026, 12:00 in New York: October is to date, November has not started.
fn mid_october() -> Instant {
    Instant::parse("2026-10-15T16:00:00Z").unwrap()
}

#[test]
fn a_period_to_date_says_so_everywhere_and_counts_only_what_happened() {
    let h = history();
    let as_of = mid_october();
    let words = "to date, as of 2026-10-15 12:00 EDT — provisional";
    // The dashboard: to date, fewer tickets than the whole month, and nothing counted after.
    let d = dashboard(&h, &one(PREMIUM), "2026-10", as_of).unwrap();
    assert_eq!(d.to_date, words);
    assert_eq!(d.state, reports::PeriodState::ToDate);
    assert_eq!(d.as_of.as_deref(), Some("2026-10-15T16:00:00Z"));
    let whole = dashboard(&h, &one(PREMIUM), "2026-10", later()).unwrap();
    assert_eq!(whole.to_date, "");
    assert_eq!(
        (whole.state, whole.as_of.as_deref()),
        (reports::PeriodState::Ended, None)
    );
    let opened = |d: &reports::Dashboard| -> u64 { d.kpis[0].value.parse().unwrap() };
    assert!(
        opened(&d) < opened(&whole),
        "{} < {}",
        opened(&d),
        opened(&whole)
    );
    let credits = d
        .kpis
        .iter()
        .find(|k| k.name.starts_with("Service credits"))
        .unwrap();
    assert_eq!(credits.name, "Service credits owed to date (provisional)");
    // Every ticket a drill-down lists counted before the instant.
    for chart in &d.charts {
        for r in &chart.regions {
            if r.drill.period != "2026-10" {
                continue;
            }
            for row in drill(&h, &r.drill, as_of).unwrap().rows {
                let at = Instant::parse(row.at.as_deref().unwrap()).unwrap();
                assert!(
                    at < as_of,
                    "{} counted at {at}, after {as_of}",
                    row.ticket_id
                );
                if let Some(due) = &row.due_at {
                    assert!(Instant::parse(due).unwrap().0 < at.0 - 1, "{row:?}");
                }
            }
        }
    }
    // The portfolio: to date in UTC (its agreements may be in several zones).
    let all = dashboard(&h, &Scope::default(), "2026-10", as_of).unwrap();
    assert_eq!(
        all.to_date,
        "to date, as of 2026-10-15 16:00 UTC — provisional"
    );
    // Files: the HTML opens with the notice and names the period to date.
    let period = reports::parse_period("2026-10").unwrap();
    let html = report_file(&h, &one(PREMIUM), period, as_of, ReportFormat::Html, "now").unwrap();
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("<strong>Provisional.</strong>"), "notice");
    assert!(
        html.contains(&format!("2026-10 {words}")),
        "period named to date"
    );
    assert!(
        html.contains("Total credit owed to date (provisional"),
        "credit total marked"
    );
    let ended = report_file(
        &h,
        &one(PREMIUM),
        period,
        later(),
        ReportFormat::Html,
        "now",
    )
    .unwrap();
    assert!(!String::from_utf8(ended).unwrap().contains("Provisional."));
    // What-if replays to date too.
    let premium = agreements()
        .into_iter()
        .find(|(_, a)| a.id == PREMIUM)
        .unwrap()
        .1;
    let w = what_if(&h, PREMIUM, premium, period, as_of).unwrap();
    assert_eq!(w.to_date, words);
    assert_eq!(w.as_of.as_deref(), Some("2026-10-15T16:00:00Z"));
    assert_eq!(
        w.figures[0].before, d.kpis[0].value,
        "tickets opened to date"
    );
}

#[test]
fn a_period_not_started_has_no_figures() {
    let h = history();
    let as_of = mid_october();
    let november = reports::parse_period("2026-11").unwrap();
    for scope in [one(PREMIUM), Scope::default()] {
        // The dashboard says so, with the way back and no figure at all.
        let d = dashboard(&h, &scope, "2026-11", as_of).unwrap();
        assert_eq!(d.state, reports::PeriodState::NotStarted);
        assert_eq!((d.previous.as_str(), d.as_of.as_deref()), ("2026-10", None));
        assert!(d.kpis.is_empty() && d.agreements.is_empty() && d.charts.is_empty());
        assert_eq!((d.breaches, d.credits.as_str()), (0, ""));
        assert!(!d.title.is_empty());
        let e = report_file(&h, &scope, november, as_of, ReportFormat::Pdf, "now")
            .unwrap_err()
            .to_string();
        assert!(e.contains("has not started"), "{e}");
    }
    // The metrics CSV has no row for it, and a row for the period to date.
    let csv = report_file(&h, &one(PREMIUM), november, as_of, ReportFormat::Csv, "now").unwrap();
    assert_eq!(
        String::from_utf8(csv).unwrap().lines().count(),
        1,
        "header only"
    );
    let all: Vec<usize> = (0..h.agreements.len()).collect();
    let csv = reports::metrics_csv(
        &h,
        &all,
        &[november, reports::parse_period("2026-10").unwrap()],
        as_of,
    );
    assert_eq!(csv.lines().count(), 1 + h.agreements.len());
    assert!(
        csv.lines()
            .skip(1)
            .all(|l| l.split(',').nth(1) == Some("2026-10"))
    );
}
