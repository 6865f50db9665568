//! Accord's use cases over `accord-core` and `accord-store`, shared by the command line and the
//! desktop shell so that both stay thin: importing files, loading what the SLA engine needs
//! from a database, and summarising a ticket's SLA for the store's queue.
//!
//! Import is all or nothing: every file is read and checked against the database before one
//! transaction writes anything. Importing the same files again changes nothing; a tickets or
//! events file that extends what was imported before adds only what is new.

use std::collections::HashMap;

pub mod files;
pub mod reports;
pub mod views;

use accord_core::clock::AgreementRuntime;
use accord_core::error::{InputError, InputErrors};
use accord_core::input::{ReadOptions, read_events, read_tickets};
use accord_core::{Agreement, Event, Instant, Ticket, TicketSet, parse_agreement};
use accord_store::{
    ImportPlan, NewEvent, NewTicket, SlaSummary, Store, StoreError, StoredAgreement,
};

/// Errors of the use cases.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input files are wrong; nothing was written.
    #[error("{0}")]
    Input(#[from] InputErrors),
    /// The database failed or refused.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A request that cannot be met as asked (an unknown agreement, a malformed period); the
    /// message says what is accepted.
    #[error("{0}")]
    Rejected(String),
    /// A report could not be laid out (a defect: the message says where).
    #[error("{0}")]
    Report(String),
}

/// One file given to `import`, already read.
#[derive(Clone, Debug)]
pub struct InputFile {
    /// Its name, for messages.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// What an import found and did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Agreements added.
    pub agreements_added: usize,
    /// Agreements replaced (`--update`).
    pub agreements_replaced: usize,
    /// Agreements already there, identical.
    pub agreements_unchanged: usize,
    /// Tickets added.
    pub tickets_added: usize,
    /// Tickets already there, identical.
    pub tickets_unchanged: usize,
    /// Events added.
    pub events_added: usize,
}

/// What kind of interchange file a file is, from its name and first line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// An agreement (TOML).
    Agreement,
    /// A tickets CSV (its header has `opened_at`).
    Tickets,
    /// An events CSV (its header has `kind`).
    Events,
}

/// Classifies a file by its name (`.toml`) or its CSV header.
///
/// # Errors
/// A located error when the file is none of the three.
pub fn classify(file: &InputFile) -> Result<FileKind, InputError> {
    if file.name.ends_with(".toml") {
        return Ok(FileKind::Agreement);
    }
    let first = file.bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let header = String::from_utf8_lossy(first);
    let cols: Vec<&str> = header
        .trim_end_matches('\r')
        .trim_start_matches('\u{feff}')
        .split(',')
        .collect();
    if cols.contains(&"opened_at") {
        Ok(FileKind::Tickets)
    } else if cols.contains(&"kind") && cols.contains(&"at") {
        Ok(FileKind::Events)
    } else {
        Err(InputError {
            file: file.name.clone(),
            line: 1,
            column: 0,
            key: String::new(),
            reason: "not an agreement (.toml), a tickets CSV (with `opened_at`) or an events CSV (with `at` and `kind`)".into(),
        })
    }
}

fn whole(file: &str, reason: String) -> InputError {
    InputError::whole_file(file, reason)
}

/// A ticket's summary for the queue: open or not, the earliest due instant of a clock still
/// running and its escalation schedule, evaluated after all its events.
#[must_use]
pub fn summarise(rt: &AgreementRuntime, ticket: &Ticket, events: &[Event]) -> SlaSummary {
    let s = accord_core::clock::standing(rt, ticket.opened_at, ticket.priority, events);
    SlaSummary {
        is_open: s.is_open,
        next_deadline: s.next_deadline,
        escalation_level: s.escalation_level,
        escalations: s.escalations,
    }
}

/// Opens (and migrates) a database. A database from before the store kept escalation
/// schedules (schema 1) gets its open tickets' summaries recomputed once, in one transaction.
///
/// # Errors
/// As [`Store::open`]; when the recompute fails (nothing is changed then).
pub async fn open_store(url: &str, now: Instant) -> Result<Store, AppError> {
    let store = Store::open(url).await?;
    if store.migrated_from() == 1 {
        refresh_summaries(&store, now).await?;
    }
    Ok(store)
}

