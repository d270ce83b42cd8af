//! Machine clients: API keys and their scopes, member sync, the change feed, webhooks.

use std::collections::HashMap;

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::receiver::Receiver;
use crate::common::{Resp, TestApp, World};
use crate::db_test;

async fn key(app: &TestApp, token: &str, cluster: Uuid, scopes: &[&str]) -> (String, String) {
    let body = app
        .post("/api/v1/api-keys")
        .token(token)
        .json(json!({"name": "Portal", "cluster_id": cluster, "scopes": scopes}))
        .send()
        .await
        .expect(201)
        .json();
    (
        body["id"].as_str().unwrap().to_owned(),
        body["secret"].as_str().unwrap().to_owned(),
    )
}

fn portal_member(n: usize) -> Value {
    json!({
        "external_id": format!("LAC-{n:04}"),
        "legal_name": format!("Portal Company {n}"),
        "country": "IT",
        "city": "Varese",
        "size_class": "small",
        "core_business": "Aerostructures",
        "areas_of_interest": ["composites"],
        "contacts": [
            {"name": format!("Person {n}"), "email": format!("p{n}@portal.example"), "role": "CEO", "share_consent": true},
            {"name": format!("Second {n}"), "role": "Engineer"}
        ]
    })
}

fn portal_list(n: usize) -> Value {
    json!({"members": (0..n).map(portal_member).collect::<Vec<_>>()})
}

async fn sync(app: &TestApp, token: &str, cluster: Uuid, query: &str, body: Value) -> Resp {
    app.put(&format!("/api/v1/clusters/{cluster}/members/sync{query}"))
        .token(token)
        .json(body)
        .send()
        .await
}

fn ids(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["external_id"].as_str().unwrap().to_owned())
        .collect()
}

db_test!(async fn api_keys_do_what_their_scopes_and_cluster_allow(app) {
    let w = app.world().await;
    let resp = app.post("/api/v1/api-keys").token(&w.paola.token)
        .json(json!({"name": "Catalogue script", "cluster_id": w.lombardy, "scopes": ["catalogue:read"]}))
        .send().await.expect(201);
    assert_eq!(resp.header("cache-control").as_deref(), Some("no-store"));
    let created = resp.json();
    let secret = created["secret"].as_str().unwrap().to_owned();
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(secret.starts_with("c2c_") && secret.len() > 40);
    assert!(secret.starts_with(created["prefix"].as_str().unwrap()));
    let listed = app.get("/api/v1/api-keys").token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert!(!listed.to_string().contains(&secret), "the secret is shown once only");
    assert!(listed["items"][0]["last_used_at"].is_null());

    // catalogue:read opens the catalogue of its own cluster, nothing else.
    app.get(&format!("/api/v1/clusters/{}/catalogue", w.lombardy)).token(&secret).send().await.expect(200);
    app.get(&format!("/api/v1/clusters/{}/catalogue", w.swiss)).token(&secret).send().await.problem(403);
    let p = sync(&app, &secret, w.lombardy, "", portal_list(1)).await.problem(403);
    assert!(p["detail"].as_str().unwrap().contains("members:sync"));
    app.get("/api/v1/members").token(&secret).send().await.problem(403);
    app.get("/api/v1/me").token(&secret).send().await.problem(403);
    app.post("/api/v1/api-keys").token(&secret).json(json!({"name": "x", "cluster_id": w.lombardy, "scopes": ["members:read"]})).send().await.problem(403);
    let used = app.get(&format!("/api/v1/api-keys/{id}")).token(&w.paola.token).send().await.expect(200).json();
    assert!(used["last_used_at"].is_string());

    // A sync key works for its cluster only.
    let (_, syncer) = key(&app, &w.paola.token, w.lombardy, &["members:sync"]).await;
    sync(&app, &syncer, w.lombardy, "", portal_list(2)).await.expect(200);
    sync(&app, &syncer, w.swiss, "", portal_list(2)).await.problem(403);

    // Other clusters' managers and editors cannot see or make keys for Lombardy.
    app.get(&format!("/api/v1/api-keys/{id}")).token(&w.roland.token).send().await.problem(404);
    app.post("/api/v1/api-keys").token(&w.ivano.token).json(json!({"name": "x", "cluster_id": w.lombardy, "scopes": ["members:read"]})).send().await.problem(403);
    let p = app.post("/api/v1/api-keys").token(&w.paola.token).json(json!({"name": "x", "cluster_id": w.lombardy, "scopes": ["everything"]})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["scopes[0]"]);

    // Revocation is immediate; unknown and expired keys are refused.
    app.delete(&format!("/api/v1/api-keys/{id}")).token(&w.paola.token).send().await.expect(204);
    let p = app.get(&format!("/api/v1/clusters/{}/catalogue", w.lombardy)).token(&secret).send().await.problem(401);
    assert!(p["detail"].as_str().unwrap().contains("revoked"));
    let p = app.get("/api/v1/members").token(&secret).send().await.problem(401);
    assert!(p["detail"].as_str().unwrap().contains("revoked"), "the directory reads confirm keys too");
    app.get("/api/v1/clusters").token("c2c_not-a-key-at-all").send().await.problem(401);
    let (expiring_id, expiring) = key(&app, &w.paola.token, w.lombardy, &["members:read"]).await;
    app.get("/api/v1/members").token(&expiring).send().await.expect(200);
    {
        use diesel::prelude::*;
        let mut conn = app.db().get().unwrap();
        diesel::update(cluster2cluster::store::schema::api_keys::table.find(expiring_id))
            .set(cluster2cluster::store::schema::api_keys::expires_at.eq(Some(chrono::Utc::now().naive_utc() - chrono::Duration::minutes(1))))
            .execute(&mut *conn).unwrap();
    }
    let p = app.get("/api/v1/members").token(&expiring).send().await.problem(401);
    assert!(p["detail"].as_str().unwrap().contains("expired"));
});

