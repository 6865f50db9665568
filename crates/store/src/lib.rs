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

mod bulk;
mod error;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use accord_core::model::{Channel, EventKind, Priority};
use accord_core::{Agreement, Event, Instant, Ticket, TicketSet, parse_agreement};
use futures_util::TryStreamExt;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Row, migrate::Migrator};

pub use error::StoreError;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// The connection pool of one back end.
#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to whichever back end the store has; the body is compiled
/// once per back end, so the same statement code serves both.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($pool) => $body,
            Pool::Postgres($pool) => $body,
        }
    };
}

/// An open Accord database.
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    /// Where it is, for messages (no password).
    pub location: String,
    /// The schema version the database had before this open migrated it.
    migrated_from: i64,
}

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

/// A ticket's SLA summary as the store keeps it (`accord_core::clock::Standing`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SlaSummary {
    /// Whether the resolution clock is not stopped.
    pub is_open: bool,
    /// The earliest due instant of a running clock.
    pub next_deadline: Option<Instant>,
    /// The escalation level passed at the last event.
    pub escalation_level: u32,
    /// The levels still to come, with the instant each is passed, in time order.
    pub escalations: Vec<(u32, Instant)>,
}

impl SlaSummary {
    /// The schedule as stored: `level@instant;…`.
    #[must_use]
    pub fn packed_escalations(&self) -> String {
        let mut out = String::new();
        for (i, (level, at)) in self.escalations.iter().enumerate() {
            if i > 0 {
                out.push(';');
            }
            out.push_str(&format!("{level}@{}", at.0));
        }
        out
    }

    fn escalation_span(&self) -> (Option<i64>, Option<i64>) {
        (
            self.escalations.first().map(|(_, at)| at.0),
            self.escalations.last().map(|(_, at)| at.0),
        )
    }
}

/// Reads a schedule packed by [`SlaSummary::packed_escalations`].
///
/// # Errors
/// When the text is not such a schedule.
pub fn unpack_escalations(text: &str) -> Result<Vec<(u32, Instant)>, StoreError> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(';')
        .map(|item| {
            let (level, at) = item.split_once('@').unwrap_or((item, ""));
            match (level.parse::<u32>(), at.parse::<i64>()) {
                (Ok(l), Ok(a)) => Ok((l, Instant(a))),
                _ => Err(StoreError::Unreadable(format!(
                    "escalation schedule `{text}`"
                ))),
            }
        })
        .collect()
}

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
    /// Who is importing (for the audit trail).
    pub actor: String,
    /// When (for the audit trail).
    pub at: Instant,
}

/// What a path may hold that a SQLite URL's path may not, percent-encoded by [`sqlite_url`]:
/// controls, space, `%` (the escape itself), `?` (the query), `#` (the fragment), and every byte
/// beyond ASCII. Separators (`/`, and `\` and `:` of Windows paths) stay as they are.
const PATH_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'%')
    .add(b'?')
    .add(b'#')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// The URL of a SQLite file: `sqlite://` and its path, percent-encoded so that
/// [`sqlite_path`] (and [`Store::open`]) read back exactly that path, whatever its name holds
/// (spaces, `?`, `%`, `#`, letters beyond ASCII). The one way Accord writes such URLs (the
/// default database, the desktop's file dialogs).
#[must_use]
pub fn sqlite_url(path: &Path) -> String {
    let text = path.to_string_lossy();
    format!(
        "sqlite://{}",
        percent_encoding::utf8_percent_encode(&text, PATH_ESCAPES)
    )
}

/// The file a SQLite URL names (`sqlite://PATH` or `sqlite:PATH`, the path percent-decoded),
/// and its query (SQLite's own parameters, `mode=ro`, …), if any. The one way Accord reads
/// such URLs: the file checked, created and reported is the file SQLite opens.
///
/// # Errors
/// [`StoreError::BadUrl`] when it is not a SQLite URL, its path does not decode to UTF-8, or
/// it has a query that is not `key=value` parameters (a `?` of a file name, unencoded).
pub fn sqlite_path(url: &str) -> Result<PathBuf, StoreError> {
    sqlite_parts(url).map(|(p, _)| p)
}

fn sqlite_parts(url: &str) -> Result<(PathBuf, Option<&str>), StoreError> {
    let bad = |why: &str| StoreError::BadUrl(url.to_owned(), why.to_owned());
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| bad("use sqlite://PATH"))?;
    let (encoded, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    };
    if let Some(q) = query
        && (q.is_empty() || q.split('&').any(|kv| !kv.contains('=')))
    {
        return Err(bad(
            "`?` starts the URL's query (SQLite parameters like mode=ro): a `?` in a file name is written %3F",
        ));
    }
    let path = percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .map_err(|_| bad("its path is not UTF-8 once its %XX escapes are decoded"))?;
    if path.is_empty() {
        return Err(bad("it names no file: use sqlite://PATH"));
    }
    Ok((PathBuf::from(path.into_owned()), query))
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
    }
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
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
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
    let exists = sqlx::query(
        "SELECT 1 FROM information_schema.tables WHERE table_name = '_sqlx_migrations' AND table_schema = current_schema()",
    )
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

