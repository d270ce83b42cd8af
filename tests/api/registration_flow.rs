//! The registration flow (issue 16): approval by the organisers, the waiting list and its
//! promotions (also under concurrent registrations and cancellations), invitation-only
//! events, and what counts only active registrations.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::smtp::SmtpSink;
use crate::common::{TestApp, World};
use crate::db_test;
use crate::events::{add_companies, published_event, register};
use crate::mail::{mailer, outbox, received};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_owned()
}

async fn set_event(app: &TestApp, w: &World, event: Uuid, change: Value) -> Value {
    app.patch(&format!("/api/v1/events/{event}"))
        .token(&w.roland.token)
        .json(change)
        .send()
        .await
        .expect(200)
        .json()
}

async fn get_registration(app: &TestApp, w: &World, event: Uuid, rid: &str) -> Value {
    app.get(&format!("/api/v1/events/{event}/registrations/{rid}"))
        .token(&w.admin.token)
        .send()
        .await
        .expect(200)
        .json()
}

async fn seats_taken(app: &TestApp, w: &World, event: Uuid) -> i64 {
    app.get(&format!("/api/v1/events/{event}"))
        .token(&w.admin.token)
        .send()
        .await
        .expect(200)
        .json()["seats_taken"]
        .as_i64()
        .unwrap()
}

/// `(status, waitlist_position)` of a registration as the admin reads it.
async fn standing(app: &TestApp, w: &World, event: Uuid, rid: &str) -> (String, Option<i64>) {
    let r = get_registration(app, w, event, rid).await;
    (
        r["status"].as_str().unwrap().to_owned(),
        r["waitlist_position"].as_i64(),
    )
}

