//! Store benchmarks: the queue's first page, a change of terms' impact, a period's statement
//! standing, and appending one event (with its recompute), on SQLite. `ACCORD_BENCH_DB` names a database to use (`scripts/bench-store` imports the
//! generated 1,000,000-ticket history into one); without it, a copy of the sample is used.

use std::path::Path;

use accord_app::import::{self, InputFile};
use accord_app::statements;
use accord_app::terms::{self, ChangeForm, TermsChange};
use accord_app::tickets::{self, EventForm, NewTicketForm};
use accord_core::Instant;
use accord_core::model::{Channel, EventKind, Priority};
use accord_store::{QueueFilter, Store};
use criterion::{Criterion, criterion_group, criterion_main};

fn store(rt: &tokio::runtime::Runtime, dir: &Path) -> Store {
    if let Ok(url) = std::env::var("ACCORD_BENCH_DB") {
        return rt.block_on(Store::open(&url)).unwrap();
    }
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample");
    let store = rt
        .block_on(Store::open(&format!(
            "sqlite://{}",
            dir.join("bench.db").display()
        )))
        .unwrap();
    let files = [
        "agreements/basic.toml",
        "agreements/enterprise.toml",
        "agreements/premium.toml",
        "tickets.csv",
        "events.csv",
    ]
    .iter()
    .map(|f| InputFile {
        name: (*f).to_owned(),
        bytes: std::fs::read(sample.join(f)).unwrap(),
    })
    .collect();
    // Imported as of the end of the sample: an import refuses what has not happened yet.
    let now = Instant::parse("2026-12-01T12:00:00Z").unwrap();
    rt.block_on(import::files(&store, files, false, "bench", now))
        .unwrap();
    store
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = store(&rt, dir.path());
    let all = QueueFilter::default();
    let premium = QueueFilter {
        tier: Some("premium".into()),
        ..QueueFilter::default()
    };
    c.bench_function("queue_first_50", |b| {
        b.iter(|| rt.block_on(store.queue(&all, 50)).unwrap().len());
    });
    c.bench_function("queue_first_50_premium", |b| {
        b.iter(|| rt.block_on(store.queue(&premium, 50)).unwrap().len());
    });

    // Before a change of terms is saved, its impact on every period so far (the what-if of each
    // month from the first ticket to now); and a period's statement standing (its figures
    // computed and compared with what was issued). Over the Premium agreement, as of the end of
    // the sample.
    const PREMIUM: &str = "CTRA-APC-WV-PREMIUM";
    let as_of = Instant::parse("2026-12-01T12:00:00Z").unwrap();
    let (source, _) = rt
        .block_on(store.agreement_source(PREMIUM))
        .unwrap()
        .unwrap();
    let p2 = source.find("[targets.p2]").unwrap();
    let at = p2 + source[p2..].find("resolution = \"").unwrap() + "resolution = \"".len();
    let end = at + source[at..].find('"').unwrap();
    let corrected = format!("{}2h{}", &source[..at], &source[end..]);
    let form = ChangeForm {
        agreement_id: PREMIUM.into(),
        edited: corrected,
        change: TermsChange::Correct,
    };
    c.bench_function("propose_correction_impact", |b| {
        b.iter(|| {
            rt.block_on(terms::propose(&store, &form, as_of))
                .unwrap()
                .impact
                .len()
        });
    });
    c.bench_function("statement_status", |b| {
        b.iter(|| {
            rt.block_on(statements::status(&store, PREMIUM, "2026-10", as_of))
                .unwrap()
                .can_issue
        });
    });

    // Appends go round-robin over many fresh tickets (each waits on the customer and gets a
    // reply, in turn), so histories stay as short as real ones instead of growing with the
    // number of iterations.
    const TICKETS: usize = 4000;
    // The appends move on a minute each, whatever the clock says: a "now" far enough ahead.
    const NOW: Instant = accord_core::instant::LATEST;
    let opened = Instant::parse("2026-11-24T14:00:00Z").unwrap();
    let mut live: Vec<(String, i64, i64, bool)> = (0..TICKETS)
        .map(|i| {
            let id = format!("BENCH-{}-{i}", std::process::id());
            let t = NewTicketForm {
                id: id.clone(),
                agreement_id: "CTRA-APC-WV-PREMIUM".into(),
                opened_at: opened.to_string(),
                priority: Priority::P2,
                channel: Channel::Phone,
                category: "troubleshooting".into(),
                customer: String::new(),
                subject: "bench".into(),
            };
            rt.block_on(tickets::open(&store, t, "bench", NOW)).unwrap();
            (id, 1, opened.0, false)
        })
        .collect();
    let mut next = 0;
    c.bench_function("append_event_with_recompute", |b| {
        b.iter(|| {
            let (id, version, at, waiting) = &mut live[next % TICKETS];
            next += 1;
            *at += 60;
            let kind = if *waiting {
                EventKind::CustomerReplied
            } else {
                EventKind::WaitingOnCustomer
            };
            *waiting = !*waiting;
            let form = EventForm {
                ticket_id: id.clone(),
                version: *version,
                kind,
                at: Instant(*at).to_string(),
                priority: None,
                note: String::new(),
            };
            *version = rt
                .block_on(tickets::add_event(&store, form, "bench", NOW))
                .unwrap();
        });
    });
}

criterion_group!(store_benches, benches);
criterion_main!(store_benches);
