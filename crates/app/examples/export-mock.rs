//! The browser mock's data (`ui/src/lib/ipc/mock/data/*.json`): the real engine's answers over
//! the demo data (`crates/app/demo`) and a few fixture tickets the browser tests need
//! (`ui/src/lib/ipc/mock/fixture`), imported into a temporary SQLite store and asked at one
//! fixed instant, [`AS_OF`]. The mock answers from these files and computes nothing itself.
//! Output is deterministic (sorted maps, one entry a line): `scripts/check-mock-data` runs
//! this and fails when the committed files differ.
//!
//! `cargo run -p accord-app --example export-mock [-- <output folder>]`
//!
//! Every call into `accord_app` goes through the few functions of the `engine` module below,
//! so a move of the use cases is a change in one place.
//!
//! One file though it passes 600 lines: it is a script of the demo's questions (every
//! dashboard, drill-down, what-if and ticket the browser tests open), read top to bottom.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::{Path, PathBuf};

use accord_app::AppError;
use accord_app::reports::{Drill, History, ReportFormat, Scope};
use accord_core::Instant;
use accord_core::model::{EventKind, Tier};
use serde_json::{Value, json};

/// The instant every answer is as of (a Friday, 10:00 in the agreements' zone): November 2026
/// is to date, October has ended, December has not started.
const AS_OF: &str = "2026-11-20T15:00:00Z";
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
const FIXTURE: &str = "ui/src/lib/ipc/mock/fixture";
/// The agreement the what-if fixtures are replayed against.
const PREMIUM: &str = "CTRA-APC-WV-PREMIUM";

type Res<T> = Result<T, Box<dyn Error>>;

/// The few calls into the use cases, in one place.
mod engine {
    use accord_app::import::InputFile;
    use accord_app::queue::QueueQuery;
    use accord_app::reports::{self, History};
    use accord_app::tickets::{EventForm, TicketQuery};
    use accord_app::{AppError, agreements, database, queue, tickets};
    use accord_core::Instant;
    use accord_store::Store;
    use serde_json::{Value, to_value};

    pub type Out = Result<Value, AppError>;

    pub fn json<T: serde::Serialize>(r: Result<T, AppError>) -> Out {
        r.map(|v| to_value(v).expect("the views serialise"))
    }

    pub async fn open(path: &std::path::Path, now: Instant) -> Result<Store, AppError> {
        database::open(&accord_store::sqlite_url(path), now).await
    }
    pub async fn import(store: &Store, files: Vec<(String, Vec<u8>)>, now: Instant) -> Out {
        let files = files
            .into_iter()
            .map(|(name, bytes)| InputFile { name, bytes })
            .collect();
        json(accord_app::import::files(store, files, false, "demo", now).await)
    }
    pub async fn overview(store: &Store) -> Out {
        json(database::overview(store).await)
    }
    pub async fn agreements(store: &Store, now: Instant) -> Out {
        json(agreements::list(store, now).await)
    }
    pub async fn choices(store: &Store, now: Instant) -> Out {
        json(agreements::choices(store, now).await)
    }
    pub async fn source(store: &Store, id: &str) -> Out {
        json(agreements::source(store, id).await)
    }
    pub async fn agreement_history(store: &Store, id: &str) -> Out {
        json(agreements::history(store, id).await)
    }
    pub fn check(source: &str) -> Value {
        to_value(agreements::check("agreement", source)).expect("the check serialises")
    }
    pub async fn tickets(store: &Store, offset: u32) -> Out {
        let q = TicketQuery {
            offset,
            limit: 1000,
            ..TicketQuery::default()
        };
        json(tickets::list(store, &q).await)
    }
    pub async fn queue(store: &Store, offset: u32, now: Instant) -> Out {
        let q = QueueQuery {
            offset,
            limit: 1000,
            ..QueueQuery::default()
        };
        json(queue::page(store, &q, now).await)
    }
    pub async fn ticket(store: &Store, id: &str, now: Instant) -> Out {
        json(tickets::view(store, id, now).await)
    }
    pub async fn add_event(store: &Store, form: EventForm, now: Instant) -> Out {
        json(tickets::add_event(store, form, "demo", now).await)
    }
    pub async fn history(store: &Store, now: Instant) -> Result<History, AppError> {
        let (agreements, set) = reports::load(store, true).await?;
        Ok(History::new(agreements, set, now, |_| true))
    }
    pub fn dashboard(h: &History, scope: &reports::Scope, period: &str, now: Instant) -> Out {
        json(reports::dashboard(h, scope, period, now))
    }
    pub fn drill(h: &History, d: &reports::Drill, now: Instant) -> Out {
        json(reports::drill(h, d, now))
    }
    pub fn report_name(
        scope: &reports::Scope,
        period: &str,
        f: reports::ReportFormat,
    ) -> Option<String> {
        let p = reports::parse_period(period).ok()?;
        Some(reports::report_file_name(scope, p, f))
    }
    /// As the desktop command does it: the period, then the changed TOML, then the replay.
    pub fn what_if(h: &History, id: &str, source: &str, period: &str, now: Instant) -> Out {
        let p = reports::parse_period(period)?;
        let changed =
            accord_core::parse_agreement("changed agreement", source).map_err(AppError::Input)?;
        json(reports::what_if(h, id, changed, p, now))
    }
}

