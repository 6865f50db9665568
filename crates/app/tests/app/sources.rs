//! Helpdesk exports read by a mapping profile (`imports.md`): the Zendesk fixtures (shaped as
//! Zendesk's API documents its tickets and audits; see `fixtures/zendesk/README.md`) give the
//! expected Accord tickets and events byte for byte, with the expected counts of what was
//! skipped and mapped to nothing; importing them stores exactly those files (exported back
//! byte for byte, and re-imported into an empty database as the same), and a second import of
//! the same export adds nothing.

use std::path::{Path, PathBuf};

use accord_app::import::InputFile;
use accord_app::profiles::{Profile, SourceKind};
use accord_app::sources::{self, Control, ExportFile, Source as _, zendesk::Zendesk};
use accord_core::{Agreement, Instant, parse_agreement};
use accord_store::Store;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/zendesk")
}

fn file(name: &str) -> InputFile {
    InputFile {
        name: name.to_owned(),
        bytes: std::fs::read(fixtures().join(name)).unwrap(),
    }
}

/// Files in memory, as a source reads them.
fn ex(files: Vec<InputFile>) -> Vec<ExportFile> {
    files.into_iter().map(ExportFile::from).collect()
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/sample")
        .join(name)
}

fn agreements() -> Vec<Agreement> {
    ["basic", "enterprise", "premium"]
        .iter()
        .map(|n| {
            let p = sample(&format!("agreements/{n}.toml"));
            parse_agreement(n, &std::fs::read_to_string(p).unwrap()).unwrap()
        })
        .collect()
}

/// A new SQLite database in `dir` holding the sample's three agreements, and the tests' instant.
async fn store_with_agreements(dir: &Path) -> (Store, Instant) {
    let store = Store::open(&format!("sqlite://{}", dir.join("a.db").display()))
        .await
        .unwrap();
    let now = Instant::parse("2026-12-01T12:00:00Z").unwrap();
    let agreements: Vec<InputFile> = ["basic", "enterprise", "premium"]
        .iter()
        .map(|n| InputFile {
            name: format!("{n}.toml"),
            bytes: std::fs::read(sample(&format!("agreements/{n}.toml"))).unwrap(),
        })
        .collect();
    accord_app::import::files(&store, agreements, false, "t", now)
        .await
        .unwrap();
    (store, now)
}

fn profile() -> Profile {
    let text = std::fs::read_to_string(fixtures().join("profile.toml")).unwrap();
    Profile::parse("profile.toml", &text).unwrap()
}

#[test]
fn zendesk_export_gives_the_expected_tickets_and_events_byte_for_byte() {
    let agreements = agreements();
    let p = profile();
    p.check_against("profile.toml", &agreements).unwrap();
    let files = ex(vec![file("tickets.json"), file("audits.json")]);
    assert!(Zendesk.detect(&files));
    let c = Zendesk
        .convert(&files, &p, &agreements, &Control::default())
        .unwrap();
    let out = c.files(SourceKind::Zendesk);
    let text = |i: usize| String::from_utf8(out[i].bytes.clone()).unwrap();
    let expected = |n: &str| std::fs::read_to_string(fixtures().join(n)).unwrap();
    assert_eq!(text(0), expected("expected-tickets.csv"));
    assert_eq!(text(1), expected("expected-events.csv"));
    assert_eq!(sla_rows(&out), expected("expected-sla.csv"));
    assert_eq!(c.read, 10);
    assert_eq!(
        c.skipped.get("no rule of the profile places it").copied(),
        Some(1)
    );
    assert_eq!(c.tickets.len(), 9);
    // Of the placed tickets' 222 audit events, 36 give events and 186 no event
    // (expected-report.txt); 17 of those are the `Create` of the status and the priority, which
    // give the ticket its opening status and priority, so are not counted as mapped to nothing.
    assert_eq!(c.unmapped.values().sum::<u64>(), 169, "{:#?}", c.unmapped);
    assert_eq!(
        c.unmapped
            .get("Change of status with no effect on the clocks")
            .copied(),
        Some(6)
    );
    assert_eq!(c.unmapped.get("Notification").copied(), Some(33));
    assert_eq!(c.unmapped.get("Comment (private)").copied(), Some(5));
}

