//! The command line: bootstrapping an admin, migrating, printing the contract.

use std::process::Command;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cluster2cluster"));
    cmd.env_remove("DATABASE_URL").env("RUST_LOG", "warn");
    cmd
}

#[test]
fn create_admin_refuses_weak_passwords_and_bootstraps_a_login() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c2c.db");
    let db = db.to_str().unwrap();

    let weak = bin()
        .args([
            "create-admin",
            "--email",
            "ops@example.org",
            "--password",
            "password1",
            "--database-url",
            db,
        ])
        .output()
        .unwrap();
    assert!(!weak.status.success());
    let stderr = String::from_utf8_lossy(&weak.stderr);
    assert!(stderr.contains("refusing this password"), "{stderr}");

    let ok = bin()
        .args([
            "create-admin",
            "--email",
            "ops@example.org",
            "--password",
            "a long and sturdy passphrase",
            "--database-url",
            db,
        ])
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    assert!(String::from_utf8_lossy(&ok.stdout).contains("created platform admin ops@example.org"));

    let again = bin()
        .args([
            "create-admin",
            "--email",
            "OPS@example.org",
            "--password",
            "a long and sturdy passphrase",
            "--database-url",
            db,
        ])
        .output()
        .unwrap();
    assert!(!again.status.success(), "the e-mail is taken");

    let migrate = bin()
        .args(["migrate", "--database-url", db])
        .output()
        .unwrap();
    assert!(migrate.status.success());
    assert!(String::from_utf8_lossy(&migrate.stdout).contains("up to date"));
}

#[test]
fn openapi_prints_the_committed_document() {
    let out = bin().arg("openapi").output().unwrap();
    assert!(out.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let committed: serde_json::Value =
        serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    assert_eq!(printed, committed);
}

#[test]
fn a_missing_sqlite_directory_is_a_clear_error() {
    let out = bin()
        .args(["migrate", "--database-url", "/no/such/dir/c2c.db"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}
