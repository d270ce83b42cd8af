//! Meetings that leave a trace: each side of a scheduled meeting records its outcome, a
//! rating and a private note once the meeting has begun; an online meeting carries a video
//! link into the schedules and their calendar files.

use serde_json::json;

use crate::common::TestApp;
use crate::db_test;
use crate::matchmaking::{ask, day, path, three_slots};

/// Moves the published schedule's meetings ten years back, as if the day were over.
pub(crate) async fn the_day_is_over(app: &TestApp) {
    app.db()
        .run(|conn| {
            use diesel::RunQueryDsl;
            diesel::sql_query(
                "UPDATE schedule_runs SET result = REPLACE(result, '2030-05-14', '2020-05-14')",
            )
            .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

db_test!(async fn each_side_records_how_a_meeting_went_and_reads_only_its_own_note(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    three_slots(&app, &w, &d, 2).await;
    let rid = ask(&app, &w.buffetto.token, &d, &d.aviometal, &d.soliani).await.expect(201).json()["id"].as_str().unwrap().to_owned();
    app.post(&path(&d, &format!("meeting-requests/{rid}/accept"))).token(&w.ivano.token).send().await.expect(200);
    let outcome = |registration: &str| path(&d, &format!("meeting-requests/{rid}/outcomes/{registration}"));
    let went_well = json!({"outcome": "cooperation_possible", "rating": 4, "note": "Send the EMC test plan by Friday"});

    // Not scheduled yet; then scheduled but not begun.
    let p = app.put(&outcome(&d.aviometal)).token(&w.buffetto.token).json(went_well.clone()).send().await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("no published schedule"), "{p}");
    let run = app.post(&path(&d, "schedule-runs")).token(&w.roland.token).send().await.expect(201).json();
    let run_id = run["id"].as_str().unwrap();
    app.post(&path(&d, &format!("schedule-runs/{run_id}/publish"))).token(&w.roland.token).send().await.expect(200);
    let p = app.put(&outcome(&d.aviometal)).token(&w.buffetto.token).json(went_well.clone()).send().await.problem(409);
    assert!(p["detail"].as_str().unwrap().contains("has not begun"), "{p}");
    the_day_is_over(&app).await;

    // Only a side's own people record for it; the host does not speak for a company.
    for token in [&w.ivano.token, &w.roland.token] {
        app.put(&outcome(&d.aviometal)).token(token).json(went_well.clone()).send().await.problem(403);
    }
    // Those who are no side of it do not even see the meeting.
    for token in [&w.nobody.token, &w.anna.token] {
        app.put(&outcome(&d.aviometal)).token(token).json(went_well.clone()).send().await.problem(404);
    }
    let p = app.put(&outcome(&d.helvetic)).token(&w.buffetto.token).json(went_well.clone()).send().await.problem(422);
    assert_eq!(p["errors"][0]["field"], "registration_id");
    for (body, field) in [
        (json!({"outcome": "did_not_take_place", "rating": 3}), "rating"),
        (json!({"outcome": "cooperation_possible", "rating": 6}), "rating"),
        (json!({"outcome": "great"}), "outcome"),
    ] {
        let p = app.put(&outcome(&d.aviometal)).token(&w.buffetto.token).json(body.clone()).send().await.problem(422);
        assert!(p.to_string().contains(field), "{body}: {p}");
    }

    let first = app.put(&outcome(&d.aviometal)).token(&w.buffetto.token).json(went_well.clone()).send().await.expect(201);
    let etag = first.header("etag").unwrap();
    let mine = first.json();
    assert_eq!((mine["outcome"].clone(), mine["rating"].clone(), mine["note"].clone()),
        (json!("cooperation_possible"), json!(4), json!("Send the EMC test plan by Friday")));
    // The same again changes nothing.
    let again = app.put(&outcome(&d.aviometal)).token(&w.buffetto.token).json(went_well.clone()).send().await.expect(200);
    assert_eq!(again.header("etag").unwrap(), etag);
    app.put(&outcome(&d.soliani)).token(&w.ivano.token)
        .json(json!({"outcome": "follow_up_planned", "rating": 5, "note": "Visit Stans in March"})).send().await.expect(201);

    let list = |token: String| {
        let url = path(&d, &format!("meeting-requests/{rid}/outcomes"));
        let app = &app;
        async move { app.get(&url).token(&token).send().await.expect(200).json()["items"].as_array().unwrap().clone() }
    };
    // Each side reads its own record with its note, not the other side's.
    let aviometal_view = list(w.buffetto.token.clone()).await;
    assert_eq!(aviometal_view.len(), 1);
    assert_eq!(aviometal_view[0]["note"], "Send the EMC test plan by Friday");
    let soliani_view = list(w.ivano.token.clone()).await;
    assert_eq!(soliani_view.len(), 1);
    assert_eq!(soliani_view[0]["outcome"], "follow_up_planned");
    assert_eq!(soliani_view[0]["note"], "Visit Stans in March");
    // The host reads both outcomes and ratings, never a note.
    let host_view = list(w.roland.token.clone()).await;
    assert_eq!(host_view.len(), 2);
    assert!(host_view.iter().all(|o| o.get("note").is_none()), "{host_view:?}");
    let mut ratings: Vec<i64> = host_view.iter().map(|o| o["rating"].as_i64().unwrap()).collect();
    ratings.sort();
    assert_eq!(ratings, [4, 5]);
    app.get(&path(&d, &format!("meeting-requests/{rid}/outcomes"))).token(&w.anna.token).send().await.problem(404);

    // Changed mind: it did not take place after all; the rating goes.
    let changed = app.put(&outcome(&d.aviometal)).token(&w.buffetto.token)
        .json(json!({"outcome": "did_not_take_place"})).send().await.expect(200).json();
    assert_eq!((changed["outcome"].clone(), changed["rating"].clone(), changed["note"].clone()),
        (json!("did_not_take_place"), json!(null), json!("")));
});

db_test!(async fn an_online_meeting_carries_its_video_link_into_the_schedules(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    three_slots(&app, &w, &d, 2).await;
    let rid = ask(&app, &w.buffetto.token, &d, &d.aviometal, &d.soliani).await.expect(201).json()["id"].as_str().unwrap().to_owned();
    let link = path(&d, &format!("meeting-requests/{rid}/video-link"));
    let url = "https://meet.example/c2c-stans-7?pwd=a,b;c";
    app.put(&link).token(&w.anna.token).json(json!({"url": url})).send().await.problem(404);
    app.put(&link).token(&w.nobody.token).json(json!({"url": url})).send().await.problem(404);
    for bad in ["javascript:alert(1)", "https://meet.example/a b", "meet.example/x"] {
        let p = app.put(&link).token(&w.ivano.token).json(json!({"url": bad})).send().await.problem(422);
        assert_eq!(p["errors"][0]["field"], "url", "{bad}");
    }
    let r = app.put(&link).token(&w.ivano.token).json(json!({"url": url})).send().await.expect(200);
    let etag = r.header("etag").unwrap();
    assert_eq!(r.json()["video_url"], url);
    let again = app.put(&link).token(&w.buffetto.token).json(json!({"url": url})).send().await.expect(200);
    assert_eq!(again.header("etag").unwrap(), etag, "the same link changes nothing");
    app.post(&path(&d, &format!("meeting-requests/{rid}/accept"))).token(&w.ivano.token).send().await.expect(200);
    let run = app.post(&path(&d, "schedule-runs")).token(&w.roland.token).send().await.expect(201).json();
    let run_id = run["id"].as_str().unwrap();
    app.post(&path(&d, &format!("schedule-runs/{run_id}/publish"))).token(&w.roland.token).send().await.expect(200);

    let schedule = app.get(&path(&d, &format!("registrations/{}/schedule", d.aviometal))).token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(schedule["meetings"][0]["video_url"], url);
    // In the calendar file the meeting is at its link, escaped (RFC 5545 §3.3.11).
    let ics = app.get(&path(&d, &format!("registrations/{}/schedule?format=ics", d.aviometal))).token(&w.buffetto.token).send().await.expect(200).text();
    let unfolded = ics.replace("\r\n ", "");
    assert!(unfolded.contains("LOCATION:https://meet.example/c2c-stans-7?pwd=a\\,b\\;c\r\n"), "{unfolded}");
    if let Some(python) = crate::common::python() {
        let out = crate::common::run_python(&python, "import sys, icalendar\ncal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())\nprint([str(e.get('location')) for e in cal.walk('VEVENT')])", ics.as_bytes());
        assert_eq!(out.trim(), format!("['{url}']"));
    }

    let gone = app.delete(&link).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(gone["video_url"], json!(null));
    let schedule = app.get(&path(&d, &format!("registrations/{}/schedule", d.aviometal))).token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(schedule["meetings"][0]["video_url"], json!(null));
});
