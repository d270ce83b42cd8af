//! Reliability: no lost updates, no lock errors under concurrent writers, fast 503 when the
//! database is unreachable and recovery when it returns, all-or-nothing syncs across a
//! kill -9, graceful shutdown.

use std::collections::BTreeMap;
use std::future::Future;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::future::Either;

use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::proxy::Proxy;
use crate::common::world::member_input;
use crate::db_test;
use cluster2cluster::store::PoolOptions;

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

/// The service binary, started on a free port against a database. Its log (JSON lines on
/// stderr: warnings, and the member sync's info lines) is collected line by line on a thread
/// of its own, so that a test can wait for what the server says it is doing.
struct Service {
    child: Child,
    base: String,
    addr: String,
    log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Logged by `run_sync` inside its write transaction, once planned, before writing.
const SYNC_WRITING: &str = "member sync writing";
/// Logged by `run_sync` once its transaction has committed.
const SYNC_DONE: &str = "member sync";

impl Service {
    /// The fields of every event logged so far with this message.
    fn events(&self, message: &str) -> Vec<Value> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|e| e["fields"]["message"] == message)
            .map(|e| e["fields"].clone())
            .collect()
    }

    /// The end of the log, for failure messages.
    fn log_tail(&self) -> String {
        let log = self.log.lock().unwrap();
        log[log.len().saturating_sub(20)..].join("\n")
    }

    fn sigterm(&self) {
        let pid = self.child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
    }

    /// Waits (without blocking the test's runtime) for the process to end.
    async fn exit_within(&mut self, limit: Duration) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < limit,
                "the service still runs {limit:?} later; log:\n{}",
                self.log_tail()
            );
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        }
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
    let mut child = Command::new(env!("CARGO_BIN_EXE_cluster2cluster"))
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
        .env("RUST_LOG", "warn,cluster2cluster::http::sync=info")
        .env("C2C_LOG_FORMAT", "json")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn({
        let log = log.clone();
        move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                log.lock().unwrap().push(line);
            }
        }
    });
    let addr = format!("127.0.0.1:{port}");
    let service = Service {
        child,
        base: format!("http://{addr}"),
        addr,
        log,
    };
    let client = reqwest::Client::new();
    for _ in 0..200 {
        if client
            .get(format!("{}/readyz", service.base))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return service;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the service did not start; log:\n{}", service.log_tail());
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

/// Members enough that writing them takes far longer than the test needs to react to the
/// marker (tens of milliseconds against a few).
const SYNC_SIZE: usize = 3000;

/// A portal's list of `n` members; `version` 2 changes every member and one of its two
/// contact people.
fn sync_list(n: usize, version: u32) -> Value {
    json!({"members": (0..n).map(|i| {
        let second = if version == 1 {
            json!({"name": format!("B {i}")})
        } else {
            json!({"name": format!("C {i}"), "role": "Buyer", "email": format!("c{i}@x.example")})
        };
        json!({
            "external_id": format!("X-{i:05}"),
            "legal_name": format!("Crash Test {i} v{version}"),
            "country": "IT",
            "city": if version == 1 { "Milano" } else { "Torino" },
            "size_class": if version == 1 { "small" } else { "medium" },
            "core_business": "Parts",
            "contacts": [{"name": format!("A {i}"), "email": format!("a{i}@x.example")}, second]
        })
    }).collect::<Vec<_>>()})
}

/// A field and the value it reads as when absent.
type Field = (&'static str, fn() -> Value);

const MEMBER_FIELDS: [Field; 12] = [
    ("legal_name", || Value::Null),
    ("country", || Value::Null),
    ("city", || Value::Null),
    ("website", || Value::Null),
    ("size_class", || Value::Null),
    ("core_business", || Value::Null),
    ("areas_of_interest", || json!([])),
    ("areas_of_interest_notes", || json!("")),
    ("partners_sought", || json!([])),
    ("partners_sought_notes", || json!("")),
    ("ongoing_projects", || json!("")),
    ("offices", || json!([])),
];
const CONTACT_FIELDS: [Field; 6] = [
    ("name", || Value::Null),
    ("role", || json!("")),
    ("email", || Value::Null),
    ("phone", || Value::Null),
    ("languages", || json!([])),
    ("share_consent", || json!(false)),
];

/// An object's fields, those absent taking their defaults.
fn view(object: &Value, fields: &[Field]) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|(name, default)| {
                let value = object.get(*name).cloned().unwrap_or_else(default);
                ((*name).to_owned(), value)
            })
            .collect(),
    )
}

