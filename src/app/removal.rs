//! What follows when member companies are removed by their portal's mirror sync, in the same
//! transaction: the company becomes a tombstone that keeps its people, registrations and
//! history for the retention period (`POST /members/{id}/restore` brings it back); its
//! registrations for events that have not ended are cancelled (seats free and go to the
//! waiting list, webhook `registration.cancelled`); its open meeting requests are cancelled and its open partnership
//! requests closed, with the reason in their history; it leaves catalogues and suggestions;
//! its editors' rights end (see `store::users::active_grants_of`). After the retention period
//! [`purge`] deletes its people for good (the purge worker, `crate::workers::purge`, runs it).

use diesel::prelude::*;

use crate::domain::matchmaking::MeetingRequestStatus;
use crate::domain::partnership::RequestStatus;
use crate::error::AppResult;
use crate::store::partnerships::RequestRow as PartnershipRow;
use crate::store::schema::{
    contacts, events, meeting_requests, members, partnership_requests, registrations, role_grants,
};
use crate::store::{self, DbConn, now};

/// The reason written into the history of what the removal closed.
pub const REASON: &str = "the company was removed from its cluster's member list by the portal";

/// Applies the consequences of removing `member_ids` (already marked removed).
pub fn consequences(conn: &mut DbConn, member_ids: &[String]) -> AppResult<()> {
    if member_ids.is_empty() {
        return Ok(());
    }
    let at = now();
    for chunk in member_ids.chunks(500) {
        // Registrations for events still to come or under way.
        let open: Vec<store::registrations::RegistrationRow> = registrations::table
            .inner_join(events::table)
            .filter(registrations::member_id.eq_any(chunk))
            .filter(
                registrations::status.eq_any(crate::domain::registration::RegistrationStatus::LIVE),
            )
            .filter(events::ends_at.gt(at))
            .select(store::registrations::RegistrationRow::as_select())
            .load(conn)?;
        let registration_ids: Vec<String> = open.iter().map(|r| r.id.to_string()).collect();
        // The events first, in id order, then their registrations: the order every change to
        // a registration takes (event row, then registration), so that this cannot deadlock
        // with a concurrent cancellation or approval on PostgreSQL.
        let mut freed: Vec<uuid::Uuid> = open.iter().map(|r| r.event_id).collect();
        freed.sort();
        freed.dedup();
        for event_id in &freed {
            store::lock_for_update(conn, store::Locked::Events, &event_id.to_string())?;
        }
        for row in &open {
            store::registrations::cancel(conn, row)?;
        }
        // Freed seats go to those waiting, first in line first.
        for event_id in freed {
            crate::app::registration_flow::promote_waitlisted(conn, event_id)?;
        }
        // Their meeting requests that were still open.
        let requests: Vec<store::matchmaking::RequestRow> = meeting_requests::table
            .filter(
                meeting_requests::requester_registration_id
                    .eq_any(&registration_ids)
                    .or(meeting_requests::recipient_registration_id.eq_any(&registration_ids)),
            )
            .filter(meeting_requests::status.eq_any([
                MeetingRequestStatus::Pending,
                MeetingRequestStatus::Accepted,
            ]))
            .select(store::matchmaking::RequestRow::as_select())
            .load(conn)?;
        for mut row in requests {
            row.status = MeetingRequestStatus::Cancelled;
            let updated = store::matchmaking::update_request(conn, &row)?;
            store::matchmaking::announce_request(conn, &updated)?;
        }
        // Open partnership requests from or to them.
        let partnerships: Vec<PartnershipRow> = partnership_requests::table
            .filter(
                partnership_requests::from_member_id
                    .eq_any(chunk)
                    .or(partnership_requests::to_member_id.eq_any(chunk)),
            )
            .filter(
                partnership_requests::status
                    .eq_any([RequestStatus::Pending, RequestStatus::Accepted]),
            )
            .select(PartnershipRow::as_select())
            .load(conn)?;
        for row in partnerships {
            let from = row.status;
            let to = match from {
                RequestStatus::Accepted => RequestStatus::Closed,
                // A pending request ends as its side would end it: the sender withdraws it,
                // the recipient declines it.
                _ if chunk.contains(&row.from_member_id.to_string()) => RequestStatus::Withdrawn,
                _ => RequestStatus::Declined,
            };
            store::partnerships::transition(conn, &row, from, to, None, REASON)?;
        }
    }
    Ok(())
}

/// Deletes for good what the removal kept, once `retention` has passed since: the people of
/// each removed company (with their attendances and meeting participations) and its editors'
/// grants; the company itself too when nothing refers to it. A company that took part in
/// events or partnership requests stays as a removed record without people (it is part of
/// those records). Idempotent; several instances may run it at once. Returns how many
/// companies were purged.
pub fn purge(conn: &mut DbConn, retention: chrono::Duration) -> AppResult<usize> {
    let before = now() - retention;
    let due: Vec<String> = members::table
        .filter(members::deleted_at.le(before))
        .filter(members::purged_at.is_null())
        .select(members::id)
        .limit(500)
        .load(conn)?;
    for id in &due {
        diesel::delete(contacts::table.filter(contacts::member_id.eq(id))).execute(conn)?;
        diesel::delete(role_grants::table.filter(role_grants::member_id.eq(id))).execute(conn)?;
        let referenced: i64 = registrations::table
            .filter(registrations::member_id.eq(id))
            .count()
            .get_result::<i64>(conn)?
            + partnership_requests::table
                .filter(
                    partnership_requests::from_member_id
                        .eq(id)
                        .or(partnership_requests::to_member_id.eq(id)),
                )
                .count()
                .get_result::<i64>(conn)?;
        if referenced == 0 {
            diesel::delete(members::table.find(id)).execute(conn)?;
        } else {
            diesel::update(members::table.find(id))
                .set(members::purged_at.eq(Some(now())))
                .execute(conn)?;
        }
    }
    Ok(due.len())
}
