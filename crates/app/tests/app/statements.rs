//! Issued statements over both back ends (a temporary SQLite file, and a real PostgreSQL server
//! when `ACCORD_TEST_POSTGRES` holds an admin URL, as in `backends.rs`): an issued statement is
//! unchanged by a later correction of the terms and by late events, and its restatement lists
//! exactly the tickets that moved, with their causes and the difference in credits; issuing
//! again is explicit and numbered; nothing issued can be changed. A change of terms shows its
//! impact on past periods first, equal to the reports before and after it.

use std::path::{Path, PathBuf};

use accord_app::AppError;
use accord_app::agreements;
use accord_app::import::{self, InputFile};
use accord_app::statements::{self, IssueForm, StatementStatus};
use accord_app::terms::{self, ChangeForm, TermsChange};
use accord_app::tickets::{self, EventForm, NewTicketForm};
use accord_core::Instant;
use accord_core::model::{Channel, EventKind, Priority};
use accord_core::period::Period;
use accord_core::statement::Counted;
use accord_store::{NewStatement, Store, StoreError};

const ID: &str = "CTRA-APC-WV-PREMIUM";

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

fn at(s: &str) -> Instant {
    Instant::parse(s).unwrap()
}

fn now() -> Instant {
    at("2026-12-01T12:00:00Z")
}

fn form(period: &str, supersede: bool) -> IssueForm {
    IssueForm {
        agreement_id: ID.to_owned(),
        period: period.to_owned(),
        supersede,
    }
}