/// An error as the desktop app sends it (`src-tauri/src/error.rs`).
fn error_json(e: AppError) -> Value {
    use accord_store::StoreError;
    let simple =
        |code: &str, message: String| json!({ "code": code, "message": message, "details": [] });
    match e {
        AppError::Input(errors) => {
            let n = errors.errors.len();
            let more = if errors.truncated { " (and more)" } else { "" };
            let message = if n == 1 {
                "1 problem was found; nothing was changed".to_owned()
            } else {
                format!("{n} problems were found{more}; nothing was changed")
            };
            json!({ "code": "input", "message": message, "details": errors.errors })
        }
        AppError::Rejected(m) => simple("rejected", m),
        AppError::Report(m) => simple("internal", format!("the report could not be made: {m}")),
        e @ AppError::Cancelled => simple("cancelled", e.to_string()),
        AppError::Store(s) => {
            let code = match &s {
                StoreError::Conflict(_) => "conflict",
                StoreError::NotFound(_) => "not_found",
                StoreError::Rejected(_) => "rejected",
                StoreError::Io(..) | StoreError::Exists(_) => "io",
                _ => "database",
            };
            simple(code, s.to_string())
        }
    }
}

/// An answer or the error the desktop app would send instead.
fn answer(r: engine::Out) -> Value {
    match r {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "error": error_json(e) }),
    }
}

fn ok(r: engine::Out) -> Res<Value> {
    r.map_err(|e| format!("{e}").into())
}

fn read(path: &Path) -> Res<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()).into())
}

/// The TOML and CSV files of a folder, by name.
fn files_in(dir: &Path) -> Res<Vec<(String, Vec<u8>)>> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    names.retain(|p| p.extension().is_some_and(|x| x == "toml" || x == "csv"));
    names.sort();
    // Agreements before the tickets that name them, tickets before their events.
    names.sort_by_key(|p| match p.file_name().and_then(|n| n.to_str()) {
        Some(n) if n.ends_with(".toml") => 0,
        Some("tickets.csv") => 1,
        _ => 2,
    });
    names
        .iter()
        .map(|p| {
            Ok((
                p.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                read(p)?,
            ))
        })
        .collect()
}

/// Every row of a paged list, a page at a time.
async fn all_rows(mut page: impl AsyncFnMut(u32) -> engine::Out) -> Res<Vec<Value>> {
    let mut rows = Vec::new();
    loop {
        let got = ok(page(u32::try_from(rows.len())?).await)?;
        match got["rows"].as_array() {
            Some(more) if !more.is_empty() => rows.extend(more.iter().cloned()),
            _ => return Ok(rows),
        }
    }
}

