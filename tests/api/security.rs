//! The red team's findings (issue 12), one test each, on both backends where a database is
//! involved: each failed on the code before the fix.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use actix_web::web::Bytes;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{PASSWORD, Resp, TestApp, World};
use crate::db_test;
use crate::events::{published_event, register};

async fn login(app: &TestApp, email: &str, password: &str, forwarded: Option<&str>) -> Resp {
    let mut req = app
        .post("/api/v1/auth/login")
        .json(json!({"email": email, "password": password}));
    if let Some(xff) = forwarded {
        req = req.header("x-forwarded-for", xff);
    }
    req.send().await
}

async fn key(app: &TestApp, token: &str, cluster: Uuid, scopes: &[&str]) -> Value {
    app.post("/api/v1/api-keys")
        .token(token)
        .json(json!({"name": "Portal", "cluster_id": cluster, "scopes": scopes}))
        .send()
        .await
        .expect(201)
        .json()
}

/// A body stream that notes whether anybody read it.
fn watched_body(
    read: Arc<AtomicBool>,
    chunks: usize,
) -> impl futures::Stream<Item = Result<Bytes, actix_http::error::PayloadError>> {
    let mut parts: Vec<Bytes> = vec![Bytes::from_static(b"{\"members\":[")];
    parts.extend((0..chunks).map(|_| Bytes::from_static(b"0,")));
    parts.push(Bytes::from_static(b"0]}"));
    futures::stream::iter(parts.into_iter().map(move |b| {
        read.store(true, Ordering::SeqCst);
        Ok(b)
    }))
}

// 1. Member sync: authorised before the body is read, parsed without a JSON tree, bounded.

db_test!(async fn sync_refuses_before_reading_a_byte_of_the_body(app) {
    let w = app.world().await;
    let url = format!("/api/v1/clusters/{}/members/sync", w.lombardy);
    // A user without a role, the other cluster's manager, an editor, a key without the scope.
    let reader = key(&app, &w.paola.token, w.lombardy, &["members:read"]).await;
    for token in [&w.nobody.token, &w.roland.token, &w.ivano.token, &reader["secret"].as_str().unwrap().to_owned()] {
        let read = Arc::new(AtomicBool::new(false));
        let resp = app.put(&url).token(token).send_stream("application/json", watched_body(read.clone(), 1000)).await;
        resp.problem(403);
        assert!(!read.load(Ordering::SeqCst), "the body was read before the caller was refused");
    }
    // No token at all: 401, body unread.
    let read = Arc::new(AtomicBool::new(false));
    app.put(&url).send_stream("application/json", watched_body(read.clone(), 10)).await.problem(401);
    assert!(!read.load(Ordering::SeqCst));
    // The manager's body is read (and refused for what it holds).
    let read = Arc::new(AtomicBool::new(false));
    app.put(&url).token(&w.paola.token).send_stream("application/json", watched_body(read.clone(), 10)).await.problem(422);
    assert!(read.load(Ordering::SeqCst));
});

