//! Contact people as vCard 4.0 (RFC 6350) or 3.0 (RFC 2426, for Outlook): one card per person
//! with FN, N, ORG, TITLE, EMAIL, TEL, URL, LANG (4.0) and the company's pitch as NOTE. Text
//! is escaped and long lines are folded at 75 octets without splitting a UTF-8 character.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::catalogue::{CatalogueContact, CatalogueEntry};
use crate::domain::person_name::{self, NameParts};

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

/// Names the program that wrote the card (RFC 6350 §6.7.3, RFC 2426 §3.6.3).
pub const PRODID: &str = "-//Cluster2Cluster//Cluster2Cluster API//EN";

/// The vCard version of an export: `4.0` (RFC 6350, the default) or `3.0` (RFC 2426, for
/// Outlook and older address books).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
pub enum VcardVersion {
    #[serde(rename = "3.0")]
    V3,
    #[default]
    #[serde(rename = "4.0")]
    V4,
}

impl VcardVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            VcardVersion::V3 => "3.0",
            VcardVersion::V4 => "4.0",
        }
    }
}

/// One card per person, in `version`. Both carry FN, N (from the name's parts), ORG, TITLE,
/// EMAIL, TEL, URL, ADR and the company's pitch as NOTE; they differ where the RFCs do:
///
/// | | 4.0 (RFC 6350) | 3.0 (RFC 2426) |
/// | --- | --- | --- |
/// | e-mail | `EMAIL;TYPE=work` | `EMAIL;TYPE=INTERNET` |
/// | phone | `TEL;TYPE=work;VALUE=uri:tel:+41-…` | `TEL;TYPE=WORK,VOICE:+41 …` (text) |
/// | languages | `LANG;PREF=n` | no such property: a line of NOTE |
/// | charset | always UTF-8 | UTF-8, said by `CHARSET=UTF-8` (RFC 2425 §5.8.4) on non-ASCII text, which Outlook otherwise reads in the machine's code page |
pub fn card(entry: &CatalogueEntry, contact: &CatalogueContact, version: VcardVersion) -> String {
    let v3 = version == VcardVersion::V3;
    let mut out = String::new();
    let mut line = |l: String| fold(&l, &mut out);
    // A property whose value is escaped text: `raw` tells whether it needs the charset said.
    let text = |name: &str, raw: &str, value: String| {
        if v3 && !raw.is_ascii() {
            format!("{name};CHARSET=UTF-8:{value}")
        } else {
            format!("{name}:{value}")
        }
    };
    line("BEGIN:VCARD".into());
    line(format!("VERSION:{}", version.as_str()));
    line(format!("PRODID:{PRODID}"));
    line(format!("UID:urn:uuid:{}", contact.id));
    line(text("FN", &contact.name, escape(&contact.name)));
    let parts = person_name::effective(
        &contact.name,
        NameParts::stated(contact.given_name.clone(), contact.family_name.clone()),
    );
    let (family, given) = parts.for_card();
    line(text(
        "N",
        &format!("{family}{given}"),
        format!("{};{};;;", escape(family), escape(given)),
    ));
    line(text(
        "ORG",
        &entry.company.legal_name,
        escape(&entry.company.legal_name),
    ));
    if !contact.role.is_empty() {
        line(text("TITLE", &contact.role, escape(&contact.role)));
    }
    if let Some(email) = &contact.email {
        let name = if v3 {
            "EMAIL;TYPE=INTERNET"
        } else {
            "EMAIL;TYPE=work"
        };
        line(text(name, email, escape(email)));
    }
    if let Some(phone) = &contact.phone {
        if v3 {
            line(format!("TEL;TYPE=WORK,VOICE:{}", escape(phone)));
        } else {
            line(format!("TEL;TYPE=work;VALUE=uri:{}", tel_uri(phone)));
        }
    }
    if let Some(website) = &entry.company.website {
        line(format!("URL:{}", uri(website)));
    }
    if !v3 {
        for (i, lang) in contact.languages.iter().enumerate() {
            line(format!("LANG;PREF={}:{}", i + 1, escape(lang)));
        }
    }
    let city_country = format!("{}{}", entry.company.city, entry.company.country);
    line(text(
        if v3 { "ADR;TYPE=WORK" } else { "ADR;TYPE=work" },
        &city_country,
        format!(
            ";;;{};;;{}",
            escape(&entry.company.city),
            escape(&entry.company.country)
        ),
    ));
    let mut note = entry.pitch.as_text();
    if v3 && !contact.languages.is_empty() {
        note.push_str(&format!("\nLanguages: {}", contact.languages.join(", ")));
    }
    line(text("NOTE", &note, escape(&note)));
    line("END:VCARD".into());
    out
}

