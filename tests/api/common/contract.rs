//! The committed OpenAPI document as the judge of every answer the tests receive: each JSON
//! (or problem+json) body is validated against the schema the contract gives for that
//! operation and status, and a status the operation does not declare fails the test. So an
//! answer outside its published schema — the kind every generated client rejects — cannot
//! pass unnoticed anywhere in the suite.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Value, json};

fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        serde_json::from_str(include_str!("../../../openapi/openapi.json"))
            .expect("the committed contract is JSON")
    })
}

/// The path template of the contract that `path` matches, preferring literal segments
/// (`/trade-notes/figures` over `/trade-notes/{id}`).
fn template_of(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split('/').collect();
    let mut best: Option<(&'static str, usize)> = None;
    for template in document()["paths"].as_object()?.keys() {
        let parts: Vec<&str> = template.split('/').collect();
        if parts.len() != segments.len() {
            continue;
        }
        let mut literal = 0;
        let fits = parts.iter().zip(&segments).all(|(t, s)| {
            if t.starts_with('{') {
                // `{meeting_id}.ics`: a parameter with a literal suffix, which counts as a
                // literal (so `<id>.ics` is the file's operation, not `{meeting_id}`'s).
                match t.split_once('}').map(|(_, suffix)| suffix) {
                    Some(suffix) if !suffix.is_empty() => {
                        literal += 1;
                        s.len() > suffix.len() && s.ends_with(suffix)
                    }
                    _ => !s.is_empty(),
                }
            } else if t == s {
                literal += 1;
                true
            } else {
                false
            }
        });
        if fits && best.is_none_or(|(_, l)| literal > l) {
            best = Some((template.as_str(), literal));
        }
    }
    best.map(|(t, _)| t)
}

fn resolve(value: &'static Value) -> &'static Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let pointer = r.trim_start_matches('#');
            resolve(
                document()
                    .pointer(pointer)
                    .unwrap_or_else(|| panic!("dangling {r}")),
            )
        }
        None => value,
    }
}

type Validators = Mutex<HashMap<String, Option<Arc<jsonschema::Validator>>>>;

/// A validator for one schema of the document: the document's schemas go along under
/// `$defs`, with `#/components/schemas/X` references pointing there.
fn validator(key: &str, schema: &Value) -> Option<Arc<jsonschema::Validator>> {
    static CACHE: OnceLock<Validators> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(v) = cache.lock().unwrap().get(key) {
        return v.clone();
    }
    let defs = serde_json::to_string(&document()["components"]["schemas"]).unwrap();
    let schema = serde_json::to_string(schema).unwrap();
    let rewrite = |s: &str| s.replace("#/components/schemas/", "#/$defs/");
    let mut full: Value = serde_json::from_str(&rewrite(&schema)).unwrap();
    if !full.is_object() {
        full = json!({"allOf": [full]});
    }
    full["$defs"] = serde_json::from_str(&rewrite(&defs)).unwrap();
    full["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    let compiled = Some(Arc::new(
        jsonschema::validator_for(&full).unwrap_or_else(|e| panic!("schema of {key}: {e}")),
    ));
    cache
        .lock()
        .unwrap()
        .insert(key.to_owned(), compiled.clone());
    compiled
}

/// Checks an answer against the contract; panics with the reasons when it does not fit.
/// Requests outside the contract (the docs, unknown paths) are not judged.
pub fn check(method: &str, path: &str, status: u16, content_type: Option<&str>, body: &[u8]) {
    let path = path.split('?').next().unwrap_or(path);
    let Some(template) = template_of(path) else {
        return;
    };
    let method = method.to_ascii_lowercase();
    let Some(operation) = document()["paths"][template].get(&method) else {
        // A method the path does not have: the 405 answer is the framework's, not an
        // operation's.
        return;
    };
    if (200..300).contains(&status) || status == 304 {
        record_success(&method, template);
    }
    let responses = &operation["responses"];
    let Some(response) = responses
        .get(status.to_string())
        .or_else(|| responses.get("default"))
    else {
        panic!(
            "{} {template} answered {status}, which the contract does not declare for it: {}",
            method.to_uppercase(),
            String::from_utf8_lossy(body)
        );
    };
    let response = resolve(response);
    let Some(media) = content_type.map(|c| c.split(';').next().unwrap_or(c).trim().to_owned())
    else {
        return;
    };
    if media != "application/json" && media != "application/problem+json" {
        return;
    }
    let Some(schema) = response["content"]
        .get(&media)
        .and_then(|c| c.get("schema"))
    else {
        panic!(
            "{} {template} answered {status} as {media}, which the contract does not declare",
            method.to_uppercase()
        );
    };
    let instance: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => panic!(
            "{} {template} answered {status} with {media} that is not JSON: {e}",
            method.to_uppercase()
        ),
    };
    let key = format!("{method} {template} {status} {media}");
    let Some(validator) = validator(&key, schema) else {
        return;
    };
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .take(5)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{key}: the answer is outside its published schema:\n  {}\nbody: {}",
        errors.join("\n  "),
        String::from_utf8_lossy(body)
    );
}

/// Operations that answered with success, written to `$C2C_OPERATION_COVERAGE/<pid>.txt` when
/// that directory is set (`.ci/test` sets it): tests/operation_coverage.rs then checks that
/// every operation of the contract had a success-path call.
fn record_success(method: &str, template: &str) {
    static SEEN: OnceLock<Mutex<std::collections::HashSet<String>>> = OnceLock::new();
    let Ok(dir) = std::env::var("C2C_OPERATION_COVERAGE") else {
        return;
    };
    let line = format!("{} {template}", method.to_uppercase());
    let mut seen = SEEN.get_or_init(Default::default).lock().unwrap();
    if !seen.insert(line.clone()) {
        return;
    }
    use std::io::Write;
    let path = std::path::Path::new(&dir).join(format!("{}.txt", std::process::id()));
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    writeln!(file, "{line}").unwrap();
}
