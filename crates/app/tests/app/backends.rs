//! One scripted suite over both back ends: a temporary SQLite file, and a real PostgreSQL
//! server when `ACCORD_TEST_POSTGRES` holds an admin URL (`.ci/run` starts one and sets it; in
//! CI a missing server is a failure, not a skip). Each PostgreSQL run works in a database of
//! its own, dropped at the end.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use accord_app::AppError;
use accord_app::import::{self, InputFile};
use accord_app::reports::{load, load_of};
use accord_core::output::{SlaFormat, render_sla};
use accord_core::{Instant, runtimes_for};
use accord_store::{ImportPlan, Store, StoreError};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample")
}

fn file(name: &str) -> InputFile {
    let p = sample().join(name);
    InputFile {
        name: p.display().to_string(),
        bytes: std::fs::read(&p).unwrap(),
    }
}

fn sample_files() -> Vec<InputFile> {
    [
        "agreements/basic.toml",
        "agreements/enterprise.toml",
        "agreements/premium.toml",
        "tickets.csv",
        "events.csv",
    ]
    .into_iter()
    .map(file)
    .collect()
}

fn now() -> Instant {
    // After every event of the suite's files: what has not happened yet is not imported.
    Instant::parse("2026-12-01T12:00:00Z").unwrap()
}

async fn counts(store: &Store) -> (i64, i64, i64) {
    let i = store.check().await.unwrap();
    (i.agreements, i.tickets, i.events)
}

