//! Event-level roles: the host names managers of a guest cluster co-organisers of one event
//! (agenda, approvals, check-in, scheduler — `EventParties::can_run_day`) without making them
//! managers of the host cluster.

use uuid::Uuid;

use crate::app::events::visible_event;
use crate::domain::access::{Principal, require};
use crate::error::{AppError, AppResult};
use crate::store::events::{self as store, CoOrganiserRow};
use crate::store::users::{self, GrantRow};
use crate::store::{Db, DbConn, Locked, lock_for_update};

/// The co-organisers of an event (its organisers read them).
pub async fn list(db: &Db, caller: Principal, event_id: Uuid) -> AppResult<Vec<CoOrganiserRow>> {
    db.run(move |conn| {
        let event = visible_event(conn, &caller, event_id)?;
        require(
            event.parties().is_organiser(&caller),
            "see this event's co-organisers (its organisers do)",
        )?;
        Ok(store::co_organisers(conn, event_id)?)
    })
    .await
}

/// Locks the event and checks that the caller hosts it.
fn hosted(conn: &mut DbConn, caller: &Principal, event_id: Uuid) -> AppResult<()> {
    lock_for_update(conn, Locked::Events, &event_id.to_string())?;
    let event = visible_event(conn, caller, event_id)?;
    require(
        event.parties().can_edit(caller),
        "name this event's co-organisers (the host cluster's managers do)",
    )?;
    Ok(())
}

/// Names `user_id` co-organiser (the host's managers): they must manage a guest cluster of
/// the event. Naming them again changes nothing; the flag tells whether they were new.
pub async fn add(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    user_id: Uuid,
) -> AppResult<(Vec<CoOrganiserRow>, bool)> {
    db.write(move |conn| {
        hosted(conn, &caller, event_id)?;
        let event = visible_event(conn, &caller, event_id)?;
        let grants = users::active_grants_of(conn, &[user_id])?;
        let them = Principal::user(
            user_id,
            grants.iter().filter_map(GrantRow::to_grant).collect(),
        );
        if them.is_admin() || !event.guests.iter().any(|g| them.manages_cluster(*g)) {
            return Err(AppError::invalid(
                "user_id",
                "co-organisers are managers of a guest cluster of the event",
            ));
        }
        let added = store::add_co_organiser(conn, event_id, user_id, caller.user_id)?;
        Ok((store::co_organisers(conn, event_id)?, added))
    })
    .await
}

/// Ends `user_id`'s co-organiser right (the host's managers).
pub async fn remove(db: &Db, caller: Principal, event_id: Uuid, user_id: Uuid) -> AppResult<()> {
    db.write(move |conn| {
        hosted(conn, &caller, event_id)?;
        if !store::remove_co_organiser(conn, event_id, user_id)? {
            return Err(AppError::NotFound(format!(
                "{user_id} is no co-organiser of event {event_id}"
            )));
        }
        Ok(())
    })
    .await
}
