//! Public event pages: the host makes an event public; anyone reads it without a token; it
//! shows nothing that a signed-in person with no role could not see, and nothing about people;
//! it is cacheable and limited per address.

use serde_json::{Value, json};

use crate::common::TestApp;
use crate::db_test;
use crate::events::{create_event, event_body, published_event, register};

fn page(path: &str) -> String {
    format!("/api/v1/public/events/{path}")
}

db_test!(async fn the_host_makes_an_event_public_and_anyone_reads_it(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    let url = format!("/api/v1/events/{event}/public-page");
    // Only the host's managers.
    for token in [&w.buffetto.token, &w.paola.token, &w.nobody.token] {
        app.put(&url).token(token).json(json!({})).send().await.problem(403);
    }
    let e = app.put(&url).token(&w.roland.token).json(json!({})).send().await.expect(200).json();
    let slug = e["public_slug"].as_str().unwrap().to_owned();
    assert_eq!(slug, "cluster2cluster-nidwalden-2030-05-14");
    // Again: the same, nothing changes.
    let etag = app.get(&format!("/api/v1/events/{event}")).token(&w.roland.token).send().await.expect(200).header("etag");
    let again = app.put(&url).token(&w.roland.token).json(json!({})).send().await.expect(200);
    assert_eq!(again.header("etag"), etag);
    assert_eq!(again.json()["updated_at"], e["updated_at"]);

    // No token needed; cacheable; a conditional read is answered 304.
    let list = app.get("/api/v1/public/events").send().await.expect(200);
    assert_eq!(list.json()["items"].as_array().unwrap().iter().map(|i| i["slug"].clone()).collect::<Vec<_>>(), [json!(slug)]);
    let first = app.get(&page(&slug)).send().await.expect(200);
    assert_eq!(first.header("cache-control").as_deref(), Some("public, max-age=60"));
    assert!(first.header("ratelimit-policy").unwrap().contains("\"public-pages\";q=120;w=60"));
    let etag = first.header("etag").unwrap();
    let body = first.json();
    assert_eq!(body["title"], "Cluster2Cluster Nidwalden");
    assert_eq!(body["host_cluster"]["name"], "Swiss Aerospace Cluster");
    assert_eq!(body["guest_clusters"][0]["id"], json!(w.lombardy.to_string()));
    assert_eq!((body["registration_open"].clone(), body["seats_left"].clone()), (json!(true), json!(40)));
    let not_modified = app.get(&page(&slug)).header("if-none-match", &etag).send().await;
    assert_eq!(not_modified.status.as_u16(), 304);

    // A slug of one's own; another event cannot take it.
    let moved = app.put(&url).token(&w.roland.token).json(json!({"slug": "nidwalden-2030"})).send().await.expect(200).json();
    assert_eq!(moved["public_slug"], "nidwalden-2030");
    app.get(&page(&slug)).send().await.problem(404);
    app.get(&page("nidwalden-2030")).send().await.expect(200);
    let other = published_event(&app, &w).await;
    let p = app.put(&format!("/api/v1/events/{other}/public-page")).token(&w.roland.token)
        .json(json!({"slug": "nidwalden-2030"})).send().await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("another event is public"), "{p}");
    let p = app.put(&url).token(&w.roland.token).json(json!({"slug": "Not A Slug"})).send().await.problem(422);
    assert_eq!(p["errors"][0]["field"], "slug");

    // Taken down: gone for everyone.
    let down = app.delete(&url).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(down["public_slug"], Value::Null);
    app.get(&page("nidwalden-2030")).send().await.problem(404);
    assert_eq!(app.get("/api/v1/public/events").send().await.expect(200).json()["items"], json!([]));
});

db_test!(async fn a_draft_shows_only_once_published(app) {
    let w = app.world().await;
    let e = create_event(&app, &w, event_body(&w)).await;
    let id = e["id"].as_str().unwrap();
    let made = app.put(&format!("/api/v1/events/{id}/public-page")).token(&w.roland.token).json(json!({"slug": "draft-day"})).send().await.expect(200).json();
    assert_eq!(made["public_slug"], "draft-day");
    app.get(&page("draft-day")).send().await.problem(404);
    app.post(&format!("/api/v1/events/{id}/publish")).token(&w.roland.token).send().await.expect(200);
    app.get(&page("draft-day")).send().await.expect(200);
    app.post(&format!("/api/v1/events/{id}/cancel")).token(&w.roland.token).send().await.expect(200);
    app.get(&page("draft-day")).send().await.problem(404);
});

/// Every `(key, value)` of `part` is in `whole` with the same value.
fn same_values(part: &Value, whole: &Value, what: &str) {
    for (key, value) in part.as_object().unwrap() {
        assert_eq!(
            whole.get(key),
            Some(value),
            "{what}: {key} differs from what a signed-in person with no role sees"
        );
    }
}

