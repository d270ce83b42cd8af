//! Readiness: whether this instance reaches its database.

use crate::error::{AppError, AppResult};
use crate::store::{Backend, Db};

/// The database answers a ping; gives its kind (`sqlite` or `postgres`). While it does not,
/// "unavailable".
pub async fn ready(db: &Db) -> AppResult<&'static str> {
    db.run(|conn| crate::store::ping(conn).map_err(|e| AppError::Unavailable(e.to_string())))
        .await?;
    Ok(match db.backend() {
        Backend::Postgres => "postgres",
        Backend::Sqlite => "sqlite",
    })
}
