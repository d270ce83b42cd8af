//! Storage: one diesel codebase over SQLite (the embedded default) and PostgreSQL.
//!
//! The backend is chosen from the URL scheme. Queries are written once against [`DbConn`];
//! the few statements diesel's multi-backend connection cannot express (`FOR UPDATE`,
//! `BEGIN IMMEDIATE`) match on the variant in this module only.

/// Keyset paging over `(column, id)`: rows strictly after the last one shown, in the
/// column's order with the id breaking ties.
macro_rules! keyset {
    // Creation order: ids are time-ordered, so the id alone is the key.
    ($query:ident, $id:expr, $desc:expr, $after_id:expr) => {{
        if let Some(id) = $after_id {
            $query = if $desc {
                $query.filter($id.lt(id))
            } else {
                $query.filter($id.gt(id))
            };
        }
        $query = if $desc {
            $query.order($id.desc())
        } else {
            $query.order($id.asc())
        };
    }};
    ($query:ident, $col:expr, $id:expr, $desc:expr, $after:expr) => {{
        if let Some((value, id)) = $after {
            $query = if $desc {
                $query.filter($col.lt(value.clone()).or($col.eq(value).and($id.lt(id))))
            } else {
                $query.filter($col.gt(value.clone()).or($col.eq(value).and($id.gt(id))))
            };
        }
        $query = if $desc {
            $query.order(($col.desc(), $id.desc()))
        } else {
            $query.order(($col.asc(), $id.asc()))
        };
    }};
}

pub mod account_tokens;
pub mod agenda;
pub mod api_keys;
pub mod audit;
pub mod calendar_feeds;
pub mod catalogue;
pub mod check_ins;
pub mod clusters;
pub mod contacts;
mod error;
pub mod events;
pub mod feed;
pub mod idempotency;
pub mod invitations;
pub mod json;
pub mod mail;
pub mod matchmaking;
pub mod meeting_outcomes;
pub mod meetings;
pub mod members;
pub mod outbox;
pub mod partnerships;
pub mod registrations;
pub mod schema;
pub mod settings;
pub mod survey;
pub mod throttle;
pub mod tokens;
pub mod trade_notes;
mod types;
pub mod users;

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use error::{Error, Result as StoreResult};

/// One migration tree for both backends: the SQL is written so that SQLite and PostgreSQL
/// both accept it (a test applies it to each, up and down).
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    pub fn from_url(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// Opens connections of the backend the URL names and reports the real connection error
/// (diesel's own multi-connection `establish` tries each backend and hides why it failed).
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
    backend: Backend,
    /// Until when (Unix milliseconds) connections handed back are checked with a round trip:
    /// set when a use case met an unreachable database (see [`Db::suspect`]).
    suspect_until: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

impl Manager {
    pub fn new(url: &str) -> Self {
        let backend = Backend::from_url(url);
        let url = match backend {
            Backend::Sqlite => url.strip_prefix("sqlite://").unwrap_or(url).to_owned(),
            Backend::Postgres => url.to_owned(),
        };
        Manager {
            url,
            backend,
            suspect_until: Default::default(),
        }
    }
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        match self.backend {
            Backend::Postgres => PgConnection::establish(&self.url)
                .map(DbConn::Pg)
                .map_err(r2d2::Error::ConnectionError),
            Backend::Sqlite => {
                let mut conn =
                    SqliteConnection::establish(&self.url).map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000;
                     PRAGMA synchronous = NORMAL;
                     PRAGMA foreign_keys = ON;",
                )
                .map_err(r2d2::Error::QueryError)?;
                enable_wal(&mut conn)?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    /// Called when a connection goes back to the pool. A PostgreSQL connection whose server
    /// went away is only noticed by using it: while a failure was seen recently, each one
    /// handed back is checked with a trivial query and dropped if dead, so that the pool
    /// refills with live connections once the database is back. At other times no round trip
    /// is spent on a check.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        match conn {
            DbConn::Pg(c) => {
                AnsiTransactionManager::is_broken_transaction_manager(c)
                    || (self.is_suspect() && c.batch_execute("SELECT 1").is_err())
            }
            DbConn::Sqlite(c) => AnsiTransactionManager::is_broken_transaction_manager(c),
        }
    }
}

impl Manager {
    fn is_suspect(&self) -> bool {
        let until = self
            .suspect_until
            .load(std::sync::atomic::Ordering::Relaxed);
        until != 0 && chrono::Utc::now().timestamp_millis() < until
    }
}

