//! Realistic generated data for benchmarks and load tests: clusters, member companies with
//! contact people, events with registrations, and optionally one very large event whose
//! catalogue exports many contacts. Deterministic for a given seed.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::app::members::MemberInput;
use crate::domain::event::EventStatus;
use crate::error::{AppError, AppResult};
use crate::store::contacts::{ContactData, NewContactRow};
use crate::store::members::NewMemberRow;
use crate::store::{self, DbConn};

#[derive(Debug, Clone)]
pub struct Options {
    pub clusters: u32,
    pub members: u32,
    pub contacts: u32,
    pub events: u32,
    pub registrations: u32,
    /// Contacts of one extra event's registered companies (10 per company, 9 consenting).
    pub export_event_contacts: u32,
    pub seed: u64,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub clusters: Vec<Uuid>,
    pub members: Vec<Uuid>,
    pub events: Vec<Uuid>,
    /// The event with `export_event_contacts`, if one was made.
    pub export_event: Option<Uuid>,
}

const REGIONS: &[(&str, &str, &str, &[&str])] = &[
    (
        "IT",
        "IT-25",
        "Lombardia",
        &[
            "Milano", "Varese", "Bergamo", "Brescia", "Como", "Monza", "Lecco", "Pavia",
        ],
    ),
    (
        "CH",
        "CH-NW",
        "Nidwalden",
        &["Stans", "Buochs", "Hergiswil", "Beckenried"],
    ),
    ("CH", "CH-ZH", "Zürich", &["Zürich", "Winterthur", "Uster"]),
    ("IT", "IT-21", "Piemonte", &["Torino", "Novara", "Cuneo"]),
    (
        "FR",
        "FR-ARA",
        "Auvergne-Rhône-Alpes",
        &["Lyon", "Grenoble", "Annecy"],
    ),
    (
        "DE",
        "DE-BY",
        "Bayern",
        &["München", "Augsburg", "Ingolstadt"],
    ),
    ("AT", "AT-7", "Tirol", &["Innsbruck", "Kufstein"]),
    ("ES", "ES-MD", "Madrid", &["Madrid", "Getafe"]),
];
const SECTORS: &[&str] = &[
    "aerospace",
    "space",
    "automotive",
    "mechatronics",
    "advanced materials",
];
const TAGS: &[&str] = &[
    "aerostructures",
    "composites",
    "machining",
    "avionics",
    "EMC",
    "surface treatment",
    "NDT",
    "additive manufacturing",
    "cabin interiors",
    "MRO",
    "drones",
    "certification",
    "software",
    "harnesses",
    "titanium",
    "flight test",
    "space",
    "robotics",
    "sensors",
    "logistics",
];
const FIRST: &[&str] = &[
    "Marco",
    "Giulia",
    "Luca",
    "Anna",
    "Jürg",
    "Sophie",
    "Pierre",
    "Elena",
    "Urs",
    "Chiara",
    "Hans",
    "Lucía",
    "François",
    "Maria",
    "Thomas",
    "Francesca",
];
const LAST: &[&str] = &[
    "Rossi",
    "Bianchi",
    "Müller",
    "Keller",
    "D’Andrea",
    "Brambilla",
    "Favre",
    "Odermatt",
    "García",
    "Schmid",
    "Colombo",
    "Niederberger",
    "Gisler",
    "Ferrari",
    "L’Eplattenier",
    "Zürcher",
];
const WORDS: &[&str] = &[
    "Aero",
    "Tecno",
    "Alpen",
    "Precision",
    "Compositi",
    "Systems",
    "Meccanica",
    "Avionik",
    "Space",
    "Dynamics",
    "Surface",
    "Test",
    "Lab",
    "Industrie",
    "Engineering",
];
const FORMS: &[&str] = &["S.r.l.", "S.p.A.", "AG", "GmbH", "SA", "SAS"];

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn tags(rng: &mut StdRng, n: usize) -> Vec<String> {
    (0..n).map(|_| pick(rng, TAGS).to_string()).collect()
}

fn company(
    rng: &mut StdRng,
    cluster_id: Uuid,
    country: &str,
    cities: &[&str],
    n: u32,
) -> AppResult<(Uuid, NewMemberRow)> {
    let name = format!(
        "{} {} {} {}",
        pick(rng, WORDS),
        pick(rng, WORDS),
        n,
        pick(rng, FORMS)
    );
    let input: MemberInput = serde_json::from_value(serde_json::json!({
        "cluster_id": cluster_id,
        "legal_name": name,
        "country": country,
        "city": pick(rng, cities),
        "size_class": pick(rng, &["micro", "small", "small", "medium", "large"]),
        "core_business": format!("{} and {} for {}", pick(rng, TAGS), pick(rng, TAGS), pick(rng, SECTORS)),
        "areas_of_interest": tags(rng, 3),
        "partners_sought": tags(rng, 2),
        "ongoing_projects": format!("Project {n}: {}", pick(rng, TAGS)),
        "external_id": format!("GEN-{n:06}"),
    }))
    .map_err(AppError::internal)?;
    let id = store::new_uuid();
    Ok((id, NewMemberRow::new(id, cluster_id, input.to_data()?)))
}

