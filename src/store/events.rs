//! Events and their guest clusters.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::schema::{
    event_co_organisers, event_guests, events, registration_attendees, registrations,
};
use super::{DbConn, new_uuid, now};
use crate::domain::event::{EventParties, EventStatus};
use crate::domain::sort::{After, Sort, SortField, ValueKind, parse_time_value, time_value};
use crate::domain::translation::{EventTranslations, Language, Translations};
use crate::store::{Error, StoreResult};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct EventRow {
    pub id: Uuid,
    pub title: String,
    pub host_cluster_id: Uuid,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_city: String,
    pub venue_region: Option<String>,
    pub venue_country: String,
    pub transport: String,
    pub coordinator_contact_id: Option<Uuid>,
    pub capacity: i32,
    pub registration_deadline: Option<NaiveDateTime>,
    pub pitch_minutes: i32,
    pub status: EventStatus,
    pub description: String,
    pub media_links: String,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Set while the event is public: its address at `/public/events/{slug}`.
    pub public_slug: Option<String>,
    /// New registrations wait for the organisers' approval (`pending`).
    pub approval_required: bool,
    /// Only companies invited to the event (`event_invitations`, not revoked) may register.
    pub invitation_only: bool,
    /// Title, description and transport in other languages (`domain::translation`).
    #[diesel(deserialize_as = String)]
    pub translations: EventTranslations,
    /// The language title and description are written in, when said.
    pub original_language: Option<Language>,
}

/// The editable fields (status and guests are changed separately).
#[derive(Debug, Clone, PartialEq, Insertable, AsChangeset)]
#[diesel(table_name = events, treat_none_as_null = true)]
pub struct EventData {
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub time_zone: String,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_city: String,
    pub venue_region: Option<String>,
    pub venue_country: String,
    pub transport: String,
    /// Written beside the others (the id's text, see `store::types`).
    #[diesel(skip_insertion)]
    #[diesel(skip_update)]
    pub coordinator_contact_id: Option<Uuid>,
    pub capacity: i32,
    pub registration_deadline: Option<NaiveDateTime>,
    pub pitch_minutes: i32,
    pub description: String,
    pub media_links: String,
    pub approval_required: bool,
    pub invitation_only: bool,
    /// Written beside the others on insert (an insert's `DEFAULT` for a null is not
    /// portable for this type).
    #[diesel(skip_insertion)]
    pub original_language: Option<Language>,
}

/// The coordinator of `data`, as written.
fn coordinator(
    data: &EventData,
) -> diesel::dsl::Eq<events::coordinator_contact_id, Option<String>> {
    events::coordinator_contact_id.eq(data.coordinator_contact_id.map(|c| c.to_string()))
}

/// An event with what is stored beside it.
#[derive(Debug, Clone)]
pub struct EventRecord {
    pub row: EventRow,
    /// Guest clusters in their stored order.
    pub guests: Vec<Uuid>,
    /// Users the host made co-organisers.
    pub co_organisers: Vec<Uuid>,
    /// Attendees of active registrations; `None` when read without them (see [`get_for_access`]).
    pub seats_taken: Option<i64>,
}

impl EventRecord {
    pub fn parties(&self) -> EventParties {
        EventParties {
            host: self.row.host_cluster_id,
            guests: self.guests.clone(),
            status: self.row.status,
            co_organisers: self.co_organisers.clone(),
        }
    }

    /// Seats taken; an error if the record was read without them.
    pub fn seats(&self) -> StoreResult<i64> {
        self.seats_taken
            .ok_or_else(|| Error::internal("event read without its seat count"))
    }

    pub fn data(&self) -> EventData {
        let r = &self.row;
        EventData {
            title: r.title.clone(),
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            time_zone: r.time_zone.clone(),
            venue_name: r.venue_name.clone(),
            venue_address: r.venue_address.clone(),
            venue_city: r.venue_city.clone(),
            venue_region: r.venue_region.clone(),
            venue_country: r.venue_country.clone(),
            transport: r.transport.clone(),
            coordinator_contact_id: r.coordinator_contact_id,
            capacity: r.capacity,
            registration_deadline: r.registration_deadline,
            pitch_minutes: r.pitch_minutes,
            description: r.description.clone(),
            media_links: r.media_links.clone(),
            approval_required: r.approval_required,
            invitation_only: r.invitation_only,
            original_language: r.original_language,
        }
    }
}

