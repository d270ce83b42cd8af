//! A person's name in parts: the given name(s) and the family name that address books (vCard
//! `N`) and CRMs (first name / last name) want, beside the display name as it was written.
//!
//! Names stored in one field are split by [`split`]: the last word is the family name,
//! together with the particles written before it (`van der Berg`, `De Luca`, `della Valle`,
//! `D' Andrea`); a name written as one word (`D’Andrea`) stays one word. It is a guess
//! that clients can correct: parts they set are kept; parts the service guessed follow the
//! display name when it changes ([`follow`]).

/// Given and family name; either may be missing (a one-word name has only a family name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NameParts {
    pub given: Option<String>,
    pub family: Option<String>,
}

impl NameParts {
    /// Parts as a client stated them; both missing means "not stated".
    pub fn stated(given: Option<String>, family: Option<String>) -> NameParts {
        NameParts { given, family }
    }

    pub fn is_empty(&self) -> bool {
        self.given.is_none() && self.family.is_none()
    }

    /// `(family, given)`, empty where missing: the order of vCard's `N`.
    pub fn for_card(&self) -> (&str, &str) {
        (
            self.family.as_deref().unwrap_or(""),
            self.given.as_deref().unwrap_or(""),
        )
    }
}

/// Words written before a family name that belong to it (compared without case: `De Luca`
/// and `de Luca` are both family names). Italian, French, Spanish, Portuguese, Dutch, German
/// and Scandinavian ones, the languages of the clusters this service serves and their
/// neighbours.
const PARTICLES: &[&str] = &[
    "van", "von", "de", "der", "den", "des", "du", "di", "da", "dal", "dall", "dalla", "dalle",
    "dai", "dei", "del", "dell", "della", "delle", "degli", "dello", "la", "le", "lo", "do", "dos",
    "das", "ten", "ter", "te", "zu", "zum", "zur", "af", "av", "st", "st.", "san", "santa", "bin",
    "ibn", "al", "el",
];

/// Words that join two family names (`Ortega y Gasset`, `Sá e Silva`).
const CONJUNCTIONS: &[&str] = &["y", "e", "i"];

/// Generational suffixes that stay with the family name (`King Jr.`).
const SUFFIXES: &[&str] = &["jr", "jr.", "sr", "sr.", "ii", "iii", "iv"];

fn is_particle(word: &str) -> bool {
    let lower = word.to_lowercase();
    // `D'`, `dell’`: an elided particle written apart from the name.
    let elided = lower
        .strip_suffix('\'')
        .or_else(|| lower.strip_suffix('’'))
        .is_some_and(|stem| !stem.is_empty() && stem.chars().all(char::is_alphabetic));
    elided || PARTICLES.contains(&lower.as_str())
}

fn is_suffix(word: &str) -> bool {
    SUFFIXES.contains(&word.to_lowercase().as_str())
}

/// The parts of a display name (see the module's documentation). Whitespace is collapsed;
/// the first word is always a given name when there are two words or more.
pub fn split(display: &str) -> NameParts {
    let words: Vec<&str> = display.split_whitespace().collect();
    let n = words.len();
    if n == 0 {
        return NameParts::default();
    }
    if n == 1 {
        return NameParts {
            given: None,
            family: Some(words[0].to_owned()),
        };
    }
    // Where the family name starts: at the last word, or the one before a suffix when a
    // given name still remains in front of it.
    let mut start = n - 1;
    if is_suffix(words[start]) && start >= 2 {
        start -= 1;
    }
    // Particles in front of it, and a family name joined to it by a conjunction, never
    // taking the first word.
    loop {
        if start > 1 && is_particle(words[start - 1]) {
            start -= 1;
        } else if start > 2 && CONJUNCTIONS.contains(&words[start - 1].to_lowercase().as_str()) {
            start -= 2;
        } else {
            break;
        }
    }
    NameParts {
        given: Some(words[..start].join(" ")),
        family: Some(words[start..].join(" ")),
    }
}

/// The parts to show for a person: the stored ones, or the split of the display name when
/// none are stored (rows written before the parts existed).
pub fn effective(display: &str, stored: NameParts) -> NameParts {
    if stored.is_empty() {
        split(display)
    } else {
        stored
    }
}

