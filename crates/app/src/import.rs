//! Importing interchange files (agreement TOML, tickets and events CSV, `formats.md`) into a
//! database, all or nothing: every file is read and checked against the database before one
//! transaction writes anything. Importing the same files again changes nothing; a tickets or
//! events file that extends what was imported before adds only what is new.

use std::collections::HashMap;

use accord_core::clock::AgreementRuntime;
use accord_core::error::{InputError, InputErrors};
use accord_core::input::{ReadOptions, read_events, read_tickets};
use accord_core::{Agreement, Instant, Ticket, TicketSet, parse_agreement};
use accord_store::{ImportPlan, NewEvent, NewTicket, Store, StoreError, StoredAgreement};
use serde::Serialize;

use crate::AppError;
use crate::queue::summarise;
use crate::sources::{Control, Stage};

/// One file given to `import`, already read.
#[derive(Clone, Debug)]
pub struct InputFile {
    /// Its name, for messages.
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// An import's counts as it goes (converted to [`ImportReport`] at the end).
#[derive(Default)]
struct Counts {
    agreements_added: usize,
    agreements_replaced: usize,
    agreements_unchanged: usize,
    tickets_added: usize,
    tickets_unchanged: usize,
    tickets_updated: usize,
    events_added: usize,
    conflicts: Vec<String>,
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

/// What an import found and did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ImportReport {
    /// Agreements added.
    pub agreements_added: u32,
    /// Agreements replaced.
    pub agreements_replaced: u32,
    /// Agreements already there.
    pub agreements_unchanged: u32,
    /// Tickets added.
    pub tickets_added: u32,
    /// Tickets already there.
    pub tickets_unchanged: u32,
    /// Stored tickets whose free fields (customer, subject, CSAT) a later export of their
    /// helpdesk changed, updated.
    pub tickets_updated: u32,
    /// Events added.
    pub events_added: u32,
    /// Tickets of a helpdesk's later export left as stored because their history there
    /// conflicts with the stored one (an event removed or moved), each said in words.
    pub conflicts: Vec<String>,
}

impl From<Counts> for ImportReport {
    fn from(s: Counts) -> Self {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Self {
            agreements_added: n(s.agreements_added),
            agreements_replaced: n(s.agreements_replaced),
            agreements_unchanged: n(s.agreements_unchanged),
            tickets_added: n(s.tickets_added),
            tickets_unchanged: n(s.tickets_unchanged),
            tickets_updated: n(s.tickets_updated),
            events_added: n(s.events_added),
            conflicts: s.conflicts,
        }
    }
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
pub async fn files(
    store: &Store,
    files: Vec<InputFile>,
    update: bool,
    actor: &str,
    now: Instant,
) -> Result<ImportReport, AppError> {
    import_expecting(store, files, update, actor, now, None, None).await
}

/// [`files`] for the `formats.md` files a helpdesk's export was read into
/// ([`crate::sources`]): a later export of the same source may change a stored ticket's free
/// fields (customer, subject, CSAT), which are updated, and a ticket whose history there
/// conflicts with the stored one (an event removed or moved) is left as stored and reported in
/// [`ImportReport::conflicts`], never rewritten; everything else is as [`files`].
///
/// # Errors
/// As [`files`].
pub async fn from_source(
    store: &Store,
    files: Vec<InputFile>,
    actor: &str,
    now: Instant,
    ctl: &Control,
) -> Result<ImportReport, AppError> {
    import_expecting(store, files, false, actor, now, None, Some(ctl)).await
}

/// An agreement an editor saves: its id, the version it read (`None`: a new one), and where
/// holidays it adds came from (written in the same transaction).
#[derive(Clone, Copy)]
pub(crate) struct Expected<'a> {
    pub id: &'a str,
    pub version: Option<i64>,
    pub holidays: &'a [accord_store::HolidaySource],
}

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
    source: Option<&Control>,
) -> Result<ImportReport, AppError> {
    let mut errors = InputErrors::default();
    let mut summary = Counts::default();
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
        holiday_sources: expected.map(|e| e.holidays.to_vec()).unwrap_or_default(),
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
        if let Some(Expected { id, version, .. }) = expected.filter(|e| e.id == a.id) {
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
    // Tickets of a helpdesk's export left as stored (see [`from_source`]).
    let mut conflicting: std::collections::HashSet<u32> = std::collections::HashSet::new();
    for (i, t) in existing.tickets.iter().enumerate() {
        match rows.insert(t.clone()) {
            Ok(pos) => {
                stored_pos.insert(pos, i);
            }
            Err(pos) => {
                stored_pos.insert(pos, i);
                let file_row = &rows.tickets[pos as usize];
                if same_ticket(file_row, t) {
                    unchanged[pos as usize] = true;
                } else if source.is_some()
                    && same_ticket(
                        &Ticket {
                            customer: file_row.customer.clone(),
                            subject: file_row.subject.clone(),
                            csat: file_row.csat,
                            ..t.clone()
                        },
                        file_row,
                    )
                {
                    // Only its free fields changed in the helpdesk: updated, not refused.
                    let version = versions.get(&*t.id).copied().unwrap_or_default();
                    plan.field_updates.push((
                        t.id.to_string(),
                        file_row.customer.to_string(),
                        file_row.subject.to_string(),
                        file_row.csat,
                        version,
                    ));
                } else if source.is_some() {
                    // What the clocks and reports rest on changed in the helpdesk: reported,
                    // never rewritten (a closed period would move).
                    summary.conflicts.push(format!(
                        "ticket `{}`: its agreement, opening, priority at opening, channel or category in the export differs from the stored one; it was left as stored",
                        t.id
                    ));
                    conflicting.insert(pos);
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
        if conflicting.contains(&u32::try_from(pos).unwrap_or(u32::MAX)) {
            continue;
        }
        if !same_prefix && source.is_some() {
            summary.conflicts.push(format!(
                "ticket `{}`: its history in the export differs from the stored one (an event removed or moved); it was left as stored",
                file_set.tickets[pos].id
            ));
            let id = &*file_set.tickets[pos].id;
            plan.field_updates.retain(|u| u.0 != id);
            continue;
        }
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
                category: a
                    .categories()
                    .get(t.category as usize)
                    .map_or_else(String::new, |c| (*c).to_owned()),
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
    summary.tickets_updated = plan.field_updates.len();
    if let Some(ctl) = source {
        // The last moment it can be cancelled: the write is one transaction.
        ctl.check()?;
        ctl.stage(Stage::Writing);
    }
    store.apply(&plan).await?;
    Ok(summary.into())
}