/// A file of one entry a line: `{"key": value, …}` with the keys sorted.
fn write(dir: &Path, name: &str, entries: &BTreeMap<String, Value>) -> Res<()> {
    let mut out = String::from("{\n");
    for (i, (k, v)) in entries.iter().enumerate() {
        let sep = if i + 1 == entries.len() { "" } else { "," };
        out.push_str(&format!(
            "{}: {}{sep}\n",
            serde_json::to_string(k)?,
            serde_json::to_string(v)?
        ));
    }
    out.push_str("}\n");
    std::fs::write(dir.join(name), out)?;
    Ok(())
}

/// How the mock names a scope (`all`, `tier:premium`, `region:…`, `agreement:…`).
fn scope_key(s: &Scope) -> String {
    match (&s.agreement, &s.tier, &s.region) {
        (Some(a), _, _) => format!("agreement:{a}"),
        (None, Some(t), _) => format!("tier:{}", t.as_str()),
        (None, None, Some(r)) => format!("region:{r}"),
        (None, None, None) => "all".to_owned(),
    }
}

/// How the mock names a drill-down: what it is asked, as a JSON array.
fn drill_key(d: &Drill) -> String {
    json!([
        scope_key(&d.scope),
        d.period,
        d.kind,
        d.priority,
        d.channel,
        d.bucket,
        d.label
    ])
    .to_string()
}

/// The periods the mock has dashboards of, for every scope: the months around [`AS_OF`], their
/// quarters, and this month's dates as a range (the picker's switch to a range).
const PERIODS: [&str; 7] = [
    "2026-09",
    "2026-10",
    "2026-11",
    "2026-12",
    "2026-Q3",
    "2026-Q4",
    "2026-11-01..2026-12-01",
];
/// Only for the whole portfolio: the ranges, and the period refused, that the browser tests type.
const TYPED: [&str; 3] = [
    "2026-10-01..2026-10-15",
    "2026-09-17..2026-10-01",
    "2026-10-15..2026-10-01",
];
/// The open tickets opened since this instant have their pages after each change the ticket page
/// offers (older ones run over months of business hours: their pages are long).
const CHANGES_SINCE: &str = "2026-10-01T00:00:00Z";

fn main() -> Res<()> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(export())
}