#[tokio::test]
async fn a_zendesk_import_stores_the_files_and_a_second_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (store, now) = store_with_agreements(dir.path()).await;
    let profile_text = std::fs::read_to_string(fixtures().join("profile.toml")).unwrap();
    let files = || ex(vec![file("tickets.json"), file("audits.json")]);
    // The preview computes what the import would give, and writes nothing.
    let before = store.revision().await.unwrap();
    let pv = sources::preview(&store, ("profile.toml", &profile_text), &files(), now, 3)
        .await
        .unwrap();
    assert_eq!((pv.read, pv.events), (10, 37));
    assert_eq!(
        pv.tickets.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["ZD-48101", "ZD-48102", "ZD-48103"]
    );
    let first = &pv.tickets[0];
    assert_eq!(first.events.len(), 3, "{:?}", first.events);
    assert_eq!(
        first.sla.resolution.state,
        accord_core::model::ClockState::Met
    );
    assert_eq!(store.revision().await.unwrap(), before);
    assert_eq!(store.counts().await.unwrap().1, 0);
    let r = sources::import(
        &store,
        Some(SourceKind::Zendesk),
        ("profile.toml", &profile_text),
        &files(),
        ("t", now),
        &Control::default(),
    )
    .await
    .unwrap();
    assert_eq!((r.stored.tickets_added, r.stored.events_added), (9, 37));
    assert_eq!(r.placed.get("CTRA-APC-WV-PREMIUM").copied(), Some(4));
    // The export again: nothing new.
    let again = sources::import(
        &store,
        None,
        ("profile.toml", &profile_text),
        &files(),
        ("t", now),
        &Control::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        (
            again.stored.tickets_added,
            again.stored.tickets_unchanged,
            again.stored.events_added
        ),
        (0, 9, 0)
    );
    let ticket = store.ticket("ZD-48104").await.unwrap().unwrap();
    assert_eq!(ticket.priority.as_str(), "p3");
    // Round trip: the database exported as formats.md files holds exactly the expected tickets
    // and events, and they import into an empty database as the same.
    let exported = accord_app::export::files(&store).await.unwrap();
    let get = |name: &str| {
        exported
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
            .unwrap()
    };
    let expected = |n: &str| std::fs::read_to_string(fixtures().join(n)).unwrap();
    assert_eq!(get("tickets.csv"), expected("expected-tickets.csv"));
    assert_eq!(get("events.csv"), expected("expected-events.csv"));
    let other = Store::open(&format!("sqlite://{}", dir.path().join("b.db").display()))
        .await
        .unwrap();
    let inputs = exported
        .iter()
        .map(|(name, bytes)| InputFile {
            name: name.clone(),
            bytes: bytes.clone(),
        })
        .collect();
    let r2 = accord_app::import::files(&other, inputs, false, "t", now)
        .await
        .unwrap();
    assert_eq!((r2.tickets_added, r2.events_added), (9, 37));
    let again: Vec<(String, Vec<u8>)> = accord_app::export::files(&other).await.unwrap();
    assert_eq!(again, exported);
    // A profile for another source is refused before anything is read.
    let e = sources::import(
        &store,
        Some(SourceKind::Servicenow),
        ("profile.toml", &profile_text),
        &files(),
        ("t", now),
        &Control::default(),
    )
    .await
    .unwrap_err();
    assert!(
        e.to_string()
            .contains("reads zendesk exports, not servicenow"),
        "{e}"
    );
}