/// A statement written with PostgreSQL's `$N` parameters, for SQLite (`?N`). Only parameters
/// are rewritten: a `$` inside a string literal (`'…'`) or a quoted identifier (`"…"`) is
/// text, and stays as it is.
fn sqlite_sql(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') {
        return Cow::Borrowed(sql);
    }
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            // A doubled quote inside a quoted run is the quote itself: leaving the run and
            // entering it again at once reads it right.
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('?');
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    Cow::Owned(out)
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
            let (path, query) = sqlite_parts(url)?;
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
        Ok(with_pool!(self, pool => (
            sqlx::query_scalar::<_, i64>(&count("agreements")).fetch_one(pool).await?,
            sqlx::query_scalar::<_, i64>(&count("tickets")).fetch_one(pool).await?,
            sqlx::query_scalar::<_, i64>(&count("events")).fetch_one(pool).await?,
        )))
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

    /// Every agreement, by id.
    ///
    /// # Errors
    /// When the database cannot be read, or holds an agreement this binary cannot parse.
    pub async fn agreements(&self) -> Result<Vec<StoredAgreement>, StoreError> {
        let sql = "SELECT id, source, version FROM agreements ORDER BY id";
        let rows = with_pool!(self, pool => sqlx::query(sql).fetch_all(pool).await?.into_iter().map(|r| {
            Ok::<_, sqlx::Error>((r.try_get::<String, _>(0)?, r.try_get::<String, _>(1)?, r.try_get::<i64, _>(2)?))
        }).collect::<Result<Vec<_>, _>>()?);
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
        Ok(
            with_pool!(self, pool => sqlx::query(sql).fetch_all(pool).await?.into_iter()
            .map(|r| Ok::<_, sqlx::Error>((r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?)))
            .collect::<Result<HashMap<_, _>, _>>()?),
        )
    }

    /// One agreement's TOML of record and version.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn agreement_source(&self, id: &str) -> Result<Option<(String, i64)>, StoreError> {
        let sql = "SELECT source, version FROM agreements WHERE id = $1";
        let row = with_pool!(self, pool => sqlx::query(&self.sql(sql)).bind(id).fetch_optional(pool).await?
            .map(|r| Ok::<_, sqlx::Error>((r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?))).transpose()?);
        Ok(row)
    }

    /// Every ticket with its events, indexed against `agreements` (as returned by
    /// [`Self::agreements`]), in id order. [`Self::history`] reads the agreements with them.
    ///
    /// # Errors
    /// When the database cannot be read or holds values this binary cannot read.
    pub async fn tickets(
        &self,
        agreements: &[Agreement],
        keep_text: bool,
    ) -> Result<TicketSet, StoreError> {
        self.read_tickets(agreements.iter(), |_| true, keep_text)
            .await
    }

    /// Every stored agreement, with the tickets of those `wanted` accepts (in id order, with
    /// their events; with `keep_text`, with customers, subjects and notes), as one state of
    /// the database: the two are read again when a write came between them (the revision
    /// only grows). A report on one agreement gets, and holds in memory, its tickets only.
    ///
    /// # Errors
    /// When the database cannot be read or holds values this binary cannot read, or keeps
    /// changing while it is read.
    pub async fn history(
        &self,
        wanted: impl Fn(&Agreement) -> bool,
        keep_text: bool,
    ) -> Result<(Vec<StoredAgreement>, TicketSet), StoreError> {
        self.history_between(wanted, keep_text, async || Ok(()))
            .await
    }

    /// [`Store::history`], running `between` after each reading of the agreements and before
    /// that of the tickets: tests write there to see the two read again.
    ///
    /// # Errors
    /// As [`Store::history`], and `between`'s own.
    #[doc(hidden)]
    pub async fn history_between(
        &self,
        wanted: impl Fn(&Agreement) -> bool,
        keep_text: bool,
        mut between: impl AsyncFnMut() -> Result<(), StoreError>,
    ) -> Result<(Vec<StoredAgreement>, TicketSet), StoreError> {
        for _ in 0..5 {
            let before = self.revision().await?;
            let stored = self.agreements().await?;
            between().await?;
            let set = self
                .read_tickets(stored.iter().map(|s| &s.agreement), &wanted, keep_text)
                .await?;
            if self.revision().await? == before {
                return Ok((stored, set));
            }
        }
        Err(StoreError::Conflict(
            "the database kept changing while it was read".into(),
        ))
    }

    async fn read_tickets<'a>(
        &self,
        agreements: impl Iterator<Item = &'a Agreement>,
        wanted: impl Fn(&Agreement) -> bool,
        keep_text: bool,
    ) -> Result<TicketSet, StoreError> {
        let keys: Vec<bulk::AgreementKeys> = agreements
            .map(|a| bulk::AgreementKeys {
                id: a.id.clone(),
                scope: a.scope.clone(),
                wanted: wanted(a),
            })
            .collect();
        match &self.pool {
            Pool::Sqlite(pool) => {
                // Read from the pool's own file, beside it (in-memory URLs are refused at open).
                let file = pool.connect_options().get_filename().to_path_buf();
                tokio::task::spawn_blocking(move || bulk::read_tickets(&file, &keys, keep_text))
                    .await
                    .map_err(|e| StoreError::Unreadable(format!("the reading stopped: {e}")))?
            }
            Pool::Postgres(pool) => postgres_tickets(pool, &keys, keep_text).await,
        }
    }

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
    async fn apply_raw(&self, plan: &ImportPlan) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite(p) => {
                async {
                    let mut tx = p.begin().await?;
                    apply_sqlite(&mut tx, plan).await?;
                    tx.commit().await?;
                    Ok(())
                }
                .await
            }
            Pool::Postgres(p) => {
                async {
                    let mut tx = p.begin().await?;
                    apply_postgres(&mut tx, plan).await?;
                    tx.commit().await?;
                    Ok(())
                }
                .await
            }
        }
    }

    /// Every ticket's version, by id. Read before a history (in another statement), it is
    /// never newer than that history, so a plan guarded by it can only be refused wrongly
    /// when a write came between the two readings, never accepted wrongly.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn ticket_versions(&self) -> Result<HashMap<String, i64>, StoreError> {
        let sql = "SELECT id, version FROM tickets";
        Ok(
            with_pool!(self, pool => sqlx::query(sql).fetch_all(pool).await?.into_iter()
            .map(|r| Ok::<_, sqlx::Error>((r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?)))
            .collect::<Result<HashMap<_, _>, _>>()?),
        )
    }
}