fn guests_of(conn: &mut DbConn, event_ids: &[String]) -> StoreResult<Vec<(Uuid, Uuid)>> {
    Ok(event_guests::table
        .filter(event_guests::event_id.eq_any(event_ids))
        .order((event_guests::event_id.asc(), event_guests::position.asc()))
        .select((event_guests::event_id, event_guests::cluster_id))
        .load(conn)?)
}

fn co_organisers_of(conn: &mut DbConn, event_ids: &[String]) -> StoreResult<Vec<(Uuid, Uuid)>> {
    Ok(event_co_organisers::table
        .filter(event_co_organisers::event_id.eq_any(event_ids))
        .order((
            event_co_organisers::event_id.asc(),
            event_co_organisers::created_at.asc(),
        ))
        .select((event_co_organisers::event_id, event_co_organisers::user_id))
        .load(conn)?)
}

/// A co-organiser as listed: who, since when, named by whom.
#[derive(Debug, Clone, Queryable)]
pub struct CoOrganiserRow {
    pub user_id: Uuid,
    pub display_name: String,
    pub granted_by: Option<Uuid>,
    pub created_at: NaiveDateTime,
}

pub fn co_organisers(conn: &mut DbConn, event_id: Uuid) -> StoreResult<Vec<CoOrganiserRow>> {
    use super::schema::users;
    Ok(event_co_organisers::table
        .inner_join(users::table.on(users::id.eq(event_co_organisers::user_id)))
        .filter(event_co_organisers::event_id.eq(event_id.to_string()))
        .order(event_co_organisers::created_at.asc())
        .select((
            event_co_organisers::user_id,
            users::display_name,
            event_co_organisers::granted_by,
            event_co_organisers::created_at,
        ))
        .load(conn)?)
}

/// Names `user_id` co-organiser of the event; false if they were already.
pub fn add_co_organiser(
    conn: &mut DbConn,
    event_id: Uuid,
    user_id: Uuid,
    by: Uuid,
) -> StoreResult<bool> {
    let values = (
        event_co_organisers::event_id.eq(event_id.to_string()),
        event_co_organisers::user_id.eq(user_id.to_string()),
        event_co_organisers::granted_by.eq(by.to_string()),
        event_co_organisers::created_at.eq(now()),
    );
    let n = match conn {
        DbConn::Pg(c) => diesel::insert_into(event_co_organisers::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
        DbConn::Sqlite(c) => diesel::insert_into(event_co_organisers::table)
            .values(values)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(n == 1)
}

/// Ends `user_id`'s co-organiser right; false if they had none.
pub fn remove_co_organiser(conn: &mut DbConn, event_id: Uuid, user_id: Uuid) -> StoreResult<bool> {
    let n = diesel::delete(
        event_co_organisers::table
            .filter(event_co_organisers::event_id.eq(event_id.to_string()))
            .filter(event_co_organisers::user_id.eq(user_id.to_string())),
    )
    .execute(conn)?;
    Ok(n == 1)
}

/// Attendees of active registrations, per event.
pub fn seats_taken(conn: &mut DbConn, event_ids: &[String]) -> StoreResult<Vec<(Uuid, i64)>> {
    Ok(registration_attendees::table
        .inner_join(registrations::table)
        .filter(registrations::event_id.eq_any(event_ids))
        .filter(registrations::status.eq(crate::store::registrations::ACTIVE))
        .group_by(registrations::event_id)
        .select((registrations::event_id, diesel::dsl::count_star()))
        .load(conn)?)
}

fn records(
    conn: &mut DbConn,
    rows: Vec<EventRow>,
    with_seats: bool,
) -> StoreResult<Vec<EventRecord>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let guests = guests_of(conn, &ids)?;
    let co_organisers = co_organisers_of(conn, &ids)?;
    let seats = if with_seats {
        Some(seats_taken(conn, &ids)?)
    } else {
        None
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let guests: Vec<Uuid> = guests
                .iter()
                .filter(|(e, _)| *e == row.id)
                .map(|(_, c)| *c)
                .collect();
            let seats_taken = seats.as_ref().map(|seats| {
                seats
                    .iter()
                    .find(|(e, _)| *e == row.id)
                    .map_or(0, |(_, n)| *n)
            });
            // A write that reads an event concerns its clusters (audit log).
            crate::store::audit::note_cluster(&row.host_cluster_id.to_string());
            for guest in &guests {
                crate::store::audit::note_cluster(&guest.to_string());
            }
            let co_organisers = co_organisers
                .iter()
                .filter(|(e, _)| *e == row.id)
                .map(|(_, u)| *u)
                .collect();
            EventRecord {
                row,
                guests,
                co_organisers,
                seats_taken,
            }
        })
        .collect())
}