#[test]
fn profile_problems_are_located() {
    let e = Profile::parse(
        "p.toml",
        "source = \"zendsk\"\nname = \"x\"\ntime_zone = \"Mars/Base\"\n[[agreement]]\nfield = \"tags\"\nequals = \"a\"\ncontains = \"b\"\nagreement = \"X\"\n[status]\nhold = \"wait\"\n",
    )
    .unwrap_err();
    let text = e.to_string();
    for needle in [
        "p.toml:1:10",
        "`zendsk` is not a source",
        "p.toml:3:13",
        "`Mars/Base` is not an IANA time zone",
        "exactly one of `equals` and `contains`",
        "p.toml:10:8",
        "`wait` is not a meaning",
    ] {
        assert!(text.contains(needle), "{needle} not in:\n{text}");
    }
    let unknown = Profile::parse("p.toml", "source = \"zendesk\"\nname = \"x\"\ncolour = 1\n")
        .unwrap_err()
        .to_string();
    assert!(
        unknown.contains("p.toml:3:1") && unknown.contains("colour"),
        "{unknown}"
    );
    let p = Profile::parse(
        "p.toml",
        "source = \"zendesk\"\nname = \"x\"\n[[agreement]]\nfield = \"organization_id\"\nequals = 42\nagreement = \"NOPE\"\n",
    )
    .unwrap();
    let e = p
        .check_against("p.toml", &agreements())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("p.toml:3") && e.contains("there is no agreement `NOPE`"),
        "{e}"
    );
}

/// Any CSV: a helpdesk's flat export ("Id, Subject, Status, Priority, Created at, Solved at")
/// and a status history, read by the profile's column and value maps; instants without an
/// offset in its time zone; statuses by their default meanings; an unknown status counted.
#[test]
fn any_csv_is_read_by_its_profile() {
    let profile = Profile::parse(
        "csv.toml",
        r#"source = "csv"
name = "Flat export"
ticket_prefix = "FX-"
time_zone = "America/New_York"
[columns]
id = "Id"
opened_at = "Created at"
priority = "Priority"
subject = "Subject"
resolved_at = "Solved at"
responded_at = "First reply at"
[history]
ticket = "Ticket"
at = "Changed at"
status = "Status"
priority = "Priority"
[[agreement]]
field = "Org"
equals = "Acme Premium"
agreement = "CTRA-APC-WV-PREMIUM"
[category]
field = "Type"
map = { incident = "troubleshooting", question = "billing_inquiry" }
"#,
    )
    .unwrap();
    let tickets = InputFile {
        name: "export.csv".into(),
        bytes: b"Id,Subject,Status,Priority,Created at,Solved at,Org,Type,First reply at\n\
101,\"Router down, depot\",solved,Urgent,2026-10-05 09:00:00,2026-10-05 12:30:00,Acme Premium,incident,2026-10-05 09:05:00\n\
102,Invoice question,open,High,2026-10-06 10:00,,Acme Premium,question,\n\
103,Unplaced,open,Normal,2026-10-06 10:00,,Other,incident,\n"
            .to_vec(),
    };
    let history = InputFile {
        name: "history.csv".into(),
        bytes: b"Ticket,Changed at,Status,Priority\n\
102,2026-10-06 10:00,New,Low\n\
102,2026-10-07 09:00,Open,High\n\
102,2026-10-06 11:00,Pending,Low\n\
102,2026-10-08 09:00,Mystery,High\n"
            .to_vec(),
    };
    let reader = sources::source(SourceKind::Csv);
    assert!(reader.detect(&ex(vec![tickets.clone(), history.clone()])));
    let c = reader
        .convert(
            &ex(vec![history, tickets]),
            &profile,
            &agreements(),
            &Control::default(),
        )
        .unwrap();
    let out = c.files(SourceKind::Csv);
    assert_eq!(
        String::from_utf8(out[0].bytes.clone()).unwrap(),
        "ticket_id,agreement_id,opened_at,priority,channel,category,customer,subject,csat\n\
FX-101,CTRA-APC-WV-PREMIUM,2026-10-05T13:00:00Z,p1,help_desk,troubleshooting,,\"Router down, depot\",\n\
FX-102,CTRA-APC-WV-PREMIUM,2026-10-06T14:00:00Z,p4,help_desk,billing_inquiry,,Invoice question,\n"
    );
    assert_eq!(
        String::from_utf8(out[1].bytes.clone()).unwrap(),
        "ticket_id,at,kind,note,priority\n\
FX-101,2026-10-05T13:05:00Z,responded,,\n\
FX-101,2026-10-05T16:30:00Z,resolved,,\n\
FX-102,2026-10-06T15:00:00Z,responded,,\n\
FX-102,2026-10-06T15:00:00Z,waiting_on_customer,,\n\
FX-102,2026-10-07T13:00:00Z,priority_changed,,p2\n\
FX-102,2026-10-07T13:00:00Z,customer_replied,,\n"
    );
    assert_eq!(c.skipped.values().sum::<u64>(), 1);
    assert_eq!(
        c.unmapped
            .get("status `Mystery` (not in the profile's [status])")
            .copied(),
        Some(1)
    );
    // A cell that is not an instant is located.
    let bad = InputFile {
        name: "export.csv".into(),
        bytes: b"Id,Created at,Org,Type\n7,yesterday,Acme Premium,incident\n".to_vec(),
    };
    let e = reader
        .convert(&ex(vec![bad]), &profile, &agreements(), &Control::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("export.csv:2:2") && e.contains("`yesterday` is not an instant"),
        "{e}"
    );
}

