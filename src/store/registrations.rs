//! Registrations of member companies for events, with their attendees and pitch cards.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::contacts::ContactRow;
use super::schema::{contacts, registration_attendees, registrations};
use super::{DbConn, new_uuid, now};
use crate::domain::registration::RegistrationStatus;
use crate::store::{Error, StoreResult};

pub const ACTIVE: RegistrationStatus = RegistrationStatus::Active;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = registrations)]
pub struct RegistrationRow {
    pub id: Uuid,
    pub event_id: Uuid,
    pub member_id: Uuid,
    pub cluster_id: Uuid,
    pub status: RegistrationStatus,
    pub pitch_core_business: String,
    pub pitch_areas_of_interest: String,
    pub pitch_partners_sought: String,
    pub pitch_ongoing_projects: String,
    pub registered_by: Option<Uuid>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub cancelled_at: Option<NaiveDateTime>,
    /// When it joined the waiting list (kept once promoted); the line's order.
    pub waitlisted_at: Option<NaiveDateTime>,
    pub decline_reason: Option<String>,
}

/// The pitch card as stored (tag lists as JSON).
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = registrations)]
pub struct PitchData {
    pub pitch_core_business: String,
    pub pitch_areas_of_interest: String,
    pub pitch_partners_sought: String,
    pub pitch_ongoing_projects: String,
}

impl RegistrationRow {
    pub fn pitch(&self) -> PitchData {
        PitchData {
            pitch_core_business: self.pitch_core_business.clone(),
            pitch_areas_of_interest: self.pitch_areas_of_interest.clone(),
            pitch_partners_sought: self.pitch_partners_sought.clone(),
            pitch_ongoing_projects: self.pitch_ongoing_projects.clone(),
        }
    }

    pub fn is_active(&self) -> bool {
        self.status == ACTIVE
    }

    pub fn is_live(&self) -> bool {
        self.status.is_live()
    }
}

pub fn get(conn: &mut DbConn, event_id: Uuid, id: Uuid) -> StoreResult<RegistrationRow> {
    registrations::table
        .find(id.to_string())
        .filter(registrations::event_id.eq(event_id.to_string()))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("event {event_id} has no registration {id}")))
}

/// The active registration of `member_id` for `event_id`, if any.
pub fn active_of_member(
    conn: &mut DbConn,
    event_id: Uuid,
    member_id: Uuid,
) -> StoreResult<Option<RegistrationRow>> {
    Ok(live_of_member(conn, event_id, member_id)?.filter(RegistrationRow::is_active))
}