db_test!(async fn sync_creates_updates_and_is_idempotent(app) {
    let w = app.world().await;
    let first = sync(&app, &w.paola.token, w.lombardy, "", portal_list(5)).await.expect(200).json();
    assert_eq!(ids(&first, "created").len(), 5);
    assert!(first["updated"].as_array().unwrap().is_empty());
    let member_id = first["created"][0]["id"].as_str().unwrap().to_owned();
    let m = app.get(&format!("/api/v1/members/{member_id}")).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(m["external_id"], "LAC-0000");
    assert_eq!(m["cluster_id"], w.lombardy.to_string());
    let people = app.get(&format!("/api/v1/members/{member_id}/contacts")).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(people["items"].as_array().unwrap().len(), 2);
    let feed_head = app.get("/api/v1/members/changes?since=0&limit=1000").token(&w.paola.token).send().await.expect(200).json()["next_since"].clone();

    // The same list again changes nothing at all.
    let again = sync(&app, &w.paola.token, w.lombardy, "", portal_list(5)).await.expect(200).json();
    assert_eq!(ids(&again, "unchanged").len(), 5);
    assert!(again["created"].as_array().unwrap().is_empty() && again["updated"].as_array().unwrap().is_empty());
    let same = app.get(&format!("/api/v1/members/{member_id}")).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(same["updated_at"], m["updated_at"]);
    let feed = app.get(&format!("/api/v1/members/changes?since={feed_head}")).token(&w.paola.token).send().await.expect(200).json();
    assert!(feed["items"].as_array().unwrap().is_empty(), "no feed entry for a no-op sync");

    // One field and one contact change; a contact matched by e-mail keeps its id.
    let mut list = portal_list(5);
    list["members"][0]["city"] = json!("Gallarate");
    list["members"][1]["contacts"][0]["role"] = json!("President");
    list["members"][2]["contacts"].as_array_mut().unwrap().pop();
    let changed = sync(&app, &w.paola.token, w.lombardy, "", list).await.expect(200).json();
    assert_eq!(ids(&changed, "updated"), vec!["LAC-0000", "LAC-0001", "LAC-0002"]);
    assert_eq!(ids(&changed, "unchanged").len(), 2);
    let m1 = changed["updated"][1]["id"].as_str().unwrap();
    let people = app.get(&format!("/api/v1/members/{m1}/contacts")).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(people["items"][0]["role"], "President");
    let m2 = changed["updated"][2]["id"].as_str().unwrap();
    let people = app.get(&format!("/api/v1/members/{m2}/contacts")).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(people["items"].as_array().unwrap().len(), 1);
    // Members created by hand (no external id) are not the portal's business.
    let all = app.get(&format!("/api/v1/members?cluster_id={}", w.lombardy)).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(all["items"].as_array().unwrap().len(), 7);
});