/// A stored ticket as the store has it, with its events in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketRecord {
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
    /// CSAT.
    pub csat: Option<u8>,
    /// Assignee.
    pub assignee: Option<String>,
    /// Bumped by every change (optimistic concurrency).
    pub version: i64,
    /// Events with their notes, in order.
    pub events: Vec<(Event, String)>,
}

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

impl Store {
    /// Adds one ticket.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the id is taken; database errors.
    pub async fn insert_ticket(&self, t: &NewTicket) -> Result<(), StoreError> {
        let plan = ImportPlan {
            new_tickets: vec![t.clone()],
            ..ImportPlan::default()
        };
        match self.apply_raw(&plan).await {
            Err(StoreError::Sql(sqlx::Error::Database(e))) if e.is_unique_violation() => Err(
                StoreError::Conflict(format!("ticket {} exists already", t.ticket.id)),
            ),
            other => other,
        }
    }

    /// One ticket with its events, as one state of the database: one statement reads both
    /// (a statement sees one snapshot on either back end), so the version read always counts
    /// the events read with it, however writers interleave.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn ticket(&self, id: &str) -> Result<Option<TicketRecord>, StoreError> {
        // The ticket's columns on every row, an event's on each (none: one row of NULLs).
        let sql = "SELECT t.id, t.agreement_id, t.opened_at, t.priority, t.channel, t.category, t.customer, t.subject, t.csat, t.assignee, t.version, \
                   e.at, e.kind, e.note, e.priority \
                   FROM tickets t LEFT JOIN events e ON e.ticket_id = t.id WHERE t.id = $1 ORDER BY e.seq";
        let bad = |what: String| StoreError::Unreadable(what);
        let row = with_pool!(self, pool => {
            let rows = sqlx::query(&self.sql(sql)).bind(id).fetch_all(pool).await?;
            match rows.first() {
                None => None,
                Some(r) => {
                    let events = rows.iter().filter_map(|e| match e.try_get::<Option<i64>, _>(11) {
                        Ok(None) => None,
                        Ok(Some(at)) => Some((|| Ok::<_, sqlx::Error>((at, e.try_get::<String, _>(12)?, e.try_get::<String, _>(13)?, e.try_get::<Option<String>, _>(14)?)))()),
                        Err(err) => Some(Err(err)),
                    }).collect::<Result<Vec<_>, _>>()?;
                    Some((
                        RawTicket {
                            id: r.try_get(0)?, agreement_id: r.try_get(1)?, opened_at: r.try_get(2)?, priority: r.try_get(3)?,
                            channel: r.try_get(4)?, category: r.try_get(5)?, customer: r.try_get(6)?, subject: r.try_get(7)?,
                            csat: r.try_get(8)?,
                        },
                        r.try_get::<Option<String>, _>(9)?,
                        r.try_get::<i64, _>(10)?,
                        events,
                    ))
                }
            }
        });
        let Some((r, assignee, version, events)) = row else {
            return Ok(None);
        };
        let events = events
            .into_iter()
            .map(|(at, kind, note, p)| {
                let priority = p.as_deref().map(Priority::parse).transpose().map_err(bad)?;
                Ok((
                    Event {
                        at: Instant(at),
                        kind: EventKind::parse(&kind).map_err(bad)?,
                        priority,
                    },
                    note,
                ))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some(TicketRecord {
            priority: Priority::parse(&r.priority).map_err(bad)?,
            channel: Channel::parse(&r.channel).map_err(bad)?,
            id: r.id,
            agreement_id: r.agreement_id,
            opened_at: Instant(r.opened_at),
            category: r.category,
            customer: r.customer,
            subject: r.subject,
            csat: r.csat.and_then(|c| u8::try_from(c).ok()),
            assignee,
            version,
            events,
        }))
    }

