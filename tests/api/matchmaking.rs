//! Matchmaking on an event day: settings and sessions, meeting requests and who may act on
//! them, blocked slots and locks, schedule runs with preview and publish, personal schedules
//! as JSON and iCalendar, and partner suggestions. Nidwalden-style data: the Swiss cluster
//! hosts, Lombardy is the guest.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Resp, TestApp, World};
use crate::db_test;
use crate::events::{published_event, register};

/// Registrations of Aviometal, Soliani Emc (Lombardy) and Helvetic Aero (Switzerland).
pub(crate) struct Day {
    pub(crate) event: Uuid,
    pub(crate) aviometal: String,
    pub(crate) soliani: String,
    pub(crate) helvetic: String,
}

pub(crate) async fn day(app: &TestApp, w: &World) -> Day {
    let event = published_event(app, w).await;
    let id = |r: Resp| r.expect(201).json()["id"].as_str().unwrap().to_owned();
    Day {
        event,
        aviometal: id(register(
            app,
            &w.buffetto.token,
            event,
            w.aviometal,
            &[w.buffetto_contact],
        )
        .await),
        soliani: id(register(app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await),
        helvetic: id(register(app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await),
    }
}

pub(crate) fn path(d: &Day, rest: &str) -> String {
    format!("/api/v1/events/{}/{rest}", d.event)
}

pub(crate) async fn ask(app: &TestApp, token: &str, d: &Day, from: &str, to: &str) -> Resp {
    app.post(&path(d, "meeting-requests"))
        .token(token)
        .json(json!({"requester_registration_id": from, "recipient_registration_id": to, "message": "Three minutes were not enough"}))
        .send()
        .await
}

/// One session of three 30-minute slots around a coffee break (UTC times; the event runs
/// 07:00–15:30Z): slots 0 = 12:00, 1 = 12:30, 2 = 13:15.
pub(crate) async fn three_slots(app: &TestApp, w: &World, d: &Day, tables: i32) {
    app.put(&path(d, "matchmaking"))
        .token(&w.roland.token)
        .json(json!({"auto_accept": false, "tables": tables}))
        .send()
        .await
        .expect(200);
    let s = app.post(&path(d, "meeting-sessions")).token(&w.roland.token).json(json!({
        "starts_at": "2030-05-14T12:00:00Z", "ends_at": "2030-05-14T13:45:00Z", "slot_minutes": 30,
        "breaks": [{"starts_at": "2030-05-14T13:00:00Z", "ends_at": "2030-05-14T13:15:00Z"}]
    })).send().await.expect(201).json();
    let starts: Vec<&str> = s["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["starts_at"].as_str().unwrap())
        .collect();
    assert_eq!(
        starts,
        [
            "2030-05-14T12:00:00Z",
            "2030-05-14T12:30:00Z",
            "2030-05-14T13:15:00Z"
        ]
    );
}

db_test!(async fn the_host_sets_tables_and_sessions_and_nobody_else_does(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    let s = app.get(&path(&d, "matchmaking")).token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(s, json!({"auto_accept": false, "tables": 20}), "defaults before the host decides");
    for token in [&w.paola.token, &w.buffetto.token] {
        app.put(&path(&d, "matchmaking")).token(token).json(json!({"auto_accept": true, "tables": 5})).send().await.problem(403);
    }
    app.put(&path(&d, "matchmaking")).token(&w.roland.token).json(json!({"auto_accept": true, "tables": 0})).send().await.problem(422);
    three_slots(&app, &w, &d, 8).await;
    assert_eq!(app.get(&path(&d, "matchmaking")).token(&w.anna.token).send().await.expect(200).json()["tables"], 8);

    // Overlapping another session, outside the event, a break outside the session, no slot.
    let session = |s: &str, e: &str, breaks: Value, minutes: i32| json!({"starts_at": s, "ends_at": e, "slot_minutes": minutes, "breaks": breaks});
    app.post(&path(&d, "meeting-sessions")).token(&w.roland.token)
        .json(session("2030-05-14T13:30:00Z", "2030-05-14T14:30:00Z", json!([]), 20)).send().await.problem(409);
    let p = app.post(&path(&d, "meeting-sessions")).token(&w.roland.token)
        .json(session("2030-05-14T15:00:00Z", "2030-05-14T16:30:00Z", json!([]), 20)).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["starts_at"]);
    let p = app.post(&path(&d, "meeting-sessions")).token(&w.roland.token)
        .json(session("2030-05-14T14:00:00Z", "2030-05-14T15:00:00Z", json!([{"starts_at": "2030-05-14T11:00:00Z", "ends_at": "2030-05-14T11:10:00Z"}]), 20)).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["breaks[0]"]);
    let p = app.post(&path(&d, "meeting-sessions")).token(&w.roland.token)
        .json(session("2030-05-14T14:00:00Z", "2030-05-14T14:10:00Z", json!([]), 20)).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["slot_minutes"]);
    app.post(&path(&d, "meeting-sessions")).token(&w.paola.token)
        .json(session("2030-05-14T14:00:00Z", "2030-05-14T15:00:00Z", json!([]), 20)).send().await.problem(403);

    // A second session numbers its slots after the first one's.
    let second = app.post(&path(&d, "meeting-sessions")).token(&w.roland.token)
        .json(json!({"starts_at": "2030-05-14T14:00:00Z", "ends_at": "2030-05-14T15:00:00Z", "slot_minutes": 20, "max_meetings_per_participant": 2}))
        .send().await.expect(201).json();
    assert_eq!(second["slots"][0]["slot"], 3);
    assert_eq!(second["slots"].as_array().unwrap().len(), 3);
    let list = app.get(&path(&d, "meeting-sessions")).token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    let sid = second["id"].as_str().unwrap();
    app.delete(&path(&d, &format!("meeting-sessions/{sid}"))).token(&w.anna.token).send().await.problem(403);
    app.delete(&path(&d, &format!("meeting-sessions/{sid}"))).token(&w.roland.token).send().await.expect(204);
    app.delete(&path(&d, &format!("meeting-sessions/{sid}"))).token(&w.roland.token).send().await.problem(404);
});

