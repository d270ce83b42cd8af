//! Every message the service can put in a problem's `detail` or a field's `message` has its
//! entry in the catalogue (`domain::i18n`) in four languages: the source is read and each
//! literal or `format!` message at the constructors of errors (and the messages rules return
//! for their callers) is looked up. A new message without its entry fails here.

use cluster2cluster::domain::i18n::*;

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
            FIELD_TABLES
                .iter()
                .flat_map(|t| t.iter())
                .any(|e| e.code == code || e.key == code),
            "the rule code {code:?} has no message in the catalogue"
        );
    }
    for text in &messages {
        assert!(
            FIELD_TABLES.iter().any(|t| by_english(t, text).is_some()),
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
            let tables: &[&'static [Entry]] = if *field { FIELD_TABLES } else { DETAIL_TABLES };
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
fn every_entry_has_written_out_text_and_a_unique_shape() {
    let tables: [(&str, &[&'static [Entry]]); 3] = [
        ("field", FIELD_TABLES),
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