db_test!(async fn approval_required_registrations_wait_for_the_organisers(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    let e = set_event(&app, &w, event, json!({"approval_required": true, "capacity": 2})).await;
    assert_eq!((e["approval_required"].as_bool(), e["invitation_only"].as_bool()), (Some(true), Some(false)));

    let soliani = register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact, w.rossi_contact]).await.expect(201).json();
    assert_eq!((soliani["status"].as_str(), soliani["waitlist_position"].as_i64()), (Some("pending"), None));
    // Pending holds no seat; the company hears that it waits for approval, not "confirmed".
    assert_eq!(seats_taken(&app, &w, event).await, 0);
    assert_eq!(outbox(&app, &w, "kind=registration_confirmed&to=ivano@soliani.example").await.len(), 0);
    let news = outbox(&app, &w, "kind=registration_status&to=ivano@soliani.example").await;
    assert_eq!(news.len(), 1);
    assert!(news[0]["subject"].as_str().unwrap().starts_with("Registration received"), "{}", news[0]);
    // A second registration of the same company is refused while the first is pending.
    let p = register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await.problem(409);
    assert_eq!(p["existing_id"], soliani["id"]);

    let url = format!("/api/v1/events/{event}/registrations/{}", id(&soliani));
    // Who may not approve: the company's own editor, a guest cluster's manager (an organiser
    // who does not run the day), somebody without a role.
    for token in [&w.ivano.token, &w.paola.token, &w.nobody.token, &w.anna.token] {
        app.post(&format!("{url}/approve")).token(token).send().await.problem(403);
        app.post(&format!("{url}/decline")).token(token).send().await.problem(403);
    }
    assert_eq!(standing(&app, &w, event, &id(&soliani)).await, ("pending".into(), None));

    let approved = app.post(&format!("{url}/approve")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(approved["status"], "active");
    assert_eq!(seats_taken(&app, &w, event).await, 2);
    assert_eq!(outbox(&app, &w, "kind=registration_confirmed&to=ivano@soliani.example").await.len(), 1);
    // Approving twice, or declining an active one, is a conflict.
    app.post(&format!("{url}/approve")).token(&w.roland.token).send().await.problem(409);
    app.post(&format!("{url}/decline")).token(&w.roland.token).send().await.problem(409);

    // The event is full now: an approved registration goes to the waiting list.
    let aviometal = register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201).json();
    assert_eq!(aviometal["status"], "pending");
    let helvetic = register(&app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await.expect(201).json();
    let avio_url = format!("/api/v1/events/{event}/registrations/{}", id(&aviometal));
    let waiting = app.post(&format!("{avio_url}/approve")).token(&w.admin.token).send().await.expect(200).json();
    assert_eq!((waiting["status"].as_str(), waiting["waitlist_position"].as_i64()), (Some("waitlisted"), Some(1)));
    let news = outbox(&app, &w, "kind=registration_status&to=buffetto@aviometal.example").await;
    assert_eq!(news.len(), 2, "pending, then waitlisted");
    assert!(news.iter().any(|m| m["subject"].as_str().unwrap().starts_with("On the waiting list")), "{news:?}");

    // Declined with a reason, told to the company.
    let helv_url = format!("/api/v1/events/{event}/registrations/{}", id(&helvetic));
    let declined = app.post(&format!("{helv_url}/decline")).token(&w.roland.token)
        .json(json!({"reason": "Only companies of the aerostructures programme this time"})).send().await.expect(200).json();
    assert_eq!((declined["status"].as_str(), declined["decline_reason"].as_str()),
        (Some("declined"), Some("Only companies of the aerostructures programme this time")));
    let mails = outbox(&app, &w, "kind=registration_status&to=anna@helvetic.example").await;
    let mail = mails.iter().find(|m| m["subject"].as_str().unwrap().starts_with("Registration declined")).expect("the decline is mailed");
    let last = app.get(&format!("/api/v1/admin/mail/{}", id(mail))).token(&w.admin.token).send().await.expect(200).json();
    assert!(last["subject"].as_str().unwrap().starts_with("Registration declined"), "{last}");
    assert!(last["text_body"].as_str().unwrap().contains("Only companies of the aerostructures programme this time"), "{last}");
    // A declined registration cannot be changed or cancelled; the company may register anew.
    app.patch(&helv_url).token(&w.anna.token).json(json!({"pitch": {"core_business": "x"}})).send().await.problem(409);
    app.post(&format!("{helv_url}/cancel")).token(&w.anna.token).send().await.problem(409);
    let anew = register(&app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await.expect(201).json();
    assert_eq!(anew["status"], "pending");
    app.post(&format!("/api/v1/events/{event}/registrations/{}/cancel", id(&anew))).token(&w.anna.token).send().await.expect(200);

    // Listing: the live ones by default, all with include_cancelled, one status with ?status=.
    let list = |q: &'static str| {
        let app = &app;
        let token = w.roland.token.clone();
        async move {
            let page = app.get(&format!("/api/v1/events/{event}/registrations{q}")).token(&token).send().await.expect(200).json();
            let mut statuses: Vec<String> = page["items"].as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap().to_owned()).collect();
            statuses.sort();
            statuses
        }
    };
    assert_eq!(list("").await, ["active", "waitlisted"]);
    assert_eq!(list("?include_cancelled=true").await, ["active", "cancelled", "declined", "waitlisted"]);
    assert_eq!(list("?status=declined").await, ["declined"]);
    app.get(&format!("/api/v1/events/{event}/registrations?status=maybe")).token(&w.roland.token).send().await.problem(400);
    // Only active registrations count: the stats and the catalogue know one company.
    let catalogue = app.get(&format!("/api/v1/events/{event}/catalogue")).token(&w.roland.token).send().await.expect(200).json();
    let ids: Vec<&str> = catalogue["items"].as_array().unwrap().iter().map(|c| c["registration_id"].as_str().unwrap()).collect();
    assert_eq!(ids, [id(&soliani)]);
    let stats = app.get(&format!("/api/v1/events/{event}/stats")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!((stats["companies"].as_i64(), stats["attendees"].as_i64()), (Some(1), Some(2)), "{stats}");
});