db_test!(async fn dry_run_and_mirror_mode(app) {
    let w = app.world().await;
    sync(&app, &w.paola.token, w.lombardy, "", portal_list(4)).await.expect(200);
    let shorter = json!({"members": (0..2).map(portal_member).collect::<Vec<_>>()});
    // Upsert never removes.
    let upsert = sync(&app, &w.paola.token, w.lombardy, "?mode=upsert", shorter.clone()).await.expect(200).json();
    assert!(upsert["removed"].as_array().unwrap().is_empty());
    // Dry run: the exact diff, nothing written.
    let dry = sync(&app, &w.paola.token, w.lombardy, "?mode=mirror&dry_run=true&max_removals=2", shorter.clone()).await.expect(200).json();
    assert_eq!(dry["dry_run"], true);
    assert_eq!(ids(&dry, "removed"), vec!["LAC-0002", "LAC-0003"]);
    let count = |v: Value| v["items"].as_array().unwrap().len();
    assert_eq!(count(app.get(&format!("/api/v1/members?cluster_id={}", w.lombardy)).token(&w.paola.token).send().await.expect(200).json()), 6);
    let real = sync(&app, &w.paola.token, w.lombardy, "?mode=mirror&max_removals=2", shorter.clone()).await.expect(200).json();
    assert_eq!(real["removed"], dry["removed"]);
    let removed_id = real["removed"][0]["id"].as_str().unwrap().to_owned();
    app.get(&format!("/api/v1/members/{removed_id}")).token(&w.paola.token).send().await.problem(404);
    assert_eq!(count(app.get(&format!("/api/v1/members?cluster_id={}", w.lombardy)).token(&w.paola.token).send().await.expect(200).json()), 4);
    let cluster = app.get(&format!("/api/v1/clusters/{}", w.lombardy)).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(cluster["member_count"], 4);
    // The feed reports the tombstone.
    let feed = app.get("/api/v1/members/changes?limit=1000").token(&w.paola.token).send().await.expect(200).json();
    let last = feed["items"].as_array().unwrap().iter().rfind(|c| c["id"] == removed_id.as_str()).unwrap();
    assert_eq!(last["deleted"], true);
    assert!(last["member"].is_null());
    // Listed again, the same member comes back with its id.
    let back = sync(&app, &w.paola.token, w.lombardy, "?mode=mirror", portal_list(4)).await.expect(200).json();
    assert!(back["updated"].as_array().unwrap().iter().any(|m| m["id"] == removed_id.as_str()));
    app.get(&format!("/api/v1/members/{removed_id}")).token(&w.paola.token).send().await.expect(200);
});

db_test!(async fn one_bad_item_rejects_the_batch_with_every_error(app) {
    let w = app.world().await;
    let mut list = portal_list(6);
    list["members"][1]["country"] = json!("Italia");
    list["members"][3]["contacts"][0]["email"] = json!("not-an-email");
    list["members"][4]["external_id"] = json!("LAC-0000");
    list["members"][5]["legal_name"] = json!("");
    let p = sync(&app, &w.paola.token, w.lombardy, "", list).await.problem(422);
    assert_eq!(
        Resp::error_fields(&p),
        vec!["members[1].country", "members[3].contacts[0].email", "members[4].external_id", "members[5].legal_name", "members[5].legal_name"]
    );
    let all = app.get(&format!("/api/v1/members?cluster_id={}", w.lombardy)).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(all["items"].as_array().unwrap().len(), 2, "nothing of the batch was written");
    let p = sync(&app, &w.paola.token, w.lombardy, "", json!({"members": [{"external_id": "x"}]})).await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["members[0].legal_name"]);
    sync(&app, &w.ivano.token, w.lombardy, "", portal_list(1)).await.problem(403);
    sync(&app, &w.paola.token, w.lombardy, "?mode=everything", portal_list(1)).await.problem(400);
});