/// Cards for every contact of these entries.
pub fn cards(entries: &[CatalogueEntry], version: VcardVersion) -> Vec<u8> {
    let mut out = String::new();
    for e in entries {
        for c in &e.contacts {
            out.push_str(&card(e, c, version));
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalogue::{CatalogueCompany, Pitch};

    fn entry() -> CatalogueEntry {
        CatalogueEntry {
            company: CatalogueCompany {
                id: uuid::Uuid::nil(),
                legal_name: "Officine D’Andrea".into(),
                cluster_id: uuid::Uuid::nil(),
                cluster_name: "Lombardia Aerospace Cluster".into(),
                country: "IT".into(),
                city: "Como".into(),
                website: Some("https://dandrea.example".into()),
            },
            registration_id: None,
            pitch: Pitch {
                core_business: "Machining".into(),
                areas_of_interest: vec![],
                partners_sought: vec![],
                ongoing_projects: String::new(),
            },
            contacts: vec![CatalogueContact {
                id: uuid::Uuid::nil(),
                name: "Jan van der Berg".into(),
                given_name: Some("Jan".into()),
                family_name: Some("van der Berg".into()),
                role: "CEO".into(),
                email: Some("jan@dandrea.example".into()),
                phone: Some("+39 031 000 00 00".into()),
                languages: vec!["it".into(), "nl".into()],
                attended: None,
            }],
            removed_at: None,
        }
    }

    fn lines(text: &str) -> Vec<&str> {
        text.split("\r\n").filter(|l| !l.is_empty()).collect()
    }

    #[test]
    fn version_4_writes_uris_and_languages() {
        let e = entry();
        let card = card(&e, &e.contacts[0], VcardVersion::default());
        let lines = lines(&card);
        assert!(lines.contains(&"VERSION:4.0"), "{card}");
        assert!(lines.contains(&"N:van der Berg;Jan;;;"), "{card}");
        assert!(lines.contains(&"EMAIL;TYPE=work:jan@dandrea.example"));
        assert!(lines.contains(&"TEL;TYPE=work;VALUE=uri:tel:+39-031-000-00-00"));
        assert!(lines.contains(&"LANG;PREF=2:nl"));
        assert!(lines.contains(&"ORG:Officine D’Andrea"), "{card}");
        assert!(lines.contains(&"NOTE:Machining"), "{card}");
    }

    #[test]
    fn version_3_is_rfc_2426_with_its_charset_said() {
        let e = entry();
        let card = card(&e, &e.contacts[0], VcardVersion::V3);
        let lines = lines(&card);
        assert_eq!(lines[..2], ["BEGIN:VCARD", "VERSION:3.0"], "{card}");
        assert!(lines.contains(&"N:van der Berg;Jan;;;"), "{card}");
        assert!(lines.contains(&"FN:Jan van der Berg"), "{card}");
        assert!(lines.contains(&"EMAIL;TYPE=INTERNET:jan@dandrea.example"));
        assert!(lines.contains(&"TEL;TYPE=WORK,VOICE:+39 031 000 00 00"));
        assert!(lines.contains(&"ADR;TYPE=WORK:;;;Como;;;IT"), "{card}");
        assert!(
            lines.contains(&"ORG;CHARSET=UTF-8:Officine D’Andrea"),
            "{card}"
        );
        assert!(
            lines.contains(&"NOTE:Machining\\nLanguages: it\\, nl"),
            "{card}"
        );
        // Nothing written the 4.0 way.
        for four in ["LANG", "KIND", "PREF=", "VALUE=uri", "tel:"] {
            assert!(!card.contains(four), "{four} in {card}");
        }
    }

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
