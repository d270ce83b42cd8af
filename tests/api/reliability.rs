//! Reliability: no lost updates, no lock errors under concurrent writers, fast 503 when the
//! database is unreachable and recovery when it returns, all-or-nothing syncs across a
//! kill -9, graceful shutdown.

use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::proxy::Proxy;
use crate::common::world::member_input;
use crate::db_test;
use cluster2cluster::db::PoolOptions;

// 50 clients each add their own line to one member with read, modify, write under If-Match,
// retrying on 412: every accepted write stays, every refusal was a 412, nothing vanishes.
db_test!(async fn no_update_is_lost_under_if_match(app) {
    let w = app.world().await;
    let url = format!("/api/v1/members/{}", w.soliani);
    let clients = (0..50).map(|n| {
        let (app, url, token) = (&app, url.clone(), w.ivano.token.clone());
        async move {
            let mut refused = 0;
            loop {
                let current = app.get(&url).token(&token).send().await.expect(200);
                let etag = current.header("etag").unwrap();
                let text = current.json()["ongoing_projects"].as_str().unwrap().to_owned();
                let resp = app.patch(&url).token(&token).header("if-match", &etag)
                    .json(json!({"ongoing_projects": format!("{text}client {n};")})).send().await;
                match resp.status.as_u16() {
                    200 => return refused,
                    412 => refused += 1,
                    other => panic!("client {n} got {other}: {}", resp.text()),
                }
            }
        }
    });
    let refusals: Vec<i32> = futures::future::join_all(clients).await;
    let text = app.get(&url).token(&w.ivano.token).send().await.expect(200).json()["ongoing_projects"].as_str().unwrap().to_owned();
    for n in 0..50 {
        assert!(text.contains(&format!("client {n};")), "client {n}'s accepted change vanished");
    }
    assert_eq!(text.matches("client").count(), 50, "each change exactly once");
    assert!(refusals.iter().sum::<i32>() > 0, "the clients did collide");
});

// 32 writers at once (creates and updates): queued, never refused with a lock error.
db_test!(async fn concurrent_writers_never_see_lock_errors(app) {
    let w = app.world().await;
    let writers = (0..32).map(|n| {
        let (app, token, cluster, member) = (&app, w.paola.token.clone(), w.lombardy, w.aviometal);
        async move {
            let mut codes = Vec::new();
            for i in 0..6 {
                let created = app.post("/api/v1/members").token(&token)
                    .json(member_input(cluster, &format!("Writer {n}-{i}"), "IT", "Milano")).send().await;
                codes.push((created.status.as_u16(), created.text()));
                let patched = app.patch(&format!("/api/v1/members/{member}")).token(&token)
                    .json(json!({"ongoing_projects": format!("writer {n} round {i}")})).send().await;
                codes.push((patched.status.as_u16(), patched.text()));
            }
            codes
        }
    });
    let results: Vec<(u16, String)> = futures::future::join_all(writers).await.into_iter().flatten().collect();
    for (code, body) in &results {
        assert!(*code < 500, "{code}: {body}");
        assert!(!body.contains("locked"), "{body}");
        assert!(*code == 200 || *code == 201, "{code}: {body}");
    }
    let count = app.get(&format!("/api/v1/clusters/{}", w.lombardy)).token(&w.paola.token).send().await.expect(200).json()["member_count"].clone();
    assert_eq!(count, 2 + 32 * 6);
});

#[actix_web::test]
async fn an_exhausted_pool_answers_503_fast_and_recovers() {
    let app = TestApp::sqlite_with_pool(PoolOptions {
        max_size: 1,
        connection_timeout: Duration::from_millis(300),
    })
    .await;
    let w = app.world().await;
    let held = app.db().get().unwrap();
    let started = Instant::now();
    let resp = app
        .get("/api/v1/clusters")
        .token(&w.paola.token)
        .send()
        .await;
    assert!(started.elapsed() < Duration::from_secs(3), "fails fast");
    assert_eq!(resp.header("retry-after").as_deref(), Some("5"));
    resp.problem(503);
    drop(held);
    app.get("/api/v1/clusters")
        .token(&w.paola.token)
        .send()
        .await
        .expect(200);
}

