//! The audit log: one entry per write through the API, in the write's transaction, with who,
//! what and which fields (never their values); admins read all, managers their clusters'.

use serde_json::{Value, json};

use crate::common::{TestApp, World};
use crate::db_test;
use crate::events::event_body;

async fn log(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut url = format!("/api/v1/audit-log?limit=2{query}");
    loop {
        let page = app.get(&url).token(token).send().await.expect(200).json();
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("/api/v1/audit-log?limit=2{query}&cursor={c}"),
            None => return items,
        }
    }
}

fn ops(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e["operation"].as_str().unwrap().to_owned())
        .collect()
}

db_test!(async fn every_write_is_logged_with_who_and_what_but_no_values(app) {
    let w: World = app.world().await;
    let start = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    assert!(log(&app, &w.admin.token, "").await.is_empty(), "the world is made without the API");

    // 1. An editor changes a person's e-mail and consent.
    let contact = format!("/api/v1/members/{}/contacts/{}", w.aviometal, w.buffetto_contact);
    app.patch(&contact).token(&w.buffetto.token)
        .json(json!({"email": "very.private@aviometal.example", "share_consent": false})).send().await.expect(200);
    // 2. A Swiss event with Lombardy as guest, and a Swiss key, by the Swiss manager.
    let event = app.post("/api/v1/events").token(&w.roland.token).json(event_body(&w)).send().await.expect(201).json();
    let event_id = event["id"].as_str().unwrap().to_owned();
    app.post("/api/v1/api-keys").token(&w.roland.token)
        .json(json!({"name": "Swiss portal", "cluster_id": w.swiss, "scopes": ["members:read"]})).send().await.expect(201);
    // 3. A portal key syncs 150 companies (one entry, objects capped).
    let key = app.post("/api/v1/api-keys").token(&w.paola.token)
        .json(json!({"name": "Portal", "cluster_id": w.lombardy, "scopes": ["members:sync"]})).send().await.expect(201).json();
    let members: Vec<Value> = (0..150).map(|n| json!({"external_id": format!("P-{n}"), "legal_name": format!("Portal {n}"),
        "country": "IT", "city": "Varese", "size_class": "small", "core_business": "Parts"})).collect();
    app.put(&format!("/api/v1/clusters/{}/members/sync", w.lombardy)).token(key["secret"].as_str().unwrap())
        .json(json!({"members": members})).send().await.expect(200);
    // Refusals, rollbacks and bookkeeping leave nothing: a 422, a mirror refused with 409,
    // a wrong current password (its throttle counter is written), a sign-in.
    app.patch(&contact).token(&w.buffetto.token).json(json!({"email": "not an email"})).send().await.problem(422);
    app.put(&format!("/api/v1/clusters/{}/members/sync?mode=mirror", w.lombardy)).token(key["secret"].as_str().unwrap())
        .json(json!({"members": []})).send().await.problem(409);
    app.post("/api/v1/me/password").token(&w.ivano.token)
        .json(json!({"current_password": "wrong wrong wrong", "new_password": "a new long passphrase 42"})).send().await.problem(422);
    app.post("/api/v1/auth/login").json(json!({"email": w.ivano.email, "password": crate::common::PASSWORD})).send().await.expect(200);

    let all = log(&app, &w.admin.token, "").await;
    assert_eq!(ops(&all), [
        "PATCH /api/v1/members/{member_id}/contacts/{id}",
        "POST /api/v1/events",
        "POST /api/v1/api-keys",
        "POST /api/v1/api-keys",
        "PUT /api/v1/clusters/{id}/members/sync",
    ]);
    let text = serde_json::to_string(&all).unwrap();
    assert!(!text.contains("very.private"), "values are never logged: {text}");
    let patch = &all[0];
    assert_eq!(patch["actor_user_id"], w.buffetto.id.to_string());
    assert!(patch.get("actor_api_key_id").is_none());
    assert_eq!(patch["fields"], json!(["email", "share_consent"]));
    assert_eq!(patch["objects"], json!([format!("contact:{}", w.buffetto_contact)]));
    assert_eq!(patch["clusters"], json!([w.lombardy.to_string()]));
    assert_eq!(patch["path"], contact.as_str());
    let sync = &all[4];
    assert_eq!(sync["actor_api_key_id"], key["id"]);
    assert!(sync.get("actor_user_id").is_none());
    let objects = sync["objects"].as_array().unwrap();
    assert_eq!(objects.len(), 101);
    assert_eq!(objects[100], "… 50 more");
    assert_eq!(all[1]["clusters"], json!([w.swiss.to_string(), w.lombardy.to_string()]));
    assert_eq!(all[2]["clusters"], json!([w.swiss.to_string()]));
    assert!(all[1]["objects"].as_array().unwrap().contains(&json!(format!("event:{event_id}"))));

    // Managers read what concerns their clusters; nobody else reads anything.
    assert_eq!(ops(&log(&app, &w.paola.token, "").await), [
        "PATCH /api/v1/members/{member_id}/contacts/{id}",
        "POST /api/v1/events",
        "POST /api/v1/api-keys",
        "PUT /api/v1/clusters/{id}/members/sync",
    ]);
    assert_eq!(ops(&log(&app, &w.roland.token, "").await), ["POST /api/v1/events", "POST /api/v1/api-keys"]);
    app.get(&format!("/api/v1/audit-log?cluster_id={}", w.swiss)).token(&w.paola.token).send().await.problem(403);
    app.get("/api/v1/audit-log").token(&w.buffetto.token).send().await.problem(403);
    app.get("/api/v1/audit-log").token(&w.nobody.token).send().await.problem(403);
    app.get("/api/v1/audit-log").token(key["secret"].as_str().unwrap()).send().await.problem(403);

    // Filters.
    let by_roland = log(&app, &w.admin.token, &format!("&actor_user_id={}", w.roland.id)).await;
    assert_eq!(ops(&by_roland), ["POST /api/v1/events", "POST /api/v1/api-keys"]);
    let by_key = log(&app, &w.admin.token, &format!("&actor_api_key_id={}", key["id"].as_str().unwrap())).await;
    assert_eq!(ops(&by_key), ["PUT /api/v1/clusters/{id}/members/sync"]);
    let on_contact = log(&app, &w.admin.token, &format!("&object_id={}", w.buffetto_contact)).await;
    assert_eq!(on_contact.len(), 1);
    let syncs = log(&app, &w.admin.token, "&operation=PUT+/api/v1/clusters/{id}/members/sync").await;
    assert_eq!(syncs.len(), 1);
    assert_eq!(log(&app, &w.admin.token, &format!("&since={}", start.replace('+', "%2B"))).await.len(), 5);
    assert!(log(&app, &w.admin.token, &format!("&until={}", start.replace('+', "%2B"))).await.is_empty());
    assert_eq!(log(&app, &w.admin.token, &format!("&cluster_id={}", w.swiss)).await.len(), 2);
});
