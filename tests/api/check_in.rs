//! The day itself: badges with check-in codes, checking people in (one scan, offline
//! batches, undo), who may do it, and attendance that follows check-ins.

use chrono::{Duration, SecondsFormat, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Resp, TestApp, World, python, run_python};
use crate::db_test;
use crate::events::{create_event, event_body, published_event, register};

/// A published day hosted by the Swiss cluster: Aviometal (Buffetto), Soliani (Ivano
/// Soliani, and Rossi who did not consent to sharing) and Helvetic (Keller) registered.
struct Day {
    event: Uuid,
    aviometal: String,
    soliani: String,
    helvetic: String,
}

fn id(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_owned()
}

async fn day(app: &TestApp, w: &World) -> Day {
    let event = published_event(app, w).await;
    let aviometal = id(&register(
        app,
        &w.buffetto.token,
        event,
        w.aviometal,
        &[w.buffetto_contact],
    )
    .await
    .expect(201)
    .json());
    let soliani = id(&register(
        app,
        &w.ivano.token,
        event,
        w.soliani,
        &[w.soliani_contact, w.rossi_contact],
    )
    .await
    .expect(201)
    .json());
    let helvetic = id(
        &register(app, &w.anna.token, event, w.helvetic, &[w.keller_contact])
            .await
            .expect(201)
            .json(),
    );
    Day {
        event,
        aviometal,
        soliani,
        helvetic,
    }
}