pub fn get(conn: &mut DbConn, id: Uuid) -> StoreResult<EventRecord> {
    read(conn, id, true)
}

/// The event for access checks: without the seat count, which costs a count over every
/// attendee of the event (tens of milliseconds for a 10,000-company day).
pub fn get_for_access(conn: &mut DbConn, id: Uuid) -> StoreResult<EventRecord> {
    read(conn, id, false)
}

fn read(conn: &mut DbConn, id: Uuid, with_seats: bool) -> StoreResult<EventRecord> {
    let row = events::table
        .find(id.to_string())
        .select(EventRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no event with id {id}")))?;
    Ok(records(conn, vec![row], with_seats)?.remove(0))
}

#[derive(Debug, Default)]
pub struct EventFilter {
    /// Events this cluster hosts or is a guest of.
    pub cluster_id: Option<Uuid>,
    pub status: Option<EventStatus>,
    /// Events that end on or after this instant.
    pub from: Option<NaiveDateTime>,
    /// Events that start on or before this instant.
    pub to: Option<NaiveDateTime>,
    /// `None`: every draft is visible (admins). `Some(clusters)`: drafts only of events these
    /// clusters host or are invited to.
    pub drafts_of: Option<Vec<Uuid>>,
}

/// The orders events may be listed in (creation order first, the default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventSort {
    CreatedAt,
    StartsAt,
    UpdatedAt,
}

impl SortField for EventSort {
    const FIELDS: &'static [(&'static str, EventSort)] = &[
        ("created_at", EventSort::CreatedAt),
        ("starts_at", EventSort::StartsAt),
        ("updated_at", EventSort::UpdatedAt),
    ];
    fn kind(self) -> ValueKind {
        match self {
            EventSort::CreatedAt => ValueKind::Id,
            EventSort::StartsAt | EventSort::UpdatedAt => ValueKind::Time,
        }
    }
}

/// The cursor key of an event in `sort` order.
pub fn sort_key(sort: &Sort<EventSort>, r: &EventRecord) -> String {
    let id = r.row.id.to_string();
    match sort.field {
        EventSort::CreatedAt => sort.key("", &id),
        EventSort::StartsAt => sort.key(&time_value(r.row.starts_at), &id),
        EventSort::UpdatedAt => sort.key(&time_value(r.row.updated_at), &id),
    }
}

