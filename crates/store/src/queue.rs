//! The lists of tickets: the queue of open tickets by next deadline (in pages), the tickets
//! passing an escalation level (for the watcher), and the ticket list with its filter.

use accord_core::Instant;
use sqlx::{ColumnIndex, Executor, IntoArguments, Row};

use crate::sql::{Backend, Db, Value, with_pool};
use crate::{Store, StoreError, unpack_escalations};

/// Which open tickets the queue shows.
#[derive(Clone, Debug, Default)]
pub struct QueueFilter {
    /// Only this agreement.
    pub agreement_id: Option<String>,
    /// Only this tier.
    pub tier: Option<String>,
    /// Only this assignee.
    pub assignee: Option<String>,
    /// Only this priority in force (`p1`..`p4`).
    pub priority: Option<String>,
    /// Text found (case-insensitively) in the id, subject or customer.
    pub text: String,
    /// Which of the queue's views.
    pub view: QueueView,
    /// The instant the views are taken at (what is due is at or after it, what is breached
    /// before it); `None` for [`QueueView::All`], which does not need it.
    pub now: Option<Instant>,
}

/// The queue's views of the open tickets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueueView {
    /// Not waiting on the customer, a clock running and not yet due: by deadline.
    DueSoon,
    /// Not waiting on the customer, a running clock past its deadline: most late first.
    Breached,
    /// Waiting on the customer (breached or not): longest waiting first.
    Waiting,
    /// Every open ticket: by deadline, those without one last.
    #[default]
    All,
}

/// How many open tickets each view holds, under the filter's other terms.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct QueueCounts {
    /// [`QueueView::DueSoon`].
    pub due_soon: i64,
    /// [`QueueView::Breached`].
    pub breached: i64,
    /// [`QueueView::Waiting`].
    pub waiting: i64,
    /// [`QueueView::All`].
    pub all: i64,
}

/// One row of the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueRow {
    /// Ticket id.
    pub id: String,
    /// Agreement id.
    pub agreement_id: String,
    /// Tier of the agreement.
    pub tier: String,
    /// Priority at opening.
    pub priority: String,
    /// Subject.
    pub subject: String,
    /// Customer.
    pub customer: String,
    /// Assignee.
    pub assignee: Option<String>,
    /// Next deadline (`None` while paused).
    pub next_deadline: Option<Instant>,
    /// Escalation level passed at the last event.
    pub escalation_level: u32,
    /// Levels still to come with the instants they are passed.
    pub escalations: Vec<(u32, Instant)>,
    /// Version.
    pub version: i64,
    /// Since when it waits on the customer, if it does.
    pub waiting_since: Option<Instant>,
    /// When a clock was first breached, by its last event.
    pub breached_at: Option<Instant>,
    /// The priority in force (`p1`..`p4`).
    pub current_priority: String,
}

/// A page of the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuePage {
    /// Open tickets the filter's view holds.
    pub total: i64,
    /// The page.
    pub rows: Vec<QueueRow>,
    /// Each view's count under the filter's other terms.
    pub counts: QueueCounts,
}

/// Which tickets a ticket list shows.
#[derive(Clone, Debug, Default)]
pub struct TicketFilter {
    /// Only this agreement.
    pub agreement_id: Option<String>,
    /// Only this priority at opening (`p1`..`p4`).
    pub priority: Option<String>,
    /// Only open (`Some(true)`) or only stopped (`Some(false)`) tickets.
    pub open: Option<bool>,
    /// Text found (case-insensitively) in the id, subject or customer.
    pub text: String,
}

/// One line of a ticket list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketListRow {
    /// Id.
    pub id: String,
    /// Agreement id.
    pub agreement_id: String,
    /// Opened at.
    pub opened_at: Instant,
    /// Priority at opening.
    pub priority: String,
    /// Channel.
    pub channel: String,
    /// Category.
    pub category: String,
    /// Customer.
    pub customer: String,
    /// Subject.
    pub subject: String,
    /// Assignee.
    pub assignee: Option<String>,
    /// Resolution clock not stopped.
    pub is_open: bool,
    /// Next deadline of a running clock.
    pub next_deadline: Option<Instant>,
}