/// The scripted suite, run against one back end.
async fn suite(url: &str) {
    let store = Store::open(url).await.unwrap();
    assert_eq!(counts(&store).await, (0, 0, 0));

    // Import, then import again: nothing changes the second time.
    let s = import::files(&store, sample_files(), false, "tester", now())
        .await
        .unwrap();
    assert_eq!(
        (s.agreements_added, s.tickets_added, s.events_added),
        (3, 600, 2971)
    );
    let after = counts(&store).await;
    assert_eq!(after, (3, 600, 2971));
    let again = import::files(&store, sample_files(), false, "tester", now())
        .await
        .unwrap();
    assert_eq!(
        (
            again.agreements_unchanged,
            again.tickets_unchanged,
            again.events_added
        ),
        (3, 600, 0)
    );
    assert_eq!(counts(&store).await, after);

    // The database gives the file-based rows (in id order, which is the sample's order too).
    let (agreements, tickets) = load(&store, false).await.unwrap();
    let as_of = Instant::parse("2026-11-20T00:00:00Z").unwrap();
    let rows = render_sla(
        &runtimes_for(&agreements, &tickets, as_of),
        &tickets,
        as_of,
        SlaFormat::Csv,
    )
    .concat();
    assert!(
        rows == std::fs::read(sample().join("expected-sla-2026-11-20.csv")).unwrap(),
        "sla from the database differs"
    );

    // Reading one agreement's tickets gives exactly its part of the whole, text included, in
    // the same order; nothing of the others.
    let (_, whole) = load(&store, true).await.unwrap();
    let premium = |a: &accord_core::Agreement| a.id == "CTRA-APC-WV-PREMIUM";
    let (agreements, part) = load_of(&store, premium, true).await.unwrap();
    let p = u32::try_from(agreements.iter().position(premium).unwrap()).unwrap();
    let mine: Vec<usize> = (0..whole.len())
        .filter(|&i| whole.tickets[i].agreement == p)
        .collect();
    assert!(!mine.is_empty() && mine.len() < whole.len());
    assert_eq!(part.len(), mine.len());
    for (j, &i) in mine.iter().enumerate() {
        assert_eq!(part.tickets[j], whole.tickets[i]);
        assert_eq!(part.events(j), whole.events(i));
        assert_eq!(part.notes(j), whole.notes(i));
    }
    // The text was kept (so the comparison above covers it).
    assert!((0..part.len()).any(|j| !part.tickets[j].subject.is_empty()));
    assert!((0..part.len()).any(|j| part.notes(j).iter().any(|n| !n.is_empty())));

    // The agreements list: open tickets from the queue's index, compliance of the month so far
    // from the engine (October 2026 as of its last second: the metrics of `accord report`).
    let list =
        accord_app::agreements::list(&store, Instant::parse("2026-11-01T03:59:59Z").unwrap())
            .await
            .unwrap();
    assert_eq!(
        list.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        [
            "CTRA-APC-WV-BASIC",
            "CTRA-APC-WV-ENT-MOUNTAINEER",
            "CTRA-APC-WV-PREMIUM"
        ]
    );
    let basic = &list[0];
    assert_eq!((basic.month.as_str(), basic.version), ("2026-10", 1));
    // expected-metrics.csv: BASIC 2026-10 res_compliance 0.9231 (12 met, 1 breached).
    assert_eq!(
        basic
            .compliance
            .map(|c| accord_core::credits::round(c, 4).to_string()),
        Some("0.9231".to_owned())
    );
    let open: i64 = list.iter().map(|a| a.open_tickets).sum();
    assert!(open > 0 && open < 600, "{open}");

    // A ticket's page: its record, numbers and timeline.
    let d = accord_app::tickets::detail(&store, "T-0000002", as_of)
        .await
        .unwrap();
    assert_eq!(d.record.events.len(), 5);
    assert_eq!(
        (
            d.explanation.sla.resolution.elapsed_s,
            d.explanation.sla.res_paused_s
        ),
        (79_956, 39_136)
    );
    let counted: i64 = d.explanation.resolution.iter().map(|s| s.counted_s).sum();
    assert_eq!(counted, 79_956);

    // One bad row at the very end of a file: every error listed, nothing stored.
    let mut events = file("events.csv");
    events
        .bytes
        .extend_from_slice(b"T-0000001,2026-11-30T00:00:00Z,escalated,,\r\n");
    let mut tickets = file("tickets.csv");
    tickets.bytes.extend_from_slice(
        b"T-9999999,CTRA-APC-WV-BASIC,2026-11-01T12:00:00Z,p2,phone,troubleshooting,,,\r\n",
    );
    let err = import::files(&store, vec![tickets, events], false, "tester", now())
        .await
        .unwrap_err();
    let AppError::Input(e) = err else {
        panic!("{err}")
    };
    assert_eq!(e.errors.len(), 1, "{e}");
    assert_eq!(
        (e.errors[0].line, e.errors[0].key.as_str()),
        (2973, "kind"),
        "{e}"
    );
    assert_eq!(
        counts(&store).await,
        after,
        "a failed import stores nothing"
    );

    // A longer history appends only what is new.
    let mut events = file("events.csv");
    events
        .bytes
        .extend_from_slice(b"T-0000001,2026-11-30T00:00:00Z,reopened,Came back,\r\n");
    let s = import::files(
        &store,
        vec![file("tickets.csv"), events],
        false,
        "tester",
        now(),
    )
    .await
    .unwrap();
    assert_eq!((s.tickets_added, s.events_added), (0, 1));
    // An event that rewrites stored history is refused.
    let mut events = file("events.csv");
    events
        .bytes
        .extend_from_slice(b"T-0000001,2026-11-29T00:00:00Z,closed,,\r\n");
    assert!(matches!(
        import::files(&store, vec![events], false, "tester", now()).await,
        Err(AppError::Input(_))
    ));

    // The event log refuses changes, whoever connects.
    let raw = match url.starts_with("sqlite") {
        true => {
            use sqlx::Connection;
            let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
            sqlx::query("UPDATE events SET note = 'x'")
                .execute(&mut c)
                .await
                .map(|_| ())
        }
        false => {
            use sqlx::Connection;
            let mut c = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::query("DELETE FROM events")
                .execute(&mut c)
                .await
                .map(|_| ())
        }
    };
    assert!(raw.unwrap_err().to_string().contains("append-only"));

    // A changed agreement: refused without --update, replaced with it (tickets recomputed).
    let mut premium = file("agreements/premium.toml");
    premium.bytes = String::from_utf8(premium.bytes)
        .unwrap()
        .replace("resolution = \"4h\"", "resolution = \"5h\"")
        .into_bytes();
    assert!(matches!(
        import::files(&store, vec![premium.clone()], false, "tester", now()).await,
        Err(AppError::Input(_))
    ));
    let s = import::files(&store, vec![premium], true, "tester", now())
        .await
        .unwrap();
    assert_eq!(s.agreements_replaced, 1);
    let stored = store.agreements().await.unwrap();
    let p = stored
        .iter()
        .find(|a| a.agreement.id == "CTRA-APC-WV-PREMIUM")
        .unwrap();
    assert_eq!(
        (p.version, p.agreement.targets[0].resolution_s),
        (2, 5 * 3600)
    );

    // Two writers of the same agreement: the second, holding version 2, gets a conflict and
    // the first one's change stays.
    let other = Store::open(url).await.unwrap();
    let first = ImportPlan {
        replaced_agreements: vec![(p.agreement.clone(), p.source.replace("5h", "6h"), 2)],
        actor: "alice".into(),
        at: now(),
        ..ImportPlan::default()
    };
    let second = ImportPlan {
        replaced_agreements: vec![(p.agreement.clone(), p.source.replace("5h", "7h"), 2)],
        actor: "bob".into(),
        at: now(),
        ..ImportPlan::default()
    };
    store.apply(&first).await.unwrap();
    let conflict = other.apply(&second).await.unwrap_err();
    assert!(matches!(conflict, StoreError::Conflict(_)), "{conflict}");
    assert!(
        conflict.to_string().contains("CTRA-APC-WV-PREMIUM"),
        "{conflict}"
    );
    let now_stored = other.agreements().await.unwrap();
    let p = now_stored
        .iter()
        .find(|a| a.agreement.id == "CTRA-APC-WV-PREMIUM")
        .unwrap();
    assert_eq!(p.version, 3);
    assert!(
        p.source.contains("6h") && !p.source.contains("7h"),
        "alice's change is kept"
    );

    // Alice's raw plan above replaced an agreement without recomputing its tickets (the use
    // cases always do); recompute them as a schema upgrade would, then check the views.
    assert!(
        accord_app::database::refresh_summaries(&store, now())
            .await
            .unwrap()
            > 0
    );
    desktop_views(&store).await;
    amended(&store).await;
}

