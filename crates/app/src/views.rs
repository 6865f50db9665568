//! What the desktop app's screens show and send, as serialisable types (TypeScript gets them
//! through `specta` when the `specta` feature is on), and the use cases that fill them.
//!
//! Instants cross as RFC 3339 text, decimals as their exact decimal text, vocabularies as their
//! `formats.md` spellings. Everything here is computed by `accord-core` and read through
//! `accord-store`; the screens only lay it out.

use accord_core::clock::Phase;
use accord_core::explain::Explanation;
use accord_core::model::{Channel, EventKind, Priority, Tier};
use accord_core::{Event, InputError, Instant, parse_agreement};
use accord_store::{QueueFilter, QueueRow, Store, StoreError, TicketFilter};
use serde::{Deserialize, Serialize};

use crate::{AppError, InputFile, OpenTicket};

/// The open database at a glance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Overview {
    /// Where it is (a file path, or a PostgreSQL URL without password).
    pub location: String,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// Agreements stored.
    pub agreements: i64,
    /// Tickets stored.
    pub tickets: i64,
    /// Changes with every write, by anyone.
    pub revision: i64,
}

/// The database at a glance.
///
/// # Errors
/// When the database cannot be read.
pub async fn overview(store: &Store) -> Result<Overview, AppError> {
    let (agreements, tickets, _) = store.counts().await?;
    Ok(Overview {
        location: store.location.clone(),
        backend: store.backend().to_owned(),
        agreements,
        tickets,
        revision: store.revision().await?,
    })
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

fn unreadable(what: String) -> AppError {
    StoreError::Unreadable(what).into()
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A page of the ticket list, newest first.
///
/// # Errors
/// When the database cannot be read.
pub async fn tickets(store: &Store, q: &TicketQuery) -> Result<TicketPage, AppError> {
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

/// Which open tickets the queue shows, and which page of them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueueQuery {
    /// Only this agreement.
    pub agreement_id: Option<String>,
    /// Only this tier.
    pub tier: Option<Tier>,
    /// Only tickets assigned to this person.
    pub assignee: Option<String>,
    /// First row.
    pub offset: u32,
    /// Rows.
    pub limit: u32,
}

/// An escalation level and the instant it is passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LevelAt {
    /// The level.
    pub level: u32,
    /// When it is passed if the clocks keep running.
    pub at: Instant,
}

/// One line of the queue: enough to count down to the deadline and to tell, at any instant,
/// the escalation level, without asking the database again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueueItem {
    /// Ticket id.
    pub id: String,
    /// Agreement id.
    pub agreement_id: String,
    /// The agreement's tier.
    pub tier: Tier,
    /// Priority at opening.
    pub priority: Priority,
    /// Subject.
    pub subject: String,
    /// Customer.
    pub customer: String,
    /// Assignee.
    pub assignee: Option<String>,
    /// The earliest due instant of a running clock (absent while paused).
    pub next_deadline: Option<Instant>,
    /// The level passed at the ticket's last event.
    pub escalation_level: u32,
    /// The levels still to come, in time order.
    pub escalations: Vec<LevelAt>,
    /// Version (for edits).
    pub version: i64,
}

/// A page of the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueuePage {
    /// Open tickets the query matches.
    pub total: u32,
    /// The page.
    pub rows: Vec<QueueItem>,
}

/// A queue row as the screens get it.
///
/// # Errors
/// When the row holds a value this binary cannot read.
pub fn queue_item(r: QueueRow) -> Result<QueueItem, AppError> {
    Ok(QueueItem {
        tier: Tier::parse(&r.tier).map_err(unreadable)?,
        priority: Priority::parse(&r.priority).map_err(unreadable)?,
        id: r.id,
        agreement_id: r.agreement_id,
        subject: r.subject,
        customer: r.customer,
        assignee: r.assignee,
        next_deadline: r.next_deadline,
        escalation_level: r.escalation_level,
        escalations: r
            .escalations
            .into_iter()
            .map(|(level, at)| LevelAt { level, at })
            .collect(),
        version: r.version,
    })
}

