//! An attendee's personal schedule: its meetings in the published run, as data and as an
//! iCalendar file (the answer of `…/schedule?format=ics`, and the attachment of the mail
//! that tells each company its schedule was published).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::own_registration;
use super::runs::{RunResult, ScheduledMeeting, result_of};
use crate::domain::access::Principal;
use crate::domain::calendar_feed::words;
use crate::domain::event::EventStatus;
use crate::domain::mail::Language;
use crate::error::{AppError, AppResult};
use crate::export::ical::{CalendarItem, calendar_in_at};
use crate::store::events::EventRecord;
use crate::store::matchmaking::{self as store, RunRow};
use crate::store::registrations::{self, RegistrationRow};
use crate::store::{Db, DbConn};

/// One meeting of the attendee, with the company met.
#[derive(Debug, Clone)]
pub struct MeetingWith {
    pub meeting: ScheduledMeeting,
    pub with_registration_id: Uuid,
    pub with_member_id: Uuid,
    pub with_legal_name: String,
    /// An online meeting's video link.
    pub video_url: Option<String>,
}

/// The attendee's meetings (in slot order) in the published run, and the event.
pub struct PersonalSchedule {
    pub run: RunRow,
    pub meetings: Vec<MeetingWith>,
    pub event: EventRecord,
    /// Whose schedule: one attendee's (their contact id), or the whole company's (none).
    pub attendee: Option<Uuid>,
    /// The zone its times are shown in: the attendee's own, else the event's.
    pub time_zone: Tz,
}

/// A zone by its IANA name; the default zone for a name that is none (stored names are
/// checked when written, so this is only a safety net).
pub fn zone_named(name: &str) -> Tz {
    name.parse().unwrap_or_else(|_| {
        crate::domain::mail::DEFAULT_TIME_ZONE
            .parse()
            .unwrap_or(Tz::UTC)
    })
}

/// A contact person's own time zone: that of the account with their e-mail address (one
/// whose holder has shown the address is theirs), else the event's.
fn zone_of_person(
    conn: &mut DbConn,
    contact: Uuid,
    member_id: Uuid,
    event: &EventRecord,
) -> AppResult<Tz> {
    let contact = crate::store::contacts::get(conn, member_id, contact)?;
    let account = match contact.email.as_deref() {
        Some(email) => crate::store::users::find_by_email(conn, email)?
            .filter(|u| u.email_verified_at.is_some()),
        None => None,
    };
    Ok(zone_named(
        account
            .as_ref()
            .map_or(&event.row.time_zone, |u| &u.time_zone),
    ))
}

/// Of a registration's meetings, those that `contact` attends: the ones that name them for
/// that company, and the ones that name nobody for it (then every attendee goes).
pub fn attended_by(
    conn: &mut DbConn,
    meetings: Vec<MeetingWith>,
    registration: Uuid,
    contact: Uuid,
) -> AppResult<Vec<MeetingWith>> {
    let ids: Vec<String> = meetings
        .iter()
        .map(|m| m.meeting.meeting_request_id.to_string())
        .collect();
    let named = store::request_attendees(conn, &ids)?;
    Ok(meetings
        .into_iter()
        .filter(|m| {
            let side: Vec<Uuid> = named
                .iter()
                .filter(|a| {
                    a.request_id == m.meeting.meeting_request_id
                        && a.registration_id == registration
                })
                .map(|a| a.contact_id)
                .collect();
            side.is_empty() || side.contains(&contact)
        })
        .collect())
}