#[test]
fn the_sync_parser_builds_no_json_tree() {
    use crate::common::alloc::peak_during;
    use cluster2cluster::http::sync::{raw_list, read_items};
    let read = |body: &[u8]| read_items(&raw_list(body)?);
    // The attack body: 4 MB of zeros where members belong. A `serde_json::Value` of it takes
    // 32 bytes per element (64 MB); here at most 50,000 borrowed slices are kept and each
    // item is refused as it is read.
    let mut body = b"{\"members\":[".to_vec();
    for _ in 0..2_000_000 {
        body.extend_from_slice(b"0,");
    }
    body.extend_from_slice(b"0]}");
    let (result, peak) = peak_during(|| read(&body));
    let problem = result.expect_err("refused").to_problem();
    assert_eq!(problem.status, 422);
    assert!(
        problem
            .errors
            .iter()
            .any(|e| e.message.contains("at most 50000 members")),
        "{:?}",
        problem.errors.first()
    );
    // What is held is bounded by the member count (a slice and a key per member), not by
    // the body: 50,000 × (16 + 48) bytes plus a vector's growth.
    assert!(
        peak < 4 * 1024 * 1024,
        "parsing held {peak} bytes for a {} byte body",
        body.len()
    );
    // Within the count, each bad item is named, and the answer stays bounded.
    let mut body = b"{\"members\":[".to_vec();
    for _ in 0..49_999 {
        body.extend_from_slice(b"0,");
    }
    body.extend_from_slice(b"0]}");
    let (result, peak) = peak_during(|| read(&body));
    let problem = result.expect_err("refused").to_problem();
    assert_eq!(problem.errors[0].field, "members[0]");
    assert_eq!(problem.errors.len(), 200);
    assert!(peak < 4 * 1024 * 1024, "parsing held {peak} bytes");

    // A real list: reading it costs a key, a hash and a slice per member (about 200 bytes),
    // whatever the size of each member's text.
    let members: Vec<Value> = (0..2000)
        .map(|n| json!({
            "external_id": format!("P-{n}"), "legal_name": format!("Company {n}"), "country": "IT",
            "city": "Varese", "size_class": "small", "core_business": "Aerostructures and composite parts for regional aircraft",
            "areas_of_interest": ["composites", "aerostructures"],
            "contacts": [{"name": format!("Person {n}"), "email": format!("p{n}@x.example"), "share_consent": true}]
        }))
        .collect();
    let body = serde_json::to_vec(&json!({"members": members})).unwrap();
    let (result, peak) = peak_during(|| read(&body));
    assert_eq!(result.unwrap().len(), 2000);
    assert!(
        peak < 2000 * 256,
        "reading held {peak} bytes for a {} byte body",
        body.len()
    );
}

db_test!(
    settings = cluster2cluster::config::Settings { sync_concurrency: 1, ..Default::default() },
    async fn concurrent_syncs_beyond_the_limit_get_429(app) {
        let w = app.world().await;
        let url = format!("/api/v1/clusters/{}/members/sync", w.lombardy);
        // The first sync's body trickles in and holds the only place.
        let (tx, rx) = futures::channel::mpsc::unbounded::<Result<Bytes, actix_http::error::PayloadError>>();
        let first = app.put(&url).token(&w.paola.token).send_stream("application/json", rx);
        let second = async {
            while app.state.sync_slots.available_permits() > 0 {
                actix_web::rt::task::yield_now().await;
            }
            let resp = app.put(&url).token(&w.paola.token).json(json!({"members": []})).send().await;
            tx.unbounded_send(Ok(Bytes::from_static(b"{\"members\": []}"))).unwrap();
            drop(tx);
            resp
        };
        let (first, second) = futures::join!(first, second);
        assert_eq!(second.header("retry-after").as_deref(), Some("10"));
        assert_eq!(second.header("ratelimit-policy").as_deref(), Some("\"member-sync\";q=1;w=1"));
        second.problem(429);
        first.expect(200);
        // The place is free again.
        app.put(&url).token(&w.paola.token).json(json!({"members": []})).send().await.expect(200);
    }
);

// 2. external_id is the portal's key: editors may not set it.

db_test!(async fn editors_cannot_squat_a_portal_key(app) {
    let w = app.world().await;
    let url = format!("/api/v1/members/{}", w.aviometal);
    let p = app.patch(&url).token(&w.buffetto.token).json(json!({"external_id": "LAC-0001"})).send().await.problem(403);
    assert!(p["detail"].as_str().unwrap().contains("external_id"));
    // The rest of the profile is theirs to edit, including a PUT that repeats the key as is.
    let current = app.get(&url).token(&w.buffetto.token).send().await.expect(200).json();
    app.patch(&url).token(&w.buffetto.token).json(json!({"city": "Gallarate"})).send().await.expect(200);
    let mut full = current.clone();
    // Without what is read-only (translations are written at …/translations/{lang}).
    for f in ["id", "version", "created_at", "updated_at", "translations"] {
        full.as_object_mut().unwrap().remove(f);
    }
    full["city"] = json!("Busto Arsizio");
    app.put(&url).token(&w.buffetto.token).json(full.clone()).send().await.expect(200);
    // Its managers may set it, and then the editor still may not change or clear it.
    app.patch(&url).token(&w.paola.token).json(json!({"external_id": "LAC-0001"})).send().await.expect(200);
    app.patch(&url).token(&w.buffetto.token).json(json!({"external_id": null})).send().await.problem(403);
    app.patch(&url).token(&w.buffetto.token).json(json!({"external_id": "LAC-0002"})).send().await.problem(403);
    let after = app.get(&url).token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(after["external_id"], "LAC-0001");
});

