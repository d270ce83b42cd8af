//! Events (Cluster2Cluster days): who may see one, and their use cases — create, change
//! (through the edit pipeline), delete drafts, move through the status machine.

use chrono::Duration;
use uuid::Uuid;

use crate::app::edit::{Editable, Removable};
use crate::domain::access::{Principal, require};
use crate::domain::event::{EventAction, EventStatus};
use crate::domain::geo;
use crate::domain::sort::{After, Sort};
use crate::domain::translation::Translations;
use crate::error::{AppError, AppResult, FieldError};
use crate::store::events::{self as store, EventData, EventFilter, EventRecord, EventSort};
use crate::store::{Db, DbConn};

fn not_found(id: Uuid) -> AppError {
    AppError::NotFound(format!("no event with id {id}"))
}

/// The event if the caller may see it: drafts are "not found" for anybody but the organisers.
/// Read without its seat count, which access checks do not need. For use cases that check
/// access to an event inside their own checkout.
pub fn visible_event(conn: &mut DbConn, caller: &Principal, id: Uuid) -> AppResult<EventRecord> {
    let record = store::get_for_access(conn, id)?;
    if record.parties().can_view(caller) {
        Ok(record)
    } else {
        Err(not_found(id))
    }
}

/// [`visible_event`] with the seats taken: for answers that show them and capacity checks.
pub fn visible_event_with_seats(
    conn: &mut DbConn,
    caller: &Principal,
    id: Uuid,
) -> AppResult<EventRecord> {
    let record = store::get(conn, id)?;
    if record.parties().can_view(caller) {
        Ok(record)
    } else {
        Err(not_found(id))
    }
}

/// A page of events in `sort` order, after `after` (the filter says which drafts show).
pub async fn list(
    db: &Db,
    filter: EventFilter,
    sort: Sort<EventSort>,
    after: Option<After>,
    limit: i64,
) -> AppResult<Vec<EventRecord>> {
    db.run(move |conn| Ok(store::list(conn, &filter, sort, after.as_ref(), limit)?))
        .await
}

/// One event, with its seats taken, if the caller may see it.
pub async fn get(db: &Db, caller: Principal, id: Uuid) -> AppResult<EventRecord> {
    db.run(move |conn| visible_event_with_seats(conn, &caller, id))
        .await
}

/// What an event is (or becomes): its host, its guests in order, and its details.
pub struct EventChange {
    /// Fixed once created.
    pub host_cluster_id: Uuid,
    pub guest_cluster_ids: Vec<Uuid>,
    pub data: EventData,
}

