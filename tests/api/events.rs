//! Events: creation, visibility, the status machine, registrations and capacity.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Resp, TestApp, World};
use crate::db_test;

/// A Cluster2Cluster day hosted by the Swiss cluster with the Lombard one as guest.
pub fn event_body(w: &World) -> Value {
    json!({
        "title": "Cluster2Cluster Nidwalden",
        "host_cluster_id": w.swiss,
        "guest_cluster_ids": [w.lombardy],
        "starts_at": "2030-05-14T09:00:00+02:00",
        "ends_at": "2030-05-14T17:30:00+02:00",
        "time_zone": "Europe/Zurich",
        "venue": {"name": "Stans venue", "address": "Dorfplatz 1", "city": "Stans", "region": "CH-NW", "country": "CH"},
        "transport": "Bus from Milano",
        "capacity": 40,
        "registration_deadline": "2030-05-10T00:00:00Z",
        "description": "22 entrepreneurs, 3-minute pitches",
        "media_links": [{"title": "Interviews with the cluster managers", "url": "https://video.example/c2c", "kind": "video"}]
    })
}

pub async fn create_event(app: &TestApp, w: &World, body: Value) -> Value {
    app.post("/api/v1/events")
        .token(&w.roland.token)
        .json(body)
        .send()
        .await
        .expect(201)
        .json()
}

pub async fn published_event(app: &TestApp, w: &World) -> Uuid {
    let e = create_event(app, w, event_body(w)).await;
    let id = e["id"].as_str().unwrap().to_owned();
    app.post(&format!("/api/v1/events/{id}/publish"))
        .token(&w.roland.token)
        .send()
        .await
        .expect(200);
    id.parse().unwrap()
}

pub async fn register(
    app: &TestApp,
    token: &str,
    event: Uuid,
    member: Uuid,
    attendees: &[Uuid],
) -> Resp {
    app.post(&format!("/api/v1/events/{event}/registrations"))
        .token(token)
        .json(json!({"member_id": member, "attendee_contact_ids": attendees}))
        .send()
        .await
}

db_test!(async fn the_host_creates_an_event_and_it_reads_back(app) {
    let w = app.world().await;
    let resp = app.post("/api/v1/events").token(&w.roland.token).json(event_body(&w)).send().await.expect(201);
    let e = resp.json();
    assert_eq!(resp.header("location").unwrap(), format!("/api/v1/events/{}", e["id"].as_str().unwrap()));
    assert_eq!(e["status"], "draft");
    assert_eq!(e["starts_at"], "2030-05-14T07:00:00Z", "stored and answered in UTC");
    assert_eq!(e["time_zone"], "Europe/Zurich");
    assert_eq!(e["venue"]["region"], "CH-NW");
    assert_eq!(e["guest_cluster_ids"], json!([w.lombardy.to_string()]));
    assert_eq!(e["pitch_minutes"], 3);
    assert_eq!(e["seats_taken"], 0);
    assert_eq!(e["registration_open"], false, "drafts take no registrations");
    assert_eq!(e["media_links"][0]["kind"], "video");
    for key in ["id", "title", "host_cluster_id", "guest_cluster_ids", "starts_at", "ends_at", "time_zone", "venue",
        "transport", "coordinator_contact_id", "capacity", "registration_deadline", "status", "description", "media_links"] {
        assert!(e.get(key).is_some(), "contract field {key}");
    }
    // Guests' managers cannot create for the host, nor edit.
    app.post("/api/v1/events").token(&w.paola.token).json(event_body(&w)).send().await.problem(403);
    let url = format!("/api/v1/events/{}", e["id"].as_str().unwrap());
    app.patch(&url).token(&w.paola.token).json(json!({"title": "x"})).send().await.problem(403);
    let patched = app.patch(&url).token(&w.roland.token).json(json!({"title": "Cluster2Cluster Stans", "capacity": 22})).send().await.expect(200).json();
    assert_eq!(patched["title"], "Cluster2Cluster Stans");
    assert_eq!(patched["capacity"], 22);
});