/// Recomputes the stored SLA summary of every open ticket with the engine.
///
/// # Errors
/// When the database cannot be read or written.
pub async fn refresh_summaries(store: &Store, now: Instant) -> Result<usize, AppError> {
    let versions = store.ticket_versions().await?;
    let (agreements, set) = load(store, false).await?;
    let runtimes = accord_core::runtimes_for(&agreements, &set, now);
    let mut plan = ImportPlan {
        actor: "accord (schema upgrade)".to_owned(),
        at: now,
        ..ImportPlan::default()
    };
    for (pos, t) in set.tickets.iter().enumerate() {
        let s = summarise(&runtimes[t.agreement as usize], t, set.events(pos));
        if s.is_open {
            let version = versions.get(&*t.id).copied().unwrap_or_default();
            plan.summaries.push((t.id.to_string(), s, version));
        }
    }
    let n = plan.summaries.len();
    store.apply(&plan).await?;
    Ok(n)
}

/// Everything the SLA engine needs, from a database.
///
/// # Errors
/// When the database cannot be read.
pub async fn load(store: &Store, keep_text: bool) -> Result<(Vec<Agreement>, TicketSet), AppError> {
    load_of(store, |_| true, keep_text).await
}

/// Every agreement, with the tickets of those `wanted` accepts (all a report on them looks at).
///
/// # Errors
/// When the database cannot be read.
pub async fn load_of(
    store: &Store,
    wanted: impl Fn(&Agreement) -> bool,
    keep_text: bool,
) -> Result<(Vec<Agreement>, TicketSet), AppError> {
    let (stored, tickets) = store.history(wanted, keep_text).await?;
    Ok((stored.into_iter().map(|s| s.agreement).collect(), tickets))
}

/// The free text of tickets by id (customers, subjects, events with their notes), for a
/// report over a history read without text ([`reports::Text::Asked`]); ids not stored are
/// left out.
///
/// # Errors
/// When the database cannot be read.
pub async fn ticket_texts(
    store: &Store,
    ids: &[&str],
) -> Result<HashMap<String, accord_report::model::TicketText>, AppError> {
    let mut out = HashMap::with_capacity(ids.len());
    for id in ids {
        if let Some(r) = store.ticket(id).await? {
            out.insert(
                r.id,
                accord_report::model::TicketText {
                    customer: r.customer,
                    subject: r.subject,
                    events: r.events,
                },
            );
        }
    }
    Ok(out)
}

fn same_ticket(a: &Ticket, b: &Ticket) -> bool {
    (
        a.agreement,
        a.opened_at,
        a.priority,
        a.channel,
        a.category,
        &a.customer,
        &a.subject,
        a.csat,
    ) == (
        b.agreement,
        b.opened_at,
        b.priority,
        b.channel,
        b.category,
        &b.customer,
        &b.subject,
        b.csat,
    )
}

/// Imports agreement, tickets and events files into the database, all or nothing.
///
/// `update` replaces agreements whose id exists with different content (otherwise that is an
/// error). Tickets already stored must be identical; a stored ticket's events must be a prefix
/// of the file's (new ones are appended).
///
/// # Errors
/// [`AppError::Input`] listing every problem (nothing is written); store errors.
#[allow(clippy::too_many_lines)] // one pass: agreements, tickets, events, then the plan
pub async fn import(
    store: &Store,
    files: Vec<InputFile>,
    update: bool,
    actor: &str,
    now: Instant,
) -> Result<ImportSummary, AppError> {
    import_expecting(store, files, update, actor, now, None).await
}

/// An agreement an editor saves: its id and the version it read (`None`: a new one).
pub(crate) type Expected<'a> = (&'a str, Option<i64>);