/// Format v1.1: an amendment saved with the agreement is kept in its TOML of record, read back
/// with it, governs the tickets opened from its date, and is part of the agreement's history.
async fn amended(store: &Store) {
    const ID: &str = "CTRA-APC-WV-PREMIUM";
    let before = accord_app::agreements::source(store, ID).await.unwrap();
    let source = format!(
        "{}{}",
        before.source,
        include_str!("../../../core/tests/fixtures/premium-amendment.toml")
    );
    let saved = accord_app::agreements::save(store, &source, Some(before.version), "tester", now())
        .await
        .unwrap();
    assert_eq!(
        saved.source, source,
        "the TOML of record is kept as written"
    );
    let (agreements, _) = load(store, false).await.unwrap();
    let a = agreements.iter().find(|a| a.id == ID).unwrap();
    assert_eq!(
        a.amendments
            .iter()
            .map(|m| (m.reference.as_str(), m.effective.to_string()))
            .collect::<Vec<_>>(),
        [("Amendment No. 1", "2026-10-15".to_owned())]
    );
    // T-0000450 (P2, opened 2026-10-28) now runs against the amended 2h; T-0000577 (P2,
    // opened 2026-03-25) keeps the base terms' target.
    let target = |id: &'static str| async move {
        let v = accord_app::tickets::view(store, id, now()).await.unwrap();
        (v.agreement_id, v.explanation.sla.resolution.target_s)
    };
    assert_eq!(target("T-0000450").await, (ID.to_owned(), 7200));
    assert_ne!(target("T-0000577").await.1, 7200);
    let terms = |id: &'static str| async move {
        accord_app::tickets::view(store, id, now())
            .await
            .unwrap()
            .terms
    };
    assert_eq!(
        terms("T-0000450").await.as_deref(),
        Some("Amendment No. 1, in force from 2026-10-15")
    );
    assert_eq!(terms("T-0000577").await, None);
    let history = accord_app::agreements::history(store, ID).await.unwrap();
    assert_eq!(history[0].version, saved.version);
    assert!(
        history[0]
            .diff
            .iter()
            .any(|l| l.text == "reference = \"Amendment No. 1\""),
        "the amendment is in the history's diff"
    );
}

