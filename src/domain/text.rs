//! Text normalisation shared by search and tags.

use unicode_normalization::UnicodeNormalization;

/// Lower case without diacritics, so that `zurich` finds `Zürich` and `soliani emc` finds
/// `Soliani Emc` on both backends (SQLite's LOWER only knows ASCII).
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Escapes `%`, `_` and the escape character itself for a `LIKE … ESCAPE '\'` pattern.
pub fn like_pattern_contains(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len() + 2);
    out.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Trims each tag, collapses inner whitespace, drops empties and case-insensitive duplicates
/// (keeping the first spelling), preserving order.
pub fn normalize_tags(tags: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tags.iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty())
        .filter(|t| seen.insert(fold(t)))
        .collect()
}

/// Input text as stored: without surrounding white space.
pub fn trimmed(s: String) -> String {
    s.trim().to_owned()
}

/// Trims, and treats an empty string as absent.
pub fn trimmed_opt(s: Option<String>) -> Option<String> {
    s.map(trimmed).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Zürich"), "zurich");
        assert_eq!(fold("L’Aquila"), "l’aquila");
        assert_eq!(fold("SOLIANI Emc"), "soliani emc");
        assert_eq!(fold("Nidwalden"), "nidwalden");
    }

    #[test]
    fn like_escapes_wildcards() {
        assert_eq!(like_pattern_contains("50%_a\\"), "%50\\%\\_a\\\\%");
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated() {
        let tags = vec![
            " composites ".to_owned(),
            "Composites".to_owned(),
            "".to_owned(),
            "space   systems".to_owned(),
        ];
        assert_eq!(normalize_tags(&tags), vec!["composites", "space systems"]);
    }
}
