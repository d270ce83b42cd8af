//! Member companies: CRUD, search, filters, external ids, conditional updates.

use serde_json::{Value, json};

use crate::common::world::member_input;
use crate::common::{Resp, TestApp};
use crate::db_test;

async fn names(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let body = app
        .get(&format!("/api/v1/members?{query}"))
        .token(token)
        .send()
        .await
        .expect(200)
        .json();
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["legal_name"].as_str().unwrap().to_owned())
        .collect()
}

db_test!(async fn a_manager_adds_and_edits_a_member(app) {
    let w = app.world().await;
    let mut body = member_input(w.lombardy, "  Malpensa Compositi S.r.l. ", "IT", "Gallarate");
    body["areas_of_interest"] = json!(["Composites", " composites ", "helicopters"]);
    body["offices"] = json!([{"country": "ES", "city": "Madrid"}]);
    body["external_id"] = json!("LAC-0007");
    body["website"] = json!("https://malpensa-compositi.example");
    let resp = app.post("/api/v1/members").token(&w.paola.token).json(body).send().await.expect(201);
    let m = resp.json();
    let id = m["id"].as_str().unwrap().to_owned();
    assert_eq!(resp.header("location").unwrap(), format!("/api/v1/members/{id}"));
    assert_eq!(m["legal_name"], "Malpensa Compositi S.r.l.");
    assert_eq!(m["areas_of_interest"], json!(["Composites", "helicopters"]));
    assert_eq!(m["offices"], json!([{"country": "ES", "city": "Madrid"}]));
    assert_eq!(m["cluster_id"], w.lombardy.to_string());
    for key in ["id", "cluster_id", "legal_name", "country", "city", "website", "size_class", "core_business",
        "areas_of_interest", "partners_sought", "ongoing_projects", "offices", "external_id", "created_at", "updated_at"] {
        assert!(m.get(key).is_some(), "contract field {key} missing");
    }

    let etag = resp.header("etag").unwrap();
    let patched = app.patch(&format!("/api/v1/members/{id}")).token(&w.paola.token).header("if-match", &etag)
        .json(json!({"website": null, "size_class": "medium"})).send().await.expect(200).json();
    assert_eq!(patched["website"], Value::Null);
    assert_eq!(patched["size_class"], "medium");
    assert_eq!(patched["external_id"], "LAC-0007");

    // PUT replaces everything, but the cluster is fixed.
    let mut moved = member_input(w.swiss, "Malpensa Compositi S.r.l.", "IT", "Gallarate");
    moved["external_id"] = json!("LAC-0007");
    let p = app.put(&format!("/api/v1/members/{id}")).token(&w.paola.token).json(moved).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["cluster_id"]);
    let replaced = app.put(&format!("/api/v1/members/{id}")).token(&w.paola.token)
        .json(member_input(w.lombardy, "Malpensa Compositi", "IT", "Varese")).send().await.expect(200).json();
    assert_eq!(replaced["city"], "Varese");
    assert_eq!(replaced["external_id"], Value::Null);
    assert_eq!(replaced["offices"], json!([]));
});

db_test!(async fn search_ignores_case_and_accents_and_matches_every_word(app) {
    let w = app.world().await;
    let mut zurich = member_input(w.swiss, "Zürich Avionik GmbH", "CH", "Zürich");
    zurich["core_business"] = json!("Avionics integration and EMC certification");
    zurich["partners_sought"] = json!(["harness manufacturing"]);
    app.post("/api/v1/members").token(&w.roland.token).json(zurich).send().await.expect(201);

    assert_eq!(names(&app, &w.nobody.token, "q=zurich").await, vec!["Zürich Avionik GmbH"]);
    assert_eq!(names(&app, &w.nobody.token, "q=Z%C3%9CRICH%20emc").await, vec!["Zürich Avionik GmbH"]);
    assert_eq!(names(&app, &w.nobody.token, "q=harness").await, vec!["Zürich Avionik GmbH"], "tags are searched");
    assert_eq!(names(&app, &w.nobody.token, "q=soliani").await, vec!["Soliani Emc"]);
    assert!(names(&app, &w.nobody.token, "q=zurich%20soliani").await.is_empty());
    // Filters combine.
    assert_eq!(names(&app, &w.nobody.token, &format!("cluster_id={}", w.swiss)).await.len(), 2);
    assert_eq!(names(&app, &w.nobody.token, &format!("cluster_id={}&q=avionics", w.swiss)).await, vec!["Zürich Avionik GmbH"]);
    assert_eq!(names(&app, &w.nobody.token, "country=IT").await, vec!["Aviometal", "Soliani Emc"]);
    assert!(names(&app, &w.nobody.token, "size_class=large").await.is_empty());
});