/// What a cluster holds, by external id: each member's fields and its people (sorted).
type Holdings = BTreeMap<String, (Value, Vec<String>)>;

/// What a sync of `list` should leave.
fn expected(list: &Value) -> Holdings {
    list["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let mut people: Vec<String> = m["contacts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| view(c, &CONTACT_FIELDS).to_string())
                .collect();
            people.sort();
            (
                m["external_id"].as_str().unwrap().to_owned(),
                (view(m, &MEMBER_FIELDS), people),
            )
        })
        .collect()
}

async fn get_json(service: &Service, token: &str, path: &str, query: &[(&str, &str)]) -> Value {
    let resp = reqwest::Client::new()
        .get(format!("{}{path}", service.base))
        .bearer_auth(token)
        .query(query)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "GET {path}");
    resp.json().await.unwrap()
}

/// What the cluster holds, read back through the API: every member (paged) and every
/// person (the contact feed, replayed from the start), and the cluster's own count.
async fn read_back(service: &Service, token: &str, cluster: &str) -> Holdings {
    let mut members: BTreeMap<String, (String, Value)> = BTreeMap::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut query = vec![("cluster_id", cluster), ("limit", "500")];
        if let Some(c) = &cursor {
            query.push(("cursor", c));
        }
        let page = get_json(service, token, "/api/v1/members", &query).await;
        for m in page["items"].as_array().unwrap() {
            let external_id = m["external_id"]
                .as_str()
                .expect("a synced member")
                .to_owned();
            members.insert(
                m["id"].as_str().unwrap().to_owned(),
                (external_id, view(m, &MEMBER_FIELDS)),
            );
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    let mut people: BTreeMap<String, Value> = BTreeMap::new();
    let mut since = "0".to_owned();
    loop {
        let feed = get_json(
            service,
            token,
            "/api/v1/contacts/changes",
            &[
                ("cluster_id", cluster),
                ("since", &since),
                ("limit", "1000"),
            ],
        )
        .await;
        let items = feed["items"].as_array().unwrap();
        if items.is_empty() {
            break;
        }
        for change in items {
            let id = change["id"].as_str().unwrap().to_owned();
            if change["deleted"] == true {
                people.remove(&id);
            } else {
                people.insert(id, change["contact"].clone());
            }
        }
        since = feed["next_since"].to_string();
    }
    let mut holdings: Holdings = members
        .values()
        .map(|(external_id, m)| (external_id.clone(), (m.clone(), Vec::new())))
        .collect();
    for person in people.values() {
        let (external_id, _) = members
            .get(person["member_id"].as_str().unwrap())
            .unwrap_or_else(|| panic!("a person of no listed member: {person}"));
        holdings
            .get_mut(external_id)
            .unwrap()
            .1
            .push(view(person, &CONTACT_FIELDS).to_string());
    }
    for (_, people) in holdings.values_mut() {
        people.sort();
    }
    let count = get_json(service, token, &format!("/api/v1/clusters/{cluster}"), &[]).await;
    assert_eq!(
        count["member_count"],
        holdings.len(),
        "the cluster's member_count"
    );
    holdings
}

/// Asserts that the cluster holds exactly `want` (reported as a count and the first
/// difference, not 3000 members in full).
#[track_caller]
fn assert_holds(got: &Holdings, want: &Holdings, when: &str) {
    assert_eq!(got.len(), want.len(), "{when}: members held");
    if let Some((key, value)) = want.iter().find(|(k, v)| got.get(*k) != Some(*v)) {
        panic!(
            "{when}: member {key} is {:?}, expected {value:?}",
            got.get(key)
        );
    }
}

fn sync_request(
    service: &Service,
    token: &str,
    cluster: &str,
    query: &str,
    list: &Value,
) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .put(format!(
            "{}/api/v1/clusters/{cluster}/members/sync?{query}",
            service.base
        ))
        .bearer_auth(token)
        .json(list)
}