/// Contact id → code, from the badges as `token` gets them.
async fn codes(app: &TestApp, token: &str, event: Uuid) -> Vec<(String, String)> {
    let badges = app
        .get(&format!("/api/v1/events/{event}/badges"))
        .token(token)
        .send()
        .await
        .expect(200)
        .json();
    badges["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["contact_id"].as_str().unwrap().to_owned(),
                b["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

pub(crate) async fn code_of(app: &TestApp, w: &World, event: Uuid, contact: Uuid) -> String {
    codes(app, &w.admin.token, event)
        .await
        .into_iter()
        .find(|(c, _)| *c == contact.to_string())
        .unwrap_or_else(|| panic!("no badge for {contact}"))
        .1
}

fn at(minutes_ago: i64) -> String {
    (Utc::now() - Duration::minutes(minutes_ago)).to_rfc3339_opts(SecondsFormat::Micros, true)
}

async fn check_in(app: &TestApp, token: &str, event: Uuid, body: Value) -> Resp {
    app.post(&format!("/api/v1/events/{event}/check-ins"))
        .token(token)
        .json(body)
        .send()
        .await
}

async fn listed(app: &TestApp, token: &str, event: Uuid) -> Vec<Value> {
    app.get(&format!("/api/v1/events/{event}/check-ins"))
        .token(token)
        .send()
        .await
        .expect(200)
        .json()["items"]
        .as_array()
        .unwrap()
        .clone()
}

db_test!(async fn a_scan_checks_in_once_and_an_undo_lets_it_happen_again(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    let code = code_of(&app, &w, d.event, w.buffetto_contact).await;
    assert_eq!(code.len(), 20);

    let first = check_in(&app, &w.roland.token, d.event, json!({"code": code})).await.expect(201);
    let created = first.json();
    assert_eq!(first.header("location").unwrap(), format!("/api/v1/events/{}/check-ins/{}", d.event, id(&created)));
    assert_eq!(created["contact_id"], w.buffetto_contact.to_string());
    assert_eq!(created["name"], "Massimo Buffetto");
    assert_eq!(created["company"], "Aviometal");
    assert_eq!(created["member_id"], w.aviometal.to_string());
    assert_eq!(created["cluster_id"], w.lombardy.to_string());
    assert_eq!(created["registration_id"], d.aviometal.as_str());
    // Scanned twice: the same check-in, no second row.
    let again = check_in(&app, &w.roland.token, d.event, json!({"code": code})).await.expect(200).json();
    assert_eq!(again, created);
    assert_eq!(listed(&app, &w.roland.token, d.event).await, vec![created.clone()]);
    // An earlier scan of the same person moves the time back; a later one does not.
    let earlier = at(30);
    let moved = check_in(&app, &w.roland.token, d.event, json!({"code": code, "scanned_at": earlier})).await.expect(200).json();
    assert_eq!((moved["id"].clone(), moved["scanned_at"].clone()), (created["id"].clone(), json!(earlier)));
    let kept = check_in(&app, &w.roland.token, d.event, json!({"code": code, "scanned_at": at(10)})).await.expect(200).json();
    assert_eq!(kept["scanned_at"], json!(earlier));

    // Undone: no longer checked in; checking in again makes a new check-in.
    let url = format!("/api/v1/events/{}/check-ins/{}", d.event, id(&created));
    app.delete(&url).token(&w.roland.token).send().await.expect(204);
    assert!(listed(&app, &w.roland.token, d.event).await.is_empty());
    app.delete(&url).token(&w.roland.token).send().await.problem(404);
    let anew = check_in(&app, &w.roland.token, d.event, json!({"code": code})).await.expect(201).json();
    assert_ne!(anew["id"], created["id"]);
    assert_eq!(listed(&app, &w.roland.token, d.event).await.len(), 1);

    // Rossi did not consent: the host's manager checks him in but does not see his name.
    let rossi = code_of(&app, &w, d.event, w.rossi_contact).await;
    let hidden = check_in(&app, &w.roland.token, d.event, json!({"code": rossi})).await.expect(201).json();
    assert_eq!((hidden["contact_id"].clone(), hidden["name"].clone()), (Value::Null, Value::Null));
    let shown = check_in(&app, &w.admin.token, d.event, json!({"code": rossi})).await.expect(200).json();
    assert_eq!(shown["name"], "Chiara Rossi");
});

db_test!(async fn unknown_cancelled_future_and_draft_scans_are_refused(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    let url = format!("/api/v1/events/{}/check-ins", d.event);
    for unknown in ["AAAAAAAAAAAAAAAAAAAA", "not a code at all"] {
        let p = check_in(&app, &w.roland.token, d.event, json!({"code": unknown})).await.problem(422);
        assert_eq!(Resp::error_fields(&p), vec!["code"]);
    }
    // Another event's code is unknown here.
    let other = create_event(&app, &w, event_body(&w)).await;
    let other: Uuid = id(&other).parse().unwrap();
    app.post(&format!("/api/v1/events/{other}/publish")).token(&w.roland.token).send().await.expect(200);
    register(&app, &w.anna.token, other, w.helvetic, &[w.keller_contact]).await.expect(201);
    let keller_there = code_of(&app, &w, other, w.keller_contact).await;
    let keller_here = code_of(&app, &w, d.event, w.keller_contact).await;
    assert_ne!(keller_there, keller_here, "a code per person and event");
    check_in(&app, &w.roland.token, d.event, json!({"code": keller_there})).await.problem(422);

    let code = code_of(&app, &w, d.event, w.buffetto_contact).await;
    let p = check_in(&app, &w.roland.token, d.event, json!({"code": code, "scanned_at": (Utc::now() + Duration::minutes(10)).to_rfc3339()})).await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["scanned_at"]);
    // A scanner whose clock was reset would set the arrival to 1970: refused.
    let p = check_in(&app, &w.roland.token, d.event, json!({"code": code, "scanned_at": "1970-01-01T00:00:00Z"})).await.problem(422);
    assert!(p.to_string().contains("before the event was created"), "{p}");
    assert!(listed(&app, &w.roland.token, d.event).await.is_empty());
    // Within the clock skew is fine.
    check_in(&app, &w.roland.token, d.event, json!({"code": code, "scanned_at": (Utc::now() + Duration::seconds(60)).to_rfc3339()})).await.expect(201);

    // A cancelled registration: 409; a person no longer attending: 409.
    app.post(&format!("/api/v1/events/{}/registrations/{}/cancel", d.event, d.helvetic)).token(&w.anna.token).send().await.expect(200);
    let p = check_in(&app, &w.roland.token, d.event, json!({"code": keller_here})).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("cancelled"), "{p}");
    let rossi = code_of(&app, &w, d.event, w.rossi_contact).await;
    app.patch(&format!("/api/v1/events/{}/registrations/{}", d.event, d.soliani)).token(&w.ivano.token)
        .json(json!({"attendee_contact_ids": [w.soliani_contact]})).send().await.expect(200);
    let p = check_in(&app, &w.roland.token, d.event, json!({"code": rossi})).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("no longer"), "{p}");
    // Back among the attendees: the same code again.
    app.patch(&format!("/api/v1/events/{}/registrations/{}", d.event, d.soliani)).token(&w.ivano.token)
        .json(json!({"attendee_contact_ids": [w.soliani_contact, w.rossi_contact]})).send().await.expect(200);
    assert_eq!(code_of(&app, &w, d.event, w.rossi_contact).await, rossi, "codes are stable");
    check_in(&app, &w.roland.token, d.event, json!({"code": rossi})).await.expect(201);

    // Drafts and cancelled events take no check-ins.
    let draft: Uuid = id(&create_event(&app, &w, event_body(&w)).await).parse().unwrap();
    let p = check_in(&app, &w.roland.token, draft, json!({"code": code})).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("draft"), "{p}");
    app.post(&format!("/api/v1/events/{other}/cancel")).token(&w.roland.token).send().await.expect(200);
    check_in(&app, &w.roland.token, other, json!({"code": keller_there})).await.problem(409);
    let _ = url;
});