/// [`import`], with the version an editor read of one agreement: the stored version the plan
/// replaces (and that the write's transaction guards on) must be that one, so a save landing
/// between the editor's reading and this one is a conflict, not overwritten.
#[allow(clippy::too_many_lines)] // one pass: agreements, tickets, events, then the plan
pub(crate) async fn import_expecting(
    store: &Store,
    files: Vec<InputFile>,
    update: bool,
    actor: &str,
    now: Instant,
    expected: Option<Expected<'_>>,
) -> Result<ImportSummary, AppError> {
    let mut errors = InputErrors::default();
    let mut summary = ImportSummary::default();
    let mut agreement_files = Vec::new();
    let mut tickets_files = Vec::new();
    let mut events_files = Vec::new();
    for f in files {
        match classify(&f) {
            Ok(FileKind::Agreement) => agreement_files.push(f),
            Ok(FileKind::Tickets) => tickets_files.push(f),
            Ok(FileKind::Events) => events_files.push(f),
            Err(e) => errors.push(e),
        }
    }
    for extra in tickets_files
        .iter()
        .skip(1)
        .chain(events_files.iter().skip(1))
    {
        errors.push(whole(
            &extra.name,
            "import takes one tickets file and one events file at a time".into(),
        ));
    }

    // Agreements: the database's, then the files' on top.
    let stored: Vec<StoredAgreement> = store.agreements().await?;
    let mut agreements: Vec<Agreement> = stored.iter().map(|s| s.agreement.clone()).collect();
    let mut plan = ImportPlan {
        actor: actor.to_owned(),
        at: now,
        ..ImportPlan::default()
    };
    let mut replaced_ids = Vec::new();
    let mut given: HashMap<String, String> = HashMap::new();
    for f in &agreement_files {
        let Ok(src) = std::str::from_utf8(&f.bytes) else {
            errors.push(whole(&f.name, "not UTF-8 text".into()));
            continue;
        };
        let a = match parse_agreement(&f.name, src) {
            Ok(a) => a,
            Err(e) => {
                errors.extend(e);
                continue;
            }
        };
        // Every file of this import counts, whether its agreement is new, replaced or the
        // stored one: which of two files wins must not depend on their order.
        if let Some(first) = given.get(&a.id) {
            errors.push(InputError {
                file: f.name.clone(),
                line: 1,
                column: 1,
                key: "id".into(),
                reason: format!(
                    "agreement `{}` is given twice in this import: in {first} and in {}",
                    a.id, f.name
                ),
            });
            continue;
        }
        given.insert(a.id.clone(), f.name.clone());
        let position = stored.iter().position(|s| s.agreement.id == a.id);
        if let Some((id, version)) = expected.filter(|(id, _)| *id == a.id) {
            let found = position.map(|i| stored[i].version);
            match (found, version) {
                (Some(v), Some(e)) if v != e => {
                    return Err(StoreError::Conflict(format!(
                        "agreement {id} was changed by someone else (version {e} is now {v})"
                    ))
                    .into());
                }
                (Some(_), None) => {
                    return Err(StoreError::Conflict(format!(
                        "an agreement with id {id} exists already: choose another id"
                    ))
                    .into());
                }
                (None, Some(_)) => {
                    return Err(StoreError::NotFound(format!("agreement {id}")).into());
                }
                _ => {}
            }
        }
        match position {
            Some(i) if stored[i].source == src => summary.agreements_unchanged += 1,
            Some(i) if update => {
                agreements[i] = a.clone();
                replaced_ids.push(a.id.clone());
                plan.replaced_agreements.push((a, src.to_owned(), stored[i].version));
                summary.agreements_replaced += 1;
            }
            Some(_) => errors.push(InputError {
                file: f.name.clone(),
                line: 1,
                column: 1,
                key: "id".into(),
                reason: format!("agreement `{}` is already in the database with different content: use --update to replace it", a.id),
            }),
            None => {
                agreements.push(a.clone());
                plan.new_agreements.push((a, src.to_owned()));
                summary.agreements_added += 1;
            }
        }
    }

    // Tickets and events, checked against the database's.
    let needs_tickets =
        !tickets_files.is_empty() || !events_files.is_empty() || !replaced_ids.is_empty();
    // The versions first: a summary written below is guarded by the version of the history
    // it was computed from, so a ticket changed after this reading is a conflict.
    let (versions, existing) = if needs_tickets {
        let versions = store.ticket_versions().await?;
        (versions, store.tickets(&agreements, true).await?)
    } else {
        (HashMap::new(), TicketSet::default())
    };
    let opts = ReadOptions::TEXT;
    let mut rows = match tickets_files.first() {
        Some(f) => read_tickets(&f.name, &f.bytes, &agreements, opts, &mut errors),
        None => accord_core::input::TicketRows::default(),
    };
    let file_ticket_count = rows.tickets.len();
    // Stored tickets join the file's: identical ones are not new, different ones are errors.
    let mut stored_pos: HashMap<u32, usize> = HashMap::new();
    let mut unchanged = vec![false; file_ticket_count];
    for (i, t) in existing.tickets.iter().enumerate() {
        match rows.insert(t.clone()) {
            Ok(pos) => {
                stored_pos.insert(pos, i);
            }
            Err(pos) => {
                stored_pos.insert(pos, i);
                if same_ticket(&rows.tickets[pos as usize], t) {
                    unchanged[pos as usize] = true;
                } else if let Some(f) = tickets_files.first() {
                    errors.push(whole(
                        &f.name,
                        format!(
                            "ticket `{}` is already in the database with different data",
                            t.id
                        ),
                    ));
                }
            }
        }
    }
    let events = match events_files.first() {
        Some(f) => read_events(&f.name, &f.bytes, &rows, opts, &mut errors),
        None => accord_core::input::EventRows::default(),
    };
    // What has not happened yet is not imported: a future event would hold every later write
    // to its ticket back (and a corrected file would then differ from it).
    let latest = now.plus(accord_core::instant::MAX_CLOCK_SKEW_SECS);
    for (f, column) in tickets_files
        .first()
        .map(|f| (f, "opened_at"))
        .into_iter()
        .chain(events_files.first().map(|f| (f, "at")))
    {
        for e in accord_core::input::instants_after(&f.name, &f.bytes, column, latest) {
            errors.push(e);
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }

    // The file's events grouped per ticket, in the order they apply (by instant, ties in file
    // order), which is how the database keeps them: a stored history must be a prefix.
    let file_set = events.into_set(rows.tickets);
    let ids: Vec<std::sync::Arc<str>> = file_set
        .tickets
        .iter()
        .map(|t| std::sync::Arc::from(&*t.id))
        .collect();
    let mut touched = vec![false; file_set.len()];
    for pos in 0..file_set.len() {
        let (evs, notes) = (file_set.events(pos), file_set.notes(pos));
        if evs.is_empty() {
            continue;
        }
        let stored = stored_pos
            .get(&u32::try_from(pos).unwrap_or(u32::MAX))
            .copied();
        let (stored_events, stored_notes) = stored.map_or((&[][..], &[][..]), |i| {
            (existing.events(i), existing.notes(i))
        });
        let note = |k: usize| notes.get(k).map_or("", |n| &**n);
        let same_prefix = stored_events.len() <= evs.len()
            && stored_events.iter().zip(evs).all(|(a, b)| a == b)
            && stored_notes
                .iter()
                .enumerate()
                .all(|(k, n)| **n == *note(k));
        if !same_prefix {
            let f = events_files.first().map_or("events", |f| f.name.as_str());
            let reason = format!(
                "the events of ticket `{}` differ from those already in the database",
                file_set.tickets[pos].id
            );
            errors.push(whole(f, reason));
            continue;
        }
        for (k, e) in evs.iter().enumerate().skip(stored_events.len()) {
            plan.new_events.push(NewEvent {
                ticket_id: ids[pos].clone(),
                seq: i64::try_from(k).unwrap_or(i64::MAX),
                event: *e,
                note: note(k).into(),
            });
            touched[pos] = true;
        }
        summary.events_added += evs.len() - stored_events.len();
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    // Calendars compiled around the openings involved.
    let first = file_set
        .tickets
        .iter()
        .map(|t| t.opened_at)
        .min()
        .unwrap_or(now);
    let runtimes: Vec<AgreementRuntime> = agreements
        .iter()
        .map(|a| AgreementRuntime::new(a.clone(), first, now))
        .collect();
    for (pos, t) in file_set.tickets.iter().enumerate() {
        let stored = stored_pos
            .get(&u32::try_from(pos).unwrap_or(u32::MAX))
            .copied();
        let is_new = pos < file_ticket_count && stored.is_none();
        let replaced = replaced_ids.contains(&agreements[t.agreement as usize].id);
        if !(is_new || touched[pos] || replaced) {
            if pos < file_ticket_count && unchanged[pos] {
                summary.tickets_unchanged += 1;
            }
            continue;
        }
        // The full history: the file's where it has events for the ticket (the stored ones
        // are its prefix), else the stored one.
        let history = match stored {
            Some(i) if file_set.events(pos).is_empty() => existing.events(i),
            _ => file_set.events(pos),
        };
        let s = summarise(&runtimes[t.agreement as usize], t, history);
        if is_new {
            let a = &agreements[t.agreement as usize];
            plan.new_tickets.push(NewTicket {
                ticket: t.clone(),
                agreement_id: a.id.clone(),
                category: a.scope[t.category as usize].clone(),
                summary: s,
            });
            summary.tickets_added += 1;
        } else {
            if pos < file_ticket_count {
                summary.tickets_unchanged += 1;
            }
            let version = versions.get(&*t.id).copied().unwrap_or_default();
            plan.summaries.push((t.id.to_string(), s, version));
        }
    }
    store.apply(&plan).await?;
    Ok(summary)
}

/// The database as interchange files: each agreement's TOML of record as `<id>.toml`, then
/// `tickets.csv` and `events.csv` (formats.md). Importing them into an empty database gives
/// the same contents, and exporting that gives the same files.
///
/// # Errors
/// When the database cannot be read.
pub async fn export(store: &Store) -> Result<Vec<(String, Vec<u8>)>, AppError> {
    let (stored, set) = store.history(|_| true, true).await?;
    let agreements: Vec<Agreement> = stored.iter().map(|s| s.agreement.clone()).collect();
    let mut files: Vec<(String, Vec<u8>)> = stored
        .into_iter()
        .map(|s| (format!("{}.toml", s.agreement.id), s.source.into_bytes()))
        .collect();
    files.push((
        "tickets.csv".to_owned(),
        accord_core::output::tickets_csv(&agreements, &set),
    ));
    files.push((
        "events.csv".to_owned(),
        accord_core::output::events_csv(&set),
    ));
    Ok(files)
}

/// A ticket to open, as a person or the desktop app enters it.
#[derive(Clone, Debug)]
pub struct OpenTicket {
    /// New unique id.
    pub id: String,
    /// Its agreement.
    pub agreement_id: String,
    /// When it was opened.
    pub opened_at: Instant,
    /// Priority.
    pub priority: accord_core::model::Priority,
    /// Channel.
    pub channel: accord_core::model::Channel,
    /// One of the agreement's scope.
    pub category: String,
    /// End customer.
    pub customer: String,
    /// Subject.
    pub subject: String,
}

/// Compiled agreements by id, with the TOML they were compiled from: a ticket write needs its
/// agreement's engine, and parsing and compiling it each time would cost more than the write.
/// Agreement id → (the TOML it was compiled from, the compiled agreement).
type RuntimeCache = std::sync::Mutex<HashMap<String, (String, std::sync::Arc<AgreementRuntime>)>>;

static RUNTIMES: std::sync::LazyLock<RuntimeCache> = std::sync::LazyLock::new(Default::default);

async fn runtime_for(
    store: &Store,
    agreement_id: &str,
    at: Instant,
) -> Result<std::sync::Arc<AgreementRuntime>, AppError> {
    let (source, _) = store
        .agreement_source(agreement_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("agreement {agreement_id}")))?;
    let cached = RUNTIMES.lock().ok().and_then(|m| {
        m.get(agreement_id)
            .filter(|(s, _)| *s == source)
            .map(|(_, rt)| rt.clone())
    });
    if let Some(rt) = cached {
        return Ok(rt);
    }
    let agreement = parse_agreement(
        &format!("agreement {agreement_id} in the database"),
        &source,
    )?;
    let rt = std::sync::Arc::new(AgreementRuntime::new(agreement, at, at));
    if let Ok(mut m) = RUNTIMES.lock() {
        m.insert(agreement_id.to_owned(), (source, rt.clone()));
    }
    Ok(rt)
}

fn ticket_of(rt: &AgreementRuntime, r: &accord_store::TicketRecord) -> Ticket {
    Ticket {
        id: r.id.clone().into(),
        agreement: 0,
        opened_at: r.opened_at,
        priority: r.priority,
        channel: r.channel,
        category: u16::try_from(
            rt.agreement
                .scope
                .iter()
                .position(|c| *c == r.category)
                .unwrap_or(0),
        )
        .unwrap_or(0),
        customer: r.customer.clone().into(),
        subject: r.subject.clone().into(),
        csat: r.csat,
    }
}

/// Opens a ticket under an agreement, at an instant not after `now` (give or take the clock
/// skew allowed, [`accord_core::instant::MAX_CLOCK_SKEW_SECS`]).
///
/// # Errors
/// Unknown agreement, a category outside its scope, a taken id, an opening in the future.
pub async fn open_ticket(store: &Store, t: OpenTicket, now: Instant) -> Result<(), AppError> {
    accord_core::instant::not_in_future(t.opened_at, now)
        .map_err(|e| StoreError::Rejected(format!("opened at: {e}")))?;
    let rt = runtime_for(store, &t.agreement_id, t.opened_at).await?;
    let category = rt
        .agreement
        .scope
        .iter()
        .position(|c| *c == t.category)
        .ok_or_else(|| {
            StoreError::Rejected(format!(
                "category `{}` is not in the scope of {} ({})",
                t.category,
                t.agreement_id,
                rt.agreement.scope.join(", ")
            ))
        })?;
    if t.id.trim().is_empty() {
        return Err(StoreError::Rejected("a ticket needs an id".into()).into());
    }
    let ticket = Ticket {
        id: t.id.into(),
        agreement: 0,
        opened_at: t.opened_at,
        priority: t.priority,
        channel: t.channel,
        category: u16::try_from(category).unwrap_or(0),
        customer: t.customer.into(),
        subject: t.subject.into(),
        csat: None,
    };
    let summary = summarise(&rt, &ticket, &[]);
    store
        .insert_ticket(&NewTicket {
            ticket,
            agreement_id: t.agreement_id,
            category: t.category,
            summary,
        })
        .await?;
    Ok(())
}

/// Appends an event to a ticket, checking it against the ticket's clocks
/// ([`accord_core::clock::check_append`]) and recomputing its deadline in the same
/// transaction. Returns the ticket's new version.
///
/// An event later than `now` by more than the clock skew allowed is refused: it would hold
/// every later write to the ticket back.
///
/// # Errors
/// Not found, a conflict with another writer, or the event's rejection.
pub async fn append_event(
    store: &Store,
    ticket_id: &str,
    expected_version: i64,
    event: Event,
    note: &str,
    now: Instant,
) -> Result<i64, AppError> {
    accord_core::instant::not_in_future(event.at, now)
        .map_err(|e| StoreError::Rejected(format!("at: {e}")))?;
    let record = store
        .ticket(ticket_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("ticket {ticket_id}")))?;
    let rt = runtime_for(store, &record.agreement_id, event.at).await?;
    let version = store
        .append_event(&record, expected_version, event, note, |r| {
            let events: Vec<Event> = r.events.iter().map(|(e, _)| *e).collect();
            accord_core::clock::check_append(r.opened_at, r.priority, &events, &event)?;
            let mut all = events;
            all.push(event);
            Ok(summarise(&rt, &ticket_of(&rt, r), &all))
        })
        .await?;
    Ok(version)
}

