//! The executor of use cases: one pooled connection per use case, taken on the blocking
//! thread pool (one hop), or on the calling thread for short SQLite reads (no hop).

use crate::error::{AppError, AppResult};
use crate::store::{Backend, Db, DbConn, write_transaction};

impl Db {
    /// Runs blocking database work on the blocking thread pool.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = db.pool().get()?;
            watched(&db, f(&mut conn))
        })
        .await?
    }

    /// For a short read (one or two indexed lookups): on SQLite with a connection free right
    /// now, runs on the calling thread — the database is in-process and such a read takes
    /// microseconds, less than the two thread wake-ups of a hop to the blocking pool, which
    /// profiling showed to be the largest cost of an authenticated request. Otherwise (a
    /// server round trip on PostgreSQL, or no connection free) like [`Db::run`].
    pub async fn run_short<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        if self.backend() == Backend::Sqlite
            && let Some(mut conn) = self.pool().try_get()
        {
            return watched(self, f(&mut conn));
        }
        self.run(f).await
    }

    /// Like [`Db::run`], inside a write transaction (see [`write_transaction`]); the first
    /// such write of an API request writes its audit-log entry in the same transaction
    /// (see [`crate::app::audit`]).
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let audit = crate::app::audit::current();
        self.run(move |conn| {
            write_transaction(conn, |conn| {
                crate::app::audit::audited(conn, audit.as_ref(), f)
            })
        })
        .await
    }

    /// A write that is bookkeeping, not a change anyone made (throttle counters, kept
    /// answers of retried requests): no audit-log entry.
    pub async fn write_unaudited<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.run(move |conn| write_transaction(conn, f)).await
    }
}

/// Passes `out` on; when it says the database was unreachable, tells the pool to check the
/// connections handed back for a while (before this one goes back).
fn watched<T>(db: &Db, out: AppResult<T>) -> AppResult<T> {
    if matches!(out, Err(AppError::Unavailable(_))) {
        db.suspect();
    }
    out
}
