//! An import written: the plan (new and replaced agreements, new tickets and events, changed
//! summaries), decided and validated before anything is written, then applied in one
//! transaction, all of it or none of it.
//!
//! Both back ends write the agreements and the summaries alike (here); they differ in how the
//! many new rows arrive: multi-row INSERTs on SQLite (`sqlite`), COPY on PostgreSQL
//! (`postgres`).

mod postgres;
mod sqlite;

use accord_core::{Agreement, Event, Instant, Ticket};
use sqlx::{Encode, Executor, IntoArguments, Transaction, Type};

use crate::sql::{Backend, Pool, SET_SUMMARY, Value};
use crate::{SlaSummary, Store, StoreError};

/// A ticket to insert, with its category spelled out and its summary.
#[derive(Clone, Debug)]
pub struct NewTicket {
    /// The ticket (its `agreement` index refers to `ImportPlan::agreement_ids`).
    pub ticket: Ticket,
    /// Its agreement's id.
    pub agreement_id: String,
    /// Its category.
    pub category: String,
    /// Its SLA summary after its events.
    pub summary: SlaSummary,
}

/// An event to append.
#[derive(Clone, Debug)]
pub struct NewEvent {
    /// Its ticket (shared by the ticket's events).
    pub ticket_id: std::sync::Arc<str>,
    /// Its position in the ticket's history (0-based, file order).
    pub seq: i64,
    /// The event.
    pub event: Event,
    /// Its note.
    pub note: Box<str>,
}

/// Everything one import writes, decided and validated before the transaction starts.
#[derive(Clone, Debug, Default)]
pub struct ImportPlan {
    /// New agreements with their TOML.
    pub new_agreements: Vec<(Agreement, String)>,
    /// Replaced agreements: agreement, TOML, the version it replaces.
    pub replaced_agreements: Vec<(Agreement, String, i64)>,
    /// New tickets.
    pub new_tickets: Vec<NewTicket>,
    /// Events appended (to new or existing tickets).
    pub new_events: Vec<NewEvent>,
    /// Existing tickets whose summary changes (new events, or their agreement replaced): id,
    /// summary, and the version of the ticket the summary was computed from (read with
    /// [`Store::ticket_versions`] before its history). A ticket changed since is a conflict:
    /// its summary (and any event appended to it) would be computed from a history that is
    /// no longer its own.
    pub summaries: Vec<(String, SlaSummary, i64)>,
    /// Stored tickets whose free fields a later export of their source changed: id, customer,
    /// subject, CSAT, and the version they were read at (guarded like the summaries).
    pub field_updates: Vec<(String, String, String, Option<u8>, i64)>,
    /// Where holidays of the agreements written came from (added from an iCalendar file).
    pub holiday_sources: Vec<crate::HolidaySource>,
    /// Changes a person made to tickets, recorded with `actor` and `at`: ticket, the version
    /// written, what, detail. An import from files records none (see `changes`).
    pub changes: Vec<(String, i64, crate::ChangeKind, String)>,
    /// Who is importing (for the audit trail).
    pub actor: String,
    /// When (for the audit trail).
    pub at: Instant,
}

impl ImportPlan {
    /// Whether the plan writes nothing (an import of what the database holds already).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.new_agreements.is_empty()
            && self.replaced_agreements.is_empty()
            && self.new_tickets.is_empty()
            && self.new_events.is_empty()
            && self.summaries.is_empty()
            && self.field_updates.is_empty()
            && self.holiday_sources.is_empty()
            && self.changes.is_empty()
    }
}

impl Store {
    /// Writes an import in one transaction: all of it, or (on any error) none of it.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when an agreement or a ticket changed since the plan was made
    /// (its version), or another writer added what it adds meanwhile (naming the ticket when
    /// it can); database errors. Either way nothing is written.
    pub async fn apply(&self, plan: &ImportPlan) -> Result<(), StoreError> {
        // Nothing to write is no write: the revision (which tells readers that something
        // changed) stays as it is.
        if plan.is_empty() {
            return Ok(());
        }
        self.apply_raw(plan)
            .await
            .map_err(|e| taken_meanwhile(e, plan))
    }

