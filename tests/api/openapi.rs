//! The committed contract equals what the code generates, and it is served with Swagger UI.

use crate::db_test;

const COMMITTED: &str = include_str!("../../openapi/openapi.json");

#[test]
fn committed_openapi_matches_the_code() {
    let generated = cluster2cluster::openapi_document()
        .to_pretty_json()
        .unwrap();
    if generated.trim() != COMMITTED.trim() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/openapi.generated.json");
        let _ = std::fs::write(&path, &generated);
        panic!(
            "openapi/openapi.json is out of date (the generated document is in {}). \
             Regenerate it with: cargo run -- openapi > openapi/openapi.json",
            path.display()
        );
    }
}

#[test]
fn every_operation_is_documented_with_errors_and_security() {
    let doc: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
    let mut count = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            count += 1;
            let what = format!("{method} {path}");
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{what} has no tag"
            );
            assert!(op["operationId"].is_string(), "{what} has no operationId");
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|k| k.starts_with('2')),
                "{what} has no success response"
            );
            // Signing in and out, the health probes, and the one-click unsubscribe link
            // (its signed token is the proof) need no bearer token.
            let public = path.starts_with("/api/v1/auth/")
                || path == "/healthz"
                || path == "/readyz"
                || path == "/api/v1/unsubscribe"
                || path.starts_with("/problems/");
            // And they say so: `security: []`, so that generated clients send no token.
            if public && !path.starts_with("/api/v1/auth/") {
                assert_eq!(
                    op["security"],
                    serde_json::json!([]),
                    "{what} does not declare itself public"
                );
            }
            if path == "/api/v1/auth/login" || path == "/api/v1/auth/refresh" {
                assert!(responses.contains_key("401"), "{what} lacks 401");
            }
            if method == "get" && path.starts_with("/api/v1/") {
                assert!(responses.contains_key("304"), "{what} lacks 304");
            }
            if !public {
                assert!(op["security"].is_array(), "{what} is not secured");
                assert!(responses.contains_key("401"), "{what} lacks 401");
            }
            if op.get("requestBody").is_some() {
                for code in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(code), "{what} lacks {code}");
                }
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{what} lacks 404");
            }
        }
    }
    assert!(count >= 30, "only {count} operations");
}

db_test!(async fn the_document_and_swagger_ui_are_served(app) {
    let served = app.get("/api/v1/openapi.json").send().await.expect(200).json();
    let committed: serde_json::Value = serde_json::from_str(COMMITTED).unwrap();
    assert_eq!(served, committed);
    let redirect = app.get("/docs").send().await;
    assert_eq!(redirect.status.as_u16(), 308);
    assert_eq!(redirect.header("location").as_deref(), Some("/docs/"));
    let page = app.get("/docs/").send().await.expect(200);
    assert!(page.text().contains("swagger-ui"), "Swagger UI page");
    let js = app.get("/docs/swagger-ui-bundle.js").send().await.expect(200);
    assert!(js.body.len() > 100_000, "the Swagger UI bundle is served from the binary");
});

#[test]
fn the_committed_document_is_valid_openapi_3_1() {
    let Some(python) = crate::common::python() else {
        return;
    };
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json");
    let out = std::process::Command::new(python)
        .args(["-m", "openapi_spec_validator", path])
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        report.chars().take(800).collect::<String>()
    );
}

/// utoipa names a schema after its Rust type, and two types of the same name silently become
/// one schema (a meeting request answered `cancelled`, a status only the partnership
/// requests' enum of the same name lacked, so every generated client rejected it). This test
/// lists every type that derives `ToSchema` in `src/` and fails when two share a name.
#[test]
fn no_two_schema_types_share_a_name() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut seen: std::collections::HashMap<String, String> = Default::default();
    let mut duplicates = Vec::new();
    let mut found = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !(line.trim_start().starts_with("#[derive(") && line.contains("ToSchema")) {
                continue;
            }
            // The attributes that follow, up to the item itself.
            let mut renamed = None;
            let mut name = None;
            for next in &lines[i + 1..] {
                let t = next.trim_start();
                if let Some(rest) = t.strip_prefix("#[schema(as = ") {
                    renamed = rest.split([')', ',']).next().map(|s| s.trim().to_owned());
                }
                if let Some(rest) = t
                    .strip_prefix("pub struct ")
                    .or_else(|| t.strip_prefix("pub enum "))
                    .or_else(|| t.strip_prefix("pub(crate) struct "))
                    .or_else(|| t.strip_prefix("struct "))
                    .or_else(|| t.strip_prefix("enum "))
                {
                    name = rest
                        .split(|c: char| !c.is_alphanumeric() && c != '_')
                        .next()
                        .map(str::to_owned);
                    break;
                }
            }
            // Types declared inside a macro (`pub enum $name`) are named at its invocations,
            // which this scan does not read.
            let Some(name) = renamed.or(name).filter(|n| !n.is_empty()) else {
                continue;
            };
            found += 1;
            let at = format!(
                "{}:{}",
                file.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                    .unwrap()
                    .display(),
                i + 1
            );
            if let Some(first) = seen.insert(name.clone(), at.clone()) {
                duplicates.push(format!("{name}: {first} and {at}"));
            }
        }
    }
    assert!(
        found > 50,
        "only {found} schema types found; is the scan still reading the sources?"
    );
    assert!(
        duplicates.is_empty(),
        "schema names used twice (rename one with #[schema(as = …)]):\n{}",
        duplicates.join("\n")
    );
}