async fn export() -> Res<()> {
    let root = Path::new(ROOT);
    let out = std::env::args_os()
        .nth(1)
        .map_or_else(|| root.join("ui/src/lib/ipc/mock/data"), PathBuf::from);
    std::fs::create_dir_all(&out)?;
    let fixture = root.join(FIXTURE);
    let now = Instant::parse(AS_OF)?;
    let tmp = tempfile::tempdir()?;

    // The store as the first run sees it, an import that fails, then the demo and the fixtures.
    let db = tmp.path().join("mock.db");
    let store = engine::open(&db, now).await?;
    let mut base = BTreeMap::new();
    base.insert("as_of".into(), json!(AS_OF));
    let mut empty = ok(engine::overview(&store).await)?;
    empty["location"] = json!("in-browser mock");
    base.insert("empty_overview".into(), empty);
    base.insert(
        "import_error".into(),
        answer(engine::import(&store, files_in(&fixture.join("bad"))?, now).await),
    );
    // The demo as the app loads it, as of the mock's instant (its history already ends then).
    base.insert(
        "demo_import".into(),
        ok(engine::json(
            accord_app::demo::load(&store, now, "demo").await,
        ))?,
    );
    ok(engine::import(&store, files_in(&fixture.join("tickets"))?, now).await)?;

    let mut overview = ok(engine::overview(&store).await)?;
    overview["location"] = json!("in-browser mock");
    overview["revision"] = json!(1);
    base.insert("overview".into(), overview);
    let agreements = ok(engine::agreements(&store, now).await)?;
    let choices = ok(engine::choices(&store, now).await)?;
    let ids: Vec<String> = choices
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["id"].as_str().map(str::to_owned))
        .collect();
    let mut sources = BTreeMap::new();
    let mut checks = BTreeMap::new();
    let mut histories = BTreeMap::new();
    for id in &ids {
        histories.insert(id.clone(), ok(engine::agreement_history(&store, id).await)?);
        let s = ok(engine::source(&store, id).await)?;
        if let Some(text) = s["source"].as_str() {
            checks.insert(text.to_owned(), engine::check(text));
        }
        sources.insert(id.clone(), s);
    }
    let what_if_fixtures = files_in(&fixture.join("what-if"))?;
    for (_, bytes) in files_in(&fixture.join("checks"))?
        .iter()
        .chain(&what_if_fixtures)
    {
        let text = String::from_utf8_lossy(bytes);
        checks.insert(text.clone().into_owned(), engine::check(&text));
    }
    base.insert("agreements".into(), agreements);
    base.insert("choices".into(), choices);
    base.insert("sources".into(), json!(sources));
    base.insert("checks".into(), json!(checks));
    base.insert("histories".into(), json!(histories));

    let rows = all_rows(async |offset| engine::tickets(&store, offset).await).await?;
    let queue = all_rows(async |offset| engine::queue(&store, offset, now).await).await?;
    let recent: Vec<String> = rows
        .iter()
        .filter(|t| {
            t["is_open"] == json!(true)
                && t["opened_at"]
                    .as_str()
                    .is_some_and(|at| at >= CHANGES_SINCE)
        })
        .filter_map(|t| t["id"].as_str().map(str::to_owned))
        .collect();
    base.insert("tickets".into(), json!(rows));
    base.insert("queue".into(), json!(queue));
    write(&out, "base.json", &base)?;

    // Each ticket's page, and each open ticket's page after each event the page offers.
    let mut views = BTreeMap::new();
    for r in &rows {
        let id = r["id"].as_str().unwrap_or_default();
        views.insert(id.to_owned(), ok(engine::ticket(&store, id, now).await)?);
    }
    let history = engine::history(&store, now).await?;
    let mut after = BTreeMap::new();
    for kind in [
        EventKind::Responded,
        EventKind::WaitingOnCustomer,
        EventKind::CustomerReplied,
        EventKind::Resolved,
        EventKind::Closed,
    ] {
        let copy = tmp.path().join(format!("{}.db", kind.as_str()));
        store.backup(&copy).await?;
        let store = engine::open(&copy, now).await?;
        for id in &recent {
            let version = views[id]["version"].as_i64().unwrap_or(1);
            let form = accord_app::tickets::EventForm {
                ticket_id: id.clone(),
                version,
                kind,
                at: String::new(),
                priority: None,
                note: String::new(),
            };
            let key = format!("{id} {}", kind.as_str());
            match engine::add_event(&store, form, now).await {
                Ok(_) => after.insert(
                    key,
                    json!({ "ok": ok(engine::ticket(&store, id, now).await)? }),
                ),
                Err(e) => after.insert(key, json!({ "error": error_json(e) })),
            };
        }
    }
    write(&out, "views.json", &views)?;
    write(&out, "after.json", &after)?;

    export_statements(
        &out,
        &store,
        tmp.path(),
        &ids,
        &sources,
        &what_if_fixtures,
        now,
    )
    .await?;
    export_imports(&out, &store, tmp.path(), now).await?;
    export_holidays(&out, &store, tmp.path(), now).await?;
    export_reports(&out, &history, &ids, &sources, &what_if_fixtures, now)
}

