//! What a scheduled meeting leaves behind: each side's outcome, rating and private note, and
//! an online meeting's video link.

use chrono::Utc;
use uuid::Uuid;

use super::requests::{RequestAndSlots, answer, locked_request, visible_request};
use super::runs::result_of;
use crate::domain::access::{Principal, require};
use crate::domain::matchmaking::{MeetingOutcome, MeetingRequestStatus, check_rating};
use crate::error::{AppError, AppResult};
use crate::store::matchmaking as requests_store;
use crate::store::meeting_outcomes::{self as store, OutcomeData, OutcomeRow};
use crate::store::{Db, DbConn};

/// One side's record as the caller may read it: the note only for that side's own people.
#[derive(Debug, Clone)]
pub struct SideOutcome {
    pub row: OutcomeRow,
    /// Whether the caller speaks for this side (and so reads its note).
    pub own: bool,
}

/// What a side records.
#[derive(Debug, Clone)]
pub struct OutcomeInput {
    pub outcome: MeetingOutcome,
    pub rating: Option<i32>,
    pub note: String,
}

/// Which side `registration_id` is of the request, and whether the caller speaks for it.
fn side_of(
    row: &requests_store::RequestRow,
    sides: crate::domain::matchmaking::Sides,
    registration_id: Uuid,
) -> AppResult<bool> {
    if registration_id == row.requester_registration_id {
        Ok(sides.requester)
    } else if registration_id == row.recipient_registration_id {
        Ok(sides.recipient)
    } else {
        Err(AppError::invalid(
            "registration_id",
            format!("is neither side of meeting request {}", row.id),
        ))
    }
}

/// 409 unless the meeting is in the event's published schedule and its slot has begun.
fn check_held(conn: &mut DbConn, event_id: Uuid, request_id: Uuid) -> AppResult<()> {
    let run = requests_store::published_run(conn, event_id)?
        .ok_or_else(|| AppError::conflict("the event has no published schedule yet"))?;
    let meeting = result_of(&run)?
        .meetings
        .into_iter()
        .find(|m| m.meeting_request_id == request_id)
        .ok_or_else(|| AppError::conflict("the meeting is not in the published schedule"))?;
    if meeting.starts_at > Utc::now() {
        return Err(AppError::conflict(format!(
            "the meeting has not begun: it starts at {}",
            meeting.starts_at.to_rfc3339()
        )));
    }
    Ok(())
}

/// Records (or changes) what one side says of a scheduled meeting that has begun: that
/// company's editors (and its cluster's managers). The same values again change nothing.
/// The flag tells whether the record is new.
pub async fn put(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    request_id: Uuid,
    registration_id: Uuid,
    input: OutcomeInput,
) -> AppResult<(SideOutcome, bool)> {
    db.write(move |conn| {
        let (row, _, sides) = locked_request(conn, &caller, event_id, request_id)?;
        let own = side_of(&row, sides, registration_id)?;
        require(own, "record the outcome for this company")?;
        if row.status != MeetingRequestStatus::Accepted {
            return Err(AppError::conflict(format!(
                "only accepted meetings have an outcome; this one is {}",
                row.status.as_str()
            )));
        }
        check_rating(input.outcome, input.rating).map_err(|e| AppError::invalid("rating", e))?;
        check_held(conn, event_id, request_id)?;
        let data = OutcomeData {
            outcome: input.outcome,
            rating: input.rating,
            note: input.note.trim().to_owned(),
        };
        let current = store::of_request(conn, request_id)?
            .into_iter()
            .find(|o| o.registration_id == registration_id);
        if let Some(current) = current
            .filter(|c| c.outcome == data.outcome && c.rating == data.rating && c.note == data.note)
        {
            return Ok((SideOutcome { row: current, own }, false));
        }
        let (saved, created) = store::put(
            conn,
            event_id,
            request_id,
            registration_id,
            &data,
            Some(caller.user_id),
        )?;
        Ok((SideOutcome { row: saved, own }, created))
    })
    .await
}

/// The records of a meeting: each side reads its own whole; the host's organisers read both
/// sides' outcome and rating, never a note; a side does not read the other side's record.
pub async fn list(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    request_id: Uuid,
) -> AppResult<Vec<SideOutcome>> {
    db.run(move |conn| {
        let (row, _, sides) = visible_request(conn, &caller, event_id, request_id)?;
        Ok(store::of_request(conn, request_id)?
            .into_iter()
            .filter_map(|o| {
                let own = side_of(&row, sides, o.registration_id).unwrap_or(false);
                (own || sides.organiser).then_some(SideOutcome { row: o, own })
            })
            .collect())
    })
    .await
}

/// Sets (or with `None` removes) the video link of an online meeting: either company or the
/// host. The same link again changes nothing.
pub async fn set_video_link(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    request_id: Uuid,
    url: Option<String>,
) -> AppResult<RequestAndSlots> {
    db.write(move |conn| {
        let (mut row, _, sides) = locked_request(conn, &caller, event_id, request_id)?;
        require(
            sides.requester || sides.recipient || sides.organiser,
            "set this meeting's video link",
        )?;
        if !matches!(
            row.status,
            MeetingRequestStatus::Pending | MeetingRequestStatus::Accepted
        ) {
            return Err(AppError::conflict(format!(
                "video links are for pending or accepted meetings; this one is {}",
                row.status.as_str()
            )));
        }
        if row.video_url != url {
            row.video_url = url;
            row = requests_store::update_request(conn, &row)?;
            requests_store::announce_request(conn, &row)?;
        }
        answer(conn, &caller, event_id, row)
    })
    .await
}