db_test!(async fn event_input_is_validated(app) {
    let w = app.world().await;
    let mut body = event_body(&w);
    body["ends_at"] = json!("2030-05-14T06:00:00Z");
    body["time_zone"] = json!("Europe/Nowhere");
    body["venue"]["region"] = json!("IT-25");
    body["guest_cluster_ids"] = json!([w.swiss]);
    body["media_links"] = json!([{"title": "x", "url": "ftp://x.example/a", "kind": "video"}]);
    let p = app.post("/api/v1/events").token(&w.roland.token).json(body).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["media_links[0].url", "time_zone"], "field rules first");
    let mut body = event_body(&w);
    body["ends_at"] = json!("2030-05-14T06:00:00Z");
    body["venue"]["region"] = json!("IT-25");
    body["guest_cluster_ids"] = json!([w.swiss, w.lombardy, w.lombardy]);
    let p = app.post("/api/v1/events").token(&w.roland.token).json(body).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["ends_at", "venue.region", "guest_cluster_ids", "guest_cluster_ids"]);
    let mut body = event_body(&w);
    body["guest_cluster_ids"] = json!([Uuid::new_v4()]);
    body["coordinator_contact_id"] = json!(Uuid::new_v4());
    let p = app.post("/api/v1/events").token(&w.roland.token).json(body).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["guest_cluster_ids[0]", "coordinator_contact_id"]);
    // A coordinator from the guest cluster is fine (Massimo Maronati coordinated the first day).
    let mut body = event_body(&w);
    body["coordinator_contact_id"] = json!(w.buffetto_contact);
    let e = create_event(&app, &w, body).await;
    assert_eq!(e["coordinator_contact_id"], w.buffetto_contact.to_string());
});

