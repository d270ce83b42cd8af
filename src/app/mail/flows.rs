//! The mail the service's own flows send, each queued in the transaction of its change:
//! a registration confirmed, meeting requests received and answered, a schedule published
//! (with each company's `.ics`), partnership requests received and moved on, and the event
//! reminder the day before. Recipients are the editors of the company concerned
//! ([`super::notify_editors`]); people named in a mail are those the recipient may see.
//!
//! Links lead to the frontend at the API's own paths without `/api/v1`
//! (`/events/{id}/meeting-requests/{request_id}`, `/partnership-requests/{id}`, …).

use chrono::{Duration, NaiveDateTime};
use uuid::Uuid;

use super::{MailKind, Params, notify_editors};
use crate::app::matchmaking::runs::result_of;
use crate::app::matchmaking::schedule::{attended_by, ics, meetings_by_registration, zone_named};
use crate::domain::mail::Attachment;
use crate::domain::partnership::Side;
use crate::error::AppResult;
use crate::store::DbConn;
use crate::store::events::EventRecord;
use crate::store::matchmaking::{RequestRow as MeetingRequestRow, RunRow};
use crate::store::partnerships::RequestRow as PartnershipRow;
use crate::store::registrations::{self, RegistrationRow};

fn legal_name(conn: &mut DbConn, member_id: Uuid) -> AppResult<String> {
    Ok(crate::store::members::get(conn, member_id)?.legal_name)
}