// 3. The login throttle holds under concurrency: the check and the count are one step.

db_test!(async fn concurrent_guesses_cannot_outrun_the_throttle(app) {
    app.world().await;
    let guesses: Vec<String> = (0..40).map(|i| format!("guess number {i}")).collect();
    let attempts: Vec<_> = guesses
        .iter()
        .map(|g| login(&app, "ivano@soliani.example", g, None))
        .collect();
    let results = futures::future::join_all(attempts).await;
    let statuses: Vec<u16> = results.iter().map(|r| r.status.as_u16()).collect();
    // Exactly the limit was checked; every other attempt was refused unchecked.
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 10, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 30, "{statuses:?}");
    // The right password comes too late in the window.
    login(&app, "ivano@soliani.example", PASSWORD, None).await.problem(429);
});

// 4. One rule decides who sees a contact person: registrations.

db_test!(async fn registrations_show_private_attendees_only_to_their_side(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    let reg = register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact, w.rossi_contact]).await.expect(201).json();
    let swiss_key = key(&app, &w.roland.token, w.swiss, &["events:read"]).await;
    let swiss_key = swiss_key["secret"].as_str().unwrap();
    let names = |body: &Value| -> Vec<String> {
        body["attendees"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap().to_owned()).collect()
    };
    let list_url = format!("/api/v1/events/{event}/registrations");
    let one_url = format!("/api/v1/events/{event}/registrations/{}", reg["id"].as_str().unwrap());
    // The host cluster's manager and its key: only the consenting attendee, in list and item.
    for token in [w.roland.token.as_str(), swiss_key] {
        let list = app.get(&list_url).token(token).send().await.expect(200).json();
        assert_eq!(names(&list["items"][0]), ["Ivano Soliani"], "{list}");
        let one = app.get(&one_url).token(token).send().await.expect(200).json();
        assert_eq!(names(&one), ["Ivano Soliani"]);
        assert!(!one.to_string().contains("chiara@soliani.example"));
    }
    // The company's editor, its cluster's manager and the admin see both.
    for token in [&w.ivano.token, &w.paola.token, &w.admin.token] {
        let one = app.get(&one_url).token(token).send().await.expect(200).json();
        assert_eq!(names(&one), ["Ivano Soliani", "Chiara Rossi"]);
    }
});

// 5, 6, 7. Text that reaches an export: one line where a line is meant, escaped everywhere.

db_test!(async fn line_breaks_are_refused_in_one_line_fields(app) {
    let w = app.world().await;
    let member = format!("/api/v1/members/{}", w.aviometal);
    for (field, value) in [
        ("website", "https://aviometal.example/\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Roland Hengartner"),
        ("website", "https://aviometal.example/\tx"),
        ("legal_name", "Aviometal\r\nEND:VCARD"),
        ("city", "Varese\nNOTE:x"),
        ("areas_of_interest", "x"),
    ] {
        let body = if field == "areas_of_interest" { json!({field: ["EMC\r\ntesting"]}) } else { json!({field: value}) };
        let p = app.patch(&member).token(&w.paola.token).json(body).send().await.problem(422);
        assert!(crate::common::Resp::error_fields(&p)[0].starts_with(field), "{p}");
    }
    let contact = format!("/api/v1/members/{}/contacts/{}", w.soliani, w.soliani_contact);
    app.patch(&contact).token(&w.ivano.token).json(json!({"name": "Ivano\rSoliani"})).send().await.problem(422);
    app.patch(&contact).token(&w.ivano.token).json(json!({"role": "CEO\u{2028}x"})).send().await.problem(422);
    let mut event = crate::events::event_body(&w);
    event["title"] = json!("Nidwalden\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Pay invoice at http://attacker.example");
    app.post("/api/v1/events").token(&w.roland.token).json(event).send().await.problem(422);
    app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(json!({
        "from_member_id": w.soliani, "to_member_id": w.helvetic, "kind": "supply",
        "subject": "EMC\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Pay invoice at http://attacker.example",
    })).send().await.problem(422);
    // A website is kept in its normalised form.
    let m = app.patch(&member).token(&w.paola.token).json(json!({"website": "https://Aviometal.Example/ä"})).send().await.expect(200).json();
    assert_eq!(m["website"], "https://aviometal.example/%C3%A4");
});