/// A line of the agreements list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementSummary {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The provider.
    pub provider: String,
    /// The alliance.
    pub alliance: String,
    /// Tier.
    pub tier: accord_core::model::Tier,
    /// Region.
    pub region: String,
    /// Term start (local date, `YYYY-MM-DD`).
    pub effective_from: String,
    /// Term end (inclusive), if any.
    pub effective_to: Option<String>,
    /// Where today falls in the term.
    pub status: TermStatus,
    /// The ticket categories it covers.
    pub scope: Vec<String>,
    /// Open tickets now.
    pub open_tickets: i64,
    /// The current month (in the agreement's time zone).
    pub month: String,
    /// What this month's figures are: `to date, as of … — provisional` (the month has not
    /// ended, so they follow the to-date rule of every report).
    pub month_to_date: String,
    /// Resolution compliance so far this month (absent without outcomes), 4 decimals.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub compliance: Option<accord_core::Decimal>,
    /// The agreement's reporting target.
    #[cfg_attr(feature = "specta", specta(type = Option<String>))]
    pub compliance_target: Option<accord_core::Decimal>,
    /// The compliance against the target (none without a target or an outcome).
    pub compliance_status: Option<accord_core::metrics::Verdict>,
    /// Version (for edits).
    pub version: i64,
}