    /// [`Self::apply`] with the database's own errors.
    pub(crate) async fn apply_raw(&self, plan: &ImportPlan) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite(p) => sqlite::apply(p, plan).await,
            Pool::Postgres(p) => postgres::apply(p, plan).await,
        }
    }
}

/// The audit trail's row for an agreement written: parameters 1–6 are its id, its new
/// version, `created` or `replaced`, when, who, and its TOML.
const AUDIT: &str = concat!(
    "INSERT INTO agreement_audit (agreement_id, version, action, changed_at, changed_by, source) ",
    "VALUES ($1, $2, $3, $4, $5, $6)"
);

/// Writes the plan's new and replaced agreements, each with its audit row; a replaced one
/// only if it still has the version the plan replaces.
async fn write_agreements<DB>(
    tx: &mut Transaction<'static, DB>,
    plan: &ImportPlan,
) -> Result<(), StoreError>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    i64: Value<DB>,
    String: Value<DB>,
    Option<String>: Value<DB>,
{
    let insert = concat!(
        "INSERT INTO agreements (id, version, source, title, provider, alliance, region, tier, ",
        "effective_from, effective_to, updated_at, updated_by) ",
        "VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    );
    let replace = concat!(
        "UPDATE agreements SET version = version + 1, source = $1, title = $2, provider = $3, ",
        "alliance = $4, region = $5, tier = $6, effective_from = $7, effective_to = $8, ",
        "updated_at = $9, updated_by = $10 WHERE id = $11 AND version = $12"
    );
    for (a, source) in &plan.new_agreements {
        sqlx::query(&DB::sql(insert))
            .bind(&a.id)
            .bind(source)
            .bind(&a.title)
            .bind(&a.provider)
            .bind(&a.alliance)
            .bind(&a.region)
            .bind(a.tier.as_str())
            .bind(a.effective_from.to_string())
            .bind(a.effective_to.map(|d| d.to_string()))
            .bind(plan.at.0)
            .bind(&plan.actor)
            .execute(&mut **tx)
            .await?;
        sqlx::query(&DB::sql(AUDIT))
            .bind(&a.id)
            .bind(1_i64)
            .bind("created")
            .bind(plan.at.0)
            .bind(&plan.actor)
            .bind(source)
            .execute(&mut **tx)
            .await?;
    }
    for (a, source, version) in &plan.replaced_agreements {
        let done = sqlx::query(&DB::sql(replace))
            .bind(source)
            .bind(&a.title)
            .bind(&a.provider)
            .bind(&a.alliance)
            .bind(&a.region)
            .bind(a.tier.as_str())
            .bind(a.effective_from.to_string())
            .bind(a.effective_to.map(|d| d.to_string()))
            .bind(plan.at.0)
            .bind(&plan.actor)
            .bind(&a.id)
            .bind(version)
            .execute(&mut **tx)
            .await?;
        if DB::rows_affected(&done) != 1 {
            return Err(StoreError::Conflict(format!(
                "agreement {} was changed by someone else since version {version}",
                a.id
            )));
        }
        sqlx::query(&DB::sql(AUDIT))
            .bind(&a.id)
            .bind(version + 1)
            .bind("replaced")
            .bind(plan.at.0)
            .bind(&plan.actor)
            .bind(source)
            .execute(&mut **tx)
            .await?;
    }
    crate::holidays::write(tx, &plan.holiday_sources).await
}

/// Writes the plan's record of changes (after its tickets, which they name).
async fn write_changes<DB>(
    tx: &mut Transaction<'static, DB>,
    plan: &ImportPlan,
) -> Result<(), StoreError>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    i64: Value<DB>,
{
    let by = crate::ChangedBy {
        name: &plan.actor,
        at: plan.at,
    };
    for (id, version, kind, detail) in &plan.changes {
        crate::changes::record(tx, (id, *version), by, *kind, detail).await?;
    }
    Ok(())
}

/// Writes the plan's changed summaries, each guarded by the version it was computed from: a
/// ticket changed since the plan was made is a conflict before any of its events is appended.
async fn write_summaries<DB>(
    tx: &mut Transaction<'static, DB>,
    plan: &ImportPlan,
) -> Result<(), StoreError>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    i64: Value<DB>,
    Option<i64>: Value<DB>,
    String: Value<DB>,
{
    let update = format!("{SET_SUMMARY}, version = version + 1 WHERE id = $10 AND version = $11");
    for (id, s, version) in &plan.summaries {
        let (first, last) = s.escalation_span();
        let done = sqlx::query(&DB::sql(&update))
            .bind(i64::from(s.is_open))
            .bind(s.next_deadline.map(|d| d.0))
            .bind(i64::from(s.escalation_level))
            .bind(s.packed_escalations())
            .bind(first)
            .bind(last)
            .bind(s.waiting_since.map(|d| d.0))
            .bind(s.breached_at.map(|d| d.0))
            .bind(s.current_priority.clone())
            .bind(id)
            .bind(version)
            .execute(&mut **tx)
            .await?;
        if DB::rows_affected(&done) != 1 {
            return Err(StoreError::Conflict(format!(
                "ticket {id} was changed by someone else while this import was prepared \
                 (version {version} is no longer current)"
            )));
        }
    }
    // A ticket both summarised and updated was bumped once above: its fields are guarded by
    // the version after that bump.
    let update = "UPDATE tickets SET customer = $1, subject = $2, csat = $3, \
                  version = version + 1 WHERE id = $4 AND version = $5";
    for (id, customer, subject, csat, version) in &plan.field_updates {
        let bumped = plan.summaries.iter().any(|(s, _, _)| s == id);
        let done = sqlx::query(&DB::sql(update))
            .bind(customer.clone())
            .bind(subject.clone())
            .bind(csat.map(i64::from))
            .bind(id.clone())
            .bind(version + i64::from(bumped))
            .execute(&mut **tx)
            .await?;
        if DB::rows_affected(&done) != 1 {
            return Err(StoreError::Conflict(format!(
                "ticket {id} was changed by someone else while this import was prepared"
            )));
        }
    }
    Ok(())
}

/// A key taken by another writer between the planning of a write and its transaction (two
/// imports adding the same ticket, an import and `ticket event` appending to one ticket) is a
/// conflict to try again, not a raw constraint error: the one ticket involved is named when
/// the plan has only one, or when PostgreSQL's message says which.
fn taken_meanwhile(e: StoreError, plan: &ImportPlan) -> StoreError {
    let StoreError::Sql(sqlx::Error::Database(db)) = &e else {
        return e;
    };
    if !db.is_unique_violation() {
        return e;
    }
    let detail = db
        .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .and_then(|pg| pg.detail())
        .and_then(|d| {
            d.split_once(")=(")
                .map(|(_, v)| v.split([',', ')']).next().unwrap_or(v).trim().to_owned())
        });
    let ids: Vec<&str> = plan
        .new_tickets
        .iter()
        .map(|t| &*t.ticket.id)
        .chain(plan.new_events.iter().map(|e| &*e.ticket_id))
        .collect();
    if !plan.new_agreements.is_empty() && db.message().contains("agreements") {
        let ids: Vec<&str> = plan
            .new_agreements
            .iter()
            .map(|(a, _)| a.id.as_str())
            .collect();
        return StoreError::Conflict(format!(
            "agreement {} was added by someone else meanwhile",
            ids.join(", ")
        ));
    }
    let named = detail.or_else(|| match ids.as_slice() {
        [one, rest @ ..] if rest.iter().all(|r| r == one) => Some((*one).to_owned()),
        _ => None,
    });
    StoreError::Conflict(match named {
        Some(id) => {
            format!("ticket {id} was changed by someone else while this write was prepared")
        }
        None => "a ticket of this write was added or changed by someone else while it was prepared"
            .to_owned(),
    })
}
