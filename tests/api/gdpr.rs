//! Requests of data subjects: export everything held about a contact person or a user, and
//! erase a contact person so that they appear in no answer, export or feed afterwards.

use serde_json::{Value, json};

use crate::common::receiver::Receiver;
use crate::common::{PASSWORD, TestApp, World};
use crate::db_test;
use crate::sweep::{fill, objects};

const NAME: &str = "Massimo Buffetto";
const EMAIL: &str = "massimo.buffetto@aviometal.example";

async fn contact_feed(app: &TestApp, token: &str) -> Vec<String> {
    let mut alive = std::collections::BTreeMap::new();
    let mut since = 0;
    loop {
        let page = app
            .get(&format!("/api/v1/contacts/changes?since={since}"))
            .token(token)
            .send()
            .await
            .expect(200)
            .json();
        let items = page["items"].as_array().unwrap();
        if items.is_empty() {
            return alive.into_values().collect();
        }
        for item in items {
            let id = item["id"].as_str().unwrap().to_owned();
            if item["deleted"] == true {
                alive.remove(&id);
            } else {
                alive.insert(id, item["contact"].to_string());
            }
        }
        since = page["next_since"].as_i64().unwrap();
    }
}

db_test!(async fn a_contact_person_gets_everything_held_about_them(app) {
    let w = app.world().await;
    let o = objects(&app, &w).await;
    let url = format!("/api/v1/members/{}/contacts/{}/export", w.aviometal, w.buffetto_contact);
    let export = app.get(&url).token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(export["contact"]["name"], NAME);
    assert_eq!(export["contact"]["email"], EMAIL);
    assert_eq!(export["member_id"], w.aviometal.to_string());
    assert_eq!(export["member_legal_name"], "Aviometal");
    let attendances = export["attendances"].as_array().unwrap();
    assert_eq!(attendances.len(), 1);
    assert_eq!(attendances[0]["registration_id"], o.registration.as_str());
    assert_eq!(attendances[0]["event_id"], o.event.to_string());
    assert_eq!(attendances[0]["registration_status"], "active");
    // The cluster's managers and admins may export; other companies' editors and other
    // clusters' managers may not; the id reached through another company is "not found".
    app.get(&url).token(&w.paola.token).send().await.expect(200);
    app.get(&url).token(&w.admin.token).send().await.expect(200);
    app.get(&url).token(&w.ivano.token).send().await.problem(403);
    app.get(&url).token(&w.roland.token).send().await.problem(403);
    app.get(&format!("/api/v1/members/{}/contacts/{}/export", w.soliani, w.buffetto_contact)).token(&w.admin.token).send().await.problem(404);
});

