//! Demo data: the first Cluster2Cluster day between the Lombardia Aerospace Cluster and the
//! Swiss Aerospace Cluster, from the article in `../shared/seed/` beside the project. People,
//! roles and organisations named in the article are used as printed; cities, descriptions,
//! e-mail addresses, links and the further companies are illustrative (addresses end in
//! `.example`).
//!
//! Profiles go through the same input types and validation as the API; everything runs in
//! one transaction, so the demo loads completely or not at all.

use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use uuid::Uuid;
use validator::Validate;

use crate::auth::password;
use crate::domain::access::{Grant, Role, Scope};
use crate::domain::partnership::{MeetingStatus, Parties, RequestKind, RequestStatus};
use crate::error::{AppError, AppResult};
use crate::http::clusters::ClusterInput;
use crate::http::contacts::ContactInput;
use crate::http::members::MemberInput;
use crate::store::{self, DbConn, users};

/// A demo account, printed at start-up.
pub struct DemoLogin {
    pub email: String,
    pub password: String,
    pub what: String,
}

/// Shared by every demo account; demo mode only, printed at start-up.
pub const DEMO_PASSWORD: &str = "Nidwalden-2017-demo";

fn input<T: DeserializeOwned + Validate>(value: Value) -> AppResult<T> {
    let parsed: T = crate::http::extract::parse_json(value.to_string().as_bytes())?;
    parsed.validate()?;
    Ok(parsed)
}

/// Creates a platform admin (for `create-admin`).
pub fn create_admin(
    conn: &mut DbConn,
    email: &str,
    password_text: &str,
    display_name: &str,
) -> AppResult<users::User> {
    let hash = password::hash(password_text)?;
    store::write_transaction(conn, |conn| {
        let user = users::insert(conn, email, &hash, display_name)?;
        let id = store::stored_uuid(&user.id)?;
        users::insert_grant(
            conn,
            id,
            &Grant {
                role: Role::Admin,
                scope: Scope::Platform,
            },
            None,
        )?;
        Ok(user)
    })
}

struct DemoCompany {
    member_id: Uuid,
    cluster_id: Uuid,
    name: String,
    contacts: Vec<Uuid>,
}

/// Name, country, city, core business, areas of interest, person, role, sharing consent.
type SmallCompany<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a [&'a str],
    &'a str,
    &'a str,
    bool,
);

struct Seeder<'a> {
    conn: &'a mut DbConn,
    hash: String,
    logins: Vec<DemoLogin>,
    companies: Vec<DemoCompany>,
}

impl Seeder<'_> {
    fn cluster(&mut self, value: Value) -> AppResult<Uuid> {
        let data = input::<ClusterInput>(value)?.into_data()?;
        let (row, _) = store::clusters::insert(self.conn, &data)?;
        Ok(store::stored_uuid(&row.id)?)
    }

    /// A member company with its contact people; remembered for the demo events.
    fn member(&mut self, cluster_id: Uuid, mut value: Value) -> AppResult<Uuid> {
        let contacts = value.as_object_mut().and_then(|o| o.remove("contacts"));
        value["cluster_id"] = json!(cluster_id);
        let data = input::<MemberInput>(value)?.to_data()?;
        let row = store::members::insert(self.conn, cluster_id, &data)?;
        let member_id = row.uuid()?;
        let mut people = Vec::new();
        for contact in contacts
            .and_then(|c| c.as_array().cloned())
            .unwrap_or_default()
        {
            let data = input::<ContactInput>(contact)?.to_data()?;
            people.push(store::stored_uuid(
                &store::contacts::insert(self.conn, member_id, &data)?.id,
            )?);
        }
        self.companies.push(DemoCompany {
            member_id,
            cluster_id,
            name: row.legal_name,
            contacts: people,
        });
        Ok(member_id)
    }

    /// A small company with one contact person, for the bus and the pitches.
    fn small(&mut self, cluster_id: Uuid, c: SmallCompany) -> AppResult<Uuid> {
        let (name, country, city, business, areas, person, role, consent) = c;
        let domain: String = name
            .to_lowercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(24)
            .collect();
        let languages = if country == "CH" {
            json!(["de", "en"])
        } else {
            json!(["it", "en"])
        };
        self.member(cluster_id, json!({
            "legal_name": name, "country": country, "city": city, "size_class": "small",
            "core_business": business, "areas_of_interest": areas, "partners_sought": ["cross-border partners"],
            "contacts": [{"name": person, "role": role, "email": format!("contact@{domain}.example"),
                          "languages": languages, "share_consent": consent}]
        }))
    }

    fn user(&mut self, email: &str, name: &str, grant: Grant, what: &str) -> AppResult<Uuid> {
        let user = users::insert(self.conn, email, &self.hash, name)?;
        let id = store::stored_uuid(&user.id)?;
        users::insert_grant(self.conn, id, &grant, None)?;
        self.logins.push(DemoLogin {
            email: email.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
            what: what.to_owned(),
        });
        Ok(id)
    }
}

