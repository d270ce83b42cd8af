//! Matchmaking storage: an event's settings and meeting sessions, 1:1 meeting requests,
//! blocked slots and schedule runs.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::{
    blocked_slots, contacts, event_matchmaking, meeting_request_attendees, meeting_requests,
    meeting_sessions, registrations, schedule_runs,
};
use super::{DbConn, new_uuid, now};
use crate::domain::matchmaking::MeetingRequestStatus;
use crate::store::{Error, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = event_matchmaking)]
pub struct SettingsRow {
    pub event_id: Uuid,
    pub auto_accept: bool,
    pub tables: i32,
    pub updated_at: NaiveDateTime,
}

pub fn settings(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Option<SettingsRow>> {
    Ok(event_matchmaking::table
        .find(event_id.to_string())
        .select(SettingsRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn put_settings(
    conn: &mut DbConn,
    event_id: Uuid,
    auto_accept: bool,
    tables: i32,
) -> StoreResult<SettingsRow> {
    let key = event_id.to_string();
    let updated = diesel::update(event_matchmaking::table.find(&key))
        .set((
            event_matchmaking::auto_accept.eq(auto_accept),
            event_matchmaking::tables.eq(tables),
            event_matchmaking::updated_at.eq(now()),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(event_matchmaking::table)
            .values((
                event_matchmaking::event_id.eq(&key),
                event_matchmaking::auto_accept.eq(auto_accept),
                event_matchmaking::tables.eq(tables),
                event_matchmaking::updated_at.eq(now()),
            ))
            .execute(conn)?;
    }
    settings(conn, event_id)?.ok_or_else(|| Error::internal("settings vanished"))
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meeting_sessions)]
pub struct SessionRow {
    pub id: Uuid,
    pub event_id: Uuid,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub slot_minutes: i32,
    pub breaks: String,
    pub max_meetings_per_participant: Option<i32>,
    pub created_at: NaiveDateTime,
}

pub struct NewSession {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub slot_minutes: i32,
    pub breaks: String,
    pub max_meetings_per_participant: Option<i32>,
}

/// The event's sessions in time order.
pub fn sessions(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Vec<SessionRow>> {
    Ok(meeting_sessions::table
        .filter(meeting_sessions::event_id.eq(event_id.to_string()))
        .order((
            meeting_sessions::starts_at.asc(),
            meeting_sessions::id.asc(),
        ))
        .select(SessionRow::as_select())
        .load(conn)?)
}

pub fn insert_session(
    conn: &mut DbConn,
    event_id: Uuid,
    new: &NewSession,
) -> StoreResult<SessionRow> {
    let id = new_uuid();
    diesel::insert_into(meeting_sessions::table)
        .values((
            meeting_sessions::id.eq(id.to_string()),
            meeting_sessions::event_id.eq(event_id.to_string()),
            meeting_sessions::starts_at.eq(new.starts_at),
            meeting_sessions::ends_at.eq(new.ends_at),
            meeting_sessions::slot_minutes.eq(new.slot_minutes),
            meeting_sessions::breaks.eq(&new.breaks),
            meeting_sessions::max_meetings_per_participant.eq(new.max_meetings_per_participant),
            meeting_sessions::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(meeting_sessions::table
        .find(id.to_string())
        .select(SessionRow::as_select())
        .first(conn)?)
}

pub fn delete_session(conn: &mut DbConn, event_id: Uuid, id: Uuid) -> StoreResult<()> {
    let n = diesel::delete(
        meeting_sessions::table
            .find(id.to_string())
            .filter(meeting_sessions::event_id.eq(event_id.to_string())),
    )
    .execute(conn)?;
    if n == 0 {
        return Err(Error::NotFound(format!(
            "event {event_id} has no meeting session {id}"
        )));
    }
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meeting_requests)]
pub struct RequestRow {
    pub id: Uuid,
    pub event_id: Uuid,
    pub requester_registration_id: Uuid,
    pub recipient_registration_id: Uuid,
    pub pair_key: String,
    pub mutual: bool,
    pub status: MeetingRequestStatus,
    pub message: String,
    pub locked_starts_at: Option<NaiveDateTime>,
    pub locked_table: Option<i32>,
    pub created_by: Option<Uuid>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Where an online meeting takes place.
    pub video_url: Option<String>,
}

/// The two registrations in a fixed order: the same key whoever asks whom.
pub fn pair_key(x: Uuid, y: Uuid) -> String {
    let (a, b) = if x < y { (x, y) } else { (y, x) };
    format!("{a}:{b}")
}

pub fn get_request(conn: &mut DbConn, event_id: Uuid, id: Uuid) -> StoreResult<RequestRow> {
    meeting_requests::table
        .find(id.to_string())
        .filter(meeting_requests::event_id.eq(event_id.to_string()))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("event {event_id} has no meeting request {id}")))
}

/// The pending or accepted request between two registrations, whoever asked.
pub fn open_request(
    conn: &mut DbConn,
    event_id: Uuid,
    key: &str,
) -> StoreResult<Option<RequestRow>> {
    Ok(meeting_requests::table
        .filter(meeting_requests::event_id.eq(event_id.to_string()))
        .filter(meeting_requests::pair_key.eq(key))
        .filter(meeting_requests::status.eq_any([
            MeetingRequestStatus::Pending,
            MeetingRequestStatus::Accepted,
        ]))
        .select(RequestRow::as_select())
        .first(conn)
        .optional()?)
}

pub struct NewRequest<'a> {
    pub event_id: Uuid,
    pub requester: Uuid,
    pub recipient: Uuid,
    pub status: MeetingRequestStatus,
    pub message: &'a str,
    pub created_by: Option<Uuid>,
}

pub fn insert_request(conn: &mut DbConn, new: &NewRequest<'_>) -> StoreResult<RequestRow> {
    let id = new_uuid();
    let at = now();
    diesel::insert_into(meeting_requests::table)
        .values((
            meeting_requests::id.eq(id.to_string()),
            meeting_requests::event_id.eq(new.event_id.to_string()),
            meeting_requests::requester_registration_id.eq(new.requester.to_string()),
            meeting_requests::recipient_registration_id.eq(new.recipient.to_string()),
            meeting_requests::pair_key.eq(pair_key(new.requester, new.recipient)),
            meeting_requests::mutual.eq(false),
            meeting_requests::status.eq(new.status),
            meeting_requests::message.eq(new.message),
            meeting_requests::created_by.eq(new.created_by.map(|u| u.to_string())),
            meeting_requests::created_at.eq(at),
            meeting_requests::updated_at.eq(at),
        ))
        .execute(conn)?;
    super::feed::record_one(
        conn,
        super::feed::MEETING_REQUEST,
        id,
        Some(new.event_id),
        None,
        false,
    )?;
    Ok(meeting_requests::table
        .find(id.to_string())
        .select(RequestRow::as_select())
        .first(conn)?)
}

/// Writes status, mutual flag and lock of `row` (version-checked).
pub fn update_request(conn: &mut DbConn, row: &RequestRow) -> StoreResult<RequestRow> {
    let n = diesel::update(
        meeting_requests::table
            .find(row.id.to_string())
            .filter(meeting_requests::version.eq(row.version)),
    )
    .set((
        meeting_requests::status.eq(row.status),
        meeting_requests::mutual.eq(row.mutual),
        meeting_requests::locked_starts_at.eq(row.locked_starts_at),
        meeting_requests::locked_table.eq(row.locked_table),
        meeting_requests::video_url.eq(&row.video_url),
        meeting_requests::version.eq(row.version + 1),
        meeting_requests::updated_at.eq(now()),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(super::changed_meanwhile("meeting request"));
    }
    super::feed::record_one(
        conn,
        super::feed::MEETING_REQUEST,
        row.id,
        Some(row.event_id),
        None,
        false,
    )?;
    Ok(meeting_requests::table
        .find(row.id.to_string())
        .select(RequestRow::as_select())
        .first(conn)?)
}

/// The video links of an event's online meetings, by meeting request.
pub fn video_links(
    conn: &mut DbConn,
    event_id: Uuid,
) -> StoreResult<std::collections::HashMap<Uuid, String>> {
    let rows: Vec<(Uuid, Option<String>)> = meeting_requests::table
        .filter(meeting_requests::event_id.eq(event_id.to_string()))
        .filter(meeting_requests::video_url.is_not_null())
        .select((meeting_requests::id, meeting_requests::video_url))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, url)| url.map(|u| (id, u)))
        .collect())
}

/// An attendee named for one side of a meeting request, with what the contact rule needs
/// (their company, its cluster, their consent).
#[derive(Debug, Clone, Queryable)]
pub struct RequestAttendee {
    pub request_id: Uuid,
    pub registration_id: Uuid,
    pub contact_id: Uuid,
    pub member_id: Uuid,
    pub cluster_id: Uuid,
    pub share_consent: bool,
}

/// The attendees named on the given requests, in request and contact order.
pub fn request_attendees(
    conn: &mut DbConn,
    request_ids: &[String],
) -> StoreResult<Vec<RequestAttendee>> {
    Ok(meeting_request_attendees::table
        .inner_join(contacts::table)
        .inner_join(registrations::table)
        .filter(meeting_request_attendees::request_id.eq_any(request_ids))
        .order((
            meeting_request_attendees::request_id.asc(),
            meeting_request_attendees::contact_id.asc(),
        ))
        .select((
            meeting_request_attendees::request_id,
            meeting_request_attendees::registration_id,
            meeting_request_attendees::contact_id,
            contacts::member_id,
            registrations::cluster_id,
            contacts::share_consent,
        ))
        .load(conn)?)
}

/// Names the attendees of side `registration_id` of a request (none: all of the
/// registration's attendees), and counts it as a change of the request (version, feed).
pub fn set_request_attendees(
    conn: &mut DbConn,
    row: &RequestRow,
    registration_id: Uuid,
    contacts: &[Uuid],
) -> StoreResult<RequestRow> {
    let request_id = row.id.to_string();
    let registration = registration_id.to_string();
    diesel::delete(
        meeting_request_attendees::table
            .filter(meeting_request_attendees::request_id.eq(&request_id))
            .filter(meeting_request_attendees::registration_id.eq(&registration)),
    )
    .execute(conn)?;
    for contact in contacts {
        diesel::insert_into(meeting_request_attendees::table)
            .values((
                meeting_request_attendees::request_id.eq(&request_id),
                meeting_request_attendees::registration_id.eq(&registration),
                meeting_request_attendees::contact_id.eq(contact.to_string()),
            ))
            .execute(conn)?;
    }
    update_request(conn, row)
}

/// Forgets the meetings named for people who no longer attend with `registration_id`
/// (called when its attendee list changes), so that a side never names a stranger. Each
/// request that loses a name changes (version, change feed, webhook): a side left with no
/// one named goes back to all of its attendees, and readers must learn it.
pub fn prune_request_attendees(
    conn: &mut DbConn,
    registration_id: Uuid,
    attendees: &[Uuid],
) -> StoreResult<()> {
    let keep: Vec<String> = attendees.iter().map(Uuid::to_string).collect();
    let leaving = || {
        meeting_request_attendees::table
            .filter(meeting_request_attendees::registration_id.eq(registration_id.to_string()))
            .filter(meeting_request_attendees::contact_id.ne_all(keep.clone()))
    };
    let mut touched: Vec<String> = leaving()
        .select(meeting_request_attendees::request_id)
        .load(conn)?;
    if touched.is_empty() {
        return Ok(());
    }
    touched.sort();
    touched.dedup();
    diesel::delete(leaving()).execute(conn)?;
    for id in touched {
        let row: RequestRow = meeting_requests::table
            .find(&id)
            .select(RequestRow::as_select())
            .first(conn)?;
        let row = update_request(conn, &row)?;
        announce_request(conn, &row)?;
    }
    Ok(())
}

#[derive(Debug, Default)]
pub struct RequestFilter {
    /// Only requests touching these registrations (what an attendee may see).
    pub registrations: Option<Vec<Uuid>>,
    pub status: Option<MeetingRequestStatus>,
}

pub fn list_requests(
    conn: &mut DbConn,
    event_id: Uuid,
    f: &RequestFilter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<RequestRow>> {
    let mut query = meeting_requests::table
        .filter(meeting_requests::event_id.eq(event_id.to_string()))
        .select(RequestRow::as_select())
        .into_boxed();
    if let Some(ids) = &f.registrations {
        let ids: Vec<String> = ids.iter().map(Uuid::to_string).collect();
        query = query.filter(
            meeting_requests::requester_registration_id
                .eq_any(ids.clone())
                .or(meeting_requests::recipient_registration_id.eq_any(ids.clone())),
        );
    }
    if let Some(status) = f.status {
        query = query.filter(meeting_requests::status.eq(status));
    }
    if let Some(after) = after {
        query = query.filter(meeting_requests::id.gt(after.to_owned()));
    }
    Ok(query
        .order(meeting_requests::id.asc())
        .limit(limit)
        .load(conn)?)
}

/// Accepted requests whose two registrations are still active, in id order.
pub fn schedulable_requests(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Vec<RequestRow>> {
    let active: Vec<Uuid> = registrations::table
        .filter(registrations::event_id.eq(event_id.to_string()))
        .filter(registrations::status.eq(super::registrations::ACTIVE))
        .select(registrations::id)
        .load(conn)?;
    let active: std::collections::HashSet<Uuid> = active.into_iter().collect();
    let rows: Vec<RequestRow> = meeting_requests::table
        .filter(meeting_requests::event_id.eq(event_id.to_string()))
        .filter(meeting_requests::status.eq(MeetingRequestStatus::Accepted))
        .order(meeting_requests::id.asc())
        .select(RequestRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|r| {
            active.contains(&r.requester_registration_id)
                && active.contains(&r.recipient_registration_id)
        })
        .collect())
}

pub fn blocked_of(conn: &mut DbConn, registration_id: Uuid) -> StoreResult<Vec<NaiveDateTime>> {
    Ok(blocked_slots::table
        .filter(blocked_slots::registration_id.eq(registration_id.to_string()))
        .order(blocked_slots::starts_at.asc())
        .select(blocked_slots::starts_at)
        .load(conn)?)
}

/// Every blocked slot of the event's registrations: `(registration id, slot start)`.
pub fn blocked_of_event(
    conn: &mut DbConn,
    event_id: Uuid,
) -> StoreResult<Vec<(Uuid, NaiveDateTime)>> {
    Ok(blocked_slots::table
        .inner_join(registrations::table.on(registrations::id.eq(blocked_slots::registration_id)))
        .filter(registrations::event_id.eq(event_id.to_string()))
        .select((blocked_slots::registration_id, blocked_slots::starts_at))
        .load(conn)?)
}

pub fn replace_blocked(
    conn: &mut DbConn,
    registration_id: Uuid,
    starts: &[NaiveDateTime],
) -> StoreResult<()> {
    let key = registration_id.to_string();
    diesel::delete(blocked_slots::table.filter(blocked_slots::registration_id.eq(&key)))
        .execute(conn)?;
    let rows: Vec<_> = starts
        .iter()
        .map(|s| {
            (
                blocked_slots::registration_id.eq(&key),
                blocked_slots::starts_at.eq(*s),
            )
        })
        .collect();
    // The multi-backend connection cannot take a multi-row VALUES: use the concrete one.
    for chunk in rows.chunks(400) {
        match conn {
            DbConn::Pg(c) => diesel::insert_into(blocked_slots::table)
                .values(chunk)
                .execute(c)?,
            DbConn::Sqlite(c) => diesel::insert_into(blocked_slots::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = schedule_runs)]
pub struct RunRow {
    pub id: Uuid,
    pub event_id: Uuid,
    pub status: String,
    pub slot_count: i32,
    pub tables: i32,
    pub result: String,
    pub created_by: Option<Uuid>,
    pub created_at: NaiveDateTime,
    pub published_at: Option<NaiveDateTime>,
}

pub fn insert_run(
    conn: &mut DbConn,
    event_id: Uuid,
    slot_count: i32,
    tables: i32,
    result: &str,
    created_by: Option<Uuid>,
) -> StoreResult<RunRow> {
    let id = new_uuid();
    diesel::insert_into(schedule_runs::table)
        .values((
            schedule_runs::id.eq(id.to_string()),
            schedule_runs::event_id.eq(event_id.to_string()),
            schedule_runs::status.eq("preview"),
            schedule_runs::slot_count.eq(slot_count),
            schedule_runs::tables.eq(tables),
            schedule_runs::result.eq(result),
            schedule_runs::created_by.eq(created_by.map(|u| u.to_string())),
            schedule_runs::created_at.eq(now()),
        ))
        .execute(conn)?;
    get_run(conn, event_id, id)
}

pub fn get_run(conn: &mut DbConn, event_id: Uuid, id: Uuid) -> StoreResult<RunRow> {
    schedule_runs::table
        .find(id.to_string())
        .filter(schedule_runs::event_id.eq(event_id.to_string()))
        .select(RunRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("event {event_id} has no schedule run {id}")))
}

/// Runs of an event, newest first.
pub fn list_runs(
    conn: &mut DbConn,
    event_id: Uuid,
    before: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<RunRow>> {
    let mut query = schedule_runs::table
        .filter(schedule_runs::event_id.eq(event_id.to_string()))
        .select(RunRow::as_select())
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(schedule_runs::id.lt(before.to_owned()));
    }
    Ok(query
        .order(schedule_runs::id.desc())
        .limit(limit)
        .load(conn)?)
}

/// Publishes `run`; the run published before it becomes `superseded`.
pub fn publish_run(conn: &mut DbConn, run: &RunRow) -> StoreResult<RunRow> {
    diesel::update(
        schedule_runs::table
            .filter(schedule_runs::event_id.eq(run.event_id.to_string()))
            .filter(schedule_runs::status.eq("published")),
    )
    .set(schedule_runs::status.eq("superseded"))
    .execute(conn)?;
    diesel::update(schedule_runs::table.find(run.id.to_string()))
        .set((
            schedule_runs::status.eq("published"),
            schedule_runs::published_at.eq(now()),
        ))
        .execute(conn)?;
    Ok(schedule_runs::table
        .find(run.id.to_string())
        .select(RunRow::as_select())
        .first(conn)?)
}

pub fn published_run(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Option<RunRow>> {
    Ok(schedule_runs::table
        .filter(schedule_runs::event_id.eq(event_id.to_string()))
        .filter(schedule_runs::status.eq("published"))
        .select(RunRow::as_select())
        .first(conn)
        .optional()?)
}

/// Tells the webhooks of both companies' clusters that a meeting request was made or changed
/// (thin payload: ids and status; receivers fetch the rest with their own rights).
pub fn announce_request(conn: &mut DbConn, row: &RequestRow) -> StoreResult<()> {
    let clusters: Vec<String> = registrations::table
        .filter(registrations::id.eq_any([
            row.requester_registration_id.to_string(),
            row.recipient_registration_id.to_string(),
        ]))
        .select(registrations::cluster_id)
        .load(conn)?;
    super::outbox::emit(
        conn,
        "meeting_request.changed",
        &[(
            clusters,
            serde_json::json!({
                "event_id": row.event_id,
                "meeting_request_id": row.id,
                "requester_registration_id": row.requester_registration_id,
                "recipient_registration_id": row.recipient_registration_id,
                "status": row.status,
                "mutual": row.mutual,
            }),
        )],
    )
}

/// Tells the webhooks of the event's clusters that a schedule was published.
pub fn announce_published(
    conn: &mut DbConn,
    run: &RunRow,
    clusters: Vec<String>,
) -> StoreResult<()> {
    super::outbox::emit(
        conn,
        "schedule.published",
        &[(
            clusters,
            serde_json::json!({"event_id": run.event_id, "schedule_run_id": run.id}),
        )],
    )
}