/// Switches the file to write-ahead logging (readers never block the writer). The mode is
/// stored in the file; switching needs an exclusive lock that SQLite's busy handler does not
/// wait for, so when two connections of a fresh pool race for it, the loser retries.
fn enable_wal(conn: &mut SqliteConnection) -> Result<(), r2d2::Error> {
    let mut attempt = 0;
    loop {
        match conn.batch_execute("PRAGMA journal_mode = WAL;") {
            Ok(()) => return Ok(()),
            Err(e) if attempt < 50 && e.to_string().contains("locked") => {
                attempt += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => return Err(r2d2::Error::QueryError(e)),
        }
    }
}

pub type Pool = r2d2::Pool<Manager>;

/// The connection pool plus the backend it talks to. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    backend: Backend,
    suspect_until: std::sync::Arc<std::sync::atomic::AtomicI64>,
}

pub struct PoolOptions {
    pub max_size: u32,
    pub connection_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        PoolOptions {
            max_size: 10,
            connection_timeout: Duration::from_secs(5),
        }
    }
}

impl Db {
    /// Builds the pool without waiting for the database: the service starts (and answers
    /// `/healthz`, and `/readyz` with 503) even while the database is still coming up.
    pub fn connect(url: &str, options: PoolOptions) -> Db {
        let manager = Manager::new(url);
        let backend = manager.backend;
        let suspect_until = manager.suspect_until.clone();
        let pool = r2d2::Pool::builder()
            .max_size(options.max_size)
            .min_idle(Some(1))
            .connection_timeout(options.connection_timeout)
            // No round trip per checkout: dead connections are weeded out when a failure
            // was seen (see `Manager::has_broken`).
            .test_on_check_out(false)
            .build_unchecked(manager);
        Db {
            pool,
            backend,
            suspect_until,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A connection for synchronous code (CLI commands, start-up). Inside the HTTP service use
    /// `Db::run` (in `crate::app::tx`), which keeps the blocking work off the async workers.
    pub fn get(&self) -> Result<r2d2::PooledConnection<Manager>, Error> {
        Ok(self.pool.get()?)
    }

    /// Reports that the database was unreachable: for the next seconds, connections handed
    /// back to the pool are checked and dead ones dropped.
    pub fn suspect(&self) {
        let until = chrono::Utc::now().timestamp_millis() + 10_000;
        self.suspect_until
            .store(until, std::sync::atomic::Ordering::Relaxed);
    }

    /// The pool, for the executor in `crate::app::tx`.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    pub fn migrate(&self) -> Result<Vec<String>, String> {
        let mut conn = self.pool.get().map_err(|e| e.to_string())?;
        run_migrations(&mut conn)
    }
}

pub fn run_migrations(conn: &mut DbConn) -> Result<Vec<String>, String> {
    with_startup_lock(conn, |conn| {
        let applied = match conn {
            DbConn::Pg(c) => c.run_pending_migrations(MIGRATIONS),
            DbConn::Sqlite(c) => c.run_pending_migrations(MIGRATIONS),
        }
        .map_err(|e| e.to_string())?
        .iter()
        .map(|v| v.to_string())
        .collect();
        // Derived columns that SQL cannot compute alike on both backends.
        members::backfill_name_keys(conn).map_err(|e| e.to_string())?;
        contacts::backfill_name_parts(conn).map_err(|e| e.to_string())?;
        Ok(applied)
    })
}

/// The key of the PostgreSQL advisory lock that start-up work holds.
const STARTUP_LOCK: i64 = 0x0c2c_5747;

/// Runs `f` while no other instance runs start-up work on the same database: several
/// instances started at once on an empty PostgreSQL database would otherwise race to create
/// the migrations table and to generate the signing secret. (A session-level advisory lock,
/// released at the end; SQLite serialises schema changes by itself.)
pub fn with_startup_lock<T>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, String>,
) -> Result<T, String> {
    let locked = matches!(conn, DbConn::Pg(_));
    if let DbConn::Pg(c) = conn {
        diesel::sql_query(format!("SELECT pg_advisory_lock({STARTUP_LOCK})"))
            .execute(c)
            .map_err(|e| format!("cannot take the start-up lock: {e}"))?;
    }
    let out = f(conn);
    if locked && let DbConn::Pg(c) = conn {
        let _ = diesel::sql_query(format!("SELECT pg_advisory_unlock({STARTUP_LOCK})")).execute(c);
    }
    out
}

