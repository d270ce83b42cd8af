//! The catalogue as CSV: RFC 4180 (CRLF, quoting where needed), UTF-8, a header row, one row
//! per contact person.

use super::csv_text as t;
use super::dialect::Dialect;
use crate::domain::catalogue::CatalogueEntry;
use crate::domain::member::web_domain;

/// The columns, in an order that never changes: scripts read them by position. New columns
/// are appended (the last five, for CRM imports: stable ids to update records by, the name in
/// parts, and the company's web domain that HubSpot links people to companies by).
pub const HEADER: [&str; 20] = [
    "company",
    "cluster",
    "company_country",
    "company_city",
    "website",
    "core_business",
    "areas_of_interest",
    "partners_sought",
    "ongoing_projects",
    "contact_name",
    "contact_role",
    "email",
    "phone",
    "languages",
    "attended",
    "member_id",
    "contact_id",
    "given_name",
    "family_name",
    "company_domain",
];

/// The start of the file and its header row.
pub fn header(dialect: Dialect) -> Vec<u8> {
    super::dialect::document(dialect, |w| w.row(HEADER))
}

/// Rows for these entries (no header).
pub fn rows(entries: &[CatalogueEntry], dialect: Dialect) -> Vec<u8> {
    let mut w = dialect.writer();
    for e in entries {
        let member_id = e.company.id.to_string();
        let domain = e
            .company
            .website
            .as_deref()
            .and_then(web_domain)
            .unwrap_or_default();
        for c in &e.contacts {
            let contact_id = c.id.to_string();
            let attended = match c.attended {
                Some(true) => "yes",
                Some(false) => "no",
                None => "",
            };
            // Every column is text a person typed except `attended`; phone numbers are
            // validated to digits, spaces and `+./()-`, so cannot carry a formula, and keep
            // their `+` for the address books that import them.
            w.row([
                t(&e.company.legal_name).as_ref(),
                &t(&e.company.cluster_name),
                &t(&e.company.country),
                &t(&e.company.city),
                &t(e.company.website.as_deref().unwrap_or("")),
                &t(&e.pitch.core_business),
                &t(&e.pitch.areas_of_interest.join("; ")),
                &t(&e.pitch.partners_sought.join("; ")),
                &t(&e.pitch.ongoing_projects),
                &t(&c.name),
                &t(&c.role),
                &t(c.email.as_deref().unwrap_or("")),
                c.phone.as_deref().unwrap_or(""),
                &t(&c.languages.join(" ")),
                attended,
                &member_id,
                &contact_id,
                &t(c.given_name.as_deref().unwrap_or("")),
                &t(c.family_name.as_deref().unwrap_or("")),
                &t(&domain),
            ]);
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::*;

    #[test]
    fn quotes_commas_quotes_and_newlines_and_uses_crlf() {
        let entry = CatalogueEntry {
            company: CatalogueCompany {
                id: uuid::Uuid::nil(),
                legal_name: "Officine D’Andrea, \"Aerospazio\"".into(),
                cluster_id: uuid::Uuid::nil(),
                cluster_name: "Lombardia Aerospace Cluster".into(),
                country: "IT".into(),
                city: "L’Aquila".into(),
                website: Some("https://www.dandrea.example/chi-siamo".into()),
            },
            registration_id: None,
            pitch: Pitch {
                core_business: "Machining\nand more".into(),
                areas_of_interest: vec!["a".into(), "b".into()],
                partners_sought: vec![],
                ongoing_projects: String::new(),
            },
            contacts: vec![CatalogueContact {
                id: uuid::Uuid::nil(),
                name: "Jürg Müller".into(),
                given_name: Some("Jürg".into()),
                family_name: Some("=Müller".into()),
                role: String::new(),
                email: None,
                phone: None,
                languages: vec!["de".into()],
                attended: Some(true),
            }],
            removed_at: None,
        };
        let text = String::from_utf8(
            [header(Dialect::Rfc4180), rows(&[entry], Dialect::Rfc4180)].concat(),
        )
        .unwrap();
        assert!(text.starts_with("company,cluster,"));
        assert!(text.contains("\"Officine D’Andrea, \"\"Aerospazio\"\"\""));
        assert!(text.contains("\"Machining\nand more\""));
        assert!(text.contains("Jürg Müller"));
        assert_eq!(text.matches("\r\n").count(), 2);
        // The CRM columns come last, in their order; text in them is guarded like the rest.
        assert!(
            text.contains(
                ",attended,member_id,contact_id,given_name,family_name,company_domain\r\n"
            ),
            "{text}"
        );
        let nil = uuid::Uuid::nil();
        assert!(
            text.ends_with(&format!(
                ",yes,{nil},{nil},Jürg,'=Müller,dandrea.example\r\n"
            )),
            "{text}"
        );
    }
}
