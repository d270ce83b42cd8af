//! The further, illustrative small companies that bring the demo day to 22 entrepreneurs.

use serde_json::json;
use uuid::Uuid;

use super::Seeder;
use crate::error::AppResult;

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

impl Seeder<'_> {
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
}

/// Nine more Lombard and five more Swiss companies, each with one contact person.
pub(super) fn seed(s: &mut Seeder, lombardy: Uuid, swiss: Uuid) -> AppResult<()> {
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
    Ok(())
}