/// Runs a sync to its answer and checks its exact counts (created, updated, unchanged,
/// removed) and that the created and updated are the list's members.
async fn sync_exactly(
    service: &Service,
    token: &str,
    cluster: &str,
    query: &str,
    list: &Value,
    counts: [usize; 4],
) -> Value {
    let resp = sync_request(service, token, cluster, query, list)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200, "the sync ({query})");
    let result: Value = resp.json().await.unwrap();
    check_counts(&result, counts, query);
    result
}

#[track_caller]
fn check_counts(result: &Value, counts: [usize; 4], what: &str) {
    let got =
        ["created", "updated", "unchanged", "removed"].map(|k| result[k].as_array().unwrap().len());
    assert_eq!(got, counts, "{what}: created, updated, unchanged, removed");
}

/// Polls `request` until `ready()` holds (checked every 2 ms). `Err` with the answer when the
/// request finished first.
async fn until<F: Future + Unpin>(
    request: &mut F,
    what: &str,
    limit: Duration,
    mut ready: impl FnMut() -> bool,
) -> Result<(), F::Output> {
    let started = Instant::now();
    loop {
        if ready() {
            return Ok(());
        }
        assert!(
            started.elapsed() < limit,
            "no sign of {what} within {limit:?}"
        );
        let tick = Box::pin(actix_web::rt::time::sleep(Duration::from_millis(2)));
        if let Either::Left((answer, _)) = futures::future::select(&mut *request, tick).await {
            return Err(answer);
        }
    }
}

/// Sends a sync, waits until the server says it is writing it, kills the process (SIGKILL)
/// and starts it again. Checks that the kill landed in flight: the sync was inside its
/// transaction, had not committed, and the client got no answer.
async fn kill_mid_sync(
    service: Service,
    url: &str,
    token: &str,
    cluster: &str,
    query: &str,
    list: &Value,
) -> Service {
    let mut service = service;
    let writing_before = service.events(SYNC_WRITING).len();
    let done_before = service.events(SYNC_DONE).len();
    let mut request = Box::pin(sync_request(&service, token, cluster, query, list).send());
    if let Err(answer) = until(
        &mut request,
        "the sync writing",
        Duration::from_secs(60),
        || service.events(SYNC_WRITING).len() > writing_before,
    )
    .await
    {
        panic!("the sync ({query}) answered before it was seen writing: {answer:?}");
    }
    service.child.kill().unwrap();
    // Read after the kill: the sync was writing, and had not committed.
    let killed_at_writing = service.events(SYNC_WRITING).len();
    let killed_at_done = service.events(SYNC_DONE).len();
    assert_eq!(
        killed_at_writing,
        writing_before + 1,
        "the kill landed while the sync ({query}) was writing"
    );
    let answer = request.await;
    assert!(
        answer.is_err(),
        "the killed sync ({query}) got no answer, yet: {answer:?}"
    );
    let status = service.exit_within(Duration::from_secs(10)).await;
    assert_eq!(status.signal(), Some(9), "killed by SIGKILL: {status:?}");
    assert_eq!(
        killed_at_done,
        done_before,
        "the sync ({query}) had committed before the kill; log:\n{}",
        service.log_tail()
    );
    drop(service);
    start_service(url).await
}

