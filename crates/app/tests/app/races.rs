//! Concurrent writers and readers, run many times on each back end (a temporary SQLite file, and
//! a PostgreSQL server when `ACCORD_TEST_POSTGRES` holds an admin URL, as in `backends.rs`),
//! counting the runs that go wrong: a race shows only now and then, so each test repeats it
//! and asserts that none of the runs went wrong.

#![allow(clippy::print_stderr)] // the counts are the test's report

use std::path::{Path, PathBuf};

use accord_app::AppError;
use accord_app::import::InputFile;
use accord_app::tickets::{self, EventForm};
use accord_core::model::EventKind;
use accord_core::{Instant, runtimes_for};
use accord_store::{Store, StoreError, TicketFilter};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sample")
}

fn basic() -> String {
    std::fs::read_to_string(sample().join("agreements/basic.toml")).unwrap()
}

fn file(name: &str, bytes: impl Into<Vec<u8>>) -> InputFile {
    InputFile {
        name: name.to_owned(),
        bytes: bytes.into(),
    }
}

fn now() -> Instant {
    Instant::parse("2026-11-25T12:00:00Z").unwrap()
}

const TICKETS_HEADER: &str =
    "ticket_id,agreement_id,opened_at,priority,channel,category,customer,subject,csat\n";
const EVENTS_HEADER: &str = "ticket_id,at,kind,note,priority\n";

/// Tickets `{prefix}-0000..` under the Basic agreement, opened and responded to (open).
fn open_tickets(prefix: &str, n: usize) -> Vec<InputFile> {
    let mut t = String::from(TICKETS_HEADER);
    let mut e = String::from(EVENTS_HEADER);
    for i in 0..n {
        t.push_str(&format!(
            "{prefix}-{i:04},CTRA-APC-WV-BASIC,2026-11-20T14:00:00Z,p3,email,troubleshooting,C,S,\n"
        ));
        e.push_str(&format!(
            "{prefix}-{i:04},2026-11-20T15:00:00Z,responded,,\n"
        ));
    }
    vec![file("tickets.csv", t), file("events.csv", e)]
}

/// The back ends to run on: SQLite always, PostgreSQL when a server is given. Each gets a
/// fresh, empty database from `fresh`.
struct Backends {
    dir: tempfile::TempDir,
    admin: Option<String>,
    made: Vec<String>,
}

impl Backends {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            admin: std::env::var("ACCORD_TEST_POSTGRES").ok(),
            made: Vec::new(),
        }
    }

    fn kinds(&self) -> Vec<&'static str> {
        let mut k = vec!["sqlite"];
        if self.admin.is_some() {
            k.push("postgres");
        } else {
            eprintln!("ACCORD_TEST_POSTGRES is not set: PostgreSQL runs skipped");
        }
        k
    }

    /// A URL of a database that does not exist yet (SQLite) or is empty (PostgreSQL).
    async fn fresh(&mut self, kind: &str) -> String {
        let n = self.made.len();
        if kind == "sqlite" {
            let url = format!(
                "sqlite://{}",
                self.dir.path().join(format!("db{n}.db")).display()
            );
            self.made.push(url.clone());
            return url;
        }
        use sqlx::Connection;
        let admin = self.admin.clone().unwrap();
        let name = format!("accord_race_{}_{n}_{}", std::process::id(), now().0);
        let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut c)
            .await
            .unwrap();
        self.made.push(name.clone());
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        format!("{base}/{name}")
    }

    async fn drop_all(&self) {
        use sqlx::Connection;
        let Some(admin) = &self.admin else { return };
        let mut c = sqlx::PgConnection::connect(admin).await.unwrap();
        for name in self.made.iter().filter(|m| !m.starts_with("sqlite")) {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut c)
                .await;
        }
    }
}

/// Appends `kind` at `at` to a ticket as a person would: read it, then write against the
/// version read; a conflict (someone else wrote first) is tried again.
async fn append(store: &Store, id: &str, kind: EventKind, at: Instant) -> Result<i64, AppError> {
    loop {
        let record = store.ticket(id).await?.expect("the ticket exists");
        let form = EventForm {
            ticket_id: id.to_owned(),
            version: record.version,
            kind,
            at: at.to_string(),
            priority: None,
            note: String::new(),
        };
        match tickets::add_event(store, form, "tester", now()).await {
            Err(AppError::Store(StoreError::Conflict(_))) => {}
            other => return other,
        }
    }
}

/// Tickets whose stored summary (open or not, next deadline) is not what the engine computes
/// from their stored events.
async fn stale_summaries(store: &Store) -> Vec<String> {
    let (agreements, set) = accord_app::reports::load(store, false).await.unwrap();
    let runtimes = runtimes_for(&agreements, &set, now());
    let page = store
        .ticket_page(&TicketFilter::default(), 0, 1_000_000)
        .await
        .unwrap();
    let mut stale = Vec::new();
    for row in page.rows {
        let pos = set.position(&row.id).unwrap();
        let t = &set.tickets[pos];
        let s = accord_app::queue::summarise(&runtimes[t.agreement as usize], t, set.events(pos));
        if (s.is_open, s.next_deadline) != (row.is_open, row.next_deadline) {
            stale.push(row.id);
        }
    }
    stale
}