db_test!(async fn seats_freed_by_removing_a_person_go_to_the_waiting_list(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    set_event(&app, &w, event, json!({"capacity": 2})).await;
    let soliani = register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact, w.rossi_contact]).await.expect(201).json();
    let aviometal = register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201).json();
    assert_eq!(standing(&app, &w, event, &id(&aviometal)).await, ("waitlisted".into(), Some(1)));
    // Chiara Rossi is erased (GDPR): her seat is free, and Aviometal, first in line, gets it.
    app.post(&format!("/api/v1/members/{}/contacts/{}/erase", w.soliani, w.rossi_contact)).token(&w.paola.token).send().await.expect(204);
    assert_eq!(standing(&app, &w, event, &id(&aviometal)).await, ("active".into(), None));
    assert_eq!(standing(&app, &w, event, &id(&soliani)).await, ("active".into(), None));
    assert_eq!(seats_taken(&app, &w, event).await, 2);
});

db_test!(async fn a_full_event_keeps_a_waiting_list_served_in_order(app) {
    let sink = SmtpSink::start();
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    set_event(&app, &w, event, json!({"capacity": 2})).await;
    let companies = add_companies(&app, w.lombardy, 2).await;
    let soliani = register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact, w.rossi_contact]).await.expect(201).json();
    assert_eq!(soliani["status"], "active");

    // Three wait, in the order they came: Aviometal (1 person), then two companies of one.
    let aviometal = register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201).json();
    let second = register(&app, &w.admin.token, event, companies[0].0, &[companies[0].1]).await.expect(201).json();
    let third = register(&app, &w.admin.token, event, companies[1].0, &[companies[1].1]).await.expect(201).json();
    for (r, position) in [(&aviometal, 1), (&second, 2), (&third, 3)] {
        assert_eq!((r["status"].as_str(), r["waitlist_position"].as_i64()), (Some("waitlisted"), Some(position)), "{r}");
    }
    assert_eq!(seats_taken(&app, &w, event).await, 2);
    assert_eq!(outbox(&app, &w, "kind=registration_confirmed&to=buffetto@aviometal.example").await.len(), 0);
    assert_eq!(outbox(&app, &w, "kind=registration_status&to=buffetto@aviometal.example").await.len(), 1);
    // Waitlisted registrations hold no seat and are not in the stats or the public page.
    let stats = app.get(&format!("/api/v1/events/{event}/stats")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!((stats["companies"].as_i64(), stats["attendees"].as_i64()), (Some(1), Some(2)), "{stats}");

    // Soliani cancels: both seats free, the first two in line are promoted in that request.
    let url = format!("/api/v1/events/{event}/registrations/{}", id(&soliani));
    app.post(&format!("{url}/cancel")).token(&w.ivano.token).send().await.expect(200);
    assert_eq!(standing(&app, &w, event, &id(&aviometal)).await, ("active".into(), None));
    assert_eq!(standing(&app, &w, event, &id(&second)).await, ("active".into(), None));
    assert_eq!(standing(&app, &w, event, &id(&third)).await, ("waitlisted".into(), Some(1)), "moved up");
    assert_eq!(seats_taken(&app, &w, event).await, 2);
    let promoted = outbox(&app, &w, "kind=registration_promoted&to=buffetto@aviometal.example").await;
    assert_eq!(promoted.len(), 1);
    if let Some(sink) = sink {
        mailer(&app, &sink).send_due().await.unwrap();
        let mail = received(&sink, "buffetto@aviometal.example", "Seats free");
        assert!(mail.text.contains("Aviometal moved up from the waiting list and is now registered"), "{}", mail.text);
    }

    // Strictly in order: a larger first in line is not jumped by a smaller one behind it.
    let avio_url = format!("/api/v1/events/{event}/registrations/{}", id(&aviometal));
    app.post(&format!("{avio_url}/cancel")).token(&w.buffetto.token).send().await.expect(200);
    assert_eq!(standing(&app, &w, event, &id(&third)).await, ("active".into(), None));
    let soliani_again = register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact, w.rossi_contact]).await.expect(201).json();
    let more = add_companies(&app, w.lombardy, 1).await;
    let small = register(&app, &w.admin.token, event, more[0].0, &[more[0].1]).await.expect(201).json();
    assert_eq!((soliani_again["waitlist_position"].as_i64(), small["waitlist_position"].as_i64()), (Some(1), Some(2)));
    let third_url = format!("/api/v1/events/{event}/registrations/{}", id(&third));
    app.post(&format!("{third_url}/cancel")).token(&w.admin.token).send().await.expect(200);
    assert_eq!(seats_taken(&app, &w, event).await, 1, "one seat free: Soliani needs two");
    assert_eq!(standing(&app, &w, event, &id(&soliani_again)).await, ("waitlisted".into(), Some(1)));
    assert_eq!(standing(&app, &w, event, &id(&small)).await, ("waitlisted".into(), Some(2)), "does not jump the line");
    // Raising the capacity promotes in the same request, in order, while they fit.
    set_event(&app, &w, event, json!({"capacity": 3})).await;
    assert_eq!(standing(&app, &w, event, &id(&soliani_again)).await, ("active".into(), None));
    assert_eq!(standing(&app, &w, event, &id(&small)).await, ("waitlisted".into(), Some(1)));
    // The one still waiting is declined: it leaves the line.
    let small_url = format!("/api/v1/events/{event}/registrations/{}", id(&small));
    let d = app.post(&format!("{small_url}/decline")).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!((d["status"].as_str(), d["decline_reason"].as_str(), d["waitlist_position"].as_i64()), (Some("declined"), None, None));
    assert_eq!(seats_taken(&app, &w, event).await, 3);
});

