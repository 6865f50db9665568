//! One scripted suite over both back ends: a temporary SQLite file, and a real PostgreSQL
//! server when `ACCORD_TEST_POSTGRES` holds an admin URL (`.ci/run` starts one and sets it; in
//! CI a missing server is a failure, not a skip). Each PostgreSQL run works in a database of
//! its own, dropped at the end.

use std::path::{Path, PathBuf};

use accord_app::{AppError, InputFile, import, load};
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
    Instant::parse("2026-11-25T12:00:00Z").unwrap()
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
    let s = import(&store, sample_files(), false, "tester", now())
        .await
        .unwrap();
    assert_eq!(
        (s.agreements_added, s.tickets_added, s.events_added),
        (3, 600, 2971)
    );
    let after = counts(&store).await;
    assert_eq!(after, (3, 600, 2971));
    let again = import(&store, sample_files(), false, "tester", now())
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

    // The agreements list: open tickets from the queue's index, compliance of the month so far
    // from the engine (October 2026 as of its last second: the metrics of `accord report`).
    let list =
        accord_app::agreement_summaries(&store, Instant::parse("2026-11-01T03:59:59Z").unwrap())
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
            .map(|c| accord_core::metrics::round(c, 4).to_string()),
        Some("0.9231".to_owned())
    );
    let open: i64 = list.iter().map(|a| a.open_tickets).sum();
    assert!(open > 0 && open < 600, "{open}");

    // A ticket's page: its record, numbers and timeline.
    let d = accord_app::ticket_detail(&store, "T-0000002", as_of)
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
    let err = import(&store, vec![tickets, events], false, "tester", now())
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
    let s = import(
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
        import(&store, vec![events], false, "tester", now()).await,
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
        import(&store, vec![premium.clone()], false, "tester", now()).await,
        Err(AppError::Input(_))
    ));
    let s = import(&store, vec![premium], true, "tester", now())
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
    let files = accord_app::export(&store).await.unwrap();
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
    import(&fresh, inputs, false, "tester", now())
        .await
        .unwrap();
    assert_eq!(counts(&fresh).await, counts(&store).await);
    assert!(
        accord_app::export(&fresh).await.unwrap() == files,
        "export → import → export round-trips exactly"
    );

    // A database from a newer Accord is refused, not misread.
    sqlx_newer(&url).await;
    match Store::open(&url).await {
        Err(StoreError::TooNew {
            schema: 999,
            known: 1,
            ..
        }) => {}
        other => panic!("expected TooNew, got {other:?}"),
    }
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
