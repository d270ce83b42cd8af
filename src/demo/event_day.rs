//! The first Cluster2Cluster day: the event, registrations, pitch agenda and B2B meetings.

use serde_json::json;
use uuid::Uuid;

use super::Seeder;
use super::follow_ups::follow_ups;
use crate::error::{AppError, AppResult};
use crate::store;

/// The first Cluster2Cluster day, in Nidwalden: the Swiss cluster hosts, the Lombard cluster
/// comes by bus; 22 entrepreneurs, one from each of 22 companies, pitch for 3 minutes. The date
/// is illustrative (the article gives none; its trade figures cover January–September 2017).
/// Where the demo's Nidwalden day is public: `/api/v1/public/events/{DEMO_PUBLIC_SLUG}`.
pub const DEMO_PUBLIC_SLUG: &str = "cluster2cluster-nidwalden-2017-11-07";

pub(super) fn first_day(
    s: &mut Seeder,
    swiss: Uuid,
    lombardy: Uuid,
    coordinator: Option<Uuid>,
) -> AppResult<Uuid> {
    use crate::domain::agenda::{self, ClusterRef, Durations, PitchOrder, PitchRef};
    use crate::domain::event::EventStatus;
    let at = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .map(|d| d.naive_utc())
            .map_err(AppError::internal)
    };
    let media = json!([
        {"title": "Filmed interviews with the managers of the Swiss and Lombard clusters", "url": "https://video.example/cluster2cluster/interviste-cluster", "kind": "video"},
        {"title": "Filmed interviews with the companies", "url": "https://video.example/cluster2cluster/interviste-imprese", "kind": "video"},
        {"title": "Primo evento Cluster2Cluster (article)", "url": "https://news.example/cluster2cluster-nidwalden", "kind": "article"}
    ]);
    let data = store::events::EventData {
        title: "Cluster2Cluster: Lombardia Aerospace Cluster meets the Swiss Aerospace Cluster".into(),
        starts_at: at("2017-11-23T09:30:00+01:00")?,
        ends_at: at("2017-11-23T17:00:00+01:00")?,
        time_zone: "Europe/Zurich".into(),
        venue_name: "Swiss Aerospace Cluster meeting venue".into(),
        venue_address: String::new(),
        venue_city: "Stans".into(),
        venue_region: Some("CH-NW".into()),
        venue_country: "CH".into(),
        transport: "Bus from Lombardy: a one-day, \"zero kilometre\" trip that strengthens the cluster's identity".into(),
        coordinator_contact_id: coordinator,
        capacity: 30,
        registration_deadline: Some(at("2017-11-16T23:59:00+01:00")?),
        pitch_minutes: 3,
        description: "The first Cluster2Cluster event: both clusters introduce themselves, then every \
entrepreneur presents core business, areas of interest, partners sought and ongoing projects in \
three minutes. Outcome: mutual knowledge, a catalogue of immediately usable contacts, new \
partnerships, targeted social-media communication."
            .into(),
        media_links: serde_json::to_string(&media).map_err(AppError::internal)?,
        approval_required: false,
        invitation_only: false,
        original_language: None,
    };
    let event = store::events::insert(s.conn, swiss, &[lombardy], &data)?;
    let event_id = event.row.id;
    let mut pitches = Vec::new();
    let mut arrivals = Vec::new();
    for company in s.companies.iter().filter(|c| !c.contacts.is_empty()) {
        let member = store::members::get(s.conn, company.member_id)?;
        let pitch = store::registrations::PitchData {
            pitch_core_business: member.core_business.clone(),
            pitch_areas_of_interest: member.areas_of_interest.clone(),
            pitch_partners_sought: member.partners_sought.clone(),
            pitch_ongoing_projects: member.ongoing_projects.clone(),
        };
        // One entrepreneur per company on the day.
        let row = store::registrations::insert(
            s.conn,
            store::registrations::NewRegistration {
                event_id,
                member_id: company.member_id,
                cluster_id: company.cluster_id,
                pitch: &pitch,
                attendees: &company.contacts[..1],
                registered_by: None,
                status: store::registrations::ACTIVE,
            },
        )?;
        arrivals.push((row.id, company.contacts[0]));
        pitches.push(PitchRef {
            registration_id: row.id,
            member_id: company.member_id,
            cluster_id: company.cluster_id,
            company: company.name.clone(),
        });
    }
    let host = ClusterRef {
        id: swiss,
        name: "Swiss Aerospace Cluster".into(),
    };
    let guest = ClusterRef {
        id: lombardy,
        name: "Lombardia Aerospace Cluster".into(),
    };
    let attendees: Vec<(Uuid, Uuid)> = pitches
        .iter()
        .map(|p| (p.registration_id, p.cluster_id))
        .collect();
    let ordered = agenda::order_pitches(pitches, swiss, &[lombardy], PitchOrder::Alternating, &[])
        .map_err(AppError::internal)?;
    let durations = Durations {
        welcome: 15,
        introduction: 20,
        pitch: 3,
        break_every: Some(11),
        break_minutes: 20,
        networking: 120,
    };
    store::agenda::replace(
        s.conn,
        event_id,
        &agenda::plan(&host, &[guest], &ordered, &durations),
    )?;
    let event = store::events::set_status(s.conn, &event, EventStatus::Published)?;
    check_ins(s, event_id, data.starts_at, &arrivals)?;
    let event = store::events::set_status(s.conn, &event, EventStatus::Closed)?;
    // The day has a public page, as its host would give it.
    store::events::set_public_slug(s.conn, &event, Some(DEMO_PUBLIC_SLUG))?;
    follow_ups(s, event_id)?;
    meeting_day(s, event_id, lombardy, &attendees)?;
    super::survey::seed(s, event_id)?;
    Ok(event_id)
}