fn person(rng: &mut StdRng, member_id: Uuid, n: u32, consent: bool) -> NewContactRow {
    let (first, last) = (pick(rng, FIRST), pick(rng, LAST));
    NewContactRow::new(
        member_id,
        ContactData {
            name: format!("{first} {last}"),
            given_name: Some(first.to_string()),
            family_name: Some(last.to_string()),
            role: pick(
                rng,
                &[
                    "CEO",
                    "Sales manager",
                    "Engineer",
                    "Business development",
                    "Amministratore delegato",
                ],
            )
            .to_string(),
            email: Some(format!("person{n}@company.example")),
            phone: Some(format!(
                "+41 41 {:03} {:02} {:02}",
                n % 1000,
                n % 97,
                n % 89
            )),
            languages: r#"["it","en"]"#.into(),
            share_consent: consent,
        },
    )
}

/// Creates the data in transactions of a few thousand rows, calling `progress(stage, done,
/// total)` as it goes.
pub fn generate(
    conn: &mut DbConn,
    o: &Options,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> AppResult<Summary> {
    let mut rng = StdRng::seed_from_u64(o.seed);
    let mut out = Summary::default();
    let mut cluster_regions = Vec::new();

    store::write_transaction(conn, |conn| {
        for i in 0..o.clusters {
            let (country, region, name, cities) = REGIONS[i as usize % REGIONS.len()];
            let data = store::clusters::ClusterData {
                name: format!("{name} {} Cluster {}", pick(&mut rng, SECTORS), i + 1),
                slug: format!("generated-cluster-{}", i + 1),
                country: country.into(),
                region: Some(region.into()),
                sector: pick(&mut rng, SECTORS).to_string(),
                description: format!("Generated cluster {} in {name}", i + 1),
                website: None,
                founded_year: Some(2000 + (i as i32 % 25)),
                contact_email: Some(format!("info@cluster{}.example", i + 1)),
                contact_phone: None,
            };
            let (row, _) = store::clusters::insert(conn, &data)?;
            out.clusters.push(row.id);
            cluster_regions.push((country, cities));
            progress("clusters", u64::from(i + 1), u64::from(o.clusters));
        }
        Ok::<_, AppError>(())
    })?;
    if out.clusters.is_empty() {
        return Ok(out);
    }

    // Members, then contacts spread over them.
    let mut member_ids: Vec<Uuid> = Vec::with_capacity(o.members as usize);
    let mut member_cluster: Vec<usize> = Vec::with_capacity(o.members as usize);
    for chunk_start in (0..o.members).step_by(2000) {
        let end = (chunk_start + 2000).min(o.members);
        let mut rows = Vec::new();
        for n in chunk_start..end {
            let c = n as usize % out.clusters.len();
            let (country, cities) = cluster_regions[c];
            let (id, row) = company(&mut rng, out.clusters[c], country, cities, n)?;
            member_ids.push(id);
            member_cluster.push(c);
            rows.push(row);
        }
        store::write_transaction(conn, |conn| store::members::insert_many(conn, &rows))?;
        progress("members", u64::from(end), u64::from(o.members));
    }
    out.members = member_ids.clone();
    if !member_ids.is_empty() {
        for chunk_start in (0..o.contacts).step_by(5000) {
            let end = (chunk_start + 5000).min(o.contacts);
            let rows: Vec<NewContactRow> = (chunk_start..end)
                .map(|n| {
                    person(
                        &mut rng,
                        member_ids[n as usize % member_ids.len()],
                        n,
                        n % 10 != 0,
                    )
                })
                .collect();
            store::write_transaction(conn, |conn| store::contacts::insert_many(conn, &rows))?;
            progress("contacts", u64::from(end), u64::from(o.contacts));
        }
    }

    // Events between neighbouring clusters, with registrations of their members.
    if out.clusters.len() >= 2 && o.events > 0 {
        for e in 0..o.events {
            let host = e as usize % out.clusters.len();
            let guest = (host + 1) % out.clusters.len();
            let record = store::write_transaction(conn, |conn| {
                let record = store::events::insert(
                    conn,
                    out.clusters[host],
                    &[out.clusters[guest]],
                    &event_data(e, 1000),
                )?;
                store::events::set_status(conn, &record, EventStatus::Published)
            })?;
            out.events.push(record.row.id);
            progress("events", u64::from(e + 1), u64::from(o.events));
        }
        let mut done = 0u32;
        let per_event = o.registrations.div_ceil(o.events.max(1));
        for (e, event_id) in out.events.clone().into_iter().enumerate() {
            let host = e % out.clusters.len();
            let guest = (host + 1) % out.clusters.len();
            let candidates: Vec<usize> = (0..member_ids.len())
                .filter(|m| member_cluster[*m] == host || member_cluster[*m] == guest)
                .take(per_event as usize)
                .collect();
            store::write_transaction(conn, |conn| {
                for m in &candidates {
                    if done >= o.registrations {
                        break;
                    }
                    register_member(
                        conn,
                        event_id,
                        member_ids[*m],
                        out.clusters[member_cluster[*m]],
                    )?;
                    done += 1;
                }
                Ok::<_, AppError>(())
            })?;
            progress("registrations", u64::from(done), u64::from(o.registrations));
        }
    }

    if o.export_event_contacts > 0 && out.clusters.len() >= 2 {
        out.export_event = Some(export_event(
            conn,
            &mut rng,
            &out.clusters,
            o.export_event_contacts,
            progress,
        )?);
    }
    store::refresh_statistics(conn)?;
    Ok(out)
}

fn event_data(n: u32, capacity: i32) -> store::events::EventData {
    let start = chrono::NaiveDate::from_ymd_opt(2031, 1, 1)
        .unwrap_or_default()
        .and_hms_opt(8, 0, 0)
        .unwrap_or_default()
        + chrono::Duration::days(i64::from(n) * 7);
    store::events::EventData {
        title: format!("Cluster2Cluster day {}", n + 1),
        starts_at: start,
        ends_at: start + chrono::Duration::hours(9),
        time_zone: "Europe/Zurich".into(),
        venue_name: "Conference centre".into(),
        venue_address: String::new(),
        venue_city: "Stans".into(),
        venue_region: Some("CH-NW".into()),
        venue_country: "CH".into(),
        transport: "Bus".into(),
        coordinator_contact_id: None,
        capacity,
        registration_deadline: None,
        pitch_minutes: 3,
        description: String::new(),
        media_links: "[]".into(),
        approval_required: false,
        invitation_only: false,
        original_language: None,
    }
}

/// Registers a member with its first contact person as attendee.
fn register_member(
    conn: &mut DbConn,
    event_id: Uuid,
    member_id: Uuid,
    cluster_id: Uuid,
) -> AppResult<()> {
    let member = store::members::get(conn, member_id)?;
    let first_contact = store::contacts::list(conn, member.id, None, None, false, None, 1)?;
    let attendees: Vec<Uuid> = first_contact.iter().map(|c| c.id).collect();
    let pitch = store::registrations::PitchData {
        pitch_core_business: member.core_business.clone(),
        pitch_areas_of_interest: member.areas_of_interest.clone(),
        pitch_partners_sought: member.partners_sought.clone(),
        pitch_ongoing_projects: member.ongoing_projects.clone(),
    };
    store::registrations::insert(
        conn,
        store::registrations::NewRegistration {
            event_id,
            member_id: member.id,
            cluster_id,
            pitch: &pitch,
            attendees: &attendees,
            registered_by: None,
            status: store::registrations::ACTIVE,
        },
    )?;
    Ok(())
}

/// One event whose registered companies have `contacts` contact people in all.
fn export_event(
    conn: &mut DbConn,
    rng: &mut StdRng,
    clusters: &[Uuid],
    contacts: u32,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> AppResult<Uuid> {
    let companies = contacts.div_ceil(10);
    let event = store::write_transaction(conn, |conn| {
        let record = store::events::insert(
            conn,
            clusters[0],
            &[clusters[1]],
            &event_data(9999, 100_000),
        )?;
        store::events::set_status(conn, &record, EventStatus::Published)
    })?;
    let event_id = event.row.id;
    let mut made = 0u32;
    for chunk_start in (0..companies).step_by(1000) {
        let end = (chunk_start + 1000).min(companies);
        let mut members = Vec::new();
        let mut people = Vec::new();
        for n in chunk_start..end {
            let cluster = clusters[n as usize % 2];
            let (country, cities): (&str, &[&str]) = if n % 2 == 0 {
                ("IT", &["Milano", "Varese"])
            } else {
                ("CH", &["Stans", "Zürich"])
            };
            let (id, m) = company(rng, cluster, country, cities, 1_000_000 + n)?;
            for k in 0..10 {
                if made < contacts {
                    people.push(person(rng, id, 1_000_000 + made, k != 9));
                    made += 1;
                }
            }
            members.push((id, m, cluster));
        }
        store::write_transaction(conn, |conn| {
            let rows: Vec<NewMemberRow> = members.iter().map(|(_, m, _)| m.clone()).collect();
            store::members::insert_many(conn, &rows)?;
            store::contacts::insert_many(conn, &people)?;
            for (id, _, cluster) in &members {
                register_member(conn, event_id, *id, *cluster)?;
            }
            Ok::<_, AppError>(())
        })?;
        progress(
            "export event contacts",
            u64::from(made),
            u64::from(contacts),
        );
    }
    Ok(event_id)
}