db_test!(async fn csv_cells_that_spreadsheets_would_run_are_neutralised(app) {
    let w = app.world().await;
    let Some(python) = crate::common::python() else { return };
    let member = format!("/api/v1/members/{}", w.aviometal);
    app.patch(&member).token(&w.paola.token).json(json!({
        "legal_name": "=HYPERLINK(\"http://attacker.example\",\"Click\")",
        "city": "+cmd|' /C calc'!A0",
        "core_business": "@SUM(1+1)*cmd|' /C calc'!A0",
    })).send().await.expect(200);
    let contact = format!("/api/v1/members/{}/contacts/{}", w.aviometal, w.buffetto_contact);
    app.patch(&contact).token(&w.paola.token).json(json!({"name": "-2+3+cmd|' /C calc'!A0", "role": "\tTab"}))
        .send().await.problem(422); // a tab is not part of a one-line role
    app.patch(&contact).token(&w.paola.token).json(json!({"name": "-2+3+cmd|' /C calc'!A0", "role": "@role"}))
        .send().await.expect(200);
    let csv = app.get(&format!("/api/v1/clusters/{}/catalogue?format=csv", w.lombardy)).token(&w.paola.token).send().await.expect(200);
    let rows = crate::common::run_python(&python, r#"
import csv, io, json, sys
print(json.dumps(list(csv.DictReader(io.StringIO(sys.stdin.read(), newline="")))))
"#, &csv.body);
    let rows: Vec<Value> = serde_json::from_str(&rows).unwrap();
    let row = rows.iter().find(|r| r["contact_name"].as_str().unwrap().contains("cmd")).unwrap();
    assert_eq!(row["company"], "'=HYPERLINK(\"http://attacker.example\",\"Click\")");
    assert_eq!(row["company_city"], "'+cmd|' /C calc'!A0");
    assert_eq!(row["core_business"], "'@SUM(1+1)*cmd|' /C calc'!A0");
    assert_eq!(row["contact_name"], "'-2+3+cmd|' /C calc'!A0");
    assert_eq!(row["contact_role"], "'@role");
    // Phone numbers keep their `+`: they are validated to digits and `+ ./()-` only.
    assert_eq!(row["phone"], "+41 41 000 00 00");
});

// 8. A stolen access token is no password oracle.

db_test!(async fn wrong_current_passwords_are_throttled_like_logins(app) {
    let w = app.world().await;
    for i in 0..10 {
        app.post("/api/v1/me/password").token(&w.ivano.token)
            .json(json!({"current_password": format!("guess {i}"), "new_password": "a much longer passphrase"}))
            .send().await.problem(422);
    }
    let resp = app.post("/api/v1/me/password").token(&w.ivano.token)
        .json(json!({"current_password": PASSWORD, "new_password": "a much longer passphrase"}))
        .send().await;
    assert!(resp.header("retry-after").is_some());
    resp.problem(429);
    // The same count as log-ins: the account is throttled there too.
    login(&app, "ivano@soliani.example", PASSWORD, None).await.problem(429);
});

// 9, 10. Behind a proxy: the address the proxy appended counts, and a blocked address does
// not lock out a colleague who knows their password.

db_test!(
    settings = cluster2cluster::config::Settings { trust_forwarded_for: true, ..Default::default() },
    async fn the_proxys_entry_counts_and_colleagues_still_get_in(app) {
        app.world().await;
        // 100 failures for 50 accounts from one office; the client varies the left part.
        for i in 0..100 {
            let xff = format!("203.0.113.{}, 198.51.100.7", i % 250);
            login(&app, &format!("unknown{}@office.example", i % 50), "wrong", Some(&xff)).await.problem(401);
        }
        // Guessing on from there: the address is over its limit, so an account that already
        // failed from it is refused without a check...
        let resp = login(&app, "unknown1@office.example", "wrong", Some("192.0.2.99, 198.51.100.7")).await;
        assert!(resp.header("retry-after").is_some());
        resp.problem(429);
        // ...while a colleague behind the same address logs in with the right password.
        login(&app, "ivano@soliani.example", PASSWORD, Some("10.1.1.1, 198.51.100.7")).await.expect(200);
        // And one wrong attempt from there is all that account gets while the address is over.
        login(&app, "paola@lombardia.example", "wrong", Some("198.51.100.7")).await.problem(401);
        login(&app, "paola@lombardia.example", PASSWORD, Some("198.51.100.7")).await.problem(429);
        // From another address, nothing of this applies.
        login(&app, "paola@lombardia.example", PASSWORD, Some("198.51.100.8")).await.expect(200);
    }
);

#[test]
fn the_client_is_the_entry_the_trusted_proxies_appended() {
    use cluster2cluster::config::Settings;
    use cluster2cluster::http::auth::client_address;
    let req = |xff: &str| {
        actix_web::test::TestRequest::default()
            .insert_header(("x-forwarded-for", xff.to_owned()))
            .peer_addr("10.0.0.2:4000".parse().unwrap())
            .to_http_request()
    };
    let one = Settings {
        trust_forwarded_for: true,
        trusted_proxies: 1,
        ..Default::default()
    };
    let two = Settings {
        trust_forwarded_for: true,
        trusted_proxies: 2,
        ..Default::default()
    };
    assert_eq!(
        client_address(&req("203.0.113.5, 198.51.100.7"), &one),
        "198.51.100.7"
    );
    assert_eq!(
        client_address(&req("203.0.113.5, 198.51.100.7"), &two),
        "203.0.113.5"
    );
    assert_eq!(
        client_address(&req("[2001:db8::1]:4711"), &one),
        "2001:db8::1"
    );
    // Fewer entries than proxies, or garbage: the peer.
    assert_eq!(client_address(&req("198.51.100.7"), &two), "10.0.0.2");
    assert_eq!(client_address(&req("not an address"), &one), "10.0.0.2");
    assert_eq!(
        client_address(&req("203.0.113.5"), &Settings::default()),
        "10.0.0.2"
    );
}

// 12. Meeting participants: your own people, or the other side's consenting ones.

db_test!(async fn meeting_participants_follow_the_contact_rule(app) {
    let w = app.world().await;
    let request = app.post("/api/v1/partnership-requests").token(&w.ivano.token).json(json!({
        "from_member_id": w.soliani, "to_member_id": w.helvetic, "kind": "supply", "subject": "EMC tests",
    })).send().await.expect(201).json();
    let id = request["id"].as_str().unwrap();
    app.post(&format!("/api/v1/partnership-requests/{id}/accept")).token(&w.anna.token).send().await.expect(200);
    let meetings = format!("/api/v1/partnership-requests/{id}/meetings");
    let body = |people: &[Uuid]| json!({
        "starts_at": "2030-06-03T10:00:00+02:00", "ends_at": "2030-06-03T11:00:00+02:00",
        "time_zone": "Europe/Zurich", "location": "Stans", "participant_contact_ids": people,
    });
    // Helvetic's editor cannot add Soliani's private person, nor probe for her.
    let p = app.post(&meetings).token(&w.anna.token).json(body(&[w.keller_contact, w.rossi_contact])).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), ["participant_contact_ids[1]"]);
    assert!(!p.to_string().contains("Chiara"));
    // Soliani's consenting person is fine.
    app.post(&meetings).token(&w.anna.token).json(body(&[w.keller_contact, w.soliani_contact])).send().await.expect(201);
    // Soliani adds its own private person; Helvetic sees the meeting without her.
    let m = app.post(&meetings).token(&w.ivano.token).json(body(&[w.rossi_contact, w.keller_contact])).send().await.expect(201).json();
    let url = format!("{meetings}/{}", m["id"].as_str().unwrap());
    let seen = app.get(&url).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(seen["participant_contact_ids"], json!([w.keller_contact]));
    assert!(!seen.to_string().contains("chiara@soliani.example"));
    let ics = app.get(&format!("{url}?format=ics")).token(&w.anna.token).send().await.expect(200).text();
    assert!(!ics.contains("Chiara"), "{ics}");
    // Helvetic edits the meeting: the person it cannot see stays.
    app.patch(&url).token(&w.anna.token).json(json!({"location": "Buochs"})).send().await.expect(200);
    let full = app.get(&url).token(&w.ivano.token).send().await.expect(200).json();
    let mut ids: Vec<String> = full["participant_contact_ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    ids.sort();
    let mut expected = vec![w.rossi_contact.to_string(), w.keller_contact.to_string()];
    expected.sort();
    assert_eq!(ids, expected);
});