/// The desktop app's reads and writes (`accord_app`'s tickets, queue and agreements) over the
/// sample.
#[allow(clippy::too_many_lines)] // one scripted walk through the screens
async fn desktop_views(store: &Store) {
    use accord_app::agreements;
    use accord_app::queue::{self, QueueQuery};
    use accord_app::tickets::{self, EventForm, NewTicketForm, TicketQuery};
    use accord_core::model::{Channel, EventKind, Priority};

    // The queue in pages equals the queue in one go, across the boundary between tickets with
    // a deadline and paused ones.
    let all = queue::page(
        store,
        &QueueQuery {
            limit: 1000,
            ..QueueQuery::default()
        },
        now(),
    )
    .await
    .unwrap();
    let (_, tickets, _) = store.counts().await.unwrap();
    assert!(all.total > 0 && i64::from(all.total) < tickets);
    assert_eq!(all.rows.len(), all.total as usize);
    assert!(
        all.rows.iter().any(|r| r.next_deadline.is_none()),
        "some are paused"
    );
    let mut paged = Vec::new();
    for offset in (0..all.total).step_by(7) {
        let p = queue::page(
            store,
            &QueueQuery {
                offset,
                limit: 7,
                ..QueueQuery::default()
            },
            now(),
        )
        .await
        .unwrap();
        assert_eq!(p.total, all.total);
        paged.extend(p.rows);
    }
    assert_eq!(paged, all.rows);
    let premium = queue::page(
        store,
        &QueueQuery {
            tier: Some(accord_core::model::Tier::Premium),
            limit: 1000,
            ..QueueQuery::default()
        },
        now(),
    )
    .await
    .unwrap();
    assert!(
        premium
            .rows
            .iter()
            .all(|r| r.tier == accord_core::model::Tier::Premium)
    );
    assert!(premium.total < all.total);

    // The stored escalation schedules give, at any later instant, the engine's own level.
    let (agreements, set) = load(store, false).await.unwrap();
    let runtimes = runtimes_for(&agreements, &set, now());
    let mut checked = 0;
    for row in &all.rows {
        let pos = set.tickets.iter().position(|t| *t.id == *row.id).unwrap();
        let t = &set.tickets[pos];
        let rt = &runtimes[t.agreement as usize];
        let last = set.events(pos).last().map_or(t.opened_at, |e| e.at);
        let mut probes = vec![last, now(), now().plus(86_400 * 30)];
        probes.extend(row.escalations.iter().flat_map(|e| [e.at.plus(-1), e.at]));
        for at in probes.into_iter().filter(|at| *at >= last) {
            let sla = accord_core::evaluate(rt, t.opened_at, t.priority, set.events(pos), at);
            let stored = row
                .escalations
                .iter()
                .filter(|e| e.at <= at)
                .map(|e| e.level)
                .fold(row.escalation_level, u32::max);
            assert_eq!(stored, sla.escalation_level, "{} at {at}", row.id);
            checked += 1;
        }
    }
    assert!(checked > all.rows.len());

    // The watcher's look: exactly the open tickets with a level passed in (after, until].
    let (after, until) = (now().plus(-86_400 * 60), now().plus(86_400 * 60));
    let escalating = store.escalating(after, until).await.unwrap();
    let expected: Vec<&str> = all
        .rows
        .iter()
        .filter(|r| r.escalations.iter().any(|e| e.at > after && e.at <= until))
        .map(|r| r.id.as_str())
        .collect();
    let mut got: Vec<&str> = escalating.iter().map(|r| r.id.as_str()).collect();
    got.sort_unstable();
    let mut want = expected.clone();
    want.sort_unstable();
    assert_eq!(got, want);

    // The ticket list: filters, text search (LIKE wildcards are plain text), pages.
    let q = |text: &str, open: Option<bool>| TicketQuery {
        text: text.into(),
        open,
        limit: 1000,
        ..TicketQuery::default()
    };
    let everything = tickets::list(store, &q("", None)).await.unwrap();
    assert_eq!(i64::from(everything.total), tickets);
    let open = tickets::list(store, &q("", Some(true))).await.unwrap();
    assert_eq!(open.total, all.total);
    assert!(open.rows.iter().all(|r| r.is_open));
    let one = tickets::list(store, &q("t-0000002", None)).await.unwrap();
    assert_eq!(
        one.rows.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["T-0000002"]
    );
    assert_eq!(tickets::list(store, &q("%", None)).await.unwrap().total, 0);
    let p1 = tickets::list(
        store,
        &TicketQuery {
            priority: Some(Priority::P1),
            limit: 5,
            offset: 5,
            ..TicketQuery::default()
        },
    )
    .await
    .unwrap();
    assert!(p1.rows.len() == 5 && p1.rows.iter().all(|r| r.priority == Priority::P1));
    assert!(
        p1.rows.windows(2).all(|w| w[0].opened_at >= w[1].opened_at),
        "newest first"
    );

    // A ticket's life through the views: each write bumps the revision the app polls.
    let rev = store.revision().await.unwrap();
    let id = tickets::open(
        store,
        NewTicketForm {
            id: String::new(),
            agreement_id: "CTRA-APC-WV-PREMIUM".into(),
            opened_at: "2026-12-01T11:00:00Z".into(),
            priority: Priority::P1,
            channel: Channel::Phone,
            category: "troubleshooting".into(),
            customer: "Depot 7".into(),
            subject: "Router down".into(),
        },
        "tester",
        now(),
    )
    .await
    .unwrap();
    assert!(id.starts_with("T-") && id.len() == 9, "{id}");
    assert!(store.revision().await.unwrap() > rev);
    let view = tickets::view(store, &id, now()).await.unwrap();
    assert_eq!(
        view.explanation.sla.resolution.state,
        accord_core::model::ClockState::Running
    );
    let event = |kind, version| EventForm {
        ticket_id: id.clone(),
        version,
        kind,
        at: String::new(),
        priority: None,
        // Separators of every packing, a multi-byte letter and a line break: read back as is.
        note: "from the test: 3,2;1 — café\nsecond line".into(),
    };
    let v = tickets::add_event(
        store,
        event(EventKind::WaitingOnCustomer, view.version),
        "tester",
        now(),
    )
    .await
    .unwrap();
    let (_, set) = load(store, true).await.unwrap();
    let at = set.position(&id).unwrap();
    assert_eq!(
        set.notes(at).last().map(|n| &**n),
        Some("from the test: 3,2;1 — café\nsecond line")
    );
    let paused = tickets::view(store, &id, now().plus(600)).await.unwrap();
    assert_eq!(
        paused.explanation.sla.resolution.state,
        accord_core::model::ClockState::Paused
    );
    // Who opened it and who added the event are in its history, on either back end.
    let authors: Vec<_> = paused.history.iter().map(|h| h.by.as_deref()).collect();
    assert_eq!(authors, [Some("tester"), Some("tester")]);
    let row = queue::page(
        store,
        &QueueQuery {
            limit: 1000,
            ..QueueQuery::default()
        },
        now(),
    )
    .await
    .unwrap()
    .rows
    .into_iter()
    .find(|r| r.id == id)
    .unwrap();
    assert_eq!(row.next_deadline, None, "paused: no deadline in the queue");
    // A stale version is a conflict, not an overwrite.
    let stale = tickets::add_event(
        store,
        event(EventKind::Resolved, view.version),
        "tester",
        now(),
    )
    .await;
    assert!(
        matches!(stale, Err(AppError::Store(StoreError::Conflict(_)))),
        "{stale:?}"
    );
    // The engine refuses what would mean nothing, in words.
    let refused = tickets::add_event(store, event(EventKind::Reopened, v), "tester", now()).await;
    assert!(
        matches!(refused, Err(AppError::Store(StoreError::Rejected(_)))),
        "{refused:?}"
    );
    let future = EventForm {
        at: "2027-01-01T00:00:00Z".into(),
        ..event(EventKind::Resolved, v)
    };
    assert!(
        tickets::add_event(store, future, "tester", now())
            .await
            .is_err()
    );
    tickets::add_event(store, event(EventKind::Resolved, v), "tester", now())
        .await
        .unwrap();
    let open_after = queue::page(
        store,
        &QueueQuery {
            limit: 1000,
            ..QueueQuery::default()
        },
        now(),
    )
    .await
    .unwrap();
    assert!(
        open_after.rows.iter().all(|r| r.id != id),
        "resolved: off the queue"
    );

    // Agreements as choices: the same agreements as the list, with their tier, region and scope.
    let choices = agreements::choices(store, now()).await.unwrap();
    let summaries = agreements::list(store, now()).await.unwrap();
    assert_eq!(
        choices
            .iter()
            .map(|c| (&c.id, &c.scope, c.tier, &c.region))
            .collect::<Vec<_>>(),
        summaries
            .iter()
            .map(|a| (&a.id, &a.scope, a.tier, &a.region))
            .collect::<Vec<_>>()
    );
    assert!(choices.iter().all(|c| c.region == "West Virginia"));

    // Agreements from the editor: checked by the engine, saved against the version read.
    let bad = agreements::check("agreement", "id = \"X\"\ncolour = \"blue\"\n");
    assert!(
        bad.errors.iter().any(|e| e.key == "colour" && e.line == 2),
        "{bad:?}"
    );
    let src = agreements::source(store, "CTRA-APC-WV-BASIC")
        .await
        .unwrap();
    assert!(
        agreements::check("agreement", &src.source)
            .errors
            .is_empty()
    );
    let changed = src.source.replace("Basic", "Basic (amended)");
    let saved = agreements::save(store, &changed, Some(src.version), "tester", now())
        .await
        .unwrap();
    assert_eq!(saved.version, src.version + 1);
    let late = agreements::save(store, &src.source, Some(src.version), "tester", now()).await;
    assert!(
        matches!(late, Err(AppError::Store(StoreError::Conflict(_)))),
        "{late:?}"
    );
    let taken = agreements::save(store, &src.source, None, "tester", now()).await;
    assert!(
        matches!(taken, Err(AppError::Store(StoreError::Conflict(_)))),
        "{taken:?}"
    );
    let invalid = agreements::save(store, "id = 3", Some(saved.version), "tester", now()).await;
    assert!(matches!(invalid, Err(AppError::Input(_))));
    assert_eq!(
        agreements::source(store, "CTRA-APC-WV-BASIC")
            .await
            .unwrap(),
        saved,
        "refused saves change nothing"
    );

    // A history is one state of the database: a write between the reading of the agreements
    // and that of the tickets has both read again, and a database that changes at every
    // reading is refused rather than read half before and half after.
    let id = "CTRA-APC-WV-BASIC";
    let mut readings = 0;
    let (stored, set) = store
        .history_between(
            |_| true,
            false,
            async || {
                if readings == 0 {
                    let amended = saved.source.replace("(amended)", "(amended again)");
                    agreements::save(store, &amended, Some(saved.version), "tester", now())
                        .await
                        .unwrap();
                }
                readings += 1;
                Ok(())
            },
        )
        .await
        .unwrap();
    assert_eq!(readings, 2, "read again after the write");
    let basic = stored.iter().find(|s| s.agreement.id == id).unwrap();
    assert_eq!(basic.version, saved.version + 1);
    assert!(basic.agreement.title.contains("(amended again)"));
    assert_eq!(i64::try_from(set.len()).unwrap(), counts(store).await.1);
    let mut n = 0;
    let endless = store
        .history_between(
            |_| true,
            false,
            async || {
                let now_stored = agreements::source(store, id).await.unwrap();
                n += 1;
                let next = now_stored
                    .source
                    .replace("(amended again)", &format!("(amended {n})"))
                    .replace(&format!("(amended {})", n - 1), &format!("(amended {n})"));
                agreements::save(store, &next, Some(now_stored.version), "tester", now())
                    .await
                    .unwrap();
                Ok(())
            },
        )
        .await;
    assert!(
        matches!(endless, Err(StoreError::Conflict(_))),
        "{:?}",
        endless.map(|(a, _)| a.len())
    );
    assert_eq!(n, 5, "five readings, then the conflict");
}

