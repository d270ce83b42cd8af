//! Co-organisers: the host names managers of a guest cluster who then run the day (agenda,
//! scheduler; approvals and check-in use the same rule) without becoming host managers, and
//! only while they still manage that guest cluster.

use serde_json::{Value, json};

use crate::db_test;
use crate::events::published_event;

db_test!(async fn the_host_names_guest_managers_co_organisers_of_one_event(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    let e = |rest: &str| format!("/api/v1/events/{event}/{rest}");
    let coffee = json!({"kind": "break", "title": "Coffee", "duration_minutes": 15});
    // A guest cluster's manager sees the day but does not run it.
    app.post(&e("agenda/items")).token(&w.paola.token).json(coffee.clone()).send().await.problem(403);
    app.post(&e("meeting-sessions")).token(&w.paola.token)
        .json(json!({"starts_at": "2030-05-14T12:00:00Z", "ends_at": "2030-05-14T13:00:00Z", "slot_minutes": 20})).send().await.problem(403);

    let paola = e(&format!("co-organisers/{}", w.paola.id));
    // Only the host's managers name them, and only managers of a guest cluster.
    for token in [&w.paola.token, &w.buffetto.token, &w.anna.token] {
        app.put(&paola).token(token).send().await.problem(403);
    }
    app.put(&paola).token(&w.nobody.token).send().await.problem(403);
    for who in [w.buffetto.id, w.roland.id, w.anna.id] {
        let p = app.put(&e(&format!("co-organisers/{who}"))).token(&w.roland.token).send().await.problem(422);
        assert_eq!(p["errors"][0]["field"], "user_id");
    }
    let named = app.put(&paola).token(&w.roland.token).send().await.expect(201).json();
    assert_eq!(named["items"].as_array().unwrap().len(), 1);
    assert_eq!(named["items"][0]["user_id"], json!(w.paola.id.to_string()));
    assert_eq!(named["items"][0]["granted_by"], json!(w.roland.id.to_string()));
    let again = app.put(&paola).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(again, named, "naming them again changes nothing");
    // Organisers read the list; companies do not.
    assert_eq!(app.get(&e("co-organisers")).token(&w.paola.token).send().await.expect(200).json(), named);
    app.get(&e("co-organisers")).token(&w.buffetto.token).send().await.problem(403);

    // Now Paola runs the day: agenda, sessions, the scheduler…
    let agenda = app.post(&e("agenda/items")).token(&w.paola.token).json(coffee.clone()).send().await;
    assert!(agenda.status.is_success(), "{}", agenda.text());
    app.post(&e("meeting-sessions")).token(&w.paola.token)
        .json(json!({"starts_at": "2030-05-14T12:00:00Z", "ends_at": "2030-05-14T13:00:00Z", "slot_minutes": 20})).send().await.expect(201);
    app.post(&e("schedule-runs")).token(&w.paola.token).send().await.expect(201);
    // …and check-in at the door (the same rule, `can_run_day`); the survey stays the host's.
    crate::events::register(&app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await.expect(201);
    let code = crate::check_in::code_of(&app, &w, event, w.keller_contact).await;
    app.post(&e("check-ins")).token(&w.paola.token).json(json!({"code": code})).send().await.expect(201);
    app.get(&e("survey/results")).token(&w.paola.token).send().await.problem(403);
    app.put(&e("survey")).token(&w.paola.token).json(json!({"questions": [{"kind": "text", "prompt": "Mine?"}]})).send().await.problem(403);
    // …but is no host manager: the event itself, its status and its co-organisers stay the host's.
    app.patch(&format!("/api/v1/events/{event}")).token(&w.paola.token).json(json!({"title": "Mine now"})).send().await.problem(403);
    app.post(&e("close")).token(&w.paola.token).send().await.problem(403);
    app.put(&e("public-page")).token(&w.paola.token).json(json!({})).send().await.problem(403);

    // The right lasts while she manages the guest cluster.
    let grants: Value = app.get(&format!("/api/v1/users/{}/roles", w.paola.id)).token(&w.admin.token).send().await.expect(200).json();
    let grant = grants.as_array().unwrap().iter().find(|g| g["role"] == "cluster_manager").unwrap()["id"].as_str().unwrap().to_owned();
    app.delete(&format!("/api/v1/users/{}/roles/{grant}", w.paola.id)).token(&w.admin.token).send().await.expect(204);
    app.post(&e("agenda/items")).token(&w.paola.token).json(coffee.clone()).send().await.problem(403);
    app.post(&format!("/api/v1/users/{}/roles", w.paola.id)).token(&w.admin.token)
        .json(json!({"role": "cluster_manager", "cluster_id": w.lombardy})).send().await.expect(201);
    assert!(app.post(&e("agenda/items")).token(&w.paola.token).json(coffee.clone()).send().await.status.is_success());

    // Ended by the host: gone, and a second removal finds nothing.
    app.delete(&paola).token(&w.paola.token).send().await.problem(403);
    app.delete(&paola).token(&w.roland.token).send().await.expect(204);
    app.delete(&paola).token(&w.roland.token).send().await.problem(404);
    app.post(&e("agenda/items")).token(&w.paola.token).json(coffee).send().await.problem(403);
    app.post(&e("check-ins")).token(&w.paola.token).json(json!({"code": code})).send().await.problem(403);
    assert_eq!(app.get(&e("co-organisers")).token(&w.roland.token).send().await.expect(200).json()["items"], json!([]));
});