db_test!(async fn only_invited_companies_register_for_an_invitation_only_event(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    let e = set_event(&app, &w, event, json!({"invitation_only": true})).await;
    assert_eq!(e["invitation_only"], true);
    let p = register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.problem(403);
    assert!(p["detail"].as_str().unwrap().contains("invited companies only"), "{p}");
    let invitation = app.post(&format!("/api/v1/events/{event}/invitations")).token(&w.roland.token)
        .json(json!({"member_id": w.aviometal})).send().await.expect(201).json();
    let r = register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201).json();
    assert_eq!(r["status"], "active");
    // Another company is still refused; a revoked invitation no longer lets one in.
    register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await.problem(403);
    let soliani = app.post(&format!("/api/v1/events/{event}/invitations")).token(&w.roland.token)
        .json(json!({"member_id": w.soliani})).send().await.expect(201).json();
    app.delete(&format!("/api/v1/events/{event}/invitations/{}", id(&soliani))).token(&w.roland.token).send().await.expect(204);
    register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await.problem(403);
    // Invited again, or the event opened to all: they register.
    app.post(&format!("/api/v1/events/{event}/invitations")).token(&w.roland.token)
        .json(json!({"member_id": w.soliani})).send().await.expect(201);
    register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await.expect(201);
    set_event(&app, &w, event, json!({"invitation_only": false})).await;
    register(&app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await.expect(201);
    assert!(invitation["id"].is_string());
});

