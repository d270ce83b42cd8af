//! Success paths of operations that the other tests call only to be refused (found by
//! tests/operation_coverage.rs), and a few paths the suite-strength review found untested.

use serde_json::{Value, json};

use crate::common::World;
use crate::db_test;
use crate::sweep::objects;

db_test!(async fn the_recipient_declines_a_meeting_request(app) {
    let w = app.world().await;
    let o = objects(&app, &w).await;
    let url = format!("/api/v1/events/{}/meeting-requests/{}", o.event, o.meeting_request);
    // The requester cannot decline its own request; the recipient can, once.
    app.post(&format!("{url}/decline")).token(&w.buffetto.token).send().await.problem(403);
    let declined = app.post(&format!("{url}/decline")).token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(declined["status"], "declined");
    assert_eq!(app.get(&url).token(&w.buffetto.token).send().await.expect(200).json()["status"], "declined");
    app.post(&format!("{url}/decline")).token(&w.ivano.token).send().await.problem(409);
});

db_test!(async fn the_host_cancels_an_event(app) {
    let w = app.world().await;
    let o = objects(&app, &w).await;
    let url = format!("/api/v1/events/{}", o.event);
    app.post(&format!("{url}/cancel")).token(&w.paola.token).send().await.problem(403);
    let cancelled = app.post(&format!("{url}/cancel")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(cancelled["status"], "cancelled");
    // Everyone who saw it sees it cancelled; it takes no registrations any more.
    assert_eq!(app.get(&url).token(&w.buffetto.token).send().await.expect(200).json()["status"], "cancelled");
    let p = crate::events::register(&app, &w.anna.token, o.event, w.helvetic, &[w.keller_contact]).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("cancelled") || p.to_string().contains("cancelled"), "{p}");
    app.post(&format!("{url}/cancel")).token(&w.roland.token).send().await.problem(409);
});

db_test!(
    settings = cluster2cluster::config::Settings { webhooks_allow_private: true, ..Default::default() },
    async fn webhooks_pause_and_unsubscribe(app) {
        let w: World = app.world().await;
        let receiver = crate::common::receiver::Receiver::start();
        let hook = app.post("/api/v1/webhooks").token(&w.paola.token).json(json!({
            "cluster_id": w.lombardy, "url": receiver.url, "event_types": ["member.updated"],
            "secret": "a long shared secret for the signatures"
        })).send().await.expect(201).json();
        let url = format!("/api/v1/webhooks/{}", hook["id"].as_str().unwrap());
        let patch = |body: Value| app.patch(&url).token(&w.paola.token).json(body).send();
        let deliveries = || async {
            app.get(&format!("{url}/deliveries")).token(&w.paola.token).send().await.expect(200).json()["items"].as_array().unwrap().len()
        };
        let touch = |city: &'static str| app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.paola.token).json(json!({"city": city})).send();
        // Paused: changes queue nothing for it.
        assert_eq!(patch(json!({"active": false})).await.expect(200).json()["active"], false);
        touch("Gallarate").await.expect(200);
        assert_eq!(deliveries().await, 0);
        // Active again: they do.
        patch(json!({"active": true})).await.expect(200);
        touch("Varese").await.expect(200);
        assert_eq!(deliveries().await, 1);
        // Unsubscribed: gone with its queue, for its cluster's other manager too.
        app.delete(&url).token(&w.buffetto.token).send().await.problem(404);
        app.delete(&url).token(&w.paola.token).send().await.expect(204);
        app.get(&url).token(&w.paola.token).send().await.problem(404);
        touch("Como").await.expect(200);
        let queued: i64 = app.db().run(|conn| {
            use cluster2cluster::store::schema::webhook_deliveries as d;
            use diesel::prelude::*;
            Ok(d::table.count().get_result(conn)?)
        }).await.unwrap();
        assert_eq!(queued, 0);
    }
);