#[tokio::test]
async fn sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested").join("accord.db");
    let url = format!("sqlite://{}", path.display());
    suite(&url).await;

    // Backup: a consistent copy that opens with the same contents.
    let store = Store::open(&url).await.unwrap();
    let copy = dir.path().join("backup.db");
    store.backup(&copy).await.unwrap();
    assert!(matches!(
        store.backup(&copy).await,
        Err(StoreError::Exists(_))
    ));
    let restored = Store::open(&format!("sqlite://{}", copy.display()))
        .await
        .unwrap();
    assert_eq!(counts(&restored).await, counts(&store).await);

    // Export → import into an empty database → export: the same files.
    let files = accord_app::export::files(&store).await.unwrap();
    assert_eq!(files.len(), 5);
    let fresh = Store::open(&format!(
        "sqlite://{}",
        dir.path().join("fresh.db").display()
    ))
    .await
    .unwrap();
    let inputs = files
        .iter()
        .map(|(n, b)| InputFile {
            name: n.clone(),
            bytes: b.clone(),
        })
        .collect();
    import::files(&fresh, inputs, false, "tester", now())
        .await
        .unwrap();
    assert_eq!(counts(&fresh).await, counts(&store).await);
    assert!(
        accord_app::export::files(&fresh).await.unwrap() == files,
        "export → import → export round-trips exactly"
    );

    // A database from a newer Accord is refused, not misread.
    sqlx_newer(&url).await;
    match Store::open(&url).await {
        Err(StoreError::TooNew {
            schema: 999, known, ..
        }) if known < 999 => {}
        other => panic!("expected TooNew, got {other:?}"),
    }
}