/// Arrivals on the day: the badges of most entrepreneurs were scanned at the door between
/// half an hour before the start and a few minutes after it; three never came, so the
/// catalogue's `attended` and the stats' checked-in figures differ from the registrations.
fn check_ins(
    s: &mut Seeder,
    event_id: Uuid,
    starts_at: chrono::NaiveDateTime,
    arrivals: &[(Uuid, Uuid)],
) -> AppResult<()> {
    for (i, (registration_id, contact_id)) in arrivals.iter().enumerate() {
        if i % 7 == 3 {
            continue;
        }
        store::check_ins::insert(
            s.conn,
            &store::check_ins::NewCheckIn {
                event_id,
                contact_id: *contact_id,
                registration_id: *registration_id,
                scanned_at: starts_at - chrono::Duration::minutes(30)
                    + chrono::Duration::seconds(97 * i as i64),
                by_user: None,
                by_key: None,
            },
        )?;
    }
    Ok(())
}

/// The networking part of the day as B2B meetings: eight tables, one session of 20-minute
/// slots with a coffee break; every Lombard company asks two Swiss companies, some Swiss
/// companies ask back (mutual), and the published schedule placed them.
fn meeting_day(
    s: &mut Seeder,
    event_id: Uuid,
    lombardy: Uuid,
    attendees: &[(Uuid, Uuid)],
) -> AppResult<()> {
    use crate::store::matchmaking as mm;
    let at = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .map(|d| d.naive_utc())
            .map_err(AppError::internal)
    };
    mm::put_settings(s.conn, event_id, false, 8)?;
    let breaks = json!([{"starts_at": "2017-11-23T15:00:00Z", "ends_at": "2017-11-23T15:10:00Z"}]);
    mm::insert_session(
        s.conn,
        event_id,
        &mm::NewSession {
            starts_at: at("2017-11-23T14:00:00Z")?,
            ends_at: at("2017-11-23T16:00:00Z")?,
            slot_minutes: 20,
            breaks: breaks.to_string(),
            max_meetings_per_participant: Some(4),
        },
    )?;
    let side = |lombard: bool| -> Vec<Uuid> {
        attendees
            .iter()
            .filter(|(_, c)| (*c == lombardy) == lombard)
            .map(|(r, _)| *r)
            .collect()
    };
    let (lombard, swiss) = (side(true), side(false));
    if lombard.is_empty() || swiss.is_empty() {
        return Ok(());
    }
    for (i, from) in lombard.iter().enumerate() {
        for to in [swiss[i % swiss.len()], swiss[(i + 1) % swiss.len()]] {
            let key = mm::pair_key(*from, to);
            if mm::open_request(s.conn, event_id, &key)?.is_some() {
                continue;
            }
            let mut row = mm::insert_request(
                s.conn,
                &mm::NewRequest {
                    event_id,
                    requester: *from,
                    recipient: to,
                    status: crate::domain::matchmaking::MeetingRequestStatus::Accepted,
                    message: "Follow-up of the pitch: 20 minutes at a table",
                    created_by: None,
                },
            )?;
            // Every other Swiss company had asked for the same meeting: mutual.
            if i % 2 == 0 {
                row.mutual = true;
                mm::update_request(s.conn, &row)?;
            }
        }
    }
    // The schedule-run use case (load, solve, check the rules, store), then publish.
    let run = crate::app::matchmaking::runs::schedule_now(s.conn, event_id, None)?;
    mm::publish_run(s.conn, &run)?;
    outcomes(s, event_id, &run)
}

/// What the companies recorded after their meetings: most sides said how it went, with a
/// rating and a note of their own; a few meetings did not take place; some sides said nothing.
fn outcomes(
    s: &mut Seeder,
    event_id: Uuid,
    run: &crate::store::matchmaking::RunRow,
) -> AppResult<()> {
    use crate::domain::matchmaking::MeetingOutcome::*;
    use crate::store::meeting_outcomes::{OutcomeData, put};
    let meetings = crate::app::matchmaking::runs::result_of(run)?.meetings;
    for (i, m) in meetings.iter().enumerate() {
        let (requester, recipient) = match i % 9 {
            0 | 5 => (Some((CooperationPossible, 4)), Some((FollowUpPlanned, 5))),
            1 => (Some((NoFit, 2)), Some((NoFit, 3))),
            2 | 7 => (Some((FollowUpPlanned, 5)), None),
            3 => (Some((DidNotTakePlace, 0)), Some((DidNotTakePlace, 0))),
            4 => (
                Some((CooperationPossible, 4)),
                Some((CooperationPossible, 4)),
            ),
            6 => (None, None),
            _ => (None, Some((CooperationPossible, 3))),
        };
        for (side, said) in [
            (m.requester_registration_id, requester),
            (m.recipient_registration_id, recipient),
        ] {
            let Some((outcome, rating)) = said else {
                continue;
            };
            let data = OutcomeData {
                outcome,
                rating: outcome.took_place().then_some(rating),
                note: match outcome {
                    FollowUpPlanned => "Send drawings and a first quote before Christmas".into(),
                    CooperationPossible => "Good fit for the door-frame project".into(),
                    NoFit => "Tolerances beyond what we machine".into(),
                    DidNotTakePlace => "They were still at the previous table".into(),
                },
            };
            put(s.conn, event_id, m.meeting_request_id, side, &data, None)?;
        }
    }
    Ok(())
}
