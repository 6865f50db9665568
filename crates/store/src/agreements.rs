//! Agreements as stored: their TOML of record, its version, and how many open tickets each has.
//! They are written by an import (see `import`).

use std::collections::HashMap;

use accord_core::{Agreement, Instant, parse_agreement};
use sqlx::{ColumnIndex, Encode, Executor, IntoArguments, Row, Type};

use crate::sql::{Backend, Db, Value, with_pool};
use crate::{Store, StoreError};

/// An agreement as stored: its TOML of record and its version (for optimistic concurrency).
#[derive(Clone, Debug)]
pub struct StoredAgreement {
    /// The parsed agreement.
    pub agreement: Agreement,
    /// Its TOML, exactly as imported or last saved.
    pub source: String,
    /// Bumped by every change.
    pub version: i64,
}

/// One saved version of an agreement, from its audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Revision {
    /// The version this save made.
    pub version: i64,
    /// `created` or `replaced`.
    pub action: String,
    /// When.
    pub changed_at: Instant,
    /// Who (the OS user, or the importer).
    pub changed_by: String,
    /// The TOML after the save.
    pub source: String,
}

impl Store {
    /// Every agreement, by id.
    ///
    /// # Errors
    /// When the database cannot be read, or holds an agreement this binary cannot parse.
    pub async fn agreements(&self) -> Result<Vec<StoredAgreement>, StoreError> {
        let rows = with_pool!(self, pool => Db(pool).sources().await?);
        rows.into_iter()
            .map(|(id, source, version)| {
                let agreement =
                    parse_agreement(&format!("agreement {id} in the database"), &source)?;
                Ok(StoredAgreement {
                    agreement,
                    source,
                    version,
                })
            })
            .collect()
    }

    /// Open tickets per agreement id.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn open_counts(&self) -> Result<HashMap<String, i64>, StoreError> {
        let sql =
            "SELECT agreement_id, COUNT(*) FROM tickets WHERE is_open = 1 GROUP BY agreement_id";
        Ok(with_pool!(self, pool => Db(pool).numbers(sql).await?))
    }

    /// Every saved version of an agreement, oldest first: who saved it, when, how (`created`,
    /// `replaced`) and its TOML then. Empty when there is no such agreement.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn agreement_revisions(&self, id: &str) -> Result<Vec<Revision>, StoreError> {
        let rows = with_pool!(self, pool => Db(pool).revisions(id).await?);
        Ok(rows
            .into_iter()
            .map(|(version, action, at, by, source)| Revision {
                version,
                action,
                changed_at: Instant(at),
                changed_by: by,
                source,
            })
            .collect())
    }

    /// One agreement's TOML of record and version.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn agreement_source(&self, id: &str) -> Result<Option<(String, i64)>, StoreError> {
        Ok(with_pool!(self, pool => Db(pool).source(id).await?))
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
    usize: ColumnIndex<DB::Row>,
{
    /// Every agreement's id, TOML and version, by id.
    async fn sources(&self) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
        let sql = "SELECT id, source, version FROM agreements ORDER BY id";
        sqlx::query(sql)
            .fetch_all(self.0)
            .await?
            .into_iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect()
    }

    /// An agreement's audit rows, oldest first.
    async fn revisions(
        &self,
        id: &str,
    ) -> Result<Vec<(i64, String, i64, String, String)>, sqlx::Error> {
        let sql = concat!(
            "SELECT version, action, changed_at, changed_by, source FROM agreement_audit ",
            "WHERE agreement_id = $1 ORDER BY version, id"
        );
        sqlx::query(&DB::sql(sql))
            .bind(id)
            .fetch_all(self.0)
            .await?
            .into_iter()
            .map(|r| {
                Ok((
                    r.try_get(0)?,
                    r.try_get(1)?,
                    r.try_get(2)?,
                    r.try_get(3)?,
                    r.try_get(4)?,
                ))
            })
            .collect()
    }

    /// One agreement's TOML and version.
    async fn source(&self, id: &str) -> Result<Option<(String, i64)>, sqlx::Error> {
        let sql = "SELECT source, version FROM agreements WHERE id = $1";
        sqlx::query(&DB::sql(sql))
            .bind(id)
            .fetch_optional(self.0)
            .await?
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .transpose()
    }
}
