//! Criterion benchmarks of the SLA engine: business time (compiled vs the naive per-day walk),
//! one ticket's evaluation, and the CSV readers. Figures go to docs/benchmarks.md.

use std::hint::black_box;
use std::path::Path;

use accord_core::calendar::{CompiledCalendar, naive};
use accord_core::input::{ReadOptions, read_ticket_set};
use accord_core::{Agreement, Instant, evaluate, parse_agreement, runtimes_for};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

fn sample() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample")
}

fn agreements() -> Vec<Agreement> {
    ["basic.toml", "enterprise.toml", "premium.toml"]
        .iter()
        .map(|f| {
            let p = sample().join("agreements").join(f);
            parse_agreement(f, &std::fs::read_to_string(p).unwrap()).unwrap()
        })
        .collect()
}

/// Deterministic pseudo-random spans in 2026: starts anywhere, lengths up to `max_len` seconds.
fn spans(n: usize, max_len: i64) -> Vec<(Instant, i64)> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let year_start = Instant::parse("2026-01-01T00:00:00Z").unwrap().0;
    (0..n)
        .map(|_| {
            let a = year_start + (next() % (330 * 86_400)) as i64;
            (Instant(a), (next() % max_len as u64) as i64 + 1)
        })
        .collect()
}

fn calendar(c: &mut Criterion) {
    let basic = agreements().remove(0);
    let cal = basic.calendar.clone();
    let compiled = CompiledCalendar::covering(
        cal.clone(),
        Instant::parse("2026-01-01T00:00:00Z").unwrap(),
        Instant::parse("2026-12-31T00:00:00Z").unwrap(),
    );
    // Typical SLA spans: up to two weeks.
    let work = spans(1024, 14 * 86_400);
    let mut g = c.benchmark_group("business_seconds");
    g.throughput(Throughput::Elements(work.len() as u64));
    g.bench_function("compiled", |b| {
        b.iter(|| {
            work.iter()
                .map(|&(a, len)| compiled.business_seconds(a, a.plus(len)))
                .sum::<i64>()
        });
    });
    g.bench_function("naive_per_day_walk", |b| {
        b.iter(|| {
            work.iter()
                .map(|&(a, len)| naive::business_seconds(&cal, a, a.plus(len)))
                .sum::<i64>()
        });
    });
    g.finish();
    let targets = spans(1024, 5 * 9 * 3600);
    let mut g = c.benchmark_group("advance");
    g.throughput(Throughput::Elements(targets.len() as u64));
    g.bench_function("compiled", |b| {
        b.iter(|| {
            targets
                .iter()
                .filter_map(|&(a, n)| compiled.advance(a, n))
                .map(|t| t.0)
                .sum::<i64>()
        });
    });
    g.bench_function("naive_per_day_walk", |b| {
        b.iter(|| {
            targets
                .iter()
                .filter_map(|&(a, n)| naive::advance(&cal, a, n))
                .map(|t| t.0)
                .sum::<i64>()
        });
    });
    g.finish();
    c.bench_function("compile_calendar_4_years", |b| {
        b.iter_batched(
            || cal.clone(),
            |cal| {
                CompiledCalendar::covering(
                    cal,
                    Instant::parse("2026-01-01T00:00:00Z").unwrap(),
                    Instant::parse("2026-12-31T00:00:00Z").unwrap(),
                )
            },
            BatchSize::SmallInput,
        );
    });
}

fn tickets(c: &mut Criterion) {
    let agreements = agreements();
    let t = std::fs::read(sample().join("tickets.csv")).unwrap();
    let e = std::fs::read(sample().join("events.csv")).unwrap();
    let set = read_ticket_set(
        "tickets.csv",
        &t,
        "events.csv",
        &e,
        &agreements,
        ReadOptions::default(),
    )
    .unwrap();
    let as_of = Instant::parse("2026-11-20T00:00:00Z").unwrap();
    let runtimes = runtimes_for(&agreements, &set, as_of);
    let mut g = c.benchmark_group("evaluate");
    g.throughput(Throughput::Elements(set.len() as u64));
    g.bench_function("sample_600_tickets", |b| {
        b.iter(|| {
            let mut level = 0;
            for (i, t) in set.tickets.iter().enumerate() {
                let s = evaluate(
                    &runtimes[t.agreement as usize],
                    t.opened_at,
                    t.priority,
                    set.events(i),
                    black_box(as_of),
                );
                level += s.escalation_level;
            }
            level
        });
    });
    g.finish();
    let mut g = c.benchmark_group("read");
    g.throughput(Throughput::Bytes((t.len() + e.len()) as u64));
    g.bench_function("sample_tickets_and_events", |b| {
        b.iter(|| {
            read_ticket_set(
                "tickets.csv",
                &t,
                "events.csv",
                &e,
                &agreements,
                ReadOptions::default(),
            )
            .unwrap()
            .len()
        });
    });
    g.finish();
}

/// Splitting CSV into records: accord's reader against the csv crate's, over the sample
/// events file repeated to about 8 MB (one part's worth and more).
fn records(c: &mut Criterion) {
    let e = std::fs::read(sample().join("events.csv")).unwrap();
    let body = &e[e.iter().position(|&b| b == b'\n').unwrap() + 1..];
    let data = body.repeat((8 << 20) / body.len() + 1);
    let mut g = c.benchmark_group("records");
    g.throughput(Throughput::Bytes(data.len() as u64));
    g.bench_function("accord_records", |b| {
        b.iter(|| {
            let mut rows = accord_core::records::Records::new(&data);
            let mut rec = accord_core::records::Record::default();
            let mut fields = 0;
            while rows.read(&mut rec) {
                fields += rec.len();
            }
            fields
        });
    });
    g.bench_function("csv_byte_records", |b| {
        b.iter(|| {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(data.as_slice());
            let mut rec = csv::ByteRecord::new();
            let mut fields = 0;
            while rdr.read_byte_record(&mut rec).unwrap() {
                fields += rec.len();
            }
            fields
        });
    });
    g.finish();
}

criterion_group!(benches, calendar, tickets, records);
criterion_main!(benches);