    /// Appends an event to a ticket as read by [`Self::ticket`], in one transaction: checks its
    /// version, lets `decide` validate the event and compute the ticket's new summary, then
    /// writes both — only if nobody changed the ticket since (the update names the version).
    /// Returns the ticket's new version.
    ///
    /// # Errors
    /// [`StoreError::NotFound`], [`StoreError::Conflict`] when the ticket changed since
    /// `expected_version`, [`StoreError::Rejected`] with `decide`'s reason; nothing is written.
    pub async fn append_event(
        &self,
        record: &TicketRecord,
        expected_version: i64,
        event: Event,
        note: &str,
        decide: impl FnOnce(&TicketRecord) -> Result<SlaSummary, String> + Send,
    ) -> Result<i64, StoreError> {
        let id = record.id.as_str();
        if record.version != expected_version {
            return Err(StoreError::Conflict(format!(
                "ticket {id} was changed by someone else (version {expected_version} is now {})",
                record.version
            )));
        }
        let summary = decide(record).map_err(StoreError::Rejected)?;
        let seq = i64::try_from(record.events.len()).unwrap_or(i64::MAX);
        let ins = "INSERT INTO events (ticket_id, seq, at, kind, note, priority) VALUES ($1, $2, $3, $4, $5, $6)";
        let upd = format!("{SET_SUMMARY}, version = version + 1 WHERE id = $7 AND version = $8");
        let (first, last) = summary.escalation_span();
        let written = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let done = sqlx::query(&self.sql(&upd))
                .bind(i64::from(summary.is_open)).bind(summary.next_deadline.map(|d| d.0))
                .bind(i64::from(summary.escalation_level)).bind(summary.packed_escalations()).bind(first).bind(last)
                .bind(id).bind(expected_version)
                .execute(&mut *tx).await?;
            if done.rows_affected() == 1 {
                // The version guard above makes this position free; should another writer have
                // taken it anyway, that is the same conflict, in words.
                sqlx::query(&self.sql(ins))
                    .bind(id).bind(seq).bind(event.at.0).bind(event.kind.as_str()).bind(note).bind(event.priority.map(Priority::as_str))
                    .execute(&mut *tx).await.map_err(|e| match e {
                        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(format!(
                            "ticket {id} was changed by someone else while this change was being made"
                        )),
                        e => StoreError::Sql(e),
                    })?;
                sqlx::query(BUMP_REVISION).execute(&mut *tx).await?;
                tx.commit().await?;
                true
            } else {
                false
            }
        });
        if written {
            Ok(expected_version + 1)
        } else {
            Err(StoreError::Conflict(format!(
                "ticket {id} was changed by someone else while this change was being made"
            )))
        }
    }

    /// Sets a ticket's CSAT and assignee (each `None` = unchanged); returns the new version.
    ///
    /// # Errors
    /// [`StoreError::Conflict`] when the ticket changed since `expected_version`; not found.
    pub async fn update_ticket(
        &self,
        id: &str,
        expected_version: i64,
        csat: Option<Option<u8>>,
        assignee: Option<Option<String>>,
    ) -> Result<i64, StoreError> {
        let sql = "UPDATE tickets SET csat = CASE WHEN $1 = 1 THEN $2 ELSE csat END, assignee = CASE WHEN $3 = 1 THEN $4 ELSE assignee END, version = version + 1 WHERE id = $5 AND version = $6";
        let done = with_pool!(self, pool => {
            let mut tx = pool.begin().await?;
            let n = sqlx::query(&self.sql(sql))
                .bind(i64::from(csat.is_some())).bind(csat.flatten().map(i64::from))
                .bind(i64::from(assignee.is_some())).bind(assignee.flatten())
                .bind(id).bind(expected_version)
                .execute(&mut *tx).await?.rows_affected();
            if n == 1 {
                sqlx::query(BUMP_REVISION).execute(&mut *tx).await?;
                tx.commit().await?;
            }
            n
        });
        if done == 1 {
            return Ok(expected_version + 1);
        }
        match self.ticket(id).await? {
            None => Err(StoreError::NotFound(format!("ticket {id}"))),
            Some(t) => Err(StoreError::Conflict(format!(
                "ticket {id} was changed by someone else (version {expected_version} is now {})",
                t.version
            ))),
        }
    }

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
        let from = "FROM tickets t JOIN agreements a ON a.id = t.agreement_id \
                    WHERE t.is_open = 1 AND ($1 = '' OR t.agreement_id = $1) AND ($2 = '' OR a.tier = $2) AND ($3 = '' OR t.assignee = $3)";
        let cols = QUEUE_COLUMNS;
        let count = format!("SELECT COUNT(*), COUNT(t.next_deadline) {from}");
        let due = format!(
            "{cols} {from} AND t.next_deadline IS NOT NULL ORDER BY t.next_deadline, t.id LIMIT $4 OFFSET $5"
        );
        let paused =
            format!("{cols} {from} AND t.next_deadline IS NULL ORDER BY t.id LIMIT $4 OFFSET $5");
        let f = |v: &Option<String>| v.clone().unwrap_or_default();
        let (total, with_deadline) = with_pool!(self, pool => {
            let r = sqlx::query(&self.sql(&count))
                .bind(f(&filter.agreement_id)).bind(f(&filter.tier)).bind(f(&filter.assignee))
                .fetch_one(pool).await?;
            (r.try_get::<i64, _>(0)?, r.try_get::<i64, _>(1)?)
        });
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
            let rows = with_pool!(self, pool => sqlx::query(&self.sql(&sql))
                .bind(f(&filter.agreement_id)).bind(f(&filter.tier)).bind(f(&filter.assignee)).bind(want).bind(skip)
                .fetch_all(pool).await?.iter().map(queue_row).collect::<Result<Vec<_>, _>>()?);
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
             WHERE t.is_open = 1 AND t.escalation_last > $1 AND t.escalation_first <= $2 ORDER BY t.id"
        );
        let raw = with_pool!(self, pool => sqlx::query(&self.sql(&sql)).bind(after.0).bind(until.0)
            .fetch_all(pool).await?.iter().map(queue_row).collect::<Result<Vec<_>, _>>()?);
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

    /// The database's revision: it changes with every write, by anyone.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub async fn revision(&self) -> Result<i64, StoreError> {
        let sql = "SELECT n FROM revision WHERE id = 1";
        Ok(with_pool!(self, pool => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await?))
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
        let from = "FROM tickets t \
                    WHERE ($1 = '' OR t.agreement_id = $1) AND ($2 = '' OR t.priority = $2) \
                    AND ($3 = -1 OR t.is_open = $3) \
                    AND ($4 = '' OR lower(t.id) LIKE $4 ESCAPE '\\' OR lower(t.subject) LIKE $4 ESCAPE '\\' OR lower(t.customer) LIKE $4 ESCAPE '\\')";
        let rows_sql = format!(
            "SELECT t.id, t.agreement_id, t.opened_at, t.priority, t.channel, t.category, t.customer, t.subject, t.assignee, t.is_open, t.next_deadline \
             {from} ORDER BY t.opened_at DESC, t.id LIMIT $5 OFFSET $6"
        );
        let count_sql = format!("SELECT COUNT(*) {from}");
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
        let open = filter.open.map_or(-1, i64::from);
        let f = |v: &Option<String>| v.clone().unwrap_or_default();
        let (total, rows) = with_pool!(self, pool => {
            let total = sqlx::query_scalar::<_, i64>(&self.sql(&count_sql))
                .bind(f(&filter.agreement_id)).bind(f(&filter.priority)).bind(open).bind(&pattern)
                .fetch_one(pool).await?;
            let rows = sqlx::query(&self.sql(&rows_sql))
                .bind(f(&filter.agreement_id)).bind(f(&filter.priority)).bind(open).bind(&pattern).bind(limit).bind(offset)
                .fetch_all(pool).await?.into_iter().map(|r| Ok::<_, sqlx::Error>(TicketListRow {
                    id: r.try_get(0)?, agreement_id: r.try_get(1)?, opened_at: Instant(r.try_get(2)?), priority: r.try_get(3)?,
                    channel: r.try_get(4)?, category: r.try_get(5)?, customer: r.try_get(6)?, subject: r.try_get(7)?,
                    assignee: r.try_get(8)?, is_open: r.try_get::<i64, _>(9)? == 1,
                    next_deadline: r.try_get::<Option<i64>, _>(10)?.map(Instant),
                })).collect::<Result<Vec<_>, _>>()?;
            (total, rows)
        });
        Ok(TicketPage { total, rows })
    }

    fn sql<'s>(&self, sql: &'s str) -> Cow<'s, str> {
        match self.pool {
            Pool::Sqlite(_) => sqlite_sql(sql),
            Pool::Postgres(_) => Cow::Borrowed(sql),
        }
    }
}

