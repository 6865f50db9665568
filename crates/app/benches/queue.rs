//! The queue's views over 100,000 open tickets (issue 22): a page of each view with the four
//! counts the screen shows, as `accord_app::queue::page` answers the desktop's `queue` command,
//! and the same with a priority and with a text filter (a text some, one and every ticket
//! holds). The history is made here: 100,000
//! tickets opened over the 60 days before the instant measured, none resolved, one in ten
//! waiting on the customer, so every ticket is open and each view has thousands of rows.

use std::fmt::Write as _;

use accord_app::import::{self, InputFile};
use accord_app::queue::{self, QueueQuery, QueueView};
use accord_core::Instant;
use accord_core::model::Priority;
use accord_store::Store;
use criterion::{Criterion, criterion_group, criterion_main};

const TICKETS: u32 = 100_000;
const AGREEMENTS: [&str; 3] = [
    "CTRA-APC-WV-BASIC",
    "CTRA-APC-WV-PREMIUM",
    "CTRA-APC-WV-ENT-MOUNTAINEER",
];

fn history(now: Instant) -> (String, String) {
    let mut tickets = String::from(
        "ticket_id,agreement_id,opened_at,priority,channel,category,customer,subject,csat\n",
    );
    let mut events = String::from("ticket_id,at,kind,note,priority\n");
    for i in 0..TICKETS {
        // Spread over 60 days, in an order unrelated to the ids.
        let opened = now.0 - 60 * 86_400 + i64::from(i.wrapping_mul(2_654_435_761) % (60 * 86_400));
        let at = Instant(opened).to_string();
        let agreement = AGREEMENTS[(i % 3) as usize];
        let priority = ["p1", "p2", "p3", "p4"][(i / 3 % 4) as usize];
        let _ = writeln!(
            tickets,
            "B-{i:06},{agreement},{at},{priority},phone,troubleshooting,Customer {},Line {i} down,",
            i % 997
        );
        if i % 10 == 0 {
            let waiting = Instant((opened + now.0) / 2).to_string();
            let _ = writeln!(events, "B-{i:06},{waiting},waiting_on_customer,,");
        }
    }
    (tickets, events)
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let now = Instant::parse("2026-12-01T12:00:00Z").unwrap();
    let store = rt
        .block_on(Store::open(&format!(
            "sqlite://{}",
            dir.path().join("queue.db").display()
        )))
        .unwrap();
    let sample =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample");
    let (tickets, events) = history(now);
    let mut files: Vec<InputFile> = ["basic.toml", "enterprise.toml", "premium.toml"]
        .iter()
        .map(|f| InputFile {
            name: (*f).to_owned(),
            bytes: std::fs::read(sample.join("agreements").join(f)).unwrap(),
        })
        .collect();
    files.push(InputFile {
        name: "tickets.csv".into(),
        bytes: tickets.into_bytes(),
    });
    files.push(InputFile {
        name: "events.csv".into(),
        bytes: events.into_bytes(),
    });
    rt.block_on(import::files(&store, files, false, "bench", now))
        .unwrap();

    let mut group = c.benchmark_group("queue_100k_open");
    group.sample_size(30);
    let page = |view, priority, text: &str| QueueQuery {
        view,
        priority,
        text: text.into(),
        limit: 200,
        ..QueueQuery::default()
    };
    let cases = [
        ("due_soon", page(QueueView::DueSoon, None, "")),
        ("breached", page(QueueView::Breached, None, "")),
        ("waiting", page(QueueView::Waiting, None, "")),
        ("all", page(QueueView::All, None, "")),
        (
            "due_soon_p1",
            page(QueueView::DueSoon, Some(Priority::P1), ""),
        ),
        // A text some tickets hold (1,101), one ticket holds, and every ticket holds.
        ("all_text", page(QueueView::All, None, "customer 42")),
        ("all_text_one", page(QueueView::All, None, "B-000042")),
        ("all_text_every", page(QueueView::All, None, "down")),
    ];
    for (name, q) in &cases {
        let first = rt.block_on(queue::page(&store, q, now)).unwrap();
        if q.text.is_empty() && q.priority.is_none() {
            assert_eq!(first.counts.all, TICKETS, "every ticket is open");
        }
        assert!(!first.rows.is_empty(), "{name} has rows");
        group.bench_function(*name, |b| {
            b.iter(|| rt.block_on(queue::page(&store, q, now)).unwrap().rows.len());
        });
    }
    group.finish();
}

criterion_group!(queue_benches, benches);
criterion_main!(queue_benches);