db_test!(async fn requests_become_mutual_and_only_the_right_side_acts(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    let r = ask(&app, &w.buffetto.token, &d, &d.aviometal, &d.helvetic).await;
    assert_eq!(r.status, 201);
    let r = r.json();
    let id = r["id"].as_str().unwrap().to_owned();
    assert_eq!((r["status"].as_str(), r["mutual"].as_bool()), (Some("pending"), Some(false)));
    for key in ["id", "event_id", "requester_registration_id", "recipient_registration_id", "mutual", "status", "message", "locked", "created_at", "updated_at"] {
        assert!(r.get(key).is_some(), "contract field {key}");
    }
    // Asking again is a conflict; asking back makes the first request mutual and accepted.
    ask(&app, &w.buffetto.token, &d, &d.aviometal, &d.helvetic).await.problem(409);
    let back = ask(&app, &w.anna.token, &d, &d.helvetic, &d.aviometal).await.expect(200).json();
    assert_eq!(back["id"], id.as_str());
    assert_eq!((back["status"].as_str(), back["mutual"].as_bool()), (Some("accepted"), Some(true)));
    ask(&app, &w.anna.token, &d, &d.helvetic, &d.aviometal).await.problem(409);

    // On behalf of someone else's company: 403; to itself or to an unknown registration: 422.
    ask(&app, &w.ivano.token, &d, &d.aviometal, &d.soliani).await.problem(403);
    let p = ask(&app, &w.ivano.token, &d, &d.soliani, &Uuid::now_v7().to_string()).await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["recipient_registration_id"]);

    // Soliani asks Helvetic: only Helvetic's side (or an organiser) accepts.
    let second = ask(&app, &w.ivano.token, &d, &d.soliani, &d.helvetic).await.expect(201).json();
    let sid = second["id"].as_str().unwrap();
    let act = |token: String, action: &'static str| {
        let url = path(&d, &format!("meeting-requests/{sid}/{action}"));
        let app = &app;
        async move { app.post(&url).token(&token).send().await }
    };
    act(w.ivano.token.clone(), "accept").await.problem(403);
    // Lombardy's manager organises as a guest and acts for Soliani, but only Helvetic's side or
    // the host decides on a request to Helvetic.
    act(w.paola.token.clone(), "accept").await.problem(403);
    act(w.buffetto.token.clone(), "accept").await.problem(404);
    assert_eq!(act(w.anna.token.clone(), "accept").await.expect(200).json()["status"], "accepted");
    act(w.anna.token.clone(), "decline").await.problem(409);
    assert_eq!(act(w.ivano.token.clone(), "cancel").await.expect(200).json()["status"], "cancelled");
    act(w.ivano.token.clone(), "cancel").await.problem(409);

    // Who sees what: organisers all, companies their own, others nothing.
    let count = |v: Value| v["items"].as_array().unwrap().len();
    let url = path(&d, "meeting-requests");
    assert_eq!(count(app.get(&url).token(&w.roland.token).send().await.expect(200).json()), 2);
    assert_eq!(count(app.get(&url).token(&w.paola.token).send().await.expect(200).json()), 2);
    assert_eq!(count(app.get(&url).token(&w.buffetto.token).send().await.expect(200).json()), 1);
    assert_eq!(count(app.get(&url).token(&w.nobody.token).send().await.expect(200).json()), 0);
    assert_eq!(count(app.get(&format!("{url}?status=cancelled")).token(&w.roland.token).send().await.expect(200).json()), 1);
    assert_eq!(count(app.get(&format!("{url}?registration_id={}", d.soliani)).token(&w.roland.token).send().await.expect(200).json()), 1);
    app.get(&path(&d, &format!("meeting-requests/{id}"))).token(&w.ivano.token).send().await.problem(404);
    app.get(&path(&d, &format!("meeting-requests/{id}"))).token(&w.buffetto.token).send().await.expect(200);

    // With auto-accept, a new request is accepted at once.
    app.put(&path(&d, "matchmaking")).token(&w.roland.token).json(json!({"auto_accept": true, "tables": 4})).send().await.expect(200);
    let third = ask(&app, &w.ivano.token, &d, &d.soliani, &d.aviometal).await.expect(201).json();
    assert_eq!(third["status"], "accepted");
});

