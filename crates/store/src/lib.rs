//! Accord's database: SQLite by default (a file in the user's data folder), PostgreSQL for teams.
//!
//! One [`Store`] over either back end, chosen by URL (`sqlite://PATH`, `postgres://…`). Both run
//! the same statements (written once, with `$N` parameters rewritten to `?N` for SQLite) and
//! their own migrations (`migrations/sqlite`, `migrations/postgres`), applied on open; a
//! database written by a newer Accord is refused rather than misread.
//!
//! The store keeps what it is given; it does not decide what an SLA number is. Writes carry each
//! ticket's SLA summary (open or not, next deadline) computed by `accord-core`, so the queue is
//! an index scan. Every write that must be all or nothing runs in one transaction.
//!
//! This file opens, migrates, checks and backs up a database; each concern has its module:
//! `sql` (how one statement serves both back ends), `urls`, `agreements`, `tickets`, `queue`
//! (the lists), `import` (an import plan, written) and `history` (whole histories, read).

mod agreements;
mod changes;
mod error;
mod history;
mod holidays;
mod import;
mod profiles;
mod queue;
mod sql;
mod statements;
mod tickets;
mod urls;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use agreements::{Revision, StoredAgreement};
pub use changes::{ChangeKind, ChangedBy, TicketChange};
pub use error::StoreError;
pub use holidays::HolidaySource;
pub use import::{ImportPlan, NewEvent, NewTicket};
pub use profiles::StoredProfile;
pub use queue::{
    QueueCounts, QueueFilter, QueuePage, QueueRow, QueueView, TicketFilter, TicketListRow,
    TicketPage,
};
pub use statements::{NewStatement, StatementFilter, StoredStatement};
pub use tickets::{SlaSummary, TicketEdit, TicketRecord, unpack_escalations};
pub use urls::{redact, sqlite_path, sqlite_url};

use sql::{Db, Pool, with_pool};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// An open Accord database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    /// Where it is, for messages (no password).
    pub location: String,
    /// The schema version the database had before this open migrated it.
    migrated_from: i64,
}

/// What a database holds, for `accord db check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbInfo {
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// Highest migration applied.
    pub schema_version: i64,
    /// Highest migration this binary knows.
    pub known_version: i64,
    /// Counts.
    pub agreements: i64,
    /// Counts.
    pub tickets: i64,
    /// Counts.
    pub events: i64,
}

/// Refuses an existing SQLite file that holds tables but not Accord's (another program's
/// database, chosen by mistake) before anything is written to it: it is looked at read-only,
/// so not even its journal mode changes.
async fn refuse_foreign_sqlite(url: &str, path: &Path) -> Result<(), StoreError> {
    use sqlx::{ConnectOptions, Connection};
    let mut conn = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::BadUrl(url.to_owned(), e.to_string()))?
        .filename(path)
        .read_only(true)
        // Another opener may be migrating the new database: wait for it rather than fail.
        .busy_timeout(Duration::from_secs(10))
        .connect()
        .await?;
    let tables: Vec<String> = sqlx::query_scalar(concat!(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ",
        "ORDER BY name"
    ))
    .fetch_all(&mut conn)
    .await?;
    conn.close().await?;
    let ours = ["_sqlx_migrations", "agreements"]
        .iter()
        .all(|t| tables.iter().any(|n| n == t));
    if tables.is_empty() || ours {
        return Ok(());
    }
    let shown: Vec<&str> = tables.iter().take(5).map(String::as_str).collect();
    let more = if tables.len() > 5 { ", …" } else { "" };
    Err(StoreError::NotAccord(
        path.display().to_string(),
        format!("{}{more}", shown.join(", ")),
    ))
}

/// The advisory lock PostgreSQL openers take while they migrate (an arbitrary constant: "ACCORD"
/// in ASCII), distinct from sqlx's own per-database lock, which it takes inside.
const MIGRATION_LOCK: i64 = 0x4143_434f_5244;

const SCHEMA_VERSION: &str = "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success";

async fn sqlite_schema_version(conn: &mut sqlx::SqliteConnection) -> Result<i64, StoreError> {
    let exists = sqlx::query("SELECT 1 FROM sqlite_master WHERE name = '_sqlx_migrations'")
        .fetch_optional(&mut *conn)
        .await?
        .is_some();
    if !exists {
        return Ok(0);
    }
    Ok(sqlx::query_scalar::<_, i64>(SCHEMA_VERSION)
        .fetch_one(&mut *conn)
        .await?)
}

