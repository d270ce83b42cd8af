//! The catalogue's checks: every entry complete, every message the source can send has its
//! entry, and the template matcher.

use super::*;

fn placeholders(text: &str) -> Vec<&str> {
    let mut out: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    out.sort_unstable();
    out
}

#[test]
fn accept_language_weights_regions_and_unknowns() {
    assert_eq!(negotiate(None), Language::En);
    assert_eq!(negotiate(Some("")), Language::En);
    assert_eq!(negotiate(Some("it-CH")), Language::It);
    assert_eq!(negotiate(Some("de-CH, fr;q=0.9")), Language::De);
    assert_eq!(
        negotiate(Some("fr;q=0.5, de;q=0.8, it;q=0.7")),
        Language::De
    );
    assert_eq!(negotiate(Some("ja, fr-CA;q=0.3")), Language::Fr);
    assert_eq!(negotiate(Some("ja, zh;q=0.9")), Language::En);
    assert_eq!(negotiate(Some("de;q=0, fr;q=0.1")), Language::Fr);
    assert_eq!(negotiate(Some("de;q=0")), Language::En);
    assert_eq!(negotiate(Some("de;q=abc, it;q=0.2")), Language::It);
    assert_eq!(negotiate(Some("*;q=0.9, de;q=0.5")), Language::En);
    assert_eq!(negotiate(Some("FR , it")), Language::Fr, "first on a tie");
    assert_eq!(negotiate(Some("it_IT")), Language::It);
}

#[test]
fn every_entry_has_four_languages_with_the_same_parameters() {
    // Keys are unique within each family of tables looked up together.
    for family in [FIELD_TABLES, DETAIL_TABLES, &[PAGES]] {
        let mut keys = std::collections::HashSet::new();
        for e in family.iter().flat_map(|t| t.iter()) {
            assert!(keys.insert(e.key), "key {} twice", e.key);
            for lang in Language::ALL {
                let text = e.text(lang);
                assert!(
                    !text.trim().is_empty(),
                    "{} has no {}",
                    e.key,
                    lang.as_str()
                );
                assert_eq!(
                    placeholders(text),
                    placeholders(e.en),
                    "{} in {}",
                    e.key,
                    lang.as_str()
                );
            }
            // Only the English text is allowed to be the English text.
            for lang in [Language::It, Language::De, Language::Fr] {
                assert!(
                    e.text(lang) != e.en || e.en.starts_with('`'),
                    "{} is not translated into {}",
                    e.key,
                    lang.as_str()
                );
            }
        }
    }
}

/// Every rule code the service can produce, found in its source: the built-in validator
/// rules named in `#[validate(...)]` attributes and the codes custom rules and the domain
/// give (`ValidationError::new("…")`, `err("…", "…")`, `FieldError::coded(…, "…")`), must
/// have its message in the catalogue. A new rule without its four texts fails here.
#[test]
fn a_template_matches_its_filled_in_text() {
    assert_eq!(
        match_template(
            "the seat limit of {limit} is reached",
            "the seat limit of 40 is reached"
        ),
        Some(vec![("limit", "40".to_owned())])
    );
    assert_eq!(
        match_template("{a} and {b}", "salt and pepper and oil"),
        Some(vec![
            ("a", "salt".to_owned()),
            ("b", "pepper and oil".to_owned())
        ]),
        "the first place that lets the rest match"
    );
    assert_eq!(
        match_template("no such object", "no such object"),
        Some(vec![])
    );
    assert_eq!(match_template("no such object", "no such objects"), None);
    assert_eq!(
        match_template("the event is {status}", "the event is"),
        None
    );
}

#[test]
fn a_placeholder_never_matches_empty_text() {
    assert_eq!(
        match_template("the event is {status}", "the event is "),
        None
    );
    assert_eq!(match_template("{a}{b}", "x"), None);
    assert_eq!(
        match_template("{a}{b}", "xy"),
        Some(vec![("a", "x".to_owned()), ("b", "y".to_owned())])
    );
    assert_eq!(match_template("({what})", "()"), None);
}