async fn schedule_run(app: &TestApp, token: &str, d: &Day) -> Resp {
    app.post(&path(d, "schedule-runs"))
        .token(token)
        .send()
        .await
}

fn meeting_of<'a>(run: &'a Value, request: &str) -> Option<&'a Value> {
    run["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["meeting_request_id"] == request)
}

db_test!(async fn the_scheduler_respects_blocks_locks_and_mutual_priority(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    schedule_run(&app, &w.roland.token, &d).await.problem(409); // no sessions yet
    three_slots(&app, &w, &d, 1).await;
    // Aviometal–Helvetic (mutual), Soliani–Helvetic, Aviometal–Soliani: all accepted.
    let ah = ask(&app, &w.buffetto.token, &d, &d.aviometal, &d.helvetic).await.expect(201).json()["id"].as_str().unwrap().to_owned();
    ask(&app, &w.anna.token, &d, &d.helvetic, &d.aviometal).await.expect(200);
    let sh = ask(&app, &w.ivano.token, &d, &d.soliani, &d.helvetic).await.expect(201).json()["id"].as_str().unwrap().to_owned();
    app.post(&path(&d, &format!("meeting-requests/{sh}/accept"))).token(&w.anna.token).send().await.expect(200);
    let as_ = ask(&app, &w.buffetto.token, &d, &d.aviometal, &d.soliani).await.expect(201).json()["id"].as_str().unwrap().to_owned();
    app.post(&path(&d, &format!("meeting-requests/{as_}/accept"))).token(&w.ivano.token).send().await.expect(200);

    // Helvetic cannot meet at 12:00; the organiser locks Aviometal–Soliani into slot 2.
    let blocked = app.put(&path(&d, &format!("registrations/{}/blocked-slots", d.helvetic))).token(&w.anna.token)
        .json(json!({"slots": [0]})).send().await.expect(200).json();
    assert_eq!(blocked["slots"][0]["starts_at"], "2030-05-14T12:00:00Z");
    app.put(&path(&d, &format!("registrations/{}/blocked-slots", d.helvetic))).token(&w.ivano.token)
        .json(json!({"slots": [1]})).send().await.problem(404);
    // A guest cluster's manager reads them but does not change another cluster's company.
    app.put(&path(&d, &format!("registrations/{}/blocked-slots", d.helvetic))).token(&w.paola.token)
        .json(json!({"slots": [1]})).send().await.problem(403);
    app.get(&path(&d, &format!("registrations/{}/blocked-slots", d.helvetic))).token(&w.paola.token).send().await.expect(200);
    let p = app.put(&path(&d, &format!("registrations/{}/blocked-slots", d.helvetic))).token(&w.anna.token)
        .json(json!({"slots": [0, 3]})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["slots[1]"]);
    app.put(&path(&d, &format!("meeting-requests/{as_}/lock"))).token(&w.buffetto.token)
        .json(json!({"slot": 2, "table": 1})).send().await.problem(403);
    let locked = app.put(&path(&d, &format!("meeting-requests/{as_}/lock"))).token(&w.roland.token)
        .json(json!({"slot": 2, "table": 1})).send().await.expect(200).json();
    assert_eq!(locked["locked"]["slot"], 2);

    // Attendees and guest organisers do not run the scheduler.
    for token in [&w.buffetto.token, &w.paola.token] {
        schedule_run(&app, token, &d).await.problem(403);
    }
    let first = schedule_run(&app, &w.roland.token, &d).await.expect(201).json();
    assert_eq!(first["status"], "preview");
    assert_eq!((first["slot_count"].as_i64(), first["tables"].as_i64()), (Some(3), Some(1)));
    assert_eq!(meeting_of(&first, &as_).unwrap()["slot"], 2, "the lock holds");
    assert_eq!(meeting_of(&first, &as_).unwrap()["table"], 1);
    // Helvetic is left with slot 1 (0 blocked, 2 taken by the lock on the only table): the
    // mutual meeting gets it, Soliani–Helvetic does not fit.
    assert_eq!(meeting_of(&first, &ah).unwrap()["slot"], 1);
    assert_eq!(first["unscheduled"], json!([{
        "meeting_request_id": sh, "requester_registration_id": d.soliani, "recipient_registration_id": d.helvetic,
        "reason": "participants_busy"
    }]));

    // Unlock and block slot 1 too: Helvetic has only slot 2 left, and the mutual meeting wins it.
    app.delete(&path(&d, &format!("meeting-requests/{as_}/lock"))).token(&w.roland.token).send().await.expect(200);
    app.put(&path(&d, &format!("registrations/{}/blocked-slots", d.helvetic))).token(&w.anna.token)
        .json(json!({"slots": [0, 1]})).send().await.expect(200);
    let second = schedule_run(&app, &w.roland.token, &d).await.expect(201).json();
    assert_eq!(meeting_of(&second, &ah).unwrap()["slot"], 2);
    assert!(meeting_of(&second, &as_).is_some());
    assert_eq!(second["unscheduled"], json!([{
        "meeting_request_id": sh, "requester_registration_id": d.soliani, "recipient_registration_id": d.helvetic,
        "reason": "participants_busy"
    }]));
    assert_eq!(second["figures"]["mutual_scheduled"], 1);
    assert_eq!(second["figures"]["scheduled"], 2);
    // Same data, same schedule.
    let again = schedule_run(&app, &w.roland.token, &d).await.expect(201).json();
    assert_eq!(again["meetings"], second["meetings"]);

    // Nothing is published yet; then the second run is, and attendees see their part.
    let mine = |rid: &str| path(&d, &format!("registrations/{rid}/schedule"));
    app.get(&mine(&d.helvetic)).token(&w.anna.token).send().await.problem(409);
    let sid = second["id"].as_str().unwrap();
    app.post(&path(&d, &format!("schedule-runs/{sid}/publish"))).token(&w.paola.token).send().await.problem(403);
    let published = app.post(&path(&d, &format!("schedule-runs/{sid}/publish"))).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(published["status"], "published");
    let helvetic = app.get(&mine(&d.helvetic)).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(helvetic["meetings"].as_array().unwrap().len(), 1);
    assert_eq!(helvetic["meetings"][0]["with_legal_name"], "Aviometal");
    assert_eq!(helvetic["meetings"][0]["starts_at"], "2030-05-14T13:15:00Z");
    assert_eq!(helvetic["meetings"][0]["table"], 1);
    app.get(&mine(&d.helvetic)).token(&w.ivano.token).send().await.problem(404);
    let ics = app.get(&format!("{}?format=ics", mine(&d.aviometal))).token(&w.buffetto.token).send().await.expect(200);
    assert!(ics.header("content-type").unwrap().starts_with("text/calendar"));
    let text = ics.text();
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 2, "{text}");
    assert!(text.contains("DTSTART;TZID=Europe/Zurich:20300514T151500"), "{text}");
    assert!(text.contains("Helvetic Aero"), "{text}");

    // Publishing another run supersedes this one, which cannot come back.
    let fid = first["id"].as_str().unwrap();
    app.post(&path(&d, &format!("schedule-runs/{fid}/publish"))).token(&w.roland.token).send().await.expect(200);
    let old = app.get(&path(&d, &format!("schedule-runs/{sid}"))).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(old["status"], "superseded");
    app.post(&path(&d, &format!("schedule-runs/{sid}/publish"))).token(&w.roland.token).send().await.problem(409);
    let runs = app.get(&path(&d, "schedule-runs")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(runs["items"].as_array().unwrap().len(), 3);
    assert_eq!(runs["items"][0]["id"], again["id"], "newest first");
    app.get(&path(&d, "schedule-runs")).token(&w.buffetto.token).send().await.problem(403);
    app.get(&path(&d, &format!("schedule-runs/{sid}"))).token(&w.anna.token).send().await.problem(403);
});

