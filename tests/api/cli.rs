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

/// `generate` (the benchmarks' data): the counts asked for, the same data for the same seed,
/// and everything it writes announced in the change feed like any other write.
#[test]
fn generate_makes_the_data_it_says_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let names = |db: &str| -> (String, String) {
        let out = bin()
            .args([
                "generate",
                "--database-url",
                db,
                "--clusters",
                "3",
                "--members",
                "40",
                "--contacts",
                "120",
                "--events",
                "4",
                "--registrations",
                "20",
                "--seed",
                "7",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            (
                summary["clusters"].as_i64(),
                summary["members"].as_i64(),
                summary["events"].as_i64()
            ),
            (Some(3), Some(40), Some(4))
        );
        let query = |sql: &str| {
            let out = Command::new("sqlite3")
                .args([db, sql])
                .output()
                .expect("the sqlite3 shell");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8(out.stdout).unwrap()
        };
        let counts = query(
            "SELECT (SELECT count(*) FROM clusters), (SELECT count(*) FROM members), (SELECT count(*) FROM contacts), (SELECT count(*) FROM events), (SELECT count(*) FROM registrations), (SELECT count(*) FROM changes WHERE entity_type = 'member'), (SELECT count(*) FROM changes WHERE entity_type = 'contact');",
        );
        let fields: Vec<i64> = counts
            .trim()
            .split('|')
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(
            &fields[..5],
            &[3, 40, 120, 4, 20],
            "clusters, members, contacts, events, registrations"
        );
        assert_eq!(
            (fields[5], fields[6]),
            (40, 120),
            "every generated member and contact is in the change feed"
        );
        (
            query("SELECT legal_name, city FROM members ORDER BY legal_name, city;"),
            counts,
        )
    };
    let a = names(dir.path().join("a.db").to_str().unwrap());
    let b = names(dir.path().join("b.db").to_str().unwrap());
    assert_eq!(a, b, "the same seed gives the same data");
}