/// Every source's starter profile reads, and refers only to the agreements it was made for;
/// the Zendesk fixtures are detected as Zendesk's, CSV files as any CSV.
#[test]
fn starter_profiles_read_and_sources_are_detected() {
    let agreements = agreements();
    for kind in SourceKind::ALL {
        let text = sources::template(kind, &agreements);
        let p = Profile::parse("template.toml", &text)
            .unwrap_or_else(|e| panic!("{}: {e}\n{text}", kind.as_str()));
        assert_eq!(p.source, kind);
        assert_eq!(p.rules.len(), 3);
        p.check_against("template.toml", &agreements).unwrap();
    }
    assert_eq!(
        sources::detect(&ex(vec![file("tickets.json"), file("audits.json")])),
        Some(SourceKind::Zendesk)
    );
    let csv = InputFile {
        name: "export.csv".into(),
        bytes: b"Id,Created at\n1,2026-10-01 09:00\n".to_vec(),
    };
    assert_eq!(sources::detect(&ex(vec![csv])), Some(SourceKind::Csv));
}

/// A later export of the same helpdesk (`imports.md`, re-import): new events are appended, a
/// changed subject and a CSAT given since are updated, and a ticket whose history there
/// conflicts with the stored one (an audit removed) is reported and left as stored.
#[tokio::test]
async fn a_later_export_appends_updates_and_reports_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let (store, now) = store_with_agreements(dir.path()).await;
    let profile_text = std::fs::read_to_string(fixtures().join("profile.toml")).unwrap();
    let import = |files: Vec<InputFile>| {
        let store = store.clone();
        let profile_text = profile_text.clone();
        async move {
            sources::import(
                &store,
                None,
                ("profile.toml", &profile_text),
                &ex(files),
                ("t", now),
                &Control::default(),
            )
            .await
            .unwrap()
        }
    };
    import(vec![file("tickets.json"), file("audits.json")]).await;

    let mut tickets: serde_json::Value =
        serde_json::from_slice(&file("tickets.json").bytes).unwrap();
    let mut audits: serde_json::Value = serde_json::from_slice(&file("audits.json").bytes).unwrap();
    for t in tickets["tickets"].as_array_mut().unwrap() {
        match t["id"].as_i64() {
            Some(48101) => {
                t["subject"] = "Line down at the clinic (renamed)".into();
            }
            Some(48109) => {
                t["status"] = "solved".into();
                t["satisfaction_rating"] = serde_json::json!({ "score": "good" });
            }
            _ => {}
        }
    }
    let list = audits["audits"].as_array_mut().unwrap();
    // ZD-48102 loses an audit of its history; ZD-48109 is solved later.
    list.retain(|a| a["id"].as_i64() != Some(41_027_307_091));
    list.push(serde_json::json!({
        "id": 41_027_399_999_i64, "ticket_id": 48109, "created_at": "2026-10-25T15:00:00Z",
        "author_id": 381_540_001_i64, "metadata": {}, "via": { "channel": "web", "source": {} },
        "events": [ { "id": 1, "type": "Change", "field_name": "status", "value": "solved", "previous_value": "open" } ]
    }));
    let later = vec![
        InputFile {
            name: "tickets.json".into(),
            bytes: serde_json::to_vec(&tickets).unwrap(),
        },
        InputFile {
            name: "audits.json".into(),
            bytes: serde_json::to_vec(&audits).unwrap(),
        },
    ];
    let r = import(later).await;
    assert_eq!(
        (
            r.stored.tickets_added,
            r.stored.tickets_updated,
            r.stored.events_added
        ),
        (0, 2, 1),
        "{r:?}"
    );
    assert_eq!(r.stored.conflicts.len(), 1, "{:?}", r.stored.conflicts);
    assert!(
        r.stored.conflicts[0].starts_with("ticket `ZD-48102`: its history"),
        "{:?}",
        r.stored.conflicts
    );
    let t = store.ticket("ZD-48101").await.unwrap().unwrap();
    assert_eq!(t.subject, "Line down at the clinic (renamed)");
    let t = store.ticket("ZD-48109").await.unwrap().unwrap();
    assert_eq!(t.csat, Some(5));
    assert_eq!(
        t.events.last().map(|(e, _)| e.kind.as_str()),
        Some("resolved")
    );
    // ZD-48102 keeps its stored history.
    let t = store.ticket("ZD-48102").await.unwrap().unwrap();
    let expected = std::fs::read_to_string(fixtures().join("expected-events.csv")).unwrap();
    assert_eq!(
        t.events.len(),
        expected
            .lines()
            .filter(|l| l.starts_with("ZD-48102,"))
            .count()
    );
}