db_test!(async fn a_batch_answers_each_scan_and_the_earliest_scan_wins(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    let url = format!("/api/v1/events/{}/check-ins/batch", d.event);
    let buffetto = code_of(&app, &w, d.event, w.buffetto_contact).await;
    let soliani = code_of(&app, &w, d.event, w.soliani_contact).await;
    let keller = code_of(&app, &w, d.event, w.keller_contact).await;
    app.post(&format!("/api/v1/events/{}/registrations/{}/cancel", d.event, d.helvetic)).token(&w.anna.token).send().await.expect(200);
    let (t20, t10, t5) = (at(20), at(10), at(5));
    let answer = app.post(&url).token(&w.roland.token).json(json!({"items": [
        {"code": buffetto, "scanned_at": t10},
        {"code": "AAAAAAAAAAAAAAAAAAAA", "scanned_at": t10},
        {"code": soliani, "scanned_at": t5},
        {"code": buffetto, "scanned_at": t20},
        {"code": keller, "scanned_at": t5},
    ]})).send().await.expect(200).json();
    let statuses: Vec<&str> = answer["items"].as_array().unwrap().iter().map(|i| i["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["created", "unknown", "created", "already", "cancelled"]);
    assert_eq!((answer["created"].as_u64(), answer["already"].as_u64(), answer["refused"].as_u64()), (Some(2), Some(1), Some(2)));
    let items = answer["items"].as_array().unwrap();
    assert_eq!(items[0]["check_in"]["scanned_at"], json!(t20), "the earliest scan wins, also within a batch");
    assert_eq!(items[0]["check_in"], items[3]["check_in"]);
    assert_eq!(items[2]["check_in"]["scanned_at"], json!(t5));
    assert_eq!(items[1]["check_in"], Value::Null);
    assert_eq!(items[4]["check_in"], Value::Null);
    assert_eq!(items[2]["code"], soliani.as_str());
    let stored = listed(&app, &w.roland.token, d.event).await;
    assert_eq!(stored.len(), 2);
    // The same scanner sends its batch again (and a later scan): nothing changes.
    let again = app.post(&url).token(&w.roland.token).json(json!({"items": [
        {"code": buffetto, "scanned_at": t5}, {"code": soliani, "scanned_at": t5},
    ]})).send().await.expect(200).json();
    assert_eq!((again["created"].as_u64(), again["already"].as_u64()), (Some(0), Some(2)));
    assert_eq!(listed(&app, &w.roland.token, d.event).await, stored);

    // A scan from the future refuses the whole batch, naming it; nothing is stored.
    let rossi = code_of(&app, &w, d.event, w.rossi_contact).await;
    let p = app.post(&url).token(&w.roland.token).json(json!({"items": [
        {"code": rossi, "scanned_at": t5},
        {"code": buffetto, "scanned_at": (Utc::now() + Duration::hours(1)).to_rfc3339()},
    ]})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["items[1].scanned_at"]);
    assert_eq!(listed(&app, &w.roland.token, d.event).await, stored);
    // Bounded: at most 500 scans (422), at most 128 KiB (413), at least one.
    let many: Vec<Value> = (0..501).map(|_| json!({"code": rossi, "scanned_at": t5})).collect();
    let p = app.post(&url).token(&w.roland.token).json(json!({"items": many})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["items"]);
    let huge: Vec<Value> = (0..1500).map(|_| json!({"code": "x".repeat(100), "scanned_at": t5})).collect();
    app.post(&url).token(&w.roland.token).json(json!({"items": huge})).send().await.problem(413);
    let p = app.post(&url).token(&w.roland.token).json(json!({"items": []})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["items"]);
    assert_eq!(listed(&app, &w.roland.token, d.event).await, stored);
});

db_test!(async fn only_those_who_run_the_day_check_in_and_see_badges(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    let code = code_of(&app, &w, d.event, w.buffetto_contact).await;
    let done = check_in(&app, &w.roland.token, d.event, json!({"code": code})).await.expect(201).json();
    let e = d.event;
    // The company's editor, the guest cluster's manager, someone without a role: 403.
    for who in [&w.buffetto, &w.paola, &w.nobody] {
        check_in(&app, &who.token, e, json!({"code": code})).await.problem(403);
        app.post(&format!("/api/v1/events/{e}/check-ins/batch")).token(&who.token)
            .json(json!({"items": [{"code": code, "scanned_at": at(1)}]})).send().await.problem(403);
        app.get(&format!("/api/v1/events/{e}/check-ins")).token(&who.token).send().await.problem(403);
        app.get(&format!("/api/v1/events/{e}/badges")).token(&who.token).send().await.problem(403);
        app.delete(&format!("/api/v1/events/{e}/check-ins/{}", id(&done))).token(&who.token).send().await.problem(403);
    }
    assert_eq!(listed(&app, &w.admin.token, e).await.len(), 1, "nothing changed");
});

async fn key(app: &TestApp, token: &str, cluster: Uuid, scopes: Value) -> String {
    app.post("/api/v1/api-keys")
        .token(token)
        .json(json!({"name": "Scanner at the door", "cluster_id": cluster, "scopes": scopes}))
        .send()
        .await
        .expect(201)
        .json()["secret"]
        .as_str()
        .unwrap()
        .to_owned()
}

db_test!(async fn scanner_keys_need_the_scope_and_a_cluster_that_runs_the_day(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    let e = d.event;
    let scanner = key(&app, &w.roland.token, w.swiss, json!(["events:checkin"])).await;
    let reader = key(&app, &w.roland.token, w.swiss, json!(["events:read"])).await;
    let guest = key(&app, &w.paola.token, w.lombardy, json!(["events:checkin"])).await;
    let badges = codes(&app, &scanner, e).await;
    assert_eq!(badges.len(), 3, "the host's key sees the consenting guests and its own people: {badges:?}");
    let code = &badges.iter().find(|(c, _)| *c == w.keller_contact.to_string()).unwrap().1;
    let created = check_in(&app, &scanner, e, json!({"code": code})).await.expect(201).json();
    assert_eq!(created["name"], "Anna Keller");
    let batch = app.post(&format!("/api/v1/events/{e}/check-ins/batch")).token(&scanner)
        .json(json!({"items": [{"code": code, "scanned_at": at(3)}]})).send().await.expect(200).json();
    assert_eq!(batch["items"][0]["status"], "already");
    assert_eq!(listed(&app, &scanner, e).await.len(), 1);
    let csv = app.get(&format!("/api/v1/events/{e}/badges?format=csv")).token(&scanner).send().await.expect(200).text();
    assert!(csv.starts_with("name,company,cluster,country,code\r\n"), "{csv}");

    // Without the scope: refused, also for the reads (badges carry the codes).
    let p = check_in(&app, &reader, e, json!({"code": code})).await.problem(403);
    assert!(p["detail"].as_str().unwrap().contains("events:checkin"), "{p}");
    app.get(&format!("/api/v1/events/{e}/badges")).token(&reader).send().await.problem(403);
    app.get(&format!("/api/v1/events/{e}/check-ins")).token(&reader).send().await.problem(403);
    // The guest cluster's key has the scope, but its cluster does not run the day.
    check_in(&app, &guest, e, json!({"code": code})).await.problem(403);
    app.get(&format!("/api/v1/events/{e}/badges")).token(&guest).send().await.problem(403);

    app.delete(&format!("/api/v1/events/{e}/check-ins/{}", id(&created))).token(&scanner).send().await.expect(204);
    assert!(listed(&app, &scanner, e).await.is_empty());
});

db_test!(async fn attended_in_the_catalogue_and_the_figures_follow_check_ins(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    let e = d.event;
    let attended = |catalogue: &Value, name: &str| -> Value {
        catalogue["items"].as_array().unwrap().iter()
            .flat_map(|entry| entry["contacts"].as_array().unwrap().iter())
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("{name} not in {catalogue}"))["attended"].clone()
    };
    let catalogue = || app.get(&format!("/api/v1/events/{e}/catalogue?limit=500")).token(&w.paola.token).send();
    let before = catalogue().await.expect(200).json();
    assert_eq!((attended(&before, "Massimo Buffetto"), attended(&before, "Ivano Soliani")), (json!(false), json!(false)), "registered is not attended");
    let stats = app.get(&format!("/api/v1/events/{e}/stats")).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!((stats["attendees"].as_i64(), stats["checked_in_attendees"].as_i64(), stats["checked_in_companies"].as_i64()), (Some(4), Some(0), Some(0)));

    let csv_before = app.get(&format!("/api/v1/events/{e}/catalogue?format=csv")).token(&w.paola.token).send().await.expect(200);
    let done = check_in(&app, &w.roland.token, e, json!({"code": code_of(&app, &w, e, w.buffetto_contact).await})).await.expect(201).json();
    check_in(&app, &w.roland.token, e, json!({"code": code_of(&app, &w, e, w.rossi_contact).await})).await.expect(201);
    check_in(&app, &w.roland.token, e, json!({"code": code_of(&app, &w, e, w.keller_contact).await})).await.expect(201);
    let after = catalogue().await.expect(200).json();
    assert_eq!((attended(&after, "Massimo Buffetto"), attended(&after, "Ivano Soliani")), (json!(true), json!(false)));
    // The CSV's ETag changes with the check-ins, and its column says so.
    let csv = app.get(&format!("/api/v1/events/{e}/catalogue?format=csv")).token(&w.paola.token)
        .header("if-none-match", &csv_before.header("etag").unwrap()).send().await.expect(200).text();
    let buffetto_row = csv.lines().find(|l| l.contains("Massimo Buffetto")).unwrap();
    let soliani_row = csv.lines().find(|l| l.contains("Ivano Soliani")).unwrap();
    // `attended`, then the member id (the CRM columns follow it).
    assert!(buffetto_row.contains(",yes,") && soliani_row.contains(",no,"), "{csv}");

    let stats = app.get(&format!("/api/v1/events/{e}/stats")).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!((stats["checked_in_attendees"].as_i64(), stats["checked_in_companies"].as_i64()), (Some(3), Some(3)));
    let per_cluster: Vec<(String, i64, i64, i64)> = stats["clusters"].as_array().unwrap().iter()
        .map(|c| (c["cluster_id"].as_str().unwrap().to_owned(), c["attendees"].as_i64().unwrap(), c["checked_in_companies"].as_i64().unwrap(), c["checked_in_attendees"].as_i64().unwrap()))
        .collect();
    assert_eq!(per_cluster, vec![(w.swiss.to_string(), 1, 1, 1), (w.lombardy.to_string(), 3, 2, 2)]);

    // Undone: not attended any more.
    app.delete(&format!("/api/v1/events/{e}/check-ins/{}", id(&done))).token(&w.roland.token).send().await.expect(204);
    assert_eq!(attended(&catalogue().await.expect(200).json(), "Massimo Buffetto"), json!(false));
    let stats = app.get(&format!("/api/v1/events/{e}/stats")).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(stats["clusters"][1]["checked_in_attendees"], 1);
    // Checked in at a closed event too (offline scanners catch up).
    app.post(&format!("/api/v1/events/{e}/close")).token(&w.roland.token).send().await.expect(200);
    let again = check_in(&app, &w.roland.token, e, json!({"code": code_of(&app, &w, e, w.buffetto_contact).await})).await.expect(201).json();
    assert_eq!(attended(&catalogue().await.expect(200).json(), "Massimo Buffetto"), json!(true));
    // What the service holds about the person says when they were checked in.
    let export = app.get(&format!("/api/v1/members/{}/contacts/{}/export", w.aviometal, w.buffetto_contact)).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(export["attendances"][0]["checked_in_at"], again["scanned_at"]);
    let export = app.get(&format!("/api/v1/members/{}/contacts/{}/export", w.soliani, w.soliani_contact)).token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(export["attendances"][0]["checked_in_at"], Value::Null);
});

/// What a CSV cell holds: a value that starts like a formula gets a leading `'`.
fn cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

const READ_CSV: &str = r#"
import csv, io, json, sys
rows = list(csv.DictReader(io.StringIO(sys.stdin.buffer.read().decode("utf-8"), newline="")))
print(json.dumps(rows, ensure_ascii=False))
"#;

const HOSTILE: &[&str] = &[
    "=HYPERLINK(\"http://attacker.example\",\"Click\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "Semi;colon, comma\\back \"quote\" 'single'",
    "\u{202E}gnp.exe Right-to-left 😀",
];

db_test!(async fn badges_as_json_and_csv_follow_the_contact_rule_and_survive_hostile_names(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    let e = d.event;
    // The host's manager: Rossi (a Lombard person without consent) is not in the list.
    let json = app.get(&format!("/api/v1/events/{e}/badges")).token(&w.roland.token).send().await.expect(200).json();
    let names: Vec<(&str, &str, &str, &str)> = json["items"].as_array().unwrap().iter()
        .map(|b| (b["company"].as_str().unwrap(), b["name"].as_str().unwrap(), b["cluster"].as_str().unwrap(), b["country"].as_str().unwrap()))
        .collect();
    assert_eq!(names, [
        ("Aviometal", "Massimo Buffetto", "Lombardia Aerospace Cluster", "IT"),
        ("Helvetic Aero Services AG", "Anna Keller", "Swiss Aerospace Cluster", "CH"),
        ("Soliani Emc", "Ivano Soliani", "Lombardia Aerospace Cluster", "IT"),
    ]);
    let admin = codes(&app, &w.admin.token, e).await;
    assert_eq!(admin.len(), 4, "admins see everyone");
    let mut all: Vec<&String> = admin.iter().map(|(_, c)| c).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 4, "codes are unique");
    assert_eq!(codes(&app, &w.admin.token, e).await, admin, "and stable");
    assert_eq!(json["items"][0]["checked_in"], false);
    let _ = (&d.aviometal, &d.soliani, &d.helvetic);

    let Some(py) = python() else { return };
    for one in HOSTILE {
        app.patch(&format!("/api/v1/members/{}/contacts/{}", w.aviometal, w.buffetto_contact)).token(&w.paola.token)
            .json(json!({"name": one})).send().await.expect(200);
        app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.paola.token)
            .json(json!({"legal_name": one})).send().await.expect(200);
        let resp = app.get(&format!("/api/v1/events/{e}/badges")).header("accept", "text/csv").token(&w.roland.token).send().await.expect(200);
        assert_eq!(resp.header("content-type").unwrap(), "text/csv; charset=utf-8");
        let rows: Value = serde_json::from_str(&run_python(&py, READ_CSV, resp.text().as_bytes())).unwrap();
        let rows = rows.as_array().unwrap();
        assert_eq!(rows.len(), 3, "{one:?}: {}", resp.text());
        let buffetto = code_of(&app, &w, e, w.buffetto_contact).await;
        let row = rows.iter().find(|r| r["code"] == buffetto.as_str()).unwrap();
        assert_eq!(row["name"], cell(one), "{one:?}");
        assert_eq!(row["company"], cell(one), "{one:?}");
        assert_eq!(row["cluster"], "Lombardia Aerospace Cluster");
        assert_eq!(row["country"], "IT");
        let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 5, "{row}");
    }
});