/// Fault 1: `import --update` recomputes the summaries of an agreement's tickets from a history
/// it read before its transaction; tickets resolved meanwhile by another writer must not be
/// stored as open again. The import may be refused as a conflict (or retried), never overwrite.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_import_never_overwrites_tickets_resolved_meanwhile() {
    let mut b = Backends::new();
    let mut failed = Vec::new();
    for kind in b.kinds() {
        let url = b.fresh(kind).await;
        let store = Store::open(&url).await.unwrap();
        let other = Store::open(&url).await.unwrap();
        accord_app::import::files(&store, vec![file("basic.toml", basic())], false, "t", now())
            .await
            .unwrap();
        let (runs, per_run) = (20, 30);
        let (mut bad_runs, mut stale_total, mut conflicts) = (0, 0, 0);
        for run in 0..runs {
            let prefix = format!("R{run:02}");
            accord_app::import::files(&store, open_tickets(&prefix, per_run), false, "t", now())
                .await
                .unwrap();
            let amended = basic().replace("(Basic)", &format!("(Basic, amendment {run})"));
            let importing = accord_app::import::files(
                &store,
                vec![file("basic.toml", amended)],
                true,
                "importer",
                now(),
            );
            let resolving = async {
                for i in 0..per_run {
                    append(
                        &other,
                        &format!("{prefix}-{i:04}"),
                        EventKind::Resolved,
                        now(),
                    )
                    .await
                    .unwrap();
                }
            };
            let (imported, ()) = tokio::join!(importing, resolving);
            match imported {
                Ok(_) => {}
                Err(AppError::Store(StoreError::Conflict(_))) => conflicts += 1,
                Err(e) => panic!("{kind}: the import failed otherwise: {e}"),
            }
            let stale = stale_summaries(&store).await;
            if !stale.is_empty() {
                bad_runs += 1;
                stale_total += stale.len();
            }
        }
        eprintln!(
            "{kind}: {bad_runs} of {runs} runs left {stale_total} tickets with a stale summary ({conflicts} imports refused as conflicts)"
        );
        if bad_runs > 0 {
            failed.push(format!(
                "{kind}: {bad_runs} of {runs} runs left {stale_total} stale summaries"
            ));
        }
    }
    b.drop_all().await;
    assert!(failed.is_empty(), "{failed:?}");
}

/// Fault 5: a ticket is read with its events as one state: its version always counts the
/// events written with it (each append bumps the version once), however the reads and the
/// writes interleave.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_ticket_is_read_with_its_events_as_one_state() {
    let mut b = Backends::new();
    let mut failed = Vec::new();
    for kind in b.kinds() {
        let url = b.fresh(kind).await;
        let store = Store::open(&url).await.unwrap();
        let reader = Store::open(&url).await.unwrap();
        let mut files = vec![file("basic.toml", basic())];
        files.extend(open_tickets("S", 1));
        accord_app::import::files(&store, files, false, "t", now())
            .await
            .unwrap();
        let id = "S-0000";
        let done = std::sync::atomic::AtomicBool::new(false);
        let appends = 400;
        let writing = async {
            for i in 0..appends {
                let kind = if i % 2 == 0 {
                    EventKind::WaitingOnCustomer
                } else {
                    EventKind::CustomerReplied
                };
                append(&store, id, kind, now().plus(-86_400 + i))
                    .await
                    .unwrap();
            }
            done.store(true, std::sync::atomic::Ordering::SeqCst);
        };
        let reading = async {
            let (mut reads, mut torn) = (0, 0);
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let r = reader.ticket(id).await.unwrap().unwrap();
                reads += 1;
                // Imported with one event at version 1; each append adds one and bumps once.
                if r.version != i64::try_from(r.events.len()).unwrap() {
                    torn += 1;
                }
                tokio::task::yield_now().await;
            }
            (reads, torn)
        };
        let ((), (reads, torn)) = tokio::join!(writing, reading);
        eprintln!("{kind}: {torn} of {reads} reads had a version that does not match the events");
        if torn > 0 {
            failed.push(format!("{kind}: {torn} of {reads} reads were torn"));
        }
    }
    b.drop_all().await;
    assert!(failed.is_empty(), "{failed:?}");
}

