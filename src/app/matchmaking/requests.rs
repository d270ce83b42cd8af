//! 1:1 meeting requests between attendees: asking, answering, locking into a slot.

use uuid::Uuid;

use super::{edits, event_and_parties, require_host, sessions_and_slots, settings_of, sides_of};
use crate::domain::access::{Principal, require};
use crate::domain::event::{EventParties, EventStatus};
use crate::domain::mail::MailKind;
use crate::domain::matchmaking::{MeetingRequestStatus, RequestAction, Sides, Slot, next_status};
use crate::error::{AppError, AppResult, FieldError};
use crate::store::matchmaking::{self as store, RequestRow};
use crate::store::registrations::{self, RegistrationRow};
use crate::store::{Db, DbConn};

/// A request with the event's slots (to number its lock).
pub type RequestAndSlots = (RequestRecord, Vec<Slot>);

/// A request with the attendees named for each side, as its reader may see them.
#[derive(Debug, Clone)]
pub struct RequestRecord {
    pub row: RequestRow,
    /// The people named for the requesting side (those the reader may see, by the contact
    /// rule); `None`: none named, every attendee of its registration takes part.
    pub requester_attendees: Option<Vec<Uuid>>,
    pub recipient_attendees: Option<Vec<Uuid>>,
}

/// `rows` with their named attendees, in one query, as `viewer` may see them.
pub fn records(
    conn: &mut DbConn,
    viewer: &Principal,
    rows: Vec<RequestRow>,
) -> AppResult<Vec<RequestRecord>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
    let named = store::request_attendees(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let side = |registration: Uuid| {
                let mine: Vec<&store::RequestAttendee> = named
                    .iter()
                    .filter(|a| a.request_id == row.id && a.registration_id == registration)
                    .collect();
                (!mine.is_empty()).then(|| {
                    mine.iter()
                        .filter(|a| viewer.sees_contact(a.cluster_id, a.member_id, a.share_consent))
                        .map(|a| a.contact_id)
                        .collect()
                })
            };
            RequestRecord {
                requester_attendees: side(row.requester_registration_id),
                recipient_attendees: side(row.recipient_registration_id),
                row,
            }
        })
        .collect())
}

fn record(conn: &mut DbConn, viewer: &Principal, row: RequestRow) -> AppResult<RequestRecord> {
    Ok(records(conn, viewer, vec![row])?.remove(0))
}

/// A request as `viewer` may see it, with the event's slots: what every change answers.
pub(super) fn answer(
    conn: &mut DbConn,
    viewer: &Principal,
    event_id: Uuid,
    row: RequestRow,
) -> AppResult<RequestAndSlots> {
    Ok((
        record(conn, viewer, row)?,
        sessions_and_slots(conn, event_id)?.slots,
    ))
}

/// [`visible_request`] with the request's row locked for the rest of the transaction: the
/// start of every change to a request.
pub(super) fn locked_request(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Uuid,
    id: Uuid,
) -> AppResult<(RequestRow, EventParties, Sides)> {
    crate::store::lock_for_update(conn, crate::store::Locked::MeetingRequests, &id.to_string())?;
    visible_request(conn, caller, event_id, id)
}