/// The import wizard over the Zendesk fixtures of `crates/app/tests/fixtures/zendesk`: the files
/// as picked (names, sizes, the source detected, the starter profile), previews by the starter
/// profile and by the fixtures' own, the import by the latter (on a copy of the store) and the
/// profiles kept after it.
async fn export_imports(
    out: &Path,
    store: &accord_store::Store,
    tmp: &Path,
    now: Instant,
) -> Res<()> {
    use accord_app::sources;
    let dir = Path::new(ROOT).join("crates/app/tests/fixtures/zendesk");
    let files: Vec<sources::ExportFile> = ["tickets.json", "audits.json"]
        .iter()
        .map(|n| Ok(sources::ExportFile::from_bytes(*n, read(&dir.join(n))?)))
        .collect::<Res<_>>()?;
    let copy = tmp.join("imports.db");
    store.backup(&copy).await?;
    let store = engine::open(&copy, now).await?;
    let agreements: Vec<accord_core::Agreement> = store
        .agreements()
        .await?
        .into_iter()
        .map(|s| s.agreement)
        .collect();
    let detected = sources::detect(&files);
    let template = detected.map(|k| sources::template(k, &agreements));
    let profile = String::from_utf8(read(&dir.join("profile.toml"))?)?;
    let mut previews = Vec::new();
    for text in template.iter().chain([&profile]) {
        let result = answer(engine::json(
            sources::preview(&store, ("profile", text), &files, now, 20).await,
        ));
        previews.push(json!({ "profile": text, "result": result }));
    }
    let imported = answer(engine::json(
        sources::import(
            &store,
            None,
            ("profile", &profile),
            &files,
            ("demo", now),
            &sources::Control::default(),
        )
        .await,
    ));
    let profiles = answer(engine::json(accord_app::profiles::list(&store).await));
    let mut all = BTreeMap::new();
    all.insert(
        "files".into(),
        json!(
            files
                .iter()
                .map(|f| json!([f.name, f.len()]))
                .collect::<Vec<_>>()
        ),
    );
    all.insert("detected".into(), json!(detected));
    all.insert("template".into(), json!(template));
    all.insert("previews".into(), json!(previews));
    all.insert(
        "import".into(),
        json!({ "profile": profile, "result": imported }),
    );
    all.insert("profiles".into(), profiles);
    write(out, "imports.json", &all)
}

/// Holidays from the core's iCalendar fixture for the Premium agreement: the file read (every
/// date marked), the holidays listed before, what approving the dates the dialog checks by
/// default (new, from today on) adds, with the agreement's TOML and holidays after it.
async fn export_holidays(
    out: &Path,
    store: &accord_store::Store,
    tmp: &Path,
    now: Instant,
) -> Res<()> {
    use accord_app::holidays::{self, AddHolidays, ApprovedHoliday};
    let copy = tmp.join("holidays.db");
    store.backup(&copy).await?;
    let store = engine::open(&copy, now).await?;
    let path = Path::new(ROOT).join("crates/core/tests/fixtures/holidays/us-federal.ics");
    let text = String::from_utf8(read(&path)?)?;
    let mut all = BTreeMap::new();
    let file = holidays::read(&store, PREMIUM, "us-federal.ics", &text, now)
        .await
        .ok();
    all.insert(
        "file".into(),
        answer(engine::json(file.clone().ok_or_else(|| {
            AppError::Rejected("the fixture did not read".into())
        }))),
    );
    all.insert(
        "before".into(),
        answer(engine::json(holidays::list(&store, PREMIUM).await)),
    );
    if let Some(f) = file {
        let form = AddHolidays {
            agreement_id: f.agreement_id.clone(),
            version: f.version,
            file: f.file.clone(),
            calendar: f.calendar.clone(),
            holidays: f
                .candidates
                .iter()
                .filter(|c| c.listed.is_none() && !c.past)
                .map(|c| ApprovedHoliday {
                    date: c.date.clone(),
                    name: c.name.clone(),
                    uid: c.uid.clone(),
                })
                .collect(),
        };
        let added = holidays::add(&store, &form, "demo", now).await;
        all.insert("form".into(), json!(form));
        all.insert("added".into(), answer(engine::json(added)));
        all.insert(
            "after".into(),
            answer(engine::json(holidays::list(&store, PREMIUM).await)),
        );
        all.insert(
            "source_after".into(),
            answer(engine::json(
                accord_app::agreements::source(&store, PREMIUM).await,
            )),
        );
    }
    write(out, "holidays.json", &all)
}

