//! How one statement serves both back ends: the pool of either, the dispatch that compiles a
//! statement's code once per back end, SQLite's spelling of parameters, and the statements
//! that several concerns share.
//!
//! A statement's code is an ordinary method of [`Db`], generic over the [`Backend`], called
//! from a [`with_pool!`] arm: the macro only picks the pool, so rustfmt formats the rest.

use std::borrow::Cow;
use std::collections::HashMap;

use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;
use sqlx::{ColumnIndex, Decode, Encode, Executor, IntoArguments, Row, Type};

/// The connection pool of one back end.
#[derive(Clone, Debug)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to whichever back end the store has; the body is compiled
/// once per back end, so the same statement code serves both. Keep the body a call of a
/// statement of [`Db`]: rustfmt leaves a macro's arguments as they are.
macro_rules! with_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::sql::Pool::Sqlite($pool) => $body,
            $crate::sql::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

/// A back end the statements are written for: sqlx's database, and what sqlx leaves to each.
pub(crate) trait Backend: sqlx::Database {
    /// A statement written with PostgreSQL's `$N` parameters, as this back end takes it.
    fn sql(sql: &str) -> Cow<'_, str>;
    /// How many rows a statement changed (each driver has it, no sqlx trait does).
    fn rows_affected(done: &Self::QueryResult) -> u64;
}

impl Backend for sqlx::Sqlite {
    fn sql(sql: &str) -> Cow<'_, str> {
        sqlite_sql(sql)
    }

    fn rows_affected(done: &Self::QueryResult) -> u64 {
        done.rows_affected()
    }
}

impl Backend for sqlx::Postgres {
    fn sql(sql: &str) -> Cow<'_, str> {
        Cow::Borrowed(sql)
    }

    fn rows_affected(done: &Self::QueryResult) -> u64 {
        done.rows_affected()
    }
}

/// A type that `DB` both binds and reads (`i64`, `Option<String>`, …): one bound for sqlx's
/// three, which a generic statement's `where` clause would otherwise spell for every type.
pub(crate) trait Value<DB: sqlx::Database>:
    for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB> + Type<DB>
{
}

impl<DB: sqlx::Database, T> Value<DB> for T where
    T: for<'q> Encode<'q, DB> + for<'r> Decode<'r, DB> + Type<DB>
{
}

/// One back end's pool, to run statements on. Each concern's module gives it the statements
/// it needs, as methods of an `impl` block generic over the back end: that block's `where`
/// clause says, once, what those statements need of sqlx (it is met by both back ends).
pub(crate) struct Db<'p, DB: sqlx::Database>(pub(crate) &'p sqlx::Pool<DB>);

/// A statement written for PostgreSQL, for SQLite: its `$N` parameters become `?N`, and its
/// ` ILIKE ` (a caseless match) SQLite's ` LIKE `, which is caseless already (for ASCII
/// letters, as SQLite's own `lower` is). Only those are rewritten: a `$` or a word inside a
/// string literal (`'…'`) or a quoted identifier (`"…"`) is text, and stays as it is.
fn sqlite_sql(sql: &str) -> Cow<'_, str> {
    if !sql.contains('$') && !sql.contains(" ILIKE ") {
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
            None if c == 'I' && out.ends_with(' ') && chars.clone().take(5).eq("LIKE ".chars()) => {
                continue;
            }
            None => {}
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// A multi-row INSERT of `rows` rows of `cols` parameters: `(?,?),(?,?)` in order. Anonymous
/// parameters: SQLite looks named and numbered parameters up by a linear scan, which makes
/// binding thousands of them quadratic.
pub(crate) fn values_sql(head: &str, rows: usize, cols: usize) -> String {
    let row = format!("({})", vec!["?"; cols].join(","));
    let mut sql = String::with_capacity(head.len() + rows * (row.len() + 1));
    sql.push_str(head);
    sql.push_str(&vec![row; rows].join(","));
    sql
}

/// Sets a ticket's SLA summary: parameters 1–9 are [`crate::SlaSummary`]'s columns.
pub(crate) const SET_SUMMARY: &str = concat!(
    "UPDATE tickets SET is_open = $1, next_deadline = $2, escalation_level = $3, ",
    "escalations = $4, escalation_first = $5, escalation_last = $6, waiting_since = $7, ",
    "breached_at = $8, current_priority = $9"
);

/// Every write transaction ends with this, so readers can tell that something changed.
pub(crate) const BUMP_REVISION: &str = "UPDATE revision SET n = n + 1 WHERE id = 1";

impl<DB> Db<'_, DB>
where
    DB: Backend,
    for<'c> &'c mut DB::Connection: Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: IntoArguments<'q, DB>,
    i64: Value<DB>,
    String: Value<DB>,
    usize: ColumnIndex<DB::Row>,
{
    /// The one number a statement without parameters reads (a count, the revision).
    pub(crate) async fn number(&self, sql: &str) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar::<_, i64>(sql).fetch_one(self.0).await
    }

    /// Numbers by id, as a statement without parameters reads them (id, number).
    pub(crate) async fn numbers(&self, sql: &str) -> Result<HashMap<String, i64>, sqlx::Error> {
        sqlx::query(sql)
            .fetch_all(self.0)
            .await?
            .into_iter()
            .map(|r| Ok((r.try_get::<String, _>(0)?, r.try_get::<i64, _>(1)?)))
            .collect()
    }
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
        assert_eq!(
            sqlite_sql("SELECT a FROM t WHERE b ILIKE $1 AND c = ' ILIKE ' AND ILIKEd ILIKE 'x'"),
            "SELECT a FROM t WHERE b LIKE ?1 AND c = ' ILIKE ' AND ILIKEd LIKE 'x'"
        );
    }
}
