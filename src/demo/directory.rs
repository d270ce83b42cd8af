//! The demo directory: the two clusters and the companies the article names, with their contacts.

use serde_json::{Value, json};
use uuid::Uuid;

use super::{Seeder, input};
use crate::app::clusters::ClusterInput;
use crate::app::contacts::ContactInput;
use crate::app::members::MemberInput;
use crate::error::AppResult;
use crate::store;

/// A member company as the later parts of the demo need it: ids, name and contact people.
pub(super) struct DemoCompany {
    pub(super) member_id: Uuid,
    pub(super) cluster_id: Uuid,
    pub(super) name: String,
    pub(super) contacts: Vec<Uuid>,
}

/// The clusters, and the member companies the demo log-ins edit.
pub(super) struct Directory {
    pub(super) lombardy: Uuid,
    pub(super) swiss: Uuid,
    pub(super) aviometal: Uuid,
    pub(super) soliani: Uuid,
    pub(super) elevel: Uuid,
}

impl Seeder<'_> {
    fn cluster(&mut self, value: Value) -> AppResult<Uuid> {
        let data = input::<ClusterInput>(value)?.into_data()?;
        let (row, _) = store::clusters::insert(self.conn, &data)?;
        Ok(row.id)
    }

    /// A member company with its contact people; remembered for the demo events.
    pub(super) fn member(&mut self, cluster_id: Uuid, mut value: Value) -> AppResult<Uuid> {
        let contacts = value.as_object_mut().and_then(|o| o.remove("contacts"));
        value["cluster_id"] = json!(cluster_id);
        let data = input::<MemberInput>(value)?.to_data()?;
        let row = store::members::insert(self.conn, cluster_id, &data, None)?;
        let member_id = row.id;
        let mut people = Vec::new();
        for contact in contacts
            .and_then(|c| c.as_array().cloned())
            .unwrap_or_default()
        {
            let data = input::<ContactInput>(contact)?.to_data()?;
            people.push(store::contacts::insert(self.conn, member_id, &data)?.id);
        }
        self.companies.push(DemoCompany {
            member_id,
            cluster_id,
            name: row.legal_name,
            contacts: people,
        });
        Ok(member_id)
    }
}

/// The Lombard and Swiss clusters and their named member companies.
pub(super) fn seed(s: &mut Seeder) -> AppResult<Directory> {
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
    Ok(Directory {
        lombardy,
        swiss,
        aviometal,
        soliani,
        elevel,
    })
}