#[test]
fn a_parameter_named_twice_has_one_value() {
    let template = "remove {count} members; send max_removals={count}";
    assert_eq!(
        match_template(template, "remove 3 members; send max_removals=3"),
        Some(vec![("count", "3".to_owned()), ("count", "3".to_owned())])
    );
    assert_eq!(
        match_template(template, "remove 3 members; send max_removals=4"),
        None
    );
}

static AMBIGUOUS: &[Entry] = entries![
    "general", "x" => "the registration is {status}",
        "l'iscrizione è {status}", "die Anmeldung ist {status}", "l'inscription est {status}";
    "specific", "x" => "the registration is already {status}",
        "l'iscrizione è già {status}", "die Anmeldung ist bereits {status}", "l'inscription est déjà {status}";
    "exact", "x" => "the registration is already cancelled",
        "l'iscrizione è già stata annullata", "die Anmeldung ist bereits storniert", "l'inscription est déjà annulée";
];

#[test]
fn the_most_specific_template_wins() {
    let found = |text: &str| find(&[AMBIGUOUS], text).map(|f| (f.entry.key, f.params));
    assert_eq!(
        found("the registration is approved"),
        Some(("general", vec![("status", "approved".to_owned())]))
    );
    assert_eq!(
        found("the registration is already approved"),
        Some(("specific", vec![("status", "approved".to_owned())])),
        "more written-out characters than `the registration is {{status}}`"
    );
    assert_eq!(
        found("the registration is already cancelled"),
        Some(("exact", vec![]))
    );
    assert_eq!(found("the registration was approved"), None);
    // In the real catalogue: the language list is its own message, not `must be one of {…}`.
    let lang = find(FIELD_TABLES, "must be one of it, de, fr, en").unwrap();
    assert_eq!(lang.entry.key, "lang");
    assert!(lang.params.is_empty());
}

#[test]
fn a_text_the_catalogue_does_not_know_stays_as_written() {
    for lang in Language::ALL {
        assert_eq!(
            translate(DETAIL_TABLES, "the moon is full tonight", lang),
            "the moon is full tonight"
        );
        assert_eq!(translate(&[AMBIGUOUS], "", lang), "");
    }
}

#[test]
fn details_are_said_with_their_parameters_in_each_language() {
    let text = "not enough seats: 3 requested, 1 left of 40";
    assert_eq!(translate(DETAIL_TABLES, text, Language::En), text);
    assert_eq!(
        translate(DETAIL_TABLES, text, Language::It),
        "posti insufficienti: 3 richiesti, 1 rimasti su 40"
    );
    assert_eq!(
        translate(
            DETAIL_TABLES,
            "there is no resource at /api/v1/x",
            Language::Fr
        ),
        "il n'y a aucune ressource à /api/v1/x"
    );
    // A phrase inside a sentence is translated with it.
    assert_eq!(
        translate(
            DETAIL_TABLES,
            "you may not create user accounts",
            Language::De
        ),
        "Das dürfen Sie nicht: Benutzerkonten anlegen"
    );
    assert_eq!(
        translate(
            DETAIL_TABLES,
            "registration is closed: the event is over",
            Language::Fr
        ),
        "les inscriptions sont closes : l'événement est terminé"
    );
    // A sentence written out for one kind of object wins over the general template.
    assert_eq!(
        translate(
            DETAIL_TABLES,
            "the event was changed by someone else meanwhile; fetch it again and retry",
            Language::It
        ),
        "l'evento è stato modificato da qualcun altro nel frattempo; recuperarlo di nuovo e riprovare"
    );
    assert_eq!(
        translate(
            DETAIL_TABLES,
            "the badge was changed by someone else meanwhile; fetch it again and retry",
            Language::Fr
        ),
        "l'objet badge a été modifié par quelqu'un d'autre entre-temps ; récupérez-le à nouveau et réessayez"
    );
    // Who may act, and the act, are words; the statuses and the actions allowed now are the
    // API's tokens, kept as written even when the catalogue knows the word.
    assert_eq!(
        translate(
            DETAIL_TABLES,
            "only the recipient or the organisers may accept this meeting request",
            Language::De
        ),
        "diese Treffenanfrage annehmen dürfen nur: der Empfänger oder die Veranstalter"
    );
    assert_eq!(
        translate(
            DETAIL_TABLES,
            "a pending request cannot be closed; allowed now: close",
            Language::It
        ),
        "una richiesta pending non può essere closed; ora consentito: close"
    );
    // A parameter that is no message stays as written, whatever it contains.
    assert_eq!(
        translate(DETAIL_TABLES, "no event with id {id}", Language::It),
        "nessun evento con id {id}"
    );
}