/// The periods the mock has statements of: the months around [`AS_OF`] and a quarter that
/// has ended.
const STATEMENT_PERIODS: [&str; 5] = ["2026-09", "2026-10", "2026-11", "2026-12", "2026-Q3"];

/// Issued statements and changes of terms, each answered on a copy of the store: every
/// agreement's periods before and after their first issue; the Premium agreement's after a
/// correction of its terms (restated) and after issuing again; and the proposals the editor's
/// fixtures make, as a correction and as amendments.
async fn export_statements(
    out: &Path,
    store: &accord_store::Store,
    tmp: &Path,
    ids: &[String],
    sources: &BTreeMap<String, Value>,
    what_if_fixtures: &[(String, Vec<u8>)],
    now: Instant,
) -> Res<()> {
    use accord_app::statements::{self, IssueForm};
    use accord_app::terms::{self, ChangeForm, TermsChange};
    let copy = tmp.join("statements.db");
    store.backup(&copy).await?;
    // Proposals are made over the store as the mock starts (nothing issued, nothing corrected).
    let fresh = tmp.join("proposals.db");
    store.backup(&fresh).await?;
    let store = engine::open(&copy, now).await?;
    let form = |id: &str, period: &str, supersede| IssueForm {
        agreement_id: id.to_owned(),
        period: period.to_owned(),
        supersede,
    };
    let mut statuses = BTreeMap::new();
    for id in ids {
        for period in STATEMENT_PERIODS {
            let initial = answer(engine::json(
                statements::status(&store, id, period, now).await,
            ));
            let issued = answer(engine::json(
                statements::issue(&store, &form(id, period, false), "demo", now).await,
            ));
            statuses.insert(
                format!("{id} {period}"),
                json!({ "initial": initial, "issued": issued }),
            );
        }
    }
    // A correction of the Premium terms, saved over the issued periods: their restatements,
    // then each issued again.
    let corrected = what_if_fixtures
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .find(|s| {
            s.contains("resolution = \"4h\"") && accord_core::parse_agreement("f", s).is_ok()
        });
    let mut restated = BTreeMap::new();
    if let Some(corrected) = &corrected {
        let version = sources[PREMIUM]["version"].as_i64().unwrap_or(1);
        ok(engine::json(
            accord_app::agreements::save(&store, corrected, Some(version), "demo", now).await,
        ))?;
        for period in STATEMENT_PERIODS {
            let status = answer(engine::json(
                statements::status(&store, PREMIUM, period, now).await,
            ));
            let again = answer(engine::json(
                statements::issue(&store, &form(PREMIUM, period, true), "demo", now).await,
            ));
            restated.insert(
                period.to_owned(),
                json!({ "status": status, "issued": again }),
            );
        }
    }
    // The editor's proposals: each fixture as a correction, and as amendments from the first of
    // this month and of the next.
    let mut proposals = Vec::new();
    let store = engine::open(&fresh, now).await?;
    for (_, bytes) in what_if_fixtures {
        let edited = String::from_utf8_lossy(bytes).into_owned();
        let changes = [
            TermsChange::Correct,
            TermsChange::Amend {
                effective: "2026-11-01".into(),
                reference: "Amendment No. 1".into(),
                signed: String::new(),
            },
            TermsChange::Amend {
                effective: "2026-12-01".into(),
                reference: "Amendment No. 1".into(),
                signed: String::new(),
            },
        ];
        for change in changes {
            let key = match &change {
                TermsChange::Correct => "correct".to_owned(),
                TermsChange::Amend { effective, .. } => format!("amend {effective}"),
            };
            let f = ChangeForm {
                agreement_id: PREMIUM.to_owned(),
                edited: edited.clone(),
                change,
            };
            let result = answer(engine::json(terms::propose(&store, &f, now).await));
            proposals.push(json!({ "edited": edited, "change": key, "result": result }));
        }
    }
    let mut all = BTreeMap::new();
    all.insert("statuses".into(), json!(statuses));
    all.insert("restated".into(), json!(restated));
    all.insert("corrected".into(), json!(corrected));
    all.insert("proposals".into(), json!(proposals));
    write(out, "statements.json", &all)
}

