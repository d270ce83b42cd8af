//! Hostile and malformed input: every failure is a 4xx problem+json with details, never a
//! 500, never a partial write.

use serde_json::json;
use uuid::Uuid;

use crate::common::world::member_input;
use crate::common::{Resp, TestApp};
use crate::db_test;

async fn member_count(app: &TestApp, token: &str) -> usize {
    app.get("/api/v1/members?limit=500")
        .token(token)
        .send()
        .await
        .expect(200)
        .json()["items"]
        .as_array()
        .unwrap()
        .len()
}

db_test!(async fn malformed_bodies_get_400_and_write_nothing(app) {
    let w = app.world().await;
    let before = member_count(&app, &w.paola.token).await;
    for body in [
        "{",
        "{\"legal_name\": }",
        "not json at all",
        "{\"legal_name\": \"x\"} trailing",
        "",
        "   ",
    ] {
        let p = app.post("/api/v1/members").token(&w.paola.token)
            .body("application/json", body).send().await.problem(400);
        assert!(p["detail"].as_str().unwrap().len() > 10, "{p}");
    }
    // Nesting deeper than the parser allows.
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    app.post("/api/v1/members").token(&w.paola.token).body("application/json", deep).send().await.problem(400);
    assert_eq!(member_count(&app, &w.paola.token).await, before);
});

db_test!(async fn wrong_types_unknown_and_missing_fields_name_the_field(app) {
    let w = app.world().await;
    let mut body = member_input(w.lombardy, "Typo S.r.l.", "IT", "Milano");
    body["size_class"] = json!(3);
    let p = app.post("/api/v1/members").token(&w.paola.token).json(body).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["size_class"]);

    let mut body = member_input(w.lombardy, "Typo S.r.l.", "IT", "Milano");
    body["offices"] = json!([{"country": "US"}, {"country": 12}]);
    let p = app.post("/api/v1/members").token(&w.paola.token).json(body).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["offices[1].country"]);

    let mut body = member_input(w.lombardy, "Typo S.r.l.", "IT", "Milano");
    body["legal_nmae"] = json!("typo");
    let p = app.post("/api/v1/members").token(&w.paola.token).json(body).send().await.problem(422);
    assert!(p["errors"][0]["message"].as_str().unwrap().contains("legal_nmae"), "{p}");

    let p = app.post("/api/v1/members").token(&w.paola.token)
        .json(json!({"cluster_id": w.lombardy})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["legal_name"]);
    assert_eq!(p["errors"][0]["message"], "is required");
    let mut body = member_input(w.lombardy, "Typo S.r.l.", "IT", "Milano");
    body["offices"] = json!([{"city": "Madrid"}]);
    let p = app.post("/api/v1/members").token(&w.paola.token).json(body).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["offices[0].country"]);

    let p = app.post("/api/v1/members").token(&w.paola.token).json(json!([1, 2])).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["body"]);

    let p = app.post("/api/v1/members").token(&w.paola.token).json(json!({"cluster_id": "not-a-uuid"})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["cluster_id"]);
});

db_test!(async fn rule_violations_are_all_reported_together(app) {
    let w = app.world().await;
    let mut body = member_input(w.lombardy, " ", "ZZ", "Milano");
    body["website"] = json!("javascript:alert(1)");
    body["offices"] = json!([{"country": "US"}, {"country": "XX"}]);
    body["areas_of_interest"] = json!(["x".repeat(61)]);
    let p = app.post("/api/v1/members").token(&w.paola.token).json(body).send().await.problem(422);
    assert_eq!(
        Resp::error_fields(&p),
        vec!["areas_of_interest", "country", "legal_name", "offices[1].country", "website"]
    );
    let p = app.post("/api/v1/clusters").token(&w.admin.token).json(json!({
        "name": "x".repeat(201), "slug": "Bad Slug", "country": "CH", "region": "IT-25",
        "sector": "aerospace", "contact_email": "not-an-email", "founded_year": 3000
    })).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["contact_email", "founded_year", "name", "slug"]);
});