#[test]
fn serde_messages_are_said_with_what_they_quote() {
    let field = |text: &str, lang| translate(FIELD_TABLES, text, lang);
    assert_eq!(
        field("expected value at line 1 column 9", Language::De),
        "Wert erwartet in Zeile 1, Spalte 9"
    );
    assert_eq!(
        field(
            "unknown field `colour`, expected one of `name`, `slug`, `country`",
            Language::It
        ),
        "campo sconosciuto `colour`, atteso uno tra `name`, `slug`, `country`"
    );
    assert_eq!(
        field(
            "unknown variant `huge`, expected `small` or `large`",
            Language::Fr
        ),
        "variante inconnue `huge`, attendu `small` ou `large`"
    );
    // Rust's own words for types stay as serde writes them.
    assert_eq!(
        field("invalid type: string \"x\", expected u32", Language::It),
        "tipo non valido: string \"x\", atteso u32"
    );
    // A detail quoting a field message says it in the language too.
    assert_eq!(
        translate_with(
            DETAIL_TABLES,
            ALL_TABLES,
            "the request body is not valid JSON: EOF while parsing an object at line 1 column 1",
            Language::Fr
        ),
        "le corps de la requête n'est pas du JSON valide : fin du texte pendant la lecture d'un objet à la ligne 1, colonne 1"
    );
}

#[test]
fn the_texts_the_problem_renderer_fills_in_exist() {
    for key in [
        "would_remove",
        "body_limit",
        "supports",
        "retry_in",
        "fields_invalid",
        "invalid_value",
    ] {
        assert!(entry(PROBLEM_TEXTS, key).is_some(), "{key}");
    }
}

/// A message whose parameter holds a hostile value (a JSON key of a whole request body,
/// repeating the literal that follows the parameter) is found again in bounded time.
#[test]
fn a_long_hostile_text_is_matched_in_bounded_time() {
    // Every place the literal after `{field}` occurs is a candidate end that fails later.
    let key = "`, there are no fields".repeat(45_000); // ~1 MB, the default body limit
    let text = format!("unknown field `{key}`, there are no fields");
    let started = std::time::Instant::now();
    assert_eq!(find(ALL_TABLES, &text), None, "stays as written");
    let elapsed = started.elapsed();
    assert!(
        elapsed < std::time::Duration::from_millis(50),
        "{elapsed:?}"
    );
    // Up to the limit, the same hostile shape is still found, quickly.
    let key = "`, there are no fields".repeat(80);
    let text = format!("unknown field `{key}`, there are no fields");
    assert!(text.len() <= MAX_MATCHED_TEXT);
    let started = std::time::Instant::now();
    let found = find(ALL_TABLES, &text).expect("found");
    assert_eq!(found.entry.key, "serde_no_fields");
    assert!(
        started.elapsed() < std::time::Duration::from_millis(50),
        "{:?}",
        started.elapsed()
    );
}