/// Loads the demo when the database holds no cluster yet; `None` when it already has data.
pub fn load(conn: &mut DbConn) -> AppResult<Option<Vec<DemoLogin>>> {
    let hash = password::hash(DEMO_PASSWORD)?;
    store::write_transaction(conn, move |conn| {
        let any = store::clusters::list(conn, &Default::default(), None, 1)?;
        if !any.is_empty() {
            return Ok(None);
        }
        let mut s = Seeder {
            conn,
            hash,
            logins: Vec::new(),
            companies: Vec::new(),
        };
        seed(&mut s)?;
        Ok(Some(s.logins))
    })
}

fn member_editor(member_id: Uuid, cluster_id: Uuid) -> Grant {
    Grant {
        role: Role::MemberEditor,
        scope: Scope::Member {
            member_id,
            cluster_id,
        },
    }
}

fn seed(s: &mut Seeder) -> AppResult<()> {
    let lombardy = s.cluster(json!({
        "name": "Lombardia Aerospace Cluster",
        "slug": "lombardia-aerospace-cluster",
        "country": "IT",
        "region": "IT-25",
        "sector": "aerospace",
        "description": "The district representing Lombardy's aerospace companies. Organiser of the Cluster2Cluster business-networking project, coordinated by board member Massimo Maronati.",
        "contact_email": "info@lombardia-aerospace.example"
    }))?;
    let swiss = s.cluster(json!({
        "name": "Swiss Aerospace Cluster",
        "slug": "swiss-aerospace-cluster",
        "country": "CH",
        "sector": "aerospace",
        "description": "Swiss aerospace companies and research; host of the first Cluster2Cluster day, in the canton of Nidwalden.",
        "contact_email": "info@swiss-aerospace.example"
    }))?;

    // Lombardy: the companies the article names, then illustrative ones.
    let aviometal = s.member(lombardy, json!({
        "legal_name": "Aviometal",
        "country": "IT", "city": "Varese", "size_class": "medium",
        "core_business": "Sheet-metal parts and assemblies for aerostructures",
        "areas_of_interest": ["aerostructures", "internationalisation"],
        "partners_sought": ["Swiss machining suppliers", "aerostructure integrators"],
        "ongoing_projects": "Follow-up of the first Cluster2Cluster contacts",
        "contacts": [{"name": "Massimo Buffetto", "role": "Area manager", "email": "massimo.buffetto@aviometal.example", "languages": ["it", "en"], "share_consent": true}]
    }))?;
    let soliani = s.member(lombardy, json!({
        "legal_name": "Soliani Emc",
        "country": "IT", "city": "Como", "size_class": "small",
        "core_business": "Electromagnetic compatibility (EMC) testing, design and shielding",
        "areas_of_interest": ["EMC", "avionics", "B2B meetings"],
        "partners_sought": ["avionics integrators", "Swiss test laboratories"],
        "contacts": [
            {"name": "Ivano Soliani", "role": "Amministratore delegato", "email": "ivano.soliani@soliani-emc.example", "phone": "+39 031 000 0001", "languages": ["it", "en"], "share_consent": true},
            {"name": "Chiara Rossi", "role": "Laboratory manager", "email": "chiara.rossi@soliani-emc.example", "languages": ["it"], "share_consent": false}
        ]
    }))?;
    let elevel = s.member(lombardy, json!({
        "legal_name": "E-level Communication",
        "country": "IT", "city": "Milano", "size_class": "micro",
        "core_business": "Communication and targeted social-media campaigns for industrial networks",
        "areas_of_interest": ["social media", "business networking"],
        "partners_sought": ["cluster communication offices"],
        "ongoing_projects": "Cluster2Cluster project coordination",
        "contacts": [{"name": "Massimo Maronati", "role": "CEO; coordinator of the Cluster2Cluster project", "email": "massimo.maronati@e-level.example", "languages": ["it", "en"], "share_consent": true}]
    }))?;
    s.member(lombardy, json!({
        "legal_name": "Officine D’Andrea Aerospazio",
        "country": "IT", "city": "L’Aquila", "size_class": "small",
        "core_business": "Precision machining of titanium and aluminium parts",
        "areas_of_interest": ["machining", "titanium"],
        "partners_sought": ["tier-1 suppliers"],
        "contacts": [{"name": "Giulia D’Andrea", "role": "Sales director", "email": "giulia.dandrea@officine-dandrea.example", "languages": ["it", "en", "fr"], "share_consent": true}]
    }))?;
    s.member(lombardy, json!({
        "legal_name": "Malpensa Compositi S.r.l.",
        "country": "IT", "city": "Gallarate", "size_class": "medium",
        "core_business": "Carbon-fibre composite structures for helicopters and business jets",
        "areas_of_interest": ["composites", "helicopters"],
        "partners_sought": ["autoclave capacity", "non-destructive testing"],
        "contacts": [{"name": "Luca Bianchi", "role": "Business development", "email": "luca.bianchi@malpensa-compositi.example", "languages": ["it", "en", "de"], "share_consent": true}]
    }))?;

    // Switzerland.
    s.member(swiss, json!({
        "legal_name": "Helvetic Aero Services AG",
        "country": "CH", "city": "Stans", "size_class": "large",
        "core_business": "Maintenance, repair and overhaul for business aviation",
        "areas_of_interest": ["MRO", "cabin interiors"],
        "partners_sought": ["sheet-metal suppliers", "composites repair"],
        "offices": [{"country": "US", "city": "Wichita"}, {"country": "ES", "city": "Madrid"}],
        "contacts": [{"name": "Anna Keller", "role": "Head of procurement", "email": "anna.keller@helvetic-aero.example", "phone": "+41 41 000 00 01", "languages": ["de", "en", "it"], "share_consent": true}]
    }))?;
    s.member(swiss, json!({
        "legal_name": "Zürich Avionik GmbH",
        "country": "CH", "city": "Zürich", "size_class": "small",
        "core_business": "Avionics integration and certification support",
        "areas_of_interest": ["avionics", "EMC"],
        "partners_sought": ["EMC testing", "harness manufacturing"],
        "contacts": [
            {"name": "Jürg Müller", "role": "Managing director", "email": "juerg.mueller@zuerich-avionik.example", "languages": ["de", "en"], "share_consent": true},
            {"name": "Sophie Favre", "role": "Engineer", "email": "sophie.favre@zuerich-avionik.example", "languages": ["fr", "de"], "share_consent": false}
        ]
    }))?;
    s.member(swiss, json!({
        "legal_name": "Nidwalden Präzisionsmechanik AG",
        "country": "CH", "city": "Buochs", "size_class": "medium",
        "core_business": "Five-axis machining of aerostructure parts",
        "areas_of_interest": ["machining", "aerostructures"],
        "partners_sought": ["Italian surface-treatment partners"],
        "contacts": [{"name": "Peter Odermatt", "role": "Sales manager", "email": "peter.odermatt@nw-praezision.example", "languages": ["de", "it"], "share_consent": true}]
    }))?;

    // More companies, so that 22 entrepreneurs take part in the demo day as in the article.
    let lombard: [SmallCompany; 9] = [
        (
            "Varese Aerostrutture S.r.l.",
            "IT",
            "Varese",
            "Aerostructure sub-assemblies in aluminium",
            &["aerostructures"],
            "Franco Colombo",
            "Titolare",
            true,
        ),
        (
            "Brianza Avionica S.r.l.",
            "IT",
            "Monza",
            "Avionics wiring harnesses",
            &["avionics", "harnesses"],
            "Elena Brambilla",
            "CEO",
            true,
        ),
        (
            "Bergamo Trattamenti Superficiali S.p.A.",
            "IT",
            "Bergamo",
            "Anodising and surface treatment for aerospace parts",
            &["surface treatment"],
            "Marco Rota",
            "Sales manager",
            true,
        ),
        (
            "Lecco Meccanica di Precisione S.r.l.",
            "IT",
            "Lecco",
            "Precision turning and milling",
            &["machining"],
            "Davide Mauri",
            "Owner",
            true,
        ),
        (
            "Cremona Compositi Avanzati S.r.l.",
            "IT",
            "Cremona",
            "Thermoplastic composite parts",
            &["composites"],
            "Silvia Ferrari",
            "CTO",
            false,
        ),
        (
            "Sesto Calende Test Lab S.r.l.",
            "IT",
            "Sesto Calende",
            "Non-destructive testing for airframes",
            &["NDT", "testing"],
            "Paolo Galli",
            "Lab director",
            true,
        ),
        (
            "Milano Space Software S.r.l.",
            "IT",
            "Milano",
            "On-board software for small satellites",
            &["space", "software"],
            "Chiara Villa",
            "Founder",
            true,
        ),
        (
            "Como Cablaggi S.r.l.",
            "IT",
            "Como",
            "Cable assemblies for cabins",
            &["cabin interiors"],
            "Andrea Molteni",
            "Amministratore",
            true,
        ),
        (
            "Pavia Additive S.r.l.",
            "IT",
            "Pavia",
            "Metal additive manufacturing of brackets",
            &["additive manufacturing"],
            "Giorgio Bassi",
            "CEO",
            true,
        ),
    ];
    let swiss_extra: [SmallCompany; 5] = [
        (
            "Stans Composite Repair AG",
            "CH",
            "Stans",
            "Composite repair for business jets",
            &["composites", "MRO"],
            "Urs Niederberger",
            "Geschäftsführer",
            true,
        ),
        (
            "Buochs Flight Test GmbH",
            "CH",
            "Buochs",
            "Flight-test instrumentation",
            &["flight test"],
            "Martina Christen",
            "Head of engineering",
            true,
        ),
        (
            "Luzern Aerospace Engineering AG",
            "CH",
            "Luzern",
            "Certification engineering (EASA Part 21)",
            &["certification"],
            "Beat Zimmermann",
            "Partner",
            true,
        ),
        (
            "Emmen Drone Systems AG",
            "CH",
            "Emmen",
            "Unmanned aerial systems",
            &["drones"],
            "Nadia Achermann",
            "CEO",
            false,
        ),
        (
            "Altdorf Surface Tech AG",
            "CH",
            "Altdorf",
            "Coatings and surface technology",
            &["surface treatment"],
            "Reto Gisler",
            "Sales director",
            true,
        ),
    ];
    for c in lombard {
        s.small(lombardy, c)?;
    }
    for c in swiss_extra {
        s.small(swiss, c)?;
    }
    let maronati = s
        .companies
        .iter()
        .find(|c| c.member_id == elevel)
        .and_then(|c| c.contacts.first().copied());
    let day = first_day(s, swiss, lombardy, maronati)?;
    trade_figures(s, lombardy, swiss, day)?;

    s.user(
        "admin@cluster2cluster.example",
        "Platform admin",
        Grant {
            role: Role::Admin,
            scope: Scope::Platform,
        },
        "platform admin",
    )?;
    s.user(
        "paola.margnini@lombardia-aerospace.example",
        "Paola Margnini",
        Grant {
            role: Role::ClusterManager,
            scope: Scope::Cluster(lombardy),
        },
        "cluster manager, Lombardia Aerospace Cluster",
    )?;
    s.user(
        "roland.hengartner@swiss-aerospace.example",
        "Roland Hengartner",
        Grant {
            role: Role::ClusterManager,
            scope: Scope::Cluster(swiss),
        },
        "president, Swiss Aerospace Cluster (cluster manager role)",
    )?;
    s.user(
        "massimo.buffetto@aviometal.example",
        "Massimo Buffetto",
        member_editor(aviometal, lombardy),
        "member editor, Aviometal",
    )?;
    s.user(
        "ivano.soliani@soliani-emc.example",
        "Ivano Soliani",
        member_editor(soliani, lombardy),
        "member editor, Soliani Emc",
    )?;
    s.user(
        "massimo.maronati@e-level.example",
        "Massimo Maronati",
        member_editor(elevel, lombardy),
        "member editor, E-level Communication",
    )?;
    Ok(())
}

