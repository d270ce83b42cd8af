//! The catalogue as CSV: RFC 4180 (CRLF, quoting where needed), UTF-8, a header row, one row
//! per contact person.

use super::dialect::Dialect;
use super::table::{self, Cell};
use crate::domain::catalogue::CatalogueEntry;

pub const HEADER: [&str; 15] = [
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
        for c in &e.contacts {
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
                website: None,
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
    }
}