// 13. Grants and keys end with what they were for.

db_test!(async fn a_removed_company_takes_its_editors_rights_along(app) {
    let w = app.world().await;
    // Aviometal comes from the portal, then the portal's mirror no longer lists it.
    app.patch(&format!("/api/v1/members/{}", w.aviometal)).token(&w.paola.token).json(json!({"external_id": "LAC-0001"})).send().await.expect(200);
    let catalogue = format!("/api/v1/clusters/{}/catalogue", w.lombardy);
    app.get(&catalogue).token(&w.buffetto.token).send().await.expect(200);
    app.put(&format!("/api/v1/clusters/{}/members/sync?mode=mirror&max_removals=1", w.lombardy))
        .token(&w.paola.token).json(json!({"members": []})).send().await.expect(200);
    app.get(&catalogue).token(&w.buffetto.token).send().await.problem(403);
    let me = app.get("/api/v1/me").token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(me["roles"], json!([]), "{me}");
});

db_test!(async fn a_key_stops_when_its_maker_no_longer_manages_the_cluster(app) {
    let w = app.world().await;
    // A second manager of Lombardy makes a key.
    let other = app.person("second.manager@lombardia.example", &[cluster2cluster::domain::access::Grant {
        role: cluster2cluster::domain::access::Role::ClusterManager,
        scope: cluster2cluster::domain::access::Scope::Cluster(w.lombardy),
    }]);
    let made = key(&app, &other.token, w.lombardy, &["members:read"]).await;
    let secret = made["secret"].as_str().unwrap().to_owned();
    assert_eq!(made["created_by"], json!(other.id));
    app.get("/api/v1/members").token(&secret).send().await.expect(200);
    let listed = app.get("/api/v1/api-keys").token(&w.paola.token).send().await.expect(200).json();
    let entry = listed["items"].as_array().unwrap().iter().find(|k| k["id"] == made["id"]).unwrap().clone();
    assert_eq!(entry["created_by"], json!(other.id));
    assert!(entry["last_used_at"].is_string(), "{entry}");
    // Their role is revoked: the key is suspended.
    let grants = app.get(&format!("/api/v1/users/{}/roles", other.id)).token(&w.admin.token).send().await.expect(200).json();
    let grant = grants[0]["id"].as_str().unwrap();
    app.delete(&format!("/api/v1/users/{}/roles/{grant}", other.id)).token(&w.admin.token).send().await.expect(204);
    let p = app.get("/api/v1/members").token(&secret).send().await.problem(401);
    assert!(p["detail"].as_str().unwrap().contains("no longer manages"));
    // A key whose maker was deleted stops too.
    let paolas = key(&app, &w.paola.token, w.lombardy, &["members:read"]).await;
    let paolas = paolas["secret"].as_str().unwrap();
    app.get("/api/v1/members").token(paolas).send().await.expect(200);
    app.delete(&format!("/api/v1/users/{}", w.paola.id)).token(&w.admin.token).send().await.expect(204);
    app.get("/api/v1/members").token(paolas).send().await.problem(401);
});

