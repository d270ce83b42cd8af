//! Scale-out as it is deployed: three instances of the binary, started at the same moment on
//! one empty PostgreSQL database, driven round-robin. Webhook deliveries are claimed, not
//! duplicated; the change feed is the same from every instance; the login throttle and
//! refresh-token rotation hold across instances; a hanging receiver holds up nobody else;
//! mail sent over SMTP by all three reaches its recipient once.

use std::collections::HashMap;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::receiver::Receiver;

struct Instance {
    child: Child,
    base: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A fresh database (not a schema: the instances start on a really empty one), dropped
/// afterwards.
struct Database {
    admin_url: String,
    name: String,
}

impl Database {
    fn url(&self) -> String {
        let base = self
            .admin_url
            .rsplit_once('/')
            .map_or(self.admin_url.as_str(), |(b, _)| b);
        format!("{base}/{}", self.name)
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        if let Ok(mut c) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
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

fn spawn(url: &str) -> Instance {
    spawn_with(url, &[])
}

fn spawn_with(url: &str, extra: &[String]) -> Instance {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_cluster2cluster"))
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            url,
            "--workers",
            "2",
            "--pool-size",
            "6",
            "--webhooks-allow-private",
            "--webhook-interval-ms",
            "100",
            "--webhook-timeout",
            "3",
        ])
        .args(extra)
        // No C2C_JWT_SECRET: the first instance generates one under the start-up lock and
        // the others find it.
        .env_remove("C2C_JWT_SECRET")
        .env("RUST_LOG", "error")
        .spawn()
        .unwrap();
    Instance {
        child,
        base: format!("http://127.0.0.1:{port}"),
    }
}

async fn ready(client: &reqwest::Client, instance: &Instance) {
    for _ in 0..600 {
        if client
            .get(format!("{}/readyz", instance.base))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return;
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("instance at {} did not become ready", instance.base);
}

async fn call(
    client: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = client.request(method, url).bearer_auth(token);
    if let Some(body) = body {
        req = req.json(&body);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn login(client: &reqwest::Client, base: &str, email: &str, password: &str) -> (u16, Value) {
    let resp = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// The whole change feed as one instance serves it.
async fn feed(client: &reqwest::Client, base: &str, token: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut since = 0;
    loop {
        let (status, page) = call(
            client,
            reqwest::Method::GET,
            format!("{base}/api/v1/members/changes?since={since}&limit=500"),
            token,
            None,
        )
        .await;
        assert_eq!(status, 200, "{page}");
        let items = page["items"].as_array().unwrap().clone();
        let next = page["next_since"].as_i64().unwrap();
        if items.is_empty() || next == since {
            return out;
        }
        out.extend(items);
        since = next;
    }
}

#[actix_web::test]
async fn three_instances_on_one_postgresql() {
    let Some(admin_url) = std::env::var("C2C_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            std::env::var("C2C_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "C2C_REQUIRE_POSTGRES=1 but C2C_TEST_POSTGRES_URL is not set"
        );
        eprintln!("skipped: C2C_TEST_POSTGRES_URL is not set");
        return;
    };
    let db = Database {
        admin_url: admin_url.clone(),
        name: format!("c2c_inst_{}", uuid::Uuid::new_v4().simple()),
    };
    {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        diesel::PgConnection::establish(&admin_url)
            .unwrap()
            .batch_execute(&format!("CREATE DATABASE {}", db.name))
            .unwrap();
    }
    let url = db.url();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(8)
        .build()
        .unwrap();

    // Three instances at once on the empty database: migrations and the signing secret are
    // settled under the start-up lock.
    let instances: Vec<Instance> = (0..3).map(|_| spawn(&url)).collect();
    for i in &instances {
        ready(&client, i).await;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_cluster2cluster"))
        .args([
            "create-admin",
            "--email",
            "ops@example.org",
            "--password",
            "three instances passphrase",
            "--database-url",
            &url,
        ])
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let base = |n: usize| instances[n % 3].base.clone();
    let (status, tokens) = login(
        &client,
        &base(0),
        "ops@example.org",
        "three instances passphrase",
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    let token = tokens["access_token"].as_str().unwrap().to_owned();
    // One secret for all: a token from the first instance works on the others.
    for n in 1..3 {
        let (status, _) = call(
            &client,
            reqwest::Method::GET,
            format!("{}/api/v1/me", base(n)),
            &token,
            None,
        )
        .await;
        assert_eq!(
            status, 200,
            "instance {n} does not accept instance 0's token"
        );
    }

    let (status, cluster) = call(&client, reqwest::Method::POST, format!("{}/api/v1/clusters", base(1)), &token, Some(json!({
        "name": "Scale-out Cluster", "slug": "scale-out-cluster", "country": "CH", "sector": "aerospace"
    }))).await;
    assert_eq!(status, 201, "{cluster}");
    let cluster = cluster["id"].as_str().unwrap().to_owned();
    let healthy = Receiver::start();
    let hanging = Receiver::start();
    hanging.hang();
    for (receiver, types) in [
        (&healthy, json!(["member.created", "member.updated"])),
        (&hanging, json!(["member.updated"])),
    ] {
        let (status, hook) = call(&client, reqwest::Method::POST, format!("{}/api/v1/webhooks", base(2)), &token, Some(json!({
            "cluster_id": cluster, "url": receiver.url, "event_types": types, "secret": "a long shared secret for the signatures"
        }))).await;
        assert_eq!(status, 201, "{hook}");
    }

    // 1,000 member changes spread over the instances: 500 created, each then changed once.
    let started = Instant::now();
    let mut ids = Vec::new();
    for chunk in (0..500).collect::<Vec<_>>().chunks(25) {
        let created = futures::future::join_all(chunk.iter().map(|n| {
            call(&client, reqwest::Method::POST, format!("{}/api/v1/members", base(*n)), &token, Some(json!({
                "cluster_id": cluster, "legal_name": format!("Scale Company {n}"), "country": "CH", "city": "Stans",
                "size_class": "small", "core_business": "Parts for aircraft"
            })))
        })).await;
        for (status, body) in created {
            assert_eq!(status, 201, "{body}");
            ids.push(body["id"].as_str().unwrap().to_owned());
        }
    }
    for (chunk_no, chunk) in ids.chunks(25).enumerate() {
        let changed = futures::future::join_all(chunk.iter().enumerate().map(|(k, id)| {
            call(
                &client,
                reqwest::Method::PATCH,
                format!("{}/api/v1/members/{id}", base(chunk_no + k + 1)),
                &token,
                Some(json!({"city": "Buochs"})),
            )
        }))
        .await;
        for (status, body) in changed {
            assert_eq!(status, 200, "{body}");
        }
    }
    let changes_done = started.elapsed();

    // Every delivery to the healthy receiver arrives, exactly once.
    let deadline = Instant::now() + Duration::from_secs(60);
    while healthy.received().len() < 1000 && Instant::now() < deadline {
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    let received = healthy.received();
    let mut per_delivery: HashMap<String, usize> = HashMap::new();
    let mut per_event: HashMap<(String, String), usize> = HashMap::new();
    for r in &received {
        *per_delivery
            .entry(r.header("x-c2c-delivery").unwrap().to_owned())
            .or_default() += 1;
        let body: Value = serde_json::from_str(&r.body).unwrap();
        *per_event
            .entry((
                body["type"].as_str().unwrap().to_owned(),
                body["data"]["member_id"].as_str().unwrap().to_owned(),
            ))
            .or_default() += 1;
    }
    assert_eq!(
        received.len(),
        1000,
        "1,000 changes, one delivery each (took {changes_done:?} to make)"
    );
    assert!(
        per_delivery.values().all(|n| *n == 1),
        "a delivery was sent twice"
    );
    assert_eq!(per_event.len(), 1000);
    assert!(
        per_event.values().all(|n| *n == 1),
        "an event reached the receiver twice"
    );

    // While the hanging receiver holds its deliveries, a new change reaches the healthy one
    // within a second (plus the 100 ms look-up interval).
    let (status, _) = call(
        &client,
        reqwest::Method::PATCH,
        format!("{}/api/v1/members/{}", base(0), ids[0]),
        &token,
        Some(json!({"city": "Stans"})),
    )
    .await;
    assert_eq!(status, 200);
    let changed_at = Instant::now();
    while healthy.received().len() < 1001 && changed_at.elapsed() < Duration::from_secs(10) {
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    let delay = changed_at.elapsed();
    assert_eq!(healthy.received().len(), 1001);
    assert!(
        delay < Duration::from_millis(1100),
        "the healthy receiver waited {delay:?} behind the hanging one"
    );

    // The change feed is the same from every instance.
    let feeds = [
        feed(&client, &base(0), &token).await,
        feed(&client, &base(1), &token).await,
        feed(&client, &base(2), &token).await,
    ];
    assert_eq!(feeds[0].len(), 1001);
    assert_eq!(feeds[0], feeds[1]);
    assert_eq!(feeds[1], feeds[2]);

    // The login throttle counts across instances: 10 failures spread over the three, then
    // even the right password is refused, on any of them.
    for n in 0..10 {
        let (status, _) = login(&client, &base(n), "ops@example.org", "not the passphrase").await;
        assert_eq!(status, 401);
    }
    for n in 0..3 {
        let (status, _) = login(
            &client,
            &base(n),
            "ops@example.org",
            "three instances passphrase",
        )
        .await;
        assert_eq!(status, 429, "instance {n}");
    }

    // Refresh rotation across instances: rotate on one, the same token again on another
    // within the grace window gets the same successor, and after it, reuse is caught on the
    // third and ends the login everywhere.
    let r0 = tokens["refresh_token"].as_str().unwrap().to_owned();
    let refresh = |n: usize, t: String| {
        let client = client.clone();
        let url = format!("{}/api/v1/auth/refresh", base(n));
        async move {
            let resp = client
                .post(url)
                .json(&json!({"refresh_token": t}))
                .send()
                .await
                .unwrap();
            (
                resp.status().as_u16(),
                resp.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (s1, first) = refresh(0, r0.clone()).await;
    let (s2, again) = refresh(1, r0.clone()).await;
    assert_eq!((s1, s2), (200, 200));
    assert_eq!(
        first, again,
        "the same successor pair from another instance"
    );
    {
        use diesel::Connection;
        use diesel::connection::SimpleConnection;
        diesel::PgConnection::establish(&url).unwrap()
            .batch_execute("UPDATE refresh_tokens SET used_at = used_at - interval '31 seconds' WHERE used_at IS NOT NULL").unwrap();
    }
    let (s3, _) = refresh(2, r0).await;
    assert_eq!(s3, 401, "reuse after the grace window");
    let (s4, _) = refresh(0, first["refresh_token"].as_str().unwrap().to_owned()).await;
    assert_eq!(s4, 401, "the whole login is revoked");
}

/// A fresh database for one test, dropped afterwards; `None` (skipped) without PostgreSQL.
fn fresh_database(prefix: &str) -> Option<Database> {
    let Some(admin_url) = std::env::var("C2C_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            std::env::var("C2C_REQUIRE_POSTGRES").as_deref() != Ok("1"),
            "C2C_REQUIRE_POSTGRES=1 but C2C_TEST_POSTGRES_URL is not set"
        );
        eprintln!("skipped: C2C_TEST_POSTGRES_URL is not set");
        return None;
    };
    let db = Database {
        admin_url: admin_url.clone(),
        name: format!("{prefix}_{}", uuid::Uuid::new_v4().simple()),
    };
    use diesel::Connection;
    use diesel::connection::SimpleConnection;
    diesel::PgConnection::establish(&admin_url)
        .unwrap()
        .batch_execute(&format!("CREATE DATABASE {}", db.name))
        .unwrap();
    Some(db)
}

#[actix_web::test]
async fn three_instances_send_each_mail_once() {
    let Some(db) = fresh_database("c2c_mail") else {
        return;
    };
    let Some(sink) = crate::common::smtp::SmtpSink::start() else {
        return;
    };
    let url = db.url();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(8)
        .build()
        .unwrap();
    let extra = [
        "--smtp-url".to_owned(),
        sink.url(),
        "--mail-interval-ms".to_owned(),
        "100".to_owned(),
    ];
    let instances: Vec<Instance> = (0..3).map(|_| spawn_with(&url, &extra)).collect();
    for i in &instances {
        ready(&client, i).await;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_cluster2cluster"))
        .args([
            "create-admin",
            "--email",
            "ops@example.org",
            "--password",
            "three instances passphrase",
            "--database-url",
            &url,
        ])
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let base = |n: usize| instances[n % 3].base.clone();
    let (status, tokens) = login(
        &client,
        &base(0),
        "ops@example.org",
        "three instances passphrase",
    )
    .await;
    assert_eq!(status, 200, "{tokens}");
    let token = tokens["access_token"].as_str().unwrap().to_owned();
    let post = |n: usize, path: &str, body: Value| {
        call(
            &client,
            reqwest::Method::POST,
            format!("{}/api/v1{path}", base(n)),
            &token,
            Some(body),
        )
    };

    let (status, cluster) = post(
        0,
        "/clusters",
        json!({
            "name": "Mail Cluster", "slug": "mail-cluster", "country": "CH", "sector": "aerospace"
        }),
    )
    .await;
    assert_eq!(status, 201, "{cluster}");
    let member = |n: usize| {
        json!({
            "cluster_id": cluster["id"], "legal_name": format!("Mail Company {n}"), "country": "CH", "city": "Stans",
            "size_class": "small", "core_business": "Parts for aircraft"
        })
    };
    // The company every request goes to, and its editor.
    let (status, target) = post(1, "/members", member(0)).await;
    assert_eq!(status, 201, "{target}");
    let (status, editor) = post(2, "/users", json!({
        "email": "editor@mail-company.example", "password": "a long passphrase for mail", "display_name": "Mail Editor"
    })).await;
    assert_eq!(status, 201, "{editor}");
    let (status, grant) = post(
        0,
        &format!("/users/{}/roles", editor["id"].as_str().unwrap()),
        json!({"role": "member_editor", "member_id": target["id"]}),
    )
    .await;
    assert_eq!(status, 201, "{grant}");

    // 40 companies each send it a partnership request, spread over the instances: 40 mails.
    const N: usize = 40;
    let senders = futures::future::join_all((1..=N).map(|n| post(n, "/members", member(n)))).await;
    let senders: Vec<String> = senders
        .into_iter()
        .map(|(status, body)| {
            assert_eq!(status, 201, "{body}");
            body["id"].as_str().unwrap().to_owned()
        })
        .collect();
    let requests = futures::future::join_all(senders.iter().enumerate().map(|(n, from)| {
        post(n, "/partnership-requests", json!({
            "from_member_id": from, "to_member_id": target["id"], "subject": format!("Offer {n}"), "kind": "supply"
        }))
    }))
    .await;
    for (status, body) in requests {
        assert_eq!(status, 201, "{body}");
    }

    let received = sink.wait_for(N, Duration::from_secs(60)).await;
    // Time for a duplicate to show up, if any instance sent one twice.
    actix_web::rt::time::sleep(Duration::from_millis(1500)).await;
    let received = sink.messages().len().max(received.len());
    assert_eq!(received, N, "each of the {N} mails once");
    let mut ids = HashMap::new();
    let mut subjects = HashMap::new();
    for m in sink.messages() {
        assert_eq!(m.rcpt_tos, ["editor@mail-company.example"]);
        let parsed = m.parse();
        *ids.entry(parsed.message_id).or_insert(0) += 1;
        *subjects.entry(parsed.subject).or_insert(0) += 1;
    }
    assert_eq!(ids.len(), N, "distinct messages");
    assert_eq!(subjects.len(), N, "one per request");
    // Every instance agrees: all sent, each at the first attempt.
    let (status, outbox) = call(
        &client,
        reqwest::Method::GET,
        format!("{}/api/v1/admin/mail?limit=500", base(2)),
        &token,
        None,
    )
    .await;
    assert_eq!(status, 200, "{outbox}");
    let items = outbox["items"].as_array().unwrap();
    assert_eq!(items.len(), N);
    assert!(
        items
            .iter()
            .all(|m| m["status"] == "sent" && m["attempts"] == 1),
        "{outbox}"
    );
}