db_test!(async fn suggestions_explain_themselves_and_stay_private(app) {
    let w = app.world().await;
    // Profiles that fit: Aviometal machines aerostructures and seeks EMC testing; Soliani Emc
    // tests EMC and seeks machining.
    app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.buffetto.token).header("if-match", "*").json(json!({
        "core_business": "Precision machining of aerostructures in titanium and aluminium",
        "partners_sought": ["EMC testing"], "areas_of_interest": ["aerostructures", "composites"]
    })).send().await.expect(200);
    app.patch(&format!("/api/v1/members/{}", w.soliani)).token(&w.ivano.token).header("if-match", "*").json(json!({
        "core_business": "EMC testing laboratory: electromagnetic compatibility of avionics",
        "partners_sought": ["precision machining"], "areas_of_interest": ["avionics"]
    })).send().await.expect(200);
    let d = day(&app, &w).await;

    let s = app.get(&path(&d, &format!("registrations/{}/suggestions", d.aviometal))).token(&w.buffetto.token).send().await.expect(200).json();
    let items = s["items"].as_array().unwrap();
    assert!(!items.is_empty());
    let soliani = items.iter().find(|i| i["member_id"] == w.soliani.to_string()).expect("Soliani is suggested");
    assert_eq!(soliani["registration_id"], d.soliani.as_str());
    for key in ["seeks_matches_offer", "offer_matches_their_search", "tags", "shared_interests", "projects", "other_cluster"] {
        assert!(soliani["score_parts"][key].is_number(), "score part {key}");
    }
    assert!(soliani["score_parts"]["seeks_matches_offer"].as_f64().unwrap() > 0.0);
    assert!(soliani["score_parts"]["offer_matches_their_search"].as_f64().unwrap() > 0.0);
    assert_eq!(soliani["score_parts"]["other_cluster"], 0.0, "same cluster as Aviometal");
    let terms: Vec<&str> = soliani["matched_terms"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert!(terms.contains(&"emc") && terms.contains(&"machining"), "{terms:?}");
    let tags = soliani["matched_tags"].as_array().unwrap();
    assert!(tags.contains(&json!("EMC testing")) && tags.contains(&json!("precision machining")), "{tags:?}");
    let helvetic = items.iter().find(|i| i["member_id"] == w.helvetic.to_string()).expect("Helvetic shares aerostructures");
    assert!(helvetic["score_parts"]["other_cluster"].as_f64().unwrap() > 0.0, "a Cluster2Cluster day favours the other cluster");
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert!(scores.len() >= 2, "something to order: {scores:?}");
    assert!(scores.windows(2).all(|p| p[0] >= p[1]), "best first: {scores:?}");

    // Someone else's suggestions are private; organisers may look.
    app.get(&path(&d, &format!("registrations/{}/suggestions", d.aviometal))).token(&w.anna.token).send().await.problem(404);
    app.get(&path(&d, &format!("registrations/{}/suggestions", d.aviometal))).token(&w.roland.token).send().await.expect(200);
    app.get(&path(&d, &format!("registrations/{}/suggestions?limit=0", d.aviometal))).token(&w.roland.token).send().await.problem(400);

    // The directory: public profiles, any signed-in user, one cluster if asked.
    let m = app.get(&format!("/api/v1/members/{}/suggestions?limit=5", w.soliani)).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(m["items"][0]["member_id"], w.aviometal.to_string());
    assert!(m["items"][0].get("registration_id").is_none());
    // Helvetic (Swiss) now seeks what Soliani offers, so that both clusters are suggested and
    // the filter has something to keep and something to drop.
    app.patch(&format!("/api/v1/members/{}", w.helvetic)).token(&w.anna.token).header("if-match", "*")
        .json(json!({"partners_sought": ["EMC testing"]})).send().await.expect(200);
    let clusters = |v: &Value| -> Vec<(String, String)> {
        v["items"].as_array().unwrap().iter()
            .map(|i| (i["member_id"].as_str().unwrap().to_owned(), i["cluster_id"].as_str().unwrap().to_owned()))
            .collect()
    };
    let everyone = clusters(&app.get(&format!("/api/v1/members/{}/suggestions", w.soliani)).token(&w.nobody.token).send().await.expect(200).json());
    assert!(everyone.contains(&(w.aviometal.to_string(), w.lombardy.to_string())), "{everyone:?}");
    assert!(everyone.contains(&(w.helvetic.to_string(), w.swiss.to_string())), "{everyone:?}");
    let only_swiss = app.get(&format!("/api/v1/members/{}/suggestions?cluster_id={}", w.soliani, w.swiss)).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(clusters(&only_swiss), [(w.helvetic.to_string(), w.swiss.to_string())], "{only_swiss}");
    app.get(&format!("/api/v1/members/{}/suggestions", Uuid::now_v7())).token(&w.nobody.token).send().await.problem(404);
});

