//! `GET /changes`: events, registrations, partnership and meeting requests and trade notes in
//! commit order, each caller seeing exactly the objects they may fetch; `event.changed` and
//! `trade_note.published` webhooks.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::common::receiver::Receiver;
use crate::common::{TestApp, World};
use crate::db_test;
use crate::events::{create_event, event_body};
use crate::sweep::objects;

/// Follows `/changes` from 0 (small pages, to cross page borders) and returns the last state
/// of each object: its href, or `None` for a tombstone.
async fn replay(
    app: &TestApp,
    token: &str,
    query: &str,
) -> BTreeMap<(String, String), Option<String>> {
    let mut mirror = BTreeMap::new();
    let (mut since, mut last) = (0, 0);
    loop {
        let page = app
            .get(&format!("/api/v1/changes?since={since}&limit=3{query}"))
            .token(token)
            .send()
            .await
            .expect(200)
            .json();
        for item in page["items"].as_array().unwrap() {
            let seq = item["seq"].as_i64().unwrap();
            assert!(seq > last);
            last = seq;
            let key = (
                item["type"].as_str().unwrap().to_owned(),
                item["id"].as_str().unwrap().to_owned(),
            );
            let href =
                (item["deleted"] == false).then(|| item["href"].as_str().unwrap().to_owned());
            mirror.insert(key, href);
        }
        let next = page["next_since"].as_i64().unwrap();
        if next == since {
            return mirror;
        }
        since = next;
    }
}

db_test!(async fn every_caller_gets_exactly_what_they_may_fetch(app) {
    let w = app.world().await;
    let o = objects(&app, &w).await;
    // A draft event (only its organisers see it) and a draft deleted (a tombstone).
    let draft = create_event(&app, &w, event_body(&w)).await["id"].as_str().unwrap().to_owned();
    let gone = create_event(&app, &w, event_body(&w)).await["id"].as_str().unwrap().to_owned();
    app.delete(&format!("/api/v1/events/{gone}")).token(&w.roland.token).send().await.expect(204);
    let known: Vec<(&str, String, String)> = vec![
        ("event", o.event.to_string(), format!("/api/v1/events/{}", o.event)),
        ("event", draft.clone(), format!("/api/v1/events/{draft}")),
        ("registration", o.registration.clone(), format!("/api/v1/events/{}/registrations/{}", o.event, o.registration)),
        ("meeting_request", o.meeting_request.clone(), format!("/api/v1/events/{}/meeting-requests/{}", o.event, o.meeting_request)),
        ("partnership_request", o.partnership.clone(), format!("/api/v1/partnership-requests/{}", o.partnership)),
        ("trade_note", o.trade_note.clone(), format!("/api/v1/trade-notes/{}", o.trade_note)),
    ];
    let callers = [
        ("admin", &w.admin), ("Lombard manager", &w.paola), ("Swiss manager", &w.roland),
        ("Aviometal editor", &w.buffetto), ("Soliani editor", &w.ivano), ("Helvetic editor", &w.anna),
        ("no role", &w.nobody),
    ];
    let mut differs = BTreeSet::new();
    for (who, person) in callers {
        let mirror = replay(&app, &person.token, "").await;
        // Everything listed can be fetched by this caller...
        for ((kind, id), href) in &mirror {
            if let Some(href) = href {
                let status = app.get(href).token(&person.token).send().await.status.as_u16();
                assert_eq!(status, 200, "{who}: {kind} {id} listed but GET {href} is {status}");
            }
        }
        // ...and everything this caller can fetch is listed.
        for (kind, id, href) in &known {
            let fetchable = app.get(href).token(&person.token).send().await.status.as_u16() == 200;
            let listed = mirror.get(&(kind.to_string(), id.clone())).is_some_and(Option::is_some);
            assert_eq!(fetchable, listed, "{who}: {kind} {id} fetchable {fetchable}, listed {listed}");
            differs.insert((kind.to_string(), fetchable));
        }
        if mirror.contains_key(&("event".into(), gone.clone())) {
            assert_eq!(mirror[&("event".into(), gone.clone())], None, "{who}: the deleted draft is a tombstone");
        }
    }
    // The test means something: each kind is fetchable by some callers and not by others.
    for kind in ["event", "registration", "meeting_request", "partnership_request", "trade_note"] {
        assert!(differs.contains(&(kind.to_string(), true)) && differs.contains(&(kind.to_string(), false)), "{kind}: {differs:?}");
    }
    // The organisers saw the deleted draft and get its tombstone.
    assert_eq!(replay(&app, &w.roland.token, "").await.get(&("event".into(), gone.clone())), Some(&None));
    // Filtering by kind; unknown kinds are 400.
    let only_notes = replay(&app, &w.paola.token, "&types=trade_note").await;
    assert!(!only_notes.is_empty() && only_notes.keys().all(|(k, _)| k == "trade_note"));
    app.get("/api/v1/changes?types=member").token(&w.paola.token).send().await.problem(400);
});