async fn postgres_schema_version(conn: &mut sqlx::PgConnection) -> Result<i64, StoreError> {
    let exists = sqlx::query(concat!(
        "SELECT 1 FROM information_schema.tables WHERE table_name = '_sqlx_migrations' ",
        "AND table_schema = current_schema()"
    ))
    .fetch_optional(&mut *conn)
    .await?
    .is_some();
    if !exists {
        return Ok(0);
    }
    Ok(sqlx::query_scalar::<_, i64>(SCHEMA_VERSION)
        .fetch_one(&mut *conn)
        .await?)
}

impl Store {
    /// The default database: `accord.db` in the OS's per-user data folder.
    ///
    /// # Errors
    /// When the OS has no home folder to put it in.
    pub fn default_url() -> Result<String, StoreError> {
        let dirs =
            directories::ProjectDirs::from("", "", "Accord").ok_or(StoreError::NoDataFolder)?;
        Ok(sqlite_url(&dirs.data_dir().join("accord.db")))
    }

    /// Opens (creating a SQLite file and its folder if needed) and migrates a database. An
    /// existing SQLite file that holds tables but not Accord's is refused untouched.
    ///
    /// # Errors
    /// A bad URL, an unreachable server, or a database newer than this binary.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            let memory = || {
                StoreError::BadUrl(
                    url.to_owned(),
                    "an in-memory database keeps nothing once Accord closes: use sqlite://PATH"
                        .to_owned(),
                )
            };
            let rest = url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:");
            if rest.starts_with(":memory:") {
                return Err(memory());
            }
            let (path, query) = urls::sqlite_parts(url)?;
            if query.is_some_and(|q| q.contains("mode=memory")) {
                return Err(memory());
            }
            if path.exists() {
                refuse_foreign_sqlite(url, &path).await?;
            }
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| StoreError::Io(dir.display().to_string(), e))?;
            }
            let opts = SqliteConnectOptions::from_str(url)
                .map_err(|e| StoreError::BadUrl(url.to_owned(), e.to_string()))?
                // The file decoded here, whatever the driver's own reading of the URL.
                .filename(&path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            // A new file switched to WAL by several openers at once: SQLite refuses the
            // switch of all but one at once (SQLITE_BUSY without waiting, as waiting could
            // deadlock); the others try again once it is done.
            let mut tries = 0;
            let pool = loop {
                match SqlitePoolOptions::new()
                    .max_connections(4)
                    .connect_with(opts.clone())
                    .await
                {
                    Err(sqlx::Error::Database(e))
                        if tries < 100 && e.code().as_deref() == Some("5") =>
                    {
                        tries += 1;
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                    other => break other?,
                }
            };
            let mut store = Self {
                pool: Pool::Sqlite(pool),
                location: path.display().to_string(),
                migrated_from: 0,
            };
            store.migrated_from = store.migrate().await?;
            Ok(store)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(8)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            let mut store = Self {
                pool: Pool::Postgres(pool),
                location: redact(url),
                migrated_from: 0,
            };
            store.migrated_from = store.migrate().await?;
            Ok(store)
        } else {
            Err(StoreError::BadUrl(
                redact(url),
                "use sqlite://PATH or postgres://USER@HOST/DB".to_owned(),
            ))
        }
    }

    /// `sqlite` or `postgres`.
    #[must_use]
    pub fn backend(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    fn migrator(&self) -> &'static Migrator {
        match self.pool {
            Pool::Sqlite(_) => &SQLITE_MIGRATIONS,
            Pool::Postgres(_) => &POSTGRES_MIGRATIONS,
        }
    }

    /// The schema version the database had before [`Self::open`] migrated it (0: new).
    #[must_use]
    pub fn migrated_from(&self) -> i64 {
        self.migrated_from
    }

    /// Applies the migrations this binary has and the database lacks; returns the schema
    /// version the database had before.
    ///
    /// Several processes may open a new database at once: the migrations run under a lock
    /// (SQLite: one `BEGIN IMMEDIATE` transaction holding the database's write lock, waited
    /// for by the busy timeout; PostgreSQL: a session advisory lock), and the version is read
    /// under it, so one opener migrates and the others wait, then find nothing to do.
    ///
    /// # Errors
    /// [`StoreError::TooNew`] when the database has migrations this binary does not know.
    pub async fn migrate(&self) -> Result<i64, StoreError> {
        let known = self.migrator().iter().map(|m| m.version).max().unwrap_or(0);
        let too_new = |applied: i64| {
            (applied > known).then(|| StoreError::TooNew {
                location: self.location.clone(),
                schema: applied,
                known,
            })
        };
        match &self.pool {
            Pool::Sqlite(p) => {
                use sqlx::Connection;
                let mut conn = p.acquire().await?;
                // Every statement of every migration, and the bookkeeping, in one transaction
                // (sqlx's own per-migration transactions become savepoints inside it).
                let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
                let applied = sqlite_schema_version(&mut tx).await?;
                if let Some(e) = too_new(applied) {
                    return Err(e);
                }
                SQLITE_MIGRATIONS.run_direct(&mut *tx).await?;
                tx.commit().await?;
                Ok(applied)
            }
            Pool::Postgres(p) => {
                let mut conn = p.acquire().await?;
                sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(MIGRATION_LOCK)
                    .execute(&mut *conn)
                    .await?;
                let migrated = async {
                    let applied = postgres_schema_version(&mut conn).await?;
                    if let Some(e) = too_new(applied) {
                        return Err(e);
                    }
                    POSTGRES_MIGRATIONS.run_direct(&mut *conn).await?;
                    Ok(applied)
                }
                .await;
                let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
                    .bind(MIGRATION_LOCK)
                    .execute(&mut *conn)
                    .await;
                if unlocked.is_err() {
                    // A session that may still hold the lock is not given back to the pool.
                    drop(conn.detach());
                }
                let applied = migrated?;
                unlocked?;
                Ok(applied)
            }
        }
    }

    async fn schema_version(&self) -> Result<i64, StoreError> {
        match &self.pool {
            Pool::Sqlite(p) => sqlite_schema_version(&mut *p.acquire().await?).await,
            Pool::Postgres(p) => postgres_schema_version(&mut *p.acquire().await?).await,
        }
    }

    /// Schema version and counts.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn check(&self) -> Result<DbInfo, StoreError> {
        let (a, t, e) = self.counts().await?;
        if let Pool::Sqlite(p) = &self.pool {
            let ok: String = sqlx::query_scalar("PRAGMA quick_check")
                .fetch_one(p)
                .await?;
            if ok != "ok" {
                return Err(StoreError::Corrupt(self.location.clone(), ok));
            }
        }
        Ok(DbInfo {
            backend: self.backend(),
            schema_version: self.schema_version().await?,
            known_version: self.migrator().iter().map(|m| m.version).max().unwrap_or(0),
            agreements: a,
            tickets: t,
            events: e,
        })
    }

    /// How many agreements, tickets and events the database holds.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn counts(&self) -> Result<(i64, i64, i64), StoreError> {
        let count = |table: &'static str| format!("SELECT COUNT(*) FROM {table}");
        let (a, t, e) = (count("agreements"), count("tickets"), count("events"));
        Ok(with_pool!(self, pool => (
            Db(pool).number(&a).await?,
            Db(pool).number(&t).await?,
            Db(pool).number(&e).await?,
        )))
    }

    /// The database's revision: it changes with every write, by anyone.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn revision(&self) -> Result<i64, StoreError> {
        let sql = "SELECT n FROM revision WHERE id = 1";
        Ok(with_pool!(self, pool => Db(pool).number(sql).await?))
    }

    /// Copies a SQLite database, consistently, to a new file while it stays in use.
    ///
    /// # Errors
    /// [`StoreError::BackupUnsupported`] on PostgreSQL (use `pg_dump`); I/O errors.
    pub async fn backup(&self, to: &Path) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite(p) => {
                if to.exists() {
                    return Err(StoreError::Exists(to.display().to_string()));
                }
                sqlx::query("VACUUM INTO $1")
                    .bind(to.display().to_string())
                    .execute(p)
                    .await?;
                Ok(())
            }
            Pool::Postgres(_) => Err(StoreError::BackupUnsupported),
        }
    }
}