db_test!(
    settings = cluster2cluster::config::Settings { webhooks_allow_private: true, ..Default::default() },
    async fn an_erased_person_appears_nowhere_afterwards(app) {
        let w: World = app.world().await;
        let receiver = Receiver::start();
        app.post("/api/v1/webhooks").token(&w.paola.token).json(json!({
            "cluster_id": w.lombardy, "url": receiver.url, "secret": "a long shared secret for the signatures",
            "event_types": ["contact.removed"]
        })).send().await.expect(201);
        let o = objects(&app, &w).await;
        // A retried request kept an answer that names the person.
        app.put(&format!("/api/v1/members/{}/contacts/{}", w.aviometal, w.buffetto_contact)).token(&w.buffetto.token)
            .json(json!({"name": NAME, "role": "Managing director", "email": EMAIL, "share_consent": true})).send().await.expect(200);
        app.post(&format!("/api/v1/members/{}/contacts", w.aviometal)).token(&w.buffetto.token).header("idempotency-key", "colleague-1")
            .json(json!({"name": "A colleague", "email": "colleague@aviometal.example", "share_consent": true})).send().await.expect(201);
        // Before: the person is there (the checks below can see them).
        assert!(contact_feed(&app, &w.ivano.token).await.iter().any(|c| c.contains(EMAIL)));
        let catalogue = format!("/api/v1/events/{}/catalogue", o.event);
        assert!(app.get(&catalogue).token(&w.paola.token).send().await.expect(200).text().contains(EMAIL));

        let erase = format!("/api/v1/members/{}/contacts/{}/erase", w.aviometal, w.buffetto_contact);
        app.post(&erase).token(&w.ivano.token).send().await.problem(403);
        app.post(&erase).token(&w.buffetto.token).send().await.expect(204);
        app.post(&erase).token(&w.buffetto.token).send().await.problem(404);

        // Every read operation, as the admin (who sees most), as the company's editor and as
        // another company's editor: neither name nor e-mail anywhere.
        let doc: Value = serde_json::from_str(include_str!("../../openapi/openapi.json")).unwrap();
        let mut checked = 0;
        for (path, ops) in doc["paths"].as_object().unwrap() {
            if ops.get("get").is_none() {
                continue;
            }
            let url = fill(path, &w, &o);
            let variants = if path.ends_with("/catalogue") {
                vec![url.clone(), format!("{url}?format=csv"), format!("{url}?format=vcf")]
            } else {
                vec![url]
            };
            for url in variants {
                for token in [&w.admin.token, &w.buffetto.token, &w.ivano.token] {
                    let body = app.get(&url).token(token).send().await.text();
                    assert!(!body.contains(NAME) && !body.contains(EMAIL), "GET {url} still names the person: {body}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 150, "{checked}");
        // The day is still to come: the person no longer attends (the seat is free); the
        // registration stays, with its company.
        let registration = app.get(&format!("/api/v1/events/{}/registrations/{}", o.event, o.registration)).token(&w.buffetto.token).send().await.expect(200).json();
        assert!(registration["attendees"].as_array().unwrap().is_empty());
        // A tombstone for pulls that ask for them, without data.
        let people = app.get(&format!("/api/v1/members/{}/contacts?include_removed=true", w.aviometal)).token(&w.buffetto.token).send().await.expect(200).json();
        let stone = people["items"].as_array().unwrap().iter().find(|c| c["id"] == w.buffetto_contact.to_string()).unwrap();
        assert!(!stone["removed_at"].is_null());
        assert_eq!(stone["name"], "Erased person");
        assert!(stone["email"].is_null() && stone["phone"].is_null());
        // Feeds replayed from 0: gone for everyone.
        for token in [&w.admin.token, &w.buffetto.token, &w.ivano.token, &w.paola.token] {
            assert!(contact_feed(&app, token).await.iter().all(|c| !c.contains(EMAIL) && !c.contains(NAME)));
        }
        // The mirrors were told.
        let deliverer = cluster2cluster::workers::webhooks::Deliverer::new(app.db().clone(), true);
        while deliverer.run_once().await.unwrap() > 0 {}
        let told: Vec<Value> = receiver.received().iter().map(|r| serde_json::from_str(&r.body).unwrap()).collect();
        assert!(told.iter().any(|e| e["type"] == "contact.removed" && e["data"]["contact_id"] == w.buffetto_contact.to_string()));
        // No kept answer names them (the colleague's is kept: it does not).
        use cluster2cluster::store::schema::idempotency_keys as keys;
        use diesel::prelude::*;
        let kept: Vec<Option<String>> = app.db().run(|conn| Ok(keys::table.select(keys::body).load(conn)?)).await.unwrap();
        assert_eq!(kept.len(), 1);
        assert!(kept.iter().flatten().all(|b| !b.contains(EMAIL)));
        // Neither does the database, besides the ids in histories.
        let rows: Vec<(String, Option<String>)> = app.db().run(|conn| {
            use cluster2cluster::store::schema::contacts;
            Ok(contacts::table.select((contacts::name, contacts::email)).load(conn)?)
        }).await.unwrap();
        assert!(rows.iter().all(|(n, e)| n != NAME && e.as_deref() != Some(EMAIL)));
    }
);

db_test!(async fn a_user_gets_everything_held_about_their_account(app) {
    let w = app.world().await;
    let o = objects(&app, &w).await;
    // A sign-in makes a session.
    app.post("/api/v1/auth/login").json(json!({"email": "buffetto@aviometal.example", "password": PASSWORD})).send().await.expect(200);
    let export = app.get("/api/v1/me/export").token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(export["user"]["email"], "buffetto@aviometal.example");
    assert_eq!(export["user"]["id"], w.buffetto.id.to_string());
    assert!(!export.to_string().contains("password_hash") && !export.to_string().contains("$argon2"));
    assert_eq!(export["sessions"].as_array().unwrap().len(), 1);
    let made: Vec<&str> = export["registrations_made"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(made, [o.registration.as_str()]);
    let asked: Vec<&str> = export["meeting_requests_created"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(asked, [o.meeting_request.as_str()]);
    // The mail sent to him (his registration confirmed, …) and what he turned off.
    let mails = export["mails_received"].as_array().unwrap();
    assert!(mails.iter().any(|m| m["label"].as_str().unwrap().starts_with("Registration confirmed")), "{mails:?}");
    assert_eq!(export["mail_muted"], json!([]));
    // Buffetto accepted Soliani's partnership request: his decision is his data.
    let decided = export["partnership_status_changes"].as_array().unwrap();
    assert_eq!(decided.len(), 1);
    assert_eq!((decided[0]["partnership_request_id"].as_str(), decided[0]["to_status"].as_str()), (Some(o.partnership.as_str()), Some("accepted")));
    // Paola made the API key and wrote the note.
    let paola = app.get("/api/v1/me/export").token(&w.paola.token).send().await.expect(200).json();
    assert_eq!(paola["api_keys_created"][0]["id"], o.api_key.as_str());
    assert_eq!(paola["trade_notes_written"][0]["id"], o.trade_note.as_str());
    assert!(paola["registrations_made"].as_array().unwrap().is_empty());
    app.get("/api/v1/me/export").send().await.problem(401);

    // Deleting the account erases it, kept answers included.
    app.post(&format!("/api/v1/members/{}/contacts", w.aviometal)).token(&w.buffetto.token).header("idempotency-key", "k-1")
        .json(json!({"name": "Someone", "share_consent": false})).send().await.expect(201);
    app.delete(&format!("/api/v1/users/{}", w.buffetto.id)).token(&w.admin.token).send().await.expect(204);
    // His mail goes with the account.
    let left = app.get("/api/v1/admin/mail?to=buffetto@aviometal.example").token(&w.admin.token).send().await.expect(200).json();
    assert_eq!(left["items"], json!([]));
    use cluster2cluster::store::schema::idempotency_keys as keys;
    use diesel::prelude::*;
    let kept: i64 = app.db().run(|conn| Ok(keys::table.count().get_result(conn)?)).await.unwrap();
    assert_eq!(kept, 0);
});

db_test!(async fn a_person_deleted_by_hand_is_a_tombstone_and_frees_their_seat(app) {
    let w = app.world().await;
    let o = objects(&app, &w).await;
    let seats = |e: Value| e["seats_taken"].as_i64().unwrap();
    let before = seats(app.get(&format!("/api/v1/events/{}", o.event)).token(&w.roland.token).send().await.expect(200).json());
    let since = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    let url = format!("/api/v1/members/{}/contacts/{}", w.aviometal, w.buffetto_contact);
    app.delete(&url).token(&w.buffetto.token).send().await.expect(204);
    app.get(&url).token(&w.buffetto.token).send().await.problem(404);
    app.delete(&url).token(&w.buffetto.token).send().await.problem(404);
    let after = seats(app.get(&format!("/api/v1/events/{}", o.event)).token(&w.roland.token).send().await.expect(200).json());
    assert_eq!(after, before - 1, "the seat of the coming day is free");
    let list = format!("/api/v1/members/{}/contacts?updated_since={since}", w.aviometal);
    assert!(app.get(&list).token(&w.buffetto.token).send().await.expect(200).json()["items"].as_array().unwrap().is_empty());
    let stones = app.get(&format!("{list}&include_removed=true")).token(&w.buffetto.token).send().await.expect(200).json();
    let items = stones["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], w.buffetto_contact.to_string());
    assert!(!items[0]["removed_at"].is_null() && items[0]["email"].is_null());
});