pub fn list(
    conn: &mut DbConn,
    f: &EventFilter,
    sort: Sort<EventSort>,
    after: Option<&After>,
    limit: i64,
) -> StoreResult<Vec<EventRecord>> {
    let mut query = events::table.select(EventRow::as_select()).into_boxed();
    if let Some(cluster) = f.cluster_id {
        let c = cluster.to_string();
        let as_guest = event_guests::table
            .filter(event_guests::cluster_id.eq(c.clone()))
            .select(event_guests::event_id);
        query = query.filter(
            events::host_cluster_id
                .eq(c)
                .or(events::id.eq_any(as_guest)),
        );
    }
    if let Some(status) = f.status {
        query = query.filter(events::status.eq(status));
    }
    if let Some(from) = f.from {
        query = query.filter(events::ends_at.ge(from));
    }
    if let Some(to) = f.to {
        query = query.filter(events::starts_at.le(to));
    }
    if let Some(clusters) = &f.drafts_of {
        let ids: Vec<String> = clusters.iter().map(Uuid::to_string).collect();
        let invited = event_guests::table
            .filter(event_guests::cluster_id.eq_any(ids.clone()))
            .select(event_guests::event_id);
        query = query.filter(
            events::status
                .ne(EventStatus::Draft)
                .or(events::host_cluster_id.eq_any(ids))
                .or(events::id.eq_any(invited)),
        );
    }
    let desc = sort.descending;
    // Checked by `Sort::read_cursor` before the query.
    let time = |a: &After| {
        parse_time_value(&a.value)
            .map(|t| (t, a.id.clone()))
            .ok_or_else(|| Error::Internal("unchecked cursor time".into()))
    };
    match sort.field {
        EventSort::CreatedAt => {
            let after = after.map(|a| a.id.clone());
            keyset!(query, events::id, desc, after);
        }
        EventSort::StartsAt => {
            let after = after.map(time).transpose()?;
            keyset!(query, events::starts_at, events::id, desc, after);
        }
        EventSort::UpdatedAt => {
            let after = after.map(time).transpose()?;
            keyset!(query, events::updated_at, events::id, desc, after);
        }
    }
    let rows = query.limit(limit).load(conn)?;
    records(conn, rows, true)
}