/// Where today falls in an agreement's term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum TermStatus {
    /// Not in force yet.
    Upcoming,
    /// In force.
    Active,
    /// Its term has ended.
    Expired,
}

impl TermStatus {
    /// The status of a term on a local date.
    #[must_use]
    pub fn on(
        today: chrono::NaiveDate,
        from: chrono::NaiveDate,
        to: Option<chrono::NaiveDate>,
    ) -> Self {
        if today < from {
            Self::Upcoming
        } else if to.is_some_and(|end| today > end) {
            Self::Expired
        } else {
            Self::Active
        }
    }
}

/// Every agreement with its open tickets and this month's resolution compliance so far.
///
/// # Errors
/// When the database cannot be read.
pub async fn agreement_summaries(
    store: &Store,
    now: Instant,
) -> Result<Vec<AgreementSummary>, AppError> {
    use accord_core::analysis::period_metrics;
    use accord_core::metrics::PeriodMetrics;
    use accord_core::period::Period;
    let (stored, tickets) = store.history(|_| true, false).await?;
    let agreements: Vec<Agreement> = stored.iter().map(|s| s.agreement.clone()).collect();
    let open = store.open_counts().await?;
    let runtimes = accord_core::runtimes_for(&agreements, &tickets, now);
    Ok(stored
        .iter()
        .zip(&runtimes)
        .enumerate()
        .map(|(i, (s, rt))| {
            let a = &s.agreement;
            let month = Period::containing(a.calendar.local_date(now), false);
            // The month containing `now` has started, so it has figures: to date.
            let m = period_metrics(
                rt,
                u32::try_from(i).unwrap_or(u32::MAX),
                &tickets,
                month,
                now,
            );
            let res_compliance = m.as_ref().and_then(PeriodMetrics::res_compliance);
            let today = a.calendar.local_date(now);
            AgreementSummary {
                id: a.id.clone(),
                title: a.title.clone(),
                provider: a.provider.clone(),
                alliance: a.alliance.clone(),
                tier: a.tier,
                region: a.region.clone(),
                effective_from: a.effective_from.to_string(),
                effective_to: a.effective_to.map(|d| d.to_string()),
                status: TermStatus::on(today, a.effective_from, a.effective_to),
                scope: a.scope.clone(),
                open_tickets: open.get(&a.id).copied().unwrap_or(0),
                month: month.to_string(),
                month_to_date: accord_report::view::to_date_words(
                    m.as_ref().and_then(|m| m.to_date),
                    a.calendar.time_zone,
                ),
                compliance: res_compliance.map(|c| accord_core::credits::round(c, 4)),
                compliance_target: a.reporting.compliance_target,
                compliance_status: accord_core::metrics::Verdict::against(
                    res_compliance,
                    a.reporting.compliance_target,
                ),
                version: s.version,
            }
        })
        .collect())
}

