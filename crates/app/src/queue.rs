//! The SLA queue: open tickets ordered by their next deadline, as Premium reps work them, a
//! page at a time, in views with counts (due soon, breached, waiting on the customer, all) and
//! filtered by priority and text, and the tickets about to pass an escalation level; and the
//! SLA summary the store keeps per ticket so that the queue is an index scan, computed by the
//! engine.

use accord_core::clock::AgreementRuntime;
use accord_core::model::{Priority, Tier};
use accord_core::{Event, Instant, Ticket};
use accord_store::{QueueFilter, QueueRow, SlaSummary, Store};
use serde::{Deserialize, Serialize};

use crate::{AppError, count, unreadable};

/// The most rows a page of the queue has.
pub const PAGE_MAX: u32 = 1000;

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
    /// Only this priority in force.
    #[serde(default)]
    pub priority: Option<Priority>,
    /// Text found (case-insensitively) in the id, subject or customer.
    #[serde(default)]
    pub text: String,
    /// Which view (all open tickets when not said).
    #[serde(default)]
    pub view: QueueView,
    /// First row.
    pub offset: u32,
    /// Rows (at most 1,000: [`PAGE_MAX`]).
    pub limit: u32,
}

/// The queue's views of the open tickets, each an index range (`accord_store::QueueView`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum QueueView {
    /// Not waiting on the customer, a clock running and not yet due: by deadline (the screen's
    /// default).
    DueSoon,
    /// Not waiting on the customer, a running clock past its deadline: most late first.
    Breached,
    /// Waiting on the customer, breached or not: longest waiting first. Its clock is paused, so
    /// it is not counted late while it waits.
    Waiting,
    /// Every open ticket, by deadline, those without one last.
    #[default]
    All,
}

impl From<QueueView> for accord_store::QueueView {
    fn from(v: QueueView) -> Self {
        match v {
            QueueView::DueSoon => Self::DueSoon,
            QueueView::Breached => Self::Breached,
            QueueView::Waiting => Self::Waiting,
            QueueView::All => Self::All,
        }
    }
}

/// How many open tickets each view holds under the query's other filters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueueCounts {
    /// Due soon.
    pub due_soon: u32,
    /// Breached.
    pub breached: u32,
    /// Waiting on the customer.
    pub waiting: u32,
    /// All open tickets.
    pub all: u32,
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
    /// Since when it waits on the customer, if it does.
    pub waiting_since: Option<Instant>,
    /// When a clock was first breached, by its last event (a running clock past
    /// `next_deadline` is breached too).
    pub breached_at: Option<Instant>,
    /// The priority in force.
    pub current_priority: Priority,
}

/// A page of the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QueuePage {
    /// Each view's count under the query's other filters.
    pub counts: QueueCounts,
    /// Open tickets the query's view holds.
    pub total: u32,
    /// The page.
    pub rows: Vec<QueueItem>,
}

/// A queue row as the screens get it.
///
/// # Errors
/// When the row holds a value this binary cannot read.
pub fn item(r: QueueRow) -> Result<QueueItem, AppError> {
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
        waiting_since: r.waiting_since,
        breached_at: r.breached_at,
        current_priority: Priority::parse(&r.current_priority).map_err(unreadable)?,
    })
}

/// A page of one of the queue's views at `now`, with every view's count.
///
/// # Errors
/// When the database cannot be read.
pub async fn page(store: &Store, q: &QueueQuery, now: Instant) -> Result<QueuePage, AppError> {
    let filter = QueueFilter {
        agreement_id: q.agreement_id.clone().filter(|s| !s.is_empty()),
        tier: q.tier.map(|t| t.as_str().to_owned()),
        assignee: q.assignee.clone().filter(|s| !s.is_empty()),
        priority: q.priority.map(|p| p.as_str().to_owned()),
        text: q.text.clone(),
        view: q.view.into(),
        now: Some(now),
    };
    let page = store
        .queue_page(
            &filter,
            i64::from(q.offset),
            i64::from(q.limit.min(PAGE_MAX)),
        )
        .await?;
    let c = page.counts;
    Ok(QueuePage {
        total: count(page.total),
        rows: page.rows.into_iter().map(item).collect::<Result<_, _>>()?,
        counts: QueueCounts {
            due_soon: count(c.due_soon),
            breached: count(c.breached),
            waiting: count(c.waiting),
            all: count(c.all),
        },
    })
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
        waiting_since: s.waiting_since,
        breached_at: s.breached_at,
        current_priority: s.priority.as_str().to_owned(),
    }
}

/// The open tickets whose next escalation level is passed in `(after, until]`, as queue items
/// (the desktop's reminders).
///
/// # Errors
/// When the database cannot be read.
pub async fn escalating(
    store: &Store,
    after: Instant,
    until: Instant,
) -> Result<Vec<QueueItem>, AppError> {
    store
        .escalating(after, until)
        .await?
        .into_iter()
        .map(item)
        .collect()
}