/// One round of the race: `capacity` seats, `capacity` companies registered first, then
/// `newcomers` registrations and `cancels` cancellations of the first ones, all at once.
async fn race(app: &TestApp, w: &World, capacity: usize, newcomers: usize, cancels: usize) {
    let event = published_event(app, w).await;
    set_event(app, w, event, json!({"capacity": capacity})).await;
    let companies = add_companies(app, w.lombardy, capacity + newcomers).await;
    let mut first = Vec::new();
    for (member, contact) in &companies[..capacity] {
        let r = register(app, &w.admin.token, event, *member, &[*contact])
            .await
            .expect(201)
            .json();
        assert_eq!(r["status"], "active");
        first.push(id(&r));
    }
    let registrations = format!("/api/v1/events/{event}/registrations");
    let joins = companies[capacity..].iter().map(|(member, contact)| {
        app.post(&registrations)
            .token(&w.admin.token)
            .json(json!({"member_id": member, "attendee_contact_ids": [contact]}))
            .send()
    });
    let leaves = first[..cancels].iter().map(|rid| {
        app.post(&format!("{registrations}/{rid}/cancel"))
            .token(&w.admin.token)
            .send()
    });
    let (joined, left) = futures::future::join(
        futures::future::join_all(joins),
        futures::future::join_all(leaves),
    )
    .await;
    assert!(
        joined.iter().all(|r| r.status == 201),
        "{:?}",
        joined.iter().map(|r| r.text()).collect::<Vec<_>>()
    );
    assert!(
        left.iter().all(|r| r.status == 200),
        "{:?}",
        left.iter().map(|r| r.text()).collect::<Vec<_>>()
    );

    let all = app
        .get(&format!("{registrations}?include_cancelled=true&limit=500"))
        .token(&w.admin.token)
        .send()
        .await
        .expect(200)
        .json();
    let all = all["items"].as_array().unwrap().clone();
    assert_eq!(all.len(), capacity + newcomers);
    let with = |s: &str| {
        all.iter()
            .filter(|r| r["status"] == s)
            .cloned()
            .collect::<Vec<Value>>()
    };
    let (active, waitlisted) = (with("active"), with("waitlisted"));
    assert_eq!(with("cancelled").len(), cancels);
    // No seat counted twice: the seats taken are exactly the active attendees, within capacity.
    let attendees: usize = active
        .iter()
        .map(|r| r["attendees"].as_array().unwrap().len())
        .sum();
    assert!(attendees <= capacity);
    assert_eq!(seats_taken(app, w, event).await, attendees as i64);
    // Everyone is of size one: while anybody waits, no seat may stay free.
    if !waitlisted.is_empty() {
        assert_eq!(
            attendees,
            capacity,
            "seats free while {} wait",
            waitlisted.len()
        );
    }
    assert_eq!(
        active.len() + waitlisted.len(),
        capacity + newcomers - cancels
    );
    // One live registration per company.
    let mut members: Vec<&str> = active
        .iter()
        .chain(&waitlisted)
        .map(|r| r["member_id"].as_str().unwrap())
        .collect();
    members.sort();
    members.dedup();
    assert_eq!(members.len(), active.len() + waitlisted.len());
    // The line is in the order companies joined it (a new registration joins when it is
    // made), and positions are 1, 2, 3 … in that order.
    let at = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap()).unwrap();
    let key = |r: &Value| (at(&r["waitlisted_at"]), id(r));
    let mut line = waitlisted.clone();
    line.sort_by_key(key);
    let positions: Vec<i64> = line
        .iter()
        .map(|r| r["waitlist_position"].as_i64().unwrap())
        .collect();
    assert_eq!(positions, (1..=line.len() as i64).collect::<Vec<_>>());
    for r in &line {
        assert_eq!(
            at(&r["waitlisted_at"]),
            at(&r["created_at"]),
            "joined the line when registering: {r}"
        );
    }
    // The promoted ones (active, once waitlisted) are exactly the earliest in line.
    let promoted: Vec<&Value> = active
        .iter()
        .filter(|r| r["waitlisted_at"].is_string())
        .collect();
    assert!(promoted.len() <= cancels);
    if let (Some(last_promoted), Some(first_waiting)) =
        (promoted.iter().map(|r| key(r)).max(), line.first().map(key))
    {
        assert!(
            last_promoted < first_waiting,
            "{last_promoted:?} was promoted before {first_waiting:?}"
        );
    }
    // Those who got a seat straight away registered while nobody waited: fewer than the cancellations.
    let direct = active.len() - promoted.len() - (capacity - cancels);
    assert_eq!(
        direct + promoted.len(),
        cancels,
        "every freed seat was taken once"
    );
}

// THE RACE: registrations and cancellations at once on a small event, several rounds.
db_test!(async fn the_waiting_list_holds_under_concurrent_registrations_and_cancellations(app) {
    let w = app.world().await;
    for _ in 0..3 {
        race(&app, &w, 4, 9, 3).await;
    }
});
