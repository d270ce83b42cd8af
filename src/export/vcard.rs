//! Contact people as vCard 4.0 (RFC 6350): one card per person with FN, N, ORG, TITLE, EMAIL,
//! TEL, URL, LANG and the company's pitch as NOTE. Text is escaped and long lines are folded
//! at 75 octets without splitting a UTF-8 character.

use crate::domain::catalogue::{CatalogueContact, CatalogueEntry};

/// Escapes a text value (RFC 6350 §3.4): backslash, comma and semicolon get a backslash,
/// every line break (CRLF, LF or a bare CR) becomes `\n`, other control characters are
/// dropped. Used for every value the card writes, also those validated to be harmless.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' | '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push_str("\\n"),
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A URI value: it has no escaping of its own, so anything that could end the line or the
/// value is percent-encoded (stored web addresses are normalised already; this holds for
/// values from before that).
fn uri(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if c.is_control() || c.is_whitespace() || matches!(c, ',' | ';' | '\\' | '"') {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn fold(line: &str, out: &mut String) {
    super::fold_line(line, out)
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

/// The structured name (`N`: family; given) from a name as it was typed: the last word is
/// taken as the family name, the words before it as given names. Outlook and vCard 3.0 readers
/// need `N`; the split is a guess for names stored in one field (`FN` keeps the name as given).
pub fn structured_name(name: &str) -> (String, String) {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.split_last() {
        Some((family, given)) => ((*family).to_owned(), given.join(" ")),
        None => (String::new(), String::new()),
    }
}

/// Names the program that wrote the card (RFC 6350 §6.7.3).
pub const PRODID: &str = "-//Cluster2Cluster//Cluster2Cluster API//EN";

pub fn card(entry: &CatalogueEntry, contact: &CatalogueContact) -> String {
    let mut out = String::new();
    let mut line = |l: String| fold(&l, &mut out);
    line("BEGIN:VCARD".into());
    line("VERSION:4.0".into());
    line(format!("PRODID:{PRODID}"));
    line(format!("UID:urn:uuid:{}", contact.id));
    line(format!("FN:{}", escape(&contact.name)));
    let (family, given) = structured_name(&contact.name);
    line(format!("N:{};{};;;", escape(&family), escape(&given)));
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
        line(format!("URL:{}", uri(website)));
    }
    for (i, lang) in contact.languages.iter().enumerate() {
        line(format!("LANG;PREF={}:{}", i + 1, escape(lang)));
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
    #[test]
    fn the_structured_name_takes_the_last_word_as_family_name() {
        use super::structured_name;
        let n = |s: &str| structured_name(s);
        assert_eq!(n("Massimo Buffetto"), ("Buffetto".into(), "Massimo".into()));
        assert_eq!(
            n("  Anna  Maria  Keller "),
            ("Keller".into(), "Anna Maria".into())
        );
        assert_eq!(n("Madonna"), ("Madonna".into(), String::new()));
        assert_eq!(n(""), (String::new(), String::new()));
    }

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
        assert_eq!(escape("a\r\nb\rc\u{2028}d"), "a\\nb\\nc\\nd");
        assert_eq!(
            uri("https://a.example/\r\nEND:VCARD;x,y"),
            "https://a.example/%0D%0AEND:VCARD%3Bx%2Cy"
        );
    }
}