/// The columns of a queue row, read by [`queue_row`].
const QUEUE_COLUMNS: &str = "SELECT t.id, t.agreement_id, a.tier, t.priority, t.subject, t.customer, t.assignee, \
     t.next_deadline, t.escalation_level, t.escalations, t.version";

/// A queue row from [`QUEUE_COLUMNS`], with its packed escalation schedule still to unpack.
fn queue_row<R: Row>(r: &R) -> Result<(QueueRow, String), sqlx::Error>
where
    usize: sqlx::ColumnIndex<R>,
    for<'a> String: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<String>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> i64: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
    for<'a> Option<i64>: sqlx::Decode<'a, R::Database> + sqlx::Type<R::Database>,
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

/// [`Store::history`]'s tickets on PostgreSQL: one query, one row per ticket with its events packed in
/// one text column (a row per event is handed over several times slower by the driver), in a
/// read-only transaction.
async fn postgres_tickets(
    pool: &PgPool,
    agreements: &[bulk::AgreementKeys],
    keep_text: bool,
) -> Result<TicketSet, StoreError> {
    let wanted: Vec<&str> = agreements
        .iter()
        .filter(|a| a.wanted)
        .map(|a| a.id.as_str())
        .collect();
    // Each event as `at,kind,priority,N:note` (N: the note's length in bytes, so a note may
    // hold any character), in order; without text every note is empty (`0:`).
    let sql = "SELECT t.id, t.agreement_id, t.opened_at, t.priority, t.channel, t.category, \
        CASE WHEN $2 THEN t.customer ELSE '' END, CASE WHEN $2 THEN t.subject ELSE '' END, t.csat, \
        (SELECT string_agg(e.at::text || ',' || e.kind || ',' || coalesce(e.priority, '') || ',' \
            || CASE WHEN $2 THEN octet_length(e.note)::text || ':' || e.note ELSE '0:' END, '' ORDER BY e.seq) \
         FROM events e WHERE e.ticket_id = t.id) \
        FROM tickets t WHERE t.agreement_id = ANY($1) ORDER BY t.id";
    let bad = |what: String| StoreError::Unreadable(what);
    let against = bulk::Against::new(agreements);
    let mut tickets: Vec<Ticket> = Vec::new();
    let mut events = Vec::new();
    let mut notes = Vec::new();
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION READ ONLY")
        .execute(&mut *tx)
        .await?;
    let mut read: u32 = 0;
    {
        let mut rows = sqlx::query(sql)
            .bind(&wanted)
            .bind(keep_text)
            .fetch(&mut *tx);
        while let Some(r) = rows.try_next().await? {
            let stored = bulk::StoredTicket {
                id: r.try_get(0)?,
                agreement_id: r.try_get(1)?,
                opened_at: r.try_get(2)?,
                priority: r.try_get(3)?,
                channel: r.try_get(4)?,
                category: r.try_get(5)?,
                customer: r.try_get(6)?,
                subject: r.try_get(7)?,
                csat: r.try_get(8)?,
            };
            // The query asked for the wanted agreements' tickets only.
            let Some(ticket) = against.ticket(&stored, keep_text)? else {
                continue;
            };
            tickets.push(ticket);
            if let Some(list) = r.try_get::<Option<&str>, _>(9)? {
                let kept = keep_text.then_some(&mut notes);
                unpack_events(list, read, &mut events, kept).map_err(bad)?;
            }
            read += 1;
        }
    }
    tx.commit().await?;
    Ok(TicketSet::new(tickets, events, notes))
}

