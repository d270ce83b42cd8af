//! A small, realistic world for tests, built with the store directly (fast, no HTTP): the
//! two clusters of the article, their managers, three member companies with editors and
//! contact people, and an admin — with a token for each person.

use serde_json::{Value, json};
use uuid::Uuid;

use cluster2cluster::domain::access::{Grant, Role, Scope};
use cluster2cluster::store::{self, DbConn, users};

use super::{TestApp, password_hash};

#[derive(Debug, Clone)]
pub struct Person {
    pub id: Uuid,
    pub email: String,
    pub token: String,
}

#[derive(Debug, Clone)]
pub struct World {
    pub lombardy: Uuid,
    pub swiss: Uuid,
    /// Lombard members.
    pub aviometal: Uuid,
    pub soliani: Uuid,
    /// Swiss member.
    pub helvetic: Uuid,
    /// Contacts: Buffetto (Aviometal, consents), Soliani (consents), Rossi (Soliani, no
    /// consent), Keller (Helvetic, consents).
    pub buffetto_contact: Uuid,
    pub soliani_contact: Uuid,
    pub rossi_contact: Uuid,
    pub keller_contact: Uuid,
    pub admin: Person,
    /// Manager of Lombardy.
    pub paola: Person,
    /// Manager of the Swiss cluster.
    pub roland: Person,
    /// Editor of Aviometal.
    pub buffetto: Person,
    /// Editor of Soliani Emc.
    pub ivano: Person,
    /// Editor of Helvetic Aero.
    pub anna: Person,
    /// Signed in, no role at all.
    pub nobody: Person,
}

fn cluster(conn: &mut DbConn, name: &str, slug: &str, country: &str, region: Option<&str>) -> Uuid {
    let data = store::clusters::ClusterData {
        name: name.into(),
        slug: slug.into(),
        country: country.into(),
        region: region.map(Into::into),
        sector: "aerospace".into(),
        description: String::new(),
        website: None,
        founded_year: None,
        contact_email: None,
        contact_phone: None,
    };
    store::clusters::insert(conn, &data).unwrap().0.id
}

pub fn member_input(cluster_id: Uuid, name: &str, country: &str, city: &str) -> Value {
    json!({
        "cluster_id": cluster_id,
        "legal_name": name,
        "country": country,
        "city": city,
        "size_class": "small",
        "core_business": format!("{name}: aerospace parts"),
        "areas_of_interest": ["aerostructures"],
        "partners_sought": ["machining"]
    })
}

fn member(conn: &mut DbConn, cluster_id: Uuid, name: &str, country: &str, city: &str) -> Uuid {
    let input: cluster2cluster::http::members::MemberInput =
        serde_json::from_value(member_input(cluster_id, name, country, city)).unwrap();
    let row = store::members::insert(conn, cluster_id, &input.to_data().unwrap(), None).unwrap();
    row.id
}

fn contact(conn: &mut DbConn, member_id: Uuid, name: &str, email: &str, consent: bool) -> Uuid {
    // Parts split from the name, as the API does for a person created with a name only.
    let parts = cluster2cluster::domain::person_name::split(name);
    let data = store::contacts::ContactData {
        name: name.into(),
        given_name: parts.given,
        family_name: parts.family,
        role: "Manager".into(),
        email: Some(email.into()),
        phone: Some("+41 41 000 00 00".into()),
        languages: "[\"it\",\"en\"]".into(),
        share_consent: consent,
    };
    store::contacts::insert(conn, member_id, &data).unwrap().id
}

impl TestApp {
    /// Creates a user with the test password and the given grants.
    pub fn person(&self, email: &str, grants: &[Grant]) -> Person {
        let mut conn = self.db().get().unwrap();
        let user = users::insert(&mut conn, email, password_hash(), email).unwrap();
        let id = user.id;
        // The world's people came in by invitation: their addresses are confirmed.
        users::mark_email_verified(&mut conn, id).unwrap();
        for grant in grants {
            users::insert_grant(&mut conn, id, grant, None).unwrap();
        }
        Person {
            id,
            email: user.email,
            token: self.token_for(id),
        }
    }

    pub async fn world(&self) -> World {
        let db = self.db().clone();
        let (lombardy, swiss, aviometal, soliani, helvetic, contacts) =
            actix_web::web::block(move || {
                let mut conn = db.get().unwrap();
                let conn = &mut *conn;
                let lombardy = cluster(
                    conn,
                    "Lombardia Aerospace Cluster",
                    "lombardia-aerospace-cluster",
                    "IT",
                    Some("IT-25"),
                );
                let swiss = cluster(
                    conn,
                    "Swiss Aerospace Cluster",
                    "swiss-aerospace-cluster",
                    "CH",
                    None,
                );
                let aviometal = member(conn, lombardy, "Aviometal", "IT", "Varese");
                let soliani = member(conn, lombardy, "Soliani Emc", "IT", "Como");
                let helvetic = member(conn, swiss, "Helvetic Aero Services AG", "CH", "Stans");
                let contacts = [
                    contact(
                        conn,
                        aviometal,
                        "Massimo Buffetto",
                        "massimo.buffetto@aviometal.example",
                        true,
                    ),
                    contact(
                        conn,
                        soliani,
                        "Ivano Soliani",
                        "ivano@soliani.example",
                        true,
                    ),
                    contact(
                        conn,
                        soliani,
                        "Chiara Rossi",
                        "chiara@soliani.example",
                        false,
                    ),
                    contact(conn, helvetic, "Anna Keller", "anna@helvetic.example", true),
                ];
                (lombardy, swiss, aviometal, soliani, helvetic, contacts)
            })
            .await
            .unwrap();
        let editor = |member_id, cluster_id| Grant {
            role: Role::MemberEditor,
            scope: Scope::Member {
                member_id,
                cluster_id,
            },
        };
        World {
            lombardy,
            swiss,
            aviometal,
            soliani,
            helvetic,
            buffetto_contact: contacts[0],
            soliani_contact: contacts[1],
            rossi_contact: contacts[2],
            keller_contact: contacts[3],
            admin: self.person(
                "admin@c2c.example",
                &[Grant {
                    role: Role::Admin,
                    scope: Scope::Platform,
                }],
            ),
            paola: self.person(
                "paola@lombardia.example",
                &[Grant {
                    role: Role::ClusterManager,
                    scope: Scope::Cluster(lombardy),
                }],
            ),
            roland: self.person(
                "roland@swiss.example",
                &[Grant {
                    role: Role::ClusterManager,
                    scope: Scope::Cluster(swiss),
                }],
            ),
            buffetto: self.person("buffetto@aviometal.example", &[editor(aviometal, lombardy)]),
            ivano: self.person("ivano@soliani.example", &[editor(soliani, lombardy)]),
            anna: self.person("anna@helvetic.example", &[editor(helvetic, swiss)]),
            nobody: self.person("nobody@example.org", &[]),
        }
    }
}
