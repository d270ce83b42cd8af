//! Matchmaking on an event day: the organiser's settings and meeting sessions, 1:1 meeting
//! requests between attendees, blocked slots, schedule runs (preview, publish) and each
//! attendee's personal schedule. The scheduler itself is `domain::schedule`.

pub mod blocked;
pub mod outcomes;
pub mod requests;
pub mod runs;
pub mod schedule;
pub mod sessions;

use uuid::Uuid;

use crate::domain::access::{Principal, require};
use crate::domain::event::EventParties;
use crate::domain::matchmaking::{SessionPlan, Sides, Slot, slots};
use crate::error::{AppError, AppResult};
use crate::store::events::EventRecord;
use crate::store::json::from_json_text;
use crate::store::matchmaking::{self as store, RequestRow, SessionRow};
use crate::store::registrations::{self, RegistrationRow};
use crate::store::{Db, DbConn};

pub use requests::visible_request;

use crate::app::events::visible_event;

/// Tables when the organiser has not said.
const DEFAULT_TABLES: i32 = 20;

/// An event's matchmaking settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Meeting requests are accepted at once instead of waiting for the recipient.
    pub auto_accept: bool,
    /// Meeting tables in the room: at most this many meetings per slot.
    pub tables: i32,
}

pub(crate) fn settings_of(conn: &mut DbConn, event_id: Uuid) -> AppResult<Settings> {
    Ok(match store::settings(conn, event_id)? {
        Some(row) => Settings {
            auto_accept: row.auto_accept,
            tables: row.tables,
        },
        None => Settings {
            auto_accept: false,
            tables: DEFAULT_TABLES,
        },
    })
}

/// The event if the caller may see it, with its parties.
pub(crate) fn event_and_parties(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Uuid,
) -> AppResult<(EventRecord, EventParties)> {
    let event = visible_event(conn, caller, event_id)?;
    let parties = event.parties();
    Ok((event, parties))
}

/// Matchmaking belongs to whoever runs the day (the host and its co-organisers), like the
/// agenda.
pub(crate) fn require_host(caller: &Principal, parties: &EventParties) -> AppResult<()> {
    Ok(require(
        parties.can_run_day(caller),
        "organise matchmaking for this event",
    )?)
}

/// The plan of a stored session.
pub fn plan_of(row: &SessionRow) -> AppResult<SessionPlan> {
    Ok(SessionPlan {
        starts_at: row.starts_at.and_utc(),
        ends_at: row.ends_at.and_utc(),
        slot_minutes: u32::try_from(row.slot_minutes).map_err(AppError::internal)?,
        breaks: from_json_text(&row.breaks)?,
        max_meetings_per_participant: row
            .max_meetings_per_participant
            .and_then(|n| u32::try_from(n).ok()),
    })
}

/// An event's sessions (time order), their plans and the slots they make.
#[derive(Debug, Clone)]
pub struct SessionsAndSlots {
    pub rows: Vec<SessionRow>,
    pub plans: Vec<SessionPlan>,
    pub slots: Vec<Slot>,
}

/// The event's sessions (time order) and their slots.
pub(crate) fn sessions_and_slots(conn: &mut DbConn, event_id: Uuid) -> AppResult<SessionsAndSlots> {
    let rows = store::sessions(conn, event_id)?;
    let plans = rows.iter().map(plan_of).collect::<AppResult<Vec<_>>>()?;
    let all = slots(&plans);
    Ok(SessionsAndSlots {
        rows,
        plans,
        slots: all,
    })
}

/// Which sides of `row` the caller acts for.
fn sides_of(
    conn: &mut DbConn,
    caller: &Principal,
    parties: &EventParties,
    event_id: Uuid,
    row: &RequestRow,
) -> AppResult<Sides> {
    let requester = registrations::get(conn, event_id, row.requester_registration_id)?;
    let recipient = registrations::get(conn, event_id, row.recipient_registration_id)?;
    Ok(Sides {
        requester: edits(caller, &requester)?,
        recipient: edits(caller, &recipient)?,
        // Acting for a company is for its own people and the host: a guest cluster's managers
        // see every request of the day but do not decide on another cluster's meetings.
        organiser: parties.can_edit(caller),
    })
}

fn edits(caller: &Principal, r: &RegistrationRow) -> AppResult<bool> {
    Ok(caller.can_edit_member(r.cluster_id, r.member_id))
}

/// The registration if the caller edits its company or organises the event (reading), or
/// edits its company or hosts the event (changing: a guest cluster's managers do not change
/// another cluster's companies).
fn own_registration(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Uuid,
    registration_id: Uuid,
    change: bool,
) -> AppResult<(RegistrationRow, EventRecord)> {
    let (event, parties) = event_and_parties(conn, caller, event_id)?;
    let row = registrations::get(conn, event_id, registration_id)?;
    let as_organiser = if change {
        parties.can_edit(caller)
    } else {
        parties.is_organiser(caller)
    };
    if edits(caller, &row)? || as_organiser {
        Ok((row, event))
    } else if parties.is_organiser(caller) {
        Err(AppError::Forbidden(
            "only the company and the host change its meeting slots".into(),
        ))
    } else {
        Err(AppError::NotFound(format!(
            "event {event_id} has no registration {registration_id}"
        )))
    }
}

// ---------------------------------------------------------------- settings

/// The event's matchmaking settings (defaults until the host sets them).
pub async fn get_settings(db: &Db, caller: Principal, event_id: Uuid) -> AppResult<Settings> {
    db.run(move |conn| {
        visible_event(conn, &caller, event_id)?;
        settings_of(conn, event_id)
    })
    .await
}

/// Sets whether requests need acceptance and how many tables there are (host managers).
pub async fn put_settings(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    wanted: Settings,
) -> AppResult<Settings> {
    db.write(move |conn| {
        // Serialises concurrent first PUTs (update-or-insert) on PostgreSQL.
        crate::store::lock_for_update(conn, crate::store::Locked::Events, &event_id.to_string())?;
        let (_, parties) = event_and_parties(conn, &caller, event_id)?;
        require_host(&caller, &parties)?;
        let row = store::put_settings(conn, event_id, wanted.auto_accept, wanted.tables)?;
        Ok(Settings {
            auto_accept: row.auto_accept,
            tables: row.tables,
        })
    })
    .await
}