db_test!(async fn the_feed_reaches_the_server_state_under_concurrent_writes(app) {
    let w = app.world().await;
    sync(&app, &w.paola.token, w.lombardy, "", portal_list(10)).await.expect(200);
    let ids: Vec<String> = app.get(&format!("/api/v1/members?cluster_id={}&limit=500", w.lombardy)).token(&w.paola.token).send().await
        .expect(200).json()["items"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect();

    let mut mirror: HashMap<String, Value> = HashMap::new();
    let mut since = 0i64;
    let follow = |since: i64| app.get(&format!("/api/v1/members/changes?since={since}&limit=7")).token(&w.paola.token).send();

    // Writers and the follower interleave.
    let writers = async {
        for round in 0..6 {
            let patches = ids.iter().take(5).map(|id| {
                app.patch(&format!("/api/v1/members/{id}")).token(&w.paola.token)
                    .json(json!({"ongoing_projects": format!("round {round}")})).send()
            });
            futures::future::join_all(patches).await;
            app.post("/api/v1/members").token(&w.paola.token)
                .json(crate::common::world::member_input(w.lombardy, &format!("New {round}"), "IT", "Milano")).send().await.expect(201);
            if round == 3 {
                app.delete(&format!("/api/v1/members/{}", ids[9])).token(&w.paola.token).send().await.expect(204);
            }
        }
    };
    let follower = async {
        let mut seen_seqs = Vec::new();
        for _ in 0..40 {
            let page = follow(since).await.expect(200).json();
            for item in page["items"].as_array().unwrap() {
                seen_seqs.push(item["seq"].as_i64().unwrap());
                let id = item["id"].as_str().unwrap().to_owned();
                if item["deleted"] == true { mirror.remove(&id); } else { mirror.insert(id, item["member"].clone()); }
            }
            since = page["next_since"].as_i64().unwrap();
        }
        seen_seqs
    };
    let ((), mut seqs) = futures::join!(writers, follower);
    // Drain what is left.
    loop {
        let page = follow(since).await.expect(200).json();
        let items = page["items"].as_array().unwrap();
        if items.is_empty() { break; }
        for item in items {
            seqs.push(item["seq"].as_i64().unwrap());
            let id = item["id"].as_str().unwrap().to_owned();
            if item["deleted"] == true { mirror.remove(&id); } else { mirror.insert(id, item["member"].clone()); }
        }
        since = page["next_since"].as_i64().unwrap();
    }
    assert!(!seqs.is_empty(), "the follower saw the feed");
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "sequence numbers strictly increase (nothing twice, nothing out of order): {seqs:?}"
    );
    let server: HashMap<String, Value> = app.get("/api/v1/members?limit=500").token(&w.paola.token).send().await.expect(200).json()["items"]
        .as_array().unwrap().iter().map(|m| (m["id"].as_str().unwrap().to_owned(), m.clone())).collect();
    assert_eq!(mirror, server, "following the feed gives exactly the server's state");
});

async fn deliver(app: &TestApp) -> usize {
    cluster2cluster::workers::webhooks::Deliverer::new(app.db().clone(), true)
        .run_once()
        .await
        .unwrap()
}

fn verify(secret: &str, received: &crate::common::receiver::Received) {
    let ts: i64 = received.header("x-c2c-timestamp").unwrap().parse().unwrap();
    let expected = cluster2cluster::workers::webhooks::signature(secret, ts, &received.body);
    assert_eq!(received.header("x-c2c-signature"), Some(expected.as_str()));
    // And independently of our own code: HMAC-SHA256 over "<timestamp>.<body>".
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{ts}.{}", received.body).as_bytes());
    assert_eq!(
        expected,
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    );
}

db_test!(
    settings = cluster2cluster::config::Settings { webhooks_allow_private: true, ..Default::default() },
    async fn webhooks_are_signed_retried_and_survive_a_restart(app) {
        webhook_flow(&app).await;
    }
);

