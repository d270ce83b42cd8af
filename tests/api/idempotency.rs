//! Writes a client can retry: `Idempotency-Key` on every POST and on the member sync.

use serde_json::{Value, json};

use crate::common::world::member_input;
use crate::common::{TestApp, World};
use crate::db_test;

async fn members_named(app: &TestApp, w: &World, name: &str) -> usize {
    let list = app
        .get(&format!(
            "/api/v1/members?cluster_id={}&q={}",
            w.lombardy,
            name.replace(' ', "+")
        ))
        .token(&w.paola.token)
        .send()
        .await
        .expect(200)
        .json();
    list["items"].as_array().unwrap().len()
}

db_test!(async fn the_same_key_replays_the_first_answer(app) {
    let w = app.world().await;
    let body = member_input(w.lombardy, "Retry Aerospace", "IT", "Lecco");
    let first = app.post("/api/v1/members").token(&w.paola.token).header("idempotency-key", "0193a5c8-retry-1").json(body.clone()).send().await.expect(201);
    assert!(first.header("idempotent-replayed").is_none());
    // The client never saw that answer and sends again: the same answer, nothing done twice.
    let again = app.post("/api/v1/members").token(&w.paola.token).header("idempotency-key", "0193a5c8-retry-1").json(body.clone()).send().await.expect(201);
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(again.header("etag"), first.header("etag"));
    assert_eq!(again.json(), first.json());
    assert_eq!(members_named(&app, &w, "Retry Aerospace").await, 1);
    // Without a key, a second POST is a second member (as HTTP says).
    app.post("/api/v1/members").token(&w.paola.token).json(body.clone()).send().await.expect(201);
    assert_eq!(members_named(&app, &w, "Retry Aerospace").await, 2);

    // The same key with another request: refused, naming the header.
    let mut other = body.clone();
    other["city"] = json!("Como");
    let p = app.post("/api/v1/members").token(&w.paola.token).header("idempotency-key", "0193a5c8-retry-1").json(other).send().await.problem(422);
    assert_eq!(crate::common::Resp::error_fields(&p), ["Idempotency-Key"]);
    // Keys belong to their caller: the admin's key of the same name is another key.
    app.post("/api/v1/members").token(&w.admin.token).header("idempotency-key", "0193a5c8-retry-1").json(body.clone()).send().await.expect(201);
    assert_eq!(members_named(&app, &w, "Retry Aerospace").await, 3);
    // A refusal is an answer too, and is replayed; a malformed key is 400.
    let bad = member_input(w.lombardy, "", "IT", "Lecco");
    app.post("/api/v1/members").token(&w.paola.token).header("idempotency-key", "bad-1").json(bad.clone()).send().await.problem(422);
    let replayed = app.post("/api/v1/members").token(&w.paola.token).header("idempotency-key", "bad-1").json(bad).send().await;
    assert_eq!(replayed.header("idempotent-replayed").as_deref(), Some("true"));
    replayed.problem(422);
    app.post("/api/v1/members").token(&w.paola.token).header("idempotency-key", "with space").json(body.clone()).send().await.problem(400);
});

db_test!(async fn a_key_still_running_is_409_and_keys_expire(app) {
    let w = app.world().await;
    let body = member_input(w.lombardy, "Running Aero", "IT", "Lecco");
    // Another instance is processing the first request with this key right now.
    let print = cluster2cluster::http::idempotency::fingerprint("POST", "/api/v1/members", body.to_string().as_bytes());
    let scope = format!("user:{}", w.paola.id);
    use cluster2cluster::store::schema::idempotency_keys as keys;
    use diesel::prelude::*;
    let (s, p) = (scope.clone(), print.clone());
    app.db().run(move |conn| {
        diesel::insert_into(keys::table).values((
            keys::scope.eq(s), keys::key.eq("running-1"), keys::fingerprint.eq(p),
            keys::created_at.eq(cluster2cluster::store::now()),
        )).execute(conn)?;
        Ok(())
    }).await.unwrap();
    app.post("/api/v1/members").token(&w.paola.token).header("idempotency-key", "running-1").json(body.clone()).send().await.problem(409);
    assert_eq!(members_named(&app, &w, "Running Aero").await, 0);
    // A request that has been "running" for minutes died with its instance: the key is free.
    app.db().run(move |conn| {
        diesel::update(keys::table.find((scope, "running-1")))
            .set(keys::created_at.eq(cluster2cluster::store::now() - chrono::Duration::minutes(6)))
            .execute(conn)?;
        Ok(())
    }).await.unwrap();
    app.post("/api/v1/members").token(&w.paola.token).header("idempotency-key", "running-1").json(body.clone()).send().await.expect(201);
    // After 24 hours a key is forgotten.
    app.db().run(|conn| {
        diesel::update(keys::table).set(keys::created_at.eq(cluster2cluster::store::now() - chrono::Duration::hours(25))).execute(conn)?;
        Ok(())
    }).await.unwrap();
    let n = app.db().run(cluster2cluster::http::idempotency::forget_expired).await.unwrap();
    assert_eq!(n, 1);
    let mut other = body.clone();
    other["legal_name"] = json!("Running Aero Two");
    app.post("/api/v1/members").token(&w.paola.token).header("idempotency-key", "running-1").json(other).send().await.expect(201);
});