db_test!(async fn content_type_and_size_limits(app) {
    let w = app.world().await;
    let body = member_input(w.lombardy, "Form S.r.l.", "IT", "Milano").to_string();
    app.post("/api/v1/members").token(&w.paola.token)
        .body("application/x-www-form-urlencoded", body.clone()).send().await.problem(415);
    app.post("/api/v1/members").token(&w.paola.token).body("text/plain", body.clone()).send().await.problem(415);
    // No content type at all.
    let resp = app.post("/api/v1/members").token(&w.paola.token).send().await;
    resp.problem(415);
    // +json media types are JSON too.
    app.post("/api/v1/members").token(&w.paola.token)
        .body("application/merge-patch+json; charset=utf-8", body).send().await.expect(201);

    let mut huge = member_input(w.lombardy, "Huge S.r.l.", "IT", "Milano");
    huge["ongoing_projects"] = json!("x".repeat(1024 * 1024 + 10));
    let p = app.post("/api/v1/members").token(&w.paola.token).json(huge).send().await.problem(413);
    assert!(p["detail"].as_str().unwrap().contains("1048576"));
});

#[actix_web::test]
async fn the_body_limit_is_configurable() {
    let settings = cluster2cluster::config::Settings {
        body_limit: 300,
        ..Default::default()
    };
    let app = TestApp::sqlite_with(settings).await;
    let w = app.world().await;
    let mut body = member_input(w.lombardy, "Small S.r.l.", "IT", "Milano");
    body["ongoing_projects"] = json!("x".repeat(400));
    app.post("/api/v1/members")
        .token(&w.paola.token)
        .json(body)
        .send()
        .await
        .problem(413);
}

db_test!(async fn bad_ids_and_query_parameters_get_400(app) {
    let w = app.world().await;
    let p = app.get("/api/v1/members/not-a-uuid").token(&w.paola.token).send().await.problem(400);
    assert_eq!(Resp::error_fields(&p), vec!["id"]);
    let p = app.get(&format!("/api/v1/members/{}/contacts/123", w.aviometal)).token(&w.paola.token).send().await.problem(400);
    assert_eq!(Resp::error_fields(&p), vec!["id"]);
    for (query, field) in [
        ("limit=abc", "limit"),
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("limit=-1", "limit"),
        ("cursor=garbage", "cursor"),
        ("cluster_id=42", "cluster_id"),
        ("size_class=huge", "size_class"),
        ("country=Italy", "country"),
        ("colour=blue", "colour"),
        // An unknown parameter is refused even when sent empty.
        ("colour=", "colour"),
        ("cursor=&colour=", "colour"),
    ] {
        let p = app.get(&format!("/api/v1/members?{query}")).token(&w.paola.token).send().await.problem(400);
        assert_eq!(Resp::error_fields(&p), vec![field], "{query}: {p}");
    }
    // Known parameters sent empty count as not sent.
    let all = app.get("/api/v1/members").token(&w.paola.token).send().await.expect(200).json();
    let empty = app.get("/api/v1/members?cursor=&q=&limit=").token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(all, empty);
    assert!(!all["items"].as_array().unwrap().is_empty());
    // Unknown ids are 404.
    app.get(&format!("/api/v1/members/{}", uuid::Uuid::new_v4())).token(&w.paola.token).send().await.problem(404);
});

db_test!(async fn json_answers_have_strong_etags_and_streamed_exports_weak_ones(app) {
    let w = app.world().await;
    let json = app.get(&format!("/api/v1/clusters/{}/catalogue", w.lombardy)).token(&w.paola.token).send().await.expect(200);
    let strong = json.header("etag").unwrap();
    assert!(strong.starts_with('"'), "{strong}");
    for format in ["csv", "vcf"] {
        let url = format!("/api/v1/clusters/{}/catalogue?format={format}", w.lombardy);
        let export = app.get(&url).token(&w.paola.token).send().await.expect(200);
        let weak = export.header("etag").unwrap();
        assert!(weak.starts_with("W/\""), "{weak}");
        // It still answers 304 to a client that kept it.
        let again = app.get(&url).token(&w.paola.token).header("if-none-match", &weak).send().await;
        assert_eq!(again.status.as_u16(), 304);
    }
});

