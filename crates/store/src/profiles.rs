//! Mapping profiles as stored: each one's TOML of record under its name, with its source, its
//! version and who saved it last. What a profile means is `accord-app`'s business.

use accord_core::Instant;
use sqlx::{ColumnIndex, Encode, Executor, IntoArguments, Row, Type};

use crate::sql::{BUMP_REVISION, Backend, Db, Value, with_pool};
use crate::{Store, StoreError};

/// A stored mapping profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredProfile {
    /// Its name (unique).
    pub name: String,
    /// The source it reads (`zendesk`…).
    pub source: String,
    /// Its TOML of record.
    pub toml: String,
    /// Bumped by every save.
    pub version: i64,
    /// When it was last saved.
    pub updated_at: Instant,
    /// By whom.
    pub updated_by: String,
}

impl Store {
    /// Every stored profile, by name.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn profiles(&self) -> Result<Vec<StoredProfile>, StoreError> {
        Ok(with_pool!(self, pool => Db(pool).profiles().await?))
    }

    /// Saves a profile under its name: new, or replacing the stored one (its version bumped).
    /// Saving the same TOML again changes nothing.
    ///
    /// # Errors
    /// When the database refuses the write.
    pub async fn save_profile(
        &self,
        name: &str,
        source: &str,
        toml: &str,
        actor: &str,
        now: Instant,
    ) -> Result<(), StoreError> {
        with_pool!(self, pool => Db(pool).save_profile(name, source, toml, actor, now).await?);
        Ok(())
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
    async fn profiles(&self) -> Result<Vec<StoredProfile>, sqlx::Error> {
        let sql = concat!(
            "SELECT name, source, toml, version, updated_at, updated_by FROM profiles ",
            "ORDER BY name"
        );
        sqlx::query(sql)
            .fetch_all(self.0)
            .await?
            .into_iter()
            .map(|r| {
                Ok(StoredProfile {
                    name: r.try_get(0)?,
                    source: r.try_get(1)?,
                    toml: r.try_get(2)?,
                    version: r.try_get(3)?,
                    updated_at: Instant(r.try_get(4)?),
                    updated_by: r.try_get(5)?,
                })
            })
            .collect()
    }

    async fn save_profile(
        &self,
        name: &str,
        source: &str,
        toml: &str,
        actor: &str,
        now: Instant,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.0.begin().await?;
        let sql = concat!(
            "INSERT INTO profiles (name, source, toml, version, updated_at, updated_by) ",
            "VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT (name) DO UPDATE SET ",
            "source = excluded.source, toml = excluded.toml, version = profiles.version + 1, ",
            "updated_at = excluded.updated_at, updated_by = excluded.updated_by ",
            "WHERE profiles.toml <> excluded.toml OR profiles.source <> excluded.source"
        );
        let done = sqlx::query(&DB::sql(sql))
            .bind(name)
            .bind(source)
            .bind(toml)
            .bind(now.0)
            .bind(actor)
            .execute(&mut *tx)
            .await?;
        if DB::rows_affected(&done) > 0 {
            sqlx::query(BUMP_REVISION).execute(&mut *tx).await?;
        }
        tx.commit().await
    }
}
