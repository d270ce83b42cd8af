//! The catalogue as CSV: RFC 4180 (CRLF, quoting where needed), UTF-8, a header row, one row
//! per contact person.

use super::dialect::Dialect;
use super::table::{self, Cell};
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
    table::csv_header(&HEADER, dialect)
}

/// Rows for these entries (no header).
pub fn rows(entries: &[CatalogueEntry], dialect: Dialect) -> Vec<u8> {
    table::csv_rows(&cells(entries), dialect)
}

/// The cells of these entries' rows, in the order of `HEADER`: one row per contact person;
/// the same for CSV and xlsx.
pub fn cells(entries: &[CatalogueEntry]) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
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
            // their `+` for the address books that import them (and stay text in xlsx).
            rows.push(vec![
                Cell::text(&e.company.legal_name),
                Cell::text(&e.company.cluster_name),
                Cell::text(&e.company.country),
                Cell::text(&e.company.city),
                Cell::text(e.company.website.as_deref().unwrap_or("")),
                Cell::text(&e.pitch.core_business),
                Cell::text(e.pitch.areas_of_interest.join("; ")),
                Cell::text(e.pitch.partners_sought.join("; ")),
                Cell::text(&e.pitch.ongoing_projects),
                Cell::text(&c.name),
                Cell::text(&c.role),
                Cell::text(c.email.as_deref().unwrap_or("")),
                Cell::code(c.phone.as_deref().unwrap_or("")),
                Cell::text(c.languages.join(" ")),
                Cell::code(attended),
                Cell::code(&member_id),
                Cell::code(&contact_id),
                Cell::text(c.given_name.as_deref().unwrap_or("")),
                Cell::text(c.family_name.as_deref().unwrap_or("")),
                Cell::text(&domain),
            ]);
        }
    }
    rows
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