/// The fixtures of a source (shaped as its vendor documents the export; see each folder's
/// README) give the expected Accord tickets and events byte for byte.
fn expected_from(kind: SourceKind, folder: &str, files: &[&str]) -> sources::Converted {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder);
    let inputs: Vec<InputFile> = files
        .iter()
        .map(|n| InputFile {
            name: (*n).to_owned(),
            bytes: std::fs::read(dir.join(n)).unwrap(),
        })
        .collect();
    let text = std::fs::read_to_string(dir.join("profile.toml")).unwrap();
    let p = Profile::parse("profile.toml", &text).unwrap();
    p.check_against("profile.toml", &agreements()).unwrap();
    let reader = sources::source(kind);
    let inputs = ex(inputs);
    assert_eq!(sources::detect(&inputs), Some(kind));
    let c = reader
        .convert(&inputs, &p, &agreements(), &Control::default())
        .unwrap();
    let out = c.files(kind);
    let expected = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    assert_eq!(
        String::from_utf8(out[0].bytes.clone()).unwrap(),
        expected("expected-tickets.csv")
    );
    assert_eq!(
        String::from_utf8(out[1].bytes.clone()).unwrap(),
        expected("expected-events.csv")
    );
    assert_eq!(sla_rows(&out), expected("expected-sla.csv"), "{folder}");
    c
}

/// The `accord sla` CSV the converted files give under the sample agreements at the fixtures'
/// instant (each fixture's `expected-sla.csv`, checked by hand for its first tickets).
fn sla_rows(files: &[InputFile]) -> String {
    let set = accord_core::input::read_ticket_set(
        &files[0].name,
        &files[0].bytes,
        &files[1].name,
        &files[1].bytes,
        &agreements(),
        accord_core::input::ReadOptions::default(),
    )
    .unwrap();
    let as_of = Instant::parse("2026-12-01T12:00:00Z").unwrap();
    let runtimes = accord_core::runtimes_for(&agreements(), &set, as_of);
    let parts = accord_core::output::render_sla(
        &runtimes,
        &set,
        as_of,
        accord_core::output::SlaFormat::Csv,
    );
    String::from_utf8(parts.concat()).unwrap()
}

