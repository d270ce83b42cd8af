//! Registrations of companies for events: who sees them, who changes them, and the seats,
//! counted in attendees and enforced inside the registering transaction.

use chrono::Utc;
use uuid::Uuid;

use crate::app::edit::{Editable, Key};
use crate::app::events::{visible_event, visible_event_with_seats};
use crate::domain::access::{Principal, require};
use crate::domain::catalogue::Pitch;
use crate::domain::event::{EventParties, EventStatus, registration_closed_reason};
use crate::domain::text::normalize_tags;
use crate::error::{AppError, AppResult, FieldError};
use crate::store::contacts::ContactRow;
use crate::store::events::EventRecord;
use crate::store::json::{from_json_text, to_json_text};
use crate::store::registrations::{
    self as store, NewRegistration, PitchData, RegistrationFilter, RegistrationRow, StatusFilter,
};
use crate::store::{Db, DbConn};

/// A registration with its attendees as the caller may see them: attendees who did not
/// consent to sharing are shown only to their company's editors, its cluster's managers and
/// admins (the one contact rule).
#[derive(Debug, Clone)]
pub struct RegistrationRecord {
    pub row: RegistrationRow,
    pub attendees: Vec<ContactRow>,
    /// For a waitlisted registration: its place in the line (1 = next), derived.
    pub waitlist_position: Option<i64>,
}

/// Pitch fields to set for an event; those left out stay as they are (or, when registering,
/// come from the company profile).
#[derive(Debug, Clone, Default)]
pub struct PitchChange {
    pub core_business: Option<String>,
    pub areas_of_interest: Option<Vec<String>>,
    pub partners_sought: Option<Vec<String>>,
    pub ongoing_projects: Option<String>,
}

impl PitchChange {
    fn apply(self, mut base: Pitch) -> Pitch {
        if let Some(v) = self.core_business {
            base.core_business = v;
        }
        if let Some(v) = self.areas_of_interest {
            base.areas_of_interest = v;
        }
        if let Some(v) = self.partners_sought {
            base.partners_sought = v;
        }
        if let Some(v) = self.ongoing_projects {
            base.ongoing_projects = v;
        }
        base
    }
}

/// The pitch card stored with a registration.
pub fn pitch_of(row: &RegistrationRow) -> AppResult<Pitch> {
    Ok(Pitch {
        core_business: row.pitch_core_business.clone(),
        areas_of_interest: from_json_text(&row.pitch_areas_of_interest)?,
        partners_sought: from_json_text(&row.pitch_partners_sought)?,
        ongoing_projects: row.pitch_ongoing_projects.clone(),
    })
}

fn pitch_data(p: &Pitch) -> AppResult<PitchData> {
    Ok(PitchData {
        pitch_core_business: p.core_business.trim().to_owned(),
        pitch_areas_of_interest: to_json_text(&normalize_tags(&p.areas_of_interest))?,
        pitch_partners_sought: to_json_text(&normalize_tags(&p.partners_sought))?,
        pitch_ongoing_projects: p.ongoing_projects.trim().to_owned(),
    })
}

/// Registrations with their attendees, loaded together, as `viewer` may see them.
fn with_attendees(
    conn: &mut DbConn,
    viewer: &Principal,
    rows: Vec<RegistrationRow>,
) -> AppResult<Vec<RegistrationRecord>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let attendees = store::attendees_of(conn, &ids)?;
    let positions = store::waitlist_positions(conn, &rows)?;
    rows.into_iter()
        .map(|row| {
            let (member, cluster) = (row.member_id, row.cluster_id);
            let attendees = attendees
                .iter()
                .filter(|(r, c)| {
                    *r == row.id && viewer.sees_contact(cluster, member, c.share_consent)
                })
                .map(|(_, c)| c.clone())
                .collect();
            let waitlist_position = positions
                .iter()
                .find(|(id, _)| *id == row.id)
                .map(|(_, p)| *p);
            Ok(RegistrationRecord {
                row,
                attendees,
                waitlist_position,
            })
        })
        .collect()
}

pub(crate) fn record(
    conn: &mut DbConn,
    viewer: &Principal,
    row: RegistrationRow,
) -> AppResult<RegistrationRecord> {
    Ok(with_attendees(conn, viewer, vec![row])?.remove(0))
}