fn moved(s: &StatementStatus) -> Vec<(String, Vec<String>)> {
    s.restatement
        .as_ref()
        .map(|r| {
            r.tickets
                .iter()
                .map(|t| (t.ticket_id.clone(), t.causes.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn rejected(r: Result<StatementStatus, AppError>) -> String {
    match r {
        Err(AppError::Rejected(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

async fn suite(url: &str) {
    let store = Store::open(url).await.unwrap();
    let files = [
        "agreements/basic.toml",
        "agreements/enterprise.toml",
        "agreements/premium.toml",
        "tickets.csv",
        "events.csv",
    ]
    .map(file)
    .to_vec();
    import::files(&store, files, false, "tester", now())
        .await
        .unwrap();

    // A period that has not ended cannot be issued; one that has, can, once.
    let why = rejected(statements::issue(&store, &form("2026-12", false), "dana", now()).await);
    assert!(why.contains("has not ended"), "{why}");
    let open = statements::status(&store, ID, "2026-12", now())
        .await
        .unwrap();
    assert!(!open.can_issue && open.issued.is_none(), "{open:?}");

    let s = statements::issue(&store, &form("2026-10", false), "dana", now())
        .await
        .unwrap();
    let issued = s.issued.clone().unwrap();
    assert_eq!((issued.number, issued.issued_by.as_str()), (1, "dana"));
    assert_eq!(issued.terms, "base terms");
    assert_eq!(issued.credit_total, "125.00 USD");
    assert_eq!(
        issued
            .lines
            .iter()
            .map(|l| (l.ticket_id.as_str(), l.amount.as_str()))
            .collect::<Vec<_>>(),
        [("T-0000113", "125.00 USD")]
    );
    assert!(s.restatement.is_none() && !s.can_issue, "{s:?}");
    let why = rejected(statements::issue(&store, &form("2026-10", true), "dana", now()).await);
    assert!(why.contains("nothing has moved"), "{why}");

    // A correction of the terms (P2 resolution 8h → 2h, retroactive) leaves the issued statement
    // as it was, and the restatement lists exactly the four tickets it breaches.
    let (source, version) = store.agreement_source(ID).await.unwrap().unwrap();
    let corrected = source.replacen(
        "[targets.p2]\nfirst_response = \"1h\"\nresolution = \"8h\"",
        "[targets.p2]\nfirst_response = \"1h\"\nresolution = \"2h\"",
        1,
    );
    assert_ne!(corrected, source);
    // Before saving, the impact: each period that moves, computed by the what-if engine, equal
    // to the reports before and after; October names its issued statement.
    let report = |store: &Store| {
        let store = store.clone();
        async move {
            let (a, set) = accord_app::reports::load(&store, false).await.unwrap();
            let h = accord_app::reports::History::new(a, set, now(), |_| true);
            let i = h.index(ID).unwrap();
            accord_app::reports::metrics_csv(&h, &[i], &[Period::parse("2026-10").unwrap()], now())
        }
    };
    let change = |change| ChangeForm {
        agreement_id: ID.into(),
        edited: corrected.clone(),
        change,
    };
    let p = terms::propose(&store, &change(TermsChange::Correct), now())
        .await
        .unwrap();
    assert_eq!(
        (p.version, p.source.as_str()),
        (version, corrected.as_str())
    );
    let october = p.impact.iter().find(|x| x.period == "2026-10").unwrap();
    let figure = |name: &str| {
        october
            .figures
            .iter()
            .find(|f| f.name == name)
            .map(|f| (f.before.clone(), f.after.clone()))
            .unwrap()
    };
    assert_eq!(
        figure("Resolution compliance"),
        ("95.45%".into(), "77.27%".into())
    );
    assert_eq!(
        figure("Service credits"),
        ("125.00 USD".into(), "1,875.00 USD".into())
    );
    // The four newly breached, and one breached already whose breach instant moves.
    assert_eq!(october.tickets, 5);
    assert!(
        october
            .issued
            .as_deref()
            .is_some_and(|s| s.starts_with("statement 1, issued")),
        "{october:?}"
    );
    assert!(
        p.impact
            .iter()
            .all(|x| !x.figures.is_empty() || x.tickets > 0)
    );
    // The same change as an amendment from mid-October moves only the tickets opened since.
    let amend = terms::propose(
        &store,
        &change(TermsChange::Amend {
            effective: "2026-10-15".into(),
            reference: "Amendment No. 1".into(),
            signed: String::new(),
        }),
        now(),
    )
    .await
    .unwrap();
    assert!(amend.source.starts_with(&source) && amend.source.contains("[[amendments]]"));
    assert!(
        amend.impact.iter().all(|x| x.period.as_str() >= "2026-10"),
        "{:?}",
        amend.impact
    );
    let amended_october = amend.impact.iter().find(|x| x.period == "2026-10").unwrap();
    assert!(
        amended_october.tickets < october.tickets,
        "{amended_october:?}"
    );
    let csv_before = report(&store).await;
    assert!(csv_before.contains(",0.9545,"), "{csv_before}");
    agreements::save(&store, &p.source, Some(p.version), "lee", now())
        .await
        .unwrap();
    let csv_after = report(&store).await;
    assert!(csv_after.contains(",0.7727,"), "{csv_after}");
    assert!(csv_after.contains(",1875.00,"), "{csv_after}");
    let shown = statements::show(&store, ID, "2026-10", None).await.unwrap();
    assert_eq!(shown, issued, "an issued statement never moves");
    let s = statements::status(&store, ID, "2026-10", now())
        .await
        .unwrap();
    let terms = vec!["the terms were changed since issue".to_owned()];
    assert_eq!(
        moved(&s),
        ["T-0000099", "T-0000434", "T-0000450", "T-0000491"].map(|t| (t.to_owned(), terms.clone()))
    );
    let r = s.restatement.clone().unwrap();
    assert_eq!(
        (
            r.credit_issued.as_str(),
            r.credit_now.as_str(),
            r.difference.as_str()
        ),
        ("125.00 USD", "1,875.00 USD", "+1,750.00 USD")
    );
    assert_eq!(r.corrections.len(), 1);
    assert!(r.corrections[0].contains("by lee"), "{:?}", r.corrections);
    let t = &r.tickets[0];
    assert_eq!(
        (
            t.resolution_issued,
            t.resolution_now,
            t.credit_issued.clone()
        ),
        (Counted::Met, Counted::Breached, None)
    );
    assert!(s.can_issue);
    // The agreement's report shows the issued statement and its restatement.
    let (a, set) = accord_app::reports::load(&store, true).await.unwrap();
    let h = accord_app::reports::History::new(a, set, now(), |_| true);
    let html = accord_app::reports::report_file_with(
        &h,
        &accord_app::reports::Scope {
            agreement: Some(ID.into()),
            ..Default::default()
        },
        Period::parse("2026-10").unwrap(),
        now(),
        accord_app::reports::ReportFormat::Html,
        "now",
        accord_app::reports::Extras {
            issued: s.issued_section(),
            ..Default::default()
        },
    )
    .unwrap();
    let html = String::from_utf8(html).unwrap();
    for needle in [
        "<h2>Issued statement</h2>",
        "Statement No. 1, issued 2026-12-01T12:00:00Z by dana",
        "4 tickets moved; credits 125.00 USD → 1,875.00 USD (+1,750.00 USD)",
        "<td>T-0000450</td><td>met</td><td>met → breached</td><td>— → 125.00 USD</td>",
        "Credit statement — recomputed now",
    ] {
        assert!(html.contains(needle), "{needle} not in the report");
    }

    // Issuing again is explicit, and numbered; the first stays as issued.
    let why = rejected(statements::issue(&store, &form("2026-10", false), "dana", now()).await);
    assert!(
        why.contains("supersede") && why.contains("statement 2"),
        "{why}"
    );
    let s2 = statements::issue(&store, &form("2026-10", true), "dana", now())
        .await
        .unwrap();
    let second = s2.issued.clone().unwrap();
    assert_eq!(
        (second.number, second.credit_total.as_str()),
        (2, "1,875.00 USD")
    );
    assert_eq!(s2.superseded, [1]);
    assert!(s2.restatement.is_none());
    assert_eq!(
        statements::show(&store, ID, "2026-10", Some(1))
            .await
            .unwrap(),
        issued
    );

    // Late events: a ticket paused since March is resolved in October (two events), and a
    // ticket opened in October is recorded now. Exactly those two move, each with its cause.
    let version = store.ticket("T-0000500").await.unwrap().unwrap().version;
    let mut v = version;
    for (kind, when) in [
        (EventKind::CustomerReplied, "2026-10-13T14:00:00Z"),
        (EventKind::Resolved, "2026-10-14T15:00:00Z"),
    ] {
        v = tickets::add_event(
            &store,
            EventForm {
                ticket_id: "T-0000500".into(),
                version: v,
                kind,
                at: when.into(),
                priority: None,
                note: "logged late".into(),
            },
            "tester",
            now(),
        )
        .await
        .unwrap();
    }
    tickets::open(
        &store,
        NewTicketForm {
            id: "LATE-1".into(),
            agreement_id: ID.into(),
            opened_at: "2026-10-20T14:00:00Z".into(),
            priority: Priority::P1,
            channel: Channel::Phone,
            category: "troubleshooting".into(),
            customer: String::new(),
            subject: "Logged after the month closed".into(),
        },
        "tester",
        now(),
    )
    .await
    .unwrap();
    let s = statements::status(&store, ID, "2026-10", now())
        .await
        .unwrap();
    assert_eq!(
        moved(&s),
        [
            (
                "LATE-1".to_owned(),
                vec![
                    "not among the statement's tickets at issue (recorded or reopened since)"
                        .to_owned()
                ]
            ),
            (
                "T-0000500".to_owned(),
                vec!["2 events recorded since issue".to_owned()]
            ),
        ]
    );
    let r = s.restatement.unwrap();
    assert_eq!(r.number, 2);
    assert!(r.corrections.is_empty(), "{:?}", r.corrections);
    let late = r.tickets.iter().find(|t| t.ticket_id == "LATE-1").unwrap();
    assert_eq!(late.first_response_issued, Counted::NotCounted);
    assert_eq!(late.first_response_now, Counted::Breached);

    // Listing: both statements, in order.
    let all = statements::list(&store, Some(ID)).await.unwrap();
    assert_eq!(
        all.iter()
            .map(|s| (s.period.as_str(), s.number))
            .collect::<Vec<_>>(),
        [("2026-10", 1), ("2026-10", 2)]
    );

    // A write since the figures were computed is a conflict, and records nothing.
    let stale = NewStatement {
        agreement_id: ID.into(),
        period: "2026-09".into(),
        after_number: 0,
        revision: store.revision().await.unwrap() - 1,
        issued_at: now(),
        issued_by: "dana".into(),
        agreement_version: 1,
        agreement_source: String::new(),
        terms: "base terms".into(),
        credit_total: "0".into(),
        currency: "USD".into(),
        figures: "{}".into(),
    };
    assert!(matches!(
        store.issue_statement(&stale).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(statements::list(&store, Some(ID)).await.unwrap().len(), 2);
    drop(store);
}

#[tokio::test]
async fn statements_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("accord.db");
    let url = format!("sqlite://{}", path.display());
    suite(&url).await;
    // The schema refuses to change what was issued, whoever writes to the file.
    use sqlx::Connection;
    let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
    for sql in [
        "UPDATE statements SET credit_total = '0'",
        "DELETE FROM statements",
    ] {
        let e = sqlx::query(sql).execute(&mut c).await.unwrap_err();
        assert!(e.to_string().contains("cannot be changed"), "{e}");
    }
}

#[tokio::test]
async fn statements_on_postgres() {
    let Some(pg) = crate::PgDatabase::new("accord_statements").await else {
        return;
    };
    let url = pg.url.clone();
    suite(&url).await;
    use sqlx::Connection;
    let mut db = sqlx::PgConnection::connect(&url).await.unwrap();
    for sql in [
        "UPDATE statements SET credit_total = '0'",
        "DELETE FROM statements",
    ] {
        let e = sqlx::query(sql).execute(&mut db).await.unwrap_err();
        assert!(e.to_string().contains("cannot be changed"), "{e}");
    }
    db.close().await.unwrap();
    pg.drop().await;
}