db_test!(async fn concurrent_requests_with_one_key_do_the_work_once(app) {
    let w = app.world().await;
    let body = member_input(w.lombardy, "Twice Clicked", "IT", "Lecco");
    let attempts = (0..4).map(|_| {
        app.post("/api/v1/members").token(&w.paola.token).header("idempotency-key", "double-click").json(body.clone()).send()
    });
    let results = futures::future::join_all(attempts).await;
    let statuses: Vec<u16> = results.iter().map(|r| r.status.as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    assert!(statuses.contains(&201));
    assert_eq!(members_named(&app, &w, "Twice Clicked").await, 1, "{statuses:?}");
});

db_test!(async fn the_member_sync_takes_a_key_too(app) {
    let w = app.world().await;
    let list = json!({"members": [{"external_id": "LAC-9", "legal_name": "Keyed Sync", "country": "IT",
        "city": "Varese", "size_class": "small", "core_business": "Parts"}]});
    let url = format!("/api/v1/clusters/{}/members/sync", w.lombardy);
    let first = app.put(&url).token(&w.paola.token).header("idempotency-key", "nightly-2026-11-30").json(list.clone()).send().await.expect(200);
    let again = app.put(&url).token(&w.paola.token).header("idempotency-key", "nightly-2026-11-30").json(list.clone()).send().await.expect(200);
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(again.json(), first.json(), "the first answer (created), not a second sync's (unchanged)");
    let mut changed = list.clone();
    changed["members"][0]["city"] = json!("Como");
    app.put(&url).token(&w.paola.token).header("idempotency-key", "nightly-2026-11-30").json(changed.clone()).send().await.problem(422);
    // A method the path does not take is 405, whatever the key: the key layer stays out.
    let wrong = app.post(&url).token(&w.paola.token).header("idempotency-key", "nightly-2026-11-30").json(changed).send().await;
    assert_eq!(wrong.header("allow").as_deref(), Some("PUT"));
    wrong.problem(405);
});

db_test!(
    settings = cluster2cluster::config::Settings { cors_origins: vec!["https://portal.example".into()], ..Default::default() },
    async fn browsers_may_send_the_key(app) {
        let resp = app.request(actix_web::http::Method::OPTIONS, "/api/v1/members")
            .header("origin", "https://portal.example")
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "authorization,content-type,idempotency-key")
            .send().await;
        assert!(resp.status.is_success(), "{}", resp.status);
        let allowed = resp.header("access-control-allow-headers").unwrap_or_default().to_ascii_lowercase();
        assert!(allowed.contains("idempotency-key"), "{allowed}");
        let _: Value = json!({});
    }
);

db_test!(async fn answers_with_secrets_are_never_kept(app) {
    let w = app.world().await;
    // A sign-in answers with tokens: the key is ignored, each sign-in is its own.
    let login = json!({"email": w.paola.email, "password": crate::common::PASSWORD});
    let first = app.post("/api/v1/auth/login").header("idempotency-key", "login-1").json(login.clone()).send().await.expect(200);
    let second = app.post("/api/v1/auth/login").header("idempotency-key", "login-1").json(login).send().await.expect(200);
    assert!(second.header("idempotent-replayed").is_none());
    assert_ne!(first.json()["refresh_token"], second.json()["refresh_token"]);
    // A new API key is shown once and never stored in clear, not even for a replay.
    let key = json!({"name": "portal", "cluster_id": w.lombardy, "scopes": ["members:read"]});
    let a = app.post("/api/v1/api-keys").token(&w.paola.token).header("idempotency-key", "key-1").json(key.clone()).send().await.expect(201);
    let b = app.post("/api/v1/api-keys").token(&w.paola.token).header("idempotency-key", "key-1").json(key).send().await.expect(201);
    assert!(b.header("idempotent-replayed").is_none());
    assert_ne!(a.json()["id"], b.json()["id"]);
    use cluster2cluster::store::schema::idempotency_keys as keys;
    use diesel::prelude::*;
    let kept: i64 = app.db().run(|conn| Ok(keys::table.count().get_result(conn)?)).await.unwrap();
    assert_eq!(kept, 0);
});
