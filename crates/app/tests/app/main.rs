//! The use cases' integration tests, in one test binary with a module per concern: each test
//! binary links the whole stack (store, engine, typesetter), so one binary instead of eight
//! saves CI a gigabyte of disk and minutes of linking. nextest still runs every test in a
//! process of its own.

mod agreement_history;
mod backends;
mod demo;
mod holidays;
mod imports;
mod queue_views;
mod races;
mod reports;
mod sources;
mod statements;
mod ticket_input;

/// A new, empty PostgreSQL database on the server whose admin URL is in `ACCORD_TEST_POSTGRES`
/// (`.ci/run` starts one), for a suite to run against; `None` when the variable is not set,
/// which CI does not allow.
pub(crate) struct PgDatabase {
    /// The database's URL.
    pub url: String,
    name: String,
    admin: sqlx::PgConnection,
}

impl PgDatabase {
    pub(crate) async fn new(prefix: &str) -> Option<Self> {
        use sqlx::Connection;
        let Ok(admin) = std::env::var("ACCORD_TEST_POSTGRES") else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must provide a PostgreSQL server in ACCORD_TEST_POSTGRES"
            );
            return None;
        };
        let name = format!("{prefix}_{}", std::process::id());
        let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut c)
            .await
            .unwrap();
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        Some(Self {
            url: format!("{base}/{name}"),
            name,
            admin: c,
        })
    }

    /// Drops the database (its connections closed by force).
    pub(crate) async fn drop(mut self) {
        sqlx::query(&format!("DROP DATABASE {} WITH (FORCE)", self.name))
            .execute(&mut self.admin)
            .await
            .unwrap();
    }
}
