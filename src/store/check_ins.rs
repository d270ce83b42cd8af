//! Check-in codes (one per attendee and event) and check-ins (who arrived, when).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::contacts::ContactRow;
use super::registrations::{ACTIVE, RegistrationRow};
use super::schema::{check_in_codes, check_ins, contacts, registration_attendees, registrations};
use super::{DbConn, StoreResult, new_uuid, now};
use crate::store::Error;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = check_ins)]
pub struct CheckInRow {
    pub id: Uuid,
    pub event_id: Uuid,
    pub contact_id: Uuid,
    pub registration_id: Uuid,
    pub scanned_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub checked_in_by_user: Option<Uuid>,
    pub checked_in_by_key: Option<Uuid>,
}

/// Gives each of `contacts` a code for `event_id` unless they have one (codes are stable:
/// an existing one is never replaced).
pub fn ensure_codes(conn: &mut DbConn, event_id: Uuid, contacts: &[Uuid]) -> StoreResult<()> {
    if contacts.is_empty() {
        return Ok(());
    }
    let wanted: Vec<String> = contacts.iter().map(Uuid::to_string).collect();
    let have: HashSet<Uuid> = check_in_codes::table
        .filter(check_in_codes::event_id.eq(event_id.to_string()))
        .filter(check_in_codes::contact_id.eq_any(&wanted))
        .select(check_in_codes::contact_id)
        .load::<Uuid>(conn)?
        .into_iter()
        .collect();
    let at = now();
    for contact in contacts.iter().filter(|c| !have.contains(c)) {
        diesel::insert_into(check_in_codes::table)
            .values((
                check_in_codes::code.eq(crate::domain::check_in::new_code()),
                check_in_codes::event_id.eq(event_id.to_string()),
                check_in_codes::contact_id.eq(contact.to_string()),
                check_in_codes::created_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Codes for every attendee of the event's active registrations: those added before codes
/// existed get theirs here (in the caller's write transaction).
pub fn ensure_event_codes(conn: &mut DbConn, event_id: Uuid) -> StoreResult<()> {
    let attendees: Vec<Uuid> = registration_attendees::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id.to_string()))
        .filter(registrations::status.eq(ACTIVE))
        .select(registration_attendees::contact_id)
        .load(conn)?;
    ensure_codes(conn, event_id, &attendees)
}

/// The codes of an event's people: contact id → code.
pub fn codes_of_event(conn: &mut DbConn, event_id: Uuid) -> StoreResult<HashMap<Uuid, String>> {
    Ok(check_in_codes::table
        .filter(check_in_codes::event_id.eq(event_id.to_string()))
        .select((check_in_codes::contact_id, check_in_codes::code))
        .load::<(Uuid, String)>(conn)?
        .into_iter()
        .collect())
}

/// Whose code `code` is at `event_id`: the contact id, if any.
pub fn contact_of_code(conn: &mut DbConn, event_id: Uuid, code: &str) -> StoreResult<Option<Uuid>> {
    Ok(check_in_codes::table
        .find(code)
        .filter(check_in_codes::event_id.eq(event_id.to_string()))
        .select(check_in_codes::contact_id)
        .first(conn)
        .optional()?)
}

/// The registrations of `event_id` that list `contact_id` as an attendee, active first.
pub fn registrations_attended(
    conn: &mut DbConn,
    event_id: Uuid,
    contact_id: Uuid,
) -> StoreResult<Vec<RegistrationRow>> {
    let mut rows: Vec<RegistrationRow> = registration_attendees::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id.to_string()))
        .filter(registration_attendees::contact_id.eq(contact_id.to_string()))
        .select(RegistrationRow::as_select())
        .order(registrations::id.asc())
        .load(conn)?;
    rows.sort_by_key(|r| !r.is_active());
    Ok(rows)
}

