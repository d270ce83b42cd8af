//! The agenda: generation orders, editing, time arithmetic across daylight saving, iCalendar.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{Resp, TestApp, World};
use crate::db_test;
use crate::events::{create_event, event_body, published_event, register};

pub(crate) async fn registered_day(app: &TestApp, w: &World) -> Uuid {
    let event = published_event(app, w).await;
    register(app, &w.ivano.token, event, w.soliani, &[w.soliani_contact])
        .await
        .expect(201);
    register(app, &w.anna.token, event, w.helvetic, &[w.keller_contact])
        .await
        .expect(201);
    register(
        app,
        &w.buffetto.token,
        event,
        w.aviometal,
        &[w.buffetto_contact],
    )
    .await
    .expect(201);
    event
}

fn kinds(agenda: &Value) -> Vec<String> {
    agenda["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap().to_owned())
        .collect()
}

pub(crate) fn titles(agenda: &Value) -> Vec<String> {
    agenda["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap().to_owned())
        .collect()
}

db_test!(async fn generate_orders_pitches_and_computes_times(app) {
    let w = app.world().await;
    let event = registered_day(&app, &w).await;
    let url = format!("/api/v1/events/{event}/agenda/generate");
    let a = app.post(&url).token(&w.roland.token).json(json!({"order": "by_cluster", "networking_minutes": 45})).send().await.expect(200).json();
    assert_eq!(kinds(&a), ["welcome", "introduction", "introduction", "pitch", "pitch", "pitch", "networking"]);
    assert_eq!(titles(&a)[1], "Introduction: Swiss Aerospace Cluster", "the host introduces itself first");
    assert_eq!(titles(&a)[3], "Pitch: Helvetic Aero Services AG");
    assert_eq!(titles(&a)[4..6], ["Pitch: Soliani Emc", "Pitch: Aviometal"], "registration order within a cluster");
    // 09:00 local (07:00Z) + 10 + 15 + 15 = 09:40 for the first pitch, 3 minutes each.
    assert_eq!(a["items"][3]["starts_at"], "2030-05-14T07:40:00Z");
    assert_eq!(a["items"][3]["starts_at_local"], "2030-05-14T09:40:00+02:00");
    assert_eq!(a["items"][3]["ends_at"], "2030-05-14T07:43:00Z");
    assert_eq!(a["items"][6]["duration_minutes"], 45);
    assert_eq!(a["ends_at"], "2030-05-14T08:34:00Z");
    for (i, item) in a["items"].as_array().unwrap().iter().enumerate() {
        assert_eq!(item["position"], i);
        for key in ["id", "kind", "title", "member_id", "cluster_id", "starts_at", "ends_at", "duration_minutes"] {
            assert!(item.get(key).is_some(), "contract field {key}");
        }
    }

    let alternating = app.post(&url).token(&w.roland.token).json(json!({"order": "alternating", "pitch_minutes": 5})).send().await.expect(200).json();
    assert_eq!(titles(&alternating)[3..6], ["Pitch: Helvetic Aero Services AG", "Pitch: Soliani Emc", "Pitch: Aviometal"]);
    assert_eq!(alternating["items"][3]["duration_minutes"], 5);

    let regs = app.get(&format!("/api/v1/events/{event}/registrations")).token(&w.roland.token).send().await.expect(200).json();
    let mut ids: Vec<String> = regs["items"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect();
    ids.reverse();
    let given = app.post(&url).token(&w.roland.token).json(json!({"order": "as_given", "registration_ids": ids, "break_every": 2, "break_minutes": 20})).send().await.expect(200).json();
    assert_eq!(kinds(&given), ["welcome", "introduction", "introduction", "pitch", "pitch", "break", "pitch", "networking"]);
    assert_eq!(titles(&given)[3], "Pitch: Aviometal");
    let p = app.post(&url).token(&w.roland.token).json(json!({"order": "as_given", "registration_ids": [ids[0]]})).send().await.problem(422);
    assert_eq!(Resp::error_fields(&p), vec!["registration_ids"]);

    // Only the host's managers.
    app.post(&url).token(&w.paola.token).json(json!({})).send().await.problem(403);
    // Everyone who sees the event sees the agenda.
    let seen = app.get(&format!("/api/v1/events/{event}/agenda")).token(&w.nobody.token).send().await.expect(200).json();
    assert_eq!(seen["items"].as_array().unwrap().len(), 8);
});

db_test!(async fn items_move_resize_and_go_and_times_follow(app) {
    let w = app.world().await;
    let event = registered_day(&app, &w).await;
    let base = format!("/api/v1/events/{event}/agenda");
    let a = app.post(&format!("{base}/generate")).token(&w.roland.token).json(json!({})).send().await.expect(200).json();
    let last_pitch = a["items"][5]["id"].as_str().unwrap().to_owned();

    // Move the last pitch first among the pitches, resize it to 6 minutes.
    let moved = app.patch(&format!("{base}/items/{last_pitch}")).token(&w.roland.token)
        .json(json!({"position": 3, "duration_minutes": 6})).send().await.expect(200).json();
    assert_eq!(moved["items"][3]["id"], last_pitch.as_str());
    assert_eq!(moved["items"][3]["starts_at"], "2030-05-14T07:40:00Z");
    assert_eq!(moved["items"][4]["starts_at"], "2030-05-14T07:46:00Z", "the next starts when the resized one ends");

    // Insert a coffee break after it; with If-Match against the agenda's ETag.
    let etag = app.get(&base).token(&w.roland.token).send().await.expect(200).header("etag").unwrap();
    let resp = app.post(&format!("{base}/items")).token(&w.roland.token).header("if-match", &etag)
        .json(json!({"kind": "break", "title": "Coffee", "duration_minutes": 20, "position": 4})).send().await.expect(201);
    let with_break = resp.json();
    assert_eq!(with_break["items"][4]["title"], "Coffee");
    assert_eq!(with_break["items"][5]["starts_at"], "2030-05-14T08:06:00Z");
    let item_url = resp.header("location").unwrap();
    app.get(&item_url).token(&w.roland.token).send().await.expect(200);
    // The old ETag is stale now.
    app.post(&format!("{base}/items")).token(&w.roland.token).header("if-match", &etag)
        .json(json!({"kind": "break", "title": "Lunch", "duration_minutes": 60})).send().await.problem(412);
    app.post(&format!("{base}/items")).token(&w.roland.token)
        .json(json!({"kind": "pitch", "title": "Sneaky", "duration_minutes": 3})).send().await.problem(422);

    app.delete(&item_url).token(&w.roland.token).send().await.expect(204);
    let after = app.get(&base).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(after["items"][4]["starts_at"], "2030-05-14T07:46:00Z", "the break's time is given back");
    assert_eq!(after["items"][5]["starts_at"], "2030-05-14T07:49:00Z");
    let positions: Vec<i64> = after["items"].as_array().unwrap().iter().map(|i| i["position"].as_i64().unwrap()).collect();
    assert_eq!(positions, (0..positions.len() as i64).collect::<Vec<_>>());
    app.delete(&item_url).token(&w.roland.token).send().await.problem(404);
    app.patch(&format!("{base}/items/{}", Uuid::new_v4())).token(&w.roland.token).json(json!({"position": 1})).send().await.problem(404);
});

db_test!(async fn agenda_times_cross_a_daylight_saving_change(app) {
    let w = app.world().await;
    // A night session across the end of summer time in Zurich (2030-10-27, 03:00 → 02:00).
    let mut body = event_body(&w);
    body["starts_at"] = json!("2030-10-27T01:50:00+02:00");
    body["ends_at"] = json!("2030-10-27T12:00:00+01:00");
    body["registration_deadline"] = Value::Null;
    let e = create_event(&app, &w, body).await;
    let id = e["id"].as_str().unwrap();
    let a = app.post(&format!("/api/v1/events/{id}/agenda/generate")).token(&w.roland.token)
        .json(json!({"welcome_minutes": 30, "introduction_minutes": 60, "networking_minutes": 0})).send().await.expect(200).json();
    let items = a["items"].as_array().unwrap();
    assert_eq!(items[0]["starts_at_local"], "2030-10-27T01:50:00+02:00");
    assert_eq!(items[1]["starts_at_local"], "2030-10-27T02:20:00+02:00");
    // 60 minutes later the wall clock reads 02:20 again, now in winter time.
    assert_eq!(items[1]["ends_at_local"], "2030-10-27T02:20:00+01:00");
    assert_eq!(items[2]["ends_at_local"], "2030-10-27T03:20:00+01:00");
    assert_eq!(a["ends_at"], "2030-10-27T02:20:00Z", "2.5 hours after 23:50Z, whatever the clocks say");
});

db_test!(async fn the_agenda_is_also_icalendar(app) {
    let w = app.world().await;
    let event = registered_day(&app, &w).await;
    app.post(&format!("/api/v1/events/{event}/agenda/generate")).token(&w.roland.token).json(json!({})).send().await.expect(200);
    let resp = app.get(&format!("/api/v1/events/{event}/agenda")).token(&w.ivano.token).header("accept", "text/calendar").send().await.expect(200);
    assert!(resp.header("content-type").unwrap().starts_with("text/calendar"));
    let ics = resp.text();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 7);
    assert!(ics.contains("DTSTART;TZID=Europe/Zurich:20300514T094000"), "{ics}");
    let by_param = app.get(&format!("/api/v1/events/{event}/agenda?format=ics")).token(&w.ivano.token).send().await.expect(200);
    assert_eq!(by_param.text().matches("BEGIN:VEVENT").count(), 7);
    app.get(&format!("/api/v1/events/{event}/agenda")).token(&w.ivano.token).header("accept", "text/csv").send().await.problem(406);
    app.get(&format!("/api/v1/events/{event}/agenda?format=csv")).token(&w.ivano.token).send().await.problem(400);

    let Some(python) = crate::common::python() else { return };
    let out = crate::common::run_python(&python, r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
events = [c for c in cal.walk() if c.name == "VEVENT"]
for e in events:
    print(e.decoded("dtstart").isoformat(), "|", str(e.get("summary")))
"#, ics.as_bytes());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 7, "{out}");
    assert!(lines[3].starts_with("2030-05-14T09:40:00+02:00 | Pitch: Helvetic Aero Services AG"), "{out}");
});

db_test!(async fn the_agenda_describes_the_whole_day_with_lunch_gaps_and_the_b2b_block(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    let url = format!("/api/v1/events/{event}/agenda/items");
    let session = app.post(&format!("/api/v1/events/{event}/meeting-sessions")).token(&w.roland.token)
        .json(json!({"starts_at": "2030-05-14T12:00:00Z", "ends_at": "2030-05-14T13:40:00Z", "slot_minutes": 20}))
        .send().await.expect(201).json()["id"].as_str().unwrap().to_owned();
    let add = |body: Value| {
        let (app, url, token) = (&app, url.clone(), w.roland.token.clone());
        async move { app.post(&url).token(&token).json(body).send().await }
    };
    add(json!({"kind": "welcome", "title": "Welcome", "duration_minutes": 30})).await.expect(201);
    add(json!({"kind": "lunch", "title": "Lunch at the Stans venue", "duration_minutes": 60, "gap_before_minutes": 15})).await.expect(201);
    // Only a B2B block is linked to a session, and only to one of this event's.
    let p = add(json!({"kind": "lunch", "title": "x", "duration_minutes": 5, "meeting_session_id": session})).await.problem(422);
    assert_eq!(p["errors"][0]["field"], "meeting_session_id");
    let p = add(json!({"kind": "meetings", "title": "x", "duration_minutes": 5, "meeting_session_id": Uuid::now_v7()})).await.problem(422);
    assert_eq!(p["errors"][0]["field"], "meeting_session_id");
    add(json!({"kind": "meetings", "title": "B2B meetings", "duration_minutes": 1, "meeting_session_id": session})).await.expect(201);
    let agenda = add(json!({"kind": "networking", "title": "Aperitivo", "duration_minutes": 20, "gap_before_minutes": 10})).await.expect(201).json();

    assert_eq!(kinds(&agenda), ["welcome", "lunch", "meetings", "networking"]);
    let times: Vec<(String, String)> = agenda["items"].as_array().unwrap().iter()
        .map(|i| (i["starts_at"].as_str().unwrap().to_owned(), i["ends_at"].as_str().unwrap().to_owned())).collect();
    assert_eq!(times, [
        ("2030-05-14T07:00:00Z".to_owned(), "2030-05-14T07:30:00Z".to_owned()),
        ("2030-05-14T07:45:00Z".to_owned(), "2030-05-14T08:45:00Z".to_owned()),
        // The B2B block takes its session's times; what follows starts after it.
        ("2030-05-14T12:00:00Z".to_owned(), "2030-05-14T13:40:00Z".to_owned()),
        ("2030-05-14T13:50:00Z".to_owned(), "2030-05-14T14:10:00Z".to_owned()),
    ]);
    assert_eq!(agenda["items"][2]["meeting_session_id"], json!(session));
    assert_eq!(agenda["items"][2]["duration_minutes"], 100);
    assert_eq!(agenda["items"][3]["gap_before_minutes"], 10);
    assert_eq!(agenda["ends_at"], "2030-05-14T14:10:00Z");

    // A gap changes; the rest follows.
    let lunch = agenda["items"][1]["id"].as_str().unwrap().to_owned();
    let changed = app.patch(&format!("{url}/{lunch}")).token(&w.roland.token).json(json!({"gap_before_minutes": 0}))
        .send().await.expect(200).json();
    assert_eq!(changed["items"][1]["starts_at"], "2030-05-14T07:30:00Z");
    assert_eq!(changed["items"][2]["starts_at"], "2030-05-14T12:00:00Z", "the B2B block stays with its session");

    // The B2B block is in the calendar file, at its session's times.
    let ics = app.get(&format!("/api/v1/events/{event}/agenda?format=ics")).token(&w.buffetto.token).send().await.expect(200).text();
    if let Some(python) = crate::common::python() {
        let out = crate::common::run_python(&python, "import sys, icalendar\ncal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())\nfor e in cal.walk('VEVENT'):\n    print(str(e.get('summary')).split(' — ')[0], e.decoded('dtstart').isoformat(), e.decoded('dtend').isoformat())", ics.as_bytes());
        assert_eq!(out.lines().nth(2).unwrap(), "B2B meetings 2030-05-14T14:00:00+02:00 2030-05-14T15:40:00+02:00", "{out}");
        assert_eq!(out.lines().count(), 4, "{out}");
    } else {
        assert!(ics.contains("B2B meetings"));
    }
});
