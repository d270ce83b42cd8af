//! Badges as CSV, for printing (mail merge, badge printers): RFC 4180, UTF-8, a header row,
//! one row per person; every text cell is guarded against spreadsheet formulas.

use super::csv_text as t;
use crate::app::badges::BadgeRecord;

pub const HEADER: [&str; 5] = ["name", "company", "cluster", "country", "code"];

pub fn write(badges: &[BadgeRecord]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .has_headers(false)
        .from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = w.write_record(HEADER);
    for b in badges {
        // Codes never start with a formula character (see `domain::check_in::new_code`), so
        // the guard leaves them as they are; it stays as the rule for every text cell.
        let _ = w.write_record([
            t(&b.name).as_ref(),
            &t(&b.company),
            &t(&b.cluster),
            &t(&b.country),
            &t(&b.code),
        ]);
    }
    w.into_inner().unwrap_or_default()
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
        let text = String::from_utf8(write(&[badge])).unwrap();
        assert_eq!(
            text,
            "name,company,cluster,country,code\r\n\
             \"'=HYPERLINK(\"\"http://x\"\",\"\"a, b\"\")\",\"Officine \"\"D'Andrea\"\"\r\nSecond line\",Lombardia,IT,Zabcdefghijklmnopqr-\r\n"
        );
    }
}
