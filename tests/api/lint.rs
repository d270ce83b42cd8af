//! The committed contract passes Spectral (`spectral:oas`) and Redocly (`recommended`), run
//! from the Node packages pinned in tests/node (installed by .ci/test into target/node, found
//! through `C2C_NODE_TOOLS`). Their rule sets are tests/node/spectral.yaml and
//! tests/node/redocly.yaml; every rule switched off or occurrence ignored says why there.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `node_modules` of tests/node/package-lock.json (set by .ci/test), or `None` when absent —
/// a failure instead when the suite must have its tools (`C2C_REQUIRE_PYTHON=1`, as in CI).
pub fn node_tools() -> Option<PathBuf> {
    match std::env::var("C2C_NODE_TOOLS")
        .ok()
        .filter(|p| !p.is_empty())
    {
        Some(p) => Some(PathBuf::from(p)),
        None if std::env::var("C2C_REQUIRE_PYTHON").is_ok_and(|v| v == "1") => panic!(
            "C2C_REQUIRE_PYTHON=1 but C2C_NODE_TOOLS is not set; run the suite with .ci/test"
        ),
        None => {
            eprintln!("skipped: C2C_NODE_TOOLS is not set (run .ci/test for the Node tools)");
            None
        }
    }
}

fn run(tool: &Path, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("{} does not start: {e}", tool.display()));
    // Both exit non-zero when they find something; what they found is in the JSON report.
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        stdout.trim_start().starts_with(['{', '[']),
        "{} gave no report: {}{}",
        tool.display(),
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn redocly_recommended_finds_nothing() {
    let Some(tools) = node_tools() else { return };
    let report = run(
        &tools.join(".bin/redocly"),
        &[
            "lint",
            "--config",
            "tests/node/redocly.yaml",
            "--format=json",
            "openapi/openapi.json",
        ],
    );
    let report: Value = serde_json::from_str(&report).unwrap();
    let found: Vec<String> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["ignored"] != true)
        .map(|p| {
            format!(
                "{} {} at {}",
                p["ruleId"], p["message"], p["location"][0]["pointer"]
            )
        })
        .collect();
    assert!(found.is_empty(), "Redocly finds:\n{}", found.join("\n"));
    assert_eq!(report["totals"]["errors"], 0, "{report}");
    assert_eq!(report["totals"]["warnings"], 0, "{report}");
}

#[test]
fn spectral_oas_finds_nothing() {
    let Some(tools) = node_tools() else { return };
    let report = run(
        &tools.join(".bin/spectral"),
        &[
            "lint",
            "--ruleset",
            "tests/node/spectral.yaml",
            "--format",
            "json",
            "--quiet",
            "openapi/openapi.json",
        ],
    );
    let report: Value = serde_json::from_str(&report).unwrap();
    let found: Vec<String> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {} at {}", f["code"], f["message"], f["path"]))
        .collect();
    assert!(found.is_empty(), "Spectral finds:\n{}", found.join("\n"));
}
