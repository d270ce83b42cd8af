//! Calendars people subscribe to: stable UIDs across agenda regeneration, DTSTAMP from the
//! last change (same bytes, same ETag, 304), slots counted from 1 in human texts.

use serde_json::json;

use crate::common::TestApp;
use crate::db_test;
use crate::events::{published_event, register};

/// The UIDs of an .ics file, read by a real parser (Python icalendar), sorted.
fn uids(ics: &str) -> Option<Vec<String>> {
    let python = crate::common::python()?;
    let out = crate::common::run_python(
        &python,
        "import sys, icalendar\ncal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())\nfor u in sorted(str(e.get('uid')) for e in cal.walk('VEVENT')): print(u)",
        ics.as_bytes(),
    );
    Some(out.lines().map(str::to_owned).collect())
}

async fn agenda_ics(app: &TestApp, token: &str, event: uuid::Uuid) -> String {
    app.get(&format!("/api/v1/events/{event}/agenda?format=ics"))
        .token(token)
        .send()
        .await
        .expect(200)
        .text()
}

db_test!(async fn regenerating_the_agenda_keeps_every_earlier_item_and_its_uid(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await.expect(201);
    register(&app, &w.anna.token, event, w.helvetic, &[w.keller_contact]).await.expect(201);
    let url = format!("/api/v1/events/{event}/agenda/generate");
    let body = json!({"order": "by_cluster", "break_every": 1, "break_minutes": 5});
    let first = app.post(&url).token(&w.roland.token).json(body.clone()).send().await.expect(200).json();
    let first_ids: Vec<String> = first["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()).collect();
    let before = agenda_ics(&app, &w.roland.token, event).await;

    let aviometal = register(&app, &w.buffetto.token, event, w.aviometal, &[w.buffetto_contact]).await.expect(201).json();
    let aviometal = aviometal["id"].as_str().unwrap().to_owned();
    let second = app.post(&url).token(&w.roland.token).json(body).send().await.expect(200).json();
    let items = second["items"].as_array().unwrap();
    assert_eq!(items.len(), first_ids.len() + 2, "one pitch and one break more");
    let new: Vec<&serde_json::Value> = items.iter().filter(|i| !first_ids.contains(&i["id"].as_str().unwrap().to_owned())).collect();
    assert_eq!(new.len(), 2, "{second}");
    assert_eq!(new[0]["kind"], "break", "the second break, after the second pitch");
    assert_eq!(new[1]["kind"], "pitch");
    assert_eq!(new[1]["registration_id"], aviometal.as_str());
    let second_ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    for id in &first_ids {
        assert!(second_ids.contains(&id.as_str()), "{id} kept");
    }

    let after = agenda_ics(&app, &w.roland.token, event).await;
    let Some(before) = uids(&before) else { return };
    let after = uids(&after).unwrap();
    assert_eq!(before.len(), first_ids.len());
    let mut expected_before: Vec<String> = first_ids.iter().map(|id| format!("{id}@cluster2cluster")).collect();
    expected_before.sort();
    assert_eq!(before, expected_before);
    let added: Vec<&String> = after.iter().filter(|u| !before.contains(u)).collect();
    let mut expected_added: Vec<String> = new.iter().map(|i| format!("{}@cluster2cluster", i["id"].as_str().unwrap())).collect();
    expected_added.sort();
    assert_eq!(added, expected_added.iter().collect::<Vec<_>>());
    assert!(before.iter().all(|u| after.contains(u)));
});

db_test!(async fn the_agenda_calendar_is_the_same_bytes_until_the_agenda_changes(app) {
    let w = app.world().await;
    let event = published_event(&app, &w).await;
    register(&app, &w.ivano.token, event, w.soliani, &[w.soliani_contact]).await.expect(201);
    let base = format!("/api/v1/events/{event}/agenda");
    let a = app.post(&format!("{base}/generate")).token(&w.roland.token).json(json!({})).send().await.expect(200).json();
    let url = format!("{base}?format=ics");
    let one = app.get(&url).token(&w.ivano.token).send().await.expect(200);
    let two = app.get(&url).token(&w.ivano.token).send().await.expect(200);
    assert_eq!(one.text(), two.text());
    let etag = one.header("etag").unwrap();
    assert_eq!(two.header("etag").unwrap(), etag);
    let not_modified = app.get(&url).token(&w.ivano.token).header("if-none-match", &etag).send().await.expect(304);
    assert_eq!(not_modified.header("etag").unwrap(), etag);
    assert_eq!(not_modified.text(), "");

    let first = a["items"][0]["id"].as_str().unwrap();
    app.patch(&format!("{base}/items/{first}")).token(&w.roland.token).json(json!({"duration_minutes": 25})).send().await.expect(200);
    let three = app.get(&url).token(&w.ivano.token).header("if-none-match", &etag).send().await.expect(200);
    assert_ne!(three.header("etag").unwrap(), etag);
    assert_ne!(three.text(), one.text());
});

db_test!(async fn the_schedule_calendar_is_stamped_by_its_publication_and_counts_slots_from_1(app) {
    use crate::matchmaking::{ask, day, path, three_slots};
    let w = app.world().await;
    let d = day(&app, &w).await;
    three_slots(&app, &w, &d, 4).await;
    let r = ask(&app, &w.buffetto.token, &d, &d.aviometal, &d.helvetic).await.expect(201).json();
    let id = r["id"].as_str().unwrap();
    app.post(&path(&d, &format!("meeting-requests/{id}/accept"))).token(&w.anna.token).send().await.expect(200);
    let run = app.post(&path(&d, "schedule-runs")).token(&w.roland.token).send().await.expect(201).json();
    let run = run["id"].as_str().unwrap();
    let published = app.post(&path(&d, &format!("schedule-runs/{run}/publish"))).token(&w.roland.token).send().await.expect(200).json();

    let url = path(&d, &format!("registrations/{}/schedule", d.helvetic));
    let json = app.get(&url).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(json["meetings"][0]["slot"], 0, "the JSON slot stays the 0-based index");
    let table = json["meetings"][0]["table"].as_i64().unwrap();

    let ics_url = format!("{url}?format=ics");
    let one = app.get(&ics_url).token(&w.anna.token).send().await.expect(200);
    let two = app.get(&ics_url).token(&w.anna.token).send().await.expect(200);
    assert_eq!(one.text(), two.text());
    let etag = one.header("etag").unwrap();
    assert_eq!(two.header("etag").unwrap(), etag);
    app.get(&ics_url).token(&w.anna.token).header("if-none-match", &etag).send().await.expect(304);

    let text = one.text().replace("\r\n ", "");
    assert!(text.contains(&format!("DESCRIPTION:Slot 1\\, table {table}\\, ")), "{text}");
    let stamp = chrono::DateTime::parse_from_rfc3339(published["published_at"].as_str().unwrap()).unwrap();
    assert!(text.contains(&format!("DTSTAMP:{}\r\n", stamp.with_timezone(&chrono::Utc).format("%Y%m%dT%H%M%SZ"))), "{text}");
});
