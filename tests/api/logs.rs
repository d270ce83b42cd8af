//! No secret reaches the log or an answer: the real binary, logging at `debug`, goes through
//! admin bootstrap, a failed and a good log-in, a token refresh, an API key, a password change
//! and reads of the account; then its whole output is searched for every secret it saw.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

#[actix_web::test]
async fn secrets_never_reach_the_log_or_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c2c.db");
    let db = db.to_str().unwrap().to_owned();
    let log_path = dir.path().join("service.log");
    let password = "Nidwalden bus ride 2017";
    let new_password = "Stans hangar visit 2030";
    let wrong = "Wrong guess 12345678";
    let jwt_secret = "log test secret: must never be printed, 0123456789";

    let bootstrap = Command::new(env!("CARGO_BIN_EXE_cluster2cluster"))
        .args([
            "create-admin",
            "--email",
            "ops@example.org",
            "--password",
            password,
            "--database-url",
            &db,
        ])
        .env("RUST_LOG", "debug")
        .env("C2C_JWT_SECRET", jwt_secret)
        .output()
        .unwrap();
    assert!(
        bootstrap.status.success(),
        "{}",
        String::from_utf8_lossy(&bootstrap.stderr)
    );
    let mut log = String::from_utf8_lossy(&bootstrap.stdout).into_owned();
    log.push_str(&String::from_utf8_lossy(&bootstrap.stderr));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let file = std::fs::File::create(&log_path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cluster2cluster"))
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            &db,
        ])
        .env("RUST_LOG", "debug")
        .env("C2C_JWT_SECRET", jwt_secret)
        .stdout(Stdio::from(file.try_clone().unwrap()))
        .stderr(Stdio::from(file))
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let http = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..200 {
        if http
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            ready = true;
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    let mut answers = String::new();
    let mut secrets: Vec<String> = vec![
        password.into(),
        new_password.into(),
        wrong.into(),
        jwt_secret.into(),
    ];
    if ready {
        let login = |p: &'static str| {
            http.post(format!("{base}/auth/login"))
                .json(&json!({"email": "ops@example.org", "password": p}))
                .send()
        };
        let failed = login(wrong).await.unwrap();
        assert_eq!(failed.status(), 401);
        answers.push_str(&failed.text().await.unwrap());
        let tokens: Value = login(password).await.unwrap().json().await.unwrap();
        let access = tokens["access_token"].as_str().unwrap().to_owned();
        let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
        let renewed: Value = http
            .post(format!("{base}/auth/refresh"))
            .json(&json!({"refresh_token": refresh}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let access2 = renewed["access_token"].as_str().unwrap().to_owned();
        let cluster: Value = http.post(format!("{base}/clusters")).bearer_auth(&access2)
            .json(&json!({"name": "Lombardia Aerospace Cluster", "slug": "lombardia-aerospace", "country": "IT", "region": "IT-25", "sector": "aerospace"}))
            .send().await.unwrap().json().await.unwrap();
        let key: Value = http
            .post(format!("{base}/api-keys"))
            .bearer_auth(&access2)
            .json(
                &json!({"name": "Portal", "cluster_id": cluster["id"], "scopes": ["members:read"]}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let key_secret = key["secret"]
            .as_str()
            .expect("the key's secret, shown once")
            .to_owned();
        let members = http
            .get(format!("{base}/members"))
            .bearer_auth(&key_secret)
            .send()
            .await
            .unwrap();
        assert_eq!(members.status(), 200);
        let changed = http
            .post(format!("{base}/me/password"))
            .bearer_auth(&access2)
            .json(&json!({"current_password": password, "new_password": new_password}))
            .send()
            .await
            .unwrap();
        assert!(
            changed.status().is_success(),
            "{}",
            changed.text().await.unwrap()
        );
        let again: Value = login(new_password).await.unwrap().json().await.unwrap();
        let access3 = again["access_token"].as_str().unwrap().to_owned();
        for path in ["/me", "/users"] {
            answers.push_str(
                &http
                    .get(format!("{base}{path}"))
                    .bearer_auth(&access3)
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap(),
            );
        }
        // A calendar feed: its path is its secret, fetched without a token.
        let feed: Value = http
            .post(format!("{base}/me/calendar-feed"))
            .bearer_auth(&access3)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let feed_path = feed["path"].as_str().expect("the feed's path").to_owned();
        let fetched = http
            .get(format!("http://127.0.0.1:{port}{feed_path}"))
            .send()
            .await
            .unwrap();
        assert_eq!(fetched.status(), 200);
        let feed_token = feed_path
            .trim_start_matches("/api/v1/calendar/")
            .trim_end_matches(".ics")
            .to_owned();
        secrets.push(feed_token);
        secrets.extend([
            access,
            refresh,
            access2,
            renewed["refresh_token"].as_str().unwrap().to_owned(),
            key_secret,
            access3,
        ]);
    }
    let _ = child.kill();
    let _ = child.wait();
    log.push_str(&std::fs::read_to_string(&log_path).unwrap());
    assert!(ready, "the service did not start: {log}");
    assert!(
        log.contains("login") || log.contains("POST"),
        "the log has content to search: {log}"
    );
    for secret in &secrets {
        assert!(
            !log.contains(secret.as_str()),
            "a secret reached the log: {secret}"
        );
        assert!(
            !answers.contains(secret.as_str()),
            "a secret reached an answer: {secret}"
        );
    }
    assert!(
        log.contains("/api/v1/calendar/{token}.ics"),
        "the feed's fetch is logged, without its secret: {log}"
    );
    for leak in ["$argon2", "password_hash"] {
        assert!(!log.contains(leak), "{leak} in the log");
        assert!(!answers.contains(leak), "{leak} in an answer");
    }
}

/// An unexpected failure answers 500 without internals, and the log line that explains it
/// carries the request id the client got in `X-Request-Id`.
#[actix_web::test]
async fn a_server_error_is_logged_with_the_request_id_it_answered() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("c2c.db").to_str().unwrap().to_owned();
    let log_path = dir.path().join("service.log");
    let password = "Nidwalden bus ride 2017";
    let secret = "log test secret for the 500 test, 0123456789";
    let made = Command::new(env!("CARGO_BIN_EXE_cluster2cluster"))
        .args([
            "create-admin",
            "--email",
            "ops@example.org",
            "--password",
            password,
            "--database-url",
            &db,
        ])
        .env("C2C_JWT_SECRET", secret)
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let file = std::fs::File::create(&log_path).unwrap();
    /// Stops the service however the test ends.
    struct Killed(std::process::Child);
    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let child = Killed(
        Command::new(env!("CARGO_BIN_EXE_cluster2cluster"))
            .args([
                "serve",
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--database-url",
                &db,
            ])
            .env("RUST_LOG", "info")
            .env("C2C_JWT_SECRET", secret)
            .stdout(Stdio::from(file.try_clone().unwrap()))
            .stderr(Stdio::from(file))
            .spawn()
            .unwrap(),
    );
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let mut ready = false;
    for _ in 0..200 {
        if http
            .get(format!("{base}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            ready = true;
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ready, "the service did not start");
    let tokens: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": "ops@example.org", "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = tokens["access_token"].as_str().unwrap().to_owned();
    // The notes table goes missing under the running service (an operator's mistake).
    let dropped = Command::new("sqlite3")
        .args([&db, "PRAGMA foreign_keys=OFF; DROP TABLE trade_figures; DROP TABLE trade_note_clusters; DROP TABLE trade_note_events; DROP TABLE trade_notes;"])
        .output();
    let dropped =
        dropped.unwrap_or_else(|e| panic!("this test needs the sqlite3 command-line shell: {e}"));
    assert!(
        dropped.status.success(),
        "{}",
        String::from_utf8_lossy(&dropped.stderr)
    );
    let resp = http
        .get(format!("{base}/api/v1/trade-notes"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let id = resp
        .headers()
        .get("x-request-id")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let body = resp.text().await.unwrap();
    actix_web::rt::time::sleep(Duration::from_millis(200)).await;
    drop(child);
    assert_eq!(status, 500, "{body}");
    assert!(
        !body.contains("trade_notes") && !body.contains("no such table"),
        "internals in the answer: {body}"
    );
    let log = std::fs::read_to_string(&log_path).unwrap();
    let line = log
        .lines()
        .find(|l| l.contains("request failed"))
        .unwrap_or_else(|| panic!("no error line in the log:\n{log}"));
    assert!(
        line.contains(&id),
        "the error line lacks the request id {id}: {line}"
    );
    assert!(
        line.contains("no such table"),
        "the error line lacks the cause: {line}"
    );
}
