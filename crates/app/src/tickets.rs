//! Tickets: the list, a ticket's page with its SLA and the timeline behind it, and every
//! change a person makes to one (opening it, its events, its assignee, its CSAT score).
//!
//! Each write's input is checked here once, for the desktop and the command line alike: text
//! is trimmed, an instant left empty is now and one later than now (beyond the clock skew
//! allowed) is refused, a CSAT score is 1 to 5. Every write recomputes the ticket's SLA
//! summary with the engine in the write's own transaction and is refused when someone else
//! changed the ticket first (the version it names is not the stored one).

use std::collections::HashMap;

use accord_core::clock::{AgreementRuntime, Phase};
use accord_core::explain::Explanation;
use accord_core::model::{Channel, EventKind, Priority, Tier};
use accord_core::{Event, Instant, Ticket, parse_agreement};
use accord_store::{
    ChangeKind, ChangedBy, Store, StoreError, TicketChange, TicketEdit, TicketFilter, TicketRecord,
};
use serde::{Deserialize, Serialize};

use crate::queue::summarise;
use crate::{AppError, count, unreadable};

/// A ticket as stored, with its events and their notes (`accord ticket show`); `None` when
/// there is no such ticket.
///
/// # Errors
/// When the database cannot be read.
pub async fn record(store: &Store, id: &str) -> Result<Option<TicketRecord>, AppError> {
    Ok(store.ticket(id.trim()).await?)
}

/// Which tickets a ticket list shows, and which page of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketQuery {
    /// Only this agreement.
    pub agreement_id: Option<String>,
    /// Only this priority at opening.
    pub priority: Option<Priority>,
    /// Only open (`true`) or only resolved/closed (`false`) tickets.
    pub open: Option<bool>,
    /// Text found in the id, subject or customer.
    pub text: String,
    /// First row.
    pub offset: u32,
    /// Rows.
    pub limit: u32,
}

/// One line of the ticket list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketItem {
    /// Id.
    pub id: String,
    /// Agreement id.
    pub agreement_id: String,
    /// Opened at.
    pub opened_at: Instant,
    /// Priority at opening.
    pub priority: Priority,
    /// Channel.
    pub channel: Channel,
    /// Category.
    pub category: String,
    /// Customer.
    pub customer: String,
    /// Subject.
    pub subject: String,
    /// Assignee.
    pub assignee: Option<String>,
    /// The resolution clock is not stopped.
    pub is_open: bool,
    /// The earliest due instant of a running clock.
    pub next_deadline: Option<Instant>,
}

/// A page of tickets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketPage {
    /// Tickets the query matches.
    pub total: u32,
    /// The page.
    pub rows: Vec<TicketItem>,
}