/// The parts after the display name changed from `old` to `new` with no parts given in the
/// same change: parts that were the split of the old name were a guess and follow the new
/// name; parts a client set are theirs and stay.
pub fn follow(old: &str, new: &str, current: NameParts) -> NameParts {
    if current.is_empty() || current == split(old) {
        split(new)
    } else {
        current
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(display: &str) -> (Option<&'static str>, Option<&'static str>) {
        let p = split(display);
        (
            p.given.map(|g| &*Box::leak(g.into_boxed_str())),
            p.family.map(|f| &*Box::leak(f.into_boxed_str())),
        )
    }

    #[test]
    fn the_last_word_is_the_family_name() {
        assert_eq!(
            parts("Massimo Buffetto"),
            (Some("Massimo"), Some("Buffetto"))
        );
        assert_eq!(
            parts("  Anna  Maria\tKeller "),
            (Some("Anna Maria"), Some("Keller"))
        );
        assert_eq!(parts("Jürg Müller"), (Some("Jürg"), Some("Müller")));
    }

    #[test]
    fn one_word_is_a_family_name_and_nothing_is_nothing() {
        assert_eq!(parts("Madonna"), (None, Some("Madonna")));
        assert_eq!(parts("D’Andrea"), (None, Some("D’Andrea")));
        assert_eq!(parts(""), (None, None));
        assert_eq!(parts("   "), (None, None));
    }

    #[test]
    fn particles_belong_to_the_family_name() {
        assert_eq!(
            parts("Ludwig van Beethoven"),
            (Some("Ludwig"), Some("van Beethoven"))
        );
        assert_eq!(
            parts("Jan van der Berg"),
            (Some("Jan"), Some("van der Berg"))
        );
        assert_eq!(
            parts("Maria Grazia De Luca"),
            (Some("Maria Grazia"), Some("De Luca"))
        );
        assert_eq!(
            parts("Giuseppe di Stefano"),
            (Some("Giuseppe"), Some("di Stefano"))
        );
        assert_eq!(
            parts("Diego Della Valle"),
            (Some("Diego"), Some("Della Valle"))
        );
        assert_eq!(
            parts("Jean de La Fontaine"),
            (Some("Jean"), Some("de La Fontaine"))
        );
        assert_eq!(
            parts("Ursula von der Leyen"),
            (Some("Ursula"), Some("von der Leyen"))
        );
        assert_eq!(
            parts("Leonardo da Vinci"),
            (Some("Leonardo"), Some("da Vinci"))
        );
        assert_eq!(
            parts("José Ortega y Gasset"),
            (Some("José"), Some("Ortega y Gasset"))
        );
        assert_eq!(
            parts("Maria de Sá e Silva"),
            (Some("Maria"), Some("de Sá e Silva"))
        );
        // A conjunction right after the given name joins nothing.
        assert_eq!(parts("Ana y Ruiz"), (Some("Ana y"), Some("Ruiz")));
    }

    #[test]
    fn apostrophes_join_or_elide() {
        assert_eq!(
            parts("Gabriele D'Andrea"),
            (Some("Gabriele"), Some("D'Andrea"))
        );
        assert_eq!(
            parts("Gabriele D’Andrea"),
            (Some("Gabriele"), Some("D’Andrea"))
        );
        // An elided particle written apart stays with the name it elides into.
        assert_eq!(
            parts("Gabriele D' Andrea"),
            (Some("Gabriele"), Some("D' Andrea"))
        );
        assert_eq!(parts("Luca dell’ Orto"), (Some("Luca"), Some("dell’ Orto")));
    }

    #[test]
    fn the_first_word_stays_a_given_name() {
        // `De` first is a given name here, not a particle: someone is called it.
        assert_eq!(parts("De Luca"), (Some("De"), Some("Luca")));
        assert_eq!(parts("Van Morrison"), (Some("Van"), Some("Morrison")));
        assert_eq!(parts("Paul van"), (Some("Paul"), Some("van")));
        assert_eq!(parts("Da Van Silva"), (Some("Da"), Some("Van Silva")));
    }

    #[test]
    fn suffixes_stay_with_the_family_name() {
        assert_eq!(
            parts("Martin Luther King Jr."),
            (Some("Martin Luther"), Some("King Jr."))
        );
        assert_eq!(parts("John Jr"), (Some("John"), Some("Jr")));
        assert_eq!(
            parts("Pieter de Vries III"),
            (Some("Pieter"), Some("de Vries III"))
        );
    }

    #[test]
    fn stored_parts_win_over_the_split() {
        let stored = NameParts::stated(Some("Massimo".into()), Some("Buffetto Rossi".into()));
        assert_eq!(effective("Massimo Buffetto Rossi", stored.clone()), stored);
        assert_eq!(
            effective("Massimo Buffetto", NameParts::default()),
            split("Massimo Buffetto")
        );
    }

    #[test]
    fn guessed_parts_follow_the_name_and_corrected_ones_stay() {
        let guessed = split("Chiara Rossi");
        assert_eq!(
            follow("Chiara Rossi", "Chiara Maria De Rossi", guessed),
            split("Chiara Maria De Rossi")
        );
        let corrected = NameParts::stated(Some("Chiara".into()), Some("Rossi Bianchi".into()));
        assert_eq!(
            follow("Chiara Rossi", "Chiara R.", corrected.clone()),
            corrected
        );
        assert_eq!(
            follow("X", "Anna Keller", NameParts::default()),
            split("Anna Keller")
        );
    }

    #[test]
    fn card_order_is_family_then_given() {
        assert_eq!(split("Anna Keller").for_card(), ("Keller", "Anna"));
        assert_eq!(split("Madonna").for_card(), ("Madonna", ""));
        assert_eq!(NameParts::default().for_card(), ("", ""));
    }
}