db_test!(
    settings = cluster2cluster::config::Settings { webhooks_allow_private: true, ..Default::default() },
    async fn meeting_requests_and_published_schedules_reach_the_clusters_webhooks(app) {
        let w = app.world().await;
        let hook = app.post("/api/v1/webhooks").token(&w.paola.token).json(json!({
            "cluster_id": w.lombardy, "url": "http://127.0.0.1:9/hook",
            "event_types": ["meeting_request.changed", "schedule.published"], "secret": "a long shared secret for the signatures"
        })).send().await.expect(201).json();
        let hook_id = hook["id"].as_str().unwrap().to_owned();
        let d = day(&app, &w).await;
        three_slots(&app, &w, &d, 2).await;
        // Helvetic (Swiss) asks Aviometal (Lombard), Aviometal accepts: Lombardy hears both.
        let r = ask(&app, &w.anna.token, &d, &d.helvetic, &d.aviometal).await.expect(201).json();
        assert_eq!(r["message"], "Three minutes were not enough", "the text that must not leak");
        let rid = r["id"].as_str().unwrap();
        app.post(&path(&d, &format!("meeting-requests/{rid}/accept"))).token(&w.buffetto.token).send().await.expect(200);
        let run = schedule_run(&app, &w.roland.token, &d).await.expect(201).json();
        app.post(&path(&d, &format!("schedule-runs/{}/publish", run["id"].as_str().unwrap()))).token(&w.roland.token).send().await.expect(200);

        let deliveries = app.get(&format!("/api/v1/webhooks/{hook_id}/deliveries")).token(&w.paola.token).send().await.expect(200).json();
        let mut seen: Vec<(String, String)> = deliveries["items"].as_array().unwrap().iter().map(|d| {
            let data = &d["payload"]["data"];
            (d["event_type"].as_str().unwrap().to_owned(), data["status"].as_str().or(data["schedule_run_id"].as_str()).unwrap().to_owned())
        }).collect();
        seen.sort();
        assert_eq!(seen, vec![
            ("meeting_request.changed".to_owned(), "accepted".to_owned()),
            ("meeting_request.changed".to_owned(), "pending".to_owned()),
            ("schedule.published".to_owned(), run["id"].as_str().unwrap().to_owned()),
        ]);
        // Thin payloads: ids and status, never the message or contact data.
        let text = deliveries.to_string();
        assert!(!text.contains("Three minutes were not enough"));
    }
);