db_test!(async fn unknown_routes_and_wrong_methods(app) {
    let w = app.world().await;
    app.get("/api/v1/nothing-here").token(&w.paola.token).send().await.problem(404);
    app.get("/nothing").send().await.problem(404);
    let resp = app.delete("/api/v1/members").token(&w.paola.token).send().await;
    assert_eq!(resp.header("allow").as_deref(), Some("GET, POST"));
    resp.problem(405);
    let resp = app.post(&format!("/api/v1/members/{}", w.aviometal)).token(&w.paola.token).send().await;
    assert_eq!(resp.header("allow").as_deref(), Some("DELETE, GET, PATCH, PUT"));
    resp.problem(405);
    // Paths a route names literally belong to that route, not to the `{id}` beside it.
    for (path, allow) in [
        ("/api/v1/members/changes", "GET"),
        ("/api/v1/trade-notes/figures", "GET"),
        ("/api/v1/trade-notes/series", "GET"),
        // A file of an object is not the object: `{meeting_id}.ics` is no meeting id.
        (&format!("/api/v1/partnership-requests/{}/meetings/{}.ics", Uuid::now_v7(), Uuid::now_v7()), "GET"),
        (&format!("/api/v1/events/{}/catalogue.csv", Uuid::now_v7()), "GET"),
    ] {
        for method in ["PUT", "PATCH", "DELETE", "OPTIONS"] {
            let verb = actix_web::http::Method::from_bytes(method.as_bytes()).unwrap();
            let resp = app.request(verb, path).token(&w.paola.token).send().await;
            assert_eq!(resp.header("allow").as_deref(), Some(allow), "{method} {path}");
            resp.problem(405);
        }
    }
    // An id that is not one is still a bad request.
    app.put("/api/v1/members/not-a-uuid").token(&w.paola.token).json(json!({})).send().await.problem(400);
});

db_test!(async fn hostile_text_is_stored_verbatim(app) {
    let w = app.world().await;
    let mut body = member_input(w.lombardy, "Robert'); DROP TABLE members;--", "IT", "L’Aquila");
    body["core_business"] = json!("<script>alert('x')</script> 100% _wild_ \\ chars");
    let created = app.post("/api/v1/members").token(&w.paola.token).json(body).send().await.expect(201).json();
    assert_eq!(created["legal_name"], "Robert'); DROP TABLE members;--");
    assert_eq!(created["city"], "L’Aquila");
    // LIKE wildcards in q are literal.
    let found = app.get("/api/v1/members?q=100%25%20_wild_").token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let none = app.get("/api/v1/members?q=%25").token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(none["items"].as_array().unwrap().len(), 1, "only the member whose text holds a literal %");
});

db_test!(async fn responses_carry_security_headers_and_a_request_id(app) {
    let resp = app.get("/api/v1/me").send().await;
    assert_eq!(resp.header("x-content-type-options").as_deref(), Some("nosniff"));
    assert!(resp.header("x-request-id").is_some_and(|id| id.len() >= 32));
});

