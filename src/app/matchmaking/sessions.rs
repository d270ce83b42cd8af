//! Meeting sessions: the event's time blocks of meeting slots.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{SessionsAndSlots, event_and_parties, require_host, sessions_and_slots};
use crate::app::events::visible_event;
use crate::domain::access::Principal;
use crate::domain::matchmaking::{Break, SessionPlan, check_new_session};
use crate::error::{AppError, AppResult};
use crate::store::Db;
use crate::store::json::to_json_text;
use crate::store::matchmaking::{self as store, SessionRow};

/// A session to add.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub slot_minutes: i32,
    pub breaks: Vec<Break>,
    pub max_meetings_per_participant: Option<i32>,
}

/// The event's meeting sessions with their slots, in time order.
pub async fn list(db: &Db, caller: Principal, event_id: Uuid) -> AppResult<SessionsAndSlots> {
    db.run(move |conn| {
        visible_event(conn, &caller, event_id)?;
        sessions_and_slots(conn, event_id)
    })
    .await
}

/// Adds a meeting session (host managers): inside the event, not overlapping another
/// session, breaks inside the session. Returns all the sessions and the new one's row.
pub async fn create(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    input: NewSession,
) -> AppResult<(SessionsAndSlots, SessionRow)> {
    db.write(move |conn| {
        let (event, parties) = event_and_parties(conn, &caller, event_id)?;
        require_host(&caller, &parties)?;
        let plan = SessionPlan {
            starts_at: input.starts_at,
            ends_at: input.ends_at,
            slot_minutes: u32::try_from(input.slot_minutes).map_err(AppError::internal)?,
            breaks: input.breaks.clone(),
            max_meetings_per_participant: None,
        };
        let existing = store::sessions(conn, event_id)?
            .into_iter()
            .map(|s| (s.id, s.starts_at.and_utc(), s.ends_at.and_utc()))
            .collect::<Vec<_>>();
        check_new_session(
            &plan,
            (event.row.starts_at.and_utc(), event.row.ends_at.and_utc()),
            &existing,
        )?;
        let row = store::insert_session(
            conn,
            event_id,
            &store::NewSession {
                starts_at: input.starts_at.naive_utc(),
                ends_at: input.ends_at.naive_utc(),
                slot_minutes: input.slot_minutes,
                breaks: to_json_text(&input.breaks)?,
                max_meetings_per_participant: input.max_meetings_per_participant,
            },
        )?;
        Ok((sessions_and_slots(conn, event_id)?, row))
    })
    .await
}

/// Removes a meeting session (host managers).
pub async fn delete(db: &Db, caller: Principal, event_id: Uuid, session_id: Uuid) -> AppResult<()> {
    db.write(move |conn| {
        let (_, parties) = event_and_parties(conn, &caller, event_id)?;
        require_host(&caller, &parties)?;
        Ok(store::delete_session(conn, event_id, session_id)?)
    })
    .await
}