/// A page of tickets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketPage {
    /// Tickets the filter matches.
    pub total: i64,
    /// The page.
    pub rows: Vec<TicketListRow>,
}

/// The columns of a queue row, read by [`queue_row`].
const QUEUE_COLUMNS: &str = concat!(
    "SELECT t.id, t.agreement_id, a.tier, t.priority, t.subject, t.customer, t.assignee, ",
    "t.next_deadline, t.escalation_level, t.escalations, t.version, t.waiting_since, ",
    "t.breached_at, COALESCE(NULLIF(t.current_priority, ''), t.priority)"
);

/// Which open tickets the queue holds: those of the filter's agreement, tier, assignee and
/// priority in force (parameters 1–4, `''` for any), and of its text ([`QUEUE_TEXT`], `$5`);
/// `$6` is the views' instant. Every queue statement binds the same eight parameters
/// (PostgreSQL refuses a bound parameter its statement does not name), so `$6 = $6` names the
/// instant in the statements that do not compare with it (All's two parts). The tier is a
/// subquery, not a join, and the counts name no column outside the `tickets_views` index
/// (schema 9), so that counting 100,000 open tickets reads that index alone
/// (`crates/app/benches/queue.rs`: 120 ms by the table, 17 ms by the index).
const QUEUE_WHERE: &str = concat!(
    "WHERE t.is_open = 1 AND ($1 = '' OR t.agreement_id = $1) ",
    "AND ($2 = '' OR t.agreement_id IN (SELECT id FROM agreements WHERE tier = $2)) ",
    "AND ($3 = '' OR t.assignee = $3) ",
    "AND ($4 = '' OR COALESCE(NULLIF(t.current_priority, ''), t.priority) = $4) ",
    "AND $6 = $6"
);

/// The text filter: a `LIKE` pattern (`$5`) in the id, subject or customer, any case (`ILIKE`,
/// which SQLite's `LIKE` is: `lower` on every row tripled a search of 100,000 open tickets).
const QUEUE_TEXT: &str = concat!(
    "AND ($5 = '' OR t.id ILIKE $5 ESCAPE '\\' ",
    "OR t.subject ILIKE $5 ESCAPE '\\' OR t.customer ILIKE $5 ESCAPE '\\')"
);

/// [`QUEUE_TEXT`] as the list of the open tickets it finds (from `tickets_views` alone), for a
/// page of a text that few tickets hold (never with no text: an `OR` would keep the list from
/// leading the search).
const QUEUE_TEXT_FIRST: &str = concat!(
    "AND t.id IN (SELECT s.id FROM tickets s WHERE s.is_open = 1 AND ",
    "(s.id ILIKE $5 ESCAPE '\\' OR s.subject ILIKE $5 ESCAPE '\\' ",
    "OR s.customer ILIKE $5 ESCAPE '\\'))"
);

/// Up to this many tickets matching a text, a page finds them first ([`QUEUE_TEXT_FIRST`]);
/// beyond it, walking the view in order finds a page within a few thousand tickets.
const SPARSE_TEXT: i64 = 5_000;

/// A page's rows come with their agreement's tier.
const QUEUE_JOIN: &str = "FROM tickets t JOIN agreements a ON a.id = t.agreement_id";

/// Each view's count: all, due soon, breached, waiting, and those with a deadline.
const QUEUE_COUNTS: &str = concat!(
    "SELECT COUNT(*), ",
    "COALESCE(SUM(CASE WHEN t.waiting_since IS NULL AND t.next_deadline >= $6 ",
    "THEN 1 ELSE 0 END), 0), ",
    "COALESCE(SUM(CASE WHEN t.waiting_since IS NULL AND t.next_deadline < $6 ",
    "THEN 1 ELSE 0 END), 0), ",
    "COALESCE(SUM(CASE WHEN t.waiting_since IS NOT NULL THEN 1 ELSE 0 END), 0), ",
    "COUNT(t.next_deadline) "
);

