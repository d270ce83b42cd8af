//! Partnership requests: creation and duplicates, every transition per role, concurrency,
//! history, visibility, follow-up meetings and the figures clusters report.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Resp, TestApp, World};
use crate::db_test;
use crate::events::{published_event, register};

/// Soliani Emc (Lombardy) writes to Helvetic Aero (Switzerland).
fn request_body(w: &World) -> Value {
    json!({
        "from_member_id": w.soliani,
        "to_member_id": w.helvetic,
        "subject": "EMC tests for your cabin retrofit",
        "message": "We met in Nidwalden; our lab in L’Aquila can test your harnesses.",
        "kind": "supply",
        "areas": ["EMC", " emc ", "cabin interiors"]
    })
}

async fn send(app: &TestApp, w: &World) -> Value {
    app.post("/api/v1/partnership-requests")
        .token(&w.ivano.token)
        .json(request_body(w))
        .send()
        .await
        .expect(201)
        .json()
}

async fn act(app: &TestApp, token: &str, id: &str, action: &str) -> Resp {
    app.post(&format!("/api/v1/partnership-requests/{id}/{action}"))
        .token(token)
        .send()
        .await
}

db_test!(async fn a_company_sends_a_request_and_duplicates_are_refused(app) {
    let w = app.world().await;
    let resp = app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(request_body(&w)).send().await.expect(201);
    let r = resp.json();
    let id = r["id"].as_str().unwrap();
    assert_eq!(resp.header("location").unwrap(), format!("/api/v1/partnership-requests/{id}"));
    assert_eq!(r["status"], "pending");
    assert_eq!(r["kind"], "supply");
    assert_eq!(r["areas"], json!(["EMC", "cabin interiors"]));
    assert_eq!(r["from_cluster_id"], w.lombardy.to_string());
    assert_eq!(r["to_cluster_id"], w.swiss.to_string());
    assert_eq!(r["allowed_actions"], json!(["withdraw"]));
    for key in ["id", "from_member_id", "to_member_id", "event_id", "subject", "message", "kind", "areas", "status", "created_at", "updated_at"] {
        assert!(r.get(key).is_some(), "contract field {key}");
    }
    let as_recipient = app.get(&format!("/api/v1/partnership-requests/{id}")).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(as_recipient["allowed_actions"], json!(["accept", "decline"]));

    let p = app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(request_body(&w)).send().await.problem(409);
    assert_eq!(p["existing_id"], id);
    // The other direction is another pair.
    app.post("/api/v1/partnership-requests").token(&w.anna.token).json(json!({
        "from_member_id": w.helvetic, "to_member_id": w.soliani, "subject": "Re", "kind": "co_development"
    })).send().await.expect(201);
    // Once declined the pair is free again.
    act(&app, &w.anna.token, id, "decline").await.expect(200);
    app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(request_body(&w)).send().await.expect(201);

    // Only for a company the caller edits; not to itself; validated.
    let mut body = request_body(&w);
    body["from_member_id"] = json!(w.aviometal);
    app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(body).send().await.problem(403);
    let mut body = request_body(&w);
    body["to_member_id"] = json!(w.soliani);
    let p = app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(body).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["to_member_id"]);
    let mut body = request_body(&w);
    body["kind"] = json!("merger");
    body["subject"] = json!("");
    app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(body).send().await.problem(422);
});

db_test!(async fn requests_in_an_event_need_both_companies_there(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    let mut body = request_body(&w);
    body["event_id"] = json!(event);
    let p = app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(body.clone()).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["from_member_id"]);
    register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await.expect(201);
    let p = app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(body.clone()).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["to_member_id"]);
    register(&app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await.expect(201);
    let r = app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(body.clone()).send().await.expect(201).json();
    assert_eq!(r["event_id"], event.to_string());
    // One open request per pair *and event*: the same pair without the event is separate.
    app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(body).send().await.problem(409);
    app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(request_body(&w)).send().await.expect(201);
});