/// The live (active, pending or waitlisted) registration of `member_id` for `event_id`, if
/// any: there is at most one.
pub fn live_of_member(
    conn: &mut DbConn,
    event_id: Uuid,
    member_id: Uuid,
) -> StoreResult<Option<RegistrationRow>> {
    Ok(registrations::table
        .filter(registrations::event_id.eq(event_id.to_string()))
        .filter(registrations::member_id.eq(member_id.to_string()))
        .filter(registrations::status.eq_any(RegistrationStatus::LIVE))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Which statuses a listing holds.
#[derive(Debug, Default, Clone)]
pub enum StatusFilter {
    /// Those that take part: `active` (what counts, shows and is scheduled).
    #[default]
    Active,
    /// `active`, `pending` and `waitlisted`.
    Live,
    /// Every status.
    Any,
    Only(Vec<RegistrationStatus>),
}

#[derive(Debug, Default)]
pub struct RegistrationFilter {
    /// Only registrations of these companies (what a member editor may see).
    pub members: Option<Vec<Uuid>>,
    pub cluster_id: Option<Uuid>,
    pub statuses: StatusFilter,
    /// Only registrations changed at or after this time, or whose company or its people
    /// changed since.
    pub updated_since: Option<chrono::NaiveDateTime>,
}

pub fn list(
    conn: &mut DbConn,
    event_id: Uuid,
    f: &RegistrationFilter,
    after: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<RegistrationRow>> {
    let mut query = registrations::table
        .filter(registrations::event_id.eq(event_id.to_string()))
        .select(RegistrationRow::as_select())
        .into_boxed();
    if let Some(members) = &f.members {
        query = query.filter(
            registrations::member_id
                .eq_any(members.iter().map(Uuid::to_string).collect::<Vec<_>>()),
        );
    }
    if let Some(cluster) = f.cluster_id {
        query = query.filter(registrations::cluster_id.eq(cluster.to_string()));
    }
    match &f.statuses {
        StatusFilter::Active => query = query.filter(registrations::status.eq(ACTIVE)),
        StatusFilter::Live => {
            query = query.filter(registrations::status.eq_any(RegistrationStatus::LIVE))
        }
        StatusFilter::Any => {}
        StatusFilter::Only(statuses) => {
            query = query.filter(registrations::status.eq_any(statuses.clone()))
        }
    }
    if let Some(since) = f.updated_since {
        use super::schema::members;
        let changed_companies = members::table
            .filter(
                members::updated_at
                    .ge(since)
                    .or(members::people_changed_at.ge(since)),
            )
            .select(members::id);
        query = query.filter(
            registrations::updated_at
                .ge(since)
                .or(registrations::member_id.eq_any(changed_companies)),
        );
    }
    if let Some(after) = after {
        query = query.filter(registrations::id.gt(after.to_owned()));
    }
    Ok(query
        .order(registrations::id.asc())
        .limit(limit)
        .load(conn)?)
}

/// Attendees of the given registrations: `(registration id, contact)`.
pub fn attendees_of(
    conn: &mut DbConn,
    registration_ids: &[String],
) -> StoreResult<Vec<(Uuid, ContactRow)>> {
    Ok(registration_attendees::table
        .inner_join(contacts::table)
        .filter(registration_attendees::registration_id.eq_any(registration_ids))
        .order(contacts::id.asc())
        .select((
            registration_attendees::registration_id,
            ContactRow::as_select(),
        ))
        .load(conn)?)
}

/// Replaces the attendees of a registration; each gets their check-in code for the event
/// (kept if they had one).
fn set_attendees(
    conn: &mut DbConn,
    event_id: Uuid,
    registration_id: Uuid,
    contacts: &[Uuid],
) -> StoreResult<()> {
    let id = registration_id;
    let registration_id = registration_id.to_string();
    diesel::delete(
        registration_attendees::table
            .filter(registration_attendees::registration_id.eq(&registration_id)),
    )
    .execute(conn)?;
    super::matchmaking::prune_request_attendees(conn, id, contacts)?;
    for contact in contacts {
        diesel::insert_into(registration_attendees::table)
            .values((
                registration_attendees::registration_id.eq(&registration_id),
                registration_attendees::contact_id.eq(contact.to_string()),
            ))
            .execute(conn)?;
    }
    super::check_ins::ensure_codes(conn, event_id, contacts)
}

pub struct NewRegistration<'a> {
    pub event_id: Uuid,
    pub member_id: Uuid,
    pub cluster_id: Uuid,
    pub pitch: &'a PitchData,
    pub attendees: &'a [Uuid],
    /// `None` for data the service made itself (demo, generated).
    pub registered_by: Option<Uuid>,
    /// `active`, `pending` or `waitlisted` (see [`crate::domain::registration`]).
    pub status: RegistrationStatus,
}

pub fn insert(conn: &mut DbConn, new: NewRegistration<'_>) -> StoreResult<RegistrationRow> {
    let at = now();
    let id = new_uuid();
    diesel::insert_into(registrations::table)
        .values((
            registrations::id.eq(id.to_string()),
            registrations::event_id.eq(new.event_id.to_string()),
            registrations::member_id.eq(new.member_id.to_string()),
            registrations::cluster_id.eq(new.cluster_id.to_string()),
            registrations::status.eq(new.status),
            registrations::waitlisted_at
                .eq((new.status == RegistrationStatus::Waitlisted).then_some(at)),
            new.pitch,
            registrations::registered_by.eq(new.registered_by.map(|u| u.to_string())),
            registrations::version.eq(1),
            registrations::created_at.eq(at),
            registrations::updated_at.eq(at),
        ))
        .execute(conn)?;
    set_attendees(conn, new.event_id, id, new.attendees)?;
    // Webhooks of the company's cluster and of the host cluster hear about it.
    let host: Uuid = super::schema::events::table
        .find(new.event_id.to_string())
        .select(super::schema::events::host_cluster_id)
        .first(conn)?;
    super::outbox::emit(
        conn,
        "registration.created",
        &[(
            vec![new.cluster_id.to_string(), host.to_string()],
            serde_json::json!({"event_id": new.event_id, "registration_id": id, "member_id": new.member_id, "status": new.status.as_str()}),
        )],
    )?;
    super::feed::record_one(
        conn,
        super::feed::REGISTRATION,
        id,
        Some(new.event_id),
        Some(new.cluster_id),
        false,
    )?;
    get(conn, new.event_id, id)
}

diesel::define_sql_function! {
    /// Lower case (ASCII on SQLite): e-mail addresses compared as users' are stored.
    fn lower(text: diesel::sql_types::Nullable<diesel::sql_types::Text>) -> diesel::sql_types::Nullable<diesel::sql_types::Text>;
}

/// The active registrations that the person with e-mail `email` attends, with their contact
/// id there: a signed-in user is the contact person whose e-mail is theirs (compared without
/// case). Optionally of one event only.
pub fn attended_by(
    conn: &mut DbConn,
    email: &str,
    event_id: Option<Uuid>,
) -> StoreResult<Vec<(RegistrationRow, Uuid)>> {
    let mut query = registration_attendees::table
        .inner_join(contacts::table)
        .inner_join(registrations::table)
        .filter(lower(contacts::email).eq(super::users::normalize_email(email)))
        .filter(contacts::erased_at.is_null())
        .filter(registrations::status.eq(ACTIVE))
        .select((
            RegistrationRow::as_select(),
            registration_attendees::contact_id,
        ))
        .order((registrations::event_id.asc(), registrations::id.asc()))
        .into_boxed();
    if let Some(event_id) = event_id {
        query = query.filter(registrations::event_id.eq(event_id.to_string()));
    }
    Ok(query.load(conn)?)
}

/// Current attendee ids of a registration.
pub fn attendee_ids(conn: &mut DbConn, registration_id: Uuid) -> super::StoreResult<Vec<Uuid>> {
    Ok(registration_attendees::table
        .filter(registration_attendees::registration_id.eq(registration_id.to_string()))
        .order(registration_attendees::contact_id.asc())
        .select(registration_attendees::contact_id)
        .load::<Uuid>(conn)?)
}

pub fn update(
    conn: &mut DbConn,
    current: &RegistrationRow,
    pitch: &PitchData,
    attendees: &[Uuid],
) -> StoreResult<RegistrationRow> {
    let mut sorted = attendees.to_vec();
    sorted.sort();
    let attendees_changed = attendee_ids(conn, current.id)? != sorted;
    if current.pitch() == *pitch && !attendees_changed {
        return Ok(current.clone());
    }
    let changed = diesel::update(
        registrations::table
            .find(current.id.to_string())
            .filter(registrations::version.eq(current.version)),
    )
    .set((
        pitch,
        registrations::version.eq(current.version + 1),
        registrations::updated_at.eq(now()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(super::changed_meanwhile("registration"));
    }
    if attendees_changed {
        set_attendees(conn, current.event_id, current.id, attendees)?;
    }
    super::feed::record_one(
        conn,
        super::feed::REGISTRATION,
        current.id,
        Some(current.event_id),
        Some(current.cluster_id),
        false,
    )?;
    get(conn, current.event_id, current.id)
}

/// Marks the registration cancelled; its attendees no longer take seats.
pub fn cancel(conn: &mut DbConn, current: &RegistrationRow) -> StoreResult<RegistrationRow> {
    set_status(conn, current, RegistrationStatus::Cancelled, None)
}

/// Moves the registration to `to` (the caller checked that the step is allowed, under the
/// event's lock): `cancelled` stamps `cancelled_at`, `waitlisted` stamps `waitlisted_at` (the
/// end of the line), `declined` keeps `reason`. Webhooks hear `registration.cancelled` or
/// `registration.status_changed`.
pub fn set_status(
    conn: &mut DbConn,
    current: &RegistrationRow,
    to: RegistrationStatus,
    reason: Option<&str>,
) -> StoreResult<RegistrationRow> {
    let at = now();
    let cancelled_at = if to == RegistrationStatus::Cancelled {
        Some(at)
    } else {
        current.cancelled_at
    };
    let waitlisted_at = if to == RegistrationStatus::Waitlisted {
        Some(at)
    } else {
        current.waitlisted_at
    };
    let decline_reason = if to == RegistrationStatus::Declined {
        reason.map(str::to_owned)
    } else {
        current.decline_reason.clone()
    };
    let changed = diesel::update(
        registrations::table
            .find(current.id.to_string())
            .filter(registrations::version.eq(current.version)),
    )
    .set((
        registrations::status.eq(to),
        registrations::cancelled_at.eq(cancelled_at),
        registrations::waitlisted_at.eq(waitlisted_at),
        registrations::decline_reason.eq(decline_reason),
        registrations::version.eq(current.version + 1),
        registrations::updated_at.eq(at),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(super::changed_meanwhile("registration"));
    }
    let host: Uuid = super::schema::events::table
        .find(current.event_id.to_string())
        .select(super::schema::events::host_cluster_id)
        .first(conn)?;
    let kind = if to == RegistrationStatus::Cancelled {
        "registration.cancelled"
    } else {
        "registration.status_changed"
    };
    super::outbox::emit(
        conn,
        kind,
        &[(
            vec![current.cluster_id.to_string(), host.to_string()],
            serde_json::json!({"event_id": current.event_id, "registration_id": current.id, "member_id": current.member_id, "status": to.as_str()}),
        )],
    )?;
    super::feed::record_one(
        conn,
        super::feed::REGISTRATION,
        current.id,
        Some(current.event_id),
        Some(current.cluster_id),
        false,
    )?;
    get(conn, current.event_id, current.id)
}

/// The event's waiting list, first in line first (by when each joined it, then id), with
/// each one's attendee count. Positions are the order here, counted from 1.
pub fn waitlist(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Vec<(RegistrationRow, i64)>> {
    let rows: Vec<RegistrationRow> = registrations::table
        .filter(registrations::event_id.eq(event_id.to_string()))
        .filter(registrations::status.eq(RegistrationStatus::Waitlisted))
        .order((registrations::waitlisted_at.asc(), registrations::id.asc()))
        .select(RegistrationRow::as_select())
        .load(conn)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let counts: Vec<(Uuid, i64)> = registration_attendees::table
        .filter(registration_attendees::registration_id.eq_any(&ids))
        .group_by(registration_attendees::registration_id)
        .select((
            registration_attendees::registration_id,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let n = counts
                .iter()
                .find(|(id, _)| *id == r.id)
                .map_or(0, |(_, n)| *n);
            (r, n)
        })
        .collect())
}

/// Position on the waiting list (1 = next) of each given waitlisted registration: how many
/// waitlisted ones of its event are ahead of it, plus one. Derived, never stored.
pub fn waitlist_positions(
    conn: &mut DbConn,
    rows: &[RegistrationRow],
) -> StoreResult<Vec<(Uuid, i64)>> {
    let mut out = Vec::new();
    let mut events: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.status == RegistrationStatus::Waitlisted)
        .map(|r| r.event_id)
        .collect();
    events.sort();
    events.dedup();
    for event_id in events {
        let line: Vec<(Uuid,)> = registrations::table
            .filter(registrations::event_id.eq(event_id.to_string()))
            .filter(registrations::status.eq(RegistrationStatus::Waitlisted))
            .order((registrations::waitlisted_at.asc(), registrations::id.asc()))
            .select((registrations::id,))
            .load(conn)?;
        for (i, (id,)) in line.into_iter().enumerate() {
            if rows.iter().any(|r| r.id == id) {
                out.push((id, i as i64 + 1));
            }
        }
    }
    Ok(out)
}

/// Companies with an active registration for the event that `user_companies` contains: is
/// the caller an attendee's company?
pub fn any_active_of_members(
    conn: &mut DbConn,
    event_id: Uuid,
    members: &[Uuid],
) -> StoreResult<bool> {
    if members.is_empty() {
        return Ok(false);
    }
    Ok(registrations::table
        .filter(registrations::event_id.eq(event_id.to_string()))
        .filter(registrations::status.eq(ACTIVE))
        .filter(
            registrations::member_id
                .eq_any(members.iter().map(Uuid::to_string).collect::<Vec<_>>()),
        )
        .select(registrations::id)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// Per cluster: active registrations (companies) and their attendees.
pub fn counts_per_cluster(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Vec<(Uuid, i64, i64)>> {
    let companies: Vec<(Uuid, i64)> = registrations::table
        .filter(registrations::event_id.eq(event_id.to_string()))
        .filter(registrations::status.eq(ACTIVE))
        .group_by(registrations::cluster_id)
        .select((registrations::cluster_id, diesel::dsl::count_star()))
        .load(conn)?;
    let attendees: Vec<(Uuid, i64)> = registration_attendees::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq(event_id.to_string()))
        .filter(registrations::status.eq(ACTIVE))
        .group_by(registrations::cluster_id)
        .select((registrations::cluster_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(companies
        .into_iter()
        .map(|(cluster, n)| {
            let a = attendees
                .iter()
                .find(|(c, _)| *c == cluster)
                .map_or(0, |(_, a)| *a);
            (cluster, n, a)
        })
        .collect())
}

/// Active registrations of published events that begin after `from` and no later than
/// `to` (the event reminders due), in id order.
pub fn active_of_events_starting(
    conn: &mut DbConn,
    from: chrono::NaiveDateTime,
    to: chrono::NaiveDateTime,
) -> StoreResult<Vec<RegistrationRow>> {
    use super::schema::events;
    Ok(registrations::table
        .inner_join(events::table)
        .filter(registrations::status.eq(ACTIVE))
        .filter(events::status.eq(crate::domain::event::EventStatus::Published))
        .filter(events::starts_at.gt(from))
        .filter(events::starts_at.le(to))
        .order(registrations::id.asc())
        .select(RegistrationRow::as_select())
        .load(conn)?)
}
