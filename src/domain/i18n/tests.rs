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
    for table in [FIELD_MESSAGES, PROBLEM_TEXTS, DETAILS, PAGES] {
        let mut keys = std::collections::HashSet::new();
        for e in table {
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
fn every_message_code_the_source_uses_is_in_the_catalogue() {
    let all = source();
    assert!(all.len() > 100_000, "read the whole source");
    let mut codes = std::collections::BTreeSet::new();
    let mut literal_after = |needle: &str, nth_arg: usize| {
        for piece in all.split(needle).skip(1) {
            let args: String = piece.chars().take(400).collect();
            let literal = args
                .split(',')
                .nth(nth_arg)
                .and_then(|arg| arg.trim().strip_prefix('"'))
                .and_then(|rest| rest.split_once('"'))
                .map(|(code, _)| code.to_owned());
            if let Some(code) = literal {
                codes.insert(code);
            }
        }
    };
    literal_after("ValidationError::new(", 0);
    literal_after("FieldError::coded(", 1);
    // Custom rules give their messages as English text: each must be found again.
    let mut messages = Vec::new();
    for piece in all.split(".with_message(").skip(1) {
        if let Some(text) = piece
            .trim_start()
            .strip_prefix('"')
            .and_then(|r| r.split_once('"'))
            .map(|(t, _)| t.to_owned())
        {
            messages.push(text);
        }
    }
    // `Err(err("code", "message"))` in the format rules.
    for piece in all.split("Err(err(").skip(1) {
        let quoted: Vec<&str> = piece.splitn(5, '"').collect();
        if quoted.len() == 5 {
            codes.insert(quoted[1].to_owned());
            messages.push(quoted[3].to_owned());
        }
    }
    for rule in ["length", "range", "email", "url", "regex", "required"] {
        if all.contains(&format!("#[validate({rule}"))
            || all.contains(&format!(", {rule}("))
            || all.contains(&format!("({rule},"))
        {
            codes.insert(rule.to_owned());
        }
    }
    assert!(
        codes.contains("length") && codes.contains("country"),
        "{codes:?}"
    );
    assert!(messages.len() >= 8, "{messages:?}");
    for code in &codes {
        assert!(
            FIELD_MESSAGES
                .iter()
                .any(|e| e.code == code || e.key == code),
            "the rule code {code:?} has no message in the catalogue"
        );
    }
    for text in &messages {
        assert!(
            by_english(FIELD_MESSAGES, text).is_some(),
            "the message {text:?} has no entry in the catalogue"
        );
    }
}

/// The service's source files (`src/**/*.rs`, path and text) without their test modules
/// (whose messages are made up) and without this module's files (which name the patterns
/// they look for).
fn source_files() -> Vec<(String, String)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
    let mut files = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from(root)];
    while let Some(dir) = dirs.pop() {
        for item in std::fs::read_dir(dir).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                if !path.ends_with("domain/i18n") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let code = match text.find("#[cfg(test)]\nmod tests") {
                    Some(at) => text[..at].to_owned(),
                    None => text,
                };
                let name = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                files.push((name, code));
            }
        }
    }
    files.sort();
    files
}