/// Checks that `contacts` attend with `registration` (each once): 422 on `field[i]`.
fn check_named(
    conn: &mut DbConn,
    registration: &RegistrationRow,
    contacts: &[Uuid],
    field: &str,
) -> AppResult<()> {
    let attending = registrations::attendee_ids(conn, registration.id)?;
    let mut errors = Vec::new();
    for (i, contact) in contacts.iter().enumerate() {
        if contacts[..i].contains(contact) {
            errors.push(FieldError::new(format!("{field}[{i}]"), "is named twice"));
        } else if !attending.contains(contact) {
            errors.push(FieldError::new(
                format!("{field}[{i}]"),
                format!(
                    "is not an attendee of registration {} (add them to its attendees first)",
                    registration.id
                ),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

/// The request if the caller is one of its companies or an organiser; else "not found".
pub fn visible_request(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Uuid,
    id: Uuid,
) -> AppResult<(RequestRow, EventParties, Sides)> {
    let (_, parties) = event_and_parties(conn, caller, event_id)?;
    let row = store::get_request(conn, event_id, id)?;
    let sides = sides_of(conn, caller, &parties, event_id, &row)?;
    if sides.requester || sides.recipient || parties.is_organiser(caller) {
        Ok((row, parties, sides))
    } else {
        Err(AppError::NotFound(format!(
            "event {event_id} has no meeting request {id}"
        )))
    }
}

/// Asks another attendee for a 1:1 meeting. If they already asked the caller's company, their
/// request becomes mutual (and accepted) instead. The flag tells whether a request was created.
pub async fn create(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    requester_id: Uuid,
    recipient_id: Uuid,
    message: String,
    requester_attendees: Vec<Uuid>,
) -> AppResult<(RequestAndSlots, bool)> {
    db.write(move |conn| {
        let (event, parties) = event_and_parties(conn, &caller, event_id)?;
        let not_found = |field: &str, rid: Uuid| {
            AppError::Validation(vec![FieldError::new(
                field,
                format!("event {event_id} has no active registration {rid}"),
            )])
        };
        let requester = registrations::get(conn, event_id, requester_id)
            .ok()
            .filter(RegistrationRow::is_active)
            .ok_or_else(|| not_found("requester_registration_id", requester_id))?;
        require(
            edits(&caller, &requester)? || parties.can_edit(&caller),
            "ask for meetings on behalf of this company",
        )?;
        let recipient = registrations::get(conn, event_id, recipient_id)
            .ok()
            .filter(RegistrationRow::is_active)
            .ok_or_else(|| not_found("recipient_registration_id", recipient_id))?;
        check_named(
            conn,
            &requester,
            &requester_attendees,
            "requester_attendee_ids",
        )?;
        if requester.member_id == recipient.member_id {
            return Err(AppError::Validation(vec![FieldError::new(
                "recipient_registration_id",
                "a company does not meet itself",
            )]));
        }
        if !matches!(
            event.row.status,
            EventStatus::Published | EventStatus::Closed
        ) {
            return Err(AppError::conflict(format!(
                "meeting requests are for published events; this one is {}",
                event.row.status.as_str()
            )));
        }
        let key = store::pair_key(requester_id, recipient_id);
        let all = sessions_and_slots(conn, event_id)?.slots;
        if let Some(mut open) = store::open_request(conn, event_id, &key)? {
            if open.requester_registration_id == requester.id || open.mutual {
                return Err(AppError::conflict(format!(
                    "meeting request {} between these companies is already {}",
                    open.id,
                    open.status.as_str()
                )));
            }
            // The recipient of an open request asks back: both want the meeting.
            open.mutual = true;
            open.status = MeetingRequestStatus::Accepted;
            let mut row = store::update_request(conn, &open)?;
            if !requester_attendees.is_empty() {
                row = store::set_request_attendees(conn, &row, requester.id, &requester_attendees)?;
            }
            store::announce_request(conn, &row)?;
            crate::app::mail::flows::meeting_request_answered(
                conn,
                MailKind::MeetingRequestAccepted,
                &row,
                true,
                false,
                Some(caller.user_id),
            )?;
            return Ok(((record(conn, &caller, row)?, all), false));
        }
        let auto = settings_of(conn, event_id)?.auto_accept;
        let status = if auto {
            MeetingRequestStatus::Accepted
        } else {
            MeetingRequestStatus::Pending
        };
        let mut row = store::insert_request(
            conn,
            &store::NewRequest {
                event_id,
                requester: requester_id,
                recipient: recipient_id,
                status,
                message: message.trim(),
                created_by: (!caller.user_id.is_nil()).then_some(caller.user_id),
            },
        )?;
        if !requester_attendees.is_empty() {
            row = store::set_request_attendees(conn, &row, requester.id, &requester_attendees)?;
        }
        store::announce_request(conn, &row)?;
        crate::app::mail::flows::meeting_request_received(conn, &row, Some(caller.user_id))?;
        Ok(((record(conn, &caller, row)?, all), true))
    })
    .await
}

/// Which requests to list.
#[derive(Debug, Clone, Default)]
pub struct RequestQuery {
    /// Only requests this registration made or received.
    pub registration_id: Option<Uuid>,
    pub status: Option<MeetingRequestStatus>,
}

/// A page of the event's meeting requests: all of them for organisers, else those of the
/// companies the caller edits.
pub async fn list(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    query: RequestQuery,
    after: Option<String>,
    limit: i64,
) -> AppResult<(Vec<RequestRecord>, Vec<Slot>)> {
    db.run(move |conn| {
        let (_, parties) = event_and_parties(conn, &caller, event_id)?;
        let mut filter = store::RequestFilter {
            registrations: None,
            status: query.status,
        };
        if !parties.is_organiser(&caller) {
            let own = registrations::list(
                conn,
                event_id,
                &registrations::RegistrationFilter {
                    members: Some(caller.edited_members()),
                    statuses: registrations::StatusFilter::Any,
                    ..Default::default()
                },
                None,
                i64::MAX,
            )?;
            let mut ids: Vec<Uuid> = own.into_iter().map(|r| r.id).collect();
            // Managers edit all their cluster's companies.
            for cluster in caller.managed_clusters() {
                let theirs = registrations::list(
                    conn,
                    event_id,
                    &registrations::RegistrationFilter {
                        cluster_id: Some(cluster),
                        statuses: registrations::StatusFilter::Any,
                        ..Default::default()
                    },
                    None,
                    i64::MAX,
                )?;
                ids.extend(theirs.into_iter().map(|r| r.id));
            }
            filter.registrations = Some(ids);
        }
        if let Some(rid) = query.registration_id {
            filter.registrations = Some(match filter.registrations {
                Some(ids) => ids.into_iter().filter(|i| *i == rid).collect(),
                None => vec![rid],
            });
        }
        let rows = store::list_requests(conn, event_id, &filter, after.as_deref(), limit)?;
        let all = sessions_and_slots(conn, event_id)?.slots;
        Ok((records(conn, &caller, rows)?, all))
    })
    .await
}

/// One meeting request (its companies and the organisers).
pub async fn get(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    request_id: Uuid,
) -> AppResult<RequestAndSlots> {
    db.run(move |conn| {
        let (row, _, _) = visible_request(conn, &caller, event_id, request_id)?;
        answer(conn, &caller, event_id, row)
    })
    .await
}

/// Accepts, declines or cancels a request, as the caller's sides allow.
pub async fn act(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    request_id: Uuid,
    action: RequestAction,
) -> AppResult<RequestAndSlots> {
    db.write(move |conn| {
        let (mut row, _, sides) = locked_request(conn, &caller, event_id, request_id)?;
        // A mutual request has two requesters: either may accept or decline it no more.
        row.status = next_status(row.status, action, sides)?;
        let row = store::update_request(conn, &row)?;
        store::announce_request(conn, &row)?;
        // The requester learns the answer; a cancellation is news to the side(s) that did
        // not cancel (to both when one person acts for both).
        let both = sides.requester && sides.recipient;
        let (kind, to_requester, to_recipient) = match action {
            RequestAction::Accept => (MailKind::MeetingRequestAccepted, true, false),
            RequestAction::Decline => (MailKind::MeetingRequestDeclined, true, false),
            RequestAction::Cancel => (
                MailKind::MeetingRequestCancelled,
                !sides.requester || both,
                !sides.recipient || both,
            ),
        };
        crate::app::mail::flows::meeting_request_answered(
            conn,
            kind,
            &row,
            to_requester,
            to_recipient,
            Some(caller.user_id),
        )?;
        answer(conn, &caller, event_id, row)
    })
    .await
}

/// Locks an accepted meeting into slot `slot` (and `table`): schedule runs keep it there
/// (host managers).
pub async fn lock(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    request_id: Uuid,
    slot: usize,
    table: Option<i32>,
) -> AppResult<RequestAndSlots> {
    db.write(move |conn| {
        let (mut row, parties, _) = locked_request(conn, &caller, event_id, request_id)?;
        require_host(&caller, &parties)?;
        if row.status != MeetingRequestStatus::Accepted {
            return Err(AppError::conflict(format!(
                "only accepted meetings are locked; this one is {}",
                row.status.as_str()
            )));
        }
        let all = sessions_and_slots(conn, event_id)?.slots;
        let tables = settings_of(conn, event_id)?.tables;
        let mut errors = Vec::new();
        let at = all.get(slot);
        if at.is_none() {
            errors.push(FieldError::new(
                "slot",
                format!(
                    "the event has {} slots (0 to {})",
                    all.len(),
                    all.len().saturating_sub(1)
                ),
            ));
        }
        if table.is_some_and(|t| t > tables) {
            errors.push(FieldError::new(
                "table",
                format!("the event has {tables} tables"),
            ));
        }
        let Some(at) = at.filter(|_| errors.is_empty()) else {
            return Err(AppError::Validation(errors));
        };
        row.locked_starts_at = Some(at.starts_at.naive_utc());
        row.locked_table = table;
        let row = store::update_request(conn, &row)?;
        Ok((record(conn, &caller, row)?, all))
    })
    .await
}

/// Unlocks a meeting: the next run may move it (host managers).
pub async fn unlock(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    request_id: Uuid,
) -> AppResult<RequestAndSlots> {
    db.write(move |conn| {
        let (mut row, parties, _) = locked_request(conn, &caller, event_id, request_id)?;
        require_host(&caller, &parties)?;
        row.locked_starts_at = None;
        row.locked_table = None;
        let row = store::update_request(conn, &row)?;
        answer(conn, &caller, event_id, row)
    })
    .await
}

/// Names who of one company's attendees take part in a meeting (an empty list: all of
/// them, the default): that company's editors, or the host. Each person's schedule then
/// holds only the meetings they attend.
pub async fn set_attendees(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    request_id: Uuid,
    registration_id: Uuid,
    contacts: Vec<Uuid>,
) -> AppResult<RequestAndSlots> {
    db.write(move |conn| {
        let (row, _, sides) = locked_request(conn, &caller, event_id, request_id)?;
        let side = if registration_id == row.requester_registration_id {
            sides.requester
        } else if registration_id == row.recipient_registration_id {
            sides.recipient
        } else {
            return Err(AppError::invalid(
                "registration_id",
                format!("is neither side of meeting request {request_id}"),
            ));
        };
        require(
            side || sides.organiser,
            "name the attendees of this company",
        )?;
        if !matches!(
            row.status,
            MeetingRequestStatus::Pending | MeetingRequestStatus::Accepted
        ) {
            return Err(AppError::conflict(format!(
                "attendees are named for pending or accepted meetings; this one is {}",
                row.status.as_str()
            )));
        }
        let registration = registrations::get(conn, event_id, registration_id)?;
        check_named(conn, &registration, &contacts, "contact_ids")?;
        let mut current: Vec<Uuid> = store::request_attendees(conn, &[row.id.to_string()])?
            .into_iter()
            .filter(|a| a.registration_id == registration_id)
            .map(|a| a.contact_id)
            .collect();
        let mut wanted = contacts.clone();
        current.sort();
        wanted.sort();
        // The same people again change nothing: same version, same ETag, no announcement.
        let row = if current == wanted {
            row
        } else {
            let row = store::set_request_attendees(conn, &row, registration_id, &contacts)?;
            store::announce_request(conn, &row)?;
            row
        };
        answer(conn, &caller, event_id, row)
    })
    .await
}