/// The meetings of a run for each registration that has some (or for `only`), in slot
/// order, with the companies met — in two queries whatever the number of meetings.
pub fn meetings_by_registration(
    conn: &mut DbConn,
    event_id: Uuid,
    result: RunResult,
    only: Option<Uuid>,
) -> AppResult<HashMap<Uuid, Vec<MeetingWith>>> {
    let meetings: Vec<ScheduledMeeting> = result
        .meetings
        .into_iter()
        .filter(|m| {
            only.is_none_or(|r| {
                m.requester_registration_id == r || m.recipient_registration_id == r
            })
        })
        .collect();
    let rows: Vec<RegistrationRow> = registrations::list(
        conn,
        event_id,
        &registrations::RegistrationFilter {
            statuses: registrations::StatusFilter::Any,
            ..Default::default()
        },
        None,
        i64::MAX,
    )?;
    let member_ids: Vec<String> = rows.iter().map(|r| r.member_id.to_string()).collect();
    let legal_names: HashMap<Uuid, String> = crate::store::members::by_ids(conn, &member_ids)?
        .into_iter()
        .map(|m| (m.id, m.legal_name))
        .collect();
    let mut names = HashMap::new();
    for r in &rows {
        let name = legal_names.get(&r.member_id).cloned().unwrap_or_default();
        names.insert(r.id, (r.member_id, name));
    }
    let links = crate::store::matchmaking::video_links(conn, event_id)?;
    let mut out: HashMap<Uuid, Vec<MeetingWith>> = HashMap::new();
    for meeting in meetings {
        let pairs = [
            (
                meeting.requester_registration_id,
                meeting.recipient_registration_id,
            ),
            (
                meeting.recipient_registration_id,
                meeting.requester_registration_id,
            ),
        ];
        for (own, other) in pairs {
            if only.is_some_and(|r| r != own) {
                continue;
            }
            let (member_id, name) = names
                .get(&other)
                .ok_or_else(|| AppError::internal("scheduled registration missing"))?;
            out.entry(own).or_default().push(MeetingWith {
                meeting: meeting.clone(),
                with_registration_id: other,
                with_member_id: *member_id,
                with_legal_name: name.clone(),
                video_url: links.get(&meeting.meeting_request_id).cloned(),
            });
        }
    }
    for list in out.values_mut() {
        list.sort_by_key(|m| m.meeting.slot);
    }
    Ok(out)
}

/// An attendee's meetings from the published schedule (its company's editors and the
/// organisers): the company's, or with `attendee` one person's, in their time zone.
pub async fn personal(
    db: &Db,
    caller: Principal,
    event_id: Uuid,
    registration_id: Uuid,
    attendee: Option<Uuid>,
) -> AppResult<PersonalSchedule> {
    db.run(move |conn| {
        let (registration, event) =
            own_registration(conn, &caller, event_id, registration_id, false)?;
        if let Some(contact) = attendee {
            // Someone the caller may not see (the contact rule) is answered like someone who
            // does not attend: their meetings and their zone are theirs.
            let visible = registrations::attendee_ids(conn, registration_id)?.contains(&contact)
                && crate::store::contacts::get(conn, registration.member_id, contact).is_ok_and(
                    |c| {
                        caller.sees_contact(
                            registration.cluster_id,
                            registration.member_id,
                            c.share_consent,
                        )
                    },
                );
            if !visible {
                return Err(AppError::invalid(
                    "attendee",
                    format!("is not an attendee of registration {registration_id}"),
                ));
            }
        }
        let run = store::published_run(conn, event_id)?
            .ok_or_else(|| AppError::conflict("no schedule is published for this event yet"))?;
        let mut meetings =
            meetings_by_registration(conn, event_id, result_of(&run)?, Some(registration_id))?
                .remove(&registration_id)
                .unwrap_or_default();
        let time_zone = match attendee {
            Some(contact) => {
                meetings = attended_by(conn, meetings, registration_id, contact)?;
                zone_of_person(conn, contact, registration.member_id, &event)?
            }
            None => zone_named(&event.row.time_zone),
        };
        Ok(PersonalSchedule {
            run,
            meetings,
            event,
            attendee,
            time_zone,
        })
    })
    .await
}

/// One meeting of a person's own schedule, with its event.
pub struct MyMeeting {
    pub event_id: Uuid,
    pub event_title: String,
    /// Where the event takes place.
    pub place: String,
    pub registration_id: Uuid,
    /// The person as an attendee of that registration.
    pub contact_id: Uuid,
    pub meeting: MeetingWith,
}

/// The signed-in person's meetings across events, in their time zone.
pub struct MySchedule {
    /// Whether the account's holder has shown that its address is theirs; until then the
    /// account is nobody's attendee and the schedule is empty.
    pub email_verified: bool,
    pub time_zone: Tz,
    /// The person's language (their calendar's words).
    pub language: Language,
    /// In time order.
    pub meetings: Vec<MyMeeting>,
    /// When the latest of the published schedules shown was published (the calendar's
    /// `DTSTAMP`).
    pub published_at: Option<DateTime<Utc>>,
}

/// The meetings that the signed-in user attends, from the published schedules of the events
/// they attend (optionally one): they attend as the contact person with their e-mail
/// address — once they have shown the address is theirs (a mailed link used) — named for
/// the meeting or with nobody named for their company. Cancelled
/// events and cancelled registrations are left out. API keys have no schedule (403).
pub async fn mine(db: &Db, caller: Principal, event_id: Option<Uuid>) -> AppResult<MySchedule> {
    if caller.user_id.is_nil() {
        return Err(AppError::Forbidden(
            "a schedule belongs to a person; API keys have none".into(),
        ));
    }
    db.run(move |conn| mine_in(conn, &caller, event_id)).await
}