/// A page of the ticket list, newest first.
///
/// # Errors
/// When the database cannot be read.
pub async fn list(store: &Store, q: &TicketQuery) -> Result<TicketPage, AppError> {
    let filter = TicketFilter {
        agreement_id: q.agreement_id.clone().filter(|s| !s.is_empty()),
        priority: q.priority.map(|p| p.as_str().to_owned()),
        open: q.open,
        text: q.text.clone(),
    };
    let page = store
        .ticket_page(&filter, i64::from(q.offset), i64::from(q.limit.min(1000)))
        .await?;
    let rows = page
        .rows
        .into_iter()
        .map(|r| {
            Ok(TicketItem {
                priority: Priority::parse(&r.priority).map_err(unreadable)?,
                channel: Channel::parse(&r.channel).map_err(unreadable)?,
                id: r.id,
                agreement_id: r.agreement_id,
                opened_at: r.opened_at,
                category: r.category,
                customer: r.customer,
                subject: r.subject,
                assignee: r.assignee,
                is_open: r.is_open,
                next_deadline: r.next_deadline,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(TicketPage {
        total: count(page.total),
        rows,
    })
}

/// A ticket's page: what is stored, and its SLA with the timeline behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TicketView {
    /// Id.
    pub id: String,
    /// Agreement id.
    pub agreement_id: String,
    /// The agreement's title.
    pub agreement_title: String,
    /// The agreement's tier.
    pub tier: Tier,
    /// The amendment governing the ticket (in force at its opening), named as
    /// `Amendment No. 1, in force from 2026-07-01`; `None` under the base terms.
    pub terms: Option<String>,
    /// The agreement's time zone (IANA name), for local times.
    pub time_zone: String,
    /// The scope of the terms governing the ticket (the categories it may have).
    pub scope: Vec<String>,
    /// Channel.
    pub channel: Channel,
    /// Category.
    pub category: String,
    /// Customer.
    pub customer: String,
    /// Subject.
    pub subject: String,
    /// CSAT score, 1–5.
    pub csat: Option<u8>,
    /// Assignee.
    pub assignee: Option<String>,
    /// Version (for edits).
    pub version: i64,
    /// Where the resolution clock stands at the evaluation instant: running, paused or stopped
    /// (what decides which actions make sense).
    pub phase: Phase,
    /// The numbers at the evaluation instant, the events and the segments behind each clock.
    pub explanation: Explanation,
    /// What happened to it, in time order: its opening, its events, its assignments and CSAT
    /// scores, each with who recorded it in Accord when that is known.
    pub history: Vec<HistoryEntry>,
}

/// What a line of a ticket's history is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum HistoryKind {
    /// It was opened (at its priority).
    Opened,
    /// One of its events (its kind, priority and note).
    Event,
    /// It was assigned (to `text`; cleared when empty).
    Assigned,
    /// Its CSAT score was recorded (`text`; cleared when empty).
    Csat,
}

/// One line of a ticket's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct HistoryEntry {
    /// When it happened: the instant of the opening or event; when it was recorded for an
    /// assignment or a score.
    pub at: Instant,
    /// What it is.
    pub kind: HistoryKind,
    /// The event's kind, for an event.
    pub event: Option<EventKind>,
    /// The priority opened at, or set by a priority change.
    pub priority: Option<Priority>,
    /// The event's note, the assignee, or the score; empty when none or cleared.
    pub text: String,
    /// Whether it had happened at the evaluation instant (an event later than it is shown
    /// apart).
    pub known: bool,
    /// Who recorded it in Accord; `None` when it came from an import or was recorded before
    /// Accord kept authors (schema 8): the history does not guess.
    pub by: Option<String>,
    /// When it was recorded in Accord, when that is known.
    pub recorded_at: Option<Instant>,
}

/// A ticket's history: its opening and events (as the explanation gives them, in application
/// order), with the assignments and scores recorded in Accord placed at the instant they were
/// recorded; every line that Accord recorded names who did.
fn history(x: &Explanation, changes: &[TicketChange]) -> Vec<HistoryEntry> {
    // The opening's and each event's record, by what it recorded: one look-up per line.
    let recorded: HashMap<(ChangeKind, &str), &TicketChange> = changes
        .iter()
        .filter(|c| matches!(c.kind, ChangeKind::Opened | ChangeKind::Event))
        .map(|c| ((c.kind, c.detail.as_str()), c))
        .collect();
    let author = |kind: ChangeKind, detail: &str| {
        recorded.get(&(kind, detail)).map(|c| (c.by.clone(), c.at))
    };
    let entry = |at, kind, made: Option<(String, Instant)>| HistoryEntry {
        at,
        kind,
        event: None,
        priority: None,
        text: String::new(),
        known: true,
        recorded_at: made.as_ref().map(|m| m.1),
        by: made.map(|m| m.0),
    };
    let mut out = vec![HistoryEntry {
        priority: Some(x.initial_priority),
        ..entry(
            x.opened_at,
            HistoryKind::Opened,
            author(ChangeKind::Opened, ""),
        )
    }];
    for (i, e) in x.events.iter().enumerate() {
        out.push(HistoryEntry {
            event: Some(e.kind),
            priority: e.priority,
            text: e.note.clone(),
            known: e.known,
            ..entry(
                e.at,
                HistoryKind::Event,
                author(ChangeKind::Event, &i.to_string()),
            )
        });
    }
    for c in changes {
        let kind = match c.kind {
            ChangeKind::Assigned => HistoryKind::Assigned,
            ChangeKind::Csat => HistoryKind::Csat,
            ChangeKind::Opened | ChangeKind::Event => continue,
        };
        out.push(HistoryEntry {
            text: c.detail.clone(),
            known: c.at <= x.as_of,
            ..entry(c.at, kind, Some((c.by.clone(), c.at)))
        });
    }
    // Stable: events keep their order among equal instants, and a change recorded at the
    // instant of an event comes after it.
    out.sort_by_key(|e| e.at);
    out
}

/// A ticket with its SLA and explanation at `as_of`.
///
/// # Errors
/// Not found; the database cannot be read.
pub async fn view(store: &Store, id: &str, as_of: Instant) -> Result<TicketView, AppError> {
    let d = detail(store, id, as_of).await?;
    let changes = store.ticket_changes(&d.record.id, d.record.version).await?;
    // The terms the ticket is governed by: those in force at its opening.
    let a = &d.runtime.for_ticket(d.record.opened_at).agreement;
    let r = d.record;
    let events: Vec<Event> = r.events.iter().map(|(e, _)| *e).collect();
    let mut phase = Phase::Running;
    accord_core::clock::walk_resolution(
        r.opened_at,
        accord_core::clock::known_at(&events, as_of),
        as_of,
        |p, _, _| phase = p,
    );
    Ok(TicketView {
        phase,
        agreement_title: a.title.clone(),
        tier: a.tier,
        terms: d.runtime.agreement.terms_label_at(r.opened_at),
        time_zone: a.calendar.time_zone.name().to_owned(),
        scope: d.runtime.agreement.terms_at(r.opened_at).scope.clone(),
        id: r.id,
        agreement_id: r.agreement_id,
        channel: r.channel,
        category: r.category,
        customer: r.customer,
        subject: r.subject,
        csat: r.csat,
        assignee: r.assignee,
        version: r.version,
        history: history(&d.explanation, &changes),
        explanation: d.explanation,
    })
}

/// A ticket as its page shows it: what is stored, its SLA at `as_of`, and the timeline behind it.
#[derive(Clone, Debug)]
pub struct TicketDetail {
    /// The stored ticket and its events.
    pub record: TicketRecord,
    /// The numbers and the segments that made them.
    pub explanation: Explanation,
    /// The agreement's engine it was evaluated with.
    pub runtime: std::sync::Arc<AgreementRuntime>,
}

/// One ticket with its SLA and explanation at `as_of`.
///
/// # Errors
/// Not found; the database cannot be read.
pub async fn detail(store: &Store, id: &str, as_of: Instant) -> Result<TicketDetail, AppError> {
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

/// A new ticket, as the desktop's form and `accord ticket open` give it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewTicketForm {
    /// Its id; empty for the next free `T-NNNNNNN`.
    pub id: String,
    /// Its agreement.
    pub agreement_id: String,
    /// When it was opened (RFC 3339); empty for now.
    pub opened_at: String,
    /// Priority.
    pub priority: Priority,
    /// Channel.
    pub channel: Channel,
    /// One of the agreement's scope.
    pub category: String,
    /// End customer.
    pub customer: String,
    /// Subject.
    pub subject: String,
}

/// A new ticket checked: its text trimmed, its opening read and not in the future.
#[derive(Clone, Debug)]
struct NewTicket {
    /// `None`: the next free number.
    id: Option<String>,
    agreement_id: String,
    opened_at: Instant,
    priority: Priority,
    channel: Channel,
    category: String,
    customer: String,
    subject: String,
}

impl NewTicketForm {
    fn validate(self, now: Instant) -> Result<NewTicket, AppError> {
        let id = self.id.trim();
        Ok(NewTicket {
            id: (!id.is_empty()).then(|| id.to_owned()),
            opened_at: instant_or_now(&self.opened_at, "opened at", now)?,
            agreement_id: self.agreement_id.trim().to_owned(),
            priority: self.priority,
            channel: self.channel,
            category: self.category.trim().to_owned(),
            customer: self.customer.trim().to_owned(),
            subject: self.subject.trim().to_owned(),
        })
    }
}

/// An instant as a form gives it: empty for `now`, else RFC 3339, and not later than `now`
/// by more than the clock skew allowed ([`accord_core::instant::MAX_CLOCK_SKEW_SECS`]): a
/// future instant would hold every later write to the ticket back.
fn instant_or_now(text: &str, field: &str, now: Instant) -> Result<Instant, AppError> {
    let rejected = |reason: String| StoreError::Rejected(format!("{field}: {reason}"));
    if text.trim().is_empty() {
        return Ok(now);
    }
    let at = Instant::parse(text.trim()).map_err(rejected)?;
    accord_core::instant::not_in_future(at, now).map_err(|e| rejected(e.to_string()))?;
    Ok(at)
}

/// Opens a ticket; returns its id (the next free `T-NNNNNNN` when the form gives none).
///
/// # Errors
/// A bad or future instant, an unknown agreement, a category outside its scope, a taken id.
pub async fn open(
    store: &Store,
    form: NewTicketForm,
    by: &str,
    now: Instant,
) -> Result<String, AppError> {
    let t = form.validate(now)?;
    let by = ChangedBy { name: by, at: now };
    if let Some(id) = &t.id {
        insert(store, &t, id, by).await?;
        return Ok(id.clone());
    }
    let (_, tickets, _) = store.counts().await?;
    // The next free number: another writer may take it first, so try a few.
    for attempt in 0..8 {
        let id = format!("T-{:07}", tickets + 1 + attempt);
        match insert(store, &t, &id, by).await {
            Err(AppError::Store(StoreError::Conflict(_))) => {}
            Err(e) => return Err(e),
            Ok(()) => return Ok(id),
        }
    }
    Err(StoreError::Conflict("no free ticket number was found".into()).into())
}

/// Writes a checked ticket under `id`, with its SLA summary.
async fn insert(store: &Store, t: &NewTicket, id: &str, by: ChangedBy<'_>) -> Result<(), AppError> {
    let rt = runtime_for(store, &t.agreement_id, t.opened_at).await?;
    // Allowed by the terms governing the ticket (those in force at its opening); its index is
    // into every category of the agreement's life.
    let terms = rt.agreement.terms_at(t.opened_at);
    let category = rt
        .agreement
        .categories()
        .iter()
        .position(|c| *c == t.category)
        .filter(|_| terms.scope.contains(&t.category))
        .ok_or_else(|| {
            StoreError::Rejected(format!(
                "category `{}` is not in the scope of {}{} ({})",
                t.category,
                t.agreement_id,
                rt.agreement
                    .terms_label_at(t.opened_at)
                    .map_or_else(String::new, |l| format!(" under {l}")),
                terms.scope.join(", ")
            ))
        })?;
    let ticket = Ticket {
        id: id.into(),
        agreement: 0,
        opened_at: t.opened_at,
        priority: t.priority,
        channel: t.channel,
        category: u16::try_from(category).unwrap_or(0),
        customer: t.customer.as_str().into(),
        subject: t.subject.as_str().into(),
        csat: None,
    };
    let summary = summarise(&rt, &ticket, &[]);
    store
        .insert_ticket(
            &accord_store::NewTicket {
                ticket,
                agreement_id: t.agreement_id.clone(),
                category: t.category.clone(),
                summary,
            },
            by,
        )
        .await?;
    Ok(())
}

/// An event, as the ticket page and `accord ticket event` give it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct EventForm {
    /// The ticket.
    pub ticket_id: String,
    /// The version the page shows (a newer one means someone else changed the ticket).
    pub version: i64,
    /// What happened.
    pub kind: EventKind,
    /// When (RFC 3339); empty for now.
    pub at: String,
    /// The new priority, for `priority_changed`.
    pub priority: Option<Priority>,
    /// A note.
    pub note: String,
}