#[actix_web::test]
async fn a_lost_postgresql_gives_503_and_the_service_recovers() {
    let Some(target) = std::env::var("C2C_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .map(|u| {
            let host = u.split_once('@').map_or("127.0.0.1:5432", |(_, r)| {
                r.split('/').next().unwrap_or("127.0.0.1:5432")
            });
            host.to_owned()
        })
    else {
        assert!(
            std::env::var("C2C_REQUIRE_POSTGRES").map_or(true, |v| v != "1"),
            "PostgreSQL required"
        );
        return;
    };
    let proxy = Proxy::start(&target);
    let app = TestApp::postgres_via(
        &proxy.addr,
        PoolOptions {
            max_size: 2,
            connection_timeout: Duration::from_secs(1),
        },
    )
    .await
    .expect("postgres");
    let w = app.world().await;
    app.get("/readyz").send().await.expect(200);
    app.get("/api/v1/members")
        .token(&w.paola.token)
        .send()
        .await
        .expect(200);

    proxy.cut();
    let started = Instant::now();
    let ready = app.get("/readyz").send().await;
    assert!(started.elapsed() < Duration::from_secs(5), "fails fast");
    assert_eq!(ready.header("retry-after").as_deref(), Some("5"));
    ready.problem(503);
    app.get("/api/v1/members")
        .token(&w.paola.token)
        .send()
        .await
        .problem(503);

    proxy.restore();
    let mut recovered = false;
    for _ in 0..20 {
        if app.get("/readyz").send().await.status == 200 {
            recovered = true;
            break;
        }
        actix_web::rt::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(recovered, "ready again once the database is back");
    app.get("/api/v1/members")
        .token(&w.paola.token)
        .send()
        .await
        .expect(200);
}

