//! Translations of the text a company or an organiser writes (core business, notes, projects,
//! event title and description), in the four languages, beside the original: which fields may
//! be translated, with the originals' limits; one language's text at a time; the text a reader
//! in a language gets, falling back per field to the original.
//!
//! Stored as JSON `{lang: {field: text}}` (one TEXT column per table); the types here are the
//! only way in and out of it, so no call site handles a map of strings.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

use super::error::{Error, Result};
use super::format;
pub use super::mail::Language;
use super::text::fold;

/// The translatable fields of one kind of object, in one language; each field optional (not
/// given: the reader gets the original's).
pub trait Fields: Clone + PartialEq + Serialize + DeserializeOwned + Validate {
    /// The texts given, in field order.
    fn texts(&self) -> Vec<&str>;
    /// The same with every text trimmed, as originals are stored.
    fn trimmed(self) -> Self;
}

/// The translations of one object: at most one set of fields per language.
pub trait Translations: Default + Clone + PartialEq + Serialize + DeserializeOwned {
    type Fields: Fields;

    fn slot(&self, lang: Language) -> &Option<Self::Fields>;
    fn slot_mut(&mut self, lang: Language) -> &mut Option<Self::Fields>;

    /// The translation into `lang`, if there is one.
    fn get(&self, lang: Language) -> Option<&Self::Fields> {
        self.slot(lang).as_ref()
    }

    /// The languages translated into, in the order of [`Language::ALL`].
    fn languages(&self) -> Vec<Language> {
        Language::ALL
            .into_iter()
            .filter(|l| self.slot(*l).is_some())
            .collect()
    }

    /// These translations with `fields` as the text in `lang` (replacing what was there).
    /// Refused: a translation without any text, and one into the original's own language
    /// (the original is edited on the object itself).
    fn with(
        &self,
        lang: Language,
        fields: Self::Fields,
        original: Option<Language>,
    ) -> Result<Self> {
        if original == Some(lang) {
            return Err(Error::invalid(
                "lang",
                "is the language of the original; edit the object itself",
            ));
        }
        fields
            .validate()
            .map_err(|e| Error::Invalid(crate::error::flatten_validation_errors(&e, "")))?;
        let fields = fields.trimmed();
        if fields.texts().is_empty() {
            return Err(Error::invalid("body", "give at least one translated field"));
        }
        let mut out = self.clone();
        *out.slot_mut(lang) = Some(fields);
        Ok(out)
    }

    /// These translations without `lang`; `None` when there was none to remove.
    fn without(&self, lang: Language) -> Option<Self> {
        self.slot(lang).as_ref()?;
        let mut out = self.clone();
        *out.slot_mut(lang) = None;
        Some(out)
    }

    /// The stored form.
    fn to_text(&self) -> String {
        serde_json::to_string(self).expect("translations serialise")
    }

    /// Read back from the stored form.
    fn from_text(text: &str) -> std::result::Result<Self, String> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        serde_json::from_str(text).map_err(|e| format!("stored translations do not parse: {e}"))
    }

    /// Every translated text, folded, for search (`q` matches words across languages).
    fn search_text(&self) -> String {
        let parts: Vec<&str> = Language::ALL
            .into_iter()
            .filter_map(|l| self.get(l))
            .flat_map(|f| f.texts())
            .collect();
        fold(&parts.join("\n"))
    }
}

/// The text a reader of `lang` gets for one field: the translation if there is one, else the
/// original. A reader of the original's own language always gets the original.
pub fn pick<'a>(translated: Option<&'a String>, original: &'a str) -> &'a str {
    translated.map_or(original, String::as_str)
}

/// The translation into `lang` that applies to a reader of `lang`, if any (none for the
/// original's language, none without a language).
pub fn for_reader<T: Translations>(
    translations: &T,
    original: Option<Language>,
    lang: Option<Language>,
) -> Option<&T::Fields> {
    let lang = lang?;
    if original == Some(lang) {
        return None;
    }
    translations.get(lang)
}