/// Where a ticket list's tickets come from: those of the filter's agreement, priority, state
/// and text (parameters 1–4, `''` or -1 for any).
const TICKETS_FROM: &str = concat!(
    "FROM tickets t ",
    "WHERE ($1 = '' OR t.agreement_id = $1) AND ($2 = '' OR t.priority = $2) ",
    "AND ($3 = -1 OR t.is_open = $3) ",
    "AND ($4 = '' OR t.id ILIKE $4 ESCAPE '\\' ",
    "OR t.subject ILIKE $4 ESCAPE '\\' OR t.customer ILIKE $4 ESCAPE '\\')"
);

/// The columns of a ticket list's line, read by `Db::ticket_page`.
const TICKET_LIST_COLUMNS: &str = concat!(
    "SELECT t.id, t.agreement_id, t.opened_at, t.priority, t.channel, t.category, t.customer, ",
    "t.subject, t.assignee, t.is_open, t.next_deadline"
);

impl Store {
    /// Open tickets by next deadline (most urgent first; paused ones, without a deadline, last).
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn queue(
        &self,
        filter: &QueueFilter,
        limit: i64,
    ) -> Result<Vec<QueueRow>, StoreError> {
        Ok(self.queue_page(filter, 0, limit).await?.rows)
    }

    /// One page of the queue (see [`Self::queue`]): `limit` rows from position `offset`, with
    /// the number of open tickets the filter matches.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn queue_page(
        &self,
        filter: &QueueFilter,
        offset: i64,
        limit: i64,
    ) -> Result<QueuePage, StoreError> {
        let count = format!("{QUEUE_COUNTS} FROM tickets t {QUEUE_WHERE} {QUEUE_TEXT}");
        let f = |v: &Option<String>| v.clone().unwrap_or_default();
        let by = QueueBy {
            text: [
                f(&filter.agreement_id),
                f(&filter.tier),
                f(&filter.assignee),
                f(&filter.priority),
                like_pattern(&filter.text),
            ],
            now: filter.now.map_or(0, |n| n.0),
        };
        let (counts, with_deadline) =
            with_pool!(self, pool => Db(pool).queue_count(&count, &by).await?);
        let total = match filter.view {
            QueueView::DueSoon => counts.due_soon,
            QueueView::Breached => counts.breached,
            QueueView::Waiting => counts.waiting,
            QueueView::All => counts.all,
        };
        // A page walks its view's index in order and tests each ticket, which finds a page of
        // a common text at once but reads every open ticket for a rare one; so few matches
        // (the counts know how many) are found by the text first, then put in order.
        let text = if !by.text[4].is_empty() && total <= SPARSE_TEXT {
            QUEUE_TEXT_FIRST
        } else {
            QUEUE_TEXT
        };
        let page = |cond: &str, order: &str| {
            format!(
                "{QUEUE_COLUMNS} {QUEUE_JOIN} {QUEUE_WHERE} {text} {cond} \
                 ORDER BY {order} LIMIT $7 OFFSET $8"
            )
        };
        // Each view is one index range; All is the tickets with a deadline, then those without.
        let parts = match filter.view {
            QueueView::DueSoon => vec![(
                page(
                    "AND t.waiting_since IS NULL AND t.next_deadline >= $6",
                    "t.next_deadline, t.id",
                ),
                offset,
                limit,
            )],
            QueueView::Breached => vec![(
                page(
                    "AND t.waiting_since IS NULL AND t.next_deadline < $6",
                    "t.next_deadline, t.id",
                ),
                offset,
                limit,
            )],
            QueueView::Waiting => vec![(
                page("AND t.waiting_since IS NOT NULL", "t.waiting_since, t.id"),
                offset,
                limit,
            )],
            QueueView::All => vec![
                (
                    page("AND t.next_deadline IS NOT NULL", "t.next_deadline, t.id"),
                    offset,
                    limit.min(with_deadline - offset),
                ),
                (
                    page("AND t.next_deadline IS NULL", "t.id"),
                    (offset - with_deadline).max(0),
                    // None asked for when the counts say there is none to find.
                    (limit - (with_deadline - offset).clamp(0, limit))
                        .min(counts.all - with_deadline - (offset - with_deadline).max(0)),
                ),
            ],
        };
        let mut raw = Vec::new();
        for (sql, skip, want) in parts {
            if want <= 0 {
                continue;
            }
            let rows = with_pool!(self, pool => Db(pool).queue_rows(&sql, &by, want, skip).await?);
            raw.extend(rows);
        }
        let rows = raw
            .into_iter()
            .map(|(mut row, packed)| {
                row.escalations = unpack_escalations(&packed)?;
                Ok(row)
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(QueuePage {
            total,
            rows,
            counts,
        })
    }

    /// Open tickets that pass an escalation level in `(after, until]`, as queue rows: what a
    /// watcher that looked last at `after` has to announce at `until`.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn escalating(
        &self,
        after: Instant,
        until: Instant,
    ) -> Result<Vec<QueueRow>, StoreError> {
        let sql = format!(
            "{QUEUE_COLUMNS} FROM tickets t JOIN agreements a ON a.id = t.agreement_id \
             WHERE t.is_open = 1 AND t.escalation_last > $1 AND t.escalation_first <= $2 \
             ORDER BY t.id"
        );
        let raw = with_pool!(self, pool => Db(pool).escalating(&sql, after, until).await?);
        raw.into_iter()
            .filter_map(|(mut row, packed)| match unpack_escalations(&packed) {
                Ok(e) => {
                    row.escalations = e;
                    row.escalations
                        .iter()
                        .any(|(_, at)| *at > after && *at <= until)
                        .then_some(Ok(row))
                }
                Err(e) => Some(Err(e)),
            })
            .collect()
    }

    /// One page of tickets, newest first, with the number the filter matches.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn ticket_page(
        &self,
        filter: &TicketFilter,
        offset: i64,
        limit: i64,
    ) -> Result<TicketPage, StoreError> {
        let pattern = like_pattern(&filter.text);
        let f = |v: &Option<String>| v.clone().unwrap_or_default();
        let by = TicketsBy {
            agreement_id: f(&filter.agreement_id),
            priority: f(&filter.priority),
            open: filter.open.map_or(-1, i64::from),
            pattern,
        };
        with_pool!(self, pool => Db(pool).ticket_page(&by, offset, limit).await)
    }
}