/// Dashboards of every scope the picker offers, the tickets behind each chart's category,
/// report file names, and what-if replays.
fn export_reports(
    out: &Path,
    history: &History,
    ids: &[String],
    sources: &BTreeMap<String, Value>,
    what_if_fixtures: &[(String, Vec<u8>)],
    now: Instant,
) -> Res<()> {
    let mut scopes = vec![Scope::default()];
    scopes.extend(
        [Tier::Basic, Tier::Premium, Tier::Enterprise].map(|t| Scope {
            tier: Some(t),
            ..Scope::default()
        }),
    );
    let mut regions: Vec<&str> = history
        .agreements
        .iter()
        .map(|a| a.region.as_str())
        .collect();
    regions.sort_unstable();
    regions.dedup();
    scopes.extend(regions.iter().map(|r| Scope {
        region: Some((*r).to_owned()),
        ..Scope::default()
    }));
    scopes.extend(ids.iter().map(|id| Scope {
        agreement: Some(id.clone()),
        ..Scope::default()
    }));
    let mut dashboards = BTreeMap::new();
    let mut drills = BTreeMap::new();
    let mut names = BTreeMap::new();
    for scope in &scopes {
        let typed = if scope_key(scope) == "all" {
            &TYPED[..]
        } else {
            &[]
        };
        for period in PERIODS.iter().chain(typed) {
            let key = format!("{} {period}", scope_key(scope));
            let d = answer(engine::dashboard(history, scope, period, now));
            if let Ok(dash) = serde_json::from_value::<DashboardDrills>(d["ok"].clone()) {
                for chart in dash.charts {
                    for region in chart.regions {
                        let k = drill_key(&region.drill);
                        drills
                            .entry(k)
                            .or_insert_with(|| answer(engine::drill(history, &region.drill, now)));
                    }
                }
                for (f, name) in [
                    (ReportFormat::Pdf, "pdf"),
                    (ReportFormat::Html, "html"),
                    (ReportFormat::Csv, "csv"),
                    (ReportFormat::SlaCsv, "sla_csv"),
                ] {
                    if let Some(file) = engine::report_name(scope, period, f) {
                        names.insert(format!("{key} {name}"), json!(file));
                    }
                }
            }
            dashboards.insert(key, d);
        }
    }
    let mut what_ifs = Vec::new();
    for id in ids {
        let source = sources[id]["source"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let mut asked = vec![source];
        if id == PREMIUM {
            asked.extend(
                what_if_fixtures
                    .iter()
                    .map(|(_, b)| String::from_utf8_lossy(b).into_owned()),
            );
        }
        for source in asked {
            for period in ["2026-09", "2026-10", "2026-11", "2026-12", "2026-Q4"] {
                let result = answer(engine::what_if(history, id, &source, period, now));
                what_ifs.push(json!({ "agreement": id, "period": period, "source": source, "result": result }));
            }
        }
    }
    let mut reports = BTreeMap::new();
    reports.insert("names".into(), json!(names));
    reports.insert("what_ifs".into(), json!(what_ifs));
    write(out, "reports.json", &reports)?;
    write(out, "dashboards.json", &dashboards)?;
    write(out, "drills.json", &drills)?;
    Ok(())
}

/// What the export reads back of a dashboard: its charts' drill-downs.
#[derive(serde::Deserialize)]
struct DashboardDrills {
    charts: Vec<ChartDrills>,
}
#[derive(serde::Deserialize)]
struct ChartDrills {
    regions: Vec<RegionDrill>,
}
#[derive(serde::Deserialize)]
struct RegionDrill {
    drill: Drill,
}