// The directory's suggestions come from an index each instance keeps current from the change
// feed: a change to a profile, a new company and a removed one show at the next request.
db_test!(async fn directory_suggestions_follow_every_change(app) {
    let w = app.world().await;
    let url = format!("/api/v1/members/{}/suggestions", w.aviometal);
    let ids = |body: &Value| -> Vec<String> {
        body["items"].as_array().unwrap().iter().map(|i| i["member_id"].as_str().unwrap().to_owned()).collect()
    };
    let score_of = |body: &Value, id: Uuid| -> f64 {
        body["items"].as_array().unwrap().iter().find(|i| i["member_id"] == id.to_string()).map_or(0.0, |i| i["score"].as_f64().unwrap())
    };
    let before = app.get(&url).token(&w.nobody.token).send().await.expect(200).json();
    // Helvetic now seeks and offers what Aviometal offers and seeks.
    app.patch(&format!("/api/v1/members/{}", w.helvetic)).token(&w.anna.token).json(json!({
        "core_business": "Machining and composite aerostructures", "partners_sought": ["aerostructures"],
        "areas_of_interest": ["aerostructures"],
    })).send().await.expect(200);
    let after = app.get(&url).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(ids(&after)[0], w.helvetic.to_string(), "{after}");
    assert!(score_of(&after, w.helvetic) > score_of(&before, w.helvetic) + 0.2, "{before}\n{after}");
    assert!(after["items"][0]["matched_tags"].as_array().unwrap().iter().any(|t| t == "aerostructures"), "{after}");
    // A new company appears; a deleted one goes.
    let new = app.post("/api/v1/members").token(&w.roland.token).json(json!({
        "cluster_id": w.swiss, "legal_name": "Stans Composites AG", "country": "CH", "city": "Stans",
        "size_class": "small", "core_business": "Composite aerostructures machining",
        "areas_of_interest": ["aerostructures"], "partners_sought": ["machining"],
    })).send().await.expect(201).json();
    let new_id = new["id"].as_str().unwrap().to_owned();
    assert!(ids(&app.get(&url).token(&w.nobody.token).send().await.expect(200).json()).contains(&new_id));
    app.delete(&format!("/api/v1/members/{new_id}")).token(&w.roland.token).send().await.expect(204);
    let gone = ids(&app.get(&url).token(&w.nobody.token).send().await.expect(200).json());
    assert!(gone.contains(&w.helvetic.to_string()), "the others are still suggested: {gone:?}");
    assert!(!gone.contains(&new_id));
    // Only Swiss companies when asked.
    let swiss = app.get(&format!("{url}?cluster_id={}", w.swiss)).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(ids(&swiss), [w.helvetic.to_string()]);
});

db_test!(async fn concurrent_blocked_slot_writes_take_turns(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    three_slots(&app, &w, &d, 1).await;
    // Two organisers (here six writes) set the same attendee's blocked slots at once: each is
    // answered, and what is stored afterwards is exactly one of the lists sent.
    let url = path(&d, &format!("registrations/{}/blocked-slots", d.helvetic));
    let lists = [vec![0], vec![1], vec![0, 1], vec![2], vec![0, 2], vec![1, 2]];
    let attempts = lists.iter().map(|slots| app.put(&url).token(&w.anna.token).json(json!({"slots": slots})).send());
    let results = futures::future::join_all(attempts).await;
    let statuses: Vec<u16> = results.iter().map(|r| r.status.as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let stored = app.get(&url).token(&w.anna.token).send().await.expect(200).json();
    let slots: Vec<Value> = stored["slots"].as_array().unwrap().iter().map(|s| s["starts_at"].clone()).collect();
    let answered: Vec<Vec<Value>> = results.iter().map(|r| r.json()["slots"].as_array().unwrap().iter().map(|s| s["starts_at"].clone()).collect()).collect();
    assert!(answered.contains(&slots), "the stored list is one that was sent: {slots:?} vs {answered:?}");
});