/// The check-in of a person at an event, if they are checked in.
pub fn of_contact(
    conn: &mut DbConn,
    event_id: Uuid,
    contact_id: Uuid,
) -> StoreResult<Option<CheckInRow>> {
    Ok(check_ins::table
        .filter(check_ins::event_id.eq(event_id.to_string()))
        .filter(check_ins::contact_id.eq(contact_id.to_string()))
        .select(CheckInRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn get(conn: &mut DbConn, event_id: Uuid, id: Uuid) -> StoreResult<CheckInRow> {
    check_ins::table
        .find(id.to_string())
        .filter(check_ins::event_id.eq(event_id.to_string()))
        .select(CheckInRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("event {event_id} has no check-in {id}")))
}

pub struct NewCheckIn {
    pub event_id: Uuid,
    pub contact_id: Uuid,
    pub registration_id: Uuid,
    pub scanned_at: NaiveDateTime,
    pub by_user: Option<Uuid>,
    pub by_key: Option<Uuid>,
}

pub fn insert(conn: &mut DbConn, new: &NewCheckIn) -> StoreResult<CheckInRow> {
    let id = new_uuid();
    diesel::insert_into(check_ins::table)
        .values((
            check_ins::id.eq(id.to_string()),
            check_ins::event_id.eq(new.event_id.to_string()),
            check_ins::contact_id.eq(new.contact_id.to_string()),
            check_ins::registration_id.eq(new.registration_id.to_string()),
            check_ins::scanned_at.eq(new.scanned_at),
            check_ins::created_at.eq(now()),
            check_ins::checked_in_by_user.eq(new.by_user.map(|u| u.to_string())),
            check_ins::checked_in_by_key.eq(new.by_key.map(|k| k.to_string())),
        ))
        .execute(conn)?;
    get(conn, new.event_id, id)
}

/// Moves the scan time of a check-in (to an earlier scan of the same person).
pub fn set_scanned_at(
    conn: &mut DbConn,
    row: &CheckInRow,
    scanned_at: NaiveDateTime,
) -> StoreResult<CheckInRow> {
    diesel::update(check_ins::table.find(row.id.to_string()))
        .set(check_ins::scanned_at.eq(scanned_at))
        .execute(conn)?;
    get(conn, row.event_id, row.id)
}

/// Undoes a check-in.
pub fn delete(conn: &mut DbConn, row: &CheckInRow) -> StoreResult<()> {
    diesel::delete(check_ins::table.find(row.id.to_string())).execute(conn)?;
    Ok(())
}

/// A page of an event's check-ins, in the order they were recorded (ids are time-ordered).
pub fn list(
    conn: &mut DbConn,
    event_id: Uuid,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<CheckInRow>> {
    let mut query = check_ins::table
        .filter(check_ins::event_id.eq(event_id.to_string()))
        .select(CheckInRow::as_select())
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(check_ins::id.gt(after.to_owned()));
    }
    Ok(query.order(check_ins::id.asc()).limit(limit).load(conn)?)
}

/// The registrations of an event with at least one person checked in.
pub fn registrations_present(conn: &mut DbConn, event_id: Uuid) -> StoreResult<HashSet<Uuid>> {
    Ok(check_ins::table
        .filter(check_ins::event_id.eq(event_id.to_string()))
        .select(check_ins::registration_id)
        .distinct()
        .load::<Uuid>(conn)?
        .into_iter()
        .collect())
}

/// The people of these registrations who were checked in.
pub fn checked_in_of(conn: &mut DbConn, registration_ids: &[String]) -> StoreResult<HashSet<Uuid>> {
    Ok(check_ins::table
        .filter(check_ins::registration_id.eq_any(registration_ids))
        .select(check_ins::contact_id)
        .load::<Uuid>(conn)?
        .into_iter()
        .collect())
}

/// Per cluster, for active registrations: companies with at least one person checked in,
/// and people checked in.
pub fn counts_per_cluster(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Vec<(Uuid, i64, i64)>> {
    use diesel::dsl::count_star;
    Ok(check_ins::table
        .inner_join(registrations::table)
        .filter(check_ins::event_id.eq(event_id.to_string()))
        .filter(registrations::status.eq(ACTIVE))
        .group_by(registrations::cluster_id)
        .select((
            registrations::cluster_id,
            diesel::dsl::count(check_ins::registration_id).aggregate_distinct(),
            count_star(),
        ))
        .load(conn)?)
}

/// Count and latest of an event's check-ins: changes whenever someone is checked in or
/// out (what catalogue exports show of them), for their fingerprints.
pub fn fingerprint(conn: &mut DbConn, event_id: Uuid) -> StoreResult<String> {
    use diesel::dsl::{count_star, max};
    let (n, last): (i64, Option<NaiveDateTime>) = check_ins::table
        .filter(check_ins::event_id.eq(event_id.to_string()))
        .select((count_star(), max(check_ins::created_at)))
        .first(conn)?;
    Ok(format!("i{n}/{last:?}"))
}

/// The attendees of an event's active registrations with their registrations, in company
/// then person order of ids.
pub fn attendees_of_event(
    conn: &mut DbConn,
    event_id: Uuid,
) -> StoreResult<Vec<(RegistrationRow, ContactRow)>> {
    Ok(registration_attendees::table
        .inner_join(registrations::table)
        .inner_join(contacts::table)
        .filter(registrations::event_id.eq(event_id.to_string()))
        .filter(registrations::status.eq(ACTIVE))
        .order((registrations::id.asc(), contacts::id.asc()))
        .select((RegistrationRow::as_select(), ContactRow::as_select()))
        .load(conn)?)
}