async fn webhook_flow(app: &TestApp) {
    let w: World = app.world().await;
    let receiver = Receiver::start();
    let secret = "a long shared secret for the signatures";
    let hook = app.post("/api/v1/webhooks").token(&w.paola.token).json(json!({
        "cluster_id": w.lombardy, "url": receiver.url, "event_types": ["member.created", "member.updated", "member.removed"], "secret": secret
    })).send().await.expect(201).json();
    assert!(hook.get("secret").is_none());
    let hook_id = hook["id"].as_str().unwrap().to_owned();

    // The receiver is down: the delivery is queued in the same transaction and waits.
    receiver.answer(503);
    sync(app, &w.paola.token, w.lombardy, "", portal_list(1))
        .await
        .expect(200);
    assert_eq!(deliver(app).await, 1);
    let deliveries = app
        .get(&format!("/api/v1/webhooks/{hook_id}/deliveries"))
        .token(&w.paola.token)
        .send()
        .await
        .expect(200)
        .json();
    let d = &deliveries["items"][0];
    assert_eq!(
        (
            d["status"].as_str(),
            d["attempts"].as_i64(),
            d["last_status_code"].as_i64()
        ),
        (Some("pending"), Some(1), Some(503))
    );
    assert!(
        d["next_attempt_at"].as_str().unwrap() > d["created_at"].as_str().unwrap(),
        "backed off"
    );
    assert_eq!(deliver(app).await, 0, "not due before the backoff");

    // "Restart": a new process (its own pool on the same database) finds the queued
    // delivery; retried by hand, it goes out once the receiver is back.
    receiver.answer(200);
    let delivery_id = d["id"].as_str().unwrap();
    app.post(&format!(
        "/api/v1/webhooks/{hook_id}/deliveries/{delivery_id}/retry"
    ))
    .token(&w.paola.token)
    .send()
    .await
    .expect(200);
    let restarted = cluster2cluster::store::Db::connect(&app.url, Default::default());
    assert_eq!(
        cluster2cluster::workers::webhooks::Deliverer::new(restarted, true)
            .run_once()
            .await
            .unwrap(),
        1
    );
    let got = receiver.received();
    assert_eq!(got.len(), 2);
    let last = got.last().unwrap();
    assert_eq!(last.header("x-c2c-event"), Some("member.created"));
    assert_eq!(last.header("x-c2c-delivery"), Some(delivery_id));
    verify(secret, last);
    let payload: Value = serde_json::from_str(&last.body).unwrap();
    assert_eq!(payload["type"], "member.created");
    assert_eq!(payload["data"]["external_id"], "LAC-0000");
    let deliveries = app
        .get(&format!("/api/v1/webhooks/{hook_id}/deliveries"))
        .token(&w.paola.token)
        .send()
        .await
        .expect(200)
        .json();
    assert_eq!(deliveries["items"][0]["status"], "delivered");
    app.post(&format!(
        "/api/v1/webhooks/{hook_id}/deliveries/{delivery_id}/retry"
    ))
    .token(&w.paola.token)
    .send()
    .await
    .problem(409);

    // An unchanged re-sync sends nothing; a removal does.
    sync(app, &w.paola.token, w.lombardy, "", portal_list(1))
        .await
        .expect(200);
    assert_eq!(deliver(app).await, 0);
    sync(
        app,
        &w.paola.token,
        w.lombardy,
        "?mode=mirror&max_removals=1",
        json!({"members": []}),
    )
    .await
    .expect(200);
    assert_eq!(deliver(app).await, 1);
    assert_eq!(
        receiver.received().last().unwrap().header("x-c2c-event"),
        Some("member.removed")
    );
    // Events of another cluster do not reach this webhook.
    app.post("/api/v1/members")
        .token(&w.roland.token)
        .json(crate::common::world::member_input(
            w.swiss, "Swiss AG", "CH", "Stans",
        ))
        .send()
        .await
        .expect(201);
    assert_eq!(deliver(app).await, 0);
    // Other clusters' managers do not see it.
    app.get(&format!("/api/v1/webhooks/{hook_id}"))
        .token(&w.roland.token)
        .send()
        .await
        .problem(404);
}