/// kill -9 in the middle of three syncs (one creating every member, one changing every
/// member and person, one removing every member): each time nothing of the killed sync is
/// visible after the restart, and the same sync then runs in full.
async fn crash_mid_sync(db: &BinaryDb) {
    let (service, token, cluster) = prepare(&db.url).await;
    let (t, c) = (token.as_str(), cluster.as_str());
    let (v1, v2, empty) = (
        sync_list(SYNC_SIZE, 1),
        sync_list(SYNC_SIZE, 2),
        json!({"members": []}),
    );
    let n = SYNC_SIZE;
    assert_holds(
        &read_back(&service, t, c).await,
        &Holdings::new(),
        "at first",
    );

    // Creating every member.
    let service = kill_mid_sync(service, &db.url, t, c, "mode=mirror", &v1).await;
    assert_holds(
        &read_back(&service, t, c).await,
        &Holdings::new(),
        "after kill -9 while creating",
    );
    sync_exactly(
        &service,
        t,
        c,
        "mode=mirror&dry_run=true",
        &v1,
        [n, 0, 0, 0],
    )
    .await;
    sync_exactly(&service, t, c, "mode=mirror", &v1, [n, 0, 0, 0]).await;
    assert_holds(
        &read_back(&service, t, c).await,
        &expected(&v1),
        "after the first sync",
    );

    // Changing every member and one person of each.
    let service = kill_mid_sync(service, &db.url, t, c, "mode=mirror", &v2).await;
    assert_holds(
        &read_back(&service, t, c).await,
        &expected(&v1),
        "after kill -9 while updating",
    );
    sync_exactly(
        &service,
        t,
        c,
        "mode=mirror&dry_run=true",
        &v2,
        [0, n, 0, 0],
    )
    .await;
    sync_exactly(&service, t, c, "mode=mirror", &v2, [0, n, 0, 0]).await;
    assert_holds(
        &read_back(&service, t, c).await,
        &expected(&v2),
        "after the second sync",
    );
    sync_exactly(&service, t, c, "mode=mirror", &v2, [0, 0, n, 0]).await;

    // Removing every member.
    let all = format!("mode=mirror&max_removals={n}");
    let service = kill_mid_sync(service, &db.url, t, c, &all, &empty).await;
    assert_holds(
        &read_back(&service, t, c).await,
        &expected(&v2),
        "after kill -9 while removing",
    );
    sync_exactly(
        &service,
        t,
        c,
        &format!("{all}&dry_run=true"),
        &empty,
        [0, 0, 0, n],
    )
    .await;
    sync_exactly(&service, t, c, &all, &empty, [0, 0, 0, n]).await;
    assert_holds(
        &read_back(&service, t, c).await,
        &Holdings::new(),
        "after the removal",
    );
}

/// A database for a test of the binary: its own SQLite file, or its own PostgreSQL schema
/// (dropped at the end).
struct BinaryDb {
    url: String,
    schema: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

impl BinaryDb {
    fn sqlite() -> BinaryDb {
        let dir = tempfile::tempdir().unwrap();
        BinaryDb {
            url: dir.path().join("c2c.db").to_string_lossy().into_owned(),
            schema: None,
            _dir: dir,
        }
    }

    /// `None` (skipped) without `C2C_TEST_POSTGRES_URL` — a failure instead with
    /// `C2C_REQUIRE_POSTGRES=1`, as in CI — and a failure when the server is unreachable.
    fn postgres() -> Option<BinaryDb> {
        let Some(admin) = std::env::var("C2C_TEST_POSTGRES_URL")
            .ok()
            .filter(|u| !u.is_empty())
        else {
            if std::env::var("C2C_REQUIRE_POSTGRES").is_ok_and(|v| v == "1") {
                panic!("C2C_REQUIRE_POSTGRES=1 but C2C_TEST_POSTGRES_URL is not set");
            }
            eprintln!("skipped: C2C_TEST_POSTGRES_URL is not set");
            return None;
        };
        let schema = format!("c2c_test_{}", uuid::Uuid::new_v4().simple());
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        diesel::PgConnection::establish(&admin)
            .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin}: {e}"))
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .expect("create test schema");
        let sep = if admin.contains('?') { '&' } else { '?' };
        Some(BinaryDb {
            url: format!("{admin}{sep}options=-csearch_path%3D{schema}"),
            schema: Some((admin, schema)),
            _dir: tempfile::tempdir().unwrap(),
        })
    }
}