struct RawTicket {
    id: String,
    agreement_id: String,
    opened_at: i64,
    priority: String,
    channel: String,
    category: String,
    customer: String,
    subject: String,
    csat: Option<i64>,
}

/// Reads `at,kind,priority,N:note…` as packed by [`postgres_tickets`], keeping the notes in
/// `notes` when given.
fn unpack_events(
    list: &str,
    ticket: u32,
    out: &mut Vec<(u32, Event)>,
    mut notes: Option<&mut Vec<Box<str>>>,
) -> Result<(), String> {
    let wrong = || format!("packed events `{list}`");
    let mut rest = list;
    while !rest.is_empty() {
        let (at, r) = rest.split_once(',').ok_or_else(wrong)?;
        let (kind, r) = r.split_once(',').ok_or_else(wrong)?;
        let (priority, r) = r.split_once(',').ok_or_else(wrong)?;
        let (len, r) = r.split_once(':').ok_or_else(wrong)?;
        let len: usize = len.parse().map_err(|_| wrong())?;
        if !r.is_char_boundary(len) {
            return Err(wrong());
        }
        let (note, r) = r.split_at(len);
        rest = r;
        let at = at
            .parse::<i64>()
            .map_err(|_| format!("event instant `{at}`"))?;
        let priority = if priority.is_empty() {
            None
        } else {
            Some(Priority::parse(priority)?)
        };
        out.push((
            ticket,
            Event {
                at: Instant(at),
                kind: EventKind::parse(kind)?,
                priority,
            },
        ));
        if let Some(notes) = notes.as_deref_mut() {
            notes.push(note.into());
        }
    }
    Ok(())
}