macro_rules! translations_of {
    ($name:ident, $fields:ty, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[schema(nullable = false)]
            pub it: Option<$fields>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[schema(nullable = false)]
            pub de: Option<$fields>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[schema(nullable = false)]
            pub fr: Option<$fields>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            #[schema(nullable = false)]
            pub en: Option<$fields>,
        }

        impl Translations for $name {
            type Fields = $fields;

            fn slot(&self, lang: Language) -> &Option<$fields> {
                match lang {
                    Language::It => &self.it,
                    Language::De => &self.de,
                    Language::Fr => &self.fr,
                    Language::En => &self.en,
                }
            }

            fn slot_mut(&mut self, lang: Language) -> &mut Option<$fields> {
                match lang {
                    Language::It => &mut self.it,
                    Language::De => &mut self.de,
                    Language::Fr => &mut self.fr,
                    Language::En => &mut self.en,
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;

            fn try_from(text: String) -> std::result::Result<Self, String> {
                <$name as Translations>::from_text(&text)
            }
        }
    };
}

macro_rules! fields_impl {
    ($name:ident; $($field:ident),+) => {
        impl Fields for $name {
            fn texts(&self) -> Vec<&str> {
                [$(self.$field.as_deref()),+].into_iter().flatten().collect()
            }

            fn trimmed(self) -> Self {
                $name { $($field: self.$field.map(|t| t.trim().to_owned())),+ }
            }
        }
    };
}

/// A member company's text in one language. Only these fields are translated: names, places
/// and tags are the same in every language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"core_business": "Prüfung der elektromagnetischen Verträglichkeit"}))]
pub struct MemberText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "format::validate_not_blank")
    )]
    #[schema(min_length = 1, max_length = 2000, nullable = false)]
    pub core_business: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "format::validate_not_blank")
    )]
    #[schema(min_length = 1, max_length = 2000, nullable = false)]
    pub areas_of_interest_notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "format::validate_not_blank")
    )]
    #[schema(min_length = 1, max_length = 2000, nullable = false)]
    pub partners_sought_notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(
        length(min = 1, max = 5000),
        custom(function = "format::validate_not_blank")
    )]
    #[schema(min_length = 1, max_length = 5000, nullable = false)]
    pub ongoing_projects: Option<String>,
}

fields_impl!(MemberText; core_business, areas_of_interest_notes, partners_sought_notes, ongoing_projects);

/// An event's text in one language (title, description and how the guests travel).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "Cluster2Cluster: la Lombardia incontra la Svizzera"}))]
pub struct EventText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200, nullable = false)]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(
        length(min = 1, max = 10000),
        custom(function = "format::validate_not_blank")
    )]
    #[schema(min_length = 1, max_length = 10000, nullable = false)]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(
        length(min = 1, max = 2000),
        custom(function = "format::validate_not_blank")
    )]
    #[schema(min_length = 1, max_length = 2000, nullable = false)]
    pub transport: Option<String>,
}

fields_impl!(EventText; title, description, transport);

translations_of!(
    MemberTranslations,
    MemberText,
    "A member company's text in other languages than the original's, by ISO 639-1 code."
);
translations_of!(
    EventTranslations,
    EventText,
    "An event's text in other languages than the original's, by ISO 639-1 code."
);

/// An agenda item's title in one language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"title": "Pausa caffè"}))]
pub struct AgendaItemText {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 200), custom(function = "format::validate_line"))]
    #[schema(min_length = 1, max_length = 200, nullable = false)]
    pub title: Option<String>,
}

fields_impl!(AgendaItemText; title);

translations_of!(
    AgendaItemTranslations,
    AgendaItemText,
    "An agenda item's title in other languages than the original's, by ISO 639-1 code."
);