/// An in-memory database (which keeps nothing once the app closes, and which the bulk reader
/// cannot open beside the pool) is refused at open.
#[tokio::test]
async fn an_in_memory_database_is_refused() {
    for url in ["sqlite::memory:", "sqlite://accord.db?mode=memory"] {
        let err = Store::open(url).await.unwrap_err();
        assert!(
            matches!(err, StoreError::BadUrl(..)) && err.to_string().contains("sqlite://PATH"),
            "{url}: {err}"
        );
    }
}

/// Another program's SQLite database, chosen by mistake, is refused and left byte for byte
/// as it was (not migrated, not even switched to another journal mode); an empty file is a
/// new database.
#[tokio::test]
async fn a_foreign_sqlite_file_is_refused_untouched() {
    use sqlx::{ConnectOptions, Connection};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.db");
    let url = format!("sqlite://{}", path.display());
    let mut c = sqlx::sqlite::SqliteConnectOptions::from_str(&url)
        .unwrap()
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    sqlx::query("CREATE TABLE people (name TEXT)")
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query("INSERT INTO people VALUES ('Ana')")
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let before = std::fs::read(&path).unwrap();
    match Store::open(&url).await {
        Err(e @ StoreError::NotAccord(..)) => {
            let text = e.to_string();
            assert!(
                text.contains("not Accord's") && text.contains("people"),
                "{text}"
            );
        }
        other => panic!("expected NotAccord, got {other:?}"),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["contacts.db"], "no journal files left beside it");

    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let store = Store::open(&format!("sqlite://{}", empty.display()))
        .await
        .unwrap();
    assert_eq!(counts(&store).await.0, 0);
}

/// Marks a SQLite database as migrated by a future version.
async fn sqlx_newer(url: &str) {
    use sqlx::Connection;
    let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
    sqlx::query("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (999, 'future', 1, x'00', 0)")
        .execute(&mut c)
        .await
        .unwrap();
}

#[tokio::test]
async fn postgres_server() {
    let Ok(admin) = std::env::var("ACCORD_TEST_POSTGRES") else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must provide a PostgreSQL server in ACCORD_TEST_POSTGRES"
        );
        #[allow(clippy::print_stderr)] // the one note a developer without a server should see
        {
            eprintln!(
                "ACCORD_TEST_POSTGRES is not set: PostgreSQL suite not run here (CI runs it)"
            );
        }
        return;
    };
    use sqlx::Connection;
    let name = format!("accord_test_{}_{}", std::process::id(), now().0);
    let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut c)
        .await
        .unwrap();
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
    let url = format!("{base}/{name}");
    suite(&url).await;
    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .execute(&mut c)
        .await
        .unwrap();
}