/// Hides the password of a database URL.
#[must_use]
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or_default();
            format!("{}{user}{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Sets a ticket's SLA summary: parameters 1–6 are [`SlaSummary`]'s columns.
const SET_SUMMARY: &str = "UPDATE tickets SET is_open = $1, next_deadline = $2, escalation_level = $3, escalations = $4, escalation_first = $5, escalation_last = $6";

/// Every write transaction ends with this, so readers can tell that something changed.
const BUMP_REVISION: &str = "UPDATE revision SET n = n + 1 WHERE id = 1";

const AUDIT: &str = "INSERT INTO agreement_audit (agreement_id, version, action, changed_at, changed_by, source) VALUES ($1, $2, $3, $4, $5, $6)";

/// A multi-row INSERT of `rows` rows of `cols` parameters: `(?,?),(?,?)` in order. Anonymous
/// parameters (PostgreSQL's `$N` are made from them by [`numbered`]): SQLite looks named and
/// numbered parameters up by a linear scan, which makes binding thousands of them quadratic.
fn values_sql(head: &str, rows: usize, cols: usize) -> String {
    let row = format!("({})", vec!["?"; cols].join(","));
    let mut sql = String::with_capacity(head.len() + rows * (row.len() + 1));
    sql.push_str(head);
    sql.push_str(&vec![row; rows].join(","));
    sql
}

/// `?` parameters numbered `$1, $2, …` in order, for PostgreSQL.
fn numbered(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() * 2);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// Rows per multi-row INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const BATCH: usize = 500;

macro_rules! apply_impl {
    ($name:ident, $db:ty, $fix:expr, $bulk_inserts:expr) => {
        async fn $name(tx: &mut sqlx::Transaction<'static, $db>, plan: &ImportPlan) -> Result<(), StoreError> {
            let fix = $fix;
            for (a, source) in &plan.new_agreements {
                let sql = "INSERT INTO agreements (id, version, source, title, provider, alliance, region, tier, effective_from, effective_to, updated_at, updated_by) VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
                sqlx::query(&fix(sql))
                    .bind(&a.id).bind(source).bind(&a.title).bind(&a.provider).bind(&a.alliance).bind(&a.region)
                    .bind(a.tier.as_str()).bind(a.effective_from.to_string()).bind(a.effective_to.map(|d| d.to_string()))
                    .bind(plan.at.0).bind(&plan.actor)
                    .execute(&mut **tx).await?;
                sqlx::query(&fix(AUDIT)).bind(&a.id).bind(1_i64).bind("created").bind(plan.at.0).bind(&plan.actor).bind(source)
                    .execute(&mut **tx).await?;
            }
            for (a, source, version) in &plan.replaced_agreements {
                let sql = "UPDATE agreements SET version = version + 1, source = $1, title = $2, provider = $3, alliance = $4, region = $5, tier = $6, effective_from = $7, effective_to = $8, updated_at = $9, updated_by = $10 WHERE id = $11 AND version = $12";
                let done = sqlx::query(&fix(sql))
                    .bind(source).bind(&a.title).bind(&a.provider).bind(&a.alliance).bind(&a.region)
                    .bind(a.tier.as_str()).bind(a.effective_from.to_string()).bind(a.effective_to.map(|d| d.to_string()))
                    .bind(plan.at.0).bind(&plan.actor).bind(&a.id).bind(version)
                    .execute(&mut **tx).await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!("agreement {} was changed by someone else since version {version}", a.id)));
                }
                sqlx::query(&fix(AUDIT)).bind(&a.id).bind(version + 1).bind("replaced").bind(plan.at.0).bind(&plan.actor).bind(source)
                    .execute(&mut **tx).await?;
            }
            // Summaries first, each guarded by the version it was computed from: a ticket changed
            // since the plan was made is a conflict before any of its events is appended.
            for (id, s, version) in &plan.summaries {
                let (first, last) = s.escalation_span();
                let done = sqlx::query(&fix(&format!("{SET_SUMMARY}, version = version + 1 WHERE id = $7 AND version = $8")))
                    .bind(i64::from(s.is_open)).bind(s.next_deadline.map(|d| d.0))
                    .bind(i64::from(s.escalation_level)).bind(s.packed_escalations()).bind(first).bind(last)
                    .bind(id).bind(version)
                    .execute(&mut **tx).await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!("ticket {id} was changed by someone else while this import was prepared (version {version} is no longer current)")));
                }
            }
            for chunk in plan.new_tickets.chunks(if $bulk_inserts { BATCH } else { usize::MAX }).filter(|_| $bulk_inserts) {
                let sql = fix(&values_sql("INSERT INTO tickets (id, agreement_id, opened_at, priority, channel, category, customer, subject, csat, is_open, next_deadline, escalation_level, escalations, escalation_first, escalation_last) VALUES ", chunk.len(), 15));
                let mut q = sqlx::query(&sql);
                for t in chunk {
                    q = q.bind(&*t.ticket.id).bind(&t.agreement_id).bind(t.ticket.opened_at.0).bind(t.ticket.priority.as_str())
                        .bind(t.ticket.channel.as_str()).bind(&t.category).bind(&*t.ticket.customer).bind(&*t.ticket.subject)
                        .bind(t.ticket.csat.map(i64::from)).bind(i64::from(t.summary.is_open)).bind(t.summary.next_deadline.map(|d| d.0))
                        .bind(i64::from(t.summary.escalation_level)).bind(t.summary.packed_escalations())
                        .bind(t.summary.escalation_span().0).bind(t.summary.escalation_span().1);
                }
                q.execute(&mut **tx).await?;
            }
            for chunk in plan.new_events.chunks(if $bulk_inserts { BATCH } else { usize::MAX }).filter(|_| $bulk_inserts) {
                let sql = fix(&values_sql("INSERT INTO events (ticket_id, seq, at, kind, note, priority) VALUES ", chunk.len(), 6));
                let mut q = sqlx::query(&sql);
                for e in chunk {
                    q = q.bind(&*e.ticket_id).bind(e.seq).bind(e.event.at.0).bind(e.event.kind.as_str()).bind(&*e.note).bind(e.event.priority.map(Priority::as_str));
                }
                q.execute(&mut **tx).await?;
            }
            sqlx::query(BUMP_REVISION).execute(&mut **tx).await?;
            Ok(())
        }
    };
}

apply_impl!(
    apply_sqlite,
    sqlx::Sqlite,
    |s: &str| sqlite_sql(s).into_owned(),
    true
);
apply_impl!(
    apply_postgres_rows,
    sqlx::Postgres,
    |s: &str| if s.contains('?') {
        numbered(s)
    } else {
        s.to_owned()
    },
    false
);