#[test]
fn servicenow_export_gives_the_expected_tickets_and_events() {
    let c = expected_from(
        SourceKind::Servicenow,
        "servicenow",
        &["incident.csv", "sys_audit.csv"],
    );
    assert_eq!((c.read, c.tickets.len()), (8, 7));
    assert_eq!(c.unmapped.values().sum::<u64>(), 8, "{:#?}", c.unmapped);
}

#[test]
fn tmf621_tickets_give_the_expected_tickets_and_events() {
    let c = expected_from(SourceKind::Tmf621, "tmf621", &["troubleTicket.json"]);
    assert_eq!((c.read, c.tickets.len()), (8, 7));
    assert_eq!(c.unmapped.values().sum::<u64>(), 5, "{:#?}", c.unmapped);
    assert_eq!(c.unmapped.get("note").copied(), Some(3));
}

#[test]
fn jira_issues_give_the_expected_tickets_and_events() {
    let c = expected_from(SourceKind::Jira, "jira", &["issues.json"]);
    assert_eq!((c.read, c.tickets.len()), (8, 7));
    assert_eq!(c.unmapped.values().sum::<u64>(), 27, "{:#?}", c.unmapped);
}

#[test]
fn freshdesk_export_gives_the_expected_tickets_and_events() {
    let c = expected_from(
        SourceKind::Freshdesk,
        "freshdesk",
        &["tickets.json", "ticket_activities.json"],
    );
    assert_eq!((c.read, c.tickets.len()), (8, 7));
    assert_eq!(c.unmapped.values().sum::<u64>(), 34, "{:#?}", c.unmapped);
}

/// Every JSON leaf of an export, with a way to reach it again.
fn leaves(
    v: &serde_json::Value,
    path: &mut Vec<serde_json::Value>,
    out: &mut Vec<Vec<serde_json::Value>>,
) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                path.push(k.clone().into());
                leaves(x, path, out);
                path.pop();
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                path.push(i.into());
                leaves(x, path, out);
                path.pop();
            }
        }
        _ => out.push(path.clone()),
    }
}

fn leaf_mut<'v>(
    v: &'v mut serde_json::Value,
    path: &[serde_json::Value],
) -> &'v mut serde_json::Value {
    path.iter().fold(v, |v, k| match k {
        serde_json::Value::String(s) => &mut v[s.as_str()],
        k => &mut v[usize::try_from(k.as_u64().unwrap_or(0)).unwrap_or(0)],
    })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
    /// A malformed export is refused with located problems or read, never a crash: any leaf of
    /// any JSON source's fixture replaced by another kind of value (null, a number, text, a
    /// date-like string, a list).
    #[test]
    fn a_malformed_export_is_refused_or_read_never_a_crash(
        source in 0usize..4,
        picks in proptest::collection::vec((0usize..100_000, 0usize..6), 1..6),
    ) {
        let (kind, folder, names): (SourceKind, &str, &[&str]) = [
            (SourceKind::Zendesk, "zendesk", &["tickets.json", "audits.json"][..]),
            (SourceKind::Jira, "jira", &["issues.json"][..]),
            (SourceKind::Freshdesk, "freshdesk", &["tickets.json", "ticket_activities.json"][..]),
            (SourceKind::Tmf621, "tmf621", &["troubleTicket.json"][..]),
        ][source];
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(folder);
        let mut docs: Vec<serde_json::Value> = names
            .iter()
            .map(|n| serde_json::from_slice(&std::fs::read(dir.join(n)).unwrap()).unwrap())
            .collect();
        for (at, what) in picks {
            let d = at % docs.len();
            let mut all = Vec::new();
            leaves(&docs[d], &mut Vec::new(), &mut all);
            let Some(path) = all.get(at % all.len().max(1)) else { continue };
            *leaf_mut(&mut docs[d], path) = match what {
                0 => serde_json::Value::Null,
                1 => (-1).into(),
                2 => "".into(),
                3 => "2026-13-45T99:99:99Z".into(),
                4 => serde_json::json!([1, "x"]),
                _ => "solved".into(),
            };
        }
        let files: Vec<InputFile> = names
            .iter()
            .zip(&docs)
            .map(|(n, d)| InputFile { name: (*n).to_owned(), bytes: serde_json::to_vec(d).unwrap() })
            .collect();
        let text = std::fs::read_to_string(dir.join("profile.toml")).unwrap();
        let p = Profile::parse("profile.toml", &text).unwrap();
        match sources::source(kind).convert(&ex(files), &p, &agreements(), &Control::default()) {
            Ok(c) => proptest::prop_assert!(c.tickets.len() as u64 <= c.read),
            Err(accord_app::AppError::Input(e)) => proptest::prop_assert!(!e.errors.is_empty()),
            Err(e) => proptest::prop_assert!(false, "{e}"),
        }
    }
}

