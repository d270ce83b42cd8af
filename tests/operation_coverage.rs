//! Every operation of the committed contract has a success-path call in the integration
//! suite. The suite's HTTP client records each operation that answered 2xx (or 304) in
//! `$C2C_OPERATION_COVERAGE` (see tests/api/common/contract.rs); `.ci/test` sets that
//! directory and cargo runs this test binary after `api`.

use std::collections::BTreeSet;

#[test]
fn every_operation_has_a_success_path_call() {
    let Ok(dir) = std::env::var("C2C_OPERATION_COVERAGE") else {
        eprintln!(
            "C2C_OPERATION_COVERAGE is not set: run the suite with .ci/test to check coverage"
        );
        return;
    };
    let doc: serde_json::Value =
        serde_json::from_str(include_str!("../openapi/openapi.json")).unwrap();
    let mut operations = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ["get", "put", "post", "delete", "patch"] {
            if ops.get(method).is_some() {
                operations.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    let mut reached = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        reached.extend(text.lines().map(str::to_owned));
    }
    assert!(
        !reached.is_empty(),
        "no calls recorded in {dir}: the api tests must run first, in the same cargo test run"
    );
    let missing: Vec<&String> = operations.difference(&reached).collect();
    assert!(
        missing.is_empty(),
        "{} of {} operations never answered with success in the integration suite:\n{}",
        missing.len(),
        operations.len(),
        missing
            .iter()
            .map(|m| format!("  {m}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