/// Fault 6: an import and a `ticket event` adding to the same ticket at once: one of them wins,
/// the other is told the ticket changed (a conflict naming it), never a raw constraint error.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_import_and_an_event_on_one_ticket_conflict_in_words() {
    let mut b = Backends::new();
    let mut failed = Vec::new();
    for kind in b.kinds() {
        let url = b.fresh(kind).await;
        let store = Store::open(&url).await.unwrap();
        let other = Store::open(&url).await.unwrap();
        accord_app::import::files(&store, vec![file("basic.toml", basic())], false, "t", now())
            .await
            .unwrap();
        let runs = 50;
        let (mut raw, mut conflicts) = (0, 0);
        let mut seen = std::collections::BTreeSet::new();
        for run in 0..runs {
            let id = format!("E-{run:04}");
            let opened = format!(
                "{TICKETS_HEADER}{id},CTRA-APC-WV-BASIC,2026-11-20T14:00:00Z,p3,email,troubleshooting,C,S,\n"
            );
            accord_app::import::files(
                &store,
                vec![file("tickets.csv", opened.clone())],
                false,
                "t",
                now(),
            )
            .await
            .unwrap();
            let events = format!("{EVENTS_HEADER}{id},2026-11-20T15:00:00Z,responded,,\n");
            let importing = accord_app::import::files(
                &store,
                vec![file("tickets.csv", opened), file("events.csv", events)],
                false,
                "importer",
                now(),
            );
            let adding = async {
                let form = EventForm {
                    ticket_id: id.clone(),
                    version: 1,
                    kind: EventKind::Responded,
                    at: "2026-11-20T15:00:00Z".to_owned(),
                    priority: None,
                    note: String::new(),
                };
                tickets::add_event(&other, form, "tester", now()).await
            };
            let (a, e) = tokio::join!(importing, adding);
            for err in [a.err(), e.err()].into_iter().flatten() {
                match &err {
                    AppError::Store(StoreError::Conflict(m)) if m.contains(&id) => conflicts += 1,
                    _ => {
                        seen.insert(err.to_string());
                        raw += 1;
                    }
                }
            }
        }
        eprintln!(
            "{kind}: {raw} of {runs} runs failed with another error than a conflict naming the ticket ({conflicts} conflicts)"
        );
        if raw > 0 {
            failed.push(format!("{kind}: {raw} of {runs} runs: {seen:?}"));
        }
    }
    b.drop_all().await;
    assert!(failed.is_empty(), "{failed:?}");
}

/// Fault 7: several openers of a new database at once: every one of them opens it (the
/// migrations run once, the others wait for them).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_new_database_opened_by_several_at_once_opens_for_all() {
    let mut b = Backends::new();
    let mut failed = Vec::new();
    for kind in b.kinds() {
        let runs = 20;
        let (mut bad_runs, mut errors) = (0, std::collections::BTreeSet::new());
        for _ in 0..runs {
            let url = b.fresh(kind).await;
            let openers: Vec<_> = (0..6)
                .map(|_| {
                    let url = url.clone();
                    tokio::spawn(async move { Store::open(&url).await.map(|_| ()) })
                })
                .collect();
            let mut failed = false;
            for o in openers {
                if let Err(e) = o.await.unwrap() {
                    failed = true;
                    errors.insert(e.to_string().replace(|c: char| c.is_ascii_digit(), "#"));
                }
            }
            bad_runs += usize::from(failed);
        }
        eprintln!("{kind}: {bad_runs} of {runs} runs failed: {errors:?}");
        if bad_runs > 0 {
            failed.push(format!(
                "{kind}: {bad_runs} of {runs} runs failed: {errors:?}"
            ));
        }
    }
    b.drop_all().await;
    assert!(failed.is_empty(), "{failed:?}");
}

/// Fault 10a: two editors saving the same version of an agreement at once: one save wins, the
/// other is a conflict (never both saved, the later overwriting the earlier).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_saves_of_one_version_never_both_succeed() {
    use accord_app::agreements::{save as save_agreement, source as agreement_source};
    let mut b = Backends::new();
    let mut failed = Vec::new();
    for kind in b.kinds() {
        let url = b.fresh(kind).await;
        let store = Store::open(&url).await.unwrap();
        let other = Store::open(&url).await.unwrap();
        accord_app::import::files(&store, vec![file("basic.toml", basic())], false, "t", now())
            .await
            .unwrap();
        let runs = 40;
        let mut both = 0;
        for run in 0..runs {
            let read = agreement_source(&store, "CTRA-APC-WV-BASIC").await.unwrap();
            let mine = read.source.replace("(Basic", &format!("(Basic A{run}"));
            let theirs = read.source.replace("(Basic", &format!("(Basic B{run}"));
            let (a, b) = tokio::join!(
                save_agreement(&store, &mine, Some(read.version), "alice", now()),
                save_agreement(&other, &theirs, Some(read.version), "bob", now()),
            );
            for r in [&a, &b] {
                if let Err(e) = r
                    && !matches!(e, AppError::Store(StoreError::Conflict(_)))
                {
                    panic!("{kind}: {e}");
                }
            }
            both += usize::from(a.is_ok() && b.is_ok());
        }
        eprintln!("{kind}: both saves of one version succeeded in {both} of {runs} runs");
        if both > 0 {
            failed.push(format!("{kind}: {both} of {runs} runs"));
        }
    }
    b.drop_all().await;
    assert!(failed.is_empty(), "{failed:?}");
}
