//! Contact people as vCard 4.0 (RFC 6350): one card per person with FN, ORG, TITLE, EMAIL,
//! TEL, URL, LANG and the company's pitch as NOTE. Text is escaped and long lines are folded
//! at 75 octets without splitting a UTF-8 character.

use crate::domain::catalogue::{CatalogueContact, CatalogueEntry};

/// Escapes a text value (RFC 6350 §3.4): backslash, comma, semicolon and newlines.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line: at most 75 octets per physical line, continuation lines start with
/// one space (RFC 6350 §3.2).
fn fold(line: &str, out: &mut String) {
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

/// `tel:` URI from a phone number as people write it: `+41 41 618 00 00` → `tel:+41-41-618-00-00`.
fn tel_uri(phone: &str) -> String {
    let cleaned: String = phone
        .chars()
        .map(|c| {
            if c.is_ascii_digit() || c == '+' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let parts: Vec<&str> = cleaned.split('-').filter(|p| !p.is_empty()).collect();
    format!("tel:{}", parts.join("-"))
}

pub fn card(entry: &CatalogueEntry, contact: &CatalogueContact) -> String {
    let mut out = String::new();
    let mut line = |l: String| fold(&l, &mut out);
    line("BEGIN:VCARD".into());
    line("VERSION:4.0".into());
    line(format!("UID:urn:uuid:{}", contact.id));
    line(format!("FN:{}", escape(&contact.name)));
    line(format!("ORG:{}", escape(&entry.company.legal_name)));
    if !contact.role.is_empty() {
        line(format!("TITLE:{}", escape(&contact.role)));
    }
    if let Some(email) = &contact.email {
        line(format!("EMAIL;TYPE=work:{}", escape(email)));
    }
    if let Some(phone) = &contact.phone {
        line(format!("TEL;TYPE=work;VALUE=uri:{}", tel_uri(phone)));
    }
    if let Some(website) = &entry.company.website {
        line(format!("URL:{website}"));
    }
    for (i, lang) in contact.languages.iter().enumerate() {
        line(format!("LANG;PREF={}:{}", i + 1, lang));
    }
    line(format!(
        "ADR;TYPE=work:;;;{};;;{}",
        escape(&entry.company.city),
        escape(&entry.company.country)
    ));
    line(format!("NOTE:{}", escape(&entry.pitch.as_text())));
    line("END:VCARD".into());
    out
}

/// Cards for every contact of these entries.
pub fn cards(entries: &[CatalogueEntry]) -> Vec<u8> {
    let mut out = String::new();
    for e in entries {
        for c in &e.contacts {
            out.push_str(&card(e, c));
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_folding_and_tel_uris() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        let long = format!("NOTE:{}", "ü".repeat(60));
        fold(&long, &mut out);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        assert_eq!(out.replace("\r\n ", ""), format!("{long}\r\n"));
        assert_eq!(tel_uri("+41 41 618 00 00"), "tel:+41-41-618-00-00");
        assert_eq!(tel_uri("+39 (02) 1234-5678"), "tel:+39-02-1234-5678");
    }
}