/// A page of the queue: open tickets by next SLA deadline.
///
/// # Errors
/// When the database cannot be read.
pub async fn queue(store: &Store, q: &QueueQuery) -> Result<QueuePage, AppError> {
    let filter = QueueFilter {
        agreement_id: q.agreement_id.clone().filter(|s| !s.is_empty()),
        tier: q.tier.map(|t| t.as_str().to_owned()),
        assignee: q.assignee.clone().filter(|s| !s.is_empty()),
    };
    let page = store
        .queue_page(&filter, i64::from(q.offset), i64::from(q.limit.min(1000)))
        .await?;
    Ok(QueuePage {
        total: count(page.total),
        rows: page
            .rows
            .into_iter()
            .map(queue_item)
            .collect::<Result<_, _>>()?,
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
    /// The agreement's time zone (IANA name), for local times.
    pub time_zone: String,
    /// The agreement's scope (the categories a ticket may have).
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
}

/// A ticket with its SLA and explanation at `as_of`.
///
/// # Errors
/// Not found; the database cannot be read.
pub async fn ticket(store: &Store, id: &str, as_of: Instant) -> Result<TicketView, AppError> {
    let d = crate::ticket_detail(store, id, as_of).await?;
    let a = &d.runtime.agreement;
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
        time_zone: a.calendar.time_zone.name().to_owned(),
        scope: a.scope.clone(),
        id: r.id,
        agreement_id: r.agreement_id,
        channel: r.channel,
        category: r.category,
        customer: r.customer,
        subject: r.subject,
        csat: r.csat,
        assignee: r.assignee,
        version: r.version,
        explanation: d.explanation,
    })
}

/// A new ticket as the form sends it.
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

fn instant_or_now(text: &str, field: &str, now: Instant) -> Result<Instant, AppError> {
    if text.trim().is_empty() {
        return Ok(now);
    }
    Instant::parse(text.trim())
        .map_err(|reason| StoreError::Rejected(format!("{field}: {reason}")).into())
}

/// Opens a ticket from the form; returns its id.
///
/// # Errors
/// A bad instant, an unknown agreement, a category outside its scope, a taken id.
pub async fn open_ticket(
    store: &Store,
    form: NewTicketForm,
    now: Instant,
) -> Result<String, AppError> {
    let opened_at = instant_or_now(&form.opened_at, "opened at", now)?;
    let given = form.id.trim().to_owned();
    let (_, tickets, _) = store.counts().await?;
    // Without an id, the next free number: another writer may take it first, so try a few.
    for attempt in 0..8 {
        let id = if given.is_empty() {
            format!("T-{:07}", tickets + 1 + attempt)
        } else {
            given.clone()
        };
        let t = OpenTicket {
            id: id.clone(),
            agreement_id: form.agreement_id.clone(),
            opened_at,
            priority: form.priority,
            channel: form.channel,
            category: form.category.clone(),
            customer: form.customer.trim().to_owned(),
            subject: form.subject.trim().to_owned(),
        };
        match crate::open_ticket(store, t, now).await {
            Err(AppError::Store(StoreError::Conflict(_))) if given.is_empty() => {}
            Err(e) => return Err(e),
            Ok(()) => return Ok(id),
        }
    }
    Err(StoreError::Conflict("no free ticket number was found".into()).into())
}

/// An event as the ticket page sends it.
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

/// Appends an event; returns the ticket's new version.
///
/// # Errors
/// A bad instant, a conflict, or the engine's reason for refusing the event.
pub async fn add_event(store: &Store, form: EventForm, now: Instant) -> Result<i64, AppError> {
    let at = instant_or_now(&form.at, "at", now)?;
    let event = Event {
        at,
        kind: form.kind,
        priority: form
            .priority
            .filter(|_| form.kind == EventKind::PriorityChanged),
    };
    crate::append_event(
        store,
        &form.ticket_id,
        form.version,
        event,
        form.note.trim(),
        now,
    )
    .await
}