// Every operation that takes a body, straight from the contract: whatever garbage arrives,
// the answer is a 4xx problem, never a 500 — also for endpoints added later.
// (The member-sync body has its own, larger limit; here it is lowered so that 2 MiB exceeds it.)
db_test!(
    settings = cluster2cluster::config::Settings { sync_body_limit: 1536 * 1024, ..Default::default() },
    async fn every_body_refuses_garbage_with_a_problem(app) {
    let w = app.world().await;
    let doc: serde_json::Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("requestBody").is_none() {
                continue;
            }
            // Ids in the path are syntactically valid; the body is rejected before any lookup
            // (the member sync looks its cluster up first, before reading the body at all, so
            // it gets a real one).
            let id = if path.starts_with("/api/v1/clusters/{id}/members/sync") { w.lombardy } else { w.aviometal };
            let url = path
                .split('/')
                .map(|seg| match seg {
                    // A language is no id: the translation operations take one.
                    "{lang}" => "de".to_owned(),
                    s if s.starts_with('{') => id.to_string(),
                    s => s.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("/");
            let method = actix_web::http::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let send = |ct: &'static str, body: Vec<u8>| {
                app.request(method.clone(), &url).token(&w.admin.token).body(ct, body).send()
            };
            let what = format!("{method} {path}");
            for (ct, body, want) in [
                ("application/json", b"{".to_vec(), 400),
                ("application/json", b"null".to_vec(), 422),
                ("application/json", b"[]".to_vec(), 422),
                ("application/json", br#"{"surely_unknown_field": 1}"#.to_vec(), 422),
                ("text/plain", b"{}".to_vec(), 415),
                ("application/json", vec![b' '; 2 * 1024 * 1024], 413),
            ] {
                // Where the contract allows a `null` body (optional bodies), `null` is no garbage.
                let null_allowed = op["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
                    .as_array()
                    .is_some_and(|alts| alts.iter().any(|a| a["type"] == "null"));
                if body == b"null" && null_allowed {
                    continue;
                }
                let resp = send(ct, body).await;
                assert_eq!(resp.status.as_u16(), want, "{what} with {ct}: {}", resp.text());
                assert_eq!(resp.header("content-type").as_deref(), Some("application/problem+json"), "{what}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} operations with a body");
    }
);

db_test!(async fn control_characters_are_refused_everywhere(app) {
    let w = app.world().await;
    // PostgreSQL cannot store U+0000; no backend should accept it from a client.
    let p = app.post("/api/v1/auth/login").json(json!({"email": "a\u{0}b@example.org", "password": "x"})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["email"]);
    let mut body = member_input(w.lombardy, "Null\u{0} S.r.l.", "IT", "Milano");
    body["areas_of_interest"] = json!(["ok", "bell\u{7}"]);
    let p = app.post("/api/v1/members").token(&w.paola.token).json(body).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["areas_of_interest[1]", "core_business", "legal_name"]);
    for query in ["q=%00", "sector=a%00b", "email=%01"] {
        let url = if query.starts_with("sector") { "/api/v1/clusters" } else if query.starts_with("email") { "/api/v1/users" } else { "/api/v1/members" };
        app.get(&format!("{url}?{query}")).token(&w.admin.token).send().await.problem(400);
    }
    let cursor = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, "v1:\u{0}");
    app.get(&format!("/api/v1/members?cursor={cursor}")).token(&w.admin.token).send().await.problem(400);
    // Tabs and line breaks are ordinary text.
    let mut body = member_input(w.lombardy, "Tabs S.r.l.", "IT", "Milano");
    body["ongoing_projects"] = json!("line one\nline two\ttabbed");
    app.post("/api/v1/members").token(&w.paola.token).json(body).send().await.expect(201);
    // A trailing slash is another path.
    app.get("/api/v1/members/").token(&w.admin.token).send().await.problem(404);
});

db_test!(async fn patch_refuses_null_for_fields_that_cannot_be_cleared(app) {
    let w = app.world().await;
    let p = app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.paola.token)
        .json(json!({"legal_name": null})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["legal_name"]);
    let p = app.patch(&format!("/api/v1/clusters/{}", w.lombardy)).token(&w.paola.token)
        .json(json!({"name": null})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["name"]);
    // Nullable fields are cleared by null.
    app.patch(&format!("/api/v1/clusters/{}", w.lombardy)).token(&w.paola.token)
        .json(json!({"region": null})).send().await.expect(200);
});

db_test!(async fn the_cache_buster_underscore_is_ignored_and_other_unknown_parameters_refused(app) {
    let w = app.world().await;
    let plain = app.get("/api/v1/members?limit=2").token(&w.nobody.token).send().await.expect(200).json();
    let busted = app.get("/api/v1/members?limit=2&_=1764500000000").token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(plain, busted);
    app.get("/api/v1/members?limit=2&_=").token(&w.nobody.token).send().await.expect(200);
    let p = app.get("/api/v1/members?limit=2&__=1").token(&w.nobody.token).send().await.problem(400);
    assert_eq!(p["errors"][0]["field"], "__");
});

db_test!(async fn problem_type_uris_lead_to_a_page_that_explains_them(app) {
    let w = app.world().await;
    // Real problems: 422, 404, 401, 405 and 400; each `type` is a page.
    let problems = [
        app.post("/api/v1/members").token(&w.paola.token).json(json!({"country": "Italy"})).send().await.problem(422),
        app.get(&format!("/api/v1/members/{}", uuid::Uuid::now_v7())).token(&w.paola.token).send().await.problem(404),
        app.get("/api/v1/members").send().await.problem(401),
        app.get("/api/v1/members?limit=x").token(&w.paola.token).send().await.problem(400),
    ];
    for p in problems {
        let page = app.get(p["type"].as_str().unwrap()).send().await.expect(200);
        assert!(page.header("content-type").unwrap().starts_with("text/html"));
        assert!(page.text().contains(&format!("<h1>{}</h1>", p["title"].as_str().unwrap())), "{}", page.text());
    }
    app.get("/problems/made-up").send().await.problem(404);
});
