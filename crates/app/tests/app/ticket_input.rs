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

    let id = tickets::open(&store, form("  ", "2026-11-25T09:00:00Z"), "tester", now())
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
    let id = tickets::open(&store, form(" X-1 ", ""), "tester", now())
        .await
        .unwrap();
    assert_eq!(id, "X-1");
    let r = tickets::record(&store, "X-1").await.unwrap().unwrap();
    assert_eq!(r.opened_at, now());
    tickets::open(&store, form("X-2", "2026-11-25T12:05:00Z"), "tester", now())
        .await
        .unwrap();
    let m =
        rejected(tickets::open(&store, form("X-3", "2026-11-25T12:05:01Z"), "tester", now()).await);
    assert!(m.starts_with("opened at: "), "{m}");
    let m = rejected(tickets::open(&store, form("X-3", "yesterday"), "tester", now()).await);
    assert!(m.starts_with("opened at: "), "{m}");
    assert!(tickets::record(&store, "X-3").await.unwrap().is_none());
}

#[tokio::test]
async fn events_assignees_and_scores_are_checked_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir).await;
    let id = tickets::open(&store, form("A-1", "2026-11-25T09:00:00Z"), "tester", now())
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
    let m = rejected(
        tickets::add_event(&store, event("2026-11-26T00:00:00Z", 1), "tester", now()).await,
    );
    assert!(m.starts_with("at: "), "{m}");
    let v = tickets::add_event(&store, event("2026-11-25T10:00:00Z", 1), "tester", now())
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
    let v = tickets::assign(&store, assign("  dana ", v), "tester", now())
        .await
        .unwrap();
    let r = tickets::record(&store, &id).await.unwrap().unwrap();
    assert_eq!(r.assignee.as_deref(), Some("dana"));
    let v = tickets::assign(&store, assign("   ", v), "tester", now())
        .await
        .unwrap();
    let r = tickets::record(&store, &id).await.unwrap().unwrap();
    assert_eq!(r.assignee, None, "a blank name clears the assignee");

    let score = |csat, version| CsatEntry {
        ticket_id: id.clone(),
        version,
        csat,
    };
    for bad in [0, 6, 255] {
        let m = rejected(tickets::set_csat(&store, score(Some(bad), v), "tester", now()).await);
        assert_eq!(m, "CSAT is a score from 1 to 5");
    }
    assert_eq!(
        tickets::record(&store, &id).await.unwrap().unwrap().version,
        v,
        "a refused score writes nothing"
    );
    let v = tickets::set_csat(&store, score(Some(5), v), "tester", now())
        .await
        .unwrap();
    assert_eq!(
        tickets::record(&store, &id).await.unwrap().unwrap().csat,
        Some(5)
    );
    tickets::set_csat(&store, score(None, v), "tester", now())
        .await
        .unwrap();
    assert_eq!(
        tickets::record(&store, &id).await.unwrap().unwrap().csat,
        None
    );
}

/// Every change made in Accord is in the ticket's history with who made it and when:
/// opening, events, assignments (also cleared) and scores. A refused change leaves no line.
#[tokio::test]
async fn the_history_says_who_did_what_and_records_assignments() {
    use accord_app::tickets::HistoryKind::{Assigned, Csat, Event, Opened};
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir).await;
    let at = |s: &str| Instant::parse(s).unwrap();
    let id = tickets::open(
        &store,
        form("H-1", "2026-11-25T09:00:00Z"),
        "avery",
        at("2026-11-25T09:01:00Z"),
    )
    .await
    .unwrap();
    let v = tickets::add_event(
        &store,
        EventForm {
            ticket_id: id.clone(),
            version: 1,
            kind: EventKind::Responded,
            at: "2026-11-25T09:30:00Z".into(),
            priority: None,
            note: "called back".into(),
        },
        "blake",
        at("2026-11-25T09:45:00Z"),
    )
    .await
    .unwrap();
    let assign = |who: &str, version| Assignment {
        ticket_id: id.clone(),
        version,
        assignee: Some(who.to_owned()),
    };
    let v = tickets::assign(
        &store,
        assign("dana", v),
        "avery",
        at("2026-11-25T10:00:00Z"),
    )
    .await
    .unwrap();
    // A stale version is refused and recorded nowhere.
    assert!(
        tickets::assign(
            &store,
            assign("eve", v - 1),
            "mallory",
            at("2026-11-25T10:30:00Z")
        )
        .await
        .is_err()
    );
    let v = tickets::assign(&store, assign(" ", v), "blake", at("2026-11-25T11:00:00Z"))
        .await
        .unwrap();
    let score = CsatEntry {
        ticket_id: id.clone(),
        version: v,
        csat: Some(4),
    };
    tickets::set_csat(&store, score, "dana", at("2026-11-25T11:30:00Z"))
        .await
        .unwrap();

    let view = tickets::view(&store, &id, now()).await.unwrap();
    let lines: Vec<_> = view
        .history
        .iter()
        .map(|h| {
            (
                h.kind,
                h.at.to_string(),
                h.text.as_str(),
                h.by.as_deref(),
                h.recorded_at.map(|r| r.to_string()),
            )
        })
        .collect();
    let r = |s: &str| Some(s.to_owned());
    assert_eq!(
        lines,
        [
            (
                Opened,
                "2026-11-25T09:00:00Z".into(),
                "",
                Some("avery"),
                r("2026-11-25T09:01:00Z")
            ),
            (
                Event,
                "2026-11-25T09:30:00Z".into(),
                "called back",
                Some("blake"),
                r("2026-11-25T09:45:00Z")
            ),
            (
                Assigned,
                "2026-11-25T10:00:00Z".into(),
                "dana",
                Some("avery"),
                r("2026-11-25T10:00:00Z")
            ),
            (
                Assigned,
                "2026-11-25T11:00:00Z".into(),
                "",
                Some("blake"),
                r("2026-11-25T11:00:00Z")
            ),
            (
                Csat,
                "2026-11-25T11:30:00Z".into(),
                "4",
                Some("dana"),
                r("2026-11-25T11:30:00Z")
            ),
        ]
    );
    assert_eq!(view.history[1].event, Some(EventKind::Responded));
    assert_eq!(view.history[0].priority, Some(Priority::P2));
}

/// A ticket from an import has no author in Accord, and its history says none rather than
/// guessing one (the importer is not the person who answered the customer).
#[tokio::test]
async fn an_imported_ticket_names_no_author() {
    let dir = tempfile::tempdir().unwrap();
    let store = store(&dir).await;
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample");
    let names = ["agreements/basic.toml", "agreements/enterprise.toml"];
    let files = names
        .into_iter()
        .chain(["tickets.csv", "events.csv"])
        .map(|f| InputFile {
            name: f.to_owned(),
            bytes: std::fs::read(sample.join(f)).unwrap(),
        })
        .collect();
    import::files(&store, files, false, "importer", now())
        .await
        .unwrap();
    let view = tickets::view(&store, "T-0000002", now()).await.unwrap();
    assert!(view.history.len() > 1, "{:?}", view.history);
    assert!(
        view.history
            .iter()
            .all(|h| h.by.is_none() && h.recorded_at.is_none())
    );
}
