//! A portal's mirror sync never loses data silently: removals are tombstones with a way back,
//! bounded per sync, with their consequences in the same transaction, and purged after the
//! retention period.

use serde_json::{Value, json};

use crate::common::{Resp, TestApp, World};
use crate::db_test;
use crate::events::{published_event, register};

async fn mirror(app: &TestApp, w: &World, query: &str, members: Value) -> Resp {
    app.put(&format!(
        "/api/v1/clusters/{}/members/sync?mode=mirror{query}",
        w.lombardy
    ))
    .token(&w.paola.token)
    .json(json!({"members": members}))
    .send()
    .await
}

fn portal_member(n: usize) -> Value {
    json!({
        "external_id": format!("LAC-{n:04}"), "legal_name": format!("Portal Company {n}"),
        "country": "IT", "city": "Varese", "size_class": "small", "core_business": "Aerostructures",
        "contacts": [{"name": format!("Person {n}"), "email": format!("p{n}@portal.example"), "share_consent": true}]
    })
}

db_test!(async fn a_removed_company_is_a_tombstone_with_everything_kept_and_a_way_back(app) {
    let w = app.world().await;
    // Aviometal comes from the portal; it takes part in a day with a meeting request and a
    // partnership request to Helvetic; Lombardy's webhook listens.
    app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.paola.token).json(json!({"external_id": "LAC-0001"})).send().await.expect(200);
    let hook = app.post("/api/v1/webhooks").token(&w.paola.token).json(json!({
        "cluster_id": w.lombardy, "url": "https://portal.example/hook",
        "event_types": ["member.removed", "registration.cancelled", "meeting_request.changed", "partnership_request.status_changed"],
        "secret": "a long shared secret for the signatures"
    })).send().await.expect(201).json();
    let event = published_event(&app, &w).await;
    let aviometal_reg = register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201).json();
    let helvetic_reg = register(&app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await.expect(201).json();
    let meeting = app.post(&format!("/api/v1/events/{event}/meeting-requests")).token(&w.buffetto.token).json(json!({
        "requester_registration_id": aviometal_reg["id"], "recipient_registration_id": helvetic_reg["id"], "message": "Machining?"
    })).send().await.expect(201).json();
    let partnership = app.post("/api/v1/partnership-requests").token(&w.buffetto.token).json(json!({
        "from_member_id": w.aviometal, "to_member_id": w.helvetic, "kind": "supply", "subject": "Machining for your retrofit"
    })).send().await.expect(201).json();
    let before_seats = app.get(&format!("/api/v1/events/{event}")).token(&w.roland.token).send().await.expect(200).json();

    // The portal's list no longer has it.
    let result = mirror(&app, &w, "&max_removals=1", json!([])).await.expect(200).json();
    assert_eq!(result["removed"][0]["external_id"], "LAC-0001");

    // Gone from the directory, catalogues and suggestions...
    app.get(&format!("/api/v1/members/{}", w.aviometal)).token(&w.paola.token).send().await.problem(404);
    let catalogue = app.get(&format!("/api/v1/clusters/{}/catalogue", w.lombardy)).token(&w.paola.token).send().await.expect(200).json();
    assert!(!catalogue.to_string().contains("Aviometal"), "{catalogue}");
    let suggestions = app.get(&format!("/api/v1/members/{}/suggestions", w.soliani)).token(&w.paola.token).send().await.expect(200).json();
    assert!(!suggestions.to_string().contains(&w.aviometal.to_string()));
    // ...its registration cancelled (the seat is free again), its open requests closed with
    // the reason in their history, and every one of these announced to the webhook.
    let reg = app.get(&format!("/api/v1/events/{event}/registrations/{}", aviometal_reg["id"].as_str().unwrap())).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(reg["status"], "cancelled");
    let after_seats = app.get(&format!("/api/v1/events/{event}")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(after_seats["seats_taken"].as_i64().unwrap(), before_seats["seats_taken"].as_i64().unwrap() - 1, "{after_seats}");
    let m = app.get(&format!("/api/v1/events/{event}/meeting-requests/{}", meeting["id"].as_str().unwrap())).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(m["status"], "cancelled");
    let p = app.get(&format!("/api/v1/partnership-requests/{}", partnership["id"].as_str().unwrap())).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(p["status"], "withdrawn");
    let history = app.get(&format!("/api/v1/partnership-requests/{}/history", partnership["id"].as_str().unwrap())).token(&w.anna.token).send().await.expect(200).json();
    assert!(history.to_string().contains("removed from its cluster"), "{history}");
    let deliveries = app.get(&format!("/api/v1/webhooks/{}/deliveries", hook["id"].as_str().unwrap())).token(&w.paola.token).send().await.expect(200).json();
    let types: Vec<String> = deliveries["items"].as_array().unwrap().iter()
        .map(|d| d["event_type"].as_str().unwrap().to_owned()).collect();
    for t in ["member.removed", "registration.cancelled", "meeting_request.changed", "partnership_request.status_changed"] {
        assert!(types.iter().any(|x| x == t), "{t} missing from {types:?}");
    }
    // Its editor's rights ended with it.
    app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.buffetto.token).json(json!({"city": "Gallarate"})).send().await.problem(404);

    // Restored: back with its people and its editor; what was cancelled stays cancelled.
    app.post(&format!("/api/v1/members/{}/restore", w.aviometal)).token(&w.ivano.token).send().await.problem(403);
    app.post(&format!("/api/v1/members/{}/restore", w.soliani)).token(&w.paola.token).send().await.problem(404);
    let restored = app.post(&format!("/api/v1/members/{}/restore", w.aviometal)).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(restored["legal_name"], "Aviometal");
    let people = app.get(&format!("/api/v1/members/{}/contacts", w.aviometal)).token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(people["items"][0]["id"], w.buffetto_contact.to_string());
    let reg = app.get(&format!("/api/v1/events/{event}/registrations/{}", aviometal_reg["id"].as_str().unwrap())).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(reg["status"], "cancelled");
    // A key with members:sync may restore too (the portal undoing its own mistake).
    mirror(&app, &w, "&max_removals=1", json!([])).await.expect(200);
    let key = app.post("/api/v1/api-keys").token(&w.paola.token).json(json!({"name": "Portal", "cluster_id": w.lombardy, "scopes": ["members:sync"]})).send().await.expect(201).json();
    app.post(&format!("/api/v1/members/{}/restore", w.aviometal)).token(key["secret"].as_str().unwrap()).send().await.expect(200);
});