db_test!(async fn the_public_page_shows_no_more_than_a_person_with_no_role_sees_and_nobody(app) {
    let w = app.world().await;
    let mut body = event_body(&w);
    body["coordinator_contact_id"] = json!(w.keller_contact);
    let e = create_event(&app, &w, body).await;
    let event = e["id"].as_str().unwrap().to_owned();
    app.post(&format!("/api/v1/events/{event}/publish")).token(&w.roland.token).send().await.expect(200);
    let event_id = event.parse().unwrap();
    // Soliani brings Rossi, who did not consent to sharing her details.
    register(&app, &w.ivano.token, event_id, w.soliani, &[w.soliani_contact, w.rossi_contact]).await.expect(201);
    register(&app, &w.anna.token, event_id, w.helvetic, &[w.keller_contact]).await.expect(201);
    app.post(&format!("/api/v1/events/{event}/agenda/generate")).token(&w.roland.token).json(json!({})).send().await.expect(200);
    app.put(&format!("/api/v1/events/{event}/public-page")).token(&w.roland.token).json(json!({"slug": "open-day"})).send().await.expect(200);
    let public = app.get(&page("open-day")).send().await.expect(200);
    let text = public.text();
    let p = public.json();

    // Nothing about any person: the contacts of the companies, the event's coordinator.
    let people = app.get(&format!("/api/v1/members/{}/contacts", w.soliani)).token(&w.ivano.token).send().await.expect(200).json();
    let keller = app.get(&format!("/api/v1/members/{}/contacts/{}", w.helvetic, w.keller_contact)).token(&w.anna.token).send().await.expect(200).json();
    let mut everyone: Vec<Value> = people["items"].as_array().unwrap().clone();
    everyone.push(keller);
    assert_eq!(everyone.len(), 3, "Soliani, Rossi and Keller");
    for person in &everyone {
        for key in ["id", "name", "email", "phone"] {
            if let Some(v) = person[key].as_str() {
                assert!(!text.contains(v), "the public page shows a person's {key}: {v}");
            }
        }
    }
    assert!(!text.contains("coordinator") && !text.contains("attendee"), "{text}");

    // Everything else is what a signed-in person with no role reads.
    let seen = |path: String| {
        let app: &TestApp = &app;
        let token = w.nobody.token.clone();
        async move { app.get(&path).token(&token).send().await.expect(200).json() }
    };
    let as_nobody = seen(format!("/api/v1/events/{event}")).await;
    for key in ["title", "starts_at", "ends_at", "time_zone", "description", "status", "registration_open", "registration_deadline"] {
        assert_eq!(p[key], as_nobody[key], "{key}");
    }
    same_values(&p["venue"], &as_nobody["venue"], "venue");
    assert_eq!(p["seats_left"], json!(as_nobody["capacity"].as_i64().unwrap() - as_nobody["seats_taken"].as_i64().unwrap()));
    assert_eq!(p["agenda"], seen(format!("/api/v1/events/{event}/agenda")).await);
    for cluster in std::iter::once(&p["host_cluster"]).chain(p["guest_clusters"].as_array().unwrap()) {
        let id = cluster["id"].as_str().unwrap();
        same_values(cluster, &seen(format!("/api/v1/clusters/{id}")).await, "cluster");
    }
    let companies = p["companies"].as_array().unwrap();
    assert_eq!(companies.iter().map(|c| c["legal_name"].as_str().unwrap()).collect::<Vec<_>>(), ["Helvetic Aero Services AG", "Soliani Emc"]);
    for company in companies {
        let id = company["id"].as_str().unwrap();
        same_values(company, &seen(format!("/api/v1/members/{id}")).await, "company");
    }
});

db_test!(
    settings = cluster2cluster::config::Settings { public_reads_per_minute: 3, ..Default::default() },
    async fn public_reads_are_limited_per_address(app) {
        let w = app.world().await;
        let event = published_event(&app, &w).await;
        app.put(&format!("/api/v1/events/{event}/public-page")).token(&w.roland.token).json(json!({})).send().await.expect(200);
        for left in [2, 1, 0] {
            let r = app.get("/api/v1/public/events").send().await.expect(200);
            assert!(r.header("ratelimit").unwrap().starts_with(&format!("\"public-pages\";r={left};t=")));
        }
        let refused = app.get("/api/v1/public/events").send().await;
        let retry: u64 = refused.header("retry-after").unwrap().parse().unwrap();
        assert!((1..=60).contains(&retry));
        assert!(refused.header("ratelimit-policy").unwrap().contains("q=3;w=60"));
        refused.problem(429);
        // Signed-in reads are not counted against it.
        app.get(&format!("/api/v1/events/{event}")).token(&w.nobody.token).send().await.expect(200);
    }
);