db_test!(async fn external_ids_are_unique_within_a_cluster(app) {
    let w = app.world().await;
    let mut a = member_input(w.lombardy, "A S.r.l.", "IT", "Milano");
    a["external_id"] = json!("P-1");
    let first = app.post("/api/v1/members").token(&w.paola.token).json(a.clone()).send().await.expect(201).json();
    a["legal_name"] = json!("B S.r.l.");
    let p = app.post("/api/v1/members").token(&w.paola.token).json(a).send().await.problem(409);
    assert_eq!(p["existing_id"], first["id"]);
    // The same portal id in another cluster is fine.
    let mut b = member_input(w.swiss, "B AG", "CH", "Stans");
    b["external_id"] = json!("P-1");
    app.post("/api/v1/members").token(&w.roland.token).json(b).send().await.expect(201);
    let found = names(&app, &w.nobody.token, &format!("cluster_id={}&external_id=P-1", w.lombardy)).await;
    assert_eq!(found, vec!["A S.r.l."]);
});

db_test!(async fn an_editor_edits_their_company_and_a_noop_changes_nothing(app) {
    let w = app.world().await;
    let url = format!("/api/v1/members/{}", w.aviometal);
    let before = app.get(&url).token(&w.buffetto.token).send().await.expect(200);
    let same = app.patch(&url).token(&w.buffetto.token).json(json!({"city": "Varese"})).send().await.expect(200);
    assert_eq!(before.header("etag"), same.header("etag"));
    assert_eq!(before.json()["updated_at"], same.json()["updated_at"]);
    let changed = app.patch(&url).token(&w.buffetto.token)
        .json(json!({"partners_sought": ["Swiss machining suppliers"], "ongoing_projects": "Nidwalden follow-up"}))
        .send().await.expect(200).json();
    assert_eq!(changed["partners_sought"], json!(["Swiss machining suppliers"]));
    // Editors cannot delete their company; the cluster manager can, contacts go with it.
    app.delete(&url).token(&w.buffetto.token).send().await.problem(403);
    app.delete(&url).token(&w.paola.token).send().await.expect(204);
    app.get(&url).token(&w.paola.token).send().await.problem(404);
    app.get(&format!("{url}/contacts/{}", w.buffetto_contact)).token(&w.paola.token).send().await.problem(404);
});

db_test!(async fn concurrent_patches_with_if_match_never_lose_an_update(app) {
    let w = app.world().await;
    let url = format!("/api/v1/members/{}", w.soliani);
    let etag = app.get(&url).token(&w.ivano.token).send().await.expect(200).header("etag").unwrap();
    let attempts = (0..10).map(|i| {
        app.patch(&url).token(&w.ivano.token).header("if-match", &etag)
            .json(json!({"ongoing_projects": format!("project {i}")})).send()
    });
    let results = futures::future::join_all(attempts).await;
    let winners: Vec<_> = results.iter().filter(|r| r.status == 200).collect();
    assert_eq!(winners.len(), 1, "exactly one write with the same ETag wins");
    assert!(results.iter().all(|r| r.status == 200 || r.status == 412));
    let now = app.get(&url).token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(now["ongoing_projects"], winners[0].json()["ongoing_projects"]);
});