fn replace_guests(conn: &mut DbConn, event_id: Uuid, guests: &[Uuid]) -> StoreResult<()> {
    let event_id = event_id.to_string();
    diesel::delete(event_guests::table.filter(event_guests::event_id.eq(&event_id)))
        .execute(conn)?;
    for (position, cluster) in guests.iter().enumerate() {
        diesel::insert_into(event_guests::table)
            .values((
                event_guests::event_id.eq(&event_id),
                event_guests::cluster_id.eq(cluster.to_string()),
                event_guests::position.eq(position as i32),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn insert(
    conn: &mut DbConn,
    host: Uuid,
    guests: &[Uuid],
    data: &EventData,
) -> StoreResult<EventRecord> {
    let at = now();
    let id = new_uuid();
    diesel::insert_into(events::table)
        .values((
            events::id.eq(id.to_string()),
            events::host_cluster_id.eq(host.to_string()),
            data,
            coordinator(data),
            events::original_language.eq(data.original_language),
            events::status.eq(EventStatus::Draft),
            events::version.eq(1),
            events::created_at.eq(at),
            events::updated_at.eq(at),
        ))
        .execute(conn)?;
    replace_guests(conn, id, guests)?;
    let record = get(conn, id)?;
    announce(conn, &record, false)?;
    Ok(record)
}

/// Records an event change in the feed and queues `event.changed` for the webhooks of the
/// host and guest clusters (thin: ids and status).
fn announce(conn: &mut DbConn, record: &EventRecord, deleted: bool) -> StoreResult<()> {
    let host = record.row.host_cluster_id;
    super::feed::record_one(
        conn,
        super::feed::EVENT,
        record.row.id,
        None,
        Some(host),
        deleted,
    )?;
    let mut clusters = vec![host.to_string()];
    clusters.extend(record.guests.iter().map(Uuid::to_string));
    super::outbox::emit(
        conn,
        "event.changed",
        &[(
            clusters,
            serde_json::json!({"event_id": record.row.id, "status": record.row.status, "deleted": deleted}),
        )],
    )
}

/// Writes data and guests if the stored version is still the one in `current`.
pub fn update(
    conn: &mut DbConn,
    current: &EventRecord,
    data: &EventData,
    guests: &[Uuid],
) -> StoreResult<EventRecord> {
    if current.data() == *data && current.guests == guests {
        return Ok(current.clone());
    }
    let changed = diesel::update(
        events::table
            .find(current.row.id.to_string())
            .filter(events::version.eq(current.row.version)),
    )
    .set((
        data,
        coordinator(data),
        events::version.eq(current.row.version + 1),
        events::updated_at.eq(now()),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Err(super::changed_meanwhile("event"));
    }
    if current.guests != guests {
        replace_guests(conn, current.row.id, guests)?;
    }
    let record = get(conn, current.row.id)?;
    announce(conn, &record, false)?;
    Ok(record)
}

/// Writes the event's translations (version-checked, announced like an edit); the same ones
/// again change nothing.
pub fn set_translations(
    conn: &mut DbConn,
    current: &EventRecord,
    translations: &EventTranslations,
) -> StoreResult<EventRecord> {
    if current.row.translations == *translations {
        return Ok(current.clone());
    }
    let changed = diesel::update(
        events::table
            .find(current.row.id.to_string())
            .filter(events::version.eq(current.row.version)),
    )
    .set((
        events::translations.eq(translations.to_text()),
        events::version.eq(current.row.version + 1),
        events::updated_at.eq(now()),
    ))
    .execute(conn)?;
    changed_to(conn, current, changed)
}

/// After a version-checked update of `current` that touched `changed` rows: the event as it
/// now is, announced; stale when another writer got there first.
fn changed_to(
    conn: &mut DbConn,
    current: &EventRecord,
    changed: usize,
) -> StoreResult<EventRecord> {
    if changed == 0 {
        return Err(super::changed_meanwhile("event"));
    }
    let record = get(conn, current.row.id)?;
    announce(conn, &record, false)?;
    Ok(record)
}

pub fn set_status(
    conn: &mut DbConn,
    current: &EventRecord,
    status: EventStatus,
) -> StoreResult<EventRecord> {
    let changed = diesel::update(
        events::table
            .find(current.row.id.to_string())
            .filter(events::version.eq(current.row.version)),
    )
    .set((
        events::status.eq(status),
        events::version.eq(current.row.version + 1),
        events::updated_at.eq(now()),
    ))
    .execute(conn)?;
    changed_to(conn, current, changed)
}

/// Shows the event to everyone at `slug`, or (`None`) no more. A slug another event holds is
/// a conflict (the unique index decides, so two hosts cannot take one slug at once).
pub fn set_public_slug(
    conn: &mut DbConn,
    current: &EventRecord,
    slug: Option<&str>,
) -> StoreResult<EventRecord> {
    if let Some(slug) = slug {
        let taken = events::table
            .filter(events::public_slug.eq(slug))
            .filter(events::id.ne(current.row.id.to_string()))
            .count()
            .get_result::<i64>(conn)?;
        if taken > 0 {
            return Err(Error::conflict(format!(
                "another event is public at /public/events/{slug}; choose another slug"
            )));
        }
    }
    let changed = diesel::update(
        events::table
            .find(current.row.id.to_string())
            .filter(events::version.eq(current.row.version)),
    )
    .set((
        events::public_slug.eq(slug),
        events::version.eq(current.row.version + 1),
        events::updated_at.eq(now()),
    ))
    .execute(conn)?;
    changed_to(conn, current, changed)
}

/// Public events that are published or closed, latest first (by start), at most `limit`.
pub fn public(conn: &mut DbConn, limit: i64) -> StoreResult<Vec<EventRecord>> {
    let rows = events::table
        .filter(events::public_slug.is_not_null())
        .filter(events::status.eq_any([EventStatus::Published, EventStatus::Closed]))
        .order((events::starts_at.desc(), events::id.asc()))
        .limit(limit)
        .select(EventRow::as_select())
        .load(conn)?;
    records(conn, rows, true)
}

/// The public event at `slug` (published or closed).
pub fn public_by_slug(conn: &mut DbConn, slug: &str) -> StoreResult<EventRecord> {
    let row = events::table
        .filter(events::public_slug.eq(slug))
        .filter(events::status.eq_any([EventStatus::Published, EventStatus::Closed]))
        .select(EventRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("no public event at {slug}")))?;
    Ok(records(conn, vec![row], true)?.remove(0))
}

pub fn delete(conn: &mut DbConn, current: &EventRecord) -> StoreResult<()> {
    announce(conn, current, true)?;
    let deleted = diesel::delete(
        events::table
            .find(current.row.id.to_string())
            .filter(events::version.eq(current.row.version)),
    )
    .execute(conn)?;
    if deleted == 0 {
        return Err(super::changed_meanwhile("event"));
    }
    Ok(())
}
