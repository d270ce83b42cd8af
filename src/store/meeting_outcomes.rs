//! What each side of a scheduled meeting recorded afterwards: one row per side and meeting.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::meeting_outcomes;
use super::{DbConn, now};
use crate::domain::matchmaking::MeetingOutcome;
use crate::store::StoreResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meeting_outcomes)]
pub struct OutcomeRow {
    pub meeting_request_id: Uuid,
    pub registration_id: Uuid,
    pub event_id: Uuid,
    pub outcome: MeetingOutcome,
    pub rating: Option<i32>,
    /// Private to the side that wrote it.
    pub note: String,
    pub recorded_by: Option<Uuid>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a side records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeData {
    pub outcome: MeetingOutcome,
    pub rating: Option<i32>,
    pub note: String,
}

/// The records of one meeting (both sides).
pub fn of_request(conn: &mut DbConn, request_id: Uuid) -> StoreResult<Vec<OutcomeRow>> {
    Ok(meeting_outcomes::table
        .filter(meeting_outcomes::meeting_request_id.eq(request_id.to_string()))
        .order(meeting_outcomes::registration_id)
        .select(OutcomeRow::as_select())
        .load(conn)?)
}

/// Every record of an event (for its figures).
pub fn of_event(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Vec<OutcomeRow>> {
    Ok(meeting_outcomes::table
        .filter(meeting_outcomes::event_id.eq(event_id.to_string()))
        .order((
            meeting_outcomes::meeting_request_id,
            meeting_outcomes::registration_id,
        ))
        .select(OutcomeRow::as_select())
        .load(conn)?)
}

/// Writes one side's record: inserted the first time, else updated (the caller holds the
/// meeting request's row lock, so the two cannot race). The flag tells whether it was new.
pub fn put(
    conn: &mut DbConn,
    event_id: Uuid,
    request_id: Uuid,
    registration_id: Uuid,
    data: &OutcomeData,
    by: Option<Uuid>,
) -> StoreResult<(OutcomeRow, bool)> {
    let at = now();
    let (rid, sid) = (request_id.to_string(), registration_id.to_string());
    let key = || meeting_outcomes::table.find((rid.clone(), sid.clone()));
    let existing: Option<OutcomeRow> = key()
        .select(OutcomeRow::as_select())
        .first(conn)
        .optional()?;
    let created = match existing {
        Some(row) => {
            diesel::update(key())
                .set((
                    meeting_outcomes::outcome.eq(data.outcome),
                    meeting_outcomes::rating.eq(data.rating),
                    meeting_outcomes::note.eq(&data.note),
                    meeting_outcomes::recorded_by.eq(by.map(|u| u.to_string())),
                    meeting_outcomes::version.eq(row.version + 1),
                    meeting_outcomes::updated_at.eq(at),
                ))
                .execute(conn)?;
            false
        }
        None => {
            diesel::insert_into(meeting_outcomes::table)
                .values((
                    meeting_outcomes::meeting_request_id.eq(request_id.to_string()),
                    meeting_outcomes::registration_id.eq(registration_id.to_string()),
                    meeting_outcomes::event_id.eq(event_id.to_string()),
                    meeting_outcomes::outcome.eq(data.outcome),
                    meeting_outcomes::rating.eq(data.rating),
                    meeting_outcomes::note.eq(&data.note),
                    meeting_outcomes::recorded_by.eq(by.map(|u| u.to_string())),
                    meeting_outcomes::created_at.eq(at),
                    meeting_outcomes::updated_at.eq(at),
                ))
                .execute(conn)?;
            true
        }
    };
    let row = key().select(OutcomeRow::as_select()).first(conn)?;
    Ok((row, created))
}
