//! The four languages of what the service says itself (problem titles, field messages): which
//! one a client asked for (`Accept-Language`) and the one catalogue of texts by message key.
//!
//! Codes and `type` URIs never change with the language; only the human text does. A message
//! the catalogue does not know stays as written (English), so a new message is never lost,
//! only untranslated until it gets its entry (the unit tests below list what must have one).

pub use crate::domain::mail::Language;

/// The language to answer in for an `Accept-Language` value (RFC 9110 §12.5.4): the
/// supported language with the highest weight, the first listed on a tie; `it-CH` is Italian,
/// `*` and anything unknown English. `q=0` means "not this one".
pub fn negotiate(accept_language: Option<&str>) -> Language {
    let Some(value) = accept_language else {
        return Language::En;
    };
    let mut best: Option<(f32, Language)> = None;
    for item in value.split(',') {
        let mut parts = item.split(';');
        let tag = parts.next().unwrap_or_default().trim();
        let mut q = 1.0f32;
        for param in parts {
            if let Some((name, v)) = param.split_once('=')
                && name.trim().eq_ignore_ascii_case("q")
            {
                // A weight that does not parse makes the entry worthless rather than preferred.
                q = v
                    .trim()
                    .parse::<f32>()
                    .ok()
                    .filter(|q| (0.0..=1.0).contains(q))
                    .unwrap_or(0.0);
            }
        }
        if q <= 0.0 || tag.is_empty() {
            continue;
        }
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let lang = if primary == "*" {
            Language::En
        } else {
            match Language::parse(&primary) {
                Some(l) => l,
                None => continue,
            }
        };
        if best.is_none_or(|(b, _)| q > b) {
            best = Some((q, lang));
        }
    }
    best.map_or(Language::En, |(_, l)| l)
}

/// One message of the catalogue: its key (what code refers to), the public `code` a field
/// error carries (stable, for clients to switch on), and its text in each language.
/// `{name}` marks a parameter, filled in the same in every language.
#[derive(Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: &'static str,
    pub code: &'static str,
    pub en: &'static str,
    pub it: &'static str,
    pub de: &'static str,
    pub fr: &'static str,
}

impl Entry {
    pub fn text(&self, lang: Language) -> &'static str {
        match lang {
            Language::En => self.en,
            Language::It => self.it,
            Language::De => self.de,
            Language::Fr => self.fr,
        }
    }
}

macro_rules! entries {
    ($( $key:literal, $code:literal => $en:literal, $it:literal, $de:literal, $fr:literal; )*) => {
        &[ $( Entry { key: $key, code: $code, en: $en, it: $it, de: $de, fr: $fr }, )* ]
    };
}

mod details;
mod domain_fields;
mod fields;
mod object_details;
mod problems;

pub use details::DETAILS;
pub use domain_fields::DOMAIN_FIELD_MESSAGES;
pub use fields::{FIELD_MESSAGES, SERDE_MESSAGES};
pub use object_details::OBJECT_DETAILS;
pub use problems::{PAGES, PROBLEM_TEXTS};

/// The tables a problem's `detail` is looked up in: the service's own texts, then the
/// domain's.
pub const DETAIL_TABLES: &[&[Entry]] = &[PROBLEM_TEXTS, DETAILS, OBJECT_DETAILS];

/// The tables of field messages, in lookup order: the built-in rules', the domain's, serde's.
pub const FIELD_TABLES: &[&[Entry]] = &[FIELD_MESSAGES, DOMAIN_FIELD_MESSAGES, SERDE_MESSAGES];

/// Every table: where a parameter of a detail is looked up (a detail may quote a field
/// message, such as serde's `expected value at line 1 column 1`).
pub const ALL_TABLES: &[&[Entry]] = &[
    PROBLEM_TEXTS,
    DETAILS,
    OBJECT_DETAILS,
    FIELD_MESSAGES,
    DOMAIN_FIELD_MESSAGES,
    SERDE_MESSAGES,
];

