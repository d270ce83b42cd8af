//! Per-person schedules: a meeting request names which attendees of each company take part
//! (default: all of them); each person's schedule holds only the meetings they attend, in
//! their own time zone, as JSON and iCalendar (read back with a real parser); "my schedule"
//! for a signed-in user who is an attendee; the schedule mail with the person's own `.ics`;
//! who may name attendees, and who sees their ids (the contact rule).

use serde_json::{Value, json};

use crate::common::smtp::SmtpSink;
use crate::common::{TestApp, World};
use crate::db_test;
use crate::matchmaking::{Day, ask, day, path, three_slots};

const MARCO: &str = "Marco.Frei@Helvetic.example";
const MARCO_PASSWORD: &str = "tables at the Stans hall";
const NEW_PASSWORD: &str = "more tables at the Stans hall";

async fn login(app: &TestApp, password: &str) -> String {
    app.post("/api/v1/auth/login")
        .json(json!({"email": MARCO, "password": password}))
        .send()
        .await
        .expect(200)
        .json()["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Helvetic brings Marco Frei too (he did not consent to sharing his details) and he has
/// an account of his own, reading times in New York's zone. Returns his contact id and token.
async fn marco(app: &TestApp, w: &World, d: &Day) -> (String, String) {
    let contact = app
        .post(&format!("/api/v1/members/{}/contacts", w.helvetic))
        .token(&w.anna.token)
        .json(json!({"name": "Marco Frei", "role": "Engineering", "email": MARCO, "languages": ["de"], "share_consent": false}))
        .send()
        .await
        .expect(201)
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.patch(&path(d, &format!("registrations/{}", d.helvetic)))
        .token(&w.anna.token)
        .json(json!({"attendee_contact_ids": [w.keller_contact.to_string(), contact]}))
        .send()
        .await
        .expect(200);
    app.post("/api/v1/users")
        .token(&w.admin.token)
        .json(json!({"email": MARCO.to_lowercase(), "password": MARCO_PASSWORD, "display_name": "Marco Frei"}))
        .send()
        .await
        .expect(201);
    // Made by an admin, his address is not yet shown to be his: he is nobody's attendee.
    let first = login(app, MARCO_PASSWORD).await;
    let mine = app
        .get("/api/v1/me/schedule")
        .token(&first)
        .send()
        .await
        .expect(200)
        .json();
    assert_eq!(
        (mine["email_verified"].clone(), mine["meetings"].clone()),
        (json!(false), json!([]))
    );
    // A password reset through the link mailed to him confirms it.
    app.post("/api/v1/auth/password-reset")
        .json(json!({"email": MARCO}))
        .send()
        .await
        .expect(202);
    let reset =
        crate::invitations::mailed_token_of(app, w, "password_reset", &MARCO.to_lowercase()).await;
    app.post("/api/v1/auth/password-reset/confirm")
        .json(json!({"token": reset, "password": NEW_PASSWORD}))
        .send()
        .await
        .expect(204);
    let token = login(app, NEW_PASSWORD).await;
    let mine = app
        .get("/api/v1/me/schedule")
        .token(&token)
        .send()
        .await
        .expect(200)
        .json();
    assert_eq!(mine["email_verified"], json!(true));
    app.patch("/api/v1/me")
        .token(&token)
        .json(json!({"time_zone": "America/New_York"}))
        .send()
        .await
        .expect(200);
    (contact, token)
}

/// Aviometal and Soliani each ask Helvetic; Anna accepts both. Returns the two request ids.
async fn two_meetings(app: &TestApp, w: &World, d: &Day) -> (String, String) {
    let mut ids = Vec::new();
    for (token, from) in [
        (&w.buffetto.token, &d.aviometal),
        (&w.ivano.token, &d.soliani),
    ] {
        let r = ask(app, token, d, from, &d.helvetic)
            .await
            .expect(201)
            .json();
        let id = r["id"].as_str().unwrap().to_owned();
        app.post(&path(d, &format!("meeting-requests/{id}/accept")))
            .token(&w.anna.token)
            .send()
            .await
            .expect(200);
        ids.push(id);
    }
    (ids[0].clone(), ids[1].clone())
}

async fn name(
    app: &TestApp,
    token: &str,
    d: &Day,
    request: &str,
    side: &str,
    who: &[&str],
) -> crate::common::Resp {
    app.put(&path(d, &format!("meeting-requests/{request}/attendees")))
        .token(token)
        .json(json!({"registration_id": side, "contact_ids": who}))
        .send()
        .await
}

async fn publish(app: &TestApp, w: &World, d: &Day) {
    let run = app
        .post(&path(d, "schedule-runs"))
        .token(&w.roland.token)
        .send()
        .await
        .expect(201)
        .json();
    let run = run["id"].as_str().unwrap();
    app.post(&path(d, &format!("schedule-runs/{run}/publish")))
        .token(&w.roland.token)
        .send()
        .await
        .expect(200);
}

fn with_names(schedule: &Value) -> Vec<String> {
    schedule["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["with_legal_name"].as_str().unwrap().to_owned())
        .collect()
}

db_test!(async fn each_person_sees_only_the_meetings_they_attend_in_their_own_zone(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    three_slots(&app, &w, &d, 4).await;
    let (marco, marco_token) = marco(&app, &w, &d).await;
    let keller = w.keller_contact.to_string();
    let (with_aviometal, with_soliani) = two_meetings(&app, &w, &d).await;
    // Nobody named yet: every attendee of each side takes part.
    let r = app.get(&path(&d, &format!("meeting-requests/{with_aviometal}"))).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!((r["requester_attendee_ids"].clone(), r["recipient_attendee_ids"].clone()), (Value::Null, Value::Null));
    // Helvetic sends Anna Keller to Aviometal, Marco to Soliani.
    let r = name(&app, &w.anna.token, &d, &with_aviometal, &d.helvetic, &[&keller]).await.expect(200).json();
    assert_eq!(r["recipient_attendee_ids"], json!([keller]));
    assert_eq!(r["requester_attendee_ids"], Value::Null);
    let r = name(&app, &w.anna.token, &d, &with_soliani, &d.helvetic, &[&marco]).await.expect(200).json();
    assert_eq!(r["recipient_attendee_ids"], json!([marco]));
    // The contact rule: Soliani's editor sees that someone is named, not who (Marco did not
    // consent); the host's manager sees him.
    let seen = app.get(&path(&d, &format!("meeting-requests/{with_soliani}"))).token(&w.ivano.token).send().await.expect(200).json();
    assert_eq!(seen["recipient_attendee_ids"], json!([]));
    let seen = app.get(&path(&d, &format!("meeting-requests/{with_soliani}"))).token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(seen["recipient_attendee_ids"], json!([marco]));
    publish(&app, &w, &d).await;

    let schedule = |who: &str| path(&d, &format!("registrations/{}/schedule?attendee={who}", d.helvetic));
    // The company's schedule holds both, in the event's zone.
    let company = app.get(&path(&d, &format!("registrations/{}/schedule", d.helvetic))).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(company["meetings"].as_array().unwrap().len(), 2);
    assert_eq!((company["attendee_contact_id"].clone(), company["time_zone"].clone()), (Value::Null, json!("Europe/Zurich")));
    // Anna's holds Aviometal only, in her zone (she set none: the default, Zurich).
    let anna = app.get(&schedule(&keller)).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(with_names(&anna), ["Aviometal"]);
    assert_eq!(anna["attendee_contact_id"], json!(keller));
    // Marco's holds Soliani only, in New York time: the same instant, another offset.
    let m = app.get(&schedule(&marco)).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(with_names(&m), ["Soliani Emc"]);
    assert_eq!(m["time_zone"], "America/New_York");
    let meeting = &m["meetings"][0];
    let utc = chrono::DateTime::parse_from_rfc3339(meeting["starts_at"].as_str().unwrap()).unwrap();
    let local = chrono::DateTime::parse_from_rfc3339(meeting["local_starts_at"].as_str().unwrap()).unwrap();
    assert_eq!(utc, local);
    assert!(meeting["local_starts_at"].as_str().unwrap().ends_with("-04:00"), "{meeting}");
    // Aviometal's side named nobody: Buffetto goes to its meeting.
    let buffetto = app.get(&path(&d, &format!("registrations/{}/schedule?attendee={}", d.aviometal, w.buffetto_contact))).token(&w.buffetto.token).send().await.expect(200).json();
    assert_eq!(with_names(&buffetto), ["Helvetic Aero Services AG"]);

    // Marco's own schedule, signed in as himself, as JSON and as iCalendar.
    let mine = app.get("/api/v1/me/schedule").token(&marco_token).send().await.expect(200).json();
    assert_eq!(mine["time_zone"], "America/New_York");
    assert_eq!(with_names(&mine), ["Soliani Emc"]);
    assert_eq!(mine["meetings"][0]["event_id"], json!(d.event.to_string()));
    assert_eq!(mine["meetings"][0]["contact_id"], json!(marco));
    assert_eq!(mine["meetings"][0]["starts_at"], meeting["starts_at"]);
    // Anna is an attendee too (her contact has her address): her one meeting.
    let hers = app.get(&format!("/api/v1/me/schedule?event_id={}", d.event)).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(with_names(&hers), ["Aviometal"]);
    // Roland attends nothing.
    let none = app.get("/api/v1/me/schedule").token(&w.roland.token).send().await.expect(200).json();
    assert_eq!(none["meetings"], json!([]));

    // Named again as "everyone": Marco attends both.
    let r = name(&app, &w.anna.token, &d, &with_aviometal, &d.helvetic, &[]).await.expect(200).json();
    assert_eq!(r["recipient_attendee_ids"], Value::Null);
    let m = app.get(&schedule(&marco)).token(&w.anna.token).send().await.expect(200).json();
    assert_eq!(with_names(&m).len(), 2);
    // Leaving the registration's attendees drops him from the meetings he was named for;
    // the request changes with it (a new version for readers holding the old one).
    let before = app.get(&path(&d, &format!("meeting-requests/{with_soliani}"))).token(&w.anna.token).send().await.expect(200).header("etag");
    app.patch(&path(&d, &format!("registrations/{}", d.helvetic))).token(&w.anna.token)
        .json(json!({"attendee_contact_ids": [keller]})).send().await.expect(200);
    let after = app.get(&path(&d, &format!("meeting-requests/{with_soliani}"))).token(&w.anna.token).send().await.expect(200);
    assert_ne!(after.header("etag"), before);
    let r = after.json();
    assert_eq!(r["recipient_attendee_ids"], Value::Null);
    app.get(&schedule(&marco)).token(&w.anna.token).send().await.problem(422);
    let mine = app.get("/api/v1/me/schedule").token(&marco_token).send().await.expect(200).json();
    assert_eq!(mine["meetings"], json!([]));
});

db_test!(async fn a_persons_calendar_carries_their_zone_and_parses(app) {
    let Some(python) = crate::common::python() else { return };
    let w = app.world().await;
    let d = day(&app, &w).await;
    three_slots(&app, &w, &d, 4).await;
    let (marco, marco_token) = marco(&app, &w, &d).await;
    let (with_aviometal, with_soliani) = two_meetings(&app, &w, &d).await;
    name(&app, &w.anna.token, &d, &with_aviometal, &d.helvetic, &[&w.keller_contact.to_string()]).await.expect(200);
    name(&app, &w.anna.token, &d, &with_soliani, &d.helvetic, &[&marco]).await.expect(200);
    publish(&app, &w, &d).await;
    let json = app.get(&path(&d, &format!("registrations/{}/schedule?attendee={marco}", d.helvetic))).token(&w.anna.token).send().await.expect(200).json();
    let check = "
import sys, icalendar, datetime
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
zones = [z.get('tzid') for z in cal.walk('VTIMEZONE')]
for e in cal.walk('VEVENT'):
    start = e.get('dtstart').dt
    assert start.tzinfo is not None, start
    print(e.get('dtstart').params.get('TZID'), start.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'), str(e.get('summary')), ','.join(zones))
";
    for (url, token) in [
        (path(&d, &format!("registrations/{}/schedule?attendee={marco}&format=ics", d.helvetic)), &w.anna.token),
        ("/api/v1/me/schedule?format=ics".to_owned(), &marco_token),
    ] {
        let resp = app.get(&url).token(token).send().await.expect(200);
        assert!(resp.header("content-type").unwrap().starts_with("text/calendar"));
        let out = crate::common::run_python(&python, check, resp.text().as_bytes());
        assert_eq!(
            out.trim(),
            format!("America/New_York {} B2B meeting: Soliani Emc (table {}) America/New_York", json["meetings"][0]["starts_at"].as_str().unwrap(), json["meetings"][0]["table"]),
            "{url}"
        );
    }
    // A person's own calendar speaks their language (the account's), the company's file
    // stays as it was.
    app.patch("/api/v1/me").token(&marco_token).json(json!({"language": "it"})).send().await.expect(200);
    let mine = app.get("/api/v1/me/schedule?format=ics").token(&marco_token).send().await.expect(200).text();
    let out = crate::common::run_python(&python, check, mine.as_bytes());
    assert_eq!(
        out.trim(),
        format!("America/New_York {} Incontro B2B: Soliani Emc (tavolo {}) America/New_York", json["meetings"][0]["starts_at"].as_str().unwrap(), json["meetings"][0]["table"]),
    );
    assert!(mine.contains("X-WR-CALNAME:I miei incontri B2B\r\n"), "{mine}");
    assert!(mine.contains("Turno "), "{mine}");
});

db_test!(async fn who_may_name_attendees(app) {
    let w = app.world().await;
    let d = day(&app, &w).await;
    let (marco, _) = marco(&app, &w, &d).await;
    let (with_aviometal, _) = two_meetings(&app, &w, &d).await;
    // Aviometal's editor names Aviometal's side, not Helvetic's.
    name(&app, &w.buffetto.token, &d, &with_aviometal, &d.aviometal, &[&w.buffetto_contact.to_string()]).await.expect(200);
    name(&app, &w.buffetto.token, &d, &with_aviometal, &d.helvetic, &[&marco]).await.problem(403);
    // Soliani is not part of this meeting: it does not even exist for its editor.
    name(&app, &w.ivano.token, &d, &with_aviometal, &d.soliani, &[]).await.problem(404);
    // The host may name either side.
    name(&app, &w.roland.token, &d, &with_aviometal, &d.helvetic, &[&marco]).await.expect(200);
    // Someone who does not attend with that company, twice the same person, a registration
    // that is not a side: field-level 422s.
    let p = name(&app, &w.anna.token, &d, &with_aviometal, &d.helvetic, &[&w.soliani_contact.to_string()]).await.problem(422);
    assert_eq!(p["errors"][0]["field"], "contact_ids[0]", "{p}");
    let p = name(&app, &w.anna.token, &d, &with_aviometal, &d.helvetic, &[&marco, &marco]).await.problem(422);
    assert_eq!(p["errors"][0]["field"], "contact_ids[1]", "{p}");
    let p = name(&app, &w.roland.token, &d, &with_aviometal, &d.soliani, &[]).await.problem(422);
    assert_eq!(p["errors"][0]["field"], "registration_id", "{p}");
    // Naming at request time: only the requester's own attendees.
    let p = app.post(&path(&d, "meeting-requests")).token(&w.ivano.token)
        .json(json!({"requester_registration_id": d.soliani, "recipient_registration_id": d.aviometal, "requester_attendee_ids": [marco]}))
        .send().await.problem(422);
    assert_eq!(p["errors"][0]["field"], "requester_attendee_ids[0]", "{p}");
    let r = app.post(&path(&d, "meeting-requests")).token(&w.ivano.token)
        .json(json!({"requester_registration_id": d.soliani, "recipient_registration_id": d.aviometal, "requester_attendee_ids": [w.soliani_contact]}))
        .send().await.expect(201).json();
    assert_eq!(r["requester_attendee_ids"], json!([w.soliani_contact.to_string()]));
    // Declined: nothing to name any more.
    let id = r["id"].as_str().unwrap();
    app.post(&path(&d, &format!("meeting-requests/{id}/decline"))).token(&w.buffetto.token).send().await.expect(200);
    name(&app, &w.ivano.token, &d, id, &d.soliani, &[]).await.problem(409);
    // The schedule of a person is for their company and the organisers.
    app.get(&path(&d, &format!("registrations/{}/schedule?attendee={marco}", d.helvetic))).token(&w.buffetto.token).send().await.problem(404);
    // An organiser of the guest cluster may not see Marco (no consent): asked for his
    // schedule, the answer is the one for someone who does not attend; Anna Keller's is read
    // (no schedule published yet: 409).
    let p = app.get(&path(&d, &format!("registrations/{}/schedule?attendee={marco}", d.helvetic))).token(&w.paola.token).send().await.problem(422);
    assert_eq!(p["errors"][0]["field"], "attendee", "{p}");
    app.get(&path(&d, &format!("registrations/{}/schedule?attendee={}", d.helvetic, w.keller_contact))).token(&w.paola.token).send().await.problem(409);
});

db_test!(async fn an_attendee_with_an_account_is_mailed_their_own_schedule(app) {
    let Some(sink) = SmtpSink::start() else { return };
    let w = app.world().await;
    let d = day(&app, &w).await;
    three_slots(&app, &w, &d, 4).await;
    let (marco, _) = marco(&app, &w, &d).await;
    let (with_aviometal, with_soliani) = two_meetings(&app, &w, &d).await;
    name(&app, &w.anna.token, &d, &with_aviometal, &d.helvetic, &[&w.keller_contact.to_string()]).await.expect(200);
    name(&app, &w.anna.token, &d, &with_soliani, &d.helvetic, &[&marco]).await.expect(200);
    publish(&app, &w, &d).await;
    crate::mail::mailer(&app, &sink).send_due().await.unwrap();
    let schedules = |to: &str| -> Vec<crate::common::smtp::Parsed> {
        sink.to(to).iter().map(|m| m.parse()).filter(|p| p.subject.starts_with("Your meeting schedule")).collect()
    };
    let mails = schedules(&MARCO.to_lowercase());
    assert_eq!(mails.len(), 1, "one schedule mail for Marco");
    let mail = &mails[0];
    assert!(mail.text.contains("You have 1 meeting, on 14 May 2030, "), "{}", mail.text);
    assert!(mail.text.contains("(EDT)"), "New York time: {}", mail.text);
    assert_eq!(mail.attachments.len(), 1);
    let (file, _, ics) = &mail.attachments[0];
    assert_eq!(file, "my-meetings.ics");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 1, "{ics}");
    assert!(ics.contains("Soliani Emc") && ics.contains("TZID=America/New_York"), "{ics}");
    // Anna, an editor, gets the company's schedule (both meetings), not a second mail.
    let anna = schedules("anna@helvetic.example");
    assert_eq!(anna.len(), 1);
    assert_eq!(anna[0].attachments[0].2.matches("BEGIN:VEVENT").count(), 2);
});
