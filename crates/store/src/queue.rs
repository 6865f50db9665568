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
}

/// A page of the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuePage {
    /// Open tickets the filter matches.
    pub total: i64,
    /// The page.
    pub rows: Vec<QueueRow>,
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
    "t.next_deadline, t.escalation_level, t.escalations, t.version"
);

/// Where the queue's tickets come from: open ones, of the filter's agreement, tier and
/// assignee (parameters 1–3, `''` for any).
const QUEUE_FROM: &str = concat!(
    "FROM tickets t JOIN agreements a ON a.id = t.agreement_id ",
    "WHERE t.is_open = 1 AND ($1 = '' OR t.agreement_id = $1) AND ($2 = '' OR a.tier = $2) ",
    "AND ($3 = '' OR t.assignee = $3)"
);

/// Where a ticket list's tickets come from: those of the filter's agreement, priority, state
/// and text (parameters 1–4, `''` or -1 for any).
const TICKETS_FROM: &str = concat!(
    "FROM tickets t ",
    "WHERE ($1 = '' OR t.agreement_id = $1) AND ($2 = '' OR t.priority = $2) ",
    "AND ($3 = -1 OR t.is_open = $3) ",
    "AND ($4 = '' OR lower(t.id) LIKE $4 ESCAPE '\\' ",
    "OR lower(t.subject) LIKE $4 ESCAPE '\\' OR lower(t.customer) LIKE $4 ESCAPE '\\')"
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
        let count = format!("SELECT COUNT(*), COUNT(t.next_deadline) {QUEUE_FROM}");
        let due = format!(
            "{QUEUE_COLUMNS} {QUEUE_FROM} AND t.next_deadline IS NOT NULL \
             ORDER BY t.next_deadline, t.id LIMIT $4 OFFSET $5"
        );
        let paused = format!(
            "{QUEUE_COLUMNS} {QUEUE_FROM} AND t.next_deadline IS NULL \
             ORDER BY t.id LIMIT $4 OFFSET $5"
        );
        let f = |v: &Option<String>| v.clone().unwrap_or_default();
        let by = [
            f(&filter.agreement_id),
            f(&filter.tier),
            f(&filter.assignee),
        ];
        let (total, with_deadline) =
            with_pool!(self, pool => Db(pool).queue_count(&count, &by).await?);
        let mut raw = Vec::new();
        // The due rows come first, then the paused ones: each part is one index range.
        let parts = [
            (due, offset, limit.min(with_deadline - offset)),
            (
                paused,
                (offset - with_deadline).max(0),
                limit - (with_deadline - offset).clamp(0, limit),
            ),
        ];
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
        Ok(QueuePage { total, rows })
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
        let pattern = if filter.text.trim().is_empty() {
            String::new()
        } else {
            let escaped: String = filter
                .text
                .trim()
                .to_lowercase()
                .chars()
                .flat_map(|c| match c {
                    '%' | '_' | '\\' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            format!("%{escaped}%")
        };
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
    async fn queue_count(&self, sql: &str, by: &[String; 3]) -> Result<(i64, i64), sqlx::Error> {
        let [agreement, tier, assignee] = by.clone();
        let r = sqlx::query(&DB::sql(sql))
            .bind(agreement)
            .bind(tier)
            .bind(assignee)
            .fetch_one(self.0)
            .await?;
        Ok((r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?))
    }

    /// One part of a queue page: `want` rows from position `skip`, with their packed schedules.
    async fn queue_rows(
        &self,
        sql: &str,
        by: &[String; 3],
        want: i64,
        skip: i64,
    ) -> Result<Vec<(QueueRow, String)>, sqlx::Error> {
        let [agreement, tier, assignee] = by.clone();
        sqlx::query(&DB::sql(sql))
            .bind(agreement)
            .bind(tier)
            .bind(assignee)
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
        },
        r.try_get::<String, _>(9)?,
    ))
}