/// The service binary, started on a free port against `database_url`.
struct Service {
    child: Child,
    base: String,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_service(database_url: &str) -> Service {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_cluster2cluster"))
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            database_url,
            "--workers",
            "2",
        ])
        .env(
            "C2C_JWT_SECRET",
            "reliability tests secret, long enough to sign",
        )
        .env("RUST_LOG", "error")
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client
            .get(format!("{base}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return Service { child, base };
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    let mut child = child;
    let _ = child.kill();
    let _ = child.wait();
    panic!("the service did not start");
}

async fn admin_token(service: &Service) -> String {
    let body: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/login", service.base))
        .json(&json!({"email": "ops@example.org", "password": "reliability tests passphrase"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

fn big_sync(n: usize) -> Value {
    json!({"members": (0..n).map(|i| json!({
        "external_id": format!("X-{i:05}"), "legal_name": format!("Crash Test {i}"), "country": "IT",
        "city": "Milano", "size_class": "small", "core_business": "Parts",
        "contacts": [{"name": format!("A {i}"), "email": format!("a{i}@x.example")}, {"name": format!("B {i}")}]
    })).collect::<Vec<_>>()})
}

/// A database URL for a binary test, with its own SQLite file or PostgreSQL schema.
fn binary_db(backend: &str, dir: &tempfile::TempDir) -> Option<(String, Option<String>)> {
    match backend {
        "sqlite" => Some((
            dir.path().join("c2c.db").to_string_lossy().into_owned(),
            None,
        )),
        _ => {
            let admin = std::env::var("C2C_TEST_POSTGRES_URL")
                .ok()
                .filter(|u| !u.is_empty())?;
            let schema = format!("c2c_test_{}", uuid::Uuid::new_v4().simple());
            use diesel::Connection;
            use diesel::connection::SimpleConnection;
            diesel::PgConnection::establish(&admin)
                .unwrap()
                .batch_execute(&format!("CREATE SCHEMA {schema}"))
                .unwrap();
            let sep = if admin.contains('?') { '&' } else { '?' };
            Some((
                format!("{admin}{sep}options=-csearch_path%3D{schema}"),
                Some(schema),
            ))
        }
    }
}

fn drop_schema(schema: Option<String>) {
    if let (Some(schema), Ok(admin)) = (schema, std::env::var("C2C_TEST_POSTGRES_URL")) {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        if let Ok(mut c) = diesel::PgConnection::establish(&admin) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

async fn prepare(url: &str) -> (Service, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cluster2cluster"))
        .args([
            "create-admin",
            "--email",
            "ops@example.org",
            "--password",
            "reliability tests passphrase",
            "--database-url",
            url,
        ])
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let service = start_service(url).await;
    let token = admin_token(&service).await;
    let cluster: Value = reqwest::Client::new()
        .post(format!("{}/api/v1/clusters", service.base))
        .bearer_auth(&token)
        .json(&json!({"name": "Crash", "slug": "crash", "country": "IT", "sector": "aerospace"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (service, token, cluster["id"].as_str().unwrap().to_owned())
}

async fn crash_mid_sync(backend: &str) {
    let dir = tempfile::tempdir().unwrap();
    let Some((url, schema)) = binary_db(backend, &dir) else {
        return;
    };
    let (mut service, token, cluster) = prepare(&url).await;
    let body = big_sync(3000);
    let mut killed_in_flight = 0;
    for delay_ms in [40u64, 120, 250, 400] {
        let request = reqwest::Client::new()
            .put(format!(
                "{}/api/v1/clusters/{cluster}/members/sync?mode=mirror",
                service.base
            ))
            .bearer_auth(&token)
            .json(&body)
            .send();
        let killer = async {
            actix_web::rt::time::sleep(Duration::from_millis(delay_ms)).await;
            service.child.kill().unwrap();
        };
        let (outcome, ()) = futures::join!(request, killer);
        if outcome.is_err() {
            killed_in_flight += 1;
        }
        let _ = service.child.wait();
        service = start_service(&url).await;
        let count: Value = reqwest::Client::new()
            .get(format!("{}/api/v1/clusters/{cluster}", service.base))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let n = count["member_count"].as_i64().unwrap();
        assert!(
            n == 0 || n == 3000,
            "after kill -9 at {delay_ms} ms: {n} of 3000 members (half a sync)"
        );
        // Reset for the next round (an empty mirror that may remove them all).
        let reset = reqwest::Client::new()
            .put(format!(
                "{}/api/v1/clusters/{cluster}/members/sync?mode=mirror&max_removals=3000",
                service.base
            ))
            .bearer_auth(&token)
            .json(&json!({"members": []}))
            .send()
            .await
            .unwrap();
        assert_eq!(reset.status(), 200, "the reset sync");
    }
    assert!(
        killed_in_flight > 0,
        "at least one kill landed while the sync was running"
    );
    drop(service);
    drop_schema(schema);
}

#[actix_web::test]
async fn kill_9_during_a_sync_leaves_all_or_nothing_sqlite() {
    crash_mid_sync("sqlite").await;
}

#[actix_web::test]
async fn kill_9_during_a_sync_leaves_all_or_nothing_postgres() {
    crash_mid_sync("postgres").await;
}

#[actix_web::test]
async fn sigterm_lets_requests_in_flight_finish() {
    let dir = tempfile::tempdir().unwrap();
    let (url, _) = binary_db("sqlite", &dir).unwrap();
    let (service, token, cluster) = prepare(&url).await;
    let request = reqwest::Client::new()
        .put(format!(
            "{}/api/v1/clusters/{cluster}/members/sync",
            service.base
        ))
        .bearer_auth(&token)
        .json(&big_sync(3000))
        .send();
    let pid = service.child.id().to_string();
    let terminate = async {
        actix_web::rt::time::sleep(Duration::from_millis(150)).await;
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
    };
    let (outcome, ()) = futures::join!(request, terminate);
    let resp = outcome.expect("the request in flight is answered");
    assert_eq!(resp.status(), 200);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["created"].as_array().unwrap().len(), 3000);
    let mut service = service;
    let status = service.child.wait().unwrap();
    assert!(status.success(), "exits cleanly: {status:?}");
}
