//! Readiness: whether this instance reaches its database.

use crate::error::AppResult;
use crate::store::{Backend, Db};

/// The database answers a ping; gives its kind (`sqlite` or `postgres`).
pub async fn ready(db: &Db) -> AppResult<&'static str> {
    db.run(|conn| Ok(crate::store::ping(conn)?)).await?;
    Ok(match db.backend() {
        Backend::Postgres => "postgres",
        Backend::Sqlite => "sqlite",
    })
}
