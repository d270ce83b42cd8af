//! Partnership requests and follow-up meetings that came out of the first day.

use uuid::Uuid;

use super::Seeder;
use crate::domain::partnership::{MeetingStatus, Parties, RequestKind, RequestStatus};
use crate::error::{AppError, AppResult};
use crate::store;

/// From, to, subject, kind, status, areas, and the meeting (start, place, status) if any.
type FollowUp<'a> = (
    &'a str,
    &'a str,
    &'a str,
    RequestKind,
    RequestStatus,
    &'a [&'a str],
    Option<(&'a str, &'a str, MeetingStatus)>,
);

/// Partnership requests that came out of the day; "follow-up meetings with Swiss companies
/// were already agreed" (the article), so two are accepted with a meeting each.
pub(super) fn follow_ups(s: &mut Seeder, event_id: Uuid) -> AppResult<()> {
    let find = |s: &Seeder, name: &str| -> AppResult<(Uuid, Uuid, Vec<Uuid>)> {
        s.companies
            .iter()
            .find(|c| c.name == name)
            .map(|c| (c.member_id, c.cluster_id, c.contacts.clone()))
            .ok_or_else(|| AppError::internal(format!("demo company {name}")))
    };
    let at = |t: &str| {
        chrono::DateTime::parse_from_rfc3339(t)
            .map(|d| d.naive_utc())
            .map_err(AppError::internal)
    };
    let cases: [FollowUp; 4] = [
        (
            "Soliani Emc",
            "Zürich Avionik GmbH",
            "EMC test campaign for avionics integration",
            RequestKind::CoDevelopment,
            RequestStatus::Concluded,
            &["EMC", "avionics"],
            Some(("2017-12-14T10:00:00+01:00", "Zürich", MeetingStatus::Held)),
        ),
        (
            "Aviometal",
            "Helvetic Aero Services AG",
            "Sheet-metal parts for cabin retrofits",
            RequestKind::Supply,
            RequestStatus::Accepted,
            &["aerostructures", "MRO"],
            Some(("2018-01-18T14:00:00+01:00", "Stans", MeetingStatus::Planned)),
        ),
        (
            "Malpensa Compositi S.r.l.",
            "Stans Composite Repair AG",
            "Composite repair partnership for helicopters",
            RequestKind::CoDevelopment,
            RequestStatus::Pending,
            &["composites"],
            None,
        ),
        (
            "Nidwalden Präzisionsmechanik AG",
            "Bergamo Trattamenti Superficiali S.p.A.",
            "Anodising of machined parts",
            RequestKind::Supply,
            RequestStatus::Declined,
            &["surface treatment"],
            None,
        ),
    ];
    for (from, to, subject, kind, status, areas, meeting) in cases {
        let (from_member, from_cluster, from_people) = find(s, from)?;
        let (to_member, to_cluster, to_people) = find(s, to)?;
        let areas = serde_json::to_string(areas).map_err(AppError::internal)?;
        let row = store::partnerships::insert(
            s.conn,
            store::partnerships::NewRequest {
                parties: Parties {
                    from_member,
                    from_cluster,
                    to_member,
                    to_cluster,
                },
                event_id: Some(event_id),
                subject,
                message: "We met at the Cluster2Cluster day in Nidwalden and would like to continue the conversation.",
                kind,
                areas: &areas,
                created_by: None,
            },
        )?;
        // A concluded request was accepted first, as the workflow goes.
        let steps: &[(RequestStatus, RequestStatus)] = match status {
            RequestStatus::Pending => &[],
            RequestStatus::Concluded => &[
                (RequestStatus::Pending, RequestStatus::Accepted),
                (RequestStatus::Accepted, RequestStatus::Concluded),
            ],
            _ => &[(RequestStatus::Pending, status)],
        };
        for (from, to) in steps {
            store::partnerships::transition(s.conn, &row, *from, *to, None, "")?;
        }
        if let Some((starts, city, meeting_status)) = meeting {
            let starts_at = at(starts)?;
            let data = store::meetings::MeetingData {
                starts_at,
                ends_at: starts_at + chrono::Duration::minutes(90),
                time_zone: "Europe/Zurich".into(),
                location: city.into(),
                online_url: None,
                notes: "Follow-up of the Cluster2Cluster day".into(),
                status: meeting_status,
            };
            let people: Vec<Uuid> = from_people
                .iter()
                .take(1)
                .chain(to_people.iter().take(1))
                .copied()
                .collect();
            store::meetings::insert(s.conn, row.id, &data, &people)?;
        }
    }
    Ok(())
}