/// The first Cluster2Cluster day, in Nidwalden: the Swiss cluster hosts, the Lombard cluster
/// comes by bus; 22 entrepreneurs, one from each of 22 companies, pitch for 3 minutes. The date
/// is illustrative (the article gives none; its trade figures cover January–September 2017).
fn first_day(
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
        coordinator_contact_id: coordinator.map(|c| c.to_string()),
        capacity: 30,
        registration_deadline: Some(at("2017-11-16T23:59:00+01:00")?),
        pitch_minutes: 3,
        description: "The first Cluster2Cluster event: both clusters introduce themselves, then every \
entrepreneur presents core business, areas of interest, partners sought and ongoing projects in \
three minutes. Outcome: mutual knowledge, a catalogue of immediately usable contacts, new \
partnerships, targeted social-media communication."
            .into(),
        media_links: serde_json::to_string(&media).map_err(AppError::internal)?,
    };
    let event = store::events::insert(s.conn, swiss, &[lombardy], &data)?;
    let event_id = event.id()?;
    let mut pitches = Vec::new();
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
            },
        )?;
        pitches.push(PitchRef {
            registration_id: store::stored_uuid(&row.id)?,
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
    store::events::set_status(s.conn, &event, EventStatus::Closed)?;
    follow_ups(s, event_id)?;
    meeting_day(s, event_id, lombardy, &attendees)?;
    Ok(event_id)
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
    Ok(())
}

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
fn follow_ups(s: &mut Seeder, event_id: Uuid) -> AppResult<()> {
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
            RequestStatus::Accepted,
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
        if status != RequestStatus::Pending {
            store::partnerships::transition(
                s.conn,
                &row,
                RequestStatus::Pending,
                status,
                None,
                "",
            )?;
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
            store::meetings::insert(s.conn, store::stored_uuid(&row.id)?, &data, &people)?;
        }
    }
    Ok(())
}