/// [`mine`] inside a checkout the caller already holds (the calendar feed reads it beside
/// the agendas and meetings).
pub fn mine_in(
    conn: &mut DbConn,
    caller: &Principal,
    event_id: Option<Uuid>,
) -> AppResult<MySchedule> {
    {
        let user = crate::store::users::get(conn, caller.user_id)?;
        let email_verified = user.email_verified_at.is_some();
        // An address typed in by whoever made the account proves nothing: only an address
        // its holder has shown to be theirs makes them the contact person with it.
        let attended = if email_verified {
            registrations::attended_by(conn, &user.email, event_id)?
        } else {
            Vec::new()
        };
        let mut out = Vec::new();
        let mut published_at: Option<DateTime<Utc>> = None;
        let mut events: HashMap<Uuid, Option<(EventRecord, RunResult)>> = HashMap::new();
        for (registration, contact) in attended {
            let eid = registration.event_id;
            if let std::collections::hash_map::Entry::Vacant(e) = events.entry(eid) {
                let event = crate::store::events::get_for_access(conn, eid)?;
                let run = match store::published_run(conn, eid)? {
                    Some(run) if event.row.status != EventStatus::Cancelled => {
                        let at = run.published_at.map(|t| t.and_utc());
                        published_at = published_at.max(at);
                        Some((event, result_of(&run)?))
                    }
                    _ => None,
                };
                e.insert(run);
            }
            let Some((event, result)) = events.get(&eid).and_then(Option::as_ref) else {
                continue;
            };
            let meetings =
                meetings_by_registration(conn, eid, result.clone(), Some(registration.id))?
                    .remove(&registration.id)
                    .unwrap_or_default();
            let place = place_of(event);
            for meeting in attended_by(conn, meetings, registration.id, contact)? {
                out.push(MyMeeting {
                    event_id: eid,
                    event_title: event.row.title.clone(),
                    place: place.clone(),
                    registration_id: registration.id,
                    contact_id: contact,
                    meeting,
                });
            }
        }
        out.sort_by_key(|m| (m.meeting.meeting.starts_at, m.event_id));
        Ok(MySchedule {
            email_verified,
            time_zone: zone_named(&user.time_zone),
            language: user.language,
            meetings: out,
            published_at,
        })
    }
}

fn place_of(event: &EventRecord) -> String {
    format!("{}, {}", event.row.venue_name, event.row.venue_city)
}

/// A person's own meetings across events as an iCalendar file, in their zone.
pub fn my_ics(schedule: &MySchedule) -> String {
    let lang = schedule.language;
    let items: Vec<CalendarItem> = schedule.meetings.iter().map(|m| my_item(m, lang)).collect();
    calendar_in_at(
        words::my_meetings(lang),
        "",
        &items,
        schedule.time_zone,
        schedule.published_at.unwrap_or(DateTime::UNIX_EPOCH),
    )
}

/// One meeting of a person's own schedule as a calendar entry (at the venue unless online),
/// in `lang`.
pub fn my_item(m: &MyMeeting, lang: Language) -> CalendarItem {
    let mut item = item_of(&m.event_title, m.registration_id, &m.meeting, lang);
    if item.location.is_none() {
        item.location = Some(m.place.clone());
    }
    item
}

fn item_of(
    event_title: &str,
    registration_id: Uuid,
    m: &MeetingWith,
    lang: Language,
) -> CalendarItem {
    CalendarItem {
        uid: format!(
            "{}-{}@cluster2cluster",
            m.meeting.meeting_request_id, registration_id
        ),
        summary: words::b2b_summary(lang, &m.with_legal_name, m.meeting.table),
        // People count slots from 1; the JSON `slot` stays the 0-based index.
        description: words::b2b_description(lang, m.meeting.slot + 1, m.meeting.table, event_title),
        starts_at: m.meeting.starts_at,
        ends_at: m.meeting.ends_at,
        // An online meeting takes place at its link, not at the venue.
        location: m.video_url.clone(),
    }
}

/// A registration's meetings as an iCalendar file: one entry per meeting, at the event's
/// venue, in time zone `zone` (RFC 5545, every text escaped by `export::ical`).
pub fn ics(
    event: &EventRecord,
    registration_id: Uuid,
    meetings: &[MeetingWith],
    zone: Tz,
    published_at: Option<DateTime<Utc>>,
) -> String {
    let items: Vec<CalendarItem> = meetings
        .iter()
        .map(|m| item_of(&event.row.title, registration_id, m, Language::En))
        .collect();
    calendar_in_at(
        &event.row.title,
        &place_of(event),
        &items,
        zone,
        published_at.unwrap_or(DateTime::UNIX_EPOCH),
    )
}
