//! The queue's views (issue 22, points 1 and 2): due soon, breached, waiting on the customer and
//! all, each with its count, filtered by the priority in force and by text; a ticket that
//! breached and then waits on the customer is filed under waiting, with both instants.

use accord_app::import::{self, InputFile};
use accord_app::queue::{self, QueueQuery, QueueView};
use accord_core::Instant;
use accord_core::model::Priority;
use accord_store::Store;

fn file(name: &str, text: &str) -> InputFile {
    InputFile {
        name: name.to_owned(),
        bytes: text.as_bytes().to_vec(),
    }
}

async fn store() -> (tempfile::TempDir, Store, Instant) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&format!("sqlite://{}", dir.path().join("a.db").display()))
        .await
        .unwrap();
    let as_of = Instant::parse("2026-11-20T15:00:00Z").unwrap();
    accord_app::demo::load(&store, as_of, "alice")
        .await
        .unwrap();
    // Premium P1 (24x7: 15m first response, 4h resolution): opened at 10:00, nobody answered,
    // waiting on the customer from 14:30, after its first response breached. Q-2 opened P4 and
    // became P1; Q-3, a P3 opened at 14:50, is due later (the demo's own open tickets are all
    // late at its end).
    let tickets = "ticket_id,agreement_id,opened_at,priority,channel,category,customer,subject,csat\n\
        Q-1,CTRA-APC-WV-PREMIUM,2026-11-20T10:00:00Z,p1,phone,troubleshooting,Zeta Clinic,Router down at the zeta clinic,\n\
        Q-2,CTRA-APC-WV-PREMIUM,2026-11-20T14:00:00Z,p4,email,troubleshooting,Omega Ltd,Slow portal,\n\
        Q-3,CTRA-APC-WV-PREMIUM,2026-11-20T14:50:00Z,p3,email,troubleshooting,Kappa Inc,New line question,\n";
    let events = "ticket_id,at,kind,note,priority\n\
        Q-1,2026-11-20T14:30:00Z,waiting_on_customer,,\n\
        Q-2,2026-11-20T14:10:00Z,priority_changed,,p1\n";
    import::files(
        &store,
        vec![file("tickets.csv", tickets), file("events.csv", events)],
        false,
        "t",
        as_of,
    )
    .await
    .unwrap();
    (dir, store, as_of)
}

fn query(view: QueueView) -> QueueQuery {
    QueueQuery {
        view,
        limit: 1000,
        ..QueueQuery::default()
    }
}

#[tokio::test]
async fn each_view_holds_its_tickets_in_its_order_with_its_count() {
    let (_dir, store, now) = store().await;
    let all = queue::page(&store, &query(QueueView::All), now)
        .await
        .unwrap();
    let c = all.counts;
    assert_eq!(all.total, c.all);
    // Every open ticket is in exactly one of the other three.
    assert_eq!(c.due_soon + c.breached + c.waiting, c.all, "{c:?}");
    assert!(c.due_soon > 0 && c.breached > 0 && c.waiting > 0, "{c:?}");

    let due = queue::page(&store, &query(QueueView::DueSoon), now)
        .await
        .unwrap();
    assert_eq!((due.total, due.rows.len() as u32), (c.due_soon, c.due_soon));
    assert!(
        due.rows
            .iter()
            .all(|r| r.waiting_since.is_none() && r.next_deadline >= Some(now))
    );
    assert!(
        due.rows
            .windows(2)
            .all(|w| w[0].next_deadline <= w[1].next_deadline)
    );

    let late = queue::page(&store, &query(QueueView::Breached), now)
        .await
        .unwrap();
    assert_eq!(late.rows.len() as u32, c.breached);
    assert!(
        late.rows
            .iter()
            .all(|r| r.waiting_since.is_none() && r.next_deadline.is_some_and(|d| d < now))
    );
    // Most late first.
    assert!(
        late.rows
            .windows(2)
            .all(|w| w[0].next_deadline <= w[1].next_deadline)
    );

    let waiting = queue::page(&store, &query(QueueView::Waiting), now)
        .await
        .unwrap();
    assert_eq!(waiting.rows.len() as u32, c.waiting);
    assert!(
        waiting
            .rows
            .windows(2)
            .all(|w| w[0].waiting_since <= w[1].waiting_since)
    );
    // Breached, then waiting: under waiting, not breached, with both instants.
    let q1 = waiting
        .rows
        .iter()
        .find(|r| r.id == "Q-1")
        .expect("Q-1 waits");
    assert_eq!(
        q1.waiting_since,
        Some(Instant::parse("2026-11-20T14:30:00Z").unwrap())
    );
    assert_eq!(
        q1.breached_at,
        Some(Instant::parse("2026-11-20T10:15:01Z").unwrap())
    );
    assert!(!late.rows.iter().any(|r| r.id == "Q-1"));
}