/// A ticket list's filter as bound: agreement, priority, state (-1: any) and text pattern.
struct TicketsBy {
    agreement_id: String,
    priority: String,
    open: i64,
    pattern: String,
}

impl<DB> Db<'_, DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    i64: Value<DB>,
    String: Value<DB>,
    usize: ColumnIndex<DB::Row>,
{
    /// How many open tickets the queue's filter (`by`: agreement, tier, assignee) matches, and
    /// how many of them have a deadline.
    async fn queue_count(
        &self,
        sql: &str,
        by: &QueueBy,
    ) -> Result<(QueueCounts, i64), sqlx::Error> {
        let [agreement, tier, assignee, priority, text] = by.text.clone();
        let r = sqlx::query(&DB::sql(sql))
            .bind(agreement)
            .bind(tier)
            .bind(assignee)
            .bind(priority)
            .bind(text)
            .bind(by.now)
            .fetch_one(self.0)
            .await?;
        let counts = QueueCounts {
            all: r.try_get::<i64, _>(0)?,
            due_soon: r.try_get::<i64, _>(1)?,
            breached: r.try_get::<i64, _>(2)?,
            waiting: r.try_get::<i64, _>(3)?,
        };
        Ok((counts, r.try_get::<i64, _>(4)?))
    }

    /// One part of a queue page: `want` rows from position `skip`, with their packed schedules.
    async fn queue_rows(
        &self,
        sql: &str,
        by: &QueueBy,
        want: i64,
        skip: i64,
    ) -> Result<Vec<(QueueRow, String)>, sqlx::Error> {
        let [agreement, tier, assignee, priority, text] = by.text.clone();
        sqlx::query(&DB::sql(sql))
            .bind(agreement)
            .bind(tier)
            .bind(assignee)
            .bind(priority)
            .bind(text)
            .bind(by.now)
            .bind(want)
            .bind(skip)
            .fetch_all(self.0)
            .await?
            .iter()
            .map(queue_row)
            .collect()
    }

    /// The rows of [`Store::escalating`], before the schedules are looked at.
    async fn escalating(
        &self,
        sql: &str,
        after: Instant,
        until: Instant,
    ) -> Result<Vec<(QueueRow, String)>, sqlx::Error> {
        sqlx::query(&DB::sql(sql))
            .bind(after.0)
            .bind(until.0)
            .fetch_all(self.0)
            .await?
            .iter()
            .map(queue_row)
            .collect()
    }

    /// [`Store::ticket_page`]'s reading.
    async fn ticket_page(
        &self,
        by: &TicketsBy,
        offset: i64,
        limit: i64,
    ) -> Result<TicketPage, StoreError> {
        let rows_sql = format!(
            "{TICKET_LIST_COLUMNS} {TICKETS_FROM} \
             ORDER BY t.opened_at DESC, t.id LIMIT $5 OFFSET $6"
        );
        let count_sql = format!("SELECT COUNT(*) {TICKETS_FROM}");
        let total = sqlx::query_scalar::<_, i64>(&DB::sql(&count_sql))
            .bind(by.agreement_id.clone())
            .bind(by.priority.clone())
            .bind(by.open)
            .bind(&by.pattern)
            .fetch_one(self.0)
            .await?;
        let rows = sqlx::query(&DB::sql(&rows_sql))
            .bind(by.agreement_id.clone())
            .bind(by.priority.clone())
            .bind(by.open)
            .bind(&by.pattern)
            .bind(limit)
            .bind(offset)
            .fetch_all(self.0)
            .await?
            .into_iter()
            .map(|r| {
                Ok::<_, sqlx::Error>(TicketListRow {
                    id: r.try_get(0)?,
                    agreement_id: r.try_get(1)?,
                    opened_at: Instant(r.try_get(2)?),
                    priority: r.try_get(3)?,
                    channel: r.try_get(4)?,
                    category: r.try_get(5)?,
                    customer: r.try_get(6)?,
                    subject: r.try_get(7)?,
                    assignee: r.try_get(8)?,
                    is_open: r.try_get::<i64, _>(9)? == 1,
                    next_deadline: r.try_get::<Option<i64>, _>(10)?.map(Instant),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TicketPage { total, rows })
    }
}

/// Text to find as a LIKE pattern (`%text%`, lower case, its `%`, `_` and `\\` escaped), or
/// `''` for none.
fn like_pattern(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let escaped: String = text
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

/// A queue filter as bound: agreement, tier, assignee, priority and text pattern (`$1`–`$5`),
/// and the views' instant (`$6`).
struct QueueBy {
    text: [String; 5],
    now: i64,
}

/// A queue row from [`QUEUE_COLUMNS`], with its packed escalation schedule still to unpack.
fn queue_row<R: Row>(r: &R) -> Result<(QueueRow, String), sqlx::Error>
where
    usize: ColumnIndex<R>,
    i64: Value<R::Database>,
    String: Value<R::Database>,
{
    Ok((
        QueueRow {
            id: r.try_get(0)?,
            agreement_id: r.try_get(1)?,
            tier: r.try_get(2)?,
            priority: r.try_get(3)?,
            subject: r.try_get(4)?,
            customer: r.try_get(5)?,
            assignee: r.try_get(6)?,
            next_deadline: r.try_get::<Option<i64>, _>(7)?.map(Instant),
            escalation_level: u32::try_from(r.try_get::<i64, _>(8)?).unwrap_or(0),
            escalations: Vec::new(),
            version: r.try_get(10)?,
            waiting_since: r.try_get::<Option<i64>, _>(11)?.map(Instant),
            breached_at: r.try_get::<Option<i64>, _>(12)?.map(Instant),
            current_priority: r.try_get(13)?,
        },
        r.try_get::<String, _>(9)?,
    ))
}