db_test!(async fn an_outbox_entry_rolls_back_with_its_change(app) {
    let w = app.world().await;
    app.post("/api/v1/webhooks").token(&w.paola.token).json(json!({
        "cluster_id": w.lombardy, "url": "https://hooks.example/c2c", "event_types": ["member.updated"],
        "secret": "a long shared secret for the signatures"
    })).send().await.expect(201);
    let member = w.aviometal;
    // A change that queues its webhook, in a transaction that then fails.
    let failed = app.db().write(move |conn| {
        let current = cluster2cluster::store::members::get(conn, member)?;
        let mut data = current.data()?;
        data.city = "Rolled back".into();
        cluster2cluster::store::members::update(conn, &current, &data, current.original_language)?;
        Err::<(), _>(cluster2cluster::error::AppError::conflict("fails after the change"))
    }).await;
    assert!(failed.is_err());
    let (queued, city): (i64, String) = app.db().run(move |conn| {
        use cluster2cluster::store::schema::{members, webhook_deliveries as d};
        use diesel::prelude::*;
        Ok((d::table.count().get_result(conn)?, members::table.find(member.to_string()).select(members::city).first(conn)?))
    }).await.unwrap();
    assert_eq!((queued, city.as_str()), (0, "Varese"));
    // The same change committed queues exactly one.
    app.db().write(move |conn| {
        let current = cluster2cluster::store::members::get(conn, member)?;
        let mut data = current.data()?;
        data.city = "Committed".into();
        cluster2cluster::store::members::update(conn, &current, &data, current.original_language)?;
        Ok(())
    }).await.unwrap();
    let queued: i64 = app.db().run(|conn| {
        use cluster2cluster::store::schema::webhook_deliveries as d;
        use diesel::prelude::*;
        Ok(d::table.count().get_result(conn)?)
    }).await.unwrap();
    assert_eq!(queued, 1);
});

db_test!(async fn keys_read_events_and_partnerships_with_their_scopes(app) {
    let w = app.world().await;
    let o = objects(&app, &w).await;
    let key = |scopes: Value| {
        let (app, w) = (&app, &w);
        async move {
            app.post("/api/v1/api-keys").token(&w.paola.token)
                .json(json!({"name": "Script", "cluster_id": w.lombardy, "scopes": scopes}))
                .send().await.expect(201).json()["secret"].as_str().unwrap().to_owned()
        }
    };
    let events = key(json!(["events:read"])).await;
    let partnerships = key(json!(["partnerships:read"])).await;
    let listed = app.get("/api/v1/events").token(&events).send().await.expect(200).json();
    assert!(listed["items"].as_array().unwrap().iter().any(|e| e["id"] == o.event.to_string()));
    app.get(&format!("/api/v1/events/{}/registrations", o.event)).token(&events).send().await.expect(200);
    app.get("/api/v1/partnership-requests").token(&events).send().await.problem(403);
    let requests = app.get("/api/v1/partnership-requests").token(&partnerships).send().await.expect(200).json();
    assert!(requests["items"].as_array().unwrap().iter().any(|r| r["id"] == o.partnership.as_str()));
    app.get(&format!("/api/v1/partnership-requests/{}", o.partnership)).token(&partnerships).send().await.expect(200);
    app.get("/api/v1/events").token(&partnerships).send().await.problem(403);
});

db_test!(async fn contract_fixes_found_by_the_fuzzer(app) {
    let w = app.world().await;
    let o = objects(&app, &w).await;
    // A company that registrations and requests refer to cannot be deleted by hand: 409, as
    // the contract now says (the response is validated against it).
    let p = app.delete(&format!("/api/v1/members/{}", w.aviometal)).token(&w.paola.token).send().await.problem(409);
    assert!(p["detail"].as_str().is_some());
    app.get(&format!("/api/v1/members/{}", w.aviometal)).token(&w.paola.token).send().await.expect(200);
    // An action's optional body may be JSON null, as the contract allows.
    let fresh = app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(json!({
        "from_member_id": w.soliani, "to_member_id": w.helvetic, "subject": "Shielding", "kind": "supply"
    })).send().await.expect(201).json();
    let id = fresh["id"].as_str().unwrap();
    let accepted = app.post(&format!("/api/v1/partnership-requests/{id}/accept")).token(&w.anna.token)
        .body("application/json", "null").send().await.expect(200).json();
    assert_eq!(accepted["status"], "accepted");
    let _ = o;
});