// 14. Granting a role is no way to read a stranger's e-mail address.

db_test!(async fn managers_grant_only_to_their_own_people(app) {
    let w = app.world().await;
    let grant = json!({"role": "member_editor", "member_id": w.aviometal});
    // Strangers (a role-less user, the other cluster's editor): as if they did not exist.
    for stranger in [w.nobody.id, w.anna.id] {
        let p = app.post(&format!("/api/v1/users/{stranger}/roles")).token(&w.paola.token).json(grant.clone()).send().await.problem(404);
        assert!(!p.to_string().contains("@"), "{p}");
        app.get(&format!("/api/v1/users/{stranger}")).token(&w.paola.token).send().await.problem(404);
    }
    // People of her cluster, and accounts she created, she may.
    app.post(&format!("/api/v1/users/{}/roles", w.ivano.id)).token(&w.paola.token).json(grant.clone()).send().await.expect(201);
    let new = app.post("/api/v1/users").token(&w.paola.token).json(json!({
        "email": "new.colleague@aviometal.example", "password": "a long enough passphrase", "display_name": "New Colleague"
    })).send().await.expect(201).json();
    app.get(&format!("/api/v1/users/{}", new["id"].as_str().unwrap())).token(&w.paola.token).send().await.expect(200);
    app.post(&format!("/api/v1/users/{}/roles", new["id"].as_str().unwrap())).token(&w.paola.token).json(grant.clone()).send().await.expect(201);
    // An address that is taken is not repeated back.
    let p = app.post("/api/v1/users").token(&w.paola.token).json(json!({
        "email": "anna@helvetic.example", "password": "a long enough passphrase", "display_name": "Probe"
    })).send().await.problem(409);
    assert!(!p.to_string().contains("anna@helvetic.example"), "{p}");
    // Admins still grant anything to anyone.
    app.post(&format!("/api/v1/users/{}/roles", w.nobody.id)).token(&w.admin.token).json(grant).send().await.expect(201);
});

