//! The demo data loaded alive (issue 22, point 3): moved forward by whole weeks so its history
//! ends in the seven days before the instant it is loaded as of, each ticket on the same weekday
//! and local time, so its clocks count what they counted; some open tickets assigned to the
//! person loading it; as shipped when its history already ends that week.

use accord_app::demo;
use accord_core::Instant;
use accord_store::Store;

fn sla_rows(files: &[accord_app::import::InputFile], as_of: Instant) -> Vec<Vec<String>> {
    let agreements: Vec<accord_core::Agreement> = files[..3]
        .iter()
        .map(|f| {
            accord_core::parse_agreement(&f.name, std::str::from_utf8(&f.bytes).unwrap()).unwrap()
        })
        .collect();
    let set = accord_core::input::read_ticket_set(
        &files[3].name,
        &files[3].bytes,
        &files[4].name,
        &files[4].bytes,
        &agreements,
        accord_core::input::ReadOptions::default(),
    )
    .unwrap();
    let runtimes = accord_core::runtimes_for(&agreements, &set, as_of);
    let csv = accord_core::output::render_sla(
        &runtimes,
        &set,
        as_of,
        accord_core::output::SlaFormat::Csv,
    )
    .concat();
    String::from_utf8(csv)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn the_demo_as_of_its_own_end_is_as_shipped() {
    let (files, days) = demo::files_as_of(Instant::parse("2026-11-20T15:00:00Z").unwrap()).unwrap();
    assert_eq!(days, 0);
    for (f, (name, bytes)) in files.iter().zip(demo::FILES) {
        assert_eq!(f.name, name);
        assert_eq!(f.bytes, bytes, "{name}");
    }
}

#[test]
fn the_demo_moved_to_today_ends_this_week_and_counts_the_same() {
    let shipped_end = Instant::parse("2026-11-20T15:00:00Z").unwrap();
    let today = Instant::parse("2026-12-05T12:00:00Z").unwrap();
    let (moved, days) = demo::files_as_of(today).unwrap();
    assert_eq!(days, 14);
    let (shipped, _) = demo::files_as_of(shipped_end).unwrap();
    // The last instant is in the week before today, never after it.
    let last = String::from_utf8(moved[4].bytes.clone())
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1).and_then(|s| Instant::parse(s).ok()))
        .max()
        .unwrap();
    assert!(last <= today && today.0 - last.0 < 7 * 86_400, "{last}");
    // The agreements' dates moved too: Thanksgiving (a Thursday) is still a Thursday.
    let premium = String::from_utf8(moved[1].bytes.clone()).unwrap();
    assert!(
        premium.contains("{ date = 2026-12-10, name = \"Thanksgiving Day\" }"),
        "{premium}"
    );
    assert!(premium.contains("effective_from = 2026-01-15"), "{premium}");
    // Every ticket's clocks, looked at 14 days later, are what they were: the same states and
    // the same business time (real seconds across a clock change may differ by its hour).
    let before = sla_rows(&shipped, shipped_end);
    let after = sla_rows(&moved, Instant(shipped_end.0 + 14 * 86_400));
    assert_eq!(before.len(), 600);
    let mut hour_apart = 0;
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(
            (&b[0], &b[7], &b[12]),
            (&a[0], &a[7], &a[12]),
            "{b:?} {a:?}"
        );
        // Elapsed first response and resolution (5, 9), then the time paused (10), which is
        // counted in real seconds on either clock.
        for col in [5, 9, 10] {
            let (x, y): (i64, i64) = (b[col].parse().unwrap(), a[col].parse().unwrap());
            if b[3] == "business" && col != 10 {
                assert_eq!(x, y, "{b:?} {a:?}");
            } else if x != y {
                assert_eq!((x - y).abs(), 3600, "{b:?} {a:?}");
                hour_apart += 1;
            }
        }
    }
    assert!(hour_apart < 60, "{hour_apart}");
}

#[tokio::test]
async fn loading_the_demo_assigns_open_tickets_and_a_second_load_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", dir.path().join("a.db").display()))
        .await
        .unwrap();
    let today = Instant::parse("2026-12-05T12:00:00Z").unwrap();
    let r = demo::load(&store, today, "alice").await.unwrap();
    assert_eq!(
        (r.import.tickets_added, r.shifted_days, r.assigned, r.opened),
        (600, 14, 14, 5)
    );
    let mine = store
        .queue(
            &accord_store::QueueFilter {
                assignee: Some("alice".into()),
                ..Default::default()
            },
            100,
        )
        .await
        .unwrap();
    assert_eq!(mine.len(), 14);
    let again = demo::load(&store, today, "alice").await.unwrap();
    assert_eq!(
        (again.import.tickets_added, again.assigned, again.opened),
        (0, 0, 0)
    );
}

/// The day's tickets make a morning's work at the instant the demo is loaded: a P1 due within
/// minutes heads Due soon, one waits on the customer, and each says who opened it.
#[tokio::test]
async fn the_demo_opens_the_days_tickets_so_the_queue_has_live_work() {
    use accord_app::queue::{self, QueueQuery, QueueView};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", dir.path().join("a.db").display()))
        .await
        .unwrap();
    let today = Instant::parse("2026-12-05T12:00:00Z").unwrap();
    demo::load(&store, today, "alice").await.unwrap();
    let view = |view| QueueQuery {
        view,
        limit: 100,
        ..QueueQuery::default()
    };
    let due = queue::page(&store, &view(QueueView::DueSoon), today)
        .await
        .unwrap();
    let first = &due.rows[0];
    assert_eq!(
        (
            first.id.as_str(),
            first.subject.as_str(),
            first.assignee.as_deref()
        ),
        (
            "T-0000601",
            "Core switch down at the main office",
            Some("alice")
        )
    );
    // Premium P1 is on a 24x7 clock, 15 minutes to the first response: opened 12 minutes ago.
    assert_eq!(
        first.next_deadline,
        Some(Instant::parse("2026-12-05T12:03:00Z").unwrap())
    );
    assert!(due.rows.len() >= 3, "{:?}", due.rows);
    let waiting = queue::page(&store, &view(QueueView::Waiting), today)
        .await
        .unwrap();
    assert!(waiting.rows.iter().any(|r| r.id == "T-0000605"));
    let t = accord_app::tickets::view(&store, "T-0000601", today)
        .await
        .unwrap();
    assert_eq!(t.history[0].by.as_deref(), Some("alice"));
    assert_eq!(
        t.history[0].at,
        Instant::parse("2026-12-05T11:48:00Z").unwrap()
    );
}