#[tokio::test]
async fn the_queue_is_filtered_by_the_priority_in_force_and_by_text() {
    let (_dir, store, now) = store().await;
    // Q-2 opened P4 and became P1: it is a P1 now.
    let p1 = queue::page(
        &store,
        &QueueQuery {
            priority: Some(Priority::P1),
            ..query(QueueView::All)
        },
        now,
    )
    .await
    .unwrap();
    let q2 = p1
        .rows
        .iter()
        .find(|r| r.id == "Q-2")
        .expect("Q-2 is a P1 now");
    assert_eq!(
        (q2.priority, q2.current_priority),
        (Priority::P4, Priority::P1)
    );
    assert!(p1.rows.iter().all(|r| r.current_priority == Priority::P1));
    let p4 = queue::page(
        &store,
        &QueueQuery {
            priority: Some(Priority::P4),
            ..query(QueueView::All)
        },
        now,
    )
    .await
    .unwrap();
    assert!(!p4.rows.iter().any(|r| r.id == "Q-2"));
    // Text: in the id, the subject or the customer, any case; the counts follow the filter.
    for text in ["q-1", "ZETA CLINIC", "router down at the zeta"] {
        let found = queue::page(
            &store,
            &QueueQuery {
                text: text.into(),
                ..query(QueueView::All)
            },
            now,
        )
        .await
        .unwrap();
        assert_eq!(
            found.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
            ["Q-1"],
            "{text}"
        );
        assert_eq!((found.counts.all, found.counts.waiting), (1, 1), "{text}");
    }
    // A `%` is text, not a wildcard.
    let none = queue::page(
        &store,
        &QueueQuery {
            text: "%".into(),
            ..query(QueueView::All)
        },
        now,
    )
    .await
    .unwrap();
    assert_eq!(none.counts.all, 0);
}

/// A text many tickets hold is found by walking the view in order, one few hold by finding
/// those tickets first (`accord_store`'s `SPARSE_TEXT`, 5,000): either way a page is the same
/// tickets in the same order, and each count the same, as filtering the whole view by hand.
#[tokio::test]
async fn a_text_many_or_few_tickets_hold_gives_the_same_pages() {
    use std::fmt::Write as _;
    let (_dir, store, now) = store().await;
    let mut tickets = String::from(
        "ticket_id,agreement_id,opened_at,priority,channel,category,customer,subject,csat\n",
    );
    for i in 0..6_000 {
        let opened = Instant(now.0 - 3_600 - i64::from(i) * 97).to_string();
        let subject = if i % 1_000 == 7 {
            "Rare fault"
        } else {
            "Common fault"
        };
        let _ = writeln!(
            tickets,
            "M-{i:05},CTRA-APC-WV-PREMIUM,{opened},p{},email,troubleshooting,Many {i},{subject},",
            i % 4 + 1
        );
    }
    import::files(&store, vec![file("tickets.csv", &tickets)], false, "t", now)
        .await
        .unwrap();
    for view in [QueueView::All, QueueView::DueSoon, QueueView::Breached] {
        let whole = queue::page(
            &store,
            &QueueQuery {
                limit: 1000,
                offset: 0,
                ..query(view)
            },
            now,
        )
        .await
        .unwrap();
        let mut every = Vec::new();
        let mut offset = 0;
        while offset < whole.total {
            let q = QueueQuery {
                offset,
                limit: 1000,
                ..query(view)
            };
            every.extend(queue::page(&store, &q, now).await.unwrap().rows);
            offset += 1000;
        }
        for text in ["common", "RARE"] {
            let want: Vec<_> = every
                .iter()
                .filter(|r| r.subject.to_lowercase().contains(&text.to_lowercase()))
                .map(|r| r.id.clone())
                .collect();
            let q = QueueQuery {
                text: text.into(),
                limit: 150,
                offset: 10,
                ..query(view)
            };
            let page = queue::page(&store, &q, now).await.unwrap();
            let got: Vec<_> = page.rows.iter().map(|r| r.id.clone()).collect();
            let expected: Vec<_> = want.iter().skip(10).take(150).cloned().collect();
            assert_eq!(got, expected, "{view:?} `{text}`");
            assert_eq!(page.total as usize, want.len(), "{view:?} `{text}`");
        }
    }
}
