//! Requests of data subjects (GDPR articles 15 and 17), the pretix way: export everything held
//! about one person, then shred.
//!
//! A contact person's erasure replaces their data by a placeholder ("Erased person", no
//! e-mail, phone or role, no consent) and keeps the row, so that the histories that refer to
//! it (attendances, meetings) keep their shape without the person; in the same transaction
//! the feeds get a tombstone and the webhooks `contact.removed`, kept answers to retried
//! requests that may hold the person are forgotten, and events stop naming them as
//! coordinator. From then on the person is in no answer, export, feed or catalogue.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::AppResult;
use crate::store::DbConn;
use crate::store::contacts::ContactRow;
use crate::store::schema::{
    api_keys, events, idempotency_keys, meeting_participants, meeting_requests, meetings,
    partnership_request_history, partnership_requests, refresh_tokens, registration_attendees,
    registrations, trade_notes, webhooks,
};

/// The placeholder that replaces an erased person's name.
pub const ERASED_NAME: &str = crate::store::contacts::REMOVED_NAME;

fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttendanceRecord {
    pub registration_id: Uuid,
    pub event_id: Uuid,
    pub event_title: String,
    pub event_starts_at: DateTime<Utc>,
    /// `active` or `cancelled`.
    pub registration_status: String,
    /// When the person was checked in at the event (the scan at the door), if they were.
    pub checked_in_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingRecord {
    pub meeting_id: Uuid,
    pub partnership_request_id: Uuid,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: String,
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventReference {
    pub event_id: Uuid,
    pub title: String,
}

/// What the service holds about a contact person, besides the contact record itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContactHoldings {
    /// Registrations that list the person as an attendee.
    pub attendances: Vec<AttendanceRecord>,
    /// Partnership meetings the person takes part in.
    pub meetings: Vec<MeetingRecord>,
    /// Events that name the person as their coordinator.
    pub coordinated_events: Vec<EventReference>,
    // Whether the person answered a survey is not here: this export is read by their
    // company's editors and cluster's managers, who may be the survey's host and would tie
    // an answer to its author by comparing results over time. The person asks
    // `GET …/survey/responses/mine` themselves.
}

pub fn contact_holdings(conn: &mut DbConn, contact_id: Uuid) -> AppResult<ContactHoldings> {
    let contact_id = contact_id.to_string();
    let checked_in: std::collections::HashMap<Uuid, NaiveDateTime> =
        crate::store::schema::check_ins::table
            .filter(crate::store::schema::check_ins::contact_id.eq(&contact_id))
            .select((
                crate::store::schema::check_ins::event_id,
                crate::store::schema::check_ins::scanned_at,
            ))
            .load::<(Uuid, NaiveDateTime)>(conn)?
            .into_iter()
            .collect();
    let attendances = registration_attendees::table
        .inner_join(registrations::table.inner_join(events::table))
        .filter(registration_attendees::contact_id.eq(&contact_id))
        .order(events::starts_at.asc())
        .select((
            registrations::id,
            events::id,
            events::title,
            events::starts_at,
            registrations::status,
        ))
        .load::<(Uuid, Uuid, String, NaiveDateTime, String)>(conn)?
        .into_iter()
        .map(|(r, e, title, starts, status)| AttendanceRecord {
            registration_id: r,
            event_id: e,
            event_title: title,
            event_starts_at: utc(starts),
            registration_status: status,
            checked_in_at: checked_in.get(&e).copied().map(utc),
        })
        .collect();
    let meetings = meeting_participants::table
        .inner_join(meetings::table)
        .filter(meeting_participants::contact_id.eq(&contact_id))
        .order(meetings::starts_at.asc())
        .select((
            meetings::id,
            meetings::request_id,
            meetings::starts_at,
            meetings::ends_at,
            meetings::location,
            meetings::status,
        ))
        .load::<(Uuid, Uuid, NaiveDateTime, NaiveDateTime, String, String)>(conn)?
        .into_iter()
        .map(
            |(id, request, starts, ends, location, status)| MeetingRecord {
                meeting_id: id,
                partnership_request_id: request,
                starts_at: utc(starts),
                ends_at: utc(ends),
                location,
                status,
            },
        )
        .collect();
    let coordinated_events = events::table
        .filter(events::coordinator_contact_id.eq(&contact_id))
        .order(events::starts_at.asc())
        .select((events::id, events::title))
        .load::<(Uuid, String)>(conn)?
        .into_iter()
        .map(|(id, title)| EventReference {
            event_id: id,
            title,
        })
        .collect();
    Ok(ContactHoldings {
        attendances,
        meetings,
        coordinated_events,
    })
}

/// Erases a contact person (see the module documentation). Run in a write transaction, with
/// the contact locked.
pub fn erase_contact(conn: &mut DbConn, current: &ContactRow) -> AppResult<()> {
    let ids = [current.id.to_string()];
    crate::app::registration_flow::freeing_seats(conn, &ids, |conn| {
        Ok(crate::store::contacts::remove_people(conn, &ids)?)
    })?;
    forget_kept_answers_naming(conn, current.id)
}

/// Kept answers of retried requests (`Idempotency-Key`) that mention `id`: they may hold the
/// person's data for up to 24 hours otherwise.
fn forget_kept_answers_naming(conn: &mut DbConn, id: Uuid) -> AppResult<()> {
    diesel::delete(idempotency_keys::table.filter(idempotency_keys::body.like(format!("%{id}%"))))
        .execute(conn)?;
    Ok(())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionRecord {
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ObjectReference {
    pub id: Uuid,
    /// A name, title or subject, to recognise it by.
    pub label: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusChangeRecord {
    pub partnership_request_id: Uuid,
    pub from_status: Option<String>,
    pub to_status: String,
    pub comment: String,
    pub at: DateTime<Utc>,
}

/// What the service holds about a user account, besides the account and its roles.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserHoldings {
    /// Sign-in sessions (refresh tokens; the tokens themselves are stored only as hashes).
    pub sessions: Vec<SessionRecord>,
    pub api_keys_created: Vec<ObjectReference>,
    pub webhooks_created: Vec<ObjectReference>,
    pub partnership_requests_created: Vec<ObjectReference>,
    /// Status changes the user made, with their comments.
    pub partnership_status_changes: Vec<StatusChangeRecord>,
    pub meeting_requests_created: Vec<ObjectReference>,
    pub registrations_made: Vec<ObjectReference>,
    pub trade_notes_written: Vec<ObjectReference>,
    /// Mail queued or sent to the user (labelled with its subject; an admin reads the bodies).
    pub mails_received: Vec<ObjectReference>,
    /// The kinds of mail the user turned off.
    pub mail_muted: Vec<crate::domain::mail::MailKind>,
    /// Password-reset and e-mail-change links mailed for the account (kept a week after they
    /// stop working; the tokens themselves are stored only as hashes), with the new address
    /// of an e-mail change.
    pub account_links: Vec<AccountLinkRecord>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountLinkRecord {
    /// `password_reset` or `email_change`.
    pub purpose: String,
    pub new_email: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

fn references(rows: Vec<(Uuid, String, NaiveDateTime)>) -> Vec<ObjectReference> {
    rows.into_iter()
        .map(|(id, label, at)| ObjectReference {
            id,
            label,
            created_at: utc(at),
        })
        .collect()
}

pub fn user_holdings(conn: &mut DbConn, user_id: Uuid) -> AppResult<UserHoldings> {
    let user = user_id.to_string();
    let sessions = refresh_tokens::table
        .filter(refresh_tokens::user_id.eq(&user))
        .order(refresh_tokens::created_at.asc())
        .select((
            refresh_tokens::created_at,
            refresh_tokens::expires_at,
            refresh_tokens::used_at,
            refresh_tokens::revoked_at,
        ))
        .load::<(
            NaiveDateTime,
            NaiveDateTime,
            Option<NaiveDateTime>,
            Option<NaiveDateTime>,
        )>(conn)?
        .into_iter()
        .map(|(created, expires, used, revoked)| SessionRecord {
            created_at: utc(created),
            expires_at: utc(expires),
            used_at: used.map(utc),
            revoked_at: revoked.map(utc),
        })
        .collect();
    let api_keys_created = references(
        api_keys::table
            .filter(api_keys::created_by.eq(&user))
            .select((api_keys::id, api_keys::name, api_keys::created_at))
            .order(api_keys::created_at.asc())
            .load(conn)?,
    );
    let webhooks_created = references(
        webhooks::table
            .filter(webhooks::created_by.eq(&user))
            .select((webhooks::id, webhooks::url, webhooks::created_at))
            .order(webhooks::created_at.asc())
            .load(conn)?,
    );
    let partnership_requests_created = references(
        partnership_requests::table
            .filter(partnership_requests::created_by.eq(&user))
            .select((
                partnership_requests::id,
                partnership_requests::subject,
                partnership_requests::created_at,
            ))
            .order(partnership_requests::created_at.asc())
            .load(conn)?,
    );
    let partnership_status_changes = partnership_request_history::table
        .filter(partnership_request_history::actor_user_id.eq(&user))
        .order(partnership_request_history::at.asc())
        .select((
            partnership_request_history::request_id,
            partnership_request_history::from_status,
            partnership_request_history::to_status,
            partnership_request_history::comment,
            partnership_request_history::at,
        ))
        .load::<(Uuid, Option<String>, String, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(request, from, to, comment, at)| StatusChangeRecord {
            partnership_request_id: request,
            from_status: from,
            to_status: to,
            comment,
            at: utc(at),
        })
        .collect();
    let meeting_requests_created = references(
        meeting_requests::table
            .filter(meeting_requests::created_by.eq(&user))
            .select((
                meeting_requests::id,
                meeting_requests::message,
                meeting_requests::created_at,
            ))
            .order(meeting_requests::created_at.asc())
            .load(conn)?,
    );
    let registrations_made = references(
        registrations::table
            .inner_join(events::table)
            .filter(registrations::registered_by.eq(&user))
            .select((registrations::id, events::title, registrations::created_at))
            .order(registrations::created_at.asc())
            .load(conn)?,
    );
    let trade_notes_written = references(
        trade_notes::table
            .filter(trade_notes::author_user_id.eq(&user))
            .select((trade_notes::id, trade_notes::title, trade_notes::created_at))
            .order(trade_notes::created_at.asc())
            .load(conn)?,
    );
    let mails_received = crate::store::mail::list(
        conn,
        &crate::store::mail::Filter {
            to_user_id: Some(user_id),
            ..Default::default()
        },
        None,
        i64::MAX,
    )?
    .into_iter()
    .map(|m| ObjectReference {
        id: m.id,
        label: m.subject,
        created_at: utc(m.created_at),
    })
    .collect();
    let mail_muted = crate::store::mail::opt_outs(conn, user_id)?;
    let account_links = crate::store::account_tokens::of_user(conn, user_id)?
        .into_iter()
        .map(|t| AccountLinkRecord {
            purpose: t.purpose,
            new_email: t.new_email,
            created_at: utc(t.created_at),
            expires_at: utc(t.expires_at),
            used_at: t.used_at.map(utc),
        })
        .collect();
    Ok(UserHoldings {
        account_links,
        mails_received,
        mail_muted,
        sessions,
        api_keys_created,
        webhooks_created,
        partnership_requests_created,
        partnership_status_changes,
        meeting_requests_created,
        registrations_made,
        trade_notes_written,
    })
}

/// Kept answers of a user's retried requests, forgotten with the account.
pub fn forget_kept_answers_of_user(conn: &mut DbConn, user_id: Uuid) -> AppResult<()> {
    diesel::delete(
        idempotency_keys::table.filter(idempotency_keys::scope.eq(format!("user:{user_id}"))),
    )
    .execute(conn)?;
    Ok(())
}
