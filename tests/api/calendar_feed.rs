//! The secret calendar feed (`/me/calendar-feed`, `/calendar/{token}.ics`): made, fetched
//! without a bearer token and read back by a real parser (Python icalendar), stable UIDs
//! across fetches and an agenda regeneration, 304, rotation and revocation (404), nobody
//! else's data; and time zones (TZID with VTIMEZONE) in the agenda's and a meeting's `.ics`.

use chrono::{Duration, TimeZone, Utc};
use serde_json::{Value, json};

use crate::common::{TestApp, World};
use crate::db_test;
use crate::events::{create_event, event_body, register};

/// One VEVENT as the parser read it.
#[derive(Debug, Clone, PartialEq)]
struct Parsed {
    uid: String,
    /// The zone of DTSTART (its TZID) as icalendar resolved it.
    zone: String,
    /// DTSTART as wall-clock time of that zone.
    local: String,
    /// DTSTART in UTC.
    utc: String,
    summary: String,
}

/// A calendar as the parser read it: its VTIMEZONE ids, its properties, its events.
type ParsedCalendar = (Vec<String>, Vec<(String, String)>, Vec<Parsed>);

/// The calendar read by Python icalendar.
fn parse(ics: &str) -> Option<ParsedCalendar> {
    let python = crate::common::python()?;
    let out = crate::common::run_python(
        &python,
        r#"import sys, datetime, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
for name in ("refresh-interval", "x-published-ttl", "x-wr-calname", "x-wr-timezone", "prodid"):
    if cal.get(name) is not None:
        value = cal.get(name)
        print("P\t" + name + "\t" + (value.to_ical().decode() if hasattr(value, "to_ical") else str(value)))
for tz in cal.walk("VTIMEZONE"):
    print("Z\t" + str(tz["tzid"]))
for e in cal.walk("VEVENT"):
    s = e.decoded("dtstart")
    print("\t".join(["E", str(e["uid"]), str(s.tzinfo), s.strftime("%Y-%m-%dT%H:%M"),
                     s.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ"), str(e["summary"])]))
"#,
        ics.as_bytes(),
    );
    let (mut zones, mut props, mut events) = (Vec::new(), Vec::new(), Vec::new());
    for line in out.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f[0] {
            "P" => props.push((f[1].to_owned(), f[2].to_owned())),
            "Z" => zones.push(f[1].to_owned()),
            "E" => events.push(Parsed {
                uid: f[1].into(),
                zone: f[2].into(),
                local: f[3].into(),
                utc: f[4].into(),
                summary: f[5].into(),
            }),
            _ => panic!("{line}"),
        }
    }
    Some((zones, props, events))
}

/// A published event of the Swiss cluster (Lombardy guest) three weeks from now, 09:00 in
/// Zurich: inside the feed's window.
pub(crate) async fn upcoming_event(app: &TestApp, w: &World, title: &str) -> String {
    let day = (Utc::now() + Duration::days(21)).date_naive();
    let at = |h: u32| {
        chrono_tz::Europe::Zurich
            .from_local_datetime(&day.and_hms_opt(h, 0, 0).unwrap())
            .unwrap()
            .to_rfc3339()
    };
    let mut body = event_body(w);
    body["title"] = json!(title);
    body["starts_at"] = json!(at(9));
    body["ends_at"] = json!(at(17));
    body["registration_deadline"] = Value::Null;
    let id = create_event(app, w, body).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post(&format!("/api/v1/events/{id}/publish"))
        .token(&w.roland.token)
        .send()
        .await
        .expect(200);
    id
}

/// An accepted partnership request from `from` to `to` (sent by `sender`, accepted by
/// `recipient`) with one meeting a week from now at 10:00 in `zone`; returns the meeting URL.
#[allow(clippy::too_many_arguments)]
async fn meeting(
    app: &TestApp,
    (sender, from): (&str, uuid::Uuid),
    (recipient, to): (&str, uuid::Uuid),
    subject: &str,
    zone: chrono_tz::Tz,
    participants: &[uuid::Uuid],
) -> String {
    let r = app
        .post("/api/v1/partnership-requests")
        .token(sender)
        .json(
            json!({"from_member_id": from, "to_member_id": to, "subject": subject,
            "message": "Let us meet", "kind": "supply", "areas": ["EMC"]}),
        )
        .send()
        .await
        .expect(201)
        .json();
    let id = r["id"].as_str().unwrap();
    app.post(&format!("/api/v1/partnership-requests/{id}/accept"))
        .token(recipient)
        .send()
        .await
        .expect(200);
    let day = (Utc::now() + Duration::days(7)).date_naive();
    let at = |h: u32| {
        zone.from_local_datetime(&day.and_hms_opt(h, 0, 0).unwrap())
            .unwrap()
            .to_rfc3339()
    };
    let m = app
        .post(&format!("/api/v1/partnership-requests/{id}/meetings"))
        .token(sender)
        .json(
            json!({"starts_at": at(10), "ends_at": at(11), "time_zone": zone.name(),
            "location": "Stans; hangar, gate 2", "participant_contact_ids": participants,
            "notes": "Test plan"}),
        )
        .send()
        .await
        .expect(201)
        .json();
    format!(
        "/api/v1/partnership-requests/{id}/meetings/{}",
        m["id"].as_str().unwrap()
    )
}

fn agenda_uids(agenda: &Value) -> Vec<String> {
    agenda["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| format!("{}@cluster2cluster", i["id"].as_str().unwrap()))
        .collect()
}

db_test!(async fn a_feed_is_fetched_without_a_token_and_shows_only_its_owners_calendar(app) {
    let w = app.world().await;
    // Ivano edits Soliani: registered for the first day, not for the second.
    let day = upcoming_event(&app, &w, "Cluster2Cluster Stans").await;
    let other_day = upcoming_event(&app, &w, "Helvetic-only day").await;
    let day_id: uuid::Uuid = day.parse().unwrap();
    register(&app, &w.ivano.token, day_id, w.soliani, &[w.soliani_contact]).await.expect(201);
    register(&app, &w.anna.token, other_day.parse().unwrap(), w.helvetic, &[w.keller_contact]).await.expect(201);
    let generate = format!("/api/v1/events/{day}/agenda/generate");
    let first = app.post(&generate).token(&w.roland.token).json(json!({})).send().await.expect(200).json();
    app.post(&format!("/api/v1/events/{other_day}/agenda/generate")).token(&w.roland.token).json(json!({})).send().await.expect(200);
    // A follow-up meeting of Soliani's, agreed in New York time, and one between two other
    // companies.
    meeting(&app, (&w.ivano.token, w.soliani), (&w.anna.token, w.helvetic), "EMC lab visit",
        chrono_tz::America::New_York, &[w.soliani_contact, w.keller_contact]).await;
    meeting(&app, (&w.buffetto.token, w.aviometal), (&w.anna.token, w.helvetic), "Aviometal private talk",
        chrono_tz::Europe::Zurich, &[w.buffetto_contact]).await;

    let made = app.post("/api/v1/me/calendar-feed").token(&w.ivano.token).send().await.expect(201);
    assert_eq!(made.header("cache-control").as_deref(), Some("no-store"));
    assert_eq!(made.header("location").as_deref(), Some("/api/v1/me/calendar-feed"));
    let made = made.json();
    let path = made["path"].as_str().unwrap().to_owned();
    let token = path.trim_start_matches("/api/v1/calendar/").trim_end_matches(".ics").to_owned();
    assert!(token.len() >= 40, "{path}");
    assert!(made["url"].as_str().unwrap().ends_with(&path));
    assert!(made["webcal_url"].as_str().unwrap().starts_with("webcal://"));
    let status = app.get("/api/v1/me/calendar-feed").token(&w.ivano.token).send().await.expect(200);
    assert!(!status.text().contains(&token), "the secret is shown once");
    assert_eq!(status.json()["active"], true);

    // No bearer token: the path is the proof.
    let one = app.get(&path).send().await.expect(200);
    assert!(one.header("content-type").unwrap().starts_with("text/calendar"));
    let body = one.text();
    let unfolded = body.replace("\r\n ", "");
    assert!(unfolded.contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"), "{body}");
    assert!(unfolded.contains("X-PUBLISHED-TTL:PT1H\r\n"));
    assert!(!unfolded.contains("Helvetic-only day"), "an event Ivano has nothing to do with");
    assert!(!unfolded.contains("Aviometal private talk"), "another company's meeting");
    assert!(!unfolded.contains("Chiara Rossi"));
    let two = app.get(&path).send().await.expect(200);
    assert_eq!(two.text(), body, "the same calendar, the same bytes");
    let etag = one.header("etag").unwrap();
    assert_eq!(two.header("etag").unwrap(), etag);
    app.get(&path).header("if-none-match", &etag).send().await.expect(304);

    if let Some((zones, props, events)) = parse(&body) {
        let prop = |n: &str| props.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        assert_eq!(prop("refresh-interval").as_deref(), Some("PT1H"), "{props:?}");
        assert_eq!(prop("x-wr-calname").as_deref(), Some("Cluster2Cluster"));
        assert!(zones.contains(&"Europe/Zurich".to_owned()), "{zones:?}");
        assert!(zones.contains(&"America/New_York".to_owned()), "{zones:?}");
        let uids: Vec<&str> = events.iter().map(|e| e.uid.as_str()).collect();
        for uid in agenda_uids(&first) {
            assert!(uids.contains(&uid.as_str()), "{uid} in {uids:?}");
        }
        // The day opens at 09:00 in Zurich, the meeting is at 10:00 in New York.
        let opening = events.iter().find(|e| e.uid == agenda_uids(&first)[0]).unwrap();
        assert_eq!(opening.zone, "Europe/Zurich");
        assert!(opening.local.ends_with("T09:00"), "{opening:?}");
        assert_eq!(opening.utc, first["starts_at"].as_str().unwrap()[..16].to_owned() + "Z");
        let lab = events.iter().find(|e| e.summary == "EMC lab visit").expect("the follow-up meeting");
        assert_eq!(lab.zone, "America/New_York");
        assert!(lab.local.ends_with("T10:00"), "{lab:?}");
        assert_eq!(events.len(), agenda_uids(&first).len() + 1, "{events:?}");
    }

    // Another company registers and the agenda is generated again: every entry keeps its UID.
    register(&app, &w.buffetto.token, day_id, w.aviometal, &[w.buffetto_contact]).await.expect(201);
    let second = app.post(&generate).token(&w.roland.token).json(json!({})).send().await.expect(200).json();
    let after = app.get(&path).header("if-none-match", &etag).send().await.expect(200).text();
    if let (Some((_, _, before)), Some((_, _, now))) = (parse(&body), parse(&after)) {
        let now: Vec<&str> = now.iter().map(|e| e.uid.as_str()).collect();
        for e in &before {
            assert!(now.contains(&e.uid.as_str()), "{} kept", e.uid);
        }
        assert_eq!(now.len(), agenda_uids(&second).len() + 1);
    }

    // A new address: the old one is gone, the new one works; revoked: gone too.
    let rotated = app.post("/api/v1/me/calendar-feed").token(&w.ivano.token).send().await.expect(201).json();
    let new_path = rotated["path"].as_str().unwrap().to_owned();
    assert_ne!(new_path, path);
    let gone = app.get(&path).send().await.problem(404);
    app.get(&new_path).send().await.expect(200);
    app.delete("/api/v1/me/calendar-feed").token(&w.ivano.token).send().await.expect(204);
    let revoked = app.get(&new_path).send().await.problem(404);
    assert_eq!(gone["detail"], revoked["detail"], "unknown and revoked look the same");
    app.get("/api/v1/calendar/made-up-token.ics").send().await.problem(404);
    let status = app.get("/api/v1/me/calendar-feed").token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(status["active"], false);
    app.delete("/api/v1/me/calendar-feed").token(&w.ivano.token).send().await.expect(204);
});

db_test!(async fn a_feed_covers_the_events_one_organises_and_attends(app) {
    let w = app.world().await;
    let day = upcoming_event(&app, &w, "Cluster2Cluster Stans").await;
    let agenda = app.post(&format!("/api/v1/events/{day}/agenda/generate")).token(&w.roland.token).json(json!({})).send().await.expect(200).json();
    // Roland hosts it; Nobody has no part in it.
    let feed = |token: String| {
        let app = &app;
        async move {
            let path = app.post("/api/v1/me/calendar-feed").token(&token).send().await.expect(201).json()["path"].as_str().unwrap().to_owned();
            app.get(&path).send().await.expect(200).text().replace("\r\n ", "")
        }
    };
    let host = feed(w.roland.token.clone()).await;
    for uid in agenda_uids(&agenda) {
        assert!(host.contains(&format!("UID:{uid}\r\n")), "{host}");
    }
    let nobody = feed(w.nobody.token.clone()).await;
    assert!(!nobody.contains("BEGIN:VEVENT"), "{nobody}");
});

db_test!(async fn a_feed_is_a_persons_not_an_api_keys(app) {
    let w = app.world().await;
    let key = app.post("/api/v1/api-keys").token(&w.paola.token)
        .json(json!({"name": "Portal", "cluster_id": w.lombardy, "scopes": ["members:read"]}))
        .send().await.expect(201).json();
    let secret = key["secret"].as_str().unwrap();
    app.post("/api/v1/me/calendar-feed").token(secret).send().await.problem(403);
    app.get("/api/v1/me/calendar-feed").token(secret).send().await.problem(403);
    app.delete("/api/v1/me/calendar-feed").token(secret).send().await.problem(403);
    app.post("/api/v1/me/calendar-feed").send().await.problem(401);
});

db_test!(async fn feed_fetches_are_limited_per_feed(app) {
    let w = app.world().await;
    let path = app.post("/api/v1/me/calendar-feed").token(&w.ivano.token).send().await.expect(201).json()["path"].as_str().unwrap().to_owned();
    let quota = cluster2cluster::domain::calendar_feed::FETCHES_PER_MINUTE;
    for _ in 0..quota {
        app.get(&path).send().await.expect(200);
    }
    let refused = app.get(&path).send().await;
    assert!(refused.header("retry-after").is_some());
    refused.problem(429);
    let other = app.post("/api/v1/me/calendar-feed").token(&w.anna.token).send().await.expect(201).json()["path"].as_str().unwrap().to_owned();
    app.get(&other).send().await.expect(200);
});

db_test!(async fn agenda_and_meeting_calendars_carry_their_time_zone(app) {
    let w = app.world().await;
    let day = upcoming_event(&app, &w, "Cluster2Cluster Stans").await;
    register(&app, &w.ivano.token, day.parse().unwrap(), w.soliani, &[w.soliani_contact]).await.expect(201);
    let agenda = app.post(&format!("/api/v1/events/{day}/agenda/generate")).token(&w.roland.token).json(json!({})).send().await.expect(200).json();
    let url = format!("/api/v1/events/{day}/agenda?format=ics");
    let before = app.get(&url).token(&w.ivano.token).send().await.expect(200).text();
    let unfolded = before.replace("\r\n ", "");
    assert!(unfolded.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Zurich\r\n"), "{before}");
    assert!(unfolded.contains("DTSTART;TZID=Europe/Zurich:"));
    if let Some((zones, _, events)) = parse(&before) {
        assert_eq!(zones, vec!["Europe/Zurich"]);
        let first = &events.iter().find(|e| e.uid == agenda_uids(&agenda)[0]).unwrap();
        assert_eq!(first.zone, "Europe/Zurich");
        assert!(first.local.ends_with("T09:00"), "{first:?}");
    }
    // Renaming an item is an agenda change: a new DTSTAMP although the event did not change.
    let stamp = |ics: &str| ics.lines().find(|l| l.starts_with("DTSTAMP:")).unwrap().to_owned();
    let item = agenda["items"][0]["id"].as_str().unwrap();
    actix_web::rt::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.patch(&format!("/api/v1/events/{day}/agenda/items/{item}")).token(&w.roland.token).json(json!({"title": "Welcome, coffee"})).send().await.expect(200);
    let after = app.get(&url).token(&w.ivano.token).send().await.expect(200).text();
    assert!(stamp(&after) > stamp(&before), "{} then {}", stamp(&before), stamp(&after));

    let meeting_url = meeting(&app, (&w.ivano.token, w.soliani), (&w.anna.token, w.helvetic), "EMC lab visit",
        chrono_tz::Asia::Tokyo, &[w.soliani_contact]).await;
    let ics_url = format!("{meeting_url}?format=ics");
    let resp = app.get(&ics_url).token(&w.anna.token).send().await.expect(200);
    let ics = resp.text();
    assert!(ics.replace("\r\n ", "").contains("DTSTART;TZID=Asia/Tokyo:"), "{ics}");
    let etag = resp.header("etag").unwrap();
    assert_eq!(app.get(&ics_url).token(&w.anna.token).send().await.expect(200).text(), ics);
    app.get(&ics_url).token(&w.anna.token).header("if-none-match", &etag).send().await.expect(304);
    if let Some((zones, _, events)) = parse(&ics) {
        assert_eq!(zones, vec!["Asia/Tokyo"]);
        assert_eq!(events[0].zone, "Asia/Tokyo");
        assert!(events[0].local.ends_with("T10:00"), "{:?}", events[0]);
        assert!(events[0].utc.ends_with("T01:00Z"), "{:?}", events[0]);
    }
});

db_test!(async fn concurrent_rotations_leave_exactly_one_working_address(app) {
    let w = app.world().await;
    // A double click, or two devices, making a new address at once: every request is
    // answered, and exactly one of the addresses handed out works afterwards.
    let attempts = (0..6).map(|_| app.post("/api/v1/me/calendar-feed").token(&w.ivano.token).send());
    let results = futures::future::join_all(attempts).await;
    let statuses: Vec<u16> = results.iter().map(|r| r.status.as_u16()).collect();
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let mut working = 0;
    for r in &results {
        let path = r.json()["path"].as_str().unwrap().to_owned();
        match app.get(&path).send().await.status.as_u16() {
            200 => working += 1,
            404 => {}
            other => panic!("{path}: {other}"),
        }
    }
    assert_eq!(working, 1, "one feed per person, the last one made");
    assert_eq!(app.get("/api/v1/me/calendar-feed").token(&w.ivano.token).send().await.expect(200).json()["active"], true);
});