/// A whole set of translations given at once (with the object, not one language at a time):
/// each language as [`Translations::with`] takes it, the field errors under
/// `{field}.{lang}` (`translations.it.title`).
pub fn checked<T: Translations>(given: T, original: Option<Language>, field: &str) -> Result<T> {
    let mut out = T::default();
    let mut errors = Vec::new();
    for lang in Language::ALL {
        let Some(fields) = given.get(lang).cloned() else {
            continue;
        };
        match out.with(lang, fields, original) {
            Ok(next) => out = next,
            Err(Error::Invalid(found)) => errors.extend(found.into_iter().map(|mut e| {
                e.field = match e.field.as_str() {
                    "lang" | "body" => format!("{field}.{}", lang.as_str()),
                    inner => format!("{field}.{}.{inner}", lang.as_str()),
                };
                e
            })),
            Err(other) => return Err(other),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(Error::Invalid(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn german() -> MemberText {
        MemberText {
            core_business: Some("  Prüfung der EMV  ".into()),
            ..MemberText::default()
        }
    }

    #[test]
    fn a_whole_set_is_checked_language_by_language() {
        let title = |t: &str| AgendaItemText {
            title: Some(t.into()),
        };
        let given = AgendaItemTranslations {
            it: Some(title("  Pausa caffè ")),
            de: Some(AgendaItemText::default()),
            fr: Some(title("Pause\ncafé")),
            en: Some(title("Coffee")),
        };
        let Err(Error::Invalid(errors)) = checked(given, Some(Language::En), "translations") else {
            panic!("accepted");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "translations.de",
                "translations.fr.title",
                "translations.en"
            ]
        );
        let ok = checked(
            AgendaItemTranslations {
                it: Some(title("  Pausa caffè ")),
                ..AgendaItemTranslations::default()
            },
            Some(Language::En),
            "translations",
        )
        .unwrap();
        assert_eq!(
            ok.get(Language::It).unwrap().title.as_deref(),
            Some("Pausa caffè")
        );
    }

    #[test]
    fn a_translation_is_stored_trimmed_and_read_back() {
        let t = MemberTranslations::default()
            .with(Language::De, german(), Some(Language::It))
            .unwrap();
        assert_eq!(
            t.get(Language::De).unwrap().core_business.as_deref(),
            Some("Prüfung der EMV")
        );
        assert_eq!(t.languages(), vec![Language::De]);
        let text = t.to_text();
        assert_eq!(text, r#"{"de":{"core_business":"Prüfung der EMV"}}"#);
        assert_eq!(MemberTranslations::from_text(&text).unwrap(), t);
        assert_eq!(
            MemberTranslations::from_text("").unwrap(),
            MemberTranslations::default()
        );
        assert!(t.search_text().contains("prufung der emv"));
    }

    #[test]
    fn empty_translations_and_the_originals_language_are_refused() {
        let none = MemberTranslations::default();
        let err = none
            .with(Language::De, MemberText::default(), None)
            .unwrap_err();
        assert!(
            matches!(err, Error::Invalid(ref e) if e[0].field == "body"),
            "{err:?}"
        );
        let err = none
            .with(Language::It, german(), Some(Language::It))
            .unwrap_err();
        assert!(
            matches!(err, Error::Invalid(ref e) if e[0].field == "lang"),
            "{err:?}"
        );
    }

    #[test]
    fn the_originals_limits_hold_for_translations() {
        let long = MemberText {
            ongoing_projects: Some("x".repeat(5001)),
            ..MemberText::default()
        };
        let err = MemberTranslations::default()
            .with(Language::Fr, long, None)
            .unwrap_err();
        assert!(
            matches!(err, Error::Invalid(ref e) if e[0].field == "ongoing_projects"),
            "{err:?}"
        );
        let two_lines = EventText {
            title: Some("Titel\nzweite Zeile".into()),
            ..EventText::default()
        };
        assert!(
            EventTranslations::default()
                .with(Language::De, two_lines, None)
                .is_err()
        );
        // Unknown fields and languages do not parse.
        assert!(serde_json::from_str::<MemberText>(r#"{"legal_name":"x"}"#).is_err());
        assert!(MemberTranslations::from_text(r#"{"es":{"core_business":"x"}}"#).is_err());
    }

    #[test]
    fn readers_fall_back_per_field_and_the_original_language_reads_the_original() {
        let t = MemberTranslations::default()
            .with(Language::De, german(), Some(Language::It))
            .unwrap();
        let de = for_reader(&t, Some(Language::It), Some(Language::De));
        assert_eq!(
            pick(de.and_then(|f| f.core_business.as_ref()), "orig"),
            "Prüfung der EMV"
        );
        assert_eq!(
            pick(de.and_then(|f| f.ongoing_projects.as_ref()), "orig"),
            "orig"
        );
        assert!(for_reader(&t, Some(Language::It), Some(Language::Fr)).is_none());
        assert!(for_reader(&t, Some(Language::De), Some(Language::De)).is_none());
        assert!(for_reader(&t, None, None).is_none());
        assert_eq!(t.without(Language::De), Some(MemberTranslations::default()));
        assert_eq!(t.without(Language::Fr), None);
    }
}