/// What every mail about an event says of it.
fn event_params(event: &EventRecord) -> Params {
    let r = &event.row;
    Params {
        event: Some(r.title.clone()),
        starts_at: Some(r.starts_at.and_utc()),
        place: Some(
            [r.venue_name.as_str(), r.venue_city.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        ..Params::default()
    }
}

/// `registration_confirmed` to the registering company's editors (the one who registered
/// too: it is their confirmation).
pub fn registration_confirmed(
    conn: &mut DbConn,
    event: &EventRecord,
    registration: &RegistrationRow,
) -> AppResult<usize> {
    let company = legal_name(conn, registration.member_id)?;
    let params = Params {
        company: Some(company),
        link: format!("/events/{}/registrations/{}", event.row.id, registration.id),
        ..event_params(event)
    };
    notify_editors(
        conn,
        registration.member_id,
        MailKind::RegistrationConfirmed,
        None,
        |_, _| Ok(params.clone()),
    )
}

/// What a registration's company hears when it does not (yet) hold seats, or got them:
/// `registration_status` for `pending`, `waitlisted` (with its `position`) and `declined`
/// (with the organisers' `reason`); `registration_promoted` when a waitlisted one became
/// active. Never the "confirmed" mail for a registration that holds no seat.
pub fn registration_news(
    conn: &mut DbConn,
    event: &EventRecord,
    registration: &RegistrationRow,
    news: RegistrationNews<'_>,
) -> AppResult<usize> {
    let company = legal_name(conn, registration.member_id)?;
    let base = Params {
        company: Some(company),
        link: format!("/events/{}/registrations/{}", event.row.id, registration.id),
        ..event_params(event)
    };
    let (kind, params) = match news {
        RegistrationNews::Pending => (
            MailKind::RegistrationStatus,
            Params {
                status: Some("pending".into()),
                ..base
            },
        ),
        RegistrationNews::Waitlisted { position } => (
            MailKind::RegistrationStatus,
            Params {
                status: Some("waitlisted".into()),
                count: Some(position),
                ..base
            },
        ),
        RegistrationNews::Declined { reason } => (
            MailKind::RegistrationStatus,
            Params {
                status: Some("declined".into()),
                message: reason.map(str::to_owned),
                ..base
            },
        ),
        RegistrationNews::Promoted => (MailKind::RegistrationPromoted, base),
    };
    notify_editors(conn, registration.member_id, kind, None, |_, _| {
        Ok(params.clone())
    })
}

/// What happened to a registration, for [`registration_news`].
#[derive(Debug, Clone, Copy)]
pub enum RegistrationNews<'a> {
    Pending,
    Waitlisted { position: usize },
    Declined { reason: Option<&'a str> },
    Promoted,
}

/// The two registrations of a meeting request and their companies' names.
struct MeetingParties {
    requester: RegistrationRow,
    recipient: RegistrationRow,
    requester_name: String,
    recipient_name: String,
    event: EventRecord,
}

fn meeting_parties(conn: &mut DbConn, row: &MeetingRequestRow) -> AppResult<MeetingParties> {
    let event_id = row.event_id;
    let requester = registrations::get(conn, event_id, row.requester_registration_id)?;
    let recipient = registrations::get(conn, event_id, row.recipient_registration_id)?;
    Ok(MeetingParties {
        requester_name: legal_name(conn, requester.member_id)?,
        recipient_name: legal_name(conn, recipient.member_id)?,
        event: crate::store::events::get_for_access(conn, event_id)?,
        requester,
        recipient,
    })
}

fn meeting_link(row: &MeetingRequestRow) -> String {
    format!("/events/{}/meeting-requests/{}", row.event_id, row.id)
}

/// `meeting_request_received` to the recipient company's editors, naming the requester's
/// attendees each of them may see.
pub fn meeting_request_received(
    conn: &mut DbConn,
    row: &MeetingRequestRow,
    except: Option<Uuid>,
) -> AppResult<usize> {
    let p = meeting_parties(conn, row)?;
    let attendees = registrations::attendees_of(conn, &[p.requester.id.to_string()])?;
    let (member, cluster) = (p.requester.member_id, p.requester.cluster_id);
    let base = Params {
        company: Some(p.recipient_name.clone()),
        other_company: Some(p.requester_name.clone()),
        message: Some(row.message.clone()),
        link: meeting_link(row),
        ..event_params(&p.event)
    };
    notify_editors(
        conn,
        p.recipient.member_id,
        MailKind::MeetingRequestReceived,
        except,
        |_, recipient| {
            let people = attendees
                .iter()
                .filter(|(_, c)| c.erased_at.is_none())
                .filter(|(_, c)| recipient.sees_contact(cluster, member, c.share_consent))
                .map(|(_, c)| {
                    if c.role.trim().is_empty() {
                        c.name.clone()
                    } else {
                        format!("{} ({})", c.name, c.role)
                    }
                })
                .collect();
            Ok(Params {
                people,
                ..base.clone()
            })
        },
    )
}

/// `meeting_request_accepted`, `…_declined` or `…_cancelled` to the editors of the
/// requesting company (`to_requester`) and of the recipient company (`to_recipient`),
/// each told in terms of their own company and the other.
pub fn meeting_request_answered(
    conn: &mut DbConn,
    kind: MailKind,
    row: &MeetingRequestRow,
    to_requester: bool,
    to_recipient: bool,
    except: Option<Uuid>,
) -> AppResult<usize> {
    let p = meeting_parties(conn, row)?;
    let mut queued = 0;
    for (notify, own, own_name, other_name) in [
        (
            to_requester,
            &p.requester,
            &p.requester_name,
            &p.recipient_name,
        ),
        (
            to_recipient,
            &p.recipient,
            &p.recipient_name,
            &p.requester_name,
        ),
    ] {
        if !notify {
            continue;
        }
        let params = Params {
            company: Some(own_name.clone()),
            other_company: Some(other_name.clone()),
            link: meeting_link(row),
            ..event_params(&p.event)
        };
        queued += notify_editors(conn, own.member_id, kind, except, |_, _| Ok(params.clone()))?;
    }
    Ok(queued)
}

/// `schedule_published` to the editors of every company registered for the event, each
/// with its own meetings as an `.ics` attachment (none when no meeting of it was placed),
/// and to each attendee with an account of their own who is not an editor of the company:
/// the meetings they attend, in their time zone.
pub fn schedule_published(conn: &mut DbConn, run: &RunRow) -> AppResult<usize> {
    let event_id = run.event_id;
    let event = crate::store::events::get_for_access(conn, event_id)?;
    let mut schedules = meetings_by_registration(conn, event_id, result_of(run)?, None)?;
    let registered = registrations::list(
        conn,
        event_id,
        &registrations::RegistrationFilter::default(),
        None,
        i64::MAX,
    )?;
    let mut queued = 0;
    for registration in registered {
        let rid = registration.id;
        let meetings = schedules.remove(&rid).unwrap_or_default();
        let attachment = (!meetings.is_empty()).then(|| Attachment {
            name: "meetings.ics".into(),
            content_type: "text/calendar; method=PUBLISH; charset=utf-8".into(),
            content: ics(
                &event,
                rid,
                &meetings,
                zone_named(&event.row.time_zone),
                run.published_at.map(|t| t.and_utc()),
            ),
        });
        let params = Params {
            company: Some(legal_name(conn, registration.member_id)?),
            count: Some(meetings.len()),
            starts_at: meetings
                .first()
                .map(|m| m.meeting.starts_at)
                .or(Some(event.row.starts_at.and_utc())),
            link: format!("/events/{event_id}/registrations/{rid}/schedule"),
            attachment,
            ..event_params(&event)
        };
        queued += notify_editors(
            conn,
            registration.member_id,
            MailKind::SchedulePublished,
            None,
            |_, _| Ok(params.clone()),
        )?;
        queued += attendees_schedules(conn, &event, run, &registration, &meetings, &params)?;
    }
    Ok(queued)
}

/// `schedule_published` to each attendee of `registration` who has an account (the one with
/// their e-mail address, confirmed as theirs), is not an editor of its company and attends at least one of its
/// meetings, with those meetings.
fn attendees_schedules(
    conn: &mut DbConn,
    event: &EventRecord,
    run: &RunRow,
    registration: &RegistrationRow,
    meetings: &[crate::app::matchmaking::schedule::MeetingWith],
    company: &Params,
) -> AppResult<usize> {
    let rid = registration.id;
    let editors: Vec<Uuid> = crate::store::users::editors_of(conn, registration.member_id)?
        .iter()
        .map(|u| u.id)
        .collect();
    let mut queued = 0;
    for (_, contact) in registrations::attendees_of(conn, &[rid.to_string()])? {
        let Some(email) = contact.email.as_deref() else {
            continue;
        };
        let Some(person) = crate::store::users::find_by_email(conn, email)?
            .filter(|u| u.email_verified_at.is_some())
        else {
            continue;
        };
        if editors.contains(&person.id) {
            continue;
        }
        let theirs = attended_by(conn, meetings.to_vec(), rid, contact.id)?;
        if theirs.is_empty() {
            continue;
        }
        let params = Params {
            count: Some(theirs.len()),
            own_schedule: true,
            starts_at: theirs
                .first()
                .map(|m| m.meeting.starts_at)
                .or(Some(event.row.starts_at.and_utc())),
            link: format!("/me/schedule?event_id={}", event.row.id),
            attachment: Some(Attachment {
                name: "my-meetings.ics".into(),
                content_type: "text/calendar; method=PUBLISH; charset=utf-8".into(),
                content: ics(
                    event,
                    rid,
                    &theirs,
                    zone_named(&person.time_zone),
                    run.published_at.map(|t| t.and_utc()),
                ),
            }),
            ..company.clone()
        };
        if super::notify_user(conn, person.id, MailKind::SchedulePublished, &params)?.is_some() {
            queued += 1;
        }
    }
    Ok(queued)
}

fn partnership_link(row: &PartnershipRow) -> String {
    format!("/partnership-requests/{}", row.id)
}

/// `partnership_request_received` to the receiving company's editors.
pub fn partnership_request_received(
    conn: &mut DbConn,
    row: &PartnershipRow,
    except: Option<Uuid>,
) -> AppResult<usize> {
    let parties = row.parties();
    let params = Params {
        company: Some(legal_name(conn, parties.to_member)?),
        other_company: Some(legal_name(conn, parties.from_member)?),
        subject: Some(row.subject.clone()),
        message: Some(row.message.clone()),
        link: partnership_link(row),
        ..Params::default()
    };
    notify_editors(
        conn,
        parties.to_member,
        MailKind::PartnershipRequestReceived,
        except,
        |_, _| Ok(params.clone()),
    )
}

/// `partnership_request_status` after a request moved on, with the comment of whoever
/// moved it, to the editors of the other side: the side(s) the one who acted is not on
/// (both when they act for both, as an admin does).
pub fn partnership_request_status(
    conn: &mut DbConn,
    row: &PartnershipRow,
    acted_for: &[Side],
    comment: &str,
    except: Option<Uuid>,
) -> AppResult<usize> {
    let parties = row.parties();
    let from_name = legal_name(conn, parties.from_member)?;
    let to_name = legal_name(conn, parties.to_member)?;
    let both = acted_for.contains(&Side::Sender) && acted_for.contains(&Side::Recipient);
    let mut queued = 0;
    for (side, member, own, other) in [
        (Side::Sender, parties.from_member, &from_name, &to_name),
        (Side::Recipient, parties.to_member, &to_name, &from_name),
    ] {
        if acted_for.contains(&side) && !both {
            continue;
        }
        let params = Params {
            company: Some(own.clone()),
            other_company: Some(other.clone()),
            subject: Some(row.subject.clone()),
            status: Some(row.status.as_str().to_owned()),
            message: Some(comment.to_owned()),
            link: partnership_link(row),
            ..Params::default()
        };
        queued += notify_editors(
            conn,
            member,
            MailKind::PartnershipRequestStatus,
            except,
            |_, _| Ok(params.clone()),
        )?;
    }
    Ok(queued)
}

/// How long before an event its reminder goes out.
pub const REMINDER_AHEAD_HOURS: i64 = 24;

/// Queues the reminder of every active registration of a published event that begins
/// within the next day ([`remind`]). Returns how many registrations were reminded.
pub fn event_reminders(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<usize> {
    let due = registrations::active_of_events_starting(
        conn,
        now,
        now + Duration::hours(REMINDER_AHEAD_HOURS),
    )?;
    let mut reminded = 0;
    for registration in due {
        if remind(conn, &registration)? {
            reminded += 1;
        }
    }
    Ok(reminded)
}

/// `event_reminder` to the editors of a registered company, once per registration
/// whichever instance (or how many at once) gets there: the registration is recorded as
/// reminded in the same transaction (`store::mail::take_reminder`). `false` when it was
/// reminded already.
pub fn remind(conn: &mut DbConn, registration: &RegistrationRow) -> AppResult<bool> {
    if !crate::store::mail::take_reminder(conn, registration.id)? {
        return Ok(false);
    }
    let event = crate::store::events::get_for_access(conn, registration.event_id)?;
    let params = Params {
        company: Some(legal_name(conn, registration.member_id)?),
        link: format!("/events/{}", event.row.id),
        ..event_params(&event)
    };
    notify_editors(
        conn,
        registration.member_id,
        MailKind::EventReminder,
        None,
        |_, _| Ok(params.clone()),
    )?;
    Ok(true)
}
