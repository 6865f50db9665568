//! Issued credit statements: written once, never changed (the schema's triggers refuse it), read
//! by agreement and period. What a statement holds is the engine's business (`accord-core`'s
//! `statement` module); the store keeps its record, with the agreement of record it was
//! computed under.

use accord_core::Instant;
use sqlx::{ColumnIndex, Encode, Executor, IntoArguments, Row, Type};

use crate::sql::{Backend, Db, Value, with_pool};
use crate::{Store, StoreError};

/// A statement to issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStatement {
    /// The agreement.
    pub agreement_id: String,
    /// The period, as written (`2026-10`, `2026-Q4`, `2026-10-01..2026-10-15`).
    pub period: String,
    /// The number of the latest statement of the period the figures were compared with (0 for
    /// none): this one is the next, and another issue in between is a conflict.
    pub after_number: i64,
    /// The database's revision the figures were computed at: any write since is a conflict,
    /// so what is recorded is exactly what was computed.
    pub revision: i64,
    /// When.
    pub issued_at: Instant,
    /// Who.
    pub issued_by: String,
    /// The agreement's version the figures were computed under.
    pub agreement_version: i64,
    /// Its TOML of record then.
    pub agreement_source: String,
    /// The terms the period was reported under, for people (`base terms`, `Amendment No. 1,
    /// in force from 2026-07-01`).
    pub terms: String,
    /// What is owed, as a decimal.
    pub credit_total: String,
    /// ISO 4217 code.
    pub currency: String,
    /// The engine's record of the figures (JSON).
    pub figures: String,
}

/// An issued statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredStatement {
    /// The agreement.
    pub agreement_id: String,
    /// The period.
    pub period: String,
    /// 1 for the first issue of the period, then 2, 3… for each issue after a restatement.
    pub number: i64,
    /// When it was issued.
    pub issued_at: Instant,
    /// By whom.
    pub issued_by: String,
    /// The agreement's version it was computed under.
    pub agreement_version: i64,
    /// The agreement's TOML of record then.
    pub agreement_source: String,
    /// The terms the period was reported under.
    pub terms: String,
    /// What was owed.
    pub credit_total: String,
    /// ISO 4217 code.
    pub currency: String,
    /// The engine's record of the figures (JSON).
    pub figures: String,
}

/// Which statements to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatementFilter {
    /// Only this agreement's.
    pub agreement_id: Option<String>,
    /// Only this period's.
    pub period: Option<String>,
}

impl Store {
    /// Records an issued statement as the next of its period.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when anything was written since the figures were computed
    /// (`revision`) or the period was issued by someone else meanwhile; nothing is written then.
    pub async fn issue_statement(&self, s: &NewStatement) -> Result<StoredStatement, StoreError> {
        with_pool!(self, pool => Db(pool).issue(s).await?);
        let found = self
            .statements(&StatementFilter {
                agreement_id: Some(s.agreement_id.clone()),
                period: Some(s.period.clone()),
            })
            .await?
            .into_iter()
            .find(|x| x.number == s.after_number + 1);
        found.ok_or_else(|| StoreError::NotFound(format!("statement of {}", s.period)))
    }

    /// Issued statements, by agreement, period and number.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn statements(
        &self,
        f: &StatementFilter,
    ) -> Result<Vec<StoredStatement>, StoreError> {
        Ok(with_pool!(self, pool => Db(pool).statements(f).await?))
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
    /// [`Store::issue_statement`]'s write.
    async fn issue(&self, s: &NewStatement) -> Result<(), StoreError> {
        let conflict = || {
            StoreError::Conflict(format!(
                "the database changed while the statement of {} for {} was being computed",
                s.agreement_id, s.period
            ))
        };
        let mut tx = self.0.begin().await?;
        // The check and the bump are one statement, so two writers cannot both pass it.
        let bump = "UPDATE revision SET n = n + 1 WHERE id = 1 AND n = $1";
        let done = sqlx::query(&DB::sql(bump))
            .bind(s.revision)
            .execute(&mut *tx)
            .await?;
        if DB::rows_affected(&done) != 1 {
            return Err(conflict());
        }
        let ins = concat!(
            "INSERT INTO statements (agreement_id, period, number, issued_at, issued_by, ",
            "agreement_version, agreement_source, terms, credit_total, currency, figures) ",
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        );
        sqlx::query(&DB::sql(ins))
            .bind(s.agreement_id.as_str())
            .bind(s.period.as_str())
            .bind(s.after_number + 1)
            .bind(s.issued_at.0)
            .bind(s.issued_by.as_str())
            .bind(s.agreement_version)
            .bind(s.agreement_source.as_str())
            .bind(s.terms.as_str())
            .bind(s.credit_total.as_str())
            .bind(s.currency.as_str())
            .bind(s.figures.as_str())
            .execute(&mut *tx)
            .await
            .map_err(|e| match e {
                sqlx::Error::Database(d) if d.is_unique_violation() => conflict(),
                e => StoreError::Sql(e),
            })?;
        tx.commit().await?;
        Ok(())
    }

    /// Statements by agreement, period and number.
    async fn statements(&self, f: &StatementFilter) -> Result<Vec<StoredStatement>, sqlx::Error> {
        let sql = concat!(
            "SELECT agreement_id, period, number, issued_at, issued_by, agreement_version, ",
            "agreement_source, terms, credit_total, currency, figures FROM statements ",
            "WHERE ($1 IS NULL OR agreement_id = $1) AND ($2 IS NULL OR period = $2) ",
            "ORDER BY agreement_id, period, number"
        );
        sqlx::query(&DB::sql(sql))
            .bind(f.agreement_id.clone())
            .bind(f.period.clone())
            .fetch_all(self.0)
            .await?
            .into_iter()
            .map(|r| {
                Ok(StoredStatement {
                    agreement_id: r.try_get(0)?,
                    period: r.try_get(1)?,
                    number: r.try_get(2)?,
                    issued_at: Instant(r.try_get(3)?),
                    issued_by: r.try_get(4)?,
                    agreement_version: r.try_get(5)?,
                    agreement_source: r.try_get(6)?,
                    terms: r.try_get(7)?,
                    credit_total: r.try_get(8)?,
                    currency: r.try_get(9)?,
                    figures: r.try_get(10)?,
                })
            })
            .collect()
    }
}