db_test!(
    settings = cluster2cluster::config::Settings { webhooks_allow_private: true, ..Default::default() },
    async fn keys_get_the_kinds_their_scopes_open_and_webhooks_hear_of_events_and_notes(app) {
        let w: World = app.world().await;
        let receiver = Receiver::start();
        app.post("/api/v1/webhooks").token(&w.paola.token).json(json!({
            "cluster_id": w.lombardy, "url": receiver.url, "secret": "a long shared secret for the signatures",
            "event_types": ["event.changed", "trade_note.published"]
        })).send().await.expect(201);
        let o = objects(&app, &w).await;
        // The note is a draft: no publication yet. Publishing it is announced once.
        let deliverer = cluster2cluster::workers::webhooks::Deliverer::new(app.db().clone(), true);
        while deliverer.run_once().await.unwrap() > 0 {}
        let before: Vec<Value> = receiver.received().iter().map(|r| serde_json::from_str(&r.body).unwrap()).collect();
        assert!(before.iter().all(|e| e["type"] == "event.changed"));
        assert!(before.iter().any(|e| e["data"]["event_id"] == o.event.to_string() && e["data"]["status"] == "published"));
        app.patch(&format!("/api/v1/trade-notes/{}", o.trade_note)).token(&w.paola.token).json(json!({"status": "published"})).send().await.expect(200);
        app.patch(&format!("/api/v1/trade-notes/{}", o.trade_note)).token(&w.paola.token).json(json!({"title": "Lombardy and Switzerland, 2025 figures"})).send().await.expect(200);
        while deliverer.run_once().await.unwrap() > 0 {}
        let after: Vec<Value> = receiver.received().iter().skip(before.len()).map(|r| serde_json::from_str(&r.body).unwrap()).collect();
        assert_eq!(after.len(), 1, "{after:?}");
        assert_eq!((after[0]["type"].as_str(), after[0]["data"]["trade_note_id"].as_str()), (Some("trade_note.published"), Some(o.trade_note.as_str())));

        // A key with events:read only: events, registrations, meeting requests; no requests
        // between companies, no notes.
        let key = |scopes: Value| {
            let app = &app;
            let w = &w;
            async move {
                app.post("/api/v1/api-keys").token(&w.paola.token)
                    .json(json!({"name": "Portal", "cluster_id": w.lombardy, "scopes": scopes}))
                    .send().await.expect(201).json()["secret"].as_str().unwrap().to_owned()
            }
        };
        let events_only = key(json!(["events:read"])).await;
        let kinds: BTreeSet<String> = replay(&app, &events_only, "").await.keys().map(|(k, _)| k.clone()).collect();
        assert_eq!(kinds, BTreeSet::from(["event".to_owned(), "registration".to_owned(), "meeting_request".to_owned()]));
        let wider = key(json!(["events:read", "partnerships:read", "notes:read"])).await;
        let kinds: BTreeSet<String> = replay(&app, &wider, "").await.keys().map(|(k, _)| k.clone()).collect();
        assert!(kinds.contains("partnership_request") && kinds.contains("trade_note"), "{kinds:?}");
        let members_only = key(json!(["members:read"])).await;
        app.get("/api/v1/changes").token(&members_only).send().await.problem(403);
    }
);

db_test!(async fn an_event_catalogue_pull_finds_what_changed_and_what_left(app) {
    let w = app.world().await;
    let o = objects(&app, &w).await;
    let soliani = app.get(&format!("/api/v1/events/{}/registrations?limit=10", o.event)).token(&w.roland.token).send().await.expect(200).json()["items"]
        .as_array().unwrap().iter().find(|r| r["member_id"] == w.soliani.to_string()).unwrap()["id"].as_str().unwrap().to_owned();
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let url = format!("/api/v1/events/{}/catalogue?updated_since={since}", o.event);
    assert!(app.get(&url).token(&w.roland.token).send().await.expect(200).json()["items"].as_array().unwrap().is_empty());
    // Soliani cancels; Aviometal's person changes role.
    app.post(&format!("/api/v1/events/{}/registrations/{soliani}/cancel", o.event)).token(&w.ivano.token).send().await.expect(200);
    app.patch(&format!("/api/v1/members/{}/contacts/{}", w.aviometal, w.buffetto_contact)).token(&w.buffetto.token).json(json!({"role": "CEO"})).send().await.expect(200);
    let changed = app.get(&url).token(&w.roland.token).send().await.expect(200).json();
    let items = changed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["registration_id"], o.registration.as_str());
    assert_eq!(items[0]["contacts"][0]["role"], "CEO");
    let with_gone = app.get(&format!("{url}&include_removed=true")).token(&w.roland.token).send().await.expect(200).json();
    let gone: Vec<&Value> = with_gone["items"].as_array().unwrap().iter().filter(|e| !e["removed_at"].is_null()).collect();
    assert_eq!(gone.len(), 1);
    assert_eq!(gone[0]["registration_id"], soliani.as_str());
    assert!(gone[0]["contacts"].as_array().unwrap().is_empty());
});
