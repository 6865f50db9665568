//! Where an agreement's holidays came from: a holiday added from an iCalendar file is recorded
//! with the file, the event's UID, the calendar's name, and who added it when. Rows are written
//! with the agreement's new version, in the same transaction ([`crate::ImportPlan`]), so the
//! terms and what they say of their holidays never disagree.

use accord_core::Instant;
use sqlx::{ColumnIndex, Encode, Executor, IntoArguments, Row, Transaction, Type};

use crate::sql::{Backend, Db, Value, with_pool};
use crate::{Store, StoreError};

/// Where one holiday of an agreement came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HolidaySource {
    /// The agreement.
    pub agreement_id: String,
    /// The holiday's local date (`YYYY-MM-DD`).
    pub date: String,
    /// Its name as added (the record speaks for the holiday while the terms hold this name).
    pub name: String,
    /// The file it was read from (its name).
    pub source: String,
    /// The iCalendar event's UID, when it had one.
    pub uid: Option<String>,
    /// The calendar's own name (`X-WR-CALNAME`), when it had one.
    pub calendar: Option<String>,
    /// When it was added.
    pub added_at: Instant,
    /// By whom.
    pub added_by: String,
}

impl Store {
    /// Where the holidays of an agreement came from, by date (only those added from a file).
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn holiday_sources(
        &self,
        agreement_id: &str,
    ) -> Result<Vec<HolidaySource>, StoreError> {
        Ok(with_pool!(self, pool => Db(pool).holiday_sources(agreement_id).await?))
    }
}

impl<DB> Db<'_, DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    for<'q> &'q str: Encode<'q, DB> + Type<DB>,
    i64: Value<DB>,
    String: Value<DB>,
    Option<String>: Value<DB>,
    usize: ColumnIndex<DB::Row>,
{
    async fn holiday_sources(&self, agreement_id: &str) -> Result<Vec<HolidaySource>, sqlx::Error> {
        let sql = concat!(
            "SELECT agreement_id, date, name, source, uid, calendar, added_at, added_by ",
            "FROM holiday_sources WHERE agreement_id = $1 ORDER BY date"
        );
        sqlx::query(&DB::sql(sql))
            .bind(agreement_id)
            .fetch_all(self.0)
            .await?
            .into_iter()
            .map(|r| {
                Ok(HolidaySource {
                    agreement_id: r.try_get(0)?,
                    date: r.try_get(1)?,
                    name: r.try_get(2)?,
                    source: r.try_get(3)?,
                    uid: r.try_get(4)?,
                    calendar: r.try_get(5)?,
                    added_at: Instant(r.try_get(6)?),
                    added_by: r.try_get(7)?,
                })
            })
            .collect()
    }
}

/// Records where holidays came from, in an import's transaction (a holiday of the same
/// agreement and date added again is recorded anew).
pub(crate) async fn write<DB>(
    tx: &mut Transaction<'static, DB>,
    rows: &[HolidaySource],
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
    let sql = concat!(
        "INSERT INTO holiday_sources (agreement_id, date, name, source, uid, calendar, ",
        "added_at, added_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ",
        "ON CONFLICT (agreement_id, date) DO UPDATE SET name = excluded.name, ",
        "source = excluded.source, uid = excluded.uid, calendar = excluded.calendar, ",
        "added_at = excluded.added_at, added_by = excluded.added_by"
    );
    for h in rows {
        sqlx::query(&DB::sql(sql))
            .bind(h.agreement_id.clone())
            .bind(h.date.clone())
            .bind(h.name.clone())
            .bind(h.source.clone())
            .bind(h.uid.clone())
            .bind(h.calendar.clone())
            .bind(h.added_at.0)
            .bind(h.added_by.clone())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