/// The article's trade figures ("why Switzerland first") as one published note for both
/// clusters and the first day. Values, units and stated changes are stored as printed,
/// inconsistencies included: the service computes the changes and flags the stated ones
/// that do not add up (the Lombard balance: +151 % stated, +374.41 % computed; Varese: +168 %
/// stated from a negative base). Figures the article gives without values (Italy's +49 %,
/// Lombardy's 56 % share) stay in the narrative.
fn trade_figures(s: &mut Seeder, lombardy: Uuid, swiss: Uuid, event_id: Uuid) -> AppResult<()> {
    use crate::http::trade_notes::{FigureInput, TradeNoteInput};
    let jan_sep = |value: &str,
                   comparison: Option<&str>,
                   (reporter, name): (&str, &str),
                   flow: &str,
                   (scale, comparison_scale): (&str, &str),
                   stated: &str| {
        json!({
            "reporter_area": reporter, "reporter_area_name": name,
            "partner_area": "CH", "partner_area_name": "Svizzera",
            "product": "aircraft", "hs_code": "88", "flow": flow,
            "period_start": "2017-01", "period_end": "2017-09",
            "comparison_period_start": "2016-01", "comparison_period_end": "2016-09",
            "value": value, "comparison_value": comparison,
            "currency": "EUR", "scale": scale, "comparison_scale": comparison_scale,
            "stated_change_pct": stated
        })
    };
    let lombardia = ("IT-25", "Lombardia");
    let varese = ("IT-VA", "Provincia di Varese");
    let note: TradeNoteInput = input(json!({
        "title": "Aircraft trade between Lombardy and Switzerland, January–September 2017",
        "narrative": "Why Switzerland was the first destination of Cluster2Cluster: the figures the \
    article on the first event quotes, January–September 2017 against the same months of 2016.\n\n\
    - **Lombardy, aircraft trade balance with Switzerland**: from +3,332,674 to +15,810,575. The \
    article calls this a 151 % leap and prints the amounts as *milioni di euro*, although the digits \
    read as euros; they are stored in euros, and the change computes to +374.41 %.\n\
    - **Province of Varese, balance**: 2016 printed as −78,436 *thousand* euro (\"a slight \
    decline\"), 2017 as +6,932,268 euro; the article states +168 %, but a percentage of a negative \
    base has no meaning.\n\
    - **Exports**: \"almost tripled\" (stored as +200 %) — Lombardy over 27.6 million euro, Varese \
    17.6 million; the 2016 values are not given.\n\n\
    Not stored as figures, for want of values: Italy's aerospace exports to Switzerland rose 49 % in \
    the same period, and Lombardy accounts for 56 % of them.",
        "source": {"publisher": "Article on the first Cluster2Cluster event (Italian)", "url": "https://news.example/cluster2cluster-nidwalden"},
        "language": "en",
        "cluster_ids": [lombardy, swiss],
        "event_ids": [event_id],
        "status": "published",
        "figures": [
            jan_sep("15810575", Some("3332674"), lombardia, "balance", ("units", "units"), "151"),
            jan_sep("6932268", Some("-78436"), varese, "balance", ("units", "thousands"), "168"),
            jan_sep("27.6", None, lombardia, "export", ("millions", "millions"), "200"),
            jan_sep("17.6", None, varese, "export", ("millions", "millions"), "200"),
        ]
    }))?;
    note.check()?;
    let figures: Vec<_> = note.figures.iter().map(FigureInput::to_data).collect();
    store::trade_notes::insert(
        s.conn,
        store::trade_notes::NoteContent {
            data: &note.data(),
            clusters: &note.cluster_ids,
            events: &note.event_ids,
            figures: &figures,
        },
        None,
    )?;
    Ok(())
}

pub fn print_logins(logins: &[DemoLogin]) {
    let mut text = String::from(
        "demo data loaded; demo log-ins (demo mode only, do not use in production):\n",
    );
    for l in logins {
        text.push_str(&format!(
            "  {:<45} {:<22} {}\n",
            l.email, l.password, l.what
        ));
    }
    eprintln!("{text}");
}

impl From<AppError> for String {
    fn from(e: AppError) -> String {
        e.to_problem().detail
    }
}
