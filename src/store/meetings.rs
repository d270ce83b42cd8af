//! Follow-up meetings of accepted partnership requests.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::contacts::ContactRow;
use super::schema::{contacts, meeting_participants as participants, meetings};
use super::{DbConn, new_uuid, now};
use crate::domain::partnership::MeetingStatus;
use crate::store::{Error, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meetings)]
pub struct MeetingRow {
    pub id: Uuid,
    pub request_id: Uuid,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub time_zone: String,
    pub location: String,
    pub online_url: Option<String>,
    pub notes: String,
    pub status: MeetingStatus,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = meetings, treat_none_as_null = true)]
pub struct MeetingData {
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub time_zone: String,
    pub location: String,
    pub online_url: Option<String>,
    pub notes: String,
    pub status: MeetingStatus,
}

impl MeetingRow {
    pub fn data(&self) -> MeetingData {
        MeetingData {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            time_zone: self.time_zone.clone(),
            location: self.location.clone(),
            online_url: self.online_url.clone(),
            notes: self.notes.clone(),
            status: self.status,
        }
    }
}

pub fn get(conn: &mut DbConn, request_id: Uuid, id: Uuid) -> StoreResult<MeetingRow> {
    meetings::table
        .find(id.to_string())
        .filter(meetings::request_id.eq(request_id.to_string()))
        .select(MeetingRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("request {request_id} has no meeting {id}")))
}

pub fn list(
    conn: &mut DbConn,
    request_id: Uuid,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<MeetingRow>> {
    let mut query = meetings::table
        .filter(meetings::request_id.eq(request_id.to_string()))
        .select(MeetingRow::as_select())
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(meetings::id.gt(after.to_owned()));
    }
    Ok(query.order(meetings::id.asc()).limit(limit).load(conn)?)
}

/// Participants of the given meetings: `(meeting id, contact)`.
pub fn participants_of(
    conn: &mut DbConn,
    meeting_ids: &[String],
) -> StoreResult<Vec<(Uuid, ContactRow)>> {
    Ok(participants::table
        .inner_join(contacts::table)
        .filter(participants::meeting_id.eq_any(meeting_ids))
        .order(contacts::id.asc())
        .select((participants::meeting_id, ContactRow::as_select()))
        .load(conn)?)
}

fn set_participants(conn: &mut DbConn, meeting_id: Uuid, contacts: &[Uuid]) -> StoreResult<()> {
    let meeting_id = meeting_id.to_string();
    diesel::delete(participants::table.filter(participants::meeting_id.eq(&meeting_id)))
        .execute(conn)?;
    for contact in contacts {
        diesel::insert_into(participants::table)
            .values((
                participants::meeting_id.eq(&meeting_id),
                participants::contact_id.eq(contact.to_string()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert(
    conn: &mut DbConn,
    request_id: Uuid,
    data: &MeetingData,
    contacts: &[Uuid],
) -> StoreResult<MeetingRow> {
    let at = now();
    let id = new_uuid();
    diesel::insert_into(meetings::table)
        .values((
            meetings::id.eq(id.to_string()),
            meetings::request_id.eq(request_id.to_string()),
            data,
            meetings::version.eq(1),
            meetings::created_at.eq(at),
            meetings::updated_at.eq(at),
        ))
        .execute(conn)?;
    set_participants(conn, id, contacts)?;
    get(conn, request_id, id)
}

pub fn update(
    conn: &mut DbConn,
    current: &MeetingRow,
    data: &MeetingData,
    contacts: &[Uuid],
) -> StoreResult<MeetingRow> {
    // A write that changes nothing keeps the version and `updated_at` (and so the ETag).
    let mut now_listed: Vec<Uuid> = participants::table
        .filter(participants::meeting_id.eq(current.id.to_string()))
        .select(participants::contact_id)
        .load(conn)?;
    now_listed.sort();
    let mut wanted: Vec<Uuid> = contacts.to_vec();
    wanted.sort();
    wanted.dedup();
    if current.data() == *data && now_listed == wanted {
        return Ok(current.clone());
    }
    let changed = diesel::update(
        meetings::table
            .find(current.id.to_string())
            .filter(meetings::version.eq(current.version)),
    )
    .set((
        data,
        meetings::version.eq(current.version + 1),
        meetings::updated_at.eq(now()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(super::changed_meanwhile("meeting"));
    }
    set_participants(conn, current.id, contacts)?;
    get(conn, current.request_id, current.id)
}
