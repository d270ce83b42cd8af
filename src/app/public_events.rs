//! Public event pages: what anyone may read, signed in or not, of an event its host made
//! public — the event, its clusters, its agenda and the participating companies' public
//! profiles, never a contact person — and the host's switch that makes it public.

use uuid::Uuid;

use crate::app::agenda::AgendaRecord;
use crate::app::events::visible_event_with_seats;
use crate::domain::access::{Principal, require};
use crate::domain::format::slugify;
use crate::error::{AppError, AppResult};
use crate::store::clusters::ClusterRow;
use crate::store::events::{self as store, EventRecord};
use crate::store::members::MemberRow;
use crate::store::registrations::{self, RegistrationFilter};
use crate::store::{Db, DbConn, Locked, lock_for_update};

/// A public event with what its page shows.
pub struct PublicEvent {
    pub event: EventRecord,
    pub host: ClusterRow,
    pub guests: Vec<ClusterRow>,
    pub agenda: AgendaRecord,
    /// The companies with an active registration, by name.
    pub companies: Vec<MemberRow>,
}

/// Makes the event public at `slug` (by default one made from its title and date), or
/// moves it there: the host cluster's managers. A draft made public shows once published.
pub async fn publish(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    slug: Option<String>,
) -> AppResult<EventRecord> {
    db.write(move |conn| {
        let event = hosted(conn, &caller, event_id)?;
        let slug = slug.unwrap_or_else(|| {
            let zone = crate::domain::event::parse_time_zone(&event.row.time_zone)
                .unwrap_or(chrono_tz::Europe::Zurich);
            let day = event
                .row
                .starts_at
                .and_utc()
                .with_timezone(&zone)
                .date_naive();
            slugify(&event.row.title, day)
        });
        if event.row.public_slug.as_deref() == Some(slug.as_str()) {
            return Ok(event);
        }
        Ok(store::set_public_slug(conn, &event, Some(&slug))?)
    })
    .await
}

/// Takes the event's public page down (nothing changes when it had none).
pub async fn unpublish(db: &Db, caller: Principal, event_id: Uuid) -> AppResult<EventRecord> {
    db.write(move |conn| {
        let event = hosted(conn, &caller, event_id)?;
        if event.row.public_slug.is_none() {
            return Ok(event);
        }
        Ok(store::set_public_slug(conn, &event, None)?)
    })
    .await
}

fn hosted(conn: &mut DbConn, caller: &Principal, event_id: Uuid) -> AppResult<EventRecord> {
    lock_for_update(conn, Locked::Events, &event_id.to_string())?;
    let event = visible_event_with_seats(conn, caller, event_id)?;
    require(
        event.parties().can_edit(caller),
        "make this event public (the host cluster's managers do)",
    )?;
    Ok(event)
}

/// The public events (published or closed), latest first.
pub async fn list(db: &Db, limit: i64) -> AppResult<Vec<EventRecord>> {
    db.run(move |conn| Ok(store::public(conn, limit)?)).await
}

/// The public event at `slug` with its page.
pub async fn get(db: &Db, slug: String) -> AppResult<PublicEvent> {
    db.run(move |conn| {
        let event = store::public_by_slug(conn, &slug)?;
        let host = cluster(conn, event.row.host_cluster_id)?;
        let guests = event
            .guests
            .iter()
            .map(|g| cluster(conn, *g))
            .collect::<AppResult<Vec<_>>>()?;
        let registered = registrations::list(
            conn,
            event.row.id,
            &RegistrationFilter::default(),
            None,
            i64::MAX,
        )?;
        let ids: Vec<String> = registered
            .iter()
            .filter(|r| r.is_active())
            .map(|r| r.member_id.to_string())
            .collect();
        let mut companies: Vec<MemberRow> = crate::store::members::by_ids(conn, &ids)?
            .into_iter()
            .filter(|m| m.deleted_at.is_none())
            .collect();
        companies.sort_by(|a, b| a.legal_name.cmp(&b.legal_name).then(a.id.cmp(&b.id)));
        let items = crate::store::agenda::list(conn, event.row.id)?;
        Ok(PublicEvent {
            agenda: crate::app::agenda::record_of(conn, event.clone(), items)?,
            event,
            host,
            guests,
            companies,
        })
    })
    .await
}

fn cluster(conn: &mut DbConn, id: Uuid) -> AppResult<ClusterRow> {
    crate::store::clusters::get(conn, id)
        .map(|(row, _)| row)
        .map_err(|e| match e {
            crate::store::Error::NotFound(_) => AppError::internal("an event's cluster is missing"),
            e => e.into(),
        })
}