db_test!(async fn drafts_are_for_organisers_and_the_status_machine_holds(app) {
    let w = app.world().await;
    let e = create_event(&app, &w, event_body(&w)).await;
    let id = e["id"].as_str().unwrap();
    let url = format!("/api/v1/events/{id}");
    // A draft: host and guest managers see it, nobody else (404, existence is private).
    app.get(&url).token(&w.roland.token).send().await.expect(200);
    app.get(&url).token(&w.paola.token).send().await.expect(200);
    app.get(&url).token(&w.ivano.token).send().await.problem(404);
    let listed = |token: &str| {
        let token = token.to_owned();
        let app = &app;
        async move { app.get("/api/v1/events").token(&token).send().await.expect(200).json()["items"].as_array().unwrap().len() }
    };
    assert_eq!(listed(&w.paola.token).await, 1);
    assert_eq!(listed(&w.nobody.token).await, 0);

    // Illegal: close a draft. The answer names what is allowed.
    let p = app.post(&format!("{url}/close")).token(&w.roland.token).send().await.problem(409);
    assert_eq!(p["allowed"], json!(["publish", "cancel"]));
    // Only the host publishes.
    app.post(&format!("{url}/publish")).token(&w.paola.token).send().await.problem(403);
    let published = app.post(&format!("{url}/publish")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(published["status"], "published");
    assert_eq!(published["registration_open"], true);
    assert_eq!(listed(&w.nobody.token).await, 1);
    app.get(&url).token(&w.ivano.token).send().await.expect(200);
    let p = app.post(&format!("{url}/publish")).token(&w.roland.token).send().await.problem(409);
    assert_eq!(p["allowed"], json!(["close", "cancel"]));
    app.delete(&url).token(&w.roland.token).send().await.problem(409);
    app.post(&format!("{url}/close")).token(&w.roland.token).send().await.expect(200);
    let p = app.post(&format!("{url}/cancel")).token(&w.roland.token).send().await.problem(409);
    assert_eq!(p["allowed"], json!([]));
    app.patch(&url).token(&w.roland.token).json(json!({"title": "late"})).send().await.problem(409);

    // Drafts can be deleted.
    let draft = create_event(&app, &w, event_body(&w)).await;
    app.delete(&format!("/api/v1/events/{}", draft["id"].as_str().unwrap())).token(&w.roland.token).send().await.expect(204);
});

db_test!(async fn events_filter_by_cluster_status_and_dates(app) {
    let w = app.world().await;
    let may = published_event(&app, &w).await;
    let mut june = event_body(&w);
    june["starts_at"] = json!("2030-06-20T09:00:00+02:00");
    june["ends_at"] = json!("2030-06-20T17:00:00+02:00");
    june["registration_deadline"] = Value::Null;
    let june = create_event(&app, &w, june).await;
    let ids = |v: Value| v["items"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    let t = &w.roland.token;
    let all = ids(app.get("/api/v1/events").token(t).send().await.expect(200).json());
    assert_eq!(all.len(), 2);
    let published = ids(app.get("/api/v1/events?status=published").token(t).send().await.expect(200).json());
    assert_eq!(published, vec![may.to_string()]);
    let in_june = ids(app.get("/api/v1/events?from=2030-06-01T00:00:00Z&to=2030-06-30T00:00:00Z").token(t).send().await.expect(200).json());
    assert_eq!(in_june, vec![june["id"].as_str().unwrap().to_owned()]);
    let guest = ids(app.get(&format!("/api/v1/events?cluster_id={}", w.lombardy)).token(t).send().await.expect(200).json());
    assert_eq!(guest.len(), 2, "the Lombard cluster is a guest of both");
    let other = ids(app.get(&format!("/api/v1/events?cluster_id={}", Uuid::new_v4())).token(t).send().await.expect(200).json());
    assert!(other.is_empty());
    app.get("/api/v1/events?status=done").token(t).send().await.problem(400);
    app.get("/api/v1/events?from=yesterday").token(t).send().await.problem(400);
});

db_test!(async fn companies_register_with_a_prefilled_pitch_card(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    let resp = app.post(&format!("/api/v1/events/{event}/registrations")).token(&w.ivano.token)
        .json(json!({
            "member_id": w.soliani,
            "attendee_contact_ids": [w.soliani_contact, w.rossi_contact],
            "pitch": {"ongoing_projects": "EMC test bench with a Swiss partner"}
        })).send().await.expect(201);
    let r = resp.json();
    assert_eq!(resp.header("location").unwrap(), format!("/api/v1/events/{event}/registrations/{}", r["id"].as_str().unwrap()));
    assert_eq!(r["member_id"], w.soliani.to_string());
    assert_eq!(r["cluster_id"], w.lombardy.to_string());
    assert_eq!(r["status"], "active");
    assert_eq!(r["attendees"].as_array().unwrap().len(), 2);
    assert_eq!(r["pitch"]["core_business"], "Soliani Emc: aerospace parts", "from the profile");
    assert_eq!(r["pitch"]["areas_of_interest"], json!(["aerostructures"]));
    assert_eq!(r["pitch"]["ongoing_projects"], "EMC test bench with a Swiss partner", "edited for this event");

    let seats = app.get(&format!("/api/v1/events/{event}")).token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(seats["seats_taken"], 2);

    // Twice: 409 pointing at the existing one.
    let p = register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await.problem(409);
    assert_eq!(p["existing_id"], r["id"]);
    // Someone else's company, or a contact of another company.
    register(&app, &w.ivano.token, event, w.aviometal, &[w.buffetto_contact]).await.problem(403);
    let p = register(&app, &w.buffetto.token, event, w.aviometal, &[w.rossi_contact]).await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["attendee_contact_ids[0]"]);
    let p = register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact, w.buffetto_contact]).await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["attendee_contact_ids[1]"]);
    let p = register(&app, &w.buffetto.token, event, w.aviometal, &[]).await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["attendee_contact_ids"]);
    // The cluster manager may register their members.
    register(&app, &w.paola.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201);

    // Editors see their own registration, organisers all of them.
    let mine = app.get(&format!("/api/v1/events/{event}/registrations")).token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let all = app.get(&format!("/api/v1/events/{event}/registrations")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    let theirs = all["items"].as_array().unwrap().iter().find(|r| r["member_id"] == w.aviometal.to_string()).unwrap();
    app.get(&format!("/api/v1/events/{event}/registrations/{}", theirs["id"].as_str().unwrap()))
        .token(&w.ivano.token).send().await.problem(404);
});