/// The entry with this key, in `table`.
pub fn entry(table: &'static [Entry], key: &str) -> Option<&'static Entry> {
    table.iter().find(|e| e.key == key)
}

/// The entry with this key in the first of `tables` that has it.
pub fn entry_in(tables: &[&'static [Entry]], key: &str) -> Option<&'static Entry> {
    tables.iter().find_map(|t| entry(t, key))
}

/// The message whose English text (without parameters) is exactly `text`.
pub fn by_english(table: &'static [Entry], text: &str) -> Option<&'static Entry> {
    table.iter().find(|e| e.en == text && !e.en.contains('{'))
}

/// A piece of a template: text as written, or a `{name}` parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Literal(&'a str),
    Param(&'a str),
}

/// `template` cut into literals and `{name}` parameters (a `{` without its `}` is literal).
pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            out.push(Piece::Literal(&rest[..open]));
        }
        out.push(Piece::Param(&rest[open + 1..open + len]));
        rest = &rest[open + len + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Literal(rest));
    }
    out
}

/// How many characters of `template` are written out rather than parameters: the more, the
/// more specific the template.
pub fn literal_len(template: &str) -> usize {
    pieces(template)
        .iter()
        .map(|p| match p {
            Piece::Literal(l) => l.chars().count(),
            Piece::Param(_) => 0,
        })
        .sum()
}

/// The values of `template`'s parameters when `text` is `template` filled in, each value
/// non-empty; `None` when it is not. Where a parameter could end at several places, the
/// first that lets the rest match wins.
pub fn match_template<'t>(template: &'t str, text: &str) -> Option<Vec<(&'t str, String)>> {
    fn go<'t>(pieces: &[Piece<'t>], text: &str, out: &mut Vec<(&'t str, String)>) -> bool {
        match pieces {
            [] => text.is_empty(),
            [Piece::Literal(l), rest @ ..] => text
                .strip_prefix(l)
                .is_some_and(|after| go(rest, after, out)),
            [Piece::Param(name)] => {
                if text.is_empty() || !agrees(out, name, text) {
                    return false;
                }
                out.push((name, text.to_owned()));
                true
            }
            [Piece::Param(name), rest @ ..] => {
                // The value ends before the next literal (or, for two parameters in a row,
                // anywhere after its first character).
                let next = match rest.first() {
                    Some(Piece::Literal(l)) => Some(*l),
                    _ => None,
                };
                let ends: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .skip(1)
                    .chain([text.len()])
                    .filter(|&i| next.is_none_or(|l| text[i..].starts_with(l)))
                    .collect();
                for end in ends {
                    if !agrees(out, name, &text[..end]) {
                        continue;
                    }
                    let mark = out.len();
                    out.push((name, text[..end].to_owned()));
                    if go(rest, &text[end..], out) {
                        return true;
                    }
                    out.truncate(mark);
                }
                false
            }
        }
    }
    /// A parameter named twice (`max_removals={count}` after `remove {count} members`)
    /// has one value.
    fn agrees(out: &[(&str, String)], name: &str, value: &str) -> bool {
        out.iter().all(|(n, v)| *n != name || v == value)
    }
    let mut out = Vec::new();
    go(&pieces(template), text, &mut out).then_some(out)
}

/// A catalogue entry found again from the English text it was filled in as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub entry: &'static Entry,
    pub params: Vec<(&'static str, String)>,
}

/// The longest text [`find`] looks up; every message of the catalogue, filled in with
/// ordinary values, is far shorter.
pub const MAX_MATCHED_TEXT: usize = 2_000;

/// The entry of `tables` whose English template `text` is, with its parameters: an exact
/// text first, else the matching template with the most written-out characters (the first
/// listed on a tie), so that `must be one of it, de, fr, en` is its own message rather than
/// `must be one of {allowed}`.
pub fn find(tables: &[&'static [Entry]], text: &str) -> Option<Found> {
    // A text this long carries a value sent by a client (a JSON key the size of the body):
    // it stays as written rather than be matched against every template, which costs time
    // in proportion to its length squared.
    if text.len() > MAX_MATCHED_TEXT {
        return None;
    }
    let mut best: Option<(usize, Found)> = None;
    for table in tables {
        for entry in table.iter() {
            let Some(params) = match_template(entry.en, text) else {
                continue;
            };
            let score = literal_len(entry.en);
            if best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, Found { entry, params }));
            }
        }
    }
    best.map(|(_, found)| found)
}

/// The parameters that hold words for people (what you may not do, why registration is
/// closed, who may act, serde's message inside a detail), said in the language when the
/// catalogue has them. Every other parameter (a status, the actions allowed now, an id, a
/// slug) is a token of the API or data, and stays as written even when it looks like a
/// word the catalogue knows.
const PHRASES: &[&str] = &[
    "what", "reason", "who", "action", "error", "cause", "expected",
];

/// `entry` in `lang` with `params` filled in; a [`PHRASES`] parameter whose value is itself
/// a message of `tables` (a reason given inside a sentence) is said in `lang` too, and so
/// are its own, two levels down.
pub fn say(
    tables: &[&'static [Entry]],
    entry: &Entry,
    params: &[(&str, String)],
    lang: Language,
) -> String {
    say_nested(tables, entry, params, lang, 2)
}

fn say_nested(
    tables: &[&'static [Entry]],
    entry: &Entry,
    params: &[(&str, String)],
    lang: Language,
    depth: u8,
) -> String {
    if lang == Language::En {
        return fill(entry.en, params);
    }
    let params: Vec<(&str, String)> = params
        .iter()
        .map(|(name, value)| {
            let phrase = depth > 0 && PHRASES.contains(name);
            let value = match find(tables, value).filter(|_| phrase) {
                Some(inner) => say_nested(tables, inner.entry, &inner.params, lang, depth - 1),
                None => value.clone(),
            };
            (*name, value)
        })
        .collect();
    fill(entry.text(lang), &params)
}

/// `text` in `lang` when it is (a filled-in template of) a message of `tables`, else as
/// written.
pub fn translate(tables: &[&'static [Entry]], text: &str, lang: Language) -> String {
    translate_with(tables, tables, text, lang)
}

/// [`translate`], with the parameters looked up in `nested`.
pub fn translate_with(
    tables: &[&'static [Entry]],
    nested: &[&'static [Entry]],
    text: &str,
    lang: Language,
) -> String {
    match find(tables, text) {
        Some(found) if lang != Language::En => say(nested, found.entry, &found.params, lang),
        _ => text.to_owned(),
    }
}

/// `template` with each `{name}` replaced by its value (in one pass: a value that contains
/// `{…}` is not filled in again).
pub fn fill(template: &str, params: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    for piece in pieces(template) {
        match piece {
            Piece::Literal(l) => out.push_str(l),
            Piece::Param(name) => match params.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            },
        }
    }
    out
}

#[cfg(test)]
mod tests;