/// Appends an event to a ticket, checking it against the ticket's clocks
/// ([`accord_core::clock::check_append`]) and recomputing its deadline in the same
/// transaction. Returns the ticket's new version.
///
/// # Errors
/// A bad or future instant, not found, a conflict with another writer, or the engine's reason
/// for refusing the event.
pub async fn add_event(
    store: &Store,
    form: EventForm,
    by: &str,
    now: Instant,
) -> Result<i64, AppError> {
    let event = Event {
        at: instant_or_now(&form.at, "at", now)?,
        kind: form.kind,
        priority: form
            .priority
            .filter(|_| form.kind == EventKind::PriorityChanged),
    };
    let ticket_id = form.ticket_id.trim();
    let record = store
        .ticket(ticket_id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("ticket {ticket_id}")))?;
    let rt = runtime_for(store, &record.agreement_id, event.at).await?;
    let version = store
        .append_event(
            &record,
            form.version,
            event,
            form.note.trim(),
            ChangedBy { name: by, at: now },
            |r| {
                let events: Vec<Event> = r.events.iter().map(|(e, _)| *e).collect();
                accord_core::clock::check_append(r.opened_at, r.priority, &events, &event)?;
                let mut all = events;
                all.push(event);
                Ok(summarise(&rt, &ticket_of(&rt, r), &all))
            },
        )
        .await?;
    Ok(version)
}

