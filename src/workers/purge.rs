//! The hourly purge: removed companies past their retention period lose their people for good
//! (`app::removal::purge`), and expired `Idempotency-Key`s are forgotten.

use crate::store::Db;

/// Runs the purge every hour, on every instance (it is idempotent), until the process ends.
pub async fn purge_forever(db: Db, retention: chrono::Duration) {
    loop {
        match db
            .write(move |conn| crate::app::removal::purge(conn, retention))
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                companies = n,
                "purged removed companies past their retention period"
            ),
            Err(e) => tracing::warn!(error = %e, "purging removed companies failed"),
        }
        let forgotten = db
            .write_unaudited(|conn| Ok(crate::store::idempotency::forget_expired(conn)?))
            .await;
        if let Err(e) = forgotten {
            tracing::warn!(error = %e, "forgetting expired idempotency keys failed");
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}