fn source() -> String {
    source_files()
        .into_iter()
        .map(|(_, code)| code)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Rust string literal at the start of `src` (`"…"` with escapes and `\`-newline
/// continuations, or `r"…"`, `r#"…"#`), and the length of its source.
fn string_literal(src: &str) -> Option<(String, usize)> {
    if let Some(raw) = src.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..].strip_prefix('"')?;
        let close = format!("\"{}", "#".repeat(hashes));
        let end = body.find(&close)?;
        return Some((body[..end].to_owned(), 1 + hashes + 1 + end + close.len()));
    }
    let body = src.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 2)),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '0' => out.push('\0'),
                '\n' => {
                    // A continuation: the line break and the next line's indentation go.
                    let rest = chars.as_str();
                    let skip = rest.len() - rest.trim_start().len();
                    for _ in rest[..skip].chars() {
                        chars.next();
                    }
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// The top-level arguments of the call whose `(` is just before `src`.
fn call_args(src: &str) -> Vec<&str> {
    let mut args = Vec::new();
    let (mut depth, mut start, mut i) = (0usize, 0usize, 0usize);
    let bytes = src.as_bytes();
    while i < bytes.len() {
        let rest = &src[i..];
        let after_ident = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if rest.starts_with('"')
            || (!after_ident && (rest.starts_with("r\"") || rest.starts_with("r#\"")))
        {
            match string_literal(rest) {
                Some((_, len)) => {
                    i += len;
                    continue;
                }
                None => break,
            }
        }
        match bytes[i] {
            b'\'' => {
                // A char literal ('x', '\n', '"'); a lifetime has no closing quote nearby.
                if let Some(len) = rest[1..].find('\'').filter(|&l| l <= 4) {
                    i += len + 2;
                    continue;
                }
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => {
                if depth == 0 {
                    args.push(&src[start..i]);
                    return args;
                }
                depth -= 1;
            }
            b',' if depth == 0 => {
                args.push(&src[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    args
}

/// A message as the source writes it at a constructor.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Written {
    /// Text as written: a literal (or a `const` literal).
    Text(String),
    /// A `format!` string: its `{…}` become parameters.
    Template(String),
}

/// What argument `arg` says, when it is a literal, a `format!` or a `const` of `all`.
fn written(arg: &str, all: &str) -> Option<Written> {
    let arg = arg.trim();
    if arg.starts_with("match ") {
        return None;
    }
    if let Some(inner) = arg.strip_prefix("format!(") {
        return string_literal(inner.trim_start()).map(|(t, _)| Written::Template(t));
    }
    let conversions = [
        "",
        ".into()",
        ".to_owned()",
        ".to_string()",
        ".into_owned()",
    ];
    if let Some((text, len)) = string_literal(arg) {
        return conversions
            .contains(&arg[len..].trim())
            .then_some(Written::Text(text));
    }
    // `SOME_CONST.into()`: the literal of `const SOME_CONST: &str = "…";`.
    let name = conversions
        .iter()
        .rev()
        .find_map(|c| arg.strip_suffix(c))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_uppercase() || c == '_'))?;
    let decl = format!("const {name}: &str = ");
    let at = all.find(&decl)? + decl.len();
    string_literal(&all[at..]).map(|(t, _)| Written::Text(t))
}

/// Every message of `arg`: itself, or each arm of a `match` that chooses the message
/// (`match refusal { Refusal::Used => "was already used; …", … }`).
fn written_all(arg: &str, all: &str) -> Vec<Written> {
    let arg = arg.trim();
    if arg.starts_with("match ") {
        return arg
            .split("=>")
            .skip(1)
            .filter_map(|arm| {
                let arm = arm.trim_start().trim_start_matches('{').trim_start();
                let end = call_args(arm).first().map_or(arm.len(), |a| a.len());
                written(&arm[..end], all)
            })
            .collect();
    }
    written(arg, all).into_iter().collect()
}

/// Files whose functions return messages that their callers put in a field error or a
/// detail (`Err("…")`, `Err(format!(…))`, a reason `Some("…")`, `errors.push((field, "…"))`),
/// with the needles that find them there.
const MESSAGE_SOURCES: &[(&str, &[(&str, usize)])] = &[
    ("domain/sort.rs", &[("Err(", 0)]),
    ("domain/password.rs", &[("Err(", 0)]),
    ("domain/check_in.rs", &[("Err(", 0)]),
    ("domain/agenda.rs", &[("Err(", 0)]),
    ("domain/survey.rs", &[("Err(", 0), ("Some(", 0)]),
    ("domain/event.rs", &[("Some(", 0)]),
    ("domain/trade/figure.rs", &[("errors.push((", 1)]),
    ("workers/webhooks.rs", &[("Err(", 0)]),
    ("store/tokens.rs", &[("Rotation::Refused(", 0)]),
];

/// Where the service writes a message a client may read, and which argument it is: a
/// problem's `detail` (looked up in [`DETAIL_TABLES`]) or a field's `message`
/// ([`FIELD_MESSAGES`]).
const CONSTRUCTORS: &[(&str, usize, bool)] = &[
    // (needle, argument, is a field message)
    ("Error::conflict(", 0, false),
    ("Error::Forbidden(", 0, false),
    ("Error::NotFound(", 0, false),
    ("Error::not_found(", 0, false),
    ("Error::Stale(", 0, false),
    ("AppError::Unauthorized(", 0, false),
    ("AppError::PreconditionFailed(", 0, false),
    ("AppError::UnsupportedMediaType(", 0, false),
    ("AppError::NotAcceptable(", 0, false),
    ("AppError::bad_request(", 0, false),
    ("Rotation::Refused(", 0, false),
    // `require(allowed, "what")`: "you may not {what}", `what` said in the language too.
    (" require(", 1, false),
    ("(require(", 1, false),
    ("Error::invalid(", 1, true),
    ("FieldError::new(", 1, true),
    ("AppError::bad_field(", 1, true),
];

/// `text` with each `{…}` as `{}`: templates that differ only in their parameters' names
/// (or format specs) are the same.
fn shape(text: &str) -> String {
    pieces(text)
        .iter()
        .map(|p| match p {
            Piece::Literal(l) => (*l).to_owned(),
            Piece::Param(_) => "{}".to_owned(),
        })
        .collect()
}

/// Every message `all` writes at a constructor, with whether it is a field message; and
/// those that have no entry in the catalogue.
/// Messages, each with whether it is a field message.
type Messages = Vec<(Written, bool)>;

fn scan(all: &str) -> (Messages, Messages) {
    let mut found = Vec::new();
    for (needle, nth, field) in CONSTRUCTORS {
        for (at, _) in all.match_indices(needle) {
            let args = call_args(&all[at + needle.len()..]);
            for w in args.get(*nth).map_or(vec![], |a| written_all(a, all)) {
                found.push((w, *field));
            }
        }
    }
    // `Conflict { detail: …, … }` and `BadRequest { detail: …, … }`.
    for needle in ["Conflict {", "BadRequest {"] {
        for (at, _) in all.match_indices(needle) {
            for arg in call_args(&all[at + needle.len()..]) {
                if let Some(value) = arg.trim().strip_prefix("detail:")
                    && let Some(w) = written(value, all)
                {
                    found.push((w, false));
                }
            }
        }
    }
    let missing = found
        .iter()
        .filter(|(w, field)| {
            let tables: &[&'static [Entry]] = if *field {
                &[FIELD_MESSAGES]
            } else {
                DETAIL_TABLES
            };
            !known(tables, w)
        })
        .cloned()
        .collect();
    (found, missing)
}

/// Whether `tables` have the message: a text found (as written or by template), a
/// `format!` string whose template an entry has.
fn known(tables: &[&'static [Entry]], w: &Written) -> bool {
    match w {
        Written::Text(t) => find(tables, t).is_some(),
        Written::Template(t) => tables
            .iter()
            .flat_map(|table| table.iter())
            .any(|e| shape(e.en) == shape(t)),
    }
}

/// The messages the functions of [`MESSAGE_SOURCES`] return, and those without an entry
/// (in any table: the caller decides whether it is a detail or a field message).
fn scan_returned(files: &[(String, String)]) -> (Vec<Written>, Vec<Written>) {
    let all: String = files.iter().map(|(_, c)| c.as_str()).collect();
    let mut found = Vec::new();
    for (suffix, needles) in MESSAGE_SOURCES {
        let (_, code) = files
            .iter()
            .find(|(name, _)| name == suffix)
            .unwrap_or_else(|| panic!("no file {suffix}"));
        for (needle, nth) in *needles {
            for (at, _) in code.match_indices(needle) {
                let args = call_args(&code[at + needle.len()..]);
                found.extend(args.get(*nth).map_or(vec![], |a| written_all(a, &all)));
            }
        }
    }
    // `Some("")` is a pattern, not a message.
    found.retain(|w| *w != Written::Text(String::new()));
    let missing = found
        .iter()
        .filter(|w| !known(ALL_TABLES, w))
        .cloned()
        .collect();
    (found, missing)
}

/// The messages functions return for their callers to put in a field error or a detail
/// (a password too short, a cursor for another sort, why registration is closed) have
/// their entries too.
#[test]
fn every_message_a_rule_returns_is_in_the_catalogue() {
    let files = source_files();
    assert!(files.len() > 100, "read the whole source");
    let (found, missing) = scan_returned(&files);
    assert!(
        found.len() >= 45,
        "found {} messages: {found:#?}",
        found.len()
    );
    assert!(
        found.contains(&Written::Text(
            "the registration deadline has passed".into()
        )),
        "{found:#?}"
    );
    assert!(missing.is_empty(), "no catalogue entry for {missing:#?}");
}

/// Every detail and field message the service writes (literal, `const` or `format!`) at
/// the constructors of its errors has its entry in the catalogue, so that it is said in
/// the four languages: a new message without its four texts fails here.
#[test]
fn every_message_the_source_writes_is_in_the_catalogue() {
    let all = source();
    assert!(all.len() > 100_000, "read the whole source");
    let (found, missing) = scan(&all);
    let templates = found
        .iter()
        .filter(|(w, _)| matches!(w, Written::Template(_)))
        .count();
    let fields = found.iter().filter(|(_, field)| *field).count();
    assert!(found.len() >= 300, "found {} messages", found.len());
    assert!(templates >= 100, "found {templates} format! messages");
    assert!(fields >= 100, "found {fields} field messages");
    for known in [
        Written::Text("you cannot delete your own account".into()),
        Written::Text("this invitation link is not valid: check that it was copied whole".into()),
        Written::Template(
            "{seats_taken} seats are taken; the capacity cannot go below that".into(),
        ),
        Written::Text("create user accounts".into()),
    ] {
        assert!(
            found.iter().any(|(w, _)| *w == known),
            "{known:?} not found"
        );
    }
    assert!(missing.is_empty(), "no catalogue entry for {missing:#?}");
}

/// The scan does see a message without its entry, written either way.
#[test]
fn a_message_without_its_entry_is_found_missing() {
    let source = r#"
        fn a() -> AppError {
            AppError::conflict(format!(
                "the moon is {phase} tonight; \
                 come back {}",
                when
            ))
        }
        const NEW: &str = "a brand new refusal";
        fn b() { Err(Error::Forbidden(NEW.into())) }
        fn c() { AppError::invalid("field", "is brand new, too") }
        fn d() { AppError::conflict("you cannot delete your own account") }
        fn e() { AppError::conflict(format!("no event with id {}", id)) }
        fn f() { require(ok, "dance on the table") }
        fn g() {
            AppError::invalid(
                "token",
                match refusal {
                    Refusal::Used => "was already used; ask for a new one",
                    Refusal::Lost => { "was lost somewhere" }
                },
            )
        }
    "#;
    let (found, missing) = scan(source);
    assert_eq!(found.len(), 8, "{found:#?}");
    assert_eq!(
        missing,
        vec![
            (
                Written::Template("the moon is {phase} tonight; come back {}".into()),
                false
            ),
            (Written::Text("a brand new refusal".into()), false),
            (Written::Text("dance on the table".into()), false),
            (Written::Text("is brand new, too".into()), true),
            (Written::Text("was lost somewhere".into()), true),
        ]
    );
}

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
    let lang = find(&[FIELD_MESSAGES], "must be one of it, de, fr, en").unwrap();
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
    let field = |text: &str, lang| translate(&[FIELD_MESSAGES], text, lang);
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
fn every_entry_has_written_out_text_and_a_unique_shape() {
    let tables: [(&str, &[&'static [Entry]]); 3] = [
        ("field", &[FIELD_MESSAGES]),
        ("detail", DETAIL_TABLES),
        ("page", &[PAGES]),
    ];
    for (name, tables) in tables {
        let mut shapes = std::collections::HashMap::new();
        for e in tables.iter().flat_map(|t| t.iter()) {
            assert!(literal_len(e.en) >= 3, "{} is all parameters", e.key);
            if let Some(other) = shapes.insert(shape(e.en), e.key) {
                panic!("{name}: {other} and {} have the same template", e.key);
            }
        }
    }
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
