//! Badges as a table (CSV or xlsx), for printing (mail merge, badge printers): a header row,
//! one row per person; every text cell is guarded against spreadsheet formulas.

use super::dialect::Dialect;
use super::table::{Cell, Table};
use crate::app::badges::BadgeRecord;

pub const HEADER: [&str; 5] = ["name", "company", "cluster", "country", "code"];

pub fn table(badges: &[BadgeRecord]) -> Table {
    Table {
        sheet: "Badges",
        columns: &HEADER,
        // Codes never start with a formula character (see `domain::check_in::new_code`), so
        // the guard leaves them as they are; it stays as the rule for every text cell.
        rows: badges
            .iter()
            .map(|b| {
                vec![
                    Cell::text(&b.name),
                    Cell::text(&b.company),
                    Cell::text(&b.cluster),
                    Cell::text(&b.country),
                    Cell::text(&b.code),
                ]
            })
            .collect(),
    }
}

pub fn write(badges: &[BadgeRecord], dialect: Dialect) -> Vec<u8> {
    table(badges).csv(dialect)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_cells_are_quoted_and_guarded() {
        let badge = BadgeRecord {
            registration_id: uuid::Uuid::nil(),
            contact_id: uuid::Uuid::nil(),
            name: "=HYPERLINK(\"http://x\",\"a, b\")".into(),
            company: "Officine \"D'Andrea\"\r\nSecond line".into(),
            cluster: "Lombardia".into(),
            country: "IT".into(),
            code: "Zabcdefghijklmnopqr-".into(),
            checked_in: false,
        };
        let text = String::from_utf8(write(&[badge], Dialect::Rfc4180)).unwrap();
        assert_eq!(
            text,
            "name,company,cluster,country,code\r\n\
             \"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\",\"Officine \"\"D'Andrea\"\"\r\nSecond line\",Lombardia,IT,Zabcdefghijklmnopqr-\r\n"
        );
    }
}