impl EventChange {
    /// Rules across fields, on the whole event (so a partial change gets them too).
    fn check(&self) -> AppResult<()> {
        let d = &self.data;
        let mut errors = Vec::new();
        if d.ends_at <= d.starts_at {
            errors.push(FieldError::new("ends_at", "must be after starts_at"));
        } else if d.ends_at - d.starts_at > Duration::days(14) {
            errors.push(FieldError::new("ends_at", "an event lasts at most 14 days"));
        }
        if d.registration_deadline.is_some_and(|r| r > d.ends_at) {
            errors.push(FieldError::new(
                "registration_deadline",
                "must not be after ends_at",
            ));
        }
        if let Some(region) = &d.venue_region
            && !geo::region_in_country(region, &d.venue_country)
        {
            errors.push(FieldError::new(
                "venue.region",
                format!("{region} is not in {}", d.venue_country),
            ));
        }
        let mut guests = self.guest_cluster_ids.clone();
        guests.sort();
        guests.dedup();
        if guests.len() != self.guest_cluster_ids.len() {
            errors.push(FieldError::new(
                "guest_cluster_ids",
                "lists a cluster twice",
            ));
        }
        if self.guest_cluster_ids.contains(&self.host_cluster_id) {
            errors.push(FieldError::new(
                "guest_cluster_ids",
                "must not contain the host cluster",
            ));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(errors))
        }
    }

    /// Checks what needs the database: the guest clusters exist, and the coordinator is a
    /// contact person of a company in the host or a guest cluster.
    fn check_references(&self, conn: &mut DbConn) -> AppResult<()> {
        let mut errors = Vec::new();
        for (i, guest) in self.guest_cluster_ids.iter().enumerate() {
            if !crate::store::clusters::exists(conn, *guest)? {
                errors.push(FieldError::new(
                    format!("guest_cluster_ids[{i}]"),
                    format!("no cluster with id {guest}"),
                ));
            }
        }
        if let Some(contact) = self.data.coordinator_contact_id {
            let cluster = crate::store::contacts::cluster_of_contact(conn, contact)?;
            let ok = cluster
                .is_some_and(|c| c == self.host_cluster_id || self.guest_cluster_ids.contains(&c));
            if !ok {
                errors.push(FieldError::new(
                    "coordinator_contact_id",
                    "must be a contact person of a company in the host or a guest cluster",
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

/// Creates an event as a draft (managers of the host cluster).
pub async fn create(db: &Db, caller: &Principal, event: EventChange) -> AppResult<EventRecord> {
    require(
        caller.manages_cluster(event.host_cluster_id),
        "create events for this cluster",
    )?;
    event.check()?;
    db.write(move |conn| {
        if !crate::store::clusters::exists(conn, event.host_cluster_id)? {
            return Err(AppError::invalid("host_cluster_id", "no such cluster"));
        }
        event.check_references(conn)?;
        Ok(store::insert(
            conn,
            event.host_cluster_id,
            &event.guest_cluster_ids,
            &event.data,
        )?)
    })
    .await
}

/// The event as an object its host's managers change (while a draft or published) and
/// remove (while a draft).
pub struct Event;

/// The visibility rule first (drafts are "not found" for anybody but the organisers), then
/// whether the caller organises it as the host.
fn authorize_editor(caller: &Principal, row: &EventRecord, what: &str) -> AppResult<()> {
    let parties = row.parties();
    if !parties.can_view(caller) {
        return Err(not_found(row.row.id));
    }
    Ok(require(parties.can_edit(caller), what)?)
}

impl Editable for Event {
    type Key = Uuid;
    type Row = EventRecord;
    type Change = EventChange;
    const TABLE: crate::store::Locked = crate::store::Locked::Events;

    fn load(conn: &mut DbConn, _caller: &Principal, &id: &Uuid) -> AppResult<EventRecord> {
        Ok(store::get(conn, id)?)
    }

    fn authorize(caller: &Principal, row: &EventRecord) -> AppResult<()> {
        authorize_editor(
            caller,
            row,
            "edit this event (the host cluster's managers do)",
        )
    }

    fn check(_caller: &Principal, row: &EventRecord, change: &EventChange) -> AppResult<()> {
        let parties = row.parties();
        if !parties.status.is_editable() {
            return Err(AppError::conflict(format!(
                "a {} event cannot be edited",
                parties.status.as_str()
            )));
        }
        if change.host_cluster_id != parties.host {
            return Err(AppError::invalid(
                "host_cluster_id",
                "the host of an event cannot change",
            ));
        }
        // Readers of the original's language read the original: a translation into it would
        // silently stop being shown.
        if let Some(lang) = change.data.original_language
            && change.data.original_language != row.row.original_language
            && row.row.translations.get(lang).is_some()
        {
            return Err(AppError::invalid(
                "original_language",
                "has a translation; delete that translation first",
            ));
        }
        change.check()
    }

    fn store(
        conn: &mut DbConn,
        _caller: &Principal,
        row: &EventRecord,
        change: EventChange,
    ) -> AppResult<EventRecord> {
        change.check_references(conn)?;
        let seats_taken = row.seats()?;
        if i64::from(change.data.capacity) < seats_taken {
            return Err(AppError::conflict(format!(
                "{seats_taken} seats are taken; the capacity cannot go below that"
            )));
        }
        let updated = store::update(conn, row, &change.data, &change.guest_cluster_ids)?;
        // More seats: those waiting move up in this same transaction.
        if change.data.capacity > row.row.capacity
            && !crate::app::registration_flow::promote_waitlisted(conn, row.row.id)?.is_empty()
        {
            return Ok(store::get(conn, row.row.id)?);
        }
        Ok(updated)
    }
}

impl Removable for Event {
    fn authorize_removal(caller: &Principal, row: &EventRecord) -> AppResult<()> {
        authorize_editor(caller, row, "delete this event")
    }

    /// Only drafts: published events are cancelled instead, so that nobody's registration
    /// silently disappears.
    fn remove(conn: &mut DbConn, row: &EventRecord) -> AppResult<()> {
        let status = row.row.status;
        if status != EventStatus::Draft {
            return Err(AppError::Conflict {
                detail: "only draft events can be deleted; cancel it instead".into(),
                allowed: Some(
                    status
                        .allowed_actions()
                        .iter()
                        .map(|a| a.as_str().to_owned())
                        .collect(),
                ),
                existing_id: None,
            });
        }
        Ok(store::delete(conn, row)?)
    }
}

/// Moves the event through its status machine (publish, close, cancel); the host's
/// managers do. `precondition` sees the current event (the caller's `If-Match`).
pub async fn transition(
    db: &Db,
    caller: Principal,
    id: Uuid,
    action: EventAction,
    precondition: impl FnOnce(&EventRecord) -> AppResult<()> + Send + 'static,
) -> AppResult<EventRecord> {
    db.write(move |conn| {
        crate::store::lock_for_update(conn, crate::store::Locked::Events, &id.to_string())?;
        let current = visible_event_with_seats(conn, &caller, id)?;
        let parties = current.parties();
        require(parties.can_edit(&caller), "change this event's status")?;
        precondition(&current)?;
        let next = parties.status.apply(action)?;
        Ok(store::set_status(conn, &current, next)?)
    })
    .await
}