db_test!(async fn a_mirror_that_would_remove_too_much_is_refused(app) {
    let w = app.world().await;
    let all: Vec<Value> = (0..20).map(portal_member).collect();
    mirror(&app, &w, "", json!(all)).await.expect(200);
    // A bad export: half the list. More than a tenth would go: refused, nothing removed,
    // and the answer says what would have gone.
    let half: Vec<Value> = (0..10).map(portal_member).collect();
    let p = mirror(&app, &w, "", json!(half)).await.problem(409);
    assert_eq!(p["type"], "/problems/too-many-removals");
    assert_eq!(p["max_removals"], 2);
    let listed: Vec<&str> = p["would_remove"].as_array().unwrap().iter().map(|r| r["external_id"].as_str().unwrap()).collect();
    assert_eq!(listed.len(), 10);
    assert!(listed.contains(&"LAC-0015"));
    mirror(&app, &w, "&dry_run=true", json!(half)).await.problem(409);
    mirror(&app, &w, "&max_removals=9", json!(half)).await.problem(409);
    let count = |body: Value| body["items"].as_array().unwrap().len();
    let listed = app.get(&format!("/api/v1/members?cluster_id={}&limit=500", w.lombardy)).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(count(listed), 22, "20 from the portal and the 2 made by hand");
    // Two go without asking; ten when the portal says so.
    mirror(&app, &w, "", json!((0..18).map(portal_member).collect::<Vec<_>>())).await.expect(200);
    let done = mirror(&app, &w, "&max_removals=10", json!(half)).await.expect(200).json();
    assert_eq!(done["removed"].as_array().unwrap().len(), 8);
    // Members made by hand are never touched, even by an empty mirror.
    let empty = mirror(&app, &w, "&max_removals=50", json!([])).await.expect(200).json();
    assert_eq!(empty["removed"].as_array().unwrap().len(), 10);
    for hand_made in [w.aviometal, w.soliani] {
        app.get(&format!("/api/v1/members/{hand_made}")).token(&w.paola.token).send().await.expect(200);
    }
});

db_test!(async fn removed_companies_lose_their_people_after_the_retention_period(app) {
    let w = app.world().await;
    mirror(&app, &w, "", json!([portal_member(1), portal_member(2)])).await.expect(200);
    let listed = app.get(&format!("/api/v1/members?cluster_id={}&external_id=LAC-0001", w.lombardy)).token(&w.paola.token).send().await.expect(200).json();
    let gone = listed["items"][0]["id"].as_str().unwrap().to_owned();
    mirror(&app, &w, "&max_removals=1", json!([portal_member(2)])).await.expect(200);
    use cluster2cluster::store::schema::{contacts, members};
    use diesel::prelude::*;
    let people = |app: &TestApp, id: String| {
        let db = app.db().clone();
        async move {
            db.run(move |conn| Ok(contacts::table.filter(contacts::member_id.eq(id)).count().get_result::<i64>(conn)?)).await.unwrap()
        }
    };
    assert_eq!(people(&app, gone.clone()).await, 1, "kept during the retention period");
    // Within the period, the purge leaves it alone.
    let purged = app.db().write(|conn| cluster2cluster::app::removal::purge(conn, chrono::Duration::days(30))).await.unwrap();
    assert_eq!(purged, 0);
    // 31 days later: its people are gone for good, and so is the company (nothing refers to it).
    let id = gone.clone();
    app.db().run(move |conn| {
        diesel::update(members::table.find(id))
            .set(members::deleted_at.eq(Some(cluster2cluster::store::now() - chrono::Duration::days(31))))
            .execute(conn)?;
        Ok(())
    }).await.unwrap();
    let purged = app.db().write(|conn| cluster2cluster::app::removal::purge(conn, chrono::Duration::days(30))).await.unwrap();
    assert_eq!(purged, 1);
    assert_eq!(people(&app, gone.clone()).await, 0);
    app.post(&format!("/api/v1/members/{gone}/restore")).token(&w.paola.token).send().await.problem(404);
    // The portal may send it again: a new company.
    let again = mirror(&app, &w, "", json!([portal_member(1), portal_member(2)])).await.expect(200).json();
    assert_eq!(again["created"][0]["external_id"], "LAC-0001");
});