/// Drives a fresh request into `status` (by the right people), after ending whatever request
/// between the two companies is still open.
async fn request_in(app: &TestApp, w: &World, status: &str) -> String {
    let all = app
        .get(&format!(
            "/api/v1/partnership-requests?member_id={}&direction=outgoing&limit=500",
            w.soliani
        ))
        .token(&w.admin.token)
        .send()
        .await
        .expect(200)
        .json();
    for open in all["items"].as_array().unwrap() {
        let id = open["id"].as_str().unwrap();
        match open["status"].as_str().unwrap() {
            "pending" => act(app, &w.admin.token, id, "withdraw").await.expect(200),
            "accepted" => act(app, &w.admin.token, id, "close").await.expect(200),
            _ => continue,
        };
    }
    let r = send(app, w).await;
    let id = r["id"].as_str().unwrap().to_owned();
    let steps: &[(&str, &str)] = match status {
        "pending" => &[],
        "accepted" => &[("anna", "accept")],
        "declined" => &[("anna", "decline")],
        "withdrawn" => &[("ivano", "withdraw")],
        "concluded" => &[("anna", "accept"), ("ivano", "conclude")],
        "closed" => &[("anna", "accept"), ("anna", "close")],
        _ => unreachable!(),
    };
    for (who, action) in steps {
        let token = if *who == "anna" {
            &w.anna.token
        } else {
            &w.ivano.token
        };
        act(app, token, &id, action).await.expect(200);
    }
    id
}