/// A Zendesk export is streamed from its files: read from paths it gives what it gives from
/// memory, its progress counts every byte read (the tickets file twice: the audits are read
/// first), and a cancel stops it with nothing written.
#[tokio::test]
async fn a_streamed_export_reports_its_progress_and_a_cancel_writes_nothing() {
    use std::sync::{Arc, Mutex};
    let dir = tempfile::tempdir().unwrap();
    let (store, now) = store_with_agreements(dir.path()).await;
    let profile_text = std::fs::read_to_string(fixtures().join("profile.toml")).unwrap();
    let paths = ["tickets.json", "audits.json"].map(|n| fixtures().join(n));
    let files: Vec<ExportFile> = paths
        .iter()
        .map(|p| ExportFile::from_path(p).unwrap())
        .collect();
    let sizes: u64 = files.iter().map(ExportFile::len).sum();
    let tickets_size = files[0].len();

    // Cancelled at its first report: an error that says so, and the database as it was.
    let before = store.revision().await.unwrap();
    let slot: Arc<Mutex<Option<Control>>> = Arc::default();
    let inner = Arc::clone(&slot);
    let ctl = Control::reporting(move |_| {
        if let Some(c) = inner.lock().unwrap().as_ref() {
            c.cancel();
        }
    });
    *slot.lock().unwrap() = Some(ctl.clone());
    let e = sources::import(
        &store,
        None,
        ("profile.toml", &profile_text),
        &files,
        ("t", now),
        &ctl,
    )
    .await
    .unwrap_err();
    assert!(matches!(e, accord_app::AppError::Cancelled), "{e}");
    assert_eq!(
        e.to_string(),
        "the import was cancelled: nothing was written"
    );
    assert_eq!(store.revision().await.unwrap(), before);
    assert_eq!(store.counts().await.unwrap().1, 0);
    assert!(store.profiles().await.unwrap().is_empty());

    // Run whole: every byte counted, the stages in order, the same result as from memory.
    let seen: Arc<Mutex<Vec<sources::Progress>>> = Arc::default();
    let log = Arc::clone(&seen);
    let ctl = Control::reporting(move |p| log.lock().unwrap().push(p));
    let r = sources::import(
        &store,
        None,
        ("profile.toml", &profile_text),
        &files,
        ("t", now),
        &ctl,
    )
    .await
    .unwrap();
    assert_eq!((r.stored.tickets_added, r.stored.events_added), (9, 37));
    let seen = seen.lock().unwrap();
    let last_reading = seen
        .iter()
        .rev()
        .find(|p| p.stage == sources::Stage::Reading)
        .unwrap();
    assert_eq!(last_reading.done, sizes + tickets_size);
    assert_eq!(last_reading.total, sizes + tickets_size);
    let stages: Vec<sources::Stage> = seen.iter().map(|p| p.stage).collect();
    let mut order = stages.clone();
    order.dedup();
    assert_eq!(
        order,
        [
            sources::Stage::Reading,
            sources::Stage::Checking,
            sources::Stage::Writing
        ]
    );
    assert!(seen.windows(2).all(|w| w[0].done <= w[1].done));
    // A thousand reports at most, however large the export.
    assert!(seen.len() <= 1_003, "{}", seen.len());
}