impl Drop for BinaryDb {
    fn drop(&mut self) {
        if let Some((admin, schema)) = &self.schema {
            use diesel::Connection;
            use diesel::connection::SimpleConnection;
            if let Ok(mut c) = diesel::PgConnection::establish(admin) {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
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

// Named `…::sqlite` and `…::postgres` like `db_test!`, so that .ci/run counts them.
mod kill_9_during_a_sync_leaves_all_or_nothing {
    use super::*;

    #[actix_web::test]
    async fn sqlite() {
        crash_mid_sync(&BinaryDb::sqlite()).await;
    }

    #[actix_web::test]
    async fn postgres() {
        if let Some(db) = BinaryDb::postgres() {
            crash_mid_sync(&db).await;
        }
    }
}

/// SIGTERM while a sync is writing: the listener closes at once (new connections are
/// refused while the sync still runs), the sync completes and answers 200, its data is
/// stored, and the process exits with status 0 within the drain timeout (30 s).
async fn sigterm_drains(db: &BinaryDb) {
    let (service, token, cluster) = prepare(&db.url).await;
    let mut service = service;
    let list = sync_list(SYNC_SIZE, 1);
    let mut request =
        Box::pin(sync_request(&service, &token, &cluster, "mode=upsert", &list).send());
    if let Err(answer) = until(
        &mut request,
        "the sync writing",
        Duration::from_secs(60),
        || !service.events(SYNC_WRITING).is_empty(),
    )
    .await
    {
        panic!("the sync answered before it was seen writing: {answer:?}");
    }
    let signalled = Instant::now();
    service.sigterm();
    // Read after the signal: the sync was writing, and had not committed.
    assert_eq!(
        (
            service.events(SYNC_WRITING).len(),
            service.events(SYNC_DONE).len()
        ),
        (1, 0),
        "SIGTERM landed while the sync was writing"
    );
    let refused = || {
        std::net::TcpStream::connect(&service.addr)
            .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionRefused)
    };
    if let Err(answer) = until(
        &mut request,
        "new connections refused",
        Duration::from_secs(10),
        refused,
    )
    .await
    {
        panic!("the sync answered before new connections were refused: {answer:?}");
    }
    assert!(
        service.events(SYNC_DONE).is_empty(),
        "the sync was still in flight when connections were refused"
    );
    let resp = request.await.expect("the request in flight is answered");
    assert_eq!(resp.status(), 200);
    let result: Value = resp.json().await.unwrap();
    check_counts(&result, [SYNC_SIZE, 0, 0, 0], "the sync in flight");
    let status = service
        .exit_within(Duration::from_secs(30).saturating_sub(signalled.elapsed()))
        .await;
    assert_eq!(
        status.code(),
        Some(0),
        "exits cleanly: {status:?}; log:\n{}",
        service.log_tail()
    );
    assert_eq!(service.events(SYNC_DONE).len(), 1, "the sync committed");
    drop(service);
    let service = start_service(&db.url).await;
    assert_holds(
        &read_back(&service, &token, &cluster).await,
        &expected(&list),
        "after the restart",
    );
}

mod sigterm_lets_requests_in_flight_finish {
    use super::*;

    #[actix_web::test]
    async fn sqlite() {
        sigterm_drains(&BinaryDb::sqlite()).await;
    }

    #[actix_web::test]
    async fn postgres() {
        if let Some(db) = BinaryDb::postgres() {
            sigterm_drains(&db).await;
        }
    }
}
