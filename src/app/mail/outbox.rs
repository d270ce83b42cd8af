//! The outbox as admins see it: every mail queued, sent or given up, with its bodies, and
//! a retry for the failed ones.

use uuid::Uuid;

use crate::domain::access::{Principal, require};
use crate::domain::mail::MailStatus;
use crate::error::{AppError, AppResult};
use crate::store::Db;
use crate::store::mail::{self as store, Filter, MailRow};

fn require_admin(caller: &Principal) -> AppResult<()> {
    Ok(require(
        caller.is_admin() && caller.api_key.is_none(),
        "read the mail outbox (admins do)",
    )?)
}

/// A page of the outbox, oldest first, after `after` (admins).
pub async fn list(
    db: &Db,
    caller: &Principal,
    filter: Filter,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<MailRow>> {
    require_admin(caller)?;
    db.run(move |conn| Ok(store::list(conn, &filter, after.as_deref(), limit)?))
        .await
}

/// One mail with its bodies (admins).
pub async fn get(db: &Db, caller: &Principal, id: Uuid) -> AppResult<MailRow> {
    require_admin(caller)?;
    db.run(move |conn| Ok(store::get(conn, id)?)).await
}

/// Puts a failed mail back in the queue, due now, for one more attempt (admins). A mail
/// still pending is queued already and stays as it is (moving it forward could hand a mail
/// being sent to a second sender); a mail already sent is not sent again: 409.
pub async fn retry(db: &Db, caller: &Principal, id: Uuid) -> AppResult<MailRow> {
    require_admin(caller)?;
    db.write(move |conn| {
        let row = store::get(conn, id)?;
        if row.status == MailStatus::Sent {
            return Err(AppError::conflict(
                "this mail was sent; it is not sent twice",
            ));
        }
        if row.status == MailStatus::Pending {
            return Ok(row);
        }
        crate::store::audit::note_object("mail", &row.id.to_string());
        Ok(store::requeue(conn, &row)?)
    })
    .await
}