/// A file changed after it was chosen is refused (what was previewed is what is imported), and
/// a streamed file's broken JSON is located by line and column.
#[test]
fn a_changed_or_broken_streamed_file_is_refused_and_located() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audits.json");
    std::fs::write(
        &path,
        std::fs::read(fixtures().join("audits.json")).unwrap(),
    )
    .unwrap();
    let chosen = ExportFile::from_path(&path).unwrap();
    std::fs::write(&path, b"{\"audits\": [\n  {\"id\": 1,\n  oops\n]}").unwrap();
    let p = profile();
    let e = Zendesk
        .convert(
            std::slice::from_ref(&chosen),
            &p,
            &agreements(),
            &Control::default(),
        )
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("changed since it was chosen: choose it again"),
        "{e}"
    );
    let again = ExportFile::from_path(&path).unwrap();
    let e = Zendesk
        .convert(&[again], &p, &agreements(), &Control::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("audits.json:3:3") && e.contains("not valid JSON"),
        "{e}"
    );
}

/// Round trip for every source (`imports.md`): its fixture imported by its profile into a
/// database holding the sample's agreements stores exactly the expected tickets and events (the
/// database exported as `formats.md` files gives them byte for byte), and those files imported
/// into an empty database store the same (exported again byte for byte).
#[tokio::test]
async fn every_source_round_trips_through_the_database() {
    let sources: [(SourceKind, &str, &[&str]); 5] = [
        (
            SourceKind::Zendesk,
            "zendesk",
            &["tickets.json", "audits.json"],
        ),
        (
            SourceKind::Servicenow,
            "servicenow",
            &["incident.csv", "sys_audit.csv"],
        ),
        (SourceKind::Jira, "jira", &["issues.json"]),
        (
            SourceKind::Freshdesk,
            "freshdesk",
            &["tickets.json", "ticket_activities.json"],
        ),
        (SourceKind::Tmf621, "tmf621", &["troubleTicket.json"]),
    ];
    for (kind, folder, names) in sources {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(folder);
        let tmp = tempfile::tempdir().unwrap();
        let (store, now) = store_with_agreements(tmp.path()).await;
        let files: Vec<ExportFile> = names
            .iter()
            .map(|n| ExportFile::from_path(&dir.join(n)).unwrap())
            .collect();
        let profile = std::fs::read_to_string(dir.join("profile.toml")).unwrap();
        let r = sources::import(
            &store,
            Some(kind),
            ("profile.toml", &profile),
            &files,
            ("t", now),
            &Control::default(),
        )
        .await
        .unwrap();
        let expected = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
        let exported = accord_app::export::files(&store).await.unwrap();
        let get = |name: &str| {
            exported
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
                .unwrap()
        };
        assert_eq!(
            get("tickets.csv"),
            expected("expected-tickets.csv"),
            "{folder}"
        );
        assert_eq!(
            get("events.csv"),
            expected("expected-events.csv"),
            "{folder}"
        );
        let expected_tickets = expected("expected-tickets.csv").lines().count() - 1;
        assert_eq!(
            r.stored.tickets_added as usize, expected_tickets,
            "{folder}"
        );
        let other = Store::open(&format!("sqlite://{}", tmp.path().join("b.db").display()))
            .await
            .unwrap();
        let inputs = exported
            .iter()
            .map(|(name, bytes)| InputFile {
                name: name.clone(),
                bytes: bytes.clone(),
            })
            .collect();
        accord_app::import::files(&other, inputs, false, "t", now)
            .await
            .unwrap();
        assert_eq!(
            accord_app::export::files(&other).await.unwrap(),
            exported,
            "{folder}"
        );
    }
}
