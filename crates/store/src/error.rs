//! What can go wrong with a database, in words a user can act on.

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL is neither SQLite nor PostgreSQL, or malformed.
    #[error("database `{0}`: {1}")]
    BadUrl(String, String),
    /// No per-user data folder on this system.
    #[error("no per-user data folder found for the default database: pass --db sqlite://PATH")]
    NoDataFolder,
    /// A folder or file could not be used.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
    /// The database was written by a newer Accord.
    #[error(
        "database {location} has schema version {schema}, newer than this Accord knows ({known}): \
         use a newer Accord, or restore a backup made by this one"
    )]
    TooNew {
        /// Where.
        location: String,
        /// Its schema version.
        schema: i64,
        /// What this binary knows.
        known: i64,
    },
    /// A SQLite file that is some other program's database.
    #[error(
        "{0} is a SQLite database, but not Accord's (it holds the tables {1}): it was left as it \
         is; choose an Accord database, or a new file name for a new one"
    )]
    NotAccord(String, String),
    /// SQLite's integrity check failed.
    #[error("database {0} is damaged: {1}")]
    Corrupt(String, String),
    /// Someone else changed the data since it was read.
    #[error("conflict: {0}; reload and try again")]
    Conflict(String),
    /// No such record.
    #[error("no {0}")]
    NotFound(String),
    /// A change the data's rules do not allow.
    #[error("{0}")]
    Rejected(String),
    /// The database holds something this binary cannot read.
    #[error("the database holds unreadable data: {0}")]
    Unreadable(String),
    /// A stored agreement no longer parses.
    #[error("a stored agreement cannot be read:\n{0}")]
    Agreement(#[from] accord_core::InputErrors),
    /// A backup target exists already.
    #[error("{0} exists already: choose a new file for the backup")]
    Exists(String),
    /// PostgreSQL is backed up with its own tools.
    #[error(
        "accord db backup copies SQLite databases; for PostgreSQL use pg_dump \
         (e.g. `pg_dump -Fc DBNAME > accord.dump`)"
    )]
    BackupUnsupported,
    /// The database driver failed.
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    /// SQLite failed while a history was read in bulk.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl From<rusqlite::types::FromSqlError> for StoreError {
    fn from(e: rusqlite::types::FromSqlError) -> Self {
        Self::Unreadable(e.to_string())
    }
}