/// Attendees must be distinct contact people of the registering company.
fn check_attendees(conn: &mut DbConn, member_id: Uuid, attendees: &[Uuid]) -> AppResult<()> {
    let mut errors = Vec::new();
    for (i, contact) in attendees.iter().enumerate() {
        if attendees[..i].contains(contact) {
            errors.push(FieldError::new(
                format!("attendee_contact_ids[{i}]"),
                "is listed twice",
            ));
        } else if crate::store::contacts::get(conn, member_id, *contact).is_err() {
            errors.push(FieldError::new(
                format!("attendee_contact_ids[{i}]"),
                format!("{contact} is not a contact person of member {member_id}"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// The seats rule: 409 when `wanted` more attendees do not fit in the event.
fn check_seats(event: &EventRecord, wanted: i64) -> AppResult<()> {
    let capacity = event.row.capacity;
    let left = i64::from(capacity) - event.seats()?;
    if wanted > left {
        Err(AppError::conflict(format!(
            "not enough seats: {wanted} requested, {} left of {capacity}",
            left.max(0)
        )))
    } else {
        Ok(())
    }
}

/// 409 unless companies can register for (or change their registration to) the event now.
fn check_open(event: &EventRecord) -> AppResult<()> {
    match registration_closed_reason(
        event.row.status,
        event.row.registration_deadline,
        event.row.ends_at,
        Utc::now(),
    ) {
        Some(reason) => Err(AppError::conflict(format!(
            "registration is closed: {reason}"
        ))),
        None => Ok(()),
    }
}

/// Who may change a company's registration: its editors and its cluster's managers.
fn require_company_editor(caller: &Principal, row: &RegistrationRow) -> AppResult<()> {
    Ok(require(
        caller.can_edit_member(row.cluster_id, row.member_id),
        "change this company's registration",
    )?)
}

/// What the caller sees of an event's registrations: all of them for organisers, else only
/// their own companies' (attendee lists are private contact data).
fn visibility(caller: &Principal, parties: &EventParties) -> Option<Vec<Uuid>> {
    (!parties.is_organiser(caller)).then(|| caller.edited_members())
}

/// The registration if the caller may see it (the event is visible to them, and so is the
/// company); "not found" otherwise. For use cases that check it inside their own checkout.
pub fn visible_registration(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Uuid,
    registration_id: Uuid,
) -> AppResult<RegistrationRow> {
    let event = visible_event(conn, caller, event_id)?;
    let row = store::get(conn, event_id, registration_id)?;
    if let Some(members) = visibility(caller, &event.parties())
        && !members.contains(&row.member_id)
    {
        return Err(AppError::NotFound(format!(
            "event {event_id} has no registration {registration_id}"
        )));
    }
    Ok(row)
}

/// Which registrations of an event to list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Only companies of this cluster.
    pub cluster_id: Option<Uuid>,
    /// Live ones (active, pending, waitlisted) unless said otherwise.
    pub statuses: StatusFilter,
}

/// A page of an event's registrations: organisers see all, company editors their own
/// companies'.
pub async fn list(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    wanted: ListFilter,
    after: Option<String>,
    limit: i64,
) -> AppResult<Vec<RegistrationRecord>> {
    db.run(move |conn| {
        let event = visible_event(conn, &caller, event_id)?;
        let filter = RegistrationFilter {
            members: visibility(&caller, &event.parties()),
            cluster_id: wanted.cluster_id,
            statuses: wanted.statuses,
            updated_since: None,
        };
        let rows = store::list(conn, event_id, &filter, after.as_deref(), limit)?;
        with_attendees(conn, &caller, rows)
    })
    .await
}

pub async fn get(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    registration_id: Uuid,
) -> AppResult<RegistrationRecord> {
    db.run(move |conn| {
        let row = visible_registration(conn, &caller, event_id, registration_id)?;
        record(conn, &caller, row)
    })
    .await
}

/// A company to register, with its attendees and the pitch fields that differ from its
/// profile.
pub struct NewRegistrationInput {
    pub member_id: Uuid,
    pub attendee_contact_ids: Vec<Uuid>,
    pub pitch: PitchChange,
}

/// Registers a company (its editors or its cluster's managers): active while its attendees
/// fit and nobody waits, else on the waiting list; pending when the event needs approval.
/// Invitation-only events need the company's (unrevoked) invitation.
pub async fn create(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    input: NewRegistrationInput,
) -> AppResult<RegistrationRecord> {
    db.write(move |conn| {
        // Serialises registrations per event (PostgreSQL); SQLite's write lock already does.
        crate::store::lock_for_update(conn, crate::store::Locked::Events, &event_id.to_string())?;
        let event = visible_event_with_seats(conn, &caller, event_id)?;
        let parties = event.parties();
        let member = crate::store::members::get(conn, input.member_id).map_err(|_| {
            AppError::invalid(
                "member_id",
                format!("no member company with id {}", input.member_id),
            )
        })?;
        let cluster_id = member.cluster_id;
        require(
            caller.can_edit_member(cluster_id, input.member_id),
            "register this company",
        )?;
        check_open(&event)?;
        if !parties.is_participating_cluster(cluster_id) {
            return Err(AppError::invalid(
                "member_id",
                "the company's cluster does not take part in this event",
            ));
        }
        if event.row.invitation_only
            && crate::store::invitations::event_invitation_of(conn, event_id, input.member_id)?
                .is_none_or(|i| i.revoked_at.is_some())
        {
            return Err(AppError::Forbidden(format!(
                "this event is for invited companies only, and {} has no invitation to it",
                member.legal_name
            )));
        }
        if let Some(existing) = store::live_of_member(conn, event_id, input.member_id)? {
            return Err(AppError::Conflict {
                detail: "this company is already registered for the event".into(),
                allowed: None,
                existing_id: Some(existing.id.to_string()),
            });
        }
        check_attendees(conn, input.member_id, &input.attendee_contact_ids)?;
        let status = crate::app::registration_flow::starting_status(
            conn,
            &event,
            input.attendee_contact_ids.len() as i64,
        )?;
        let profile = Pitch {
            core_business: member.core_business.clone(),
            areas_of_interest: from_json_text(&member.areas_of_interest)?,
            partners_sought: from_json_text(&member.partners_sought)?,
            ongoing_projects: member.ongoing_projects.clone(),
        };
        let pitch = input.pitch.apply(profile);
        let row = store::insert(
            conn,
            NewRegistration {
                event_id,
                member_id: input.member_id,
                cluster_id,
                pitch: &pitch_data(&pitch)?,
                attendees: &input.attendee_contact_ids,
                registered_by: Some(caller.user_id),
                status,
            },
        )?;
        crate::app::registration_flow::announce(conn, &event, &row)?;
        record(conn, &caller, row)
    })
    .await
}

/// What changes in a registration: the attendees (when given) and pitch fields.
#[derive(Debug, Default)]
pub struct RegistrationChange {
    pub attendee_contact_ids: Option<Vec<Uuid>>,
    pub pitch: PitchChange,
}

/// A registration of an event, addressed through its event: the pipeline locks the EVENT's
/// row, which serialises everything that counts its seats (PostgreSQL; SQLite's write lock
/// already does).
#[derive(Debug, Clone, Copy)]
pub struct RegistrationKey {
    pub event_id: Uuid,
    pub registration_id: Uuid,
}

impl Key for RegistrationKey {
    fn lock_id(&self) -> String {
        self.event_id.to_string()
    }
}

/// A registration being changed: as the caller sees it, with its event.
#[derive(Debug, Clone)]
pub struct Registered {
    pub event: EventRecord,
    pub record: RegistrationRecord,
}

/// Loads event `key.event_id` by `event` (with or without its seats) and the registration as
/// the caller sees it.
pub(crate) fn load_registered(
    conn: &mut DbConn,
    caller: &Principal,
    key: &RegistrationKey,
    event: fn(&mut DbConn, &Principal, Uuid) -> AppResult<EventRecord>,
) -> AppResult<Registered> {
    let event = event(conn, caller, key.event_id)?;
    let row = store::get(conn, key.event_id, key.registration_id)?;
    let record = record(conn, caller, row)?;
    Ok(Registered { event, record })
}

/// The registration whose attendees or pitch card change (the company's editors, while
/// registration is open); more attendees need free seats. Run by [`crate::app::edit::update`]: the
/// precondition (the caller's `If-Match`) sees the registration as the caller does.
pub struct Registration;

impl Editable for Registration {
    type Key = RegistrationKey;
    type Row = Registered;
    type Change = RegistrationChange;
    const TABLE: crate::store::Locked = crate::store::Locked::Events;

    fn load(conn: &mut DbConn, caller: &Principal, key: &RegistrationKey) -> AppResult<Registered> {
        load_registered(conn, caller, key, visible_event_with_seats)
    }

    fn authorize(caller: &Principal, current: &Registered) -> AppResult<()> {
        require_company_editor(caller, &current.record.row)
    }

    fn check(
        _caller: &Principal,
        current: &Registered,
        _change: &RegistrationChange,
    ) -> AppResult<()> {
        if !current.record.row.is_live() {
            return Err(AppError::conflict(format!(
                "the registration is {}",
                current.record.row.status.as_str()
            )));
        }
        check_open(&current.event)
    }

    fn store(
        conn: &mut DbConn,
        caller: &Principal,
        current: &Registered,
        change: RegistrationChange,
    ) -> AppResult<Registered> {
        let (event, row) = (&current.event, &current.record.row);
        let attendees = match change.attendee_contact_ids {
            Some(ids) => {
                check_attendees(conn, row.member_id, &ids)?;
                // Seats are held by active registrations only; pending and waitlisted ones
                // take theirs when approved or promoted.
                let added = ids.len() as i64 - current.record.attendees.len() as i64;
                if added > 0 && row.is_active() {
                    check_seats(event, added)?;
                }
                ids
            }
            None => current.record.attendees.iter().map(|c| c.id).collect(),
        };
        let pitch = change.pitch.apply(pitch_of(row)?);
        let updated = store::update(conn, row, &pitch_data(&pitch)?, &attendees)?;
        // Fewer attendees free seats (or let a waiting one fit): the line moves up.
        if attendees.len() < current.record.attendees.len() {
            crate::app::registration_flow::promote_waitlisted(conn, event.row.id)?;
        }
        Ok(Registered {
            event: event.clone(),
            record: record(conn, caller, updated)?,
        })
    }
}

/// The registration being cancelled (the company's editors): its seats are free again. Not
/// once the event is closed. Run by [`crate::app::edit::update`] with the change `()`; the precondition
/// as for [`Registration`].
pub struct Cancellation;

impl Editable for Cancellation {
    type Key = RegistrationKey;
    type Row = Registered;
    type Change = ();
    const TABLE: crate::store::Locked = crate::store::Locked::Events;

    fn load(conn: &mut DbConn, caller: &Principal, key: &RegistrationKey) -> AppResult<Registered> {
        load_registered(conn, caller, key, visible_event)
    }

    fn authorize(caller: &Principal, current: &Registered) -> AppResult<()> {
        require_company_editor(caller, &current.record.row)
    }

    fn check(_caller: &Principal, current: &Registered, _change: &()) -> AppResult<()> {
        if !current.record.row.is_live() {
            return Err(AppError::conflict(format!(
                "the registration is already {}",
                current.record.row.status.as_str()
            )));
        }
        if current.event.row.status == EventStatus::Closed {
            return Err(AppError::conflict(
                "the event is closed; its registrations are part of the record",
            ));
        }
        Ok(())
    }

    fn store(
        conn: &mut DbConn,
        caller: &Principal,
        current: &Registered,
        _change: (),
    ) -> AppResult<Registered> {
        let cancelled = store::cancel(conn, &current.record.row)?;
        // Its seats (or its place in the line) are free: the waiting list moves up, in
        // this same transaction.
        crate::app::registration_flow::promote_waitlisted(conn, current.event.row.id)?;
        Ok(Registered {
            event: current.event.clone(),
            record: record(conn, caller, cancelled)?,
        })
    }
}

/// The legal name and the cluster's name of registered companies (removed ones too), for the
/// registration files: id → (legal name, cluster name). Only for companies whose
/// registrations the caller was already shown.
pub async fn company_names(
    db: &Db,
    member_ids: Vec<Uuid>,
) -> AppResult<std::collections::HashMap<Uuid, (String, String)>> {
    db.run(move |conn| {
        let ids: Vec<String> = member_ids.iter().map(Uuid::to_string).collect();
        Ok(crate::app::badges::companies_of(conn, &ids)?
            .into_iter()
            .map(|(id, (name, _country, cluster))| (id, (name, cluster)))
            .collect())
    })
    .await
}
