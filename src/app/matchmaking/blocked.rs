//! Slots an attendee blocked: the scheduler places none of its meetings there.

use chrono::NaiveDateTime;
use uuid::Uuid;

use super::{own_registration, sessions_and_slots};
use crate::domain::access::Principal;
use crate::domain::matchmaking::Slot;
use crate::error::{AppError, AppResult, FieldError};
use crate::store::matchmaking as store;
use crate::store::{Db, DbConn};

fn blocked_slots(conn: &mut DbConn, event_id: Uuid, registration_id: Uuid) -> AppResult<Vec<Slot>> {
    let all = sessions_and_slots(conn, event_id)?.slots;
    let times = store::blocked_of(conn, registration_id)?;
    Ok(all
        .into_iter()
        .filter(|s| times.contains(&s.starts_at.naive_utc()))
        .collect())
}

/// The slots an attendee blocked (its company's editors, organisers).
pub async fn get(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    registration_id: Uuid,
) -> AppResult<Vec<Slot>> {
    db.run(move |conn| {
        own_registration(conn, &caller, event_id, registration_id, false)?;
        blocked_slots(conn, event_id, registration_id)
    })
    .await
}

/// Replaces the slots an attendee blocked (its company's editors, the host).
pub async fn put(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    registration_id: Uuid,
    slots: Vec<usize>,
) -> AppResult<Vec<Slot>> {
    db.write(move |conn| {
        // Writes of one attendee's blocked slots take turns (each replaces the whole list;
        // on PostgreSQL two at once would trip over each other's rows).
        crate::store::lock_for_update(
            conn,
            crate::store::Locked::Registrations,
            &registration_id.to_string(),
        )?;
        own_registration(conn, &caller, event_id, registration_id, true)?;
        let all = sessions_and_slots(conn, event_id)?.slots;
        let errors: Vec<FieldError> = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| **s >= all.len())
            .map(|(i, _)| {
                FieldError::new(
                    format!("slots[{i}]"),
                    format!("the event has {} slots", all.len()),
                )
            })
            .collect();
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        let mut times: Vec<NaiveDateTime> = slots
            .iter()
            .map(|&s| all[s].starts_at.naive_utc())
            .collect();
        times.sort();
        times.dedup();
        store::replace_blocked(conn, registration_id, &times)?;
        blocked_slots(conn, event_id, registration_id)
    })
    .await
}