/// An agreement's TOML of record, for the editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementSource {
    /// Id.
    pub id: String,
    /// Version (a save names it; a newer one in the database is a conflict).
    pub version: i64,
    /// The TOML.
    pub source: String,
}

/// An agreement's TOML and version.
///
/// # Errors
/// Not found; the database cannot be read.
pub async fn agreement_source(store: &Store, id: &str) -> Result<AgreementSource, AppError> {
    let (source, version) = store
        .agreement_source(id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("agreement {id}")))?;
    Ok(AgreementSource {
        id: id.to_owned(),
        version,
        source,
    })
}

/// What the engine says of an agreement's TOML: every error, located, and the warnings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementCheck {
    /// The id it declares, when it reads.
    pub id: Option<String>,
    /// Every error (empty when it is valid).
    pub errors: Vec<InputError>,
    /// Things that are valid but probably not meant.
    pub warnings: Vec<String>,
}

/// Checks an agreement's TOML with the engine's own reader.
#[must_use]
pub fn check_agreement(name: &str, source: &str) -> AgreementCheck {
    match parse_agreement(name, source) {
        Ok(a) => AgreementCheck {
            id: Some(a.id.clone()),
            errors: Vec::new(),
            warnings: accord_core::agreement::warnings(&a),
        },
        Err(e) => AgreementCheck {
            id: None,
            errors: e.errors,
            warnings: Vec::new(),
        },
    }
}

/// Saves an agreement's TOML, new (`expected_version` absent) or replacing the version the
/// editor read, and recomputes its tickets' deadlines in the same transaction.
///
/// # Errors
/// [`AppError::Input`] with the engine's errors; a conflict when someone else saved first (or
/// the id is taken, for a new one); nothing is written on any error.
pub async fn save_agreement(
    store: &Store,
    source: &str,
    expected_version: Option<i64>,
    actor: &str,
    now: Instant,
) -> Result<AgreementSource, AppError> {
    let a = parse_agreement("agreement", source)?;
    let file = InputFile {
        name: format!("{}.toml", a.id),
        bytes: source.as_bytes().to_vec(),
    };
    // The version the editor read is checked against the one the import replaces, and the
    // import's transaction writes only over that version: one check, in the write.
    crate::import_expecting(
        store,
        vec![file],
        true,
        actor,
        now,
        Some((&a.id, expected_version)),
    )
    .await?;
    agreement_source(store, &a.id).await
}

/// What an import did, for the screen.
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
    /// Events added.
    pub events_added: u32,
}

impl From<crate::ImportSummary> for ImportReport {
    fn from(s: crate::ImportSummary) -> Self {
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Self {
            agreements_added: n(s.agreements_added),
            agreements_replaced: n(s.agreements_replaced),
            agreements_unchanged: n(s.agreements_unchanged),
            tickets_added: n(s.tickets_added),
            tickets_unchanged: n(s.tickets_unchanged),
            events_added: n(s.events_added),
        }
    }
}

/// An agreement as a choice in a form or filter: no figures, so nothing but the agreements is
/// read (the agreements list's compliance reads the whole history).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AgreementChoice {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Tier.
    pub tier: Tier,
    /// The region covered (a portfolio can be one region's agreements).
    pub region: String,
    /// The ticket categories it covers.
    pub scope: Vec<String>,
}

/// Every agreement as a choice, by id.
///
/// # Errors
/// When the database cannot be read.
pub async fn agreement_choices(store: &Store) -> Result<Vec<AgreementChoice>, AppError> {
    Ok(store
        .agreements()
        .await?
        .into_iter()
        .map(|s| AgreementChoice {
            id: s.agreement.id,
            title: s.agreement.title,
            tier: s.agreement.tier,
            region: s.agreement.region,
            scope: s.agreement.scope,
        })
        .collect())
}