/// Who works a ticket, as the ticket page and `accord ticket assign` give it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// The ticket.
    pub ticket_id: String,
    /// The version last seen.
    pub version: i64,
    /// Who; absent or blank to clear it.
    pub assignee: Option<String>,
}

/// Assigns a ticket (a blank name clears its assignee), recorded in its history as done by
/// `by` at `now`; returns its new version.
///
/// # Errors
/// Not found; a conflict with another writer.
pub async fn assign(store: &Store, a: Assignment, by: &str, now: Instant) -> Result<i64, AppError> {
    let assignee = a
        .assignee
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty());
    Ok(store
        .edit_ticket(
            a.ticket_id.trim(),
            a.version,
            TicketEdit::Assign(assignee),
            ChangedBy { name: by, at: now },
        )
        .await?)
}

/// A customer's satisfaction score, as the ticket page and `accord ticket csat` give it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsatEntry {
    /// The ticket.
    pub ticket_id: String,
    /// The version last seen.
    pub version: i64,
    /// The score, 1–5; absent to clear it.
    pub csat: Option<u8>,
}

/// The scores CSAT takes (`formats.md`, tickets CSV).
pub const CSAT_SCORES: std::ops::RangeInclusive<u8> = 1..=5;

/// Records (or clears) a ticket's CSAT score, recorded in its history as done by `by` at
/// `now`; returns its new version.
///
/// # Errors
/// [`AppError::Rejected`] for a score outside 1–5; not found; a conflict with another writer.
pub async fn set_csat(
    store: &Store,
    c: CsatEntry,
    by: &str,
    now: Instant,
) -> Result<i64, AppError> {
    if c.csat.is_some_and(|s| !CSAT_SCORES.contains(&s)) {
        return Err(AppError::Rejected("CSAT is a score from 1 to 5".into()));
    }
    Ok(store
        .edit_ticket(
            c.ticket_id.trim(),
            c.version,
            TicketEdit::Csat(c.csat),
            ChangedBy { name: by, at: now },
        )
        .await?)
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

fn ticket_of(rt: &AgreementRuntime, r: &TicketRecord) -> Ticket {
    Ticket {
        id: r.id.clone().into(),
        agreement: 0,
        opened_at: r.opened_at,
        priority: r.priority,
        channel: r.channel,
        category: u16::try_from(
            rt.agreement
                .categories()
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