db_test!(async fn companies_outside_the_participating_clusters_cannot_register(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    // A third cluster with one member.
    let third = app.post("/api/v1/clusters").token(&w.admin.token).json(json!({
        "name": "Ticino", "slug": "ticino", "country": "CH", "sector": "aerospace"
    })).send().await.expect(201).json();
    let member = app.post("/api/v1/members").token(&w.admin.token)
        .json(crate::common::world::member_input(third["id"].as_str().unwrap().parse().unwrap(), "Lugano SA", "CH", "Lugano"))
        .send().await.expect(201).json();
    let contact = app.post(&format!("/api/v1/members/{}/contacts", member["id"].as_str().unwrap())).token(&w.admin.token)
        .json(json!({"name": "Luca"})).send().await.expect(201).json();
    let p = register(&app, &w.admin.token, event, member["id"].as_str().unwrap().parse().unwrap(), &[contact["id"].as_str().unwrap().parse().unwrap()]).await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["member_id"]);
});

db_test!(async fn registration_closes_at_the_deadline_and_when_closed(app) {
    let w = app.world().await;
    let mut body = event_body(&w);
    body["registration_deadline"] = json!("2021-01-01T00:00:00Z");
    let e = create_event(&app, &w, body).await;
    let id: Uuid = e["id"].as_str().unwrap().parse().unwrap();
    // A draft is invisible to the company; to its organisers it is "not published yet".
    register(&app, &w.buffetto.token, id, w.aviometal, &[w.buffetto_contact]).await.problem(404);
    let p = register(&app, &w.paola.token, id, w.aviometal, &[w.buffetto_contact]).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("not published"), "{p}");
    app.post(&format!("/api/v1/events/{id}/publish")).token(&w.roland.token).send().await.expect(200);
    let p = register(&app, &w.buffetto.token, id, w.aviometal, &[w.buffetto_contact]).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("deadline"), "{p}");
    app.patch(&format!("/api/v1/events/{id}")).token(&w.roland.token).json(json!({"registration_deadline": null})).send().await.expect(200);
    register(&app, &w.buffetto.token, id, w.aviometal, &[w.buffetto_contact]).await.expect(201);
    app.post(&format!("/api/v1/events/{id}/close")).token(&w.roland.token).send().await.expect(200);
    let p = register(&app, &w.ivano.token, id, w.soliani, &[w.soliani_contact]).await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("closed"), "{p}");
});

