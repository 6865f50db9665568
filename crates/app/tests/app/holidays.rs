//! Holidays from an iCalendar file (issue 21, point 5), on SQLite and on PostgreSQL (when
//! `ACCORD_TEST_POSTGRES` holds an admin URL, as in `backends.rs`): reading lists the term's
//! whole-day holidays for approval and writes nothing; adding writes only the approved dates,
//! each into the terms governing it, records where each came from in the same transaction, and
//! moves the SLA figures exactly as a holiday written by hand would; a stale version or a date
//! already listed changes nothing.

use accord_app::holidays::{self, AddHolidays, ApprovedHoliday};
use accord_app::import::{self, InputFile};
use accord_core::Instant;
use accord_store::Store;

fn sample(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/sample")
        .join(name)
}

fn ics() -> String {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../core/tests/fixtures/holidays/us-federal.ics");
    std::fs::read_to_string(p).unwrap()
}

const PREMIUM: &str = "CTRA-APC-WV-PREMIUM";

/// The sample's agreements, tickets and events, with the Premium agreement's text given.
fn sample_with(premium: &str) -> Vec<InputFile> {
    let file = |name: &str, bytes: Vec<u8>| InputFile {
        name: name.to_owned(),
        bytes,
    };
    let mut files = vec![file("premium.toml", premium.as_bytes().to_vec())];
    for n in [
        "agreements/basic.toml",
        "agreements/enterprise.toml",
        "tickets.csv",
        "events.csv",
    ] {
        files.push(file(n, std::fs::read(sample(n)).unwrap()));
    }
    files
}

async fn suite(url: &str) {
    let store = Store::open(url).await.unwrap();
    let now = Instant::parse("2026-12-05T12:00:00Z").unwrap();
    let premium = std::fs::read_to_string(sample("agreements/premium.toml")).unwrap();
    import::files(&store, sample_with(&premium), false, "t", now)
        .await
        .unwrap();

    // Reading writes nothing and marks each date.
    let before = store.revision().await.unwrap();
    let read = holidays::read(&store, PREMIUM, "us-federal.ics", &ics(), now)
        .await
        .unwrap();
    assert_eq!(store.revision().await.unwrap(), before);
    assert_eq!(read.calendar.as_deref(), Some("US Federal Holidays"));
    assert_eq!(
        (read.from.as_str(), read.to.as_str()),
        ("2026-01-01", "2026-12-31")
    );
    let at = |d: &str| read.candidates.iter().find(|c| c.date == d).unwrap();
    assert_eq!(at("2026-11-26").listed.as_deref(), Some("Thanksgiving Day"));
    assert!(at("2026-10-12").past && at("2026-10-12").listed.is_none());
    assert!(!at("2026-12-31").past);
    assert_eq!(at("2026-10-12").weekday, "Mon");
    assert_eq!(read.skipped.len(), 2);

    // Columbus Day, a Monday in October: October's figures move exactly as they do when the
    // same holiday is written in the terms by hand (a second database).
    let october = |store: Store| async move {
        let (a, set) = accord_app::reports::load(&store, false).await.unwrap();
        let h = accord_app::reports::History::new(a, set, now, |_| true);
        let i = h.index(PREMIUM).unwrap();
        let period = accord_core::period::Period::parse("2026-10").unwrap();
        (
            accord_app::reports::metrics_csv(&h, &[i], &[period], now),
            accord_app::reports::sla_csv(&h, &[i], &[period], now),
        )
    };
    let before_add = october(store.clone()).await;
    let form = AddHolidays {
        agreement_id: PREMIUM.into(),
        version: read.version,
        file: read.file.clone(),
        calendar: read.calendar.clone(),
        holidays: vec![
            ApprovedHoliday {
                date: "2026-10-12".into(),
                name: "Columbus Day".into(),
                uid: at("2026-10-12").uid.clone(),
            },
            ApprovedHoliday {
                date: "2026-12-31".into(),
                name: "Year-end agency closure".into(),
                uid: at("2026-12-31").uid.clone(),
            },
        ],
    };
    let added = holidays::add(&store, &form, "alice", now).await.unwrap();
    assert_eq!(
        (added.added, added.past, added.version),
        (2, 1, read.version + 1)
    );
    let stored = accord_app::agreements::source(&store, PREMIUM)
        .await
        .unwrap();
    let a = accord_core::parse_agreement(PREMIUM, &stored.source).unwrap();
    assert!(
        a.calendar
            .holidays
            .iter()
            .any(|h| h.date.to_string() == "2026-10-12" && h.name == "Columbus Day")
    );
    // The rest of the TOML is as it was: two lines added.
    let original = std::fs::read_to_string(sample("agreements/premium.toml")).unwrap();
    assert_eq!(stored.source.lines().count(), original.lines().count() + 2);
    let after_add = october(store.clone()).await;
    assert_ne!(
        before_add.1, after_add.1,
        "a Monday holiday in October moves its clocks"
    );
    let original = std::fs::read_to_string(sample("agreements/premium.toml")).unwrap();
    let by_hand = original.replacen(
        "  { date = 2026-11-26,",
        "  { date = 2026-10-12, name = \"Columbus Day\" },\n  { date = 2026-11-26,",
        1,
    );
    assert_ne!(by_hand, original);
    let dir = tempfile::tempdir().unwrap();
    let other = Store::open(&format!("sqlite://{}", dir.path().join("b.db").display()))
        .await
        .unwrap();
    import::files(&other, sample_with(&by_hand), false, "t", now)
        .await
        .unwrap();
    assert_eq!(october(other).await, after_add);
    let list = holidays::list(&store, PREMIUM).await.unwrap();
    let columbus = list.iter().find(|h| h.date == "2026-10-12").unwrap();
    assert_eq!(columbus.source.as_deref(), Some("us-federal.ics"));
    assert_eq!(columbus.calendar.as_deref(), Some("US Federal Holidays"));
    assert_eq!(
        columbus.added.as_ref().map(|(_, by)| by.as_str()),
        Some("alice")
    );
    assert!(columbus.uid.is_some());
    let written = list.iter().find(|h| h.date == "2026-01-01").unwrap();
    assert_eq!(written.source, None);

    // The same file again against the old version: a conflict, nothing written.
    let revision = store.revision().await.unwrap();
    let e = holidays::add(&store, &form, "alice", now)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("changed by someone else"), "{e}");
    // Against the new version, a date now listed is refused, and nothing is written.
    let again = AddHolidays {
        version: added.version,
        ..form.clone()
    };
    let e = holidays::add(&store, &again, "alice", now)
        .await
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("2026-10-12 is already a holiday (Columbus Day)"),
        "{e}"
    );
    assert_eq!(store.revision().await.unwrap(), revision);
    // No dates approved: refused.
    let none = AddHolidays {
        holidays: Vec::new(),
        ..again
    };
    assert!(holidays::add(&store, &none, "alice", now).await.is_err());
    // A broken file is located by line.
    let e = holidays::read(
        &store,
        PREMIUM,
        "bad.ics",
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2026130\nEND:VEVENT\nEND:VCALENDAR\n",
        now,
    )
    .await
    .unwrap_err();
    assert!(e.to_string().contains("bad.ics:3"), "{e}");
}

#[tokio::test]
async fn holidays_from_a_file_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    suite(&format!("sqlite://{}", dir.path().join("a.db").display())).await;
}

#[tokio::test]
async fn holidays_from_a_file_on_postgres() {
    let Some(db) = crate::PgDatabase::new("accord_holidays").await else {
        return;
    };
    suite(&db.url).await;
    db.drop().await;
}