// 15. Webhook targets that embed a private IPv4 address.

db_test!(async fn webhook_targets_with_embedded_private_addresses_are_refused(app) {
    let w = app.world().await;
    for url in [
        "http://[::127.0.0.1]/hook",
        "http://[64:ff9b::7f00:1]/hook",
        "http://[64:ff9b::a9fe:a9fe]/latest/meta-data",
        "http://[fec0::1]/hook",
        "http://[2002:7f00:1::1]/hook",
        "http://[2002:c0a8:101::]/hook",
        "http://[::ffff:10.0.0.1]/hook",
    ] {
        let p = app.post("/api/v1/webhooks").token(&w.paola.token).json(json!({
            "cluster_id": w.lombardy, "url": url, "event_types": ["member.created"], "secret": "a long shared secret for the signatures"
        })).send().await.problem(422);
        assert_eq!(Resp::error_fields(&p), ["url"], "{url}: {p}");
    }
});

// 16. No published secret, no third-party validator, a CSP on the docs.

#[test]
fn published_jwt_secrets_are_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let url = dir.path().join("c2c.db").to_string_lossy().into_owned();
    let db = cluster2cluster::startup::open_database(
        &url,
        Default::default(),
        std::time::Duration::ZERO,
    )
    .unwrap();
    for placeholder in [
        "change-me-to-a-long-random-secret-0123456789",
        "replace-me-with-something-secret-1234567890",
    ] {
        let e = cluster2cluster::startup::jwt_secret(&db, Some(placeholder.into())).unwrap_err();
        assert!(e.contains("placeholder"), "{e}");
    }
    assert!(
        cluster2cluster::startup::jwt_secret(&db, Some("Zq8vR2mN5xK1pL7wT4yB9cF3hJ6dG0sA".into()))
            .is_ok()
    );
    let compose =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docker-compose.yml"))
            .unwrap();
    assert!(
        !compose.contains("change-me"),
        "docker-compose.yml must not ship a signing secret"
    );
}

db_test!(async fn swagger_ui_stays_local_and_has_a_csp(app) {
    let init = app.get("/docs/swagger-initializer.js").send().await.expect(200).text();
    assert!(init.contains("\"validatorUrl\": \"none\""), "{init}");
    let page = app.get("/docs/").send().await.expect(200);
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"), "{csp}");
    let api = app.get("/healthz").send().await.expect(200);
    assert!(api.header("content-security-policy").unwrap().contains("default-src 'none'"));
});

// 17. Suggestions are bounded per caller, with the limit in the headers.

db_test!(
    settings = cluster2cluster::config::Settings { suggestions_per_user: 1, ..Default::default() },
    async fn suggestions_are_limited_per_caller(app) {
        let w = app.world().await;
        let url = format!("/api/v1/members/{}/suggestions", w.aviometal);
        let ok = app.get(&url).token(&w.nobody.token).send().await.expect(200);
        assert_eq!(ok.header("ratelimit-policy").as_deref(), Some("\"suggestions\";q=1;w=1"));
        assert_eq!(ok.header("ratelimit").as_deref(), Some("\"suggestions\";r=0;t=0"));
        // While one of the caller's computations runs, the next is refused; others go on.
        let held = app.state.suggestion_slots.try_acquire(w.nobody.id).unwrap();
        let resp = app.get(&url).token(&w.nobody.token).send().await;
        assert_eq!(resp.header("retry-after").as_deref(), Some("1"));
        assert!(resp.header("ratelimit").is_some());
        resp.problem(429);
        app.get(&url).token(&w.ivano.token).send().await.expect(200);
        drop(held);
        app.get(&url).token(&w.nobody.token).send().await.expect(200);
    }
);

#[allow(dead_code)]
fn unused(_: &World, _: &AtomicUsize) {}
