//! Words of a text: folded, stop words dropped, suffixes lightly folded.

use std::collections::HashSet;

use crate::domain::text::fold;

const STOP_WORDS: &[&str] = &[
    // English
    "the",
    "and",
    "for",
    "with",
    "from",
    "that",
    "this",
    "are",
    "our",
    "its",
    "their",
    "into",
    "also",
    "all",
    "any",
    "new",
    "other",
    "such",
    "who",
    "which",
    "have",
    "has",
    "was",
    "were",
    "will",
    "can",
    "not",
    "but",
    "more",
    "most",
    "per",
    "via",
    "over",
    "out",
    "own",
    "about",
    "partner",
    "partners",
    "company",
    "companies",
    "looking",
    // Italian
    "della",
    "delle",
    "dello",
    "degli",
    "del",
    "dei",
    "che",
    "con",
    "per",
    "una",
    "uno",
    "nel",
    "nella",
    "nelle",
    "negli",
    "sul",
    "sulla",
    "alla",
    "alle",
    "agli",
    "dal",
    "dalla",
    "tra",
    "fra",
    "come",
    "anche",
    "sono",
    "essere",
    "suo",
    "sua",
    "loro",
    "nostro",
    "nostra",
    "più",
    "non",
    "gli",
    "azienda",
    "aziende",
    // German
    "der",
    "die",
    "das",
    "und",
    "für",
    "mit",
    "von",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einer",
    "eines",
    "im",
    "ist",
    "sind",
    "auf",
    "aus",
    "bei",
    "zum",
    "zur",
    "auch",
    "wir",
    "unsere",
    "sich",
    "nach",
    "oder",
    "als",
    "wie",
    "über",
    "unternehmen",
    // French
    "les",
    "des",
    "une",
    "pour",
    "avec",
    "dans",
    "par",
    "sur",
    "est",
    "sont",
    "aux",
    "que",
    "qui",
    "nous",
    "notre",
    "nos",
    "leur",
    "leurs",
    "pas",
    "plus",
    "ses",
    "son",
    "entreprise",
    "entreprises",
];

fn stop_words() -> &'static HashSet<String> {
    static WORDS: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    WORDS.get_or_init(|| STOP_WORDS.iter().map(|w| fold(w)).collect())
}

/// Light suffix folding shared by the four languages: plural `s`, then a final vowel.
/// `composites`, `composite`, `compositi` → `composit`; `materiali`, `materials` → `material`.
pub(super) fn stem(word: &str) -> String {
    let mut w = word;
    if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") {
        w = &w[..w.len() - 1];
    }
    if w.len() > 5 && w.ends_with(['a', 'e', 'i', 'o']) {
        w = &w[..w.len() - 1];
    }
    w.to_owned()
}

/// Words of `text` as (stem, the word as written, folded), stop words and short words dropped.
pub fn terms(text: &str) -> Vec<(String, String)> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !stop_words().contains(*w))
        .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .map(|w| (stem(w), w.to_owned()))
        .collect()
}