db_test!(async fn concurrent_scans_of_one_code_make_one_check_in(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    let code = code_of(&app, &w, d.event, w.soliani_contact).await;
    let url = format!("/api/v1/events/{}/check-ins", d.event);
    let single = (0..6).map(|_| app.post(&url).token(&w.roland.token).json(json!({"code": code})).send());
    let batch_url = format!("{url}/batch");
    let batches = (0..3).map(|_| app.post(&batch_url).token(&w.roland.token).json(json!({"items": [{"code": code, "scanned_at": at(2)}]})).send());
    let (single, batches) = futures::join!(futures::future::join_all(single), futures::future::join_all(batches));
    let statuses: Vec<u16> = single.iter().map(|r| r.status.as_u16()).collect();
    let outcomes: Vec<String> = batches.iter().map(|r| {
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()["items"][0]["status"].as_str().unwrap().to_owned()
    }).collect();
    let created = statuses.iter().filter(|s| **s == 201).count() + outcomes.iter().filter(|o| *o == "created").count();
    assert_eq!(created, 1, "{statuses:?} {outcomes:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 200), "{statuses:?}");
    let stored = listed(&app, &w.roland.token, d.event).await;
    assert_eq!(stored.len(), 1);
    let ids: Vec<Value> = single.iter().map(|r| r.json()["id"].clone()).collect();
    assert!(ids.iter().all(|i| *i == stored[0]["id"]), "every answer is the one check-in");
});

db_test!(async fn attendees_registered_before_codes_existed_get_theirs_with_the_badges(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    let before = codes(&app, &w.admin.token, d.event).await;
    // As a database migrated from before check-ins holds them: registrations, no codes.
    app.db().run(|conn| {
        use cluster2cluster::store::schema::check_in_codes;
        use diesel::prelude::*;
        diesel::delete(check_in_codes::table).execute(conn).map_err(cluster2cluster::store::Error::from)?;
        Ok(())
    }).await.unwrap();
    let after = codes(&app, &w.admin.token, d.event).await;
    assert_eq!(after.len(), 4);
    for ((contact, old), (again, new)) in before.iter().zip(&after) {
        assert_eq!(contact, again);
        assert_ne!(old, new, "a new code, made when the badges were listed");
    }
    assert_eq!(codes(&app, &w.admin.token, d.event).await, after, "and kept from then on");
    check_in(&app, &w.roland.token, d.event, json!({"code": after[0].1})).await.expect(201);
});
