//! The ticket writes check their input once, for the desktop and the command line alike
//! (`accord_app::tickets`): text trimmed, blank meaning none, instants not in the future, a
//! CSAT score from 1 to 5. Over a temporary SQLite file; nothing refused is written.

use std::path::Path;

use accord_app::AppError;
use accord_app::import::{self, InputFile};
use accord_app::tickets::{self, Assignment, CsatEntry, EventForm, NewTicketForm};
use accord_core::Instant;
use accord_core::model::{Channel, EventKind, Priority};
use accord_store::{Store, StoreError};

fn now() -> Instant {
    Instant::parse("2026-11-25T12:00:00Z").unwrap()
}

async fn store(dir: &tempfile::TempDir) -> Store {
    let store = Store::open(&format!("sqlite://{}", dir.path().join("a.db").display()))
        .await
        .unwrap();
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/sample/agreements/premium.toml");
    let file = InputFile {
        name: p.display().to_string(),
        bytes: std::fs::read(&p).unwrap(),
    };
    import::files(&store, vec![file], false, "t", now())
        .await
        .unwrap();
    store
}

fn form(id: &str, opened_at: &str) -> NewTicketForm {
    NewTicketForm {
        id: id.to_owned(),
        agreement_id: " CTRA-APC-WV-PREMIUM ".to_owned(),
        opened_at: opened_at.to_owned(),
        priority: Priority::P2,
        channel: Channel::Phone,
        category: "troubleshooting ".to_owned(),
        customer: "  Mountain Co-op\t".to_owned(),
        subject: " Line down ".to_owned(),
    }
}

fn rejected(r: Result<impl std::fmt::Debug, AppError>) -> String {
    match r {
        Err(AppError::Rejected(m) | AppError::Store(StoreError::Rejected(m))) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_new_ticket_is_trimmed_and_numbered_and_never_opened_in_the_future() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir).await;

    let id = tickets::open(&store, form("  ", "2026-11-25T09:00:00Z"), now())
        .await
        .unwrap();
    assert_eq!(id, "T-0000001", "a blank id takes the next free number");
    let r = tickets::record(&store, &id).await.unwrap().unwrap();
    assert_eq!(
        (r.customer.as_str(), r.subject.as_str(), r.category.as_str()),
        ("Mountain Co-op", "Line down", "troubleshooting")
    );
    assert_eq!(r.opened_at, Instant::parse("2026-11-25T09:00:00Z").unwrap());

    // Empty is now; five minutes ahead is clock skew; more is refused, and nothing is written.
    let id = tickets::open(&store, form(" X-1 ", ""), now())
        .await
        .unwrap();
    assert_eq!(id, "X-1");
    let r = tickets::record(&store, "X-1").await.unwrap().unwrap();
    assert_eq!(r.opened_at, now());
    tickets::open(&store, form("X-2", "2026-11-25T12:05:00Z"), now())
        .await
        .unwrap();
    let m = rejected(tickets::open(&store, form("X-3", "2026-11-25T12:05:01Z"), now()).await);
    assert!(m.starts_with("opened at: "), "{m}");
    let m = rejected(tickets::open(&store, form("X-3", "yesterday"), now()).await);
    assert!(m.starts_with("opened at: "), "{m}");
    assert!(tickets::record(&store, "X-3").await.unwrap().is_none());
}

#[tokio::test]
async fn events_assignees_and_scores_are_checked_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir).await;
    let id = tickets::open(&store, form("A-1", "2026-11-25T09:00:00Z"), now())
        .await
        .unwrap();
    let event = |at: &str, version| EventForm {
        ticket_id: format!(" {id} "),
        version,
        kind: EventKind::Responded,
        at: at.to_owned(),
        priority: Some(Priority::P1),
        note: "  called back \n".to_owned(),
    };
    let m = rejected(tickets::add_event(&store, event("2026-11-26T00:00:00Z", 1), now()).await);
    assert!(m.starts_with("at: "), "{m}");
    let v = tickets::add_event(&store, event("2026-11-25T10:00:00Z", 1), now())
        .await
        .unwrap();
    let r = tickets::record(&store, &id).await.unwrap().unwrap();
    assert_eq!(r.events.len(), 1);
    assert_eq!(r.events[0].1, "called back", "the note is trimmed");
    assert_eq!(
        r.events[0].0.priority, None,
        "a priority only goes with priority_changed"
    );

    let assign = |who: &str, version| Assignment {
        ticket_id: id.clone(),
        version,
        assignee: Some(who.to_owned()),
    };
    let v = tickets::assign(&store, assign("  dana ", v)).await.unwrap();
    let r = tickets::record(&store, &id).await.unwrap().unwrap();
    assert_eq!(r.assignee.as_deref(), Some("dana"));
    let v = tickets::assign(&store, assign("   ", v)).await.unwrap();
    let r = tickets::record(&store, &id).await.unwrap().unwrap();
    assert_eq!(r.assignee, None, "a blank name clears the assignee");

    let score = |csat, version| CsatEntry {
        ticket_id: id.clone(),
        version,
        csat,
    };
    for bad in [0, 6, 255] {
        let m = rejected(tickets::set_csat(&store, score(Some(bad), v)).await);
        assert_eq!(m, "CSAT is a score from 1 to 5");
    }
    assert_eq!(
        tickets::record(&store, &id).await.unwrap().unwrap().version,
        v,
        "a refused score writes nothing"
    );
    let v = tickets::set_csat(&store, score(Some(5), v)).await.unwrap();
    assert_eq!(
        tickets::record(&store, &id).await.unwrap().unwrap().csat,
        Some(5)
    );
    tickets::set_csat(&store, score(None, v)).await.unwrap();
    assert_eq!(
        tickets::record(&store, &id).await.unwrap().unwrap().csat,
        None
    );
}