db_test!(async fn cancelling_frees_seats_and_changes_are_checked(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    app.patch(&format!("/api/v1/events/{event}")).token(&w.roland.token).json(json!({"capacity": 2})).send().await.expect(200);
    let r = register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact, w.rossi_contact]).await.expect(201).json();
    // Full: the next company waits in line instead of being refused.
    let waiting = register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201).json();
    assert_eq!((waiting["status"].as_str(), waiting["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)), "{waiting}");
    // The capacity cannot drop below the seats taken.
    app.patch(&format!("/api/v1/events/{event}")).token(&w.roland.token).json(json!({"capacity": 1})).send().await.problem(409);

    let url = format!("/api/v1/events/{event}/registrations/{}", r["id"].as_str().unwrap());
    let smaller = app.patch(&url).token(&w.ivano.token).json(json!({"attendee_contact_ids": [w.soliani_contact], "pitch": {"core_business": "EMC testing"}})).send().await.expect(200).json();
    assert_eq!(smaller["attendees"].as_array().unwrap().len(), 1);
    assert_eq!(smaller["pitch"]["core_business"], "EMC testing");
    // The freed seat went to the waiting company in the same request.
    let promoted = app.get(&format!("/api/v1/events/{event}/registrations/{}", waiting["id"].as_str().unwrap()))
        .token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!((promoted["status"].as_str(), promoted["waitlist_position"].as_i64()), (Some("active"), None), "{promoted}");
    let p = app.patch(&url).token(&w.ivano.token).json(json!({"attendee_contact_ids": [w.soliani_contact, w.rossi_contact]})).send().await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("seats"));

    app.post(&format!("{url}/cancel")).token(&w.buffetto.token).send().await.problem(403);
    let cancelled = app.post(&format!("{url}/cancel")).token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(cancelled["status"], "cancelled");
    assert!(cancelled["cancelled_at"].is_string());
    app.post(&format!("{url}/cancel")).token(&w.ivano.token).send().await.problem(409);
    let e = app.get(&format!("/api/v1/events/{event}")).token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(e["seats_taken"], 1);
    // Registering again after cancelling is a new registration.
    let again = register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await.expect(201).json();
    assert_eq!(again["status"], "active");
    let with_cancelled = app.get(&format!("/api/v1/events/{event}/registrations?include_cancelled=true")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(with_cancelled["items"].as_array().unwrap().len(), 3);
});

// 50 companies race for the last 22 seats: exactly 22 get them, the other 28 wait in line
// (positions 1 to 28), and the event ends exactly full.
db_test!(async fn capacity_holds_under_concurrent_registrations(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    let companies = add_companies(&app, w.lombardy, 58).await;
    app.patch(&format!("/api/v1/events/{event}")).token(&w.roland.token).json(json!({"capacity": 30})).send().await.expect(200);
    for (member, contact) in &companies[..8] {
        register(&app, &w.admin.token, event, *member, &[*contact]).await.expect(201);
    }
    let attempts = companies[8..].iter().map(|(member, contact)| {
        let body = json!({"member_id": member, "attendee_contact_ids": [contact]});
        app.post(&format!("/api/v1/events/{event}/registrations")).token(&w.admin.token).json(body).send()
    });
    let results = futures::future::join_all(attempts).await;
    assert!(results.iter().all(|r| r.status == 201), "{:?}", results.iter().map(|r| r.status.as_u16()).collect::<Vec<_>>());
    let status = |s: &str| results.iter().filter(|r| r.json()["status"] == s).count();
    assert_eq!((status("active"), status("waitlisted")), (22, 28));
    let mut positions: Vec<i64> = results.iter().filter_map(|r| r.json()["waitlist_position"].as_i64()).collect();
    positions.sort();
    assert_eq!(positions, (1..=28).collect::<Vec<i64>>());
    let e = app.get(&format!("/api/v1/events/{event}")).token(&w.admin.token).send().await.expect(200).json();
    assert_eq!(e["seats_taken"], 30);
});

/// Adds `n` members with one consenting contact each, straight into the database.
pub async fn add_companies(app: &TestApp, cluster: Uuid, n: usize) -> Vec<(Uuid, Uuid)> {
    let db = app.db().clone();
    actix_web::web::block(move || {
        let mut conn = db.get().unwrap();
        (0..n)
            .map(|i| {
                let input: cluster2cluster::http::members::MemberInput =
                    serde_json::from_value(crate::common::world::member_input(
                        cluster,
                        &format!("Company {i:03}"),
                        "IT",
                        "Milano",
                    ))
                    .unwrap();
                let m = cluster2cluster::store::members::insert(
                    &mut conn,
                    cluster,
                    &input.to_data().unwrap(),
                    None,
                )
                .unwrap();
                let c = cluster2cluster::store::contacts::insert(
                    &mut conn,
                    m.id,
                    &cluster2cluster::store::contacts::ContactData {
                        name: format!("Person {i:03}"),
                        given_name: Some("Person".into()),
                        family_name: Some(format!("{i:03}")),
                        role: "CEO".into(),
                        email: Some(format!("p{i}@example.org")),
                        phone: None,
                        languages: "[]".into(),
                        share_consent: true,
                    },
                )
                .unwrap();
                (m.id, c.id)
            })
            .collect()
    })
    .await
    .unwrap()
}
