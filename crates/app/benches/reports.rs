//! Report benchmarks over a loaded history (the computation, not the reading of files): the
//! metrics of every agreement and month of a year, the per-ticket SLA rows of every ticket, and
//! one agreement's monthly PDF. `ACCORD_BENCH_DATA` names a folder with `tickets.csv` and
//! `events.csv` generated over the sample agreements (`scripts/bench-report` makes a
//! 1,000,000-ticket one); without it, the sample itself is used.

use std::path::{Path, PathBuf};

use accord_app::reports::{self, History, ReportFormat, Scope};
use accord_core::input::{ReadOptions, read_ticket_set};
use accord_core::period::Period;
use accord_core::{Agreement, parse_agreement};
use criterion::{Criterion, criterion_group, criterion_main};

fn history() -> (History, Vec<Period>, Period, accord_core::Instant) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample");
    let data = std::env::var_os("ACCORD_BENCH_DATA").map_or_else(|| sample.clone(), PathBuf::from);
    let agreements: Vec<Agreement> = ["basic", "enterprise", "premium"]
        .iter()
        .map(|n| {
            let f = sample.join(format!("agreements/{n}.toml"));
            parse_agreement(n, &std::fs::read_to_string(f).unwrap()).unwrap()
        })
        .collect();
    let set = read_ticket_set(
        "tickets.csv",
        std::fs::read(data.join("tickets.csv")).unwrap(),
        "events.csv",
        std::fs::read(data.join("events.csv")).unwrap(),
        &agreements,
        ReadOptions::TEXT,
    )
    .unwrap();
    let last = set.tickets.iter().map(|t| t.opened_at).max().unwrap();
    let month = Period::containing(agreements[0].calendar.local_date(last), false);
    let year: Vec<Period> = (1..=12)
        .map(|m| Period::parse(&format!("{}-{m:02}", &month.to_string()[..4])).unwrap())
        .collect();
    // Reports are made after the last month of the history has ended: every period is whole.
    let as_of = agreements[0].calendar.midnight(month.dates().1);
    (
        History::new(agreements, set, as_of, |_| true),
        year,
        month,
        as_of,
    )
}

fn bench(c: &mut Criterion) {
    let (h, year, month, as_of) = history();
    let all: Vec<usize> = (0..h.agreements.len()).collect();
    let tickets = h.set.tickets.len();
    let mut g = c.benchmark_group("reports");
    g.sample_size(10);
    g.bench_function(
        format!("metrics, 3 agreements x 12 months, {tickets} tickets"),
        |b| {
            b.iter(|| reports::metrics_csv(&h, &all, &year, as_of));
        },
    );
    let whole = Period::parse(&format!(
        "{}..{}",
        h.set
            .tickets
            .iter()
            .map(|t| t.opened_at)
            .min()
            .map(|t| h.agreements[0].calendar.local_date(t))
            .unwrap(),
        month.dates().1
    ))
    .unwrap();
    g.bench_function(
        format!("SLA rows CSV, every ticket, {tickets} tickets"),
        |b| {
            b.iter(|| reports::sla_csv(&h, &all, &[whole], as_of));
        },
    );
    let premium = Scope {
        agreement: Some("CTRA-APC-WV-PREMIUM".into()),
        ..Scope::default()
    };
    g.bench_function(
        format!("monthly PDF, one agreement ({month}), {tickets} tickets"),
        |b| {
            b.iter(|| {
                reports::report_file(&h, &premium, month, as_of, ReportFormat::Pdf, "bench")
                    .unwrap()
            });
        },
    );
    g.bench_function(
        format!("prepare the history (settled instants), {tickets} tickets"),
        |b| {
            b.iter(|| accord_core::analysis::settled_at(&h.runtimes, &h.set));
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
