//! Clusters: CRUD, computed member count, pagination, ETags and conditional requests.

use serde_json::{Value, json};

use crate::common::{Resp, TestApp};
use crate::db_test;

fn swiss_like(slug: &str) -> Value {
    json!({
        "name": "Cluster Aerospaziale Ticinese",
        "slug": slug,
        "country": "CH",
        "region": "CH-TI",
        "sector": "aerospace",
        "description": "Aerospace suppliers of Ticino",
        "website": "https://ticino-aerospace.example",
        "founded_year": 2015,
        "contact_email": "Info@Ticino-Aerospace.example"
    })
}

async fn create(app: &TestApp, token: &str, slug: &str) -> Resp {
    app.post("/api/v1/clusters")
        .token(token)
        .json(swiss_like(slug))
        .send()
        .await
}

db_test!(async fn admin_creates_reads_updates_and_deletes_a_cluster(app) {
    let w = app.world().await;
    let resp = create(&app, &w.admin.token, "ticino-aerospace").await.expect(201);
    let cluster = resp.json();
    let id = cluster["id"].as_str().unwrap().to_owned();
    assert_eq!(resp.header("location").unwrap(), format!("/api/v1/clusters/{id}"));
    let etag = resp.header("etag").unwrap();
    assert_eq!(cluster["contact_email"], "info@ticino-aerospace.example");
    assert_eq!(cluster["member_count"], 0);
    assert!(cluster["created_at"].as_str().unwrap().ends_with('Z'));

    let got = app.get(&format!("/api/v1/clusters/{id}")).token(&w.nobody.token).send().await.expect(200);
    assert_eq!(got.header("etag").unwrap(), etag);
    assert_eq!(got.json(), cluster);
    // If-None-Match: 304 without a body.
    let not_modified = app.get(&format!("/api/v1/clusters/{id}")).token(&w.nobody.token)
        .header("if-none-match", &etag).send().await.expect(304);
    assert!(not_modified.body.is_empty());

    let patched = app.patch(&format!("/api/v1/clusters/{id}")).token(&w.admin.token)
        .header("if-match", &etag)
        .json(json!({"description": "Updated", "website": null})).send().await.expect(200);
    let body = patched.json();
    assert_eq!(body["description"], "Updated");
    assert_eq!(body["website"], Value::Null);
    assert_eq!(body["name"], "Cluster Aerospaziale Ticinese");
    assert_ne!(patched.header("etag").unwrap(), etag);
    // The old ETag no longer matches.
    app.patch(&format!("/api/v1/clusters/{id}")).token(&w.admin.token)
        .header("if-match", &etag).json(json!({"description": "Lost update"})).send().await.problem(412);

    let mut full = swiss_like("ticino-aerospace");
    full["name"] = json!("Ticino Aerospace");
    let replaced = app.put(&format!("/api/v1/clusters/{id}")).token(&w.admin.token).json(full).send().await.expect(200).json();
    assert_eq!(replaced["name"], "Ticino Aerospace");
    assert_eq!(replaced["description"], "Aerospace suppliers of Ticino");

    app.delete(&format!("/api/v1/clusters/{id}")).token(&w.admin.token).header("if-match", "\"stale\"").send().await.problem(412);
    app.delete(&format!("/api/v1/clusters/{id}")).token(&w.admin.token).send().await.expect(204);
    app.get(&format!("/api/v1/clusters/{id}")).token(&w.admin.token).send().await.problem(404);
});

db_test!(async fn member_count_is_computed_and_blocks_deletion(app) {
    let w = app.world().await;
    let cluster = app.get(&format!("/api/v1/clusters/{}", w.lombardy)).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(cluster["member_count"], 2);
    let p = app.delete(&format!("/api/v1/clusters/{}", w.lombardy)).token(&w.admin.token).send().await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("2 member"));
});

db_test!(async fn slugs_are_unique_and_regions_belong_to_the_country(app) {
    let w = app.world().await;
    let p = create(&app, &w.admin.token, "lombardia-aerospace-cluster").await.problem(409);
    assert_eq!(p["existing_id"], w.lombardy.to_string());
    let mut body = swiss_like("wrong-region");
    body["region"] = json!("IT-25");
    let p = app.post("/api/v1/clusters").token(&w.admin.token).json(body).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["region"]);
    let p = app.patch(&format!("/api/v1/clusters/{}", w.lombardy)).token(&w.admin.token)
        .json(json!({"slug": "swiss-aerospace-cluster"})).send().await.problem(409);
    assert_eq!(p["existing_id"], w.swiss.to_string());
    // Managers edit their own cluster, and a PATCH that changes nothing keeps the version.
    let before = app.get(&format!("/api/v1/clusters/{}", w.lombardy)).token(&w.paola.token).send().await.expect(200).json();
    let same = app.patch(&format!("/api/v1/clusters/{}", w.lombardy)).token(&w.paola.token)
        .json(json!({"name": "Lombardia Aerospace Cluster"})).send().await.expect(200).json();
    assert_eq!(before["updated_at"], same["updated_at"]);
});

db_test!(async fn lists_page_with_cursor_and_link_and_filter(app) {
    let w = app.world().await;
    for i in 0..5 {
        create(&app, &w.admin.token, &format!("extra-cluster-{i}")).await.expect(201);
    }
    let mut seen = Vec::new();
    let mut url = "/api/v1/clusters?limit=3".to_owned();
    loop {
        let resp = app.get(&url).token(&w.nobody.token).send().await.expect(200);
        let body = resp.json();
        seen.extend(body["items"].as_array().unwrap().iter().map(|c| c["slug"].as_str().unwrap().to_owned()));
        match body["next_cursor"].as_str() {
            Some(_) => {
                let link = resp.header("link").expect("Link header on a non-final page");
                assert!(link.ends_with("; rel=\"next\""));
                url = link.trim_start_matches('<').split('>').next().unwrap().to_owned();
                assert!(url.contains("limit=3"));
            }
            None => {
                assert!(resp.header("link").is_none());
                break;
            }
        }
    }
    assert_eq!(seen.len(), 7);
    assert_eq!(seen[0], "lombardia-aerospace-cluster", "creation order");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 7, "no duplicates across pages");

    let italian = app.get("/api/v1/clusters?country=IT").token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(italian["items"].as_array().unwrap().len(), 1);
    let by_slug = app.get("/api/v1/clusters?slug=swiss-aerospace-cluster").token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(by_slug["items"][0]["id"], w.swiss.to_string());
    // Lists have ETags too.
    let resp = app.get("/api/v1/clusters?country=IT").token(&w.nobody.token).send().await.expect(200);
    let etag = resp.header("etag").unwrap();
    app.get("/api/v1/clusters?country=IT").token(&w.nobody.token).header("if-none-match", &etag).send().await.expect(304);
});

db_test!(async fn only_admins_create_and_delete_clusters(app) {
    let w = app.world().await;
    for person in [&w.paola, &w.roland, &w.buffetto, &w.nobody] {
        create(&app, &person.token, "not-allowed").await.problem(403);
    }
    create(&app, &w.admin.token, "allowed").await.expect(201);
    let empty = create(&app, &w.admin.token, "empty-one").await.expect(201).json();
    app.delete(&format!("/api/v1/clusters/{}", empty["id"].as_str().unwrap())).token(&w.paola.token).send().await.problem(403);
});
