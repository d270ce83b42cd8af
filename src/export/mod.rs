//! Writers for the non-JSON formats: CSV (RFC 4180 or the Excel dialect, see `dialect`) and
//! Excel workbooks from one table model (`table`), vCard 4.0 (RFC 6350) or 3.0 (RFC 2426) and
//! iCalendar (RFC 5545). Pure functions over the values the JSON
//! answers carry, so that each is unit tested and the HTTP layer only streams their output.

pub mod badges;
pub mod companies;
pub mod csv;
pub mod dialect;
pub mod figures;
pub mod ical;
pub mod partnerships;
pub mod registrations;
pub mod stats;
pub mod survey;
pub mod table;
pub mod vcard;

use std::borrow::Cow;

/// Folds a content line of vCard (RFC 6350 §3.2) or iCalendar (RFC 5545 §3.1): at most 75
/// octets per physical line, continuation lines start with one space, a UTF-8 character is
/// never split, and the line ends with CRLF.
pub fn fold_line(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

/// A text cell of a CSV file, safe to open in a spreadsheet: a value that Excel, LibreOffice
/// or Google Sheets would read as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading apostrophe, as OWASP's CSV-injection guidance says, so
/// that `=HYPERLINK(…)` stays text. Number columns are written as they are, never through
/// this function, so `-78436` stays a number there.
pub fn csv_text(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

#[cfg(test)]
mod tests {
    use super::csv_text;

    #[test]
    fn formula_prefixes_are_neutralised() {
        for hostile in [
            "=HYPERLINK(\"http://x\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert_eq!(csv_text(hostile), format!("'{hostile}"));
        }
        for plain in ["Aviometal S.p.A.", "", "2017-01", "'quoted", " =not first"] {
            assert_eq!(csv_text(plain), plain);
        }
    }
}