db_test!(async fn every_transition_for_every_role(app) {
    let w = app.world().await;
    // Who acts for which side: sender = Soliani Emc (Lombardy), recipient = Helvetic (Swiss).
    let people: [(&str, &str, &[&str]); 7] = [
        ("ivano (sender's editor)", &w.ivano.token, &["sender"]),
        ("paola (sender's cluster manager)", &w.paola.token, &["sender"]),
        ("anna (recipient's editor)", &w.anna.token, &["recipient"]),
        ("roland (recipient's cluster manager)", &w.roland.token, &["recipient"]),
        ("admin", &w.admin.token, &["sender", "recipient"]),
        ("buffetto (third company, sender's cluster)", &w.buffetto.token, &[]),
        ("nobody", &w.nobody.token, &[]),
    ];
    let arrows: [(&str, &str, &[&str]); 5] = [
        ("accept", "pending", &["recipient"]),
        ("decline", "pending", &["recipient"]),
        ("withdraw", "pending", &["sender"]),
        ("conclude", "accepted", &["sender", "recipient"]),
        ("close", "accepted", &["sender", "recipient"]),
    ];
    let mut checked = 0;
    for status in ["pending", "accepted", "declined", "withdrawn", "concluded", "closed"] {
        for (action, from, who) in arrows {
            for (name, token, sides) in people {
                let id = request_in(&app, &w, status).await;
                let want = if sides.is_empty() {
                    404
                } else if !who.iter().any(|s| sides.contains(s)) {
                    403
                } else if status != from {
                    409
                } else {
                    200
                };
                let resp = act(&app, token, &id, action).await;
                assert_eq!(resp.status.as_u16(), want, "{name} {action}s a {status} request: {}", resp.text());
                let after = app.get(&format!("/api/v1/partnership-requests/{id}")).token(&w.admin.token).send().await.expect(200).json();
                if want == 200 {
                    assert_ne!(after["status"], status);
                } else {
                    assert_eq!(after["status"], status, "a refused action changed nothing");
                }
                if want == 409 {
                    assert!(resp.json()["allowed"].is_array());
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 6 * 5 * 7);
});

db_test!(async fn the_history_records_who_did_what_and_why(app) {
    let w = app.world().await;
    let r = send(&app, &w).await;
    let id = r["id"].as_str().unwrap();
    app.post(&format!("/api/v1/partnership-requests/{id}/accept")).token(&w.roland.token)
        .json(json!({"comment": "Welcome, let's meet in Stans"})).send().await.expect(200);
    // The comment is optional; an empty body is fine, a malformed one is not.
    app.post(&format!("/api/v1/partnership-requests/{id}/conclude")).token(&w.paola.token)
        .body("application/json", "{\"comment\": 5}").send().await.problem(422);
    act(&app, &w.ivano.token, id, "conclude").await.expect(200);
    let history = app.get(&format!("/api/v1/partnership-requests/{id}/history")).token(&w.anna.token).send().await.expect(200).json();
    let trail: Vec<(Value, Value, Value, Value)> = history.as_array().unwrap().iter()
        .map(|h| (h["from_status"].clone(), h["to_status"].clone(), h["actor_user_id"].clone(), h["comment"].clone()))
        .collect();
    assert_eq!(trail, vec![
        (Value::Null, json!("pending"), json!(w.ivano.id.to_string()), json!("")),
        (json!("pending"), json!("accepted"), json!(w.roland.id.to_string()), json!("Welcome, let's meet in Stans")),
        (json!("accepted"), json!("concluded"), json!(w.ivano.id.to_string()), json!("")),
    ]);
    assert!(history[0]["at"].as_str().unwrap().ends_with('Z'));
});

db_test!(async fn concurrent_accept_and_withdraw_have_one_winner(app) {
    let w = app.world().await;
    for _ in 0..8 {
        let r = send(&app, &w).await;
        let id = r["id"].as_str().unwrap().to_owned();
        let (a, b) = futures::join!(
            act(&app, &w.anna.token, &id, "accept"),
            act(&app, &w.ivano.token, &id, "withdraw"),
        );
        let mut codes = [a.status.as_u16(), b.status.as_u16()];
        codes.sort();
        assert_eq!(codes, [200, 409]);
        let history = app.get(&format!("/api/v1/partnership-requests/{id}/history")).token(&w.admin.token).send().await.expect(200).json();
        assert_eq!(history.as_array().unwrap().len(), 2, "one transition recorded");
        // Free the pair for the next round.
        let status = app.get(&format!("/api/v1/partnership-requests/{id}")).token(&w.admin.token).send().await.json()["status"].clone();
        if status == "accepted" {
            act(&app, &w.anna.token, &id, "close").await.expect(200);
        }
    }
});

db_test!(async fn nobody_else_sees_a_request(app) {
    let w = app.world().await;
    let r = send(&app, &w).await;
    let id = r["id"].as_str().unwrap();
    for (who, token) in [("third company, same cluster", &w.buffetto.token), ("no role", &w.nobody.token)] {
        app.get(&format!("/api/v1/partnership-requests/{id}")).token(token).send().await.problem(404);
        app.get(&format!("/api/v1/partnership-requests/{id}/history")).token(token).send().await.problem(404);
        app.get(&format!("/api/v1/partnership-requests/{id}/meetings")).token(token).send().await.problem(404);
        let list = app.get("/api/v1/partnership-requests").token(token).send().await.expect(200).json();
        assert!(list["items"].as_array().unwrap().is_empty(), "{who}");
        let theirs = app.get(&format!("/api/v1/partnership-requests?member_id={}", w.soliani)).token(token).send().await.expect(200).json();
        assert!(theirs["items"].as_array().unwrap().is_empty(), "{who}");
    }
    for token in [&w.ivano.token, &w.paola.token, &w.anna.token, &w.roland.token, &w.admin.token] {
        let list = app.get("/api/v1/partnership-requests").token(token).send().await.expect(200).json();
        assert_eq!(list["items"].as_array().unwrap().len(), 1);
    }
});

db_test!(async fn listings_per_company_with_filters(app) {
    let w = app.world().await;
    let out = send(&app, &w).await;
    let incoming = app.post("/api/v1/partnership-requests").token(&w.anna.token).json(json!({
        "from_member_id": w.helvetic, "to_member_id": w.soliani, "subject": "Cabin harness audit", "kind": "joint_bid"
    })).send().await.expect(201).json();
    let ids = |v: Value| v["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    let base = format!("/api/v1/partnership-requests?member_id={}", w.soliani);
    let t = &w.ivano.token;
    assert_eq!(ids(app.get(&base).token(t).send().await.expect(200).json()).len(), 2);
    assert_eq!(ids(app.get(&format!("{base}&direction=outgoing")).token(t).send().await.expect(200).json()), vec![out["id"].as_str().unwrap()]);
    assert_eq!(ids(app.get(&format!("{base}&direction=incoming")).token(t).send().await.expect(200).json()), vec![incoming["id"].as_str().unwrap()]);
    act(&app, t, incoming["id"].as_str().unwrap(), "accept").await.expect(200);
    assert_eq!(ids(app.get(&format!("{base}&status=accepted")).token(t).send().await.expect(200).json()).len(), 1);
    assert_eq!(ids(app.get(&format!("{base}&counterpart_cluster_id={}", w.swiss)).token(t).send().await.expect(200).json()).len(), 2);
    assert!(ids(app.get(&format!("{base}&counterpart_cluster_id={}", w.lombardy)).token(t).send().await.expect(200).json()).is_empty());
    assert!(ids(app.get(&format!("{base}&from=2999-01-01T00:00:00Z")).token(t).send().await.expect(200).json()).is_empty());
    app.get("/api/v1/partnership-requests?direction=incoming").token(t).send().await.problem(400);
});

db_test!(async fn follow_up_meetings_and_the_figures(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await.expect(201);
    register(&app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await.expect(201);
    let mut body = request_body(&w);
    body["event_id"] = json!(event);
    let r = app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(body).send().await.expect(201).json();
    let id = r["id"].as_str().unwrap();
    let meetings = format!("/api/v1/partnership-requests/{id}/meetings");
    let meeting = json!({
        "starts_at": "2030-06-03T10:00:00+02:00",
        "ends_at": "2030-06-03T11:30:00+02:00",
        "time_zone": "Europe/Zurich",
        "location": "Stans, Helvetic Aero hangar",
        "participant_contact_ids": [w.soliani_contact, w.keller_contact],
        "notes": "Visit of the hangar; EMC test plan"
    });
    let p = app.post(&meetings).token(&w.ivano.token).json(meeting.clone()).send().await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("accepted"));
    act(&app, &w.anna.token, id, "accept").await.expect(200);
    let mut bad = meeting.clone();
    bad["participant_contact_ids"] = json!([w.buffetto_contact]);
    bad["ends_at"] = json!("2030-06-03T09:00:00+02:00");
    let p = app.post(&meetings).token(&w.ivano.token).json(bad).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["ends_at"]);
    let mut bad = meeting.clone();
    bad["participant_contact_ids"] = json!([w.buffetto_contact]);
    let p = app.post(&meetings).token(&w.ivano.token).json(bad).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["participant_contact_ids[0]"]);
    let resp = app.post(&meetings).token(&w.anna.token).json(meeting).send().await.expect(201);
    let m = resp.json();
    assert_eq!(m["status"], "planned");
    assert_eq!(m["starts_at"], "2030-06-03T08:00:00Z");
    assert_eq!(m["participant_contact_ids"].as_array().unwrap().len(), 2);
    for key in ["id", "starts_at", "ends_at", "time_zone", "location", "online_url", "participant_contact_ids", "notes", "status"] {
        assert!(m.get(key).is_some(), "contract field {key}");
    }
    let url = resp.header("location").unwrap();
    app.get(&url).token(&w.buffetto.token).send().await.problem(404);
    let ics = app.get(&format!("{url}?format=ics")).token(&w.ivano.token).send().await.expect(200).text();
    assert!(ics.contains("DTSTART;TZID=Europe/Zurich:20300603T100000"), "{ics}");
    if let Some(python) = crate::common::python() {
        let out = crate::common::run_python(&python, r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
e = [c for c in cal.walk() if c.name == "VEVENT"][0]
print(e.decoded("dtend").isoformat(), "|", str(e.get("location")))
"#, ics.as_bytes());
        assert_eq!(out.trim(), "2030-06-03T11:30:00+02:00 | Stans, Helvetic Aero hangar");
    }
    let etag = app.get(&url).token(&w.ivano.token).send().await.expect(200).header("etag").unwrap();
    let held = app.patch(&url).token(&w.roland.token).header("if-match", &etag).json(json!({"status": "held", "notes": "Agreed on a joint offer"})).send().await.expect(200).json();
    assert_eq!(held["status"], "held");
    app.patch(&url).token(&w.roland.token).header("if-match", &etag).json(json!({"status": "cancelled"})).send().await.problem(412);

    // A second request in the event, declined.
    let declined = app.post("/api/v1/partnership-requests").token(&w.anna.token).json(json!({
        "from_member_id": w.helvetic, "to_member_id": w.soliani, "event_id": event, "subject": "Distribution in Italy", "kind": "distribution"
    })).send().await.expect(201).json();
    act(&app, &w.ivano.token, declined["id"].as_str().unwrap(), "decline").await.expect(200);

    let stats = app.get(&format!("/api/v1/events/{event}/stats")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(stats["requests"], 2);
    assert_eq!(stats["requests_accepted"], 1);
    assert_eq!(stats["meetings_agreed"], 1);
    let pair = stats["cluster_pairs"].as_array().unwrap().iter().find(|p| p["from_cluster_id"] == w.lombardy.to_string()).unwrap();
    assert_eq!(pair["acceptance_rate"], 100.0);
    assert_eq!(pair["meetings_held"], 1);

    let figures = app.get(&format!("/api/v1/clusters/{}/partnership-stats", w.lombardy)).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(figures["sent"], 1);
    assert_eq!(figures["received"], 1);
    assert_eq!(figures["meetings_held"], 1);
    let received = figures["pairs"].as_array().unwrap().iter().find(|p| p["to_cluster_id"] == w.lombardy.to_string()).unwrap();
    assert_eq!(received["declined"], 1);
    assert_eq!(received["acceptance_rate"], 0.0);
    app.get(&format!("/api/v1/clusters/{}/partnership-stats", w.lombardy)).token(&w.roland.token).send().await.problem(403);
    app.get(&format!("/api/v1/clusters/{}/partnership-stats", w.lombardy)).token(&w.ivano.token).send().await.problem(403);
    app.get(&format!("/api/v1/clusters/{}/partnership-stats", Uuid::new_v4())).token(&w.admin.token).send().await.problem(404);
});