/// A transaction for work that reads and then writes.
///
/// SQLite: `BEGIN IMMEDIATE` takes the write lock up front, so concurrent writers queue on
/// `busy_timeout` instead of failing with "database is locked" when a deferred transaction
/// tries to upgrade. PostgreSQL: a plain `BEGIN`; rows that a decision depends on are
/// locked with [`lock_for_update`] or changed with version-checked updates.
pub fn write_transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConn::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE").map_err(E::from)?
        }
        DbConn::Pg(c) => AnsiTransactionManager::begin_transaction(c).map_err(E::from)?,
    }
    match f(conn) {
        Ok(value) => {
            <DbConn as Connection>::TransactionManager::commit_transaction(conn)
                .map_err(E::from)?;
            Ok(value)
        }
        Err(e) => {
            if let Err(rollback) =
                <DbConn as Connection>::TransactionManager::rollback_transaction(conn)
            {
                tracing::error!(%rollback, "rollback failed");
            }
            Err(e)
        }
    }
}

/// The tables whose rows a read-check-write sequence locks ([`lock_for_update`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locked {
    Clusters,
    Contacts,
    Events,
    MeetingRequests,
    Meetings,
    Members,
    PartnershipRequests,
    Registrations,
    TradeNotes,
    Users,
    Webhooks,
}

impl Locked {
    fn name(self) -> &'static str {
        match self {
            Locked::Clusters => "clusters",
            Locked::Contacts => "contacts",
            Locked::Events => "events",
            Locked::MeetingRequests => "meeting_requests",
            Locked::Meetings => "meetings",
            Locked::Members => "members",
            Locked::PartnershipRequests => "partnership_requests",
            Locked::Registrations => "registrations",
            Locked::TradeNotes => "trade_notes",
            Locked::Users => "users",
            Locked::Webhooks => "webhooks",
        }
    }
}

/// Locks one row for the rest of the transaction on PostgreSQL (`SELECT … FOR UPDATE`), so
/// that read-check-write sequences on it run one after the other, as they do on SQLite,
/// where [`write_transaction`] already holds the database's write lock. A missing row is not
/// an error here: the read that follows reports it.
pub fn lock_for_update(conn: &mut DbConn, table: Locked, id: &str) -> StoreResult<()> {
    if let DbConn::Pg(c) = conn {
        let table = table.name();
        diesel::sql_query(format!("SELECT 1 FROM {table} WHERE id = $1 FOR UPDATE"))
            .bind::<diesel::sql_types::Text, _>(id)
            .execute(c)?;
    }
    Ok(())
}

/// Fails when the database does not answer a trivial query (for `/readyz`).
/// Refreshes the query planner's statistics after a bulk load. Without them PostgreSQL
/// guessed 85 members in a cluster of 7,136 and sorted them all for a 50-row page (8 ms
/// instead of 1 ms); autovacuum would catch up only later.
pub fn refresh_statistics(conn: &mut DbConn) -> StoreResult<()> {
    diesel::sql_query("ANALYZE").execute(conn)?;
    Ok(())
}

pub fn ping(conn: &mut DbConn) -> StoreResult<()> {
    conn.batch_execute("SELECT 1")?;
    Ok(())
}

/// Current time, UTC, truncated to microseconds so that what we write is exactly what
/// PostgreSQL gives back (ETags stay stable across a round trip).
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    chrono::Timelike::with_nanosecond(&now, now.and_utc().timestamp_subsec_micros() * 1000)
        .unwrap_or(now)
}

/// A new time-ordered id: lists ordered by id come back in creation order.
pub fn new_uuid() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}

/// A new id ([`new_uuid`]) as it is stored.
pub fn new_id() -> String {
    new_uuid().to_string()
}

/// The answer to a version-checked write that found a newer version than it expected.
pub fn changed_meanwhile(what: &str) -> Error {
    Error::Stale(format!(
        "the {what} was changed by someone else meanwhile; fetch it again and retry"
    ))
}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    #[derive(QueryableByName)]
    struct CompileOption {
        #[diesel(sql_type = Text)]
        compile_options: String,
    }

    /// The bundled SQLite is built with the query planner stability guarantee (see
    /// .cargo/config.toml): without it every `LIMIT ?` re-prepares its statement.
    #[test]
    fn sqlite_is_built_with_qpsg() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        let options: Vec<CompileOption> = diesel::sql_query("PRAGMA compile_options")
            .load(&mut conn)
            .unwrap();
        assert!(
            options.iter().any(|o| o.compile_options == "ENABLE_QPSG"),
            "compile options: {:?}",
            options
                .iter()
                .map(|o| &o.compile_options)
                .collect::<Vec<_>>()
        );
    }
}