/// A ticket as its page shows it: what is stored, its SLA at `as_of`, and the timeline behind it.
#[derive(Clone, Debug)]
pub struct TicketDetail {
    /// The stored ticket and its events.
    pub record: accord_store::TicketRecord,
    /// The numbers and the segments that made them.
    pub explanation: accord_core::explain::Explanation,
    /// The agreement's engine it was evaluated with.
    pub runtime: std::sync::Arc<AgreementRuntime>,
}

/// One ticket with its SLA and explanation at `as_of`.
///
/// # Errors
/// Not found; the database cannot be read.
pub async fn ticket_detail(
    store: &Store,
    id: &str,
    as_of: Instant,
) -> Result<TicketDetail, AppError> {
    let record = store
        .ticket(id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("ticket {id}")))?;
    let rt = runtime_for(store, &record.agreement_id, as_of).await?;
    let events: Vec<Event> = record.events.iter().map(|(e, _)| *e).collect();
    let notes: Vec<Box<str>> = record
        .events
        .iter()
        .map(|(_, n)| n.clone().into_boxed_str())
        .collect();
    let explanation = accord_core::explain::explain(
        &rt,
        record.opened_at,
        record.priority,
        &events,
        &notes,
        as_of,
    );
    Ok(TicketDetail {
        record,
        explanation,
        runtime: rt,
    })
}