db_test!(async fn webhook_targets_inside_the_network_are_refused(app) {
    let w = app.world().await;
    for url in ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://10.0.0.7/x", "ftp://example.org/x"] {
        let p = app.post("/api/v1/webhooks").token(&w.paola.token).json(json!({
            "cluster_id": w.lombardy, "url": url, "event_types": ["member.created"], "secret": "a long shared secret here"
        })).send().await.problem(422);
        assert_eq!(Resp::error_fields(&p), vec!["url"], "{url}");
    }
});

/// A host NAME (not an address) that passes the check made when a webhook is saved but that
/// this machine resolves to loopback only: `localhost.` where the resolver knows it, else
/// the machine's own name (in /etc/hosts on most systems). Prefers one that resolves to
/// 127.0.0.1, where [`Receiver`] listens. `localhost` and `*.localhost` are refused by name
/// when saved, so they cannot show the check at delivery.
fn name_resolving_to_loopback(port: u16) -> String {
    use std::net::{IpAddr, ToSocketAddrs};
    let own = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| std::env::var("HOSTNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty());
    let mut candidates = vec!["localhost.".to_owned(), "localhost.localdomain".to_owned()];
    if let Some(own) = own {
        candidates.push(format!("{own}."));
        candidates.push(own);
    }
    let mut found: Vec<(bool, String)> = candidates
        .into_iter()
        .filter(|name| name.parse::<IpAddr>().is_err())
        .filter(|name| {
            cluster2cluster::workers::webhooks::check_target(
                &format!("http://{name}:{port}/hook"),
                false,
            )
            .is_ok()
        })
        .filter_map(|name| {
            let addrs: Vec<IpAddr> = (name.as_str(), port)
                .to_socket_addrs()
                .ok()?
                .map(|a| a.ip())
                .collect();
            let inside = !addrs.is_empty() && addrs.iter().all(|ip| ip.is_loopback());
            inside.then(|| (addrs.contains(&IpAddr::from([127, 0, 0, 1])), name))
        })
        .collect();
    found.sort_by_key(|(on_receiver, _)| !on_receiver);
    found.into_iter().next().map(|(_, name)| name).expect(
        "no host name here both passes the save check and resolves to loopback only \
         (tried localhost., localhost.localdomain and this machine's own name)",
    )
}

db_test!(
    settings = cluster2cluster::config::Settings { webhooks_allow_private: false, ..Default::default() },
    async fn a_name_that_resolves_inside_is_refused_when_connecting(app) {
        // The name is no address and not `localhost`: the check on the URL when saving lets it
        // through. Only resolving it shows it points inside, and delivery refuses it there,
        // on the address it would connect to.
        assert!(!app.state.config.webhooks_allow_private);
        let w = app.world().await;
        let receiver = Receiver::start();
        let port: u16 = receiver.url.rsplit_once(':').unwrap().1.trim_end_matches("/hook").parse().unwrap();
        let name = name_resolving_to_loopback(port);
        let url = format!("http://{name}:{port}/hook");
        let hook = app.post("/api/v1/webhooks").token(&w.paola.token).json(json!({
            "cluster_id": w.lombardy, "url": url, "event_types": ["member.created"], "secret": "a long shared secret here"
        })).send().await.expect(201).json();
        assert_eq!(hook["url"], url.as_str());
        sync(&app, &w.paola.token, w.lombardy, "", portal_list(1)).await.expect(200);

        let worker = cluster2cluster::workers::webhooks::Deliverer::new(app.db().clone(), app.state.config.webhooks_allow_private);
        assert_eq!(worker.run_once().await.unwrap(), 1, "one delivery attempted");
        assert!(receiver.received().is_empty(), "nothing reached {url}");
        let deliveries = app.get(&format!("/api/v1/webhooks/{}/deliveries", hook["id"].as_str().unwrap()))
            .token(&w.paola.token).send().await.expect(200).json();
        let items = deliveries["items"].as_array().unwrap();
        assert_eq!(items.len(), 1, "{deliveries}");
        let d = &items[0];
        assert_eq!((d["status"].as_str(), d["attempts"].as_i64()), (Some("pending"), Some(1)), "{d}");
        assert!(d["last_status_code"].is_null(), "no connection, so no answer: {d}");
        // Refused by the resolver check, not by a failed connection ("connection refused")
        // nor by the URL check made when saving ("must not point to this machine").
        assert_eq!(
            d["last_error"].as_str(),
            Some(format!("{name} resolves only to private or local addresses; refused").as_str()),
            "{d}"
        );
    }
);

db_test!(async fn registrations_and_request_transitions_are_queued_for_webhooks(app) {
    let w = app.world().await;
    let hook = app.post("/api/v1/webhooks").token(&w.roland.token).json(json!({
        "cluster_id": w.swiss, "url": "https://portal.swiss-aerospace.example/hooks",
        "event_types": ["registration.created", "partnership_request.status_changed"], "secret": "a long shared secret here"
    })).send().await.expect(201).json();
    let event = crate::events::published_event(&app, &w).await;
    // A Lombard company registers for the Swiss-hosted day: the host's webhook hears of it.
    crate::events::register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await.expect(201);
    let r = app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(json!({
        "from_member_id": w.soliani, "to_member_id": w.helvetic, "subject": "Hello", "kind": "supply"
    })).send().await.expect(201).json();
    app.post(&format!("/api/v1/partnership-requests/{}/accept", r["id"].as_str().unwrap())).token(&w.anna.token).send().await.expect(200);
    let deliveries = app.get(&format!("/api/v1/webhooks/{}/deliveries", hook["id"].as_str().unwrap())).token(&w.roland.token).send().await.expect(200).json();
    let events: Vec<(String, Value)> = deliveries["items"].as_array().unwrap().iter()
        .map(|d| (d["event_type"].as_str().unwrap().to_owned(), d["payload"]["data"].clone()))
        .collect();
    assert_eq!(events.len(), 3, "{events:?}");
    assert_eq!(events[0].0, "registration.created");
    assert_eq!(events[0].1["member_id"], w.soliani.to_string());
    assert_eq!(events[1].1["to_status"], "pending");
    assert_eq!(events[2].1["from_status"], "pending");
    assert_eq!(events[2].1["to_status"], "accepted");
    assert!(events.iter().all(|(_, data)| data.is_object() && data.get("email").is_none()), "payloads carry ids, not private data");
});

db_test!(async fn edits_outside_the_sync_are_restored_by_the_next_sync(app) {
    let w = app.world().await;
    let first = sync(&app, &w.paola.token, w.lombardy, "", portal_list(3)).await.expect(200).json();
    let (a, b) = (first["created"][0]["id"].as_str().unwrap().to_owned(), first["created"][1]["id"].as_str().unwrap().to_owned());
    // Someone edits a synced member, and deletes a contact of another, by hand.
    app.patch(&format!("/api/v1/members/{a}")).token(&w.paola.token).json(json!({"city": "Hand-edited"})).send().await.expect(200);
    let people = app.get(&format!("/api/v1/members/{b}/contacts")).token(&w.paola.token).send().await.expect(200).json();
    let gone = people["items"][0]["id"].as_str().unwrap();
    app.delete(&format!("/api/v1/members/{b}/contacts/{gone}")).token(&w.paola.token).send().await.expect(204);
    // The portal is the source of these members: the same list puts both back.
    let again = sync(&app, &w.paola.token, w.lombardy, "", portal_list(3)).await.expect(200).json();
    assert_eq!(ids(&again, "updated"), vec!["LAC-0000", "LAC-0001"]);
    assert_eq!(ids(&again, "unchanged"), vec!["LAC-0002"]);
    let m = app.get(&format!("/api/v1/members/{a}")).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(m["city"], "Varese");
    let people = app.get(&format!("/api/v1/members/{b}/contacts")).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(people["items"].as_array().unwrap().len(), 2);
    // And then it is quiet again.
    let third = sync(&app, &w.paola.token, w.lombardy, "", portal_list(3)).await.expect(200).json();
    assert_eq!(ids(&third, "unchanged").len(), 3);
});
