//! The companies file: one row per company of a catalogue — also those with nobody who
//! consented to sharing, which the per-person CSV and vCard cannot show — for importing
//! companies into a CRM before their people.
//!
//! Column names are those the three CRMs the README's recipe covers map by themselves or by
//! one choice each: `name`, `domain`, `website`, `city`, `country`, `description` are
//! HubSpot's own company property names (`domain` is "Company Domain Name", which HubSpot
//! links people to companies by); `name`, `website`, `description` are EspoCRM's account
//! fields; `domain_url` is Twenty's "Domain / Domain URL" (`https://domain`, its company key)
//! and `member_id` a UUID Twenty takes as the company's `id`. Like every CSV, RFC 4180 or the
//! Excel dialect, text guarded against formulas.

use super::csv_text as t;
use super::dialect::Dialect;
use crate::domain::catalogue::CatalogueEntry;
use crate::domain::member::web_domain;

/// The columns, in an order that only ever grows at the end.
pub const HEADER: [&str; 12] = [
    "member_id",
    "name",
    "domain",
    "domain_url",
    "website",
    "city",
    "country",
    "description",
    "cluster",
    "cluster_id",
    "registration_id",
    "shared_contacts",
];

/// The start of the file and its header row.
pub fn header(dialect: Dialect) -> Vec<u8> {
    super::dialect::document(dialect, |w| w.row(HEADER))
}

/// One row per entry (no header); tombstones are not companies of the catalogue.
pub fn rows(entries: &[CatalogueEntry], dialect: Dialect) -> Vec<u8> {
    let mut w = dialect.writer();
    for e in entries.iter().filter(|e| e.removed_at.is_none()) {
        let c = &e.company;
        let domain = c.website.as_deref().and_then(web_domain);
        let domain_url = domain.as_deref().map(|d| format!("https://{d}"));
        // Ids and the count are not text anybody typed; everything else is guarded.
        w.row([
            c.id.to_string().as_str(),
            &t(&c.legal_name),
            &t(domain.as_deref().unwrap_or("")),
            &t(domain_url.as_deref().unwrap_or("")),
            &t(c.website.as_deref().unwrap_or("")),
            &t(&c.city),
            &t(&c.country),
            &t(&e.pitch.as_text()),
            &t(&c.cluster_name),
            &c.cluster_id.to_string(),
            &e.registration_id.map(|r| r.to_string()).unwrap_or_default(),
            &e.contacts.len().to_string(),
        ]);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::{CatalogueCompany, CatalogueContact, Pitch};

    fn entry(name: &str, website: Option<&str>, people: usize) -> CatalogueEntry {
        CatalogueEntry {
            company: CatalogueCompany {
                id: uuid::Uuid::nil(),
                legal_name: name.into(),
                cluster_id: uuid::Uuid::max(),
                cluster_name: "Swiss Aerospace Cluster".into(),
                country: "CH".into(),
                city: "Stans".into(),
                website: website.map(Into::into),
            },
            registration_id: None,
            pitch: Pitch {
                core_business: "Engines; MRO, \"line\" maintenance".into(),
                areas_of_interest: vec!["mro".into()],
                partners_sought: vec![],
                ongoing_projects: String::new(),
            },
            contacts: (0..people)
                .map(|_| CatalogueContact {
                    id: uuid::Uuid::nil(),
                    name: "Anna Keller".into(),
                    given_name: Some("Anna".into()),
                    family_name: Some("Keller".into()),
                    role: String::new(),
                    email: None,
                    phone: None,
                    languages: vec![],
                    attended: None,
                })
                .collect(),
            removed_at: None,
        }
    }

    #[test]
    fn one_row_per_company_with_or_without_people() {
        let mut gone = entry("Gone AG", None, 0);
        gone.removed_at = Some(chrono::Utc::now());
        let entries = [
            entry("Helvetic Aero", Some("https://www.helvetic.example/de"), 2),
            entry("=Nobody Shared AG", None, 0),
            gone,
        ];
        let text = String::from_utf8(
            [header(Dialect::Rfc4180), rows(&entries, Dialect::Rfc4180)].concat(),
        )
        .unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "member_id,name,domain,domain_url,website,city,country,description,cluster,cluster_id,registration_id,shared_contacts"
        );
        let (nil, max) = (uuid::Uuid::nil(), uuid::Uuid::max());
        assert_eq!(
            lines[1],
            format!(
                "{nil},Helvetic Aero,helvetic.example,https://helvetic.example,https://www.helvetic.example/de,Stans,CH,\"Engines; MRO, \"\"line\"\" maintenance\nAreas of interest: mro\",Swiss Aerospace Cluster,{max},,2"
            )
        );
        assert!(
            lines[2].starts_with(&format!("{nil},'=Nobody Shared AG,,,,Stans,")),
            "{text}"
        );
        assert!(lines[2].ends_with(&format!(",{max},,0")), "{text}");
        // A header, two companies, the empty rest after the last CRLF: no tombstone.
        assert_eq!(lines.len(), 4, "{text}");
    }
}
