//! The `analyst` role: writes and publishes trade notes for a cluster (or, held platform-wide,
//! for any) without any right over member companies or their people.

use serde_json::json;

use crate::db_test;
use crate::trade_notes::{article_figures, note};

db_test!(async fn an_analyst_writes_trade_notes_and_sees_no_more_of_members_than_anyone(app) {
    let w = app.world().await;
    // Paola brings in a journalist who writes for her cluster.
    let id = app.post("/api/v1/users").token(&w.paola.token)
        .json(json!({"email": "journalist@press.example", "password": "a long enough password", "display_name": "Giulia Press"}))
        .send().await.expect(201).json()["id"].as_str().unwrap().to_owned();
    let journalist = crate::common::world::Person { id: id.parse().unwrap(), email: "journalist@press.example".into(), token: app.token_for(id.parse().unwrap()) };
    let roles = format!("/api/v1/users/{}/roles", journalist.id);
    // A cluster's managers grant analyst on their own cluster only; platform-wide is for admins.
    app.post(&roles).token(&w.roland.token).json(json!({"role": "analyst", "cluster_id": w.lombardy})).send().await.problem(403);
    app.post(&roles).token(&w.paola.token).json(json!({"role": "analyst"})).send().await.problem(403);
    let p = app.post(&roles).token(&w.paola.token).json(json!({"role": "analyst", "member_id": w.aviometal})).send().await.problem(422);
    assert_eq!(p["errors"][0]["field"], "member_id");
    let grant = app.post(&roles).token(&w.paola.token).json(json!({"role": "analyst", "cluster_id": w.lombardy})).send().await.expect(201).json();
    assert_eq!((grant["role"].clone(), grant["cluster_id"].clone()), (json!("analyst"), json!(w.lombardy.to_string())));

    // Notes for Lombardy: written, read as a draft, published.
    let draft = app.post("/api/v1/trade-notes").token(&journalist.token).json(note(&[w.lombardy], article_figures())).send().await.expect(201).json();
    let url = format!("/api/v1/trade-notes/{}", draft["id"].as_str().unwrap());
    let listed = app.get("/api/v1/trade-notes").token(&journalist.token).send().await.expect(200).json();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "the analyst sees the cluster's drafts");
    app.get(&url).token(&w.nobody.token).send().await.problem(404);
    let etag = app.get(&url).token(&journalist.token).send().await.expect(200).header("etag").unwrap();
    let published = app.patch(&url).token(&journalist.token).header("if-match", &etag)
        .json(json!({"status": "published"})).send().await.expect(200).json();
    assert_eq!(published["status"], "published");
    // Not for a cluster they do not analyse.
    app.post("/api/v1/trade-notes").token(&journalist.token).json(note(&[w.lombardy, w.swiss], article_figures())).send().await.problem(403);

    // No right over members or people: the private contact stays hidden, nothing is editable.
    app.get(&format!("/api/v1/members/{}/contacts", w.soliani)).token(&journalist.token).send().await.problem(403);
    app.patch(&format!("/api/v1/members/{}", w.soliani)).token(&journalist.token).json(json!({"website": "https://x.example"})).send().await.problem(403);
    app.post(&format!("/api/v1/members/{}/contacts", w.soliani)).token(&journalist.token)
        .json(json!({"name": "X", "share_consent": true})).send().await.problem(403);
    app.post("/api/v1/users").token(&journalist.token)
        .json(json!({"email": "x@press.example", "password": "a long enough password", "display_name": "X"})).send().await.problem(403);
    // Not a member of the cluster either: its contact catalogue is closed to them.
    app.get(&format!("/api/v1/clusters/{}/catalogue", w.lombardy)).token(&journalist.token).send().await.problem(403);

    // Platform-wide, granted by an admin: notes of any cluster.
    app.post(&roles).token(&w.admin.token).json(json!({"role": "analyst"})).send().await.expect(201);
    app.post("/api/v1/trade-notes").token(&journalist.token).json(note(&[w.lombardy, w.swiss], article_figures())).send().await.expect(201);
});