/// PostgreSQL: tickets and events arrive by `COPY … FROM STDIN` (CSV), many times faster than
/// INSERTs; everything else as on SQLite.
async fn apply_postgres(
    tx: &mut sqlx::Transaction<'static, sqlx::Postgres>,
    plan: &ImportPlan,
) -> Result<(), StoreError> {
    apply_postgres_rows(tx, plan).await?;
    if !plan.new_tickets.is_empty() {
        let mut csv = Vec::with_capacity(plan.new_tickets.len() * 128);
        for t in &plan.new_tickets {
            let k = &t.ticket;
            copy_row(
                &mut csv,
                &[
                    Some(&*k.id),
                    Some(&t.agreement_id),
                    Some(&k.opened_at.0.to_string()),
                    Some(k.priority.as_str()),
                    Some(k.channel.as_str()),
                    Some(&t.category),
                    Some(&k.customer),
                    Some(&k.subject),
                    k.csat.map(|c| c.to_string()).as_deref(),
                    Some(if t.summary.is_open { "1" } else { "0" }),
                    t.summary.next_deadline.map(|d| d.0.to_string()).as_deref(),
                    Some(&t.summary.escalation_level.to_string()),
                    Some(&t.summary.packed_escalations()),
                    t.summary
                        .escalation_span()
                        .0
                        .map(|d| d.to_string())
                        .as_deref(),
                    t.summary
                        .escalation_span()
                        .1
                        .map(|d| d.to_string())
                        .as_deref(),
                ],
            );
        }
        copy_in(tx, "COPY tickets (id, agreement_id, opened_at, priority, channel, category, customer, subject, csat, is_open, next_deadline, escalation_level, escalations, escalation_first, escalation_last) FROM STDIN WITH (FORMAT csv)", csv).await?;
    }
    if !plan.new_events.is_empty() {
        let mut csv = Vec::with_capacity(plan.new_events.len() * 80);
        for e in &plan.new_events {
            copy_row(
                &mut csv,
                &[
                    Some(&e.ticket_id),
                    Some(&e.seq.to_string()),
                    Some(&e.event.at.0.to_string()),
                    Some(e.event.kind.as_str()),
                    Some(&e.note),
                    e.event.priority.map(Priority::as_str),
                ],
            );
        }
        copy_in(
            tx,
            "COPY events (ticket_id, seq, at, kind, note, priority) FROM STDIN WITH (FORMAT csv)",
            csv,
        )
        .await?;
    }
    Ok(())
}

async fn copy_in(
    tx: &mut sqlx::Transaction<'static, sqlx::Postgres>,
    statement: &str,
    csv: Vec<u8>,
) -> Result<(), StoreError> {
    let mut copy = tx.copy_in_raw(statement).await?;
    for chunk in csv.chunks(1 << 20) {
        copy.send(chunk).await?;
    }
    copy.finish().await?;
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

/// One COPY CSV row: `None` is NULL (an empty unquoted field), every text is quoted (so an
/// empty string stays an empty string).
fn copy_row(out: &mut Vec<u8>, fields: &[Option<&str>]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if let Some(v) = f {
            out.push(b'"');
            for b in v.bytes() {
                if b == b'"' {
                    out.push(b'"');
                }
                out.push(b);
            }
            out.push(b'"');
        }
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_parameters_are_rewritten_for_sqlite() {
        assert_eq!(
            sqlite_sql("SELECT a FROM t WHERE b = $1 AND c = $12"),
            "SELECT a FROM t WHERE b = ?1 AND c = ?12"
        );
        assert_eq!(
            sqlite_sql(r#"SELECT '$1', 'it''s $2', "col$3" FROM t WHERE x = $1 AND y LIKE '%$%'"#),
            r#"SELECT '$1', 'it''s $2', "col$3" FROM t WHERE x = ?1 AND y LIKE '%$%'"#
        );
        assert!(matches!(sqlite_sql("SELECT 1"), Cow::Borrowed(_)));
    }

    #[test]
    fn packed_events_keep_any_note_and_refuse_a_cut_list() {
        let list = "100,responded,,0:200,priority_changed,p1,18:a,b;c:d — é\nf:g300,resolved,,2:ok";
        let mut events = Vec::new();
        let mut notes = Vec::new();
        unpack_events(list, 7, &mut events, Some(&mut notes)).unwrap();
        assert_eq!(
            events
                .iter()
                .map(|(t, e)| (*t, e.at.0, e.kind, e.priority))
                .collect::<Vec<_>>(),
            [
                (7, 100, EventKind::Responded, None),
                (7, 200, EventKind::PriorityChanged, Some(Priority::P1)),
                (7, 300, EventKind::Resolved, None),
            ]
        );
        assert_eq!(notes, ["", "a,b;c:d — é\nf:g", "ok"].map(Box::<str>::from));
        let mut bare = Vec::new();
        unpack_events(list, 0, &mut bare, None).unwrap();
        assert_eq!(bare.len(), 3);
        for cut in [
            "100,responded,,5:abc",
            "100,responded,,1:é",
            "100,responded",
            "x,responded,,0:",
        ] {
            assert!(
                unpack_events(cut, 0, &mut Vec::new(), None).is_err(),
                "{cut}"
            );
        }
    }
}
